"""The tone stage's rules, through the engine."""

from __future__ import annotations

from typing import Any

import pytest

from .helpers import Run, one, rules

# Answers that fire nothing; each test changes only what its rule reads.
CALM: dict[str, Any] = {
    "register": "conversational",
    "human_voice": True,
    "criticism": "respond_publicly",
    "beyond_own_news": True,
    "engage_with_others": True,
    "spokesperson": "Claire",
    "charter": True,
}


def tone(run: Run, **changes: Any):
    return run({"tone": {**CALM, **changes}})


def test_calm_answers_give_nothing(run: Run) -> None:
    assert rules(tone(run), "tone") == {}


def test_the_register_answer_is_read_despite_its_name(run: Run) -> None:
    evaluation = tone(run, register="casual")
    assert evaluation.outcomes["tone"].answers.register == "casual"


@pytest.mark.parametrize(
    ("register", "voice", "fires"),
    [
        ("institutional", False, True),
        ("institutional", True, False),
        ("institutional", None, False),
        ("professional", False, False),
        ("casual", False, False),
    ],
)
def test_institutional_without_a_human_voice_is_a_fixable_blocker(
    run: Run, register: str, voice: bool | None, fires: bool
) -> None:
    evaluation = tone(run, register=register, human_voice=voice)
    expected = {"tone.institutional": ("blocker", "fixable")} if fires else {}
    assert rules(evaluation, "tone") == expected


@pytest.mark.parametrize(
    ("criticism", "fires"),
    [("delete", True), ("not_ready", True), ("respond_publicly", False),
     ("respond_privately", False), (None, False)],
)
def test_deleting_or_refusing_criticism_is_a_fixable_blocker(
    run: Run, criticism: str | None, fires: bool
) -> None:
    expected = {"tone.closed": ("blocker", "fixable")} if fires else {}
    assert rules(tone(run, criticism=criticism), "tone") == expected


@pytest.mark.parametrize(("beyond", "fires"), [(False, True), (True, False), (None, False)])
def test_only_your_own_news_is_self_only(run: Run, beyond: bool | None, fires: bool) -> None:
    expected = {"tone.self_only": ("concern", None)} if fires else {}
    assert rules(tone(run, beyond_own_news=beyond), "tone") == expected


@pytest.mark.parametrize(("engage", "fires"), [(False, True), (True, False), (None, False)])
def test_no_engagement_with_others_is_not_social(
    run: Run, engage: bool | None, fires: bool
) -> None:
    expected = {"tone.not_social": ("concern", None)} if fires else {}
    assert rules(tone(run, engage_with_others=engage), "tone") == expected


@pytest.mark.parametrize(
    ("spokesperson", "charter", "missing_fr", "missing_en"),
    [
        (None, True, "un porte-parole désigné.", "a named spokesperson."),
        ("", None, "un porte-parole désigné.", "a named spokesperson."),
        ("  ", True, "un porte-parole désigné.", "a named spokesperson."),
        ("Claire", False, "une charte de présence.", "a charter."),
        (None, False, "un porte-parole désigné et une charte", "a named spokesperson and a"),
    ],
)
def test_no_spokesperson_or_no_charter_is_one_concern_saying_which(
    run: Run, spokesperson: str | None, charter: bool | None, missing_fr: str, missing_en: str
) -> None:
    evaluation = tone(run, spokesperson=spokesperson, charter=charter)
    assert rules(evaluation, "tone") == {"tone.no_spokesperson": ("concern", None)}
    found = one(evaluation, "tone", "tone.no_spokesperson")
    assert missing_fr in found.message["fr"]
    assert missing_en in found.message["en"]


def test_a_spokesperson_and_an_unanswered_charter_is_no_concern_yet(run: Run) -> None:
    assert rules(tone(run, charter=None), "tone") == {}


def test_an_unknown_register_is_bad_input_naming_the_field(run: Run) -> None:
    outcome = tone(run, register="formal").outcomes["tone"]
    assert [problem.field for problem in outcome.problems] == ["stages.tone.answers.register"]
