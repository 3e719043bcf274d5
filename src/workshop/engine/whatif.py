"""What would change the verdict: the smallest sets of levers that reach a better one.

The engine knows no stage: it reads each stage's questions (``workshop.questions``: choices,
yes/no questions, bounded numbers, lists, tables), derives candidate single-answer changes from
them, and re-runs the real recommendation on a copy of the session for each. Numbers are probed
to discover the thresholds of the rules, so a plugin stage takes part without any extra work.
Changes that remove a blocker or a concern are then combined, smallest sets first, under an
evaluation and time budget so that the answer stays interactive.

Only levers, what the organisation decides (domain.md "What would change the verdict"):

- a question that is a fact (where the audience is, a network's fit, the team's skill today)
  says so with ``Field(json_schema_extra={"whatif": False})`` and is never proposed; a table
  whose rows hold a fact never gains or loses a row;
- numbers move in steps a person would propose: whole units, or the field's ``whatif_step``;
  ``whatif_buys_hours`` makes a budget buy at least that many hours a week at the hourly rate;
- ``whatif_drop_lowest = "<field>"`` on a yes/no of a table's rows (a network's "selected")
  drops the row with the lowest such value first, and never a network the plan keeps;
- the answer says when it is provisional, and in one sentence why no lever changes a
  structural verdict (``structural_reason``).

The wording of answers and changes lives in ``engine.wording``.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from copy import deepcopy
from dataclasses import dataclass, field
from typing import Any, Literal

from pydantic import BaseModel

from workshop.engine.recommendation import Recommendation, recommend
from workshop.engine.wording import describe, jsonable
from workshop.i18n import t
from workshop.plugins import PluginHost
from workshop.questions import (
    CHOICE,
    CHOICES,
    GROUP,
    NUMBER,
    TABLE,
    TEXT,
    WHOLE,
    YES_NO,
    Question,
    question_of,
)
from workshop.session.models import Session, StageRecord
from workshop.stage import Network, Stage

# Better first. A change set is worth showing when it reaches a verdict further up this list.
VERDICT_RANK = {"no_go": 0, "not_yet": 1, "go_with_conditions": 2, "go": 3}
MAX_CHANGES = 3
MAX_CHANGES_IF_NEEDED = 6
DEFAULT_BUDGET_SECONDS = 0.8  # a live screen's answer
# A command or a report can wait longer than a live screen: on a machine busy elsewhere the
# examples need up to 230 evaluations (0.7 s at 3 ms each), which 0.8 s did not always allow.
BATCH_BUDGET_SECONDS = 5.0
DEFAULT_MAX_EVALUATIONS = 4000
BEAM_WIDTH = 16
# Values tried on a number that has no upper bound, to find where the rules change their mind.
LADDER = (1, 2, 3, 4, 5, 6, 8, 10, 12, 15, 18, 20, 24, 30, 36, 40, 48, 50, 60, 72, 96, 100,
          120, 150, 200, 250, 300, 500, 750, 1000, 1500, 2000, 3000, 5000, 10000, 20000, 50000)
MAX_THRESHOLDS = 4  # per direction and per number
SMALL_RANGE = 12  # a bounded whole number with so few values is tried value by value


# -- what the caller gets ---------------------------------------------------------------------


@dataclass(frozen=True)
class Change:
    """One change to one answer, described in the session's language."""

    stage: str
    path: tuple[str | int, ...]  # inside the stage's answers: ("goals", 0, "owner")
    action: Literal["set", "remove_item", "remove_value", "add_value", "add_item"]
    value: Any = None  # the new value (set), the value added or removed, the item added
    old: Any = field(default=None, compare=False)
    text: str = field(default="", compare=False)

    def __hash__(self) -> int:
        return hash((self.stage, self.path, self.action, repr(self.value)))

    @property
    def slot(self) -> tuple[Any, ...]:
        """What the change touches: two changes whose slots nest cannot be combined."""
        if self.action in ("remove_value", "add_value"):
            return (self.stage, *self.path, f"={self.value}")
        if self.action == "add_item":
            return (self.stage, *self.path, "+")
        return (self.stage, *self.path)

    def as_dict(self) -> dict[str, Any]:
        return {"stage": self.stage, "path": list(self.path), "action": self.action,
                "old": jsonable(self.old), "value": jsonable(self.value), "text": self.text}


