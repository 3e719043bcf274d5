"""The terminal memo, laid out with rich, fit for 80 columns.

Every string goes in as a ``rich.text.Text`` (never as markup), so a client's "[bold]" or an
ANSI escape in a name shows as typed. The app's verdict screen reuses ``renderables``.

Rich wraps at any Unicode space, the non-breaking one too: ``render_text`` hands rich a
placeholder character for U+00A0 and puts the real one back in the output, so that a French
colon never starts a line. The output stays linear in the size of the session (issue 16).
"""

from __future__ import annotations

import textwrap
from typing import TYPE_CHECKING, Any

from rich import box
from rich.console import Console, Group, RenderableType
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from workshop.report.content import (
    ICONS,
    FindingLine,
    ReportContent,
    build_content,
    month_span,
    stage_title,
)
from workshop.report.whatif import VERDICT_STYLE

if TYPE_CHECKING:
    from workshop.engine.recommendation import Recommendation
    from workshop.plugins import PluginHost
    from workshop.report.inputs import ReportInputs

__all__ = ["Unheld", "hold_nbsp", "renderables", "render_text", "month_span", "stage_title",
           "unhold"]

SEVERITY_STYLE = {"blocker": "red", "concern": "yellow", "strength": "green"}
SEVERITY_MARK = {severity: icon + " " for severity, icon in ICONS.items()}
NBSP = "\u00a0"
HOLD = "\ue000"  # a private-use character rich does not break at; swapped back on output


class _Writer:
    """Makes the Text objects, with the non-breaking space held where the output needs it."""

    def __init__(self, hold: bool) -> None:
        self.hold = hold

    def __call__(self, text: str, style: str = "") -> Text:
        return Text(text.replace(NBSP, HOLD) if self.hold else text, style=style)

    def heading(self, text: str) -> Text:
        return Text.assemble("\n", self(text, "bold underline"))


def _finding(w: _Writer, c: ReportContent, f: FindingLine, annex: bool = False) -> Text:
    line = Text.assemble((SEVERITY_MARK[f.severity], SEVERITY_STYLE[f.severity]),
                         w(f.message, "bold"))
    if f.timing == "ongoing" and not annex:
        line.append_text(w(f" ({c.word('practice')})", "italic"))
    if annex:
        line.append_text(w(f" · {f.stage}", "dim"))
    line.append("\n")
    line.append_text(w(c.pair("advice", f.advice)))
    for cite in f.citations:
        line.append("\n")
        line.append_text(w(c.pair("source", cite.label(c.lang)), "dim"))
        if annex and cite.quote:
            line.append("\n")
            line.append_text(w(c.quote(cite.quote), "dim italic"))
            if cite.rendering:
                line.append("\n")
                line.append_text(w(c.pair("rendering", cite.rendering), "dim"))
    return line


def _page_one(w: _Writer, c: ReportContent) -> list[RenderableType]:
    parts: list[RenderableType] = [w(c.title, "bold"),
                                   w(f"{c.word('subtitle')} · {c.date(c.day)}", "dim")]
    people = c.pair("facilitator", c.facilitator or c.word("nobody"))
    if c.participants:
        people += " · " + c.pair("participants", ", ".join(c.participants))
    parts.append(w(people, "dim"))
    if c.brand is not None and c.brand.name:
        parts.append(w(c.word("prepared_by", agency=c.brand.name), "dim"))
    if c.provisional:
        parts.append(Text.assemble("\n", w(c.provisional, "bold yellow")))
    parts += [w(line, "bold yellow") for line in c.unknown]
    head: list[RenderableType] = [
        Text.assemble(w(c.verdict_name(), VERDICT_STYLE[c.verdict]), "   ",
                      w(c.word("score_value", score=c.score), "bold"), " ",
                      w(c.word("score"), "dim")),
        w(c.verdict_meaning())]
    if c.override_reason is not None:
        head += [w(c.word("override_note"), "italic"),
                 w(c.pair("computed_verdict", c.verdict_name(c.computed_verdict))),
                 w(c.pair("override_reason", c.override_reason))]
    head += [w(line, "red") for line in c.broken]
    parts.append(Panel(Group(*head), title=w(c.word("verdict")), title_align="left",
                       border_style=VERDICT_STYLE[c.verdict]))
    if c.verdict == "no_go" and c.blockers:
        parts.append(w(c.word("structural"), "bold underline"))
        parts += [_finding(w, c, f) for f in c.blockers]
    if c.reasons:
        parts.append(w(c.word("reasons"), "bold underline"))
        parts += [w(f"• {reason}") for reason in c.reasons]
        parts += [w(line, "dim") for line in c.context]
    if c.next_steps or c.key_date:
        parts.append(w.heading(c.word("alternatives" if c.verdict == "no_go"
                                      else "next_steps")))
        if c.next_steps:
            table = Table(box=box.SIMPLE_HEAD, expand=True, pad_edge=False)
            table.add_column(w(c.word("step_what")), ratio=3, overflow="fold")
            table.add_column(w(c.word("owner")), ratio=1, overflow="fold")
            if c.any_due:
                table.add_column(w(c.word("due")), ratio=1, overflow="fold")
            for todo in c.next_steps:
                cells = [w(todo.text), w(todo.owner) if todo.owner
                         else w(c.word("owner_unknown"), "italic")]
                if c.any_due:
                    cells.append(w(c.date(todo.due) if todo.due else c.word("nobody")))
                table.add_row(*cells)
            parts.append(table)
        if c.key_date:
            parts.append(w(c.pair_text(c.key_date[0], c.date(c.key_date[1])), "bold"))
    return parts


