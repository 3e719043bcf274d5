"""Backups: the version a save replaces is kept (a few, rotated, not one per keystroke), and can
be listed and brought back."""

from __future__ import annotations

from pathlib import Path

import pytest
from reliability_support import VALID_SESSION, visible_sessions
from support import write_session

from workshop.session.backups import BACKUP_FOLDER, MAX_BACKUPS
from workshop.session.errors import SessionError
from workshop.session.store import SessionStore


@pytest.fixture
def path(tmp_path: Path) -> Path:
    return write_session(tmp_path, VALID_SESSION, "boulangerie.toml")


def test_typing_does_not_fill_the_backups(path) -> None:
    with SessionStore.open(path) as store:  # the default interval
        for number in range(50):
            store.session.stage("objectives").notes = f"keystroke {number}"
            store.save()
        backups = store.backups()
    assert len(backups) == 1, "one backup per interval, not one per save"
    assert backups[0].read_text() == VALID_SESSION, "the version as it was opened"


def test_rotation_keeps_the_newest_ten(path) -> None:
    with SessionStore.open(path, backup_interval=0) as store:
        for number in range(MAX_BACKUPS + 5):
            store.session.stage("objectives").notes = f"version {number}"
            store.save()
        backups = store.backups()
        assert len(backups) == MAX_BACKUPS
        assert [b.created for b in backups] == sorted((b.created for b in backups), reverse=True)
        # the newest backup is the version the last save replaced
        assert 'notes = "version 13"' in backups[0].read_text()
        assert 'notes = "version 4"' in backups[-1].read_text()


def test_backups_are_hidden_beside_the_session(path) -> None:
    with SessionStore.open(path, backup_interval=0) as store:
        store.session.stage("objectives").notes = "changed"
        store.save()
        folder = store.backups()[0].path.parent
    assert folder == path.parent / BACKUP_FOLDER / "boulangerie"
    assert visible_sessions(path.parent) == [path]


def test_restore_brings_a_version_back_and_keeps_the_current_one(path) -> None:
    with SessionStore.open(path, backup_interval=0) as store:
        store.session.stage("objectives").notes = "second"
        store.save()
        store.session.stage("objectives").notes = "third"
        store.save()
        first = store.backups()[-1]
        restored = store.restore(first)
        assert store.session is restored
        assert restored.stages["objectives"].notes == "They mostly want regulars to come back."
        assert 'notes = "third"' in store.backups()[0].read_text()
        assert "regulars" in path.read_text(encoding="utf-8")
        store.save()  # restoring is a save like another: no external-change alarm after it


def test_restoring_a_broken_backup_changes_nothing(path) -> None:
    with SessionStore.open(path, backup_interval=0) as store:
        store.session.stage("objectives").notes = "second"
        store.save()
        backup = store.backups()[0]
        backup.path.write_text("not = [toml", encoding="utf-8")
        before = path.read_bytes()
        with pytest.raises(SessionError):
            store.restore(backup)
        assert path.read_bytes() == before
        assert store.session.stages["objectives"].notes == "second"


def test_a_failing_backup_does_not_stop_the_save(path) -> None:
    (path.parent / BACKUP_FOLDER).write_text("a file where the folder should be")
    with SessionStore.open(path, backup_interval=0) as store:
        store.session.stage("objectives").notes = "the words come first"
        store.save()
        assert store.backup_problem
        assert store.backups() == []
    assert "the words come first" in path.read_text(encoding="utf-8")


def test_a_users_own_file_in_the_folder_is_left_alone(path) -> None:
    with SessionStore.open(path, backup_interval=0, max_backups=2) as store:
        store.session.stage("objectives").notes = "a"
        store.save()
        mine = store.backups()[0].path.with_name("my copy.toml")
        mine.write_text(VALID_SESSION, encoding="utf-8")
        for note in "bcd":
            store.session.stage("objectives").notes = note
            store.save()
        assert len(store.backups()) == 2
    assert mine.exists()


def test_a_crash_before_the_oldest_backup_was_dropped_is_tidied_at_the_next_open(path) -> None:
    with SessionStore.open(path, backup_interval=0) as store:
        for number in range(MAX_BACKUPS):
            store.session.stage("objectives").notes = f"version {number}"
            store.save()
        folder = store.backups()[0].path.parent
        assert len(store.backups()) == MAX_BACKUPS
    # a kill between writing one more backup and pruning the oldest: one too many
    (folder / "29991231T235959.999999Z.toml").write_text(VALID_SESSION, encoding="utf-8")
    with SessionStore.open(path) as store:
        assert len(store.backups()) == MAX_BACKUPS