@dataclass
class ChangeSet:
    """A few changes that together reach a better verdict, and what they lead to."""

    changes: list[Change]
    verdict: str
    score: int
    resolved: list[str] = field(default_factory=list)  # finding codes that go away
    new: list[str] = field(default_factory=list)  # finding codes that appear

    @property
    def text(self) -> str:
        return " + ".join(change.text for change in self.changes)

    def as_dict(self) -> dict[str, Any]:
        return {"changes": [change.as_dict() for change in self.changes],
                "verdict": self.verdict, "score": self.score,
                "resolved": self.resolved, "new": self.new}


@dataclass
class WhatIf:
    """The search's answer, with what it cost (for the budget and the benchmarks)."""

    verdict: str
    score: int
    sets: list[ChangeSet]
    evaluations: int = 0
    seconds: float = 0.0
    complete: bool = True  # False when the budget ran out before the search ended
    provisional: bool = False  # stages are still to be done: the answer may change with them
    too_little: bool = False  # under half the workshop discussed: too early to tell
    # one sentence, when nothing the organisation decides changes a structural verdict
    structural_reason: str | None = None

    def as_dict(self) -> dict[str, Any]:
        """The JSON of ``workshop whatif --format json``."""
        return {"verdict": self.verdict, "score": self.score, "complete": self.complete,
                "provisional": self.provisional, "too_little": self.too_little,
                "structural_reason": self.structural_reason,
                "sets": [change_set.as_dict() for change_set in self.sets]}


def what_would_change(session: Session, host: PluginHost, limit: int = 3, *,
                      budget_seconds: float = DEFAULT_BUDGET_SECONDS,
                      max_evaluations: int = DEFAULT_MAX_EVALUATIONS) -> list[ChangeSet]:
    """The smallest sets (up to three changes) of answer changes that reach a better verdict.

    Empty for ``go``, and when no such set is found within the budget.
    """
    return search(session, host, limit, budget_seconds=budget_seconds,
                  max_evaluations=max_evaluations).sets


# -- the search --------------------------------------------------------------------------------


class _QuietHost:
    """The plugin host, but a stage that breaks on a tried value is not reported as broken."""

    def __init__(self, host: PluginHost) -> None:
        self._host = host

    def __getattr__(self, name: str) -> Any:
        return getattr(self._host, name)

    def note_failure(self, name: str, error: BaseException | str) -> str:
        return str(error)


class _OutOfBudget(Exception):
    pass


@dataclass(frozen=True)
class _Result:
    verdict: str
    score: int
    issues: frozenset[tuple[str, str, str | None]]  # (code, severity, kind), no strengths
    broken: frozenset[str]

    @property
    def rank(self) -> int:
        return VERDICT_RANK.get(self.verdict, 0)

    def progress(self) -> tuple[int, ...]:
        """Further up is better: verdict, then fewer blockers, then fewer concerns, then score."""
        structural = sum(1 for i in self.issues if i[2] == "structural")
        fixable = sum(1 for i in self.issues if i[1] == "blocker" and i[2] != "structural")
        concerns = sum(1 for i in self.issues if i[1] == "concern")
        return (self.rank, -structural, -fixable, -concerns, self.score)

    def needs(self) -> frozenset[tuple[str, str, str | None]]:
        """The issues that stand between this verdict and the next better one."""
        structural = frozenset(i for i in self.issues if i[2] == "structural")
        if structural:
            return structural
        blockers = frozenset(i for i in self.issues if i[1] == "blocker")
        return blockers or self.issues


