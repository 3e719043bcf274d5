"""What would change the verdict: the smallest sets of answer changes that reach a better one.

The engine knows no stage: it reads each stage's questions model (choices, yes/no questions,
bounded numbers, lists), derives candidate single-answer changes from it, and re-runs the real
recommendation on a copy of the session for each. Numbers are probed to discover the thresholds
of the rules (the first value where the findings change), so a plugin stage takes part without
any extra work. Changes that remove a blocker or a concern are then combined, smallest sets
first, under an evaluation and time budget so that the answer stays interactive.

A question that is a fact rather than a choice (say, where the audience is) can opt out with
``Field(json_schema_extra={"whatif": False})``.
"""

from __future__ import annotations

import math
import time
import types
import typing
from collections.abc import Callable, Iterable, Iterator, Mapping
from copy import deepcopy
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, Literal, Union

from annotated_types import Ge, Gt, Le, Lt
from pydantic import BaseModel
from pydantic.fields import FieldInfo

from workshop.engine.recommendation import Recommendation, recommend
from workshop.i18n import number, t
from workshop.plugins import PluginHost
from workshop.session.models import Session, StageRecord
from workshop.stage import Network, Stage

# Better first. A change set is worth showing when it reaches a verdict further up this list.
VERDICT_RANK = {"no_go": 0, "not_yet": 1, "go_with_conditions": 2, "go": 3}
MAX_CHANGES = 3
MAX_CHANGES_IF_NEEDED = 6
DEFAULT_BUDGET_SECONDS = 0.8
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


def what_would_change(session: Session, host: PluginHost, limit: int = 3, *,
                      budget_seconds: float = DEFAULT_BUDGET_SECONDS,
                      max_evaluations: int = DEFAULT_MAX_EVALUATIONS) -> list[ChangeSet]:
    """The smallest sets (up to three changes) of answer changes that reach a better verdict.

    Empty for ``go``, and when no such set is found within the budget.
    """
    return search(session, host, limit, budget_seconds=budget_seconds,
                  max_evaluations=max_evaluations).sets


# -- describing answers (shared with the follow-up and the client view) -------------------------


def field_title(stage: Stage, lang: str, path: Iterable[str | int],
                model: type[BaseModel] | None = None) -> str:
    """A question's title from the stage's texts, else from its model, else its name."""
    names = [part for part in path if isinstance(part, str)]
    text = stage.text(lang, "questions", *names, "title")
    if not text:
        # a nested question may be written as a plain string: questions.goals.kpi = "KPI"
        text = stage.text(lang, "questions", *names)
    if text:
        return text
    info = _field_info(model or stage.questions, names)
    if info is not None and info.title:
        return info.title
    return names[-1].replace("_", " ") if names else ""


def choice_label(stage: Stage, lang: str, name: str, value: Any) -> str:
    """A choice as the client reads it (``choices.<field>.<value>`` or ``choices.<value>``)."""
    text = stage.text(lang, "choices", name, str(value)) or stage.text(lang, "choices", str(value))
    return text or str(value)


def value_label(stage: Stage, lang: str, name: str, value: Any,
                catalogue: Mapping[str, Network] | None = None) -> str:
    """Any answer as a short text: yes/no, choice labels, numbers without noise, lists."""
    if value is None:
        return t(lang, "features.answer.none")
    if isinstance(value, bool):
        return t(lang, f"features.answer.{'yes' if value else 'no'}")
    if isinstance(value, (int, float)):
        return number(lang, value)
    if isinstance(value, (BaseModel, dict)):
        return item_label(stage, lang, value, catalogue)
    if isinstance(value, (list, tuple)):
        if not value:
            return t(lang, "features.answer.empty")
        return ", ".join(value_label(stage, lang, name, item, catalogue) for item in value)
    return choice_label(stage, lang, name, value)


