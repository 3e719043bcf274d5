"""The duration stage's rules, through the engine: every boundary of the commitment."""

from __future__ import annotations

from typing import Any

import pytest

from .helpers import Run, figures, one, rules

CALM: dict[str, Any] = {
    "commitment_months": 12,
    "first_review_months": 6,
    "expects_quick_results": False,
    "regular_publishing": True,
}


def duration(run: Run, **changes: Any):
    return run({"duration": {**CALM, **changes}})


def test_calm_answers_give_nothing(run: Run) -> None:
    evaluation = duration(run)
    assert rules(evaluation, "duration") == {}
    assert figures(evaluation, "duration") == {"commitment_months": 12, "first_review_months": 6}


@pytest.mark.parametrize(
    ("months", "expected"),
    [
        (0, {"duration.too_short": ("blocker", "fixable")}),
        (5, {"duration.too_short": ("blocker", "fixable")}),
        (6, {"duration.short": ("concern", None)}),
        (11, {"duration.short": ("concern", None)}),
        (12, {}),
        (23, {}),
        (24, {"duration.strategic": ("strength", None)}),
        (36, {"duration.strategic": ("strength", None)}),
    ],
)
def test_the_commitment_decides_between_too_short_short_and_strategic(
    run: Run, months: int, expected: dict[str, tuple[str, str | None]]
) -> None:
    evaluation = duration(run, commitment_months=months)
    assert rules(evaluation, "duration") == expected
    assert figures(evaluation, "duration")["commitment_months"] == months
    for code in expected:
        assert str(months) in one(evaluation, "duration", code).message["fr"]


def test_a_strength_costs_no_points(run: Run) -> None:
    assert duration(run, commitment_months=36).outcomes["duration"].score == 100


def test_an_unanswered_commitment_gives_no_rule_and_no_figure(run: Run) -> None:
    evaluation = duration(run, commitment_months=None)
    assert rules(evaluation, "duration") == {}
    assert "commitment_months" not in figures(evaluation, "duration")


@pytest.mark.parametrize(("quick", "fires"), [(True, True), (False, False), (None, False)])
def test_expecting_quick_results_is_a_fixable_blocker(
    run: Run, quick: bool | None, fires: bool
) -> None:
    expected = {"duration.impatient": ("blocker", "fixable")} if fires else {}
    assert rules(duration(run, expects_quick_results=quick), "duration") == expected


@pytest.mark.parametrize(
    ("review", "fires"), [(0, True), (3, True), (5, True), (6, False), (12, False), (None, False)]
)
def test_a_first_review_before_six_months_is_early(
    run: Run, review: int | None, fires: bool
) -> None:
    expected = {"duration.early_review": ("concern", None)} if fires else {}
    assert rules(duration(run, first_review_months=review), "duration") == expected


@pytest.mark.parametrize(("regular", "fires"), [(False, True), (True, False), (None, False)])
def test_no_regular_publishing_is_irregular(run: Run, regular: bool | None, fires: bool) -> None:
    expected = {"duration.irregular": ("concern", None)} if fires else {}
    assert rules(duration(run, regular_publishing=regular), "duration") == expected


@pytest.mark.parametrize("field", ["commitment_months", "first_review_months"])
def test_negative_months_are_bad_input_naming_the_field(run: Run, field: str) -> None:
    outcome = duration(run, **{field: -1}).outcomes["duration"]
    assert [problem.field for problem in outcome.problems] == [f"stages.duration.answers.{field}"]
