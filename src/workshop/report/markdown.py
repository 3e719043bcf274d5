"""The Markdown report: the take-home version a client can paste anywhere.

Client text is escaped so that a name like ``**Bob** <script>`` shows exactly as typed in any
CommonMark or GitHub renderer; the report's own words are ours and may use Markdown.
"""

from __future__ import annotations

import math
import re
from pathlib import Path
from typing import TYPE_CHECKING

from workshop.report.content import (
    SEVERITIES,
    ReportContent,
    build_content,
    clean,
    filled_cells,
    month_span,
    step_cells,
)
from workshop.report.whatif import progress_section, whatif_section

if TYPE_CHECKING:
    from workshop.engine.recommendation import Recommendation
    from workshop.plugins import PluginHost

# Inline markup anywhere in a line (CommonMark, GFM tables and strikethrough, common math).
_INLINE = re.compile(r"([\\`*_{}\[\]<>|~&$^])")
# Block markup at the start of a line: headings, lists, quotes, setext underlines, ordered lists.
_LEADING = re.compile(r"^(\s*)([#>+=-])")
_ORDERED = re.compile(r"^(\s*\d+)([.)])")
GANTT = 36  # characters of the text timeline in the code block
LABEL = 30  # characters of a step title in the timeline


def md(text: object) -> str:
    """Client text as literal Markdown on one line: no markup, no HTML, no control characters."""
    line = _INLINE.sub(r"\\\1", clean(text))
    line = _LEADING.sub(r"\1\\\2", line)
    return _ORDERED.sub(r"\1\\\2", line)


def md_block(text: object) -> list[str]:
    """Client text over several lines (notes): each line literal, kept as a hard line break."""
    lines = [md(line.strip()) for line in clean(text, multiline=True).split("\n")]
    lines = [line for line in lines if line]
    return [line + "\\" for line in lines[:-1]] + lines[-1:]


def _bar(score: int, width: int = 20) -> str:
    filled = filled_cells(score, width)
    return "█" * filled + "░" * (width - filled)


def _code(text: str) -> str:
    """Text for inside a fenced code block: nothing may close the fence."""
    return text.replace("`", "'")


def _header(c: ReportContent) -> list[str]:
    out = [f"# {md(c.title)}", "", f"*{md(c.word('subtitle'))}*", ""]
    out.append(f"- **{c.word('organisation')}** — {md(c.organisation)}")
    if c.sector:
        out.append(f"- **{c.word('sector')}** — {md(c.sector)}")
    out.append(f"- **{c.word('date_label')}** — {md(c.date(c.day))}")
    out.append(f"- **{c.word('facilitator')}** — {md(c.facilitator or c.word('nobody'))}")
    if c.participants:
        out.append(f"- **{c.word('participants')}** — {', '.join(md(p) for p in c.participants)}")
    return [*out, ""]


def _verdict(c: ReportContent) -> list[str]:
    out = [f"## {c.word('verdict')} — {md(c.verdict_name())}", "",
           f"**{c.pair('score', c.word('score_value', score=c.score))}**", "",
           f"> {md(c.verdict_meaning())}", ""]
    if c.override_reason is not None:
        out += [f"*{md(c.word('override_note'))}*", "",
                f"- **{c.word('override')}** — {md(c.verdict_name())}",
                f"- **{c.word('computed_verdict')}** — {md(c.verdict_name(c.computed_verdict))}",
                f"- **{c.word('override_reason')}** — "
                + "\n  ".join(md_block(c.override_reason)),
                ""]
    for line in ([c.word("provisional", stages=", ".join(c.pending))] if c.pending else []) + (
            [c.word("skipped", stages=", ".join(c.skipped))] if c.skipped else []):
        out += [f"> *{md(line)}*", ""]
    for stage, error in c.broken:
        out += [f"> **{md(c.word('broken', stage=stage, error=error))}**", ""]
    return out


def _scores(c: ReportContent) -> list[str]:
    out = [f"## {c.word('stage_scores')}", "",
           f"| {c.word('stage')} | {c.word('score')} | |", "| --- | ---: | --- |"]
    for stage in c.stages:
        if stage.score is None:
            out.append(f"| {md(stage.title)} | — | *{md(c.word(f'status.{stage.status}'))}* |")
        else:
            out.append(f"| {md(stage.title)} | {stage.score} | `{_bar(stage.score)}` |")
    out.append(f"| **{c.word('score')}** | **{c.score}** | `{_bar(c.score)}` |")
    return [*out, ""]


def _findings(c: ReportContent) -> list[str]:
    out = [f"## {c.word('findings')}", ""]
    if not c.findings:
        out += [f"*{md(c.word('no_findings'))}*", ""]
    for severity in SEVERITIES:
        found = c.of(severity)
        if not found:
            continue
        out += [f"### {c.word(f'{severity}s')}", ""]
        for number, finding in enumerate(found, start=1):
            kind = f" *({md(finding.kind)})*" if finding.kind else ""
            out.append(f"{number}. **{md(finding.message)}**{kind}\\")
            out.append(f"   {md(c.pair('advice', finding.advice))}\\")
            source = f"   *{md(c.pair('source', f'{finding.source} · {finding.stage}'))}*"
            if finding.quote:
                out.append(source + "\\")
                out.append(f"   *« {md(finding.quote)} »*")
            else:
                out.append(source)
            out.append("")
    return out


def _conditions(c: ReportContent) -> list[str]:
    out = [f"## {c.word('conditions')}", "", md(c.word("conditions_intro")), "",
           f"| # | {c.word('condition')} | {c.word('owner')} | {c.word('due')} |",
           "| ---: | --- | --- | --- |"]
    for number, condition in enumerate(c.conditions, start=1):
        owner = md(condition.owner) if condition.owner else f"*{md(c.word('owner_unknown'))}*"
        due = c.date(condition.due) if condition.due else c.word("nobody")
        out.append(f"| {number} | {md(condition.text)} | {owner} | {md(due)} |")
    return [*out, ""]


