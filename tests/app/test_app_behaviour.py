"""The app's promises, one by one, through Pilot: never lose a word, never crash, say it clearly."""

from __future__ import annotations

import asyncio
import io
import tomllib
from pathlib import Path
from typing import Any

from textual.widgets import (
    Digits,
    Input,
    OptionList,
    RadioSet,
    Select,
    SelectionList,
    Static,
    TextArea,
)

from workshop.app.fields import MISSING
from workshop.app.screens.dialogs import ConflictDialog, QuestionDialog, StatusDialog
from workshop.app.screens.picker import NewSessionScreen, PickerScreen, ProblemsScreen
from workshop.app.screens.presentation import PresentationScreen
from workshop.app.screens.workshop import WorkshopScreen
from workshop.app.texts import key_words
from workshop.app.widgets.form import ChoiceCell, Question, StageForm
from workshop.app.widgets.keybar import KeyBar
from workshop.app.widgets.sidebar import StageList
from workshop.app.widgets.timer import TimerBar
from workshop.plugins import load_plugins
from workshop.session.store import SessionStore

HERE = Path(__file__).resolve().parent
BROKEN_PLUGINS_DIR = HERE / "broken_plugins"
DEMO_SESSION = HERE.parent.parent / "sessions" / "demo-boulangerie-martin.toml"


def run(coroutine):
    return asyncio.run(coroutine)


def read(path: Path) -> dict:
    return tomllib.loads(path.read_text("utf-8"))


def question(app, name: str) -> Question:
    return app.screen.query_one(f"#stage-{app.screen.current} #q-{name}", Question)


def text_of(widget: Static) -> str:
    return str(widget.render())


async def choose(pilot, radio: RadioSet, index: int) -> None:
    """Press a radio button with the keyboard (the cursor starts on the answer given)."""
    radio.focus()
    await pilot.pause()
    current = radio._selected if radio._selected is not None else 0
    keys = ["down"] * (index - current) + ["up"] * (current - index)
    await pilot.press(*keys, "enter")
    await pilot.pause()


async def goto(pilot, stage_id: str) -> None:
    await pilot.app.screen.show_stage(stage_id)
    await pilot.pause()


# -- saving ------------------------------------------------------------------------------------


def test_typing_is_saved_on_stage_change_and_choices_at_once(make_app, copy_session):
    path = copy_session()

    async def scenario():
        app = make_app(path, start_stage="tone")
        async with app.run_test(size=(120, 40)) as pilot:
            screen = app.screen
            spokesperson = question(app, "spokesperson").query_one(Input)
            spokesperson.focus()
            await pilot.press(*"Léa")
            # typing waits for nobody: the answer is in memory at once, on disk a moment later
            assert screen.live.answers("tone")["spokesperson"] == "Léa"
            # a choice is saved at once (with the text typed before it)
            await choose(pilot, question(app, "charter").query_one(RadioSet), 0)
            await pilot.pause()
            answers = read(path)["stages"]["tone"]["answers"]
            assert answers["charter"] is True and answers["spokesperson"] == "Léa"
            assert screen.sub_title == "saved 10:42"
            notes = screen.current_form().query_one(".stage-notes", TextArea)
            notes.focus()
            await pilot.press(*"ok")
            await pilot.press("f8")  # a screen change saves what is pending
            await pilot.pause()
            assert read(path)["stages"]["tone"]["notes"] == "ok"

    run(scenario())


def test_quit_saves_what_is_pending(make_app, copy_session):
    path = copy_session()

    async def scenario():
        app = make_app(path, start_stage="duration")
        async with app.run_test() as pilot:
            field = question(app, "commitment_months").query_one(Input)
            field.focus()
            await pilot.press("3", "6")
            await pilot.press("ctrl+q")
            await pilot.pause()
        assert read(path)["stages"]["duration"]["answers"]["commitment_months"] == 36

    run(scenario())


