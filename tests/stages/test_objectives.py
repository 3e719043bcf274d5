"""The objectives stage's rules, through the engine."""

from __future__ import annotations

from typing import Any

import pytest

from workshop.stages.objectives import ObjectivesStage

from .helpers import Run, codes, one, rules

TEXTS = ObjectivesStage.texts


def goal(goal_id: str, **changes: Any) -> dict[str, Any]:
    """A goal that is measured and owned, so only the rule under test can fire."""
    values = {"id": goal_id, "kpi": "returning customers", "target": "50 a month", "owner": "Marie"}
    values.update(changes)
    return {key: value for key, value in values.items() if value is not None}


def objectives(run: Run, *goals: dict[str, Any], **answers: Any):
    return run({"objectives": {"goals": list(goals), **answers}})


def test_measured_owned_goals_give_nothing(run: Run) -> None:
    evaluation = objectives(run, goal("loyalty"), goal("acquisition"), goal("recruitment"))
    assert rules(evaluation, "objectives") == {}
    assert evaluation.outcomes["objectives"].score == 100


def test_no_goal_is_a_fixable_blocker_and_nothing_else(run: Run) -> None:
    evaluation = objectives(run)
    assert rules(evaluation, "objectives") == {"objectives.none": ("blocker", "fixable")}


@pytest.mark.parametrize(
    "goal_ids", [["trend"], ["match_competitors"], ["match_competitors", "trend"]]
)
def test_only_wrong_reasons_is_a_structural_blocker_with_alternatives(
    run: Run, goal_ids: list[str]
) -> None:
    evaluation = objectives(run, *(goal(goal_id) for goal_id in goal_ids))
    assert rules(evaluation, "objectives") == {
        "objectives.wrong_reason": ("blocker", "structural")
    }
    found = one(evaluation, "objectives", "objectives.wrong_reason")
    assert [alt["en"] for alt in found.alternatives] == [
        TEXTS["en"]["alternatives"]["listening"],
        TEXTS["en"]["alternatives"]["own_channels"],
    ]
    for goal_id in goal_ids:
        assert TEXTS["fr"]["choices"][goal_id] in found.message["fr"]
        assert TEXTS["en"]["choices"][goal_id] in found.message["en"]


def test_some_wrong_reasons_is_a_concern_to_drop_them(run: Run) -> None:
    evaluation = objectives(run, goal("trend"), goal("loyalty"))
    assert rules(evaluation, "objectives") == {"objectives.wrong_reason": ("concern", None)}
    found = one(evaluation, "objectives", "objectives.wrong_reason")
    partly = TEXTS["en"]["findings"]["objectives.wrong_reason"]["partly"]
    labels = {"fr": "Suivre la mode", "en": "Following the trend"}
    assert found.advice["en"] == partly["advice"].format(goals=labels)
    assert "Following the trend" in found.message["en"]
    assert "Suivre la mode" in found.message["fr"]
    assert found.alternatives == ()


@pytest.mark.parametrize(
    ("goal_ids", "tools"),
    [
        (["web_traffic"], ["paid_keywords"]),
        (["short_term_sales"], ["paid_keywords"]),
        (["seo"], ["seo_specialist"]),
        (["seo", "web_traffic", "short_term_sales"], ["seo_specialist", "paid_keywords"]),
    ],
)
def test_only_goals_of_another_tool_is_a_structural_blocker_naming_it(
    run: Run, goal_ids: list[str], tools: list[str]
) -> None:
    evaluation = objectives(run, *(goal(goal_id) for goal_id in goal_ids))
    assert rules(evaluation, "objectives") == {
        "objectives.wrong_tool": ("blocker", "structural")
    }
    found = one(evaluation, "objectives", "objectives.wrong_tool")
    assert [alt["fr"] for alt in found.alternatives] == [
        TEXTS["fr"]["alternatives"][tool] for tool in tools
    ]
    for tool in tools:
        assert TEXTS["fr"]["tools"][tool] in found.message["fr"]
        assert TEXTS["en"]["tools"][tool] in found.message["en"]
    if len(goal_ids) > 1:  # pairs apart, each language with its own typography
        assert " ; " in found.message["fr"]
        assert "; " in found.message["en"] and " ; " not in found.message["en"]


def test_wrong_reasons_do_not_count_as_good_goals_for_the_tool_rule(run: Run) -> None:
    evaluation = objectives(run, goal("trend"), goal("seo"))
    assert rules(evaluation, "objectives") == {
        "objectives.wrong_reason": ("concern", None),
        "objectives.wrong_tool": ("blocker", "structural"),
    }


