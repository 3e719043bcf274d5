"""The first screen, made light (issue 9): what it still does for a facilitator.

One-line title and key bars, the side panel made when first shown, the session as the app's
own first screen, the report body rendered off the UI thread and painted line by line.
"""

from __future__ import annotations

import asyncio
import tomllib

from textual.command import CommandPalette

from workshop.app.screens.picker import PickerScreen
from workshop.app.screens.workshop import WorkshopScreen
from workshop.app.widgets.keybar import KeyBar
from workshop.app.widgets.lines import RenderedLines
from workshop.app.widgets.readiness import ReadinessPanel
from workshop.app.widgets.titlebar import TitleBar
from workshop.app.widgets.verdict import RecommendationView


def run(coroutine):
    return asyncio.run(coroutine)


def test_the_key_bar_shows_whole_keys_most_used_first_and_the_palette_at_the_end(
        make_app, copy_session):
    async def scenario():
        app = make_app(copy_session(), start_stage="audience")
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            bar = app.screen.query_one(KeyBar)
            line = str(bar.render())
            assert len(line) == 80
            assert line.startswith("f8Next  f7Previous  f3Done")
            assert line.rstrip().endswith("^pCommands")
            shown, palette = bar.entries()
            assert palette is not None and palette.display == "^p"
            # what does not fit is left out whole, never cut in the middle of a word; what the
            # facilitator needs in front of a client stays (issue 15)
            drawn = [spot.entry for spot in bar.spots]
            assert drawn[-1].key == "ctrl+p" and len(drawn) - 1 < len(shown)
            for entry in drawn[:-1]:
                assert f"{entry.display}{entry.description}" in line
            for words in ("Override", "Export", "Notes"):
                assert words in line
            assert "Sessions" not in line  # f12, the last of the screen's keys
            # in the screen's order, whatever was left out
            order = [entry.key for entry in shown]
            assert [order.index(e.key) for e in drawn[:-1]] == sorted(
                order.index(e.key) for e in drawn[:-1])

    run(scenario())


def test_a_click_on_a_key_presses_it(make_app, copy_session):
    async def scenario():
        app = make_app(copy_session(), start_stage="audience")
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            bar = app.screen.query_one(KeyBar)
            previous = next(spot for spot in bar.spots if spot.entry.key == "f7")
            await pilot.click(KeyBar, offset=(previous.start + 1, 0))
            await pilot.pause()
            assert app.screen.current == "objectives"
            palette = next(spot for spot in bar.spots if spot.entry.key == "ctrl+p")
            await pilot.click(KeyBar, offset=(palette.start, 0))
            await pilot.pause()
            assert isinstance(app.screen, CommandPalette)

    run(scenario())


def test_the_key_bar_follows_the_bindings_as_they_change(make_app, copy_session):
    async def scenario():
        app = make_app(copy_session(), start_stage="objectives")
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            bar = app.screen.query_one(KeyBar)
            assert str(bar.render()).startswith("f8Next  f7Previous")
            await pilot.press("ctrl+l")  # the session's language: the keys' words follow
            await pilot.pause()
            assert str(bar.render()).startswith("f8Suivante  f7Précédente")
            assert str(bar.render()).rstrip().endswith("^pCommandes")

    run(scenario())


def test_the_title_bar_says_who_and_whether_it_is_saved_and_opens_the_palette(
        make_app, copy_session):
    async def scenario():
        path = copy_session()
        app = make_app(path, start_stage="audience")
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            title = str(app.screen.query_one(TitleBar).render())
            assert "Atelier Vélo Lyon" in title and path.name in title
            await pilot.click(TitleBar, offset=(1, 0))
            await pilot.pause()
            assert isinstance(app.screen, CommandPalette)

    run(scenario())


