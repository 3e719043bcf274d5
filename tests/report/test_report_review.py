"""The consultant's review of the memo (issue 14, second pass): what a client reads is right.

Through the public interface: ``workshop report FILE --format …`` as a subprocess, or the
report functions on session files.
"""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from report_support import ROOT, check_html, fixture, recommendation_of, session_files

from workshop.plugins import PluginHost
from workshop.report import prepare
from workshop.report.content import build_content
from workshop.report.markdown import render_markdown

DEMO = ROOT / "sessions" / "demo-boulangerie-martin.toml"
NOT_YET = ROOT / "sessions" / "examples" / "not-yet-cabinet-presse.toml"
NO_GO = ROOT / "sessions" / "examples" / "no-go-copy-competitors.toml"
EXAMPLES = [DEMO, *sorted((ROOT / "sessions" / "examples").glob("*.toml"))]


def report(cli: Callable, path: Path, fmt: str, *args: str, columns: int = 100) -> str:
    done = cli("report", str(path), "--format", fmt, *args, env={"COLUMNS": str(columns)})
    assert done.returncode == 0, done.stderr
    return done.stdout


def plain(text: str) -> str:
    return " ".join(text.replace("\u00a0", " ").split())


def test_a_step_all_in_place_is_shown_done_without_dates(cli: Callable) -> None:
    data = json.loads(report(cli, DEMO, "json"))
    done = [step["title"] for step in data["action_plan"] if step["in_place"]]
    assert done, "the demo has steps already in place"
    markdown = report(cli, DEMO, "markdown")
    text = report(cli, DEMO, "text")
    html = report(cli, DEMO, "html")
    for title in done:
        line = next(line for line in markdown.splitlines() if f"**{title}**" in line)
        assert line.endswith("*déjà en place*") and " du " not in line, line
        line = next(line for line in text.splitlines() if title in line and ". " in line)
        assert "[déjà en place]" in line and " du " not in line, line
    assert html.count('<li class="step done">') == len(done)
    # a step with work to do keeps its dates
    assert re.search(r"\*\*Être présent\*\* — \*du .+ au .+\*", markdown)


@pytest.mark.parametrize(("lang", "one", "other"), [
    ("fr", "1 publication par semaine", "3 publications par semaine"),
    ("en", "1 post a week", "3 posts a week"),
])
def test_network_rhythm_says_its_plurals(host: PluginHost, lang: str, one: str,
                                         other: str) -> None:
    recommendation = recommendation_of(DEMO, host, lang)
    rows = recommendation.network_rows
    assert rows and rows[0].posts_per_week == 3
    before = plain(render_markdown(recommendation, host, prepare(recommendation, host)))
    assert other in before
    rows[0].posts_per_week = 1
    after = plain(render_markdown(recommendation, host, prepare(recommendation, host)))
    assert one in after
    assert "1 publications" not in after and "1 posts" not in after


def test_not_yet_next_steps_are_the_fix_steps_items_with_their_owners(cli: Callable) -> None:
    data = json.loads(report(cli, NOT_YET, "json"))
    fix = next(step for step in data["action_plan"] if step["code"] == "fix")
    markdown = report(cli, NOT_YET, "markdown")
    table = markdown.split("## Prochaines étapes")[1].split("\n\n")[1]
    rows = [row for row in table.splitlines() if row.startswith("| ") and "---" not in row][1:]
    assert len(rows) == len(fix["items"])
    for row, item in zip(rows, fix["items"], strict=True):
        assert item["owner"] in row, row
        assert "à désigner" not in row


def test_too_little_is_asked_once_then_said_once(cli: Callable, host: PluginHost) -> None:
    path = fixture("provisional_fr.toml")
    recommendation = recommendation_of(path, host)
    assert recommendation.verdict == "not_yet" and recommendation.too_little
    too_little = next(f for f in recommendation.findings
                      if f.code == "recommendation.too_little")
    content = build_content(recommendation, host, prepare(recommendation, host))
    assert too_little.code not in {f.code for f in content.then_before}
    text = plain(report(cli, path, "text"))
    advice = text.split("Ce qui vous permettrait d'y aller")[1].split("L'écoute")[0]
    assert "Trop tôt pour le dire" in advice
    assert "Aucun changement" not in advice


