"""The plugin platform from the command line, as a subprocess: listing, broken plugins, strict."""

from __future__ import annotations

import json
from importlib import metadata
from pathlib import Path

import pytest
from plugin_samples import (
    CAFE_HEADER,
    GOOD_FILE,
    MALFORMED_QUESTIONS,
    RAISES_AT_IMPORT,
    RAISES_IN_EVALUATE,
)
from support import write_session

SESSION = CAFE_HEADER + """created = 2026-11-22T09:00:00+01:00

[stages.objectives]
status = "done"

[[stages.objectives.answers.goals]]
id = "loyalty"
kpi = "regulars"
target = "50"
owner = "Ana"

[stages.fragile]
status = "done"

[stages.fragile.answers]
level = 2

[stages.extra]
status = "done"

[stages.extra.answers]
ready = false
"""

LISTENING = """
[stages.listening]
status = "done"

[stages.listening.answers]
who_listens = "manager"
alerts = true
tools = ["search_alerts"]
hours_per_week = 1
dashboard = false
platforms_known = true
opinion_leaders_known = true
"""


@pytest.fixture
def session(tmp_path: Path) -> Path:
    return write_session(tmp_path, SESSION, "cafe.toml")


def listening_installed() -> bool:
    try:
        metadata.distribution("workshop-listening")
    except metadata.PackageNotFoundError:
        return False
    return True


needs_listening = pytest.mark.skipif(not listening_installed(),
                                     reason="plugins/workshop-listening is not installed")


def test_plugins_reads_at_80_columns_one_block_per_plugin(cli, write_plugins) -> None:
    folder = write_plugins(crashing=RAISES_AT_IMPORT, extra=GOOD_FILE)
    result = cli("plugins", "--plugins-dir", str(folder), env={"COLUMNS": "80",
                                                              "WORKSHOP_LANG": "en"})
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert max(len(line.rstrip()) for line in lines) <= 80
    assert lines[0].startswith("Plugins: ") and "1 broken" in lines[0]
    blocks = result.stdout.split("\n\n")
    crashing = next(block for block in blocks if "crashing" in block.splitlines()[0])
    assert "broken" in crashing.splitlines()[0]
    assert f"pluginsdir({folder})" in "".join(crashing.split())  # long paths wrap
    assert "RuntimeError: cannot start: no licence key" in " ".join(crashing.split())
    extra = next(block for block in blocks if block.startswith("● extra"))
    assert "extra: Extra (order 80, weight 5)" in extra
    assert "register_stages" in extra
    objectives = next(block for block in blocks if block.startswith("● objectives"))
    assert "built-in" in objectives and "order 10, weight 25" in objectives


def test_plugins_speaks_french(cli) -> None:
    result = cli("plugins", "--lang", "fr")
    assert result.stdout.startswith("Extensions : ")
    assert "objectives : Objectifs (ordre 10, poids 25)" in result.stdout


def test_plugins_json_for_scripts(cli, write_plugins) -> None:
    folder = write_plugins(malformed=MALFORMED_QUESTIONS, extra=GOOD_FILE)
    result = cli("plugins", "--json", "--plugins-dir", str(folder))
    assert result.returncode == 0
    plugins = {plugin["name"]: plugin for plugin in json.loads(result.stdout)}
    assert plugins["malformed"]["status"] == "broken"
    assert "every question needs a default" in plugins["malformed"]["error"]
    assert "budget" in plugins["malformed"]["error"]
    extra = plugins["extra"]
    assert extra["status"] == "ok" and extra["stages"] == ["extra"]
    assert extra["stage_details"] == [{"id": "extra", "title": {"fr": "Extra", "en": "Extra"},
                                       "order": 80, "weight": 5, "scored": True}]
    assert plugins["catalogue"]["networks"][:2] == ["facebook", "instagram"]
    assert set(plugins["objectives"]) >= {"name", "version", "source", "hooks", "stages",
                                          "status", "error", "location", "warnings"}


@needs_listening
def test_an_installed_plugin_is_found_by_its_entry_point(cli) -> None:
    result = cli("plugins", "--json", env={"WORKSHOP_ENTRY_POINTS": "1"})
    listening = next(p for p in json.loads(result.stdout) if p["name"] == "listening")
    assert listening["source"] == "entry point (workshop-listening)"
    assert listening["status"] == "ok" and listening["stages"] == ["listening"]
    assert listening["hooks"] == ["register_networks", "register_report_sections",
                                  "register_stages"]


