"""Previous versions of a session, kept in a hidden folder next to it.

``sessions/.backups/<name>/<UTC time>.toml``: at most ``MAX_BACKUPS`` per session, and at most
one per ``BACKUP_INTERVAL`` seconds of autosave, so that typing (a save per keystroke) does not
push the useful versions out. A version someone else wrote, or one about to be replaced by a
restore, is always kept, whatever the interval.
"""

from __future__ import annotations

import contextlib
import glob
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from workshop.session.io import TEMP_SUFFIX, atomic_write_bytes

BACKUP_FOLDER = ".backups"
MAX_BACKUPS = 10
# Seconds between two automatic backups: a 3-hour workshop keeps versions a few minutes apart
# at the end, and every save's version is never more than this old in the newest backup.
BACKUP_INTERVAL = 30.0
_STAMP = "%Y%m%dT%H%M%S.%fZ"


@dataclass(frozen=True)
class Backup:
    """One kept version: ``path`` to read, ``created`` (aware, UTC) to show."""

    path: Path
    created: datetime
    size: int

    def read_text(self) -> str:
        return self.path.read_text(encoding="utf-8")


def backup_folder(session_path: Path) -> Path:
    name = session_path.stem if session_path.suffix == ".toml" else session_path.name
    return session_path.parent / BACKUP_FOLDER / name


def _created(path: Path) -> datetime | None:
    try:
        return datetime.strptime(path.stem, _STAMP).replace(tzinfo=UTC)
    except ValueError:
        return None


class Backups:
    """The backups of one session file."""

    def __init__(self, session_path: Path, max_backups: int = MAX_BACKUPS,
                 interval: float = BACKUP_INTERVAL) -> None:
        self.folder = backup_folder(session_path)
        self.max_backups = max_backups
        self.interval = interval

    def list(self) -> list[Backup]:
        """Newest first. Files that are not backups (a user's own) are left alone."""
        found: list[Backup] = []
        with contextlib.suppress(OSError):
            for path in self.folder.glob("*.toml"):
                created = _created(path)
                if created is None or path.name.startswith("."):
                    continue
                with contextlib.suppress(OSError):
                    found.append(Backup(path, created, path.stat().st_size))
        return sorted(found, key=lambda backup: backup.created, reverse=True)

    def due(self, now: float | None = None) -> bool:
        """Whether the next automatic backup may be made (the newest is old enough)."""
        if self.max_backups <= 0:
            return False
        newest = self.list()[:1]
        if not newest:
            return True
        now = time.time() if now is None else now
        return now - newest[0].created.timestamp() >= self.interval

    def add(self, content: bytes) -> Backup | None:
        """Keep ``content`` as the newest backup, then drop the oldest beyond the limit."""
        if self.max_backups <= 0:
            return None
        self.folder.mkdir(parents=True, exist_ok=True)
        created = datetime.now(UTC)
        path = self.folder / f"{created.strftime(_STAMP)}.toml"
        while path.exists():  # two in the same microsecond: keep both
            created += timedelta(microseconds=1)
            path = self.folder / f"{created.strftime(_STAMP)}.toml"
        atomic_write_bytes(path, content)
        self.prune()
        return Backup(path, created, len(content))

    def prune(self) -> None:
        for backup in self.list()[self.max_backups:]:
            with contextlib.suppress(OSError):
                backup.path.unlink()

    def clean_temporary(self) -> None:
        """Remove what a crash in the middle of a backup left behind."""
        with contextlib.suppress(OSError):
            for path in self.folder.glob(f".*{glob.escape(TEMP_SUFFIX)}"):
                with contextlib.suppress(OSError):
                    path.unlink()
