"""The wall (issue 15): what the client reads on the facilitator's screen and the projector.

"Too early to tell" rather than a verdict and a score while too little is discussed; every
finding listed, the current stage's first, and one key for all of them; big, solid characters;
choices marked by a sign, not by colour alone; a timer that pauses and says "+3:10".
Update the snapshots after a deliberate change of the looks:
``pytest tests/app/test_app_wall.py --snapshot-update``.
"""

from __future__ import annotations

import asyncio
import io
from pathlib import Path

import pytest
from rich.console import Console
from textual.widgets import Digits, RadioButton, SelectionList, Static

from workshop.app.screens.findings import FindingsScreen
from workshop.app.screens.presentation import PresentationScreen
from workshop.app.screens.workshop import WorkshopScreen
from workshop.app.timebox import StageClock
from workshop.app.widgets.bigtext import BigText, big_lines
from workshop.app.widgets.readiness import (
    VERDICT_STYLE_LIGHT,
    ReadinessPanel,
    listed_findings,
    verdict_style,
)
from workshop.app.widgets.sidebar import StageList, score_style
from workshop.app.widgets.timer import TimerBar
from workshop.app.widgets.verdict import VerdictHead

HEADER = """\
schema_version = 1

[session]
organisation = "Clinique des Tilleuls"
kind = "business"
size = "small"
market = "b2c"
sector = "veterinary clinic"
facilitator = "Claire"
language = "en"
currency = "EUR"
created = 2026-11-22T09:00:00+01:00
"""

# one good goal and nothing else: the rules alone would say go 100
EARLY = HEADER + """current_stage = "objectives"

[stages.objectives]
status = "in_progress"

[[stages.objectives.answers.goals]]
id = "loyalty"
kpi = "appointments booked online"
target = "40 a month"
owner = "Julie"
"""

# most of the workshop discussed, twenty-one concerns, the tone on screen
MANY = HEADER + """current_stage = "tone"

[stages.objectives]
status = "done"
[stages.objectives.answers]
theme_linked_to_activity = false
[[stages.objectives.answers.goals]]
id = "acquisition"
kpi = "followers"
target = "1000"
[[stages.objectives.answers.goals]]
id = "loyalty"
[[stages.objectives.answers.goals]]
id = "trend"
[[stages.objectives.answers.goals]]
id = "web_traffic"
kpi = "visits"

[stages.audience]
status = "done"
[stages.audience.answers]
online_presence = "high"
expectations = ["advice", "dialogue"]
planned_content = ["ads", "product_news"]
already_discussed = "yes"
listening_done = false
sensitive_topic = true

[stages.networks]
status = "done"
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

[stages.resources]
status = "done"
[stages.resources.answers]
owner = "Julie"
team = "intern"
hours_per_week = 20
agency_budget_monthly = 0
skill = "experienced"
crisis_plan = false
approval_hours = 48
management_support = false

[stages.tone]
status = "in_progress"
[stages.tone.answers]
register = "professional"
human_voice = true
criticism = "respond_publicly"
beyond_own_news = false
engage_with_others = false
charter = false

[stages.duration]
status = "todo"
"""


def run(coroutine):
    return asyncio.run(coroutine)


def session(tmp_path: Path, text: str, name: str = "wall.toml") -> Path:
    path = tmp_path / name
    path.write_text(text, "utf-8")
    return path


def plain(renderable, width: int = 200) -> str:
    """A renderable (or a widget's content) as the plain text a reader sees."""
    console = Console(width=width, file=io.StringIO(), record=True, color_system=None)
    console.print(renderable)
    return console.export_text()


def shown(widget: Static) -> str:
    return plain(widget.content)


async def settled(pilot) -> None:
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


# -- too early to tell ----------------------------------------------------------------------


