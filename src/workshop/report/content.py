"""The memo's content, gathered once in the session's language, for every renderer.

Text, Markdown and HTML lay out the same facts: gathering them here keeps the three in step
(a condition's owner, a step's dates, an answer's label are worked out once). Client text is
cleaned of control characters here; each renderer still escapes it for its own format.
No stage is named: owners, hours and answers are read through generic figures and fields.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel

from workshop import sanitise
from workshop.datafiles import read_toml_resource
from workshop.engine.recommendation import add_months, session_date
from workshop.engine.settings import tuning_in_force
from workshop.engine.wording import advise
from workshop.i18n import number as i18n_number
from workshop.i18n import t, t_list
from workshop.plugins import recorded_plugin
from workshop.report.inputs import ReportInputs
from workshop.report.sections import plugin_sections
from workshop.stage import network_label

if TYPE_CHECKING:
    from workshop.engine.evaluation import Evaluation, StageOutcome
    from workshop.engine.recommendation import Recommendation
    from workshop.plugins import PluginHost
    from workshop.stage import Finding, Stage

# The memo's records are built once and read by the renderers: no __eq__, __repr__ or
# __match_args__ to generate. Measured: the module's import 6.6 ms -> 4.1 ms (16 classes), out
# of a `workshop report --format html` process of ~245 ms (floor ~130 ms).
_record = dataclass(eq=False, repr=False, match_args=False)

SEVERITIES = ("blocker", "concern", "strength")
ICONS = {"blocker": "✖", "concern": "▲", "strength": "✔"}  # every format's marks


def clean(value: Any, multiline: bool = False) -> str:
    """Client text without control characters: the one sanitiser, ``workshop.sanitise``."""
    return sanitise.clean(value, multiline)


def label(lang: str, key: str, **params: Any) -> str:
    """A report word (``locales/<lang>/report.toml``)."""
    return t(lang, f"report.{key}", **params)


def number(lang: str, value: float | int | None) -> str:
    """A figure as the client reads it: one decimal at most, a decimal comma in French."""
    if value is None:
        return label(lang, "unknown")
    return i18n_number(lang, value)


def long_date(lang: str, day: date) -> str:
    """22 November 2026 / 22 novembre 2026 (1er novembre)."""
    months = t_list(lang, "report.months")
    ordinal = label(lang, "first_day") if day.day == 1 else str(day.day)
    return label(lang, "date", day=ordinal, month=months[day.month - 1], year=day.year)


def month_span(lang: str, start: int, end: int) -> str:
    """"months 2–4" or "month 2": when a step happens, counted from the workshop."""
    if start == end:
        return label(lang, "month_single", start=start)
    return label(lang, "month_range", start=start, end=end)


def stage_title(recommendation: Recommendation, stage_id: str) -> str:
    """A stage's title in the report's language; its id when the stage is not installed."""
    evaluation = recommendation.evaluation
    if evaluation and stage_id in evaluation.outcomes:
        return evaluation.outcomes[stage_id].stage.title(recommendation.language)
    return stage_id


def network_name(evaluation: Evaluation | None, lang: str, network_id: str) -> str:
    return network_label(evaluation.catalogue, network_id, lang) if evaluation else network_id


def typo(lang: str, text: str) -> str:
    """French typography in every format: a non-breaking space before « : ; ? ! » and inside
    « guillemets », so that no colon ever starts a line (terminal and Markdown too)."""
    if lang != "fr" or not text:
        return text
    return _FR_AFTER.sub("\\1\u00a0", _FR_BEFORE.sub("\u00a0\\1", text))


_FR_BEFORE = re.compile(r"[ \u202f]([:;!?»])")
_FR_AFTER = re.compile(r"(«)[ \u202f]")


def quoted(lang: str, text: str) -> str:
    """A title or a quote in the language's marks: « … » in French, “…” in English."""
    if lang == "fr":
        return f"«\u00a0{text}\u00a0»"
    # a French title quoting a word inside: ‘social’ within “…”
    inner = _INNER_CLOSE.sub("\u2019", _INNER_OPEN.sub("\u2018", text))
    return f"\u201c{inner}\u201d"


_INNER_OPEN = re.compile(r"«[ \u00a0\u202f]*")
_INNER_CLOSE = re.compile(r"[ \u00a0\u202f]*»")


def plural(lang: str, key: str, count: float) -> str:
    """"1 month", "2 months", "1 mois": ``report.plural.<key>.one|other`` with ``{n}``."""
    one = abs(count) < 2 if lang == "fr" else count == 1
    return label(lang, f"plural.{key}.{'one' if one else 'other'}", n=number(lang, count))


def money(lang: str, amount: float, currency: str) -> str:
    """A monthly figure as a client reads it: whole units, grouped thousands, the symbol."""
    whole = f"{round(amount):,}"
    whole = whole.replace(",", "\u202f" if lang == "fr" else ",")
    code = clean(currency).upper()
    symbol = CURRENCY_SYMBOLS.get(code, code)
    return label(lang, "money", amount=whole, currency=symbol)


CURRENCY_SYMBOLS = {"EUR": "€", "USD": "$", "GBP": "£", "CHF": "CHF", "CAD": "$ CA"}


# -- references -----------------------------------------------------------------------------