class _Search:
    def __init__(self, session: Session, host: PluginHost, budget_seconds: float,
                 max_evaluations: int) -> None:
        self.session = session
        self.host = _QuietHost(host)
        self.lang = session.session.language
        self.deadline = time.perf_counter() + budget_seconds
        self.max_evaluations = max_evaluations
        self.evaluations = 0
        self.memo: dict[frozenset[Change], _Result | None] = {}
        self.useful: list[tuple[Change, _Result]] = []  # kept even when the budget runs out
        self.base_recommendation: Recommendation = recommend(session, self.host)  # type: ignore[arg-type]
        self.base = self._result(self.base_recommendation)
        # deselections that must follow the plan's logic: (rows path, row, flag, order field)
        self.drops: dict[Change, tuple[tuple[str | int, ...], int, str, str]] = {}
        evaluation = self.base_recommendation.evaluation
        selected = set(evaluation.figure("selected_networks", []) or []) if evaluation else set()
        plan = set(self.base_recommendation.network_plan)
        # a reduced plan keeps the best networks: dropping one of those is never proposed
        self.kept = plan if plan and plan != selected else set()

    # evaluating ---------------------------------------------------------------------------

    def _result(self, recommendation: Recommendation) -> _Result:
        issues = frozenset((f.code, f.severity, f.kind) for f in recommendation.findings
                           if f.severity != "strength")
        return _Result(recommendation.computed_verdict, recommendation.score, issues,
                       frozenset(recommendation.broken_stages))

    def run(self, changes: Iterable[Change]) -> _Result | None:
        """The verdict with these changes made; None when they make an answer invalid."""
        key = frozenset(changes)
        if key in self.memo:
            return self.memo[key]
        if self.evaluations >= self.max_evaluations or time.perf_counter() > self.deadline:
            raise _OutOfBudget
        self.evaluations += 1
        try:
            changed = apply_changes(self.session, key)
            result: _Result | None = self._result(recommend(changed, self.host))  # type: ignore[arg-type]
        except Exception:  # a plugin that cannot cope with a tried value: not a way forward
            result = None
        if result is not None and result.broken - self.base.broken:
            result = None
        self.memo[key] = result
        return result

    # candidates ---------------------------------------------------------------------------

    def candidates(self) -> Iterator[Change]:
        evaluation = self.base_recommendation.evaluation
        if evaluation is None:
            return
        for outcome in evaluation.outcomes.values():
            if not (outcome.evaluated and outcome.stage.scored) or outcome.answers is None:
                continue
            if outcome.status == "skipped" or outcome.broken:
                continue
            yield from self._model_changes(outcome.stage, outcome.answers, ())

    def _model_changes(self, stage: Stage, model: BaseModel,
                       prefix: tuple[str | int, ...]) -> Iterator[Change]:
        for name, info in type(model).model_fields.items():
            question = question_of(info)
            if not question.whatif:  # a fact about the world or the team: never a lever
                continue
            path = (*prefix, name)
            yield from self._field_changes(stage, question, path, getattr(model, name))

    def _field_changes(self, stage: Stage, question: Question, path: tuple[str | int, ...],
                       current: Any) -> Iterator[Change]:
        kind = question.kind
        current = getattr(current, "value", current) if question.enum else current
        if kind in (CHOICE, YES_NO):
            for choice in question.choices:
                if choice == current:
                    continue
                change = self._change(stage, path, "set", choice, current)
                order = question.hints.get("whatif_drop_lowest")
                if kind == YES_NO and current is True and isinstance(order, str) \
                        and len(path) >= 2 and isinstance(path[-2], int):
                    row = self._row(stage.id, path[:-1])
                    if getattr(row, "id", None) in self.kept:
                        continue  # the plan keeps it: never propose to drop it
                    self.drops[change] = (path[:-2], path[-2], str(path[-1]), order)
                yield change
        elif kind == TEXT:
            if current is None or not str(current).strip():
                yield self._change(stage, path, "set",
                                   t(self.lang, "features.whatif.placeholder"), current)
        elif kind in (WHOLE, NUMBER):
            yield from self._number_changes(stage, question, path, current)
        elif kind == CHOICES:
            present = [getattr(value, "value", value) for value in current or []]
            for value in dict.fromkeys(present):
                yield self._change(stage, path, "remove_value", value, present)
            for choice in question.choices:
                if choice not in present:
                    yield self._change(stage, path, "add_value", choice, present)
        elif kind == TABLE and question.row_model is not None:
            items = list(current or [])
            # changing an item first: dropping it is the heavier move, tried after
            for index, item in enumerate(items):
                yield from self._model_changes(stage, item, (*path, index))
            if any(not cell.whatif for cell in question.columns.values()):
                return  # a row that holds facts (a network's fit) is neither dropped nor made up
            for index, item in enumerate(items):
                yield self._change(stage, (*path, index), "remove_item", None, item)
            if not items:
                for item in _new_items(question.row_model, self.lang):
                    yield self._change(stage, path, "add_item", item, None)
        elif kind == GROUP and isinstance(current, BaseModel):
            yield from self._model_changes(stage, current, path)

    def _number_changes(self, stage: Stage, question: Question, path: tuple[str | int, ...],
                        current: Any) -> Iterator[Change]:
        """The values where the rules change their mind, nearest first, in both directions.

        Numbers move in steps a person would propose (``_Steps``): the search runs over whole
        steps, so an answer reads "6 → 9 hours", never "6 → 8.1".
        """
        steps = self._steps(question)
        low, high = steps.index_bounds(question)
        if isinstance(current, bool) or not isinstance(current, (int, float)):
            current = None
        start = steps.index(current) if current is not None else low
        values = {low, start, *(v for v in LADDER if low < v)}
        if high is not None:
            values = {v for v in values if v <= high} | {high}
        if high is not None and high - low <= SMALL_RANGE:
            values |= set(range(int(low), int(high) + 1))
        if current is not None and start > 0:
            values |= {math.ceil(start * 2), math.floor(start / 2)}
            if high is not None:
                values = {v for v in values if v <= high}
        values = {v for v in values if v >= low}

        def signature(index: float) -> tuple[Any, ...] | None:
            result = self.run([Change(stage.id, path, "set", steps.value(index))])
            return None if result is None else (result.verdict, result.issues)

        here_signature = ((self.base.verdict, self.base.issues) if current is not None
                          else signature(start))
        found: list[float] = []
        if current is None:
            found.append(start)
        for direction in (1, -1):
            ladder = sorted((v for v in values if (v - start) * direction > 0),
                            key=lambda v: abs(v - start))
            found += self._thresholds(signature, start, here_signature, ladder, direction)
        for index in found:
            value = steps.value(index)
            if value != current:
                yield self._change(stage, path, "set", value, current)

    def _steps(self, question: Question) -> _Steps:
        """Whole units by default; a field may declare its step and what a value must buy.

        ``json_schema_extra={"whatif_step": 50, "whatif_buys_hours": 2}``: a budget in steps of
        50 that, when not nought, buys at least two hours a week at the hourly rate.
        """
        step = question.hints.get("whatif_step")
        if not isinstance(step, (int, float)) or isinstance(step, bool) or step <= 0:
            low, high = question.low_high()
            narrow = question.kind == NUMBER and high is not None and high - low <= 10
            step = 0.1 if narrow else 1
        least = 0.0
        hours = question.hints.get("whatif_buys_hours")
        evaluation = self.base_recommendation.evaluation
        if isinstance(hours, (int, float)) and hours > 0 and evaluation is not None:
            settings = evaluation.settings
            least = hours * settings.weeks_per_month * settings.hourly_rate
        return _Steps(step, least)

    def _thresholds(self, signature: Callable[[float], Any], start: float, start_signature: Any,
                    ladder: list[float], direction: int) -> list[float]:
        """The nearest values where the findings change, walking away from ``start``.

        The ladder is galloped (1, 2, 4, 8... values ahead) and the first change narrowed down
        by halving: some 6 evaluations where nothing changes instead of the whole ladder (the
        rules are thresholds; this halved the search's evaluations on the examples).
        """
        found: list[float] = []
        previous, previous_signature = start, start_signature
        index = 0
        while index < len(ladder) and len(found) < MAX_THRESHOLDS:
            same = index - 1  # the last ladder index known alike (index - 1: ``previous``)
            differs = None
            probe, width = index, 1
            while True:
                if signature(ladder[probe]) != previous_signature:
                    differs = probe
                    break
                same = probe
                if probe == len(ladder) - 1:
                    break
                width *= 2
                probe = min(index + width - 1, len(ladder) - 1)
            if differs is None:
                break
            while differs - same > 1:
                middle = (same + differs) // 2
                if signature(ladder[middle]) != previous_signature:
                    differs = middle
                else:
                    same = middle
            inside = ladder[same] if same >= index else previous
            edge = self._bisect(signature, inside, previous_signature, ladder[differs])
            found.append(edge)
            previous, previous_signature = edge, signature(edge)
            index = differs
            while index < len(ladder) and (ladder[index] - edge) * direction <= 0:
                index += 1
        return found

    def _bisect(self, signature: Callable[[float], Any], inside: float, inside_signature: Any,
                outside: float) -> float:
        """The step nearest ``inside`` whose findings differ."""
        while abs(outside - inside) > 1:
            middle = (inside + outside) // 2
            if signature(middle) == inside_signature:
                inside = middle
            else:
                outside = middle
        return outside

    def _change(self, stage: Stage, path: tuple[str | int, ...], action: str, value: Any,
                old: Any) -> Change:
        return Change(stage.id, path, action, value, old,  # type: ignore[arg-type]
                      describe(stage, self.lang, path, action, value, old, self._catalogue(),
                               self._answers(stage.id)))

    def _row(self, stage_id: str, path: tuple[str | int, ...]) -> Any:
        node: Any = self._answers(stage_id)
        for part in path:
            if isinstance(part, int):
                node = node[part] if isinstance(node, list) and part < len(node) else None
            else:
                node = getattr(node, part, None)
        return node

    def allowed(self, combo: Iterable[Change]) -> bool:
        """The plan's logic: a row is dropped only once every row of a lower order is dropped.

        Networks: the one the audience uses least goes first, never the better one alone.
        """
        drops = [(change, self.drops[change]) for change in combo if change in self.drops]
        for change, (rows_path, index, flag, order) in drops:
            rows = self._row(change.stage, rows_path) or []
            gone = {i for other, (p, i, f, _) in drops
                    if other.stage == change.stage and p == rows_path and f == flag}
            mine = _rank(getattr(rows[index], order, None))
            for position, row in enumerate(rows):
                if position not in gone and getattr(row, flag, False) is True \
                        and _rank(getattr(row, order, None)) < mine:
                    return False
        return True

    def _catalogue(self) -> Mapping[str, Network]:
        evaluation = self.base_recommendation.evaluation
        return evaluation.catalogue if evaluation else {}

    def _answers(self, stage_id: str) -> BaseModel | None:
        evaluation = self.base_recommendation.evaluation
        outcome = evaluation.outcomes.get(stage_id) if evaluation else None
        return outcome.answers if outcome else None

    # combining ----------------------------------------------------------------------------

    def singles(self) -> list[tuple[Change, _Result]]:
        """Each change that removes a blocker or a concern without making the verdict worse."""
        seen: set[Change] = set()
        for change in self.candidates():
            if change in seen:
                continue
            seen.add(change)
            result = self.run([change])
            if result is None or result.rank < self.base.rank:
                continue
            if result.rank > self.base.rank or self._progress(result):
                self.useful.append((change, result))
        return self.useful

    def _progress(self, result: _Result) -> bool:
        """Something is removed and nothing worse comes: no new blocker, no pile of concerns."""
        if not self.base.issues - result.issues:
            return False
        if any(i[1] == "blocker" and i not in self.base.issues for i in result.issues):
            return False
        blockers = sum(1 for i in result.issues if i[1] == "blocker")
        base_blockers = sum(1 for i in self.base.issues if i[1] == "blocker")
        concerns = len(result.issues) - blockers
        return blockers < base_blockers or concerns <= len(self.base.issues) - base_blockers

    def combine(self, singles: list[tuple[Change, _Result]],
                solutions: dict[frozenset[Change], _Result]) -> None:
        """Grow the most promising sets one change at a time.

        Up to ``MAX_CHANGES``; when no set that small is enough (four fixable blockers need four
        changes at least), on to the first size that is, up to ``MAX_CHANGES_IF_NEEDED``.
        """
        removes = {change: self.base.issues - result.issues for change, result in singles}
        ordered = [change for change, _ in sorted(singles, key=lambda s: s[1].progress(),
                                                  reverse=True)]
        level = [(frozenset([change]), result) for change, result in singles
                 if result.rank <= self.base.rank]
        for size in range(2, MAX_CHANGES_IF_NEEDED + 1):
            if size > MAX_CHANGES and (solutions or not level):
                break
            level.sort(key=lambda state: state[1].progress(), reverse=True)
            grown: list[tuple[frozenset[Change], _Result]] = []
            seen: set[frozenset[Change]] = set()
            for combo, state in level[:BEAM_WIDTH]:
                needs = state.needs()
                for change in ordered:
                    if change in combo or not removes[change] & needs:
                        continue
                    if any(_nested(change.slot, other.slot) for other in combo):
                        continue
                    bigger = combo | {change}
                    if bigger in seen or any(found <= bigger for found in solutions):
                        continue
                    seen.add(bigger)
                    result = self.run(bigger)
                    if result is None or result.rank < self.base.rank:
                        continue
                    if result.rank > self.base.rank and self.allowed(bigger):
                        solutions[bigger] = result
                    else:
                        grown.append((bigger, result))
            level = grown

    def change_set(self, combo: frozenset[Change], result: _Result) -> ChangeSet:
        order = {change: index for index, (change, _) in enumerate(self.useful)}
        changes = sorted(combo, key=lambda change: order.get(change, 0))
        # a blocker that becomes a concern counts as resolved; a code never seen before is new
        resolved = {issue[0] for issue in self.base.issues - result.issues}
        before = {issue[0] for issue in self.base.issues}
        after = {issue[0] for issue in result.issues}
        return ChangeSet(changes=changes, verdict=result.verdict, score=result.score,
                         resolved=sorted(resolved), new=sorted(after - before))