def _networks(c: ReportContent) -> list[str]:
    out = [f"## {c.word('network_plan')}", ""]
    if not c.networks:
        out += [f"*{md(c.word('no_network'))}*", ""]
        if c.workload is None and c.capacity is None:
            return out
    out += [f"| {c.word('network')} | {c.word('hours_per_week')} | {c.word('in_plan')} |",
            "| --- | ---: | --- |"]
    for network in c.networks:
        plan = c.word("yes") if network.in_plan else f"{c.word('no')} — {c.word('left_out')}"
        out.append(f"| {md(network.name)} | {md(c.num(network.hours))} | {md(plan)} |")
    if c.listening_hours is not None:
        out.append(f"| {md(c.word('listening_row'))} | {md(c.num(c.listening_hours))} | "
                   f"{md(c.word('yes'))} |")
    for key, value in (("workload", c.workload), ("capacity", c.capacity)):
        shown = c.word("nobody") if value is None else c.num(value)
        out.append(f"| **{c.word(key)}** | **{md(shown)}** | |")
    out.append("")
    if c.workload is not None and c.capacity is not None:
        line = (c.word("plan_over", hours=c.hours(c.workload - c.capacity)) if c.overloaded
                else c.word("plan_fits"))
        out += [f"**{md(line)}**", ""]
    return out


def _timeline(c: ReportContent) -> list[str]:
    """A Gantt chart in a code block: monospace keeps the bars aligned everywhere."""
    scale = GANTT / c.months
    marks = [" "] * GANTT
    ticks = sorted({1, *range(6, c.months + 1, 6 if c.months > 12 else 3), c.months})
    axis = ""
    for month in ticks:
        position = min(GANTT - 1, math.floor((month - 1) * scale))
        text = c.word("month_axis", month=month)
        if position >= len(axis) + (1 if axis else 0) and position + len(text) <= GANTT + 4:
            axis = axis.ljust(position) + text
            marks[position] = "|"
    lines = [" " * (LABEL + 1) + axis, " " * (LABEL + 1) + "".join(marks).rstrip()]
    for step in c.steps:
        first, last = step_cells(step.start_month, step.end_month, c.months, GANTT)
        title = step.title if len(step.title) <= LABEL else step.title[: LABEL - 1] + "…"
        lines.append(f"{title:<{LABEL}} " + "·" * first + "█" * (last - first)
                     + "·" * (GANTT - last))
    return ["```text", *(_code(line.rstrip()) for line in lines), "```", ""]


def _plan(c: ReportContent) -> list[str]:
    out = [f"## {c.word('action_plan')}", "", *_timeline(c)]
    for step in c.steps:
        when = month_span(c.lang, step.start_month, step.end_month)
        dates = c.word("from_to", start=c.date(step.start), end=c.date(step.end))
        out += [f"### {md(step.title)}", "", f"*{md(when)} · {md(dates)}*", ""]
        out += [f"- {md(task)}" for task in step.tasks]
        out.append("")
    return out


def _closing(c: ReportContent) -> list[str]:
    out: list[str] = []
    if c.alternatives:
        out += [f"## {c.word('alternatives')}", ""]
        out += [f"- {md(a)}" for a in c.alternatives]
        out.append("")
    if c.recheck:
        out += [f"## {c.word('recheck_heading')}", "",
                f"**{md(c.word('recheck', date=c.date(c.recheck)))}**", ""]
    out += [f"## {c.word('listening')}", "", md(c.listening), ""]
    if c.notes:
        out += [f"## {c.word('notes')}", ""]
        for note in c.notes:
            out += [f"### {md(note.stage)}", "", *md_block(note.text), ""]
    for title, paragraphs in c.sections:
        out += [f"## {md(title)}", ""]
        for paragraph in paragraphs:
            out += [*md_block(paragraph), ""]
    return out


def _appendix(c: ReportContent) -> list[str]:
    if not c.appendix:
        return []
    out = ["---", "", f"## {c.word('appendix')}", "", f"*{md(c.word('appendix_intro'))}*", ""]
    for stage in c.appendix:
        out += [f"### {md(stage.title)} ({md(c.word(f'status.{stage.status}'))})", ""]
        for answer in stage.answers:
            if answer.items is not None:
                if not answer.items:
                    out.append(f"- **{md(answer.title)}** — *{md(c.word('empty'))}*")
                    continue
                out.append(f"- **{md(answer.title)}**")
                out += [f"  {n}. {md(c.joined(pairs))}"
                        for n, pairs in enumerate(answer.items, start=1)]
            elif answer.value is None:
                out.append(f"- **{md(answer.title)}** — *{md(c.word('not_answered'))}*")
            else:
                out.append(f"- **{md(answer.title)}** — {md(answer.value)}")
        out.append("")
    return out


def render_markdown(recommendation: Recommendation, host: PluginHost | None = None, *,
                    path: str | Path | None = None) -> str:
    """The whole report as CommonMark (with GitHub tables)."""
    from workshop import __version__

    c = build_content(recommendation, host)
    out = _header(c) + _verdict(c) + _scores(c) + _findings(c)
    if c.conditions:
        out += _conditions(c)
    out += _networks(c) + _plan(c)
    out += progress_section(recommendation, host, "markdown", path=path)
    out += whatif_section(recommendation, host, "markdown")
    out += _closing(c) + _appendix(c)
    out += ["---", "", f"*{md(c.word('footer', version=__version__, date=c.date(c.day)))}*"]
    return "\n".join(out).rstrip() + "\n"
