"""The final recommendation: the verdict large, the score in big digits, then the whole report.

The body reuses the terminal report's rich renderables, so the app and ``workshop report`` say
the same thing. A facilitator override is shown beside the computed verdict, never instead of it.
"""

from __future__ import annotations

from typing import Any

from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.measure import Measurement
from rich.segment import Segment
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Digits, Static

from workshop.app.live import LiveSession
from workshop.app.texts import tr, verdict_meaning, verdict_name
from workshop.report.text import renderables

# How long the what-if search may take on its thread (the tests lift it to be deterministic).
WHATIF_BUDGET_SECONDS = 1.0


def verdict_class(verdict: str) -> str:
    return f"-verdict-{verdict.replace('_', '-')}"


VERDICT_CLASSES = [verdict_class(v) for v in ("go", "go_with_conditions", "not_yet", "no_go")]


class RenderedOnce:
    """A rich renderable drawn once per width: Textual measures a widget's height and then
    paints it, on every layout pass, and the report is some 200 lines of tables and panels."""

    def __init__(self, renderable: RenderableType) -> None:
        self.renderable = renderable
        self._lines: dict[tuple[Any, ...], list[Segment]] = {}

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        # as rich renders a renderable yielded by another: without the height, which
        # Textual gives only when it paints (measuring the height does not)
        options = options.reset_height()
        key = (id(console), options.max_width, options.min_width, options.height,
               options.justify, options.overflow, options.no_wrap, options.highlight,
               options.markup, options.ascii_only, options.is_terminal, options.legacy_windows)
        segments = self._lines.get(key)
        if segments is None:
            if len(self._lines) > 8:  # widths seen while the terminal is resized
                self._lines.clear()
            segments = self._lines[key] = list(console.render(self.renderable, options))
        yield from segments

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        return Measurement.get(console, options, self.renderable)


class VerdictHead(Horizontal):
    """The verdict in a coloured block and the score in big digits."""

    def compose(self) -> ComposeResult:
        with Vertical(classes="verdict-words"):
            yield Static("", classes="verdict-name")
            yield Static("", classes="verdict-meaning")
        with Vertical(classes="verdict-score-box"):
            yield Digits("", classes="verdict-score")
            yield Static("", classes="verdict-score-label")

    def show(self, live: LiveSession) -> None:
        recommendation = live.recommendation
        if recommendation is None:
            return
        lang = live.lang
        name = self.query_one(".verdict-name", Static)
        for css in VERDICT_CLASSES:
            name.remove_class(css)
        name.add_class(verdict_class(recommendation.verdict))
        name.update(verdict_name(lang, recommendation.verdict).upper())
        lines = Text(verdict_meaning(lang, recommendation.verdict))
        if recommendation.override:
            lines.append("\n" + tr(lang, "verdict.override_line",
                                   reason=recommendation.override.reason), style="italic")
            lines.append("\n" + tr(lang, "verdict.computed_line",
                                   verdict=verdict_name(lang, recommendation.computed_verdict)),
                         style="bold")
        if recommendation.provisional:
            lines.append("\n" + tr(lang, "verdict.provisional"), style="italic dim")
        self.query_one(".verdict-meaning", Static).update(lines)
        self.query_one(".verdict-score", Digits).update(str(recommendation.score))
        self.query_one(".verdict-score-label", Static).update(tr(lang, "verdict.score_label"))


class RecommendationView(VerticalScroll):
    """The final stage's screen: verdict, reasons, conditions, plans, alternatives, and what
    would change the verdict (searched on a thread: it may take most of a second)."""

    _body_token: object | None = None

    def compose(self) -> ComposeResult:
        yield VerdictHead(classes="verdict-head")
        yield Static("", classes="verdict-keys")
        yield Static("", classes="whatif-body")
        yield Static("", classes="report-body")

    def search_whatif(self, live: LiveSession) -> None:
        """Start the what-if search for the answers as they are now, off the UI thread."""
        recommendation = live.recommendation
        target = self.query_one(".whatif-body", Static)
        if recommendation is None or recommendation.computed_verdict == "go":
            target.update("")
            return
        # a copy made here, on the UI thread: typing goes on changing the live session
        session, host, lang = live.session.model_copy(deep=True), live.host, live.lang
        changes = live.changes

        def search() -> None:
            from workshop.engine.whatif import search as find
            from workshop.report.whatif import render_whatif

            found = find(session, host, 3, budget_seconds=WHATIF_BUDGET_SECONDS)
            parts = render_whatif(lang, found.sets, found.complete, "text")
            self.app.call_from_thread(self._show_whatif, parts, live, changes)

        self.run_worker(search, thread=True, exclusive=True, group="whatif")

    def _show_whatif(self, parts: list, live: LiveSession, changes: int) -> None:
        if live.changes == changes:  # not for answers that have changed since
            self.query_one(".whatif-body", Static).update(Group(*parts))

    def show(self, live: LiveSession) -> None:
        """The verdict now; the report body (some 200 lines of tables) and the what-if search
        just after the screen is painted, so the verdict is on screen without waiting."""
        self.query_one(VerdictHead).show(live)
        lang = live.lang
        self.query_one(".verdict-keys", Static).update(Text(tr(lang, "verdict.keys"),
                                                            style="dim"))
        token = self._body_token = object()
        if live.recommendation is None:
            self.query_one(".report-body", Static).update(
                Text(live.engine_error or "", style="red"))
            return
        self.call_after_refresh(self._draw_body, live, token)

    def _draw_body(self, live: LiveSession, token: object) -> None:
        if token is not self._body_token or live.recommendation is None:
            return  # shown again since: that call draws it
        body = self.query_one(".report-body", Static)
        try:
            body.update(RenderedOnce(Group(*renderables(live.recommendation, live.host,
                                                        whatif=False))))
            self.search_whatif(live)
        except Exception as error:  # a report section plugin broke: say so, keep the verdict
            body.update(Text(f"{type(error).__name__}: {error}", style="red"))
