"""The stage API: what a plugin declares, and what the engine hands back and forth.

A stage is a plain object: an id, titles in every language, an order, a weight, a pydantic model
of its questions, texts, and ``evaluate``. The app draws the stage's screen from the questions
model, so a plugin author writes no Textual code.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any, ClassVar, Literal

from pydantic import BaseModel

from workshop.datafiles import read_toml_resource
from workshop.i18n import LANGUAGES as LANGUAGES  # the languages a stage speaks, for plugins
from workshop.i18n import number as number  # a figure in a text, with the language's decimal mark

Severity = Literal["blocker", "concern", "strength"]
BlockerKind = Literal["structural", "fixable"]
# When a concern is dealt with: "before" the launch (a condition) or "ongoing" (a practice, a
# habit to keep, placed in the step of the plan where it belongs). Blockers and strengths: None.
Timing = Literal["before", "ongoing"]

# A text in every language the product speaks: {"fr": "...", "en": "..."}.
LocalText = dict[str, str]


def load_texts(path: str | Path | Any) -> dict[str, Any]:
    """Read a data file that ships with a plugin: a stage's texts (one table per language,
    [fr] and [en]), a catalogue... ``path`` may be an ``importlib.resources`` file. Parsed once,
    then kept (``workshop.datafiles``)."""
    return read_toml_resource(path)


@dataclass(frozen=True)
class Source:
    """Where a finding's idea comes from: an article of ``seeds/`` (``"002"``), the heading of
    its section as the article writes it, and the article's own words (or None)."""

    seed: str
    section: str
    quote: str | None = None

    def as_dict(self) -> dict[str, str | None]:
        return {"seed": self.seed, "section": self.section, "quote": self.quote}


@cache
def _references() -> dict[str, Any]:
    """The articles' references (data/sources.toml), or nothing where the file is not there."""
    try:
        data = read_toml_resource(resources.files("workshop.data").joinpath("sources.toml"))
    except (OSError, ValueError):
        return {}
    table = data.get("sources", data)
    return table if isinstance(table, dict) else {}


def source_line(sources: Iterable[Source]) -> str:
    """The sources as a reader looks them up: the article's author and title, then the section
    (never a bare "seed 002"); an article the references do not know is named by its number."""
    parts = []
    for cited in sources:
        ref = _references().get(cited.seed)
        name = f"article {cited.seed}"
        if isinstance(ref, dict) and ref.get("title"):
            author = ref.get("author")
            name = f"{author}, « {ref['title']} »" if author else f"« {ref['title']} »"
        parts.append(f"{name} § {cited.section}" if cited.section else name)
    return " ; ".join(parts)


def _cited(entry: Mapping[str, Any]) -> tuple[Source, ...]:
    """A ``[sources."code"]`` table's ``cited`` list (or its older ``source``/``quote`` keys,
    kept readable: "seed 002 § Section" becomes Source("002", "Section", quote))."""
    cited = entry.get("cited")
    if isinstance(cited, list):
        return tuple(
            Source(str(item.get("seed", "")), str(item.get("section", "")), item.get("quote"))
            for item in cited if isinstance(item, Mapping)
        )
    old = entry.get("source")
    if isinstance(old, str) and old.startswith("seed "):
        seed, _, section = old[5:].partition(" § ")
        return (Source(seed.strip(), section.strip(), entry.get("quote")),)
    return ()


@dataclass(frozen=True)
class Finding:
    """One thing a stage found: a blocker, a concern or a strength, with why and what to do.

    ``timing`` says when a concern is dealt with ("before": a condition of the launch;
    "ongoing": a practice to keep); ``owner`` is the person a stage knows to be answerable for
    it (a goal's owner), where it knows one; ``sources`` the articles the idea comes from.
    """

    code: str
    stage: str
    severity: Severity
    message: LocalText
    advice: LocalText
    source: str
    kind: BlockerKind | None = None
    quote: str | None = None
    alternatives: tuple[LocalText, ...] = ()
    timing: Timing | None = None
    sources: tuple[Source, ...] = ()
    owner: str | None = None

    def text(self, attribute: str, lang: str) -> str:
        values: LocalText = getattr(self, attribute)
        return values.get(lang) or values.get("en") or next(iter(values.values()), "")

    def as_dict(self, lang: str) -> dict[str, Any]:
        return {
            "code": self.code,
            "stage": self.stage,
            "severity": self.severity,
            "kind": self.kind,
            "message": self.text("message", lang),
            "advice": self.text("advice", lang),
            "source": self.source,
            "timing": self.timing,
            "sources": [cited.as_dict() for cited in self.sources],
        }


@dataclass
class StageResult:
    """What ``Stage.evaluate`` returns: findings, and figures other stages or the report read.

    Figures with well-known names are read by the recommendation: ``workload_hours``,
    ``capacity_hours``, ``network_plan`` (list of network ids), ``network_hours``
    ({id: hours per week}), ``commitment_months``, and to build the client's own plan:
    ``goals`` (list of {id, label {lang: text}, kpi, target, owner}), ``owner`` (the person
    answerable), ``crisis_plan``, ``spokesperson``, ``charter``, ``listening_done``,
    ``listening_dashboard``, ``sensitive_topic``, ``accounts`` ({network id: none, active,
    dormant}), ``fits`` ({network id: 0-3}), ``first_review_months``, ``skill_factor``.
    """

    findings: list[Finding] = field(default_factory=list)
    figures: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Network:
    """A catalogue entry: a network and the effort an active presence on it takes."""

    id: str
    name: LocalText
    audiences: tuple[str, ...]
    formats: tuple[str, ...]
    posts_per_week: float
    minutes_per_post: float
    community_minutes_per_week: float

    @property
    def minutes_per_week(self) -> float:
        return self.posts_per_week * self.minutes_per_post + self.community_minutes_per_week

    def label(self, lang: str) -> str:
        """Its name in ``lang`` (English, then its id, when the catalogue has none)."""
        return self.name.get(lang) or self.name.get("en") or self.id


