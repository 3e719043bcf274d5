"""One writer per session file: a lock beside it, that says who holds it.

The lock is ``filelock.FileLock`` (an ``flock`` on a hidden ``.<name>.lock`` file next to the
session). The kernel releases it when its process dies, however it dies (``kill -9``, a crash,
a laptop lid closed too hard), so a stale lock recovers by itself: there is nothing to break.
The holder writes who it is into the lock file (user, host, pid, since when), so that a second
process is told who has the session instead of a bare "locked". The lock file is left in place
on release, as filelock advises: unlinking a locked file would let two processes lock two
different files of the same name.
"""

from __future__ import annotations

import contextlib
import errno
import getpass
import json
import os
import socket
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

LOCK_SUFFIX = ".lock"
# The holder record is small; a bigger lock file is not ours and is not read whole.
_HOLDER_LIMIT = 4096
# Errors that mean this folder cannot be written at all: open read-only.
_CANNOT_WRITE = {errno.EACCES, errno.EPERM, errno.EROFS}


def lock_path_for(path: Path) -> Path:
    """The hidden lock file of a session: ``.<name>.lock`` in the same folder."""
    return path.with_name(f".{path.name}{LOCK_SUFFIX}")


def _user() -> str:
    try:
        return getpass.getuser()
    except Exception:  # no passwd entry (containers): the uid is still something
        return f"uid {os.getuid()}" if hasattr(os, "getuid") else "unknown"


def _pid_alive(pid: int) -> bool | None:
    """True/False on this machine; None when it cannot be told."""
    if pid <= 0:
        return None
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # someone else's process, alive
    except OSError:
        return None
    return True


@dataclass(frozen=True)
class Holder:
    """Who holds a session: shown to the second person who opens it."""

    user: str
    host: str
    pid: int
    since: datetime | None
    program: str = "workshop"

    @classmethod
    def me(cls) -> Holder:
        from workshop import __version__

        return cls(user=_user(), host=socket.gethostname(), pid=os.getpid(),
                   since=datetime.now().astimezone().replace(microsecond=0),
                   program=f"workshop {__version__}")

    def as_dict(self) -> dict[str, Any]:
        return {"user": self.user, "host": self.host, "pid": self.pid,
                "since": self.since.isoformat() if self.since else None, "program": self.program}

    @classmethod
    def from_bytes(cls, raw: bytes) -> Holder | None:
        """The record in a lock file; None when it is empty, half-written or not ours."""
        try:
            data = json.loads(raw.decode("utf-8"))
            since = datetime.fromisoformat(data["since"]) if data.get("since") else None
            return cls(user=str(data["user"]), host=str(data["host"]), pid=int(data["pid"]),
                       since=since, program=str(data.get("program", "workshop")))
        except (ValueError, KeyError, TypeError, AttributeError):
            return None

    @property
    def same_host(self) -> bool:
        return self.host == socket.gethostname()

    @property
    def alive(self) -> bool | None:
        """Whether the holding process still runs (None: on another machine, cannot tell)."""
        return _pid_alive(self.pid) if self.same_host else None

    def __str__(self) -> str:
        since = f" since {self.since:%Y-%m-%d %H:%M}" if self.since else ""
        return f"{self.user} on {self.host} (pid {self.pid}){since}"


class SessionLock:
    """The lock of one session file. ``acquire()`` never waits: the app must not freeze."""

    def __init__(self, path: Path) -> None:
        # the real file's lock: two links to one session are one session
        self.path = lock_path_for(Path(os.path.realpath(path)))
        self.me = Holder.me()
        from filelock import FileLock  # only when a session is opened to be written

        self._lock = FileLock(self.path, timeout=0, blocking=False, thread_local=False,
                              preserve_lock_file=True, on_acquired=self._write_holder)

    def _write_holder(self, descriptor: int) -> None:
        data = json.dumps(self.me.as_dict()).encode("utf-8")
        os.ftruncate(descriptor, 0)
        os.pwrite(descriptor, data, 0)

    @property
    def held(self) -> bool:
        return self._lock.is_locked

    def acquire(self) -> bool:
        """True when this process now holds the session; False when another one does.

        ``OSError`` when the lock cannot be made at all (a read-only folder, a file system
        without locks): the caller decides what that means.
        """
        from filelock import Timeout

        if self._lock.is_locked:
            return True
        try:
            self._lock.acquire(timeout=0, blocking=False)
        except Timeout:
            return False
        return True

    def holder(self) -> Holder | None:
        """Who holds the lock now (read from the lock file), or None when it cannot be told."""
        for _ in range(3):  # the holder may be writing its record this very moment
            try:
                with open(self.path, "rb") as stream:
                    found = Holder.from_bytes(stream.read(_HOLDER_LIMIT))
            except OSError:
                return None
            if found is not None:
                return found
        return None

    def release(self) -> None:
        with contextlib.suppress(OSError):
            self._lock.release(force=True)


def cannot_write(error: OSError) -> bool:
    """Whether a lock failure means the folder is not writable (so the store is read-only)."""
    return error.errno in _CANNOT_WRITE
