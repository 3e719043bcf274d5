"""Bad input, fuzzed: broken session files of every kind, through ``workshop validate``,
``workshop report`` and ``SessionStore.open``. Each one gets a clear error (``FILE:LINE: field:
what``, exit 1), never a traceback, and the file is never changed.

Most cases run in this process through ``workshop.cli.main`` (fast); a sample runs as real
processes. Examples are derandomised (the same every run, so CI is stable); set
``WORKSHOP_FUZZ=<factor>`` to run that many times more, randomised.
"""

from __future__ import annotations

import contextlib
import copy
import random
import tempfile
import tomllib
from datetime import UTC, date, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
import tomli_w
from hypothesis import given
from hypothesis import strategies as st
from reliability_support import (
    FULL_SESSION,
    assert_clear_problems,
    fuzz,
    problem_lines,
    run_main,
    run_process,
    same,
    snapshot,
)

from workshop.session.errors import SessionError
from workshop.session.io import load_session, session_data
from workshop.session.store import SessionStore

BASE: dict[str, Any] = tomllib.loads(FULL_SESSION)
COUNTS: dict[str, int] = {}


# -- what is generated -----------------------------------------------------------------------

HOSTILE_CHARS = st.sampled_from(["\x00", "\x1b[31m", "\x07", "\r", "\u202e", "\ufeff", "\ud7ff",
                                 "[bold]", "<script>", '"', "'", "\\", "\n", "#", "=", "]]"])
TEXT = st.one_of(
    st.text(max_size=40),
    st.lists(st.one_of(st.text(max_size=5), HOSTILE_CHARS), max_size=8).map("".join),
    st.sampled_from(["", " ", "x" * 100_000, "é" * 30_000, "🎉" * 10_000, "a\n" * 5_000]),
)
SCALARS = st.one_of(
    TEXT,
    st.integers(min_value=-(2**63), max_value=2**63 - 1),
    st.floats(allow_nan=True, allow_infinity=True),
    st.booleans(),
    st.dates(min_value=date(1, 1, 1)),
    st.datetimes(timezones=st.sampled_from([None, UTC, timezone(timedelta(hours=-5))])),
    st.times(),
)
VALUES = st.recursive(
    SCALARS,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner,
                                                                  max_size=4),
    max_leaves=12,
)


def paths(data: Any, prefix: tuple = ()) -> list[tuple]:
    """Every key path and list position in ``data``."""
    found = [prefix] if prefix else []
    if isinstance(data, dict):
        for key, value in data.items():
            found += paths(value, (*prefix, key))
    elif isinstance(data, list):
        for position, value in enumerate(data):
            found += paths(value, (*prefix, position))
    return found


ALL_PATHS = paths(BASE)


def put(data: Any, path: tuple, value: Any) -> None:
    for part in path[:-1]:
        data = data[part]
    data[path[-1]] = value


def drop(data: Any, path: tuple) -> None:
    for part in path[:-1]:
        data = data[part]
    del data[path[-1]]


@st.composite
def wrong_values(draw) -> str:
    """The full session with one to three values replaced or removed."""
    data = copy.deepcopy(BASE)
    for _ in range(draw(st.integers(1, 3))):
        available = paths(data)
        if not available:
            break
        path = draw(st.sampled_from(available))
        if draw(st.booleans()):
            put(data, path, draw(VALUES))
        else:
            drop(data, path)
    return tomli_w.dumps(data)


@st.composite
def missing_tables(draw) -> str:
    """Whole tables and required keys gone."""
    data = copy.deepcopy(BASE)
    tables = [p for p in ALL_PATHS if isinstance(_get(BASE, p), dict)] + [
        ("schema_version",), ("session", "organisation"), ("session", "kind"),
        ("session", "size"), ("session", "market"), ("stages", "recommendation", "override",
                                                     "reason")]
    for path in draw(st.lists(st.sampled_from(tables), min_size=1, max_size=3, unique=True)):
        with contextlib.suppress(KeyError, IndexError, TypeError):
            drop(data, path)
    return tomli_w.dumps(data)


def _get(data: Any, path: tuple) -> Any:
    for part in path:
        data = data[part]
    return data