@cache
def _sources_data() -> dict[str, Any]:
    """``data/sources.toml``: the articles as a reader looks them up, the quotes' renderings."""
    found = resources.files("workshop.data").joinpath("sources.toml")
    if not found.is_file():
        return {}
    data = read_toml_resource(found)
    return data if isinstance(data, dict) else {}


def _localised(value: Any, lang: str) -> str:
    if isinstance(value, dict):
        value = value.get(lang) or value.get("en") or next(iter(value.values()), "")
    return clean(value) if isinstance(value, str | int | float) else ""


def reference(seed: str, lang: str) -> dict[str, str]:
    """An article as a reader looks it up: title, author, site, date, note (each may be empty),
    the language's own values (``[sources."002".en]``) over the article's."""
    found = _sources_data().get("sources", {}).get(seed)
    if not isinstance(found, dict):
        return {}
    local = found.get(lang) if isinstance(found.get(lang), dict) else {}
    merged = {**found, **local}
    out = {key: _localised(merged.get(key), lang)
           for key in ("title", "author", "site", "date", "note")}
    if not out["title"]:
        out["title"] = _localised(merged.get("known_as"), lang)
    return out


def quote_rendering(code: str, index: int, lang: str) -> str | None:
    """The English rendering of a finding's ``index``-th quote (``[quotes."<code>"]``)."""
    table = _sources_data().get("quotes", {}).get(code)
    found = table.get(lang) if isinstance(table, dict) else None
    if isinstance(found, list) and 0 <= index < len(found) and isinstance(found[index], str):
        return clean(found[index]) or None
    return None


def era_note(lang: str) -> str:
    """The line saying when the articles were written (``[era]``), else the report's own."""
    found = _localised(_sources_data().get("era"), lang)
    return typo(lang, found or label(lang, "references_note"))


# -- the memo ---------------------------------------------------------------------------


@_record
class Ref:
    """One article cited, numbered in the annex: [1] Fred Cavazza, « Investir… », site, date."""

    number: int
    seed: str
    text: str
    short: str


@_record
class Citation:
    ref: Ref | None
    section: str
    quote: str | None
    rendering: str | None  # the quote in English, in an English report

    def label(self, lang: str) -> str:
        """"[2] § Une approche en 6 étapes": the annex number and the section."""
        where = quoted(lang, self.section) if self.section else ""
        number = f"[{self.ref.number}]" if self.ref else ""
        return " ".join(part for part in (number, where) if part)


@_record
class FindingLine:
    severity: str
    code: str
    stage: str
    message: str
    advice: str
    kind: str | None  # the kind's label, for blockers
    timing: str | None
    citations: list[Citation] = field(default_factory=list)


@_record
class Todo:
    """A next step: what, who, by when (owner and date may be unknown)."""

    text: str
    owner: str | None
    due: date | None


@_record
class PlanItem:
    text: str
    owner: str | None
    status: str  # todo, in_place


@_record
class Step:
    number: int
    title: str
    start_month: int
    end_month: int
    start: date
    end: date
    items: list[PlanItem]
    done: bool = False  # every item already in place: shown as done, no dates, not scheduled


@_record
class NetworkRow:
    name: str
    posts: str
    hours: float | None
    existing: str | None


@_record
class WorkRow:
    name: str
    hours: float


@_record
class Goal:
    name: str
    kpi: str | None
    target: str | None
    owner: str | None


@_record
class Milestone:
    day: date
    text: str


@_record
class Advice:
    """"What would get you to go": one set of changes and the verdict it leads to."""

    verdict: str
    changes: list[str]
    sentence: str = ""  # the changes as a consultant advises them, and where they lead


@_record
class ProgressPoint:
    day: str
    verdict: str
    score: str


@_record
class Answer:
    """One question and its answer; ``items`` for a list of tables (one row of pairs each)."""

    title: str
    value: str | None
    items: list[list[tuple[str, str]]] | None = None


@_record
class AnswerStage:
    id: str
    title: str
    status: str
    answers: list[Answer]


@_record
class Note:
    stage: str
    text: str


