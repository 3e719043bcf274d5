"""Stage 4, resources: do you have the means of your ambitions? (seeds 000 #2-3, 002, 003, 004)

The networks stage says how many hours the presence takes; this stage says how many the team
has, and when they do not match, proposes the best plan that fits rather than just saying no.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StrictFloat

from workshop import Finding, Stage, StageContext, StageResult, hookimpl
from workshop.stage import load_texts, number
from workshop.stages import _workload

Team = Literal["dedicated", "part_time", "intern", "agency", "none"]
Skill = Literal["novice", "intermediate", "experienced"]
# Beyond a day to get a reply approved, a conversation is already over (seed 000 #2).
MAX_APPROVAL_HOURS = 24


class ResourcesAnswers(BaseModel):
    """The questions of the resources stage; every field has a default (nothing answered)."""

    model_config = ConfigDict(extra="forbid", allow_inf_nan=False)

    owner: str | None = Field(
        default=None,
        title="Owner",
        description="The person answerable for moderation and listening.",
    )
    team: Team | None = Field(
        default=None, title="Team", description="Who will do the work day to day."
    )
    hours_per_week: StrictFloat | None = Field(
        default=None, ge=0, le=168, allow_inf_nan=False,  # the hours of a week, no more
        title="Hours a week", description="In-house time, every week."
    )
    agency_budget_monthly: StrictFloat | None = Field(
        default=None,
        ge=0,
        le=1e9,
        allow_inf_nan=False,
        title="Agency budget a month",
        description="What you can pay an agency or freelancer each month.",
        json_schema_extra={"whatif_step": 50, "whatif_buys_hours": 2},  # a budget a person says
    )
    skill: Skill | None = Field(
        default=None, title="Skill", description="How experienced the team is with social media.",
        json_schema_extra={"whatif": False},  # a fact today: training is a step of the plan
    )
    crisis_plan: bool | None = Field(
        default=None, title="Crisis plan", description="Is there a plan for a crisis online?"
    )
    approval_hours: StrictFloat | None = Field(
        default=None,
        ge=0,
        le=720,
        allow_inf_nan=False,
        title="Approval time (hours)",
        description="How long it takes to get a reply approved.",
    )
    management_support: bool | None = Field(
        default=None,
        title="Management support",
        description="Does management back the project and take part?",
    )


def named(value: str | None) -> bool:
    """A name counts only if it says something: blank or unanswered names nobody, and "no
    owner" is a rule whose trigger is an absence (docs/decisions.md)."""
    return value is not None and bool(value.strip())


def hours_text(value: float, languages: list[str]) -> dict[str, str]:
    """Hours as each language writes them (4,5 in French, 4.5 in English), rounded half up as
    the workload figures are; the decimal mark is the locale's (``workshop.stage.number``)."""
    shown = _workload.round1(value)
    return {lang: number(lang, shown) for lang in languages}


def capacity_hours(answers: ResourcesAnswers, settings: dict[str, Any]) -> float:
    """In-house hours plus the agency budget turned into hours; unanswered counts as 0, since
    "no time and no budget" is a rule whose trigger is an absence."""
    budget = answers.agency_budget_monthly or 0.0
    bought = budget / float(settings["hourly_rate"]) / float(settings["weeks_per_month"])
    return (answers.hours_per_week or 0.0) + bought


