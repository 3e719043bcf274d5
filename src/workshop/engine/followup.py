"""Follow-up sessions: re-check a workshop months later, and say what changed since.

``start_followup`` copies a saved session into a new one whose stages are all to be re-confirmed,
and records where it comes from (``previous``, with the verdict, score and date of then) in its
``[session]`` table. ``diff_sessions`` compares two sessions answer by answer and finding by
finding, and ``history`` follows the ``previous`` chain to show the verdict over time.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from workshop.engine.recommendation import Recommendation, recommend, session_date
from workshop.engine.wording import answer_place, item_label, jsonable, value_label
from workshop.i18n import t
from workshop.plugins import PluginHost
from workshop.session.errors import SessionError
from workshop.session.io import load_session
from workshop.session.models import CURRENT_STAGE, VERDICTS, Session
from workshop.stage import Finding, Network, Stage

# Keys a follow-up writes in its [session] table (extra keys are allowed there).
PREVIOUS, PREVIOUS_VERDICT, PREVIOUS_SCORE, PREVIOUS_DATE = (
    "previous", "previous_verdict", "previous_score", "previous_date")
MAX_HISTORY = 50
_RECHECK_SUFFIX = re.compile(r"-recheck-\d{4}-\d{2}-\d{2}(-\d+)?$")


# -- re-check -----------------------------------------------------------------------------------


def start_followup(old: Session, old_path: str | Path, new_path: str | Path,
                   recommendation: Recommendation, now: datetime | None = None) -> Session:
    """A new session from a saved one: same answers, every stage to be re-confirmed.

    Stages that were discussed (done, in progress, or holding answers) become ``in_progress``;
    the others stay ``todo`` (a skipped stage with nothing in it is to be discussed this time).
    Notes and timeboxes are kept; an override is not (it was a judgement of that day).
    """
    now = now or datetime.now().astimezone().replace(microsecond=0)
    new = old.model_copy(deep=True)
    info = new.session
    extra = info.model_extra if info.model_extra is not None else {}
    extra.pop(CURRENT_STAGE, None)
    for key in (PREVIOUS, PREVIOUS_VERDICT, PREVIOUS_SCORE, PREVIOUS_DATE):
        extra.pop(key, None)
    info.created = now
    info.updated = None
    setattr(info, PREVIOUS, relative_path(old_path, new_path))
    setattr(info, PREVIOUS_VERDICT, recommendation.computed_verdict)
    setattr(info, PREVIOUS_SCORE, recommendation.score)
    setattr(info, PREVIOUS_DATE, session_date(old))
    for record in new.stages.values():
        discussed = record.status in ("done", "in_progress") or bool(record.answers)
        record.status = "in_progress" if discussed else "todo"
        record.override = None
    return new


def relative_path(target: str | Path, start_file: str | Path) -> str:
    """``target`` as seen from the folder of ``start_file``, with forward slashes."""
    folder = Path(start_file).resolve().parent
    return Path(os.path.relpath(Path(target).resolve(), folder)).as_posix()


def default_followup_path(old_path: str | Path, day: date | None = None) -> Path:
    """``bakery.toml`` → ``bakery-recheck-2027-02-22.toml``, beside it."""
    old_path = Path(old_path)
    stem = _RECHECK_SUFFIX.sub("", old_path.stem)
    day = day or date.today()
    return old_path.with_name(f"{stem}-recheck-{day.isoformat()}{old_path.suffix or '.toml'}")


# -- history ------------------------------------------------------------------------------------


@dataclass
class Snapshot:
    """One point of the verdict over time."""

    file: str
    date: date | None
    verdict: str | None
    score: int | None
    provisional: bool = False
    source: str = "computed"  # computed now, recorded by the follow-up, or missing

    def as_dict(self) -> dict[str, Any]:
        return {"file": self.file, "date": self.date.isoformat() if self.date else None,
                "verdict": self.verdict, "score": self.score, "provisional": self.provisional,
                "source": self.source}


def snapshot(path: str | Path, session: Session, recommendation: Recommendation) -> Snapshot:
    return Snapshot(file=str(path), date=session_date(session),
                    verdict=recommendation.computed_verdict, score=recommendation.score,
                    provisional=recommendation.provisional)


def recorded_previous(session: Session) -> tuple[str | None, Snapshot | None]:
    """The ``previous`` file a follow-up names, and what it recorded of it."""
    extra = session.session.model_extra or {}
    previous = extra.get(PREVIOUS)
    if not isinstance(previous, str) or not previous.strip():
        return None, None
    verdict = extra.get(PREVIOUS_VERDICT)
    score = extra.get(PREVIOUS_SCORE)
    day = extra.get(PREVIOUS_DATE)
    if isinstance(day, datetime):
        day = day.date()
    recorded = Snapshot(
        file=previous,
        date=day if isinstance(day, date) else None,
        verdict=verdict if verdict in VERDICTS else None,
        score=int(score) if isinstance(score, (int, float)) and not isinstance(score, bool)
        else None,
        source="recorded",
    )
    return previous, recorded


def history(path: str | Path, session: Session, host: PluginHost,
            recommendation: Recommendation | None = None,
            known: Mapping[Path, Session] | None = None) -> list[Snapshot]:
    """The verdict over time, oldest first, following ``previous`` from this session back.

    What a follow-up recorded of its previous session is what the client was told then, so it
    wins; a previous session without a record is computed. A missing or broken file ends the
    chain; a loop is cut. ``known``: sessions the caller has read already, by resolved path
    (not read again).
    """
    recommendation = recommendation or recommend(session, host)
    known = known or {}
    points = [snapshot(path, session, recommendation)]
    seen = {Path(path).resolve()}
    current_path, current = Path(path), session
    while len(points) < MAX_HISTORY:
        previous, recorded = recorded_previous(current)
        if previous is None or recorded is None:
            break
        previous_path = (current_path.resolve().parent / previous)
        shown = _shown_path(previous_path)
        resolved = previous_path.resolve()
        if resolved in seen:
            break
        seen.add(resolved)
        try:
            loaded = known.get(resolved) or load_session(previous_path)
        except SessionError:
            if recorded.verdict is None:
                recorded.source = "missing"
            recorded.file = shown
            points.append(recorded)
            break
        if recorded.verdict is None or recorded.score is None:
            point = snapshot(shown, loaded, recommend(loaded, host))
        else:
            point = recorded
            point.file = shown
            point.date = point.date or session_date(loaded)
        points.append(point)
        current_path, current = previous_path, loaded
    return list(reversed(points))


def _shown_path(path: Path) -> str:
    """A path as short as it can be said: relative to here when below here."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path.resolve())


