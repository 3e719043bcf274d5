"""The app driven as a facilitator drives it (Pilot): from a new session to a verdict on disk."""

from __future__ import annotations

import asyncio
import tomllib
from pathlib import Path

from textual.widgets import Input, OptionList, RadioSet, Select, SelectionList, TextArea

from workshop.app.screens.picker import NewSessionScreen, PickerScreen
from workshop.app.screens.workshop import WorkshopScreen
from workshop.app.widgets.form import Question, TableQuestion
from workshop.engine.recommendation import recommend
from workshop.session.io import load_session_text
from workshop.session.models import VERDICTS


def read(path: Path) -> dict:
    return tomllib.loads(path.read_text("utf-8"))


def question(app, name: str) -> Question:
    return app.screen.query_one(f"#stage-{app.screen.current} #q-{name}", Question)


async def pick(pilot, name: str, label_index: int) -> None:
    """Press the radio button number ``label_index`` of a question, with the keyboard."""
    radio = question(pilot.app, name).query_one(RadioSet)
    radio.focus()
    await pilot.pause()
    current = radio._selected if radio._selected is not None else 0
    for _ in range(label_index - current):
        await pilot.press("down")
    for _ in range(current - label_index):
        await pilot.press("up")
    await pilot.press("enter")
    await pilot.pause()


async def type_into(pilot, widget, text: str) -> None:
    widget.focus()
    await pilot.pause()
    if isinstance(widget, Input):
        widget.value = ""
    await pilot.press(*text)
    await pilot.pause()


async def walk_stage(pilot) -> None:
    """Done, then next stage (as the facilitator would, with two keys)."""
    await pilot.press("f3")
    await pilot.pause()
    await pilot.press("f8")
    await pilot.pause()


def test_a_whole_workshop_from_a_new_session_to_a_verdict(make_app, tmp_path):
    app = make_app(sessions_dir=tmp_path)
    computed = asyncio.run(whole_workshop(app, tmp_path))
    path = tmp_path / "velo-co.toml"
    check_saved_workshop(app, path, computed)


