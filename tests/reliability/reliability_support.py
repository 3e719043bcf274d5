"""What the reliability tests share: a valid session, running the CLI in-process, checks."""

from __future__ import annotations

import contextlib
import io
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, settings
from support import run_workshop

HERE = Path(__file__).resolve().parent
# WORKSHOP_FUZZ=<factor>: that many times more fuzzed examples, randomised (CI: derandomised).
FACTOR = int(os.environ.get("WORKSHOP_FUZZ", "0") or 0)

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

# Every core stage answered, an override, a plugin's stage and keys this version does not know:
# the base that the fuzzers break and the round-trip tests rearrange.
FULL_SESSION = VALID_SESSION + """
[stages.audience]
status = "done"

[stages.audience.answers]
online_presence = "high"
expectations = ["advice", "behind_the_scenes", "dialogue"]
planned_content = ["advice", "behind_the_scenes", "entertainment"]
already_discussed = "yes"
listening_done = true
sensitive_topic = false

[[stages.audience.answers.segments]]
name = "Regulars"
description = "Neighbours who come every morning"

[stages.networks]
status = "in_progress"

[[stages.networks.answers.candidates]]
id = "instagram"
audience_fit = 3
selected = true
existing_account = "active"

[[stages.networks.answers.candidates]]
id = "facebook"
audience_fit = 1
selected = false
existing_account = "dormant"

[stages.resources]
status = "done"

[stages.resources.answers]
owner = "Marie Martin"
team = "part_time"
hours_per_week = 4
agency_budget_monthly = 0
skill = "intermediate"
crisis_plan = false
approval_hours = 2
management_support = true

[stages.tone]
status = "skipped"

[stages.tone.answers]
register = "conversational"
human_voice = true
criticism = "respond_publicly"
beyond_own_news = true
engage_with_others = true
spokesperson = "Marie"
charter = false

[stages.duration]
status = "todo"
minutes = 10

[stages.duration.answers]
commitment_months = 12
first_review_months = 6
expects_quick_results = false
regular_publishing = true

[stages.recommendation]
status = "todo"

[stages.recommendation.override]
verdict = "go_with_conditions"
reason = "Paul takes over the account in January."

[stages.listening_plus]
status = "done"
notes = "a third party's stage: its plugin is not installed here"
colour = "teal"

[stages.listening_plus.answers]
tools = ["alerts", "rss"]
weekly = { minutes = 45, owner = "Paul" }
"""


@dataclass
class Result:
    """What a command did: its exit status and its two streams."""

    code: int
    out: str
    err: str


_HOSTS: dict[tuple, Any] = {}


def _cached_load_plugins(plugins_dir: Any = None, *args: Any, **kwargs: Any) -> Any:
    """The built-in plugins, loaded once per test process: loading them again for each of a
    thousand fuzzed files would only measure plugin loading (the real processes don't cache)."""
    from workshop.plugins import load_plugins

    key = (plugins_dir, args, tuple(sorted(kwargs.items())))
    if key not in _HOSTS:
        _HOSTS[key] = load_plugins(plugins_dir, *args, **kwargs)
    return _HOSTS[key]


def run_main(*args: str, fresh: bool = False) -> Result:
    """``workshop ARGS`` in this process (fast), with both streams captured.

    Any exception other than ``SystemExit`` escapes: that is a traceback the user would see.
    ``fresh=False`` reuses the loaded plugins between calls.
    """
    from unittest import mock

    from workshop.cli import main
    from workshop.commands import common

    out, err = io.StringIO(), io.StringIO()
    cache = contextlib.nullcontext()
    if not fresh and hasattr(common, "load_plugins"):
        cache = mock.patch.object(common, "load_plugins", _cached_load_plugins)
    with cache, contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = main(list(args))
        except SystemExit as stop:
            code = stop.code if isinstance(stop.code, int) else (0 if stop.code is None else 1)
    return Result(int(code or 0), out.getvalue(), err.getvalue())


def run_process(*args: str, timeout: float = 120) -> Result:
    """``workshop ARGS`` as a real process (warnings off: stderr is the user's messages)."""
    done = run_workshop(*args, env={"PYTHONWARNINGS": "ignore"}, timeout=timeout)
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


def fuzz(examples: int):
    """Hypothesis settings for a fuzzer: derandomised in CI, more and random on demand."""
    return settings(max_examples=examples * max(FACTOR, 1), deadline=None, database=None,
                    derandomize=not FACTOR,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                           HealthCheck.large_base_example])


def same(left: Any, right: Any) -> bool:
    """Equality where nan equals nan (TOML has nan; Python says nan != nan)."""
    if isinstance(left, float) and isinstance(right, float) and left != left and right != right:
        return True
    if isinstance(left, dict) and isinstance(right, dict):
        return left.keys() == right.keys() and all(same(left[k], right[k]) for k in left)
    if isinstance(left, list) and isinstance(right, list):
        return len(left) == len(right) and all(map(same, left, right))
    return type(left) is type(right) and left == right
