"""Problems found in a session file, each pointing at a file, a line and a field, and the
reasons a store may refuse to write (so that nothing is ever silently overwritten)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from workshop.session.lock import Holder
    from workshop.session.models import Session

# Longest excerpt of the user's own text quoted in a message: a 1 MB value stays readable.
QUOTE_LIMIT = 60


def printable(text: str) -> str:
    """``text`` on one line with no control characters: a message must not drive the terminal."""
    if text.isprintable():
        return text
    return "".join(ch if ch.isprintable() else ascii(ch)[1:-1] for ch in text)


def quote(value: object, limit: int = QUOTE_LIMIT) -> str:
    """A short ``repr`` of a user's value, cut in the middle when it is long."""
    text = repr(value)
    if len(text) > limit:
        half = (limit - 1) // 2
        text = f"{text[:half]}…{text[-half:]}"
    return text


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a file, as ``FILE:LINE: field: what is wrong (allowed: ...)``."""

    file: str
    line: int | None
    field: str
    message: str
    allowed: str | None = None
    # the field's path in the file (("stages", "x", "answers", "goals", 0)), so that whoever
    # holds the text the file was read from can add the line (``io.with_lines``)
    location: tuple[str | int, ...] = field(default=(), compare=False)

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        text = f"{where}: {self.field or '(file)'}: {self.message}"
        if self.allowed:
            text += f" (allowed: {self.allowed})"
        return printable(text)


class SessionError(Exception):
    """A session file that cannot be used as it is. Nothing was written."""

    def __init__(self, path: str | Path, problems: list[Problem]):
        self.path = str(path)
        self.problems = problems
        super().__init__("\n".join(str(problem) for problem in problems))


class NotSavedError(Exception):
    """The store refused to write; the file on disk is untouched and the session is still in
    memory, so the app can ask the user what to do and nothing is lost."""


class ReadOnlyError(NotSavedError):
    """The session is open elsewhere (``holder`` says who), or this store is closed."""

    def __init__(self, message: str, holder: Holder | None = None) -> None:
        self.holder = holder
        super().__init__(message)


class ExternalChangeError(NotSavedError):
    """The file changed on disk since this store last read or wrote it (a colleague, a sync
    client, a text editor). Nothing was written.

    ``text`` is the version on disk (None: the file was deleted or moved away), ``session`` that
    version parsed (None when it is gone or does not parse: then ``problems`` says why). The
    app offers ``store.reload()`` (take theirs) or ``store.save(force=True)`` (keep ours; theirs
    is kept as a backup first).
    """

    def __init__(self, path: str | Path, text: str | None, session: Session | None,
                 problems: list[Problem] | None = None) -> None:
        self.path = str(path)
        self.text = text
        self.session = session
        self.problems = problems or []
        self.deleted = text is None
        what = "was deleted or moved" if self.deleted else "was changed by another program"
        super().__init__(f"{self.path} {what} since it was opened: not saved "
                         "(reload to take that version, or save with force=True to keep this one)")


class BackupError(NotSavedError):
    """A version that only exists on disk (someone else's, before a forced save; the current
    one, before a restore) could not be kept as a backup, so nothing was written: both
    versions are where they were. ``reason`` says why (a full disk, a read-only folder)."""

    def __init__(self, path: str | Path, reason: str) -> None:
        self.path = str(path)
        self.reason = reason
        super().__init__(f"{self.path}: not saved: the version on disk could not be kept as a "
                         f"backup ({reason}), and it would have been lost")
