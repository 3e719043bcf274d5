"""Issue 15, the facilitator's hands: what would hurt in front of a client, pinned with Pilot.

Each test names the point of the issue it holds (1, 3, 4, 5, 7, 10, 11, 12, 13), plus the undo of
the session's last answers and the export's question about the facilitator's notes.
"""

from __future__ import annotations

import asyncio
import tomllib
from pathlib import Path
from typing import Any, get_args

from textual.widgets import Button, Input, OptionList, RadioSet, Select, Static, TextArea

from workshop.app.screens.dialogs import (
    ConflictDialog,
    KeysDialog,
    NotesDialog,
    OverrideDialog,
    QuestionDialog,
)
from workshop.app.screens.picker import NewSessionScreen, PickerScreen, fit_widths
from workshop.app.screens.workshop import WorkshopScreen
from workshop.app.texts import tr
from workshop.app.widgets.form import CellInput, ChoiceCell, TableQuestion
from workshop.app.widgets.keybar import KeyBar
from workshop.app.widgets.sidebar import StageList
from workshop.session.models import Kind, Language, Market, Size
from workshop.session.store import SessionStore


def run(coroutine: Any) -> Any:
    return asyncio.run(coroutine)


def read(path: Path) -> dict[str, Any]:
    return tomllib.loads(path.read_text("utf-8"))


def candidates(app: Any) -> TableQuestion:
    return app.screen.query_one("#stage-networks #q-candidates", TableQuestion)


def text_of(widget: Any) -> str:
    return str(widget.render())


# -- 1: the network is a choice from the catalogue ---------------------------------------------


def test_the_network_cell_is_a_choice_from_the_catalogue_showing_names(make_app, copy_session):
    path = copy_session()

    async def scenario():
        app = make_app(path, start_stage="networks")
        async with app.run_test(size=(120, 40)) as pilot:
            table = candidates(app)
            network = table.rows()[0].query(ChoiceCell).first()
            assert network.column.name == "id"
            labels = [label for label, _ in network.options]
            assert "Instagram" in labels and "LinkedIn" in labels  # names, not ids
            assert "Instagram" in str(network.render())
            # a new row: the network is chosen by typing its name, case aside
            await table.action_add_row()
            await pilot.pause()
            cell = table.rows()[-1].query(ChoiceCell).first()
            assert app.screen.focused is cell  # drawn, not yet a drop-down
            await pilot.press("l")  # typing opens the list...
            await pilot.pause()
            await pilot.press("i", "n", "k", "enter")  # ... whose search ignores case
            await pilot.pause()
            select = table.rows()[-1].query(Select).first()
            assert select.value == "linkedin"
            await pilot.press("ctrl+s")
            await pilot.pause()
        rows = read(path)["stages"]["networks"]["answers"]["candidates"]
        assert rows[-1] == {"id": "linkedin"}

    run(scenario())


def test_a_network_written_with_capitals_is_the_catalogue_one(make_app, copy_session):
    path = copy_session()
    path.write_text(path.read_text("utf-8").replace('id = "instagram"', 'id = "Instagram"'),
                    encoding="utf-8")

    async def scenario():
        app = make_app(path, start_stage="networks")
        async with app.run_test(size=(120, 40)):
            row = candidates(app).rows()[0]
            assert row.data["id"] == "instagram"
            cell = row.query(ChoiceCell).first()
            assert cell.value == "instagram" and "⚠" not in str(cell.render())

    run(scenario())


def test_the_meaning_of_the_fit_is_under_the_table_and_on_its_header(make_app, copy_session):
    async def scenario():
        app = make_app(copy_session(), start_stage="networks", lang="en")
        async with app.run_test(size=(80, 24)):
            table = candidates(app)
            legend = text_of(table.query_one(".table-legend", Static))
            assert legend.startswith("Audience fit: From 0")
            assert "3 (it is very active there)" in legend
            header = table.query(".table-head .table-cell")[1]
            assert "0" in str(header.tooltip) and "3" in str(header.tooltip)

    run(scenario())


# -- 3 and the undo: a removed row comes back -----------------------------------------------------