@needs_listening
def test_the_listening_plugin_reaches_the_report(cli, session) -> None:
    session.write_text(SESSION + LISTENING, encoding="utf-8")
    env = {"WORKSHOP_ENTRY_POINTS": "1", "COLUMNS": "80"}
    report = json.loads(cli("report", str(session), "--format", "json", env=env).stdout)
    assert "listening.no_dashboard" in [f["code"] for f in report["findings"]]
    assert report["stage_scores"]["listening"] == 85
    markdown = cli("report", str(session), "--format", "markdown", env=env).stdout
    assert "## Listening plan" in markdown
    text = cli("report", str(session), env=env)
    assert text.returncode == 0, text.stderr
    assert "Listening plan" in text.stdout


@needs_listening
def test_leaving_the_listening_plugin_out(cli, session) -> None:
    env = {"WORKSHOP_ENTRY_POINTS": "1", "WORKSHOP_DISABLE_PLUGINS": "listening"}
    report = json.loads(cli("report", str(session), "--format", "json", env=env).stdout)
    assert "listening" not in report["pending_stages"]
    plugins = json.loads(cli("plugins", "--json", env=env).stdout)
    assert next(p for p in plugins if p["name"] == "listening")["status"] == "disabled"


@pytest.mark.parametrize("broken", ["crashing", "fragile", "malformed"])
def test_a_broken_plugin_leaves_the_report_working_and_is_named(cli, session, write_plugins,
                                                                broken: str) -> None:
    sources = {"crashing": RAISES_AT_IMPORT, "fragile": RAISES_IN_EVALUATE,
               "malformed": MALFORMED_QUESTIONS}
    folder = write_plugins(extra=GOOD_FILE, **{broken: sources[broken]})
    result = cli("report", str(session), "--format", "json", "--plugins-dir", str(folder))
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    report = json.loads(result.stdout)
    assert report["stage_scores"]["objectives"] >= 0
    assert "extra.not_ready" in [f["code"] for f in report["findings"]]  # the rest goes on
    if broken == "fragile":
        assert "ZeroDivisionError" in report["broken_stages"]["fragile"]
    else:
        assert f"plugin {broken}:" in result.stderr and "(left out)" in result.stderr
        assert broken not in report["pending_stages"]
    text = cli("report", str(session), "--plugins-dir", str(folder), env={"COLUMNS": "80"})
    assert text.returncode == 0 and "Traceback" not in text.stderr
    if broken == "fragile":
        assert "ZeroDivisionError" in text.stdout


def test_all_three_broken_at_once(cli, session, write_plugins) -> None:
    folder = write_plugins(crashing=RAISES_AT_IMPORT, fragile=RAISES_IN_EVALUATE,
                           malformed=MALFORMED_QUESTIONS)
    result = cli("report", str(session), "--format", "markdown", "--plugins-dir", str(folder))
    assert result.returncode == 0, result.stderr
    assert "plugin crashing:" in result.stderr and "plugin malformed:" in result.stderr
    assert "ZeroDivisionError" in result.stdout


def test_strict_plugins_stops_on_a_load_problem(cli, session, write_plugins) -> None:
    folder = write_plugins(crashing=RAISES_AT_IMPORT)
    for command in (("report", str(session)), ("plugins",)):
        result = cli(*command, "--plugins-dir", str(folder), "--strict-plugins")
        assert result.returncode == 1
        assert "plugin crashing: RuntimeError: cannot start: no licence key" in result.stderr
        assert "Traceback" not in result.stderr
        assert result.stdout == ""


def test_strict_plugins_stops_on_a_failure_while_evaluating(cli, session, write_plugins) -> None:
    folder = write_plugins(fragile=RAISES_IN_EVALUATE)
    result = cli("report", str(session), "--plugins-dir", str(folder), "--strict-plugins")
    assert result.returncode == 1
    assert "plugin fragile: ZeroDivisionError" in result.stderr
    assert "Traceback" not in result.stderr


def test_disabling_a_broken_plugin_silences_it(cli, session, write_plugins) -> None:
    folder = write_plugins(crashing=RAISES_AT_IMPORT)
    result = cli("report", str(session), "--plugins-dir", str(folder),
                 env={"WORKSHOP_DISABLE_PLUGINS": "crashing"})
    assert result.returncode == 0 and "crashing" not in result.stderr
