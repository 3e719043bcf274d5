"""Long sessions: 100 goals, 50 networks and 100 KB of notes open, save and report."""

from __future__ import annotations

import json
import statistics
import time
import tomllib
from pathlib import Path
from typing import Any

import pytest
from reliability_support import FULL_SESSION, run_main, run_process, toml_dumps
from support import write_session

from workshop.session.io import load_session, session_data
from workshop.session.store import SessionStore

GOALS = ["visibility", "acquisition", "loyalty", "customer_care", "insight", "brand_image",
         "recruitment", "expertise", "short_term_sales", "web_traffic", "seo",
         "match_competitors", "trend"]
CATALOGUE = ["facebook", "instagram", "linkedin", "x", "tiktok", "youtube", "pinterest", "blog"]


def long_session() -> dict[str, Any]:
    data = tomllib.loads(FULL_SESSION)
    stages = data["stages"]
    stages["objectives"]["answers"]["goals"] = [
        {"id": GOALS[n % len(GOALS)], "kpi": f"indicator {n}", "target": f"{n} by June",
         "owner": f"Person {n % 7}"} for n in range(100)]
    extra = [f"network_{n:02d}" for n in range(50 - len(CATALOGUE))]
    data["settings"] = {"networks": {
        network: {"name": {"fr": f"Réseau {network}", "en": f"Network {network}"},
                  "audiences": ["b2b", "b2c"], "formats": ["text"], "posts_per_week": 1,
                  "minutes_per_post": 20, "community_minutes_per_week": 10}
        for network in extra}}
    stages["networks"]["answers"]["candidates"] = [
        {"id": network, "audience_fit": n % 4, "selected": n % 9 == 0,
         "existing_account": ("none", "active", "dormant")[n % 3]}
        for n, network in enumerate(CATALOGUE + extra)]
    paragraph = ("Les participants ont longuement discuté de la fidélité des habitués, "
                 "du « bouche-à-oreille » et des avis en ligne — très animé ! ")
    for stage_id in ("objectives", "audience", "networks", "resources", "tone"):
        stages[stage_id]["notes"] = "\n".join(f"{n}. {paragraph}" for n in range(140))
    return data


@pytest.fixture(scope="module")
def long_file(tmp_path_factory) -> Path:
    return write_session(tmp_path_factory.mktemp("long"), toml_dumps(long_session()), "long.toml")


def test_the_long_session_is_that_long(long_file: Path) -> None:
    session = load_session(long_file)
    notes = sum(len(record.notes.encode()) for record in session.stages.values())
    assert notes >= 100_000
    assert len(session.stages["objectives"].answers["goals"]) == 100
    assert len(session.stages["networks"].answers["candidates"]) == 50


def test_it_opens_saves_and_reads_back(long_file: Path, tmp_path: Path) -> None:
    path = tmp_path / "copy.toml"
    path.write_bytes(long_file.read_bytes())
    with SessionStore.open(path) as store:
        store.session.stage("tone").notes += "\nOne more line."
        started = time.perf_counter()
        store.save()
        elapsed = time.perf_counter() - started
        expected = session_data(store.session)
    assert session_data(load_session(path)) == expected
    print(f"\nsave of a {path.stat().st_size // 1024} KB session: {elapsed * 1000:.1f} ms")


def test_it_validates_and_reports(long_file: Path) -> None:
    validate = run_main("validate", str(long_file))
    assert validate.code == 0, validate.err[-3000:]
    for fmt in ("text", "markdown"):
        result = run_main("report", str(long_file), "--format", fmt)
        assert result.code == 0, result.err[-3000:]
        assert "Boulangerie Martin" in result.out
    data = json.loads(run_main("report", str(long_file), "--format", "json").out)
    assert data["organisation"] == "Boulangerie Martin"


def test_it_reports_as_a_real_process(long_file: Path, tmp_path: Path) -> None:
    out = tmp_path / "report.md"
    result = run_process("report", str(long_file), "--format", "markdown", "-o", str(out))
    assert result.code == 0, result.err[-3000:]
    assert "Boulangerie Martin" in out.read_text(encoding="utf-8")


def test_save_time_of_a_usual_session(tmp_path: Path) -> None:
    """Measured, never asserted (the disk decides): printed for the record with ``-s``."""
    path = tmp_path / "usual.toml"
    path.write_text(FULL_SESSION, encoding="utf-8")
    times = []
    with SessionStore.open(path) as store:
        for number in range(30):
            store.session.stage("objectives").notes = f"typing {number}"
            started = time.perf_counter()
            store.save()
            times.append(time.perf_counter() - started)
    print(f"\nsave of a usual session ({path.stat().st_size} bytes): median "
          f"{statistics.median(times) * 1000:.1f} ms, max {max(times) * 1000:.1f} ms")