def test_a_goal_of_another_tool_beside_good_goals_is_a_concern_naming_the_tool(
    run: Run,
) -> None:
    evaluation = objectives(run, goal("loyalty"), goal("web_traffic"))
    assert rules(evaluation, "objectives") == {"objectives.wrong_tool": ("concern", None)}
    found = one(evaluation, "objectives", "objectives.wrong_tool")
    assert "paid keywords" in found.message["en"]
    assert "mots-clés payants" in found.message["fr"]
    assert found.message["en"].startswith("Some of your goals")
    assert [alt["en"] for alt in found.alternatives] == [
        TEXTS["en"]["alternatives"]["paid_keywords"]
    ]


@pytest.mark.parametrize(
    "changes",
    [{"kpi": None}, {"target": None}, {"kpi": None, "target": None}, {"kpi": "  "},
     {"target": ""}],
)
def test_a_goal_without_kpi_or_target_is_unmeasured(run: Run, changes: dict[str, Any]) -> None:
    evaluation = objectives(run, goal("loyalty", **changes))
    assert rules(evaluation, "objectives") == {"objectives.unmeasured": ("concern", None)}


def test_unmeasured_goals_give_one_concern_naming_each(run: Run) -> None:
    evaluation = objectives(run, goal("loyalty", kpi=None), goal("recruitment", target=None),
                            goal("insight"))
    found = one(evaluation, "objectives", "objectives.unmeasured")
    assert "Loyalty" in found.message["en"] and "Recruitment" in found.message["en"]
    assert "Understand" not in found.message["en"]
    assert "Fidélisation" in found.message["fr"] and "Recrutement" in found.message["fr"]


@pytest.mark.parametrize("owner", [None, "", "   "])
def test_a_goal_without_owner_is_a_concern(run: Run, owner: str | None) -> None:
    evaluation = objectives(run, goal("loyalty", owner=owner), goal("visibility", owner=owner))
    assert rules(evaluation, "objectives") == {"objectives.no_owner": ("concern", None)}
    found = one(evaluation, "objectives", "objectives.no_owner")
    assert "Loyalty" in found.message["en"] and "Visibility" in found.message["en"]


def test_goals_to_drop_are_not_asked_for_kpi_or_owner(run: Run) -> None:
    bare = {"kpi": None, "target": None, "owner": None}
    evaluation = objectives(run, goal("loyalty"), goal("trend", **bare), goal("seo", **bare))
    assert codes(evaluation, "objectives") == {
        "objectives.wrong_reason",
        "objectives.wrong_tool",
    }


@pytest.mark.parametrize(("count", "fires"), [(3, False), (4, True), (5, True)])
def test_more_than_three_goals_is_too_many(run: Run, count: int, fires: bool) -> None:
    ids = ["loyalty", "visibility", "insight", "recruitment", "expertise"][:count]
    evaluation = objectives(run, *(goal(goal_id) for goal_id in ids))
    assert rules(evaluation, "objectives") == (
        {"objectives.too_many": ("concern", None)} if fires else {}
    )
    if fires:
        found = one(evaluation, "objectives", "objectives.too_many")
        assert str(count) in found.message["en"] and str(count) in found.message["fr"]


@pytest.mark.parametrize(
    ("goal_id", "linked", "fires"),
    [("acquisition", False, True), ("acquisition", True, False), ("loyalty", False, False)],
)
def test_acquisition_on_an_unrelated_theme_is_off_theme(
    run: Run, goal_id: str, linked: bool, fires: bool
) -> None:
    evaluation = objectives(run, goal(goal_id), theme_linked_to_activity=linked)
    assert rules(evaluation, "objectives") == (
        {"objectives.off_theme": ("concern", None)} if fires else {}
    )


def test_theme_is_linked_by_default(run: Run) -> None:
    evaluation = objectives(run, goal("acquisition"))
    assert evaluation.outcomes["objectives"].answers.theme_linked_to_activity is True
    assert rules(evaluation, "objectives") == {}


def test_an_unknown_goal_is_bad_input_naming_the_field(run: Run) -> None:
    evaluation = objectives(run, goal("fame"))
    outcome = evaluation.outcomes["objectives"]
    assert not outcome.evaluated
    assert [problem.field for problem in outcome.problems] == [
        "stages.objectives.answers.goals.0.id"
    ]
    assert "visibility" in (outcome.problems[0].allowed or "")