def test_a_removed_row_says_so_and_ctrl_z_brings_it_back(make_app, copy_session):
    path = copy_session()

    async def scenario():
        app = make_app(path, start_stage="networks")
        async with app.run_test(size=(120, 40)) as pilot:
            table = candidates(app)
            table.rows()[0].query(CellInput).first().focus()
            await pilot.pause()
            await pilot.press("ctrl+r")
            await pilot.pause()
            assert [row.data["id"] for row in candidates(app).rows()] == ["youtube"]
            assert any("ctrl+z brings it back" in n.message for n in app._notifications)
            assert len(read(path)["stages"]["networks"]["answers"]["candidates"]) == 1
            app.screen.query_one(StageList).focus()  # ctrl+z outside any text box
            await pilot.press("ctrl+z")
            await pilot.pause()
            assert [row.data["id"] for row in candidates(app).rows()] == [
                "instagram", "youtube"]
        saved = read(path)["stages"]["networks"]["answers"]["candidates"]
        assert [row["id"] for row in saved] == ["instagram", "youtube"]
        assert saved[0]["audience_fit"] == 3

    run(scenario())


def test_undo_takes_back_a_run_of_typing_in_one_step_and_then_the_answer_before(
        make_app, copy_session):
    path = copy_session()

    async def scenario():
        app = make_app(path, start_stage="resources")
        async with app.run_test(size=(120, 40)) as pilot:
            live = app.screen.live
            before = live.answers("resources")["owner"]
            owner = app.screen.query_one("#q-owner Input", Input)
            owner.focus()
            owner.value = ""
            await pilot.press(*"Sam")
            await pilot.pause()
            assert live.answers("resources")["owner"] == "Sam"
            app.screen.query_one(StageList).focus()
            await pilot.press("alt+z")  # the twin without ctrl
            await pilot.pause()
            assert live.answers("resources")["owner"] == before  # the whole word, at once
            assert app.screen.query_one("#q-owner Input", Input).value == before
            await pilot.press("ctrl+z")
            await pilot.pause()
            assert any("Nothing to undo" in n.message for n in app._notifications)
        assert read(path)["stages"]["resources"]["answers"]["owner"] == before

    run(scenario())


# -- 4: notes on the recommendation ----------------------------------------------------------------


def test_ctrl_g_on_the_recommendation_opens_a_notes_box_that_keeps_the_typing(
        make_app, copy_session, monotonic):
    path = copy_session()

    async def scenario():
        app = make_app(path, start_stage="recommendation")
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.press("ctrl+g")
            await pilot.pause()
            assert isinstance(app.screen, NotesDialog)
            await pilot.press(*"Call back in May")
            await pilot.pause()
            assert app.screen.query_one("#notes", TextArea).text == "Call back in May"
            await pilot.press("escape")  # closing keeps it, saved
            await pilot.pause()
            assert isinstance(app.screen, WorkshopScreen)
            assert app.screen.live.record("recommendation").notes == "Call back in May"
        assert read(path)["stages"]["recommendation"]["notes"] == "Call back in May"

    run(scenario())


# -- 5: cells wide enough, their start shown, headers whole ------------------------------------


def test_table_columns_follow_header_and_content_and_cells_show_their_start(
        make_app, copy_session):
    path = copy_session()
    long = "Everyone who rides a bike to work, north by June"
    text = path.read_text("utf-8").replace('[stages.resources]', (
        '[stages.audience.answers]\n[[stages.audience.answers.segments]]\n'
        f'name = "{long}"\n\n[stages.resources]'), 1)
    if "[stages.audience.answers]" in path.read_text("utf-8"):
        text = path.read_text("utf-8")
    path.write_text(text, encoding="utf-8")

    async def scenario():
        app = make_app(path, start_stage="networks")
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            table = candidates(app)
            for header in table.query(".table-head .table-cell"):
                title = str(header.render())
                # never cut inside a word: each word of the header fits the column
                longest = max((len(word) for word in title.split()), default=0)
                assert header.size.width >= min(longest, 14), title
            # a text cell shows its start, the whole in a tooltip
            cell = CellInput(value=long)
            await table.mount(cell)
            cell.styles.width = 12
            await pilot.pause()
            cell.show_start()
            assert cell.cursor_position == 0
            assert cell.tooltip == long

    run(scenario())


