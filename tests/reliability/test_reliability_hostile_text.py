"""Hostile text: whatever a client types (markup of every renderer, ANSI escapes, control
characters, bidi overrides) is shown as text in the terminal report, Markdown, HTML and JSON,
through the command line. The session file itself keeps it exactly."""

from __future__ import annotations

import json
import os
import re
import subprocess
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from reliability_support import FULL_SESSION, run_main, run_process
from support import workshop_command, workshop_env, write_session

from workshop.session import load_session
from workshop.session.store import SessionStore

HOSTILE = [
    "[bold red]BOOM[/bold red]",
    "[link=https://evil.example]click me[/link]",
    "[/]",
    "[",
    "\\[escaped\\] [red",
    "<script>alert('x')</script>",
    "<img src=x onerror=alert(1)>",
    "<iframe src=https://evil.example></iframe>",
    "<style>body{display:none}</style>",
    "</td></tr></table><h1>Owned</h1>",
    "<!-- hidden -->visible",
    "&lt;already escaped&gt; &amp; &#x3C;",
    "\x1b[31mRED\x1b[0m",
    "\x1b]0;pwned title\x07",
    "\x1b[2J\x1b[Hcleared",
    "\x1b]8;;https://evil.example\x1b\\link\x1b]8;;\x1b\\",
    "\x9b31mC1 escape",
    "bell\x07 backspace\x08 null\x00 del\x7f",
    "carriage\rreturn",
    "tab\there",
    "\u202eevil override\u202c",
    "\u2066isolate\u2069",
    "zero\u200bwidth",
    "**bold** _it_ `code` ~~strike~~",
    "# not a heading",
    "> not a quote",
    "1. not a list",
    "| a | b |\n|---|---|",
    "[x](javascript:alert(1))",
    "![img](https://evil.example/x.png)",
    "<https://evil.example>",
    "{{ template }} {0} %s ${jndi:ldap://x}",
    "'; DROP TABLE sessions; --",
    "emoji 🎉 𝕏 ǅ",
    "line one\nline two\n    indented code?",
]


def visible(text: str) -> str:
    """What a reader should see: the characters, minus controls, invisible marks and spaces."""
    return re.sub(r"\s+", "", "".join(ch for ch in text if ch.isprintable()))


def flat(output: str) -> str:
    """A report's text with whitespace, box drawing and invisible marks gone, so that wrapped
    lines join up and compare with ``visible``."""
    return visible(re.sub(r"[\u2500-\u257f\u00a0]+", "", output))


def assert_no_controls(output: str, where: str) -> None:
    bad = [ch for ch in output if (ord(ch) < 32 and ch not in "\n\t") or 0x7F <= ord(ch) < 0xA0
           or 0x202A <= ord(ch) <= 0x202E or 0x2066 <= ord(ch) <= 0x2069]
    assert not bad, f"{where}: raw control characters {sorted(set(map(repr, bad)))}"


def hostile_session(text: str) -> dict[str, Any]:
    """The full session with ``text`` in every field a person types."""
    import tomllib

    data = tomllib.loads(FULL_SESSION)
    info = data["session"]
    info["organisation"] = f"Org {text}"
    info["sector"] = info["facilitator"] = info["currency"] = text
    info["participants"] = [text, f"second {text}"]
    for record in data["stages"].values():
        record["notes"] = f"notes {text}"
    answers = data["stages"]
    for goal in answers["objectives"]["answers"]["goals"]:
        goal |= {"kpi": f"kpi {text}", "target": f"target {text}", "owner": f"owner {text}"}
    for segment in answers["audience"]["answers"]["segments"]:
        segment |= {"name": f"segment {text}", "description": text}
    answers["resources"]["answers"]["owner"] = f"owner {text}"
    answers["tone"]["answers"]["spokesperson"] = text
    answers["recommendation"]["override"]["reason"] = f"reason {text}"
    return data


def write(tmp_path: Path, text: str, name: str = "hostile.toml") -> Path:
    """The hostile session with ``text`` in every field a person types, as a file."""
    return write_session(tmp_path, hostile_session(text), name)


