"""The open workshop: answers in memory, saved through ``SessionStore``, recomputed by the engine.

The app's screens only talk to a ``LiveSession``: it changes the session model, keeps the
recommendation up to date and saves. A save that fails never loses the in-memory answers: the
session stays dirty and the next change (or quit) tries again. No Textual here, so the rules of
saving are tested without a terminal.
"""

from __future__ import annotations

import contextlib
import copy
from collections import deque
from collections.abc import Callable, Mapping
from datetime import datetime
from pathlib import Path
from typing import Any

from workshop.app.answers import MISSING, same_answer
from workshop.app.background import LatestJob
from workshop.engine.recommendation import STAGE_ID as FINAL_STAGE_ID
from workshop.engine.recommendation import Recommendation, recommend
from workshop.plugins import SOURCE_BUILTIN, PluginHost
from workshop.session.errors import SessionError
from workshop.session.io import dump_session_data, session_data
from workshop.session.lock import Holder
from workshop.session.models import MAX_SPENT_SECONDS, Override, StageRecord
from workshop.session.store import ExternalChangeError, ReadOnlyError, SessionStore
from workshop.stage import Stage

Clock = Callable[[], datetime]

# What the title bar says about the file.
SAVED, PENDING, READ_ONLY, FAILED, OPENED, CONFLICT = (
    "saved", "pending", "read_only", "failed", "opened", "conflict")

_EMPTY = StageRecord()
# How many answers ctrl+z can take back (the session's own history, not the file's backups).
UNDO_DEPTH = 100
# Typing is confirmed on disk a moment after the last keystroke...
DEBOUNCE_SECONDS = 0.3
# ... and someone typing without a pause still gets confirmed this often.
MAX_UNSAVED_SECONDS = 1.0


def now() -> datetime:
    return datetime.now().astimezone()


class BackgroundWriter:
    """Writes the latest text of the session on its own thread, so typing never waits for the
    disk while every keystroke still reaches it: a crash loses at most the keystroke in flight.

    One slot, not a queue (``LatestJob``): a text handed over while another is being written
    replaces any older one still waiting (only the newest state matters).
    """

    def __init__(self, store: SessionStore) -> None:
        self.store = store
        self._job = LatestJob("workshop-writer")
        self.written: int | None = None  # the change number of the last text written
        self.error: BaseException | None = None  # the last write's failure, for the UI thread

    def submit(self, change: int, data: dict[str, Any]) -> None:
        """Write ``data`` (``session_data``: a copy the UI thread no longer touches); turning it
        into TOML is done here too, off the keystroke."""
        def written(_: Any, error: BaseException | None) -> None:
            # reported on the UI thread by LiveSession.save
            if error is None:
                self.written = change
            else:
                self.error = error

        self._job.submit(lambda: self.store.save(
            text=dump_session_data(data, self.store.text)), written)

    @property
    def busy(self) -> bool:
        return not self._job.idle

    def wait_idle(self, timeout: float = 5.0) -> bool:
        """Wait until every text handed over is written (or failed)."""
        return self._job.wait_idle(timeout)

    def stop(self) -> None:
        self.wait_idle()
        self._job.stop()


