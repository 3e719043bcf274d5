"""The final stage: every stage's findings and figures in, the recommendation out.

It is a plugin like the stages: it registers its own stage (for its status, notes and the
facilitator's override) and implements ``build_recommendation``, which another plugin may
replace by returning a result first.
"""

from __future__ import annotations

import calendar
import functools
import math
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal
from fnmatch import fnmatchcase as fnmatch
from importlib import resources
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel

from workshop import Stage, hookimpl
from workshop.datafiles import read_toml_resource
from workshop.engine.evaluation import SEVERITY_ORDER, Evaluation, evaluate
from workshop.engine.settings import Settings
from workshop.i18n import both, number, t, t_list
from workshop.plugins import PluginHost
from workshop.session.models import Override, Session
from workshop.stage import Finding, network_label

STAGE_ID = "recommendation"
SETUP_STEPS = ("listen", "strategy", "presence", "ready", "respond")
# The stable codes of the steps in JSON (items are "<step code>.<name>").
STEP_CODES = {"listen": "listen", "strategy": "strategy", "presence": "present",
              "ready": "ready", "respond": "respond"}


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

    @property
    def in_place(self) -> bool:
        """Every item of the step is already in place: nothing to schedule, so a renderer
        shows it as done rather than as work with dates."""
        return bool(self.items) and all(item.status == "in_place" for item in self.items)

    def as_dict(self) -> dict[str, Any]:
        return {"step": self.step, "code": self.code, "title": self.title,
                "start_month": self.start_month, "end_month": self.end_month,
                "tasks": list(self.tasks), "items": [item.as_dict() for item in self.items],
                "in_place": self.in_place}


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
    reason: Literal["poor_fit", "no_time", "too_many"]
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


@functools.cache
def _datafile() -> dict[str, Any]:
    """The plan's defaults (data/plan.toml): read once (it was read four times a recompute,
    ~0.15 ms of its 0.6 ms); never changed by its readers."""
    return read_toml_resource(resources.files("workshop.data").joinpath("plan.toml"))


def distribute(raw: dict[str, float], total: float) -> dict[str, float]:
    """Rows rounded to 0.1 so that they add up to ``total`` exactly (largest remainders get the
    spare tenths): every figure a client can add up does add up (domain.md)."""
    if not raw:
        return {}
    tenths = {key: Decimal(repr(value)).quantize(Decimal("0.000001")) * 10
              for key, value in raw.items()}
    floors = {key: int(value) for key, value in tenths.items()}
    spare = int(Decimal(repr(total)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP) * 10)
    spare -= sum(floors.values())
    order = sorted(raw, key=lambda key: tenths[key] - floors[key], reverse=True)
    for key in order[:max(0, min(spare, len(order)))]:
        floors[key] += 1
    return {key: floors[key] / 10 for key in raw}


def layout(shares: list[float], setup: int) -> tuple[list[tuple[int, int]], int]:
    """Months of the set-up steps, one after the other: a step takes its part of ``setup``
    months in proportion to what is left to do in it (``shares``, 0 to 1); a step all in place
    takes none. Returns each step's (start, end) and the month the dialogue starts."""
    per_step = setup / len(shares) if shares else 0
    spans: list[tuple[int, int]] = []
    done = 0.0
    for share in shares:
        if share <= 0:
            spans.append((1, 1))
            continue
        start = 1 + math.floor(done + 1e-9)
        done += per_step * share
        spans.append((start, max(start, math.ceil(done - 1e-9))))
    return spans, 1 + math.floor(done + 1e-9)


