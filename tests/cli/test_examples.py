"""Every example session, through the command line as a user runs it."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from support import report_json, write_session

from workshop.i18n import t

ROOT = Path(__file__).resolve().parents[2]
EXPECTED = {
    "demo-boulangerie-martin.toml": "go_with_conditions",
    "examples/go-velo-atelier.toml": "go",
    "examples/go-everything-in-place.toml": "go",
    "examples/not-yet-cabinet-presse.toml": "not_yet",
    "examples/no-go-sous-traitant-nucleaire.toml": "no_go",
    "examples/no-go-copy-competitors.toml": "no_go",
    "examples/no-go-traffic-this-month.toml": "no_go",
}
JSON_KEYS = {
    "organisation", "language", "verdict", "computed_verdict", "override", "provisional",
    "pending_stages", "skipped_stages", "score", "stage_scores", "findings", "conditions",
    "workload_hours", "capacity_hours", "network_plan", "action_plan", "alternatives",
    "recheck_date",
    # added in the second version (design.md)
    "coverage", "unknown_stages", "condition_items", "workload_breakdown", "monthly_cost",
    "milestones",
}


def test_every_example_is_listed():
    found = {str(p.relative_to(ROOT / "sessions")) for p in (ROOT / "sessions").rglob("*.toml")}
    assert found == set(EXPECTED)


@pytest.mark.parametrize("entry_points", ["0", "1"], ids=["core", "installed-plugins"])
@pytest.mark.parametrize(("name", "verdict"), sorted(EXPECTED.items()))
def test_example_verdict_through_the_cli(cli, name, verdict, entry_points):
    """The same verdict with the core stages alone and with the plugins `make` installs."""
    report = example_json(name, entry_points)
    assert set(report) >= JSON_KEYS
    assert report["verdict"] == verdict
    assert report["computed_verdict"] == verdict
    assert 0 <= report["score"] <= 100
    for finding in report["findings"]:
        assert finding["kind"] is None or finding["severity"] == "blocker"
        assert finding["message"] and finding["advice"] and finding["source"]
    if verdict == "no_go":
        assert report["alternatives"] and report["score"] <= 39
    if verdict == "not_yet":
        assert re.fullmatch(r"\d{4}-\d\d-\d\d", report["recheck_date"]) and report["score"] <= 59
    if verdict == "go_with_conditions":
        assert report["conditions"]


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_text_report_speaks_the_session_language(cli, name):
    path = ROOT / "sessions" / name
    language = "fr" if 'language = "fr"' in path.read_text("utf-8") else "en"
    result = cli("report", str(path))
    assert result.returncode == 0, result.stderr
    other = "en" if language == "fr" else "fr"
    for key in ("report.verdict", "report.subtitle"):
        assert t(language, key) in result.stdout
        assert t(other, key) not in result.stdout
    assert "Traceback" not in result.stdout + result.stderr


def example_json(name: str, entry_points: str = "0") -> dict:
    """The JSON report of the example ``sessions/NAME``, installed plugins on or off."""
    return report_json(ROOT / "sessions" / name, env={"WORKSHOP_ENTRY_POINTS": entry_points})


@pytest.mark.parametrize("entry_points", ["0", "1"], ids=["core", "installed-plugins"])
@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_the_figures_add_up_on_every_example(cli, name, entry_points):
    report = example_json(name, entry_points)
    breakdown = report["workload_breakdown"]
    assert "listening" in breakdown
    assert round(sum(breakdown.values()), 1) == report["workload_hours"]
    assert set(breakdown) - {"listening"} == set(report["network_plan"]) or not (
        report["network_plan"])
    cost = report["monthly_cost"]
    assert cost["total"] == cost["hours_value"] + cost["agency"] and cost["currency"] == "EUR"
    for finding in report["findings"]:
        expected = ("before", "ongoing") if finding["severity"] == "concern" else (None,)
        assert finding["timing"] in expected
        assert isinstance(finding["sources"], list)
    for step in report["action_plan"]:
        assert step["tasks"] == [i["text"] for i in step["items"] if i["status"] == "todo"]
        for item in step["items"]:
            assert set(item) == {"code", "text", "owner", "start_month", "end_month", "status"}
    for milestone in report["milestones"]:
        assert re.fullmatch(r"\d{4}-\d\d-\d\d", milestone["date"])
    for condition in report["condition_items"]:
        assert condition["owner"] and re.fullmatch(r"\d{4}-\d\d-\d\d", condition["due"])
    assert [c["text"] for c in report["condition_items"]] == report["conditions"]
    assert 0 <= report["coverage"] <= 1
    # with the core stages alone, the listening plugin's data is kept and named as unknown
    assert set(report["unknown_stages"]) <= ({"listening"} if entry_points == "0" else set())


@pytest.mark.parametrize("name", sorted(n for n, v in EXPECTED.items() if v == "no_go"))
def test_every_no_go_has_an_empty_network_plan(cli, name):
    report = example_json(name, "1")
    assert report["network_plan"] == [] and list(report["workload_breakdown"]) == ["listening"]
    assert report["action_plan"][0]["code"] == "alternatives"
    assert not any(item["code"].startswith("dialogue.")
                   for step in report["action_plan"] for item in step["items"])


def test_everything_in_place_schedules_none_of_it_through_the_cli(cli):
    report = example_json("examples/go-everything-in-place.toml", "1")
    assert report["verdict"] == "go"
    items = {i["code"]: i for step in report["action_plan"] for i in step["items"]}
    for code in ("listen.audit", "listen.dashboard", "listen.platforms", "listen.leaders",
                 "strategy.goal.loyalty", "strategy.goal.customer_care", "ready.crisis_plan",
                 "respond.spokesperson", "respond.charter", "respond.kpis",
                 "present.open.instagram", "present.open.facebook"):
        assert items[code]["status"] == "in_place", code
    steps = {step["code"]: step for step in report["action_plan"]}
    assert steps["dialogue"]["start_month"] <= 2
    for code in ("listen", "strategy", "ready", "respond"):
        assert steps[code]["tasks"] == [], code


def test_a_session_with_five_stages_skipped_is_not_yet(cli, tmp_path):
    text = (ROOT / "sessions" / "examples" / "go-velo-atelier.toml").read_text("utf-8")
    for stage in ("audience", "networks", "resources", "tone", "duration"):
        text = text.replace(f'[stages.{stage}]\nstatus = "done"',
                            f'[stages.{stage}]\nstatus = "skipped"')
    path = tmp_path / "skipped-five.toml"
    path.write_text(text, "utf-8")
    report = report_json(path)
    assert report["verdict"] == "not_yet" and report["score"] <= 59
    assert report["coverage"] == 0.25
    assert "recommendation.too_little" in {f["code"] for f in report["findings"]}


def test_unknown_stages_are_listed(cli, tmp_path):
    text = (ROOT / "sessions" / "examples" / "go-velo-atelier.toml").read_text("utf-8")
    path = tmp_path / "unknown.toml"
    path.write_text(text + '\n[stages.mystery]\nstatus = "done"\n', "utf-8")
    report = json.loads(cli("report", str(path), "--format", "json").stdout)
    assert report["unknown_stages"] == ["listening", "mystery"]  # core only: no listening plugin


def _practices_only(tmp_path: Path) -> Path:
    """The bookshop that has everything, planning to talk only about itself, alone."""
    text = (ROOT / "sessions" / "examples" / "go-everything-in-place.toml").read_text("utf-8")
    text = text.replace("beyond_own_news = true", "beyond_own_news = false").replace(
        "engage_with_others = true", "engage_with_others = false")
    return write_session(tmp_path, text, "practices-only.toml")


@pytest.mark.parametrize("name", sorted(EXPECTED) + ["practices-only"])
def test_conditions_are_due_before_step_three_and_in_place_steps_say_so(cli, name, tmp_path):
    """Consultant review: every condition before the presence opens; a step with nothing left
    to do is flagged ``in_place`` (a renderer shows it as done, not as work with dates)."""
    import tomllib
    from datetime import date

    from workshop.engine.recommendation import add_months

    path = _practices_only(tmp_path) if name == "practices-only" else ROOT / "sessions" / name
    report = report_json(path, env={"WORKSHOP_ENTRY_POINTS": "1"})
    if report["verdict"] == "go_with_conditions":
        assert report["conditions"] and report["condition_items"]
    steps = {step["code"]: step for step in report["action_plan"]}
    for step in report["action_plan"]:
        assert step["in_place"] == (bool(step["items"]) and not step["tasks"])
    if report["condition_items"]:
        created = tomllib.loads(path.read_text("utf-8"))["session"]["created"].date()
        opens = add_months(created, steps["present"]["start_month"] - 1)
        for condition in report["condition_items"]:
            assert created <= date.fromisoformat(condition["due"]) < opens


def test_a_go_with_only_habits_reads_as_a_commitment_through_the_cli(cli, tmp_path):
    report = json.loads(cli("report", str(_practices_only(tmp_path)), "--format", "json",
                            env={"WORKSHOP_ENTRY_POINTS": "1"}).stdout)
    assert report["verdict"] == "go_with_conditions"
    assert [c["code"] for c in report["condition_items"]] == ["recommendation.habits"]
    assert "\u00a0: " in report["conditions"][0]  # French typography in a French session
    dialogue = [i["code"] for s in report["action_plan"] if s["code"] == "dialogue"
                for i in s["items"]]
    assert "dialogue.tone.not_social" in dialogue and "dialogue.tone.self_only" in dialogue


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_every_plan_item_has_a_name_the_client_gave(cli, name):
    """Consultant review: no plan item owned by nobody when the client named someone (the
    traffic shop's alternatives are Karim's, who owns its goals)."""
    report = example_json(name, "1")
    for step in report["action_plan"]:
        for item in step["items"]:
            assert item["owner"], (step["code"], item["code"])


JSON_TYPES = {
    "organisation": str, "language": str, "verdict": str, "computed_verdict": str,
    "override": (dict, type(None)), "provisional": bool, "pending_stages": list,
    "skipped_stages": list, "score": int, "stage_scores": dict, "findings": list,
    "conditions": list, "workload_hours": (int, float, type(None)),
    "capacity_hours": (int, float, type(None)), "network_plan": list, "action_plan": list,
    "alternatives": list, "recheck_date": (str, type(None)), "coverage": (int, float),
    "unknown_stages": list, "condition_items": list, "workload_breakdown": dict,
    "monthly_cost": (dict, type(None)), "milestones": list,
}


@pytest.mark.parametrize("lang", ["fr", "en"])
@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_every_json_key_has_the_type_design_md_gives(cli, name, lang):
    """Consultant review: the JSON contract key by key, in both languages."""
    result = cli("report", str(ROOT / "sessions" / name), "--format", "json", "--lang", lang,
                 env={"WORKSHOP_ENTRY_POINTS": "1"})
    report = json.loads(result.stdout)
    assert report["language"] == lang
    for key, kind in JSON_TYPES.items():
        assert isinstance(report[key], kind) and not (
            kind is int and isinstance(report[key], bool)), key
    for finding in report["findings"]:
        assert set(finding) >= {"code", "stage", "severity", "kind", "message", "advice",
                                "source", "timing", "sources"}
        for source in finding["sources"]:
            assert set(source) == {"seed", "section", "quote"}
            assert re.fullmatch(r"\d{3}", source["seed"]) and isinstance(source["section"], str)
    for step in report["action_plan"]:
        assert {"step", "title", "start_month", "end_month", "tasks", "items"} <= set(step)
        assert 1 <= step["start_month"] <= step["end_month"]
        for item in step["items"]:
            assert re.fullmatch(r"[a-z_]+(\.[a-z0-9_]+)+", item["code"]), item["code"]
    codes = [i["code"] for s in report["action_plan"] for i in s["items"]]
    assert len(codes) == len(set(codes))  # stable and unique
    if report["monthly_cost"]:
        assert set(report["monthly_cost"]) == {"hours_value", "agency", "total", "currency"}
