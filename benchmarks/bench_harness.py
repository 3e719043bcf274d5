"""Timing, statistics and the results table, shared by every benchmark.

Each figure is compared with a floor measured in the same run, interleaved with it (floor,
measured, floor, measured...), so that a busy shared machine slows both alike and the ratio
stays meaningful even when the absolute times drift.
"""

from __future__ import annotations

import contextlib
import os
import platform
import resource
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path


@dataclass
class Sample:
    """Several timings of one thing, in seconds."""

    times: list[float]

    @property
    def median(self) -> float:
        return statistics.median(self.times)

    @property
    def low(self) -> float:
        return min(self.times)

    @property
    def high(self) -> float:
        return max(self.times)


@dataclass
class Row:
    """One line of the results table.

    ``kind`` says what the target bounds: ``ratio`` (measured / floor) or ``time`` (seconds).
    """

    name: str
    kind: str  # ratio, time, info
    target: float | None
    measured: Sample | None = None
    floor: Sample | None = None
    ratios: Sample | None = None  # per-pair measured / floor
    cpu_ratios: Sample | None = None  # the same, in CPU time (whole-process figures)
    note: str = ""
    unavailable: str | None = None  # why it could not be measured

    @property
    def figure(self) -> float | None:
        if self.kind == "ratio":
            return self.ratios.median if self.ratios else None
        return self.measured.median if self.measured else None

    @property
    def result(self) -> str:
        if self.unavailable:
            return self.unavailable
        if self.target is None or self.figure is None:
            return "info"
        return "ok" if self.figure <= self.target else "MISSES"


@dataclass
class Growth:
    """Recompute time against the number of plugin stages."""

    core: Sample
    core_stages: int
    points: list[tuple[int, Sample]] = field(default_factory=list)

    def per_stage(self, extra: int, sample: Sample) -> float:
        return max(0.0, sample.median - self.core.median) / extra

    def per_stage_low(self, extra: int, sample: Sample) -> float:
        return max(0.0, sample.low - self.core.low) / extra

    @property
    def linear(self) -> bool | None:
        """No faster than linear: the cost of one more stage does not grow with their number."""
        if len(self.points) < 2:
            return None
        costs = [self.per_stage_low(n, s) for n, s in self.points]
        smallest_reliable = min(costs[1:]) if len(costs) > 2 else costs[0]
        return costs[-1] <= 1.5 * max(smallest_reliable, 1e-9)


# -- timing ---------------------------------------------------------------------------------


def time_call(function: Callable[[], object]) -> float:
    start = time.perf_counter()
    function()
    return time.perf_counter() - start


def interleave(functions: Sequence[Callable[[], float]], repeat: int,
               warmup: int = 1) -> list[Sample]:
    """Run each timing function in turn, ``repeat`` rounds: one Sample per function."""
    for _ in range(warmup):
        for function in functions:
            function()
    times: list[list[float]] = [[] for _ in functions]
    for _ in range(repeat):
        for index, function in enumerate(functions):
            times[index].append(function())
    return [Sample(values) for values in times]


def pair_ratios(measured: Sample, floor: Sample) -> Sample:
    return Sample([m / f for m, f in zip(measured.times, floor.times, strict=True) if f > 0])


class ProcessFailed(Exception):
    """A timed process did not finish as it should (exit status, or no ready signal)."""

    def __init__(self, command: Sequence[str], code: int, stderr: str) -> None:
        last = [line for line in stderr.strip().splitlines() if line.strip()][-3:]
        super().__init__(f"exit {code}: {' | '.join(last) or 'no message'}")
        self.code = code
        self.stderr = stderr