class Facts:
    """What the stages' figures say about this client, read once for the plan."""

    def __init__(self, evaluation: Evaluation) -> None:
        figure = evaluation.figure
        self.lang = evaluation.lang
        self.goals: list[dict[str, Any]] | None = figure("goals")
        owner = figure("owner")
        self.owner: str | None = owner if isinstance(owner, str) and owner.strip() else None
        self.crisis_plan = figure("crisis_plan") is True
        spokesperson = figure("spokesperson")
        self.spokesperson = spokesperson if isinstance(spokesperson, str) else None
        self.charter = figure("charter") is True
        self.listening_done = figure("listening_done") is True
        self.dashboard = figure("listening_dashboard") is True
        # an audit finds where you are discussed and by whom, unless a stage says otherwise
        platforms, leaders = figure("listening_platforms"), figure("listening_leaders")
        self.platforms = platforms is True or (platforms is None and self.listening_done)
        self.leaders = leaders is True or (leaders is None and self.listening_done)
        self.sensitive = figure("sensitive_topic") is True
        self.presence = figure("online_presence")
        self.accounts: dict[str, str | None] = dict(figure("accounts") or {})
        self.fits: dict[str, int | None] = dict(figure("fits") or {})
        self.first_review = figure("first_review_months")
        self.factor = float(figure("skill_factor") or 1.0)
        self.agency = float(figure("agency_budget_monthly") or 0.0)

    @property
    def lead(self) -> str | None:
        """Who answers for what nobody else is named for: the person answerable for the
        presence, else the spokesperson, else the owner of the first goal (a client's own
        name rather than "the person in charge")."""
        owners = [goal.get("owner") for goal in [*self.kept_goals(), *(self.goals or [])]]
        return next((name.strip() for name in (self.owner, self.spokesperson, *owners)
                     if isinstance(name, str) and name.strip()), None)

    def kept_goals(self) -> list[dict[str, Any]]:
        return [goal for goal in self.goals or [] if goal.get("kept", True)]

    def measured(self, goal: dict[str, Any]) -> bool:
        return all(goal.get(key) for key in ("kpi", "target", "owner"))

    def kpis(self) -> str:
        return ", ".join(goal["kpi"] for goal in self.kept_goals() if goal.get("kpi"))


