"""The client's own plan (issue 13), through the engine on session files: what is in place is
not scheduled, conditions have an owner and a due date, practices go into the plan, the figures
add up, a no_go says no and a not_yet says what to fix first."""

from __future__ import annotations

import re
from datetime import date, timedelta
from pathlib import Path

import pytest

from workshop.engine.recommendation import Recommendation, add_months, recommend
from workshop.session import parse_session

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "sessions" / "examples"
DEMO = ROOT / "sessions" / "demo-boulangerie-martin.toml"

HEADER = """schema_version = 1
[session]
organisation = "Atelier Test"
kind = "business"
size = "small"
market = "b2c"
language = "en"
created = 2026-11-22T09:00:00+01:00
"""

GOOD = {
    "objectives": """[stages.objectives]
status = "done"
[[stages.objectives.answers.goals]]
id = "loyalty"
kpi = "returning customers"
target = "50 a month by June"
owner = "Sam"
""",
    "audience": """[stages.audience]
status = "done"
[stages.audience.answers]
online_presence = "high"
expectations = ["advice"]
planned_content = ["advice", "behind_the_scenes"]
already_discussed = "yes"
listening_done = true
sensitive_topic = false
[[stages.audience.answers.segments]]
name = "Neighbours"
""",
    "networks": """[stages.networks]
status = "done"
[[stages.networks.answers.candidates]]
id = "instagram"
audience_fit = 3
selected = true
existing_account = "active"
""",
    "resources": """[stages.resources]
status = "done"
[stages.resources.answers]
owner = "Inès Moreau"
team = "part_time"
hours_per_week = 8
skill = "experienced"
crisis_plan = true
approval_hours = 2
management_support = true
""",
    "tone": """[stages.tone]
status = "done"
[stages.tone.answers]
register = "conversational"
human_voice = true
criticism = "respond_publicly"
beyond_own_news = true
engage_with_others = true
spokesperson = "Inès"
charter = true
""",
    "duration": """[stages.duration]
status = "done"
[stages.duration.answers]
commitment_months = 24
first_review_months = 6
expects_quick_results = false
regular_publishing = true
""",
}


def session_text(**changes: str) -> str:
    """The good session, with some stages' text replaced (an empty text leaves it out)."""
    return HEADER + "".join(changes.get(stage, text) for stage, text in GOOD.items())


def run(host, text: str) -> Recommendation:
    return recommend(parse_session(text), host)


def run_file(host, path: Path) -> Recommendation:
    return recommend(parse_session(path.read_text("utf-8")), host, path=path)


def items(rec: Recommendation) -> dict[str, object]:
    return {item.code: item for step in rec.action_plan for item in step.items}


def step(rec: Recommendation, code: str):
    return next(s for s in rec.action_plan if s.code == code)


def skipped(stage: str) -> str:
    return f'[stages.{stage}]\nstatus = "skipped"\n'


# -- nothing already in place is scheduled ----------------------------------------------------


def test_everything_in_place_schedules_none_of_it(host):
    rec = run_file(host, EXAMPLES / "go-everything-in-place.toml")
    assert rec.verdict == "go" and rec.conditions == [] and rec.condition_items == []
    found = items(rec)
    in_place = ["listen.audit", "listen.platforms", "listen.leaders", "strategy.goal.loyalty",
                "strategy.goal.customer_care", "ready.crisis_plan", "ready.crisis_roles",
                "respond.spokesperson", "respond.charter", "respond.kpis",
                "present.open.instagram", "present.open.facebook"]
    for code in in_place:
        assert found[code].status == "in_place", code
    scheduled = {text for s in rec.action_plan for text in s.tasks}
    assert not scheduled & {found[code].text for code in in_place}
    # the team starts the dialogue in its first month or two, not after half a year
    assert step(rec, "dialogue").start_month <= 2


