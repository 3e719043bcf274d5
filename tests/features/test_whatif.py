"""What would change the verdict: the engine's search, on session files, with plugin stages."""

from __future__ import annotations

import enum
import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from kit_sessions import GO, NOT_YET, kit_text, led_plan
from pydantic import BaseModel
from support import StagesPlugin

from workshop import Stage, StageResult
from workshop.engine.recommendation import recommend
from workshop.engine.whatif import (
    BATCH_BUDGET_SECONDS,
    VERDICT_RANK,
    apply_changes,
    search,
    what_would_change,
)
from workshop.session import parse_session
from workshop.session.io import dump_session
from workshop.session.models import Session

SESSIONS = Path(__file__).resolve().parents[2] / "sessions"
NBSP = "\u00a0"


def texts(change_set) -> list[str]:
    return [change.text for change in change_set.changes]


def test_not_yet_names_the_smallest_set_in_the_session_language(kit_host, kit_session):
    host = kit_host()
    sets = what_would_change(kit_session(), host)
    assert texts(sets[0]) == ["Plan › Months: 3 → 12", "Crew › Lead: fill in"]
    assert (sets[0].verdict, sets[0].score) == ("go", 100)
    assert sets[0].resolved == ["crew.no_lead", "plan.too_short"]
    french = what_would_change(kit_session(lang="fr"), host)
    assert texts(french[0]) == [f"Plan › Durée (mois){NBSP}: 3 → 12",
                                f"Équipe › Responsable{NBSP}: à renseigner"]


def test_every_set_reaches_a_better_verdict_and_is_minimal(kit_host, kit_session):
    host = kit_host()
    session = kit_session()
    base = recommend(session, host).computed_verdict
    sets = what_would_change(session, host, limit=5)
    assert sets
    for change_set in sets:
        assert VERDICT_RANK[change_set.verdict] > VERDICT_RANK[base]
    sizes = [len(change_set.changes) for change_set in sets]
    assert sizes == sorted(sizes)
    slots = [frozenset(change.slot for change in s.changes) for s in sets]
    assert not any(a < b for a in slots for b in slots)  # no set holds a smaller one


def test_the_session_itself_is_never_changed(kit_host, kit_session):
    session = kit_session()
    before = dump_session(session)
    what_would_change(session, kit_host())
    assert dump_session(session) == before


def test_number_thresholds_are_found_by_trying_values(kit_host, kit_session):
    # two channels selected need 4 hours; 1 hour is under half of that: a fixable blocker
    body = led_plan('{ id = "facebook", fit = 2, selected = true }', hours=1)
    sets = what_would_change(kit_session(body), kit_host(), limit=10)
    found = {text for change_set in sets for text in texts(change_set)}
    assert "Crew › Hours a week: 1 → 4" in found  # the exact threshold, not a ladder value
    # one channel fewer halves the workload: deselecting is a way too, named by the catalogue
    assert "Plan › Facebook › Selected: yes → no" in found


def test_deselecting_a_poor_fit_network(kit_host, kit_session):
    body = led_plan('{ id = "tiktok", fit = 1, selected = true }', hours=10)
    host = kit_host()
    session = kit_session(body)
    assert recommend(session, host).computed_verdict == "go_with_conditions"
    sets = what_would_change(session, host)
    assert texts(sets[0]) == ["Plan › TikTok › Selected: yes → no"]
    assert sets[0].verdict == "go"


def test_no_go_finds_the_structural_blocker(kit_host, kit_session):
    body = GO.replace('mood = "keen"', 'mood = "against"')
    sets = what_would_change(kit_session(body), kit_host())
    assert sets[0].verdict == "go"
    assert texts(sets[0]) == ["Crew › Mood: Against → Keen"]


def test_go_needs_nothing(kit_host, kit_session):
    body = GO
    host = kit_host()
    session = kit_session(body)
    assert recommend(session, host).computed_verdict == "go"
    assert what_would_change(session, host) == []


def test_a_question_marked_as_a_fact_is_never_proposed(kit_host, kit_session):
    body = GO.replace('budget_code = "B-12"', 'budget_code = ""')
    host = kit_host()
    session = kit_session(body)
    assert recommend(session, host).computed_verdict == "go_with_conditions"
    assert what_would_change(session, host) == []


def test_the_budget_bounds_the_work(kit_host, kit_session):
    found = search(kit_session(), kit_host(), max_evaluations=5)
    assert found.complete is False
    assert found.evaluations <= 5
    assert found.sets == []


