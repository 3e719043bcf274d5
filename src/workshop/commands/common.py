"""What the commands share: loading plugins, reading sessions, printing problems."""

from __future__ import annotations

import argparse
import io
import os
import sys
from dataclasses import dataclass
from pathlib import Path
from stat import S_ISDIR, S_ISREG
from typing import TYPE_CHECKING

from workshop import sanitise
from workshop.engine.recommendation import recommend
from workshop.plugins import PluginError, PluginHost, load_plugins
from workshop.session.errors import Problem, SessionError
from workshop.session.io import (
    atomic_write,
    load_session_text,
    parse_toml,
    read_regular,
    with_lines,
)

if TYPE_CHECKING:

    from workshop.engine.recommendation import Recommendation
    from workshop.session.models import Session

EXIT_OK, EXIT_BAD_INPUT, EXIT_USAGE = 0, 1, 2


def load_host(args: argparse.Namespace, report: bool = True) -> PluginHost:
    """The plugins, with every plugin problem said on stderr (fatal with --strict-plugins)."""
    try:
        host = load_plugins(getattr(args, "plugins_dir", None),
                            strict=getattr(args, "strict_plugins", False))
    except PluginError as error:
        print(f"workshop: {sanitise.escape(str(error))}", file=sys.stderr)
        raise SystemExit(EXIT_BAD_INPUT) from None
    if report:
        for problem in host.problems:
            print(f"workshop: warning: {sanitise.escape(str(problem))} (left out)",
                  file=sys.stderr)
    return host


def print_problems(problems: list[Problem] | SessionError) -> None:
    if isinstance(problems, SessionError):
        problems = problems.problems
    for problem in problems:
        # plain print: the text is the user's, and rich would read [..] as markup
        print(str(problem), file=sys.stderr)


def write_output(text: str, out: str | None) -> None:
    """To stdout, or atomically to the file ``out`` unless ``refused_output`` refuses it (exit
    1, nothing written). Raw C1 controls and bidi marks are written as ``\\uXXXX``: in JSON
    that is the same data, and other formats never hold any (their renderers clean the text)."""
    text = sanitise.escape_json(text)
    if out is None or out == "-":
        sys.stdout.write(text)
        sys.stdout.flush()
        return
    refusal = refused_output(Path(out))
    if refusal:
        print(f"workshop: {sanitise.escape(out)}: {refusal}: nothing written", file=sys.stderr)
        raise SystemExit(EXIT_BAD_INPUT)
    try:
        atomic_write(Path(out), text)
    except OSError as error:
        print(f"{sanitise.escape(out)}: cannot write: {error.strerror or error}",
              file=sys.stderr)
        raise SystemExit(EXIT_BAD_INPUT) from None


def refused_output(path: Path) -> str | None:
    """Why ``-o path`` must not be written (None: it may). A command's output never replaces a
    session (a ``.toml`` that reads as one, the command's own input included), a file the app
    holds, a read-only file, or anything but a regular file (a folder, a FIFO, a device)."""
    try:
        stat = os.stat(path)
    except FileNotFoundError:
        return None
    except OSError as error:
        return f"cannot be checked ({error.strerror or error})"
    if S_ISDIR(stat.st_mode):
        return "is a folder"
    if not S_ISREG(stat.st_mode):
        return "is not a regular file"
    from workshop.session.lock import is_held  # only for an existing -o file (1 ms)

    if is_held(path):
        return "is open in the workshop app"
    if not os.access(path, os.W_OK) or not stat.st_mode & 0o222:
        return "is read-only"
    if is_session_file(path):
        return "is a session file (choose another name for the output)"
    return None


def is_session_file(path: Path) -> bool:
    """Whether ``path`` reads as a session file (TOML with ``schema_version`` or a ``[session]``
    table), valid or not: what an output must never replace."""
    try:
        raw = read_regular(path)[0]
        data = parse_toml(raw.decode("utf-8-sig"), path)
    except (OSError, SessionError, UnicodeDecodeError):
        return path.suffix == ".toml"  # unreadable: a .toml is given the benefit of the doubt
    return "schema_version" in data or isinstance(data.get("session"), dict)


def add_output_arguments(parser: argparse.ArgumentParser, formats: tuple[str, ...],
                         what: str = "the language (default: the session's)") -> None:
    """--format, -o and --lang, as every command that prints a report-like text has them."""
    parser.add_argument("--format", "-f", choices=formats, default=formats[0],
                        help=f"{', '.join(formats)} (default {formats[0]})")
    parser.add_argument("-o", "--output", metavar="OUT", help="write to OUT instead of stdout")
    parser.add_argument("--lang", choices=("fr", "en"), help=what)


@dataclass
class Loaded:
    """A session read from a file, with its plugins and its recommendation."""

    session: Session
    text: str
    host: PluginHost
    recommendation: Recommendation
    problems_said: set[str]


def recommend_file(args: argparse.Namespace, path: str, lang: str | None = None) -> Loaded | None:
    """Read ``path`` and compute its recommendation; on bad input say every problem on stderr
    and return None (the caller exits 1, nothing written)."""
    try:
        session, text = load_session_text(path)
    except SessionError as error:
        print_problems(error)
        return None
    if lang:
        session.session.language = lang
    host = load_host(args)
    said = set(host.problems)
    try:
        recommendation = recommend(session, host, path=path, text=text)
    except SessionError as error:
        print_problems(error)
        return None
    problems = recommendation.evaluation.problems if recommendation.evaluation else []
    if problems:
        print_problems(with_lines(problems, text))  # the lines from the text read here
        return None
    return Loaded(session, text, host, recommendation, said)


def say_late_problems(loaded: Loaded) -> None:
    """Plugins that broke while evaluating or rendering: said after the output, on stderr."""
    for problem in loaded.host.problems:
        if problem not in loaded.problems_said:
            print(f"workshop: warning: {sanitise.escape(str(problem))} (left out)",
                  file=sys.stderr)


def emit_rich(parts: list, out: str | None) -> None:
    """Rich renderables: coloured on a terminal, plain text in a file or a pipe."""
    # rich.console ~45 ms, report.text ~17 ms: only for the commands that print renderables
    from rich.console import Console

    from workshop.report.text import Unheld, hold_nbsp, unhold

    # rich wraps at U+00A0 too: held as another character, so no "Label :" loses its colon
    parts = [hold_nbsp(part) for part in parts]
    if (out is None or out == "-") and sys.stdout.isatty():
        console = Console(highlight=False, file=Unheld(sys.stdout))
        for part in parts:
            console.print(part)
        return
    buffer = io.StringIO()
    console = Console(file=buffer, width=None if out is None else 80, highlight=False,
                      force_terminal=False, color_system=None)
    for part in parts:
        console.print(part)
    write_output(unhold(buffer.getvalue()), out)