# -- 7: a second window follows and takes over ------------------------------------------------


def test_a_second_window_follows_the_file_and_takes_over_when_the_first_quits(
        make_app, copy_session, core_host, monkeypatch):
    path = copy_session()
    monkeypatch.setattr(WorkshopScreen, "FOLLOW_SECONDS", 0.05)

    async def looked(pilot, until) -> None:
        """The read-only window's own timer looks at the file (a real wait, a short one)."""
        for _ in range(100):
            await asyncio.sleep(0.05)
            await pilot.pause()
            if until():
                return

    async def scenario():
        first = SessionStore.open(path)
        second = SessionStore.open(path)
        assert second.read_only
        from workshop.app.app import WorkshopApp

        app = WorkshopApp(core_host, store=second, lang="en", keymap={}, live_timer=False,
                          start_stage="resources")
        async with app.run_test(size=(120, 40)) as pilot:
            screen = app.screen
            assert screen.live.read_only
            # the first window saves an answer: the second one shows it
            first.session.stage("resources").answers["owner"] = "Sam"
            first.save()

            def owner() -> str:
                found = app.screen.query("#q-owner Input")
                return found.first(Input).value if found else ""

            await looked(pilot, lambda: owner() == "Sam")
            assert owner() == "Sam"
            assert app.screen.live.read_only
            # the first window quits: the second one becomes the writer, its stage drawn
            first.close()
            await looked(pilot, lambda: not screen.live.read_only and owner() == "Sam")
            assert not app.screen.live.read_only
            assert app.screen.sub_title != "read-only"
            assert any("now the one writing" in n.message for n in app._notifications)
            owner = app.screen.query_one("#q-owner Input", Input)
            owner.focus()
            await pilot.press("end", *" L.")
            await pilot.press("ctrl+s")
            await pilot.pause()
        second.close()
        assert read(path)["stages"]["resources"]["answers"]["owner"] == "Sam L."

    run(scenario())


# -- 10: keys ------------------------------------------------------------------------------------


def test_every_function_key_has_a_twin_without_function_keys(make_app, copy_session):
    from workshop.app.screens.workshop import WorkshopScreen

    for binding in WorkshopScreen.BINDINGS:
        keys = binding.key.split(",")
        assert any(not key.startswith("f") for key in keys), binding.id

    path = copy_session()

    async def scenario():
        app = make_app(path, start_stage="objectives")
        async with app.run_test(size=(80, 24)) as pilot:
            app.screen.query_one(StageList).focus()
            await pilot.press("alt+n")
            await pilot.pause()
            assert app.screen.current == app.screen.stage_ids()[1]
            await pilot.press("alt+v")
            await pilot.pause()
            assert app.screen.current == "recommendation"
            await pilot.press("alt+o")
            await pilot.pause()
            assert isinstance(app.screen, OverrideDialog)

    run(scenario())


def test_at_80x24_the_key_bar_keeps_override_export_and_notes(make_app, copy_session):
    async def scenario():
        app = make_app(copy_session(), start_stage="tone")
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            line = str(app.screen.query_one(KeyBar).render())
            for words in ("f9Override", "f10Export", "^gNotes"):
                assert words in line, line

    run(scenario())


def test_the_palettes_keys_lists_every_key_and_its_twins(make_app, copy_session):
    async def scenario():
        app = make_app(copy_session(), start_stage="tone")
        async with app.run_test(size=(80, 24)) as pilot:
            screen = app.screen
            commands = {c.title: c for c in app.get_system_commands(screen)}
            assert any(title.startswith("Override (f9 · ") for title in commands)
            commands["Keys"].callback()
            await pilot.pause()
            assert isinstance(app.screen, KeysDialog)
            rows = {words: keys for keys, words, _ in app.screen.rows}
            assert "alt+o" in rows["Override"] and "f9" in rows["Override"]
            assert "alt+e" in rows["Export"]
            await pilot.press("escape")
            await pilot.pause()
            assert app.screen is screen

    run(scenario())