# -- diff ---------------------------------------------------------------------------------------


@dataclass
class AnswerChange:
    """One answer that differs: a value changed, or a list item added or removed."""

    stage: str
    path: tuple[str | int, ...]
    kind: str  # changed, added, removed
    old: Any
    new: Any
    text: str

    def as_dict(self) -> dict[str, Any]:
        return {"stage": self.stage, "path": list(self.path), "kind": self.kind,
                "old": jsonable(self.old), "new": jsonable(self.new), "text": self.text}


@dataclass
class StageChanges:
    stage: str
    title: str
    changes: list[AnswerChange] = field(default_factory=list)


@dataclass
class Diff:
    """What changed between two sessions, in the newer session's language."""

    language: str
    organisation: str
    old: Snapshot
    new: Snapshot
    answers: list[StageChanges]
    resolved: list[Finding]
    new_findings: list[Finding]
    timeline: list[Snapshot]

    def as_json(self) -> dict[str, Any]:
        lang = self.language
        return {
            "organisation": self.organisation,
            "language": lang,
            "old": self.old.as_dict(),
            "new": self.new.as_dict(),
            "answers": [{"stage": stage.stage, "title": stage.title,
                         "changes": [change.as_dict() for change in stage.changes]}
                        for stage in self.answers],
            "findings": {"resolved": [f.as_dict(lang) for f in self.resolved],
                         "new": [f.as_dict(lang) for f in self.new_findings]},
            "timeline": [point.as_dict() for point in self.timeline],
        }


