"""What the facilitator and the client see, pinned: each core stage, the recommendation and the
projector view, at 80x24 and 120x40. A fixed session file and a fixed clock keep them stable.

Update after a deliberate change of the looks: ``pytest tests/app --snapshot-update``.
"""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture
def steady_cursors(settle):
    """A blinking cursor is caught on or off by chance: keep it on for the picture; and the
    report body (drawn just after the first paint) and the what-if search (on its thread) are
    waited for."""

    async def steady(pilot) -> None:
        await settle(pilot)
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        for widget in pilot.app.screen.query("Input, TextArea"):
            widget.cursor_blink = False
        await pilot.pause()

    return steady


CORE_STAGES = ("objectives", "audience", "networks", "resources", "tone", "duration")
SIZES = {"80x24": (80, 24), "120x40": (120, 40)}


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("stage", CORE_STAGES)
def test_core_stage_screen(snap_compare, steady_cursors, make_app, copy_session, stage, size):
    app = make_app(copy_session(), start_stage=stage)
    assert snap_compare(app, terminal_size=SIZES[size], run_before=steady_cursors)


@pytest.mark.parametrize("size", SIZES)
def test_recommendation_screen(snap_compare, steady_cursors, make_app, copy_session, size,
                               monkeypatch):
    from workshop.app.widgets import verdict

    # the search stops at its evaluation budget, not at a time that depends on the machine
    monkeypatch.setattr(verdict, "WHATIF_BUDGET_SECONDS", 120.0)
    app = make_app(copy_session(), start_stage="recommendation")
    assert snap_compare(app, terminal_size=SIZES[size], run_before=steady_cursors)


@pytest.mark.parametrize("size", SIZES)
def test_presentation_view(snap_compare, steady_cursors, make_app, copy_session, size):
    app = make_app(copy_session(), start_stage="tone")
    assert snap_compare(app, press=["f5"], terminal_size=SIZES[size], run_before=steady_cursors)


def test_plugin_stage_screen(snap_compare, steady_cursors, make_app, copy_session, sink_host):
    app = make_app(copy_session(), host=sink_host, start_stage="sink")
    assert snap_compare(app, terminal_size=(120, 40), run_before=steady_cursors)


def test_picker(snap_compare, steady_cursors, make_app, copy_session, tmp_path, monkeypatch):
    copy_session(name="sessions/velo.toml")
    copy_session(name="sessions/examples/velo-copy.toml")
    (tmp_path / "sessions" / "broken.toml").write_text("schema_version = 1\n[session\n",
                                                       encoding="utf-8")
    monkeypatch.chdir(tmp_path)  # ./sessions, as a facilitator runs it: no temporary path shown
    app = make_app(sessions_dir=Path("sessions"))
    assert snap_compare(app, terminal_size=(100, 24), run_before=steady_cursors)


def test_networks_table_with_the_catalogue_open(snap_compare, steady_cursors, make_app,
                                                copy_session):
    """Issue 15: the network is chosen from the catalogue's names, not typed."""
    app = make_app(copy_session(), start_stage="networks")

    async def open_the_list(pilot) -> None:
        await steady_cursors(pilot)
        await pilot.press("enter")  # the first cell (the network) has the focus
        await pilot.pause()
        await pilot.pause()

    assert snap_compare(app, terminal_size=(80, 24), run_before=open_the_list)
