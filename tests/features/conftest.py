"""Fixtures of the feature tests: the kit plugin (tests/features/plugins/kit.py) on its own.

The core stages are left out so that these tests pin the generic machinery (what-if, follow-up,
client view) and not the rules of stages that other people are changing.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from kit_sessions import CORE, KIT_DIR, NOT_YET, kit_text

from workshop.plugins import PluginHost
from workshop.session import Session, parse_session


@pytest.fixture
def kit_host(make_bare_host) -> Callable[..., PluginHost]:
    """The kit stages (and the catalogue, and the recommendation), no core stage."""

    def make(*plugins) -> PluginHost:
        return make_bare_host(*plugins, plugins_dir=KIT_DIR)

    return make


@pytest.fixture
def kit_session() -> Callable[..., Session]:
    def make(body: str = NOT_YET, lang: str = "en") -> Session:
        return parse_session(kit_text(body, lang))

    return make


@pytest.fixture
def kit_cli(cli) -> Callable[..., object]:
    """``workshop COMMAND ARGS --plugins-dir kit`` in a subprocess, core stages left out."""

    def run(command: str, *args: str, cwd: Path | None = None):
        env = {"WORKSHOP_DISABLE_PLUGINS": CORE, "NO_COLOR": "1"}
        return cli(command, *args, "--plugins-dir", str(KIT_DIR), env=env, cwd=cwd)

    return run


@pytest.fixture
def write_kit(tmp_path: Path) -> Callable[..., Path]:
    def write(name: str = "kit.toml", body: str = NOT_YET, lang: str = "en") -> Path:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(kit_text(body, lang), "utf-8")
        return path

    return write