def search(session: Session, host: PluginHost, limit: int = 3, *,
           budget_seconds: float = DEFAULT_BUDGET_SECONDS,
           max_evaluations: int = DEFAULT_MAX_EVALUATIONS) -> WhatIf:
    """``what_would_change`` with the cost of the search (evaluations, seconds, complete)."""
    started = time.perf_counter()
    finder = _Search(session, host, budget_seconds, max_evaluations)
    base = finder.base
    answer = WhatIf(verdict=base.verdict, score=base.score, sets=[],
                    provisional=finder.base_recommendation.provisional,
                    too_little=finder.base_recommendation.too_little)
    if base.verdict == "go" or limit <= 0:
        answer.seconds = time.perf_counter() - started
        return answer
    solutions: dict[frozenset[Change], _Result] = {}
    try:
        finder.singles()
    except _OutOfBudget:
        answer.complete = False
    for change, result in finder.useful:
        if result.rank > base.rank and finder.allowed([change]):
            solutions[frozenset([change])] = result
    if answer.complete:
        try:
            finder.combine(finder.useful, solutions)
        except _OutOfBudget:
            answer.complete = False
    answer.sets = _best(finder, solutions, limit)
    if base.verdict == "no_go" and not answer.sets and answer.complete:
        answer.structural_reason = structural_reason(finder.base_recommendation)
    answer.evaluations = finder.evaluations
    answer.seconds = time.perf_counter() - started
    return answer


