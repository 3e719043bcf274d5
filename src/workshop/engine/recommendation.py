"""The final stage: every stage's findings and figures in, the recommendation out.

It is a plugin like the stages: it registers its own stage (for its status, notes and the
facilitator's override) and implements ``build_recommendation``, which another plugin may
replace by returning a result first.
"""

from __future__ import annotations

import calendar
import math
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel

from workshop import Stage, hookimpl
from workshop.engine.evaluation import Evaluation, evaluate
from workshop.engine.settings import Settings
from workshop.i18n import t, t_list
from workshop.plugins import PluginHost
from workshop.session.models import Override, Session
from workshop.stage import Finding, network_label

STAGE_ID = "recommendation"
SETUP_STEPS = ("listen", "strategy", "presence", "ready", "respond")


class RecommendationQuestions(BaseModel):
    """The recommendation asks nothing: its override lives beside the answers."""


class RecommendationStage(Stage):
    id = STAGE_ID
    order = 1000
    weight = 0
    scored = False
    questions = RecommendationQuestions
    texts = {
        "fr": {"title": "Recommandation", "intro": "Le verdict, ses raisons et le plan d'action."},
        "en": {"title": "Recommendation", "intro": "The verdict, its reasons and the action plan."},
    }


PlanStatus = Literal["todo", "in_place"]


@dataclass
class PlanItem:
    """One task of a step, with a stable code (``<step>.<name>``): what is already in place
    is shown as such (``in_place``), never scheduled again."""

    code: str
    text: str
    owner: str | None
    start_month: int
    end_month: int
    status: PlanStatus = "todo"

    def as_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


@dataclass
class ActionStep:
    step: int
    title: str
    start_month: int
    end_month: int
    tasks: list[str]  # the texts of the items still to do
    items: list[PlanItem] = field(default_factory=list)
    code: str = ""

    def as_dict(self) -> dict[str, Any]:
        return {"step": self.step, "code": self.code, "title": self.title,
                "start_month": self.start_month, "end_month": self.end_month,
                "tasks": list(self.tasks), "items": [item.as_dict() for item in self.items]}


@dataclass
class ConditionItem:
    """A condition of the launch: what, who answers for it, and by when (before step 3)."""

    code: str
    text: str
    owner: str
    due: date

    def as_dict(self) -> dict[str, Any]:
        return {"code": self.code, "text": self.text, "owner": self.owner,
                "due": self.due.isoformat()}


@dataclass
class Milestone:
    """A dated point of the plan: the first review, the re-check, the end of the commitment."""

    code: str
    date: date
    text: str

    def as_dict(self) -> dict[str, Any]:
        return {"code": self.code, "date": self.date.isoformat(), "text": self.text}


@dataclass
class MonthlyCost:
    """The weekly workload valued at the hourly rate, beside the agency budget, a month."""

    hours_value: float
    agency: float
    total: float
    currency: str

    def as_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


@dataclass
class NetworkRow:
    """A chosen network with its rhythm (from the catalogue) and its weekly hours."""

    id: str
    name: str
    posts_per_week: float
    minutes_per_post: float
    community_minutes_per_week: float
    hours: float
    fit: int | None
    existing_account: str | None

    def as_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


@dataclass
class LeftOut:
    """A network considered and left out of the plan, and why."""

    id: str
    name: str
    reason: Literal["poor_fit", "no_time"]
    text: str

    def as_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


@dataclass
class Recommendation:
    """What the final stage says, in the session's language, ready for every renderer."""

    organisation: str
    language: str
    verdict: str
    computed_verdict: str
    override: Override | None
    provisional: bool
    pending_stages: list[str]
    skipped_stages: list[str]
    score: int
    stage_scores: dict[str, int]
    findings: list[Finding]
    conditions: list[str]
    workload_hours: float | None
    capacity_hours: float | None
    network_plan: list[str]
    action_plan: list[ActionStep]
    alternatives: list[str]
    recheck_date: date | None
    listening: str
    broken_stages: dict[str, str] = field(default_factory=dict)
    coverage: float = 1.0
    too_little: bool = False
    unknown_stages: list[str] = field(default_factory=list)
    condition_items: list[ConditionItem] = field(default_factory=list)
    workload_breakdown: dict[str, float] = field(default_factory=dict)
    monthly_cost: MonthlyCost | None = None
    network_rows: list[NetworkRow] = field(default_factory=list)
    left_out: list[LeftOut] = field(default_factory=list)
    milestones: list[Milestone] = field(default_factory=list)
    abstaining: str | None = None
    evaluation: Evaluation | None = field(default=None, repr=False, compare=False)

    def as_json(self) -> dict[str, Any]:
        """The JSON report of design.md: every key always present."""
        return {
            "organisation": self.organisation,
            "language": self.language,
            "verdict": self.verdict,
            "computed_verdict": self.computed_verdict,
            "override": self.override.model_dump() if self.override else None,
            "provisional": self.provisional,
            "pending_stages": self.pending_stages,
            "skipped_stages": self.skipped_stages,
            "score": self.score,
            "stage_scores": self.stage_scores,
            "findings": [finding.as_dict(self.language) for finding in self.findings],
            "conditions": self.conditions,
            "workload_hours": self.workload_hours,
            "capacity_hours": self.capacity_hours,
            "network_plan": self.network_plan,
            "action_plan": [step.as_dict() for step in self.action_plan],
            "alternatives": self.alternatives,
            "recheck_date": self.recheck_date.isoformat() if self.recheck_date else None,
            "listening": self.listening,
            "broken_stages": self.broken_stages,
            "coverage": self.coverage,
            "too_little": self.too_little,
            "unknown_stages": self.unknown_stages,
            "condition_items": [item.as_dict() for item in self.condition_items],
            "workload_breakdown": self.workload_breakdown,
            "monthly_cost": self.monthly_cost.as_dict() if self.monthly_cost else None,
            "network_rows": [row.as_dict() for row in self.network_rows],
            "left_out": [row.as_dict() for row in self.left_out],
            "milestones": [milestone.as_dict() for milestone in self.milestones],
            "abstaining": self.abstaining,
        }


