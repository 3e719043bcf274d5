"""One translator of validation errors, in a language (issue 18 item 6).

pydantic speaks English only, and the app and the command line used to word the same error
each their own way. ``describe(detail, lang)`` is the one wording, from
``locales/<lang>/errors.toml``: the app's form says it in the session's language, the command
line (``FILE:LINE: field: what (allowed: …)``) in English. In a file the value is quoted
(``'bank' is not one of the choices``); in a form the person sees what they typed.
"""

from __future__ import annotations

from typing import Any

from workshop.i18n import t
from workshop.session.errors import quote

_BOUNDS = {"greater_than_equal": "ge", "greater_than": "gt", "less_than_equal": "le",
           "less_than": "lt"}
_KNOWN = {
    "int_parsing": "whole_number", "int_type": "whole_number", "int_from_float": "whole_number",
    "float_parsing": "number", "float_type": "number", "finite_number": "finite_number",
    "bool_parsing": "yes_no", "bool_type": "yes_no", "missing": "missing",
    "string_too_short": "not_blank", "string_type": "text", "list_type": "list",
    "too_long": "too_long", "string_too_long": "too_long", "extra_forbidden": "not_a_field",
    "date_type": "date_type", "date_range": "date_range",
}
_CHOICES = ("literal_error", "enum")


def number(value: Any) -> str:
    """A bound as a person writes it: 120, not 120.0."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def describe(detail: Any, lang: str = "en", *, quote_value: bool = True) -> str:
    """One pydantic error detail (``error.errors()[i]``) said in ``lang``."""
    kind = detail["type"]
    context = detail.get("ctx") or {}
    if kind in _BOUNDS:
        name = _BOUNDS[kind]
        return t(lang, f"errors.{name}", limit=number(context.get(name)))
    if kind in _CHOICES:
        text = t(lang, "errors.not_a_choice")
        return f"{quote(detail.get('input'))} {text}" if quote_value else text
    if kind in _KNOWN:
        return t(lang, f"errors.{_KNOWN[kind]}", **{k: number(v) for k, v in context.items()})
    message = str(detail.get("msg", "")).removeprefix("Value error, ")
    return t(lang, "errors.other", message=f"{message[:1].lower()}{message[1:]}")


def invalid(lang: str = "en") -> str:
    """What is said of a value refused without a reason."""
    return t(lang, "errors.invalid")
