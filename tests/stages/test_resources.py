"""The resources stage: capacity, the overload rule and the plan that fits, and its other rules."""

from __future__ import annotations

from itertools import combinations
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from workshop.engine.settings import settings_for
from workshop.plugins import PluginHost
from workshop.stage import Network
from workshop.stages import _workload
from workshop.stages.resources import ResourcesStage

from .helpers import Run, figures, one, rules
from .test_networks import CATALOGUE_ORDER, DOMAIN_EFFORT, pick

TEXTS = ResourcesStage.texts
# Answers that fire nothing: an owner, time, a crisis plan, quick approval, management support.
CALM: dict[str, Any] = {
    "owner": "Marie",
    "team": "part_time",
    "hours_per_week": 40,
    "skill": "experienced",
    "crisis_plan": True,
    "approval_hours": 2,
    "management_support": True,
}


def resources(run: Run, *candidates: dict[str, Any], settings: dict[str, Any] | None = None,
              **changes: Any):
    stages: dict[str, Any] = {"resources": {**CALM, **changes}}
    if candidates:
        stages["networks"] = {"candidates": list(candidates)}
    if settings is not None:
        return run(stages, size="large", settings=settings)
    return run(stages, size="large")


def minutes(network_id: str) -> int:
    posts, per_post, community = DOMAIN_EFFORT[network_id]
    return posts * per_post + community


def test_calm_answers_give_nothing(run: Run) -> None:
    assert rules(resources(run, pick("facebook")), "resources") == {}


# -- capacity ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("hours", "budget", "capacity"),
    [
        (10, None, 10.0),
        (3, 1000, 6.8),  # 3 + 1000 / 60 / 4.33 = 6.849
        (None, 2000, 7.7),  # 2000 / 60 / 4.33 = 7.698
        (0, 500, 1.9),  # 1.924
        (2.5, 0, 2.5),
    ],
)
def test_capacity_is_hours_plus_the_budget_in_hours(
    run: Run, hours: float | None, budget: float | None, capacity: float
) -> None:
    evaluation = resources(run, hours_per_week=hours, agency_budget_monthly=budget)
    assert figures(evaluation, "resources")["capacity_hours"] == capacity


def test_the_hourly_rate_and_weeks_are_tunable(run: Run) -> None:
    evaluation = run(
        {"resources": {**CALM, "hours_per_week": 0, "agency_budget_monthly": 1000}},
        settings={"hourly_rate": 50, "weeks_per_month": 4},
    )
    assert figures(evaluation, "resources")["capacity_hours"] == 5.0


@pytest.mark.parametrize(
    "changes",
    [
        {"hours_per_week": 0, "agency_budget_monthly": 0},
        {"hours_per_week": 0, "agency_budget_monthly": None},
        {"hours_per_week": None, "agency_budget_monthly": 0},
        {"hours_per_week": 0, "agency_budget_monthly": 2},  # 0.008 h, shown as 0.0
        {"hours_per_week": None, "agency_budget_monthly": None},  # unanswered counts as 0
    ],
)
def test_no_time_and_no_budget_is_a_fixable_blocker(run: Run, changes: dict[str, Any]) -> None:
    evaluation = resources(run, **changes)
    assert rules(evaluation, "resources") == {"resources.none": ("blocker", "fixable")}
    assert figures(evaluation, "resources")["capacity_hours"] == 0.0


@pytest.mark.parametrize("changes", [{"hours_per_week": 0.5}, {"agency_budget_monthly": 100}])
def test_a_little_time_or_budget_is_some_capacity(run: Run, changes: dict[str, Any]) -> None:
    evaluation = resources(run, **{"hours_per_week": 0, **changes})
    assert "resources.none" not in rules(evaluation, "resources")


@pytest.mark.parametrize("owner", [None, "", "  "])
def test_no_owner_named_is_a_fixable_blocker(run: Run, owner: str | None) -> None:
    evaluation = resources(run, owner=owner)
    assert rules(evaluation, "resources") == {"resources.no_owner": ("blocker", "fixable")}