class ProcessTimer:
    """Runs ``command`` once as a whole process per call and returns its wall time.

    It also keeps each run's CPU time (user + system, from the kernel's accounting of waited-for
    children): on a machine shared with other work, CPU time is barely touched by the others'
    load when wall time is, so the CPU-time ratio tells whether a wall-time miss is real.
    """

    def __init__(self, command: Sequence[str], env: Mapping[str, str] | None = None,
                 cwd: Path | None = None) -> None:
        self.command = list(command)
        self.environment = {**os.environ, **(env or {})}
        self.cwd = cwd
        self.cpu: list[float] = []

    def __call__(self) -> float:
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        done = subprocess.run(self.command, env=self.environment, cwd=self.cwd,
                              stdin=subprocess.DEVNULL, capture_output=True, timeout=300)
        elapsed = time.perf_counter() - start
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        if done.returncode != 0:
            raise ProcessFailed(self.command, done.returncode,
                                done.stderr.decode("utf-8", "replace"))
        self.cpu.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
        return elapsed

    def cpu_sample(self, last: int) -> Sample:
        """CPU times of the last ``last`` runs (the timed ones, after the warm-up)."""
        return Sample(self.cpu[-last:])


def process_timer(command: Sequence[str], env: Mapping[str, str] | None = None,
                  cwd: Path | None = None) -> ProcessTimer:
    return ProcessTimer(command, env, cwd)


# -- the machine ----------------------------------------------------------------------------


def machine() -> dict[str, str]:
    info = {
        "date": datetime.now().astimezone().isoformat(timespec="seconds"),
        "nproc": str(os.cpu_count()),
        "python": platform.python_version(),
        "platform": platform.platform(terse=True),
    }
    with contextlib.suppress(OSError):
        info["load average"] = " ".join(f"{x:.2f}" for x in os.getloadavg())
    for package in ("pydantic", "pluggy", "textual", "rich"):
        try:
            from importlib.metadata import version

            info[package] = version(package)
        except Exception:
            continue
    try:
        commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True,
                                text=True, cwd=Path(__file__).parent, timeout=10)
        if commit.returncode == 0:
            info["commit"] = commit.stdout.strip()
            changed = subprocess.run(["git", "status", "--porcelain", "--", "src", "plugins"],
                                     capture_output=True, text=True,
                                     cwd=Path(__file__).parent, timeout=10)
            if changed.stdout.strip():
                info["commit"] += " with uncommitted changes in src/ or plugins/"
    except OSError:
        pass
    return info


# -- the table ------------------------------------------------------------------------------


def seconds(value: float) -> str:
    if value >= 1:
        return f"{value:.2f} s"
    if value >= 0.01:
        return f"{value * 1000:.0f} ms"
    if value >= 0.001:
        return f"{value * 1000:.1f} ms"
    return f"{value * 1_000_000:.0f} µs"


def spread(sample: Sample | None, unit: Callable[[float], str] = seconds) -> str:
    if sample is None:
        return "—"
    if len(sample.times) == 1:
        return unit(sample.median)
    return f"{unit(sample.median)} ({unit(sample.low)}–{unit(sample.high)})"


def times_x(value: float) -> str:
    return f"{value:.2f}x"


def target_text(row: Row) -> str:
    if row.target is None:
        return "—"
    if row.kind == "ratio":
        return f"≤ {row.target:g}x floor"
    return f"< {seconds(row.target)}"


def ratio_text(row: Row) -> str:
    text = spread(row.ratios, times_x)
    if row.cpu_ratios is not None and row.cpu_ratios.times:
        text += f"; CPU time {times_x(row.cpu_ratios.median)}"
    return text


def table(rows: Sequence[Row]) -> list[str]:
    lines = [
        "| benchmark | measured: median (min–max) | floor: median (min–max) "
        "| ratio to floor: median (min–max) | target | result |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    for row in rows:
        lines.append(
            f"| {row.name} | {spread(row.measured)} | {spread(row.floor)} "
            f"| {ratio_text(row)} | {target_text(row)} | {row.result} |"
        )
    return lines


def growth_table(growth: Growth) -> list[str]:
    lines = [
        "| plugin stages (+ core) | recompute: median (min–max) "
        "| cost per plugin stage: from medians; from minimums |",
        "| --- | --- | --- |",
        f"| 0 (+{growth.core_stages}) | {spread(growth.core)} | — |",
    ]
    for extra, sample in growth.points:
        lines.append(f"| {extra} (+{growth.core_stages}) | {spread(sample)} "
                     f"| {seconds(growth.per_stage(extra, sample))}; "
                     f"{seconds(growth.per_stage_low(extra, sample))} |")
    return lines


def print_flush(*parts: object) -> None:
    print(*parts, flush=True)
    sys.stdout.flush()
