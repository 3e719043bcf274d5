"""A third-party stage the app has never seen, with one question of every kind.

It carries no Textual code and, on purpose, no texts for some fields: the app must still draw a
usable screen from the pydantic model alone (titles and descriptions, then field names).
"""

from __future__ import annotations

from collections.abc import Callable
from enum import StrEnum
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from workshop import Stage, StageContext, StageResult, hookimpl


class Mood(StrEnum):
    calm = "calm"
    busy = "busy"


class Contact(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str = Field(min_length=1, title="Name")
    role: Literal["owner", "staff", "agency"] | None = Field(default=None, title="Role")
    hours: float | None = Field(default=None, ge=0, le=60, title="Hours")
    trained: bool | None = Field(default=None, title="Trained")


class SinkAnswers(BaseModel):
    model_config = ConfigDict(extra="forbid")

    channel: Literal["email", "phone", "shop"] | None = Field(
        default=None, title="Channel", description="How customers reach you today.")
    region: Literal["north", "south", "east", "west", "centre", "overseas", "abroad"] | None = \
        Field(default=None, title="Region")
    topics: list[Literal["price", "quality", "service", "delivery"]] = Field(
        default_factory=list, title="Topics")
    ready: bool | None = Field(default=None, title="Ready")
    newsletter: bool = Field(default=False, title="Newsletter")
    staff: int | None = Field(default=None, ge=0, le=500, title="Staff")
    budget: float | None = Field(default=None, ge=0, title="Budget")
    slogan: str | None = Field(default=None, title="Slogan")
    story: str = Field(default="", title="Story", json_schema_extra={"widget": "notes"})
    keywords: list[str] = Field(default_factory=list, title="Keywords")
    contacts: list[Contact] = Field(default_factory=list, title="Contacts")
    mood: Mood | None = None
    extra_settings: dict[str, int] = Field(default_factory=dict, title="Extra settings")


class SinkStage(Stage):
    id = "sink"
    order = 45
    weight = 10
    questions = SinkAnswers
    texts = {
        "en": {"title": "Kitchen sink", "intro": "Every kind of question.",
               "questions": {"channel": {"title": "Channel",
                                         "help": "How customers reach you today."}},
               "choices": {"email": "E-mail", "phone": "Phone", "shop": "In the shop"},
               "findings": {"sink.not_ready": {"message": "Not ready.",
                                               "advice": "Get ready."}}},
        "fr": {"title": "Fourre-tout", "intro": "Toutes les sortes de questions.",
               "questions": {"channel": {"title": "Canal",
                                         "help": "Comment les clients vous joignent."}},
               "choices": {"email": "Courriel", "phone": "Téléphone", "shop": "En boutique"},
               "findings": {"sink.not_ready": {"message": "Pas prêt.",
                                               "advice": "Préparez-vous."}}},
    }

    def evaluate(self, answers: SinkAnswers, context: StageContext) -> StageResult:
        found = []
        if answers.ready is False:
            found.append(self.finding("sink.not_ready", "concern"))
        return StageResult(findings=found)


@hookimpl
def register_stages(register: Callable[[Stage], None]) -> None:
    register(SinkStage())