def test_a_drop_downs_own_key_is_said_in_the_sessions_language(make_app, copy_session):
    from workshop.app.widgets.keybar import textual_words

    async def scenario():
        app = make_app(copy_session(), start_stage="tone")
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.press("ctrl+l")  # the session in French
            await pilot.pause()
            assert textual_words(app.screen, "dismiss", "Dismiss menu") == "Fermer la liste"

    run(scenario())


# -- 11: the override dialog -------------------------------------------------------------------


def test_override_dialog_starts_on_the_computed_verdict_and_enter_saves_the_reason(
        make_app, copy_session):
    path = copy_session()

    async def scenario():
        app = make_app(path)
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.press("f9")
            await pilot.pause()
            dialog = app.screen
            verdicts = dialog.query_one("#verdicts", OptionList)
            computed = app.screen_stack[-2].live.recommendation.computed_verdict
            assert verdicts.get_option_at_index(verdicts.highlighted).id == computed
            await pilot.press("down")  # the neighbour, not the first verdict of the list
            chosen = verdicts.get_option_at_index(verdicts.highlighted).id
            assert chosen != "go" and chosen != computed
            await pilot.press("enter")  # to the reason
            assert dialog.focused is dialog.query_one("#reason", TextArea)
            await pilot.press(*"Too soon", "enter")
            await pilot.pause()
            assert not isinstance(app.screen, OverrideDialog)
        override = read(path)["stages"]["recommendation"]["override"]
        assert override == {"verdict": chosen, "reason": "Too soon"}  # no blank line

    run(scenario())


# -- 12: the new-session form ------------------------------------------------------------------


def test_the_new_session_form_marks_what_is_required_and_has_a_currency(make_app, tmp_path):
    async def scenario():
        app = make_app(sessions_dir=tmp_path)
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.press("n")
            await pilot.pause()
            screen = app.screen
            assert isinstance(screen, NewSessionScreen)
            assert screen.title == "New session"
            assert screen.focused is screen.query_one("#organisation", Input)
            titles = {box.id: str(box.query_one(".question-title").render())
                      for box in screen.query(".question")}
            for required in ("organisation", "kind", "size", "market"):
                assert titles[f"field-{required}"].endswith(" *")
            assert not titles["field-sector"].endswith("*")
            assert screen.query_one("#currency", Input).value == "EUR"
            assert "*" in str(screen.query_one(".stage-intro", Static).render())
            create = screen.query_one("#create", Button)
            assert create.region.y + create.region.height <= 23  # above the key bar
            assert create.region.height > 0

    run(scenario())


def test_the_new_session_form_is_drawn_from_the_session_model(make_app, tmp_path):
    """Each choice lists exactly the model's values, in French too; the dates and the
    participants are not asked (the app writes the one, a stage asks the other)."""
    async def scenario():
        app = make_app(sessions_dir=tmp_path, lang="fr")
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.press("n")
            await pilot.pause()
            screen = app.screen
            asked = [box.id.removeprefix("field-") for box in screen.query(".question")]
            assert asked == ["organisation", "kind", "size", "market", "sector",
                             "facilitator", "language", "currency"]
            for name, literal in (("kind", Kind), ("size", Size), ("market", Market)):
                listed = screen.query_one(f"#{name}", Select).query_one(OptionList)
                words = [str(listed.get_option_at_index(index).prompt)
                         for index in range(listed.option_count)]
                assert words[1:] == [tr("fr", f"new.{name}_choices.{value}")
                                     for value in get_args(literal)]  # after the prompt
            language = screen.query_one("#language", RadioSet)
            assert len(language.query("RadioButton")) == len(get_args(Language))
            assert str(language.pressed_button.label) == "Français"  # the app's language
            title = str(screen.query_one("#field-kind .question-title").render())
            assert title == "Type *"
            assert screen.values()["language"] == "fr" and not screen.touched()

    run(scenario())