# -- the rules ---------------------------------------------------------------------------


def overall_score(evaluation: Evaluation) -> float:
    """Weighted mean of the evaluated stages' scores (skipped and pending stages left out)."""
    scored = [o for o in evaluation.outcomes.values()
              if o.evaluated and o.score is not None and o.weight > 0]
    total = sum(o.weight for o in scored)
    if total == 0:
        return 0.0
    return sum(o.score * o.weight for o in scored) / total


def computed_verdict(findings: list[Finding], score: float, settings: Settings,
                     anything_evaluated: bool) -> str:
    """The verdict rule of domain.md."""
    blockers = [f for f in findings if f.severity == "blocker"]
    if any(f.kind == "structural" for f in blockers):
        return "no_go"
    if blockers:
        return "not_yet"
    if not anything_evaluated:
        return "not_yet"
    if any(f.severity == "concern" for f in findings):
        return "not_yet" if score < settings.scoring.not_yet_below else "go_with_conditions"
    return "go"


def capped_score(score: float, verdict_findings: list[Finding], settings: Settings) -> int:
    """The overall score never contradicts the verdict."""
    blockers = [f for f in verdict_findings if f.severity == "blocker"]
    if any(f.kind == "structural" for f in blockers):
        score = min(score, settings.scoring.structural_cap)
    elif blockers:
        score = min(score, settings.scoring.fixable_cap)
    return int(round(score))


def add_months(start: date, months: int) -> date:
    month_index = start.month - 1 + months
    year, month = start.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(start.day, calendar.monthrange(year, month)[1]))


def session_date(session: Session) -> date:
    """The day the session was last worked on (recorded on save), else its creation day."""
    for value in (session.session.updated, session.session.created):
        if isinstance(value, datetime):
            return value.date()
        if isinstance(value, date):
            return value
    return date.today()


def go_plan(lang: str, months: int, conditions: list[str], networks: str) -> list[ActionStep]:
    """Seed 002's six steps spread over the committed months, the conditions first."""
    setup = max(1, min(6, round(months / 4)))
    steps: list[ActionStep] = []
    if conditions:
        steps.append(ActionStep(0, t(lang, "engine.plan.conditions.title"), 1,
                                max(1, math.ceil(setup / 3)), list(conditions)))
    for number, name in enumerate(SETUP_STEPS, start=1):
        start = 1 + math.floor((number - 1) * setup / 5)
        end = max(start, math.ceil(number * setup / 5))
        steps.append(ActionStep(number, t(lang, f"engine.plan.{name}.title"), start, end,
                                t_list(lang, f"engine.plan.{name}.tasks", networks=networks)))
    dialogue_start = min(setup + 1, months)
    steps.append(ActionStep(6, t(lang, "engine.plan.dialogue.title"), dialogue_start,
                            max(dialogue_start, months),
                            t_list(lang, "engine.plan.dialogue.tasks")))
    return steps