class LiveSession:
    """A session being worked on: its store, the plugins, and the latest recommendation."""

    def __init__(self, store: SessionStore, host: PluginHost, *, clock: Clock = now) -> None:
        self.store = store
        self.host = host
        self.clock = clock
        self.dirty = False
        self.saved_at: datetime | None = None
        self.error: str | None = None
        self.engine_error: str | None = None
        # someone else changed the file since we read it: the user chooses (keep ours, take theirs)
        self.conflict: ExternalChangeError | None = None
        self.recommendation: Recommendation | None = None
        # every change gets a number: the writer thread says which one it has written
        self.changes = 0
        # ... and those the engine reads (not the stage on screen, not the time spent)
        self.judged_changes = 0
        self._writer: BackgroundWriter | None = None
        self._computed_for: tuple[Any, int] | None = None  # the session and change last judged
        # (stage, question, answer before): the last answers changed in this run, for undo
        self.history: deque[tuple[str, str, Any]] = deque(maxlen=UNDO_DEPTH)
        self._typing: tuple[str, str] | None = None  # the answer being typed (one undo step)
        self.pending_since: float | None = None  # the first keystroke not yet confirmed
        # the stage clock's time spent (the screen's), stamped into the records on each save
        self.timekeeper: Callable[[], Mapping[str, float]] | None = None
        self.recompute()

    # -- reading -----------------------------------------------------------------------------

    @property
    def path(self) -> Path:
        return Path(self.store.path)

    @property
    def session(self) -> Any:
        return self.store.session

    @property
    def lang(self) -> str:
        return self.store.session.session.language

    @property
    def read_only(self) -> bool:
        return self.store.read_only

    def stages(self) -> list[Stage]:
        return self.host.stages()

    def stage(self, stage_id: str) -> Stage | None:
        return self.host.stage(stage_id)

    def from_plugin(self, stage_id: str) -> str | None:
        """The plugin a stage comes from when it is not one of the core stages (the seventh
        stage of a default install is the listening plugin's)."""
        name = self.host.plugin_of_stage(stage_id)
        info = self.host.infos.get(name) if name else None
        if info is None or info.source == SOURCE_BUILTIN:
            return None
        return name

    def record(self, stage_id: str) -> StageRecord:
        """The stage's record as it is; an empty one (not added to the file) if there is none."""
        return self.session.stages.get(stage_id, _EMPTY)

    def answers(self, stage_id: str) -> dict[str, Any]:
        return self.record(stage_id).answers

    def status(self, stage_id: str) -> str:
        return self.record(stage_id).status

    def outcome(self, stage_id: str) -> Any:
        evaluation = self.recommendation.evaluation if self.recommendation else None
        return evaluation.outcomes.get(stage_id) if evaluation else None

    @property
    def save_state(self) -> str:
        if self.read_only:
            return READ_ONLY
        if self.conflict is not None:
            return CONFLICT
        if self.error:
            return FAILED
        if self.dirty:
            return PENDING
        return SAVED if self.saved_at else OPENED

    # -- changing ----------------------------------------------------------------------------

    def _writable(self, stage_id: str) -> StageRecord:
        self._changed()
        return self.session.stage(stage_id)

    def _changed(self, *, judged: bool = True) -> None:
        """A change to save; ``judged``: one the recommendation may depend on (the engine
        runs again on the next redraw: a few ms a stage switch need not pay)."""
        self.dirty = True
        self.changes += 1
        if judged:
            self.judged_changes += 1

    def set_answer(self, stage_id: str, name: str, value: Any, *, typing: bool = False
                   ) -> bool:
        """Record one answer (``MISSING``: not answered); the first answer starts the stage.

        False when nothing changed (a widget repeating what the file says). ``typing``: a
        keystroke; a run of them in one answer is one step of ``undo``.
        """
        before = self.answers(stage_id).get(name, MISSING)
        if same_answer(before, value):
            return False
        if not (typing and self._typing == (stage_id, name) and self.history):
            # (the "not answered" sentinel is kept as itself: a copy would not be it)
            self.history.append((stage_id, name,
                                 before if before is MISSING else copy.deepcopy(before)))
        self._typing = (stage_id, name) if typing else None
        record = self._writable(stage_id)
        if value is MISSING:
            record.answers.pop(name, None)
        else:
            record.answers[name] = value
        if record.status == "todo":
            record.status = "in_progress"
        return True

    def undo(self) -> str | None:
        """Take back the last answer changed in this run; the stage it was in (None: nothing
        left to take back)."""
        if not self.history:
            return None
        stage_id, name, before = self.history.pop()
        self._typing = None
        record = self._writable(stage_id)
        if before is MISSING:
            record.answers.pop(name, None)
        else:
            record.answers[name] = before
        return stage_id

    def set_status(self, stage_id: str, status: str) -> None:
        if self.status(stage_id) != status:
            self._writable(stage_id).status = status  # type: ignore[assignment]

    def set_notes(self, stage_id: str, notes: str) -> None:
        if self.record(stage_id).notes != notes:
            self._writable(stage_id).notes = notes

    def set_minutes(self, stage_id: str, minutes: int | None) -> None:
        if self.record(stage_id).minutes != minutes:
            self._writable(stage_id).minutes = minutes

    def set_override(self, override: Override | None) -> None:
        if self.record(FINAL_STAGE_ID).override != override:
            self._writable(FINAL_STAGE_ID).override = override

    def time_spent(self) -> dict[str, int]:
        """Seconds spent on each stage in earlier sittings, as the file says."""
        return {stage_id: record.spent_seconds
                for stage_id, record in self.session.stages.items() if record.spent_seconds}

    def _stamp_time(self) -> bool:
        """Put the clock's time spent in the records (whole seconds), as ``updated`` is
        stamped: it goes with whatever is saved next. True when a record changed."""
        if self.timekeeper is None or self.read_only:
            return False
        changed = False
        for stage_id, spent in self.timekeeper().items():
            seconds = max(0, min(MAX_SPENT_SECONDS, int(spent)))
            if seconds != self.record(stage_id).spent_seconds:
                self.session.stage(stage_id).spent_seconds = seconds
                changed = True
        return changed

    def note_time(self) -> bool:
        """The time spent is to be saved even without an answer (a stage change, a pause,
        quitting, a minute of talk): True when there is something new to save."""
        if not self._stamp_time():
            return False
        self._changed(judged=False)
        return True

    def current_stage(self) -> str | None:
        return self.session.session.current_stage

    def set_current_stage(self, stage_id: str) -> bool:
        if self.current_stage() == stage_id:
            return False
        self.session.session.current_stage = stage_id
        self._changed(judged=False)
        return True

    def set_language(self, lang: str) -> None:
        if self.lang != lang:
            self.session.session.language = lang  # type: ignore[assignment]
            self._changed()

    # -- engine and file ---------------------------------------------------------------------

    def recompute(self) -> Recommendation | None:
        """The recommendation for the answers as they are now (a few milliseconds; nothing when
        no answer changed since the last time: every redraw asks)."""
        computed_for = (self.store.session, self.judged_changes)
        if self._computed_for is not None and self._computed_for[0] is computed_for[0] \
                and self._computed_for[1] == computed_for[1]:
            return self.recommendation
        self._computed_for = computed_for
        try:
            self.recommendation = recommend(self.session, self.host, path=str(self.path),
                                            text=self.store.text)
            self.engine_error = None
        except SessionError as error:
            self.engine_error = "\n".join(str(problem) for problem in error.problems)
        except Exception as error:  # a plugin or a rule broke: keep the last good picture
            self.engine_error = f"{type(error).__name__}: {error}"
        return self.recommendation

    def save_soon(self) -> None:
        """Hand the session as it is now to the writer thread and return at once (typing).

        ``save()`` later confirms it: it waits for the writer, reports what went wrong, and
        writes again itself if needed.
        """
        if not self.dirty or self.read_only or self.conflict is not None:
            return
        if self._writer is None:
            self._writer = BackgroundWriter(self.store)
        # not ``store.snapshot()``: it takes the store's lock, which the writer holds while it
        # writes and syncs, so typing would wait for the disk; and only a plain copy here
        # (0.1 ms), the TOML text on the writer's thread (some 60 ms for a 1 MB session)
        self.session.session.updated = self.clock().replace(microsecond=0)
        self._stamp_time()
        self.host.record_plugins(self.session)  # which plugin answered each plugin stage
        self._writer.submit(self.changes, session_data(self.session))

    def typed(self, now: float) -> bool:
        """A keystroke was recorded: hand it to the writer at once, and say whether to confirm
        the save now (a second of steady typing). Otherwise the caller confirms it after
        ``DEBOUNCE_SECONDS`` without a keystroke. ``now``: a monotonic clock, in seconds."""
        self.save_soon()
        if self.pending_since is None:
            self.pending_since = now
            return False
        return now - self.pending_since >= MAX_UNSAVED_SECONDS

    @property
    def writing(self) -> bool:
        """The writer thread is still writing what was handed to it: a confirmation that need
        not wait (typing) comes once it is done, the UI thread never waits for the disk."""
        return self._writer is not None and self._writer.busy

    def confirm(self) -> str | None:
        """Confirm what is pending (typing, a choice, a stage change): ``save()``."""
        self.pending_since = None
        return self.save()

    def _settle_writer(self) -> BaseException | None:
        """Wait for the writer thread; its error, if its last write failed."""
        if self._writer is None:
            return None
        self._writer.wait_idle()
        error, self._writer.error = self._writer.error, None
        return error

    def save(self, *, force: bool = False) -> str | None:
        """Write the session if it changed; the error in words, or None when all is safe.

        ``force`` keeps our version over a file someone else changed (theirs is backed up by the
        store first); without it such a change is reported in ``conflict`` and nothing written.
        """
        failed = self._settle_writer()
        if not self.dirty:
            return None
        if self.read_only:
            return READ_ONLY
        if self.conflict is not None and not force:
            return str(self.conflict)
        if (failed is None and not force and self._writer is not None
                and self._writer.written == self.changes):
            # the writer thread has already written this very state
            return self._saved()
        self._stamp_time()
        try:
            self.store.save(force=force)
        except ExternalChangeError as error:
            self.conflict = error
            self.error = str(error)
            return self.error
        except ReadOnlyError as error:
            self.error = str(error) or READ_ONLY
            return self.error
        except Exception as error:  # disk full, permissions, a lock...
            self.error = str(error) or type(error).__name__
            return self.error
        return self._saved()

    def _saved(self) -> None:
        self.dirty = False
        self.error = None
        self.conflict = None
        self.saved_at = self.clock()
        return None

    def take_theirs(self) -> None:
        """Drop our unsaved changes for the version on disk (``SessionError``: it is unusable,
        nothing changes)."""
        self.store.reload()
        self.dirty = False
        self.error = None
        self.conflict = None
        self.history.clear()
        self.recompute()

    def follow_disk(self) -> bool:
        """Read-only: take the version another window saved, when there is a new one (True).
        An unusable version (half-edited by hand) is skipped: the next one is taken."""
        if not self.read_only:
            return False
        try:
            if not self.store.changed_on_disk():
                return False
            self.store.reload()
        except (SessionError, OSError):
            return False
        self.history.clear()
        self.recompute()
        return True

    def take_over(self) -> bool:
        """Become the writer once the other process let go (the session may be reloaded)."""
        if not self.store.take_over():
            return False
        self.recompute()
        return True

    @property
    def holder(self) -> Holder | None:
        return self.store.holder

    @property
    def store_warnings(self) -> list[str]:
        """Problems the store worked around (no lock, no backup): worth telling, not fatal."""
        return [text for text in (self.store.lock_problem, self.store.backup_problem) if text]

    def close(self) -> None:
        with contextlib.suppress(Exception):  # closing must never stop the app from quitting
            if self._writer is not None:
                self._writer.stop()
            self.store.close()
