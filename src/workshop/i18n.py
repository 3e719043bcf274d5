"""The product's own texts in French and English, from locales/<lang>/<area>.toml.

Stages carry their own texts (see ``Stage.texts``); this module holds the rest: the engine's
generic findings, the verdicts, the report's headings, the command line's and the app's words.
A key is ``<area>.<path>``: ``engine.skipped.message`` is ``skipped.message`` in
``locales/<lang>/engine.toml``.
"""

from __future__ import annotations

import os
from functools import cache
from importlib import resources
from typing import Any

from workshop.datafiles import read_toml_resource

LANGUAGES: tuple[str, ...] = ("fr", "en")
DEFAULT_LANGUAGE = "en"


def _flatten(table: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    flat: dict[str, Any] = {}
    for key, value in table.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            flat.update(_flatten(value, f"{name}."))
        else:
            flat[name] = value
    return flat


@cache
def area_texts(lang: str, area: str) -> dict[str, Any]:
    """The texts of one area (``locales/<lang>/<area>.toml``), by dotted key without the area.

    Read only when first asked for: ``workshop report`` never parses the app's words.
    """
    if lang not in LANGUAGES:
        lang = DEFAULT_LANGUAGE
    entry = resources.files("workshop.locales").joinpath(lang).joinpath(f"{area}.toml")
    if not entry.is_file():
        return {}
    return _flatten(read_toml_resource(entry))


@cache
def catalogue(lang: str) -> dict[str, Any]:
    """Every text of one language, by dotted key (``<area>.<path>``)."""
    if lang not in LANGUAGES:
        lang = DEFAULT_LANGUAGE
    texts: dict[str, Any] = {}
    for entry in sorted(resources.files("workshop.locales").joinpath(lang).iterdir(),
                        key=lambda item: item.name):
        if entry.name.endswith(".toml"):
            area = entry.name.removesuffix(".toml")
            texts.update((f"{area}.{key}", value) for key, value in area_texts(lang, area).items())
    return texts


def _lookup(lang: str, key: str) -> Any:
    area, _, rest = key.partition(".")
    found = area_texts(lang, area).get(rest)
    return found if found is not None else area_texts(DEFAULT_LANGUAGE, area).get(rest)


def t(lang: str, key: str, **params: Any) -> str:
    """The text ``key`` in ``lang`` (English if missing there), with ``{name}`` filled in."""
    text = _lookup(lang, key)
    if text is None:
        text = key
    return text.format(**params) if params else text


def both(key: str, **params: Any) -> dict[str, str]:
    """The text ``key`` in every language, for findings that carry all of them."""
    return {lang: t(lang, key, **params) for lang in LANGUAGES}


def t_list(lang: str, key: str, **params: Any) -> list[str]:
    """A list of texts (such as an action step's tasks), each with ``{name}`` filled in."""
    items = _lookup(lang, key) or []
    return [item.format(**params) if params else item for item in items]


def environment_language() -> str:
    """The language of the environment (``WORKSHOP_LANG``, then the locale), for what is shown
    before any session says its own: the picker, ``workshop plugins``."""
    for variable in ("WORKSHOP_LANG", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(variable, "")
        if value:
            code = value.split("_")[0].split(".")[0].lower()
            return code if code in LANGUAGES else DEFAULT_LANGUAGE
    return DEFAULT_LANGUAGE


def number(lang: str, value: float) -> str:
    """A figure as people read it: one decimal at most, the language's decimal mark (4,5)."""
    text = f"{round(float(value), 1):.1f}".removesuffix(".0")
    return text.replace(".", t(lang, "engine.decimal_mark"))