def diff_sessions(old_path: str | Path, old: Session, new_path: str | Path, new: Session,
                  host: PluginHost) -> Diff:
    """Answers, findings and verdicts of two sessions of the same organisation, compared."""
    lang = new.session.language
    old_rec, new_rec = recommend(old, host), recommend(new, host)
    catalogue = new_rec.evaluation.catalogue if new_rec.evaluation else {}
    stages = {stage.id: stage for stage in host.stages()}
    answers: list[StageChanges] = []
    order = [stage.id for stage in host.stages()]
    order += [sid for sid in [*old.stages, *new.stages] if sid not in order]
    for stage_id in dict.fromkeys(order):
        old_record, new_record = old.stages.get(stage_id), new.stages.get(stage_id)
        old_answers = old_record.answers if old_record else {}
        new_answers = new_record.answers if new_record else {}
        stage = stages.get(stage_id)
        changes = compare_answers(stage, stage_id, lang, old_answers, new_answers, catalogue)
        if changes:
            title = stage.title(lang) if stage else stage_id
            answers.append(StageChanges(stage_id, title, changes))
    resolved, appeared = finding_changes(old_rec, new_rec)
    old_resolved = Path(old_path).resolve()
    known = {old_resolved: old}  # already read: the timeline does not read it again
    timeline = history(new_path, new, host, new_rec, known)
    if not any(_same_file(point.file, old_resolved, new_path) for point in timeline):
        before = history(old_path, old, host, old_rec, known)
        timeline = before + timeline[-1:]
    return Diff(language=lang, organisation=new.session.organisation,
                old=snapshot(old_path, old, old_rec), new=snapshot(new_path, new, new_rec),
                answers=answers, resolved=resolved, new_findings=appeared, timeline=timeline)


def finding_changes(old: Recommendation,
                    new: Recommendation) -> tuple[list[Finding], list[Finding]]:
    """The blockers and concerns of ``old`` gone from ``new`` (resolved), and those new there."""
    old_keys = {(f.code, f.severity) for f in old.findings if f.severity != "strength"}
    new_keys = {(f.code, f.severity) for f in new.findings if f.severity != "strength"}
    resolved = [f for f in old.findings
                if f.severity != "strength" and (f.code, f.severity) not in new_keys]
    appeared = [f for f in new.findings
                if f.severity != "strength" and (f.code, f.severity) not in old_keys]
    return resolved, appeared


def _same_file(shown: str, target: Path, new_path: str | Path) -> bool:
    candidates = [Path(shown), Path.cwd() / shown, Path(new_path).resolve().parent / shown]
    return any(candidate.resolve() == target for candidate in candidates if candidate)


def compare_answers(stage: Stage | None, stage_id: str, lang: str, old: Mapping[str, Any],
                    new: Mapping[str, Any],
                    catalogue: Mapping[str, Network] | None = None) -> list[AnswerChange]:
    """Field by field, with the questions' titles; list items matched by what names them."""
    old_data, new_data = dict(old), dict(new)
    if stage is not None:
        old_data = _validated(stage, old) or old_data
        new_data = _validated(stage, new) or new_data
    changes: list[AnswerChange] = []
    _compare(stage, stage_id, lang, (), old_data, new_data, catalogue, changes, new_data,
             old_data)
    return changes


def _validated(stage: Stage, answers: Mapping[str, Any]) -> dict[str, Any] | None:
    """The answers as the stage reads them (defaults filled in), None when they do not validate."""
    try:
        return stage.questions.model_validate(dict(answers)).model_dump(mode="python")
    except (ValidationError, TypeError, ValueError):
        return None