@_record
class ReportContent:
    """The memo, as plain (cleaned, unescaped, typographed) text in one language.

    Page 1: ``decision``, ``reasons``, ``next_steps``, ``key_date``; then the plan (go verdicts),
    the blockers (not_yet) or the structural reasons and alternatives (no_go); the findings that
    matter for this verdict; the annex (answers, all findings, references).
    """

    lang: str
    title: str
    organisation: str
    day: date
    facilitator: str
    participants: list[str]
    sector: str
    verdict: str
    computed_verdict: str
    override_reason: str | None
    score: int
    provisional: str | None
    broken: list[str]
    reasons: list[str]
    context: list[str]
    next_steps: list[Todo]
    key_date: tuple[str, date] | None
    goals: list[Goal]
    network_rows: list[NetworkRow]
    left_out: list[str]
    work_rows: list[WorkRow]
    workload: float | None
    capacity: float | None
    monthly_cost: str | None
    cost_detail: str | None
    steps: list[Step]
    months: int
    milestones: list[Milestone]
    expectations: str | None
    plan_owner: str | None
    blockers: list[FindingLine]
    then_before: list[FindingLine]
    findings: list[FindingLine]
    alternatives: list[str]
    abstaining: str | None
    listening: list[str]
    advice: list[Advice]
    advice_note: str | None
    progress: list[ProgressPoint]
    resolved: list[str]
    appeared: list[str]
    all_findings: list[FindingLine]
    references: list[Ref]
    references_note: str
    appendix: list[AnswerStage]
    notes: list[Note]
    sections: list[tuple[str, list[str]]] = field(default_factory=list)
    brand: Any = None
    unknown: list[str] = field(default_factory=list)  # stages whose plugin is not installed
    tuning: str | None = None  # the settings file in force, one line for the annex

    def word(self, key: str, **params: Any) -> str:
        return typo(self.lang, label(self.lang, key, **params))

    def verdict_name(self, verdict: str | None = None) -> str:
        return typo(self.lang, t(self.lang, f"engine.verdict.{verdict or self.verdict}.name"))

    def verdict_meaning(self, verdict: str | None = None) -> str:
        return typo(self.lang, t(self.lang, f"engine.verdict.{verdict or self.verdict}.meaning"))

    def date(self, day: date | None) -> str:
        return long_date(self.lang, day) if day else self.word("unknown")

    def pair(self, key: str, value: str) -> str:
        """"Label: value", with the language's spacing ("Animateur : Claire")."""
        return typo(self.lang, label(self.lang, "pair", label=label(self.lang, key), value=value))

    def colon(self, key: str) -> str:
        return self.pair(key, "").rstrip()

    def joined(self, pairs: list[tuple[str, str]]) -> str:
        """One answer's parts on one line: "Goal: Loyalty; KPI: …"."""
        return typo(self.lang, label(self.lang, "separator").join(
            label(self.lang, "pair", label=k, value=v) for k, v in pairs))

    def quote(self, text: str) -> str:
        """A quote in the report's marks: « … » in French, “…” in English."""
        return quoted(self.lang, text)

    def num(self, value: float | int | None) -> str:
        return number(self.lang, value)

    def hours(self, value: float | int | None) -> str:
        """"0.6 h a week" / "0,6 h par semaine"; "not known yet" without a unit."""
        return self.word("unknown") if value is None else self.word("hours", hours=self.num(value))

    def pair_text(self, name: str, value: str) -> str:
        """"Re-check: 4 March 2027" from a label already in the report's language."""
        return typo(self.lang, label(self.lang, "pair", label=name, value=value))

    def span(self, step: Step) -> str:
        """When a step happens, as dates: "22 November 2026 to 22 January 2027"."""
        return self.word("from_to", start=self.date(step.start), end=self.date(step.end))

    @property
    def network_names(self) -> set[str]:
        return {row.name for row in self.network_rows}

    @property
    def any_due(self) -> bool:
        """Whether the next steps have dates (a no_go's alternatives have none)."""
        return any(todo.due for todo in self.next_steps)

    @property
    def go(self) -> bool:
        return self.verdict in ("go", "go_with_conditions")

    @property
    def overloaded(self) -> bool:
        return (self.workload is not None and self.capacity is not None
                and round(self.workload, 1) > round(self.capacity, 1))

    @property
    def annex_findings(self) -> list[FindingLine]:
        return self.all_findings


# -- gathering ---------------------------------------------------------------------------


def _named(value: Any) -> str | None:
    """A name as the client reads it, or None when blank or not a text."""
    return clean(value) if isinstance(value, str) and value.strip() else None


def _stage_owners(figures: Mapping[str, Any]) -> tuple[str | None, list[str]]:
    """The person a stage's figures name as ``owner``, and the owners of its goals: what the
    engine computed (the recommendation reads the same figures), not the raw answers."""
    listed: list[str] = []
    for goal in figures.get("goals") or []:
        owner = _named(goal.get("owner")) if isinstance(goal, Mapping) else None
        if owner and owner not in listed:
            listed.append(owner)
    return _named(figures.get("owner")), listed


def _general_owner(evaluation: Evaluation | None) -> str | None:
    """The person answerable for the whole presence: the ``owner`` figure (the resources
    stage gives it)."""
    return None if evaluation is None else _named(evaluation.figure("owner"))


def _owner_for(finding: Finding | None, evaluation: Evaluation | None) -> str | None:
    if evaluation is None:
        return None
    if finding is not None and finding.stage in evaluation.outcomes:
        single, listed = _stage_owners(evaluation.outcomes[finding.stage].figures)
        if listed:
            return ", ".join(listed)
        if single:
            return single
    return _general_owner(evaluation)


def _value_text(stage: Stage, lang: str, value: Any, evaluation: Evaluation | None) -> str:
    """An answer as the client reads it: choice labels, yes/no, figures, network names."""
    if isinstance(value, bool):
        return label(lang, "yes" if value else "no")
    if isinstance(value, int | float):
        return number(lang, value)
    if isinstance(value, str):
        choice = stage.text(lang, "choices", value)
        if choice:
            return clean(choice)
        if evaluation and value in evaluation.catalogue:
            return clean(network_name(evaluation, lang, value))
        return clean(value)
    if isinstance(value, list | tuple | set):
        parts = [_value_text(stage, lang, item, evaluation) for item in value]
        return ", ".join(parts) if parts else label(lang, "empty")
    if isinstance(value, dict):
        return "; ".join(f"{clean(k)}: {_value_text(stage, lang, v, evaluation)}"
                         for k, v in value.items())
    if isinstance(value, date):
        return long_date(lang, value)
    return clean(value)


