"""The plugin API: every hook a plugin may implement, one documented function each.

Plugins mark their implementations with ``from workshop import hookimpl``. The built-in stages
and the recommendation are plugins like any other and use only these hooks. A hook
implementation may take fewer arguments than its specification, never others. Each hook is
described, with an example, in docs/plugins.md (a test fails when one is missing there).

Versions: ``API_VERSION`` grows when a hook is added (a plugin needing one says so with
``dependencies = ["workshop-go-nogo>=X"]``). A hook is never removed at once: it is first marked
with ``deprecated(...)`` for at least one minor version; pluggy then warns when a plugin
implements it (``warn_on_impl``), and ``workshop plugins`` shows the warning.

This module imports nothing of the engine: the hooks are typed with the stage API only (an
engine type here made an import loop hookspecs -> engine -> plugins -> hookspecs).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import pluggy

if TYPE_CHECKING:
    from pydantic import BaseModel

    from workshop.stage import Network, ReportSection, Stage

hookspec = pluggy.HookspecMarker("workshop")

# 1: stages, networks, report sections, recommendation. 2: commands, plugin settings.
API_VERSION = 2


@dataclass(frozen=True)
class Command:
    """A command a plugin adds to the command line (``register_commands``)."""

    name: str
    run: Callable[[Any], int | None]  # run(args) -> exit status
    help: str = ""
    add_arguments: Callable[[Any], None] | None = None  # add_arguments(argparse parser)


def deprecated(since: str, instead: str) -> Any:
    """The marker of a hook on its way out: pluggy warns each plugin that implements it."""
    return hookspec(warn_on_impl=DeprecationWarning(
        f"this hook is deprecated since workshop {since} and will be removed: {instead}"))


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
def build_recommendation(evaluation: Any, settings: dict[str, Any]) -> Any:
    """Turn every stage's findings and figures into the recommendation.

    The first plugin that returns something wins; returning ``None`` passes the turn, and so does
    raising (the plugin is then named as broken). The built-in ``recommendation`` plugin is the
    fallback. ``evaluation`` is a ``workshop.engine.evaluation.Evaluation``; return a
    ``workshop.engine.recommendation.Recommendation``.
    """


@hookspec
def register_commands(register: Callable[[Command], None]) -> None:
    """Add commands to the command line (since API 2).

    Call ``register(Command(name, run, help, add_arguments))`` (``workshop.hookspecs.Command``):
    ``workshop NAME ...`` then parses its arguments with ``add_arguments(parser)`` and calls
    ``run(args)``, whose return value is the exit status. A built-in command's name always
    wins; plugins are loaded for a command only when the first word is not a built-in one.
    """


@hookspec
def register_settings(register: Callable[[type[BaseModel]], None]) -> None:
    """Declare the plugin's own settings (since API 2).

    Call ``register(Model)`` with a pydantic model whose every field has a default. An agency
    tunes them in its settings file under ``[plugins.<plugin name>]``; ``workshop settings
    check`` refuses an unknown key or a wrong type there. A stage reads them, validated, as
    ``context.plugin_settings`` while it is evaluated.
    """