def test_a_failed_save_is_said_and_loses_nothing(make_app, copy_session):
    path = copy_session()
    before = path.read_bytes()

    async def scenario():
        app = make_app(path, start_stage="duration")
        async with app.run_test() as pilot:
            store = app.screen.live.store
            real_save = store.save

            def full_disk(**_):
                raise OSError(28, "No space left on device")

            store.save = full_disk
            await pilot.press("tab")
            radio = question(app, "regular_publishing").query_one(RadioSet)
            await choose(pilot, radio, 0)  # yes
            await pilot.pause()
            assert app.screen.sub_title == "NOT SAVED"
            assert any("No space left" in n.message for n in app._notifications)
            assert path.read_bytes() == before
            assert app.screen.live.answers("duration")["regular_publishing"] is True
            store.save = real_save  # the disk has room again: the next change saves it all
            field = question(app, "commitment_months").query_one(Input)
            field.focus()
            await pilot.press("1", "2")
            await pilot.press("ctrl+s")
            await pilot.pause()
            assert app.screen.sub_title == "saved 10:42"
        answers = read(path)["stages"]["duration"]["answers"]
        assert answers == {"regular_publishing": True, "commitment_months": 12}

    run(scenario())


def test_quitting_with_an_unsaved_session_asks_twice(make_app, copy_session):
    path = copy_session()

    async def scenario():
        app = make_app(path, start_stage="duration")
        async with app.run_test() as pilot:
            store = app.screen.live.store

            def broken(**_):
                raise PermissionError(13, "Permission denied")

            store.save = broken
            await choose(pilot, question(app, "regular_publishing").query_one(RadioSet), 0)
            await pilot.press("ctrl+q")
            await pilot.pause()
            assert app.is_running  # not yet: the answers are not on disk
            await pilot.press("ctrl+q")
            await pilot.pause()
        assert not app.is_running

    run(scenario())


def test_a_read_only_session_is_shown_and_never_written(make_app, copy_session, core_host):
    path = copy_session()
    before = path.read_bytes()

    async def scenario():
        store = SessionStore.open(path, read_only=True)
        from workshop.app.app import WorkshopApp

        app = WorkshopApp(core_host, store=store, lang="en", keymap={}, live_timer=False)
        async with app.run_test() as pilot:
            screen = app.screen
            assert screen.sub_title == "read-only"
            assert screen.current_form().disabled
            await pilot.press("f3")
            await pilot.press("ctrl+q")
            await pilot.pause()
        store.close()

    run(scenario())
    assert path.read_bytes() == before


def test_someone_else_changed_the_file_keep_mine(make_app, copy_session):
    path = copy_session()

    async def scenario():
        app = make_app(path, start_stage="duration")
        async with app.run_test() as pilot:
            text = path.read_text("utf-8").replace('sector = "bicycle repair"',
                                                   'sector = "bikes"')
            path.write_text(text, encoding="utf-8")  # an editor, behind the app's back
            await choose(pilot, question(app, "regular_publishing").query_one(RadioSet), 0)
            await pilot.pause()
            assert isinstance(app.screen, ConflictDialog)
            await pilot.press("enter")  # keep mine (theirs goes to the backups)
            await pilot.pause()
            assert isinstance(app.screen, WorkshopScreen)
            assert app.screen.sub_title == "saved 10:42"
        data = read(path)
        assert data["stages"]["duration"]["answers"]["regular_publishing"] is True
        assert data["session"]["sector"] == "bicycle repair"
        assert list((path.parent / ".backups").rglob("*"))

    run(scenario())


# -- bad files ---------------------------------------------------------------------------------


def test_an_unreadable_file_from_the_picker_shows_its_problems_and_stays_as_is(make_app,
                                                                              tmp_path, settle):
    broken = tmp_path / "broken.toml"
    broken.write_text('schema_version = 1\n[session]\norganisation = "X"\nkind = "shop"\n'
                      'size = "micro"\nmarket = "b2c"\n', encoding="utf-8")
    before = broken.read_bytes()

    async def scenario():
        app = make_app(sessions_dir=tmp_path)
        async with app.run_test(size=(100, 30)) as pilot:
            assert isinstance(app.screen, PickerScreen)
            await settle(pilot)  # the file's problem, from the picker's thread
            detail = text_of(app.screen.query_one("#picker-detail", Static))
            assert f"{broken}:4: session.kind:" in detail
            await pilot.press("enter")
            await pilot.pause()
            assert isinstance(app.screen, ProblemsScreen)
            assert any(f"{broken}:4: session.kind: 'shop' is not one of the choices" in p
                       for p in app.screen.problems)
            await pilot.press("escape")
            await pilot.pause()
            assert isinstance(app.screen, PickerScreen)

    run(scenario())
    assert broken.read_bytes() == before
    assert not (tmp_path / ".broken.toml.lock").exists() or broken.read_bytes() == before