@st.composite
def broken_toml(draw) -> str:
    """The full session's text, damaged: a character in, a piece out, cut short, a line twice."""
    text = FULL_SESSION
    for _ in range(draw(st.integers(1, 3))):
        where = draw(st.integers(0, len(text)))
        kind = draw(st.sampled_from(["insert", "delete", "truncate", "duplicate", "swap"]))
        if kind == "insert":
            text = text[:where] + draw(st.sampled_from(list('"[]{}=#,\'\\\n.') + ["\x00", "é"]
                                                       + ["\x1b[2J", "="])) + text[where:]
        elif kind == "delete":
            text = text[:where] + text[where + draw(st.integers(1, 40)):]
        elif kind == "truncate":
            text = text[:where]
        else:
            lines = text.splitlines() or [""]
            first = draw(st.integers(0, len(lines) - 1))
            second = draw(st.integers(0, len(lines) - 1))
            if kind == "duplicate":
                lines.insert(second, lines[first])
            else:
                lines[first], lines[second] = lines[second], lines[first]
            text = "\n".join(lines) + "\n"
    return text


@st.composite
def deep_nesting(draw) -> str:
    """Arrays, inline tables and dotted headers nested far deeper than any session."""
    depth = draw(st.sampled_from([50, 500, 2_000, 20_000]))
    kind = draw(st.sampled_from(["array", "inline", "header", "dotted"]))
    if kind == "array":
        value = "[" * depth + "1" + "]" * depth
    elif kind == "inline":
        value = "{a = " * depth + "1" + "}" * depth
    else:
        value = ""
    where = draw(st.sampled_from(["top", "session", "answers", "settings", "organisation"]))
    lines = FULL_SESSION.splitlines()
    if kind in ("header", "dotted"):
        keys = ".".join(["deep"] * depth)
        extra = f"[{keys}]\nx = 1" if kind == "header" else f"[extra]\n{keys} = 1"
        return FULL_SESSION + "\n" + extra + "\n"
    if where == "top":
        lines.insert(1, f"deep = {value}")
    elif where == "session":
        lines.insert(lines.index("[session]") + 1, f"deep = {value}")
    elif where == "organisation":
        lines = [f"organisation = {value}" if line.startswith("organisation") else line
                 for line in lines]
    elif where == "settings":
        lines.insert(1, f"settings = {{ weights = {value} }}")
    else:
        lines.insert(lines.index("[stages.audience.answers]") + 1, f"segments = {value}")
    return "\n".join(lines) + "\n"


SCHEMA_VERSIONS = st.one_of(
    st.integers(min_value=2, max_value=2**63 - 1), st.integers(max_value=0, min_value=-(2**63)),
    st.floats(), st.text(max_size=5), st.booleans(), st.just([1]), st.just({"v": 1}))


@st.composite
def other_schema(draw) -> str:
    data = copy.deepcopy(BASE)
    data["schema_version"] = draw(SCHEMA_VERSIONS)
    return tomli_w.dumps(data)


RANDOM_BYTES = st.one_of(
    st.binary(max_size=3_000),
    st.binary(max_size=200).map(lambda raw: FULL_SESSION.encode()[:400] + raw),
    st.binary(min_size=1, max_size=50).map(lambda raw: raw * 2_000),
)

# -- the check -------------------------------------------------------------------------------

FORMATS = ("text", "json", "markdown")


def check(content: bytes | str, kind: str) -> None:
    """The three ways in, on one broken file: clear errors, exit 1, nothing written."""
    raw = content.encode("utf-8", "surrogatepass") if isinstance(content, str) else content
    COUNTS[kind] = COUNTS.get(kind, 0) + 1
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "session.toml"
        path.write_bytes(raw)
        before = snapshot(path)
        try:
            load_session(path)
            broken = False
        except SessionError as error:
            broken = True
            assert error.problems, "a SessionError without a problem"

        validate = run_main("validate", str(path))
        fmt = FORMATS[len(raw) % len(FORMATS)]
        report = run_main("report", str(path), "--format", fmt)
        for result in (validate, report):
            assert "Traceback" not in result.err
            if broken or result.code:
                assert_clear_problems(result, path)
            else:
                assert result.code == 0 and not problem_lines(result.err), result.err[-500:]
        assert validate.code == report.code, "validate and report disagree on this file"

        try:
            store = SessionStore.open(path)
        except SessionError as error:
            assert broken, "SessionStore.open refused a file load_session accepts"
            assert error.problems and all(str(p).isprintable() for p in error.problems)
            assert sorted(p.name for p in Path(folder).iterdir()) == ["session.toml"], \
                "a refused file left something behind"
        else:
            assert not broken
            store.close()
            saves_what_it_opened(raw, Path(folder) / "copy")
        assert snapshot(path) == before, "a command changed the file"