# -- overload and the plan -----------------------------------------------------------------


@pytest.mark.parametrize(("capacity", "overloaded"), [(3.5, False), (3.6, False), (3.4, True)])
def test_overloaded_only_when_the_workload_exceeds_capacity(
    run: Run, capacity: float, overloaded: bool
) -> None:
    # facebook, experienced: (150 + 60) / 60 = 3.5 h
    evaluation = resources(run, pick("facebook"), hours_per_week=capacity)
    assert ("resources.overloaded" in rules(evaluation, "resources")) is overloaded
    if not overloaded:
        shown = figures(evaluation, "resources")
        assert shown["network_plan"] == ["facebook"]
        assert shown["plan_workload_hours"] == 3.5


def test_the_plan_is_the_selection_when_it_fits(run: Run) -> None:
    evaluation = resources(run, pick("instagram", fit=2), pick("facebook"), pick("blog"))
    assert figures(evaluation, "resources")["network_plan"] == ["facebook", "instagram", "blog"]
    assert figures(evaluation, "resources")["plan_workload_hours"] == 10.3  # (150+195+210+60)/60


def test_a_poor_fit_beside_good_ones_is_not_scheduled(run: Run) -> None:
    # consultant review: networks.poor_fit says drop X if the audience is not there; the plan
    # does not schedule it beside better ones, and the finding is still there
    evaluation = resources(run, pick("x", fit=1), pick("facebook"), pick("blog"))
    assert figures(evaluation, "resources")["network_plan"] == ["facebook", "blog"]
    assert figures(evaluation, "resources")["plan_workload_hours"] == 7.0  # (150+210+60)/60
    alone = resources(run, pick("x", fit=1))
    assert figures(alone, "resources")["network_plan"] == ["x"]  # nothing better to keep


def test_the_findings_are_decided_on_the_clients_selection(run: Run) -> None:
    # small size (2 networks) and 5 h: the two best (fit 3) do not fit together, the light
    # fit-2 one does: a concern proposing a plan, never a blocker, whatever the size rule
    evaluation = run({"resources": {**CALM, "hours_per_week": 5}, "networks": {"candidates": [
        pick("youtube", fit=3), pick("instagram", fit=3), pick("pinterest", fit=2)]}},
        size="small")
    assert rules(evaluation, "resources") == {"resources.overloaded": ("concern", None)}
    plan = figures(evaluation, "resources")["network_plan"]
    assert plan and len(plan) <= 2


def test_overloaded_with_a_subset_that_fits_is_a_concern_proposing_it(run: Run) -> None:
    # facebook alone 3.5 h (fit 3), instagram alone 4.25 h (fit 2), both 6.75 h
    evaluation = resources(run, pick("facebook"), pick("instagram", fit=2), hours_per_week=5)
    assert rules(evaluation, "resources") == {"resources.overloaded": ("concern", None)}
    shown = figures(evaluation, "resources")
    assert shown["network_plan"] == ["facebook"]
    assert shown["plan_workload_hours"] == 3.5
    found = one(evaluation, "resources", "resources.overloaded")
    assert "6,8 h" in found.message["fr"] and "6.8 h" in found.message["en"]
    assert "Facebook (3,5 h" in found.message["fr"]
    assert "Facebook (3.5 h" in found.message["en"]


def test_the_plan_maximises_total_fit_not_the_number_of_networks(run: Run) -> None:
    # youtube 300 min (fit 3); x 130 + pinterest 65 min (fit 2 + 2 = 4); capacity 4.5 h
    evaluation = resources(run, pick("x", fit=2), pick("youtube", fit=3),
                           pick("pinterest", fit=2), pick("facebook", fit=2),
                           hours_per_week=4.5)
    # x + pinterest + listening = 255 min = 4.25 h; x + pinterest + facebook = 6.75 h
    assert figures(evaluation, "resources")["network_plan"] == ["x", "pinterest"]