def _best(finder: _Search, solutions: dict[frozenset[Change], _Result],
          limit: int) -> list[ChangeSet]:
    """Minimal sets only; of sets touching the same answers, the best outcome, nearest first."""
    order = {change: index for index, (change, _) in enumerate(finder.useful)}
    minimal = {combo: result for combo, result in solutions.items()
               if not any(other < combo for other in solutions)}
    by_slots: dict[frozenset[Any], tuple[frozenset[Change], _Result]] = {}
    for combo, result in sorted(minimal.items(),
                                key=lambda item: sum(order.get(c, 0) for c in item[0])):
        slots = frozenset(change.slot for change in combo)
        kept = by_slots.get(slots)
        if kept is None or (result.rank, result.score) > (kept[1].rank, kept[1].score):
            by_slots[slots] = (combo, result)
    ranked = sorted(by_slots.values(),
                    key=lambda item: (len(item[0]), -item[1].rank, -item[1].score,
                                      sum(c.action == "remove_item" for c in item[0]),
                                      sum(order.get(c, 0) for c in item[0])))
    return [finder.change_set(combo, result) for combo, result in ranked[:limit]]


# -- helpers ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Steps:
    """The values a person would propose for a number, numbered 0, 1, 2... from nought.

    Multiples of ``step``; a value that is not nought is at least ``least`` rounded up to a
    step (an agency budget that buys two hours a week: 550 at 60 an hour). The search runs
    over these numbers, so whatever threshold it finds is a value a person would say.
    """

    step: float = 1
    least: float = 0

    @property
    def _first(self) -> int:
        """How many steps the smallest value that is not nought holds."""
        return max(1, math.ceil(round(self.least / self.step, 6)))

    def value(self, index: float) -> int | float:
        index = math.floor(index)
        units = index if index <= 0 else self._first + index - 1
        value = round(units * self.step, 6)
        return int(value) if float(value).is_integer() else value

    def index(self, value: float) -> float:
        """Where a value sits on the scale; between two numbers when it is not a step."""
        units = value / self.step
        if units <= 0:
            return units
        if units < self._first:
            return units / self._first
        return units - self._first + 1

    def index_bounds(self, question: Question) -> tuple[int, int | None]:
        low, high = question.low_high()
        return (math.ceil(round(self.index(low), 6)),
                None if high is None else math.floor(round(self.index(high), 6)))