class PlanWriter:
    """Writes the action plan of one verdict from the answers: the client's own plan."""

    def __init__(self, evaluation: Evaluation, facts: Facts, rows: list[str]) -> None:
        self.evaluation = evaluation
        self.facts = facts
        self.lang = evaluation.lang
        self.rows = rows
        self.catalogue = evaluation.catalogue

    def t(self, key: str, **params: Any) -> str:
        return t(self.lang, key, **params)

    def name(self, network_id: str) -> str:
        return network_label(self.catalogue, network_id, self.lang)

    def names(self, ids: list[str]) -> str:
        return ", ".join(self.name(network_id) for network_id in ids)

    def listen(self) -> list[PlanItem]:
        f = self.facts
        owner = f.lead
        return [
            PlanItem("listen.audit", self.t("engine.item.listen_audit"), owner, 0, 0,
                     "in_place" if f.listening_done else "todo"),
            PlanItem("listen.dashboard", self.t("engine.item.listen_dashboard"), owner, 0, 0,
                     "in_place" if f.dashboard else "todo"),
            PlanItem("listen.platforms", self.t("engine.item.listen_platforms"), owner, 0, 0,
                     "in_place" if f.platforms else "todo"),
            PlanItem("listen.leaders", self.t("engine.item.listen_leaders"), owner, 0, 0,
                     "in_place" if f.leaders else "todo"),
        ]

    def strategy(self) -> list[PlanItem]:
        f = self.facts
        goals = f.kept_goals()
        if not goals:
            return [PlanItem("strategy.goals", self.t("engine.item.strategy_goals"), f.lead,
                             0, 0),
                    PlanItem("strategy.measure", self.t("engine.item.strategy_measure"),
                             f.lead, 0, 0)]
        missing = self.t("engine.item.missing")
        items = []
        for goal in goals:
            label = goal.get("label", {})
            text = self.t("engine.item.strategy_goal",
                          goal=label.get(self.lang) or label.get("en") or goal["id"],
                          kpi=goal.get("kpi") or missing, target=goal.get("target") or missing,
                          owner=goal.get("owner") or missing)
            items.append(PlanItem(f"strategy.goal.{goal['id']}", text,
                                  goal.get("owner") or f.lead, 0, 0,
                                  "in_place" if f.measured(goal) else "todo"))
        return items

    def present(self) -> list[PlanItem]:
        f = self.facts
        organisation = self.evaluation.session.session.organisation
        major = [n for n in _datafile().get("major_networks", []) if n in self.catalogue]
        major += [n for n in self.rows if n not in major]
        # where the organisation has an account (active or dormant), the name is its own
        free = [n for n in major if f.accounts.get(n) not in ("active", "dormant")]
        if free:
            reserve = PlanItem("present.reserve_names",
                               self.t("engine.item.reserve_names", organisation=organisation,
                                      networks=self.names(free)), f.lead, 0, 0)
        else:
            reserve = PlanItem("present.reserve_names",
                               self.t("engine.item.reserve_names_in_place",
                                      organisation=organisation), f.lead, 0, 0, "in_place")
        items = [reserve]
        for network_id in self.rows:
            account = f.accounts.get(network_id)
            name = self.name(network_id)
            if account == "active":
                items.append(PlanItem(f"present.open.{network_id}",
                                      self.t("engine.item.open_in_place", network=name),
                                      f.lead, 0, 0, "in_place"))
            elif account == "dormant":
                items.append(PlanItem(f"present.revive.{network_id}",
                                      self.t("engine.item.revive", network=name), f.lead, 0, 0))
            else:
                items.append(PlanItem(f"present.open.{network_id}",
                                      self.t("engine.item.open", network=name), f.lead, 0, 0))
        chosen = self.names(self.rows)
        for network_id, account in f.accounts.items():
            if network_id in self.rows or account not in ("active", "dormant"):
                continue
            key = "close_active" if account == "active" else "close_dormant"
            code = "pointer" if account == "active" else "dormant"
            items.append(PlanItem(f"present.{code}.{network_id}",
                                  self.t(f"engine.item.{key}", network=self.name(network_id),
                                         chosen=chosen), f.lead, 0, 0))
        return items

    def ready(self) -> list[PlanItem]:
        f = self.facts
        status = "in_place" if f.crisis_plan else "todo"
        items = [
            PlanItem("ready.crisis_plan",
                     self.t("engine.item.crisis_plan_in_place" if f.crisis_plan
                            else "engine.item.crisis_plan"), f.lead, 0, 0, status),
            PlanItem("ready.crisis_roles", self.t("engine.item.crisis_roles"), f.lead, 0, 0,
                     status),
        ]
        if f.sensitive:
            items.append(PlanItem("ready.crisis_page", self.t("engine.item.crisis_page"),
                                  f.lead, 0, 0))
        return items

    def respond(self) -> list[PlanItem]:
        f = self.facts
        spokesperson = PlanItem("respond.spokesperson", self.t("engine.item.spokesperson"),
                                f.lead, 0, 0)
        if f.spokesperson:
            spokesperson = PlanItem("respond.spokesperson",
                                    self.t("engine.item.spokesperson_in_place",
                                           name=f.spokesperson),
                                    f.spokesperson, 0, 0, "in_place")
        charter = PlanItem("respond.charter",
                           self.t("engine.item.charter_in_place" if f.charter
                                  else "engine.item.charter"),
                           f.spokesperson or f.lead, 0, 0,
                           "in_place" if f.charter else "todo")
        goals = f.kept_goals()
        kpis = f.kpis()
        measured = bool(goals) and all(f.measured(goal) for goal in goals)
        indicators = PlanItem("respond.kpis",
                              self.t("engine.item.kpis", kpis=kpis) if kpis
                              else self.t("engine.item.kpis_generic"),
                              f.lead, 0, 0, "in_place" if measured else "todo")
        return [spokesperson, charter, indicators]

    def dialogue(self, practices: list[Finding]) -> list[PlanItem]:
        f = self.facts
        items = []
        for network_id in self.rows:
            network = self.catalogue.get(network_id)
            if network is None:
                continue
            posts = (self.t("engine.item.post_one") if network.posts_per_week == 1
                     else self.t("engine.item.post_many",
                                 count=number(self.lang, network.posts_per_week)))
            items.append(PlanItem(
                f"dialogue.rhythm.{network_id}",
                self.t("engine.item.rhythm", network=self.name(network_id), posts=posts,
                       minutes=number(self.lang, network.minutes_per_post),
                       community=number(self.lang, network.community_minutes_per_week)),
                f.lead, 0, 0))
        for key in ("questions", "feedback", "team"):
            items.append(PlanItem(f"dialogue.{key}", self.t(f"engine.item.{key}"), f.lead, 0, 0))
        for finding in practices:
            items.append(PlanItem(f"dialogue.{finding.code}", finding.text("advice", self.lang),
                                  finding.owner or f.lead, 0, 0))
        kpis = f.kpis()
        items.append(PlanItem("dialogue.expectations",
                              self.t("engine.item.expectations", kpis=kpis) if kpis
                              else self.t("engine.item.expectations_nokpi"), f.lead, 0, 0))
        return items


