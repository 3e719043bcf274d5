"""workshop-listening: does the organisation listen to what is said about it online?

A third party's stage, built on the documented plugin API only (``from workshop import ...``).
Seed 002, step 1: a listening cell, a dashboard, the reference platforms, the opinion leaders;
seed 001: whether you go or not, it is always good to keep your ear to the ground.
"""

from __future__ import annotations

from collections.abc import Callable
from importlib import resources
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from workshop import (
    Finding,
    Network,
    ReportSection,
    Stage,
    StageContext,
    StageResult,
    hookimpl,
)
from workshop.stage import LANGUAGES, load_texts

__version__ = "0.1.0"

STAGE_ID = "listening"

Listener = Literal["nobody", "manager", "staff", "dedicated", "agency"]
Tool = Literal["search_alerts", "social_search", "review_alerts", "monitoring_platform",
               "feed_reader"]


def _data(name: str) -> dict[str, Any]:
    """A TOML file shipped inside this package (package-data in pyproject.toml), read through
    the plugin API: parsed once, then kept, like the built-in stages' files."""
    return load_texts(resources.files(__name__).joinpath(name))


class ListeningAnswers(BaseModel):
    """The questions; every one has a default, None meaning "not answered yet"."""

    model_config = ConfigDict(extra="forbid")

    who_listens: Listener | None = Field(
        default=None, title="Who listens",
        description="Who watches what is said about the organisation online.")
    alerts: bool | None = Field(
        default=None, title="Alerts set up",
        description="Alerts on the organisation's name, products, people and sector.")
    tools: list[Tool] = Field(
        default_factory=list, title="Tools", description="What the watch is done with.")
    hours_per_week: float | None = Field(
        default=None, ge=0, le=168, title="Hours a week",
        description="Time given to listening each week.")
    dashboard: bool | None = Field(
        default=None, title="Shared dashboard",
        description="Is what is heard summed up in a dashboard shared with the team?")
    platforms_known: bool | None = Field(
        default=None, title="Reference platforms known",
        description="Do you know where you are most talked about?")
    opinion_leaders_known: bool | None = Field(
        default=None, title="Opinion leaders known",
        description="Do you know whose voice counts in your field?")


class ListeningStage(Stage):
    """Listening comes first (seed 002, step 1), so it sits right after the objectives."""

    id = STAGE_ID
    order = 15
    weight = 10
    questions = ListeningAnswers
    texts = _data("texts.toml")

    def minimum_hours(self, context: StageContext) -> float:
        """The listening time the rules count on: the agency's tuning, one hour by default."""
        return float(context.settings.get("listening_minutes_per_week", 60)) / 60

    def evaluate(self, answers: ListeningAnswers, context: StageContext) -> StageResult:
        found: list[Finding] = []
        minimum = self.minimum_hours(context)
        figures: dict[str, Any] = {}
        if answers.hours_per_week is not None:
            figures["listening_hours"] = answers.hours_per_week
        # What is already in place, so the plan does not schedule it again (workshop's figures).
        figures["listening_dashboard"] = answers.dashboard
        figures["listening_platforms"] = answers.platforms_known
        figures["listening_leaders"] = answers.opinion_leaders_known
        if answers.who_listens == "nobody":
            found.append(self.finding("listening.none", "concern"))
            return StageResult(findings=found, figures=figures)

        # Another stage's answers, read defensively: that stage may not be installed.
        audience = context.answers_of("audience")
        audited = getattr(audience, "listening_done", None) is True
        no_watch = answers.alerts is False and not answers.tools
        if audited and no_watch:
            found.append(self.finding("listening.one_off", "concern"))
        elif answers.alerts is False:
            found.append(self.finding("listening.no_alerts", "concern"))
        if answers.hours_per_week is not None and answers.hours_per_week < minimum:
            found.append(self.finding("listening.no_time", "concern",
                                      hours=_number(answers.hours_per_week),
                                      minimum=_number(minimum)))
        if answers.dashboard is False:
            found.append(self.finding("listening.no_dashboard", "concern"))
        if answers.platforms_known is False:
            found.append(self.finding("listening.platforms_unknown", "concern"))
        if answers.opinion_leaders_known is False:
            found.append(self.finding("listening.leaders_unknown", "concern"))
        in_place = (answers.who_listens is not None and answers.alerts is True
                    and answers.hours_per_week is not None and answers.hours_per_week >= minimum
                    and answers.dashboard and answers.platforms_known
                    and answers.opinion_leaders_known)
        if in_place:
            found.append(self.finding("listening.in_place", "strength"))
        return StageResult(findings=found, figures=figures)


def _number(value: float) -> str:
    return f"{value:g}"


def listening_section(evaluation: Any, lang: str) -> list[str] | None:
    """The report's listening plan: what to watch, who, how long, with what (any verdict)."""
    stage = LISTENING
    outcome = evaluation.outcomes.get(STAGE_ID)
    answers = outcome.answers if outcome is not None else None
    if not isinstance(answers, ListeningAnswers) or answers.who_listens is None:
        return [stage.text(lang, "report", "not_discussed")]
    lines: list[str] = []
    minimum = float(evaluation.settings.listening_minutes_per_week) / 60
    hours = _number(max(answers.hours_per_week or 0, minimum))
    if answers.who_listens == "nobody":
        lines.append(stage.text(lang, "report", "who_nobody").format(hours=hours))
    else:
        who = stage.text(lang, "choices", answers.who_listens)
        lines.append(stage.text(lang, "report", "who").format(who=who, hours=hours))
    if answers.tools:
        tools = ", ".join(stage.text(lang, "choices", tool) for tool in answers.tools)
        lines.append(stage.text(lang, "report", "tools").format(tools=tools))
    lines.append(stage.text(lang, "report", "watch"))
    for key in ("dashboard", "platforms_known", "opinion_leaders_known"):
        if getattr(answers, key) is not True:
            lines.append(stage.text(lang, "report", f"todo_{key}"))
    return lines


LISTENING = ListeningStage()


@hookimpl
def register_stages(register: Callable[[Stage], None]) -> None:
    register(LISTENING)


@hookimpl
def register_report_sections(register: Callable[[ReportSection], None]) -> None:
    titles = {lang: LISTENING.text(lang, "report", "title") for lang in LANGUAGES}
    register(ReportSection(id="listening", title=titles, render=listening_section, order=100))


@hookimpl
def register_networks(register: Callable[[Network], None]) -> None:
    for network_id, entry in _data("networks.toml").items():
        register(Network(
            id=network_id,
            name=dict(entry["name"]),
            audiences=tuple(entry["audiences"]),
            formats=tuple(entry["formats"]),
            posts_per_week=entry["posts_per_week"],
            minutes_per_post=entry["minutes_per_post"],
            community_minutes_per_week=entry["community_minutes_per_week"],
        ))