def network_label(catalogue: Mapping[str, Network], network_id: str, lang: str) -> str:
    """A network's name by id; an id the catalogue does not know is shown as it is."""
    network = catalogue.get(network_id)
    return network.label(lang) if network is not None else network_id


@dataclass(frozen=True)
class ReportSection:
    """An extra section a plugin adds to every report."""

    id: str
    title: LocalText
    render: Any  # Callable[[Evaluation, str], list[str] | None]
    order: int = 500


@dataclass
class StageContext:
    """What a stage may read besides its own answers while it is evaluated."""

    session: Any  # workshop.session.models.SessionInfo
    settings: Mapping[str, Any]
    catalogue: Mapping[str, Network]
    answers: Mapping[str, BaseModel]  # every evaluated stage's validated answers, by stage id
    figures: dict[str, dict[str, Any]]  # figures of the stages evaluated so far, by stage id
    # the stage's plugin's own tuning, [plugins.<name>] of the settings (see register_settings)
    plugin_settings: Any = None

    def answers_of(self, stage_id: str) -> BaseModel | None:
        return self.answers.get(stage_id)


class Stage:
    """Base class of every stage: subclass it, set the class attributes, write ``evaluate``.

    ``texts`` holds one table per language with ``title``, ``questions.<field>.title|help``,
    ``choices.<value>`` and ``findings.<code>.message|advice``; messages may use ``{name}``
    placeholders filled from ``Stage.finding(..., **params)``. A ``sources`` table gives, per
    finding code, the articles it cites: ``cited = [{seed, section, quote}]``.
    ``timing`` says, per concern code, "before" (a condition) or "ongoing" (a practice); a
    concern not named there is a condition.
    """

    id: ClassVar[str]
    order: ClassVar[int] = 500
    weight: ClassVar[float] = 10
    questions: ClassVar[type[BaseModel]]
    texts: ClassVar[dict[str, Any]] = {}
    # A core stage that is skipped gives the concern "<id>.skipped" ("not discussed").
    required: ClassVar[bool] = False
    # False for stages that are not part of the score (the recommendation itself).
    scored: ClassVar[bool] = True
    # Per concern code: "before" (settle it before the launch) or "ongoing" (a habit to keep).
    timing: ClassVar[Mapping[str, Timing]] = {}

    def evaluate(
        self, answers: BaseModel, context: StageContext
    ) -> StageResult | Iterable[Finding]:
        """Turn the validated answers into findings (and figures)."""
        return StageResult()

    # -- helpers for subclasses ------------------------------------------------------------

    def title(self, lang: str) -> str:
        return self.text(lang, "title") or self.id

    def text(self, lang: str, *path: str, default: str = "") -> str:
        """Look up a text by path in the given language, falling back to English."""
        for language in (lang, "en", *self.texts):
            node: Any = self.texts.get(language, {})
            for key in path:
                node = node.get(key) if isinstance(node, dict) else None
            if isinstance(node, str):
                return node
        return default

    def languages(self) -> list[str]:
        """The languages this stage's texts are written in (its findings carry each one)."""
        return [lang for lang in self.texts if lang != "sources"] or ["en"]

    def finding(
        self,
        code: str,
        severity: Severity,
        *,
        kind: BlockerKind | None = None,
        source: str | None = None,
        alternatives: Iterable[str] = (),
        variant: str | None = None,
        timing: Timing | None = None,
        owner: str | None = None,
        **params: Any,
    ) -> Finding:
        """Build a finding whose message and advice come from ``texts`` in every language.

        ``code`` is the full code (``<stage>.<name>``); ``alternatives`` are keys under
        ``texts[lang].alternatives``. A ``variant`` words the same code otherwise (say, as a
        concern rather than a blocker): its texts are ``findings.<code>.<variant>.message``.
        """
        if severity == "blocker" and kind is None:
            raise ValueError(f"{code}: a blocker needs a kind (structural or fixable)")
        languages = self.languages()

        path = ("findings", code, variant) if variant else ("findings", code)

        def local(attribute: str) -> LocalText:
            return {
                lang: self.text(lang, *path, attribute).format(**params) for lang in languages
            }

        cited = self.texts.get("sources", {}).get(code, {})
        sources = _cited(cited)
        if severity != "concern":
            timing = None  # only a concern is a condition or a practice
        elif timing is None:
            timing = self.timing.get(code, "before")
        return Finding(
            code=code,
            stage=self.id,
            severity=severity,
            kind=kind if severity == "blocker" else None,
            message=local("message"),
            advice=local("advice"),
            source=source or cited.get("source") or source_line(sources),
            quote=cited.get("quote") or next((c.quote for c in sources if c.quote), None),
            alternatives=tuple(
                {lang: self.text(lang, "alternatives", key) for lang in languages}
                for key in alternatives
            ),
            timing=timing,
            sources=sources,
            owner=owner,
        )
