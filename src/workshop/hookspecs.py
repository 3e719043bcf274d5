"""The plugin API: every hook a plugin may implement, one documented function each.

Plugins mark their implementations with ``from workshop import hookimpl``. The built-in stages
and the recommendation are plugins like any other and use only these hooks. A hook
implementation may take fewer arguments than its specification, never others. Each hook is
described, with an example, in docs/plugins.md (a test fails when one is missing there).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import pluggy

if TYPE_CHECKING:
    from workshop.engine.evaluation import Evaluation
    from workshop.stage import Network, ReportSection, Stage

hookspec = pluggy.HookspecMarker("workshop")


@hookspec
def register_stages(register: Callable[[Stage], None]) -> None:
    """Add workshop stages.

    Call ``register(stage)`` once per ``Stage`` instance. A stage declares its id, titles (fr and
    en), its place in the order, its weight in the score, its questions as a pydantic model (every
    field with a default, ``None`` meaning "not answered yet"), and turns answers into findings in
    ``Stage.evaluate``. A malformed stage leaves the whole plugin out, with the reason.
    """


@hookspec
def register_networks(register: Callable[[Network], None]) -> None:
    """Add networks to the catalogue, or replace one by registering the same id.

    Call ``register(network)`` once per ``Network``. Plugins are called after the built-in
    catalogue is read, so a plugin's entry wins over the built-in one; an agency's settings file
    (``[networks.<id>]``) is applied last, per session.
    """


@hookspec
def register_report_sections(register: Callable[[ReportSection], None]) -> None:
    """Add sections to the report (terminal, Markdown, HTML and the app's recommendation screen).

    Call ``register(section)`` once per ``ReportSection``; its ``render(evaluation, lang)``
    returns the section's paragraphs as plain text, or ``None`` to leave it out. A ``render``
    that raises is left out of that report and its plugin is named as broken.
    """


@hookspec(firstresult=True)
def build_recommendation(evaluation: Evaluation, settings: dict[str, Any]) -> Any:
    """Turn every stage's findings and figures into the recommendation.

    The first plugin that returns something wins; returning ``None`` passes the turn, and so does
    raising (the plugin is then named as broken). The built-in ``recommendation`` plugin is the
    fallback. Return a ``workshop.engine.recommendation.Recommendation``.
    """