def test_every_live_screen_says_too_early_to_tell(make_app, tmp_path):
    path = session(tmp_path, EARLY)

    async def scenario():
        app = make_app(path)
        async with app.run_test(size=(120, 40)) as pilot:
            await settled(pilot)
            live = app.screen.live
            assert live.recommendation.verdict == "not_yet" and live.recommendation.too_little
            panel = app.screen.query_one(ReadinessPanel)
            text = shown(panel.query_one(".readiness-body", Static))
            assert "Too early to tell" in text
            assert "Too little discussed yet to decide (25% of the workshop)." in text
            assert "Still open: Objectives, Audience, Networks, Resources, Tone, Duration" \
                in text.replace("\n", " ")
            assert "Not yet" not in text and "/100" not in text and "┏" not in text
            # the projector view: big words, no score
            await pilot.press("f5")
            await pilot.pause()
            screen = app.screen
            assert isinstance(screen, PresentationScreen)
            verdict = screen.query_one("#show-verdict", Static).content
            assert isinstance(verdict, BigText) and verdict.text == "Too early to tell"
            assert str(screen.query_one("#show-score", Digits).value) == ""
            assert not screen.query_one("#show-score", Digits).visible \
                or screen.query_one("#show-score").region.height == 0
            assert "Still open: Objectives" in shown(screen.query_one("#show-reasons", Static))
            await pilot.press("escape")
            # the recommendation view: no verdict block, no score; the stages to take up
            await pilot.press("f6")
            await settled(pilot)
            head = app.screen.query_one(VerdictHead)
            assert head.words.startswith("TOO EARLY TO TELL")
            assert "Still open: Objectives, Audience" in head.words and head.score == ""

    run(scenario())


def test_the_status_line_at_80x24_keeps_too_early_then_provisional(make_app, tmp_path):
    path = session(tmp_path, EARLY)

    async def scenario():
        app = make_app(path)
        async with app.run_test(size=(80, 24)) as pilot:
            await settled(pilot)
            timer = app.screen.query_one(TimerBar)
            line = str(timer.render())
            assert "Too early to tell" in line and "100" not in line
            # two more stages discussed (60 % of the weight): a verdict, provisional, a score
            for stage_id in ("audience", "networks"):
                app.screen.live.set_status(stage_id, "done")
            app.screen.commit()
            await settled(pilot)
            recommendation = app.screen.live.recommendation
            assert not recommendation.too_little and recommendation.provisional
            line = str(timer.render())
            assert "(provisional)" in line and f"{recommendation.score}/100" in line
            assert len(line) <= 78  # one line of the bar, nothing cut in the middle

    run(scenario())


def test_the_recommendation_view_names_the_stages_still_open(make_app, tmp_path):
    path = session(tmp_path, MANY)

    async def scenario():
        app = make_app(path, start_stage="recommendation")
        async with app.run_test(size=(120, 40)) as pilot:
            await settled(pilot)
            head = app.screen.query_one(VerdictHead)
            assert "Provisional: still open: Tone, Duration." in head.words
            assert head.score == str(app.screen.live.recommendation.score)

    run(scenario())


# -- every finding ---------------------------------------------------------------------------


def test_the_projector_lists_every_finding_the_current_stages_first(make_app, tmp_path):
    path = session(tmp_path, MANY)

    async def scenario():
        app = make_app(path, start_stage="tone")
        async with app.run_test(size=(80, 24)) as pilot:
            await settled(pilot)
            findings = app.screen.live.recommendation.findings
            assert len(findings) >= 20
            await pilot.press("f5")
            await pilot.pause()
            text = shown(app.screen.query_one("#show-reasons", Static))
            assert "more" not in text  # never "… and N more"
            for finding in findings:
                assert finding.text("message", "en")[:30] in text.replace("\n", " ")
            tone_first = text.index("Found in Tone (3)")
            assert tone_first < text.index(findings[0].text("message", "en")[:20])
            # the list scrolls: the last finding can be brought onto the wall
            scroll = app.screen.query_one("#stage-show")
            assert scroll.max_scroll_y > 0
            await pilot.press("pagedown", "pagedown", "pagedown")
            await pilot.pause()
            assert scroll.scroll_y > 0

    run(scenario())


def test_the_readiness_panel_lists_every_finding_the_current_stages_first(make_app, tmp_path):
    path = session(tmp_path, MANY)

    async def scenario():
        app = make_app(path, start_stage="tone")
        async with app.run_test(size=(120, 40)) as pilot:
            await settled(pilot)
            text = shown(app.screen.query_one(".readiness-body", Static))
            assert "more" not in text
            assert text.index("Found in Tone (3)") < text.index("Concerns (18)")
            assert text.count("▲ ") == 21

    run(scenario())


def test_one_key_puts_every_finding_on_the_wall(make_app, tmp_path):
    path = session(tmp_path, MANY)

    async def scenario():
        app = make_app(path, start_stage="tone")
        async with app.run_test(size=(80, 24)) as pilot:
            await settled(pilot)
            await pilot.press("ctrl+f")  # from the questions, a text box focused or not
            await pilot.pause()
            screen = app.screen
            assert isinstance(screen, FindingsScreen)
            text = shown(screen.query_one("#findings-body", Static))
            assert shown(screen.query_one("#findings-head", Static)).startswith(
                "Every finding (21)")
            assert text.index("Tone") < text.index("Objectives")  # the current stage first
            assert sum(line.startswith("   → ") for line in text.splitlines()) == 21  # advice
            await pilot.press("escape")
            await pilot.pause()
            assert isinstance(app.screen, WorkshopScreen)
            # and from the projector view, with a plain key
            await pilot.press("f5")
            await pilot.pause()
            await pilot.press("a")
            await pilot.pause()
            assert isinstance(app.screen, FindingsScreen)
            await pilot.press("escape")
            await pilot.pause()
            assert isinstance(app.screen, PresentationScreen)

    run(scenario())


