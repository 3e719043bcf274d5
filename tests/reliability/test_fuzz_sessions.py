"""Every leaf of a session and of its settings, set to an edge value (issue 16).

For each file: ``workshop validate`` and ``workshop report`` in every format (text, json,
markdown, html; a refused file: JSON and one other, in turn) agree (both exit 0 or both exit
1), no traceback, exit 0 or 1 only, the JSON parses (no NaN, no Infinity), every problem line
is ``FILE:LINE: field: what`` with its line, and nothing is written beside the file (no lock,
no backup, the file unchanged).

The bulk runs in this process through ``workshop.cli.main`` with captured output (fast); a
handful run as real processes. Edge values are tried on every leaf; hypothesis adds random
values on random leaves (derandomised: CI sees the same files every run). The counts are
printed with ``-s`` and recorded in docs/reliability.md.
"""

from __future__ import annotations

import copy
import json
import math
import re
import tempfile
import tomllib
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from reliability_support import FULL_SESSION, fuzz, run_main, run_process
from support import write_session

from workshop.engine.settings import default_settings_data

FORMATS = ("text", "json", "markdown", "html")
EDGES: list[Any] = [
    0, -1, 2**31, 2**63, -(2**63), 1e308, -1e308, math.nan, math.inf, -math.inf, "",
    "\x1b]0;PWNED\x07\x00\x9b\u202e", True,
    date(1, 1, 1), datetime(9999, 12, 31, 23, 59, 59, tzinfo=UTC),
]
COUNTS = {"files": 0, "runs": 0, "valid": 0, "refused": 0, "problem lines": 0}


def base() -> dict[str, Any]:
    """The full session, with every setting written out in its [settings] table."""
    data = tomllib.loads(FULL_SESSION)
    settings = copy.deepcopy(default_settings_data())
    settings["weights"] = {"objectives": 25.0, "audience": 20}
    settings["networks"] = {"instagram": {"posts_per_week": 3, "minutes_per_post": 30}}
    data["settings"] = settings
    return data


BASE = base()


def leaves(value: Any, where: tuple = ()) -> list[tuple]:
    """The path of every scalar (and of every list's items) of ``value``."""
    if isinstance(value, dict):
        return [path for key, item in value.items() for path in leaves(item, (*where, key))]
    if isinstance(value, list):
        return [path for index, item in enumerate(value) for path in leaves(item, (*where, index))]
    return [where]


LEAVES = leaves(BASE)


def with_value(path: tuple, value: Any) -> dict[str, Any]:
    data = copy.deepcopy(BASE)
    target = data
    for part in path[:-1]:
        target = target[part]
    target[path[-1]] = value
    return data


def check(data: dict[str, Any], folder: Path) -> None:
    """Validate and report one file in-process, every format; the file's promises hold."""
    path = write_session(folder, data)
    before = path.read_bytes()
    COUNTS["files"] += 1
    validate = run_main("validate", str(path))
    results = {"validate": validate}
    # a refused file stops before any renderer: JSON and one other format (in turn) say the
    # same as the four would, in half the time; a valid one goes through all four
    formats = FORMATS if validate.code == 0 else ("json", FORMATS[COUNTS["files"] % 4])
    for fmt in dict.fromkeys(formats):
        results[fmt] = run_main("report", str(path), "--format", fmt)
    COUNTS["runs"] += len(results)
    for name, result in results.items():
        assert result.code in (0, 1), (name, result.code, result.err[-1000:])
        assert "Traceback" not in result.err, (name, result.err[-2000:])
        if result.code == 1:
            problems = [line for line in result.err.splitlines()
                        if line and not line.startswith("workshop: warning:")]
            assert problems, f"{name}: exit 1 without saying why"
            for line in problems:
                COUNTS["problem lines"] += 1
                assert re.match(rf"^{re.escape(str(path))}:\d+: [^:]+: \S", line), \
                    f"{name}: not FILE:LINE: field: what: {line[:300]!r}"
                assert line.isprintable(), f"{name}: control character: {line[:300]!r}"
        else:
            assert result.out.strip(), f"{name}: exit 0 and nothing printed"
    codes = {name: result.code for name, result in results.items()}
    assert len(set(codes.values())) == 1, f"validate and report disagree: {codes}"
    COUNTS["valid" if validate.code == 0 else "refused"] += 1
    if results["json"].code == 0:
        json.loads(results["json"].out,
                   parse_constant=lambda name: pytest.fail(f"{name} in the JSON"))
    assert path.read_bytes() == before, "the session file was written"
    assert sorted(p.name for p in folder.iterdir()) == ["session.toml"], \
        f"something was written beside it: {sorted(p.name for p in folder.iterdir())}"
    path.unlink()


@pytest.mark.parametrize("area", ["session", "stages", "settings"])
def test_every_leaf_with_every_edge_value(area: str) -> None:
    paths = [path for path in LEAVES if path[0] == area]
    assert paths, area
    with tempfile.TemporaryDirectory() as folder:
        for path in paths:
            for value in EDGES:
                try:
                    check(with_value(path, value), Path(folder))
                except AssertionError as error:
                    raise AssertionError(f"{'.'.join(map(str, path))} = {value!r}: {error}"
                                         ) from None


SCALARS = st.one_of(
    st.integers(min_value=-(2**64), max_value=2**64),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=20),
    st.booleans(),
    st.dates(),
    st.datetimes(timezones=st.sampled_from([None, UTC])),
    st.lists(st.integers(-5, 5), max_size=3),
    st.dictionaries(st.text(max_size=5), st.integers(), max_size=2),
)


@fuzz(150)
@given(st.lists(st.tuples(st.sampled_from(LEAVES), SCALARS), min_size=1, max_size=4))
def test_random_values_on_random_leaves(changes: list[tuple[tuple, Any]]) -> None:
    data = copy.deepcopy(BASE)
    for path, value in changes:
        target = data
        for part in path[:-1]:
            target = target[part]
        target[path[-1]] = value
    with tempfile.TemporaryDirectory() as folder:
        check(data, Path(folder))


def test_a_handful_as_real_processes(tmp_path: Path) -> None:
    """The same promises outside this process (plugin loading, stdout, exit codes)."""
    cases = [(("stages", "duration", "answers", "commitment_months"), 2**31),
             (("session", "created"), date(9999, 12, 31)),
             (("settings", "recheck_months"), 2**63),
             (("settings", "skill_factor", "novice"), math.nan),
             (("stages", "resources", "answers", "hours_per_week"), 1e308)]
    for path, value in cases:
        session = write_session(tmp_path, with_value(path, value))
        codes = {run_process("validate", str(session)).code}
        for fmt in ("json", "html"):
            result = run_process("report", str(session), "--format", fmt)
            assert "Traceback" not in result.err
            codes.add(result.code)
        assert codes == {1}, (path, value, codes)


def teardown_module() -> None:
    print(f"\nfuzz sessions: {COUNTS['files']} files, {COUNTS['runs']} runs "
          f"({COUNTS['valid']} valid, {COUNTS['refused']} refused, "
          f"{COUNTS['problem lines']} problem lines, all with a line number), 0 failures "
          f"({len(LEAVES)} leaves x {len(EDGES)} edge values, plus hypothesis)")