def saves_what_it_opened(raw: bytes, folder: Path) -> None:
    """Whatever ``open`` accepts, ``save`` writes, and reads back the same (on a copy)."""
    folder.mkdir()
    copy_path = folder / "session.toml"
    copy_path.write_bytes(raw)
    COUNTS["of which opened and saved"] = COUNTS.get("of which opened and saved", 0) + 1
    with SessionStore.open(copy_path, max_backups=0) as store:
        expected = session_data(store.session)
        store.save()
    again = session_data(load_session(copy_path))
    expected["session"].pop("updated", None)
    again["session"].pop("updated", None)
    assert same(again, expected), "a save changed what the file says"


# -- the fuzzers -----------------------------------------------------------------------------

@fuzz(280)
@given(wrong_values())
def test_wrong_types_and_values(text: str) -> None:
    check(text, "wrong types and values")


@fuzz(100)
@given(missing_tables())
def test_missing_tables_and_keys(text: str) -> None:
    check(text, "missing tables and keys")


@fuzz(250)
@given(broken_toml())
def test_invalid_toml(text: str) -> None:
    check(text, "invalid TOML")


@fuzz(60)
@given(deep_nesting())
def test_deep_nesting(text: str) -> None:
    check(text, "deep nesting")


@fuzz(70)
@given(other_schema())
def test_newer_and_strange_schema_versions(text: str) -> None:
    check(text, "schema versions")


@fuzz(200)
@given(RANDOM_BYTES)
def test_random_bytes(raw: bytes) -> None:
    check(raw, "random bytes")


NASTY: dict[str, bytes | str] = {
    "empty": b"",
    "bom only": "\ufeff",
    "bom and a session": "\ufeff" + FULL_SESSION,
    "utf-16": FULL_SESSION.encode("utf-16"),
    "latin-1": FULL_SESSION.replace("Claire", "Cécile").encode("latin-1"),
    "nul bytes": b"\x00" * 100,
    "crlf": FULL_SESSION.replace("\n", "\r\n"),
    "lone cr": FULL_SESSION.replace("\n", "\r"),
    "json": b'{"schema_version": 1}',
    "yaml": b"schema_version: 1\nsession:\n  organisation: x\n",
    "only schema": "schema_version = 1\n",
    "schema 2": FULL_SESSION.replace("schema_version = 1", "schema_version = 2"),
    "schema 0": FULL_SESSION.replace("schema_version = 1", "schema_version = 0"),
    "schema huge": FULL_SESSION.replace("schema_version = 1", "schema_version = 9" * 30),
    "session an array": "schema_version = 1\nsession = [1, 2]\n",
    "stages an array": FULL_SESSION + "\n[[stages]]\nx = 1\n",
    "stage a string": "schema_version = 1\nstages = { objectives = 'done' }\n"
                      + FULL_SESSION.split("\n", 2)[2].split("[stages")[0],
    "answers a string": FULL_SESSION.replace(
        '[stages.listening_plus.answers]\ntools = ["alerts", "rss"]',
        'x = 1\n[stages.zz]\nanswers = "no"'),
    "status unknown": FULL_SESSION.replace('status = "skipped"', 'status = "later"'),
    "override blank": FULL_SESSION.replace('reason = "Paul takes over the account in January."',
                                           'reason = "   "'),
    "override verdict": FULL_SESSION.replace('verdict = "go_with_conditions"', 'verdict = "maybe"'),
    "override unknown key": FULL_SESSION.replace('verdict = "go_with_conditions"',
                                                 'verdict = "go"\n"\\u001b[2Jevil" = 1'),
    "minutes negative": FULL_SESSION.replace("minutes = 25", "minutes = -5"),
    "minutes huge": FULL_SESSION.replace("minutes = 25", "minutes = 99999999999999999999"),
    "hours nan": FULL_SESSION.replace("hours_per_week = 4", "hours_per_week = nan"),
    "hours inf": FULL_SESSION.replace("hours_per_week = 4", "hours_per_week = inf"),
    "hours huge": FULL_SESSION.replace("hours_per_week = 4", "hours_per_week = 1e308"),
    "budget negative": FULL_SESSION.replace("agency_budget_monthly = 0",
                                            "agency_budget_monthly = -1"),
    "fit out of range": FULL_SESSION.replace("audience_fit = 3", "audience_fit = 7"),
    "unknown network": FULL_SESSION.replace('id = "instagram"', 'id = "myspace"'),
    "unknown goal": FULL_SESSION.replace('id = "loyalty"', 'id = "world_peace"'),
    "huge goal id": FULL_SESSION.replace('id = "loyalty"', 'id = "' + "x" * 1_000_000 + '"'),
    "control chars in a choice": FULL_SESSION.replace('kind = "business"',
                                                      'kind = "\\u001b]0;pwned\\u0007"'),
    "settings wrong": "schema_version = 1\n[settings]\nhourly_rate = -3\nscoring = 5\n"
                      + FULL_SESSION.split("\n", 2)[2],
    "settings unknown network": FULL_SESSION
                                + "\n[settings.networks.myspace]\nposts_per_week = -1\n",
    "settings weights text": FULL_SESSION + '\n[settings.weights]\nobjectives = "heavy"\n',
    "created text": FULL_SESSION.replace("created = 2026-11-22T09:00:00+01:00",
                                         'created = "yesterday"'),
    "created time": FULL_SESSION.replace("created = 2026-11-22T09:00:00+01:00",
                                         "created = 09:00:00"),
    "participants mixed": FULL_SESSION.replace('participants = ["Marie Martin (owner)", '
                                               '"Paul (shop)"]', 'participants = ["a", 1, [2]]'),
    "language klingon": FULL_SESSION.replace('language = "en"', 'language = "tlh"'),
    "a million keys": "schema_version = 1\n" + "".join(f"k{n} = {n}\n" for n in range(20_000)),
    "long line of spaces": FULL_SESSION.replace("participants = [",
                                                "participants = [" + " " * 200_000),
    "array of spaces in settings": FULL_SESSION + "\n[settings]\nweights = [\n  [" + " " * 100_000
                                   + "1],\n]\n",
    "folder name": b"",  # replaced by a folder below
}


