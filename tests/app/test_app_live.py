"""The live session's rules without a terminal (issue 18: the save state machine lives in
``LiveSession``): when typing is confirmed, what undo takes back, what a read-only window sees."""

from __future__ import annotations

import tomllib

from workshop.app.answers import MISSING
from workshop.app.live import MAX_UNSAVED_SECONDS, LiveSession
from workshop.session.store import SessionStore


def live_on(path, host) -> LiveSession:
    return LiveSession(SessionStore.open(path), host)


def test_typing_is_handed_to_the_writer_and_confirmed_after_a_second_of_steady_typing(
        copy_session, core_host):
    path = copy_session()
    live = live_on(path, core_host)
    try:
        live.set_answer("tone", "spokesperson", "L", typing=True)
        assert live.typed(100.0) is False  # the first keystroke: wait for a pause
        live.set_answer("tone", "spokesperson", "Lé", typing=True)
        assert live.typed(100.0 + MAX_UNSAVED_SECONDS / 2) is False
        live.set_answer("tone", "spokesperson", "Léa", typing=True)
        assert live.typed(100.0 + MAX_UNSAVED_SECONDS) is True  # a second: confirm now
        assert live.confirm() is None
        assert not live.dirty and live.pending_since is None
        saved = tomllib.loads(path.read_text("utf-8"))
        assert saved["stages"]["tone"]["answers"]["spokesperson"] == "Léa"
    finally:
        live.close()


def test_undo_takes_back_a_typing_run_at_once_then_the_choice_before(copy_session, core_host):
    live = live_on(copy_session(), core_host)
    try:
        before = live.answers("tone").get("register", MISSING)
        spokesperson = live.answers("tone").get("spokesperson", MISSING)
        live.set_answer("tone", "register", "formal")
        for text in ("S", "Sa", "Sam"):
            live.set_answer("tone", "spokesperson", text, typing=True)
        assert live.undo() == "tone"
        assert live.answers("tone").get("spokesperson", MISSING) == spokesperson
        assert live.undo() == "tone"
        assert live.answers("tone").get("register", MISSING) == before
        assert live.undo() is None
    finally:
        live.close()


def test_a_read_only_session_follows_the_file_and_takes_over(copy_session, core_host):
    path = copy_session()
    writer = SessionStore.open(path)
    live = live_on(path, core_host)
    try:
        assert live.read_only and live.holder is not None
        assert live.follow_disk() is False  # nothing new
        writer.session.stage("tone").answers["spokesperson"] = "Sam"
        writer.save()
        assert live.follow_disk() is True
        assert live.answers("tone")["spokesperson"] == "Sam"
        assert live.take_over() is False  # the writer still holds it
        writer.close()
        assert live.take_over() is True and not live.read_only
    finally:
        live.close()
        writer.close()


def test_a_slow_write_is_seen_without_waiting_for_it(copy_session, core_host):
    """The UI thread asks whether the writer is still busy rather than waiting for it."""
    import threading
    import time

    live = live_on(copy_session(), core_host)
    release = threading.Event()
    real_save = live.store.save

    def slow_save(**options):
        release.wait(5)
        return real_save(**options)

    live.store.save = slow_save
    try:
        live.set_answer("tone", "spokesperson", "S", typing=True)
        live.typed(0.0)
        assert live.writing  # handed over, not written yet: asked, not waited for
        release.set()
        for _ in range(500):
            if not live.writing:
                break
            time.sleep(0.01)
        assert not live.writing
        assert live.confirm() is None and not live.dirty
    finally:
        live.store.save = real_save
        live.close()