def _plan(w: _Writer, c: ReportContent) -> list[RenderableType]:
    parts: list[RenderableType] = [w.heading(c.word("plan"))]
    if c.plan_owner:
        parts.append(w(c.pair("plan_owner", c.plan_owner), "dim"))
    if c.goals:
        table = Table(title=w(c.word("goals"), "bold"), title_justify="left",
                      box=box.SIMPLE_HEAD, expand=True, pad_edge=False)
        for key in ("goal", "kpi", "target", "owner"):
            table.add_column(w(c.word(key)), ratio=1, overflow="fold")
        for g in c.goals:
            table.add_row(w(g.name), w(g.kpi or c.word("nobody")),
                          w(g.target or c.word("nobody")),
                          w(g.owner or c.word("owner_unknown")))
        parts.append(table)
    if c.network_rows or c.work_rows:
        table = Table(title=w(c.word("hours_money"), "bold"), title_justify="left",
                      box=box.SIMPLE_HEAD, expand=True, pad_edge=False)
        table.add_column(w(c.word("network")), ratio=3, overflow="fold")
        table.add_column(w(c.word("hours_per_week")), ratio=1, justify="right")
        for row in c.network_rows:
            name = w(row.name)
            if row.posts:
                name.append_text(w("\n" + row.posts, "dim"))
            table.add_row(name, w(c.num(row.hours) if row.hours is not None
                                  else c.word("nobody")))
        for work in c.work_rows:
            if work.name not in c.network_names:
                table.add_row(w(work.name), w(c.num(work.hours)))
        table.add_section()
        table.add_row(w(c.word("workload"), "bold"), w(c.hours(c.workload), "bold"))
        table.add_row(w(c.word("capacity"), "bold"), w(c.hours(c.capacity), "bold"))
        if c.monthly_cost:
            name = w(c.word("monthly_cost"), "bold")
            if c.cost_detail:
                name.append_text(w("\n" + c.cost_detail, "dim"))
            table.add_row(name, w(c.monthly_cost, "bold"))
        parts.append(table)
        if c.workload is not None and c.capacity is not None:
            parts.append(w(c.word("plan_over", hours=c.hours(c.workload - c.capacity)), "red")
                         if c.overloaded else w(c.word("plan_fits"), "green"))
    if c.left_out:
        parts.append(w(c.pair("left_out_heading", c.word("separator").join(c.left_out))))
    parts.append(w(c.word("steps"), "bold"))
    for number, step in enumerate(c.steps, start=1):
        if step.done:  # nothing to schedule: done, without dates
            lines = Text.assemble(w(f"{number}. {step.title}", "bold"), " ",
                                  w(f"[{c.word('in_place')}]", "green"))
            for item in step.items:
                lines.append("\n")
                lines.append_text(w(f"  – {item.text}", "dim"))
            parts.append(lines)
            continue
        lines = Text.assemble(w(f"{number}. {step.title}", "bold"), " ",
                              w(c.span(step), "dim"))
        for item in step.items:
            lines.append("\n")
            text = f"  – {item.text}" + (f" ({item.owner})" if item.owner else "")
            lines.append_text(w(text, "dim" if item.status == "in_place" else ""))
            if item.status == "in_place":
                lines.append_text(w(f" [{c.word('in_place')}]", "green"))
        parts.append(lines)
    if c.milestones:
        parts.append(w(c.word("milestones"), "bold"))
        parts += [w(f"• {c.date(m.day)} — {m.text}") for m in c.milestones]
    return parts