def test_workshop_file_that_cannot_be_read_exits_1_and_names_the_line(cli, tmp_path):
    broken = tmp_path / "broken.toml"
    broken.write_text("schema_version = 1\n[session]\norganisation = \n", encoding="utf-8")
    before = broken.read_bytes()
    result = cli(str(broken))
    assert result.returncode == 1
    assert f"{broken}:3:" in result.stderr
    assert "Traceback" not in result.stderr
    assert broken.read_bytes() == before


def test_answers_the_stage_does_not_accept_are_kept_and_flagged(make_app, copy_session,
                                                                tmp_path):
    path = copy_session()
    text = path.read_text("utf-8").replace('id = "expertise"', 'id = "fame"')
    text = text.replace("hours_per_week = 5", "hours_per_week = -5")
    path.write_text(text, encoding="utf-8")

    async def scenario():
        app = make_app(path, start_stage="objectives")
        async with app.run_test(size=(120, 40)) as pilot:
            screen = app.screen
            banner = text_of(screen.current_form().query_one(".stage-banner", Static))
            assert "not valid for this stage" in banner
            assert "stages.objectives.answers.goals.1.id" in banner
            sidebar = screen.query_one(StageList)
            assert "⚠" in str(sidebar.get_option("objectives").prompt)
            choices = question(app, "goals").query(ChoiceCell)
            assert choices[1].value == "fame"  # shown as it is, flagged, not dropped
            await goto(pilot, "resources")
            hours = question(app, "hours_per_week")
            assert "must be at least 0" in text_of(hours.query_one(".question-error", Static))
            await choose(pilot, question(app, "crisis_plan").query_one(RadioSet), 0)
            await pilot.pause()
        data = read(path)["stages"]
        assert data["objectives"]["answers"]["goals"][1]["id"] == "fame"
        assert data["resources"]["answers"]["hours_per_week"] == -5
        assert data["resources"]["answers"]["crisis_plan"] is True

    run(scenario())


# -- plugins -----------------------------------------------------------------------------------


def test_a_plugin_stage_the_app_never_saw_gets_a_usable_screen(make_app, copy_session,
                                                                sink_host):
    path = copy_session()

    async def scenario():
        app = make_app(path, host=sink_host, start_stage="sink")
        async with app.run_test(size=(120, 50)) as pilot:
            form = app.screen.current_form()
            assert isinstance(form, StageForm) and form.stage.id == "sink"
            assert text_of(form.query_one(".stage-title", Static)) == "Kitchen sink"
            await pilot.pause()
            live = app.screen.live
            # choice (radio), by keyboard
            await choose(pilot, question(app, "channel").query_one(RadioSet), 1)
            # many choices: a drop-down
            question(app, "region").query_one(Select).value = "overseas"
            # several choices
            topics = question(app, "topics").query_one(SelectionList)
            topics.focus()
            await pilot.press("space", "down", "down", "space")
            # yes / no / not answered, and a plain bool with a default
            await choose(pilot, question(app, "ready").query_one(RadioSet), 1)  # no
            await pilot.pause()
            # numbers with bounds, an error in words, then a good value
            staff = question(app, "staff")
            staff.query_one(Input).focus()
            await pilot.press("6", "0", "0")
            await pilot.pause()
            assert text_of(staff.query_one(".question-error", Static)) == "must be at most 500"
            assert live.answers("sink")["staff"] == 60  # the last good value, never 600
            await pilot.press("backspace", "backspace")
            await pilot.pause()
            assert live.answers("sink")["staff"] == 6
            assert text_of(staff.query_one(".question-error", Static)) == ""
            question(app, "budget").query_one(Input).focus()
            await pilot.press(*"1500,50")
            question(app, "slogan").query_one(Input).focus()
            await pilot.press(*"Fix it")
            question(app, "story").query_one(TextArea).focus()
            await pilot.press(*"Born", "enter", *"in 1990")
            question(app, "keywords").query_one(TextArea).focus()
            await pilot.press(*"bikes", "enter", *"repair")
            # a table: a row, then its cells
            contacts = question(app, "contacts")
            contacts.query_one(".add-row").focus()
            await pilot.press("enter")
            await pilot.pause()
            row = contacts.rows()[0]
            assert "contacts" not in live.answers("sink")  # a new row waits for its name
            await pilot.press(*"Léa")
            await pilot.pause()
            cells = row.query(".table-cell")
            cells[1].value = "owner"
            cells[2].focus()
            await pilot.press("1", "2")
            cells[3].value = True
            await pilot.pause()
            # another type (a dict): TOML in a text box
            question(app, "extra_settings").query_one(Input).focus()
            await pilot.press(*"{ a = 1 }")
            await choose(pilot, question(app, "mood").query_one(RadioSet), 1)
            await pilot.press("f3")
            await pilot.pause()
            finding = [f.code for f in live.recommendation.findings if f.stage == "sink"]
            assert finding == ["sink.not_ready"]
            assert live.recommendation.stage_scores["sink"] == 85
        answers = read(path)["stages"]["sink"]["answers"]
        assert answers == {
            "channel": "phone", "region": "overseas", "topics": ["price", "service"],
            "ready": False, "staff": 6, "budget": 1500.5, "slogan": "Fix it",
            "story": "Born\nin 1990", "keywords": ["bikes", "repair"],
            "contacts": [{"name": "Léa", "role": "owner", "hours": 12, "trained": True}],
            "extra_settings": {"a": 1}, "mood": "busy"}
        assert read(path)["stages"]["sink"]["status"] == "done"

    run(scenario())


