"""The core stages as plugins: order, weight, required, and their answers as a session holds them.
"""

from __future__ import annotations

from typing import Any

import pytest

from workshop.plugins import PluginHost
from workshop.session.io import with_lines

from .helpers import CORE, Run, findings, rules, session_text

EXPECTED = {
    "objectives": (10, 25),
    "audience": (20, 20),
    "networks": (30, 15),
    "resources": (40, 20),
    "tone": (50, 10),
    "duration": (60, 10),
}

# A fully answered, healthy workshop: the bakery that wants its regulars back.
HEALTHY: dict[str, dict[str, Any]] = {
    "objectives": {
        "goals": [
            {"id": "loyalty", "kpi": "returning customers", "target": "50 a month by June",
             "owner": "Marie"},
        ],
        "theme_linked_to_activity": True,
    },
    "audience": {
        "segments": [{"name": "Neighbours", "description": "Families within 2 km"}],
        "online_presence": "high",
        "expectations": ["offers", "behind_the_scenes"],
        "planned_content": ["behind_the_scenes", "product_news"],
        "already_discussed": "yes",
        "listening_done": True,
        "sensitive_topic": False,
    },
    "networks": {
        "candidates": [
            {"id": "instagram", "audience_fit": 3, "selected": True, "existing_account": "active"},
            {"id": "facebook", "audience_fit": 2, "selected": True, "existing_account": "none"},
            {"id": "linkedin", "audience_fit": 0, "selected": False, "existing_account": "none"},
        ]
    },
    "resources": {
        "owner": "Marie",
        "team": "part_time",
        "hours_per_week": 9,
        "agency_budget_monthly": 0,
        "skill": "intermediate",
        "crisis_plan": True,
        "approval_hours": 1,
        "management_support": True,
    },
    "tone": {
        "register": "conversational",
        "human_voice": True,
        "criticism": "respond_publicly",
        "beyond_own_news": True,
        "engage_with_others": True,
        "spokesperson": "Marie",
        "charter": True,
    },
    "duration": {
        "commitment_months": 24,
        "first_review_months": 6,
        "expects_quick_results": False,
        "regular_publishing": True,
    },
}


@pytest.mark.parametrize("stage_id", CORE)
def test_each_core_stage_has_its_order_weight_and_is_required(
    core_host: PluginHost, stage_id: str
) -> None:
    stage = core_host.stage(stage_id)
    assert stage is not None
    assert (stage.order, stage.weight) == EXPECTED[stage_id]
    assert stage.required and stage.scored
    plugin = core_host.plugin_of_stage(stage_id)
    assert plugin is not None
    info = core_host.infos[plugin]
    assert (info.module, info.status) == (f"workshop.stages.{stage_id}", "ok")
    assert stage.title("fr") != stage.title("en")


def test_the_core_stages_come_first_in_workshop_order(core_host: PluginHost) -> None:
    assert [stage.id for stage in core_host.stages()][:6] == list(CORE)
    assert not core_host.problems


def test_a_healthy_workshop_done_in_full_gives_only_strengths(run: Run) -> None:
    evaluation = run(HEALTHY, status="done")
    for stage_id in CORE:
        assert [f.severity for f in findings(evaluation, stage_id)] in ([], ["strength"])
        assert evaluation.outcomes[stage_id].score == 100
    assert rules(evaluation, "duration") == {"duration.strategic": ("strength", None)}
    # instagram (195 min) + facebook (150) + listening (60) = 6.75 h, times 1.2
    assert evaluation.figure("workload_hours") == 8.1
    assert evaluation.figure("capacity_hours") == 9.0


def test_the_healthy_workshop_overloaded_keeps_the_best_network(run: Run) -> None:
    evaluation = run(HEALTHY, status="done")
    assert evaluation.figure("network_plan") == ["facebook", "instagram"]
    for hours, plan in ((6, ["instagram"]), (5, ["facebook"]), (4, [])):
        smaller = {**HEALTHY, "resources": {**HEALTHY["resources"], "hours_per_week": hours}}
        evaluation = run(smaller, status="done")
        # instagram (fit 3) alone: (195 + 60) / 60 * 1.2 = 5.1 h; facebook (fit 2) 4.2 h
        assert evaluation.figure("network_plan") == plan
        severity = "concern" if plan else "blocker"
        assert rules(evaluation, "resources")["resources.overloaded"][0] == severity


@pytest.mark.parametrize("stage_id", CORE)
def test_a_skipped_core_stage_gets_the_engines_concern(run: Run, stage_id: str) -> None:
    evaluation = run(HEALTHY, statuses={stage_id: "skipped"})
    assert rules(evaluation, stage_id) == {f"{stage_id}.skipped": ("concern", None)}


@pytest.mark.parametrize("stage_id", CORE)
def test_an_unknown_question_is_bad_input_naming_it(run: Run, stage_id: str) -> None:
    answers = {**HEALTHY, stage_id: {**HEALTHY[stage_id], "colour": "blue"}}
    outcome = run(answers).outcomes[stage_id]
    assert [problem.field for problem in outcome.problems] == [
        f"stages.{stage_id}.answers.colour"
    ]
    # the engine names where; the line comes from whoever holds the text (issue 18 item 6)
    assert outcome.problems[0].location == ("stages", stage_id, "answers", "colour")
    assert with_lines(outcome.problems, session_text(answers))[0].line is not None


def test_the_recorded_answers_survive_a_round_trip(run: Run) -> None:
    evaluation = run(HEALTHY)
    for stage_id in CORE:
        answers = evaluation.outcomes[stage_id].answers
        assert answers is not None
        assert answers.model_dump(exclude_none=True) == HEALTHY[stage_id]
