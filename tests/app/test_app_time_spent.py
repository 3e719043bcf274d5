"""Time spent on each stage is kept in the session file (issue 15, point 9).

A crash, a quit or a resume the next day goes on from the time the file holds: it is written with
every save, on a stage change, a pause, quitting, and once a minute while the clock runs (never
a write per second). A pause adds nothing; a read-only second window adds nothing. The fake
monotonic clock of conftest.py is the only time read.
"""

from __future__ import annotations

import asyncio
import subprocess
import sys
import tomllib
from pathlib import Path
from typing import Any

import pytest

from workshop.app.screens.workshop import TIME_SAVE_SECONDS
from workshop.app.widgets.timer import TimerBar
from workshop.commands.schema import session_schema
from workshop.session.errors import SessionError
from workshop.session.io import parse_session
from workshop.session.models import MAX_SPENT_SECONDS
from workshop.session.store import SessionStore

HEADER = """\
schema_version = 1

[session]
organisation = "Clinique des Tilleuls"
kind = "business"
size = "small"
market = "b2c"
language = "en"
created = 2026-11-22T09:00:00+01:00
current_stage = "tone"

[stages.objectives]
status = "in_progress"

[[stages.objectives.answers.goals]]
id = "loyalty"
kpi = "appointments booked online"
target = "40 a month"
owner = "Julie"
"""


def run(coroutine: Any) -> Any:
    return asyncio.run(coroutine)


def session(tmp_path: Path, extra: str = "") -> Path:
    path = tmp_path / "clinic.toml"
    path.write_text(HEADER + extra, "utf-8")
    return path


def read(path: Path) -> dict[str, Any]:
    return tomllib.loads(path.read_text("utf-8"))


def spent(path: Path, stage_id: str) -> int | None:
    return read(path)["stages"].get(stage_id, {}).get("spent_seconds")


def timer_line(app: Any) -> str:
    app.screen.tick()
    return str(app.screen.query_one(TimerBar).render())


async def settled(pilot: Any) -> None:
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def written(pilot: Any, path: Path, stage_id: str, seconds: int) -> None:
    """Wait (a real, short wait) for the writer thread to put ``seconds`` in the file."""
    for _ in range(100):
        if spent(path, stage_id) == seconds:
            return
        await asyncio.sleep(0.02)
        await pilot.pause()
    assert spent(path, stage_id) == seconds


def test_time_spent_survives_quitting_and_reopening(make_app, tmp_path, monotonic):
    path = session(tmp_path)

    async def first_day() -> None:
        app = make_app(path)  # resumes on the tone, the stage last on screen
        async with app.run_test(size=(120, 40)) as pilot:
            await settled(pilot)
            monotonic.advance(4 * 60 + 5)
            await pilot.press("f8")  # the duration: the tone's time goes with the switch
            await written(pilot, path, "tone", 245)
            monotonic.advance(60)
            await pilot.press("ctrl+q")  # quitting saves the duration's minute
            await pilot.pause()

    async def next_day() -> None:
        app = make_app(path)
        async with app.run_test(size=(120, 40)) as pilot:
            await settled(pilot)
            line = timer_line(app)
            assert "Duration 1:00 / 10:00" in line
            assert "workshop 5:05" in line  # the sum of the stages' time, every sitting
            monotonic.advance(30)
            line = timer_line(app)
            assert "Duration 1:30 / 10:00" in line and "workshop 5:35" in line
            await pilot.press("f7")
            await settled(pilot)
            assert "Tone 4:05 / 10:00" in timer_line(app)

    run(first_day())
    assert (spent(path, "tone"), spent(path, "duration")) == (245, 60)
    assert "spent_seconds" not in read(path)["stages"]["objectives"]  # never on screen
    run(next_day())
    assert (spent(path, "tone"), spent(path, "duration")) == (245, 90)


def test_a_paused_clock_adds_nothing_and_the_pause_saves_the_time(make_app, tmp_path,
                                                                  monotonic):
    path = session(tmp_path)

    async def scenario() -> None:
        app = make_app(path, start_stage="tone")
        async with app.run_test(size=(120, 40)) as pilot:
            await settled(pilot)
            monotonic.advance(90)
            await pilot.press("ctrl+b")  # a break: the time so far is saved
            await written(pilot, path, "tone", 90)
            monotonic.advance(45 * 60)
            line = timer_line(app)
            assert "Tone 1:30 / 10:00" in line and "workshop 1:30" in line
            await pilot.press("ctrl+q")  # quitting while paused: the break is not counted
            await pilot.pause()

    run(scenario())
    assert spent(path, "tone") == 90


