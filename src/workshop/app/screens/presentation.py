"""The projector view: high contrast, no sidebars, the verdict and the score in big characters.

Early in a workshop (too little discussed to decide) it says "too early to tell" in big letters
and shows no score. Every finding is listed (the list scrolls), the current stage's first; ``a``
puts all of them, with their advice, on one screen.
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Static

from workshop.app.live import LiveSession
from workshop.app.texts import localise_bindings, tr, verdict_name
from workshop.app.widgets.keybar import KeyBar
from workshop.app.widgets.readiness import finding_line, listed_findings, too_early_lines
from workshop.app.widgets.wall_verdict import WallVerdict


class PresentationScreen(Screen):
    """What the client team reads on the wall; the same key (or Escape) goes back."""

    CSS_PATH = "presentation.tcss"

    BINDINGS = [
        Binding("f5,escape", "app.pop_screen", "Back", id="presentation.back"),
        Binding("a,ctrl+f", "findings", "Findings", id="presentation.findings"),
        Binding("down,j", "scroll('down')", show=False),
        Binding("up,k", "scroll('up')", show=False),
        Binding("pagedown,space", "scroll('page_down')", show=False),
        Binding("pageup", "scroll('page_up')", show=False),
    ]

    def __init__(self, live: LiveSession, current: str | None = None) -> None:
        super().__init__(classes="presentation")
        self.live = live
        self.current = current  # the stage on the facilitator's screen: its findings first

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="stage-show"):
            yield Static("", id="show-organisation")
            yield WallVerdict("show", "show-score-label")
        yield KeyBar()

    def on_mount(self) -> None:
        localise_bindings(self, self.live.lang)
        if self.current is None:  # the workshop screen under this one knows
            below = [getattr(screen, "current", None) for screen in self.app.screen_stack
                     if getattr(screen, "live", None) is self.live and screen is not self]
            self.current = next((c for c in reversed(below) if c), self.live.current_stage())
        self.show()

    def title_of(self, stage_id: str) -> str:
        stage = self.live.stage(stage_id)
        return stage.title(self.live.lang) if stage else stage_id

    def show(self) -> None:
        lang = self.live.lang
        recommendation = self.live.recommendation
        self.query_one("#show-organisation", Static).update(
            Text(self.live.session.session.organisation, style="bold"))
        if recommendation is None:
            self.query_one("#show-verdict", Static).update(tr(lang, "readiness.unavailable"))
            return
        block = self.query_one(WallVerdict)
        early = block.show(lang, recommendation, early_words=tr(lang, "readiness.too_early"),
                           score_words=tr(lang, "presentation.score"),
                           provisional_words=tr(lang, "readiness.provisional"))
        self.set_class(early, "-too-early")
        lines: list = []
        if early:
            lines += too_early_lines(lang, recommendation, self.title_of)
        elif recommendation.override:
            lines.append(Text(tr(lang, "verdict.computed_line", verdict=verdict_name(
                lang, recommendation.computed_verdict))))
        here, others = listed_findings(recommendation.findings, self.current)
        if here:
            lines.append(Text(tr(lang, "readiness.this_stage", stage=self.title_of(
                self.current or ""), count=len(here)), style="bold underline"))
        lines += [finding_line(f, lang) for f in here]
        if here and others:
            lines.append(Text(""))
        lines += [finding_line(f, lang) for f in others]
        lines.append(Text(tr(lang, "presentation.findings_hint", shortcut="a"), style="#bbbbbb"))
        block.reasons(lang, recommendation, early, lines)

    def action_scroll(self, how: str) -> None:
        getattr(self.query_one("#stage-show", VerticalScroll), f"scroll_{how}")(animate=False)

    def action_findings(self) -> None:
        from workshop.app.screens.findings import FindingsScreen

        live = self.live
        stages = live.stages()
        self.app.push_screen(FindingsScreen(
            live.lang, live.recommendation, {s.id: s.title(live.lang) for s in stages},
            [s.id for s in stages], self.current))
