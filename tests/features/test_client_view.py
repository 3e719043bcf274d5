"""The client view (``workshop present FILE``) with Pilot: change the file, watch the wall."""

from __future__ import annotations

import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import pytest
from kit_sessions import NOT_YET, kit_text, private_override
from rich.console import Console
from rich.text import Text
from support import replace_file
from textual.widgets import Digits, Static

from workshop.app.present import PresentApp
from workshop.app.screens.client_view import ClientView, current_stage
from workshop.app.texts import key_words
from workshop.app.widgets.bigtext import BigText
from workshop.session import parse_session

# the plan is being discussed (in progress), the crew is still to do
IN_PLAN = NOT_YET.replace(
    '[stages.plan]\nstatus = "done"', '[stages.plan]\nstatus = "in_progress"').replace(
    '[stages.crew]\nstatus = "done"', '[stages.crew]\nstatus = "todo"')


def text_of(app: PresentApp) -> str:
    """Everything the view shows as plain text, the score included."""
    console = Console(width=200, record=True, file=open(os.devnull, "w"))  # noqa: SIM115
    for widget in app.screen.query(Static):
        if widget.display and widget.parent is not None and widget.parent.display:
            console.print(widget.content)
    for digits in app.screen.query(Digits):
        console.print(Text(f"[digits {digits.value}]"))
    return console.export_text()


async def until(pilot, condition, tries: int = 200) -> bool:
    """Wait for the view to catch up with the file (it looks every few hundredths here)."""
    for _ in range(tries):
        if condition():
            return True
        await pilot.pause(0.02)
    return condition()


def run(coroutine):
    import asyncio

    return asyncio.run(coroutine)


def first_picture_up(app: PresentApp) -> bool:
    return isinstance(app.screen, ClientView) and app.screen.updates >= 1


@asynccontextmanager
async def on_the_wall(path: Path, host) -> AsyncIterator[tuple[PresentApp, Any]]:
    """The client view of ``path`` at 80x24, once its first picture is up."""
    app = PresentApp(path, host, interval=0.02)
    async with app.run_test(size=(80, 24)) as pilot:
        assert await until(pilot, lambda: first_picture_up(app))
        yield app, pilot


def test_the_current_stage_its_answers_and_the_readiness(kit_host, tmp_path: Path):
    path = tmp_path / "live.toml"
    replace_file(path, kit_text(IN_PLAN))

    async def scenario():
        async with on_the_wall(path, kit_host()) as (app, pilot):
            shown = text_of(app)
            assert "Kit & Co  ·  Stage 1/2: Plan" in shown
            assert "Months" in shown and "3" in shown
            assert "• Instagram — Fit: 3 · Selected: yes" in shown
            assert "Not yet" in shown and "provisional" in shown
            assert "[digits 50]" in shown
            # the current stage's findings first, under its name; then the others, none cut
            assert "Found in Plan (1)\n✖ Too short.\nBlockers (1)\n✖ Nobody leads." in shown

            # the facilitator moves on to the crew and answers there
            replace_file(path, kit_text(NOT_YET.replace('lead = ""', 'lead = "Ana"')))
            assert await until(pilot, lambda: "Stage 2/2: Crew" in text_of(app))
            shown = text_of(app)
            assert "Lead" in shown and "Ana" in shown
            assert "SECRET NOTE" not in shown  # notes are the facilitator's alone
            assert "Blockers (1)" in shown
    run(scenario())


def test_a_broken_file_keeps_the_last_good_view_and_is_read_again(kit_host, tmp_path: Path):
    path = tmp_path / "live.toml"
    replace_file(path, kit_text(IN_PLAN))

    async def scenario():
        async with on_the_wall(path, kit_host()) as (app, pilot):
            before = text_of(app)
            # caught mid-edit: half a file, then answers that do not validate
            path.write_text(kit_text(IN_PLAN)[:40], "utf-8")
            assert await until(pilot, lambda: app.screen.stale)
            assert text_of(app) == before
            replace_file(path, kit_text(IN_PLAN.replace("months = 3", "months = -1")))
            await pilot.pause(0.1)
            assert app.screen.stale
            assert text_of(app) == before
            path.unlink()
            await pilot.pause(0.1)
            assert text_of(app) == before
            # fixed: the wall follows again
            replace_file(path, kit_text(IN_PLAN.replace("months = 3", "months = 12")))
            assert await until(pilot, lambda: not app.screen.stale
                               and "Too short." not in text_of(app))
            assert "12" in text_of(app)
    run(scenario())