def _field_title(stage: Stage, lang: str, path: tuple[str, ...], fallback: str) -> str:
    found = stage.text(lang, "questions", *path, "title")
    if not found and len(path) > 1:
        found = stage.text(lang, "questions", path[-1], "title")
    return clean(found or fallback)


def _answers(outcome: StageOutcome, lang: str, evaluation: Evaluation) -> list[Answer]:
    stage, model = outcome.stage, outcome.answers
    if model is None:
        return []
    rows: list[Answer] = []
    for name, info in type(model).model_fields.items():
        title = _field_title(stage, lang, (name,), info.title or name)
        value = getattr(model, name, None)
        if value is None:
            rows.append(Answer(title, None))
        elif isinstance(value, list) and value and all(isinstance(v, BaseModel) for v in value):
            items = []
            for item in value:
                pairs = []
                for sub, sub_info in type(item).model_fields.items():
                    sub_value = getattr(item, sub, None)
                    if sub_value is None or sub_value == "":
                        continue
                    pairs.append((_field_title(stage, lang, (name, sub), sub_info.title or sub),
                                  _value_text(stage, lang, sub_value, evaluation)))
                items.append(pairs)
            rows.append(Answer(title, None, items))
        elif isinstance(value, BaseModel):
            pairs = [(_field_title(stage, lang, (name, sub), sub_info.title or sub),
                      _value_text(stage, lang, getattr(value, sub), evaluation))
                     for sub, sub_info in type(value).model_fields.items()
                     if getattr(value, sub) is not None]
            rows.append(Answer(title, None, [pairs]))
        else:
            rows.append(Answer(title, _value_text(stage, lang, value, evaluation)))
    return rows


def _goals(evaluation: Evaluation | None, lang: str) -> list[Goal]:
    """The client's goals as they said them: any answered item with a KPI (no stage named)."""
    goals: list[Goal] = []
    if evaluation is None:
        return goals
    for outcome in evaluation.outcomes.values():
        model = outcome.answers
        if model is None:
            continue
        for name in type(model).model_fields:
            value = getattr(model, name, None)
            if not isinstance(value, list):
                continue
            for item in value:
                if not isinstance(item, BaseModel) or "kpi" not in type(item).model_fields:
                    continue
                ident = getattr(item, "id", None) or getattr(item, "name", None) or ""
                shown = outcome.stage.text(lang, "choices", str(ident)) or str(ident)

                def text(field_name: str, item: BaseModel = item) -> str | None:
                    found = getattr(item, field_name, None)
                    return clean(found) if isinstance(found, str) and found.strip() else None

                goals.append(Goal(clean(shown), text("kpi"), text("target"), text("owner")))
    return goals


class _Refs:
    """The articles cited, numbered in order of first citation."""

    def __init__(self, lang: str) -> None:
        self.lang = lang
        self.by_seed: dict[str, Ref] = {}

    def get(self, seed: str) -> Ref | None:
        seed = clean(seed)
        if not seed:
            return None
        if seed not in self.by_seed:
            found = reference(seed, self.lang)
            title = found.get("title") or ""
            author = found.get("author") or ""
            if author and found.get("note"):
                author = f"{author} ({found['note']})"
            parts = [author, quoted(self.lang, title) if title else "", found.get("site") or "",
                     found.get("date") or ""]
            text = typo(self.lang, ", ".join(p for p in parts if p)) or label(
                self.lang, "source_unknown")
            short = (found.get("author") or found.get("site") or title
                     or label(self.lang, "source_unknown"))
            self.by_seed[seed] = Ref(len(self.by_seed) + 1, seed, text, clean(short))
        return self.by_seed[seed]


_SEED = re.compile(r"seed\s+(\d{3})\s*(?:§\s*(.*))?", re.IGNORECASE)


def _citations(finding: Finding, lang: str, refs: _Refs) -> list[Citation]:
    """A finding's sources as a reader looks them up (never "seed 002")."""
    cited: list[Citation] = []
    seen: dict[tuple[str, str], Citation] = {}
    for index, source in enumerate(getattr(finding, "sources", ()) or ()):
        seed = str(getattr(source, "seed", ""))
        section = typo("fr", clean(getattr(source, "section", "") or ""))
        quote = getattr(source, "quote", None)
        if (seed, section) in seen:
            # one line per article and section: a second quote of the same section joins
            # the first in the annex rather than repeating the source line
            first = seen[(seed, section)]
            if quote and not first.quote:
                first.quote = typo("fr", clean(quote))
                first.rendering = (quote_rendering(finding.code, index, lang)
                                   if lang != "fr" else None)
            continue
        rendering = quote_rendering(finding.code, index, lang) if quote and lang != "fr" else None
        seen[(seed, section)] = Citation(refs.get(seed), section,
                                         typo("fr", clean(quote)) if quote else None, rendering)
        cited.append(seen[(seed, section)])
    if cited:
        return cited
    match = _SEED.search(finding.source or "")
    if match:
        return [Citation(refs.get(match.group(1)), typo("fr", clean(match.group(2) or "")),
                         clean(finding.quote) if finding.quote else None, None)]
    return []


