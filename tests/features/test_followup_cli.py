"""recheck, diff and whatif as a facilitator runs them: subprocesses on session files."""

from __future__ import annotations

import json
import tomllib
from datetime import date
from pathlib import Path

from kit_sessions import GO, NOT_YET

FIXED = GO


def test_recheck_starts_a_follow_up_to_be_reconfirmed(kit_cli, write_kit, tmp_path: Path):
    old = write_kit("2026/kit.toml", NOT_YET + """
[stages.recommendation]
status = "done"
[stages.recommendation.override]
verdict = "go_with_conditions"
reason = "The owner promised"
""")
    new = tmp_path / "2027" / "kit-again.toml"
    new.parent.mkdir()
    result = kit_cli("recheck", str(old), "-o", str(new))
    assert result.returncode == 0, result.stderr
    assert str(new) in result.stdout
    data = tomllib.loads(new.read_text("utf-8"))
    info = data["session"]
    assert info["previous"] == "../2026/kit.toml"
    assert (info["previous_verdict"], info["previous_score"]) == ("not_yet", 50)
    assert info["previous_date"] == date(2026, 3, 2)
    assert info["created"].date() != date(2026, 3, 2)
    assert "updated" not in info
    assert {stage: record["status"] for stage, record in data["stages"].items()} == {
        "plan": "in_progress", "crew": "in_progress", "recommendation": "in_progress"}
    assert data["stages"]["crew"]["answers"]["mood"] == "keen"
    assert data["stages"]["crew"]["notes"].startswith("SECRET NOTE")  # the facilitator's, kept
    assert "override" not in data["stages"]["recommendation"]  # that day's judgement, not kept
    assert kit_cli("validate", str(new)).returncode == 0


def test_recheck_never_overwrites(kit_cli, write_kit, tmp_path: Path):
    old = write_kit()
    taken = tmp_path / "taken.toml"
    taken.write_text("not mine", "utf-8")
    result = kit_cli("recheck", str(old), "-o", str(taken))
    assert result.returncode == 1
    assert "already exists" in result.stderr and str(taken) in result.stderr
    assert taken.read_text("utf-8") == "not mine"
    # onto itself, neither
    before = old.read_bytes()
    assert kit_cli("recheck", str(old), "-o", str(old)).returncode == 1
    assert old.read_bytes() == before


def test_recheck_default_name_beside_the_file_once(kit_cli, write_kit, tmp_path: Path):
    old = write_kit()
    first = kit_cli("recheck", str(old))
    assert first.returncode == 0, first.stderr
    made = sorted(tmp_path.glob("kit-recheck-*.toml"))
    assert len(made) == 1
    second = kit_cli("recheck", str(old))
    assert second.returncode == 1
    assert "-o" in second.stderr
    assert sorted(tmp_path.glob("kit-recheck-*.toml")) == made
    assert not list(tmp_path.glob(".*.tmp"))


def test_recheck_bad_input_is_named_and_nothing_written(kit_cli, tmp_path: Path):
    broken = tmp_path / "broken.toml"
    broken.write_text("schema_version = 1\n[session\n", "utf-8")
    result = kit_cli("recheck", str(broken), "-o", str(tmp_path / "out.toml"))
    assert result.returncode == 1
    assert result.stderr.startswith(f"{broken}:2: ")
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "out.toml").exists()


