"""The report's content, gathered once in the session's language, for every renderer.

Text, Markdown and HTML lay out the same facts: gathering them here keeps the three in step
(a condition's owner, a step's dates, an answer's label are worked out once). Client text is
cleaned of control characters here; each renderer still escapes it for its own format.
No stage is named: owners, hours and answers are read through generic figures and fields.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel

from workshop import sanitise
from workshop.i18n import number as i18n_number
from workshop.i18n import t, t_list
from workshop.report.sections import plugin_sections
from workshop.stage import network_label

if TYPE_CHECKING:
    from workshop.engine.evaluation import Evaluation, StageOutcome
    from workshop.engine.recommendation import Recommendation
    from workshop.plugins import PluginHost
    from workshop.stage import Finding, Stage

SEVERITIES = ("blocker", "concern", "strength")
VERDICTS = ("go", "go_with_conditions", "not_yet", "no_go")

def clean(value: Any, multiline: bool = False) -> str:
    """Client text without control characters: the one sanitiser, ``workshop.sanitise``."""
    return sanitise.clean(value, multiline)


def label(lang: str, key: str, **params: Any) -> str:
    """A report word (``locales/<lang>/report.toml``)."""
    return t(lang, f"report.{key}", **params)


def number(lang: str, value: float | int | None) -> str:
    """A figure as the client reads it: one decimal at most, a decimal comma in French."""
    if value is None:
        return label(lang, "unknown")
    return i18n_number(lang, value)


def long_date(lang: str, day: date) -> str:
    """22 November 2026 / 22 novembre 2026 (1er novembre)."""
    months = t_list(lang, "report.months")
    ordinal = label(lang, "first_day") if day.day == 1 else str(day.day)
    return label(lang, "date", day=ordinal, month=months[day.month - 1], year=day.year)


def month_name(lang: str, day: date) -> str:
    """Short month and year, for chart axes: Nov 2026 / nov. 2026."""
    return label(lang, "month_year", month=t_list(lang, "report.months_short")[day.month - 1],
                 year=day.year)


def month_span(lang: str, start: int, end: int) -> str:
    """"months 2–4" or "month 2": when a step happens, counted from the workshop."""
    if start == end:
        return label(lang, "month_single", start=start)
    return label(lang, "month_range", start=start, end=end)


def filled_cells(score: int, width: int) -> int:
    """How many of a 0-100 bar's ``width`` cells a score fills (text and Markdown bars)."""
    return round(max(0, min(100, score)) * width / 100)


def step_cells(start_month: int, end_month: int, months: int, width: int) -> tuple[int, int]:
    """The cells ``[first, last)`` a plan step covers on a timeline of ``months`` drawn
    ``width`` cells wide: at least one cell, never past the end (text and Markdown Gantt)."""
    scale = width / months
    first = min(width - 1, math.floor((start_month - 1) * scale))
    return first, max(first + 1, min(width, math.ceil(end_month * scale)))


def stage_title(recommendation: Recommendation, stage_id: str) -> str:
    """A stage's title in the report's language; its id when the stage is not installed."""
    evaluation = recommendation.evaluation
    if evaluation and stage_id in evaluation.outcomes:
        return evaluation.outcomes[stage_id].stage.title(recommendation.language)
    return stage_id


def network_name(evaluation: Evaluation | None, lang: str, network_id: str) -> str:
    return network_label(evaluation.catalogue, network_id, lang) if evaluation else network_id


# -- the content ---------------------------------------------------------------------------


@dataclass
class StageLine:
    """One stage in the score: its score, or why it has none."""

    id: str
    title: str
    status: str
    score: int | None
    weight: float


@dataclass
class FindingLine:
    severity: str
    code: str
    stage: str
    message: str
    advice: str
    source: str
    quote: str | None
    kind: str | None  # the kind's label, for blockers


@dataclass
class Condition:
    text: str
    owner: str | None
    due: date | None


@dataclass
class NetworkLine:
    id: str
    name: str
    hours: float | None
    in_plan: bool


@dataclass
class Step:
    number: int
    title: str
    start_month: int
    end_month: int
    start: date
    end: date
    tasks: list[str]


@dataclass
class Answer:
    """One question and its answer; ``items`` for a list of tables (one row of pairs each)."""

    title: str
    value: str | None
    items: list[list[tuple[str, str]]] | None = None


