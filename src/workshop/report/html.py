"""The HTML report: one self-contained file to send, read on a phone, or print to A4.

Inline CSS and inline SVG only: no script, no font, no image to fetch (a Content-Security-Policy
says so too, in case a client string ever slipped through). Every string goes through ``e``,
which drops control characters and escapes HTML.

Charts are drawn row by row: the labels are HTML (they wrap and stay legible on a phone) and
the bars are small SVGs stretched to the row's width.
"""

from __future__ import annotations

import html
import math
import re
from collections.abc import Iterable
from functools import cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

from workshop.report.content import (
    SEVERITIES,
    FindingLine,
    ReportContent,
    build_content,
    clean,
    month_name,
    month_span,
)
from workshop.report.whatif import progress_section, whatif_section

if TYPE_CHECKING:
    from workshop.engine.recommendation import Recommendation
    from workshop.plugins import PluginHost

CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"
NETWORK_COLOURS = ("#2b6cb0", "#805ad5", "#d53f8c", "#dd6b20", "#2f855a", "#319795",
                   "#975a16", "#4a5568")
_BEFORE = re.compile(r" ([:;!?»])")
_AFTER = re.compile(r"(«) ")
SEPARATOR = '<div class="sep" aria-hidden="true"></div>'
SEVERITY_ICON = {"blocker": "✖", "concern": "!", "strength": "✔"}


def nbsp(text: str) -> str:
    """French spacing that never breaks: « quote », "Raison : …" stay on one line."""
    return _BEFORE.sub("\u00a0\\1", _AFTER.sub("\\1\u00a0", text))


def e(value: object) -> str:
    """Client (or any) text as HTML text: control characters dropped, markup escaped."""
    return html.escape(nbsp(clean(value)), quote=True)


def e_block(value: object) -> str:
    """Text over several lines (notes), each line escaped, kept as line breaks."""
    return "<br>".join(html.escape(nbsp(line), quote=True)
                       for line in clean(value, multiline=True).split("\n"))


@cache
def stylesheet() -> str:
    return resources.files("workshop.report").joinpath("report.css").read_text("utf-8")


def band(score: int) -> str:
    return "good" if score >= 70 else "fair" if score >= 40 else "poor"


def pct(value: float) -> str:
    return f"{max(0.0, min(100.0, value)):.2f}"


def svg_bar(parts: Iterable[tuple[float, float, str]], label: str, *,
            marks: Iterable[float] = (), limit: float | None = None) -> str:
    """A bar stretched to its row: (start %, width %, css class) parts, grid marks, a limit."""
    body = [f'<line class="grid" x1="{pct(m)}" x2="{pct(m)}" y1="0" y2="10" />' for m in marks]
    body += [f'<rect class="{cls}" x="{pct(start)}" y="1.5" width="{pct(width)}" height="7" '
             f'rx="0.8" />' for start, width, cls in parts if width > 0]
    if limit is not None:
        body.append(f'<line class="limit" x1="{pct(limit)}" x2="{pct(limit)}" y1="0" y2="10" />')
    return (f'<svg class="bar" viewBox="0 0 100 10" preserveAspectRatio="none" role="img" '
            f'aria-label="{e(label)}" focusable="false">{"".join(body)}</svg>')


def gauge(score: int, verdict: str, caption: str) -> str:
    """The overall score as a ring, its figure in the middle."""
    radius = 52
    circumference = 2 * math.pi * radius
    filled = circumference * max(0, min(100, score)) / 100
    return (
        f'<svg class="gauge" viewBox="0 0 120 120" role="img" aria-label="{e(caption)}">'
        f'<circle class="track" cx="60" cy="60" r="{radius}" />'
        f'<circle class="value v-{e(verdict)}" cx="60" cy="60" r="{radius}" '
        f'stroke-dasharray="{filled:.2f} {circumference:.2f}" transform="rotate(-90 60 60)" />'
        f'<text x="60" y="64" class="figure" text-anchor="middle">{score}</text>'
        f'<text x="60" y="84" class="unit" text-anchor="middle">/100</text></svg>'
    )


# -- sections ------------------------------------------------------------------------------


