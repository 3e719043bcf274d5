"""Fixtures for the plugin platform's tests."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from pathlib import Path

import pytest
from support import write_plugins as write_plugins_in


@pytest.fixture
def write_plugins(tmp_path: Path) -> Callable[..., Path]:
    """A plugins folder with the given files: name -> Python source (dedented)."""
    return partial(write_plugins_in, tmp_path)