@dataclass
class AnswerStage:
    id: str
    title: str
    status: str
    answers: list[Answer]


@dataclass
class Note:
    stage: str
    text: str


@dataclass
class ReportContent:
    """Everything a report shows, as plain (cleaned, unescaped) text in one language."""

    lang: str
    title: str
    organisation: str
    day: date
    facilitator: str
    participants: list[str]
    sector: str
    verdict: str
    computed_verdict: str
    override_reason: str | None
    score: int
    pending: list[str]
    skipped: list[str]
    broken: list[tuple[str, str]]
    stages: list[StageLine]
    findings: list[FindingLine]
    conditions: list[Condition]
    networks: list[NetworkLine]
    listening_hours: float | None
    workload: float | None
    capacity: float | None
    months: int
    steps: list[Step]
    alternatives: list[str]
    listening: str
    recheck: date | None
    notes: list[Note]
    appendix: list[AnswerStage]
    sections: list[tuple[str, list[str]]] = field(default_factory=list)

    def word(self, key: str, **params: Any) -> str:
        return label(self.lang, key, **params)

    def verdict_name(self, verdict: str | None = None) -> str:
        return t(self.lang, f"engine.verdict.{verdict or self.verdict}.name")

    def verdict_meaning(self, verdict: str | None = None) -> str:
        return t(self.lang, f"engine.verdict.{verdict or self.verdict}.meaning")

    def of(self, severity: str) -> list[FindingLine]:
        return [finding for finding in self.findings if finding.severity == severity]

    def date(self, day: date | None) -> str:
        return long_date(self.lang, day) if day else self.word("unknown")

    def pair(self, key: str, value: str) -> str:
        """"Label: value", with the language's spacing ("Animateur : Claire")."""
        return label(self.lang, "pair", label=self.word(key), value=value)

    def colon(self, key: str) -> str:
        """A label before its value: "Reason:" / "Raison :"."""
        return self.pair(key, "").rstrip()

    def joined(self, pairs: list[tuple[str, str]]) -> str:
        """One answer's parts on one line: "Goal: Loyalty; KPI: …"."""
        return self.word("separator").join(label(self.lang, "pair", label=k, value=v)
                                          for k, v in pairs)

    def num(self, value: float | int | None) -> str:
        return number(self.lang, value)

    def hours(self, value: float | int | None) -> str:
        """"6.5 h/week"; "not known yet" without a unit."""
        return self.word("unknown") if value is None else self.word("hours", hours=self.num(value))

    @property
    def overloaded(self) -> bool:
        return (self.workload is not None and self.capacity is not None
                and round(self.workload, 1) > round(self.capacity, 1))


def _stage_owners(answers: BaseModel | None) -> tuple[str | None, list[str]]:
    """The person a stage names as ``owner``, and the owners of its listed items (goals)."""
    if answers is None:
        return None, []
    single = getattr(answers, "owner", None)
    single = clean(single) if isinstance(single, str) and single.strip() else None
    listed: list[str] = []
    for name in type(answers).model_fields:
        value = getattr(answers, name, None)
        if isinstance(value, list):
            for item in value:
                owner = getattr(item, "owner", None)
                if isinstance(owner, str) and owner.strip() and clean(owner) not in listed:
                    listed.append(clean(owner))
    return single, listed


def _owner_for(finding: Finding | None, evaluation: Evaluation | None) -> str | None:
    """Who answers for a condition: the owners its own stage names, else the stage that names
    the person answerable for the whole presence (an ``owner`` answer), else nobody known."""
    if evaluation is None:
        return None
    figure = evaluation.figure("owner")
    general = clean(figure) if isinstance(figure, str) and figure.strip() else None
    if general is None:
        for outcome in evaluation.outcomes.values():
            single, _ = _stage_owners(outcome.answers)
            if single:
                general = single
                break
    if finding is not None and finding.stage in evaluation.outcomes:
        single, listed = _stage_owners(evaluation.outcomes[finding.stage].answers)
        if listed:
            return ", ".join(listed)
        if single:
            return single
    return general