def _step(number_: int, code: str, title: str, start: int, end: int,
          items: list[PlanItem]) -> ActionStep:
    """A step whose todo items take its months (in-place ones keep no month of their own)."""
    for item in items:
        item.start_month, item.end_month = start, end
    return ActionStep(number_, title, start, end,
                      [item.text for item in items if item.status == "todo"], items, code)


def go_plan(writer: PlanWriter, months: int, conditions: list[ConditionItem],
            practices: list[Finding]) -> tuple[list[ActionStep], int, int]:
    """Seed 002's six steps from the client's answers: what is in place is shown, not
    scheduled; only the steps with something to do take months, so a team that has
    everything starts the dialogue in month 1 or 2. Returns the steps, the month the
    dialogue starts and the last month of the conditions."""
    lang = writer.lang
    setup = max(1, min(6, round(months / 4)))
    built = [writer.listen(), writer.strategy(), writer.present(), writer.ready(),
             writer.respond()]
    # a task a condition already asks for is not scheduled a second time in its step
    covers = _datafile().get("covers", {})
    patterns = [pattern for item in conditions for pattern in covers.get(item.code, [])]
    built = [[item for item in items
              if item.status != "todo" or not any(fnmatch(item.code, p) for p in patterns)]
             for items in built]
    shares = [sum(item.status == "todo" for item in items) / max(1, len(items))
              for items in built]
    active = [share > 0 for share in shares]
    spans, dialogue_start = layout(shares, setup)
    present_start = spans[2][0]
    conditions_end = 0
    if conditions:
        # the conditions come first, and are met before the presence opens (step 3)
        shift = 1 if present_start == 1 else 0
        spans = [span if number_ < 2 or not active[number_]
                 else (span[0] + shift, span[1] + shift)
                 for number_, span in enumerate(spans)]
        dialogue_start += shift
        conditions_end = max(1, spans[2][0] - 1)
    dialogue_start = max(1, min(dialogue_start, months))
    steps: list[ActionStep] = []
    if conditions:
        items = [PlanItem(f"conditions.{item.code}", item.text, item.owner, 1, conditions_end)
                 for item in conditions]
        steps.append(_step(0, "conditions", t(lang, "engine.plan.conditions.title"), 1,
                           conditions_end, items))
    for number_, (name, items) in enumerate(zip(SETUP_STEPS, built, strict=True), start=1):
        start, end = spans[number_ - 1]
        steps.append(_step(number_, STEP_CODES[name], t(lang, f"engine.plan.{name}.title"),
                           start, end, items))
    steps.append(_step(6, "dialogue", t(lang, "engine.plan.dialogue.title"), dialogue_start,
                       max(dialogue_start, months), writer.dialogue(practices)))
    return steps, dialogue_start, conditions_end


