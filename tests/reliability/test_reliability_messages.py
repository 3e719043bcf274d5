"""The error messages themselves: the right line, one line each, nothing that drives the
terminal, no megabyte of quoted input."""

from __future__ import annotations

from pathlib import Path

import pytest
from reliability_support import VALID_SESSION, assert_clear_problems, problem_lines, run_main
from support import write_session


def validate(tmp_path: Path, text: str) -> list[str]:
    path = write_session(tmp_path, text)
    result = run_main("validate", str(path))
    assert_clear_problems(result, path)
    return [line.removeprefix(f"{path}:") for line in problem_lines(result.err)]


@pytest.mark.parametrize("separator", ["\u2028", "\u0085", "\u2029"])
def test_line_numbers_count_toml_lines_only(tmp_path: Path, separator: str) -> None:
    text = VALID_SESSION.replace('organisation = "Boulangerie Martin"',
                                 f'organisation = "a{separator}b{separator}c"')
    text = text.replace('market = "b2c"', 'market = "b2z"')
    lines = validate(tmp_path, text)
    market = next(line for line in lines if "session.market" in line)
    expected = text.split("\n").index('market = "b2z"') + 1
    assert market.startswith(f"{expected}: "), market


def test_line_numbers_after_multiline_strings_and_arrays(tmp_path: Path) -> None:
    text = VALID_SESSION.replace(
        'status = "done"\n',
        'before = """\n[stages.fake]\nstatus = "x"\n"""\nextra = [\n  [1, 2],\n  "]",\n]\n'
        'status = "finished"\n')
    lines = validate(tmp_path, text)
    status = next(line for line in lines if "stages.objectives.status" in line)
    expected = text.split("\n").index('status = "finished"') + 1
    assert status.startswith(f"{expected}: "), status


def test_control_characters_are_shown_not_sent(tmp_path: Path) -> None:
    text = VALID_SESSION.replace('kind = "business"', 'kind = "\\u001b[2J\\u001b]0;pwned\\u0007"')
    text += '\n[stages.recommendation.override]\nverdict = "go"\nreason = "x"\n"\\u001b[31m" = 1\n'
    lines = validate(tmp_path, text)
    assert any("\\x1b[2J" in line for line in lines), lines
    assert all("\x1b" not in line and "\x07" not in line for line in lines)


def test_a_huge_value_is_quoted_short(tmp_path: Path) -> None:
    text = VALID_SESSION.replace('kind = "business"', 'kind = "' + "b" * 500_000 + '"')
    (line,) = [line for line in validate(tmp_path, text) if "session.kind" in line]
    assert len(line) < 300 and "…" in line


def test_a_newer_schema_says_only_that(tmp_path: Path) -> None:
    text = VALID_SESSION.replace("schema_version = 1", "schema_version = 7").replace(
        'kind = "business"', 'kind = "a newer kind"')
    (line,) = validate(tmp_path, text)
    assert line.startswith("1: schema_version: ") and "newer" in line
