"""``workshop plugin new``: the package it writes passes its own tests, installs, and is found."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

INDEX_TROUBLE = ("Could not find a version", "No matching distribution", "Failed to establish",
                 "Network is unreachable", "Temporary failure in name resolution")


@pytest.fixture
def scaffolded(cli, tmp_path: Path) -> Path:
    result = cli("plugin", "new", "accessibility", "--dir", str(tmp_path), "--lang", "en")
    assert result.returncode == 0, result.stderr
    assert "Created the plugin workshop-accessibility" in result.stdout
    assert "pip install -e ." in result.stdout
    return tmp_path / "workshop-accessibility"


def test_the_package_has_everything_a_plugin_needs(scaffolded: Path) -> None:
    files = sorted(str(p.relative_to(scaffolded)) for p in scaffolded.rglob("*") if p.is_file())
    assert files == [".github/workflows/test.yml", ".gitignore", "README.md", "pyproject.toml",
                     "src/workshop_accessibility/__init__.py",
                     "src/workshop_accessibility/texts.toml",
                     "tests/conftest.py", "tests/test_accessibility.py"]
    project = tomllib.loads((scaffolded / "pyproject.toml").read_text("utf-8"))
    assert project["project"]["name"] == "workshop-accessibility"
    # the distribution's name on the index ("workshop" there is an unrelated 2008 package)
    assert project["project"]["dependencies"] == ["workshop-go-nogo>=0.1"]
    assert project["project"]["entry-points"]["workshop"] == {
        "accessibility": "workshop_accessibility"}
    assert project["tool"]["setuptools"]["package-data"] == {
        "workshop_accessibility": ["*.toml"]}
    texts = tomllib.loads((scaffolded / "src/workshop_accessibility/texts.toml").read_text())
    assert set(texts) == {"fr", "en", "sources"}
    assert not list(scaffolded.parent.glob(".workshop-accessibility.*"))  # no staging left


def test_its_own_tests_pass_straight_away(scaffolded: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(scaffolded / "src")}
    result = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider"],
                            cwd=scaffolded, env=env, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "6 passed" in result.stdout


def test_its_code_is_lint_clean(scaffolded: Path) -> None:
    result = subprocess.run([sys.executable, "-m", "ruff", "check", "--isolated", "--no-cache",
                             "--line-length", "100", "--select", "E,F,W,UP,B", str(scaffolded)],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr


def test_it_installs_and_workshop_finds_it(scaffolded: Path, tmp_path: Path, cli) -> None:
    """A real build and install (into a folder on PYTHONPATH), then discovery by entry point."""
    site = tmp_path / "site"
    result = subprocess.run(
        [sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--target", str(site),
         str(scaffolded)], capture_output=True, text=True, timeout=600)
    if result.returncode != 0 and any(text in result.stderr for text in INDEX_TROUBLE):
        pytest.skip(f"no package index to build with: {result.stderr.strip()[-200:]}")
    assert result.returncode == 0, result.stderr
    assert (site / "workshop_accessibility" / "texts.toml").is_file()  # package data shipped
    env = {"WORKSHOP_ENTRY_POINTS": "1", "PYTHONPATH": str(site),
           "WORKSHOP_DISABLE_PLUGINS": "listening"}
    listing = cli("plugins", "--json", env=env)
    assert listing.returncode == 0, listing.stderr
    plugin = next(p for p in json.loads(listing.stdout) if p["name"] == "accessibility")
    assert plugin["status"] == "ok", plugin["error"]
    assert plugin["source"] == "entry point (workshop-accessibility)"
    assert plugin["version"] == "0.1.0" and plugin["stages"] == ["accessibility"]
    session = tmp_path / "s.toml"
    session.write_text(
        'schema_version = 1\n[session]\norganisation = "O"\nkind = "ngo"\nsize = "micro"\n'
        'market = "b2c"\nlanguage = "fr"\n\n[stages.accessibility]\nstatus = "done"\n\n'
        '[stages.accessibility.answers]\nready = false\n', encoding="utf-8")
    report = cli("report", str(session), "--format", "json", env=env)
    assert report.returncode == 0, report.stderr
    found = {f["code"]: f for f in json.loads(report.stdout)["findings"]}
    assert found["accessibility.not_ready"]["message"] == "L'organisation n'est pas encore prête."


@pytest.mark.parametrize(("name", "module", "stage"), [
    ("workshop-accessibility", "workshop_accessibility", "accessibility"),
    ("green-it", "workshop_green_it", "green_it"),
])
def test_names_become_a_package_a_module_and_a_stage(cli, tmp_path, name, module, stage) -> None:
    assert cli("plugin", "new", name, "--dir", str(tmp_path)).returncode == 0
    folder = next(tmp_path.glob("workshop-*"))
    assert (folder / "src" / module / "__init__.py").is_file()
    assert (folder / "tests" / f"test_{stage}.py").is_file()


@pytest.mark.parametrize("name", ["2fast", "Bad Name", "a/b", "class", "x-", ""])
def test_a_name_that_cannot_be_one_is_refused(cli, tmp_path, name: str) -> None:
    result = cli("plugin", "new", name, "--dir", str(tmp_path), "--lang", "en")
    assert result.returncode == 1
    assert "not a plugin name" in result.stderr
    assert list(tmp_path.iterdir()) == []


def test_nothing_is_written_over(cli, tmp_path: Path) -> None:
    folder = tmp_path / "workshop-accessibility"
    folder.mkdir()
    (folder / "notes.txt").write_text("mine", encoding="utf-8")
    result = cli("plugin", "new", "accessibility", "--dir", str(tmp_path), "--lang", "en")
    assert result.returncode == 1 and "already exists" in result.stderr
    assert [p.name for p in folder.iterdir()] == ["notes.txt"]


def test_a_stage_id_already_taken_is_refused(cli, tmp_path: Path) -> None:
    result = cli("plugin", "new", "objectives", "--dir", str(tmp_path), "--lang", "fr")
    assert result.returncode == 1
    assert "déjà pris par l'extension objectives" in result.stderr
    assert list(tmp_path.iterdir()) == []
