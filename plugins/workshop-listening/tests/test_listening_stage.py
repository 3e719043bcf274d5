"""The listening stage through the public interfaces: session in, findings and report out."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import workshop_listening

from workshop.plugins import PluginHost, check_stage, stage_warnings
from workshop.report import render

ALL_GOOD = """
[stages.listening]
status = "done"

[stages.listening.answers]
who_listens = "dedicated"
alerts = true
tools = ["search_alerts", "monitoring_platform"]
hours_per_week = 3
dashboard = true
platforms_known = true
opinion_leaders_known = true
"""


def answers(status: str = "done", **values: object) -> str:
    """A [stages.listening] block with these answers (TOML written by hand, as a user would)."""
    lines = ["[stages.listening]", f'status = "{status}"', "", "[stages.listening.answers]"]
    for key, value in values.items():
        if isinstance(value, bool):
            text = "true" if value else "false"
        elif isinstance(value, str):
            text = f'"{value}"'
        elif isinstance(value, list):
            text = "[" + ", ".join(f'"{item}"' for item in value) + "]"
        else:
            text = str(value)
        lines.append(f"{key} = {text}")
    return "\n".join(lines) + "\n"


def codes(recommendation) -> list[str]:
    return [f.code for f in recommendation.findings if f.stage == "listening"]


def test_the_plugin_loads_cleanly(host: PluginHost) -> None:
    info = host.infos["listening"]
    assert info.status == "ok", info.error
    assert info.hooks == ["register_networks", "register_report_sections", "register_stages"]
    assert info.stages == ["listening"]
    assert info.networks == ["forums"]
    assert info.sections == ["listening"]
    assert info.warnings == []
    assert host.problems == []


def test_the_stage_comes_right_after_the_objectives(host: PluginHost) -> None:
    order = [stage.id for stage in host.stages()]
    assert order.index("listening") == order.index("objectives") + 1
    stage = host.stage("listening")
    assert stage is not None and stage.weight == 10
    assert stage.title("fr") == "Veille" and stage.title("en") == "Listening"


def test_the_stage_is_well_formed() -> None:
    check_stage(workshop_listening.LISTENING)  # raises if the app could not draw it
    assert stage_warnings(workshop_listening.LISTENING) == []


def test_nothing_answered_leaves_the_stage_pending(run) -> None:
    recommendation = run("")
    assert "listening" in recommendation.pending_stages
    assert recommendation.provisional


def test_a_listening_cell_in_place_is_a_strength(run) -> None:
    recommendation = run(ALL_GOOD)
    assert codes(recommendation) == ["listening.in_place"]
    assert recommendation.stage_scores["listening"] == 100
    assert "listening" not in recommendation.pending_stages


def test_nobody_listening_is_one_concern_not_five(run) -> None:
    recommendation = run(answers(who_listens="nobody", alerts=False, tools=[],
                                 hours_per_week=0, dashboard=False, platforms_known=False,
                                 opinion_leaders_known=False))
    assert codes(recommendation) == ["listening.none"]
    assert recommendation.stage_scores["listening"] == 85


@pytest.mark.parametrize(("values", "expected"), [
    ({"alerts": False}, "listening.no_alerts"),
    ({"hours_per_week": 0.5}, "listening.no_time"),
    ({"dashboard": False}, "listening.no_dashboard"),
    ({"platforms_known": False}, "listening.platforms_unknown"),
    ({"opinion_leaders_known": False}, "listening.leaders_unknown"),
])
def test_each_gap_is_a_concern(run, values: dict, expected: str) -> None:
    base = {"who_listens": "staff", "alerts": True, "tools": ["search_alerts"],
            "hours_per_week": 2, "dashboard": True, "platforms_known": True,
            "opinion_leaders_known": True}
    recommendation = run(answers(**{**base, **values}))
    assert codes(recommendation) == [expected]
    finding = next(f for f in recommendation.findings if f.code == expected)
    assert finding.severity == "concern" and finding.kind is None


def test_the_concerns_reach_the_verdict_and_the_json_report(run) -> None:
    recommendation = run(answers(who_listens="staff", alerts=True, hours_per_week=2,
                                 dashboard=False, platforms_known=True,
                                 opinion_leaders_known=True))
    report = recommendation.as_json()
    assert "listening.no_dashboard" in [f["code"] for f in report["findings"]]
    assert report["stage_scores"]["listening"] == 85
    # a concern alone is a condition, never a silent go
    assert report["computed_verdict"] != "go"


def test_an_audit_without_alerts_is_a_one_off(run) -> None:
    audience = """
