"""The audience stage's rules, through the engine."""

from __future__ import annotations

from typing import Any

import pytest

from workshop.stages.audience import AudienceStage

from .helpers import Run, one, rules

TEXTS = AudienceStage.texts
# Answers that fire nothing; each test changes only what its rule reads.
CALM: dict[str, Any] = {
    "segments": [{"name": "Neighbours", "description": "Families within 2 km"}],
    "online_presence": "high",
    "expectations": ["offers", "news"],
    "planned_content": ["product_news", "behind_the_scenes"],
    "already_discussed": "yes",
    "listening_done": True,
    "sensitive_topic": False,
}


def audience(run: Run, **changes: Any):
    return run({"audience": {**CALM, **changes}})


def test_calm_answers_give_nothing(run: Run) -> None:
    assert rules(audience(run), "audience") == {}


def test_an_absent_audience_is_structural_with_the_four_alternatives(run: Run) -> None:
    evaluation = audience(run, online_presence="low")
    assert rules(evaluation, "audience") == {"audience.absent": ("blocker", "structural")}
    found = one(evaluation, "audience", "audience.absent")
    assert [alt["en"] for alt in found.alternatives] == [
        TEXTS["en"]["alternatives"][key] for key in ("website", "blog", "newsletter", "listening")
    ]
    assert all(alt["fr"] for alt in found.alternatives)


def test_an_unknown_presence_is_fixable(run: Run) -> None:
    evaluation = audience(run, online_presence="unknown")
    assert rules(evaluation, "audience") == {"audience.unknown": ("blocker", "fixable")}


@pytest.mark.parametrize("presence", ["high", "medium", None])
def test_a_present_or_unanswered_audience_is_no_blocker(run: Run, presence: str | None) -> None:
    answers = {**CALM}
    answers.pop("online_presence")
    if presence is not None:
        answers["online_presence"] = presence
    assert rules(run({"audience": answers}), "audience") == {}


@pytest.mark.parametrize("expectation", ["support", "advice", "dialogue"])
def test_answers_expected_and_ads_planned_is_a_dialogue_of_the_deaf(
    run: Run, expectation: str
) -> None:
    evaluation = audience(run, expectations=["news", expectation],
                          planned_content=["ads", "press_releases"])
    # the sharper diagnosis replaces self_centred: one problem, one finding
    assert rules(evaluation, "audience") == {"audience.deaf_dialogue": ("concern", None)}


@pytest.mark.parametrize(
    "planned", [["ads"], ["press_releases"], ["product_news"], ["ads", "product_news"]]
)
def test_only_talking_about_yourself_is_self_centred(run: Run, planned: list[str]) -> None:
    evaluation = audience(run, expectations=["offers"], planned_content=planned)
    assert rules(evaluation, "audience") == {"audience.self_centred": ("concern", None)}


@pytest.mark.parametrize(
    ("expectations", "planned"),
    [
        (["support"], ["ads", "advice"]),
        (["dialogue"], ["support"]),
        (["support"], []),
        ([], []),
        (["offers"], ["ads", "curated"]),
    ],
)
def test_content_beyond_yourself_is_neither_deaf_nor_self_centred(
    run: Run, expectations: list[str], planned: list[str]
) -> None:
    evaluation = audience(run, expectations=expectations, planned_content=planned)
    assert rules(evaluation, "audience") == {}


def test_no_segment_is_undefined(run: Run) -> None:
    evaluation = audience(run, segments=[])
    assert rules(evaluation, "audience") == {"audience.undefined": ("concern", None)}


def test_a_segment_needs_only_a_name(run: Run) -> None:
    assert rules(audience(run, segments=[{"name": "Students"}]), "audience") == {}


@pytest.mark.parametrize(
    ("discussed", "listened", "fires"),
    [
        ("yes", False, True),
        ("yes", True, False),
        ("yes", None, False),
        ("no", False, False),
        ("unknown", False, False),
    ],
)
def test_talked_about_without_listening_is_unheard(
    run: Run, discussed: str, listened: bool | None, fires: bool
) -> None:
    answers = {**CALM, "already_discussed": discussed}
    answers.pop("listening_done")
    if listened is not None:
        answers["listening_done"] = listened
    expected = {"audience.unheard": ("concern", None)} if fires else {}
    assert rules(run({"audience": answers}), "audience") == expected


@pytest.mark.parametrize(("sensitive", "fires"), [(True, True), (False, False)])
def test_a_sensitive_topic_needs_moderation_first(run: Run, sensitive: bool, fires: bool) -> None:
    evaluation = audience(run, sensitive_topic=sensitive)
    expected = {"audience.sensitive": ("concern", None)} if fires else {}
    assert rules(evaluation, "audience") == expected


def test_an_unknown_expectation_is_bad_input_naming_the_field(run: Run) -> None:
    evaluation = audience(run, expectations=["news", "gossip"])
    outcome = evaluation.outcomes["audience"]
    assert [problem.field for problem in outcome.problems] == [
        "stages.audience.answers.expectations.1"
    ]
