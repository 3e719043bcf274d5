"""A session writer to be killed: ``python writer_server.py SESSION``.

It imports workshop once, then for each ``go SEED`` line on stdin forks a writer that opens the
session with ``SessionStore`` (as the app does after a crash: the dead writer's lock must be
free, its debris cleaned) and adds answers, one save per answer, printing ``begin N`` before a
save and ``saved N`` once it returned. The test kills the writer with SIGKILL whenever it likes;
this process reaps it and prints ``reaped PID``. Forking keeps a kill round a few milliseconds
instead of a Python start-up.
"""

from __future__ import annotations

import os
import random
import sys

from workshop.session.store import SessionStore


def say(line: str) -> None:
    os.write(1, (line + "\n").encode())  # unbuffered: a killed writer loses no line it printed


def answer(number: int) -> dict[str, str]:
    """The answer number N, recognisable and of varying size."""
    description = f"answer {number} " + "é" * (number * 37 % 700)
    return {"name": f"answer {number}", "description": description}


def write(path: str, seed: int) -> None:
    rng = random.Random(seed)
    # half the writers keep a backup on every save, to be killed in the middle of one as well
    interval = 0.0 if rng.random() < 0.5 else 3600.0
    store = SessionStore.open(path, backup_interval=interval)
    if store.read_only:
        say(f"read-only {store.holder}")
        os._exit(3)
    stage = store.session.stage("audience")
    segments = stage.answers.setdefault("segments", [])
    number = len(segments)
    while True:
        number += 1
        segments.append(answer(number))
        stage.notes = f"last answer {number}"
        say(f"begin {number}")
        store.save()
        say(f"saved {number}")


def main() -> None:
    path = sys.argv[1]
    for line in sys.stdin:
        command, _, argument = line.strip().partition(" ")
        if command != "go":
            break
        pid = os.fork()
        if pid == 0:
            say(f"pid {os.getpid()}")  # first, so that the test kills nothing before it is told
            try:
                write(path, int(argument))
            except BaseException as error:  # a failure the test must see
                say(f"error {type(error).__name__}: {error}")
                os._exit(4)
            os._exit(0)
        _, status = os.waitpid(pid, 0)
        say(f"reaped {pid} {status}")


if __name__ == "__main__":
    main()
