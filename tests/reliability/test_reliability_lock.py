"""Two processes, one file: the second is told who holds it and cannot write; a holder that
died (kill -9) frees the session by itself."""

from __future__ import annotations

import getpass
import json
import os
import signal
import socket
import subprocess
import sys
from collections.abc import Callable, Iterator
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from reliability_support import HERE, VALID_SESSION, snapshot
from support import write_session

from workshop.session.errors import ReadOnlyError
from workshop.session.lock import Holder, lock_path_for
from workshop.session.store import SessionStore


class Holding:
    """A holder.py process and its pipes."""

    def __init__(self, path: Path) -> None:
        self.process = subprocess.Popen(
            [sys.executable, str(HERE / "holder.py"), str(path)], stdin=subprocess.PIPE,
            stdout=subprocess.PIPE, text=True, env={**os.environ, "PYTHONWARNINGS": "ignore"})
        first = self.process.stdout.readline()
        assert first, "holder.py died on start"
        self.state = json.loads(first)

    @property
    def pid(self) -> int:
        return self.process.pid

    def ask(self, command: str) -> str:
        self.process.stdin.write(command + "\n")
        self.process.stdin.flush()
        return self.process.stdout.readline().strip()

    def quit(self) -> None:
        if self.process.poll() is None:
            self.process.stdin.write("quit\n")
            self.process.stdin.flush()
        self.process.wait(timeout=30)

    def kill9(self) -> None:
        os.kill(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=30)


@pytest.fixture
def session_file(tmp_path: Path) -> Path:
    return write_session(tmp_path, VALID_SESSION, "boulangerie.toml")


@pytest.fixture
def holding() -> Iterator[Callable[[Path], Holding]]:
    started: list[Holding] = []

    def start(path: Path) -> Holding:
        started.append(Holding(path))
        return started[-1]

    yield start
    for process in started:
        if process.process.poll() is None:
            process.process.kill()
        process.process.wait(timeout=30)
        for stream in (process.process.stdin, process.process.stdout):
            stream.close()


def test_second_opener_is_told_who_holds_it_and_cannot_write(session_file, holding) -> None:
    first = holding(session_file)
    assert first.state["read_only"] is False
    before = snapshot(session_file)

    store = SessionStore.open(session_file)  # this test process is the second opener
    assert store.read_only
    holder = store.holder
    assert holder is not None
    assert holder.pid == first.pid
    assert holder.user == getpass.getuser()
    assert holder.host == socket.gethostname()
    assert holder.since is not None
    assert abs(datetime.now().astimezone() - holder.since) < timedelta(minutes=5)
    assert holder.alive is True
    assert str(first.pid) in str(holder)
    with pytest.raises(ReadOnlyError) as refused:
        store.save()
    assert refused.value.holder == holder
    assert snapshot(session_file) == before, "a read-only store wrote"
    store.close()


def test_second_process_gets_read_only_too(session_file, holding) -> None:
    first = holding(session_file)
    second = holding(session_file)
    assert second.state["read_only"] is True
    assert second.state["holder"]["pid"] == first.pid
    assert second.ask("save") == "refused: ReadOnlyError"
    assert first.ask("save") == "saved"
    # the holder closes: the second takes over, with the first one's words
    first.quit()
    assert second.ask("take") == "took"
    assert second.ask("save") == "saved"
    with SessionStore.open(session_file, read_only=True) as look:
        assert look.session.stages["objectives"].notes == f"saved by {second.pid}"


def test_a_holder_killed_with_sigkill_frees_the_session(session_file, holding) -> None:
    first = holding(session_file)
    assert first.ask("save") == "saved"
    first.kill9()
    # its record is still in the lock file: stale, and ignored
    stale = Holder.from_bytes(lock_path_for(session_file).read_bytes())
    assert stale is not None and stale.pid == first.pid and stale.alive is False

    with SessionStore.open(session_file) as store:
        assert not store.read_only and store.holder is None
        store.save()
        mine = Holder.from_bytes(lock_path_for(session_file).read_bytes())
        assert mine is not None and mine.pid == os.getpid()
        # and a third process is now told it is us
        third = holding(session_file)
        assert third.state["read_only"] is True
        assert third.state["holder"]["pid"] == os.getpid()


