"""``workshop report FILE``: the take-home memo, without the app."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from workshop import sanitise
from workshop.commands.common import (
    EXIT_BAD_INPUT,
    EXIT_OK,
    add_output_arguments,
    recommend_file,
    refused_output,
    say_late_problems,
    write_output,
)
from workshop.report import FORMATS, render
from workshop.report.json import render_json


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", metavar="FILE", help="a session file (.toml)")
    add_output_arguments(parser, FORMATS, "the report's language (default: the session's)")
    parser.add_argument("--with-notes", action="store_true",
                        help="include the facilitator's notes (private: left out by default)")


def output_refused(output: str | None) -> str | None:
    """Why ``-o`` may not be written, or None, asked before anything is computed: never a
    session file, the app's, a read-only or a non-regular file (``common.refused_output``),
    and never a ``.toml`` name (a report is not a session; sessions are .toml)."""
    if output is None or output == "-":
        return None
    refusal = refused_output(Path(output))
    if refusal is None and Path(output).suffix.lower() == ".toml":
        refusal = "a report is not written to a .toml file (sessions are)"
    return refusal


def run(args: argparse.Namespace) -> int:
    refused = output_refused(args.output)
    if refused is not None:
        print(f"workshop: {sanitise.escape(args.output)}: {refused}: nothing written",
              file=sys.stderr)
        return EXIT_BAD_INPUT
    loaded = recommend_file(args, args.file, args.lang)
    if loaded is None:
        return EXIT_BAD_INPUT
    recommendation, host = loaded.recommendation, loaded.host
    if args.format == "json":
        write_output(render_json(recommendation), args.output)
        say_late_problems(loaded)
        return EXIT_OK
    from workshop.report import prepare  # 0.8 ms a json report does without

    # what the memo needs beyond the recommendation, computed before any renderer runs
    inputs = prepare(recommendation, host, path=args.file, with_notes=args.with_notes)
    if args.format == "text" and args.output is None and sys.stdout.isatty():
        from workshop.report.text import render_text  # rich ~17 ms: the terminal's format

        width = min(os.get_terminal_size().columns, 100) if sys.stdout.isatty() else 80
        write_output(render_text(recommendation, host, width=width, color=True,
                                 inputs=inputs), None)
    else:
        write_output(render(recommendation, args.format, host, inputs=inputs), args.output)
    say_late_problems(loaded)
    return EXIT_OK