def test_diff_shows_answers_findings_and_the_verdict_over_time(kit_cli, write_kit,
                                                              tmp_path: Path):
    old = write_kit("kit.toml")
    second = tmp_path / "kit-2.toml"
    assert kit_cli("recheck", str(old), "-o", str(second)).returncode == 0
    text = second.read_text("utf-8")
    second.write_text(text.replace('lead = ""', 'lead = "Ana"'), "utf-8")
    third = tmp_path / "kit-3.toml"
    assert kit_cli("recheck", str(second), "-o", str(third)).returncode == 0
    third.write_text(third.read_text("utf-8").replace("months = 3", "months = 8"), "utf-8")

    result = kit_cli("diff", str(old), str(third), "--format", "json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    changes = [change["text"] for stage in data["answers"] for change in stage["changes"]]
    assert changes == ["Months: 3 → 8", "Lead: no answer → Ana"]
    assert [f["code"] for f in data["findings"]["resolved"]] == ["plan.too_short",
                                                                 "crew.no_lead"]
    assert [f["code"] for f in data["findings"]["new"]] == ["plan.short"]
    timeline = [(p["verdict"], p["score"]) for p in data["timeline"]]
    assert timeline == [("not_yet", 50), ("not_yet", 59), ("go_with_conditions", 92)]
    assert data["timeline"][-1]["provisional"] is True

    text_out = kit_cli("diff", str(old), str(third))
    assert text_out.returncode == 0
    assert "Months: 3 → 8" in text_out.stdout
    assert "Go, with conditions (provisional)" in text_out.stdout
    assert "SECRET NOTE" not in text_out.stdout

    markdown = kit_cli("diff", str(old), str(third), "--format", "markdown")
    assert markdown.returncode == 0
    assert "- Months: 3 → 8" in markdown.stdout
    assert "| 2026-03-02 | Not yet | 50/100 |" in markdown.stdout


def test_diff_matches_list_items_by_what_names_them(kit_cli, write_kit):
    old = write_kit("a.toml", FIXED)
    # the same networks in another order, one deselected, one added
    new = write_kit("b.toml", FIXED.replace(
        """    { id = "instagram", fit = 3, selected = true },
    { id = "tiktok", fit = 1, selected = false },""",
        """    { id = "tiktok", fit = 1, selected = false },
    { id = "instagram", fit = 3, selected = false },
    { id = "linkedin", fit = 2, selected = true },"""))
    result = kit_cli("diff", str(old), str(new), "--format", "json")
    assert result.returncode == 0, result.stderr
    changes = [c["text"] for s in json.loads(result.stdout)["answers"] for c in s["changes"]]
    assert changes == ["Instagram › Selected: yes → no", "Channels: + LinkedIn"]


def test_diff_of_broken_files_exits_1(kit_cli, write_kit, tmp_path: Path):
    good = write_kit()
    bad = tmp_path / "bad.toml"
    bad.write_text('schema_version = 1\n[session]\norganisation = ""\n', "utf-8")
    result = kit_cli("diff", str(good), str(bad))
    assert result.returncode == 1
    assert f"{bad}:" in result.stderr and "Traceback" not in result.stderr


def test_whatif_command_in_every_format(kit_cli, write_kit):
    path = write_kit(lang="fr")
    text = kit_cli("whatif", str(path))
    assert text.returncode == 0, text.stderr
    assert "Aujourd'hui\u00a0: Pas encore, 50/100" in text.stdout
    assert "Plan › Durée (mois)\u00a0: 3 → 12" in text.stdout
    data = json.loads(kit_cli("whatif", str(path), "--format", "json").stdout)
    assert data["verdict"] == "not_yet"
    assert data["sets"][0]["verdict"] == "go"
    assert [c["path"] for c in data["sets"][0]["changes"]] == [["months"], ["lead"]]
    markdown = kit_cli("whatif", str(path), "--format", "markdown", "--lang", "en").stdout
    assert "1. **→ Go, 100/100**" in markdown
    assert "    - Crew › Lead: fill in" in markdown


def test_whatif_on_a_go_says_so(kit_cli, write_kit):
    result = kit_cli("whatif", str(write_kit(body=FIXED)))
    assert result.returncode == 0
    assert "already Go" in result.stdout


def test_progress_section_for_the_report(kit_host, write_kit, tmp_path: Path, kit_cli):
    from workshop.engine.recommendation import recommend
    from workshop.report import prepare
    from workshop.report.markdown import render_markdown
    from workshop.session.io import load_session

    old = write_kit()
    new = tmp_path / "again.toml"
    assert kit_cli("recheck", str(old), "-o", str(new)).returncode == 0
    new.write_text(new.read_text("utf-8").replace('lead = ""', 'lead = "Ana"'), "utf-8")
    host = kit_host()
    recommendation = recommend(load_session(new), host)
    # computed before rendering (report.inputs), laid out by the renderer
    inputs = prepare(recommendation, host, path=new)
    assert inputs.progress is not None and len(inputs.progress.timeline) == 2
    markdown = render_markdown(recommendation, host, inputs)
    assert "| 2 March 2026 | Not yet | 50/100 |" in markdown
    assert "- Nobody leads." in markdown  # md() escapes only what could become markup
    # without the path: what the follow-up recorded is enough for the timeline
    short = render_markdown(recommendation, host, prepare(recommendation, host))
    assert "| 2 March 2026 | Not yet | 50/100 |" in short
    # a session that follows nothing has no progress section
    assert prepare(recommend(load_session(old), host), host, path=old).progress is None
    # the what-if advice, computed for a memo that is not a go
    if inputs.whatif is not None:
        # worded as advice (issue 14 review): "Raise “Months” from 3 to 12"
        # and said once as "too early to tell" when too little was discussed
        assert ("Raise “Months” from 3 to 12" in markdown or inputs.whatif.sets == []
                or (inputs.whatif.too_little and "Too early to tell" in markdown))


def test_history_survives_a_loop_and_a_missing_file(kit_host, write_kit, tmp_path: Path):
    from workshop.engine.followup import history
    from workshop.session.io import load_session

    link = '\nprevious = "{name}"\nprevious_verdict = "no_go"\nprevious_score = 39\n'
    a = write_kit("a.toml", NOT_YET)
    b = write_kit("b.toml", FIXED)
    for path, other in ((a, "b.toml"), (b, "a.toml")):  # each names the other: a loop
        text = path.read_text("utf-8").replace('language = "en"',
                                               'language = "en"' + link.format(name=other))
        path.write_text(text, "utf-8")
    host = kit_host()
    points = history(b, load_session(b), host)
    assert [p.verdict for p in points] == ["no_go", "go"]  # a as recorded by b, then b; cut
    gone = write_kit("c.toml", FIXED)
    gone.write_text(gone.read_text("utf-8").replace(
        'language = "en"', 'language = "en"\nprevious = "deleted.toml"'), "utf-8")
    points = history(gone, load_session(gone), host)
    assert [(p.verdict, p.source) for p in points] == [(None, "missing"), ("go", "computed")]
