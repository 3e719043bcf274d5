"""The terminal report, laid out with rich, fit for 80 columns.

Every string goes in as a ``rich.text.Text`` (never as markup), so a client's "[bold]" or an
ANSI escape in a name shows as typed. The app's recommendation screen reuses ``renderables``.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from rich import box
from rich.console import Console, Group, RenderableType
from rich.padding import Padding
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from workshop.report.content import (
    SEVERITIES,
    ReportContent,
    build_content,
    filled_cells,
    month_span,
    stage_title,
    step_cells,
)
from workshop.report.whatif import VERDICT_STYLE, progress_section, whatif_section

if TYPE_CHECKING:
    from workshop.engine.recommendation import Recommendation
    from workshop.plugins import PluginHost

__all__ = ["renderables", "render_text", "month_span", "stage_title"]

SEVERITY_STYLE = {"blocker": "red", "concern": "yellow", "strength": "green"}
SEVERITY_MARK = {"blocker": "✖ ", "concern": "! ", "strength": "✔ "}
BAR = 20  # characters of a 0-100 bar
GANTT = 24  # characters of the action-plan timeline


def score_style(score: int) -> str:
    return "green" if score >= 70 else "yellow" if score >= 40 else "red"


def score_bar(score: int, width: int = BAR) -> Text:
    filled = filled_cells(score, width)
    return Text.assemble(("█" * filled, score_style(score)), ("░" * (width - filled), "dim"))


def _heading(content: ReportContent) -> Panel:
    c = content
    lines: list[RenderableType] = [Text(c.title, style="bold")]
    people = [c.date(c.day)]
    if c.facilitator:
        people.append(c.pair("facilitator", c.facilitator))
    lines.append(Text(" · ".join(people), style="dim"))
    if c.participants:
        lines.append(Text(c.pair("participants", ", ".join(c.participants)), style="dim"))
    lines.append(Text())
    lines.append(Text.assemble((c.verdict_name(), VERDICT_STYLE[c.verdict]), "   ",
                               (c.word("score_value", score=c.score), "bold"), " ",
                               (c.word("score"), "dim")))
    lines.append(Text(c.verdict_meaning()))
    if c.override_reason is not None:
        lines.append(Text())
        lines.append(Text(c.word("override_note"), style="italic"))
        lines.append(Text(c.pair("computed_verdict", c.verdict_name(c.computed_verdict))))
        lines.append(Text(c.pair("override_reason", c.override_reason)))
    if c.pending:
        lines.append(Text(c.word("provisional", stages=", ".join(c.pending)), style="italic"))
    if c.skipped:
        lines.append(Text(c.word("skipped", stages=", ".join(c.skipped)), style="italic"))
    for stage, error in c.broken:
        lines.append(Text(c.word("broken", stage=stage, error=error), style="red"))
    return Panel(Group(*lines), title=Text(c.word("subtitle")), title_align="left",
                 border_style=VERDICT_STYLE[c.verdict])


def _scores(content: ReportContent) -> Table:
    c = content
    table = Table(title=Text(c.word("stage_scores"), style="bold"), show_header=False,
                  box=box.SIMPLE, expand=True)
    table.add_column(ratio=1, overflow="fold")
    table.add_column(width=BAR, no_wrap=True)
    table.add_column(justify="right", width=10, no_wrap=True)
    for stage in c.stages:
        if stage.score is None:
            table.add_row(Text(stage.title), Text("·" * BAR, style="dim"),
                          Text(c.word(f"status.{stage.status}"), style="dim italic"))
        else:
            table.add_row(Text(stage.title), score_bar(stage.score),
                          Text(str(stage.score), style=score_style(stage.score)))
    table.add_row(Text(c.word("score"), style="bold"), score_bar(c.score),
                  Text(c.word("score_value", score=c.score), style="bold"))
    return table


def _findings(content: ReportContent) -> list[RenderableType]:
    c = content
    parts: list[RenderableType] = []
    for severity in SEVERITIES:
        found = c.of(severity)
        if not found:
            continue
        lines: list[RenderableType] = []
        for number, finding in enumerate(found):
            if number:
                lines.append(Text())
            head = Text(SEVERITY_MARK[severity], style=SEVERITY_STYLE[severity])
            head.append(finding.message, style="bold")
            if finding.kind:
                head.append(f" ({finding.kind})", style=SEVERITY_STYLE[severity])
            lines.append(head)
            lines.append(Text.assemble(("→ ", "bold"), finding.advice))
            source = Text(c.pair("source", f"{finding.source} · {finding.stage}"), style="dim")
            lines.append(source)
            if finding.quote:
                lines.append(Text(f"« {finding.quote} »", style="dim italic"))
        parts.append(Panel(Group(*lines), title=Text(c.word(f"{severity}s")),
                           title_align="left", border_style=SEVERITY_STYLE[severity]))
    return parts


def _conditions(content: ReportContent) -> Table:
    c = content
    table = Table(title=Text(c.word("conditions"), style="bold"),
                  caption=Text(c.word("conditions_intro")), box=box.SIMPLE_HEAD, expand=True)
    table.add_column("#", width=2, justify="right")
    table.add_column(Text(c.word("condition")), ratio=3, overflow="fold")
    table.add_column(Text(c.word("owner")), ratio=1, overflow="fold")
    table.add_column(Text(c.word("due")), width=12)
    for number, condition in enumerate(c.conditions, start=1):
        owner = Text(condition.owner) if condition.owner else Text(c.word("owner_unknown"),
                                                                   style="italic")
        table.add_row(str(number), Text(condition.text), owner,
                      Text(c.date(condition.due) if condition.due else c.word("nobody")))
    return table


def dash(c: ReportContent, value: float | None) -> str:
    return c.word("nobody") if value is None else c.num(value)


def _networks(content: ReportContent) -> RenderableType:
    c = content
    rows = list(c.networks)
    top = max([c.workload or 0, c.capacity or 0, *[(n.hours or 0) for n in rows]]) or 1
    table = Table(title=Text(c.word("network_plan"), style="bold"), box=box.SIMPLE_HEAD,
                  expand=True)
    table.add_column(Text(c.word("network")), ratio=1, overflow="fold")
    table.add_column(width=BAR, no_wrap=True)
    table.add_column(Text(c.word("hours_per_week")), justify="right", width=18)

    def bar(hours: float | None, style: str) -> Text:
        filled = 0 if hours is None else round(hours * BAR / top)
        return Text.assemble(("█" * filled, style), ("░" * (BAR - filled), "dim"))

    for network in rows:
        name = Text(network.name)
        if not network.in_plan:
            name.append(f" ({c.word('left_out')})", style="dim italic")
        table.add_row(name, bar(network.hours, "cyan" if network.in_plan else "dim"),
                      Text(dash(c, network.hours)))
    if c.listening_hours is not None:
        table.add_row(Text(c.word("listening_row")), bar(c.listening_hours, "blue"),
                      Text(dash(c, c.listening_hours)))
    over = c.overloaded
    table.add_row(Text(c.word("workload"), style="bold"),
                  bar(c.workload, "red" if over else "green"), Text(dash(c, c.workload)))
    table.add_row(Text(c.word("capacity"), style="bold"), bar(c.capacity, "white"),
                  Text(dash(c, c.capacity)))
    lines: list[RenderableType] = [table]
    if not rows:
        if c.workload is None and c.capacity is None:
            return Group(Text(c.word("network_plan"), style="bold", justify="center"),
                         Text(c.word("no_network"), style="italic"))
        lines.append(Text(c.word("no_network"), style="italic"))
    if c.workload is not None and c.capacity is not None:
        if over:
            lines.append(Text(c.word("plan_over", hours=c.hours(c.workload - c.capacity)),
                              style="red"))
        else:
            lines.append(Text(c.word("plan_fits"), style="green"))
    return Group(*lines)


def _plan(content: ReportContent) -> Table:
    c = content
    table = Table(title=Text(c.word("action_plan"), style="bold"), show_header=False,
                  box=box.SIMPLE, expand=True)
    table.add_column(ratio=1, overflow="fold")
    table.add_column(width=GANTT, no_wrap=True)
    for step in c.steps:
        first, last = step_cells(step.start_month, step.end_month, c.months, GANTT)
        bar = Text.assemble(("·" * first, "dim"), ("█" * (last - first), "cyan"),
                            ("·" * (GANTT - last), "dim"))
        body = Text(step.title, style="bold")
        for task in step.tasks:
            body.append("\n– " + task)
        span = Text(month_span(c.lang, step.start_month, step.end_month), style="dim")
        table.add_row(body, Group(bar, span))
    return table


def _appendix(content: ReportContent) -> list[RenderableType]:
    c = content
    parts: list[RenderableType] = [Text(c.word("appendix"), style="bold underline")]
    for stage in c.appendix:
        table = Table(title=Text(f"{stage.title} ({c.word(f'status.{stage.status}')})"),
                      show_header=False, box=box.SIMPLE, expand=True, title_justify="left")
        table.add_column(ratio=2, overflow="fold", style="dim")
        table.add_column(ratio=3, overflow="fold")
        for answer in stage.answers:
            if answer.items is not None:
                value = Text()
                for number, pairs in enumerate(answer.items, start=1):
                    if number > 1:
                        value.append("\n")
                    value.append(f"{number}. ")
                    value.append(c.joined(pairs))
                if not answer.items:
                    value = Text(c.word("empty"), style="italic")
            elif answer.value is None:
                value = Text(c.word("not_answered"), style="italic dim")
            else:
                value = Text(answer.value)
            table.add_row(Text(answer.title), value)
        parts.append(table)
    return parts


def renderables(recommendation: Recommendation, host: PluginHost | None = None, *,
                appendix: bool = True, whatif: bool = True,
                path: str | Path | None = None) -> list[RenderableType]:
    """The report as rich renderables; client text always goes in as plain Text."""
    c = build_content(recommendation, host)
    parts: list[RenderableType] = [_heading(c), _scores(c)]
    parts += _findings(c)
    if c.conditions:
        parts.append(_conditions(c))
    parts.append(_networks(c))
    parts.append(_plan(c))
    parts += progress_section(recommendation, host, "text", path=path)
    if whatif:
        parts += whatif_section(recommendation, host, "text")
    if c.alternatives:
        parts.append(Panel(Group(*(Text("• " + a) for a in c.alternatives)),
                           title=Text(c.word("alternatives")), title_align="left"))
    if c.recheck:
        parts.append(Panel(Text(c.word("recheck", date=c.date(c.recheck)), style="bold"),
                           title=Text(c.word("recheck_heading")), title_align="left"))
    parts.append(Panel(Text(c.listening), title=Text(c.word("listening")), title_align="left",
                       border_style="blue"))
    if c.notes:
        lines: list[RenderableType] = []
        for note in c.notes:
            lines.append(Text(note.stage, style="bold"))
            lines.append(Padding(Text(note.text), (0, 0, 0, 2)))
        parts.append(Panel(Group(*lines), title=Text(c.word("notes")), title_align="left"))
    for title, paragraphs in c.sections:
        parts.append(Panel(Group(*(Text(p) for p in paragraphs)), title=Text(title),
                           title_align="left"))
    if appendix and c.appendix:
        parts += _appendix(c)
    return parts


def render_text(recommendation: Recommendation, host: PluginHost | None = None,
                width: int | None = None, color: bool = False,
                path: str | Path | None = None) -> str:
    """The terminal report as plain text (or with ANSI styles when ``color``)."""
    console = Console(width=width or 80, record=True, force_terminal=color,
                      color_system="truecolor" if color else None, highlight=False,
                      emoji=False, markup=False, file=_Discard())
    for part in renderables(recommendation, host, path=path):
        console.print(part)
    return console.export_text(styles=color)


class _Discard:
    """A console file that drops what it is given: the text is taken from the recording."""

    def write(self, text: str) -> int:
        return len(text)

    def flush(self) -> None:
        pass
