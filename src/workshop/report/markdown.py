"""The Markdown report: the take-home version a client can paste anywhere."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from workshop.i18n import t
from workshop.report.sections import plugin_sections
from workshop.report.text import month_span, stage_title

if TYPE_CHECKING:
    from workshop.engine.recommendation import Recommendation
    from workshop.plugins import PluginHost

_SPECIAL = re.compile(r"([\\`*_{}\[\]<>()#+\-.!|~])")


def md(text: str) -> str:
    """Client text as literal Markdown: no markup, no HTML, no control characters."""
    text = "".join(ch if ch in "\n\t" or ch.isprintable() else "\ufffd" for ch in str(text))
    return _SPECIAL.sub(r"\\\1", text).replace("\n", " ")


def render_markdown(recommendation: Recommendation, host: PluginHost | None = None) -> str:
    lang = recommendation.language
    out: list[str] = [f"# {md(t(lang, 'report.title', organisation=recommendation.organisation))}", ""]
    verdict = t(lang, f"engine.verdict.{recommendation.verdict}.name")
    out += [f"## {t(lang, 'report.verdict')}: {verdict} — {recommendation.score}/100", "",
            t(lang, f"engine.verdict.{recommendation.verdict}.meaning"), ""]
    if recommendation.override:
        computed = t(lang, f"engine.verdict.{recommendation.computed_verdict}.name")
        out += [f"- {t(lang, 'report.computed_verdict')}: {computed}",
                f"- {t(lang, 'report.override_reason')}: {md(recommendation.override.reason)}", ""]
    if recommendation.provisional:
        stages = ", ".join(md(stage_title(recommendation, s)) for s in recommendation.pending_stages)
        out += [f"> {t(lang, 'report.provisional', stages=stages)}", ""]
    if recommendation.skipped_stages:
        stages = ", ".join(md(stage_title(recommendation, s)) for s in recommendation.skipped_stages)
        out += [f"> {t(lang, 'report.skipped', stages=stages)}", ""]
    out += [f"## {t(lang, 'report.stage_scores')}", "",
            f"| {t(lang, 'report.stage')} | {t(lang, 'report.score')} |", "| --- | ---: |"]
    for stage_id, score in recommendation.stage_scores.items():
        out.append(f"| {md(stage_title(recommendation, stage_id))} | {score} |")
    out.append("")
    for severity in ("blocker", "concern", "strength"):
        found = [f for f in recommendation.findings if f.severity == severity]
        if not found:
            continue
        out += [f"## {t(lang, f'report.{severity}s')}", ""]
        for finding in found:
            kind = f" *({t(lang, f'engine.kind.{finding.kind}')})*" if finding.kind else ""
            out.append(f"- **{md(finding.text('message', lang))}**{kind}  ")
            out.append(f"  {t(lang, 'report.advice')}: {md(finding.text('advice', lang))}  ")
            out.append(f"  *{t(lang, 'report.source')}: {md(finding.source)}*")
        out.append("")
    if recommendation.conditions:
        out += [f"## {t(lang, 'report.conditions')}", ""]
        out += [f"- [ ] {md(c)}" for c in recommendation.conditions]
        out.append("")
    unknown = t(lang, "report.unknown")
    workload, capacity = recommendation.workload_hours, recommendation.capacity_hours
    out += [f"## {t(lang, 'report.network_plan')}", "",
            t(lang, "report.workload_line",
              workload=unknown if workload is None else f"{workload:g}",
              capacity=unknown if capacity is None else f"{capacity:g}"), ""]
    catalogue = recommendation.evaluation.catalogue if recommendation.evaluation else {}
    for network_id in recommendation.network_plan:
        name = catalogue[network_id].name.get(lang, network_id) if network_id in catalogue else network_id
        out.append(f"- {md(name)}")
    if not recommendation.network_plan:
        out.append(f"- {t(lang, 'report.no_network')}")
    out += ["", f"## {t(lang, 'report.action_plan')}", ""]
    for step in recommendation.action_plan:
        out.append(f"### {md(step.title)} ({month_span(lang, step.start_month, step.end_month)})")
        out += [f"- {md(task)}" for task in step.tasks]
        out.append("")
    if recommendation.alternatives:
        out += [f"## {t(lang, 'report.alternatives')}", ""]
        out += [f"- {md(a)}" for a in recommendation.alternatives]
        out.append("")
    if recommendation.recheck_date:
        out += [f"**{t(lang, 'report.recheck', date=recommendation.recheck_date.isoformat())}**", ""]
    out += [f"## {t(lang, 'report.listening')}", "", md(recommendation.listening), ""]
    for title, paragraphs in plugin_sections(recommendation, host):
        out += [f"## {md(title)}", ""] + [md(p) + "\n" for p in paragraphs]
    return "\n".join(out).rstrip() + "\n"
