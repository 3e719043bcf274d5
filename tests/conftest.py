"""Shared fixtures: no installed plugin leaks into a test; tests register their own."""

from __future__ import annotations

import os
import subprocess
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import pytest
from support import CORE_STAGES, MINIMAL_SESSION, run_workshop

from workshop.plugins import PluginHost, load_plugins
from workshop.session import Session, parse_session

ROOT = Path(__file__).resolve().parent.parent
SESSIONS = ROOT / "sessions"

# Subprocesses (the CLI) and in-process loading alike: entry points off unless a test says so.
os.environ["WORKSHOP_ENTRY_POINTS"] = "0"
os.environ.pop("WORKSHOP_DISABLE_PLUGINS", None)
# The data files' cache (workshop.datafiles) of the tests' own, not the user's.
os.environ["WORKSHOP_CACHE_DIR"] = tempfile.mkdtemp(prefix="workshop-test-cache-")

@pytest.fixture
def host() -> PluginHost:
    """The built-in plugins only."""
    return load_plugins(entry_points=False)


@pytest.fixture
def make_host() -> Callable[..., PluginHost]:
    """Built-ins plus the given (name, plugin) pairs, as a test plugin fixture."""

    def make(*plugins: tuple[str, Any], plugins_dir: str | Path | None = None,
             strict: bool = False) -> PluginHost:
        return load_plugins(plugins_dir, entry_points=False, strict=strict, extra=plugins)

    return make


@pytest.fixture
def make_bare_host(make_host, monkeypatch: pytest.MonkeyPatch) -> Callable[..., PluginHost]:
    """``make_host`` with the core stages left out (support.CORE_STAGES)."""

    def make(*plugins: tuple[str, Any], plugins_dir: str | Path | None = None) -> PluginHost:
        monkeypatch.setenv("WORKSHOP_DISABLE_PLUGINS", CORE_STAGES)
        return make_host(*plugins, plugins_dir=plugins_dir)

    return make


@pytest.fixture
def make_session() -> Callable[[str], Session]:
    """A session from TOML text appended to a minimal valid header."""

    def make(body: str = "", header: str = MINIMAL_SESSION) -> Session:
        return parse_session(header + "\n" + body)

    return make


@pytest.fixture
def cli() -> Callable[..., subprocess.CompletedProcess[str]]:
    """``workshop ARGS`` as a user runs it, in a subprocess (support.run_workshop)."""
    return run_workshop


def example_sessions() -> Iterable[Path]:
    return sorted(SESSIONS.glob("examples/*.toml")) + sorted(SESSIONS.glob("*.toml"))