def test_a_broken_plugin_is_said_its_stage_marked_and_the_rest_goes_on(make_app,
                                                                       copy_session):
    path = copy_session()
    host = load_plugins(BROKEN_PLUGINS_DIR, entry_points=False)

    async def scenario():
        app = make_app(path, host=host, start_stage="boom")
        async with app.run_test(size=(120, 40)) as pilot:
            messages = [n.message for n in app._notifications]
            assert any("unimportable" in m for m in messages)
            level = question(app, "level").query_one(Input)
            level.focus()
            await pilot.press("3")
            await pilot.press("f8")  # next stage: saved, recomputed
            await pilot.pause()
            live = app.screen.live
            assert "boom" in live.recommendation.broken_stages
            assert "⚠" in str(app.screen.query_one(StageList).get_option("boom").prompt)
            assert any("the boom plugin exploded" in n.message for n in app._notifications)
            # the rest goes on: another stage still works and is scored
            assert app.screen.current == "tone"
            await choose(pilot, question(app, "charter").query_one(RadioSet), 0)
            await pilot.pause()
            assert "tone" in live.recommendation.stage_scores
        assert read(path)["stages"]["boom"]["answers"] == {"level": 3}

    run(scenario())


# -- the facilitator's keys --------------------------------------------------------------------


def test_status_keys_and_the_first_answer_starts_a_stage(make_app, copy_session):
    path = copy_session()

    async def scenario():
        app = make_app(path, start_stage="duration")
        async with app.run_test() as pilot:
            live = app.screen.live
            assert live.status("duration") == "todo"
            await choose(pilot, question(app, "regular_publishing").query_one(RadioSet), 0)
            await pilot.pause()
            assert live.status("duration") == "in_progress"
            await pilot.press("f3")
            assert live.status("duration") == "done"
            await pilot.press("f3")
            assert live.status("duration") == "in_progress"
            await pilot.press("f4")
            assert live.status("duration") == "skipped"
            assert "duration.skipped" in [f.code for f in live.recommendation.findings]
            await pilot.press("f2")
            await pilot.pause()
            assert isinstance(app.screen, StatusDialog)
            await pilot.press("1")
            await pilot.pause()
            assert live.status("duration") == "todo"
        assert read(path)["stages"]["duration"]["status"] == "todo"

    run(scenario())


def test_timer_turns_amber_then_red_and_the_workshop_runs_late(make_app, copy_session,
                                                               monotonic):
    path = copy_session()

    async def scenario():
        app = make_app(path, start_stage="tone")  # tone: 10 minutes by default
        async with app.run_test(size=(120, 40)) as pilot:
            timer = app.screen.query_one(TimerBar)
            monotonic.advance(7 * 60)
            app.screen.tick()
            assert timer.has_class("-ok")
            monotonic.advance(60)
            app.screen.tick()
            assert timer.has_class("-amber")
            monotonic.advance(3 * 60)
            app.screen.tick()
            assert timer.has_class("-red")
            assert "Tone 10:00 +1:00" in text_of(timer)  # the timebox, then the overrun
            assert "1 min behind" in text_of(timer)
            await pilot.press("ctrl+t")
            await pilot.pause()
            await pilot.press("2", "0", "enter")
            await pilot.pause()
            assert timer.has_class("-ok")
            assert "11:00 / 20:00" in text_of(timer)
        assert read(path)["stages"]["tone"]["minutes"] == 20

    run(scenario())


