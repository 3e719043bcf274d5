"""The core stages' texts: complete in both languages, and every finding sourced and quoted.

The codes a stage uses are read from its source (every ``.finding("<code>", ...)`` call), so a
new rule without texts, or texts left behind by a removed rule, fail here.
"""

from __future__ import annotations

import ast
import inspect
import os
import re
import string
import types
import typing
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from pydantic import BaseModel

from workshop.plugins import PluginHost
from workshop.stage import Stage, load_texts
from workshop.stages import BUILTIN_PLUGINS, objectives

from .helpers import CORE

SEEDS = Path(os.environ.get("WORKSHOP_SEEDS", "/work/shared/seeds"))

# The codes domain.md names, plus networks.unknown (a network missing from the catalogue).
DOMAIN_CODES = {
    "objectives": {"none", "wrong_reason", "wrong_tool", "unmeasured", "no_owner", "too_many",
                   "off_theme", "vanity"},
    "audience": {"absent", "unknown", "deaf_dialogue", "self_centred", "undefined", "unheard",
                 "sensitive"},
    "networks": {"none", "poor_fit", "everywhere", "dormant", "unknown"},
    "resources": {"no_owner", "none", "overloaded", "intern", "no_crisis_plan",
                  "slow_approval", "no_sponsor"},
    "tone": {"institutional", "closed", "self_only", "not_social", "no_spokesperson"},
    "duration": {"too_short", "impatient", "short", "early_review", "irregular", "strategic"},
}


def core_stages() -> list[Stage]:
    host = PluginHost()
    host.load_builtins()
    return [stage for stage in host.stages() if stage.id in CORE]


STAGES = {stage.id: stage for stage in core_stages()}
LANGUAGES = ("fr", "en")


def calls(stage: Stage, method: str) -> list[ast.Call]:
    tree = ast.parse(inspect.getsource(inspect.getmodule(stage)))  # type: ignore[arg-type]
    return [
        node for node in ast.walk(tree)
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
        and node.func.attr == method
    ]


def used_codes(stage: Stage) -> set[str]:
    found = set()
    for call in calls(stage, "finding"):
        first = call.args[0]
        assert isinstance(first, ast.Constant), "finding codes are written out, to be found"
        found.add(first.value)
    return found


def used_variants(stage: Stage) -> set[tuple[str, str]]:
    """(code, variant) of every finding worded as a variant: ``finding(code, ..., variant=...)``."""
    found = set()
    for call in calls(stage, "finding"):
        for keyword in call.keywords:
            if keyword.arg == "variant":
                assert isinstance(keyword.value, ast.Constant), "variants are written out"
                found.add((call.args[0].value, keyword.value.value))  # type: ignore[attr-defined]
    return found


def used_alternatives(stage: Stage) -> set[str]:
    keys: set[str] = set()
    for call in calls(stage, "finding"):
        for keyword in call.keywords:
            if keyword.arg == "alternatives" and isinstance(keyword.value, ast.Tuple):
                keys.update(element.value for element in keyword.value.elts)  # type: ignore[attr-defined]
    return keys


def flat_keys(table: dict[str, Any], prefix: str = "") -> set[str]:
    keys = set()
    for key, value in table.items():
        name = f"{prefix}{key}"
        keys.update(flat_keys(value, f"{name}.") if isinstance(value, dict) else {name})
    return keys


def literal_values(annotation: Any) -> Iterator[str]:
    """Every value of every Literal inside a type (through Optional, list, ...)."""
    if typing.get_origin(annotation) is typing.Literal:
        yield from typing.get_args(annotation)
        return
    for argument in typing.get_args(annotation):
        yield from literal_values(argument)


def submodel(annotation: Any) -> type[BaseModel] | None:
    for candidate in (annotation, *typing.get_args(annotation)):
        if isinstance(candidate, type) and issubclass(candidate, BaseModel):
            return candidate
    return None


def question_paths(model: type[BaseModel], prefix: tuple[str, ...] = ()) -> Iterator[
    tuple[tuple[str, ...], Any]
]:
    for name, field in model.model_fields.items():
        path = (*prefix, name)
        yield path, field.annotation
        inner = submodel(field.annotation)
        if inner is not None:
            yield from question_paths(inner, path)


def test_the_six_core_stages_are_built_in_plugins() -> None:
    assert set(STAGES) == set(CORE)
    for stage_id in CORE:
        assert f"workshop.stages.{stage_id}" in BUILTIN_PLUGINS


@pytest.mark.parametrize("stage_id", CORE)
def test_the_codes_are_exactly_the_domain_ones(stage_id: str) -> None:
    expected = {f"{stage_id}.{name}" for name in DOMAIN_CODES[stage_id]}
    assert used_codes(STAGES[stage_id]) == expected


@pytest.mark.parametrize("stage_id", CORE)
def test_french_and_english_have_the_same_texts(stage_id: str) -> None:
    texts = STAGES[stage_id].texts
    assert set(texts) == {"fr", "en", "sources"}
    assert flat_keys(texts["fr"]) == flat_keys(texts["en"])
    for lang in ("fr", "en"):  # sources hold lists of cited quotes: see test_sources.py
        assert all(text.strip() for text in _leaves(texts[lang]))


