"""The session files the picker lists, what it shows of each, and names for new ones.

Every file is read and judged by the engine (about a millisecond each: most of a second for
hundreds, so the picker does it off the UI thread); ``peek`` first reads only each file's
``[session]`` table, enough to list it at once. A file that cannot be read is listed with its
first problem and never written to.
"""

from __future__ import annotations

import os
import re
import tomllib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from workshop.engine.recommendation import recommend
from workshop.plugins import PluginHost
from workshop.sanitise import file_stem
from workshop.session.errors import SessionError
from workshop.session.io import load_session_text, with_lines

SESSIONS_VARIABLE = "WORKSHOP_SESSIONS"


def sessions_folder() -> Path:
    return Path(os.environ.get(SESSIONS_VARIABLE) or "sessions")


def find_sessions(folder: Path) -> list[Path]:
    """``*.toml`` under ``folder`` (examples included), skipping hidden files and folders."""
    if not folder.is_dir():
        return []
    found = []
    for path in folder.rglob("*.toml"):
        relative = path.relative_to(folder)
        if any(part.startswith(".") for part in relative.parts) or not path.is_file():
            continue
        found.append(path)
    return sorted(found)


@dataclass
class SessionSummary:
    """One line of the picker."""

    path: Path
    organisation: str | None = None
    when: datetime | date | None = None
    done: int = 0
    total: int = 0
    verdict: str | None = None
    provisional: bool = False
    broken: bool = False
    problem: str | None = None
    language: str | None = None
    pending: bool = False  # from ``peek``: progress and verdict not known yet

    @property
    def when_text(self) -> str:
        if isinstance(self.when, datetime):
            return self.when.strftime("%Y-%m-%d %H:%M")
        if isinstance(self.when, date):
            return self.when.isoformat()
        return ""

    @property
    def sort_key(self) -> tuple[int, str, str]:
        # readable sessions first, the most recent first, then by file
        stamp = self.when.isoformat() if self.when else ""
        return (1 if self.problem else 0, _invert(stamp), str(self.path))


def _invert(text: str) -> str:
    return "".join(chr(0x10FFFF - ord(char)) for char in text)


# the ``[session]`` table: its header line, then every line up to the next table's header
_SESSION_TABLE = re.compile(r"(?m)^[ \t]*\[[ \t]*session[ \t]*\][ \t]*(?:#.*)?$")
_NEXT_TABLE = re.compile(r"(?m)^[ \t]*\[")


def peek(path: Path) -> SessionSummary:
    """What the picker can show before judging a file: organisation and date, from the
    ``[session]`` table alone (a small part of the file). Whatever this cannot read is left to
    ``summarise``, which says what is wrong."""
    summary = SessionSummary(path=path, pending=True)
    try:
        text = path.read_text(encoding="utf-8")
        start = _SESSION_TABLE.search(text)
        if start is None:
            return summary
        end = _NEXT_TABLE.search(text, start.end())
        table = tomllib.loads(text[start.end():end.start() if end else len(text)])
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError, ValueError):
        return summary
    organisation = table.get("organisation")
    when = table.get("updated") or table.get("created")
    language = table.get("language")
    if isinstance(organisation, str):
        summary.organisation = organisation
    if isinstance(when, (datetime, date)):
        summary.when = when
    if isinstance(language, str):
        summary.language = language
    return summary


def peek_all(folder: Path) -> list[SessionSummary]:
    """Every session file, listed from ``peek`` in the order ``summarise_all`` will likely
    give (the files it could not peek into last, as unreadable ones are)."""
    return sorted((peek(path) for path in find_sessions(folder)),
                  key=lambda summary: (summary.organisation is None,) + summary.sort_key)


def summarise(path: Path, host: PluginHost) -> SessionSummary:
    summary = SessionSummary(path=path)
    try:
        session, text = load_session_text(path)
    except SessionError as error:
        summary.problem = str(error.problems[0]) if error.problems else str(error)
        return summary
    except Exception as error:  # a file that cannot be read must not take the picker down
        summary.problem = f"{path}: {type(error).__name__}: {error}"
        return summary
    info = session.session
    summary.organisation = info.organisation
    summary.when = info.updated or info.created
    summary.language = info.language
    scored = [stage for stage in host.stages() if stage.scored]
    summary.total = len(scored)
    summary.done = sum(1 for stage in scored if stage.id in session.stages
                       and session.stages[stage.id].status in ("done", "skipped"))
    try:
        recommendation = recommend(session, host, path=str(path), text=text)
    except SessionError as error:
        summary.problem = str(error.problems[0]) if error.problems else str(error)
        return summary
    except Exception as error:
        summary.problem = f"{type(error).__name__}: {error}"
        return summary
    summary.verdict = recommendation.verdict
    summary.provisional = recommendation.provisional
    evaluation = recommendation.evaluation
    if evaluation is not None and evaluation.problems:
        summary.broken = True
        summary.problem = str(with_lines(evaluation.problems[:1], text)[0])  # the text read here
    elif recommendation.broken_stages:
        summary.broken = True
        stage_id, error = next(iter(recommendation.broken_stages.items()))
        summary.problem = f"{stage_id}: {error}"
    return summary


def summarise_all(folder: Path, host: PluginHost, *,
                  cancelled: Callable[[], bool] | None = None) -> list[SessionSummary]:
    """Every session file judged, in the picker's order; stops early (with what it has) once
    ``cancelled()`` says the list is no longer wanted."""
    summaries = []
    for path in find_sessions(folder):
        if cancelled is not None and cancelled():
            break
        summaries.append(summarise(path, host))
    return sorted(summaries, key=lambda summary: summary.sort_key)


def slugify(text: str) -> str:
    """``Boulangerie Martin & Fils`` -> ``boulangerie-martin-fils`` (the one slugifier)."""
    return file_stem(text, "session")


def new_session_path(folder: Path, organisation: str) -> Path:
    """A file name for a new session that takes no one else's."""
    stem = slugify(organisation)
    candidate = folder / f"{stem}.toml"
    number = 2
    while candidate.exists():
        candidate = folder / f"{stem}-{number}.toml"
        number += 1
    return candidate