def _finding_line(finding: Finding, recommendation: Recommendation, refs: _Refs) -> FindingLine:
    lang = recommendation.language
    return FindingLine(
        severity=finding.severity, code=finding.code,
        stage=typo(lang, clean(stage_title(recommendation, finding.stage))),
        message=typo(lang, clean(finding.text("message", lang))),
        advice=typo(lang, clean(finding.text("advice", lang))),
        kind=t(lang, f"engine.kind.{finding.kind}") if finding.kind else None,
        timing=getattr(finding, "timing", None),
        citations=_citations(finding, lang, refs))


def _engine_title(lang: str, name: str) -> str:
    return t(lang, f"engine.plan.{name}.title")


def _step_kind(lang: str, title: str) -> str | None:
    """Steps the memo shows elsewhere: listening (one section) and the re-check (one date)."""
    for kind, names in (("listening", ("listen_meanwhile", "keep_listening")),
                        ("recheck", ("recheck",)), ("alternatives", ("alternatives",)),
                        ("fix", ("fix",))):
        if any(title == _engine_title(lang, name) for name in names):
            return kind
    return None


_ISO = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")
_COMMAND = re.compile(r"\s*\((?:workshop|`workshop)[^)]*\)")


def client_text(lang: str, text: str) -> str:
    """Engine text as a client reads it: an ISO date becomes "4 March 2027", a command goes."""
    def readable(match: re.Match[str]) -> str:
        try:
            return long_date(lang, date(int(match[1]), int(match[2]), int(match[3])))
        except ValueError:
            return match[0]

    return typo(lang, _ISO.sub(readable, _COMMAND.sub("", clean(text))))


def _steps(recommendation: Recommendation, start: date,
           general: str | None) -> tuple[list[Step], list[str], int]:
    """The plan's steps (listening and re-check steps set aside) and the listening tasks."""
    lang = recommendation.language
    steps: list[Step] = []
    listening: list[str] = []
    for raw in recommendation.action_plan:
        items_raw = getattr(raw, "items", None)
        if items_raw:
            items = []
            for item in items_raw:
                text = client_text(lang, item.text)
                owner = clean(item.owner) if getattr(item, "owner", None) else None
                if owner and (owner == general or owner in text):
                    owner = None  # said once, in the plan's heading, or already in the text
                items.append(PlanItem(text, owner, getattr(item, "status", "todo")))
        else:
            items = [PlanItem(client_text(lang, task), None, "todo") for task in raw.tasks]
        kind = _step_kind(lang, raw.title)
        code = getattr(raw, "code", "")
        if code in ("fix", "then"):
            continue  # a not_yet's blockers and its "then" are page 1's and their own section
        if raw.title == _engine_title(lang, "conditions") and items:
            # the conditions are page 1's next steps, with who and by when: not twice
            items = [PlanItem(typo(lang, label(lang, "conditions_above")), None, "todo")]
        if kind == "listening":
            listening += [item.text for item in items]
            continue
        if kind in ("recheck", "alternatives"):
            continue
        steps.append(Step(raw.step, typo(lang, clean(raw.title)), raw.start_month,
                          raw.end_month, add_months(start, max(0, raw.start_month - 1)),
                          add_months(start, max(raw.start_month, raw.end_month)), items,
                          done=bool(getattr(raw, "in_place", False))))
    months = max([s.end_month for s in steps if not s.done], default=1)
    return steps, listening, max(1, months)


def _network_rows(recommendation: Recommendation) -> tuple[list[NetworkRow], list[str],
                                                           list[WorkRow]]:
    """The chosen networks with their rhythm, those left out and why, the workload rows."""
    evaluation, lang = recommendation.evaluation, recommendation.language
    rows: list[NetworkRow] = []
    for row in getattr(recommendation, "network_rows", None) or []:
        posts = label(lang, "rhythm", posts=plural(lang, "post", row.posts_per_week),
                      minutes=number(lang, row.minutes_per_post),
                      community=number(lang, row.community_minutes_per_week))
        existing = getattr(row, "existing_account", None)
        rows.append(NetworkRow(clean(row.name), typo(lang, posts), row.hours,
                               clean(existing) if existing else None))
    # "Facebook (not enough time…)": after "Left out:", a second colon would read as a list
    left = [typo(lang, f"{clean(item.name)} ({clean(getattr(item, 'text', '') or '')})"
                 if getattr(item, "text", "") else clean(item.name))
            for item in getattr(recommendation, "left_out", None) or []]
    work: list[WorkRow] = []
    breakdown = getattr(recommendation, "workload_breakdown", None) or {}
    for key, hours in breakdown.items():
        name = (label(lang, "listening_row") if key == "listening"
                else clean(network_name(evaluation, lang, key)))
        work.append(WorkRow(typo(lang, name), float(hours)))
    if not rows and not breakdown and evaluation is not None:
        # before the recommendation gives its rows: the plan's networks, hours shared out
        plan = list(recommendation.network_plan)
        given = evaluation.figure("network_hours") or {}
        for network_id in plan:
            hours = given.get(network_id) if isinstance(given, dict) else None
            name = clean(network_name(evaluation, lang, network_id))
            rows.append(NetworkRow(name, "", hours, None))
            if isinstance(hours, int | float):
                work.append(WorkRow(name, float(hours)))
        heard = evaluation.figure("listening_hours")
        if isinstance(heard, int | float) and work:
            work.append(WorkRow(typo(lang, label(lang, "listening_row")), float(heard)))
    return rows, left, work


