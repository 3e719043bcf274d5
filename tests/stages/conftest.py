"""Fixtures for the core stages: run answers through the real engine, as a session file would.

Every test goes through ``parse_session`` and ``evaluate`` with the built-in plugins, so what is
tested is what the facilitator gets, not a stage called on its own.
"""

from __future__ import annotations

from typing import Any

import pytest

from workshop.engine.evaluation import Evaluation, evaluate
from workshop.plugins import PluginHost, load_plugins
from workshop.session import parse_session

from .helpers import Run, session_text


@pytest.fixture(scope="session")
def core_host() -> PluginHost:
    """The built-in plugins; shared, since a host holds no per-session state."""
    return load_plugins(entry_points=False)


@pytest.fixture(scope="session")
def run(core_host: PluginHost) -> Run:
    """Evaluate a session built from answers by stage id; keyword arguments as session_text."""

    def run_(stages: dict[str, dict[str, Any]], **options: Any) -> Evaluation:
        text = session_text(stages, **options)
        return evaluate(parse_session(text), core_host, text=text)

    return run_