def test_the_verdict_at_the_end_without_the_override_reason(kit_host, tmp_path: Path):
    path = tmp_path / "live.toml"
    body = NOT_YET + private_override("in_progress")
    replace_file(path, kit_text(body, lang="fr"))

    async def scenario():
        async with on_the_wall(path, kit_host()) as (app, pilot):
            shown = text_of(app)
            assert "La recommandation" in shown
            big = app.screen.query_one("#cv-final-verdict", Static).content
            assert isinstance(big, BigText) and big.text == "On y va, sous conditions"
            assert "Verdict selon les règles\u00a0: Pas encore" in shown
            assert "PRIVATE REASON" not in shown and "SECRET NOTE" not in shown
            # without the override: not yet, and the re-check date as a person reads it
            replace_file(path, kit_text(
                NOT_YET + '[stages.recommendation]\nstatus = "in_progress"\n', lang="fr"))
            assert await until(pilot, lambda: "Nouveau point" in text_of(app))
            recheck = app.screen.shown.recommendation.recheck_date
            assert f"Nouveau point\u00a0: {recheck.day} " in text_of(app)
            assert str(recheck.year) in text_of(app) and recheck.isoformat() not in text_of(app)
            assert "[digits 50]" in shown
            assert key_words(app.screen.active_bindings["q"].binding, app.screen)[0] == "Quitter"
    run(scenario())


def test_the_view_never_writes(kit_host, tmp_path: Path):
    path = tmp_path / "live.toml"
    replace_file(path, kit_text(IN_PLAN))
    before = (path.read_bytes(), path.stat().st_mtime_ns)

    async def scenario():
        async with on_the_wall(path, kit_host()) as (app, pilot):
            await pilot.pause(0.1)
            await pilot.press("q")
    run(scenario())
    assert (path.read_bytes(), path.stat().st_mtime_ns) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["live.toml"]  # no lock, no temp


@pytest.mark.parametrize(("statuses", "recorded", "expected"), [
    ({"plan": "done", "crew": "in_progress"}, None, "crew"),
    ({"plan": "done", "crew": "done"}, None, "crew"),
    ({"plan": "in_progress", "crew": "in_progress"}, None, "plan"),
    ({}, None, "plan"),
    ({"plan": "done", "crew": "in_progress"}, "plan", "plan"),
    ({"plan": "done"}, "no_such_stage", "plan"),
])
def test_which_stage_is_current(kit_host, statuses, recorded, expected):
    body = "".join(f'[stages.{sid}]\nstatus = "{status}"\n' for sid, status in statuses.items())
    header = kit_text("")
    if recorded:
        header = header.replace('language = "en"', f'language = "en"\ncurrent_stage = "{recorded}"')
    session = parse_session(header + body)
    assert current_stage(session, kit_host().stages()) == expected


def test_present_command_refuses_a_broken_file(cli, tmp_path: Path):
    path = tmp_path / "broken.toml"
    path.write_text("schema_version = 1\n[session\n", "utf-8")
    result = cli("present", str(path))
    assert result.returncode == 1
    assert result.stderr.startswith(f"{path}:2: ") and "Traceback" not in result.stderr


def _snapshot_app(kit_host, tmp_path: Path, body: str, lang: str) -> PresentApp:
    path = tmp_path / "wall.toml"
    replace_file(path, kit_text(body, lang=lang))
    return PresentApp(path, kit_host(), interval=0.02)


async def _loaded(pilot) -> None:
    await until(pilot, lambda: first_picture_up(pilot.app))


def test_snapshot_stage_at_80x24(kit_host, tmp_path: Path, snap_compare):
    app = _snapshot_app(kit_host, tmp_path, IN_PLAN, "fr")
    assert snap_compare(app, terminal_size=(80, 24), run_before=_loaded)


def test_snapshot_verdict_at_80x24(kit_host, tmp_path: Path, snap_compare):
    body = NOT_YET.replace('lead = ""', 'lead = "Ana"').replace("months = 3", "months = 8")
    body += '\n[stages.recommendation]\nstatus = "in_progress"\n'
    app = _snapshot_app(kit_host, tmp_path, body, "en")
    assert snap_compare(app, terminal_size=(80, 24), run_before=_loaded)