def _rank(value: Any) -> float:
    """An order field's value; unknown counts as the lowest (it goes first)."""
    return value if isinstance(value, (int, float)) and not isinstance(value, bool) else -1


def structural_reason(recommendation: Recommendation) -> str | None:
    """One sentence: why no answer of the organisation's changes a structural verdict.

    A structural finding may have its own sentence (``features.whatif.structural.<code>``, the
    code's dot written ``_``); otherwise the finding's message is framed by a general one.
    """
    lang = recommendation.language
    structural = [finding for finding in recommendation.findings
                  if finding.severity == "blocker" and finding.kind == "structural"]
    for finding in structural:
        key = f"features.whatif.structural.{finding.code.replace('.', '_')}"
        text = t(lang, key)
        if text != key:
            return text
    for finding in structural:
        reason = finding.message.strip().rstrip(".!").rstrip()
        return t(lang, "features.whatif.structural_other", reason=reason)
    return None


def _nested(one: tuple[Any, ...], other: tuple[Any, ...]) -> bool:
    shorter = min(len(one), len(other))
    return one[:shorter] == other[:shorter]


def _new_items(model: type[BaseModel], lang: str) -> list[dict[str, Any]]:
    """Items to add to an empty list: one per choice of its required choice, texts filled in."""
    base: dict[str, Any] = {}
    varying: tuple[str, list[Any]] | None = None
    for name, info in model.model_fields.items():
        if not info.is_required():
            continue
        question = question_of(info)
        if question.kind == CHOICE and varying is None:
            varying = (name, list(question.choices))
        elif question.kind == TEXT:
            base[name] = t(lang, "features.whatif.placeholder")
        else:
            return []
    if varying is None:
        return [base]
    name, choices = varying
    return [{**base, name: choice} for choice in choices]


