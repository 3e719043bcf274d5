"""The projector view: high contrast, no sidebars, the verdict and the score in big characters."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Center, Vertical
from textual.screen import Screen
from textual.widgets import Digits, Static

from workshop.app.live import LiveSession
from workshop.app.texts import localise_bindings, tr, verdict_meaning, verdict_name
from workshop.app.widgets.keybar import KeyBar
from workshop.app.widgets.verdict import verdict_class

MAX_REASONS = 3


class PresentationScreen(Screen):
    """What the client team reads on the wall; the same key (or Escape) goes back."""

    CSS_PATH = "presentation.tcss"

    BINDINGS = [
        Binding("f5,escape", "app.pop_screen", "Back", id="presentation.back"),
    ]

    def __init__(self, live: LiveSession) -> None:
        super().__init__(classes="presentation")
        self.live = live

    def compose(self) -> ComposeResult:
        with Vertical(id="stage-show"):
            yield Static("", id="show-organisation")
            yield Static("", id="show-verdict")
            with Center():
                yield Digits("", id="show-score")
            yield Static("", id="show-score-label")
            yield Static("", id="show-reasons")
        yield KeyBar()

    def on_mount(self) -> None:
        localise_bindings(self, self.live.lang)
        self.show()

    def show(self) -> None:
        lang = self.live.lang
        recommendation = self.live.recommendation
        self.query_one("#show-organisation", Static).update(
            Text(self.live.session.session.organisation, style="bold"))
        verdict = self.query_one("#show-verdict", Static)
        if recommendation is None:
            verdict.update(tr(lang, "readiness.unavailable"))
            return
        verdict.add_class(verdict_class(recommendation.verdict))
        verdict.update(verdict_name(lang, recommendation.verdict).upper())
        self.query_one("#show-score", Digits).update(str(recommendation.score))
        label = tr(lang, "presentation.score")
        if recommendation.provisional:
            label += "  ·  " + tr(lang, "readiness.provisional")
        self.query_one("#show-score-label", Static).update(label)
        lines = Text(verdict_meaning(lang, recommendation.verdict) + "\n", style="bold")
        if recommendation.override:
            lines.append(tr(lang, "verdict.computed_line",
                            verdict=verdict_name(lang, recommendation.computed_verdict)) + "\n")
        shown = [f for f in recommendation.findings if f.severity == "blocker"]
        shown += [f for f in recommendation.findings if f.severity == "concern"]
        for finding in shown[:MAX_REASONS]:
            lines.append("• " + finding.text("message", lang) + "\n")
        if len(shown) > MAX_REASONS:
            lines.append(tr(lang, "readiness.more", count=len(shown) - MAX_REASONS),
                         style="dim")
        self.query_one("#show-reasons", Static).update(lines)