def _header(c: ReportContent) -> str:
    rows = [("organisation", c.organisation)]
    if c.sector:
        rows.append(("sector", c.sector))
    rows.append(("date_label", c.date(c.day)))
    rows.append(("facilitator", c.facilitator or c.word("nobody")))
    if c.participants:
        rows.append(("participants", ", ".join(c.participants)))
    meta = "".join(f'<div{" class=wide" if key == "participants" else ""}>'
                   f"<dt>{e(c.word(key))}</dt><dd>{e(value)}</dd></div>" for key, value in rows)
    return (f'<header class="cover"><p class="eyebrow">{e(c.word("subtitle"))}</p>'
            f"<h1>{e(c.title)}</h1><dl class=\"meta\">{meta}</dl></header>")


def _verdict(c: ReportContent) -> str:
    notes = []
    if c.override_reason is not None:
        notes.append(
            f'<div class="override"><p>{e(c.word("override_note"))}</p><dl>'
            f'<div><dt>{e(c.colon("override"))}</dt><dd>{e(c.verdict_name())}</dd></div>'
            f'<div><dt>{e(c.colon("computed_verdict"))}</dt>'
            f'<dd>{e(c.verdict_name(c.computed_verdict))}</dd></div>'
            f'<div><dt>{e(c.colon("override_reason"))}</dt><dd>{e_block(c.override_reason)}</dd>'
            f"</div></dl></div>")
    if c.pending:
        notes.append(f'<p class="flag">{e(c.word("provisional", stages=", ".join(c.pending)))}</p>')
    if c.skipped:
        notes.append(f'<p class="flag">{e(c.word("skipped", stages=", ".join(c.skipped)))}</p>')
    for stage, error in c.broken:
        notes.append(f'<p class="flag broken">{e(c.word("broken", stage=stage, error=error))}</p>')
    score = c.word("score_value", score=c.score)
    return (
        f'<section class="verdict v-{e(c.verdict)}" aria-labelledby="verdict">'
        f'<div class="verdict-text"><p class="eyebrow">{e(c.word("verdict"))}</p>'
        f'<h2 id="verdict">{e(c.verdict_name())}</h2>'
        f'<p class="meaning"><span class="label">{e(c.word("meaning"))}</span> '
        f"{e(c.verdict_meaning())}</p></div>"
        f'<figure class="score">{gauge(c.score, c.verdict, c.pair("score", score))}'
        f"<figcaption>{e(c.word('score'))}</figcaption></figure>"
        f'{"".join(notes)}</section>'
    )


def row(name: str, bar: str, value: str, cls: str = "") -> str:
    """One chart row: the HTML label (already escaped), its bar, its figure."""
    extra = f" {cls}" if cls else ""
    return (f'<div class="row{extra}"><span class="name">{name}</span>{bar}'
            f'<span class="value">{value}</span></div>')


def figure(c: ReportContent, value: float | None) -> str:
    """A chart's figure; a dash when it is not known yet (the sentence above says so)."""
    return e(c.word("nobody") if value is None else c.num(value))


def _scores(c: ReportContent) -> str:
    marks = (25, 50, 75)
    rows = []
    for stage in c.stages:
        if stage.score is None:
            status = c.word(f"status.{stage.status}")
            bar = svg_bar([(0, 100, "none")], f"{stage.title}: {status}", marks=marks)
            rows.append(row(e(stage.title), bar, f'<span class="muted">{e(status)}</span>'))
        else:
            bar = svg_bar([(0, stage.score, band(stage.score))],
                          f"{stage.title}: {stage.score}/100", marks=marks)
            rows.append(row(e(stage.title), bar, str(stage.score)))
    rows.append(SEPARATOR)
    bar = svg_bar([(0, c.score, band(c.score))], c.pair("score", str(c.score)), marks=marks)
    rows.append(row(e(c.word("score")), bar, str(c.score), "total"))
    return (f'<section aria-labelledby="scores"><h2 id="scores">{e(c.word("stage_scores"))}</h2>'
            f'<figure class="chart"><div class="rows">{"".join(rows)}</div>'
            f'<figcaption>{e(c.word("chart_scores"))}</figcaption></figure></section>')