def test_a_team_with_nothing_gets_every_step_scheduled(host):
    text = session_text(
        networks=GOOD["networks"].replace('"active"', '"none"'),
        resources=GOOD["resources"].replace("crisis_plan = true", "crisis_plan = false"),
        tone=GOOD["tone"].replace('spokesperson = "Inès"\n', "").replace(
            "charter = true", "charter = false"),
        audience=GOOD["audience"].replace("listening_done = true", "listening_done = false"),
    )
    rec = run(host, text)
    found = items(rec)
    assert found["present.open.instagram"].status == "todo"
    assert found["listen.dashboard"].status == "todo"
    # the audit, the crisis plan, the spokesperson and the charter are conditions, first
    assert {c.code for c in rec.condition_items} == {
        "audience.unheard", "resources.no_crisis_plan", "tone.no_spokesperson"}
    for code in ("listen.audit", "ready.crisis_plan", "respond.spokesperson", "respond.charter"):
        assert code not in found
    assert step(rec, "dialogue").start_month > 2


def test_the_plan_carries_the_clients_goals_and_networks_rhythm(host):
    rec = run_file(host, EXAMPLES / "go-velo-atelier.toml")
    found = items(rec)
    goal = found["strategy.goal.customer_care"]
    assert "questions answered within 4 hours" in goal.text and "90% by March" in goal.text
    assert goal.owner == "Sam"
    rhythm = found["dialogue.rhythm.instagram"].text
    assert "Instagram" in rhythm and "3 posts a week" in rhythm and "45 min" in rhythm
    assert "1 post a week" in found["dialogue.rhythm.youtube"].text
    row = next(r for r in rec.network_rows if r.id == "instagram")
    assert (row.posts_per_week, row.minutes_per_post, row.community_minutes_per_week) == (3, 45, 60)
    assert row.existing_account == "active" and row.fit == 3


def test_names_are_reserved_on_every_major_network_chosen_or_not(host):
    rec = run_file(host, EXAMPLES / "go-velo-atelier.toml")
    text = items(rec)["present.reserve_names"].text
    for name in ("Facebook", "LinkedIn", "TikTok", "YouTube", "Pinterest"):
        assert name in text
    assert "Atelier Vélo Dupont" in text
    # in English, English quotation marks, not French guillemets
    assert "“Atelier Vélo Dupont”" in text and "«" not in text


def test_names_are_not_reserved_where_the_client_has_an_account(host):
    # the bookshop's Facebook and Instagram accounts are active: the name is theirs there
    rec = run_file(host, EXAMPLES / "go-everything-in-place.toml")
    reserve = items(rec)["present.reserve_names"]
    assert reserve.status == "todo"
    assert "LinkedIn" in reserve.text and "Pinterest" in reserve.text
    assert "Facebook" not in reserve.text and "Instagram" not in reserve.text
    every = "\n".join(
        f"""[[stages.networks.answers.candidates]]
id = "{network}"
audience_fit = 2
selected = {"true" if network == "instagram" else "false"}
existing_account = "{"active" if network == "instagram" else "dormant"}"
""" for network in ("facebook", "instagram", "linkedin", "x", "tiktok", "youtube", "pinterest"))
    held = run(host, session_text(networks='[stages.networks]\nstatus = "done"\n' + every))
    assert items(held)["present.reserve_names"].status == "in_place"


def test_an_active_account_left_out_is_closed_or_pinned(host):
    rec = run_file(host, DEMO)
    assert rec.network_plan == ["instagram"]
    account = items(rec)["present.pointer.facebook"]
    assert account.status == "todo" and "Instagram" in account.text


def test_a_dormant_chosen_account_is_revived_once_as_a_condition(host):
    rec = run(host, session_text(networks=GOOD["networks"].replace('"active"', '"dormant"')))
    assert [c.code for c in rec.condition_items] == ["networks.dormant"]
    assert "present.revive.instagram" not in items(rec)  # not asked a second time


def test_a_condition_is_not_scheduled_again_in_its_step(host):
    rec = run_file(host, DEMO)  # no charter: a condition, due before step 3
    assert "tone.no_spokesperson" in [c.code for c in rec.condition_items]
    found = items(rec)
    assert "respond.charter" not in found
    assert found["respond.spokesperson"].status == "in_place"  # Marie speaks already


