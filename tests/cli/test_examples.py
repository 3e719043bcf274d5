"""Every example session, through the command line as a user runs it."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from workshop.i18n import t

ROOT = Path(__file__).resolve().parents[2]
EXPECTED = {
    "demo-boulangerie-martin.toml": "go_with_conditions",
    "examples/go-velo-atelier.toml": "go",
    "examples/not-yet-cabinet-presse.toml": "not_yet",
    "examples/no-go-sous-traitant-nucleaire.toml": "no_go",
    "examples/no-go-copy-competitors.toml": "no_go",
    "examples/no-go-traffic-this-month.toml": "no_go",
}
JSON_KEYS = {
    "organisation", "language", "verdict", "computed_verdict", "override", "provisional",
    "pending_stages", "skipped_stages", "score", "stage_scores", "findings", "conditions",
    "workload_hours", "capacity_hours", "network_plan", "action_plan", "alternatives",
    "recheck_date",
}


def test_every_example_is_listed():
    found = {str(p.relative_to(ROOT / "sessions")) for p in (ROOT / "sessions").rglob("*.toml")}
    assert found == set(EXPECTED)


@pytest.mark.parametrize("entry_points", ["0", "1"], ids=["core", "installed-plugins"])
@pytest.mark.parametrize(("name", "verdict"), sorted(EXPECTED.items()))
def test_example_verdict_through_the_cli(cli, name, verdict, entry_points):
    """The same verdict with the core stages alone and with the plugins `make` installs."""
    result = cli("report", str(ROOT / "sessions" / name), "--format", "json",
                 env={"WORKSHOP_ENTRY_POINTS": entry_points})
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert set(report) >= JSON_KEYS
    assert report["verdict"] == verdict
    assert report["computed_verdict"] == verdict
    assert 0 <= report["score"] <= 100
    for finding in report["findings"]:
        assert finding["kind"] is None or finding["severity"] == "blocker"
        assert finding["message"] and finding["advice"] and finding["source"]
    if verdict == "no_go":
        assert report["alternatives"] and report["score"] <= 39
    if verdict == "not_yet":
        assert re.fullmatch(r"\d{4}-\d\d-\d\d", report["recheck_date"]) and report["score"] <= 59
    if verdict == "go_with_conditions":
        assert report["conditions"]


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_text_report_speaks_the_session_language(cli, name):
    path = ROOT / "sessions" / name
    language = "fr" if 'language = "fr"' in path.read_text("utf-8") else "en"
    result = cli("report", str(path))
    assert result.returncode == 0, result.stderr
    other = "en" if language == "fr" else "fr"
    for key in ("report.action_plan", "report.network_plan"):
        assert t(language, key) in result.stdout
        assert t(other, key) not in result.stdout
    assert "Traceback" not in result.stdout + result.stderr
