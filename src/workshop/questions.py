"""The question grammar: what kind of question a pydantic field asks (one reader for all).

A stage declares its questions as a pydantic model; three readers need to know what each field
asks: the plugin check (``plugins.drawable``), the app's widgets (``app.fields.spec_for``) and the
what-if (``engine.whatif``). They all read it here, so that they cannot disagree. No Textual,
no engine: a plain function of an annotation.

API::

    from workshop.questions import classify, question_of, questions_of, Question

    q = question_of(Model.model_fields["hours"])   # from a pydantic FieldInfo
    q = classify(list[Literal["a", "b"]])         # from a bare annotation (+ metadata)
    q.kind          # one of KINDS, below
    q.choices       # the values a choice (or each of several choices) may take
    q.enum          # the Enum class when the choices come from one, else None
    q.optional      # None is an accepted answer (``X | None``)
    q.bounds        # {"ge": 0, "le": 3, ...} from Field(ge=...) or Annotated[..., Ge(...)]
    q.low_high()    # (low, high) as inclusive limits a number may take (low 0 by default)
    q.item          # a list's item question (lines, numbers, yes_nos, choices)
    q.row_model, q.columns   # a table's row model and its cells {name: Question}
    q.model         # a group's (nested model's) class
    q.whatif        # False for a fact: Field(json_schema_extra={"whatif": False})
    q.hints         # the field's json_schema_extra, as a dict
    q.drawable      # a proper widget can ask it (scalars, lists of scalars, flat tables)
    questions_of(Model)  # {name: Question} in the model's order

Kinds: ``text`` (str), ``whole`` (int), ``number`` (float), ``yes_no`` (bool), ``choice``
(Literal or Enum), ``choices`` (a list of Literal or Enum: several choices), ``lines`` (list of
str), ``numbers`` (list of int or float), ``yes_nos`` (list of bool), ``table`` (list of a
pydantic model), ``group`` (one nested pydantic model), ``other`` (anything else: asked as raw
TOML by the app, ignored by the what-if). ``Annotated[...]`` and ``| None`` are seen through.
"""

from __future__ import annotations

import enum
import types
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Annotated, Any, Literal, Union, get_args, get_origin

from pydantic import BaseModel
from pydantic.fields import FieldInfo

TEXT, WHOLE, NUMBER, YES_NO, CHOICE = "text", "whole", "number", "yes_no", "choice"
CHOICES, LINES, NUMBERS, YES_NOS, TABLE, GROUP, OTHER = (
    "choices", "lines", "numbers", "yes_nos", "table", "group", "other")
KINDS = (TEXT, WHOLE, NUMBER, YES_NO, CHOICE, CHOICES, LINES, NUMBERS, YES_NOS, TABLE, GROUP,
         OTHER)
# A single value: a text, a number, a yes/no or a choice.
SCALARS = (TEXT, WHOLE, NUMBER, YES_NO, CHOICE)
# A list whose items are single values.
LISTS = {CHOICE: CHOICES, TEXT: LINES, WHOLE: NUMBERS, NUMBER: NUMBERS, YES_NO: YES_NOS}
_SEQUENCES = (list, tuple, set, frozenset)
_BOUND_NAMES = ("ge", "gt", "le", "lt")


@dataclass(frozen=True)
class Question:
    """What a field asks: its kind, choices, bounds, and for lists and tables their items."""

    kind: str
    annotation: Any = None  # as declared
    optional: bool = False
    choices: tuple[Any, ...] = ()
    enum: type[enum.Enum] | None = None
    bounds: Mapping[str, float] = field(default_factory=dict)
    item: Question | None = None  # a list's item
    row_model: type[BaseModel] | None = None  # a table's row
    columns: Mapping[str, Question] = field(default_factory=dict)  # a table's cells
    model: type[BaseModel] | None = None  # a group's model
    hints: Mapping[str, Any] = field(default_factory=dict)

    @property
    def whatif(self) -> bool:
        """False for a fact the what-if must never propose to change."""
        return self.hints.get("whatif") is not False

    @property
    def scalar(self) -> bool:
        return self.kind in SCALARS

    @property
    def drawable(self) -> bool:
        """Whether the app asks it with a proper widget rather than as raw TOML."""
        if self.kind in SCALARS or self.kind in LISTS.values():
            return True
        if self.kind == TABLE:
            return all(cell.scalar for cell in self.columns.values())
        return False

    def low_high(self, default_low: float = 0) -> tuple[float, float | None]:
        """The lowest and highest value a number may take, as inclusive limits.

        A strict bound moves by one for a whole number and by 0.01 otherwise.
        """
        step = 1 if self.kind in (WHOLE,) or (self.item and self.item.kind == WHOLE) else 0.01
        low: float = default_low
        high: float | None = None
        if "ge" in self.bounds:
            low = self.bounds["ge"]
        if "gt" in self.bounds:
            low = self.bounds["gt"] + step
        if "le" in self.bounds:
            high = self.bounds["le"]
        if "lt" in self.bounds:
            high = self.bounds["lt"] - step
        return low, high