def _body(w: _Writer, c: ReportContent) -> list[RenderableType]:
    parts: list[RenderableType] = []
    if c.abstaining:
        parts += [w.heading(c.word("abstaining")), w(c.abstaining)]
    if c.then_before:
        parts.append(w.heading(c.word("then_before")))
        parts += [_finding(w, c, f) for f in c.then_before]
    if c.advice or c.advice_note:
        parts.append(w.heading(c.word("advice_heading")))
        if c.advice_note:
            parts.append(w(c.advice_note))
        for number, advice in enumerate(c.advice, start=1):
            parts.append(w(f"{number}. {advice.sentence}"))
    if c.go:
        parts += _plan(w, c)
        if c.findings:
            parts.append(w.heading(c.word("findings")))
            parts += [_finding(w, c, f) for f in c.findings]
    else:
        parts.append(w.heading(c.word("listening")))
        parts += [w(f"• {line}") for line in c.listening]
    if c.progress:
        parts.append(w.heading(c.word("progress")))
        table = Table(show_header=False, box=None, expand=True)
        for _ in range(3):
            table.add_column()
        for point in c.progress:
            table.add_row(w(point.day), w(point.verdict), w(point.score))
        parts.append(table)
        for key, items in (("resolved", c.resolved), ("appeared", c.appeared)):
            if items:
                parts.append(w(c.colon(key), "bold"))
                parts += [w(f"  • {m}") for m in items]
    return parts


def _notes(w: _Writer, c: ReportContent) -> list[RenderableType]:
    """The notes for the app's view (the memo's text goes through ``notes_text``)."""
    parts: list[RenderableType] = []
    if c.notes:
        parts.append(w.heading(c.word("notes")))
        for note in c.notes:
            parts.append(w(note.stage, "bold"))
            parts += [w("  " + line) for line in note.text.split("\n")]
    return parts


def notes_text(c: ReportContent, width: int) -> str:
    """The facilitator's notes as wrapped plain lines, without rich: rich lays out some
    10,000 lines a second, and a workshop's notes can run to megabytes (issue 16: 5 MB took
    13 s, 350,000 lines over a minute). ``textwrap`` breaks at ASCII spaces only, so a
    non-breaking space holds; the time is linear in the notes' size."""
    if not c.notes:
        return ""
    out = ["", c.word("notes"), ""]
    wrapper = textwrap.TextWrapper(width=max(20, width - 2), initial_indent="  ",
                                   subsequent_indent="  ", break_on_hyphens=False)
    for note in c.notes:
        out.append(note.stage)
        for line in note.text.split("\n"):
            out += wrapper.wrap(line) if line.strip() else [""]
    return "\n".join(out) + "\n"