def build(evaluation: Evaluation) -> Recommendation:
    """Verdict, score, conditions, plan and alternatives from the evaluation."""
    session, settings, lang = evaluation.session, evaluation.settings, evaluation.lang
    outcomes = [o for o in evaluation.outcomes.values() if o.stage.scored]
    findings = evaluation.findings()
    anything = any(o.evaluated for o in outcomes)
    raw_score = overall_score(evaluation)
    verdict = computed_verdict(findings, raw_score, settings, anything)
    score = capped_score(raw_score, findings, settings)

    record = session.stages.get(STAGE_ID)
    override = record.override if record else None
    concerns = [f for f in findings if f.severity == "concern"]
    blockers = [f for f in findings if f.severity == "blocker"]
    final = override.verdict if override else verdict
    conditions: list[str] = []
    if verdict == "go_with_conditions":
        conditions = [f.text("advice", lang) for f in concerns]
    elif final == "go_with_conditions":
        # the facilitator overrode the rules to "go, with conditions": what the rules found
        # in the way becomes the conditions, blockers first
        conditions = [f.text("advice", lang) for f in (*blockers, *concerns)]

    alternatives: list[str] = []
    for finding in findings:
        for alternative in finding.alternatives:
            text = alternative.get(lang) or alternative.get("en", "")
            if text and text not in alternatives:
                alternatives.append(text)
    if verdict == "no_go" and not alternatives:
        alternatives = [t(lang, f"engine.alternatives.{key}")
                        for key in ("website", "newsletter", "news_page", "listening")]

    network_plan = list(evaluation.figure("network_plan",
                                          evaluation.figure("selected_networks", [])) or [])
    names = ", ".join(network_label(evaluation.catalogue, n, lang) for n in network_plan) or "—"
    months = int(evaluation.figure("commitment_months") or settings.default_commitment_months)
    months = max(1, months)
    recheck: date | None = None
    if verdict in ("go", "go_with_conditions"):
        plan = go_plan(lang, months, conditions, names)
    elif verdict == "not_yet":
        recheck = add_months(session_date(session), settings.recheck_months)
        end = settings.recheck_months
        to_fix = [f.text("advice", lang) for f in blockers]
        if not blockers:
            to_fix = [t(lang, "engine.recommendation.too_low",
                        threshold=int(settings.scoring.not_yet_below))] if anything else []
            to_fix += [f.text("advice", lang) for f in concerns]
        if not anything:
            to_fix = [t(lang, "engine.recommendation.nothing_yet")]
        plan = [
            ActionStep(1, t(lang, "engine.plan.fix.title"), 1, end, to_fix),
            ActionStep(2, t(lang, "engine.plan.listen_meanwhile.title"), 1, end,
                       t_list(lang, "engine.plan.listen_meanwhile.tasks")),
            ActionStep(3, t(lang, "engine.plan.recheck.title"), end, end,
                       t_list(lang, "engine.plan.recheck.tasks", date=recheck.isoformat())),
        ]
    else:
        plan = [
            ActionStep(1, t(lang, "engine.plan.alternatives.title"), 1, 3, list(alternatives)),
            ActionStep(2, t(lang, "engine.plan.keep_listening.title"), 1, 12,
                       t_list(lang, "engine.plan.keep_listening.tasks")),
        ]

    # the workload of the plan when it is a reduced one; with no plan that fits, what the
    # selected networks would take (listening alone would hide the problem)
    reduced = bool(network_plan) and network_plan != evaluation.figure("selected_networks", [])
    workload = evaluation.figure("plan_workload_hours") if reduced else None
    return Recommendation(
        organisation=session.session.organisation,
        language=lang,
        verdict=final,
        computed_verdict=verdict,
        override=override,
        provisional=any(o.pending for o in outcomes),
        pending_stages=[o.id for o in outcomes if o.pending],
        skipped_stages=[o.id for o in outcomes if o.status == "skipped"],
        score=score,
        stage_scores={o.id: o.score for o in outcomes if o.evaluated and o.score is not None},
        findings=findings,
        conditions=conditions,
        workload_hours=evaluation.figure("workload_hours") if workload is None else workload,
        capacity_hours=evaluation.figure("capacity_hours"),
        network_plan=network_plan,
        action_plan=plan,
        alternatives=alternatives,
        recheck_date=recheck,
        listening=t(lang, "engine.recommendation.listening"),
        broken_stages={o.id: o.error or "; ".join(str(p) for p in o.problems)
                       for o in outcomes if o.broken},
        evaluation=evaluation,
    )


# -- the plugin ---------------------------------------------------------------------------


@hookimpl
def register_stages(register: Callable[[Stage], None]) -> None:
    register(RecommendationStage())


@hookimpl(trylast=True)
def build_recommendation(evaluation: Evaluation, settings: dict[str, Any]) -> Recommendation:
    return build(evaluation)


def recommend(session: Session, host: PluginHost, *, path: str | Path = "<session>",
              text: str = "") -> Recommendation:
    """Evaluate the session and ask the plugins for the recommendation (guarded)."""
    evaluation = evaluate(session, host, path=str(path), text=text)
    try:
        result = host.pm.hook.build_recommendation(
            evaluation=evaluation, settings=evaluation.settings.model_dump()
        )
    except Exception as error:
        host.note_failure("build_recommendation", error)
        result = None
    if not isinstance(result, Recommendation):
        result = build(evaluation)
    return result
