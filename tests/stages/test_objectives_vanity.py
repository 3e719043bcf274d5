"""objectives.vanity: a goal measured by a number of fans is a condition, not a measure
(seed 002 "l'important n'est pas de récupérer le plus de fans")."""

from __future__ import annotations

from typing import Any

import pytest

from .helpers import Run, codes, one


def goal(goal_id: str, kpi: str, owner: str = "Marie") -> dict[str, Any]:
    return {"id": goal_id, "kpi": kpi, "target": "500 by June", "owner": owner}


@pytest.mark.parametrize("kpi", ["abonnés du quartier", "followers", "Nombre de fans Facebook",
                                 "likes per post", "Mentions J’aime", "subscribers"])
def test_a_kpi_that_only_counts_an_audience_is_a_condition(run: Run, kpi: str) -> None:
    evaluation = run({"objectives": {"goals": [goal("visibility", kpi, owner="Paul"),
                                               goal("loyalty", "returning customers")]}})
    finding = one(evaluation, "objectives", "objectives.vanity")
    assert (finding.severity, finding.kind, finding.timing) == ("concern", None, "before")
    assert finding.owner == "Paul"  # the owner of the goal measured by its fans
    assert "Visibilit" in finding.message["fr"] and "\u00a0:" in finding.message["fr"]
    assert [(s.seed, s.section) for s in finding.sources] == [
        ("002", "Vous avez le droit d’échouer")]
    assert "fans" in (finding.sources[0].quote or "")


@pytest.mark.parametrize("kpi", ["clients fidèles qui citent Instagram",
                                 "visites en boutique des abonnés", "leads from LinkedIn",
                                 "taux d'engagement", "returning customers"])
def test_a_kpi_that_measures_what_the_goal_brings_is_fine(run: Run, kpi: str) -> None:
    evaluation = run({"objectives": {"goals": [goal("loyalty", kpi)]}})
    assert "objectives.vanity" not in codes(evaluation, "objectives")


def test_a_goal_to_drop_is_not_also_told_to_measure_better(run: Run) -> None:
    evaluation = run({"objectives": {"goals": [goal("trend", "followers"),
                                               goal("loyalty", "returning customers")]}})
    assert "objectives.vanity" not in codes(evaluation, "objectives")