class Touchy(BaseModel):
    ready: bool = False
    level: int = 0


class TouchyStage(Stage):
    """A plugin that raises on values it never expected: the search goes on without them."""

    id = "touchy"
    order = 50
    weight = 10
    questions = Touchy
    texts = {"en": {"title": "Touchy", "findings": {"touchy.not_ready": {
        "message": "Not ready.", "advice": "Get ready."}}},
             "fr": {"title": "Touchy", "findings": {"touchy.not_ready": {
                 "message": "Pas prêt.", "advice": "Préparez-vous."}}}}

    def evaluate(self, answers: Touchy, context) -> StageResult:
        if answers.level > 5:
            raise RuntimeError("level out of what I know")
        if not answers.ready:
            return StageResult([self.finding("touchy.not_ready", "blocker", kind="fixable",
                                             source="test")])
        return StageResult()


def test_a_plugin_that_breaks_on_a_tried_value_is_not_reported_broken(kit_host, kit_session):
    body = GO
    body += '\n[stages.touchy]\nstatus = "done"\n[stages.touchy.answers]\nready = false\n'
    host = kit_host(("touchy", StagesPlugin(TouchyStage())))
    sets = what_would_change(kit_session(body), host)
    assert texts(sets[0]) == ["Touchy › ready: no → yes"]
    assert host.infos["touchy"].status == "ok"
    assert host.problems == []


def test_more_blockers_than_three_changes_still_get_an_answer(kit_host, kit_session):
    # no lead, too short, overloaded (0 of 4 hours), and a touchy stage not ready: four fixable
    # blockers need four changes at least
    body = NOT_YET.replace("hours = 2", "hours = 0").replace(
        '{ id = "tiktok", fit = 1, selected = false }', '{ id = "x", fit = 2, selected = true }')
    body += '\n[stages.touchy]\nstatus = "done"\n[stages.touchy.answers]\nready = false\n'
    host = kit_host(("touchy", StagesPlugin(TouchyStage())))
    session = kit_session(body)
    blockers = [f for f in recommend(session, host).findings if f.severity == "blocker"]
    assert len(blockers) == 4
    sets = what_would_change(session, host)
    assert sets and len(sets[0].changes) == 4
    assert VERDICT_RANK[sets[0].verdict] > VERDICT_RANK["not_yet"]


@pytest.mark.parametrize("name", ["not-yet-cabinet-presse.toml", "no-go-traffic-this-month.toml",
                                  "no-go-copy-competitors.toml"])
def test_core_examples_get_ways_to_a_better_verdict(host, name):
    from workshop.session.io import load_session

    session: Session = load_session(SESSIONS / "examples" / name)
    base = recommend(session, host).computed_verdict
    found = search(session, host, budget_seconds=BATCH_BUDGET_SECONDS)
    assert found.sets, f"no way found from {base}"
    for change_set in found.sets:
        assert VERDICT_RANK[change_set.verdict] > VERDICT_RANK[base]
        assert all(change.text for change in change_set.changes)




def promised(session: Session, host, change_set) -> tuple[str, int]:
    result = recommend(apply_changes(session, change_set.changes), host)
    return result.computed_verdict, result.score


@pytest.mark.parametrize("name", ["not-yet-cabinet-presse.toml", "no-go-copy-competitors.toml",
                                  "no-go-sous-traitant-nucleaire.toml"])
def test_making_the_changes_gives_the_promised_verdict_on_core_examples(host, name):
    from workshop.session.io import load_session

    session = load_session(SESSIONS / "examples" / name)
    for change_set in what_would_change(session, host, budget_seconds=BATCH_BUDGET_SECONDS):
        assert promised(session, host, change_set) == (change_set.verdict, change_set.score)