def _cost(recommendation: Recommendation) -> tuple[str | None, str | None]:
    cost = getattr(recommendation, "monthly_cost", None)
    if cost is None:
        return None, None
    lang = recommendation.language
    currency = getattr(cost, "currency", "EUR") or "EUR"
    total = money(lang, cost.total, currency)
    if round(cost.agency or 0) <= 0:  # no agency budget: no "0 € of agency"
        detail = label(lang, "cost_hours_only")
    else:
        detail = label(lang, "cost_detail", hours=money(lang, cost.hours_value, currency),
                       agency=money(lang, cost.agency, currency))
    return typo(lang, total), typo(lang, detail)


def _milestones(recommendation: Recommendation) -> list[Milestone]:
    lang = recommendation.language
    found = [Milestone(m.date, client_text(lang, m.text))
             for m in getattr(recommendation, "milestones", None) or []]
    return sorted(found, key=lambda m: m.day)


def _todos(recommendation: Recommendation, steps: list[Step], refs: _Refs,
           by_advice: dict[str, Finding]) -> list[Todo]:
    """Page 1's next steps: who does what by when, for this verdict."""
    lang, evaluation = recommendation.language, recommendation.evaluation
    verdict = recommendation.verdict
    items = getattr(recommendation, "condition_items", None) or []
    if verdict == "go_with_conditions" and items:
        return [Todo(client_text(lang, i.text), clean(i.owner) if i.owner else None, i.due)
                for i in items]
    first_end = steps[0].end if steps else None
    if verdict == "go_with_conditions":
        return [Todo(client_text(lang, text), _owner_for(by_advice.get(text), evaluation),
                     first_end) for text in recommendation.conditions]
    fix = _plan_step(recommendation, "fix")
    if verdict == "not_yet" and fix is not None and fix.items:
        # the engine's "fix" step says what to settle first and who answers for each
        due = recommendation.recheck_date
        return [Todo(client_text(lang, item.text), clean(item.owner) if item.owner else None,
                     due) for item in fix.items if item.status != "in_place"]
    if verdict == "not_yet":
        blockers = [f for f in recommendation.findings if f.severity == "blocker"]
        chosen = blockers or [f for f in recommendation.findings if f.severity == "concern"]
        due = recommendation.recheck_date
        return [Todo(client_text(lang, f.text("advice", lang)), _owner_for(f, evaluation), due)
                for f in chosen[:4]]
    if verdict == "no_go":
        owner = _general_owner(evaluation)
        return [Todo(client_text(lang, a), owner, None) for a in recommendation.alternatives]
    todos: list[Todo] = []
    for step in steps:
        for item in step.items:
            if item.status != "in_place" and len(todos) < 4:
                todos.append(Todo(item.text, item.owner or _general_owner(evaluation),
                                  step.end))
    return todos


def _plan_step(recommendation: Recommendation, code: str) -> Any:
    """The engine's plan step with this ``code`` ("fix", "then"…), if the plan has one."""
    return next((step for step in recommendation.action_plan
                 if getattr(step, "code", "") == code), None)


def _then_findings(recommendation: Recommendation,
                   lines: list[FindingLine]) -> list[FindingLine]:
    """A not_yet's "then, before you launch": the engine's "then" step's findings (so never
    what the "fix" step asks first, such as the too-little concern), else the concerns."""
    then = _plan_step(recommendation, "then")
    fix = _plan_step(recommendation, "fix")
    if then is None and fix is None:
        return [f for f in lines if f.severity == "concern"]
    codes = [item.code.removeprefix("then.") for item in (then.items if then else [])]
    by_code = {f.code: f for f in lines}
    return [by_code[code] for code in codes if code in by_code]


def _reasons(recommendation: Recommendation, refs: _Refs) -> list[str]:
    """Two or three reasons for the verdict, the findings that decided it."""
    lang = recommendation.language
    order = {"no_go": ("blocker",), "not_yet": ("blocker",),
             "go_with_conditions": ("strength", "concern"), "go": ("strength",)}
    wanted = order.get(recommendation.verdict, ("blocker", "concern", "strength"))
    found = recommendation.findings
    if recommendation.verdict == "no_go":
        found = [f for f in found if f.kind == "structural"] or found
    chosen: list[str] = []
    for severity in wanted:
        for finding in found:
            if finding.severity == severity and len(chosen) < 3:
                text = typo(lang, clean(finding.text("message", lang)))
                if text not in chosen:
                    chosen.append(text)
    return chosen


def _context(content_goals: list[Goal], rows: list[NetworkRow], lang: str) -> list[str]:
    """The client's own words on page 1: their goals, their networks."""
    lines = []
    if content_goals:
        lines.append(typo(lang, label(lang, "pair", label=label(lang, "your_goals"),
                                      value=", ".join(g.name for g in content_goals))))
    if rows:
        lines.append(typo(lang, label(lang, "pair", label=label(lang, "your_networks"),
                                      value=", ".join(r.name for r in rows))))
    return lines


