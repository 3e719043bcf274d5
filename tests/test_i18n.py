"""Every text a user reads exists in French and English: a missing translation fails here.

Two places hold texts: the product's locale files (``locales/<lang>/<area>.toml``) and each
stage's own ``texts`` (one table per language, plus ``sources``), built-in or from a plugin.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterator
from importlib import resources
from typing import Any

import pytest

from workshop.i18n import LANGUAGES
from workshop.plugins import load_plugins
from workshop.stage import Stage

PLACEHOLDER = re.compile(r"\{([^{}]*)\}")


def flatten(table: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    flat: dict[str, Any] = {}
    for key, value in table.items():
        if isinstance(value, dict):
            flat.update(flatten(value, f"{prefix}{key}."))
        else:
            flat[f"{prefix}{key}"] = value
    return flat


def placeholders(value: Any) -> set[str]:
    if isinstance(value, str):
        # "{goals[fr]}" and "{goals[en]}" are the same placeholder in two languages
        return {re.sub(r"\[(fr|en)\]$", "", name) for name in PLACEHOLDER.findall(value)}
    if isinstance(value, list):
        return set().union(*(placeholders(item) for item in value)) if value else set()
    return set()


def differences(tables: dict[str, dict[str, Any]], where: str) -> list[str]:
    """What one language has and another lacks: keys, placeholders, list lengths."""
    flat = {lang: flatten(table) for lang, table in tables.items()}
    problems = []
    every = set().union(*(set(keys) for keys in flat.values()))
    for key in sorted(every):
        present = {lang: texts[key] for lang, texts in flat.items() if key in texts}
        for lang in flat:
            if lang not in present:
                others = ", ".join(sorted(present))
                problems.append(f"{where}: {lang} has no {key!r} (there in {others})")
        if len(present) < 2:
            continue
        names = {lang: placeholders(value) for lang, value in present.items()}
        if len({frozenset(value) for value in names.values()}) > 1:
            problems.append(f"{where}: {key!r} placeholders differ: {names}")
        lengths = {lang: len(value) for lang, value in present.items() if isinstance(value, list)}
        if len(set(lengths.values())) > 1:
            problems.append(f"{where}: {key!r} lists differ in length: {lengths}")
    return problems


def locale_files() -> list[str]:
    root = resources.files("workshop.locales")
    names = {entry.name for lang in LANGUAGES if root.joinpath(lang).is_dir()
             for entry in root.joinpath(lang).iterdir() if entry.name.endswith(".toml")}
    return sorted(names)


def read_locale(lang: str, name: str) -> dict[str, Any] | None:
    entry = resources.files("workshop.locales").joinpath(lang, name)
    if not entry.is_file():
        return None
    return tomllib.loads(entry.read_text("utf-8"))


@pytest.mark.parametrize("name", locale_files())
def test_every_locale_file_has_every_key_in_every_language(name: str) -> None:
    tables = {lang: read_locale(lang, name) for lang in LANGUAGES}
    absent = [lang for lang, table in tables.items() if table is None]
    assert absent == [], f"locales/{{{','.join(absent)}}}/{name} is missing"
    assert differences({lang: t for lang, t in tables.items() if t is not None}, name) == []


def stages() -> Iterator[Stage]:
    """Built-in stages and every installed plugin's (entry points on, unlike other tests)."""
    host = load_plugins(entry_points=True)
    yield from host.stages()


def stage_languages(stage: Stage) -> list[str]:
    return [key for key in stage.texts if key != "sources"]


@pytest.mark.parametrize("stage", list(stages()), ids=lambda stage: stage.id)
def test_every_stage_speaks_french_and_english(stage: Stage) -> None:
    declared = stage_languages(stage)
    if not declared:
        pytest.skip(f"stage {stage.id} declares no texts")
    missing = [lang for lang in LANGUAGES if lang not in declared]
    assert missing == [], f"stage {stage.id} has no texts in {missing}"
    tables = {lang: stage.texts[lang] for lang in LANGUAGES}
    assert differences(tables, f"stage {stage.id}") == []
    for lang in LANGUAGES:
        assert stage.text(lang, "title"), f"stage {stage.id} has no title in {lang}"


def test_the_check_finds_a_missing_translation() -> None:
    """The checks above can fail: a key, a placeholder or a list item missing in one language."""
    tables = {
        "fr": {"title": "Titre", "a": {"b": "{x} ici"}, "items": ["un", "deux"]},
        "en": {"title": "Title", "a": {"b": "here", "c": "more"}, "items": ["one"]},
    }
    problems = differences(tables, "demo")
    assert any("fr has no 'a.c'" in problem for problem in problems)
    assert any("'a.b' placeholders differ" in problem for problem in problems)
    assert any("'items' lists differ" in problem for problem in problems)
    same = {"fr": {"m": "{goals[fr]} !"}, "en": {"m": "{goals[en]}!"}}
    assert differences(same, "demo") == []