def _leaves(table: dict[str, Any]) -> Iterator[str]:
    for value in table.values():
        if isinstance(value, dict):
            yield from _leaves(value)
        else:
            assert isinstance(value, str), value
            yield value


@pytest.mark.parametrize("stage_id", CORE)
@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_question_and_choice_has_its_texts(stage_id: str, lang: str) -> None:
    stage = STAGES[stage_id]
    texts = stage.texts[lang]
    assert texts["title"].strip() and texts["intro"].strip()
    for path, annotation in question_paths(stage.questions):
        for attribute in ("title", "help"):
            assert stage.text(lang, "questions", *path, attribute, default="").strip(), path
        for value in literal_values(annotation):
            assert texts["choices"][value].strip(), (path, value)


@pytest.mark.parametrize("stage_id", CORE)
def test_every_question_has_an_english_fallback_in_the_model(stage_id: str) -> None:
    for path, _ in question_paths(STAGES[stage_id].questions):
        model: type[BaseModel] = STAGES[stage_id].questions
        for name in path[:-1]:
            model = submodel(model.model_fields[name].annotation)  # type: ignore[assignment]
        field = model.model_fields[path[-1]]
        assert field.title and field.description, path


@pytest.mark.parametrize("stage_id", CORE)
@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_finding_has_message_and_advice(stage_id: str, lang: str) -> None:
    stage = STAGES[stage_id]
    texts = stage.texts[lang]["findings"]
    assert set(texts) == used_codes(stage)
    for code in used_codes(stage):
        assert texts[code]["message"].strip() and texts[code]["advice"].strip(), code
    for code, variant in used_variants(stage):
        assert texts[code][variant]["message"].strip(), (code, variant)
        assert texts[code][variant]["advice"].strip(), (code, variant)
    variants = {(code, key) for code in texts for key, value in texts[code].items()
                if isinstance(value, dict)}
    assert variants == used_variants(stage)


@pytest.mark.parametrize("stage_id", CORE)
@pytest.mark.parametrize("lang", LANGUAGES)
def test_placeholders_pick_their_own_language(stage_id: str, lang: str) -> None:
    """``{name[fr]}`` in French, ``{name[en]}`` in English, and no positional ``{}``."""
    for text in _leaves(STAGES[stage_id].texts[lang]):
        for _, field, _, _ in string.Formatter().parse(text):
            if field is None:
                continue
            assert field, f"positional placeholder in {text!r}"
            index = re.fullmatch(r"\w+(?:\[(\w+)\])?", field)
            assert index, field
            assert index.group(1) in (None, lang), f"{field} in the {lang} text {text!r}"


@pytest.mark.parametrize("stage_id", CORE)
def test_every_alternative_named_exists_in_both_languages(stage_id: str) -> None:
    stage = STAGES[stage_id]
    keys = used_alternatives(stage)
    if stage_id == "objectives":
        keys |= set(objectives.BETTER_TOOL.values())
        for lang in LANGUAGES:
            assert set(stage.texts[lang]["tools"]) == set(objectives.BETTER_TOOL.values())
    for lang in LANGUAGES:
        assert keys <= set(stage.texts[lang].get("alternatives", {}))
        assert set(stage.texts[lang].get("alternatives", {})) <= keys


@pytest.mark.parametrize("stage_id", CORE)
def test_every_finding_has_a_source_and_a_quote(stage_id: str) -> None:
    """Checked word for word against the articles in tests/stages/test_sources.py."""
    stage = STAGES[stage_id]
    sources = stage.texts["sources"]
    assert set(sources) == used_codes(stage)
    for code, entry in sources.items():
        assert entry["source"] and entry["cited"], code
        assert all(re.fullmatch(r"00[0-4]", cited["seed"]) and len(cited["quote"]) >= 20
                   for cited in entry["cited"]), code


def test_each_stage_reads_its_texts_from_the_toml_beside_it() -> None:
    for stage in STAGES.values():
        module = inspect.getmodule(stage)
        assert isinstance(module, types.ModuleType) and module.__file__
        assert stage.texts == load_texts(Path(module.__file__).with_suffix(".toml"))


# French typography (consultant review): « : ; ? ! » after a non-breaking space, and « » with
# non-breaking spaces inside, in every French text a client or a facilitator reads. The sources
# are left as the articles write them (their quotes are checked word for word elsewhere).
_PLAIN_SPACE_BEFORE = re.compile(r"(?<=\S) [:;?!](?=\s|$)|« | »")


@pytest.mark.parametrize("stage_id", CORE)
def test_french_texts_have_french_typography(stage_id: str) -> None:
    wrong = [text for text in _leaves(STAGES[stage_id].texts["fr"])
             if _PLAIN_SPACE_BEFORE.search(text)]
    assert wrong == []


def test_the_engines_french_texts_have_french_typography() -> None:
    import tomllib

    from workshop import locales

    path = Path(locales.__file__).parent / "fr" / "engine.toml"
    with path.open("rb") as handle:
        table = tomllib.load(handle)

    def strings(node: Any) -> Iterator[str]:
        if isinstance(node, dict):
            for value in node.values():
                yield from strings(value)
        elif isinstance(node, list):
            for value in node:
                yield from strings(value)
        elif isinstance(node, str):
            yield node

    wrong = [text for text in strings(table) if _PLAIN_SPACE_BEFORE.search(text)]
    assert wrong == []