@pytest.mark.parametrize("name", sorted(NASTY))
def test_hand_made_nasty_files(name: str, tmp_path: Path) -> None:
    if name != "folder name":
        check(NASTY[name], f"hand-made: {name}")
        return
    folder = tmp_path / "folder.toml"
    folder.mkdir()
    for command in ("validate", "report"):
        assert_clear_problems(run_main(command, str(folder)), folder)
    with pytest.raises(SessionError):
        SessionStore.open(folder)
    missing = tmp_path / "missing.toml"
    assert_clear_problems(run_main("validate", str(missing)), missing)
    with pytest.raises(SessionError):
        SessionStore.open(missing)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["folder.toml"]


def test_as_real_processes(tmp_path: Path) -> None:
    """A sample of the same files through the installed command, as a user runs it."""
    files: list[Path] = []
    rng = random.Random(6)

    @fuzz(8)
    @given(st.one_of(wrong_values(), missing_tables(), broken_toml(), other_schema(),
                     RANDOM_BYTES, deep_nesting()))
    def collect(content: str | bytes) -> None:
        path = tmp_path / f"fuzzed-{len(files):03d}.toml"
        raw = content.encode("utf-8", "surrogatepass") if isinstance(content, str) else content
        path.write_bytes(raw)
        files.append(path)

    collect()
    named = sorted(NASTY)
    for name in rng.sample(named, 12):
        if name == "folder name":
            continue
        path = tmp_path / f"nasty-{len(files):03d}.toml"
        content = NASTY[name]
        path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
        files.append(path)
    before = {path: snapshot(path) for path in files}
    broken = []
    for path in files:
        try:
            load_session(path)
        except SessionError:
            broken.append(path)
    COUNTS["real processes"] = len(files)

    result = run_process("validate", *map(str, files))
    assert "Traceback" not in result.err
    assert result.code == (1 if broken else 0) or result.code == 1
    lines = problem_lines(result.err)
    for line in lines:
        assert any(line.startswith(f"{path}:") for path in files), line[:300]
        assert line.isprintable()
    for path in broken:
        assert any(line.startswith(f"{path}:") for line in lines), f"{path.name}: not reported"

    for path in rng.sample(files, 6):
        report = run_process("report", str(path))
        assert "Traceback" not in report.err
        if path in broken:
            assert_clear_problems(report, path)
        else:
            assert report.code in (0, 1)
    assert {path: snapshot(path) for path in files} == before, "a command changed a file"


def teardown_module() -> None:
    if COUNTS:
        total = sum(v for k, v in COUNTS.items() if not k.startswith("of which"))
        print(f"\nfuzzed files: {total} " + ", ".join(f"{k}: {v}" for k, v in COUNTS.items()))