def _value_text(stage: Stage, lang: str, value: Any, evaluation: Evaluation | None) -> str:
    """An answer as the client reads it: choice labels, yes/no, figures, network names."""
    if isinstance(value, bool):
        return label(lang, "yes" if value else "no")
    if isinstance(value, int | float):
        return number(lang, value)
    if isinstance(value, str):
        choice = stage.text(lang, "choices", value)
        if choice:
            return clean(choice)
        if evaluation and value in evaluation.catalogue:
            return clean(network_name(evaluation, lang, value))
        return clean(value)
    if isinstance(value, list | tuple | set):
        parts = [_value_text(stage, lang, item, evaluation) for item in value]
        return ", ".join(parts) if parts else label(lang, "empty")
    if isinstance(value, dict):
        return "; ".join(f"{clean(k)}: {_value_text(stage, lang, v, evaluation)}"
                         for k, v in value.items())
    if isinstance(value, date):
        return long_date(lang, value)
    return clean(value)


def _field_title(stage: Stage, lang: str, path: tuple[str, ...], fallback: str) -> str:
    """A question's title in ``lang``: ``questions.<field>.title`` (nested: ``<field>.<sub>``)."""
    found = stage.text(lang, "questions", *path, "title")
    if not found and len(path) > 1:
        found = stage.text(lang, "questions", path[-1], "title")
    return clean(found or fallback)


def _answers(outcome: StageOutcome, lang: str, evaluation: Evaluation) -> list[Answer]:
    stage, model = outcome.stage, outcome.answers
    if model is None:
        return []
    rows: list[Answer] = []
    for name, info in type(model).model_fields.items():
        title = _field_title(stage, lang, (name,), info.title or name)
        value = getattr(model, name, None)
        if value is None:
            rows.append(Answer(title, None))
        elif isinstance(value, list) and value and all(isinstance(v, BaseModel) for v in value):
            items = []
            for item in value:
                pairs = []
                for sub, sub_info in type(item).model_fields.items():
                    sub_value = getattr(item, sub, None)
                    if sub_value is None or sub_value == "":
                        continue
                    pairs.append((_field_title(stage, lang, (name, sub), sub_info.title or sub),
                                  _value_text(stage, lang, sub_value, evaluation)))
                items.append(pairs)
            rows.append(Answer(title, None, items))
        elif isinstance(value, BaseModel):
            pairs = [(_field_title(stage, lang, (name, sub), sub_info.title or sub),
                      _value_text(stage, lang, getattr(value, sub), evaluation))
                     for sub, sub_info in type(value).model_fields.items()
                     if getattr(value, sub) is not None]
            rows.append(Answer(title, None, [pairs]))
        else:
            rows.append(Answer(title, _value_text(stage, lang, value, evaluation)))
    return rows


def _networks(recommendation: Recommendation) -> tuple[list[NetworkLine], float | None]:
    """Hours per week per network, and the listening hours, for the plan and the selection.

    Stages give ``network_hours``; without it, the workload is shared out in proportion to
    each network's catalogue effort (the workload formula scales every term alike).
    """
    evaluation, lang = recommendation.evaluation, recommendation.language
    plan = list(recommendation.network_plan)
    selected = list(evaluation.figure("selected_networks", []) or []) if evaluation else []
    ids = selected + [n for n in plan if n not in selected]
    hours: dict[str, float] = {}
    listening: float | None = None
    if evaluation is not None:
        given = evaluation.figure("network_hours") or {}
        if isinstance(given, dict):
            hours = {str(k): float(v) for k, v in given.items() if isinstance(v, int | float)}
        heard = evaluation.figure("listening_hours")
        listening = float(heard) if isinstance(heard, int | float) else None
        workload = recommendation.workload_hours
        missing = [n for n in plan if n not in hours and n in evaluation.catalogue]
        if missing and workload:
            base = evaluation.settings.listening_minutes_per_week
            minutes = sum(evaluation.catalogue[n].minutes_per_week for n in plan
                          if n in evaluation.catalogue) + float(base)
            if minutes > 0:
                scale = float(workload) / minutes
                for network_id in missing:
                    hours[network_id] = evaluation.catalogue[network_id].minutes_per_week * scale
                listening = listening if listening is not None else float(base) * scale
    lines = [NetworkLine(n, clean(network_name(evaluation, lang, n)), hours.get(n), n in plan)
             for n in ids]
    return lines, listening


def _steps(recommendation: Recommendation, start: date) -> tuple[list[Step], int]:
    from workshop.engine.recommendation import add_months

    steps = [Step(step.step, clean(step.title), step.start_month, step.end_month,
                  add_months(start, max(0, step.start_month - 1)),
                  add_months(start, max(step.start_month, step.end_month)),
                  [clean(task) for task in step.tasks])
             for step in recommendation.action_plan]
    months = max([s.end_month for s in steps], default=1)
    return steps, max(1, months)


