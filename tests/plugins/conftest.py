"""Fixtures for the plugin platform's tests."""

from __future__ import annotations

import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest


@pytest.fixture
def write_plugins(tmp_path: Path) -> Callable[..., Path]:
    """A plugins folder with the given files: name -> Python source (dedented)."""

    def write(**files: str) -> Path:
        folder = tmp_path / "plugins"
        folder.mkdir(exist_ok=True)
        for name, source in files.items():
            (folder / f"{name}.py").write_text(textwrap.dedent(source), encoding="utf-8")
        return folder

    return write