def _finding_card(c: ReportContent, severity: str, finding: FindingLine) -> str:
    kind = f' <span class="badge">{e(finding.kind)}</span>' if finding.kind else ""
    quote = (f'<blockquote lang="fr">« {e(finding.quote)} »</blockquote>'
             if finding.quote else "")
    return (
        f'<article class="finding {severity}"><p class="message">'
        f'<span class="icon" aria-hidden="true">{SEVERITY_ICON[severity]}</span>'
        f"<strong>{e(finding.message)}</strong>{kind}</p>"
        f'<p class="advice"><span class="label">{e(c.word("advice"))}</span> '
        f"{e(finding.advice)}</p>"
        f'<p class="source">{e(c.pair("source", finding.source))} · {e(finding.stage)}</p>'
        f"{quote}</article>"
    )


def _findings(c: ReportContent) -> str:
    out = [f'<section aria-labelledby="findings"><h2 id="findings">{e(c.word("findings"))}</h2>']
    if not c.findings:
        out.append(f'<p class="muted">{e(c.word("no_findings"))}</p>')
    for severity in SEVERITIES:
        found = c.of(severity)
        if not found:
            continue
        out.append(f'<div class="group {severity}"><h3>{e(c.word(f"{severity}s"))} '
                   f'<span class="count">{len(found)}</span></h3>')
        out += [_finding_card(c, severity, finding) for finding in found]
        out.append("</div>")
    out.append("</section>")
    return "".join(out)


def _conditions(c: ReportContent) -> str:
    head = "".join(f"<th scope=\"col\">{e(c.word(key))}</th>"
                   for key in ("condition", "owner", "due"))
    rows = []
    for condition in c.conditions:
        owner = (e(condition.owner) if condition.owner
                 else f'<em class="muted">{e(c.word("owner_unknown"))}</em>')
        rows.append(f'<tr><td data-label="{e(c.colon("condition"))}">{e(condition.text)}</td>'
                    f'<td data-label="{e(c.colon("owner"))}">{owner}</td>'
                    f'<td data-label="{e(c.colon("due"))}" class="nowrap">'
                    f"{e(c.date(condition.due) if condition.due else c.word('nobody'))}</td></tr>")
    return (f'<section aria-labelledby="conditions"><h2 id="conditions">'
            f'{e(c.word("conditions"))}</h2><p>{e(c.word("conditions_intro"))}</p>'
            f'<table class="stack conditions"><thead><tr>{head}</tr></thead>'
            f'<tbody>{"".join(rows)}</tbody></table></section>')