def _provisional(recommendation: Recommendation) -> str | None:
    """"This is a first reading: we did not discuss your means and the duration yet"."""
    lang = recommendation.language
    # each stage by its title, quoted: "we did not discuss ton" reads as a typo in French
    opening, closing = ("«\u00a0", "\u00a0»") if lang == "fr" else ("“", "”")
    names = [f"{opening}{clean(stage_title(recommendation, s))}{closing}"
             for s in (*recommendation.pending_stages, *recommendation.skipped_stages)]
    if not names and not recommendation.provisional:
        return None  # unknown stages are named on their own (``_unknown``)
    listed = (label(lang, "and").join([", ".join(names[:-1]), names[-1]]) if len(names) > 1
              else names[0] if names else "")
    key = "provisional" if recommendation.provisional else "not_discussed"
    number = "one" if len(names) == 1 else "other"
    return typo(lang, label(lang, f"{key}.{number}", stages=listed))


def _unknown(recommendation: Recommendation) -> list[str]:
    """Each stage of the file whose plugin is not installed, with what to install."""
    lang, evaluation = recommendation.language, recommendation.evaluation
    lines = []
    for stage_id in recommendation.unknown_stages:
        plugin = recorded_plugin(evaluation.session, stage_id) if evaluation else None
        key = "unknown_stage.plugin" if plugin else "unknown_stage.none"
        lines.append(typo(lang, label(lang, key, stage=clean(stage_id),
                                      plugin=clean(plugin or ""))))
    return lines


def _tuning(recommendation: Recommendation) -> str | None:
    """The settings file the verdict was computed with (None: the defaults)."""
    evaluation = recommendation.evaluation
    if evaluation is None or not evaluation.session.settings:
        return None  # nothing recorded: the defaults, said by nothing

    found = tuning_in_force(evaluation.session)
    if not found.get("source"):
        return None
    lang = recommendation.language
    # the file's name, not the facilitator's folders: a client reads this document
    name = found["source"].replace("\\", "/").rsplit("/", 1)[-1]
    return typo(lang, label(lang, "tuning", source=clean(name),
                            digest=clean(found.get("digest") or "")))


def _advice(recommendation: Recommendation, inputs: ReportInputs) -> tuple[list[Advice],
                                                                              str | None]:
    lang = recommendation.language
    found = inputs.whatif
    if found is None or recommendation.verdict not in ("not_yet", "no_go"):
        return [], None
    if getattr(found, "too_little", False) or getattr(recommendation, "too_little", False):
        # too little discussed: say that, once, rather than "no change would help" too
        return [], typo(lang, t(lang, "features.whatif.too_early"))
    sets = [Advice(s.verdict, [typo(lang, clean(c.text)) for c in s.changes],
                   _advice_sentence(recommendation, s)) for s in found.sets]
    note = getattr(found, "structural_reason", None)
    if note:
        note = typo(lang, clean(note))
    elif not sets:
        note = typo(lang, label(lang, "advice_none"))
    return sets, note


def _advice_sentence(recommendation: Recommendation, change_set: Any) -> str:
    """"Choose another goal, such as …, instead of …: that would open the way to “Go, with
    conditions”." from the what-if's structured changes (``engine.wording.advise``)."""
    lang, evaluation = recommendation.language, recommendation.evaluation
    clauses = []
    for change in change_set.changes:
        outcome = evaluation.outcomes.get(change.stage) if evaluation else None
        if outcome is None:
            clauses.append(clean(change.text))
            continue
        clauses.append(clean(advise(outcome.stage, lang, change.path, change.action,
                                    change.value, change.old, evaluation.catalogue,
                                    outcome.answers)))
    joined = (label(lang, "and").join([", ".join(clauses[:-1]), clauses[-1]])
              if len(clauses) > 1 else "".join(clauses))
    joined = joined[:1].upper() + joined[1:]
    verdict = t(lang, f"engine.verdict.{change_set.verdict}.name")
    return typo(lang, label(lang, "advice_sentence", changes=joined, verdict=verdict))


def _progress(recommendation: Recommendation,
              inputs: ReportInputs) -> tuple[list[ProgressPoint], list[str], list[str]]:
    lang = recommendation.language
    found = inputs.progress
    if found is None:
        return [], [], []
    points = [ProgressPoint(long_date(lang, p.date) if p.date else "—",
                            typo(lang, t(lang, f"engine.verdict.{p.verdict}.name"))
                            if p.verdict else "—",
                            f"{p.score}/100" if p.score is not None else "—")
              for p in found.timeline]
    return (points, [typo(lang, clean(f.text("message", lang))) for f in found.resolved],
            [typo(lang, clean(f.text("message", lang))) for f in found.appeared])


