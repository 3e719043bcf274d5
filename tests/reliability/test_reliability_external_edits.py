"""External edits: a file changed on disk while a store has it open is never silently
overwritten; the app gets the other version and the choice (reload, or force)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from reliability_support import VALID_SESSION, snapshot
from support import write_session

from workshop.session.errors import ExternalChangeError, SessionError
from workshop.session.store import SessionStore

THEIRS = VALID_SESSION.replace("Claire", "Colleague")


@pytest.fixture
def store(tmp_path: Path):
    path = write_session(tmp_path, VALID_SESSION, "boulangerie.toml")
    with SessionStore.open(path, backup_interval=3600) as opened:
        yield opened


def edit(path: Path, text: str, keep_mtime: bool = False) -> None:
    stat = path.stat()
    path.write_text(text, encoding="utf-8")
    if keep_mtime:
        os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))


def editor_save(path: Path, text: str) -> None:
    """How vim and most sync clients save: a new file renamed over the old one."""
    other = path.with_name("4913")
    other.write_text(text, encoding="utf-8")
    os.replace(other, path)


@pytest.mark.parametrize("how", [edit, editor_save])
def test_an_edit_on_disk_stops_the_next_save(store, how) -> None:
    store.session.stage("objectives").notes = "ours"
    store.save()
    how(store.path, THEIRS)
    assert store.changed_on_disk()
    store.session.stage("objectives").notes = "ours, again"
    before = snapshot(store.path)
    with pytest.raises(ExternalChangeError) as stopped:
        store.save()
    assert snapshot(store.path) == before, "their version was overwritten"
    error = stopped.value
    assert error.text == THEIRS and not error.deleted and not error.problems
    assert error.session is not None and error.session.session.facilitator == "Colleague"
    # nothing of ours was lost either: still in memory
    assert store.session.stages["objectives"].notes == "ours, again"


def test_same_size_same_mtime_edit_is_still_seen(store) -> None:
    store.save()
    text = store.path.read_text(encoding="utf-8")
    changed = text.replace("Claire", "Clara!")
    assert len(changed) == len(text)
    edit(store.path, changed, keep_mtime=True)
    with pytest.raises(ExternalChangeError):
        store.save()


def test_a_touch_is_not_a_change(store) -> None:
    store.save()
    os.utime(store.path, ns=(1, 1))
    assert not store.changed_on_disk()
    store.save()


def test_reload_takes_their_version(store) -> None:
    edit(store.path, THEIRS)
    session = store.reload()
    assert session.session.facilitator == "Colleague" and store.session is session
    assert not store.changed_on_disk()
    store.session.stage("objectives").notes = "after reload"
    store.save()
    assert "Colleague" in store.path.read_text(encoding="utf-8")
    assert "after reload" in store.path.read_text(encoding="utf-8")


def test_force_keeps_ours_and_backs_theirs_up(store) -> None:
    store.save()
    edit(store.path, THEIRS)
    store.session.stage("objectives").notes = "ours"
    store.save(force=True)
    assert "ours" in store.path.read_text(encoding="utf-8")
    newest = store.backups()[0]
    assert newest.read_text() == THEIRS, "their version must be kept before being replaced"
    store.save()  # and from now on our version is the known one


def test_a_deleted_file_is_not_silently_recreated(store) -> None:
    store.path.unlink()
    assert store.changed_on_disk()
    with pytest.raises(ExternalChangeError) as stopped:
        store.save()
    assert stopped.value.deleted and stopped.value.text is None
    assert not store.path.exists()
    with pytest.raises(SessionError):
        store.reload()
    store.save(force=True)
    assert store.path.exists()


def test_a_broken_external_edit_is_reported_and_reload_refuses(store) -> None:
    broken = VALID_SESSION.replace('kind = "business"', 'kind = "business')
    edit(store.path, broken)
    with pytest.raises(ExternalChangeError) as stopped:
        store.save()
    assert stopped.value.session is None and stopped.value.problems
    assert "TOML" in str(stopped.value.problems[0])
    session_before = store.session
    with pytest.raises(SessionError):
        store.reload()
    assert store.session is session_before, "a failed reload must keep what we had"
    assert store.path.read_text(encoding="utf-8") == broken
    # keeping ours keeps theirs too, broken as it is, in the backups
    store.save(force=True)
    assert store.backups()[0].read_text() == broken


def test_a_read_only_viewer_follows_the_writer(store) -> None:
    with SessionStore.open(store.path, read_only=True) as viewer:
        store.session.stage("objectives").notes = "live"
        store.save()
        assert viewer.changed_on_disk()
        assert viewer.reload().stages["objectives"].notes == "live"
        assert not viewer.changed_on_disk()