def test_equal_fit_goes_to_the_lower_workload(run: Run) -> None:
    # facebook 3.5 h, linkedin 3.1 h, both 5.6 h: only one fits in 4 h
    evaluation = resources(run, pick("facebook", fit=2), pick("linkedin", fit=2),
                           hours_per_week=4)
    assert figures(evaluation, "resources")["network_plan"] == ["linkedin"]


def test_equal_fit_and_workload_goes_to_catalogue_order(run: Run) -> None:
    same = {"posts_per_week": 3, "minutes_per_post": 30, "community_minutes_per_week": 60}
    evaluation = run(
        {
            "resources": {**CALM, "hours_per_week": 4},
            "networks": {"candidates": [pick("x", fit=2), pick("facebook", fit=2)]},
        },
        settings={"networks": {"x": same}},
    )
    assert figures(evaluation, "resources")["network_plan"] == ["facebook"]


def test_networks_with_fit_under_two_are_never_in_a_reduced_plan(run: Run) -> None:
    # pinterest is cheap but poorly fit; tiktok fits well but is too long
    evaluation = resources(run, pick("pinterest", fit=1), pick("tiktok", fit=3),
                           pick("blog"), hours_per_week=3)
    assert rules(evaluation, "resources") == {"resources.overloaded": ("blocker", "fixable")}
    assert figures(evaluation, "resources")["network_plan"] == []


def test_unassessed_networks_are_never_in_a_reduced_plan(run: Run) -> None:
    evaluation = resources(run, pick("pinterest", fit=None), pick("youtube"),
                           hours_per_week=3)
    assert figures(evaluation, "resources")["network_plan"] == []


def test_nothing_that_fits_is_a_fixable_blocker_saying_so(run: Run) -> None:
    evaluation = resources(run, pick("youtube"), hours_per_week=2)
    assert rules(evaluation, "resources") == {"resources.overloaded": ("blocker", "fixable")}
    found = one(evaluation, "resources", "resources.overloaded")
    variant = TEXTS["en"]["findings"]["resources.overloaded"]["nothing_fits"]
    assert found.advice["en"] == variant["advice"]
    assert "aucun réseau" in found.message["fr"]
    shown = figures(evaluation, "resources")
    assert shown["network_plan"] == []
    assert shown["plan_workload_hours"] == 1.0  # listening goes on whatever the plan


def test_the_skill_factor_applies_to_the_plan(run: Run) -> None:
    # facebook (fit 3): 3.5 h experienced, 5.25 h novice; x (fit 2): 3.2 h, 4.75 h; capacity 5
    candidates = (pick("facebook"), pick("x", fit=2))
    experienced = resources(run, *candidates, hours_per_week=5)
    novice = resources(run, *candidates, hours_per_week=5, skill="novice")
    assert figures(experienced, "resources")["network_plan"] == ["facebook"]
    assert figures(novice, "resources")["network_plan"] == ["x"]


def test_an_agency_budget_buys_the_plan(run: Run) -> None:
    # 1 h + 1000 / 60 / 4.33 = 4.85 h: facebook (3.5 h) fits, facebook + x (5.7 h) does not
    evaluation = resources(run, pick("facebook"), pick("x", fit=2), hours_per_week=1,
                           agency_budget_monthly=1000)
    assert figures(evaluation, "resources")["network_plan"] == ["facebook"]
    assert rules(evaluation, "resources") == {"resources.overloaded": ("concern", None)}


def test_no_capacity_at_all_is_said_once(run: Run) -> None:
    evaluation = resources(run, pick("facebook"), hours_per_week=0)
    assert rules(evaluation, "resources") == {"resources.none": ("blocker", "fixable")}
    assert figures(evaluation, "resources")["network_plan"] == []


def test_no_selected_network_is_no_overload(run: Run) -> None:
    # listening alone (1 h) exceeds 0.5 h, but networks.none already says what is missing
    evaluation = resources(run, pick("facebook", selected=False), hours_per_week=0.5)
    assert rules(evaluation, "resources") == {}
    assert figures(evaluation, "resources")["network_plan"] == []


