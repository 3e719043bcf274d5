"""The final recommendation: the verdict large, the score in big digits, then the whole report.

The body reuses the terminal report's rich renderables, so the app and ``workshop report`` say
the same thing. A facilitator override is shown beside the computed verdict, never instead of it.
"""

from __future__ import annotations

from typing import Any

from rich.align import Align
from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.message import Message
from textual.renderables.digits import Digits as DigitsRenderable
from textual.widget import Widget
from textual.widgets import Static

from workshop.app.background import LatestJob
from workshop.app.live import LiveSession
from workshop.app.texts import tr, verdict_meaning, verdict_name
from workshop.app.widgets.lines import RenderedLines, render_strips
from workshop.app.widgets.readiness import open_stage_titles, too_early, too_early_lines
from workshop.app.widgets.wall_verdict import VERDICT_CLASSES, verdict_class

# How long the what-if search may take on its thread (the tests lift it to be deterministic).
WHATIF_BUDGET_SECONDS = 1.0


class BodyRendered(Message):
    """The report body's lines, from the background thread."""

    def __init__(self, token: object, live: LiveSession, result: Any,
                 error: BaseException | None) -> None:
        super().__init__()
        self.token, self.live, self.result, self.error = token, live, result, error


class WhatIfFound(Message):
    """The what-if search's answer, from its thread."""

    def __init__(self, token: object, live: LiveSession, changes: int, parts: Any,
                 error: BaseException | None) -> None:
        super().__init__()
        self.token, self.live, self.changes = token, live, changes
        self.parts, self.error = parts, error


class VerdictHead(Widget):
    """The verdict in a coloured block, what it means, and the score in big digits: one widget
    (it is on the first frame of a resumed session, where every widget costs)."""

    # the block's colour follows the verdict's class on the widget (-verdict-go...)
    COMPONENT_CLASSES = {"verdict-head--block", "verdict-head--label"}
    DEFAULT_CSS = """
    VerdictHead {
        height: auto;
    }
    VerdictHead.-too-early > .verdict-head--block {
        background: $primary;
        color: $text;
    }
    """

    verdict: str | None = None
    meaning: Text = Text()
    score: str = ""
    label: str = ""

    def show(self, live: LiveSession) -> None:
        recommendation = live.recommendation
        if recommendation is None:
            return
        lang = live.lang
        self.verdict = recommendation.verdict
        early = too_early(recommendation)
        for css in VERDICT_CLASSES:
            self.set_class(not early and css == verdict_class(self.verdict), css)
        self.set_class(early, "-too-early")

        def title(stage_id: str) -> str:
            stage = live.stage(stage_id)
            return stage.title(lang) if stage else stage_id

        if early:  # no verdict and no score on a live screen yet (domain.md: coverage)
            self.name_text = tr(lang, "verdict.too_early").upper()
            lines = Text("\n").join(too_early_lines(lang, recommendation, title))
            self.meaning, self.score = lines, ""
            self.label = ""
            self.refresh(layout=True)
            return
        self.name_text = verdict_name(lang, recommendation.verdict).upper()
        lines = Text(verdict_meaning(lang, recommendation.verdict))
        if recommendation.override:
            lines.append("\n" + tr(lang, "verdict.override_line",
                                   reason=recommendation.override.reason), style="italic")
            lines.append("\n" + tr(lang, "verdict.computed_line",
                                   verdict=verdict_name(lang, recommendation.computed_verdict)),
                         style="bold")
        if recommendation.provisional:
            open_stages = open_stage_titles(recommendation, title)
            lines.append("\n" + (tr(lang, "verdict.provisional_open",
                                    stages=", ".join(open_stages)) if open_stages
                                 else tr(lang, "verdict.provisional")), style="italic")
        self.meaning = lines
        self.score = str(recommendation.score)
        self.label = tr(lang, "verdict.score_label")
        self.refresh(layout=True)

    @property
    def words(self) -> str:
        """The verdict and what it means, as plain text (what the tests read)."""
        return f"{getattr(self, 'name_text', '')}\n{self.meaning.plain}"

    def render(self) -> RenderableType:
        if self.verdict is None:
            return ""
        block = self.get_component_rich_style("verdict-head--block")
        name = Align(Text(self.name_text, style="bold", justify="center"), "center",
                     vertical="middle", height=3, style=block)
        label = Text(self.label, style=self.get_component_rich_style("verdict-head--label"))
        score_width = max(16, DigitsRenderable.get_width(self.score), label.cell_len)
        grid = Table.grid(expand=True, padding=(0, 0, 0, 1))
        grid.add_column(ratio=1)
        grid.add_column(width=score_width, justify="center")
        if not self.score:  # too early to tell: no score to show
            return Group(name, self.meaning)
        grid.add_row(Group(name, self.meaning),
                     Group(Align.center(DigitsRenderable(self.score, style="bold")),
                           Align.center(label)))
        return grid