def test_a_stale_lock_file_of_a_dead_process_is_recovered(session_file) -> None:
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True, check=True)
    pid = int(dead.stdout)
    record = {"user": "someone", "host": socket.gethostname(), "pid": pid,
              "since": "2026-11-22T09:00:00+01:00", "program": "workshop 0.1.0"}
    lock_path_for(session_file).write_text(json.dumps(record), encoding="utf-8")
    with SessionStore.open(session_file) as store:
        assert not store.read_only
        store.save()


def test_the_same_process_opening_twice_gets_read_only(session_file) -> None:
    with SessionStore.open(session_file) as first:
        second = SessionStore.open(session_file)
        assert second.read_only and second.holder is not None
        assert second.holder.pid == os.getpid()
        with pytest.raises(ReadOnlyError):
            second.save()
        second.close()
        first.save()  # closing the second did not release the first one's lock
        third = SessionStore.open(session_file)
        assert third.read_only
        third.close()


def test_open_read_only_takes_no_lock(session_file, holding) -> None:
    with SessionStore.open(session_file, read_only=True) as look:
        assert look.read_only and look.holder is None
        other = holding(session_file)
        assert other.state["read_only"] is False  # looking does not stop the writer
        with pytest.raises(ReadOnlyError):
            look.save()


def test_closed_store_does_not_write(session_file) -> None:
    store = SessionStore.open(session_file)
    store.close()
    store.close()  # twice is fine
    with pytest.raises(ReadOnlyError):
        store.save()
    with SessionStore.open(session_file) as again:
        assert not again.read_only


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() == 0,
                    reason="root writes into read-only folders anyway")
def test_a_read_only_folder_opens_read_only(session_file) -> None:
    folder = session_file.parent
    folder.chmod(0o555)
    try:
        with SessionStore.open(session_file) as store:
            assert store.read_only and store.lock_problem
    finally:
        folder.chmod(0o755)


def test_create_never_replaces_an_existing_file(session_file, tmp_path) -> None:
    from workshop.session.models import SessionInfo

    info = SessionInfo(organisation="New", kind="ngo", size="small", market="b2b")
    before = snapshot(session_file)
    with pytest.raises(FileExistsError):
        SessionStore.create(session_file, info)
    assert snapshot(session_file) == before
    with SessionStore.create(tmp_path / "new.toml", info) as store:
        assert not store.read_only
        assert (tmp_path / "new.toml").exists()
        other = SessionStore.open(tmp_path / "new.toml")
        assert other.read_only
        other.close()


def test_a_file_system_without_locks_still_saves(session_file, monkeypatch) -> None:
    import errno

    from workshop.session.lock import SessionLock

    def no_flock(self) -> bool:
        raise OSError(errno.ENOSYS, "Function not implemented")

    monkeypatch.setattr(SessionLock, "acquire", no_flock)
    with SessionStore.open(session_file) as store:
        assert not store.read_only and "Function not implemented" in store.lock_problem
        store.save()  # still guarded by the change check


def test_a_folder_that_refuses_the_lock_file_opens_read_only(session_file, monkeypatch) -> None:
    import errno

    from workshop.session.lock import SessionLock

    def refused(self) -> bool:
        raise OSError(errno.EROFS, "Read-only file system")

    monkeypatch.setattr(SessionLock, "acquire", refused)
    with SessionStore.open(session_file) as store:
        assert store.read_only and store.lock_problem and store.holder is None
        with pytest.raises(ReadOnlyError):
            store.save()


def test_two_links_to_one_session_are_one_session(session_file, tmp_path, holding) -> None:
    link = tmp_path / "elsewhere" / "link.toml"
    link.parent.mkdir()
    link.symlink_to(session_file)
    first = holding(session_file)
    with SessionStore.open(link) as store:
        assert store.read_only and store.holder.pid == first.pid
    first.quit()
    with SessionStore.open(link, max_backups=0) as store:
        store.session.stage("tone").notes = "through the link"
        store.save()
    assert link.is_symlink(), "the save replaced the link with a file"
    assert "through the link" in session_file.read_text(encoding="utf-8")


# -- the lock itself: what our own flock must keep doing ---------------------------------------


