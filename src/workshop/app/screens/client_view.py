"""The client's view for the projector: the current stage, its answers, the readiness, the verdict.

It follows the session file the facilitator is working on, read-only: it never opens a
``SessionStore`` (which takes the lock) and never writes. A file caught half-written or broken
keeps the last good picture on the wall, and is read again at the next look. What is the
facilitator's alone (notes, timer, the reason of an override) is never shown.

Early in a workshop (too little discussed to decide) the wall says "too early to tell" rather
than a verdict and a score. Findings are never cut: the panel scrolls, the current stage's come
first, and ``a`` puts every finding, with its advice, on one screen.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel
from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import Digits, Static

from workshop.app.texts import localise_bindings
from workshop.app.widgets.keybar import KeyBar
from workshop.app.widgets.readiness import (
    coverage_percent,
    finding_line,
    listed_findings,
    open_stage_titles,
    too_early,
)
from workshop.app.widgets.wall_verdict import WallVerdict
from workshop.engine.recommendation import STAGE_ID as FINAL_STAGE
from workshop.engine.recommendation import Recommendation, recommend
from workshop.engine.wording import field_title, item_label, value_label
from workshop.i18n import t
from workshop.plugins import PluginHost
from workshop.session.errors import SessionError
from workshop.session.io import load_session
from workshop.session.models import Session
from workshop.stage import Network, Stage, network_label

VERDICT_STYLE = {"go": "bold bright_green", "go_with_conditions": "bold bright_yellow",
                 "not_yet": "bold orange1", "no_go": "bold bright_red"}
# the score's colour on the wall, the verdict's (Digits take a CSS colour, not a rich style)
VERDICT_COLOUR = {"go": "#5fff5f", "go_with_conditions": "#ffff5f", "not_yet": "#ffaf00",
                  "no_go": "#ff5f5f"}
SEVERITY_STYLE = {"blocker": "bold bright_red", "concern": "bold bright_yellow"}


def say(lang: str, key: str, **params: Any) -> str:
    return t(lang, f"features.present.{key}", **params)


# -- what is on the wall, without Textual ---------------------------------------------------------


@dataclass
class Picture:
    """Everything the view shows, read from one version of the file."""

    organisation: str
    lang: str
    stage_id: str | None
    stage_title: str
    number: int | None  # the stage's place among the scored stages (None for the final one)
    total: int
    final: bool
    # (question, answer lines or None when unanswered, whether the answer is a list of items)
    questions: list[tuple[str, list[str] | None, bool]] = field(default_factory=list)
    recommendation: Recommendation | None = None
    catalogue: Mapping[str, Network] = field(default_factory=dict)
    titles: dict[str, str] = field(default_factory=dict)  # every stage's title, by id
    order: list[str] = field(default_factory=list)  # the stages in workshop order


def current_stage(session: Session, stages: list[Stage]) -> str | None:
    """The stage on the facilitator's screen: as recorded, else the first one in progress,
    else the last one done, else the first one."""
    known = [stage.id for stage in stages]
    recorded = session.session.current_stage
    if recorded in known:
        return recorded
    status = {stage_id: record.status for stage_id, record in session.stages.items()}
    for stage_id in known:
        if status.get(stage_id) == "in_progress":
            return stage_id
    done = [stage_id for stage_id in known if status.get(stage_id) == "done"]
    if done:
        return done[-1]
    return known[0] if known else None


def picture(session: Session, host: PluginHost) -> Picture:
    """What to show for this session: computed by the engine, as the facilitator's app does."""
    lang = session.session.language
    stages = host.stages()
    recommendation = recommend(session, host)
    evaluation = recommendation.evaluation
    catalogue = evaluation.catalogue if evaluation else {}
    stage_id = current_stage(session, stages)
    stage = next((s for s in stages if s.id == stage_id), None)
    scored = [s.id for s in stages if s.scored]
    final = stage_id == FINAL_STAGE or (stage is not None and not stage.scored)
    shown = Picture(
        organisation=session.session.organisation, lang=lang, stage_id=stage_id,
        stage_title=stage.title(lang) if stage else "", total=len(scored), final=final,
        number=scored.index(stage_id) + 1 if stage_id in scored else None,
        recommendation=recommendation, catalogue=catalogue,
        titles={s.id: s.title(lang) for s in stages}, order=[s.id for s in stages],
    )
    if stage is not None and not final:
        outcome = evaluation.outcomes.get(stage.id) if evaluation else None
        answers = outcome.answers if outcome else None
        record = session.stages.get(stage.id)
        shown.questions = questions(stage, lang, answers, record.answers if record else {},
                                    catalogue)
    return shown


