"""What the reliability tests share: a valid session, running the CLI in-process, checks."""

from __future__ import annotations

import contextlib
import io
import os
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent

VALID_SESSION = """\
schema_version = 1

[session]
organisation = "Boulangerie Martin"
kind = "business"
size = "micro"
market = "b2c"
sector = "bakery"
facilitator = "Claire"
language = "en"
currency = "EUR"
created = 2026-11-22T09:00:00+01:00
participants = ["Marie Martin (owner)", "Paul (shop)"]

[stages.objectives]
status = "done"
minutes = 25
notes = "They mostly want regulars to come back."

[[stages.objectives.answers.goals]]
id = "loyalty"
kpi = "returning customers mentioning Instagram"
target = "50 a month by June"
owner = "Marie"
"""


@dataclass
class Result:
    """What a command did: its exit status and its two streams."""

    code: int
    out: str
    err: str


def run_main(*args: str) -> Result:
    """``workshop ARGS`` in this process (fast), with both streams captured.

    Any exception other than ``SystemExit`` escapes: that is a traceback the user would see.
    """
    from workshop.cli import main

    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = main(list(args))
        except SystemExit as stop:
            code = stop.code if isinstance(stop.code, int) else (0 if stop.code is None else 1)
    return Result(int(code or 0), out.getvalue(), err.getvalue())


def run_process(*args: str, timeout: float = 120) -> Result:
    """``workshop ARGS`` as a real process."""
    environment = {**os.environ, "WORKSHOP_ENTRY_POINTS": "0", "COLUMNS": "100",
                   "PYTHONWARNINGS": "ignore"}
    done = subprocess.run([sys.executable, "-m", "workshop.cli", *args], capture_output=True,
                          text=True, env=environment, timeout=timeout)
    return Result(done.returncode, done.stdout, done.stderr)


# A plugin that could not load is reported as a warning, not a problem of the file.
_WARNING = re.compile(r"^workshop: warning: ")


def problem_lines(err: str) -> list[str]:
    """The lines of stderr that are about the file (plugin warnings aside)."""
    return [line for line in err.splitlines() if line and not _WARNING.match(line)]


def assert_clear_problems(result: Result, path: Path | str) -> None:
    """Exit 1 and every stderr line ``FILE[:LINE]: field: what``, no traceback, no control char."""
    assert result.code == 1, (result.code, result.err[-2000:])
    lines = problem_lines(result.err)
    assert lines, "exit 1 without saying why"
    shape = re.compile(rf"^{re.escape(str(path))}(:\d+)?: [^:]+.*: \S")
    for line in lines:
        assert shape.match(line), f"not FILE:LINE: field: what: {line[:300]!r}"
        assert line.isprintable(), f"control character in a message: {line[:300]!r}"
        assert len(line) < 2000, f"message too long to read: {len(line)} characters"
    assert "Traceback" not in result.err


def snapshot(path: Path) -> tuple[bytes, int]:
    stat = path.stat()
    return path.read_bytes(), stat.st_mtime_ns


def visible_sessions(folder: Path) -> list[Path]:
    """What the app's picker lists: ``*.toml`` not starting with a dot."""
    return sorted(p for p in folder.glob("*.toml") if not p.name.startswith("."))


def toml_dumps(data: dict[str, Any]) -> str:
    import tomli_w

    return tomli_w.dumps(data, multiline_strings=True)
