"""Hostile client text shows as text in every report: no markup, no HTML, no escape sequence."""

from __future__ import annotations

import re

import pytest
from markdown_it import MarkdownIt
from report_support import ALLOWED_TAGS, check_html, fixture, recommendation_of

from workshop.plugins import PluginHost
from workshop.report import ReportInputs, prepare
from workshop.report.html import render_html
from workshop.report.markdown import render_markdown
from workshop.report.text import render_text

HOSTILE = fixture("hostile_en.toml")
# Control characters other than newline: none may reach a report (ESC would drive the terminal).
CONTROL = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
# What the client typed, as it must read in every report (control characters dropped).
SHOWN = [
    "[bold red]Evil[/bold red]",
    "<script>alert('org')</script>",
    "**Co**",
    "[31mRED[0m",
    "[link=https://evil.example]Mallory[/link]",
    "<b>Bob</b> & \"Alice\"",
    "# not a heading",
    "1. not a list",
    "<iframe src=https://evil.example></iframe>",
    "[blink]100[/blink]",
    "![img](https://evil.example/x.png) [click](javascript:alert(1))",
    "</td></tr></table><h1>Owned</h1>",
    "<script>alert('reason')</script> [bold]trust me[/bold]",
    "<style>body{display:none}</style> ${jndi} {{template}}",
    "> not a quote",
]


@pytest.fixture
def recommendation(host: PluginHost):  # noqa: ANN201
    return recommendation_of(HOSTILE, host)


def noted(recommendation, host: PluginHost) -> ReportInputs:  # noqa: ANN001
    """The hostile notes must show as text too: the memo is asked for with them."""
    return prepare(recommendation, host, with_notes=True)


def flat(text: str) -> str:
    return " ".join(text.replace("\u00a0", " ").split())


def test_text_report_shows_markup_as_text(recommendation, host: PluginHost) -> None:  # noqa: ANN001
    for color in (False, True):
        text = render_text(recommendation, host, width=400, color=color,
                           inputs=noted(recommendation, host))
        plain = re.sub("\x1b\\[[0-9;]*m", "", text) if color else text
        for shown in SHOWN:
            assert shown in flat(plain), (color, shown)
        if not color:
            assert not CONTROL.search(text)
    # the colour version has rich's own styles, and nothing else: no link, no screen clear
    coloured = render_text(recommendation, host, width=400, color=True)
    assert "\x1b]8;" not in coloured and "\x1b[2J" not in coloured and "\x07" not in coloured


def test_html_report_shows_markup_as_text(recommendation, host: PluginHost) -> None:  # noqa: ANN001
    document = render_html(recommendation, host, noted(recommendation, host))
    parsed = check_html(document)
    assert parsed.errors == [] and parsed.stack == []
    assert set(parsed.tags) <= ALLOWED_TAGS
    assert parsed.tags.count("h1") == 1 and parsed.tags.count("style") == 1
    names = {name for name, _ in parsed.attributes}
    assert not any(name.startswith("on") for name in names)
    assert not names & {"src", "href"}
    assert not CONTROL.search(document.replace("\t", ""))
    text = flat("".join(parsed.text))
    for shown in SHOWN:
        assert shown in text, shown


def test_markdown_report_shows_markup_as_text(recommendation, host: PluginHost) -> None:  # noqa: ANN001
    document = render_markdown(recommendation, host, noted(recommendation, host))
    assert not CONTROL.search(document)
    rendered = MarkdownIt("commonmark").enable(["table", "strikethrough"]).render(document)
    parsed = check_html(rendered)
    allowed = {"h1", "h2", "h3", "h4", "p", "em", "strong", "ul", "ol", "li", "table", "thead",
               "tbody", "tr", "th", "td", "code", "pre", "blockquote", "hr", "br"}
    assert set(parsed.tags) <= allowed, set(parsed.tags) - allowed
    assert parsed.errors == []
    text = flat("".join(parsed.text))
    for shown in SHOWN:
        assert shown in text, shown
    # the client's markup made no emphasis: the only <strong> texts are the report's own
    assert "<strong>Co</strong>" not in rendered and "<h1>Owned" not in rendered


def test_whatif_and_progress_html_drop_control_characters() -> None:
    """The what-if and progress sections go through the HTML report's own escaping too."""
    from datetime import date

    from workshop.engine.followup import Snapshot
    from workshop.engine.whatif import Change, ChangeSet
    from workshop.report.whatif import render_progress, render_whatif

    typed = "\x1b[31mRED\x1b[0m <b>Bob</b>"
    change = Change("crew", ("lead",), "set", typed, None, f"Crew › Lead: {typed}")
    sets = [ChangeSet(changes=[change], verdict="go", score=90)]
    timeline = [Snapshot(file=typed, date=date(2026, 1, 1), verdict="go", score=90)]
    for part in (*render_whatif("en", sets, True, "html"),
                 *render_progress("en", timeline, [], [], "html", title=typed)):
        assert not CONTROL.search(part)
        assert "[31mRED[0m &lt;b&gt;Bob&lt;/b&gt;" in part