# -- the wall of issue 15: too early to tell, every finding, a screenshot ------------------------

CORE_HEADER = """\
schema_version = 1

[session]
organisation = "Clinique des Tilleuls"
kind = "business"
size = "small"
market = "b2c"
language = "en"
created = 2026-11-22T09:00:00+01:00
"""
ONE_GOAL = CORE_HEADER + """current_stage = "objectives"
[stages.objectives]
status = "in_progress"
[[stages.objectives.answers.goals]]
id = "loyalty"
kpi = "appointments booked online"
target = "40 a month"
owner = "Julie"
"""
# the audience and the networks discussed too: enough to decide (60 % of the weight)
ENOUGH = ONE_GOAL.replace('current_stage = "objectives"', 'current_stage = "networks"') + """
[stages.audience]
status = "done"
[stages.audience.answers]
online_presence = "high"
already_discussed = "yes"
listening_done = false
sensitive_topic = true
[stages.networks]
status = "in_progress"
[[stages.networks.answers.candidates]]
id = "facebook"
audience_fit = 1
selected = true
existing_account = "dormant"
[[stages.networks.answers.candidates]]
id = "instagram"
audience_fit = 3
selected = true
existing_account = "none"
[[stages.networks.answers.candidates]]
id = "tiktok"
audience_fit = 2
selected = true
existing_account = "none"
"""


def core_host():
    from workshop.plugins import load_plugins

    return load_plugins(entry_points=False)


def test_too_early_to_tell_then_the_verdict(tmp_path: Path):
    path = tmp_path / "live.toml"
    replace_file(path, ONE_GOAL)

    async def scenario():
        async with on_the_wall(path, core_host()) as (app, pilot):
            shown = text_of(app)
            assert "Too early to tell" in shown
            assert "Too little discussed yet to decide (25% of the workshop)." in shown
            assert "Still open: Objectives, Audience" in shown
            assert "[digits ]" in shown and "Not yet" not in shown and "\nGo\n" not in shown
            assert app.screen.has_class("-early")
            # the workshop goes on: enough discussed, the verdict and the score come up
            replace_file(path, ENOUGH)
            assert await until(pilot, lambda: not app.screen.has_class("-early"))
            shown = text_of(app)
            recommendation = app.screen.shown.recommendation
            assert f"[digits {recommendation.score}]" in shown and "provisional" in shown
            assert "Too early" not in shown
    run(scenario())


def test_every_finding_is_listed_the_current_stages_first_and_one_key_shows_all(tmp_path):
    from workshop.app.screens.findings import FindingsScreen

    path = tmp_path / "live.toml"
    replace_file(path, ENOUGH)

    async def scenario():
        async with on_the_wall(path, core_host()) as (app, pilot):
            findings = [f for f in app.screen.shown.recommendation.findings
                        if f.severity in ("blocker", "concern")]
            assert len(findings) > 3  # more than the three the wall used to show
            shown = text_of(app)
            assert "more" not in shown
            for finding in findings:
                assert finding.text("message", "en")[:25] in shown.replace("\n", " ")
            assert shown.index("Found in Networks (3)") < shown.index("Concerns (")
            await pilot.press("a")
            await pilot.pause()
            assert isinstance(app.screen, FindingsScreen)
            await pilot.press("escape")
            await pilot.pause()
            assert isinstance(app.screen, ClientView)
    run(scenario())


def test_a_screenshot_of_the_wall_is_saved_where_it_was_started(kit_host, tmp_path: Path,
                                                                monkeypatch):
    path = tmp_path / "live.toml"
    replace_file(path, kit_text(IN_PLAN))
    pictures = tmp_path / "pictures"
    pictures.mkdir()
    monkeypatch.chdir(pictures)

    async def scenario():
        async with on_the_wall(path, kit_host()) as (app, pilot):
            commands = {c.title: c for c in app.get_system_commands(app.screen)}
            assert "Screenshot" in commands and "Quit (q)" in commands
            commands["Screenshot"].callback()  # as the palette runs it: a moment later
            await pilot.pause(0.5)
    run(scenario())
    saved = list(pictures.glob("*.svg"))
    assert len(saved) == 1 and "Plan" in saved[0].read_text("utf-8")