def test_the_cancel_button_of_a_dialog_changes_nothing(make_app, copy_session):
    path = copy_session()
    before = read(path)

    async def scenario():
        app = make_app(path, start_stage="tone")
        async with app.run_test(size=(120, 40)) as pilot:
            for key in ("ctrl+t", "f9"):  # the timebox, then the override
                await pilot.press(key)
                await pilot.pause()
                dialog = app.screen
                await pilot.click(dialog.query_one("#cancel"))
                await pilot.pause()
                assert app.screen is not dialog
                assert isinstance(app.screen, WorkshopScreen)

    run(scenario())
    after = read(path)
    assert after["stages"]["tone"].get("minutes") == before["stages"]["tone"].get("minutes")
    assert "override" not in after["stages"].get("recommendation", {})


def test_presentation_view_at_80x24(make_app, copy_session):
    path = copy_session()

    async def scenario():
        app = make_app(path)
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.press("f5")
            await pilot.pause()
            screen = app.screen
            assert isinstance(screen, PresentationScreen)
            assert str(screen.query_one("#show-score", Digits).value) == "59"
            assert screen.query_one("#show-verdict", Static).content.text == "Not yet"
            for widget_id in ("#show-verdict", "#show-score"):
                region = screen.query_one(widget_id).region
                assert region.bottom <= 23 and region.right <= 80
            # the reasons start on screen; a long list scrolls (issue 15)
            assert screen.query_one("#show-reasons").region.y < 23
            await pilot.press("escape")
            await pilot.pause()
            assert isinstance(app.screen, WorkshopScreen)

    run(scenario())


def test_language_switch_follows_the_session(make_app, copy_session):
    path = copy_session()

    async def scenario():
        app = make_app(path, start_stage="tone")
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.press("ctrl+l")
            await pilot.pause()
            form = app.screen.current_form()
            assert text_of(form.query_one(".stage-title", Static)) == "Ton"
            shown, _ = app.screen.query_one(KeyBar).entries()
            footer_words = [entry.description for entry in shown]
            assert "Suivante" in footer_words
            assert app.screen.sub_title == "enregistré 10:42"
        assert read(path)["session"]["language"] == "fr"

    run(scenario())


def test_every_binding_has_an_id_and_a_palette_entry(make_app, copy_session):
    path = copy_session()

    async def scenario():
        app = make_app(path, start_stage="objectives")
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            screen = app.screen
            ours = [active.binding for active in screen.active_bindings.values()
                    if active.node is screen and active.binding.id]
            assert len({b.id for b in ours}) == len(WorkshopScreen.BINDINGS)
            assert all(b.id.startswith("workshop.") for b in ours)
            commands = [c.title for c in app.get_system_commands(screen)]
            for binding in ours:
                words, _ = key_words(binding, screen)
                assert any(c.startswith(words) for c in commands), binding
            assert "Quit (^q)" in commands

    run(scenario())


def test_keys_can_be_remapped_by_id(make_app, copy_session):
    path = copy_session()

    async def scenario():
        app = make_app(path, start_stage="objectives", keymap={"workshop.next": "f11"})
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.press("f11")
            await pilot.pause()
            assert app.screen.current == "audience"

    run(scenario())


def test_a_keys_file_that_is_not_a_table_is_said_in_the_users_language(tmp_path: Path):
    from workshop.app.app import load_keymap

    keys = tmp_path / "keys.toml"
    keys.write_text('keys = "f11"\n', "utf-8")
    assert load_keymap(keys, "fr") == ({}, f"{keys}\u00a0: keys doit être une table "
                                          'identifiant du raccourci = "touche"')
    keys.write_text("[keys\n", "utf-8")
    mapping, problem = load_keymap(keys, "en")
    assert mapping == {} and problem is not None and problem.startswith(f"{keys}: ")