[stages.audience]
status = "in_progress"

[stages.audience.answers]
listening_done = true
"""
    recommendation = run(audience + answers("in_progress", who_listens="manager", alerts=False,
                                                   tools=[]))
    assert codes(recommendation) == ["listening.one_off"]


def test_the_agency_tuning_sets_the_time_it_takes(run) -> None:
    tuned = "[settings]\nlistening_minutes_per_week = 180\n"
    recommendation = run(tuned + answers("in_progress", who_listens="staff", hours_per_week=2))
    finding = next(f for f in recommendation.findings if f.code == "listening.no_time")
    assert "2 h" in finding.text("message", "en") and "3 h" in finding.text("message", "en")


def test_every_finding_speaks_french_and_english_and_names_its_source(run) -> None:
    recommendation = run(answers(who_listens="staff", alerts=False, hours_per_week=0.5,
                                 dashboard=False, platforms_known=False,
                                 opinion_leaders_known=False), lang="fr")
    found = [f for f in recommendation.findings if f.stage == "listening"]
    assert len(found) == 5
    for finding in found:
        assert re.fullmatch(r"listening\.[a-z_]+", finding.code)
        for lang in ("fr", "en"):
            assert finding.text("message", lang) and finding.text("advice", lang)
            assert "{" not in finding.text("message", lang)
        assert finding.source and not finding.source.startswith("seed")  # a reader's line
        assert finding.quote and finding.sources
    assert found[0].message["fr"] != found[0].message["en"]


def test_every_code_in_the_texts_has_a_source_and_both_languages() -> None:
    texts = workshop_listening.LISTENING.texts
    assert set(texts["fr"]["findings"]) == set(texts["en"]["findings"]) == set(texts["sources"])


def test_the_quotes_are_in_the_seeds() -> None:
    seeds = Path(__file__).resolve().parents[3].parent / "shared" / "seeds"
    if not seeds.is_dir():
        pytest.skip("the seeds are not beside this checkout")
    corpus = {path.name[:3]: " ".join(path.read_text("utf-8").split())
              for path in seeds.glob("*.txt")}
    for code, entry in workshop_listening.LISTENING.texts["sources"].items():
        for cited in entry["cited"]:
            assert " ".join(cited["quote"].split()) in corpus[cited["seed"]], code


def test_the_report_has_a_listening_plan(run, host: PluginHost) -> None:
    recommendation = run(answers(who_listens="agency", alerts=True, tools=["review_alerts"],
                                 hours_per_week=2, dashboard=False, platforms_known=True,
                                 opinion_leaders_known=True))
    markdown = render(recommendation, "markdown", host)
    assert "# Listening plan" in markdown  # a section of the memo's annex (### heading)
    assert "Who: An agency, at least 2 h a week." in markdown
    assert "monthly listening dashboard" in markdown
    french = run(answers("in_progress", who_listens="nobody"), lang="fr")
    french_markdown = render(french, "markdown", host).replace("\u00a0", " ")
    assert "# Plan de veille" in french_markdown
    assert "Qui : personne pour l'instant" in french_markdown


def test_the_report_says_what_to_do_when_listening_was_not_discussed(run, host) -> None:
    markdown = render(run(""), "markdown", host)
    assert "Listening was not discussed" in markdown


def test_forums_join_the_catalogue(host: PluginHost) -> None:
    forums = host.catalogue()["forums"]
    assert forums.name["fr"] == "Forums et sites d'avis"
    assert forums.minutes_per_week == 1 * 20 + 30
    assert "facebook" in host.catalogue()  # the built-in catalogue is still there


def test_bad_answers_are_named_with_their_line(host: PluginHost, session_text) -> None:
    from workshop.engine.evaluation import evaluate
    from workshop.session import parse_session

    text = session_text(answers(who_listens="everyone", hours_per_week=-1))
    evaluation = evaluate(parse_session(text), host, path="s.toml", text=text)
    problems = [str(p) for p in evaluation.problems]
    assert any("stages.listening.answers.who_listens" in p and "nobody" in p for p in problems)
    assert any("hours_per_week" in p for p in problems)
