"""One writer per session file: a lock beside it, that says who holds it.

The lock is an ``flock`` (``msvcrt.locking`` on Windows) on a hidden ``.<name>.lock`` file next
to the session, a few lines of our own rather than a dependency: ``workshop FILE`` takes it on
every start. The kernel releases it when its process dies, however it dies (``kill -9``, a
crash, a laptop lid closed too hard), so a stale lock recovers by itself: there is nothing to
break. The holder writes who it is into the lock file (user, host, pid, since when), so that a
second process is told who has the session instead of a bare "locked". The lock file is left in
place on release: unlinking a locked file would let two processes lock two different files of
the same name.
"""

from __future__ import annotations

import contextlib
import errno
import json
import os
import socket
import threading
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from workshop import __version__

LOCK_SUFFIX = ".lock"
# The holder record is small; a bigger lock file is not ours and is not read whole.
_HOLDER_LIMIT = 4096
# Errors that mean this folder cannot be written at all: open read-only.
_CANNOT_WRITE = {errno.EACCES, errno.EPERM, errno.EROFS}
# A lock attempt that failed because someone else holds it (some file systems say EACCES).
_BUSY = {errno.EAGAIN, errno.EWOULDBLOCK, errno.EACCES}
# Not inherited by the programs we start (os.open does so anyway: PEP 446), never through a
# symbolic link planted where the lock goes (we write into the file), no wait on a lease
# (O_NONBLOCK), no newline translation on Windows.
_OPEN_FLAGS = (os.O_RDWR | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_NOFOLLOW", 0)
               | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
# Windows locks are mandatory: lock a byte past the record, so that others can still read it.
_WINDOWS_BYTE = _HOLDER_LIMIT

def lock_path_for(path: Path) -> Path:
    """The hidden lock file of a session: ``.<name>.lock`` in the same folder."""
    return path.with_name(f".{path.name}{LOCK_SUFFIX}")


def _user() -> str:
    import getpass  # only when a lock is taken (0.5 ms with termios)

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


# -- the lock itself ------------------------------------------------------------------------------

if os.name == "nt":  # pragma: no cover - not testable here
    import msvcrt

    def _try_lock(descriptor: int) -> bool:
        os.lseek(descriptor, _WINDOWS_BYTE, os.SEEK_SET)
        try:
            msvcrt.locking(descriptor, msvcrt.LK_NBLCK, 1)
        except OSError as error:
            if error.errno in _BUSY:
                return False
            raise
        return True

    def _unlock(descriptor: int) -> None:
        os.lseek(descriptor, _WINDOWS_BYTE, os.SEEK_SET)
        msvcrt.locking(descriptor, msvcrt.LK_UNLCK, 1)

else:
    import fcntl

    def _try_lock(descriptor: int) -> bool:
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as error:
            if error.errno in _BUSY:
                return False
            raise
        return True

    def _unlock(descriptor: int) -> None:
        fcntl.flock(descriptor, fcntl.LOCK_UN)


def _open(path: Path) -> int:
    """The lock file, opened for writing (created if it is not there). Never truncated here:
    a process that loses the race must not wipe the holder's record."""
    try:
        return os.open(path, _OPEN_FLAGS | os.O_CREAT, 0o666)  # the umask decides, as for files
    except FileNotFoundError:
        path.parent.mkdir(parents=True, exist_ok=True)  # a new session in a new folder
    except PermissionError:
        # a sticky folder (/tmp) refuses O_CREAT on another account's file, not always the open
        if not os.path.lexists(path):
            raise
        return os.open(path, _OPEN_FLAGS)
    return os.open(path, _OPEN_FLAGS | os.O_CREAT, 0o666)


class SessionLock:
    """The lock of one session file. ``acquire()`` never waits: the app must not freeze.

    One object per open session; any thread may release it. A forked child does not hold its
    parent's lock (and releasing it there leaves the parent's alone).
    """

    def __init__(self, path: Path) -> None:
        # the real file's lock: two links to one session are one session
        self.path = lock_path_for(Path(os.path.realpath(path)))
        self.me = Holder.me()
        self._descriptor: int | None = None
        self._pid = 0  # the process that took it
        self._mutex = threading.Lock()

    def _write_holder(self, descriptor: int) -> None:
        data = json.dumps(self.me.as_dict()).encode("utf-8")
        os.ftruncate(descriptor, 0)
        if hasattr(os, "pwrite"):
            os.pwrite(descriptor, data, 0)
        else:  # pragma: no cover - Windows
            os.lseek(descriptor, 0, os.SEEK_SET)
            os.write(descriptor, data)

    @property
    def held(self) -> bool:
        return self._descriptor is not None and self._pid == os.getpid()

    def acquire(self) -> bool:
        """True when this process now holds the session; False when another one does.

        ``OSError`` when the lock cannot be made at all (a read-only folder, a file system
        without locks): the caller decides what that means.
        """
        with self._mutex:
            if self.held:
                return True
            self._forget()
            for _ in range(3):
                try:
                    descriptor = _open(self.path)
                except BlockingIOError:  # a lease (a file server) is being broken: busy
                    return False
                try:
                    if not _try_lock(descriptor):
                        os.close(descriptor)
                        return False
                    if os.fstat(descriptor).st_nlink == 0:
                        # unlinked between our open and our lock: nobody else locks that file
                        os.close(descriptor)
                        continue
                    self._write_holder(descriptor)
                except BaseException:
                    with contextlib.suppress(OSError):
                        os.close(descriptor)  # closing also unlocks
                    raise
                self._descriptor, self._pid = descriptor, os.getpid()
                return True
            return False

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
        """Let the session go (the lock file stays). Harmless when not held."""
        with self._mutex:
            if self.held:
                with contextlib.suppress(OSError):
                    _unlock(self._descriptor)
            self._forget()

    def _forget(self) -> None:
        """Close our descriptor. A forked child's copy is closed without unlocking: the lock
        belongs to the parent and stays while the parent's descriptor is open."""
        descriptor, self._descriptor = self._descriptor, None
        if descriptor is not None:
            with contextlib.suppress(OSError):
                os.close(descriptor)

    def __del__(self) -> None:
        # a store dropped without close() must not keep its session until the process ends
        try:  # noqa: SIM105 - not contextlib: at interpreter shutdown it may be gone already
            self.release()
        except Exception:
            pass


def cannot_write(error: OSError) -> bool:
    """Whether a lock failure means the folder is not writable (so the store is read-only)."""
    return error.errno in _CANNOT_WRITE


def is_held(path: Path) -> bool:
    """Whether a process holds the session at ``path`` now (its app, a restore). Looks without
    writing anything: no lock file is made, none is changed (for ``-o`` checks)."""
    lock = lock_path_for(Path(os.path.realpath(path)))
    try:
        descriptor = os.open(lock, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError:
        return False  # no lock file: nobody ever opened it with the app
    try:
        if not _try_lock(descriptor):
            return True
        _unlock(descriptor)
        return False
    except OSError:
        return False
    finally:
        os.close(descriptor)