def test_a_sensitive_topic_adds_a_crisis_page(host):
    calm = run(host, session_text())
    sensitive = run(host, session_text(
        audience=GOOD["audience"].replace("sensitive_topic = false", "sensitive_topic = true")))
    assert "ready.crisis_page" not in items(calm)
    page = items(sensitive)["ready.crisis_page"]
    assert page.status == "todo" and page in step(sensitive, "ready").items


def test_every_go_plan_says_the_first_months_are_for_learning(host):
    for path in (EXAMPLES / "go-velo-atelier.toml", DEMO, EXAMPLES / "go-everything-in-place.toml"):
        rec = run_file(host, path)
        expectation = items(rec)["dialogue.expectations"]
        assert "fans" in expectation.text


def test_item_codes_are_stable_and_dotted(host):
    for path in sorted(EXAMPLES.glob("*.toml")) + [DEMO]:
        rec = run_file(host, path)
        codes = [item.code for s in rec.action_plan for item in s.items]
        assert len(codes) == len(set(codes)), path.name
        for s in rec.action_plan:
            assert s.tasks == [i.text for i in s.items if i.status == "todo"]
            for item in s.items:
                assert re.fullmatch(r"[a-z_]+(\.[a-z0-9_]+)+", item.code), item.code
                assert item.code.startswith(s.code + "."), item.code


# -- conditions and practices ------------------------------------------------------------------


def test_every_concern_says_whether_it_is_a_condition_or_a_practice(host):
    for path in sorted(EXAMPLES.glob("*.toml")) + [DEMO]:
        for finding in run_file(host, path).findings:
            if finding.severity == "concern":
                assert finding.timing in ("before", "ongoing"), finding.code
            else:
                assert finding.timing is None, finding.code


def test_practices_go_into_the_plan_not_into_the_conditions(host):
    text = session_text(
        tone=GOOD["tone"].replace("engage_with_others = true", "engage_with_others = false"),
        duration=GOOD["duration"].replace("regular_publishing = true",
                                          "regular_publishing = false"),
        resources=GOOD["resources"].replace("crisis_plan = true", "crisis_plan = false"),
    )
    rec = run(host, text)
    assert rec.verdict == "go_with_conditions"
    practices = {"tone.not_social", "duration.irregular"}
    assert {f.code for f in rec.findings if f.timing == "ongoing"} == practices
    assert [c.code for c in rec.condition_items] == ["resources.no_crisis_plan"]
    dialogue = {item.code for item in step(rec, "dialogue").items}
    assert {f"dialogue.{code}" for code in practices} <= dialogue
    assert "conditions.resources.no_crisis_plan" in {i.code for i in step(rec, "conditions").items}


def test_a_condition_about_goals_is_owned_by_the_goals_owner(host):
    objectives = GOOD["objectives"].replace('kpi = "returning customers"\n', "")
    rec = run(host, session_text(objectives=objectives))
    item = next(c for c in rec.condition_items if c.code == "objectives.unmeasured")
    assert item.owner == "Sam"


def test_other_conditions_are_owned_by_the_resources_owner_else_someone_the_client_named(host):
    rec = run(host, session_text(
        tone=GOOD["tone"].replace("charter = true", "charter = false")))
    assert [(c.code, c.owner) for c in rec.condition_items] == [
        ("tone.no_spokesperson", "Inès Moreau")]
    # no resources owner: the spokesperson, else a goal's owner, is a name the client gave
    spokesperson = run(host, session_text(resources=skipped("resources")))
    assert spokesperson.verdict == "go_with_conditions"
    assert {c.owner for c in spokesperson.condition_items} == {"Inès"}
    no_tone = run(host, session_text(resources=skipped("resources"), tone=skipped("tone")))
    assert {c.owner for c in no_tone.condition_items} == {"Sam"}
    nobody = run(host, session_text(
        resources=skipped("resources"), tone=skipped("tone"),
        objectives=GOOD["objectives"].replace('owner = "Sam"\n', "")))
    assert "the person in charge" in {c.owner for c in nobody.condition_items}