def test_override_needs_a_reason_and_keeps_the_computed_verdict(make_app, copy_session):
    path = copy_session()

    async def scenario():
        app = make_app(path)
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.press("f9")
            await pilot.pause()
            dialog = app.screen
            verdicts = dialog.query_one("#verdicts", OptionList)
            assert verdicts.highlighted == 2  # the computed verdict, not yet: ↑↑ is go
            await pilot.press("up", "up")
            await pilot.press("ctrl+s")
            await pilot.pause()
            error = text_of(dialog.query_one(".question-error", Static))
            assert error == "Give a reason: it is shown with your verdict."
            await pilot.press(*"They start in January")
            await pilot.press("ctrl+s")
            await pilot.pause()
            live = app.screen.live
            assert (live.recommendation.verdict, live.recommendation.computed_verdict) == (
                "go", "not_yet")
            head = app.screen.query_one("VerdictHead").words
            assert "Verdict from the rules: Not yet" in head
        assert read(path)["stages"]["recommendation"]["override"] == {
            "verdict": "go", "reason": "They start in January"}

    run(scenario())


def test_export_writes_markdown_and_html_next_to_the_session(make_app, copy_session):
    path = copy_session()

    async def scenario():
        app = make_app(path)
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.press("f10")
            await pilot.pause()
            assert isinstance(app.screen, QuestionDialog)  # the session has notes
            await pilot.press("enter")  # without them: the first answer
            await pilot.pause()
            await app.workers.wait_for_complete()
            await pilot.pause()
            assert app.exported == [path.with_suffix(".md"), path.with_suffix(".html")]
            assert any("Report written" in n.message for n in app._notifications)

    run(scenario())
    assert "Atelier Vélo Lyon" in path.with_suffix(".md").read_text("utf-8")
    assert "<html" in path.with_suffix(".html").read_text("utf-8").lower()


def test_a_new_file_given_on_the_command_line_asks_the_new_session_form(make_app, tmp_path):
    target = tmp_path / "client.toml"

    async def scenario():
        app = make_app(target, new=True, settings={"hourly_rate": 80})  # --settings FILE
        async with app.run_test(size=(100, 30)) as pilot:
            assert isinstance(app.screen, NewSessionScreen)
            await pilot.press("ctrl+s")  # nothing given: the form says what is missing
            await pilot.pause()
            errors = [text_of(w) for w in app.screen.query(".question-error.-shown")]
            assert "must not be empty" in errors[0]
            await pilot.press(*"Client SA")
            for name, value in (("kind", "ngo"), ("size", "medium"), ("market", "b2b")):
                app.screen.query_one(f"#{name}", Select).value = value
            await choose(pilot, app.screen.query_one("#language", RadioSet), 0)  # français
            await pilot.press("ctrl+s")
            await pilot.pause()
            assert isinstance(app.screen, WorkshopScreen)
            assert app.screen.live.lang == "fr"

    run(scenario())
    data = read(target)
    assert data["settings"] == {"hourly_rate": 80}
    assert data["session"]["organisation"] == "Client SA"
    assert (data["session"]["kind"], data["session"]["language"]) == ("ngo", "fr")


def test_picker_opens_a_session_and_comes_back(make_app, tmp_path, settle):
    demo = tmp_path / "demo.toml"
    demo.write_bytes(DEMO_SESSION.read_bytes())
    (tmp_path / "examples").mkdir()
    (tmp_path / "examples" / "other.toml").write_bytes(DEMO_SESSION.read_bytes())

    async def scenario():
        app = make_app(sessions_dir=tmp_path)
        async with app.run_test(size=(120, 30)) as pilot:
            picker = app.screen
            table = picker.query_one("#sessions")
            assert table.row_count == 2  # listed at once, judged on the picker's thread
            await settle(pilot)
            assert table.row_count == 2
            row = table.get_row_at(0)
            assert str(row[0]) == "Boulangerie Martin"
            assert row[2] == "6/6"
            assert "Go, with conditions" in str(row[3])  # the picker speaks its language
            await pilot.press("enter")
            await pilot.pause()
            assert isinstance(app.screen, WorkshopScreen)
            await pilot.press("f12")
            await pilot.pause()
            assert isinstance(app.screen, PickerScreen)

    run(scenario())


