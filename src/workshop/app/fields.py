"""What kind of question a pydantic field is, so that any stage gets a screen without Textual code.

A stage's questions model is read once: each field becomes a ``FieldSpec`` that says which widget
asks it (a choice, several choices, yes/no, a number, a text, a table of rows, or raw TOML for
anything else), its choices, its bounds, and how to validate one answer in the session's
language. Nothing here imports Textual, so the rules are tested on their own.
"""

from __future__ import annotations

import enum
import math
import types
from dataclasses import dataclass, field
from typing import Annotated, Any, Literal, Union, get_args, get_origin

from pydantic import BaseModel, TypeAdapter, ValidationError
from pydantic.fields import FieldInfo
from pydantic_core import PydanticUndefined

from workshop.app.answers import MISSING, Missing, same_answer  # noqa: F401 (re-exported)
from workshop.i18n import t

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


def _strip_optional(annotation: Any) -> tuple[Any, bool]:
    """``X | None`` -> (X, True); anything else unchanged."""
    origin = get_origin(annotation)
    if origin in (Union, types.UnionType):
        args = [arg for arg in get_args(annotation) if arg is not type(None)]
        optional = len(args) < len(get_args(annotation))
        if len(args) == 1:
            return args[0], optional
        return annotation, optional
    return annotation, False


def _strip_annotated(annotation: Any) -> Any:
    while get_origin(annotation) is Annotated:
        annotation = get_args(annotation)[0]
    return annotation


def _literal_choices(annotation: Any) -> tuple[Any, ...] | None:
    annotation = _strip_annotated(annotation)
    if get_origin(annotation) is Literal:
        return tuple(get_args(annotation))
    if isinstance(annotation, type) and issubclass(annotation, enum.Enum):
        return tuple(member.value for member in annotation)
    return None


def _bounds(info: FieldInfo) -> dict[str, float]:
    found: dict[str, float] = {}
    for item in info.metadata:
        for name in ("ge", "gt", "le", "lt"):
            value = getattr(item, name, None)
            if isinstance(value, (int, float)) and not isinstance(value, bool):
                found[name] = value
    return found


def _hints(info: FieldInfo) -> dict[str, Any]:
    extra = info.json_schema_extra
    return extra if isinstance(extra, dict) else {}


def spec_for(name: str, info: FieldInfo, *, nested: bool = False) -> FieldSpec:
    """The question a field asks; ``nested`` for a table's cell (no tables inside tables)."""
    annotation = info.annotation
    inner, optional = _strip_optional(_strip_annotated(annotation))
    inner = _strip_annotated(inner)
    hints = _hints(info)
    required = info.default is PydanticUndefined and info.default_factory is None
    common: dict[str, Any] = {
        "name": name, "annotation": annotation, "info": info, "optional": optional,
        "required": required, "bounds": _bounds(info),
        "choices_from": hints.get(HINT_CHOICES_FROM),
    }
    choices = _literal_choices(inner)
    if choices is not None:
        return FieldSpec(kind=CHOICE, choices=choices, **common)
    if inner is bool:
        return FieldSpec(kind=BOOL, choices=(True, False), **common)
    if inner is int:
        return FieldSpec(kind=INT, **common)
    if inner is float:
        return FieldSpec(kind=FLOAT, **common)
    if inner is str and hints.get(HINT_CHOICES_FROM):
        # a name from a registry (the networks' catalogue): a choice, never free text
        return FieldSpec(kind=CHOICE, **common)
    if inner is str:
        wanted = hints.get(HINT_WIDGET)
        kind = NOTES if wanted in ("notes", "textarea", "multiline") else TEXT
        return FieldSpec(kind=kind, **common)
    if get_origin(inner) in (list, tuple, set, frozenset) and not nested:
        args = get_args(inner)
        item = _strip_annotated(args[0]) if args else Any
        item_choices = _literal_choices(item)
        if item_choices is not None:
            return FieldSpec(kind=CHOICES, choices=item_choices, **common)
        if item is str:
            return FieldSpec(kind=LINES, **common)
        if isinstance(item, type) and issubclass(item, BaseModel):
            columns = tuple(spec_for(sub, sub_info, nested=True)
                            for sub, sub_info in item.model_fields.items())
            return FieldSpec(kind=TABLE, columns=columns, row_model=item, **common)
    return FieldSpec(kind=RAW, **common)


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
        return t(lang, "app.errors.invalid")
    return describe_detail(details[0], lang)


def describe_detail(detail: Any, lang: str) -> str:
    """One pydantic error detail in ``lang``."""
    kind = detail["type"]
    context = detail.get("ctx") or {}
    bounds = {"greater_than_equal": "ge", "greater_than": "gt", "less_than_equal": "le",
              "less_than": "lt"}
    if kind in bounds:
        name = bounds[kind]
        return t(lang, f"app.errors.{name}", limit=_number(context.get(name)))
    known = {
        "int_parsing": "whole_number", "int_type": "whole_number", "int_from_float": "whole_number",
        "float_parsing": "number", "float_type": "number", "finite_number": "number",
        "bool_parsing": "yes_no", "bool_type": "yes_no", "missing": "missing",
        "string_too_short": "not_blank", "literal_error": "not_a_choice",
        "enum": "not_a_choice", "string_type": "text", "list_type": "list",
        "too_long": "too_long", "string_too_long": "too_long",
    }
    if kind in known:
        return t(lang, f"app.errors.{known[kind]}", **{k: _number(v) for k, v in context.items()})
    message = str(detail.get("msg", ""))
    message = message.removeprefix("Value error, ")
    return t(lang, "app.errors.other", message=message)


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