def questions(stage: Stage, lang: str, answers: BaseModel | None, raw: Mapping[str, Any],
              catalogue: Mapping[str, Network]) -> list[tuple[str, list[str] | None, bool]]:
    """Each question's title, its answer as lines (None: not answered yet), and whether it is
    a list of items."""
    model = stage.questions
    result: list[tuple[str, list[str] | None, bool]] = []
    for name in model.model_fields:
        title = field_title(stage, lang, [name])
        value = getattr(answers, name) if answers is not None else raw.get(name)
        listed = isinstance(value, list) and any(isinstance(v, (BaseModel, Mapping))
                                                 for v in value)
        result.append((title, answer_lines(stage, lang, name, value, catalogue), listed))
    return result


def answer_lines(stage: Stage, lang: str, name: str, value: Any,
                 catalogue: Mapping[str, Network]) -> list[str] | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, list) and value and all(isinstance(v, (BaseModel, Mapping))
                                                 for v in value):
        return [_item_line(stage, lang, name, item, catalogue, index)
                for index, item in enumerate(value)]
    if isinstance(value, list) and not value:
        return None
    return [value_label(stage, lang, name, value, catalogue)]


def _item_line(stage: Stage, lang: str, name: str, item: BaseModel | Mapping[str, Any],
               catalogue: Mapping[str, Network], index: int) -> str:
    """ "Instagram — Audience fit: 3 · Selected: yes": the item's name, then its answers."""
    data = dict(item) if isinstance(item, BaseModel) else dict(item)
    label = item_label(stage, lang, data, catalogue, index)
    parts = []
    for key, value in data.items():
        if key in ("id", "name") or value is None or value == "" or value == []:
            continue
        parts.append(say(lang, "pair", title=field_title(stage, lang, [name, key]),
                         value=value_label(stage, lang, key, value, catalogue)))
    return f"{label} — {' · '.join(parts)}" if parts else label


# -- following the file -------------------------------------------------------------------------


