"""``workshop report FILE``: the recommendation, without the app."""

from __future__ import annotations

import argparse
import sys

from workshop.commands.common import (
    EXIT_BAD_INPUT,
    EXIT_OK,
    add_output_arguments,
    emit_rich,
    recommend_file,
    say_late_problems,
    write_output,
)
from workshop.report import FORMATS


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", metavar="FILE", help="a session file (.toml)")
    add_output_arguments(parser, FORMATS, "the report's language (default: the session's)")


def run(args: argparse.Namespace) -> int:
    loaded = recommend_file(args, args.file, args.lang)
    if loaded is None:
        return EXIT_BAD_INPUT
    recommendation, host = loaded.recommendation, loaded.host
    if args.format == "text" and args.output is None and sys.stdout.isatty():
        from workshop.report.text import renderables

        emit_rich(renderables(recommendation, host, path=args.file), None)  # in colour
    else:
        from workshop.report import render

        write_output(render(recommendation, args.format, host, path=args.file), args.output)
    say_late_problems(loaded)
    return EXIT_OK
