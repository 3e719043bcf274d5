"""The final recommendation: the verdict large, the score in big digits, then the whole report.

The body reuses the terminal report's rich renderables, so the app and ``workshop report`` say
the same thing. A facilitator override is shown beside the computed verdict, never instead of it.
"""

from __future__ import annotations

from rich.console import Group
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
        self.query_one(VerdictHead).show(live)
        lang = live.lang
        self.query_one(".verdict-keys", Static).update(Text(tr(lang, "verdict.keys"),
                                                            style="dim"))
        body = self.query_one(".report-body", Static)
        if live.recommendation is None:
            body.update(Text(live.engine_error or "", style="red"))
            return
        try:
            body.update(Group(*renderables(live.recommendation, live.host, whatif=False)))
            self.search_whatif(live)
        except Exception as error:  # a report section plugin broke: say so, keep the verdict
            body.update(Text(f"{type(error).__name__}: {error}", style="red"))