def test_the_side_panel_is_made_when_first_shown(make_app, copy_session):
    async def scenario():
        app = make_app(copy_session(), start_stage="audience")
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            screen = app.screen
            assert not screen.query("#side")  # a projector's 80 columns: not made at all
            await pilot.press("f1")
            await pilot.pause()
            panel = screen.query_one(ReadinessPanel)
            assert panel.display and "Not yet" in str(panel.picture(screen.live).renderables[0])
            # the panel made late says what the help line says
            assert str(screen.query_one("#help").content) == str(
                screen.query_one("#help-line").content) != ""
            await pilot.press("f1")
            await pilot.pause()
            assert not screen.query_one("#side").display

    run(scenario())


def test_a_terminal_made_wider_shows_the_side_panel(make_app, copy_session):
    async def scenario():
        app = make_app(copy_session(), start_stage="audience")
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            await pilot.resize_terminal(120, 40)
            await pilot.pause()
            await pilot.pause()
            side = app.screen.query_one("#side")
            assert side.display and side.region.width > 0

    run(scenario())


def test_the_session_is_the_apps_first_screen_and_f12_goes_to_the_picker(
        make_app, copy_session):
    async def scenario():
        app = make_app(copy_session())
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            assert [type(screen) for screen in app.screen_stack] == [WorkshopScreen]
            await pilot.press("f12")
            await pilot.pause()
            # Textual never pops the first screen: the picker comes on top of it, closed
            assert isinstance(app.screen, PickerScreen)
            assert app.lives[0].store.closed  # saved and let go

    run(scenario())


def test_the_report_body_is_drawn_after_the_verdict_at_the_views_width(
        make_app, copy_session, settle):
    async def scenario():
        app = make_app(copy_session(), start_stage="recommendation")
        async with app.run_test(size=(80, 24)) as pilot:
            view = app.screen.query_one(RecommendationView)
            await settle(pilot)
            body = view.query_one(".report-body", RenderedLines)
            width = body.content_size.width
            text = "\n".join(strip.text for strip in body.lines_at(width))
            assert "Atelier Vélo Lyon" in text
            assert all(strip.cell_length == width for strip in body.lines_at(width))
            await pilot.resize_terminal(120, 40)
            await pilot.pause()
            wider = body.content_size.width
            assert wider > width
            assert all(strip.cell_length == wider for strip in body.lines_at(wider))

    run(scenario())


def test_a_choice_in_a_table_becomes_a_drop_down_when_used_and_is_saved(
        make_app, copy_session):
    from textual.widgets import Select

    from workshop.app.widgets.form import ChoiceCell

    path = copy_session()

    async def scenario():
        app = make_app(path, start_stage="networks")
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            table = app.screen.query_one("#stage-networks #q-candidates")
            assert not table.query(Select)  # drawn as text until used
            first = table.rows()[0]
            existing = [cell for cell in first.query(ChoiceCell)
                        if cell.column.name == "existing_account"][0]
            before = existing.value
            existing.focus()
            await pilot.pause()
            await pilot.pause()
            select = app.screen.focused
            assert isinstance(select, Select) and select.value == before
            await pilot.press("enter")  # the list opens, as for any drop-down
            await pilot.pause()
            await pilot.press("down", "enter")
            await pilot.pause()
            chosen = select.value
            assert chosen != before
            await pilot.press("ctrl+s")
            await pilot.pause()
        saved = tomllib.loads(path.read_text("utf-8"))
        assert saved["stages"]["networks"]["answers"]["candidates"][0]["existing_account"] == \
            chosen

    run(scenario())


def test_the_mark_at_the_end_of_a_row_removes_it_with_a_click(make_app, copy_session):
    from workshop.app.widgets.form import RowRemover

    path = copy_session()

    async def scenario():
        app = make_app(path, start_stage="networks")
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            table = app.screen.query_one("#stage-networks #q-candidates")
            before = len(table.rows())
            last = table.rows()[-1].query_one(RowRemover)
            assert not last.can_focus  # Tab goes from cell to cell; ctrl+r removes a row
            await pilot.click(last)
            await pilot.pause()
            assert len(table.rows()) == before - 1
            await pilot.press("ctrl+s")
            await pilot.pause()
        saved = tomllib.loads(path.read_text("utf-8"))
        assert len(saved["stages"]["networks"]["answers"]["candidates"]) == before - 1

    run(scenario())