def build_content(recommendation: Recommendation, host: PluginHost | None = None) -> ReportContent:
    """Gather the report's content from the recommendation (and its evaluation)."""
    from workshop.engine.recommendation import session_date

    lang = recommendation.language
    evaluation = recommendation.evaluation
    info = evaluation.session.session if evaluation else None
    day = session_date(evaluation.session) if evaluation else date.today()

    stages: list[StageLine] = []
    notes: list[Note] = []
    appendix: list[AnswerStage] = []
    if evaluation is not None:
        for outcome in evaluation.outcomes.values():
            title = clean(outcome.stage.title(lang))
            if outcome.stage.scored:
                stages.append(StageLine(outcome.id, title, outcome.status,
                                        recommendation.stage_scores.get(outcome.id),
                                        outcome.weight))
                record = evaluation.session.stages.get(outcome.id)
                answered = bool(record and record.answers)
                if answered or outcome.status in ("done", "in_progress"):
                    appendix.append(AnswerStage(outcome.id, title, outcome.status,
                                                _answers(outcome, lang, evaluation)))
            record = evaluation.session.stages.get(outcome.id)
            if record and record.notes.strip():
                notes.append(Note(title, clean(record.notes, multiline=True)))
    else:
        stages = [StageLine(s, s, "done", score, 0)
                  for s, score in recommendation.stage_scores.items()]

    by_advice: dict[str, Finding] = {}
    findings: list[FindingLine] = []
    for finding in recommendation.findings:
        by_advice.setdefault(finding.text("advice", lang), finding)
        findings.append(FindingLine(
            severity=finding.severity, code=finding.code,
            stage=clean(stage_title(recommendation, finding.stage)),
            message=clean(finding.text("message", lang)),
            advice=clean(finding.text("advice", lang)),
            source=clean(finding.source), quote=clean(finding.quote) if finding.quote else None,
            kind=t(lang, f"engine.kind.{finding.kind}") if finding.kind else None))

    steps, months = _steps(recommendation, day)
    conditions = []
    wanted = list(recommendation.conditions)
    if not wanted and recommendation.verdict == "go_with_conditions":
        # The facilitator overrode the rules to "go, with conditions": what the rules found
        # to fix (blockers first, then concerns) is what must be in place.
        wanted = list(dict.fromkeys(f.text("advice", lang) for f in recommendation.findings
                                    if f.severity != "strength"))
    for text in wanted:
        due = next((step.end for step, raw in zip(steps, recommendation.action_plan, strict=True)
                    if text in raw.tasks), None)
        conditions.append(Condition(clean(text), _owner_for(by_advice.get(text), evaluation), due))

    networks, listening = _networks(recommendation)
    override = recommendation.override
    return ReportContent(
        lang=lang,
        title=clean(label(lang, "title", organisation=recommendation.organisation)),
        organisation=clean(recommendation.organisation),
        day=day,
        facilitator=clean(info.facilitator) if info else "",
        participants=[clean(p) for p in (info.participants if info else []) if p.strip()],
        sector=clean(info.sector) if info else "",
        verdict=recommendation.verdict,
        computed_verdict=recommendation.computed_verdict,
        override_reason=clean(override.reason, multiline=True) if override else None,
        score=recommendation.score,
        pending=[clean(stage_title(recommendation, s)) for s in recommendation.pending_stages],
        skipped=[clean(stage_title(recommendation, s)) for s in recommendation.skipped_stages],
        broken=[(clean(stage_title(recommendation, s)), clean(error))
                for s, error in recommendation.broken_stages.items()],
        stages=stages,
        findings=findings,
        conditions=conditions,
        networks=networks,
        listening_hours=listening,
        workload=recommendation.workload_hours,
        capacity=recommendation.capacity_hours,
        months=months,
        steps=steps,
        alternatives=[clean(a) for a in recommendation.alternatives],
        listening=clean(recommendation.listening),
        recheck=recommendation.recheck_date,
        notes=notes,
        appendix=appendix,
        sections=[(clean(title), [clean(p, multiline=True) for p in paragraphs])
                  for title, paragraphs in plugin_sections(recommendation, host)],
    )