@pytest.mark.parametrize("status", [None, "skipped"])
def test_no_overload_rule_without_an_evaluated_networks_stage(
    run: Run, status: str | None
) -> None:
    stages: dict[str, Any] = {"resources": {**CALM, "hours_per_week": 0.1}}
    if status:
        stages["networks"] = {"candidates": [pick("youtube")]}
    evaluation = run(stages, statuses={"networks": status} if status else {})
    assert "resources.overloaded" not in rules(evaluation, "resources")
    assert "network_plan" not in figures(evaluation, "resources")
    assert figures(evaluation, "resources")["capacity_hours"] == 0.1


# -- the other rules -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("team", "fires"),
    [("intern", True), ("dedicated", False), ("part_time", False), ("agency", False),
     ("none", False)],
)
def test_an_intern_team_is_a_concern(run: Run, team: str, fires: bool) -> None:
    expected = {"resources.intern": ("concern", None)} if fires else {}
    assert rules(resources(run, team=team), "resources") == expected


@pytest.mark.parametrize(("plan", "fires"), [(False, True), (True, False), (None, False)])
def test_no_crisis_plan_is_a_concern(run: Run, plan: bool | None, fires: bool) -> None:
    expected = {"resources.no_crisis_plan": ("concern", None)} if fires else {}
    assert rules(resources(run, crisis_plan=plan), "resources") == expected


@pytest.mark.parametrize(
    ("hours", "fires"), [(0, False), (24, False), (24.5, True), (25, True), (72, True)]
)
def test_approval_over_24_hours_is_slow(run: Run, hours: float, fires: bool) -> None:
    evaluation = resources(run, approval_hours=hours)
    expected = {"resources.slow_approval": ("concern", None)} if fires else {}
    assert rules(evaluation, "resources") == expected
    if hours == 24.5:
        assert "24,5 h" in one(evaluation, "resources", "resources.slow_approval").message["fr"]


@pytest.mark.parametrize(("support", "fires"), [(False, True), (True, False), (None, False)])
def test_no_management_support_is_a_concern(
    run: Run, support: bool | None, fires: bool
) -> None:
    expected = {"resources.no_sponsor": ("concern", None)} if fires else {}
    assert rules(resources(run, management_support=support), "resources") == expected


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"hours_per_week": -1}, "stages.resources.answers.hours_per_week"),
        ({"agency_budget_monthly": -5}, "stages.resources.answers.agency_budget_monthly"),
        ({"team": "volunteers"}, "stages.resources.answers.team"),
        ({"skill": "expert"}, "stages.resources.answers.skill"),
    ],
)
def test_bad_resources_are_bad_input_naming_the_field(
    run: Run, changes: dict[str, Any], field: str
) -> None:
    outcome = resources(run, **changes).outcomes["resources"]
    assert [problem.field for problem in outcome.problems] == [field]


# -- the plan, for any selection -----------------------------------------------------------

SELECTIONS = st.dictionaries(
    st.sampled_from(CATALOGUE_ORDER), st.integers(min_value=0, max_value=3), min_size=1
)
SKILLS = st.sampled_from(["novice", "intermediate", "experienced"])
CAPACITIES = st.integers(min_value=1, max_value=200).map(lambda tenths: tenths / 10)


def plan_hours(plan: list[str], factor: float) -> float:
    return _workload.round1((sum(minutes(n) for n in plan) + 60) / 60 * factor)