def _compare(stage: Stage | None, stage_id: str, lang: str, path: tuple[str | int, ...],
             old: Any, new: Any, catalogue: Mapping[str, Network] | None,
             out: list[AnswerChange], new_root: Any, old_root: Any) -> None:
    if isinstance(old, Mapping) and isinstance(new, Mapping):
        for key in dict.fromkeys([*old, *new]):
            _compare(stage, stage_id, lang, (*path, key), old.get(key), new.get(key), catalogue,
                     out, new_root, old_root)
        return
    old_tables, new_tables = _tables(old), _tables(new)
    if old_tables is not None and new_tables is not None and (old_tables or new_tables):
        old_items, new_items = _keyed(old_tables), _keyed(new_tables)
        for key, (index, item) in new_items.items():
            if key in old_items:
                _compare(stage, stage_id, lang, (*path, index), old_items[key][1], item,
                         catalogue, out, new_root, old_root)
            else:
                out.append(_change(stage, stage_id, lang, path, "added", None, item, catalogue,
                                   new_root))
        for key, (_index, item) in old_items.items():
            if key not in new_items:
                out.append(_change(stage, stage_id, lang, path, "removed", item, None, catalogue,
                                   old_root))
        return
    if _normal(old) != _normal(new):
        out.append(_change(stage, stage_id, lang, path, "changed", old, new, catalogue,
                           new_root))


def _tables(value: Any) -> list[Mapping[str, Any]] | None:
    """A list of tables (goals, networks…), None for anything else."""
    if value is None:
        return []
    if isinstance(value, list) and all(isinstance(item, Mapping) for item in value):
        return value
    return None


def _keyed(items: list[Mapping[str, Any]]) -> dict[Any, tuple[int, Mapping[str, Any]]]:
    """Items by their ``id`` (or ``name``) when every item has a distinct one, else by place."""
    for key in ("id", "name"):
        names = [item.get(key) for item in items]
        if all(isinstance(n, str) and n for n in names) and len(set(names)) == len(names):
            return {name: (index, item) for index, (name, item) in enumerate(zip(names, items,
                                                                                strict=True))}
    return {index: (index, item) for index, item in enumerate(items)}


def _normal(value: Any) -> Any:
    """Blank text is no answer; whole floats equal their ints (TOML writes 6 or 6.0); a list of
    choices is a set."""
    if isinstance(value, str) and not value.strip():
        return None
    if isinstance(value, list) and all(isinstance(item, str) for item in value):
        return frozenset(value)
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _change(stage: Stage | None, stage_id: str, lang: str, path: tuple[str | int, ...],
            kind: str, old: Any, new: Any, catalogue: Mapping[str, Network] | None,
            root: Any) -> AnswerChange:
    separator = t(lang, "features.whatif.separator")
    if stage is None:
        place = [str(part + 1) if isinstance(part, int) else part for part in path]
        shown_old, shown_new = _raw_label(lang, old), _raw_label(lang, new)
    else:
        place = answer_place(stage, lang, path, root, catalogue)
        name = next((part for part in reversed(path) if isinstance(part, str)), "")
        shown_old = _label(stage, lang, name, old, catalogue)
        shown_new = _label(stage, lang, name, new, catalogue)
    where = separator.join(place)
    if kind == "added":
        text = t(lang, "features.diff.added", where=where, value=shown_new)
    elif kind == "removed":
        text = t(lang, "features.diff.removed", where=where, value=shown_old)
    else:
        text = t(lang, "features.diff.changed", where=where, old=shown_old, new=shown_new)
    return AnswerChange(stage_id, path, kind, old, new, text)


def _label(stage: Stage, lang: str, name: str, value: Any,
           catalogue: Mapping[str, Network] | None) -> str:
    if isinstance(value, Mapping):
        return item_label(stage, lang, value, catalogue)
    if isinstance(value, str) and not value.strip():
        return t(lang, "features.answer.none")
    return value_label(stage, lang, name, value, catalogue)


def _raw_label(lang: str, value: Any) -> str:
    if value is None or (isinstance(value, str) and not value.strip()):
        return t(lang, "features.answer.none")
    if isinstance(value, bool):
        return t(lang, f"features.answer.{'yes' if value else 'no'}")
    if isinstance(value, Mapping):
        return str(value.get("id") or value.get("name") or dict(value))
    if isinstance(value, list):
        return ", ".join(_raw_label(lang, item) for item in value) or t(
            lang, "features.answer.empty")
    return f"{value:g}" if isinstance(value, float) else str(value)

