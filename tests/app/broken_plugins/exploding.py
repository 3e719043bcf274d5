"""A plugin stage that breaks while the workshop runs: its evaluate raises."""

from __future__ import annotations

from collections.abc import Callable

from pydantic import BaseModel, Field

from workshop import Stage, StageContext, StageResult, hookimpl


class BoomAnswers(BaseModel):
    level: int | None = Field(default=None, ge=0, le=5, title="Level")


class BoomStage(Stage):
    id = "boom"
    order = 50
    weight = 5
    questions = BoomAnswers
    texts = {"en": {"title": "Boom"}, "fr": {"title": "Boum"}}

    def evaluate(self, answers: BoomAnswers, context: StageContext) -> StageResult:
        if answers.level is not None:
            raise RuntimeError("the boom plugin exploded")
        return StageResult()


@hookimpl
def register_stages(register: Callable[[Stage], None]) -> None:
    register(BoomStage())