@settings(max_examples=150, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(fits=SELECTIONS, skill=SKILLS, capacity=CAPACITIES)
def test_the_plan_always_fits_and_no_other_subset_does_better(
    run: Run, fits: dict[str, int], skill: str, capacity: float
) -> None:
    candidates = [pick(network_id, fit=fit) for network_id, fit in fits.items()]
    # the knapsack apart from the size rule (tested in tests/engine/test_plan.py)
    evaluation = resources(run, *candidates, hours_per_week=capacity, skill=skill,
                           settings={"max_networks": {"micro": 100, "small": 100,
                                                      "medium": 100, "large": 100}})
    factor = {"novice": 1.5, "intermediate": 1.2, "experienced": 1.0}[skill]
    shown = figures(evaluation, "resources")
    plan = shown["network_plan"]
    selected = [n for n in CATALOGUE_ORDER if n in fits]
    workload = figures(evaluation, "networks")["workload_hours"]
    found = rules(evaluation, "resources")

    if workload <= capacity:
        # the selection, less a poor fit beside a good one (the networks stage's advice)
        expected = [n for n in selected if fits[n] >= 2] or selected
        assert plan == expected and "resources.overloaded" not in found
        return
    assert set(plan) <= set(selected)
    assert plan == [n for n in CATALOGUE_ORDER if n in plan]  # catalogue order
    eligible = [n for n in selected if fits[n] >= 2]
    fitting = [
        list(subset)
        for size in range(1, len(eligible) + 1)
        for subset in combinations(eligible, size)
        if plan_hours(list(subset), factor) <= capacity
    ]
    if not fitting:
        assert plan == [] and found["resources.overloaded"] == ("blocker", "fixable")
        return
    assert found["resources.overloaded"] == ("concern", None)
    assert all(fits[n] >= 2 for n in plan)
    assert plan_hours(plan, factor) <= capacity == shown["capacity_hours"]
    assert shown["plan_workload_hours"] == plan_hours(plan, factor)
    best_fit = max(sum(fits[n] for n in subset) for subset in fitting)
    assert sum(fits[n] for n in plan) == best_fit
    lightest = min(sum(minutes(n) for n in s) for s in fitting
                   if sum(fits[n] for n in s) == best_fit)
    assert sum(minutes(n) for n in plan) == lightest
    # maximal: no eligible network left out would still fit alongside
    for extra in set(eligible) - set(plan):
        assert plan_hours([*plan, extra], factor) > capacity


def builtin_catalogue() -> dict[str, Network]:
    host = PluginHost()
    host.load_builtins()
    return host.catalogue()


CATALOGUE = builtin_catalogue()
DEFAULTS = settings_for(None).model_dump()


@settings(max_examples=300)
@given(fits=SELECTIONS, skill=SKILLS, capacity=CAPACITIES)
def test_best_plan_is_never_beaten_by_a_single_swap(
    fits: dict[str, int], skill: str, capacity: float
) -> None:
    """Straight on the helper, cheap enough for many more cases than through the engine."""
    data, catalogue = DEFAULTS, CATALOGUE
    factor = _workload.skill_factor(data, skill)
    plan = _workload.best_plan(fits, catalogue, data, factor, capacity)
    total = sum(fits[n] for n in plan)
    for out in [*plan, None]:
        for extra in [n for n in fits if fits[n] >= 2 and n not in plan]:
            other = [n for n in plan if n != out] + [extra]
            if _workload.fits_capacity(_workload.workload(other, catalogue, data, factor),
                                       capacity):
                assert sum(fits[n] for n in other) <= total


def test_infinite_or_missing_numbers_are_refused_by_name(cli, tmp_path):
    """nan and inf are valid TOML floats, but no team has infinite hours."""
    path = tmp_path / "nan.toml"
    path.write_text(
        'schema_version = 1\n[session]\norganisation = "x"\nkind = "ngo"\nsize = "micro"\n'
        'market = "b2b"\n[stages.resources.answers]\nhours_per_week = nan\n'
        "agency_budget_monthly = inf\n", "utf-8")
    result = cli("validate", str(path))
    assert result.returncode == 1
    assert f"{path}:8: stages.resources.answers.hours_per_week: must be a finite " \
           "number (allowed: a finite number" in result.stderr
    assert f"{path}:9: stages.resources.answers.agency_budget_monthly" in result.stderr
