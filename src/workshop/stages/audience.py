"""Stage 2, audience: who, where, expecting what? (seeds 000 #1, 001, 002, 003, 004)

A presence only works where the audience already is, and only if it answers what that audience
expects: this stage checks both before any network is chosen.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from workshop import Finding, Stage, StageContext, StageResult, hookimpl
from workshop.stage import load_texts

Presence = Literal["high", "medium", "low", "unknown"]
Expectation = Literal[
    "support", "advice", "offers", "news", "entertainment", "behind_the_scenes", "dialogue"
]
Content = Literal[
    "ads",
    "press_releases",
    "product_news",
    "advice",
    "support",
    "behind_the_scenes",
    "curated",
    "entertainment",
]
Discussed = Literal["yes", "no", "unknown"]

# What an audience expects an answer to (seed 000 #1: questions and difficulties).
DIALOGUE_EXPECTATIONS: frozenset[str] = frozenset({"support", "advice", "dialogue"})
# Content that only speaks about the organisation itself (seed 004, 000 #1).
SELF_CENTRED_CONTENT: frozenset[str] = frozenset({"ads", "press_releases", "product_news"})


class Segment(BaseModel):
    """One target group; a name is enough, a description helps choose networks later."""

    model_config = ConfigDict(extra="forbid")

    name: str = Field(min_length=1, title="Segment", description="Who they are, in a few words.")
    description: str | None = Field(
        default=None, title="Description", description="Age, trade, habits, what they care about."
    )


class AudienceAnswers(BaseModel):
    """The questions of the audience stage; every field has a default (nothing answered)."""

    model_config = ConfigDict(extra="forbid")

    segments: list[Segment] = Field(
        default=[], title="Target segments", description="The groups you want to reach."
    )
    online_presence: Presence | None = Field(
        json_schema_extra={"whatif": False},  # a fact, not a choice: never suggested
        default=None,
        title="Presence on social networks",
        description="Is your target on social networks?",
    )
    expectations: list[Expectation] = Field(
        default=[],
        title="What they expect",
        description="What your audience expects from you.",
    )
    planned_content: list[Content] = Field(
        default=[],
        title="What you plan to publish",
        description="The content you mean to publish.",
    )
    already_discussed: Discussed | None = Field(
        json_schema_extra={"whatif": False},  # a fact, not a choice: never suggested
        default=None,
        title="Already talked about online",
        description="Are you already talked about online?",
    )
    listening_done: bool | None = Field(
        json_schema_extra={"whatif": False},  # done or not, today: listening is the plan's step 1
        default=None,
        title="Listening done",
        description="Have you audited what is said about you online?",
    )
    sensitive_topic: bool | None = Field(
        json_schema_extra={"whatif": False},  # a fact, not a choice: never suggested
        default=None,
        title="Sensitive topic",
        description="Does your activity touch a sensitive or controversial topic?",
    )


class AudienceStage(Stage):
    """Is the audience on social networks, and will what you publish meet what it expects?"""

    id = "audience"
    order = 20
    weight = 20
    required = True
    questions = AudienceAnswers
    texts = load_texts(Path(__file__).with_suffix(".toml"))
    # What to publish is a habit of every week (a practice); the rest is settled before launch.
    timing = {
        "audience.deaf_dialogue": "before",
        "audience.self_centred": "ongoing",
        "audience.undefined": "before",
        "audience.unheard": "before",
        "audience.sensitive": "before",
    }

    def evaluate(self, answers: AudienceAnswers, context: StageContext) -> StageResult:
        found: list[Finding] = []
        add: Callable[[Finding], None] = found.append
        if answers.online_presence == "low":
            add(self.finding("audience.absent", "blocker", kind="structural",
                             alternatives=("website", "blog", "newsletter", "listening")))
        elif answers.online_presence == "unknown":
            add(self.finding("audience.unknown", "blocker", kind="fixable"))

        planned = set(answers.planned_content)
        self_centred = bool(planned) and planned <= SELF_CENTRED_CONTENT
        if self_centred and DIALOGUE_EXPECTATIONS & set(answers.expectations):
            # The sharper diagnosis of the same plan: one finding, not two, for one problem.
            add(self.finding("audience.deaf_dialogue", "concern"))
        elif self_centred:
            add(self.finding("audience.self_centred", "concern"))

        if not answers.segments:
            add(self.finding("audience.undefined", "concern"))
        if answers.already_discussed == "yes" and answers.listening_done is False:
            add(self.finding("audience.unheard", "concern"))
        if answers.sensitive_topic:
            add(self.finding("audience.sensitive", "concern"))
        figures = {"listening_done": answers.listening_done,
                   "sensitive_topic": answers.sensitive_topic,
                   "online_presence": answers.online_presence}
        return StageResult(findings=found, figures=figures)


@hookimpl
def register_stages(register: Callable[[Stage], None]) -> None:
    register(AudienceStage())
