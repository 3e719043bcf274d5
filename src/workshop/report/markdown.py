"""The Markdown memo: the take-home version a client can paste anywhere.

Same shape as the HTML memo (page 1 the decision, then the plan or what stands in the way, the
findings that matter, the annex). Client text is escaped so that a name like ``**Bob** <script>``
shows exactly as typed in any CommonMark or GitHub renderer; the memo's own words are ours and
may use Markdown. French texts carry their non-breaking spaces before « : ; ? ! ».
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from workshop.report.content import ICONS, FindingLine, ReportContent, build_content
from workshop.report.escape import md, md_block

if TYPE_CHECKING:
    from workshop.engine.recommendation import Recommendation
    from workshop.plugins import PluginHost
    from workshop.report.inputs import ReportInputs

__all__ = ["md", "render_markdown"]


def _cell(text: str) -> str:
    return md(text)


def _finding(c: ReportContent, f: FindingLine, number: int, annex: bool = False) -> list[str]:
    badge = f" *({md(c.word('practice'))})*" if f.timing == "ongoing" and not annex else ""
    where = f" · {md(f.stage)}" if annex else ""
    out = [f"{number}. {ICONS[f.severity]} **{md(f.message)}**{badge}{where}\\",
           f"   {md(c.pair('advice', f.advice)) if not annex else md(f.advice)}"]
    for cite in f.citations:
        out[-1] += "\\"
        out.append(f"   *{md(c.pair('source', cite.label(c.lang)))}*")
        if annex and cite.quote:
            out[-1] += "\\"
            out.append(f"   *{md(c.quote(cite.quote))}*")
            if cite.rendering:
                out[-1] += "\\"
                out.append(f"   {md(c.pair('rendering', cite.rendering))}")
    return [*out, ""]


def _page_one(c: ReportContent) -> list[str]:
    out = [f"# {md(c.title)}", "", f"*{md(c.word('subtitle'))} · {md(c.date(c.day))}*", ""]
    people = c.pair("facilitator", c.facilitator or c.word("nobody"))
    if c.participants:
        people += " · " + c.pair("participants", ", ".join(c.participants))
    out += [md(people), ""]
    if c.brand is not None and c.brand.name:
        out += [f"*{md(c.word('prepared_by', agency=c.brand.name))}*", ""]
    if c.provisional:
        out += [f"> **{md(c.provisional)}**", ""]
    for line in c.unknown:
        out += [f"> **{md(line)}**", ""]
    score = md(c.pair("score", c.word("score_value", score=c.score)))
    out += [f"## {md(c.pair_text(c.word('verdict'), c.verdict_name()))}", "",
            f"**{md(c.verdict_meaning())}** {score}", ""]
    if c.override_reason is not None:
        out += [f"*{md(c.word('override_note'))}*", "",
                f"- {md(c.pair('computed_verdict', c.verdict_name(c.computed_verdict)))}",
                f"- {md(c.colon('override_reason'))} " + "\n  ".join(md_block(c.override_reason)),
                ""]
    for line in c.broken:
        out += [f"> **{md(line)}**", ""]
    if c.verdict == "no_go" and c.blockers:
        out += [f"## {md(c.word('structural'))}", ""]
        for number, finding in enumerate(c.blockers, start=1):
            out += _finding(c, finding, number)
    if c.reasons:
        out += [f"## {md(c.word('reasons'))}", ""]
        out += [f"- {md(reason)}" for reason in c.reasons]
        out += ["", *[f"*{md(line)}*" for line in c.context], ""] if c.context else [""]
    if c.next_steps or c.key_date:
        heading = c.word("alternatives" if c.verdict == "no_go" else "next_steps")
        out += [f"## {md(heading)}", ""]
        if c.next_steps:
            due_head = f" {md(c.word('due'))} |" if c.any_due else ""
            out += [f"| {md(c.word('step_what'))} | {md(c.word('owner'))} |{due_head}",
                    "| --- | --- |" + (" --- |" if c.any_due else "")]
            for todo in c.next_steps:
                owner = md(todo.owner) if todo.owner else f"*{md(c.word('owner_unknown'))}*"
                due = md(c.date(todo.due)) if todo.due else md(c.word("nobody"))
                out.append(f"| {_cell(todo.text)} | {owner} |" + (f" {due} |" if c.any_due
                                                                  else ""))
            out.append("")
        if c.key_date:
            out += [f"**{md(c.pair_text(c.key_date[0], c.date(c.key_date[1])))}**", ""]
    return out


def _plan(c: ReportContent) -> list[str]:
    out = [f"## {md(c.word('plan'))}", ""]
    if c.plan_owner:
        out += [f"*{md(c.pair('plan_owner', c.plan_owner))}*", ""]
    if c.goals:
        out += [f"### {md(c.word('goals'))}", "",
                f"| {md(c.word('goal'))} | {md(c.word('kpi'))} | {md(c.word('target'))} | "
                f"{md(c.word('owner'))} |", "| --- | --- | --- | --- |"]
        out += [f"| {md(g.name)} | {md(g.kpi or c.word('nobody'))} | "
                f"{md(g.target or c.word('nobody'))} | {md(g.owner or c.word('owner_unknown'))} |"
                for g in c.goals]
        out.append("")
    if c.network_rows or c.work_rows:
        out += [f"### {md(c.word('hours_money'))}", "",
                f"| {md(c.word('network'))} | {md(c.word('hours_per_week'))} |", "| --- | ---: |"]
        for row in c.network_rows:
            rhythm = f" — {md(row.posts)}" if row.posts else ""
            hours = md(c.num(row.hours)) if row.hours is not None else "—"
            out.append(f"| {md(row.name)}{rhythm} | {hours} |")
        out += [f"| {md(row.name)} | {md(c.num(row.hours))} |" for row in c.work_rows
                if row.name not in c.network_names]
        out.append(f"| **{md(c.word('workload'))}** | **{md(c.hours(c.workload))}** |")
        out.append(f"| **{md(c.word('capacity'))}** | **{md(c.hours(c.capacity))}** |")
        if c.monthly_cost:
            detail = f" — {md(c.cost_detail)}" if c.cost_detail else ""
            out.append(f"| **{md(c.word('monthly_cost'))}**{detail} | **{md(c.monthly_cost)}** |")
        out.append("")
        if c.workload is not None and c.capacity is not None:
            line = (c.word("plan_over", hours=c.hours(c.workload - c.capacity))
                    if c.overloaded else c.word("plan_fits"))
            out += [f"*{md(line)}*", ""]
    if c.left_out:
        out += [f"{md(c.colon('left_out_heading'))} " + md(c.word("separator").join(c.left_out)),
                ""]
    out += [f"### {md(c.word('steps'))}", ""]
    for number, step in enumerate(c.steps, start=1):
        if step.done:  # nothing to schedule: done, without dates
            out.append(f"{number}. **{md(step.title)}** — *{md(c.word('in_place'))}*")
            out += [f"   - {md(item.text)}" for item in step.items]
            continue
        out.append(f"{number}. **{md(step.title)}** — *{md(c.span(step))}*")
        for item in step.items:
            owner = f" ({md(item.owner)})" if item.owner else ""
            done = f" — *{md(c.word('in_place'))}*" if item.status == "in_place" else ""
            out.append(f"   - {md(item.text)}{owner}{done}")
    out.append("")
    if c.milestones:
        out += [f"### {md(c.word('milestones'))}", ""]
        out += [f"- **{md(c.date(m.day))}** — {md(m.text)}" for m in c.milestones]
        out.append("")
    if c.expectations:
        out += [f"> {md(c.expectations)}", ""]
    return out


def _body(c: ReportContent) -> list[str]:
    out: list[str] = []
    if c.abstaining:
        out += [f"## {md(c.word('abstaining'))}", "", md(c.abstaining), ""]
    if c.then_before:
        out += [f"## {md(c.word('then_before'))}", ""]
        for number, finding in enumerate(c.then_before, start=1):
            out += _finding(c, finding, number)
    if c.advice or c.advice_note:
        out += [f"## {md(c.word('advice_heading'))}", ""]
        if c.advice_note:
            out += [md(c.advice_note), ""]
        for number, advice in enumerate(c.advice, start=1):
            out.append(f"{number}. {md(advice.sentence)}")
        out.append("")
    if c.go:
        out += _plan(c)
        if c.findings:
            out += [f"## {md(c.word('findings'))}", ""]
            for number, finding in enumerate(c.findings, start=1):
                out += _finding(c, finding, number)
    else:
        out += [f"## {md(c.word('listening'))}", ""]
        out += [f"- {md(line)}" for line in c.listening]
        out.append("")
    if c.progress:
        out += [f"## {md(c.word('progress'))}", "", "| | | |", "| --- | --- | ---: |"]
        out += [f"| {md(p.day)} | {md(p.verdict)} | {md(p.score)} |" for p in c.progress]
        out.append("")
        for key, items in (("resolved", c.resolved), ("appeared", c.appeared)):
            if items:
                out += [f"**{md(c.colon(key))}**", "", *[f"- {md(m)}" for m in items], ""]
    if c.notes:
        out += [f"## {md(c.word('notes'))}", ""]
        for note in c.notes:
            out += [f"**{md(note.stage)}**", "", *md_block(note.text), ""]
    return out


def _annex(c: ReportContent) -> list[str]:
    out = ["---", "", f"## {md(c.word('annex'))}", ""]
    for title, paragraphs in c.sections:  # plugins' sections: details, kept out of the memo
        out += [f"### {md(title)}", ""]
        for paragraph in paragraphs:
            out += [*md_block(paragraph), ""]
    if c.appendix:
        out += [f"### {md(c.word('answers'))}", ""]
        for stage in c.appendix:
            out += [f"#### {md(stage.title)} ({md(c.word('status.' + stage.status))})", ""]
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
    if c.all_findings:
        out += [f"### {md(c.word('annex_findings'))}", "",
                f"*{md(c.word('annex_findings_intro'))}*", ""]
        for number, finding in enumerate(c.all_findings, start=1):
            out += _finding(c, finding, number, annex=True)
    if c.references:
        out += [f"### {md(c.word('references'))}", ""]
        out += [f"{ref.number}. {md(ref.text)}" for ref in c.references]
        out += ["", f"*{md(c.references_note)}*", ""]
    if c.tuning:
        out += [f"*{md(c.tuning)}*", ""]
    return out


def render_content(c: ReportContent) -> str:
    out = _page_one(c) + _body(c) + _annex(c)
    footer = c.word("footer", organisation=c.organisation, date=c.date(c.day))
    out += ["---", "", f"*{md(footer.removesuffix(' · page'))}*"]
    return "\n".join(out).rstrip() + "\n"


def render_markdown(recommendation: Recommendation, host: PluginHost | None = None,
                    inputs: ReportInputs | None = None) -> str:
    """The whole memo as CommonMark (with GitHub tables)."""
    return render_content(build_content(recommendation, host, inputs))