@pytest.mark.parametrize("columns", [60, 80, 100])
def test_no_terminal_line_starts_with_a_french_closing_mark(cli: Callable,
                                                           columns: int) -> None:
    for path in EXAMPLES:
        for lang in ("fr", "en"):
            out = report(cli, path, "text", "--lang", lang, columns=columns)
            out += cli("whatif", str(path), env={"COLUMNS": str(columns)}).stdout
            for line in out.splitlines():
                assert not line.lstrip(" │").startswith((":", ";", "?", "!", "»")), (
                    path.name, lang, columns, line)


@pytest.mark.parametrize("fmt", ["text", "markdown", "html"])
def test_english_quotes_are_english(cli: Callable, fmt: str) -> None:
    for path in (NO_GO, DEMO, NOT_YET):
        out = report(cli, path, fmt, "--lang", "en")
        assert "«" not in out and "»" not in out, path.name
        assert "“" in out


def test_a_source_line_is_said_once_per_section(host: PluginHost) -> None:
    for path in session_files():
        for lang in ("fr", "en"):
            recommendation = recommendation_of(path, host, lang)
            content = build_content(recommendation, host)
            for finding in content.all_findings:
                labels = [cite.label(lang) for cite in finding.citations]
                assert len(labels) == len(set(labels)), (path.name, finding.code, labels)


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_no_agency_budget_says_no_agency(cli: Callable, lang: str) -> None:
    for fmt in ("text", "markdown", "html"):
        out = plain(report(cli, DEMO, fmt, "--lang", lang))
        assert "0 €" not in out.replace("1 325 €", "").replace("€1,325", "")
        assert "agence" not in out and "of agency" not in out
        assert ("Le temps de travail, au taux horaire" if lang == "fr"
                else "Working time, at the hourly rate") in out


def test_the_tuning_in_force_is_named_in_the_annex(cli: Callable, tmp_path: Path) -> None:
    session = tmp_path / "session.toml"
    shutil.copy(DEMO, session)
    settings = tmp_path / "agency.toml"
    settings.write_text("hourly_rate = 45.0\n", encoding="utf-8")
    before = report(cli, session, "markdown")
    assert "Réglages appliqués" not in before
    done = cli("settings", "apply", str(settings), str(session))
    assert done.returncode == 0, done.stderr
    for fmt in ("text", "markdown", "html"):
        out = plain(report(cli, session, fmt))
        annex = out.split("Annexe")[-1]
        assert re.search(r"Réglages appliqués : agency\.toml \(empreinte [0-9a-f]{8}\)",
                         annex), fmt
        assert str(tmp_path) not in out  # the file's name, not the facilitator's folders
        assert out.count("Réglages appliqués") == 1


def test_an_unknown_stage_is_named_at_the_top_with_what_to_install(cli: Callable,
                                                                   tmp_path: Path) -> None:
    session = tmp_path / "session.toml"
    text = DEMO.read_text(encoding="utf-8")
    session.write_text(text + '\n[stages.seo]\nstatus = "done"\nplugin = "workshop-seo 2.1.0"\n'
                       "[stages.seo.answers]\nkeywords = 3\n", encoding="utf-8")
    data = json.loads(report(cli, session, "json"))
    assert "seo" in data["unknown_stages"]
    for fmt in ("text", "markdown", "html"):
        out = plain(report(cli, session, fmt))
        if fmt == "html":
            out = plain("".join(check_html(report(cli, session, fmt)).text))
        line = "L'étape « seo » a été remplie avec l'extension workshop-seo 2.1.0"
        assert line in out, fmt
        assert out.index(line) < out.index("Prochaines étapes"), fmt
        assert "Installez workshop-seo 2.1.0" in out


@pytest.mark.parametrize(("lang", "expected"), [
    ("en", "Choose another goal, such as visibility and awareness, instead of doing what "
           "competitors do: that would open the way to “"),
    ("fr", "Retenez comme objectif « visibilité et notoriété », par exemple, plutôt que "
           "« faire comme les concurrents » : cela ouvrirait la voie à « "),
])
def test_what_would_get_you_to_go_reads_as_advice(cli: Callable, lang: str,
                                                  expected: str) -> None:
    for fmt in ("text", "markdown"):
        out = plain(report(cli, NO_GO, fmt, "--lang", lang).replace("\\", ""))
        assert expected in out, fmt
        assert "›" not in out.split("Listening")[0].split("L'écoute")[0]
