"""Problems found in a session file, each pointing at a file, a line and a field."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a file, as ``FILE:LINE: field: what is wrong (allowed: ...)``."""

    file: str
    line: int | None
    field: str
    message: str
    allowed: str | None = None

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        text = f"{where}: {self.field or '(file)'}: {self.message}"
        if self.allowed:
            text += f" (allowed: {self.allowed})"
        return text


class SessionError(Exception):
    """A session file that cannot be used as it is. Nothing was written."""

    def __init__(self, path: str | Path, problems: list[Problem]):
        self.path = str(path)
        self.problems = problems
        super().__init__("\n".join(str(problem) for problem in problems))
