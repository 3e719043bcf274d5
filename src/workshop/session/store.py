"""An open session file: what the app (and any long-running writer) uses to load and save.

The contract the app relies on:
- ``SessionStore.open(path)`` reads the file (``SessionError`` if it cannot be used: then
  nothing will ever be written to it); ``SessionStore.create(path, info)`` starts a new one
  (``FileExistsError`` if the file exists: a new session never replaces an old one).
- ``store.session`` is the live model; change it, then call ``store.save()``.
- ``store.save()`` writes atomically and stamps ``session.updated``; it is fast (a few ms) and
  safe to call after every change. Saves are serialised by an internal lock, so a worker thread
  may save; the session must not change while ``save()`` dumps it, so from a worker call
  ``text = store.snapshot()`` on the thread that edits and ``store.save(text=text)`` in the
  worker (the disk is the slow part, the dump is not).
- ``store.read_only`` is True when another process holds the session; ``save()`` then refuses.
- ``store.close()`` releases what ``open`` took.

Added for reliability (see docs/reliability.md):
- One writer per file. ``open`` takes a lock (an ``flock``) beside the file. When another
  process holds it, the store opens read-only and ``store.holder`` says who (user, host, pid,
  since when); ``save()`` raises ``ReadOnlyError`` (its ``holder`` too). ``store.take_over()``
  tries again later (True once the other one closed, or died: a crashed holder's lock is freed by
  the system, nothing to clean by hand). ``open(path, read_only=True)`` just looks, no lock.
  ``store.lock_problem`` names a lock that could not be made at all (a read-only folder: the
  store is read-only; a file system without locks: the store writes, still guarded by the
  change check below).
- External edits. Before each write the file on disk is compared with what this store last
  read or wrote (``store.fingerprint``: size, mtime and SHA-256; the content decides, so a
  ``touch`` is no change). If someone else changed it, ``save()`` raises
  ``ExternalChangeError`` (its ``text``/``session``/``problems`` are their version, ``deleted``
  when the file is gone) and writes nothing. The app lets the user choose: ``store.reload()``
  (take theirs) or ``store.save(force=True)`` (keep ours; theirs goes to the backups first).
  ``store.changed_on_disk()`` tells it without saving, for a periodic check.
- Backups. Each save keeps the version it replaces in ``.backups/<name>/`` next to the file, at
  most one per ``backup_interval`` seconds (30) and ``max_backups`` (10) in all.
  ``store.backups()`` lists them newest first; ``store.restore(backup)`` brings one back (the
  current version is kept as a backup first). ``store.backup_problem`` names a backup that
  could not be written: the save itself went on, the words matter more.
- Debris. Temporary files are hidden (``.<name>.*.tmp``); stale ones, left by a crash in the
  middle of a save, are removed by the next ``open`` that gets the lock.
- Refusals. ``ReadOnlyError`` and ``ExternalChangeError`` are both ``NotSavedError``: nothing
  was written, the session is still in memory. ``OSError`` from ``save()`` (disk full) means
  the same. A closed store refuses with ``ReadOnlyError``.
- A session reached through a symbolic link is written through it, and locked as the real file.
- ``with SessionStore.open(path) as store:`` closes on the way out.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import os
import threading
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from types import TracebackType

from workshop.session.backups import BACKUP_INTERVAL, MAX_BACKUPS, Backup, Backups
from workshop.session.errors import (
    BackupError,
    ExternalChangeError,
    Problem,
    ReadOnlyError,
    SessionError,
)
from workshop.session.io import (
    decode,
    dump_session,
    exchange,
    fsync_folder,
    parse_session,
    read_bytes,
    read_regular,
    read_text,
    temporary_files,
    write_temporary,
)
from workshop.session.lock import Holder, SessionLock, cannot_write
from workshop.session.models import SCHEMA_VERSION, Session, SessionInfo

__all__ = [
    "Backup",
    "BackupError",
    "ExternalChangeError",
    "Fingerprint",
    "Holder",
    "ReadOnlyError",
    "SessionStore",
]


@dataclass(frozen=True)
class Fingerprint:
    """What a version of the file looked like: compared before each save."""

    size: int
    mtime_ns: int
    sha256: str

    @classmethod
    def of(cls, content: bytes, stat: os.stat_result) -> Fingerprint:
        return cls(len(content), stat.st_mtime_ns, hashlib.sha256(content).hexdigest())


def _read_with_stat(path: Path) -> tuple[bytes, os.stat_result] | None:
    """The file's bytes and the stat of that very file (None: it is not there). A FIFO, a
    device or a file over the size limit raises ``SessionError`` (see ``io.read_regular``)."""
    try:
        return read_regular(path)
    except FileNotFoundError:
        return None


class SessionStore:
    def __init__(self, path: Path, session: Session, text: str = "", *,
                 backup_interval: float = BACKUP_INTERVAL,
                 max_backups: int = MAX_BACKUPS) -> None:
        self.path = Path(path)
        self.session = session
        self.text = text  # what was last read or written, for line numbers
        self.read_only = False
        self.holder: Holder | None = None  # who holds the session, when read_only says so
        self.lock_problem: str | None = None
        # why the store is read-only: "held" (another process has it, see ``holder``),
        # "folder" (the folder or the file cannot be written: no other window involved),
        # "asked" (``open(read_only=True)``) or "closed"; None when it writes
        self.read_only_reason: str | None = None
        self.backup_problem: str | None = None
        self.fingerprint: Fingerprint | None = None
        self.closed = False
        self._lock: SessionLock | None = None
        self._backups = Backups(self.path, max_backups=max_backups, interval=backup_interval)
        self._mutex = threading.RLock()

    # -- opening -------------------------------------------------------------------------------

    @classmethod
    def open(cls, path: str | Path, *, read_only: bool = False,
             backup_interval: float = BACKUP_INTERVAL,
             max_backups: int = MAX_BACKUPS) -> SessionStore:
        """The session at ``path``, locked for this process unless another one holds it."""
        path = Path(path)
        # Read and check first: a file that cannot be used leaves no trace, not even a lock.
        content, stat, text, session = cls._read(path)
        lock = None if read_only else SessionLock(path)
        held, holder, problem, locked_out = False, None, None, read_only
        if lock is not None:
            try:
                held = lock.acquire()
            except OSError as error:
                problem = f"cannot lock {lock.path}: {error.strerror or error}"
                locked_out = cannot_write(error)
            else:
                if not held:
                    holder, locked_out = lock.holder(), True
        if held:
            # the last writer may have saved between our reading and our locking
            try:
                again = _read_with_stat(path)
                if again is None or again[0] != content:
                    content, stat, text, session = cls._read(path)
            except BaseException:
                lock.release()
                raise
        store = cls(path, session, text, backup_interval=backup_interval,
                    max_backups=max_backups)
        store.fingerprint = Fingerprint.of(content, stat)
        if not locked_out and not os.access(path, os.W_OK):
            # a read-only file (0444) in a writable folder: its owner wants it kept as it is
            if held:
                lock.release()
                held = False
            locked_out, problem = True, f"{path} is read-only"
        store.read_only = locked_out
        store.read_only_reason = ("asked" if read_only else "held" if holder is not None
                                  else "folder" if locked_out else None)
        store.holder = holder
        store.lock_problem = problem
        store._lock = lock if held else None
        if held:
            store._clean_debris()
        return store

    @staticmethod
    def _read(path: Path) -> tuple[bytes, os.stat_result, str, Session]:
        try:
            found = _read_with_stat(path)
        except OSError:
            found = None
        if found is None:
            read_bytes(path)  # says why: no such file, a folder, no permission
            raise SessionError(path, [Problem(str(path), None, "", "cannot be read")])
        content, stat = found
        text = decode(content, path)
        return content, stat, text, parse_session(text, path)

    @classmethod
    def create(cls, path: str | Path, info: SessionInfo, *,
               backup_interval: float = BACKUP_INTERVAL,
               max_backups: int = MAX_BACKUPS) -> SessionStore:
        """A new session; written at once so that it exists from the first second."""
        path = Path(path)
        if path.exists():
            raise FileExistsError(f"{path} already exists: open it, or choose another name")
        lock = SessionLock(path)
        store = cls(path, Session(schema_version=SCHEMA_VERSION, session=info),
                    backup_interval=backup_interval, max_backups=max_backups)
        try:
            held = lock.acquire()
        except OSError as error:
            if cannot_write(error):
                raise
            store.lock_problem = f"cannot lock {lock.path}: {error.strerror or error}"
        else:
            if not held:
                raise FileExistsError(f"{path} is being created by {lock.holder() or 'someone'}")
            store._lock = lock
        if path.exists():  # created by someone else while we took the lock
            store.close()
            raise FileExistsError(f"{path} already exists: open it, or choose another name")
        if info.created is None:
            info.created = datetime.now().astimezone().replace(microsecond=0)
        try:
            store._write(None, dump_session(store.session, previous=""))
        except BaseException:
            store.close()
            raise
        return store

    # -- saving --------------------------------------------------------------------------------

    def snapshot(self) -> str:
        """The text a save would write now (``session.updated`` stamped). Call it on the thread
        that changes the session, then ``save(text=...)`` from a worker: the worker never reads
        a model that is changing under it. It takes the store's lock, so it waits for a save
        under way; the app's keystrokes hand over ``io.session_data`` instead, lock-free."""
        with self._mutex:
            self.session.session.updated = datetime.now().astimezone().replace(microsecond=0)
            return dump_session(self.session, previous=self.text)

    def save(self, *, force: bool = False, text: str | None = None) -> None:
        """Write the session (or ``text``, from ``snapshot()``). Refuses (``ReadOnlyError``,
        ``ExternalChangeError``): never overwrites someone else's version unless ``force=True``,
        which backs it up first, and refuses (``BackupError``) when it cannot."""
        with self._mutex:
            if self.closed:
                raise ReadOnlyError(f"{self.path}: this store is closed: not saved")
            if self.read_only:
                raise ReadOnlyError(f"{self.path} is open elsewhere"
                                    f"{f' by {self.holder}' if self.holder else ''}: not saved",
                                    self.holder)
            found = self._on_disk()
            theirs = self._changed(found)
            if theirs and not force:
                raise self._external_change(found[0] if found else None)
            self._write(found, self.snapshot() if text is None else text, keep_theirs=theirs)

    def _on_disk(self) -> tuple[bytes, os.stat_result] | None:
        """The file as it is now; a FIFO or a folder put in its place is someone else's change
        (``ExternalChangeError`` with the problem), never something to read or write over."""
        try:
            return _read_with_stat(self.path)
        except SessionError as error:
            raise ExternalChangeError(self.path, "", None, error.problems) from None

    def _write(self, found: tuple[bytes, os.stat_result] | None, text: str,
               keep_theirs: bool = False) -> None:
        """Write ``text`` over the version ``found`` (what was on disk at the check).

        ``keep_theirs``: ``found`` is a version this store did not write (a forced save, a
        restore): it is backed up first, and when that backup cannot be written nothing is
        (``BackupError``). Then the new version is prepared beside the file, the file is checked
        once more and the two are swapped (``io.exchange``); the version the swap took out is
        read back, and if someone wrote in between the swap is undone and their version
        reported (``ExternalChangeError``). Nothing anyone wrote is replaced without a trace.
        """
        content = text.encode("utf-8")
        on_disk = found[0] if found else None
        if on_disk is not None and on_disk != content and (keep_theirs or self._backups.due()):
            try:
                if self._backups.add(on_disk) is None and keep_theirs:
                    raise OSError(errno.EPERM, "backups are turned off (max_backups = 0)")
                self.backup_problem = None
            except OSError as error:
                reason = error.strerror or str(error)
                if keep_theirs:  # the only copy of a version: never lost on our word
                    raise BackupError(self.path, reason) from None
                self.backup_problem = f"backup not written: {reason}"
        target = Path(os.path.realpath(self.path)) if self.path.is_symlink() else self.path
        temporary = write_temporary(target, content)
        try:
            self._swap_in(temporary, target, on_disk)
        finally:
            Path(temporary).unlink(missing_ok=True)
        fsync_folder(target.parent if str(target.parent) else Path("."))
        self.text = text
        with contextlib.suppress(OSError):
            self.fingerprint = Fingerprint.of(content, os.stat(self.path))

    def _swap_in(self, temporary: str, target: Path, expected: bytes | None) -> None:
        """Put the prepared ``temporary`` in place of ``target`` if ``target`` still holds
        ``expected`` (None: no file); otherwise raise ``ExternalChangeError``, target untouched.
        """
        last = self._on_disk()  # the last check: microseconds before the swap
        if (last[0] if last else None) != expected:
            raise self._external_change(last[0] if last else None)
        if expected is None:  # a new file: linked, so that one made meanwhile is not replaced
            try:
                os.link(temporary, target)
            except FileExistsError:
                raise self._external_change(read_bytes(target)) from None
            except OSError:  # no hard links here
                os.replace(temporary, target)
            return
        if not exchange(temporary, target):
            # no atomic swap here (not Linux, some network file systems): a plain rename, and
            # the window between the check above and it stays open (microseconds)
            os.replace(temporary, target)
            return
        try:
            with open(temporary, "rb") as taken_out:
                replaced = taken_out.read()
        except OSError:
            replaced = expected
        if replaced != expected:  # someone wrote between the last check and the swap
            exchange(temporary, target)  # theirs back in place, ours dropped
            raise self._external_change(replaced)

    def _changed(self, found: tuple[bytes, os.stat_result] | None) -> bool:
        """Whether the file on disk is no longer what this store last read or wrote."""
        if self.fingerprint is None:
            return found is not None
        if found is None:
            return True
        # the content decides: a file touched but not changed (a sync client) is not a change,
        # and an edit within the file system's mtime granularity still is
        return hashlib.sha256(found[0]).hexdigest() != self.fingerprint.sha256

    def _external_change(self, on_disk: bytes | None) -> ExternalChangeError:
        if on_disk is None:
            return ExternalChangeError(self.path, None, None)
        try:
            text = decode(on_disk, self.path)
        except SessionError as error:
            return ExternalChangeError(self.path, on_disk.decode("utf-8", "replace"), None,
                                       error.problems)
        try:
            return ExternalChangeError(self.path, text, parse_session(text, self.path))
        except SessionError as error:
            return ExternalChangeError(self.path, text, None, error.problems)

    def changed_on_disk(self) -> bool:
        """Whether someone else changed (or removed) the file since this store read or wrote it."""
        with self._mutex:
            return self._changed(_read_with_stat(self.path))

    def reload(self) -> Session:
        """Take the version on disk (``SessionError`` if it cannot be used: nothing changes)."""
        with self._mutex:
            content, stat, text, session = self._read(self.path)
            self.session, self.text = session, text
            self.fingerprint = Fingerprint.of(content, stat)
            return session

    # -- backups -------------------------------------------------------------------------------

    def backups(self) -> list[Backup]:
        """The kept versions of this session, newest first."""
        return self._backups.list()

    def restore(self, backup: Backup) -> Session:
        """Bring back a kept version; the one on disk now is kept as a backup first, and when
        it cannot be (``BackupError``: a full disk, a read-only folder) nothing is restored."""
        with self._mutex:
            text = read_text(backup.path)
            session = parse_session(text, backup.path)
            if self.read_only or self.closed:
                raise ReadOnlyError(f"{self.path} is open elsewhere or closed: not restored",
                                    self.holder)
            found = self._on_disk()
            previous = self.session
            self.session = session
            try:
                self._write(found, self.snapshot(), keep_theirs=True)
            except BaseException:
                self.session = previous
                raise
            return session

    # -- the lock ------------------------------------------------------------------------------

    def take_over(self) -> bool:
        """Try again to become the writer of a store opened read-only because another process
        held it. True when it worked (the session is reloaded if it changed meanwhile)."""
        with self._mutex:
            if self.closed:
                return False
            if not self.read_only:
                return True
            lock = self._lock or SessionLock(self.path)
            try:
                held = lock.acquire()
            except OSError:
                return False
            if not held:
                self.holder = lock.holder()
                return False
            try:
                if self.changed_on_disk():
                    self.reload()
            except BaseException:
                lock.release()
                raise
            self._lock, self.read_only, self.holder = lock, False, None
            self._clean_debris()
            return True

    def _clean_debris(self) -> None:
        """Remove the temporary files a crash in the middle of a save left (we hold the lock, so
        no other store is writing one), and a backup beyond the limit that a crash between
        writing a backup and pruning the oldest may have left."""
        for temporary in {*temporary_files(self.path),
                          *temporary_files(Path(os.path.realpath(self.path)))}:
            with contextlib.suppress(OSError):
                temporary.unlink()
        self._backups.clean_temporary()
        self._backups.prune()

    def close(self) -> None:
        with self._mutex:
            if self._lock is not None:
                self._lock.release()
                self._lock = None
            self.closed = True

    def __enter__(self) -> SessionStore:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 traceback: TracebackType | None) -> None:
        self.close()
