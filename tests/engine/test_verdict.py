"""The score and verdict rules of domain.md, on session files, with probe stages."""

from __future__ import annotations

from datetime import date

import pytest

from workshop.engine.recommendation import recommend
from workshop.session import SessionError, parse_session

HEADER = """\
schema_version = 1
[session]
organisation = "Probe Org"
kind = "business"
size = "small"
market = "b2c"
language = "en"
created = 2026-01-31T09:00:00+01:00
"""


def session_with(*stages: tuple[str, str, str]) -> object:
    """stages: (id, status, answers TOML lines)."""
    body = HEADER
    for stage_id, status, answers in stages:
        body += f'\n[stages.{stage_id}]\nstatus = "{status}"\n'
        if answers:
            body += f"[stages.{stage_id}.answers]\n{answers}\n"
    return parse_session(body)


def findings(*items: str) -> str:
    """'blocker:structural', 'concern', ... as a findings array."""
    tables = []
    for number, item in enumerate(items):
        severity, _, kind = item.partition(":")
        kind_part = f', kind = "{kind}"' if kind else ""
        tables.append(f'{{ code = "a.f{number}", severity = "{severity}"{kind_part} }}')
    return f"findings = [{', '.join(tables)}]"


@pytest.fixture
def two_stages(probe_host, probe):
    return probe_host(probe("a", 25), probe("b", 75))


def test_nothing_found_is_go_at_100(two_stages):
    result = recommend(session_with(("a", "done", ""), ("b", "done", "")), two_stages)
    assert (result.verdict, result.computed_verdict, result.score) == ("go", "go", 100)
    assert result.provisional is False
    assert result.action_plan[0].step == 1  # no conditions step


def test_structural_blocker_is_no_go_and_caps_score(two_stages):
    session = session_with(("a", "done", findings("blocker:structural")), ("b", "done", ""))
    result = recommend(session, two_stages)
    # stage a scores 50, b 100: weighted 87.5, capped at 39
    assert result.stage_scores == {"a": 50, "b": 100}
    assert (result.verdict, result.score) == ("no_go", 39)
    assert result.alternatives  # never a no_go without alternatives
    assert result.recheck_date is None


def test_structural_wins_over_fixable(two_stages):
    session = session_with(("a", "done", findings("blocker:fixable")),
                           ("b", "done", findings("blocker:structural")))
    assert recommend(session, two_stages).computed_verdict == "no_go"


def test_fixable_blocker_is_not_yet_capped_at_59_with_recheck_date(two_stages):
    session = session_with(("a", "done", findings("blocker:fixable")), ("b", "done", ""))
    result = recommend(session, two_stages)
    assert (result.verdict, result.score) == ("not_yet", 59)
    # created 31 January + 3 months: the last day of April
    assert result.recheck_date == date(2026, 4, 30)
    assert [step.title for step in result.action_plan][0] == "Fix the preconditions"


def test_concerns_are_the_conditions(two_stages):
    session = session_with(("a", "done", findings("concern", "concern")), ("b", "done", ""))
    result = recommend(session, two_stages)
    # a: 100 - 30 = 70; weighted (70*25 + 100*75) / 100 = 92.5 -> 92
    assert (result.verdict, result.score) == ("go_with_conditions", 92)
    assert len(result.conditions) == 2
    assert result.action_plan[0].step == 0  # the conditions come first


def test_concerns_with_a_low_score_are_not_yet(two_stages):
    four = findings("concern", "concern", "concern", "concern")
    session = session_with(("a", "done", four), ("b", "done", four))
    result = recommend(session, two_stages)
    assert result.score == 40
    assert result.computed_verdict == "not_yet"
    assert result.conditions == []


def test_score_at_threshold_is_still_go_with_conditions(probe_host, probe):
    host = probe_host(probe("a", 10))
    # 100 - 15*2 - 0 = 70 > 60; with 3 concerns: 55 < 60
    two = recommend(session_with(("a", "done", findings("concern", "concern"))), host)
    three = recommend(session_with(("a", "done", findings("concern", "concern", "concern"))), host)
    assert two.computed_verdict == "go_with_conditions"
    assert three.computed_verdict == "not_yet"


def test_stage_score_floors_at_zero(two_stages):
    session = session_with(("a", "done", findings(*["blocker:fixable"] * 3)), ("b", "done", ""))
    assert recommend(session, two_stages).stage_scores["a"] == 0


def test_strengths_are_shown_not_scored(two_stages):
    session = session_with(("a", "done", findings("strength")), ("b", "done", ""))
    result = recommend(session, two_stages)
    assert result.score == 100 and result.verdict == "go"
    assert [f.severity for f in result.findings] == ["strength"]


def test_pending_stages_make_a_provisional_verdict(two_stages):
    result = recommend(session_with(("a", "done", "")), two_stages)
    assert result.provisional is True
    assert result.pending_stages == ["b"]
    assert result.stage_scores == {"a": 100}