def apply_changes(session: Session, changes: Iterable[Change]) -> Session:
    """A copy of the session with these changes made; the session itself is left as it was.

    What a facilitator would get by making the changes of a ``ChangeSet`` by hand.
    """
    by_stage: dict[str, list[Change]] = {}
    for change in changes:
        by_stage.setdefault(change.stage, []).append(change)
    stages = dict(session.stages)
    for stage_id, stage_changes in by_stage.items():
        record = stages.get(stage_id) or StageRecord()
        answers = deepcopy(record.answers)
        # removals last, from the end, so that the other changes' indexes still hold
        removals = sorted((c for c in stage_changes if c.action == "remove_item"),
                          key=lambda c: c.path, reverse=True)
        for change in stage_changes:
            if change.action != "remove_item":
                _apply_one(answers, change)
        for change in removals:
            _apply_one(answers, change)
        stages[stage_id] = record.model_copy(update={"answers": answers})
    return session.model_copy(update={"stages": stages})


def _apply_one(answers: dict[str, Any], change: Change) -> None:
    *parents, last = change.path
    node: Any = answers
    for part, following in zip(parents, change.path[1:], strict=True):
        if isinstance(part, int):
            node = node[part]
        else:
            if not isinstance(node.get(part), (dict, list)):
                node[part] = [] if isinstance(following, int) else {}
            node = node[part]
    if change.action == "set":
        node[last] = change.value
    elif change.action == "remove_item":
        del node[last]
    elif change.action == "remove_value":
        node[last] = [item for item in node.get(last, []) if item != change.value]
    elif change.action == "add_value":
        node[last] = [*node.get(last, []), change.value]
    elif change.action == "add_item":
        node[last] = [*node.get(last, []), dict(change.value)]
