"""An open session file: what the app (and any long-running writer) uses to load and save.

The contract the app relies on:
- ``SessionStore.open(path)`` reads the file (``SessionError`` if it cannot be used: then
  nothing will ever be written to it); ``SessionStore.create(path, info)`` starts a new one.
- ``store.session`` is the live model; change it, then call ``store.save()``.
- ``store.save()`` writes atomically and stamps ``session.updated``; it is fast (a few ms) and
  safe to call after every change.
- ``store.read_only`` is True when another process holds the session; ``save()`` then refuses.
- ``store.close()`` releases what ``open`` took.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from workshop.session.io import dump_session, load_session_text, atomic_write
from workshop.session.models import SCHEMA_VERSION, Session, SessionInfo


class ReadOnlyError(Exception):
    """The session is open elsewhere; this copy may not write."""


class SessionStore:
    def __init__(self, path: Path, session: Session, text: str = "") -> None:
        self.path = path
        self.session = session
        self.text = text  # what was last read or written, for line numbers
        self.read_only = False

    @classmethod
    def open(cls, path: str | Path) -> SessionStore:
        path = Path(path)
        session, text = load_session_text(path)
        return cls(path, session, text)

    @classmethod
    def create(cls, path: str | Path, info: SessionInfo) -> SessionStore:
        """A new session; written at once so that it exists from the first second."""
        path = Path(path)
        if info.created is None:
            info.created = datetime.now().astimezone().replace(microsecond=0)
        store = cls(path, Session(schema_version=SCHEMA_VERSION, session=info))
        store.save()
        return store

    def save(self) -> None:
        if self.read_only:
            raise ReadOnlyError(f"{self.path} is open elsewhere: not saved")
        self.session.session.updated = datetime.now().astimezone().replace(microsecond=0)
        text = dump_session(self.session)
        atomic_write(self.path, text)
        self.text = text

    def close(self) -> None:
        pass