def test_a_read_only_window_adds_nothing_then_counts_once_it_takes_over(make_app, tmp_path,
                                                                       monotonic):
    path = session(tmp_path, "\n[stages.tone]\nstatus = \"in_progress\"\nspent_seconds = 120\n")
    first = SessionStore.open(path)  # the window that holds the session

    async def scenario() -> None:
        app = make_app(path)
        async with app.run_test(size=(120, 40)) as pilot:
            await settled(pilot)
            assert app.screen.live.read_only
            assert "Tone 2:00 / 10:00" in timer_line(app)
            monotonic.advance(10 * 60)
            await pilot.press("ctrl+b", "ctrl+b")  # a pause in a read-only window writes nothing
            await pilot.pause()
            line = timer_line(app)
            assert "Tone 2:00 / 10:00" in line and "workshop 2:00" in line
            # the first window goes on for three minutes and quits
            first.session.stage("tone").spent_seconds = 300
            first.save()
            first.close()
            await pilot.press("ctrl+s")  # take over: the clock runs on from the file
            await settled(pilot)
            assert not app.screen.live.read_only
            assert "Tone 5:00 / 10:00" in timer_line(app)
            monotonic.advance(60)
            assert "Tone 6:00 / 10:00" in timer_line(app)
            await pilot.press("ctrl+q")
            await pilot.pause()

    try:
        run(scenario())
    finally:
        first.close()
    assert spent(path, "tone") == 360


def test_a_crash_loses_at_most_the_last_minute_and_the_clock_never_writes_each_second(
        make_app, tmp_path, monotonic):
    """What a kill -9 leaves is the file as last written: the clock alone writes it once a
    minute, so at any moment the file is less than a minute behind."""
    path = session(tmp_path)

    async def scenario() -> None:
        app = make_app(path, start_stage="tone")
        async with app.run_test(size=(120, 40)) as pilot:
            await settled(pilot)
            before = path.read_text("utf-8")
            for minute in (1, 2):
                for _ in range(int(TIME_SAVE_SECONDS) - 1):  # the timer bar's seconds
                    monotonic.advance(1)
                    app.screen.tick()
                await pilot.pause()
                # 59 seconds of talk since the last write: not one write meanwhile
                if minute == 1:
                    assert path.read_text("utf-8") == before
                else:
                    assert spent(path, "tone") == 60
                monotonic.advance(1)
                app.screen.tick()
                await written(pilot, path, "tone", 60 * minute)
            # an answer saves the time with it, and the minute counts from there
            monotonic.advance(20)
            await pilot.click("#q-register RadioButton")
            await written(pilot, path, "tone", 140)
            monotonic.advance(59)
            app.screen.tick()
            await pilot.pause()
            assert spent(path, "tone") == 140

    run(scenario())


def test_spent_seconds_is_bounded_alike_in_the_models_the_schema_and_validate(tmp_path,
                                                                             core_host):
    schema = session_schema(core_host)
    for record in (schema["$defs"]["StageRecord"],
                   schema["properties"]["stages"]["properties"]["tone"]):
        field = record["properties"]["spent_seconds"]
        assert (field["type"], field["minimum"], field["maximum"]) == (
            "integer", 0, MAX_SPENT_SECONDS)
    assert MAX_SPENT_SECONDS == 10_000 * 60
    good = HEADER + f"\n[stages.tone]\nspent_seconds = {MAX_SPENT_SECONDS}\n"
    assert parse_session(good).stages["tone"].spent_seconds == MAX_SPENT_SECONDS
    for bad in ("-1", str(MAX_SPENT_SECONDS + 1), "12.5", '"12"', "true"):
        with pytest.raises(SessionError, match="spent_seconds"):
            parse_session(HEADER + f"\n[stages.tone]\nspent_seconds = {bad}\n")
    path = session(tmp_path, "\n[stages.tone]\nspent_seconds = -1\n")
    result = subprocess.run([sys.executable, "-m", "workshop", "validate", str(path)],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode != 0
    assert "spent_seconds" in result.stdout + result.stderr
