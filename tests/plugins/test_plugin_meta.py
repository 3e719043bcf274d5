"""Meta-tests, as datasette has: a hook without a test or without documentation fails here."""

from __future__ import annotations

import inspect
from pathlib import Path

import pytest

from workshop import hookspecs
from workshop.plugins import hook_names

ROOT = Path(__file__).resolve().parents[2]
DOC = ROOT / "docs" / "plugins.md"
# These two name every hook by construction: they do not count as a hook's test.
GENERIC = {Path(__file__).name, "test_plugin_docs.py"}


def test_there_are_hooks() -> None:
    assert {"register_stages", "register_networks", "register_report_sections",
            "build_recommendation"} <= set(hook_names())


@pytest.mark.parametrize("hook", hook_names())
def test_every_hook_is_used_by_some_test(hook: str) -> None:
    tests = [path for path in (ROOT / "tests").rglob("test_*.py") if path.name not in GENERIC]
    using = [path for path in tests if f"def {hook}(" in path.read_text("utf-8")]
    assert using, f"hook {hook} is implemented by no test under tests/: write one"


@pytest.mark.parametrize("hook", hook_names())
def test_every_hook_is_documented_with_its_arguments(hook: str) -> None:
    text = DOC.read_text("utf-8")
    assert f"\n### {hook}\n" in text, f"docs/plugins.md has no '### {hook}' heading"
    section = text.split(f"\n### {hook}\n", 1)[1].split("\n### ", 1)[0].split("\n## ", 1)[0]
    for argument in inspect.signature(getattr(hookspecs, hook)).parameters:
        assert argument in section, f"docs/plugins.md, {hook}: argument {argument} not described"


@pytest.mark.parametrize("hook", hook_names())
def test_every_hook_specification_says_what_it_is_for(hook: str) -> None:
    assert (inspect.getdoc(getattr(hookspecs, hook)) or "").strip(), hook