def _networks(c: ReportContent) -> str:
    shown = [n.hours or 0 for n in c.networks]
    top = max([c.workload or 0, c.capacity or 0, *shown]) * 1.1 or 1
    scale = 100 / top
    limit = c.capacity * scale if c.capacity is not None else None
    marks = [h * scale for h in range(0, int(top) + 1, max(1, math.ceil(top / 6)))][1:]

    def bar(parts: list[tuple[float, float, str]], label: str) -> str:
        return svg_bar(parts, label, marks=marks, limit=limit)

    def swatch(cls: str) -> str:
        return f'<span class="swatch {cls}" aria-hidden="true"></span>'

    rows, stack = [], []
    position = 0.0
    planned = [n for n in c.networks if n.in_plan]
    colour = {n.id: f"n{i % len(NETWORK_COLOURS)}" for i, n in enumerate(planned)}
    for network in c.networks:
        hours = (network.hours or 0) * scale
        cls = colour.get(network.id, "out")
        name = swatch(cls) + e(network.name)
        if not network.in_plan:
            name += f' <span class="muted">({e(c.word("left_out"))})</span>'
        label = f"{network.name}: {c.hours(network.hours)}"
        rows.append(row(name, bar([(0, hours, cls)], label), figure(c, network.hours),
                        "" if network.in_plan else "out"))
        if network.in_plan:
            stack.append((position, hours, cls))
            position += hours
    if c.listening_hours is not None:
        hours = c.listening_hours * scale
        rows.append(row(swatch("listen") + e(c.word("listening_row")),
                        bar([(0, hours, "listen")], c.word("listening_row")),
                        figure(c, c.listening_hours)))
        stack.append((position, hours, "listen"))
    total = (c.workload or 0) * scale
    if not stack or abs(sum(width for _, width, _ in stack) - total) > 0.8:
        # the parts do not add up to the workload (a plugin's figures): one plain bar
        stack = [(0, total, "over" if c.overloaded else "total")]
    rows.append(SEPARATOR)
    rows.append(row(e(c.word("workload")), bar(stack, c.pair("workload", c.hours(c.workload))),
                    figure(c, c.workload), "total over" if c.overloaded else "total"))
    rows.append(row(e(c.word("capacity")),
                    bar([(0, limit or 0, "capacity")], c.pair("capacity", c.hours(c.capacity))),
                    figure(c, c.capacity), "total"))
    verdict = ""
    if c.workload is not None and c.capacity is not None:
        if c.overloaded:
            over = c.word("plan_over", hours=c.hours(c.workload - c.capacity))
            verdict = f'<p class="callout bad">{e(over)}</p>'
        else:
            verdict = f'<p class="callout good">{e(c.word("plan_fits"))}</p>'
    heading = (f'<section aria-labelledby="networks"><h2 id="networks">'
               f'{e(c.word("network_plan"))}</h2>')
    if not c.networks and c.workload is None and c.capacity is None:
        return f'{heading}<p class="muted">{e(c.word("no_network"))}</p></section>'
    lead = ""
    if c.workload is not None and c.capacity is not None:
        line = c.word("workload_line", workload=c.num(c.workload), capacity=c.num(c.capacity))
        lead = f'<p class="lead">{e(line)}</p>'
    elif not c.networks:
        lead = f'<p class="lead muted">{e(c.word("no_network"))}</p>'
    legend = (f'<span class="legend"><span class="dash" aria-hidden="true"></span>'
              f'{e(c.pair("capacity", c.hours(c.capacity)))}</span>' if limit is not None else "")
    return (f'{heading}<figure class="chart">{lead}<div class="rows hours">{"".join(rows)}</div>'
            f'<figcaption>{e(c.word("chart_workload"))}{legend}'
            f"</figcaption></figure>{verdict}</section>")


def _timeline(c: ReportContent) -> str:
    months = c.months
    step_width = 100 / months
    every = 1 if months <= 6 else 3 if months <= 18 else 6
    ticks = sorted({1, *range(every, months + 1, every)})
    axis = "".join(
        f'<span style="left:{pct((m - 1) * step_width)}%">{e(c.word("month_axis", month=m))}</span>'
        for m in ticks)
    first = c.steps[0].start if c.steps else c.day
    marks = [(m - 1) * step_width for m in ticks if m > 1]
    rows = []
    for step in c.steps:
        start = (step.start_month - 1) * step_width
        width = max(step_width * 0.6, (step.end_month - step.start_month + 1) * step_width)
        label = f"{step.title}: {month_span(c.lang, step.start_month, step.end_month)}"
        cls = "step0" if step.number == 0 else "step"
        rows.append(row(e(step.title), svg_bar([(start, width, cls)], label, marks=marks),
                        e(short_span(c, step.start_month, step.end_month))))
    span = (f"{e(month_name(c.lang, first))} – "
            f"{e(month_name(c.lang, c.steps[-1].end if c.steps else c.day))}")
    return (f'<figure class="chart gantt"><div class="rows">'
            f'<div class="row axis-row"><span class="name muted">{span}</span>'
            f'<span class="axis" aria-hidden="true">{axis}</span><span class="value"></span></div>'
            f'{"".join(rows)}</div>'
            f'<figcaption>{e(c.word("chart_timeline", months=months))}</figcaption></figure>')


def short_span(c: ReportContent, start: int, end: int) -> str:
    """M3–5: a step's months in the chart's own axis labels."""
    if start == end:
        return c.word("month_axis", month=start)
    return c.word("month_axis_range", start=start, end=end)


def _plan(c: ReportContent) -> str:
    steps = []
    for step in c.steps:
        dates = c.word("from_to", start=c.date(step.start), end=c.date(step.end))
        tasks = "".join(f"<li>{e(task)}</li>" for task in step.tasks)
        steps.append(f'<li class="step"><h3>{e(step.title)}</h3>'
                     f'<p class="when">{e(month_span(c.lang, step.start_month, step.end_month))}'
                     f" · {e(dates)}</p><ul>{tasks}</ul></li>")
    return (f'<section aria-labelledby="plan"><h2 id="plan">{e(c.word("action_plan"))}</h2>'
            f'{_timeline(c)}<ol class="steps">{"".join(steps)}</ol></section>')


