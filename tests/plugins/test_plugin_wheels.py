"""Issue 17 point 1: a published plugin installs. The project and a plugin are built as wheels,
installed into a fresh virtual environment from local files only (``pip install --no-index
--find-links``), and the plugin's own tests run there.

The wheelhouse: ``pip wheel --no-deps`` of the project (copied out of the tree, so that the
build leaves nothing in it) and of the plugin, then ``pip download`` of their dependencies
(the index, or the pip cache, is needed for that step only). The fresh environment has no pip
of its own (``venv --without-pip``: a second faster); this venv's pip installs into it with
``--python``; the scaffold's test gives its venv a pip and installs the plugin with
``workshop install``, run from that venv. About a minute and a half for both tests on a busy
2-core machine.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from support import run_workshop

ROOT = Path(__file__).resolve().parents[2]
PIP = [sys.executable, "-m", "pip"]


def pip(*args: str, cwd: Path | None = None) -> None:
    environment = {**os.environ, "PIP_DISABLE_PIP_VERSION_CHECK": "1"}
    result = subprocess.run([*PIP, *args], capture_output=True, text=True, cwd=cwd,
                            env=environment, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.fixture(scope="module")
def wheelhouse(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The project's wheel and its dependencies' (pytest too, to run a plugin's tests)."""
    work = tmp_path_factory.mktemp("wheels")
    source = work / "source"
    shutil.copytree(ROOT / "src", source / "src",
                    ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, source / name)
    house = work / "house"
    pip("wheel", "--no-deps", "-q", "-w", str(house), str(source))
    (wheel,) = house.glob("workshop_go_nogo-*.whl")
    pip("download", "-q", "-d", str(house), str(wheel), "pytest")
    return house


def install_plugin(plugin_source: Path, house: Path, work: Path,
                   with_workshop_install: bool = False) -> Path:
    """A fresh venv holding the plugin, the project and their dependencies, all from
    ``house``; the venv's python. ``with_workshop_install``: the venv gets its own pip, the
    project is installed first, then the plugin by ``workshop install`` run from the venv
    (pip told by its environment variables to use ``house`` only)."""
    copy = work / plugin_source.name
    shutil.copytree(plugin_source, copy,
                    ignore=shutil.ignore_patterns("__pycache__", "*.egg-info", "build"))
    pip("wheel", "--no-deps", "-q", "-w", str(house), str(copy))
    venv = work / "venv"
    subprocess.run([sys.executable, "-m", "venv", *([] if with_workshop_install
                                                    else ["--without-pip"]), str(venv)],
                   check=True, timeout=120)
    python = venv / "bin" / "python"
    distribution = plugin_source.name  # the folder is named after the distribution
    if not with_workshop_install:
        pip("--python", str(python), "install", "-q", "--no-index", "--find-links",
            str(house), distribution, "pytest")
        return python
    pip("--python", str(python), "install", "-q", "--no-index", "--find-links", str(house),
        "workshop-go-nogo", "pytest")
    environment = {**os.environ, "PIP_NO_INDEX": "1", "PIP_FIND_LINKS": str(house),
                   "PIP_DISABLE_PIP_VERSION_CHECK": "1"}
    installed = subprocess.run([str(venv / "bin" / "workshop"), "install", distribution],
                               capture_output=True, text=True, env=environment, timeout=300)
    assert installed.returncode == 0, installed.stdout + installed.stderr
    assert f"{python} -m pip install {distribution}" in installed.stderr
    return python


def run_in(python: Path, *args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    environment = {key: value for key, value in os.environ.items()
                   if not key.startswith(("WORKSHOP_", "PYTHON"))}
    environment["COLUMNS"] = "100"
    return subprocess.run([str(python), *args], capture_output=True, text=True, cwd=cwd,
                          env=environment, timeout=300)


def check_installed(python: Path, name: str, work: Path) -> None:
    listed = run_in(python, "-m", "workshop", "plugins", "--json", cwd=work)
    assert listed.returncode == 0, listed.stderr
    assert f'"name": "{name}"' in listed.stdout
    assert "/venv/" in run_in(python, "-c", "import workshop; print(workshop.__file__)",
                              cwd=work).stdout  # the installed wheel, not this checkout


def check_own_tests_pass(python: Path, plugin: Path) -> None:
    """The plugin's own tests (``plugin/tests``) pass with the installed ``python``."""
    tests = run_in(python, "-m", "pytest", "-q", "-p", "no:cacheprovider", str(plugin / "tests"),
                   cwd=plugin)
    assert tests.returncode == 0, tests.stdout + tests.stderr
    assert " passed" in tests.stdout


def test_a_scaffolded_plugin_installs_from_its_wheel_and_passes_its_tests(
        wheelhouse: Path, tmp_path: Path) -> None:
    made = run_workshop("plugin", "new", "accessibility", "--dir", str(tmp_path / "made"),
                        module="workshop")
    assert made.returncode == 0, made.stderr
    plugin = tmp_path / "made" / "workshop-accessibility"
    python = install_plugin(plugin, wheelhouse, tmp_path, with_workshop_install=True)
    check_installed(python, "accessibility", tmp_path)
    check_own_tests_pass(python, tmp_path / "workshop-accessibility")


def test_workshop_listening_installs_from_its_wheel_and_passes_its_tests(
        wheelhouse: Path, tmp_path: Path) -> None:
    python = install_plugin(ROOT / "plugins" / "workshop-listening", wheelhouse, tmp_path)
    check_installed(python, "listening", tmp_path)
    check_own_tests_pass(python, tmp_path / "workshop-listening")