def _person(finding: Finding | None, facts: Facts, lang: str) -> str:
    """Who answers for a condition or a blocker: the owner the stage names (a goal's owner),
    else the person answerable for the presence, else "the person in charge"."""
    if finding is not None and finding.owner:
        return finding.owner
    return facts.lead or t(lang, "engine.recommendation.person_in_charge")


def too_little_finding(evaluation: Evaluation) -> Finding:
    """"Too little was discussed to decide", naming the core stages still to take up."""
    missing = {lang: ", ".join(o.stage.title(lang) for o in evaluation.outcomes.values()
                               if o.stage.required and o.stage.scored and not o.evaluated)
               for lang in ("fr", "en")}
    return Finding(
        code="recommendation.too_little", stage=STAGE_ID, severity="concern",
        message={lang: text.format(stages=missing[lang])
                 for lang, text in both("engine.too_little.message").items()},
        advice={lang: text.format(stages=missing[lang])
                for lang, text in both("engine.too_little.advice").items()},
        source=both("engine.too_little.source")["en"], timing="before",
    )


def asked_once(conditional: list[Finding]) -> list[Finding]:
    """The conditions, less those another condition already asks for (data/plan.toml
    [covers] naming ``conditions.<code>``): a sensitive topic's "moderation and a crisis plan"
    is not followed by "adapt your crisis plan" a second time. The findings stay as found."""
    covers = _datafile().get("covers", {})
    codes = {f.code for f in conditional}
    covered = {f.code for f in conditional
               if any(fnmatch(f"conditions.{f.code}", pattern)
                      for other in codes - {f.code} for pattern in covers.get(other, []))}
    return [f for f in conditional if f.code not in covered]


def habits_finding(practices: list[Finding]) -> Finding:
    """The condition of a go whose only concerns are habits: commit to them before the launch,
    naming who keeps them (the habits themselves stay in step 6, where they are done)."""
    def label(finding: Finding, lang: str) -> str:
        key = f"engine.habit.{finding.code.replace('.', '_')}"
        text = t(lang, key)  # a plugin's practice without a short name: its own advice
        return text if text != key else finding.text("advice", lang).rstrip(".")

    def habits(lang: str) -> str:
        return t(lang, "engine.habits.separator").join(label(f, lang) for f in practices)

    first = practices[0]
    return Finding(
        code="recommendation.habits", stage=STAGE_ID, severity="concern",
        message={lang: t(lang, "engine.habits.message", habits=habits(lang))
                 for lang in ("fr", "en")},
        advice={lang: t(lang, "engine.habits.advice", habits=habits(lang))
                for lang in ("fr", "en")},
        source=first.source, timing="before", owner=first.owner,
    )


def figures_of_work(evaluation: Evaluation, facts: Facts, verdict: str, rows: list[str],
                    workload: float | None) -> tuple[float | None, dict[str, float],
                                                     MonthlyCost | None]:
    """The workload, its rows (one per network of the plan, and listening, all with the
    skill factor) adding up to it, and what it costs a month."""
    settings = evaluation.settings
    listening = settings.listening_minutes_per_week / 60 * facts.factor
    if verdict == "no_go":
        # no network: listening alone, rounded half up to 0.1 as the client sees it
        rows = []
        workload = float(Decimal(repr(listening)).quantize(Decimal("0.1"), ROUND_HALF_UP))
    if workload is None:
        return None, {}, None
    raw = {network_id: evaluation.catalogue[network_id].minutes_per_week / 60 * facts.factor
           for network_id in rows if network_id in evaluation.catalogue}
    raw["listening"] = listening
    breakdown = distribute(raw, workload)
    # the agency's budget buys some of the hours; the rest is the team's time, valued at the
    # hourly rate (a no_go pays no agency for a presence it does not have)
    rate, weeks = settings.hourly_rate, settings.weeks_per_month
    agency = 0.0 if verdict == "no_go" else facts.agency
    in_house = max(0.0, workload - agency / rate / weeks)
    value = float(round(in_house * rate * weeks))
    cost = MonthlyCost(value, float(round(agency)), value + float(round(agency)),
                       evaluation.session.session.currency)
    return workload, breakdown, cost