def test_nothing_answered_is_not_a_go(two_stages):
    result = recommend(session_with(), two_stages)
    assert result.computed_verdict == "not_yet"
    assert result.provisional is True


def test_skipped_stage_leaves_the_score_and_required_one_gives_a_concern(probe_host, probe):
    host = probe_host(probe("a", 25, required=True), probe("b", 75, required=True))
    session = session_with(("a", "skipped", findings("blocker:fixable")), ("b", "done", ""))
    result = recommend(session, host)
    assert result.skipped_stages == ["a"]
    assert "a" not in result.stage_scores
    assert [f.code for f in result.findings] == ["a.skipped"]
    assert result.computed_verdict == "go_with_conditions"
    assert result.provisional is False


def test_skipped_optional_stage_gives_nothing(two_stages):
    session = session_with(("a", "skipped", ""), ("b", "done", ""))
    result = recommend(session, two_stages)
    assert result.findings == [] and result.verdict == "go"


def test_override_is_kept_beside_the_computed_verdict(two_stages):
    session = session_with(("a", "done", findings("blocker:fixable")), ("b", "done", ""))
    session.stage("recommendation").override = parse_session(
        HEADER + '[stages.recommendation.override]\nverdict = "go"\nreason = "Hiring in May"\n'
    ).stages["recommendation"].override
    result = recommend(session, two_stages)
    assert (result.verdict, result.computed_verdict) == ("go", "not_yet")
    assert result.as_json()["override"] == {"verdict": "go", "reason": "Hiring in May"}
    assert result.score == 59  # the score follows the rules, not the override


@pytest.mark.parametrize("reason", ['""', '"   "'])
def test_override_needs_a_reason(reason):
    with pytest.raises(SessionError) as caught:
        override = f'[stages.recommendation.override]\nverdict = "go"\nreason = {reason}\n'
        parse_session(HEADER + override)
    assert "stages.recommendation.override.reason" in str(caught.value)


def test_a_broken_stage_is_marked_and_the_rest_goes_on(two_stages):
    session = session_with(("a", "done", "explode = true"), ("b", "done", findings("concern")))
    result = recommend(session, two_stages)
    assert "a" in result.broken_stages and "probe exploded" in result.broken_stages["a"]
    assert result.stage_scores == {"b": 85}
    assert result.computed_verdict == "go_with_conditions"


def test_weights_and_thresholds_are_tuned_by_the_session_settings(two_stages):
    session = session_with(("a", "done", findings("concern")), ("b", "done", ""))
    session.settings = {"weights": {"a": 75, "b": 25}, "scoring": {"concern_penalty": 40}}
    result = recommend(session, two_stages)
    # a: 100 - 40 = 60; (60*75 + 100*25) / 100 = 70
    assert result.score == 70


def test_go_plan_spreads_six_steps_over_the_commitment(two_stages):
    session = session_with(("a", "done", "figures = { commitment_months = 24 }"),
                           ("b", "done", ""))
    plan = recommend(session, two_stages).action_plan
    assert [step.step for step in plan] == [1, 2, 3, 4, 5, 6]
    assert plan[0].start_month == 1
    assert all(a.start_month <= b.start_month for a, b in zip(plan, plan[1:], strict=False))
    assert plan[-1].end_month == 24
    assert all(1 <= s.start_month <= s.end_month <= 24 for s in plan)


def test_language_follows_the_session(two_stages):
    session = session_with(("a", "done", findings("blocker:fixable")), ("b", "done", ""))
    english = recommend(session, two_stages)
    session.session.language = "fr"
    french = recommend(session, two_stages)
    assert english.listening != french.listening
    assert french.action_plan[0].title == "Lever les obstacles"


def test_override_to_go_with_conditions_turns_the_blockers_into_conditions(two_stages):
    session = session_with(("a", "done", findings("blocker:fixable", "concern")),
                           ("b", "done", ""))
    session.stage("recommendation").override = parse_session(
        HEADER + '[stages.recommendation.override]\nverdict = "go_with_conditions"\n'
        'reason = "The owner hires in January"\n'
    ).stages["recommendation"].override
    result = recommend(session, two_stages)
    assert result.computed_verdict == "not_yet"
    assert len(result.conditions) == 2


@pytest.mark.parametrize(("plan", "expected"), [(["a"], 3.0), ([], 9.0), (["a", "b"], 9.0)])
def test_workload_is_the_plans_when_reduced_else_the_selection(two_stages, plan, expected):
    figures = (f'figures = {{ workload_hours = 9.0, plan_workload_hours = 3.0, '
               f'selected_networks = ["a", "b"], network_plan = {plan!r} }}').replace("'", '"')
    session = session_with(("a", "done", figures), ("b", "done", ""))
    assert recommend(session, two_stages).workload_hours == expected