def test_listed_findings_put_the_current_stage_first():
    class F:
        def __init__(self, code, stage, severity):
            self.code, self.stage, self.severity = code, stage, severity

    found = [F("a.x", "a", "concern"), F("b.y", "b", "blocker"), F("b.z", "b", "concern"),
             F("recommendation.too_little", "recommendation", "concern"),
             F("a.s", "a", "strength")]
    here, others = listed_findings(found, "b")
    assert [f.code for f in here] == ["b.y", "b.z"]
    assert [f.code for f in others] == ["a.x"]


# -- readability -----------------------------------------------------------------------------


def luminance(hex_colour: str) -> float:
    channels = [int(hex_colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(one: str, two: str) -> float:
    high, low = sorted((luminance(one), luminance(two)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_big_characters_are_solid_and_fit_80_columns():
    for words in ("On y va, sous conditions", "On n'y va pas", "Go with conditions",
                  "Trop tôt pour le dire", "Too early to tell"):
        lines = big_lines(words, 76)
        assert lines is not None and all(len(line) <= 76 for line in lines)
        assert "█" in "".join(lines)  # solid blocks, not thin strokes
    assert big_lines("Pas encore", 12) is None  # too narrow: plain capitals instead
    assert "PAS ENCORE" in plain(BigText("Pas encore"), width=12)


def test_the_scores_are_bold_digits(make_app, tmp_path):
    path = session(tmp_path, MANY)

    async def scenario():
        app = make_app(path)
        async with app.run_test(size=(120, 40)) as pilot:
            await settled(pilot)
            text = shown(app.screen.query_one(".readiness-body", Static))
            assert "┏" in text or "━" in text  # Textual's bold digits (heavy strokes)
            await pilot.press("f5")
            await pilot.pause()
            assert app.screen.query_one("#show-score").styles.text_style.bold

    run(scenario())


@pytest.mark.parametrize("theme", ["textual-light", "solarized-light"])
def test_on_a_light_theme_the_verdict_keeps_its_contrast(make_app, tmp_path, theme):
    path = session(tmp_path, MANY)

    async def scenario():
        app = make_app(path)
        async with app.run_test(size=(120, 40)) as pilot:
            app.theme = theme
            await pilot.pause()
            app.screen.refresh_views()
            await pilot.pause()
            panel = app.screen.query_one(ReadinessPanel)
            background = panel.background_colors[1].hex[:7]  # what the text is drawn on
            assert luminance(background) > 0.5  # a light theme indeed
            verdict = app.screen.live.recommendation.verdict
            assert verdict_style(verdict, dark=False) == VERDICT_STYLE_LIGHT[verdict]
            for style in VERDICT_STYLE_LIGHT.values():
                colour = style.split()[-1]
                assert contrast(colour, background) >= 4.5, (colour, background)
                assert contrast(colour, "#ffffff") >= 4.5
            body = panel.query_one(".readiness-body", Static).content
            assert VERDICT_STYLE_LIGHT[verdict].split()[-1] in repr(body.renderables[0].style)
            # the stage list's scores too: no yellow on grey (audience scores 40 here)
            stages = app.screen.query_one(StageList)
            prompt = stages.get_option("audience").prompt
            assert score_style(40, dark=False) in repr(prompt.spans)
            assert contrast(score_style(40, dark=False), stages.background_colors[1].hex[:7]) \
                >= 4.5

    run(scenario())


def test_a_chosen_radio_button_has_a_mark_not_only_a_colour(make_app, tmp_path):
    path = session(tmp_path, MANY)

    async def scenario():
        app = make_app(path, start_stage="tone")
        async with app.run_test(size=(120, 40)) as pilot:
            await settled(pilot)
            buttons = list(app.screen.query(RadioButton))
            chosen = [b for b in buttons if b.value]
            unchosen = [b for b in buttons if not b.value]
            assert chosen and unchosen
            assert all("●" in str(b.render()) and "○" not in str(b.render()) for b in chosen)
            assert all("○" in str(b.render()) for b in unchosen)
            before = dict(app.screen.live.answers("tone"))
            unchosen[0].value = True
            await pilot.pause()
            assert "●" in str(unchosen[0].render())
            assert app.screen.live.answers("tone") != before  # still an answer, not a look

    run(scenario())


def test_a_ticked_box_has_a_mark_not_only_a_colour(make_app, tmp_path):
    path = session(tmp_path, MANY)

    async def scenario():
        app = make_app(path, start_stage="audience")
        async with app.run_test(size=(120, 40)) as pilot:
            await settled(pilot)
            boxes = app.screen.query(SelectionList).first()
            lines = [boxes.render_line(y).text for y in range(boxes.option_count)]
            marked = [line for line in lines if "✔" in line]
            assert len(marked) == len(boxes.selected) > 0
            assert len(lines) > len(marked)

    run(scenario())


def test_the_wall_keys_are_in_the_palette_and_not_on_the_picker(make_app, tmp_path):
    path = session(tmp_path, MANY)

    async def scenario():
        app = make_app(path, start_stage="tone")
        async with app.run_test(size=(120, 40)) as pilot:
            await settled(pilot)
            titles = [c.title for c in app.get_system_commands(app.screen)]
            assert any(t.startswith("Findings (") for t in titles)
            assert any(t.startswith("Pause (") for t in titles)
            assert app.check_action("findings", ()) is True
        picker = make_app(sessions_dir=tmp_path)
        async with picker.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            assert picker.check_action("findings", ()) is False
            assert picker.check_action("pause_timer", ()) is False

    run(scenario())


# -- the timer -------------------------------------------------------------------------------


def test_the_timer_runs_from_opening_pauses_and_shows_an_overrun(make_app, tmp_path,
                                                                 monotonic):
    path = session(tmp_path, MANY)

    async def scenario():
        app = make_app(path, start_stage="tone")  # tone: 10 minutes by default
        async with app.run_test(size=(120, 40)) as pilot:
            await settled(pilot)
            screen = app.screen
            timer = screen.query_one(TimerBar)
            screen.tick()
            assert "Tone 0:00 / 10:00" in str(timer.render())  # not since the file's creation
            monotonic.advance(4 * 60)
            await pilot.press("ctrl+b")  # a break
            await pilot.pause()
            assert screen.clock.paused and "paused" in str(timer.render())
            monotonic.advance(30 * 60)
            screen.tick()
            assert "Tone 4:00 / 10:00" in str(timer.render())
            await pilot.press("ctrl+b")
            await pilot.pause()
            assert not screen.clock.paused
            monotonic.advance(6 * 60 + 190)
            screen.tick()
            line = str(timer.render())
            assert "Tone 10:00 +3:10" in line and timer.has_class("-red")
            assert "workshop 13:10" in line  # the break is not counted

    run(scenario())


def test_the_stage_clock_pauses():
    now = [100.0]
    clock = StageClock(lambda: now[0])
    clock.switch("a")
    now[0] += 60
    assert clock.toggle_pause() is True
    now[0] += 600
    clock.switch("b")  # a stage change during the pause counts nothing either
    assert clock.spent_on("a") == 60 and clock.spent_on("b") == 0
    assert clock.toggle_pause() is False
    now[0] += 30
    assert clock.spent_on("b") == 30 and clock.elapsed() == 90


# -- snapshots -------------------------------------------------------------------------------


async def steady(pilot) -> None:
    await settled(pilot)
    for widget in pilot.app.screen.query("Input, TextArea"):
        widget.cursor_blink = False
    await pilot.pause()


def test_snapshot_the_wall_early_at_80x24(snap_compare, make_app, tmp_path):
    # the tone's questions (choices only): the status line is the point here
    app = make_app(session(tmp_path, EARLY), start_stage="tone")
    assert snap_compare(app, terminal_size=(80, 24), run_before=steady)


def test_snapshot_the_projector_early_at_80x24(snap_compare, make_app, tmp_path):
    app = make_app(session(tmp_path, EARLY))
    assert snap_compare(app, press=["f5"], terminal_size=(80, 24), run_before=steady)


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
def test_snapshot_the_projector_with_a_long_list_of_findings(snap_compare, make_app, tmp_path,
                                                             size):
    app = make_app(session(tmp_path, MANY), start_stage="tone")
    assert snap_compare(app, press=["f5"], terminal_size=size, run_before=steady)


def test_snapshot_every_finding(snap_compare, make_app, tmp_path):
    app = make_app(session(tmp_path, MANY), start_stage="tone")
    assert snap_compare(app, press=["ctrl+f"], terminal_size=(80, 24), run_before=steady)
