"""What the screens ask of the app: messages, so that no screen calls the app's methods (the app
imports the screens; the screens do not import the app)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from textual.message import Message


class OpenSession(Message):
    """Open this session file (from the picker)."""

    def __init__(self, path: Path) -> None:
        super().__init__()
        self.path = path


class NewSession(Message):
    """Ask who a new workshop is for, then create its file in ``folder``."""

    def __init__(self, folder: Path | None) -> None:
        super().__init__()
        self.folder = folder


class CloseSession(Message):
    """Back to the list of sessions (the session is saved and its lock released)."""

    def __init__(self, screen: Any) -> None:
        super().__init__()
        self.screen = screen


class ExportReport(Message):
    """Write the report next to the session file, with or without the facilitator's notes."""

    def __init__(self, live: Any, with_notes: bool) -> None:
        super().__init__()
        self.live = live
        self.with_notes = with_notes