class FileFollower:
    """Reads a file again when it changes; a read that fails keeps the last good session."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self.signature: tuple[int, int, int] | None = None
        self.session: Session | None = None
        self.failed = False  # the last read did not give a session (it is tried again)

    def _stat(self) -> tuple[int, int, int] | None:
        try:
            stat = os.stat(self.path)
        except OSError:
            return None
        return (stat.st_mtime_ns, stat.st_size, stat.st_ino)

    def poll(self) -> bool:
        """True when a new version of the session was read."""
        signature = self._stat()
        if signature is None:
            self.failed = True
            return False
        if signature == self.signature and not self.failed:
            return False
        try:
            session = load_session(self.path)
        except SessionError:
            self.failed = True
            self.signature = signature
            return False
        except OSError:
            self.failed = True
            return False
        self.failed = False
        self.signature = signature
        self.session = session
        return True


# -- the screen ---------------------------------------------------------------------------------


class ClientView(Screen):
    """Read-only, high contrast, readable at 80x24."""

    DEFAULT_CSS = """
    ClientView {
        background: black;
        color: white;
        layout: vertical;
    }
    ClientView #cv-head {
        height: 1;
        background: white;
        color: black;
        text-style: bold;
        padding: 0 1;
    }
    ClientView #cv-body {
        height: 1fr;
    }
    /* the two panels side by side: the stage's answers, the readiness */
    ClientView .cv-panel {
        height: 1fr;
        border: heavy white;
        border-title-color: white;
        border-title-style: bold;
        padding: 0 1;
        background: black;
        scrollbar-size-vertical: 1;
    }
    ClientView #cv-questions {
        width: 1fr;
    }
    ClientView #cv-readiness {
        width: 34;
    }
    ClientView.-early #cv-score, ClientView.-early #cv-score-label,
    ClientView.-early #cv-final-score-box, ClientView.-early #cv-final-label {
        display: none;
    }
    ClientView #cv-final-score-box {
        height: auto;
    }
    ClientView #cv-score {
        width: auto;
        color: white;
        text-style: bold;
    }
    ClientView #cv-final {
        height: 1fr;
        display: none;
        border: heavy white;
        padding: 0 2;
        background: black;
        align: center top;
    }
    ClientView.-final #cv-body {
        display: none;
    }
    ClientView.-final #cv-final {
        display: block;
    }
    ClientView #cv-final-verdict {
        width: 100%;
        height: auto;
        padding: 1 0;
        margin-top: 1;
        color: white;
        background: #333333;
    }
    ClientView #cv-final-verdict.-verdict-go {
        background: #006400;
    }
    ClientView #cv-final-verdict.-verdict-go-with-conditions {
        background: #6b5200;
    }
    ClientView #cv-final-verdict.-verdict-not-yet {
        background: #8a3f00;
    }
    ClientView #cv-final-verdict.-verdict-no-go {
        background: #a00000;
    }
    ClientView #cv-final-verdict.-too-early {
        background: #1c3f73;
    }
    ClientView #cv-final-score {
        width: auto;
        color: white;
        text-style: bold;
    }
    ClientView #cv-final-label {
        width: 100%;
        content-align: center middle;
    }
    ClientView #cv-final-reasons {
        width: 100%;
        height: auto;
        padding: 1 0 0 0;
    }
    ClientView KeyBar {
        background: black;
    }
    """

    BINDINGS = [
        Binding("q,escape", "app.quit", "Quit", id="present.quit"),
        Binding("a,ctrl+f", "findings", "Findings", id="present.findings"),
    ]

    def __init__(self, path: str | Path, host: PluginHost, interval: float = 0.5) -> None:
        super().__init__()
        self.follower = FileFollower(path)
        self.host = host
        self.interval = interval
        self.shown: Picture | None = None
        self.updates = 0  # how many versions of the file have been put on the wall

    def compose(self) -> ComposeResult:
        yield Static("", id="cv-head")
        with Horizontal(id="cv-body"):
            yield VerticalScroll(Static("", id="cv-answers"), id="cv-questions",
                                 classes="cv-panel")
            with VerticalScroll(id="cv-readiness", classes="cv-panel"):
                yield Static("", id="cv-verdict")
                yield Digits("", id="cv-score")
                yield Static("", id="cv-score-label")
                yield Static("", id="cv-findings")
        with VerticalScroll(id="cv-final"):
            yield WallVerdict("cv-final", "cv-final-label")
        yield KeyBar()

    def on_mount(self) -> None:
        self.refresh_from_file()
        self.set_interval(self.interval, self.refresh_from_file)

    @property
    def stale(self) -> bool:
        """The file could not be read last time: the wall shows the last good version."""
        return self.follower.failed

    def refresh_from_file(self) -> None:
        if not self.follower.poll() or self.follower.session is None:
            return
        try:
            shown = picture(self.follower.session, self.host)
        except Exception:  # the engine could not read this version: keep the last picture
            self.follower.failed = True
            return
        evaluation = shown.recommendation.evaluation if shown.recommendation else None
        if evaluation is not None and evaluation.problems:
            self.follower.failed = True  # answers that do not validate: a hand edit under way
            return
        self.show(shown)

    def show(self, shown: Picture) -> None:
        if self.shown is None or self.shown.lang != shown.lang:
            localise_bindings(self, shown.lang, "features")
            localise_bindings(self.app, shown.lang, "features")
        self.shown = shown
        self.updates += 1
        lang = shown.lang
        self.app.title = shown.organisation
        head = f"{shown.organisation}  ·  "
        if shown.final:
            head += say(lang, "final")
        elif shown.number is not None:
            head += say(lang, "stage", number=shown.number, total=shown.total,
                        title=shown.stage_title)
        else:
            head += shown.stage_title
        self.query_one("#cv-head", Static).update(Text(head, no_wrap=True, overflow="ellipsis"))
        self.set_class(shown.final, "-final")
        self.set_class(too_early(shown.recommendation), "-early")
        if shown.final:
            self._show_final(shown)
        else:
            self._show_stage(shown)

    def _show_stage(self, shown: Picture) -> None:
        lang = shown.lang
        box = self.query_one("#cv-questions", VerticalScroll)
        box.border_title = shown.stage_title
        self.query_one("#cv-answers", Static).update(self._answers(shown))
        readiness = self.query_one("#cv-readiness", VerticalScroll)
        readiness.border_title = say(lang, "readiness")
        recommendation = shown.recommendation
        verdict = self.query_one("#cv-verdict", Static)
        findings = self.query_one("#cv-findings", Static)
        score = self.query_one("#cv-score", Digits)
        if recommendation is None:
            verdict.update("")
            findings.update("")
            score.update("")
            return
        if too_early(recommendation):
            head = Text.assemble((say(lang, "too_early"), "bold reverse"))
            head.append("\n")
            head.append_text(self._too_early_text(shown))
            verdict.update(head)
            score.update("")
        else:
            # styled as a span: Textual keeps a span's colour, not always a Text's base style
            head = Text.assemble((t(lang, f"engine.verdict.{recommendation.verdict}.name"),
                                  VERDICT_STYLE[recommendation.verdict]))
            if recommendation.provisional:
                head.append("\n" + say(lang, "provisional"), style="italic")
            verdict.update(head)
            score.update(str(recommendation.score))
            score.styles.color = VERDICT_COLOUR[recommendation.verdict]
            self.query_one("#cv-score-label", Static).update(Text(say(lang, "score"),
                                                                  style="grey70"))
        findings.update(self._findings(shown, recommendation))

    def _answers(self, shown: Picture) -> RenderableType:
        """Short answers beside their question; lists of items (goals, networks) below it,
        full width, one item a line."""
        lang = shown.lang
        blocks: list[RenderableType] = []
        table: Table | None = None
        for title, lines, listed in shown.questions:
            if listed and lines:
                table = None
                blocks.append(Text(title, style="bold bright_white"))
                blocks += [Text("• " + line, style="bold bright_cyan") for line in lines]
                continue
            if table is None:
                table = Table.grid(padding=(0, 1), expand=True)
                table.add_column(ratio=1)
                table.add_column(ratio=1)
                blocks.append(table)
            answer = (Text(say(lang, "no_answer"), style="grey70") if lines is None
                      else Text("\n".join(lines), style="bold bright_cyan"))
            table.add_row(Text(title, style="bold bright_white"), answer)
        return Group(*blocks)

    def _too_early_text(self, shown: Picture) -> Text:
        """Why there is no verdict yet, and the stages still to take up."""
        lang, recommendation = shown.lang, shown.recommendation
        text = Text(say(lang, "too_early_why", percent=coverage_percent(recommendation)))
        stages = open_stage_titles(recommendation, lambda s: shown.titles.get(s, s))
        if stages:
            text.append("\n" + say(lang, "open_stages", stages=", ".join(stages)),
                        style="italic")
        return text

    def _findings(self, shown: Picture, recommendation: Recommendation) -> RenderableType:
        """Every blocker and concern, none cut (the panel scrolls): the current stage's first,
        each marked by its severity, not by colour alone."""
        lang = shown.lang
        parts: list[RenderableType] = []
        if recommendation.override:
            parts.append(Text(say(lang, "computed", verdict=t(
                lang, f"engine.verdict.{recommendation.computed_verdict}.name")),
                style="italic"))
        here, others = listed_findings(recommendation.findings,
                                       None if shown.final else shown.stage_id)
        if here:
            parts.append(Text(say(lang, "this_stage", stage=shown.stage_title,
                                  count=len(here)), style="bold underline bright_white"))
            parts += [finding_line(f, lang) for f in here]
        for severity in ("blocker", "concern"):
            found = [f for f in others if f.severity == severity]
            if not found:
                continue
            parts.append(Text(say(lang, f"{severity}s", count=len(found)),
                              style=SEVERITY_STYLE[severity]))
            parts += [finding_line(f, lang) for f in found]
        if not here and not others:
            parts.append(Text(say(lang, "nothing_found"), style="bright_green"))
        parts.append(Text(say(lang, "findings_hint", shortcut="a"), style="grey70"))
        return Group(*parts)

    def action_findings(self) -> None:
        """Every finding, with its advice, on one screen."""
        from workshop.app.screens.findings import FindingsScreen

        shown = self.shown
        if shown is None or shown.recommendation is None:
            return
        self.app.push_screen(FindingsScreen(
            shown.lang, shown.recommendation, shown.titles, shown.order,
            None if shown.final else shown.stage_id, area="features"))

    def _show_final(self, shown: Picture) -> None:
        lang = shown.lang
        recommendation = shown.recommendation
        if recommendation is None:
            return
        block = self.query_one(WallVerdict)
        early = block.show(lang, recommendation, early_words=say(lang, "too_early"),
                           score_words=say(lang, "score"),
                           provisional_words=say(lang, "provisional"), label_style="bold",
                           score_colours=VERDICT_COLOUR)
        parts: list[RenderableType] = [self._too_early_text(shown)] if early else []
        parts.append(self._findings(shown, recommendation))
        if recommendation.network_plan and not early:
            names = ", ".join(network_label(shown.catalogue, n, lang)
                              for n in recommendation.network_plan)
            parts.append(Text(say(lang, "plan", networks=names), style="bold bright_cyan"))
        if recommendation.recheck_date and not early:
            from workshop.report.content import long_date

            parts.append(Text(say(lang, "recheck", date=long_date(
                lang, recommendation.recheck_date)), style="bold"))
        block.reasons(lang, recommendation, early, parts)