def test_picker_judges_sessions_after_listing_them_and_keeps_the_cursor(make_app, tmp_path,
                                                                        settle):
    for name in ("a.toml", "b.toml", "c.toml"):
        (tmp_path / name).write_bytes(DEMO_SESSION.read_bytes())

    async def scenario():
        app = make_app(sessions_dir=tmp_path)
        async with app.run_test(size=(120, 30)) as pilot:
            picker = app.screen
            table = picker.query_one("#sessions")
            assert table.row_count == 3
            assert all(str(table.get_row_at(i)[0]) == "Boulangerie Martin" for i in range(3))
            await settle(pilot)
            assert not picker.settling
            assert [table.get_row_at(i)[2] for i in range(3)] == ["6/6"] * 3
            await pilot.press("down", "down")
            assert picker.highlighted().path.name == "c.toml"
            await pilot.press("r")  # listed again, judged again: the cursor stays on its file
            assert picker.highlighted().path.name == "c.toml"
            await settle(pilot)
            assert picker.highlighted().path.name == "c.toml"
            assert "Go, with conditions" in str(table.get_row_at(2)[3])

    run(scenario())


def test_unanswering_a_question_removes_it_from_the_file(make_app, copy_session):
    path = copy_session()

    async def scenario():
        app = make_app(path, start_stage="tone")
        async with app.run_test(size=(120, 40)) as pilot:
            radio = question(app, "register").query_one(RadioSet)
            radio.focus()
            buttons = list(radio.query("RadioButton"))
            buttons[-1].value = True  # "Not answered"
            await pilot.pause()
            assert app.screen.live.answers("tone").get("register", MISSING) is MISSING

    run(scenario())
    assert "register" not in read(path)["stages"]["tone"]["answers"]


def test_every_keystroke_reaches_the_disk_without_waiting(make_app, copy_session, monotonic,
                                                          monkeypatch):
    """A kill -9 loses at most the keystroke in flight: each one is handed to the writer thread
    at once, long before the debounced confirmation (here never) redraws the panels."""
    from workshop.app import live as live_module
    from workshop.app.screens import workshop as workshop_screen

    monkeypatch.setattr(workshop_screen, "DEBOUNCE_SECONDS", 3600)
    monkeypatch.setattr(live_module, "MAX_UNSAVED_SECONDS", 3600)
    path = copy_session()

    async def scenario():
        app = make_app(path, start_stage="tone")
        async with app.run_test(size=(120, 40)) as pilot:
            live = app.screen.live
            question(app, "spokesperson").query_one(Input).focus()
            for typed in ("L", "Lé", "Léa"):
                await pilot.press(typed[-1])
                live._writer.wait_idle()  # the writer thread, not a timer
                assert read(path)["stages"]["tone"]["answers"]["spokesperson"] == typed
            assert live.dirty  # written, not yet confirmed: the title still says so
            assert app.screen.sub_title == "saving…"
            app.screen.flush()
            assert not live.dirty and app.screen.sub_title == "saved 10:42"

    run(scenario())


def test_steady_typing_is_confirmed_at_least_every_second(make_app, copy_session, monotonic,
                                                          monkeypatch):
    from workshop.app.screens import workshop as workshop_screen

    monkeypatch.setattr(workshop_screen, "DEBOUNCE_SECONDS", 3600)  # only the cap confirms
    path = copy_session()

    async def scenario():
        app = make_app(path, start_stage="tone")
        async with app.run_test(size=(120, 40)) as pilot:
            question(app, "spokesperson").query_one(Input).focus()
            await pilot.press("L")
            monotonic.advance(0.6)
            await pilot.press("é")
            assert app.screen.live.dirty
            monotonic.advance(0.6)
            await pilot.press("a")  # 1.2 s of typing without a pause: confirmed now
            await pilot.pause()
            assert not app.screen.live.dirty
            assert read(path)["stages"]["tone"]["answers"]["spokesperson"] == "Léa"

    run(scenario())


def test_reopening_resumes_on_the_stage_last_shown(make_app, copy_session):
    path = copy_session()

    async def first():
        app = make_app(path, start_stage="objectives")
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.press("f8", "f8")
            await pilot.pause()
            assert app.screen.current == "networks"

    async def again():
        app = make_app(path)
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            assert app.screen.current == "networks"

    run(first())
    assert read(path)["session"]["current_stage"] == "networks"
    run(again())


HOLDER = """
import sys
from workshop.session.store import SessionStore
store = SessionStore.open(sys.argv[1])
print("held" if not store.read_only else "not held", flush=True)
sys.stdin.readline()
store.close()
"""