answers_of_kit = st.fixed_dictionaries({
    "lead": st.sampled_from([None, "", "  ", "Ana"]),
    "hours": st.one_of(st.none(), st.floats(0, 30, allow_nan=False).map(lambda h: round(h, 1))),
    "mood": st.sampled_from([None, "keen", "meh", "against"]),
    "months": st.one_of(st.none(), st.integers(0, 40)),
    "channels": st.lists(st.tuples(st.sampled_from(["instagram", "facebook", "tiktok", "x",
                                                    "linkedin"]),
                                   st.integers(0, 3), st.booleans()),
                         max_size=4, unique_by=lambda c: c[0]),
    "extras": st.lists(st.sampled_from(["video", "blog", "podcast"]), unique=True),
})


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                  HealthCheck.function_scoped_fixture])
@given(answers=answers_of_kit)
def test_any_kit_session_gets_sets_that_keep_their_promise(kit_host, answers):
    import tomli_w

    plan = {"channels": [{"id": i, "fit": f, "selected": s} for i, f, s in answers["channels"]],
            "extras": answers["extras"]}
    if answers["months"] is not None:
        plan["months"] = answers["months"]
    crew = {key: answers[key] for key in ("lead", "hours", "mood") if answers[key] is not None}
    crew["budget_code"] = "B-1"
    body = tomli_w.dumps({"stages": {"plan": {"status": "done", "answers": plan},
                                     "crew": {"status": "in_progress", "answers": crew}}})

    host = kit_host()
    session = parse_session(kit_text(body))
    before = dump_session(session)
    base = recommend(session, host).computed_verdict
    for change_set in what_would_change(session, host):
        assert VERDICT_RANK[change_set.verdict] > VERDICT_RANK[base]
        assert promised(session, host, change_set) == (change_set.verdict, change_set.score)
    assert dump_session(session) == before
    assert host.problems == []


# -- levers only, in steps a person would propose, the plan's logic (issue 13) ------------------

ROOT = SESSIONS.parent
# Facts about the world or the team: never an answer the what-if proposes to change.
FACTS = {("audience", "online_presence"), ("audience", "already_discussed"),
         ("audience", "sensitive_topic"), ("audience", "listening_done"),
         ("networks", "audience_fit"), ("networks", "existing_account"), ("networks", "id"),
         ("resources", "skill")}
SESSION_FILES = sorted([*SESSIONS.glob("*.toml"), *SESSIONS.glob("examples/*.toml"),
                        *(ROOT / "tests" / "report" / "sessions").glob("*.toml"),
                        ROOT / "tests" / "app" / "data" / "snapshot.toml"])


def found_for(path: Path, host, limit: int = 10):
    from workshop.session.io import load_session

    session = load_session(path)
    return session, search(session, host, limit, budget_seconds=BATCH_BUDGET_SECONDS)


def question_at(host, stage_id: str, path: tuple):
    """The question a change's path points at, read from the stage's model."""
    from workshop.questions import questions_of

    model = next(stage for stage in host.stages() if stage.id == stage_id).questions
    question = None
    for part in path:
        if isinstance(part, int):
            continue
        question = questions_of(model)[part]
        model = question.row_model or question.model
    return question


@pytest.mark.parametrize("path", SESSION_FILES, ids=lambda p: p.name)
def test_no_change_ever_touches_a_fact(host, path):
    _, found = found_for(path, host)
    for change_set in found.sets:
        for change in change_set.changes:
            names = [part for part in change.path if isinstance(part, str)]
            assert not any((change.stage, name) in FACTS for name in names), change.text
            if change.stage == "networks":
                assert change.action == "set", change.text  # a network is never made up or lost
            question = question_at(host, change.stage, change.path)
            assert question is None or question.whatif, change.text


@pytest.mark.parametrize("path", SESSION_FILES, ids=lambda p: p.name)
def test_numbers_move_in_steps_a_person_would_propose(host, path):
    from workshop.engine.settings import settings_for

    session, found = found_for(path, host)
    settings = settings_for(session)
    for change in (c for s in found.sets for c in s.changes if c.stage == "resources"):
        if change.path == ("hours_per_week",):
            assert float(change.value).is_integer(), change.text  # whole hours a week
        if change.path == ("agency_budget_monthly",) and change.value:
            assert change.value % 50 == 0, change.text
            bought = change.value / settings.hourly_rate / settings.weeks_per_month
            assert bought >= 2, change.text  # at least two hours a week of agency time


def test_the_bakery_keeps_the_network_its_plan_keeps_and_its_skill(host):
    session, found = found_for(SESSIONS / "demo-boulangerie-martin.toml", host)
    plan = recommend(session, host).network_plan
    assert plan and found.sets
    for change in (c for s in found.sets for c in s.changes):
        assert "skill" not in change.path, change.text
        if change.stage == "networks" and change.value is False:
            dropped = session.stages["networks"].answers["candidates"][change.path[1]]["id"]
            assert dropped not in plan, change.text
    texts = [c.text for s in found.sets for c in s.changes]
    assert not any("Instagram" in text and "non" in text for text in texts), texts
    assert not any("8,1" in text or "8.1" in text for text in texts), texts