async def whole_workshop(app, tmp_path: Path) -> str:
    async with app.run_test(size=(120, 40)) as pilot:
        assert isinstance(app.screen, PickerScreen)
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, NewSessionScreen)
        await pilot.press(*"Vélo & Co")
        await pilot.press("tab", "enter", "down", "enter")  # kind: business (keyboard)
        app.screen.query_one("#size", Select).value = "small"
        app.screen.query_one("#market", Select).value = "b2c"
        await type_into(pilot, app.screen.query_one("#facilitator", Input), "Claire")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, WorkshopScreen)
        path = tmp_path / "velo-co.toml"
        assert path.is_file()
        assert app.screen.current == "objectives"

        # objectives: a goal in the table, with the keyboard
        goals = question(app, "goals")
        assert isinstance(goals, TableQuestion)
        goals.query_one(".add-row").focus()
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("enter", "down", "down", "down", "enter")  # id: third choice
        await pilot.pause()
        cells = goals.rows()[0].query(Input)
        await type_into(pilot, cells[0], "returning customers")
        await type_into(pilot, cells[1], "40 a month")
        await type_into(pilot, cells[2], "Léa")
        await walk_stage(pilot)
        saved = read(path)["stages"]["objectives"]
        assert saved["status"] == "done"
        assert saved["answers"]["goals"] == [{"id": "loyalty", "kpi": "returning customers",
                                              "target": "40 a month", "owner": "Léa"}]

        # audience
        assert app.screen.current == "audience"
        segments = question(app, "segments")
        await segments.action_add_row()
        await type_into(pilot, segments.rows()[0].query(Input)[0], "Commuters")
        await pick(pilot, "online_presence", 0)  # high
        expectations = question(app, "expectations").query_one(SelectionList)
        expectations.select("advice")
        planned = question(app, "planned_content").query_one(SelectionList)
        planned.select("advice")
        planned.select("behind_the_scenes")
        await pick(pilot, "already_discussed", 1)  # no
        await pick(pilot, "listening_done", 0)  # yes
        await pick(pilot, "sensitive_topic", 1)  # no
        await walk_stage(pilot)

        # networks: one candidate
        candidates = question(app, "candidates")
        await candidates.action_add_row()
        row = candidates.rows()[0]
        cells = row.query(".table-cell")
        if not isinstance(cells[0], Input):  # a choice from the catalogue
            cells[0].value = "instagram"
        else:
            await type_into(pilot, cells[0], "instagram")
        await type_into(pilot, cells[1], "3")
        cells[2].value = True
        cells[3].value = "none"
        await pilot.pause()
        await walk_stage(pilot)

        # resources
        await type_into(pilot, question(app, "owner").query_one(Input), "Léa")
        await pick(pilot, "team", 1)  # part_time
        await type_into(pilot, question(app, "hours_per_week").query_one(Input), "8")
        await type_into(pilot, question(app, "agency_budget_monthly").query_one(Input), "0")
        await pick(pilot, "skill", 2)  # experienced
        await pick(pilot, "crisis_plan", 0)
        await type_into(pilot, question(app, "approval_hours").query_one(Input), "2,5")
        await pick(pilot, "management_support", 0)
        await walk_stage(pilot)

        # tone
        await pick(pilot, "register", 2)  # conversational
        await pick(pilot, "human_voice", 0)
        await pick(pilot, "criticism", 0)  # respond_publicly
        await pick(pilot, "beyond_own_news", 0)
        await pick(pilot, "engage_with_others", 0)
        await type_into(pilot, question(app, "spokesperson").query_one(Input), "Léa")
        await pick(pilot, "charter", 0)
        await walk_stage(pilot)

        # duration
        await type_into(pilot, question(app, "commitment_months").query_one(Input), "24")
        await type_into(pilot, question(app, "first_review_months").query_one(Input), "6")
        await pick(pilot, "expects_quick_results", 1)
        await pick(pilot, "regular_publishing", 0)
        await pilot.press("ctrl+g")  # notes
        await pilot.press(*"They film repairs.")
        await walk_stage(pilot)

        # the recommendation
        assert app.screen.current == "recommendation"
        live = app.screen.live
        assert live.recommendation.provisional is False
        computed = live.recommendation.verdict
        assert computed in ("go", "go_with_conditions")
        await pilot.press("f9")
        await pilot.pause()
        verdicts = app.screen.query_one("#verdicts", OptionList)
        start = verdicts.highlighted  # on the computed verdict
        assert VERDICTS[start] == computed
        await pilot.press(*["down"] * (2 - start), "enter")  # not_yet; Enter: to the reason
        assert app.screen.focused is app.screen.query_one("#reason", TextArea)
        await pilot.press(*"Wait for the new shop.")
        await pilot.press("enter")  # saves: a reason is one paragraph
        await pilot.pause()
        assert live.recommendation.verdict == "not_yet"
        assert live.recommendation.computed_verdict == computed
        await pilot.press("f3")
        await pilot.pause()
    return computed


def check_saved_workshop(app, path: Path, computed: str) -> None:
    data = read(path)
    assert data["session"]["organisation"] == "Vélo & Co"
    assert data["session"]["kind"] == "business"
    assert data["session"]["language"] == "en"
    stages = data["stages"]
    assert {s: stages[s]["status"] for s in stages} == {
        "objectives": "done", "audience": "done", "networks": "done", "resources": "done",
        "tone": "done", "duration": "done", "recommendation": "done"}
    assert stages["audience"]["answers"] == {
        "segments": [{"name": "Commuters"}], "online_presence": "high",
        "expectations": ["advice"], "planned_content": ["advice", "behind_the_scenes"],
        "already_discussed": "no", "listening_done": True, "sensitive_topic": False}
    assert stages["networks"]["answers"]["candidates"] == [
        {"id": "instagram", "audience_fit": 3, "selected": True, "existing_account": "none"}]
    assert stages["resources"]["answers"]["approval_hours"] == 2.5
    assert stages["resources"]["answers"]["hours_per_week"] == 8
    assert stages["duration"]["answers"]["commitment_months"] == 24
    assert stages["duration"]["notes"] == "They film repairs."
    assert stages["recommendation"]["override"] == {"verdict": "not_yet",
                                                    "reason": "Wait for the new shop."}
    # the engine, on the file alone, agrees with what the app showed
    session, text = load_session_text(path)
    report = recommend(session, app.host, path=str(path), text=text)
    assert report.computed_verdict == computed and report.verdict == "not_yet"
    assert not report.provisional
