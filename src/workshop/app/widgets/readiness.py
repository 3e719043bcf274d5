"""The live readiness picture: provisional verdict, score, blockers, concerns, workload."""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.renderables.digits import Digits
from textual.widgets import Static

from workshop.app.live import LiveSession
from workshop.app.texts import VERDICT_STYLE, tr, verdict_name
from workshop.i18n import number

MAX_LISTED = 4


def hours(value: float | None, lang: str = "en") -> str:
    """``5.1`` in English, ``5,1`` in French."""
    return "?" if value is None else number(lang, value)


def workload_text(lang: str, workload: float | None, capacity: float | None) -> Text | None:
    """``8.1 h / 6 h`` with a bar that turns red when the work does not fit."""
    if workload is None and capacity is None:
        return None
    text = Text(tr(lang, "readiness.workload", workload=hours(workload, lang),
                   capacity=hours(capacity, lang)))
    if workload is not None and capacity:
        ratio = workload / capacity
        filled = min(20, int(round(ratio * 10)))
        style = "green" if ratio <= 0.8 else "yellow" if ratio <= 1 else "red"
        text.append("\n" + "█" * filled + "░" * max(0, 10 - filled), style=style)
    return text


def findings_lines(lang: str, findings: list, severity: str, limit: int = MAX_LISTED) -> list:
    found = [f for f in findings if f.severity == severity]
    if not found:
        return []
    style = {"blocker": "bold red", "concern": "yellow", "strength": "green"}[severity]
    lines: list = [Text(tr(lang, f"readiness.{severity}s", count=len(found)), style=style)]
    for finding in found[:limit]:
        lines.append(Text("• " + finding.text("message", lang)))
    if len(found) > limit:
        lines.append(Text(tr(lang, "readiness.more", count=len(found) - limit), style="dim"))
    return lines


class ReadinessPanel(VerticalScroll):
    """Recomputed after every answer; never decides anything itself. Verdict, score in big
    digits and the reasons are one text (one widget to lay out after each answer)."""

    can_focus = False

    def compose(self) -> ComposeResult:
        yield Static("", classes="readiness-body")

    def show(self, live: LiveSession) -> None:
        lang = live.lang
        self.border_title = tr(lang, "readiness.title")
        body = self.query_one(".readiness-body", Static)
        body.update(self.picture(live))

    @staticmethod
    def picture(live: LiveSession) -> RenderableType:
        lang = live.lang
        recommendation = live.recommendation
        if recommendation is None:
            return Group(Text(tr(lang, "readiness.unavailable"), style="red"),
                         Text(live.engine_error or "", style="red"))
        head = Text(verdict_name(lang, recommendation.verdict),
                    style=VERDICT_STYLE[recommendation.verdict])
        if recommendation.provisional:
            head.append("  " + tr(lang, "readiness.provisional"), style="italic dim")
        parts: list = [head, Digits(f"{recommendation.score}")]
        if recommendation.override:
            parts.append(Text(tr(lang, "readiness.computed",
                                 verdict=verdict_name(lang, recommendation.computed_verdict)),
                              style="italic"))
        parts += findings_lines(lang, recommendation.findings, "blocker")
        parts += findings_lines(lang, recommendation.findings, "concern")
        load = workload_text(lang, recommendation.workload_hours, recommendation.capacity_hours)
        if load is not None:
            parts.append(load)
        problems = list(recommendation.broken_stages.items())
        for stage_id, error in problems:
            stage = live.stage(stage_id)
            parts.append(Text(tr(lang, "readiness.broken",
                                 stage=stage.title(lang) if stage else stage_id, error=error),
                              style="red"))
        if live.engine_error:
            parts.append(Text(live.engine_error, style="red"))
        return Group(*parts)