NETWORKS_BODY = """
[session]
organisation = "Trois Réseaux"
kind = "business"
size = "small"
market = "b2c"
language = "en"
created = 2026-03-02T09:00:00+01:00
[stages.objectives]
status = "done"
[[stages.objectives.answers.goals]]
id = "loyalty"
kpi = "returning customers"
target = "40 a month"
owner = "Ana"
[stages.networks]
status = "done"
[[stages.networks.answers.candidates]]
id = "instagram"
audience_fit = 3
selected = true
[[stages.networks.answers.candidates]]
id = "facebook"
audience_fit = 2
selected = true
[[stages.networks.answers.candidates]]
id = "tiktok"
audience_fit = 1
selected = true
[stages.resources]
status = "done"
[stages.resources.answers]
owner = "Ana"
team = "part_time"
hours_per_week = 10
agency_budget_monthly = 120
skill = "novice"
crisis_plan = true
approval_hours = 1
management_support = true
"""


def test_the_poorer_network_goes_first_and_never_the_best_alone(host, tmp_path):
    path = tmp_path / "three.toml"
    path.write_text("schema_version = 1\n" + NETWORKS_BODY, "utf-8")
    session, found = found_for(path, host, limit=20)
    fits = {c["id"]: c["audience_fit"] for c in session.stages["networks"].answers["candidates"]}
    assert found.sets
    assert "TikTok › Selected: yes → no" in found.sets[0].text  # the poorest fit, alone
    for change_set in found.sets:
        dropped = {session.stages["networks"].answers["candidates"][c.path[1]]["id"]
                   for c in change_set.changes if c.stage == "networks" and c.value is False}
        kept = {n for n in fits if n not in dropped}
        assert all(fits[d] <= min(fits[k] for k in kept) for d in dropped), change_set.text
        for change in change_set.changes:
            if change.path == ("hours_per_week",):
                assert float(change.value).is_integer()
            if change.path == ("agency_budget_monthly",):
                assert change.value % 50 == 0 and change.value >= 550  # 2 h a week at 60


def test_too_many_networks_never_drops_the_best_one(host, tmp_path):
    path = tmp_path / "everywhere.toml"
    path.write_text("schema_version = 1\n" + NETWORKS_BODY.replace(
        "audience_fit = 1", "audience_fit = 2").replace("hours_per_week = 10",
                                                        "hours_per_week = 30"), "utf-8")
    session, found = found_for(path, host, limit=20)
    assert found.sets
    names = session.stages["networks"].answers["candidates"]
    for change in (c for s in found.sets for c in s.changes if c.stage == "networks"):
        assert names[change.path[1]]["id"] != "instagram", change.text


def test_a_structural_no_go_says_in_one_sentence_why_nothing_changes_it(host):
    _, found = found_for(SESSIONS / "examples" / "no-go-sous-traitant-nucleaire.toml", host)
    assert found.verdict == "no_go" and found.sets == []
    assert found.structural_reason
    assert "réseaux sociaux" in found.structural_reason
    assert found.structural_reason.count(".") <= 1


def test_a_no_go_a_lever_can_change_has_no_structural_sentence(host):
    _, found = found_for(SESSIONS / "examples" / "no-go-traffic-this-month.toml", host)
    assert found.verdict == "no_go" and found.sets
    assert found.structural_reason is None


def test_a_provisional_session_says_so(host, tmp_path):
    path = tmp_path / "half.toml"
    path.write_text("schema_version = 1\n" + NETWORKS_BODY.replace(
        '[stages.resources]\nstatus = "done"', '[stages.resources]\nstatus = "in_progress"'),
        "utf-8")
    _, found = found_for(path, host)
    assert found.provisional is True
    _, finished = found_for(SESSIONS / "examples" / "no-go-copy-competitors.toml", host)
    assert finished.provisional is False