def test_conditions_are_due_before_step_three(host):
    for path in (DEMO, ):
        rec = run_file(host, path)
        assert rec.condition_items
        start = date(2026, 11, 22)
        present = step(rec, "present")
        opens = add_months(start, present.start_month - 1)
        for item in rec.condition_items:
            assert start < item.due < opens
    rec = run(host, session_text(tone=GOOD["tone"].replace("charter = true", "charter = false")))
    present = step(rec, "present")
    assert present.start_month >= 2  # the conditions take the first month at least
    assert rec.condition_items[0].due == add_months(date(2026, 11, 22),
                                                    present.start_month - 1) - timedelta(days=1)


# -- milestones ----------------------------------------------------------------------------


def test_go_milestones_are_the_first_review_and_the_end_of_the_commitment(host):
    rec = run_file(host, EXAMPLES / "go-velo-atelier.toml")
    start = date(2026, 10, 5)
    dialogue = step(rec, "dialogue").start_month
    milestones = {m.code: m for m in rec.milestones}
    assert milestones["first_review"].date == add_months(start, dialogue - 1 + 6)
    assert milestones["end_of_commitment"].date == add_months(start, 36)
    assert "questions answered within 4 hours" in milestones["first_review"].text


def test_not_yet_milestone_is_the_recheck(host):
    rec = run_file(host, EXAMPLES / "not-yet-cabinet-presse.toml")
    assert [(m.code, m.date) for m in rec.milestones] == [("recheck", rec.recheck_date)]


def test_no_client_text_carries_an_iso_date_or_a_command(host):
    for path in sorted(EXAMPLES.glob("*.toml")) + [DEMO]:
        rec = run_file(host, path)
        texts = [i.text for s in rec.action_plan for i in s.items]
        texts += [m.text for m in rec.milestones] + rec.conditions + [rec.listening]
        for text in texts:
            assert not re.search(r"\d{4}-\d\d-\d\d", text), text
            assert "workshop " not in text and "seed 0" not in text, text


# -- the figures add up ------------------------------------------------------------------------


def test_workload_breakdown_adds_up_with_the_skill_factor(host):
    rec = run_file(host, DEMO)  # intermediate: factor 1.2, Instagram only
    assert rec.workload_breakdown == {"instagram": 3.9, "listening": 1.2}
    assert round(sum(rec.workload_breakdown.values()), 1) == rec.workload_hours == 5.1


def test_left_out_says_why(host):
    rec = run_file(host, DEMO)
    assert [(n.id, n.reason) for n in rec.left_out] == [("facebook", "no_time"),
                                                       ("tiktok", "poor_fit")]
    assert rec.left_out[1].text == "votre public y est à peine"


def test_monthly_cost_values_the_hours_and_adds_the_agency(host):
    rec = run_file(host, DEMO)
    assert rec.monthly_cost is not None
    assert rec.monthly_cost.currency == "EUR" and rec.monthly_cost.agency == 0
    assert rec.monthly_cost.hours_value == round(5.1 * 60 * 4.33)
    agency = run(host, session_text(resources=GOOD["resources"].replace(
        "hours_per_week = 8", "hours_per_week = 2\nagency_budget_monthly = 520")))
    cost = agency.monthly_cost
    assert cost is not None and cost.agency == 520
    bought = 520 / 60 / 4.33
    assert cost.hours_value == round((agency.workload_hours - bought) * 60 * 4.33)
    assert cost.total == cost.hours_value + cost.agency


# -- coverage: enough of the workshop to decide ------------------------------------------------


