"""Plugin code runs apart from the workshop: a time budget, its exits contained, its output
kept off stdout.

Every call into a plugin (its import, each hook, each stage's ``evaluate``, each report
section) goes through ``run`` (the workshop's own built-in plugins excepted: they run in place,
see ``PluginHost._builtin``): on one worker thread, waited for at most the budget
(``WORKSHOP_HOOK_TIMEOUT`` seconds, 5 by default; an import gets twice as much). A thread
cannot be killed: a call that overruns is left running on its own (daemon) thread, which the
workshop stops waiting for and replaces, so the app stays responsive and a command still
exits; the caller marks the plugin broken. ``SystemExit`` and ``KeyboardInterrupt`` raised by
plugin code come back as ``PluginCrash`` (an ``Exception``), so the ordinary guards catch
them; a real Ctrl+C still reaches the main thread. What a plugin prints goes to stderr, so
that ``--format json`` stays JSON.

A thread hop costs about 0.1 ms a call (measured: 85-100 us on the 2-core test machine), so
100 plugin stages add some 10 ms to a recompute, within its 50 ms bar.
"""

from __future__ import annotations

import os
import sys
import threading
from collections.abc import Callable
from typing import Any, TextIO

TIMEOUT_VARIABLE = "WORKSHOP_HOOK_TIMEOUT"
DEFAULT_TIMEOUT = 5.0
IMPORT_FACTOR = 2

_local = threading.local()


class PluginCrash(Exception):
    """Plugin code tried to end the process (``SystemExit``) or raised ``KeyboardInterrupt``."""


class PluginTimeout(Exception):
    """Plugin code ran longer than its budget; it is left running, unwaited for."""


def budget() -> float:
    """Seconds a plugin call may take (``WORKSHOP_HOOK_TIMEOUT``; 0 or less: no limit)."""
    try:
        value = float(os.environ.get(TIMEOUT_VARIABLE, DEFAULT_TIMEOUT))
    except ValueError:
        return DEFAULT_TIMEOUT
    return value if value == value else DEFAULT_TIMEOUT  # nan: the default


def inside_plugin() -> bool:
    """Whether this thread runs plugin code (a nested call then runs in place)."""
    return getattr(_local, "inside", False)


class _PluginStdout:
    """``sys.stdout`` that sends what plugin threads write to stderr, the rest where it went."""

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream

    def write(self, text: str) -> int:
        if inside_plugin():
            return sys.stderr.write(text)
        return self._stream.write(text)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)


def keep_plugin_output_off_stdout() -> None:
    if sys.stdout is not None and not isinstance(sys.stdout, _PluginStdout):
        sys.stdout = _PluginStdout(sys.stdout)  # type: ignore[assignment]


class _Job:
    def __init__(self, function: Callable[..., Any], args: tuple, kwargs: dict) -> None:
        self.function, self.args, self.kwargs = function, args, kwargs
        self.done = threading.Event()
        self.result: Any = None
        self.error: BaseException | None = None

    def run(self) -> None:
        try:
            self.result = self.function(*self.args, **self.kwargs)
        except BaseException as error:  # noqa: BLE001 - every way out is the plugin's
            self.error = error
        finally:
            self.done.set()


class _Runner:
    """One daemon thread that runs jobs in turn."""

    def __init__(self) -> None:
        try:  # queue.SimpleQueue itself, without queue.py and its heapq (0.8 ms of a start)
            from _queue import SimpleQueue
        except ImportError:  # another Python than CPython
            from queue import SimpleQueue

        self.jobs: SimpleQueue[_Job] = SimpleQueue()
        self.thread = threading.Thread(target=self._loop, name="workshop-plugins", daemon=True)
        self.thread.start()

    def _loop(self) -> None:
        _local.inside = True
        while True:
            self.jobs.get().run()


_lock = threading.Lock()
_runner: _Runner | None = None


def _crash(error: BaseException) -> BaseException:
    if isinstance(error, (SystemExit, KeyboardInterrupt)):
        what = (f"SystemExit: the plugin called sys.exit({error.code!r})"
                if isinstance(error, SystemExit) else "KeyboardInterrupt raised by the plugin")
        crash = PluginCrash(what)
        crash.__traceback__ = error.__traceback__
        return crash
    return error


def run(function: Callable[..., Any], *args: Any, timeout: float | None = None,
        **kwargs: Any) -> Any:
    """``function(*args, **kwargs)`` as plugin code: its result, or its exception (raised here,
    ``SystemExit``/``KeyboardInterrupt`` as ``PluginCrash``), or ``PluginTimeout``."""
    global _runner
    keep_plugin_output_off_stdout()
    if inside_plugin():  # a hook calling the engine calling a stage: already on the runner
        try:
            return function(*args, **kwargs)
        except (SystemExit, KeyboardInterrupt) as error:
            raise _crash(error) from None
    seconds = budget() if timeout is None else timeout
    job = _Job(function, args, kwargs)
    with _lock:
        if _runner is None:
            _runner = _Runner()
        _runner.jobs.put(job)
        finished = job.done.wait(seconds if seconds > 0 else None)
        if not finished:
            _runner = None  # left to its loop; the next call gets a fresh thread
    if not finished:
        raise PluginTimeout(f"took more than {seconds:g} s (left running, no longer waited for)")
    if job.error is not None:
        raise _crash(job.error).with_traceback(job.error.__traceback__) from None
    return job.result
