"""Hostile plugins through --plugins-dir, the CLI as a subprocess (issue 16 point 5): a stage
that exits, interrupts, loops forever, prints or changes what it is given is reported and
marked broken, and the rest of the workshop goes on."""

from __future__ import annotations

import json
import subprocess
import time
from pathlib import Path

import pytest
from plugin_samples import CAFE_HEADER, hostile_stage
from support import run_workshop, write_plugins, write_session

SESSION = "#:schema ./session.schema.json\n" + CAFE_HEADER + """
[stages.objectives]
status = "done"

[stages.hostile]
status = "done"

[stages.hostile.answers]
level = 2
"""

HOSTILE_EVALUATE = {
    "exits": "import sys; sys.exit(3)",
    "interrupts": "raise KeyboardInterrupt",
    "loops": "while True: pass",
    "prints": "print('noise from a plugin')",
    "mutates": "context.session.organisation = 'PWNED'",
}


def run(*args: str, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    """``workshop ARGS`` with a one-second limit on every plugin hook."""
    return run_workshop(*args, env={"WORKSHOP_HOOK_TIMEOUT": "1"}, timeout=timeout,
                        module="workshop")


def plugins_dir(tmp_path: Path, body: str) -> Path:
    """A --plugins-dir holding the hostile stage whose ``evaluate`` runs ``body``."""
    return write_plugins(tmp_path, hostile=hostile_stage(body))


@pytest.mark.parametrize("behaviour", sorted(HOSTILE_EVALUATE))
def test_a_hostile_stage_is_contained(tmp_path: Path, behaviour: str) -> None:
    folder = plugins_dir(tmp_path, HOSTILE_EVALUATE[behaviour])
    session = write_session(tmp_path, SESSION, "s.toml")
    started = time.monotonic()
    result = run("report", str(session), "--format", "json", "--plugins-dir", str(folder))
    assert time.monotonic() - started < 30
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)  # nothing but JSON on stdout
    assert report["organisation"] == "Café des Arts"
    assert "objectives" in report["stage_scores"]
    if behaviour in ("prints", "mutates"):
        assert "noise" not in result.stdout
    else:
        assert "plugin hostile" in result.stderr
        assert "hostile" not in report["stage_scores"]
    if behaviour == "loops":
        assert "took more than 1 s" in result.stderr
    if behaviour == "exits":
        assert "SystemExit" in result.stderr
    assert session.read_text("utf-8") == SESSION  # nothing written, nothing changed


def test_a_plugin_looping_at_import_does_not_hang_the_listing(tmp_path: Path) -> None:
    folder = write_plugins(tmp_path, spins="while True:\n    pass\n",
                           interrupts="raise KeyboardInterrupt\n", talks='''
        print("hello from import")
        from workshop import hookimpl
        @hookimpl
        def register_networks(register):
            pass
    ''')
    result = run("--plugins-dir", str(folder), "plugins", "--json")
    assert result.returncode == 0, result.stderr
    listed = {entry["name"]: entry for entry in json.loads(result.stdout)}
    assert listed["spins"]["status"] == "broken"
    assert "took more than" in listed["spins"]["error"]
    assert listed["interrupts"]["status"] == "broken"
    assert "KeyboardInterrupt" in listed["interrupts"]["error"]
    assert listed["talks"]["status"] == "ok"
    assert "hello from import" in result.stderr
    assert listed["objectives"]["status"] == "ok"


def test_a_mutating_stage_never_reaches_the_session_it_was_given() -> None:
    from workshop.engine.recommendation import recommend
    from workshop.plugins import load_plugins
    from workshop.session.io import parse_session

    namespace: dict = {}
    exec(hostile_stage(HOSTILE_EVALUATE["mutates"]), namespace)  # noqa: S102
    plugin = type("P", (), {"register_stages": staticmethod(namespace["register_stages"])})
    host = load_plugins(entry_points=False, extra=[("hostile", plugin)])
    session = parse_session(SESSION)
    recommend(session, host)
    assert session.session.organisation == "Café des Arts"


def test_workshop_plugins_lists_which_plugins_to_load(tmp_path: Path) -> None:
    source = "from workshop import hookimpl\n\n@hookimpl\ndef register_networks(register):\n" \
             "    pass\n"
    folder = write_plugins(tmp_path, wanted=source, unwanted=source)
    result = run_workshop("plugins", "--json", "--plugins-dir", str(folder),
                          env={"WORKSHOP_PLUGINS": "wanted"}, timeout=60, module="workshop")
    assert result.returncode == 0, result.stderr
    status = {entry["name"]: entry["status"] for entry in json.loads(result.stdout)}
    assert status["wanted"] == "ok" and status["unwanted"] == "disabled"
    assert status["objectives"] == "ok"  # the built-in stages always load