def test_five_of_six_stages_skipped_is_not_yet(host):
    text = session_text(**{stage: skipped(stage) for stage in GOOD if stage != "objectives"})
    rec = run(host, text)
    assert rec.verdict == "not_yet" and rec.too_little
    assert rec.coverage == 0.25 and rec.score <= 59
    too_little = next(f for f in rec.findings if f.code == "recommendation.too_little")
    assert "Audience" in too_little.text("message", "en")
    assert "Objectives" not in too_little.text("message", "en")
    assert step(rec, "fix").items[0].code == "fix.recommendation.too_little"
    # the stages to take up are named once, not again as five "come back to it"
    assert not any(item.code.endswith(".skipped") for item in items(rec).values())


def test_one_good_answer_in_progress_is_not_a_go(host):
    text = HEADER + GOOD["objectives"].replace('status = "done"', 'status = "in_progress"')
    rec = run(host, text)
    assert rec.provisional and rec.too_little and rec.verdict == "not_yet"
    assert rec.score <= 59


def test_half_the_workshop_is_enough_to_decide(host):
    text = session_text(audience=skipped("audience"), networks=skipped("networks"),
                        duration=skipped("duration"))
    rec = run(host, text)
    assert rec.coverage == pytest.approx(0.55) and not rec.too_little


def test_a_structural_blocker_stays_no_go_with_too_little(host):
    text = session_text(**{stage: skipped(stage) for stage in GOOD if stage != "audience"})
    rec = run(host, text.replace('online_presence = "high"', 'online_presence = "low"'))
    assert rec.verdict == "no_go" and rec.too_little and rec.score <= 39


def test_unknown_stages_are_named(host):
    rec = run(host, session_text() + '[stages.mystery]\nstatus = "done"\n')
    assert rec.unknown_stages == ["mystery"]
    assert run(host, session_text()).unknown_stages == []


# -- a no_go says no, a not_yet says what to fix first -----------------------------------------


NO_GO = ["no-go-copy-competitors.toml", "no-go-sous-traitant-nucleaire.toml",
         "no-go-traffic-this-month.toml"]


@pytest.mark.parametrize("name", NO_GO)
def test_a_no_go_has_no_network_plan_and_leads_with_alternatives(host, name):
    rec = run_file(host, EXAMPLES / name)
    assert rec.verdict == "no_go"
    assert rec.network_plan == [] and rec.network_rows == [] and rec.left_out == []
    assert list(rec.workload_breakdown) == ["listening"]
    assert rec.action_plan[0].code == "alternatives" and rec.action_plan[0].tasks
    assert any(s.code == "listen" for s in rec.action_plan)
    assert not any(i.code.startswith(("dialogue.", "present.")) for i in items(rec).values())
    assert rec.conditions == [] and rec.condition_items == []


def test_abstaining_is_said_when_the_audience_is_online(host):
    assert run_file(host, EXAMPLES / "no-go-copy-competitors.toml").abstaining
    assert run_file(host, EXAMPLES / "no-go-sous-traitant-nucleaire.toml").abstaining is None


def test_a_not_yet_lists_the_blockers_first_with_their_owner(host):
    rec = run_file(host, EXAMPLES / "not-yet-cabinet-presse.toml")
    assert [s.code for s in rec.action_plan][:3] == ["fix", "listen", "recheck"]
    blockers = [f.code for f in rec.findings if f.severity == "blocker"]
    assert [i.code for i in step(rec, "fix").items] == [f"fix.{code}" for code in blockers]
    assert all(i.owner for i in step(rec, "fix").items)
    concerns = [f.code for f in rec.findings if f.severity == "concern"]
    assert [i.code for i in step(rec, "then").items] == [f"then.{code}" for code in concerns]


# -- the facilitator's override: the plan follows the final verdict ----------------------------


def override(verdict: str) -> str:
    return ('[stages.recommendation.override]\n'
            f'verdict = "{verdict}"\nreason = "The owner decided after the workshop."\n')


def test_an_override_to_no_go_has_no_network_plan(host):
    rec = run(host, session_text() + override("no_go"))
    assert (rec.computed_verdict, rec.verdict) == ("go", "no_go")
    assert rec.network_plan == [] and rec.action_plan[0].code == "alternatives"


