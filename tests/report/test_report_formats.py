"""Every session gives a Markdown, an HTML and a terminal report with all a client takes home."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from report_support import (
    ALLOWED_TAGS,
    FIXTURES,
    ROOT,
    check_html,
    fixture,
    recommendation_of,
    session_files,
)
from rich.console import Console

from workshop import ReportSection, hookimpl
from workshop.engine.recommendation import Recommendation, session_date
from workshop.plugins import PluginHost
from workshop.report import prepare, render
from workshop.report.content import long_date, number
from workshop.report.html import render_html
from workshop.report.markdown import md, render_markdown
from workshop.report.text import month_span, render_text, renderables, stage_title
from workshop.session.io import load_session


def html_text(document: str) -> str:
    """What a reader sees: the text of the page, with French no-break spaces as spaces."""
    return " ".join("".join(check_html(document).text).replace("\u00a0", " ").split())


def md_text(document: str) -> str:
    """Markdown with its escapes removed, on one line per paragraph."""
    return re.sub(r"\\(.)", r"\1", document)


@pytest.mark.parametrize("path", session_files(), ids=lambda p: p.name)
@pytest.mark.parametrize("fmt", ["markdown", "html"])
def test_every_session_gives_a_report_file(cli: Callable, path: Path, fmt: str,
                                           tmp_path: Path) -> None:
    out = tmp_path / f"report.{fmt}"
    result = cli("report", str(path), "--format", fmt, "-o", str(out))
    assert result.returncode == 0, result.stderr
    assert result.stdout == ""
    document = out.read_text("utf-8")
    # an unknown figure is said in words, never glued to a unit
    assert not re.search(r"(not known yet|pas encore connu) h\b", document)
    organisation = load_session(path).session.organisation
    if fmt == "html":
        parsed = check_html(document)
        assert parsed.errors == [] and parsed.stack == []
        assert set(parsed.tags) <= ALLOWED_TAGS
        assert document.startswith("<!DOCTYPE html>")
        if "<" not in organisation:
            assert organisation.split()[0] in html_text(document)
    else:
        assert document.startswith("# ")
        if "<" not in organisation:
            assert organisation.split()[0] in md_text(document)


@pytest.mark.parametrize("path", session_files(), ids=lambda p: p.name)
def test_the_terminal_report_fits_80_columns(host: PluginHost, path: Path) -> None:
    text = render_text(recommendation_of(path, host), host)
    assert max(len(line) for line in text.splitlines()) <= 80
    assert "Traceback" not in text


def test_html_is_self_contained(host: PluginHost) -> None:
    document = render_html(recommendation_of(fixture("boulangerie_fr.toml"), host), host)
    parsed = check_html(document)
    names = {name for name, _ in parsed.attributes}
    assert not names & {"src", "href", "srcset", "action", "data"}
    assert not any(name.startswith("on") for name in names)
    assert "<script" not in document.lower()
    assert "http://" not in document and "https://" not in document.replace(
        "http://www.w3.org", "")
    assert "Content-Security-Policy" in document and "default-src 'none'" in document
    assert '<html lang="fr">' in document
    assert "@page" in document and "@media print" in document and "@media (max-width" in document


def texts(recommendation: Recommendation, host: PluginHost,
          **options: bool) -> dict[str, str]:
    """The memo in the three formats, as a reader sees it (no-break spaces as spaces)."""
    inputs = prepare(recommendation, host, **options)
    return {"markdown": " ".join(md_text(render_markdown(recommendation, host, inputs))
                                 .replace("\u00a0", " ").split()),
            "html": html_text(render_html(recommendation, host, inputs)),
            "text": " ".join(render_text(recommendation, host, width=200, inputs=inputs)
                             .replace("\u00a0", " ").split())}


def flat(text: str) -> str:
    return " ".join(text.replace("\u00a0", " ").split())


def test_go_with_conditions_memo_has_what_a_client_acts_on(host: PluginHost) -> None:
    recommendation = recommendation_of(fixture("boulangerie_fr.toml"), host)
    assert recommendation.verdict == "go_with_conditions"
    session = recommendation.evaluation.session
    day = session_date(session)
    for fmt, document in texts(recommendation, host).items():
        for person in ["Claire Dubois", *session.session.participants]:
            assert person in document, (fmt, person)
        assert long_date("fr", day) in document
        assert "On y va, sous conditions" in document
        # page 1: the reasons, the conditions with who and by when, the first review
        assert document.index("Pourquoi") < document.index("Prochaines étapes") < document.index(
            "Le plan"), fmt
        for item in recommendation.condition_items:
            assert flat(item.text) in document and item.owner in document, (fmt, item.code)
            assert long_date("fr", item.due) in document, fmt
        # the plan: goals, networks and rhythm, hours, steps, milestones, once each
        for step in recommendation.action_plan:
            assert flat(step.title) in document, (fmt, step.title)
            for task in step.tasks:
                assert flat(task) in document, (fmt, task)
        for milestone in recommendation.milestones:
            assert long_date("fr", milestone.date) in document, fmt
        for row in recommendation.network_rows:
            assert row.name in document
        # every finding in the annex, its source as a reader looks it up
        for finding in recommendation.findings:
            assert flat(finding.text("advice", "fr")) in document, (fmt, finding.code)
            if finding.quote:
                assert flat(finding.quote) in document, (fmt, finding.code)
        assert "seed 0" not in document
        assert "Fred Cavazza" in document and "2010 à 2014" in document
        # no date a machine writes, no command, no English line
        assert not re.search(r"\b20\d\d-\d\d-\d\d\b", document), fmt
        assert "workshop recheck" not in document
        # the notes are private by default
        for record in session.stages.values():
            for line in record.notes.splitlines():
                assert line.strip() not in document, (fmt, line)
        assert document.count("Notes de l'animateur") == 0
        assert "Ce qui vous permettrait d'y aller" not in document  # not in a go memo


def test_notes_are_in_only_when_asked(host: PluginHost, cli: Callable, tmp_path: Path) -> None:
    recommendation = recommendation_of(fixture("boulangerie_fr.toml"), host)
    session = recommendation.evaluation.session
    noted = [line.strip() for record in session.stages.values()
             for line in record.notes.splitlines() if line.strip()]
    assert noted
    for fmt, document in texts(recommendation, host, with_notes=True).items():
        assert "Notes de l'animateur" in document, fmt
        for line in noted:
            assert flat(line) in document, (fmt, line)
    plain = cli("report", str(fixture("boulangerie_fr.toml")), "--format", "markdown")
    noted_cli = cli("report", str(fixture("boulangerie_fr.toml")), "--format", "markdown",
                    "--with-notes")
    assert plain.returncode == noted_cli.returncode == 0
    assert noted[0] not in md_text(plain.stdout) and "Notes de l" not in plain.stdout
    assert "Notes de l" in noted_cli.stdout


def test_hours_add_up_and_money_is_shown(host: PluginHost) -> None:
    recommendation = recommendation_of(fixture("boulangerie_fr.toml"), host)
    markdown = render_markdown(recommendation, host, prepare(recommendation, host))
    breakdown = recommendation.workload_breakdown
    assert breakdown and abs(sum(breakdown.values()) - recommendation.workload_hours) < 0.11
    for row in recommendation.network_rows:
        shown = number("fr", row.hours)
        assert re.search(rf"\| {row.name}.* \| {re.escape(shown)} \|", markdown), row.name
    assert "h par semaine" in markdown and "h/semaine" not in markdown
    if recommendation.monthly_cost is not None:
        assert "€" in markdown
    html = html_text(render_html(recommendation, host))
    assert "Le plan tient dans le temps disponible." in html


def test_answers_annex_uses_the_stages_own_words(host: PluginHost) -> None:
    recommendation = recommendation_of(fixture("boulangerie_fr.toml"), host)
    html = html_text(render_html(recommendation, host))
    markdown = md_text(render_markdown(recommendation, host))
    evaluation = recommendation.evaluation
    checked = 0
    for outcome in evaluation.outcomes.values():
        if outcome.answers is None or not outcome.stage.scored or not outcome.evaluated:
            continue
        for name, value in outcome.answers:
            title = outcome.stage.text("fr", "questions", name, "title")
            assert title, (outcome.id, name)
            assert title in html and title in markdown
            if isinstance(value, str) and outcome.stage.text("fr", "choices", value):
                label = outcome.stage.text("fr", "choices", value)
                assert label in html and label in markdown
                checked += 1
    assert checked >= 5
    assert html.index("Annexe") > html.index("Le plan")


def test_override_shows_both_verdicts_and_the_reason(host: PluginHost) -> None:
    recommendation = recommendation_of(fixture("consulting_en.toml"), host)
    assert recommendation.override is not None
    assert recommendation.verdict != recommendation.computed_verdict
    for document in texts(recommendation, host).values():
        assert "Go, with conditions" in document
        assert "Verdict from the rules" in document and "Not yet" in document
        assert flat(recommendation.override.reason) in document
        # "go, once the conditions below are in place": there are next steps below
        assert "Next steps" in document


def test_no_go_says_no_with_alternatives_and_no_network_plan(host: PluginHost) -> None:
    recommendation = recommendation_of(fixture("soustraitant_fr.toml"), host)
    assert recommendation.verdict == "no_go" and recommendation.alternatives
    for fmt, document in texts(recommendation, host).items():
        structural = document.index("Pourquoi les médias sociaux ne sont pas")
        instead = document.index("Que faire à la place")
        assert structural < instead < document.index("Annexe"), fmt
        for alternative in recommendation.alternatives:
            assert document.count(flat(alternative)) == 1, (fmt, alternative)
        assert "Heures et budget" not in document and "Charge de travail" not in document
        assert "Nous n'avons pas abordé ton" in document.lower() or "ton" in document
        assert document.count("L'écoute, quoi que vous décidiez") == 1, fmt


def test_provisional_memo_says_so_at_the_top(host: PluginHost) -> None:
    recommendation = recommendation_of(fixture("provisional_fr.toml"), host)
    assert recommendation.provisional
    for fmt, document in texts(recommendation, host).items():
        top = document.index("première lecture")
        assert top < document.index("Notre recommandation"), fmt
        for stage in recommendation.pending_stages:
            named = re.escape(stage_title(recommendation, stage))
            assert re.search(rf"«\s{named}\s»", document[top:top + 400]), fmt


def test_go_memo_without_findings(host: PluginHost) -> None:
    recommendation = recommendation_of(fixture("studio_en.toml"), host)
    assert recommendation.verdict == "go" and not recommendation.findings
    for document in texts(recommendation, host).values():
        assert "The plan" in document and "Next steps" in document
        assert "What would get you to go" not in document


def test_not_yet_leads_with_the_blockers_and_advises(host: PluginHost) -> None:
    path = ROOT / "sessions" / "examples" / "not-yet-cabinet-presse.toml"
    recommendation = recommendation_of(path, host)
    assert recommendation.verdict == "not_yet"
    blockers = [f for f in recommendation.findings if f.severity == "blocker"]
    for fmt, document in texts(recommendation, host).items():
        why = document.index("Pourquoi")
        for finding in blockers:
            assert why < document.index(flat(finding.text("message", "fr"))), fmt
        assert "Ce qui vous permettrait d'y aller" in document, fmt
        assert document.count("Nouveau point") == 1, fmt
        assert long_date("fr", recommendation.recheck_date) in document


class ExtraSection:
    """A plugin that adds a report section, and one whose section breaks."""

    @hookimpl
    def register_report_sections(self, register: Callable[[ReportSection], None]) -> None:
        register(ReportSection(id="budget", title={"fr": "Budget <b>", "en": "Budget <b>"},
                               render=lambda evaluation, lang: ["Line [bold]one[/bold]", "two"]))
        register(ReportSection(id="broken", title={"fr": "X", "en": "X"},
                               render=lambda evaluation, lang: 1 / 0))


def test_plugin_sections_appear_in_every_format(make_host: Callable) -> None:
    host = make_host(("extra", ExtraSection()))
    recommendation = recommendation_of(fixture("studio_en.toml"), host)
    html = render_html(recommendation, host)
    assert "Budget &lt;b&gt;" in html and "Line [bold]one[/bold]" in html
    assert "## Budget \\<b\\>" in render_markdown(recommendation, host)
    assert "Line [bold]one[/bold]" in render_text(recommendation, host)
    assert any("broken" in problem for problem in host.problems)


def test_renderables_serve_the_app(host: PluginHost) -> None:
    """The app draws the report with ``renderables``; the helpers it imports stay."""
    recommendation = recommendation_of(fixture("boulangerie_fr.toml"), host)
    console = Console(width=60, record=True, file=open("/dev/null", "w"))  # noqa: SIM115
    for part in renderables(recommendation, host):
        console.print(part)
    assert "On y va, sous conditions" in console.export_text()
    assert month_span("en", 2, 4) == "months 2–4" and month_span("fr", 3, 3) == "mois 3"
    assert render(recommendation, "text", host) == render_text(recommendation, host)


@pytest.mark.parametrize("fmt", ["text", "markdown", "html", "json"])
def test_a_recommendation_without_its_evaluation_still_renders(host: PluginHost,
                                                               fmt: str) -> None:
    """A plugin's build_recommendation may hand back a bare Recommendation."""
    recommendation = recommendation_of(fixture("boulangerie_fr.toml"), host)
    bare = dataclasses.replace(recommendation, evaluation=None)
    assert "Boulangerie Martin" in render(bare, fmt, host)


def test_markdown_escaping_keeps_ordinary_text_readable() -> None:
    assert md("Marie Martin (gérante)") == "Marie Martin (gérante)"
    assert md("l'équipe : 3,5 h") == "l'équipe : 3,5 h"
    assert md("# one") == "\\# one" and md("12. x") == "12\\. x" and md("- x") == "\\- x"
    assert md("3.8") == "3.8" and md("-5 h") == "-5 h" and md("#1") == "#1"
    assert md("a|b") == "a\\|b" and md("<b>") == "\\<b\\>" and md("*x*") == "\\*x\\*"


def test_fixtures_exist() -> None:
    assert len(FIXTURES) >= 5
