"""The agenda: minutes per stage, the time spent on each, and whether the workshop runs late.

Default timeboxes share a two-hour workshop among the scored stages by their weight (a stage that
matters more gets more time), with a fixed slot for each unscored stage (the recommendation).
``StageRecord.minutes`` in the file wins over the default. Time spent is counted while a stage
is on screen, on top of what the file's ``spent_seconds`` says of earlier sittings, and goes back
to the file with the saves (see docs/decisions.md, issue 15): a crash or a quit loses at most the
last minute. The facilitator can pause it (a break, a digression); a read-only window shows the
file's time and adds none. The clock is injected so that tests and snapshots never read the real
time.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field

from workshop.stage import Stage

WORKSHOP_MINUTES = 120
UNSCORED_MINUTES = 15
ROUND_TO = 5
AMBER_AT = 0.8
FINISHED = ("done", "skipped")

Monotonic = Callable[[], float]


def default_minutes(stages: Iterable[Stage]) -> dict[str, int]:
    """A sensible timebox for each stage of a two-hour workshop."""
    stages = list(stages)
    unscored = [stage for stage in stages if not stage.scored]
    scored = [stage for stage in stages if stage.scored]
    left = max(ROUND_TO * len(scored), WORKSHOP_MINUTES - UNSCORED_MINUTES * len(unscored))
    total_weight = sum(max(0.0, float(stage.weight)) for stage in scored)
    minutes: dict[str, int] = {stage.id: UNSCORED_MINUTES for stage in unscored}
    for stage in scored:
        share = left * stage.weight / total_weight if total_weight else left / len(scored)
        minutes[stage.id] = max(ROUND_TO, int(round(share / ROUND_TO)) * ROUND_TO)
    return minutes


def level(spent_seconds: float, planned_minutes: int | None) -> str:
    """``ok``, ``amber`` from 80 % of the timebox, ``red`` once it is used up."""
    if not planned_minutes:
        return "ok"
    used = spent_seconds / (planned_minutes * 60)
    if used >= 1:
        return "red"
    if used >= AMBER_AT:
        return "amber"
    return "ok"


def clock_text(seconds: float) -> str:
    seconds = max(0, int(seconds))
    hours, rest = divmod(seconds, 3600)
    minutes, seconds = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{seconds:02d}" if hours else f"{minutes}:{seconds:02d}"


def overrun(spent_seconds: float, planned_minutes: int | None) -> float:
    """Seconds past the timebox (0 while within it, or without one)."""
    if not planned_minutes:
        return 0.0
    return max(0.0, spent_seconds - planned_minutes * 60)


@dataclass
class StageClock:
    """Seconds spent on each stage while it is the current one, all sittings together."""

    monotonic: Monotonic
    spent: dict[str, float] = field(default_factory=dict)  # up to ``since``
    current: str | None = None
    since: float = 0.0
    paused_at: float | None = None  # while paused: when; no clock moves meanwhile
    counting: bool = True  # False in a read-only window: the file's time, none added
    # stages whose time the file already held when it was loaded (see ``drift``)
    recorded: set[str] = field(default_factory=set)

    @property
    def paused(self) -> bool:
        return self.paused_at is not None

    def _now(self) -> float:
        """The clocks' time: frozen at the pause while paused."""
        return self.paused_at if self.paused_at is not None else self.monotonic()

    def _settle(self) -> None:
        """Add the running stretch to the current stage; a new stretch starts now."""
        now = self._now()
        if self.current is not None and self.counting:
            self.spent[self.current] = self.spent.get(self.current, 0.0) + now - self.since
        self.since = now

    def load(self, spent: Mapping[str, float], *, counting: bool = True) -> None:
        """Start from the file's time spent (opened, reloaded, taken over); ``counting``: this
        window is the one writing, its clock runs from now."""
        self.spent = {stage_id: float(seconds) for stage_id, seconds in spent.items()}
        self.recorded = {stage_id for stage_id, seconds in spent.items() if seconds > 0}
        self.counting = counting
        self.since = self._now()

    def switch(self, stage_id: str | None) -> None:
        self._settle()
        self.current = stage_id

    def pause(self) -> None:
        if self.paused_at is None:
            self.paused_at = self.monotonic()

    def resume(self) -> None:
        """Run on from where the pause froze the clocks (the pause itself is not counted)."""
        if self.paused_at is None:
            return
        gap = self.monotonic() - self.paused_at
        self.paused_at = None
        self.since += gap

    def toggle_pause(self) -> bool:
        """Pause or resume; True when now paused."""
        if self.paused:
            self.resume()
        else:
            self.pause()
        return self.paused

    def spent_on(self, stage_id: str) -> float:
        total = self.spent.get(stage_id, 0.0)
        if stage_id == self.current and self.counting:
            total += self._now() - self.since
        return total

    def all_spent(self) -> dict[str, float]:
        """Every stage's time spent, now (what the file is given on a save)."""
        stage_ids = set(self.spent) | ({self.current} if self.current is not None else set())
        return {stage_id: self.spent_on(stage_id) for stage_id in stage_ids}

    def elapsed(self) -> float:
        """The whole workshop's clock: the sum of the stages' (every sitting)."""
        return sum(self.all_spent().values())

    def drift(self, statuses: Mapping[str, str], planned: Mapping[str, int],
              finished_here: set[str] | frozenset[str] = frozenset()) -> float:
        """Seconds behind (positive) or ahead (negative) of the agenda.

        A finished stage (done or skipped) counts its time spent against its timebox when that
        time was kept: finished in this run, or with time spent in the file (an earlier
        sitting); any other stage counts only once it overruns. A stage finished before time
        was kept (an older file), only looked at now, counts nothing.
        """
        drift = 0.0
        for stage_id, minutes in planned.items():
            spent = self.spent_on(stage_id)
            if spent <= 0:
                continue
            budget = minutes * 60
            kept = stage_id in finished_here or stage_id in self.recorded
            finished = kept and statuses.get(stage_id) in FINISHED
            if finished or spent > budget:
                drift += spent - budget
        return drift
