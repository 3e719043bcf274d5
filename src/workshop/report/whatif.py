"""The what-if, a follow-up's progress and the ``workshop diff`` page, laid out for the app,
``workshop whatif`` and ``workshop diff``.

These functions only lay out results computed beforehand (``engine.whatif.search``,
``engine.followup``; for a report, ``report.inputs.prepare``): no search, no file read here.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Literal

from rich.console import Group
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from workshop.i18n import t
from workshop.report.escape import e, md

if TYPE_CHECKING:
    from workshop.engine.followup import Diff, Snapshot
    from workshop.engine.whatif import ChangeSet
    from workshop.stage import Finding

Flavour = Literal["text", "markdown", "html"]
VERDICT_STYLE = {"go": "bold green", "go_with_conditions": "bold yellow",
                 "not_yet": "bold dark_orange", "no_go": "bold red"}


def verdict_name(lang: str, verdict: str | None) -> str:
    if verdict is None:
        return t(lang, "features.diff.unknown")
    return t(lang, f"engine.verdict.{verdict}.name")


# -- what would change the verdict --------------------------------------------------------------


def render_whatif(lang: str, sets: list[ChangeSet], complete: bool, fmt: Flavour) -> list[Any]:
    title = t(lang, "features.whatif.title")
    intro = t(lang, "features.whatif.intro") if sets else t(lang, "features.whatif.none")
    note = [] if complete else [t(lang, "features.whatif.partial")]
    if fmt == "markdown":
        out = [f"## {md(title)}", "", md(intro), ""]
        for number, change_set in enumerate(sets, start=1):
            out.append(f"{number}. **{md(_leads_to(lang, change_set))}**")
            out += [f"    - {md(change.text)}" for change in change_set.changes]
        out += ["", *(f"*{md(line)}*" for line in note)] if note else [""]
        return out
    if fmt == "html":
        items = "".join(
            f"<li><strong>{e(_leads_to(lang, change_set))}</strong><ul>"
            + "".join(f"<li>{e(change.text)}</li>" for change in change_set.changes)
            + "</ul></li>"
            for change_set in sets)
        body = f"<ol class=\"whatif\">{items}</ol>" if sets else ""
        notes = "".join(f"<p><em>{e(line)}</em></p>" for line in note)
        return [f"<section class=\"whatif\"><h2>{e(title)}</h2><p>{e(intro)}</p>"
                f"{body}{notes}</section>"]
    lines: list[Any] = [Text(intro)]
    for change_set in sets:
        lines.append(Text(_leads_to(lang, change_set),
                          style=VERDICT_STYLE.get(change_set.verdict, "bold")))
        lines += [Text("  – " + change.text) for change in change_set.changes]
    lines += [Text(line, style="italic") for line in note]
    return [Panel(Group(*lines), title=Text(title))]


def _leads_to(lang: str, change_set: ChangeSet) -> str:
    return t(lang, "features.whatif.leads_to", verdict=verdict_name(lang, change_set.verdict),
             score=change_set.score)


# -- progress since the last workshop (a follow-up's report) --------------------------------------


def render_progress(lang: str, timeline: list[Snapshot], resolved: list[Finding],
                    appeared: list[Finding], fmt: Flavour, title: str) -> list[Any]:
    rows = [(_day(point), verdict_name(lang, point.verdict), _score(point), _flags(lang, point))
            for point in timeline]
    heading = t(lang, "features.diff.timeline")
    groups = [(t(lang, "features.diff.resolved"), resolved, "✓"),
              (t(lang, "features.diff.new"), appeared, "•")]
    if fmt == "markdown":
        out = [f"## {md(title)}", "", f"### {md(heading)}", "",
               "| | | |", "| --- | --- | ---: |"]
        out += [f"| {day} | {md(name + flags)} | {score} |" for day, name, score, flags in rows]
        out.append("")
        for label, findings, _mark in groups:
            if findings:
                out += [f"### {md(label)}", ""]
                out += [f"- {md(f.text('message', lang))}" for f in findings]
                out.append("")
        return out
    if fmt == "html":
        table = "".join(f"<tr><td>{e(day)}</td><td>{e(name + flags)}</td>"
                        f"<td>{e(score)}</td></tr>" for day, name, score, flags in rows)
        parts = [f"<h3>{e(heading)}</h3><table class=\"timeline\">{table}</table>"]
        for label, findings, _mark in groups:
            if findings:
                parts.append(f"<h3>{e(label)}</h3><ul>" + "".join(
                    f"<li>{e(f.text('message', lang))}</li>" for f in findings) + "</ul>")
        return [f"<section class=\"progress\"><h2>{e(title)}</h2>{''.join(parts)}</section>"]
    table = Table(title=heading, show_header=False, expand=True, box=None)
    table.add_column(width=10)
    table.add_column()
    table.add_column(justify="right", width=7)
    for (day, name, score, flags), point in zip(rows, timeline, strict=True):
        table.add_row(Text(day), Text(name + flags, style=VERDICT_STYLE.get(point.verdict or "",
                                                                             "")),
                      Text(score))
    body: list[Any] = [table]
    for label, findings, mark in groups:
        if findings:
            body.append(Text(label, style="bold"))
            body += [Text(f"  {mark} " + f.text("message", lang)) for f in findings]
    return [Panel(Group(*body), title=Text(title))]


def _day(point: Snapshot) -> str:
    return point.date.isoformat() if point.date else "—"


def _score(point: Snapshot) -> str:
    return f"{point.score}/100" if point.score is not None else "—"


def _flags(lang: str, point: Snapshot) -> str:
    if point.source == "missing":
        return f" ({t(lang, 'features.diff.missing')})"
    if point.provisional:
        return f" ({t(lang, 'features.diff.provisional')})"
    return ""


# -- workshop diff ------------------------------------------------------------------------------


def render_diff(diff: Diff, fmt: Literal["text", "markdown"]) -> list[Any]:
    """The whole ``workshop diff`` page: rich renderables, or Markdown lines."""
    lang = diff.language
    title = t(lang, "features.diff.title", organisation=diff.organisation)
    between = t(lang, "features.diff.between", old=diff.old.file, new=diff.new.file,
                old_date=_day(diff.old), new_date=_day(diff.new))
    answers_title = t(lang, "features.diff.answers")
    progress = render_progress(lang, diff.timeline, diff.resolved, diff.new_findings, fmt,
                               title=t(lang, "features.diff.progress"))
    nothing = (not diff.resolved and not diff.new_findings)
    if fmt == "markdown":
        out = [f"# {md(title)}", "", md(between), "", f"## {md(answers_title)}", ""]
        if not diff.answers:
            out += [md(t(lang, "features.diff.no_answers")), ""]
        for stage in diff.answers:
            out += [f"### {md(stage.title)}", ""]
            out += [f"- {md(change.text)}" for change in stage.changes]
            out.append("")
        out += progress
        if nothing:
            out += [md(t(lang, "features.diff.no_findings")), ""]
        return out
    lines: list[Any] = []
    if not diff.answers:
        lines.append(Text(t(lang, "features.diff.no_answers")))
    for stage in diff.answers:
        lines.append(Text(stage.title, style="bold"))
        lines += [Text("  " + change.text) for change in stage.changes]
    parts: list[Any] = [Panel(Text(between), title=Text(title)),
                        Panel(Group(*lines), title=Text(answers_title))]
    parts += progress
    if nothing:
        parts.append(Text(t(lang, "features.diff.no_findings")))
    return parts