def test_an_override_to_go_with_conditions_makes_the_blockers_conditions(host):
    text = session_text(duration=GOOD["duration"].replace("commitment_months = 24",
                                                         "commitment_months = 3"))
    rec = run(host, text + override("go_with_conditions"))
    assert (rec.computed_verdict, rec.verdict) == ("not_yet", "go_with_conditions")
    assert [c.code for c in rec.condition_items] == ["duration.too_short"]
    assert rec.condition_items[0].owner == "Inès Moreau"
    assert step(rec, "conditions").tasks == rec.conditions
    assert rec.recheck_date is None and {m.code for m in rec.milestones} == {
        "first_review", "end_of_commitment"}


@pytest.mark.parametrize("skill", ["novice", "intermediate", "experienced"])
def test_the_breakdown_adds_up_for_any_choice_of_networks(host, skill):
    catalogue = ["facebook", "instagram", "linkedin", "x", "tiktok", "youtube", "pinterest",
                 "blog"]
    for size in (1, 2, 3):
        for offset in range(len(catalogue)):
            chosen = [catalogue[(offset + i) % len(catalogue)] for i in range(size)]
            networks = '[stages.networks]\nstatus = "done"\n' + "".join(
                f'[[stages.networks.answers.candidates]]\nid = "{n}"\naudience_fit = 3\n'
                f'selected = true\n' for n in chosen)
            resources = GOOD["resources"].replace('skill = "experienced"', f'skill = "{skill}"')
            rec = run(host, session_text(networks=networks, resources=resources))
            breakdown = rec.workload_breakdown
            assert round(sum(breakdown.values()), 1) == rec.workload_hours, (chosen, breakdown)
            # the plan's networks; when nothing fits, what the selection would take
            assert set(breakdown) == {*(rec.network_plan or chosen), "listening"}


# -- consultant review: what the client reads adds up and does not contradict ----


def test_a_go_with_only_habits_has_one_condition_the_commitment_to_them(host):
    rec = run(host, session_text(tone=GOOD["tone"].replace(
        "engage_with_others = true", "engage_with_others = false")))
    assert rec.verdict == "go_with_conditions"
    # never "go, with conditions" and no condition: the condition is to commit to the habits
    assert [c.code for c in rec.condition_items] == ["recommendation.habits"]
    assert rec.conditions == [c.text for c in rec.condition_items]
    assert "comment on, share and answer other people's posts" in rec.conditions[0]
    assert rec.condition_items[0].owner == "Inès Moreau"
    # the habit itself stays in step 6, where it is done, and is not a finding of its own
    assert "dialogue.tone.not_social" in items(rec)
    assert "recommendation.habits" not in [f.code for f in rec.findings]
    opens = add_months(date(2026, 11, 22), step(rec, "present").start_month - 1)
    assert rec.condition_items[0].due < opens


def test_a_step_all_in_place_says_so(host):
    rec = run_file(host, EXAMPLES / "go-everything-in-place.toml")
    assert step(rec, "ready").in_place and step(rec, "respond").in_place
    assert not step(rec, "present").in_place and not step(rec, "dialogue").in_place
    assert step(rec, "respond").as_dict()["in_place"] is True


def test_a_named_spokesperson_is_not_asked_for_again(host):
    rec = run_file(host, DEMO)  # Marie speaks for the bakery; the charter is missing
    condition = next(c for c in rec.condition_items if c.code == "tone.no_spokesperson")
    assert "charte" in condition.text and "Choisissez qui" not in condition.text
    neither = run(host, session_text(tone=GOOD["tone"].replace('spokesperson = "Inès"\n', "")
                                     .replace("charter = true", "charter = false")))
    both = next(c for c in neither.condition_items if c.code == "tone.no_spokesperson")
    assert "Choose who speaks" in both.text and "charter" in both.text