def build_content(recommendation: Recommendation, host: PluginHost | None = None,
                  inputs: ReportInputs | None = None) -> ReportContent:
    """Gather the memo from the recommendation and what was computed beforehand."""
    inputs = inputs or ReportInputs()
    lang = recommendation.language
    evaluation = recommendation.evaluation
    info = evaluation.session.session if evaluation else None
    day = session_date(evaluation.session) if evaluation else date.today()
    verdict = recommendation.verdict
    go = verdict in ("go", "go_with_conditions")

    notes: list[Note] = []
    appendix: list[AnswerStage] = []
    if evaluation is not None:
        for outcome in evaluation.outcomes.values():
            title = clean(outcome.stage.title(lang))
            record = evaluation.session.stages.get(outcome.id)
            if outcome.stage.scored:
                answered = bool(record and record.answers)
                if answered or outcome.status in ("done", "in_progress"):
                    appendix.append(AnswerStage(outcome.id, title, outcome.status,
                                                _answers(outcome, lang, evaluation)))
            if inputs.with_notes and record and record.notes.strip():
                notes.append(Note(title, clean(record.notes, multiline=True)))

    refs = _Refs(lang)
    by_advice: dict[str, Finding] = {}
    lines: list[FindingLine] = []
    for finding in recommendation.findings:
        by_advice.setdefault(finding.text("advice", lang), finding)
        lines.append(_finding_line(finding, recommendation, refs))

    general = _general_owner(evaluation)
    steps, listening_tasks, months = _steps(recommendation, day, general)
    rows, left, work = _network_rows(recommendation)
    cost, cost_detail = _cost(recommendation)
    goals = _goals(evaluation, lang)
    conditions = set(recommendation.conditions)

    blockers = [f for f in lines if f.severity == "blocker"]
    concerns = [f for f in lines if f.severity == "concern"]
    strengths = [f for f in lines if f.severity == "strength"]
    then_before: list[FindingLine] = []
    if verdict == "no_go":
        structural = [f for f in blockers if f.kind and f.code in {
            x.code for x in recommendation.findings if x.kind == "structural"}]
        blockers, shown = structural or blockers, []
    elif verdict == "not_yet":
        then_before, shown = _then_findings(recommendation, lines), []
    else:
        # conditions are on page 1 already: the findings that matter are the practices and
        # the strengths the plan builds on
        shown = [f for f in concerns if f.advice not in {typo(lang, clean(c))
                                                         for c in conditions}] + strengths
        blockers = []

    key_date: tuple[str, date] | None = None
    milestones = _milestones(recommendation)
    if recommendation.recheck_date:
        key_date = (typo(lang, label(lang, "recheck_on")), recommendation.recheck_date)
    elif milestones:
        first = milestones[0]
        key_date = (typo(lang, label(lang, "review_on" if go else "look_again")), first.day)

    listening = [typo(lang, clean(recommendation.listening))]
    if not go:
        listening += [t for t in listening_tasks if t not in listening]
    alternatives: list[str] = []  # a no_go's alternatives are its next steps, said once
    abstaining = getattr(recommendation, "abstaining", None)
    advice, advice_note = _advice(recommendation, inputs)
    progress, resolved, appeared = _progress(recommendation, inputs)
    override = recommendation.override
    cited = sorted(refs.by_seed.values(), key=lambda r: r.number)
    return ReportContent(
        lang=lang,
        title=typo(lang, clean(label(lang, "title", organisation=recommendation.organisation))),
        organisation=clean(recommendation.organisation),
        day=day,
        facilitator=clean(info.facilitator) if info else "",
        participants=[clean(p) for p in (info.participants if info else []) if p.strip()],
        sector=clean(info.sector) if info else "",
        verdict=verdict,
        computed_verdict=recommendation.computed_verdict,
        override_reason=(typo(lang, clean(override.reason, multiline=True))
                         if override else None),
        score=recommendation.score,
        provisional=_provisional(recommendation),
        broken=[typo(lang, label(lang, "broken", stage=clean(stage_title(recommendation, s)),
                                 error=clean(error)))
                for s, error in recommendation.broken_stages.items()],
        reasons=_reasons(recommendation, refs) if verdict != "no_go" else [],
        context=_context(goals, rows, lang) if go else [],
        next_steps=_todos(recommendation, steps, refs, by_advice),
        key_date=key_date,
        goals=goals if go else [],
        network_rows=rows if go else [],
        left_out=left if go else [],
        work_rows=work if go else [],
        workload=recommendation.workload_hours if go else None,
        capacity=recommendation.capacity_hours if go else None,
        monthly_cost=cost if go else None,
        cost_detail=cost_detail if go else None,
        steps=steps if verdict != "no_go" else [],
        months=months,
        milestones=milestones if go else [],
        expectations=None,  # the plan's last step says it, in the engine's words
        plan_owner=general if go else None,
        blockers=blockers,
        then_before=then_before,
        findings=shown,
        alternatives=alternatives,
        abstaining=typo(lang, clean(abstaining)) if abstaining else None,
        listening=listening,
        advice=advice,
        advice_note=advice_note,
        progress=progress,
        resolved=resolved,
        appeared=appeared,
        all_findings=lines,
        references=cited,
        references_note=era_note(lang),
        appendix=appendix,
        notes=notes,
        sections=[(typo(lang, clean(title)),
                   [typo(lang, clean(p, multiline=True)) for p in paragraphs])
                  for title, paragraphs in plugin_sections(recommendation, host)],
        brand=inputs.brand,
        unknown=_unknown(recommendation),
        tuning=_tuning(recommendation),
    )
