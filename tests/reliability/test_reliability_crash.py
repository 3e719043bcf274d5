"""Crash safety: a writer killed with SIGKILL at random moments, many times, loses no answer
whose save had returned, and leaves nothing that passes for the session."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from reliability_support import HERE, VALID_SESSION, visible_sessions

from workshop.session import load_session
from workshop.session.backups import MAX_BACKUPS, backup_folder
from workshop.session.io import temporary_files
from workshop.session.store import SessionStore

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork and SIGKILL")

KILLS = 300
SEED = 20261122


def answer_number(segment: dict) -> int:
    return int(segment["name"].removeprefix("answer "))


def check_file(path: Path, confirmed: int, begun: int) -> int:
    """The file parses and holds answers 1..n, n between the confirmed and the begun one."""
    session = load_session(path)  # raises SessionError if the file were torn
    stage = session.stages.get("audience")
    segments = stage.answers.get("segments", []) if stage else []
    count = len(segments)
    assert count >= confirmed, f"lost answers: {count} in the file, {confirmed} confirmed saved"
    assert count <= begun, f"{count} answers but only {begun} begun"
    for number, segment in enumerate(segments, start=1):
        assert answer_number(segment) == number, "answers out of order or torn"
        expected = f"answer {number} " + "é" * (number * 37 % 700)
        assert segment["description"] == expected, f"answer {number} torn"
    if count:
        assert stage.notes == f"last answer {count}", "the notes and the answers disagree"
    return count


def test_sigkill_at_random_moments_loses_no_saved_answer(tmp_path: Path) -> None:
    path = tmp_path / "workshop.toml"
    path.write_text(VALID_SESSION, encoding="utf-8")
    rng = random.Random(SEED)
    server = subprocess.Popen([sys.executable, str(HERE / "writer_server.py"), str(path)],
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, bufsize=0,
                              env={**os.environ, "PYTHONWARNINGS": "ignore"})
    assert server.stdin and server.stdout
    confirmed = 0  # the highest answer whose save returned, over every writer so far
    begun = 0  # the highest answer whose save started (it may or may not have landed)
    mid_save = 0  # kills that landed between "begin N" and "saved N"
    try:
        for kill in range(KILLS):
            server.stdin.write(f"go {rng.randrange(1 << 30)}\n".encode())
            server.stdin.flush()
            first = server.stdout.readline().decode().split()
            assert first[:1] == ["pid"], first
            pid = int(first[1])
            # early kills hit the open (lock, debris cleaning), later ones the saves
            time.sleep(rng.choice((0.0, rng.uniform(0, 0.005), rng.uniform(0, 0.04))))
            os.kill(pid, signal.SIGKILL)
            last, seen = None, []
            while True:
                line = server.stdout.readline().decode()
                assert line, "the writer server died"
                seen.append(line.strip())
                word, _, rest = line.strip().partition(" ")
                if word == "reaped":
                    break
                assert word in ("begin", "saved"), f"writer {kill}: {line.strip()}"
                last = word
                if word == "begin":
                    begun = max(begun, int(rest))
                else:
                    confirmed = max(confirmed, int(rest))
            mid_save += last == "begin"
            try:
                check_file(path, confirmed, begun)
            except AssertionError as error:
                raise AssertionError(f"after kill {kill} ({seen[-5:]}): {error}") from None
            assert visible_sessions(tmp_path) == [path], "debris that passes for a session"
    finally:
        server.stdin.close()
        server.wait(timeout=30)
    assert confirmed > 0, f"no answer saved in {KILLS} runs"
    assert mid_save > 0, "no kill landed in the middle of a save: the test proved nothing"
    print(f"\n{KILLS} kills, {mid_save} in the middle of a save, {confirmed} answers saved")

    # The next open, as the app's after a crash: the lock is free, the debris goes.
    with SessionStore.open(path) as store:
        assert not store.read_only
        assert temporary_files(path) == []
        assert len(store.backups()) <= MAX_BACKUPS
        store.save()
    assert not list(backup_folder(path).glob(".*.tmp"))
    check_file(path, confirmed, confirmed + 1)
