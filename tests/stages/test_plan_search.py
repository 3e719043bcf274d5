"""The network plan of an overloaded team, with many networks: the exact best subset (highest
total fit, then lower workload, then catalogue order), found in polynomial time (issue 16, 7:
24 plugin networks took 37 s when every subset was tried)."""

from __future__ import annotations

import itertools
import random
import time
from typing import Any

from .helpers import Run, figures

# The search is tested apart from the size rule (networks.everywhere keeps the best `limit`
# networks first): no size limits here.
NO_SIZE_LIMIT = {"max_networks": {"micro": 100, "small": 100, "medium": 100, "large": 100}}


def networks_settings(efforts: list[tuple[float, float, float]]) -> dict[str, Any]:
    """Networks added by an agency's settings: (posts a week, minutes a post, community)."""
    return {**NO_SIZE_LIMIT, "networks": {
        f"net{index:02d}": {"name": {"fr": f"Réseau {index}", "en": f"Network {index}"},
                            "posts_per_week": posts, "minutes_per_post": minutes,
                            "community_minutes_per_week": community}
        for index, (posts, minutes, community) in enumerate(efforts)
    }}


def answers(fits: list[int], hours: float) -> dict[str, dict[str, Any]]:
    return {
        "networks": {"candidates": [
            {"id": f"net{index:02d}", "audience_fit": fit, "selected": True}
            for index, fit in enumerate(fits)
        ]},
        "resources": {"owner": "Marie", "hours_per_week": hours, "skill": "experienced"},
    }


def oracle(fits: list[int], efforts: list[tuple[float, float, float]], hours: float) -> list[str]:
    """The rule as domain.md writes it, every subset tried (for a handful of networks)."""
    minutes = [posts * per_post + community for posts, per_post, community in efforts]
    eligible = [i for i, fit in enumerate(fits) if fit >= 2]
    best: tuple[Any, ...] | None = None
    chosen: list[int] = []
    for size in range(1, len(eligible) + 1):
        for subset in itertools.combinations(eligible, size):
            load = (sum(minutes[i] for i in subset) + 60) / 60
            if round(load + 1e-9, 1) > round(hours, 1):
                continue
            key = (-sum(fits[i] for i in subset), round(sum(minutes[i] for i in subset), 6),
                   list(subset))
            if best is None or key < best:
                best, chosen = key, list(subset)
    return [f"net{i:02d}" for i in chosen]


def test_twenty_six_networks_are_planned_in_well_under_a_second(run: Run) -> None:
    rng = random.Random(7)
    efforts = [(rng.choice([1, 2, 3, 5]), rng.choice([10, 20, 30, 45]), rng.choice([15, 30]))
               for _ in range(26)]
    fits = [rng.choice([2, 3]) for _ in range(26)]
    started = time.perf_counter()
    evaluation = run(answers(fits, 9), settings=networks_settings(efforts),
                     statuses={"networks": "done", "resources": "done"})
    elapsed = time.perf_counter() - started
    plan = figures(evaluation, "resources")["network_plan"]
    assert plan and len(plan) < 26
    assert figures(evaluation, "resources")["plan_workload_hours"] <= 9
    assert elapsed < 1.0, f"{elapsed:.2f} s"


def test_the_plan_is_the_one_trying_every_subset_would_find(run: Run) -> None:
    rng = random.Random(13)
    for _ in range(40):
        count = rng.randint(2, 7)
        efforts = [(rng.choice([1, 2, 3]), rng.choice([10, 30, 45, 60]), rng.choice([0, 30, 60]))
                   for _ in range(count)]
        fits = [rng.randint(0, 3) for _ in range(count)]
        hours = float(rng.randint(1, 8))
        evaluation = run(answers(fits, hours), settings=networks_settings(efforts))
        expected = oracle(fits, efforts, hours)
        workload = figures(evaluation, "networks")["workload_hours"]
        if workload <= hours:
            continue  # everything fits: no reduced plan to compare
        assert figures(evaluation, "resources")["network_plan"] == expected, (fits, efforts, hours)