def test_the_json_says_provisional_and_why_nothing_changes_a_structural_verdict(cli):
    result = cli("whatif", str(SESSIONS / "examples" / "no-go-sous-traitant-nucleaire.toml"),
                 "--format", "json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["provisional"] is False
    assert data["verdict"] == "no_go" and data["sets"] == []
    assert "réseaux sociaux" in data["structural_reason"]
    demo = json.loads(cli("whatif", str(SESSIONS / "demo-boulangerie-martin.toml"),
                          "--format", "json").stdout)
    assert demo["structural_reason"] is None and "provisional" in demo
    for change in (c for s in demo["sets"] for c in s["changes"]):
        assert change["path"][-1] not in ("skill", "audience_fit", "existing_account")
        if change["path"] == ["hours_per_week"]:
            assert float(change["value"]).is_integer()
    english = cli("whatif", str(SESSIONS / "examples" / "no-go-sous-traitant-nucleaire.toml"),
                  "--lang", "en")
    assert "Your audience is not on social networks" in english.stdout


def test_too_little_discussed_is_too_early_to_tell(cli, tmp_path):
    path = tmp_path / "little.toml"
    path.write_text(NETWORKS_BODY.split("[stages.objectives]")[0].replace(
        "[session]", "schema_version = 1\n[session]")
        + '[stages.duration]\nstatus = "done"\n[stages.duration.answers]\n'
          "commitment_months = 3\n", "utf-8")
    data = json.loads(cli("whatif", str(path), "--format", "json").stdout)
    assert (data["provisional"], data["too_little"]) == (True, True)
    assert "Too early to tell" in cli("whatif", str(path)).stdout


class Mood(enum.Enum):
    KEEN = "keen"
    AGAINST = "against"


class Moody(BaseModel):
    mood: Mood = Mood.AGAINST
    tools: list[Mood] = []


class MoodyStage(Stage):
    """An Enum question is a choice for the what-if too (it used to be ignored)."""

    id = "moody"
    order = 60
    weight = 10
    questions = Moody
    texts = {lang: {"title": "Moody", "findings": {"moody.against": {
        "message": "Against.", "advice": "Be keen."}}} for lang in ("en", "fr")}

    def evaluate(self, answers: Moody, context) -> StageResult:
        if answers.mood is Mood.AGAINST:
            return StageResult([self.finding("moody.against", "blocker", kind="fixable",
                                             source="test")])
        return StageResult()


def test_an_enum_question_is_a_lever_like_a_literal(kit_host, kit_session):
    body = GO + '\n[stages.moody]\nstatus = "done"\n[stages.moody.answers]\nmood = "against"\n'
    host = kit_host(("moody", StagesPlugin(MoodyStage())))
    session = kit_session(body)
    sets = what_would_change(session, host)
    assert sets and [(c.path, c.value) for c in sets[0].changes] == [(("mood",), "keen")]
    assert promised(session, host, sets[0]) == (sets[0].verdict, sets[0].score)


def test_an_item_to_add_is_never_shown_as_a_placeholder(host, tmp_path):
    """Consultant review: "add one", never "add <to fill in>" in what a client reads."""
    text = (SESSIONS / "examples" / "go-everything-in-place.toml").read_text("utf-8")
    for old, new in (('planned_content = ["advice", "behind_the_scenes", "curated"]',
                      'planned_content = ["ads", "product_news"]'),
                     ("sensitive_topic = false", "sensitive_topic = true"),
                     ("listening_done = true", "listening_done = false"),
                     ("crisis_plan = true", "crisis_plan = false"),
                     ("approval_hours = 0", "approval_hours = 48"),
                     ("management_support = true", "management_support = false"),
                     ('team = "part_time"', 'team = "intern"'),
                     ("hours_per_week = 7", "hours_per_week = 12"),
                     ("charter = true", "charter = false"),
                     ("beyond_own_news = true", "beyond_own_news = false"),
                     ("engage_with_others = true", "engage_with_others = false"),
                     ("commitment_months = 24", "commitment_months = 8"),
                     ("first_review_months = 6", "first_review_months = 2"),
                     ("regular_publishing = true", "regular_publishing = false"),
                     ('owner = "Yanis"\n', ""), ('owner = "Hélène"\n', ""),
                     ("audience_fit = 1\nselected = false", "audience_fit = 1\nselected = true")):
        assert old in text, old
        text = text.replace(old, new)
    text = "\n".join(line for line in text.split("\n") if not line.startswith("kpi = "))
    text = text.split("[[stages.audience.answers.segments]]")[0] + "[stages.networks]" + (
        text.split("[stages.networks]", 1)[1])
    path = tmp_path / "no-segment.toml"
    path.write_text(text, "utf-8")
    _, found = found_for(path, host)
    changes = [c for s in found.sets for c in s.changes]
    assert any(c.path == ("segments",) for c in changes), [c.text for c in changes]
    for change in changes:
        assert "<" not in change.text and "à renseigner" not in change.text, change.text


def test_the_french_what_if_texts_have_french_typography():
    """« On y va » with non-breaking spaces inside, and before « : ; ? ! » (consultant review)."""
    import re

    from workshop.i18n import t

    for key in ("not_needed", "intro", "partial", "line", "provisional", "too_early"):
        text = t("fr", f"features.whatif.{key}")
        assert not re.search(r"(?<=\S) [:;?!]|« | »", text), key
