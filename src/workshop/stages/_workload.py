"""Workload arithmetic shared by the networks and resources stages.

Both stages must agree to the decimal on what a set of networks costs, or the report would show
a workload that the plan contradicts; so the arithmetic lives here, once.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from workshop.stage import Network, network_label

# Used when the resources stage has not said how skilled the team is: the middle of the scale,
# neither the optimism of "experienced" nor the worst case of "novice".
DEFAULT_SKILL = "intermediate"
# A plan must keep networks the audience actually uses (domain: fit >= 2).
PLAN_MIN_FIT = 2


def round1(value: float) -> float:
    """Round half up to one decimal, as shown to the client (``round`` would round 0.25 down)."""
    return float(Decimal(repr(value)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


def skill_factor(settings: Mapping[str, Any], skill: str | None) -> float:
    """The time multiplier of the team's skill; an unanswered skill counts as intermediate."""
    factors: Mapping[str, float] = settings["skill_factor"]
    if skill is not None and skill in factors:
        return float(factors[skill])
    return float(factors.get(DEFAULT_SKILL, 1.0))


def listening_hours(settings: Mapping[str, Any], factor: float) -> float:
    """Weekly listening, always part of the workload (seed 001: always lend an ear)."""
    return float(settings["listening_minutes_per_week"]) / 60 * factor


def network_hours(network: Network, factor: float) -> float:
    """Weekly hours of an active presence on one network, listening excluded."""
    return network.minutes_per_week / 60 * factor


def workload(
    ids: Iterable[str],
    catalogue: Mapping[str, Network],
    settings: Mapping[str, Any],
    factor: float,
) -> float:
    """Weekly hours for these networks plus listening, not rounded (round only for display)."""
    minutes = sum(catalogue[network_id].minutes_per_week for network_id in ids)
    minutes += float(settings["listening_minutes_per_week"])
    return minutes / 60 * factor


def in_catalogue_order(ids: Iterable[str], catalogue: Mapping[str, Network]) -> list[str]:
    """Known ids, each once, in the catalogue's order (the order every report uses)."""
    wanted = set(ids)
    return [network_id for network_id in catalogue if network_id in wanted]


def best_plan(
    fits: Mapping[str, int],
    catalogue: Mapping[str, Network],
    settings: Mapping[str, Any],
    factor: float,
    capacity: float,
) -> list[str]:
    """The subset of networks that fits the capacity with the highest total fit.

    ``fits`` maps each selected network to its audience fit; only networks with a fit of at least
    ``PLAN_MIN_FIT`` are eligible. A plan "fits" when its workload, rounded as the client sees
    it, is at most the capacity rounded the same way. Ties go to the lower workload, then to the
    subset that comes first in catalogue order. An empty list means no plan with a network fits.

    A knapsack over the total fit (at most 3 a network): for each total, the subset with the
    fewest minutes (then the first in catalogue order). Fitting only gets harder with more
    minutes, so the highest total whose lightest subset fits is the answer, exactly as trying
    every subset would find it, in polynomial time (24 networks took 37 s by trying them all).
    """
    eligible = [
        network_id
        for network_id in in_catalogue_order(fits, catalogue)
        if fits[network_id] >= PLAN_MIN_FIT
    ]
    limit = round1(capacity)
    # best[total fit] = (minutes, positions in catalogue order): lowest minutes, then first.
    # Two subsets of one total never have one as a prefix of the other (each network adds fit),
    # so extending both by the same later network keeps their order: the table stays exact.
    best: dict[int, tuple[float, tuple[int, ...]]] = {0: (0.0, ())}
    for index, network_id in enumerate(eligible):
        fit = int(fits[network_id])
        minutes = catalogue[network_id].minutes_per_week
        for total, (used, chosen) in sorted(best.items(), reverse=True):
            candidate = (round(used + minutes, 6), (*chosen, index))
            current = best.get(total + fit)
            if current is None or candidate < current:
                best[total + fit] = candidate
    for total in sorted(best, reverse=True):
        if total == 0:
            break
        chosen_ids = [eligible[i] for i in best[total][1]]
        if round1(workload(chosen_ids, catalogue, settings, factor)) <= limit:
            return chosen_ids
    return []


def fits_capacity(hours: float, capacity: float) -> bool:
    """Compare as the client sees the figures, so "5.0 h for 5.0 h" never reads as overloaded."""
    return round1(hours) <= round1(capacity)


def names(
    ids: Iterable[str], catalogue: Mapping[str, Network], languages: Iterable[str]
) -> dict[str, str]:
    """Network names joined into one text per language, for a finding's message."""
    ids = list(ids)
    joined: dict[str, str] = {}
    for lang in languages:
        joined[lang] = ", ".join(network_label(catalogue, network_id, lang) for network_id in ids)
    return joined