def build(evaluation: Evaluation) -> Recommendation:
    """Verdict, score, conditions, plan and alternatives from the evaluation."""
    session, settings, lang = evaluation.session, evaluation.settings, evaluation.lang
    outcomes = [o for o in evaluation.outcomes.values() if o.stage.scored]
    findings = evaluation.findings()
    anything = any(o.evaluated for o in outcomes)
    coverage = round(evaluation.coverage, 3)
    too_little = coverage < 0.5
    if too_little:
        findings = sorted([*findings, too_little_finding(evaluation)],
                          key=lambda f: SEVERITY_ORDER[f.severity])
    raw_score = overall_score(evaluation)
    verdict = computed_verdict(findings, raw_score, settings, anything)
    score = capped_score(raw_score, findings, settings)
    if too_little:
        # one good answer must never read as a verdict: too little to decide
        if verdict in ("go", "go_with_conditions"):
            verdict = "not_yet"
        score = min(score, int(settings.scoring.fixable_cap))

    facts = Facts(evaluation)
    start_day = session_date(session)
    record = session.stages.get(STAGE_ID)
    override = record.override if record else None
    concerns = [f for f in findings if f.severity == "concern"]
    before = [f for f in concerns if f.timing != "ongoing"]
    practices = [f for f in concerns if f.timing == "ongoing"]
    blockers = [f for f in findings if f.severity == "blocker"]
    final = override.verdict if override else verdict
    conditional: list[Finding] = []
    if verdict == "go_with_conditions":
        # habits alone: the condition is the commitment to them (they stay in step 6)
        conditional = before or ([habits_finding(practices)] if practices else [])
    elif final == "go_with_conditions":
        # the facilitator overrode the rules to "go, with conditions": what the rules found
        # in the way becomes the conditions, blockers first
        conditional = [*blockers, *before]
    conditional = asked_once(conditional)

    def condition_text(finding: Finding) -> str:
        # going although the rules found a structural blocker: the condition is what the
        # facilitator's decision rests on, never the blocker's advice to stay away
        if override is not None and finding.severity == "blocker" and finding.kind == "structural":
            return t(lang, "engine.item.override_condition", reason=override.reason.strip())
        return finding.text("advice", lang)

    conditions = [condition_text(f) for f in conditional]

    alternatives: list[str] = []
    for finding in findings:
        for alternative in finding.alternatives:
            text = alternative.get(lang) or alternative.get("en", "")
            if text and text not in alternatives:
                alternatives.append(text)
    if "no_go" in (verdict, final) and not alternatives:
        alternatives = [t(lang, f"engine.alternatives.{key}")
                        for key in ("website", "newsletter", "news_page", "listening")]

    selected = list(evaluation.figure("selected_networks", []) or [])
    network_plan = list(evaluation.figure("network_plan", selected) or [])
    if final == "no_go":
        network_plan = []  # a no_go says no: no network plan, no posting advice
    rows = network_plan or ([] if final == "no_go" else selected)
    months = int(evaluation.figure("commitment_months") or settings.default_commitment_months)
    months = max(1, months)
    # the workload of the plan when it is a reduced one; with no plan that fits, what the
    # selected networks would take (listening alone would hide the problem)
    reduced = bool(network_plan) and network_plan != selected
    workload = (evaluation.figure("plan_workload_hours") if reduced
                else evaluation.figure("workload_hours"))
    workload, breakdown, cost = figures_of_work(evaluation, facts, final, rows, workload)

    writer = PlanWriter(evaluation, facts, rows)
    recheck: date | None = None
    milestones: list[Milestone] = []
    condition_items: list[ConditionItem] = []
    if final in ("go", "go_with_conditions"):
        drafts = [ConditionItem(f.code, condition_text(f), _person(f, facts, lang),
                                start_day) for f in conditional]
        plan, dialogue_start, conditions_end = go_plan(writer, months, drafts, practices)
        for item in drafts:
            # due the day before step 3 (be present) starts
            item.due = add_months(start_day, conditions_end) - timedelta(days=1)
        condition_items = drafts
        # the plan follows its own advice: no first review before the results can be judged
        floor = int(_datafile().get("first_review_months", 6))
        review = max(int(facts.first_review or floor), floor)
        kpis = facts.kpis()
        milestones = [
            Milestone("first_review", add_months(start_day, dialogue_start - 1 + review),
                      t(lang, "engine.milestone.first_review", kpis=kpis) if kpis
                      else t(lang, "engine.milestone.first_review_nokpi")),
            Milestone("end_of_commitment", add_months(start_day, months),
                      t(lang, "engine.milestone.end", months=months,
                        period=t(lang, f"engine.period.{'one' if months == 1 else 'other'}",
                                 n=months))),
        ]
    elif final == "not_yet":
        recheck = add_months(start_day, settings.recheck_months)
        end = settings.recheck_months
        fix = list(blockers)
        kept = asked_once(concerns)  # a matter another concern asks for is asked once
        if not blockers:
            # no blocker: what stands in the way is the concerns (too many, or too little);
            # the habits (practices) are not fixed before a re-check, they come with the launch
            fix = ([f for f in concerns if f.code == "recommendation.too_little"]
                   or [f for f in kept if f.timing != "ongoing"] or kept)
        then = [f for f in kept if f not in fix]
        if too_little:
            # the stages still to take up are named once, by recommendation.too_little
            then = [f for f in then if f.code != f"{f.stage}.skipped"]
        fix_items = [PlanItem(f"fix.{f.code}", f.text("advice", lang), _person(f, facts, lang),
                              1, end) for f in fix]
        if verdict == "not_yet" and not blockers and anything and not too_little:
            fix_items.insert(0, PlanItem("fix.too_low", t(lang, "engine.recommendation.too_low",
                                         threshold=int(settings.scoring.not_yet_below)),
                                         _person(None, facts, lang), 1, end))
        if not anything:
            fix_items = [PlanItem("fix.nothing_yet", t(lang, "engine.recommendation.nothing_yet"),
                                  _person(None, facts, lang), 1, end)]
        if not fix_items and override is not None:
            # the facilitator said "not yet" where the rules found nothing to fix: what to
            # settle first is the facilitator's reason, never an empty step
            fix_items = [PlanItem("fix.override", t(lang, "engine.item.override_fix",
                                                    reason=override.reason.strip()),
                                  _person(None, facts, lang), 1, end)]
        listen_items = [PlanItem(f"listen.meanwhile.{index}", text, facts.lead, 1, end)
                        for index, text in enumerate(
                            t_list(lang, "engine.plan.listen_meanwhile.tasks"), start=1)]
        plan = [
            _step(1, "fix", t(lang, "engine.plan.fix.title"), 1, end, fix_items),
            _step(2, "listen", t(lang, "engine.plan.listen_meanwhile.title"), 1, end,
                  listen_items),
            _step(3, "recheck", t(lang, "engine.plan.recheck.title"), end, end,
                  [PlanItem("recheck.workshop", t(lang, "engine.item.recheck"),
                            _person(None, facts, lang), end, end)]),
        ]
        if then:
            plan.append(_step(4, "then", t(lang, "engine.plan.then.title"), end, end,
                              [PlanItem(f"then.{f.code}", f.text("advice", lang),
                                        _person(f, facts, lang), end, end) for f in then]))
        milestones = [Milestone("recheck", recheck, t(lang, "engine.milestone.recheck"))]
    else:
        plan = [
            _step(1, "alternatives", t(lang, "engine.plan.alternatives.title"), 1, 3,
                  [PlanItem(f"alternatives.{index}", text, facts.lead, 1, 3)
                   for index, text in enumerate(alternatives, start=1)]),
            _step(2, "listen", t(lang, "engine.plan.keep_listening.title"), 1, 12,
                  [PlanItem(f"listen.keep.{index}", text, facts.lead, 1, 12)
                   for index, text in enumerate(
                       t_list(lang, "engine.plan.keep_listening.tasks"), start=1)]),
        ]
        milestones = [Milestone("look_again", add_months(start_day, 12),
                                t(lang, "engine.milestone.look_again"))]

    abstaining = None
    if final == "no_go" and facts.presence in ("high", "medium"):
        abstaining = t(lang, "engine.recommendation.abstaining")

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
        workload_hours=workload,
        capacity_hours=evaluation.figure("capacity_hours"),
        network_plan=network_plan,
        action_plan=plan,
        alternatives=alternatives,
        recheck_date=recheck,
        listening=t(lang, "engine.recommendation.listening"),
        broken_stages={o.id: o.error or "; ".join(str(p) for p in o.problems)
                       for o in outcomes if o.broken},
        coverage=coverage,
        too_little=too_little,
        unknown_stages=list(evaluation.unknown_stages),
        condition_items=condition_items,
        workload_breakdown=breakdown,
        monthly_cost=cost,
        network_rows=[] if final == "no_go" else network_rows(evaluation, facts, rows,
                                                                 breakdown),
        left_out=[] if final == "no_go" else left_out(evaluation, facts, rows, selected),
        milestones=sorted(milestones, key=lambda m: m.date),
        abstaining=abstaining,
        evaluation=evaluation,
    )