def test_the_lock_file_stays_and_a_released_session_can_be_taken(session_file, holding) -> None:
    with SessionStore.open(session_file) as store:
        assert not store.read_only
        assert store.take_over() is True  # holding it already: still ours
    # released, not unlinked: a locked file that is unlinked lets two processes in
    assert lock_path_for(session_file).is_file()
    other = holding(session_file)
    assert other.state["read_only"] is False
    with SessionStore.open(session_file) as second:
        assert second.read_only and second.holder.pid == other.pid


def test_a_store_closed_from_another_thread_frees_the_session(session_file, holding) -> None:
    import threading

    store = SessionStore.open(session_file)
    closer = threading.Thread(target=store.close)
    closer.start()
    closer.join()
    store.close()  # and again from here: harmless
    assert holding(session_file).state["read_only"] is False


def test_a_program_started_by_the_holder_does_not_keep_the_lock(session_file) -> None:
    # The holder starts a long-lived program (inheriting descriptors), then dies with kill -9:
    # the session must be free although that program still runs.
    script = (
        "import os, signal, subprocess, sys\n"
        "from workshop.session.store import SessionStore\n"
        "store = SessionStore.open(sys.argv[1])\n"
        "assert not store.read_only\n"
        "child = subprocess.Popen([sys.executable, '-c', 'import time; time.sleep(120)'],\n"
        "                         stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,\n"
        "                         stderr=subprocess.DEVNULL, close_fds=False)\n"
        "print(child.pid, flush=True)\n"
        "os.kill(os.getpid(), signal.SIGKILL)\n"
    )
    run = subprocess.run([sys.executable, "-c", script, str(session_file)],
                         capture_output=True, text=True, timeout=60)
    assert run.returncode == -signal.SIGKILL, run.stderr
    child = int(run.stdout)
    try:
        os.kill(child, 0)  # still running
        with SessionStore.open(session_file) as store:
            assert not store.read_only, "a program the holder started kept the session locked"
    finally:
        os.kill(child, signal.SIGKILL)


@pytest.mark.skipif(not hasattr(os, "fork"), reason="no fork")
def test_a_forked_child_closing_its_copy_leaves_the_parent_holding(session_file, holding) -> None:
    with SessionStore.open(session_file) as store:
        pid = os.fork()
        if pid == 0:  # the child: close what it inherited, then leave at once
            try:
                store.close()
            finally:
                os._exit(0)
        os.waitpid(pid, 0)
        other = holding(session_file)
        assert other.state["read_only"] is True
        assert other.state["holder"]["pid"] == os.getpid()
        store.save()


def test_a_link_planted_where_the_lock_goes_is_not_followed(session_file, tmp_path) -> None:
    victim = tmp_path / "victim.txt"
    victim.write_text("do not touch", encoding="utf-8")
    lock_path_for(session_file).symlink_to(victim)
    with SessionStore.open(session_file) as store:
        assert store.lock_problem  # no lock, said so; the change check still guards the file
        store.save()
    assert victim.read_text(encoding="utf-8") == "do not touch"


def test_a_new_session_in_a_new_folder_is_locked(tmp_path) -> None:
    from workshop.session.models import SessionInfo

    info = SessionInfo(organisation="New", kind="ngo", size="small", market="b2b")
    path = tmp_path / "not" / "yet" / "new.toml"
    with SessionStore.create(path, info) as store:
        assert not store.read_only and store.lock_problem is None
        assert path.exists()
        mine = Holder.from_bytes(lock_path_for(path).read_bytes())
        assert mine is not None and mine.pid == os.getpid()


def test_a_folder_nobody_may_write_opens_read_only(session_file) -> None:
    # As root a chmod 555 folder is writable (the test above skips): an immutable one is not.
    import shutil

    folder = session_file.parent
    if os.name == "nt" or not shutil.which("chattr"):
        pytest.skip("needs chattr")
    made = subprocess.run(["chattr", "+i", str(folder)], capture_output=True)
    if made.returncode != 0:
        pytest.skip("chattr +i refused here")
    try:
        with SessionStore.open(session_file) as store:
            assert store.read_only and store.lock_problem and store.holder is None
            with pytest.raises(ReadOnlyError):
                store.save()
    finally:
        subprocess.run(["chattr", "-i", str(folder)], check=True)
    assert not lock_path_for(session_file).exists()