def test_the_first_review_follows_the_plans_own_advice(host):
    # the client said 2 months; the plan says no earlier than 6: its milestone says 6 too
    rec = run(host, session_text(duration=GOOD["duration"].replace(
        "first_review_months = 6", "first_review_months = 2")))
    assert "duration.early_review" in [f.code for f in rec.findings]
    review = next(m for m in rec.milestones if m.code == "first_review")
    starts = add_months(date(2026, 11, 22), step(rec, "dialogue").start_month - 1)
    assert review.date == add_months(starts, 6)
    later = run(host, session_text(duration=GOOD["duration"].replace(
        "first_review_months = 6", "first_review_months = 9")))
    review = next(m for m in later.milestones if m.code == "first_review")
    assert review.date == add_months(add_months(date(2026, 11, 22),
                                                step(later, "dialogue").start_month - 1), 9)


def test_a_network_left_out_for_time_says_it_in_one_phrase(host):
    rec = run_file(host, DEMO)
    left = next(n for n in rec.left_out if n.id == "facebook")
    assert left.reason == "no_time"
    assert ":" not in left.text  # read after "Facebook :", never a second colon


def test_a_crisis_plan_is_asked_for_once(host):
    # a sensitive topic and no crisis plan: two findings, one condition about the crisis plan
    rec = run(host, session_text(
        audience=GOOD["audience"].replace("sensitive_topic = false", "sensitive_topic = true"),
        resources=GOOD["resources"].replace("crisis_plan = true", "crisis_plan = false")))
    codes = {f.code for f in rec.findings}
    assert {"audience.sensitive", "resources.no_crisis_plan"} <= codes
    assert [c.code for c in rec.condition_items] == ["audience.sensitive"]
    assert "ready.crisis_plan" not in items(rec)  # not scheduled again in step 4 either
    assert items(rec)["ready.crisis_page"].status == "todo"
    alone = run(host, session_text(
        resources=GOOD["resources"].replace("crisis_plan = true", "crisis_plan = false")))
    assert [c.code for c in alone.condition_items] == ["resources.no_crisis_plan"]


def test_a_not_yet_from_a_low_score_fixes_the_conditions_and_keeps_the_habits_for_later(host):
    rec = run(host, session_text(
        objectives=GOOD["objectives"].replace('kpi = "returning customers"\n', "")
        .replace('owner = "Sam"\n', ""),
        audience=GOOD["audience"].replace('expectations = ["advice"]', 'expectations = ["support"]')
        .replace('planned_content = ["advice", "behind_the_scenes"]', 'planned_content = ["ads"]')
        .replace("listening_done = true", "listening_done = false")
        .replace("sensitive_topic = false", "sensitive_topic = true")
        .replace('[[stages.audience.answers.segments]]\nname = "Neighbours"\n', ""),
        networks=GOOD["networks"].replace('"active"', '"dormant"'),
        resources=GOOD["resources"].replace("crisis_plan = true", "crisis_plan = false")
        .replace("approval_hours = 2", "approval_hours = 48")
        .replace("management_support = true", "management_support = false")
        .replace('team = "part_time"', 'team = "intern"'),
        tone=GOOD["tone"].replace("beyond_own_news = true", "beyond_own_news = false")
        .replace("engage_with_others = true", "engage_with_others = false")
        .replace("charter = true", "charter = false"),
        duration=GOOD["duration"].replace("commitment_months = 24", "commitment_months = 8")
        .replace("first_review_months = 6", "first_review_months = 2")
        .replace("regular_publishing = true", "regular_publishing = false"),
    ))
    assert rec.verdict == "not_yet"
    assert not [f for f in rec.findings if f.severity == "blocker"]
    fix = [item.code for item in step(rec, "fix").items]
    then = [item.code for item in step(rec, "then").items]
    assert "fix.audience.sensitive" in fix and "fix.objectives.unmeasured" in fix
    # habits come with the launch, not before the re-check; the crisis plan is asked once
    for code in ("tone.not_social", "tone.self_only", "duration.irregular",
                 "duration.early_review"):
        assert f"fix.{code}" not in fix and f"then.{code}" in then
    assert "fix.resources.no_crisis_plan" not in fix and "then.resources.no_crisis_plan" not in then