def _closing(c: ReportContent) -> str:
    out = []
    if c.alternatives:
        items = "".join(f"<li>{e(a)}</li>" for a in c.alternatives)
        out.append(f'<section aria-labelledby="alternatives"><h2 id="alternatives">'
                   f'{e(c.word("alternatives"))}</h2><ul>{items}</ul></section>')
    if c.recheck:
        out.append(f'<section aria-labelledby="recheck"><h2 id="recheck">'
                   f'{e(c.word("recheck_heading"))}</h2><p class="callout date">'
                   f'{e(c.word("recheck", date=c.date(c.recheck)))}</p></section>')
    out.append(f'<section aria-labelledby="listening"><h2 id="listening">'
               f'{e(c.word("listening"))}</h2><p class="callout listen">{e(c.listening)}</p>'
               f"</section>")
    if c.notes:
        notes = "".join(f"<div><dt>{e(note.stage)}</dt><dd>{e_block(note.text)}</dd></div>"
                        for note in c.notes)
        out.append(f'<section aria-labelledby="notes"><h2 id="notes">{e(c.word("notes"))}</h2>'
                   f'<dl class="notes">{notes}</dl></section>')
    for number, (title, paragraphs) in enumerate(c.sections):
        body = "".join(f"<p>{e_block(p)}</p>" for p in paragraphs)
        out.append(f'<section aria-labelledby="extra{number}"><h2 id="extra{number}">{e(title)}'
                   f"</h2>{body}</section>")
    return "".join(out)


def _appendix(c: ReportContent) -> str:
    if not c.appendix:
        return ""
    out = [f'<section class="appendix" aria-labelledby="appendix"><h2 id="appendix">'
           f'{e(c.word("appendix"))}</h2><p class="muted">{e(c.word("appendix_intro"))}</p>']
    for stage in c.appendix:
        rows = []
        for answer in stage.answers:
            if answer.items is not None:
                if answer.items:
                    items = "".join(
                        "<li>" + e(c.joined(pairs)) + "</li>" for pairs in answer.items)
                    value = f"<ol>{items}</ol>"
                else:
                    value = f'<em class="muted">{e(c.word("empty"))}</em>'
            elif answer.value is None:
                value = f'<em class="muted">{e(c.word("not_answered"))}</em>'
            else:
                value = e(answer.value)
            rows.append(f'<tr><th scope="row">{e(answer.title)}</th><td>{value}</td></tr>')
        out.append(f'<div class="answers"><h3>{e(stage.title)} '
                   f'<span class="muted">({e(c.word(f"status.{stage.status}"))})</span></h3>'
                   f'<table class="qa"><tbody>{"".join(rows)}</tbody></table></div>')
    out.append("</section>")
    return "".join(out)


def render_html(recommendation: Recommendation, host: PluginHost | None = None, *,
                path: str | Path | None = None) -> str:
    """The whole report as one HTML document, with its style and charts inside."""
    from workshop import __version__

    c = build_content(recommendation, host)
    body = [_header(c), "<main>", _verdict(c), _scores(c), _findings(c)]
    if c.conditions:
        body.append(_conditions(c))
    body += [_networks(c), _plan(c)]
    body += progress_section(recommendation, host, "html", path=path)
    body += whatif_section(recommendation, host, "html")
    body += [_closing(c), _appendix(c), "</main>"]
    footer = c.word("footer", version=__version__, date=c.date(c.day))
    return (
        "<!DOCTYPE html>\n"
        f'<html lang="{e(c.lang)}">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">\n'
        '<meta name="color-scheme" content="light">\n'
        f'<meta name="generator" content="workshop {e(__version__)}">\n'
        f"<title>{e(c.title)}</title>\n<style>\n{stylesheet()}</style>\n</head>\n"
        f'<body class="v-{e(c.verdict)}">\n<div class="page">\n'
        + "\n".join(body)
        + f'\n<footer><p>{e(footer)}</p></footer>\n</div>\n</body>\n</html>\n'
    )
