"""What kind of question a pydantic field is, so that any stage gets a screen without Textual code.

A stage's questions model is read once: each field becomes a ``FieldSpec`` that says which widget
asks it (a choice, several choices, yes/no, a number, a text, a table of rows, or raw TOML for
anything else), its choices, its bounds, and how to validate one answer in the session's
language. Nothing here imports Textual, so the rules are tested on their own.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Annotated, Any

from pydantic import BaseModel, TypeAdapter, ValidationError
from pydantic.fields import FieldInfo
from pydantic_core import PydanticUndefined

from workshop import questions
from workshop.app.answers import MISSING, Missing, same_answer  # noqa: F401 (re-exported)
from workshop.session import messages

# Widget kinds, from the most specific to the catch-all.
CHOICE, CHOICES, BOOL, INT, FLOAT, TEXT, NOTES, LINES, TABLE, RAW = (
    "choice", "choices", "bool", "int", "float", "text", "notes", "lines", "table", "raw",
)
# A field may ask for a widget or for choices from a registry with ``json_schema_extra``:
# ``{"widget": "notes"}`` (a multi-line text) or ``{"choices_from": "networks"}`` (the catalogue).
HINT_WIDGET = "widget"
HINT_CHOICES_FROM = "choices_from"




@dataclass(frozen=True)
class FieldSpec:
    """One question: its kind, choices, bounds, and a validator for one answer."""

    name: str
    kind: str
    annotation: Any
    info: FieldInfo = field(repr=False, compare=False)
    choices: tuple[Any, ...] = ()
    optional: bool = False  # None is an answer the model accepts
    required: bool = False  # no default: a row is incomplete without it
    bounds: dict[str, float] = field(default_factory=dict)
    columns: tuple[FieldSpec, ...] = ()  # the cells of a table's rows
    row_model: type[BaseModel] | None = None
    choices_from: str | None = None
    item: str | None = None  # a list's items (lines): text, whole, number or yes_no

    @property
    def default(self) -> Any:
        if self.required:
            return MISSING
        return self.info.get_default(call_default_factory=True)

    def adapter(self) -> TypeAdapter[Any]:
        return _adapter(self.annotation, tuple(self.info.metadata))

    def validate(self, value: Any, lang: str) -> tuple[Any, str | None]:
        """The validated value, or the value as given and an error in ``lang``."""
        try:
            return self.adapter().validate_python(value), None
        except ValidationError as error:
            return value, describe_error(error, lang)


_ADAPTERS: dict[tuple[Any, tuple[Any, ...]], TypeAdapter[Any]] = {}


def _adapter(annotation: Any, metadata: tuple[Any, ...]) -> TypeAdapter[Any]:
    key = (annotation, metadata)
    try:
        adapter = _ADAPTERS.get(key)
    except TypeError:  # unhashable metadata: do not cache
        return TypeAdapter(Annotated[annotation, *metadata] if metadata else annotation)
    if adapter is None:
        target = Annotated[annotation, *metadata] if metadata else annotation
        adapter = _ADAPTERS[key] = TypeAdapter(target)
    return adapter


# The grammar's kinds (workshop.questions: one reader for the plugin check, the app and the
# what-if) as the app's widgets.
_WIDGET_FOR = {
    questions.CHOICE: CHOICE, questions.YES_NO: BOOL, questions.WHOLE: INT,
    questions.NUMBER: FLOAT, questions.TEXT: TEXT, questions.CHOICES: CHOICES,
    questions.LINES: LINES, questions.NUMBERS: LINES, questions.YES_NOS: LINES,
    questions.TABLE: TABLE,
}


def spec_for(name: str, info: FieldInfo, *, nested: bool = False) -> FieldSpec:
    """The question a field asks; ``nested`` for a table's cell (no tables inside tables)."""
    question = questions.question_of(info)
    hints = dict(question.hints)
    required = info.default is PydanticUndefined and info.default_factory is None
    kind = _WIDGET_FOR.get(question.kind, RAW)
    if nested and not question.scalar:
        kind = RAW
    if kind == TEXT and hints.get(HINT_CHOICES_FROM):
        kind = CHOICE  # a name from a registry (the networks' catalogue): never free text
    elif kind == TEXT and hints.get(HINT_WIDGET) in ("notes", "textarea", "multiline"):
        kind = NOTES
    columns: tuple[FieldSpec, ...] = ()
    row_model = question.row_model if kind == TABLE else None
    if row_model is not None:
        columns = tuple(spec_for(sub, sub_info, nested=True)
                        for sub, sub_info in row_model.model_fields.items())
    item = question.item.kind if question.item is not None and kind == LINES else None
    return FieldSpec(name=name, kind=kind, annotation=info.annotation, info=info,
                     choices=question.choices if kind in (CHOICE, CHOICES, BOOL) else (),
                     optional=question.optional, required=required,
                     bounds=dict(question.bounds), columns=columns, row_model=row_model,
                     choices_from=hints.get(HINT_CHOICES_FROM), item=item)


def specs_of(model: type[BaseModel]) -> list[FieldSpec]:
    """Every question of a stage, in the model's order."""
    return [spec_for(name, info) for name, info in model.model_fields.items()]


# -- messages in the session's language ------------------------------------------------------


def _number(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def describe_error(error: ValidationError, lang: str) -> str:
    """The first error of a validation, said in ``lang`` (pydantic only speaks English)."""
    details = error.errors(include_url=False)
    if not details:
        return messages.invalid(lang)
    return describe_detail(details[0], lang)


def describe_detail(detail: Any, lang: str) -> str:
    """One pydantic error detail in ``lang``: the one translator, ``session.messages``."""
    return messages.describe(detail, lang, quote_value=False)


def parse_number(text: str, kind: str) -> Any:
    """A number typed by a person: spaces ignored, a comma as decimal point (French keyboards)."""
    cleaned = text.strip().replace("\u202f", "").replace("\xa0", "").replace(" ", "")
    if kind == FLOAT:
        cleaned = cleaned.replace(",", ".")
    try:
        return int(cleaned)  # "6" stays 6 in the file, even for a decimal question
    except ValueError:
        pass
    if kind == INT:
        try:
            as_float = float(cleaned.replace(",", "."))
        except ValueError:
            return text
        return int(as_float) if as_float.is_integer() else text
    try:
        number = float(cleaned)
    except ValueError:
        return text
    return number if math.isfinite(number) else text


def format_value(value: Any) -> str:
    """An answer as text for an input box."""
    if value is None or value is MISSING:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)