def test_a_session_open_in_another_process_is_read_only_until_it_lets_go(make_app,
                                                                        copy_session):
    import subprocess
    import sys

    path = copy_session()
    holder = subprocess.Popen([sys.executable, "-c", HOLDER, str(path)], stdin=subprocess.PIPE,
                              stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "held"
        before = path.read_bytes()

        async def scenario():
            app = make_app(path, start_stage="duration")
            async with app.run_test(size=(120, 40)) as pilot:
                screen = app.screen
                assert screen.sub_title == "read-only"
                assert any("open in another window" in n.message for n in app._notifications)
                await pilot.press("f3")  # refused, said
                assert path.read_bytes() == before
                holder.stdin.write("bye\n")
                holder.stdin.flush()
                holder.wait(timeout=30)
                await pilot.press("ctrl+s")  # the other one let go: take over
                await pilot.pause()
                assert not screen.live.read_only
                assert not screen.current_form().disabled
                await choose(pilot, question(app, "regular_publishing").query_one(RadioSet), 0)
            assert read(path)["stages"]["duration"]["answers"]["regular_publishing"] is True

        run(scenario())
    finally:
        holder.kill()


def test_the_mouse_works_too(make_app, copy_session):
    path = copy_session()

    async def scenario():
        app = make_app(path, start_stage="objectives")
        async with app.run_test(size=(120, 40)) as pilot:
            sidebar = app.screen.query_one(StageList)
            row = sidebar.get_option_index("duration")
            await pilot.click(StageList, offset=(3, row + 1))
            await pilot.pause()
            await app.workers.wait_for_complete()
            await pilot.pause()
            assert app.screen.current == "duration"
            radio = question(app, "regular_publishing").query_one(RadioSet)
            await pilot.click(radio.query("RadioButton")[1])  # No
            await pilot.pause()
        assert read(path)["stages"]["duration"]["answers"]["regular_publishing"] is False

    run(scenario())


def test_a_session_whose_tuning_is_wrong_opens_and_says_why(make_app, copy_session):
    path = copy_session()
    text = path.read_text("utf-8").replace("[stages.objectives]",
                                           "[settings]\nhourly_rate = -1\n\n[stages.objectives]")
    path.write_text(text, encoding="utf-8")

    async def scenario():
        app = make_app(path, start_stage="recommendation")
        async with app.run_test(size=(80, 24)) as pilot:
            live = app.screen.live
            assert live.recommendation is None
            assert "settings.hourly_rate" in live.engine_error
            body = app.screen.query_one(".report-body")
            assert "settings.hourly_rate" in report_text(body)
            await pilot.press("f5")
            await pilot.pause()
            await pilot.press("escape", "f10", "f7")
            await pilot.pause()
            assert app.screen.current == "duration"  # the workshop goes on

    run(scenario())


def report_text(widget: Any, width: int = 100) -> str:
    """What a rich body (a ``RenderedLines``) says, as plain text."""
    from rich.console import Console

    console = Console(width=width, record=True, file=io.StringIO())
    console.print(widget.renderable)
    return console.export_text()


def test_the_verdict_comes_first_then_the_report_and_what_would_change_it(
        make_app, copy_session, settle, monkeypatch):
    from workshop.app.widgets import verdict

    monkeypatch.setattr(verdict, "WHATIF_BUDGET_SECONDS", 120.0)
    path = copy_session()

    async def scenario():
        app = make_app(path, start_stage="recommendation")
        async with app.run_test(size=(80, 24)) as pilot:
            view = app.screen.query_one(verdict.RecommendationView)
            live = app.screen.live
            name = view.query_one(verdict.VerdictHead).words.splitlines()[0]
            assert name == "NOT YET" == live.recommendation.verdict.replace("_", " ").upper()
            await settle(pilot)
            body = report_text(view.query_one(".report-body"))
            assert live.session.session.organisation in body
            whatif = report_text(view.query_one(".whatif-body"))
            assert whatif.strip()  # the snapshot session is not a plain "go"

    run(scenario())


def test_a_what_if_search_that_breaks_is_said_and_the_workshop_goes_on(
        make_app, copy_session, settle, monkeypatch):
    import workshop.engine.whatif as whatif

    def broken(*args, **kwargs):
        raise RuntimeError("the search broke")

    monkeypatch.setattr(whatif, "search", broken)
    path = copy_session()

    async def scenario():
        app = make_app(path, start_stage="recommendation")
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(pilot)
            view = app.screen.query_one("RecommendationView")
            assert "the search broke" in report_text(view.query_one(".whatif-body"))
            assert report_text(view.query_one(".report-body")).strip()
            await pilot.press("f7")  # the workshop goes on
            await pilot.pause()
            assert app.screen.current == "duration"

    run(scenario())