def _annex(w: _Writer, c: ReportContent) -> list[RenderableType]:
    parts: list[RenderableType] = [Text(), w(c.word("annex"), "bold reverse")]
    for title, paragraphs in c.sections:  # plugins' sections: details, kept out of the memo
        parts.append(w.heading(title))
        parts += [w(p) for p in paragraphs]
    if c.appendix:
        parts.append(w.heading(c.word("answers")))
        for stage in c.appendix:
            table = Table(title=w(f"{stage.title} ({c.word('status.' + stage.status)})"),
                          show_header=False, box=box.SIMPLE, expand=True,
                          title_justify="left")
            table.add_column(ratio=2, overflow="fold", style="dim")
            table.add_column(ratio=3, overflow="fold")
            for answer in stage.answers:
                if answer.items is not None:
                    value = Text()
                    for number, pairs in enumerate(answer.items, start=1):
                        if number > 1:
                            value.append("\n")
                        value.append_text(w(f"{number}. {c.joined(pairs)}"))
                    if not answer.items:
                        value = w(c.word("empty"), "italic")
                elif answer.value is None:
                    value = w(c.word("not_answered"), "italic dim")
                else:
                    value = w(answer.value)
                table.add_row(w(answer.title), value)
            parts.append(table)
    if c.all_findings:
        parts += [w.heading(c.word("annex_findings")), w(c.word("annex_findings_intro"), "dim")]
        parts += [_finding(w, c, f, annex=True) for f in c.all_findings]
    if c.references:
        parts.append(w.heading(c.word("references")))
        parts += [w(f"{ref.number}. {ref.text}") for ref in c.references]
        parts.append(w(c.references_note, "dim italic"))
    if c.tuning:
        parts.append(w.heading(c.tuning))
    return parts


def content_renderables(c: ReportContent, *, appendix: bool = True, notes: bool = True,
                        hold: bool = False) -> list[RenderableType]:
    w = _Writer(hold)
    parts = _page_one(w, c) + _body(w, c)
    if notes:
        parts += _notes(w, c)
    if appendix:
        parts += _annex(w, c)
    return parts


def renderables(recommendation: Recommendation, host: PluginHost | None = None, *,
                appendix: bool = True, whatif: bool = True, path: Any = None,
                inputs: ReportInputs | None = None) -> list[RenderableType]:
    """The memo as rich renderables; client text always goes in as plain Text.

    Renderers compute nothing: the what-if advice and a follow-up's progress come in
    ``inputs`` (``report.inputs.prepare``); ``whatif`` and ``path`` are kept for callers of
    the first version and change nothing.
    """
    return content_renderables(build_content(recommendation, host, inputs), appendix=appendix)


def render_text(recommendation: Recommendation, host: PluginHost | None = None,
                width: int | None = None, color: bool = False,
                inputs: ReportInputs | None = None) -> str:
    """The terminal memo as plain text (or with ANSI styles when ``color``)."""
    c = build_content(recommendation, host, inputs)
    width = width or 80
    console = Console(width=width, record=True, force_terminal=color,
                      color_system="truecolor" if color else None, highlight=False,
                      emoji=False, markup=False, file=_Discard())
    w = _Writer(hold=True)
    for part in _page_one(w, c) + _body(w, c):
        console.print(part)
    memo = console.export_text(styles=color)
    for part in _annex(w, c):
        console.print(part)
    annex = console.export_text(styles=color)
    return (memo + notes_text(c, width) + annex).replace(HOLD, NBSP)


def hold_nbsp(renderable: Any) -> Any:
    """Swap U+00A0 for ``HOLD`` in the Text of a renderable built elsewhere (``workshop
    whatif``, ``workshop diff``: panels, groups, tables, texts), so rich never wraps at it; the
    output goes through ``unhold`` (or an ``Unheld`` file). Spans keep their offsets (one
    character for one)."""
    if isinstance(renderable, Text):
        if NBSP in renderable.plain:
            renderable.plain = renderable.plain.replace(NBSP, HOLD)
    elif isinstance(renderable, Panel):
        hold_nbsp(renderable.renderable)
        hold_nbsp(renderable.title)
    elif isinstance(renderable, Group):
        for part in renderable.renderables:
            hold_nbsp(part)
    elif isinstance(renderable, Table):
        hold_nbsp(renderable.title)
        for column in renderable.columns:
            hold_nbsp(column.header)
            for cell in column.cells:
                hold_nbsp(cell)
    return renderable


def unhold(text: str) -> str:
    return text.replace(HOLD, NBSP)


class Unheld:
    """A console file that writes to ``target`` with the non-breaking spaces put back."""

    def __init__(self, target: Any) -> None:
        self.target = target

    def write(self, text: str) -> int:
        return self.target.write(unhold(text))

    def __getattr__(self, name: str) -> Any:  # isatty, fileno, flush, encoding…
        return getattr(self.target, name)


class _Discard:
    """A console file that drops what it is given: the text is taken from the recording."""

    def write(self, text: str) -> int:
        return len(text)

    def flush(self) -> None:
        pass
