"""What the commands share: loading plugins, reading sessions, printing problems."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from workshop.plugins import PluginError, PluginHost, load_plugins
from workshop.session.errors import Problem, SessionError
from workshop.session.io import atomic_write

if TYPE_CHECKING:
    from rich.console import Console

EXIT_OK, EXIT_BAD_INPUT, EXIT_USAGE = 0, 1, 2


def stderr_console() -> Console:
    from rich.console import Console  # not at import: JSON output never needs rich

    return Console(stderr=True, highlight=False, soft_wrap=True)


def load_host(args: argparse.Namespace, report: bool = True) -> PluginHost:
    """The plugins, with every plugin problem said on stderr (fatal with --strict-plugins)."""
    try:
        host = load_plugins(getattr(args, "plugins_dir", None),
                            strict=getattr(args, "strict_plugins", False))
    except PluginError as error:
        print(f"workshop: {error}", file=sys.stderr)
        raise SystemExit(EXIT_BAD_INPUT) from None
    if report:
        for problem in host.problems:
            print(f"workshop: warning: {problem} (left out)", file=sys.stderr)
    return host


def print_problems(problems: list[Problem] | SessionError) -> None:
    if isinstance(problems, SessionError):
        problems = problems.problems
    for problem in problems:
        # plain print: the text is the user's, and rich would read [..] as markup
        print(str(problem), file=sys.stderr)


def write_output(text: str, out: str | None) -> None:
    """To stdout, or atomically to a file."""
    if out is None or out == "-":
        sys.stdout.write(text)
        sys.stdout.flush()
        return
    try:
        atomic_write(Path(out), text)
    except OSError as error:
        print(f"{out}: cannot write: {error.strerror or error}", file=sys.stderr)
        raise SystemExit(EXIT_BAD_INPUT) from None
