"""The product's own texts in French and English, from locales/<lang>.toml.

Stages carry their own texts (see ``Stage.texts``); this module holds the rest: the engine's
generic findings, the verdicts, the report's headings, the command line's and the app's words.
"""

from __future__ import annotations

import tomllib
from functools import cache
from importlib import resources
from typing import Any

LANGUAGES: tuple[str, ...] = ("fr", "en")
DEFAULT_LANGUAGE = "en"


def _flatten(table: dict[str, Any], prefix: str = "") -> dict[str, str]:
    flat: dict[str, str] = {}
    for key, value in table.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            flat.update(_flatten(value, f"{name}."))
        else:
            flat[name] = value
    return flat


@cache
def catalogue(lang: str) -> dict[str, str]:
    """Every text of one language, by dotted key."""
    if lang not in LANGUAGES:
        lang = DEFAULT_LANGUAGE
    text = resources.files("workshop.locales").joinpath(f"{lang}.toml").read_text("utf-8")
    return _flatten(tomllib.loads(text))


def t(lang: str, key: str, **params: Any) -> str:
    """The text ``key`` in ``lang`` (English if missing there), with ``{name}`` filled in."""
    text = catalogue(lang).get(key)
    if text is None:
        text = catalogue(DEFAULT_LANGUAGE).get(key, key)
    return text.format(**params) if params else text


def both(key: str, **params: Any) -> dict[str, str]:
    """The text ``key`` in every language, for findings that carry all of them."""
    return {lang: t(lang, key, **params) for lang in LANGUAGES}
