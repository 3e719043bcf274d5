"""docs/plugins.md runs as written: its files are written, its Python blocks run, in order.

A block whose first line is ``# file: PATH`` is written to PATH in an empty folder; any other
``python`` block is run there, and the output shown in its trailing ``# ...`` comment lines
after a ``print`` must be what it prints. The tutorial package then passes its own tests.
"""

from __future__ import annotations

import contextlib
import io
import os
import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from workshop.engine.settings import read_settings_file
from workshop.plugins import hook_names, load_plugins

DOC = Path(__file__).resolve().parents[2] / "docs" / "plugins.md"
FENCE = re.compile(r"^```(\w*)\n(.*?)^```[ \t]*$", re.S | re.M)
FILE = re.compile(r"#\s*file:\s*(\S+)")


def blocks() -> list[tuple[str, str]]:
    return FENCE.findall(DOC.read_text("utf-8"))


def expected_output(code: str) -> list[str] | None:
    """The ``# ...`` lines that end a block right after a print: what it should print."""
    lines = code.rstrip().splitlines()
    tail: list[str] = []
    while lines and lines[-1].startswith("# "):
        tail.insert(0, lines.pop()[2:])
    if tail and lines and lines[-1].lstrip().startswith("print("):
        return tail
    return None


@pytest.fixture
def tutorial(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """Run the document in an empty folder; leave no module or path behind."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("WORKSHOP_ENTRY_POINTS", "0")
    modules, path = set(sys.modules), list(sys.path)
    yield tmp_path
    sys.path[:] = path
    for name in set(sys.modules) - modules:
        if name.startswith(("workshop_visuals", "workshop_plugins_dir")):
            del sys.modules[name]


def run_document(folder: Path) -> int:
    ran = 0
    for index, (lang, code) in enumerate(blocks()):
        first = code.splitlines()[0] if code.strip() else ""
        target = FILE.fullmatch(first.strip())
        if target:
            path = folder / target.group(1)
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(code, encoding="utf-8")
            continue
        if lang != "python":
            continue
        output = io.StringIO()
        with contextlib.redirect_stdout(output):
            exec(compile(code, f"{DOC.name} (python block {index + 1})", "exec"),  # noqa: S102
                 {"__name__": f"docs_block_{index}"})
        expected = expected_output(code)
        if expected is not None:
            assert output.getvalue().splitlines()[-len(expected):] == expected, code
        ran += 1
    return ran


def test_every_python_example_runs_as_written(tutorial: Path) -> None:
    assert run_document(tutorial) >= 8
    host = load_plugins(tutorial / "my-plugins", entry_points=False)
    assert host.problems == []
    assert {"budget_check", "mastodon", "next_meeting", "agency_method"} <= set(host.infos)


def test_the_tutorial_package_passes_its_own_tests(tutorial: Path) -> None:
    run_document(tutorial)
    env = {**os.environ, "PYTHONPATH": str(tutorial / "src")}
    result = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider"],
                            cwd=tutorial, env=env, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "4 passed" in result.stdout
    project = tomllib.loads((tutorial / "pyproject.toml").read_text("utf-8"))
    assert project["project"]["entry-points"]["workshop"] == {"visuals": "workshop_visuals"}


def test_every_toml_example_parses_and_the_settings_example_is_valid(tmp_path: Path) -> None:
    examples = [code for lang, code in blocks() if lang == "toml"]
    assert examples
    for code in examples:
        tomllib.loads(code)
    agency = next(code for code in examples if code.startswith("# agency.toml"))
    path = tmp_path / "agency.toml"
    path.write_text(agency, encoding="utf-8")
    known = set(load_plugins(entry_points=False).catalogue())
    table = read_settings_file(str(path), known)
    assert table["weights"] == {"objectives": 30, "visuals": 5}


def test_every_hook_has_its_heading_and_an_example() -> None:
    text = DOC.read_text("utf-8")
    for hook in hook_names():
        heading = f"\n### {hook}\n"
        assert heading in text, hook
        section = text.split(heading, 1)[1].split("\n### ", 1)[0]
        assert f"def {hook}(" in section, f"{hook}: no example in its section"