def test_escape_on_a_filled_new_session_form_asks_first(make_app, tmp_path):
    async def scenario():
        app = make_app(sessions_dir=tmp_path)
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.press("n")
            await pilot.pause()
            await pilot.press(*"Clinic")
            await pilot.press("escape")
            await pilot.pause()
            assert isinstance(app.screen, QuestionDialog)
            await pilot.press("enter")  # keep editing: the first answer
            await pilot.pause()
            assert isinstance(app.screen, NewSessionScreen)
            assert app.screen.query_one("#organisation", Input).value == "Clinic"
            app.screen.query_one("#currency", Input).value = "chf"
            assert app.screen.values()["currency"] == "CHF"
            await pilot.press("escape")
            await pilot.pause()
            app.screen.query_one("#answer-discard", Button).press()
            await pilot.pause()
            assert isinstance(app.screen, PickerScreen)
            # an empty form goes at once
            await pilot.press("n")
            await pilot.pause()
            await pilot.press("escape")
            await pilot.pause()
            assert isinstance(app.screen, PickerScreen)

    run(scenario())


# -- 13: words on the wall ---------------------------------------------------------------------


def test_the_file_changed_dialog_speaks_plainly(make_app, copy_session):
    path = copy_session()

    async def scenario():
        app = make_app(path, start_stage="tone")
        async with app.run_test(size=(80, 24)) as pilot:
            path.write_text(path.read_text("utf-8") + "\n# edited\n", encoding="utf-8")
            app.screen.live.set_notes("tone", "changed")
            app.screen.commit()
            await pilot.pause()
            assert isinstance(app.screen, ConflictDialog)
            words = " ".join(str(s.render()) for s in app.screen.query(Static))
            assert "force" not in words and "True" not in words
            assert "changed this session file" in words

    run(scenario())


def test_the_picker_at_80_columns_keeps_verdicts_whole_and_the_file_name():
    widths = {"organisation": 32, "date": 16, "progress": 5, "verdict": 31, "file": 22}
    fitted = fit_widths(widths, 76)
    assert fitted["verdict"] == 31 and fitted["file"] == 22 and "date" not in fitted
    assert sum(width + 2 for width in fitted.values()) <= 76
    assert fit_widths(widths, 200) == widths


def test_the_picker_at_80x24_shows_the_file_column(make_app, tmp_path, copy_session):
    folder = tmp_path / "sessions"
    copy_session(name="sessions/velo.toml")
    copy_session(name="sessions/velo-followup.toml")

    async def scenario():
        app = make_app(sessions_dir=folder)
        async with app.run_test(size=(80, 24)) as pilot:
            screen = app.screen
            assert screen.wait_idle()
            await pilot.pause()
            await pilot.pause()
            table = screen.query_one("#sessions")
            keys = [column.key.value for column in table.columns.values()]
            assert "file" in keys and "verdict" in keys
            files = {str(table.get_cell_at((row, keys.index("file"))))
                     for row in range(table.row_count)}
            assert files == {"velo.toml", "velo-followup.toml"}

    run(scenario())


def test_the_listening_stage_is_marked_as_a_plugins(make_app, copy_session, sink_host):
    async def scenario():
        app = make_app(copy_session(), host=sink_host, start_stage="sink")
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            sidebar = app.screen.query_one(StageList)
            lines = [str(sidebar.get_option_at_index(i).prompt)
                     for i in range(sidebar.option_count)]
            marked = [line for line in lines if "plugin" in line or "⁺" in line]
            assert marked and not any("Objectives" in line for line in marked)
            banner = str(app.screen.current_form().query_one(".stage-banner").render())
            assert "comes from the plugin kitchen_sink" in banner

    run(scenario())


# -- the export asks about the notes ----------------------------------------------------------


def test_export_asks_whether_the_facilitators_notes_go_in(make_app, copy_session, monkeypatch):
    import workshop.app.app as app_module

    calls: list[bool] = []

    def fake_export(recommendation, host, path, formats=("markdown",), *, with_notes=False):
        calls.append(with_notes)
        return []

    monkeypatch.setattr(app_module, "export_report_files", fake_export)

    async def scenario():
        app = make_app(copy_session(), start_stage="tone")
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.press("alt+e")
            await pilot.pause()
            assert isinstance(app.screen, QuestionDialog)  # the session has notes
            app.screen.query_one("#answer-with", Button).press()
            await pilot.pause()
            await app.workers.wait_for_complete()
            await pilot.press("f10")
            await pilot.pause()
            await pilot.press("enter")  # without: the first answer
            await pilot.pause()
            await app.workers.wait_for_complete()

    run(scenario())
    assert calls == [True, False]