def item_label(stage: Stage, lang: str, item: BaseModel | Mapping[str, Any],
               catalogue: Mapping[str, Network] | None = None, index: int | None = None) -> str:
    """A list item by what names it: a network's name, a choice's label, its ``name``."""
    data = item if isinstance(item, Mapping) else dict(item)
    identity = data.get("id")
    if isinstance(identity, str) and identity:
        if catalogue and identity in catalogue:
            return catalogue[identity].label(lang)
        return choice_label(stage, lang, "id", identity)
    name = data.get("name")
    if isinstance(name, str) and name.strip():
        return name
    return f"#{index + 1}" if index is not None else "#"


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
            extra = info.json_schema_extra
            if isinstance(extra, dict) and extra.get("whatif") is False:
                continue
            path = (*prefix, name)
            yield from self._field_changes(stage, info, path, getattr(model, name))

    def _field_changes(self, stage: Stage, info: FieldInfo, path: tuple[str | int, ...],
                       current: Any) -> Iterator[Change]:
        kind, inner = _kind(info.annotation)
        if kind == "choice":
            for choice in inner:
                if choice != current:
                    yield self._change(stage, path, "set", choice, current)
        elif kind == "bool":
            for value in (True, False):
                if value != current:
                    yield self._change(stage, path, "set", value, current)
        elif kind == "text":
            if current is None or not str(current).strip():
                yield self._change(stage, path, "set",
                                   t(self.lang, "features.whatif.placeholder"), current)
        elif kind in ("int", "float"):
            yield from self._number_changes(stage, info, path, current, kind == "int")
        elif kind == "choices":
            present = list(current or [])
            for value in dict.fromkeys(present):
                yield self._change(stage, path, "remove_value", value, present)
            for choice in inner:
                if choice not in present:
                    yield self._change(stage, path, "add_value", choice, present)
        elif kind == "items":
            items = list(current or [])
            # changing an item first: dropping it is the heavier move, tried after
            for index, item in enumerate(items):
                yield from self._model_changes(stage, item, (*path, index))
            for index, item in enumerate(items):
                yield self._change(stage, (*path, index), "remove_item", None, item)
            if not items:
                for item in _new_items(inner, self.lang):
                    yield self._change(stage, path, "add_item", item, None)
        elif kind == "model" and isinstance(current, BaseModel):
            yield from self._model_changes(stage, current, path)

    def _number_changes(self, stage: Stage, info: FieldInfo, path: tuple[str | int, ...],
                        current: Any, whole: bool) -> Iterator[Change]:
        """The values where the rules change their mind, nearest first, in both directions."""
        low, high = _bounds(info, whole)
        start = current if isinstance(current, (int, float)) else low
        values = {low, start, *(v for v in LADDER if low < v)}
        if high is not None:
            values = {v for v in values if v <= high} | {high}
        if whole and high is not None and high - low <= SMALL_RANGE:
            values |= set(range(int(low), int(high) + 1))
        if isinstance(current, (int, float)) and current > 0:
            values |= {current * 2, current / 2} if not whole else {current * 2, current // 2}
            if high is not None:
                values = {v for v in values if v <= high}
        values = {v for v in values if v >= low}

        def signature(value: float) -> tuple[Any, ...] | None:
            result = self.run([Change(stage.id, path, "set", _number(value, whole))])
            return None if result is None else (result.verdict, result.issues)

        here = self.base if current == start else None
        here_signature = (here.verdict, here.issues) if here else signature(start)
        found: list[float] = []
        if current is None:
            found.append(start)
        for direction in (1, -1):
            ladder = sorted((v for v in values if (v - start) * direction > 0),
                            key=lambda v: abs(v - start))
            found += self._thresholds(signature, start, here_signature, ladder, direction,
                                      whole)
        for value in found:
            value = _number(value, whole)
            if value != current:
                yield self._change(stage, path, "set", value, current)

    def _thresholds(self, signature: Callable[[float], Any], start: float, start_signature: Any,
                    ladder: list[float], direction: int, whole: bool) -> list[float]:
        found: list[float] = []
        previous, previous_signature = start, start_signature
        index = 0
        while index < len(ladder) and len(found) < MAX_THRESHOLDS:
            value = ladder[index]
            value_signature = signature(value)
            if value_signature == previous_signature:
                previous, index = value, index + 1
                continue
            edge = self._bisect(signature, previous, previous_signature, value, whole, direction)
            found.append(edge)
            previous, previous_signature = edge, signature(edge)
            while index < len(ladder) and (ladder[index] - edge) * direction <= 0:
                index += 1
        return found

    def _bisect(self, signature: Callable[[float], Any], inside: float, inside_signature: Any,
                outside: float, whole: bool, direction: int) -> float:
        """The value nearest ``inside`` whose findings differ, as round a number as can be."""
        if whole:
            while abs(outside - inside) > 1:
                middle = (inside + outside) // 2
                if signature(middle) == inside_signature:
                    inside = middle
                else:
                    outside = middle
            return outside
        for _ in range(40):
            if abs(outside - inside) <= max(0.01, abs(outside) * 0.001):
                break
            middle = (inside + outside) / 2
            if signature(middle) == inside_signature:
                inside = middle
            else:
                outside = middle
        target = signature(outside)
        for digits in (2, 3):
            value = _round_away(outside, direction, digits)
            if (value - inside) * direction > 0 and signature(value) == target:
                return value
        return outside

    def _change(self, stage: Stage, path: tuple[str | int, ...], action: str, value: Any,
                old: Any) -> Change:
        return Change(stage.id, path, action, value, old,  # type: ignore[arg-type]
                      describe(stage, self.lang, path, action, value, old, self._catalogue(),
                               self._answers(stage.id)))

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
                    if result.rank > self.base.rank:
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
    answer = WhatIf(verdict=base.verdict, score=base.score, sets=[])
    if base.verdict == "go" or limit <= 0:
        answer.seconds = time.perf_counter() - started
        return answer
    solutions: dict[frozenset[Change], _Result] = {}
    try:
        finder.singles()
    except _OutOfBudget:
        answer.complete = False
    for change, result in finder.useful:
        if result.rank > base.rank:
            solutions[frozenset([change])] = result
    if answer.complete:
        try:
            finder.combine(finder.useful, solutions)
        except _OutOfBudget:
            answer.complete = False
    answer.sets = _best(finder, solutions, limit)
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


# -- describing a change ----------------------------------------------------------------------


def describe(stage: Stage, lang: str, path: tuple[str | int, ...], action: str, value: Any,
             old: Any, catalogue: Mapping[str, Network] | None = None,
             answers: BaseModel | None = None) -> str:
    """ "Resources › Owner: fill in", "Networks › TikTok › Selected: yes → no"."""
    separator = t(lang, "features.whatif.separator")
    where = [stage.title(lang), *answer_place(stage, lang, path, answers, catalogue)]
    names = [part for part in path if isinstance(part, str)]
    name = names[-1] if names else ""
    if action == "remove_item":
        what = t(lang, "features.whatif.remove")
    elif action == "remove_value":
        what = t(lang, "features.whatif.remove_value",
                 value=value_label(stage, lang, name, value, catalogue))
    elif action == "add_value":
        what = t(lang, "features.whatif.add_value",
                 value=value_label(stage, lang, name, value, catalogue))
    elif action == "add_item":
        label = item_label(stage, lang, value, catalogue)
        what = (t(lang, "features.whatif.add_item", value=label) if label != "#"
                else t(lang, "features.whatif.add_one"))
    elif isinstance(value, str) and value == t(lang, "features.whatif.placeholder"):
        what = t(lang, "features.whatif.fill")
    elif old is None:
        what = value_label(stage, lang, name, value, catalogue)
    else:
        what = t(lang, "features.whatif.from_to",
                 old=value_label(stage, lang, name, old, catalogue),
                 new=value_label(stage, lang, name, value, catalogue))
    return t(lang, "features.whatif.line", where=separator.join(where), what=what)


def answer_place(stage: Stage, lang: str, path: tuple[str | int, ...],
                 answers: BaseModel | Mapping[str, Any] | None,
                 catalogue: Mapping[str, Network] | None = None) -> list[str]:
    """Where an answer sits, as the client reads it: ["TikTok", "Selected"].

    A list's items are named by themselves ("Networks › TikTok", not "… › Candidates ›
    TikTok"); changing what names an item reads "Goals: Loyalty → Visibility".
    """
    if len(path) >= 2 and isinstance(path[-2], int) and path[-1] in ("id", "name"):
        return answer_place(stage, lang, path[:-2], answers, catalogue)
    place: list[str] = []
    node: Any = answers
    names: list[str] = []
    for position, part in enumerate(path):
        following = path[position + 1] if position + 1 < len(path) else None
        if isinstance(part, int):
            item = node[part] if isinstance(node, list) and part < len(node) else None
            place.append(item_label(stage, lang, item, catalogue, part) if item is not None
                         else f"#{part + 1}")
            node = item
        else:
            names.append(part)
            if isinstance(node, BaseModel):
                node = getattr(node, part, None)
            elif isinstance(node, Mapping):
                node = node.get(part)
            else:
                node = None
            if not isinstance(following, int):
                place.append(field_title(stage, lang, names))
    return place


# -- helpers ----------------------------------------------------------------------------------


def _kind(annotation: Any) -> tuple[str, Any]:
    """What sort of question a field is: choice, bool, text, int, float, choices, items, model."""
    annotation = _strip_optional(annotation)
    origin = typing.get_origin(annotation)
    if origin is Literal:
        return "choice", [a for a in typing.get_args(annotation) if a is not None]
    if annotation is bool:
        return "bool", None
    if annotation is str:
        return "text", None
    if annotation is int:
        return "int", None
    if annotation is float:
        return "float", None
    if origin in (list, tuple, set, frozenset):
        args = typing.get_args(annotation)
        inner = _strip_optional(args[0]) if args else None
        if typing.get_origin(inner) is Literal:
            return "choices", list(typing.get_args(inner))
        if isinstance(inner, type) and issubclass(inner, BaseModel):
            return "items", inner
        return "other", None
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return "model", annotation
    return "other", None


def _strip_optional(annotation: Any) -> Any:
    if typing.get_origin(annotation) is typing.Annotated:
        annotation = typing.get_args(annotation)[0]
    if typing.get_origin(annotation) in (Union, types.UnionType):
        args = [a for a in typing.get_args(annotation) if a is not type(None)]
        if len(args) == 1:
            return _strip_optional(args[0])
        literals = [a for a in args if typing.get_origin(a) is Literal]
        if len(literals) == len(args):
            return Literal[tuple(v for a in literals for v in typing.get_args(a))]  # type: ignore[misc]
    return annotation


def _bounds(info: FieldInfo, whole: bool) -> tuple[float, float | None]:
    low: float = 0
    high: float | None = None
    for constraint in info.metadata:
        if isinstance(constraint, Ge):
            low = constraint.ge  # type: ignore[assignment]
        elif isinstance(constraint, Gt):
            low = constraint.gt + (1 if whole else 0.01)  # type: ignore[operator]
        elif isinstance(constraint, Le):
            high = constraint.le  # type: ignore[assignment]
        elif isinstance(constraint, Lt):
            high = constraint.lt - (1 if whole else 0.01)  # type: ignore[operator]
    return low, high


def _number(value: float, whole: bool) -> int | float:
    if whole:
        return int(value)
    value = round(float(value), 6)
    return int(value) if value.is_integer() else value


def _round_away(value: float, direction: int, digits: int) -> float:
    """``value`` to ``digits`` significant digits, rounded away from where we come from."""
    if value == 0:
        return 0.0
    step = 10 ** (math.floor(math.log10(abs(value))) - digits + 1)
    rounded = (math.ceil(value / step) if direction > 0 else math.floor(value / step)) * step
    return round(rounded, 6)


def _nested(one: tuple[Any, ...], other: tuple[Any, ...]) -> bool:
    shorter = min(len(one), len(other))
    return one[:shorter] == other[:shorter]


def _field_info(model: type[BaseModel], names: list[str]) -> FieldInfo | None:
    info: FieldInfo | None = None
    for name in names:
        if model is None:
            return None
        info = model.model_fields.get(name)
        if info is None:
            return None
        kind, inner = _kind(info.annotation)
        model = inner if kind in ("items", "model") else None  # type: ignore[assignment]
    return info


def _new_items(model: type[BaseModel], lang: str) -> list[dict[str, Any]]:
    """Items to add to an empty list: one per choice of its required choice, texts filled in."""
    base: dict[str, Any] = {}
    varying: tuple[str, list[Any]] | None = None
    for name, info in model.model_fields.items():
        if not info.is_required():
            continue
        kind, inner = _kind(info.annotation)
        if kind == "choice" and varying is None:
            varying = (name, inner)
        elif kind == "text":
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


def jsonable(value: Any) -> Any:
    """An answer as JSON can hold it (a change's old and new values, in the JSON outputs)."""
    if isinstance(value, BaseModel):
        return value.model_dump(mode="json")
    if isinstance(value, Mapping):
        return {str(key): jsonable(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [jsonable(item) for item in value]
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    return value
