"""Evaluate every stage of a session: validate its answers, run its rules, score it.

Stages are reached only through the plugin host. A stage whose plugin raises is marked broken
and left out of the score; the others go on.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel, ValidationError

from workshop.engine.settings import Settings, settings_for
from workshop.i18n import both
from workshop.plugins import PluginHost
from workshop.session.errors import Problem
from workshop.session.io import problems_from_validation
from workshop.session.models import Session, StageRecord
from workshop.stage import Finding, Network, Stage, StageContext, StageResult

SEVERITY_ORDER = {"blocker": 0, "concern": 1, "strength": 2}


@dataclass
class StageOutcome:
    """One stage's part of the evaluation."""

    stage: Stage
    status: str  # todo, in_progress, done, skipped
    weight: float
    evaluated: bool = False
    answers: BaseModel | None = None
    findings: list[Finding] = field(default_factory=list)
    figures: dict[str, Any] = field(default_factory=dict)
    score: int | None = None
    problems: list[Problem] = field(default_factory=list)
    error: str | None = None  # the plugin broke while evaluating

    @property
    def id(self) -> str:
        return self.stage.id

    @property
    def pending(self) -> bool:
        return self.status not in ("done", "skipped")

    @property
    def broken(self) -> bool:
        return self.error is not None or bool(self.problems)


@dataclass
class Evaluation:
    """Every stage's outcome, with what the recommendation needs to read them."""

    session: Session
    settings: Settings
    catalogue: dict[str, Network]
    outcomes: dict[str, StageOutcome]
    plugin_problems: list[str]
    # stage ids in the session file whose plugin is not installed: kept, but not evaluated
    unknown_stages: list[str] = field(default_factory=list)

    @property
    def lang(self) -> str:
        return self.session.session.language

    @property
    def problems(self) -> list[Problem]:
        return [problem for outcome in self.outcomes.values() for problem in outcome.problems]

    def findings(self) -> list[Finding]:
        found = [f for outcome in self.outcomes.values() for f in outcome.findings]
        return sorted(found, key=lambda f: SEVERITY_ORDER[f.severity])  # stable: stage order kept

    @property
    def coverage(self) -> float:
        """How much of the workshop was discussed: the weight of the core (required) stages
        evaluated over the total core weight; skipped and untouched ones do not count."""
        core = [o for o in self.outcomes.values() if o.stage.required and o.stage.scored]
        total = sum(o.weight for o in core)
        if total <= 0:
            return 1.0 if core else float(any(o.evaluated for o in self.outcomes.values()
                                                 if o.stage.scored))
        return sum(o.weight for o in core if o.evaluated) / total

    def figure(self, name: str, default: Any = None) -> Any:
        """A figure by name, from the first stage (in order) that gives it."""
        for outcome in self.outcomes.values():
            if name in outcome.figures:
                return outcome.figures[name]
        return default


def tuned_catalogue(catalogue: dict[str, Network], settings: Settings) -> dict[str, Network]:
    """The catalogue with the session's recorded tuning applied."""
    if not settings.networks:
        return catalogue
    tuned = dict(catalogue)
    for network_id, change in settings.networks.items():
        values = change.model_dump(exclude_none=True)
        if "audiences" in values:
            values["audiences"] = tuple(values["audiences"])
        if "formats" in values:
            values["formats"] = tuple(values["formats"])
        base = tuned.get(network_id)
        if base is not None:
            tuned[network_id] = Network(**{**base.__dict__, **values})
        else:
            values.setdefault("name", {"fr": network_id, "en": network_id})
            values.setdefault("audiences", ("b2b", "b2c"))
            values.setdefault("formats", ())
            for effort in ("posts_per_week", "minutes_per_post", "community_minutes_per_week"):
                values.setdefault(effort, 0)
            tuned[network_id] = Network(id=network_id, **values)
    return tuned


def _as_result(returned: StageResult | Iterable[Finding] | None) -> StageResult:
    if returned is None:
        return StageResult()
    result = returned if isinstance(returned, StageResult) else StageResult(list(returned))
    for finding in result.findings:
        if not isinstance(finding, Finding):
            raise TypeError(f"evaluate must give Finding objects, got {finding!r}")
    return result


def stage_score(findings: Iterable[Finding], settings: Settings) -> int:
    blockers = sum(1 for f in findings if f.severity == "blocker")
    concerns = sum(1 for f in findings if f.severity == "concern")
    scoring = settings.scoring
    raw = 100 - scoring.blocker_penalty * blockers - scoring.concern_penalty * concerns
    return int(round(max(0.0, raw)))


def _generic(stage: Stage, name: str, **params: Any) -> Finding:
    """Findings the engine gives for any stage (a required stage that was skipped)."""
    titles = {lang: stage.title(lang) for lang in ("fr", "en")}
    return Finding(
        code=f"{stage.id}.{name}",
        stage=stage.id,
        severity="concern",
        message={lang: text.format(stage=titles[lang], **params)
                 for lang, text in both(f"engine.{name}.message").items()},
        advice={lang: text.format(stage=titles[lang], **params)
                for lang, text in both(f"engine.{name}.advice").items()},
        source=both(f"engine.{name}.source")["en"],
        timing="before",  # a stage not discussed is taken up before the launch
    )


def evaluate(session: Session, host: PluginHost, *, path: str = "<session>",
             text: str = "") -> Evaluation:
    """Run every registered stage over the session."""
    settings = settings_for(session, path, text)
    catalogue = tuned_catalogue(host.catalogue(), settings)
    stages = host.stages()
    empty = StageRecord()

    # Answers first, all of them: a stage may read another's answers, earlier or later.
    outcomes: dict[str, StageOutcome] = {}
    answers: dict[str, BaseModel] = {}
    for stage in stages:
        record = session.stages.get(stage.id, empty)
        weight = settings.weights.get(stage.id, stage.weight) if stage.scored else 0
        outcome = StageOutcome(stage=stage, status=record.status, weight=weight)
        outcomes[stage.id] = outcome
        try:
            outcome.answers = stage.questions.model_validate(record.answers)
            answers[stage.id] = outcome.answers
        except ValidationError as error:
            # no line here: the engine was not given the text the caller has on screen or
            # on disk; the caller adds them (io.with_lines), from the text it holds
            outcome.problems = problems_from_validation(
                error, path, prefix=("stages", stage.id, "answers"))

    context = StageContext(session=session.session, settings=settings.model_dump(),
                           catalogue=catalogue, answers=answers, figures={})
    for stage in stages:
        outcome = outcomes[stage.id]
        record = session.stages.get(stage.id, empty)
        if not stage.scored or outcome.answers is None:
            continue
        if outcome.status == "skipped":
            if stage.required:
                outcome.findings = [_generic(stage, "skipped")]
            continue
        if outcome.status == "todo" and not record.answers:
            continue
        try:
            result = _as_result(stage.evaluate(outcome.answers, context))
        except Exception as error:
            plugin = host.plugin_of_stage(stage.id) or stage.id
            outcome.error = host.note_failure(plugin, error)
            continue
        findings = list(result.findings)
        outcome.findings = findings
        outcome.figures = dict(result.figures)
        context.figures[stage.id] = outcome.figures
        outcome.evaluated = True
        outcome.score = stage_score(findings, settings)

    return Evaluation(
        session=session,
        settings=settings,
        catalogue=catalogue,
        outcomes=outcomes,
        plugin_problems=host.problems,
        unknown_stages=[stage_id for stage_id in session.stages
                        if stage_id not in outcomes],
    )
