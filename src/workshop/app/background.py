"""One job at a time on a daemon thread of its own, the newest request replacing any still
waiting: what the session's writer and the verdict's rendering and what-if search both need.

No Textual here (the live session uses it), and a daemon thread rather than a Textual thread
worker, which the app waits for when it exits: quitting never waits for work nobody will read.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

Then = Callable[[Any, BaseException | None], None]


class LatestJob:
    """A single slot, not a queue: only the newest state matters (the latest text to write,
    the report for the answers as they are now)."""

    def __init__(self, name: str) -> None:
        self.name = name
        self._condition = threading.Condition()
        self._waiting: tuple[Callable[[], Any], Then] | None = None
        self._busy = False
        self._stopped = False
        self._thread: threading.Thread | None = None

    def submit(self, work: Callable[[], Any], then: Then) -> None:
        """Run ``work`` off the calling thread, then ``then(result, error)`` (on that thread)."""
        with self._condition:
            self._waiting = (work, then)
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name=self.name, daemon=True)
                self._thread.start()
            self._condition.notify_all()

    @property
    def idle(self) -> bool:
        """No job waiting nor running (asked without waiting)."""
        with self._condition:
            return self._waiting is None and not self._busy

    def wait_idle(self, timeout: float = 30.0) -> bool:
        """Wait until every job asked for has ended (and its ``then`` has run)."""
        with self._condition:
            return self._condition.wait_for(
                lambda: self._waiting is None and not self._busy, timeout)

    def stop(self) -> None:
        """Let the thread end (a job under way finishes first; one still waiting is dropped)."""
        with self._condition:
            self._stopped = True
            self._waiting = None
            self._condition.notify_all()

    def _run(self) -> None:
        while True:
            with self._condition:
                self._condition.wait_for(lambda: self._waiting is not None or self._stopped)
                if self._stopped or self._waiting is None:
                    return
                work, then = self._waiting
                self._waiting = None
                self._busy = True
            result: Any = None
            error: BaseException | None = None
            try:
                result = work()
            except Exception as problem:
                error = problem
            try:
                then(result, error)
            except RuntimeError:
                pass  # the app has closed meanwhile: nobody to tell
            finally:
                with self._condition:
                    self._busy = False
                    self._condition.notify_all()
