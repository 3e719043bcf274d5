"""The terminal report, laid out with rich, fit for 80 columns."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.console import Console, Group
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from workshop.i18n import t
from workshop.report.sections import plugin_sections

if TYPE_CHECKING:
    from workshop.engine.recommendation import Recommendation
    from workshop.plugins import PluginHost

VERDICT_STYLE = {"go": "bold green", "go_with_conditions": "bold yellow",
                 "not_yet": "bold dark_orange", "no_go": "bold red"}
SEVERITY_STYLE = {"blocker": "red", "concern": "yellow", "strength": "green"}


def stage_title(recommendation: Recommendation, stage_id: str) -> str:
    evaluation = recommendation.evaluation
    if evaluation and stage_id in evaluation.outcomes:
        return evaluation.outcomes[stage_id].stage.title(recommendation.language)
    return stage_id


def month_span(lang: str, start: int, end: int) -> str:
    if start == end:
        return t(lang, "report.month_single", start=start)
    return t(lang, "report.month_range", start=start, end=end)


def renderables(recommendation: Recommendation, host: PluginHost | None = None) -> list:
    """The report as rich renderables; client text always goes in as plain Text."""
    lang = recommendation.language
    parts: list = []
    verdict = Text(t(lang, f"engine.verdict.{recommendation.verdict}.name"),
                   style=VERDICT_STYLE[recommendation.verdict])
    head = Text.assemble(verdict, "   ", (f"{recommendation.score}/100", "bold"))
    body: list = [head, Text(t(lang, f"engine.verdict.{recommendation.verdict}.meaning"))]
    if recommendation.override:
        body.append(Text(t(lang, "report.computed_verdict") + ": "
                         + t(lang, f"engine.verdict.{recommendation.computed_verdict}.name")))
        body.append(Text(t(lang, "report.override_reason") + ": " + recommendation.override.reason))
    if recommendation.provisional:
        stages = ", ".join(stage_title(recommendation, s) for s in recommendation.pending_stages)
        body.append(Text(t(lang, "report.provisional", stages=stages), style="italic"))
    if recommendation.skipped_stages:
        stages = ", ".join(stage_title(recommendation, s) for s in recommendation.skipped_stages)
        body.append(Text(t(lang, "report.skipped", stages=stages), style="italic"))
    for stage_id, error in recommendation.broken_stages.items():
        body.append(Text(t(lang, "report.broken", stage=stage_title(recommendation, stage_id),
                           error=error), style="red"))
    parts.append(Panel(Group(*body), title=Text(t(lang, "report.title",
                                                 organisation=recommendation.organisation))))

    scores = Table(title=t(lang, "report.stage_scores"), show_header=False, expand=True)
    scores.add_column(ratio=2)
    scores.add_column(ratio=3)
    scores.add_column(justify="right", width=4)
    for stage_id, score in recommendation.stage_scores.items():
        bar = Text("█" * (score // 5) + "░" * (20 - score // 5),
                   style="green" if score >= 70 else "yellow" if score >= 40 else "red")
        scores.add_row(Text(stage_title(recommendation, stage_id)), bar, str(score))
    parts.append(scores)

    for severity in ("blocker", "concern", "strength"):
        found = [f for f in recommendation.findings if f.severity == severity]
        if not found:
            continue
        lines: list = []
        for finding in found:
            kind = f" ({t(lang, f'engine.kind.{finding.kind}')})" if finding.kind else ""
            lines.append(Text.assemble(("• ", SEVERITY_STYLE[severity]),
                                       (finding.text("message", lang), "bold"), kind))
            lines.append(Text("  → " + finding.text("advice", lang)))
            lines.append(Text(f"  {t(lang, 'report.source')}: {finding.source}", style="dim"))
        parts.append(Panel(Group(*lines), title=t(lang, f"report.{severity}s"),
                           border_style=SEVERITY_STYLE[severity]))

    if recommendation.conditions:
        parts.append(Panel(Group(*(Text("☐ " + c) for c in recommendation.conditions)),
                           title=t(lang, "report.conditions")))

    unknown = t(lang, "report.unknown")
    workload = recommendation.workload_hours
    capacity = recommendation.capacity_hours
    plan_lines = [Text(t(lang, "report.workload_line",
                         workload=unknown if workload is None else f"{workload:g}",
                         capacity=unknown if capacity is None else f"{capacity:g}"))]
    catalogue = recommendation.evaluation.catalogue if recommendation.evaluation else {}
    names = [catalogue[n].name.get(lang, n) if n in catalogue else n
             for n in recommendation.network_plan]
    plan_lines.append(Text(", ".join(names) or t(lang, "report.no_network"), style="bold"))
    parts.append(Panel(Group(*plan_lines), title=t(lang, "report.network_plan")))

    steps = Table(title=t(lang, "report.action_plan"), show_header=False, expand=True)
    steps.add_column(width=14)
    steps.add_column()
    for step in recommendation.action_plan:
        tasks = Text("\n".join("– " + task for task in step.tasks))
        steps.add_row(Text(month_span(lang, step.start_month, step.end_month)),
                      Group(Text(step.title, style="bold"), tasks))
    parts.append(steps)

    if recommendation.alternatives:
        parts.append(Panel(Group(*(Text("• " + a) for a in recommendation.alternatives)),
                           title=t(lang, "report.alternatives")))
    if recommendation.recheck_date:
        parts.append(Text(t(lang, "report.recheck", date=recommendation.recheck_date.isoformat()),
                          style="bold"))
    parts.append(Panel(Text(recommendation.listening), title=t(lang, "report.listening")))
    for title, paragraphs in plugin_sections(recommendation, host):
        parts.append(Panel(Group(*(Text(p) for p in paragraphs)), title=Text(title)))
    return parts


def render_text(recommendation: Recommendation, host: PluginHost | None = None,
                width: int | None = None, color: bool = False) -> str:
    console = Console(width=width or 80, record=True, force_terminal=color,
                      color_system="truecolor" if color else None, highlight=False,
                      file=_Discard())
    for part in renderables(recommendation, host):
        console.print(part)
    return console.export_text(styles=color)


class _Discard:
    def write(self, text: str) -> int:
        return len(text)

    def flush(self) -> None:
        pass
