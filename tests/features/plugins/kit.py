"""Two test stages, written as a facilitator's one-file plugin (loaded with --plugins-dir).

Their rules look like the core ones (an owner to name, hours against a workload, a commitment
in months, networks to select) so that the what-if, the follow-up and the client view are
tested on a plugin that the engine knows nothing about.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Literal

from pydantic import BaseModel, Field

from workshop import Stage, StageResult, hookimpl

HOURS_PER_CHANNEL = 2


def texts(title_fr: str, title_en: str, questions: dict, findings: dict) -> dict:
    """fr and en texts; findings: code -> (message en, advice en); French marked with [fr]."""
    result: dict = {}
    for lang, title in (("fr", title_fr), ("en", title_en)):
        result[lang] = {
            "title": title,
            "questions": {name: {"title": pair[0 if lang == "fr" else 1]}
                          for name, pair in questions.items()},
            "findings": {code: {"message": (f"[fr] {m}" if lang == "fr" else m),
                                "advice": (f"[fr] {a}" if lang == "fr" else a)}
                         for code, (m, a) in findings.items()},
            "choices": {"keen": "Keen" if lang == "en" else "Partant",
                        "meh": "Lukewarm" if lang == "en" else "Tiède",
                        "against": "Against" if lang == "en" else "Contre"},
        }
    return result


class CrewAnswers(BaseModel):
    lead: str | None = Field(default=None, title="Lead")
    hours: float | None = Field(default=None, ge=0, title="Hours")
    mood: Literal["keen", "meh", "against"] | None = Field(default=None, title="Mood")
    budget_code: str | None = Field(default=None, json_schema_extra={"whatif": False})


class CrewStage(Stage):
    id = "crew"
    order = 10
    weight = 50
    questions = CrewAnswers
    texts = texts(
        "Équipe", "Crew",
        {"lead": ("Responsable", "Lead"), "hours": ("Heures par semaine", "Hours a week"),
         "mood": ("État d'esprit", "Mood")},
        {"crew.no_lead": ("Nobody leads.", "Name a lead."),
         "crew.overloaded": ("Not enough hours.", "Find more hours."),
         "crew.against": ("The team is against it.", "Do something else."),
         "crew.meh": ("The team is lukewarm.", "Win them over."),
         "crew.no_code": ("No budget code.", "Ask accounting.")},
    )

    def evaluate(self, answers: CrewAnswers, context) -> StageResult:
        found = []
        if not (answers.lead or "").strip():
            found.append(self.finding("crew.no_lead", "blocker", kind="fixable", source="kit"))
        needed = float(context.figures.get("plan", {}).get("needed_hours", 0))
        hours = answers.hours or 0
        if hours < needed:
            if hours >= needed / 2:
                found.append(self.finding("crew.overloaded", "concern", source="kit"))
            else:
                found.append(self.finding("crew.overloaded", "blocker", kind="fixable",
                                          source="kit"))
        if answers.mood == "against":
            found.append(self.finding("crew.against", "blocker", kind="structural",
                                      source="kit"))
        elif answers.mood == "meh":
            found.append(self.finding("crew.meh", "concern", source="kit"))
        if answers.budget_code == "":
            found.append(self.finding("crew.no_code", "concern", source="kit"))
        return StageResult(findings=found, figures={"capacity_hours": hours})


class Channel(BaseModel):
    id: str = Field(min_length=1, title="Channel")
    # a fact about the audience, not a choice: the what-if never proposes to change it
    fit: int | None = Field(default=None, ge=0, le=3, title="Fit",
                            json_schema_extra={"whatif": False})
    selected: bool = Field(default=False, title="Selected")


class PlanAnswers(BaseModel):
    channels: list[Channel] = Field(default_factory=list, title="Channels")
    months: int | None = Field(default=None, ge=0, title="Months")
    extras: list[Literal["video", "blog", "podcast"]] = Field(default_factory=list,
                                                              title="Extras")


class PlanStage(Stage):
    id = "plan"
    order = 5  # evaluated before crew, which reads its figures
    weight = 50
    questions = PlanAnswers
    texts = texts(
        "Plan", "Plan",
        {"channels": ("Canaux", "Channels"), "months": ("Durée (mois)", "Months"),
         "extras": ("En plus", "Extras")},
        {"plan.none": ("No channel.", "Pick one."),
         "plan.everywhere": ("Too many channels.", "Keep two."),
         "plan.poor_fit": ("A channel the audience does not use.", "Drop it."),
         "plan.too_short": ("Too short.", "Commit longer."),
         "plan.short": ("A bit short.", "A year at least."),
         "plan.long_run": ("In it for the long run.", "Keep going.")},
    )

    def evaluate(self, answers: PlanAnswers, context) -> StageResult:
        found = []
        selected = [c for c in answers.channels if c.selected]
        if not selected:
            found.append(self.finding("plan.none", "blocker", kind="fixable", source="kit"))
        if len(selected) > 2:
            found.append(self.finding("plan.everywhere", "concern", source="kit"))
        if any(c.fit is not None and c.fit <= 1 for c in selected):
            found.append(self.finding("plan.poor_fit", "concern", source="kit"))
        if answers.months is not None:
            if answers.months < 6:
                found.append(self.finding("plan.too_short", "blocker", kind="fixable",
                                          source="kit"))
            elif answers.months < 12:
                found.append(self.finding("plan.short", "concern", source="kit"))
            elif answers.months >= 24:
                found.append(self.finding("plan.long_run", "strength", source="kit"))
        return StageResult(findings=found,
                           figures={"needed_hours": HOURS_PER_CHANNEL * len(selected),
                                    "network_plan": [c.id for c in selected]})


@hookimpl
def register_stages(register: Callable[[Stage], None]) -> None:
    register(PlanStage())
    register(CrewStage())
