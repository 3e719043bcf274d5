"""The live readiness picture: provisional verdict, score, blockers, concerns, workload.

Also the rules every live screen (this panel, the projector view, the client view, the status
line) shares: "too early to tell" instead of a verdict and a score while a provisional session
has discussed too little (domain.md, "Enough of the workshop to decide"), every finding listed
(the panel scrolls) with the current stage's own findings first, and verdict colours that keep
their contrast on a light theme.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from rich.console import Group, RenderableType
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.renderables.digits import Digits
from textual.widgets import Static

from workshop.app.live import LiveSession
from workshop.app.texts import VERDICT_STYLE, tr, verdict_name
from workshop.engine.recommendation import STAGE_ID as FINAL_STAGE_ID
from workshop.i18n import number

# The engine's own "too little was discussed" concern: the head of a live screen says it already.
TOO_LITTLE_CODE = "recommendation.too_little"
# On a light background the dark theme's bright verdict colours wash out (yellow on grey): these
# keep a contrast of at least 4.5:1 on white and on Textual's light surfaces.
VERDICT_STYLE_LIGHT = {"go": "bold #1a6b00", "go_with_conditions": "bold #6b4e00",
                       "not_yet": "bold #9a3c00", "no_go": "bold #b00000"}
SEVERITY_MARK = {"blocker": "✖", "concern": "▲", "strength": "✔"}
SEVERITY_STYLE = {"blocker": "bold red", "concern": "bold yellow", "strength": "green"}
SEVERITY_STYLE_LIGHT = {"blocker": "bold #b00000", "concern": "bold #6b4e00",
                        "strength": "#1a6b00"}


def too_early(recommendation: Any) -> bool:
    """True while a live screen must say "too early to tell" rather than a verdict and a score:
    a provisional session with too little discussed (the engine's ``too_little``)."""
    return bool(recommendation is not None and recommendation.provisional
                and recommendation.too_little)


def coverage_percent(recommendation: Any) -> int:
    """The share of the workshop evaluated so far, in percent (domain.md: coverage)."""
    return int(round(float(recommendation.coverage) * 100))


def open_stage_titles(recommendation: Any, title: Callable[[str], str]) -> list[str]:
    """The stages still open, as the facilitator names them (the final stage aside)."""
    return [title(stage_id) for stage_id in recommendation.pending_stages
            if stage_id != FINAL_STAGE_ID]


def verdict_style(verdict: str, dark: bool = True) -> str:
    return (VERDICT_STYLE if dark else VERDICT_STYLE_LIGHT).get(verdict, "bold")


def listed_findings(findings: Iterable[Any], current: str | None,
                    severities: tuple[str, ...] = ("blocker", "concern")
                    ) -> tuple[list[Any], list[Any]]:
    """The current stage's findings, then the others: blockers before concerns in each, the
    engine's "too little discussed" left to the head that says it."""
    found = [f for f in findings if f.severity in severities and f.code != TOO_LITTLE_CODE]
    found.sort(key=lambda f: severities.index(f.severity))
    here = [f for f in found if current is not None and f.stage == current]
    return here, [f for f in found if f not in here]


def finding_line(finding: Any, lang: str, dark: bool = True) -> Text:
    """``✖ message``: the mark says the severity without colour (a washed-out projector)."""
    styles = SEVERITY_STYLE if dark else SEVERITY_STYLE_LIGHT
    return Text.assemble((SEVERITY_MARK[finding.severity] + " ", styles[finding.severity]),
                         finding.text("message", lang))


def hours(value: float | None, lang: str = "en") -> str:
    """``5.1`` in English, ``5,1`` in French."""
    return "?" if value is None else number(lang, value)


def workload_text(lang: str, workload: float | None, capacity: float | None,
                  dark: bool = True) -> Text | None:
    """``8.1 h / 6 h`` with a bar that turns red when the work does not fit."""
    if workload is None and capacity is None:
        return None
    text = Text(tr(lang, "readiness.workload", workload=hours(workload, lang),
                   capacity=hours(capacity, lang)))
    if workload is not None and capacity:
        ratio = workload / capacity
        filled = min(20, int(round(ratio * 10)))
        style = ("green" if ratio <= 0.8 else "yellow" if ratio <= 1 else "red") if dark \
            else ("#1a6b00" if ratio <= 0.8 else "#6b4e00" if ratio <= 1 else "#b00000")
        text.append("\n" + "█" * filled + "░" * max(0, 10 - filled), style=style)
    return text


def findings_lines(lang: str, findings: list, current: str | None, stage_title: str,
                   dark: bool = True) -> list:
    """Every blocker and concern, none cut: the current stage's under its own heading first."""
    here, others = listed_findings(findings, current)
    lines: list = []
    if here:
        lines.append(Text(tr(lang, "readiness.this_stage", stage=stage_title,
                             count=len(here)), style="bold underline"))
        lines += [finding_line(f, lang, dark) for f in here]
    styles = SEVERITY_STYLE if dark else SEVERITY_STYLE_LIGHT
    for severity in ("blocker", "concern"):
        found = [f for f in others if f.severity == severity]
        if found:
            lines.append(Text(tr(lang, f"readiness.{severity}s", count=len(found)),
                              style=styles[severity]))
            lines += [finding_line(f, lang, dark) for f in found]
    return lines


def too_early_lines(lang: str, recommendation: Any, title: Callable[[str], str]) -> list:
    """What stands instead of a verdict and a score early in a workshop."""
    lines: list = [Text(tr(lang, "readiness.too_early_why",
                           percent=coverage_percent(recommendation)))]
    stages = open_stage_titles(recommendation, title)
    if stages:
        lines.append(Text(tr(lang, "readiness.open_stages", stages=", ".join(stages)),
                          style="italic"))
    return lines


class ReadinessPanel(VerticalScroll):
    """Recomputed after every answer; never decides anything itself. Verdict, score in big
    digits and the reasons are one text (one widget to lay out after each answer)."""

    can_focus = False
    _live: LiveSession | None = None

    def compose(self) -> ComposeResult:
        yield Static("", classes="readiness-body")

    def on_mount(self) -> None:
        # a light theme needs the darker verdict colours: drawn again when the theme changes
        self.watch(self.app, "theme", self._theme_changed, init=False)

    def _theme_changed(self) -> None:
        if self._live is not None:
            self.show(self._live)

    def show(self, live: LiveSession) -> None:
        self._live = live
        lang = live.lang
        self.border_title = tr(lang, "readiness.title")
        body = self.query_one(".readiness-body", Static)
        current = getattr(self.screen, "current", None) if self.is_attached else None
        body.update(self.picture(live, current, self.app.current_theme.dark
                                 if self.is_attached else True))

    @staticmethod
    def picture(live: LiveSession, current: str | None = None,
                dark: bool = True) -> RenderableType:
        lang = live.lang
        recommendation = live.recommendation
        if recommendation is None:
            return Group(Text(tr(lang, "readiness.unavailable"), style="red"),
                         Text(live.engine_error or "", style="red"))

        def title(stage_id: str) -> str:
            stage = live.stage(stage_id)
            return stage.title(lang) if stage else stage_id

        parts: list = []
        if too_early(recommendation):
            parts.append(Text(tr(lang, "readiness.too_early"), style="bold reverse"))
            parts += too_early_lines(lang, recommendation, title)
        else:
            head = Text(verdict_name(lang, recommendation.verdict),
                        style=verdict_style(recommendation.verdict, dark))
            if recommendation.provisional:
                head.append("  " + tr(lang, "readiness.provisional"), style="italic")
            parts += [head, Digits(f"{recommendation.score}", style="bold")]
            if recommendation.override:
                parts.append(Text(tr(lang, "readiness.computed",
                                     verdict=verdict_name(lang, recommendation.computed_verdict)),
                                  style="italic"))
        parts += findings_lines(lang, recommendation.findings, current,
                                title(current) if current else "", dark)
        load = workload_text(lang, recommendation.workload_hours, recommendation.capacity_hours,
                             dark)
        if load is not None:
            parts.append(load)
        problems = list(recommendation.broken_stages.items())
        for stage_id, error in problems:
            parts.append(Text(tr(lang, "readiness.broken", stage=title(stage_id), error=error),
                              style="red"))
        if live.engine_error:
            parts.append(Text(live.engine_error, style="red"))
        return Group(*parts)
