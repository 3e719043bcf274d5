"""The networks stage: its rules, and the workload arithmetic the plan depends on."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from .helpers import Run, figures, one, rules

# The effort table of domain.md: posts/week, minutes/post, community minutes/week.
DOMAIN_EFFORT = {
    "facebook": (3, 30, 60),
    "instagram": (3, 45, 60),
    "linkedin": (2, 40, 45),
    "x": (7, 10, 60),
    "tiktok": (3, 90, 45),
    "youtube": (1, 240, 30),
    "pinterest": (5, 10, 15),
    "blog": (1, 180, 30),
}
CATALOGUE_ORDER = list(DOMAIN_EFFORT)


def pick(network_id: str, fit: int = 3, **changes: Any) -> dict[str, Any]:
    """A selected candidate with a good fit and no account: fires nothing on its own."""
    return {"id": network_id, "audience_fit": fit, "selected": True, **changes}


def networks(run: Run, *candidates: dict[str, Any], skill: str | None = None,
             **options: Any):
    stages: dict[str, Any] = {"networks": {"candidates": list(candidates)}}
    if skill is not None:
        stages["resources"] = {"skill": skill}
    return run(stages, **options)


def test_one_good_network_gives_nothing(run: Run) -> None:
    assert rules(networks(run, pick("facebook")), "networks") == {}


@pytest.mark.parametrize(
    ("skill", "factor", "workload", "facebook", "linkedin", "listening"),
    [
        # (150 + 125 + 60) minutes = 5.5833 h, times the factor, half up to 0.1
        ("novice", 1.5, 8.4, 3.8, 3.1, 1.5),
        ("intermediate", 1.2, 6.7, 3.0, 2.5, 1.2),
        ("experienced", 1.0, 5.6, 2.5, 2.1, 1.0),
        (None, 1.2, 6.7, 3.0, 2.5, 1.2),  # unanswered skill: intermediate
    ],
)
def test_workload_is_network_minutes_plus_listening_times_the_skill_factor(
    run: Run, skill: str | None, factor: float, workload: float, facebook: float,
    linkedin: float, listening: float,
) -> None:
    evaluation = networks(run, pick("linkedin"), pick("facebook"), skill=skill)
    shown = figures(evaluation, "networks")
    assert shown["workload_hours"] == workload
    assert shown["network_hours"] == {"facebook": facebook, "linkedin": linkedin}
    assert shown["listening_hours"] == listening
    assert shown["skill_factor"] == factor
    assert shown["selected_networks"] == ["facebook", "linkedin"]


def test_the_resources_stage_can_be_absent_for_the_skill(run: Run) -> None:
    evaluation = run({"networks": {"candidates": [pick("blog")]}})
    # (180 + 30 + 60) / 60 * 1.2
    assert figures(evaluation, "networks")["workload_hours"] == 5.4


@pytest.mark.parametrize("network_id", CATALOGUE_ORDER)
def test_each_network_costs_what_the_domain_table_says(run: Run, network_id: str) -> None:
    posts, minutes, community = DOMAIN_EFFORT[network_id]
    weekly = posts * minutes + community
    evaluation = networks(run, pick(network_id), skill="experienced")
    shown = figures(evaluation, "networks")
    assert shown["network_hours"][network_id] == pytest.approx(round(weekly / 60 + 1e-9, 1))
    assert shown["workload_hours"] == pytest.approx(round((weekly + 60) / 60 + 1e-9, 1))


def test_no_selection_still_costs_the_listening(run: Run) -> None:
    evaluation = networks(run, pick("facebook", selected=False), skill="novice")
    shown = figures(evaluation, "networks")
    assert shown["selected_networks"] == []
    assert shown["network_hours"] == {}
    assert shown["workload_hours"] == 1.5


def test_selected_networks_come_in_catalogue_order(run: Run) -> None:
    evaluation = networks(run, pick("blog"), pick("x"), pick("facebook"), size="medium")
    assert figures(evaluation, "networks")["selected_networks"] == ["facebook", "x", "blog"]


def test_the_session_tuning_changes_the_arithmetic(run: Run) -> None:
    settings = {
        "listening_minutes_per_week": 0,
        "skill_factor": {"intermediate": 2.0},
        "networks": {"facebook": {"posts_per_week": 5}},
    }
    evaluation = networks(run, pick("facebook"), skill="intermediate", settings=settings)
    # (5 * 30 + 60) / 60 * 2.0
    assert figures(evaluation, "networks")["workload_hours"] == 7.0


@pytest.mark.parametrize(
    "candidates", [[], [pick("facebook", selected=False), pick("x", selected=False)]]
)
def test_no_network_selected_is_a_fixable_blocker(
    run: Run, candidates: list[dict[str, Any]]
) -> None:
    evaluation = networks(run, *candidates)
    assert rules(evaluation, "networks") == {"networks.none": ("blocker", "fixable")}


@pytest.mark.parametrize(("fit", "fires"), [(0, True), (1, True), (2, False), (3, False)])
def test_a_selected_network_with_fit_one_or_less_is_a_poor_fit(
    run: Run, fit: int, fires: bool
) -> None:
    evaluation = networks(run, pick("facebook"), pick("instagram", fit=fit))
    expected = {"networks.poor_fit": ("concern", None)} if fires else {}
    assert rules(evaluation, "networks") == expected
    if fires:
        found = one(evaluation, "networks", "networks.poor_fit")
        assert "Instagram" in found.message["fr"] and "Facebook" not in found.message["fr"]


def test_poor_fit_counts_only_selected_and_assessed_networks(run: Run) -> None:
    evaluation = networks(
        run, pick("facebook", fit=None), pick("instagram", fit=0, selected=False)
    )
    assert rules(evaluation, "networks") == {}


def test_several_poor_fits_give_one_concern_naming_each(run: Run) -> None:
    evaluation = networks(run, pick("x", fit=1), pick("facebook", fit=0), size="medium")
    found = one(evaluation, "networks", "networks.poor_fit")
    assert "Facebook, X (Twitter)" in found.message["en"]


@pytest.mark.parametrize(
    ("size", "count", "fires"),
    [
        ("micro", 2, False), ("micro", 3, True),
        ("small", 2, False), ("small", 3, True),
        ("medium", 4, False), ("medium", 5, True),
        ("large", 6, False), ("large", 7, True),
    ],
)
def test_more_networks_than_the_size_allows_is_everywhere(
    run: Run, size: str, count: int, fires: bool
) -> None:
    evaluation = networks(run, *(pick(n) for n in CATALOGUE_ORDER[:count]), size=size)
    expected = {"networks.everywhere": ("concern", None)} if fires else {}
    assert rules(evaluation, "networks") == expected
    if fires:
        found = one(evaluation, "networks", "networks.everywhere")
        assert str(count) in found.message["fr"]


def test_the_size_limits_are_tunable(run: Run) -> None:
    evaluation = networks(run, pick("facebook"), pick("x"), size="micro",
                          settings={"max_networks": {"micro": 1}})
    assert "networks.everywhere" in rules(evaluation, "networks")


@pytest.mark.parametrize(("account", "fires"), [("dormant", True), ("active", False),
                                                ("none", False)])
def test_a_dormant_account_is_a_concern(run: Run, account: str, fires: bool) -> None:
    evaluation = networks(run, pick("facebook", existing_account=account))
    expected = {"networks.dormant": ("concern", None)} if fires else {}
    assert rules(evaluation, "networks") == expected


def test_a_dormant_account_counts_even_if_the_network_is_not_selected(run: Run) -> None:
    evaluation = networks(run, pick("facebook"),
                          pick("x", selected=False, existing_account="dormant"))
    found = one(evaluation, "networks", "networks.dormant")
    assert "X (Twitter)" in found.message["en"]


def test_an_unknown_network_is_a_concern_and_costs_nothing(run: Run) -> None:
    evaluation = networks(run, pick("facebook"), pick("myspace"), skill="experienced")
    assert rules(evaluation, "networks") == {"networks.unknown": ("concern", None)}
    assert "myspace" in one(evaluation, "networks", "networks.unknown").message["en"]
    shown = figures(evaluation, "networks")
    assert shown["selected_networks"] == ["facebook"]
    assert shown["workload_hours"] == 3.5


def test_a_network_added_by_tuning_is_known(run: Run) -> None:
    settings = {"networks": {"mastodon": {"posts_per_week": 2, "minutes_per_post": 30,
                                          "community_minutes_per_week": 0}}}
    evaluation = networks(run, pick("mastodon"), skill="experienced", settings=settings)
    assert rules(evaluation, "networks") == {}
    assert figures(evaluation, "networks")["workload_hours"] == 2.0


@pytest.mark.parametrize(
    ("candidates", "field"),
    [
        ([pick("facebook"), pick("facebook", fit=1)], "stages.networks.answers.candidates"),
        ([pick("facebook", fit=4)], "stages.networks.answers.candidates.0.audience_fit"),
        ([pick("facebook", fit=-1)], "stages.networks.answers.candidates.0.audience_fit"),
        ([pick("x", existing_account="old")],
         "stages.networks.answers.candidates.0.existing_account"),
    ],
)
def test_bad_candidates_are_bad_input_naming_the_field(
    run: Run, candidates: list[dict[str, Any]], field: str
) -> None:
    outcome = networks(run, *candidates).outcomes["networks"]
    assert not outcome.evaluated
    assert [problem.field for problem in outcome.problems] == [field]


@settings(max_examples=100, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    chosen=st.sets(st.sampled_from(CATALOGUE_ORDER), min_size=1),
    skill=st.sampled_from(["novice", "intermediate", "experienced"]),
)
def test_the_workload_adds_up_for_any_selection(run: Run, chosen: set[str], skill: str) -> None:
    factor = {"novice": 1.5, "intermediate": 1.2, "experienced": 1.0}[skill]
    evaluation = networks(run, *(pick(n) for n in chosen), skill=skill, size="large")
    shown = figures(evaluation, "networks")
    weekly = sum(p * m + c for n, (p, m, c) in DOMAIN_EFFORT.items() if n in chosen)
    exact = Decimal(weekly + 60) / 60 * Decimal(str(factor))
    assert shown["workload_hours"] == float(exact.quantize(Decimal("0.1"), ROUND_HALF_UP))
    # the parts, each rounded, add up to the whole within their rounding
    parts = sum(shown["network_hours"].values()) + shown["listening_hours"]
    assert abs(parts - shown["workload_hours"]) <= 0.05 * (len(chosen) + 2)
