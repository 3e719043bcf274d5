"""Stage 6, duration: are you in it for the long run? (seeds 000 #5, 002)

Results on social media come after months, not weeks: a short or impatient commitment is
money spent before the benefits arrive.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, StrictInt

from workshop import Finding, Stage, StageContext, StageResult, hookimpl
from workshop.stage import load_texts

# Results cannot be judged before 6 months (seed 000 #5); a strategy spans 2-3 years (002).
MIN_MONTHS = 6
SHORT_BELOW = 12
STRATEGIC_FROM = 24
FIRST_REVIEW_FROM = 6


class DurationAnswers(BaseModel):
    """The questions of the duration stage; every field has a default (nothing answered)."""

    model_config = ConfigDict(extra="forbid")

    # at most ten years: the plan's dates stay within the calendar (docs/reliability.md)
    commitment_months: StrictInt | None = Field(
        default=None,
        ge=0,
        le=120,
        title="Commitment (months)",
        description="How long you commit to an active presence.",
    )
    first_review_months: StrictInt | None = Field(
        default=None,
        ge=0,
        le=120,
        title="First review (months)",
        description="When you will first judge the results.",
    )
    expects_quick_results: bool | None = Field(
        default=None,
        title="Expects quick results",
        description="Do you expect results within weeks?",
    )
    regular_publishing: bool | None = Field(
        default=None,
        title="Regular publishing",
        description="Can you publish regularly, week after week?",
    )


class DurationStage(Stage):
    """How long, how patient and how regular the commitment is."""

    id = "duration"
    order = 60
    weight = 10
    required = True
    questions = DurationAnswers
    texts = load_texts(Path(__file__).with_suffix(".toml"))
    # A longer commitment is decided before the launch; patience with the first review and a
    # regular rhythm are habits kept all along (practices).
    timing = {
        "duration.short": "before",
        "duration.early_review": "ongoing",
        "duration.irregular": "ongoing",
    }

    def period(self, months: int) -> dict[str, str]:
        """ "1 month", "3 months", "1 mois": a number of months in every language."""
        form = "one" if months == 1 else "other"
        return {lang: self.text(lang, "period", form).format(n=months)
                for lang in self.languages()}

    def evaluate(self, answers: DurationAnswers, context: StageContext) -> StageResult:
        found: list[Finding] = []
        add: Callable[[Finding], None] = found.append
        months = answers.commitment_months
        if months is not None:
            if months < MIN_MONTHS:
                add(self.finding("duration.too_short", "blocker", kind="fixable",
                                 months=months, period=self.period(months),
                                 minimum=MIN_MONTHS))
            elif months < SHORT_BELOW:
                add(self.finding("duration.short", "concern", months=months,
                                 period=self.period(months)))
        if answers.expects_quick_results:
            add(self.finding("duration.impatient", "blocker", kind="fixable"))
        review = answers.first_review_months
        if review is not None and review < FIRST_REVIEW_FROM:
            add(self.finding("duration.early_review", "concern", months=review,
                             period=self.period(review), minimum=FIRST_REVIEW_FROM))
        if answers.regular_publishing is False:
            add(self.finding("duration.irregular", "concern"))
        if months is not None and months >= STRATEGIC_FROM:
            add(self.finding("duration.strategic", "strength", months=months,
                             period=self.period(months)))

        # Left out when unanswered, so that the recommendation falls back on its default.
        figures: dict[str, Any] = {}
        if months is not None:
            figures["commitment_months"] = months
        if review is not None:
            figures["first_review_months"] = review
        return StageResult(findings=found, figures=figures)


@hookimpl
def register_stages(register: Callable[[Stage], None]) -> None:
    register(DurationStage())