class Tags(HTMLParser):
    """Every element and attribute an HTML text holds, and its text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: set[str] = set()
        self.attributes: list[tuple[str, str]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.add(tag)
        self.attributes += [(name, value or "") for name, value in attrs]

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def parsed(markup: str) -> Tags:
    tags = Tags()
    tags.feed(markup)
    tags.close()
    return tags


def check_html(markup: str, baseline: Tags, text: str, where: str) -> None:
    tags = parsed(markup)
    assert tags.tags <= baseline.tags, f"{where}: new elements {tags.tags - baseline.tags}"
    for name, value in tags.attributes:
        assert not name.startswith("on"), f"{where}: event handler {name}"
        assert "javascript:" not in value.lower(), f"{where}: {name}={value}"
        assert "evil.example" not in value, f"{where}: a link from client text: {name}={value}"
    assert visible(text) in flat("".join(tags.text)), f"{where}: the text is not shown"


@pytest.fixture(scope="module")
def baselines(tmp_path_factory) -> dict[str, Tags]:
    """The elements a report has with harmless text: hostile text must add none."""
    path = write(tmp_path_factory.mktemp("baseline"), "plain words\non two lines")
    found = {}
    markdown = run_main("report", str(path), "--format", "markdown")
    assert markdown.code == 0, markdown.err
    found["markdown"] = parsed(markdown_to_html(markdown.out))
    page = run_main("report", str(path), "--format", "html")
    assert page.code == 0, page.err
    found["html"] = parsed(page.out)
    return found


def markdown_to_html(text: str) -> str:
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark", {"html": True}).enable("table").render(text)


@pytest.mark.parametrize("text", HOSTILE, ids=[ascii(t)[1:30] for t in HOSTILE])
def test_hostile_text_shows_as_text(tmp_path: Path, text: str, baselines) -> None:
    path = write(tmp_path, text)
    before = path.read_bytes()
    # the file keeps it exactly, and a save too
    assert load_session(path).session.organisation == f"Org {text}"
    with SessionStore.open(path, max_backups=0) as store:
        store.save()
    assert load_session(path).session.organisation == f"Org {text}"
    before = path.read_bytes()

    report = run_main("report", str(path))
    assert report.code == 0, report.err
    assert_no_controls(report.out, "text report")
    assert visible(f"reason {text}") in flat(report.out), "the override reason is not shown"

    markdown = run_main("report", str(path), "--format", "markdown")
    assert markdown.code == 0, markdown.err
    assert_no_controls(markdown.out, "markdown")
    check_html(markdown_to_html(markdown.out), baselines["markdown"], f"reason {text}",
               "markdown")

    data = run_main("report", str(path), "--format", "json")
    assert data.code == 0, data.err
    report_data = json.loads(data.out, parse_constant=lambda name: pytest.fail(name))
    assert visible(report_data["organisation"]) == visible(f"Org {text}")

    assert path.read_bytes() == before, "a report changed the session file"


@pytest.mark.parametrize("text", HOSTILE, ids=[ascii(t)[1:30] for t in HOSTILE])
def test_hostile_text_in_the_html_report(tmp_path: Path, text: str, baselines) -> None:
    path = write(tmp_path, text)
    before = path.read_bytes()
    page = run_main("report", str(path), "--format", "html")
    assert page.code == 0, page.err
    assert_no_controls(page.out, "html")
    check_html(page.out, baselines["html"], f"reason {text}", "html")
    check_html(page.out, baselines["html"], f"Org {text}", "html")
    assert path.read_bytes() == before, "a report changed the session file"


def test_every_hostile_string_at_once_as_real_processes(tmp_path: Path) -> None:
    path = write(tmp_path, " ".join(HOSTILE))
    formats = ["text", "markdown", "json", "html"]
    for fmt in formats:
        result = run_process("report", str(path), "--format", fmt)
        assert result.code == 0, result.err[-2000:]
        assert "Traceback" not in result.err
        if fmt != "json":
            assert_no_controls(result.out, fmt)
        assert_no_controls(result.err, f"{fmt} stderr")


@pytest.mark.skipif(not hasattr(os, "openpty"), reason="needs a pseudo-terminal")
def test_the_terminal_report_sends_no_hostile_escape(tmp_path: Path) -> None:
    """In a real terminal rich adds its own colours; the client's escapes must not get through."""
    import pty

    path = write(tmp_path, " ".join(HOSTILE))
    main, child = pty.openpty()
    process = subprocess.Popen(workshop_command("report", str(path)), stdin=child, stdout=child,
                               stderr=subprocess.PIPE,
                               env=workshop_env(TERM="xterm-256color", LINES="50"))
    os.close(child)
    chunks = []
    while True:
        try:
            chunk = os.read(main, 65536)
        except OSError:
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(main)
    assert process.wait(timeout=60) == 0, process.stderr.read()
    process.stderr.close()
    output = b"".join(chunks).decode("utf-8", "replace")
    assert output.strip(), "nothing printed"
    for escape in ("\x1b]0;", "\x1b[2J", "\x1b]8;;https://evil", "\x1b[H", "\x9b", "\x07",
                   "\x08", "\u202e"):
        assert escape not in output, f"the client's {escape!r} reached the terminal"
    assert "BOOM" in output and "[bold red]" in output, "markup was interpreted, not shown"
