"""The rest of the store's contract: crash debris cleaned, saves from threads, the original
functions kept working."""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest
from reliability_support import VALID_SESSION, visible_sessions

from workshop.session import load_session, save_session
from workshop.session.backups import backup_folder
from workshop.session.io import atomic_write, temporary_files
from workshop.session.store import SessionStore


def test_stale_temporary_files_go_on_open_and_never_show(tmp_path: Path) -> None:
    path = tmp_path / "boulangerie.toml"
    path.write_text(VALID_SESSION, encoding="utf-8")
    stale = tmp_path / ".boulangerie.toml.k2j3h4.tmp"
    stale.write_text("half a sess", encoding="utf-8")
    other = tmp_path / ".other.toml.x1.tmp"  # another session's: not ours to remove
    other.write_text("", encoding="utf-8")
    folder = backup_folder(path)
    folder.mkdir(parents=True)
    (folder / ".20261122T090000.000000Z.toml.abc.tmp").write_text("", encoding="utf-8")
    assert visible_sessions(tmp_path) == [path]

    with SessionStore.open(path) as store:
        assert temporary_files(path) == []
        assert other.exists()
        assert not list(folder.glob(".*.tmp"))
        # a second opener (read-only) must not touch the writer's files
        stale.write_text("the writer's own, in flight", encoding="utf-8")
        with SessionStore.open(path) as second:
            assert second.read_only
        assert stale.exists()
        store.save()


def test_a_failed_write_leaves_nothing_behind(tmp_path: Path, monkeypatch) -> None:
    path = tmp_path / "report.md"
    path.write_text("the old version", encoding="utf-8")

    def full_disk(descriptor: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("workshop.session.io.os.fsync", full_disk)
    with pytest.raises(OSError):
        atomic_write(path, "the new version")
    monkeypatch.undo()
    assert path.read_text(encoding="utf-8") == "the old version"
    assert [p.name for p in tmp_path.iterdir()] == ["report.md"], "a temporary file was left"


def test_saves_from_two_threads_never_tear_the_file(tmp_path: Path) -> None:
    path = tmp_path / "threads.toml"
    path.write_text(VALID_SESSION, encoding="utf-8")
    errors: list[BaseException] = []
    with SessionStore.open(path, max_backups=0) as store:

        lock = threading.Lock()  # the one thread that edits, as the app's UI thread

        def type_in(name: str) -> None:
            try:
                for number in range(40):
                    with lock:
                        store.session.stage(name).notes = f"{name} {number}"
                        text = store.snapshot()
                    store.save(text=text)  # the slow part, in parallel with the other typist
            except BaseException as error:  # reported below
                errors.append(error)

        threads = [threading.Thread(target=type_in, args=(name,)) for name in ("tone", "duration")]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    assert not errors, errors
    session = load_session(path)
    # the last text written is one of the two last snapshots, whole
    assert {session.stages["tone"].notes, session.stages["duration"].notes} & {"tone 39",
                                                                            "duration 39"}


def test_the_original_functions_still_work(tmp_path: Path) -> None:
    path = tmp_path / "plain.toml"
    path.write_text(VALID_SESSION, encoding="utf-8")
    session = load_session(path)
    session.stage("tone").notes = "saved the old way"
    save_session(path, session)
    assert load_session(path).stages["tone"].notes == "saved the old way"
    assert [p.name for p in tmp_path.iterdir()] == ["plain.toml"]


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() == 0,
                    reason="root reads any file")
def test_an_unreadable_file_is_a_clear_error(tmp_path: Path) -> None:
    from reliability_support import assert_clear_problems, run_main

    from workshop.session.errors import SessionError

    path = tmp_path / "secret.toml"
    path.write_text(VALID_SESSION, encoding="utf-8")
    path.chmod(0)
    try:
        with pytest.raises(SessionError):
            SessionStore.open(path)
        assert_clear_problems(run_main("validate", str(path)), path)
    finally:
        path.chmod(0o644)