def network_rows(evaluation: Evaluation, facts: Facts, rows: list[str],
                 breakdown: dict[str, float]) -> list[NetworkRow]:
    """The chosen networks with their rhythm from the catalogue and their share of the hours."""
    lang = evaluation.lang
    found = []
    for network_id in rows:
        network = evaluation.catalogue.get(network_id)
        if network is None:
            continue
        found.append(NetworkRow(network_id, network.label(lang), network.posts_per_week,
                                network.minutes_per_post, network.community_minutes_per_week,
                                breakdown.get(network_id, 0.0), facts.fits.get(network_id),
                                facts.accounts.get(network_id)))
    return found


def left_out(evaluation: Evaluation, facts: Facts, rows: list[str],
             selected: list[str]) -> list[LeftOut]:
    """Networks the plan leaves out, and why: the audience is hardly there (fit 0-1, whether
    selected or only considered), one network too many for the organisation's size (the
    plan keeps those where the audience is most active), or one that did not fit the time."""
    lang = evaluation.lang
    too_many = set(evaluation.figure("networks_too_many", []) or [])
    found = []
    for network_id in evaluation.catalogue:
        if network_id in rows or network_id not in facts.fits:
            continue
        fit = facts.fits.get(network_id)
        if fit is not None and fit <= 1:
            reason = "poor_fit"
        elif network_id in too_many:
            reason = "too_many"  # more networks than an organisation of this size keeps alive
        elif network_id in selected:
            reason = "no_time" if fit is not None else "poor_fit"
        else:
            continue  # considered, not chosen by the client: nothing for the plan to explain
        found.append(LeftOut(network_id, network_label(evaluation.catalogue, network_id, lang),
                             reason, t(lang, f"engine.left_out.{reason}")))
    return found


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