class RecommendationView(VerticalScroll):
    """The final stage's screen: verdict, reasons, conditions, plans, alternatives, and what
    would change the verdict (searched on a thread: it may take most of a second)."""

    _body_token: object | None = None
    _drawn_token: object | None = None
    _awaiting: object | None = None  # the what-if search whose answer is to be shown
    _pending: tuple[LiveSession, object] | None = None  # the body still to draw
    _painted = False

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # the report body's rendering and the what-if search: off the UI thread, and never
        # waited for on quitting (see ``LatestJob``)
        self.background = LatestJob("workshop-verdict")

    def on_unmount(self) -> None:
        self.background.stop()  # the session is closed: no thread left waiting behind it

    def compose(self) -> ComposeResult:
        yield VerdictHead(classes="verdict-head")
        yield Static("", classes="verdict-keys")
        yield RenderedLines(classes="whatif-body")
        yield RenderedLines(classes="report-body")

    def search_whatif(self, live: LiveSession) -> None:
        """Start the what-if search for the answers as they are now, off the UI thread."""
        recommendation = live.recommendation
        target = self.query_one(".whatif-body", RenderedLines)
        if recommendation is None or recommendation.computed_verdict == "go":
            target.update("")
            return
        # a copy made here, on the UI thread: typing goes on changing the live session
        session, host, lang = live.session.model_copy(deep=True), live.host, live.lang
        changes = live.changes

        def search() -> list[Any]:
            from workshop.engine.whatif import search as find
            from workshop.report.whatif import render_whatif

            found = find(session, host, 3, budget_seconds=WHATIF_BUDGET_SECONDS)
            return render_whatif(lang, found.sets, found.complete, "text")

        token = self._awaiting = object()

        def found(parts: Any, error: BaseException | None) -> None:
            # post_message is safe from another thread and never waits for the UI
            self.post_message(WhatIfFound(token, live, changes, parts, error))

        self.background.submit(search, found)

    def on_what_if_found(self, message: WhatIfFound) -> None:
        message.stop()
        if message.token is self._awaiting:
            self._awaiting = None
        if message.live.changes != message.changes:
            return  # not for answers that have changed since
        target = self.query_one(".whatif-body", RenderedLines)
        if message.error is not None:  # a plugin broke the search: say so, keep the verdict
            error = message.error
            target.update(Text(f"{type(error).__name__}: {error}", style="red"))
        else:
            target.update(Group(*(message.parts or [])))

    @property
    def settling(self) -> bool:
        """The report body or the what-if answer is still to come (for the tests)."""
        return self._body_token is not self._drawn_token or self._awaiting is not None

    def show(self, live: LiveSession) -> None:
        """The verdict now; the report body (some 300 lines of tables) rendered on the
        background thread once the view is painted, then the what-if search: the verdict is on
        the first frame and the keys answer meanwhile."""
        self.query_one(VerdictHead).show(live)
        lang = live.lang
        self.query_one(".verdict-keys", Static).update(Text(tr(lang, "verdict.keys"),
                                                            style="dim"))
        token = self._body_token = object()
        if live.recommendation is None:
            self._drawn_token = token
            self.query_one(".report-body", RenderedLines).update(
                Text(live.engine_error or "", style="red"))
            return
        self._pending = (live, token)
        if self._painted:
            self.call_after_refresh(self._render_body, live, token)
        # else: on_show starts it, once the view has its size

    def on_show(self) -> None:
        self._painted = True
        if self._pending is not None:
            self.call_after_refresh(self._render_body, *self._pending)

    def _render_body(self, live: LiveSession, token: object) -> None:
        recommendation = live.recommendation
        if token is not self._body_token or recommendation is None:
            return  # shown again since: that call renders it
        self._pending = None
        host = live.host
        width = self.query_one(".report-body", RenderedLines).width_for_lines

        def render() -> tuple[Any, int, list[Any]]:
            from workshop.report.text import renderables

            body = Group(*renderables(recommendation, host, whatif=False))
            return body, width, render_strips(body, width)

        def rendered(result: Any, error: BaseException | None) -> None:
            self.post_message(BodyRendered(token, live, result, error))

        self.background.submit(render, rendered)

    def on_body_rendered(self, message: BodyRendered) -> None:
        message.stop()
        if message.token is not self._body_token:
            return  # the verdict changed since: its own body is on the way
        self._drawn_token = message.token
        body = self.query_one(".report-body", RenderedLines)
        if message.error is not None:  # a report section plugin broke: say so, keep the verdict
            error = message.error
            body.update(Text(f"{type(error).__name__}: {error}", style="red"))
            return
        renderable, width, lines = message.result
        body.update(renderable, width=width, lines=lines)
        self.search_whatif(message.live)