class ResourcesStage(Stage):
    """Owner, time, budget, skill and readiness: can the team carry the chosen networks?"""

    id = "resources"
    order = 40
    weight = 20
    required = True
    questions = ResourcesAnswers
    texts = load_texts(Path(__file__).with_suffix(".toml"))
    # Every means is in place before the launch: the reduced plan, the supervision of an
    # intern, the crisis plan, a faster approval, management's support.
    timing = {
        "resources.overloaded": "before",
        "resources.intern": "before",
        "resources.no_crisis_plan": "before",
        "resources.slow_approval": "before",
        "resources.no_sponsor": "before",
    }

    def evaluate(self, answers: ResourcesAnswers, context: StageContext) -> StageResult:
        found: list[Finding] = []
        add: Callable[[Finding], None] = found.append
        settings = dict(context.settings)
        languages = self.languages()
        capacity = _workload.round1(capacity_hours(answers, settings))

        if not named(answers.owner):
            add(self.finding("resources.no_owner", "blocker", kind="fixable"))
        if capacity <= 0:
            add(self.finding("resources.none", "blocker", kind="fixable"))

        figures: dict[str, Any] = {
            "capacity_hours": capacity,
            "owner": answers.owner.strip() if named(answers.owner) else None,  # type: ignore[union-attr]
            "crisis_plan": answers.crisis_plan,
            "agency_budget_monthly": answers.agency_budget_monthly or 0.0,
        }
        if context.figures.get("networks") is not None:
            figures.update(self.plan(answers, context, capacity, add))

        if answers.team == "intern":
            add(self.finding("resources.intern", "concern"))
        if answers.crisis_plan is False:
            add(self.finding("resources.no_crisis_plan", "concern"))
        if answers.approval_hours is not None and answers.approval_hours > MAX_APPROVAL_HOURS:
            add(self.finding("resources.slow_approval", "concern",
                             hours=hours_text(answers.approval_hours, languages),
                             limit=MAX_APPROVAL_HOURS))
        if answers.management_support is False:
            add(self.finding("resources.no_sponsor", "concern"))
        return StageResult(findings=found, figures=figures)

    def plan(
        self,
        answers: ResourcesAnswers,
        context: StageContext,
        capacity: float,
        add: Callable[[Finding], None],
    ) -> dict[str, Any]:
        """The selection if it fits the capacity, else the best subset that does; then the
        plan follows the networks stage's advice (no poor fit beside a good one, not
        everywhere). The findings are decided on the client's selection, as domain.md says."""
        catalogue = context.catalogue
        settings = dict(context.settings)
        languages = self.languages()
        networks = context.figures["networks"]
        selected: list[str] = list(networks.get("selected_networks", []))
        needed: float = networks.get("workload_hours", 0.0)
        factor = _workload.skill_factor(settings, answers.skill)
        chosen = context.answers_of("networks")
        fits = {
            candidate.id: candidate.audience_fit
            for candidate in getattr(chosen, "candidates", [])
            if candidate.id in selected and candidate.audience_fit is not None
        }
        if not selected:
            return {"network_plan": selected, "plan_workload_hours": needed}
        if _workload.fits_capacity(needed, capacity):
            plan = selected
        else:
            plan = _workload.best_plan(fits, catalogue, settings, factor, capacity)
        plan, too_many = self.as_advised(plan, fits, catalogue, settings, context.session.size)
        plan_hours = _workload.round1(_workload.workload(plan, catalogue, settings, factor))
        extra = {"networks_too_many": too_many} if too_many else {}
        # With no capacity at all, resources.none already says it: no second blocker.
        if capacity > 0 and not _workload.fits_capacity(needed, capacity):
            params = {
                "workload": hours_text(needed, languages),
                "capacity": hours_text(capacity, languages),
                "plan": _workload.names(plan, catalogue, languages),
                "plan_hours": hours_text(plan_hours, languages),
            }
            if plan:
                add(self.finding("resources.overloaded", "concern", **params))
            else:
                add(self.finding("resources.overloaded", "blocker", kind="fixable",
                                 variant="nothing_fits", **params))
        return {"network_plan": plan, "plan_workload_hours": plan_hours, **extra}

    @staticmethod
    def as_advised(plan: list[str], fits: dict[str, int], catalogue: Any,
                   settings: dict[str, Any], size: str | None) -> tuple[list[str], list[str]]:
        """The plan as the networks stage advises it: a network the audience is hardly on
        (networks.poor_fit) is not scheduled beside a better one, and no more networks than
        the organisation's size keeps alive (networks.everywhere: those where the audience
        is most active, then the lighter). Returns the plan and the networks left out as
        one too many."""
        good = [n for n in plan if n not in fits or fits[n] >= _workload.PLAN_MIN_FIT]
        if good:
            plan = good
        limit = dict(settings.get("max_networks") or {}).get(size or "")
        if limit is None or len(plan) <= limit:
            return plan, []
        ranked = sorted(plan, key=lambda n: (-(fits.get(n) or 0),
                                             catalogue[n].minutes_per_week, plan.index(n)))
        kept = set(ranked[:limit])
        return [n for n in plan if n in kept], [n for n in plan if n not in kept]


@hookimpl
def register_stages(register: Callable[[Stage], None]) -> None:
    register(ResourcesStage())
