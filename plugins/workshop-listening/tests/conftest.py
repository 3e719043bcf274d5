"""The test fixture pattern of docs/plugins.md: the built-in stages plus this plugin, nothing
else installed, and sessions made from a few lines of TOML."""

from __future__ import annotations

from collections.abc import Callable

import pytest
import workshop_listening

from workshop.engine.recommendation import Recommendation, recommend
from workshop.plugins import PluginHost, load_plugins
from workshop.session import parse_session

HEADER = """\
schema_version = 1

[session]
organisation = "Fromagerie Dubois"
kind = "business"
size = "small"
market = "b2c"
language = "{lang}"
created = 2026-11-22T09:00:00+01:00
"""


@pytest.fixture
def host() -> PluginHost:
    """Built-ins and this plugin, registered by hand: installed plugins stay out."""
    return load_plugins(entry_points=False, extra=[("listening", workshop_listening)])


@pytest.fixture
def session_text() -> Callable[..., str]:
    """A session file's text: a minimal header, then the given TOML."""

    def make(body: str, lang: str = "en") -> str:
        return HEADER.format(lang=lang) + "\n" + body

    return make


@pytest.fixture
def run(host: PluginHost, session_text: Callable[..., str]) -> Callable[..., Recommendation]:
    """The recommendation for a session given as TOML after a minimal header."""

    def run(body: str, lang: str = "en") -> Recommendation:
        return recommend(parse_session(session_text(body, lang)), host)

    return run