def test_one_month_is_singular_in_english(host):
    early = run(host, session_text(duration=GOOD["duration"].replace(
        "first_review_months = 6", "first_review_months = 1")))
    review = next(f for f in early.findings if f.code == "duration.early_review")
    assert "after 1 month:" in review.text("message", "en")
    assert "1\u00a0mois\u00a0:" in review.text("message", "fr")
    short = run(host, session_text(duration=GOOD["duration"].replace(
        "commitment_months = 24", "commitment_months = 1")) + """
[stages.recommendation.override]
verdict = "go"
reason = "A one-month pilot, agreed with the owner."
""")
    assert short.verdict == "go"
    end = next(m for m in short.milestones if m.code == "end_of_commitment")
    assert "(1 month)" in end.text
    assert "1 months" not in " ".join(f.text("message", "en") for f in short.findings)


def test_a_not_yet_by_override_says_what_to_settle_first(host):
    rec = run(host, session_text() + """
[stages.recommendation.override]
verdict = "not_yet"
reason = "The founder wants to finish the new website first."
""")
    assert (rec.computed_verdict, rec.verdict) == ("go", "not_yet")
    fix = step(rec, "fix")
    assert fix.tasks, "a not_yet never has an empty list of things to fix"
    assert "finish the new website first" in fix.tasks[0]
    assert fix.items[0].code == "fix.override" and fix.items[0].owner == "Inès Moreau"


def test_the_plan_follows_its_own_advice_not_to_be_everywhere(host):
    # a small team selecting three networks, with time for all three: the condition says keep
    # the two where the audience is most active, and the plan schedules those two only
    three = GOOD["networks"] + """[[stages.networks.answers.candidates]]
id = "facebook"
audience_fit = 2
selected = true
existing_account = "none"
[[stages.networks.answers.candidates]]
id = "youtube"
audience_fit = 1
selected = true
existing_account = "none"
[[stages.networks.answers.candidates]]
id = "linkedin"
audience_fit = 2
selected = true
existing_account = "none"
"""
    rec = run(host, session_text(networks=three, resources=GOOD["resources"].replace(
        "hours_per_week = 8", "hours_per_week = 30")))
    assert "networks.everywhere" in [c.code for c in rec.condition_items]
    assert rec.network_plan == ["instagram", "linkedin"]  # fit 3, then the lighter fit 2
    assert round(sum(rec.workload_breakdown.values()), 1) == rec.workload_hours
    assert set(rec.workload_breakdown) == {"linkedin", "instagram", "listening"}
    reasons = {n.id: n.reason for n in rec.left_out}
    assert reasons == {"facebook": "too_many", "youtube": "poor_fit"}
    assert not any(":" in n.text for n in rec.left_out)
    assert "dialogue.rhythm.facebook" not in items(rec)


def test_going_by_override_despite_a_structural_blocker_rests_on_the_reason(host):
    rec = run_file(host, EXAMPLES / "no-go-sous-traitant-nucleaire.toml")
    assert rec.verdict == "no_go"
    text = (EXAMPLES / "no-go-sous-traitant-nucleaire.toml").read_text("utf-8") + """
[stages.recommendation.override]
verdict = "go_with_conditions"
reason = "Le donneur d'ordre principal recrute sur LinkedIn."
"""
    rec = run(host, text)
    assert (rec.computed_verdict, rec.verdict) == ("no_go", "go_with_conditions")
    absent = next(c for c in rec.condition_items if c.code == "audience.absent")
    # never "use other channels" as a condition of going: what the decision rests on
    assert "recrute sur LinkedIn" in absent.text and "autres canaux" not in absent.text
    fixable = next(c for c in rec.condition_items if c.code == "tone.closed")
    assert "critiquer" in fixable.text  # a fixable blocker keeps its own advice