def classify(annotation: Any, metadata: tuple[Any, ...] | list[Any] = (),
             hints: Mapping[str, Any] | None = None) -> Question:
    """The question an annotation asks; ``metadata`` holds a field's constraints (ge, le...)."""
    declared = annotation
    inner, optional, found = _unwrap(annotation)
    bounds = _bounds([*metadata, *found])
    common: dict[str, Any] = {"annotation": declared, "optional": optional, "bounds": bounds,
                              "hints": dict(hints or {})}
    single = _single(inner)
    if single is not None:
        kind, choices, enum_class = single
        return Question(kind, choices=choices, enum=enum_class, **common)
    if get_origin(inner) in _SEQUENCES:
        args = get_args(inner)
        item_annotation = args[0] if args else Any
        item = classify(item_annotation)
        if item.kind in LISTS:
            return Question(LISTS[item.kind], choices=item.choices, enum=item.enum, item=item,
                            **common)
        row, _, _ = _unwrap(item_annotation)
        if _is_model(row):
            return Question(TABLE, row_model=row, columns=questions_of(row), item=item,
                            **common)
        return Question(OTHER, item=item, **common)
    if _is_model(inner):
        return Question(GROUP, model=inner, **common)
    return Question(OTHER, **common)


def question_of(info: FieldInfo) -> Question:
    """The question a pydantic field asks (its annotation, constraints and hints)."""
    extra = info.json_schema_extra
    return classify(info.annotation, tuple(info.metadata),
                    extra if isinstance(extra, dict) else None)


def questions_of(model: type[BaseModel]) -> dict[str, Question]:
    """Every question of a model, by field name, in the model's order."""
    return {name: question_of(info) for name, info in model.model_fields.items()}


# -- helpers ----------------------------------------------------------------------------------


def _unwrap(annotation: Any) -> tuple[Any, bool, list[Any]]:
    """Without ``Annotated`` and ``| None``: (the type, whether None is allowed, metadata)."""
    optional = False
    metadata: list[Any] = []
    while True:
        origin = get_origin(annotation)
        if origin is Annotated:
            annotation, *extra = get_args(annotation)
            metadata.extend(extra)
        elif origin in (Union, types.UnionType):
            args = get_args(annotation)
            options = [a for a in args if a is not type(None)]
            optional = optional or len(options) < len(args)
            if len(options) == 1:
                annotation = options[0]
                continue
            literals = [_unwrap(a)[0] for a in options]
            if all(get_origin(a) is Literal for a in literals):  # Literal["a"] | Literal["b"]
                values = tuple(v for a in literals for v in get_args(a))
                return Literal[values], optional, metadata  # type: ignore[valid-type]
            return annotation, optional, metadata
        else:
            return annotation, optional, metadata


def _single(annotation: Any) -> tuple[str, tuple[Any, ...], type[enum.Enum] | None] | None:
    if get_origin(annotation) is Literal:
        values = tuple(v for v in get_args(annotation) if v is not None)
        return CHOICE, values, None
    if not isinstance(annotation, type):
        return None
    if issubclass(annotation, enum.Enum):
        return CHOICE, tuple(member.value for member in annotation), annotation
    if annotation is bool:
        return YES_NO, (True, False), None
    if annotation is int:
        return WHOLE, (), None
    if annotation is float:
        return NUMBER, (), None
    if annotation is str:
        return TEXT, (), None
    return None


def _is_model(annotation: Any) -> bool:
    return isinstance(annotation, type) and issubclass(annotation, BaseModel)


def _bounds(metadata: list[Any]) -> dict[str, float]:
    found: dict[str, float] = {}
    for item in metadata:
        for name in _BOUND_NAMES:
            value = getattr(item, name, None)
            if isinstance(value, (int, float)) and not isinstance(value, bool):
                found[name] = value
    return found
