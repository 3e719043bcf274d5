"""``workshop report FILE``: the recommendation, without the app."""

from __future__ import annotations

import argparse
import sys

from workshop.commands.common import (
    EXIT_BAD_INPUT,
    EXIT_OK,
    load_host,
    print_problems,
    write_output,
)
from workshop.report import FORMATS
from workshop.session.errors import SessionError


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", metavar="FILE", help="a session file (.toml)")
    parser.add_argument("--format", "-f", choices=FORMATS, default="text",
                        help="text (default), json, markdown or html")
    parser.add_argument("-o", "--output", metavar="OUT", help="write to OUT instead of stdout")
    parser.add_argument("--lang", choices=("fr", "en"),
                        help="the report's language (default: the session's)")


def run(args: argparse.Namespace) -> int:
    from workshop.engine.recommendation import recommend
    from workshop.session.io import load_session_text

    try:
        session, text = load_session_text(args.file)
    except SessionError as error:
        print_problems(error)
        return EXIT_BAD_INPUT
    if args.lang:
        session.session.language = args.lang
    host = load_host(args)
    said = set(host.problems)
    try:
        recommendation = recommend(session, host, path=args.file, text=text)
    except SessionError as error:
        print_problems(error)
        return EXIT_BAD_INPUT
    problems = recommendation.evaluation.problems if recommendation.evaluation else []
    if problems:
        print_problems(problems)
        return EXIT_BAD_INPUT
    if args.format == "text" and args.output is None and sys.stdout.isatty():
        from rich.console import Console

        from workshop.report.text import renderables

        console = Console(highlight=False)
        for part in renderables(recommendation, host, path=args.file):
            console.print(part)
    else:
        from workshop.report import render

        write_output(render(recommendation, args.format, host, path=args.file), args.output)
    # plugins that broke while evaluating or rendering: said too, after the report
    for problem in host.problems:
        if problem not in said:
            print(f"workshop: warning: {problem} (left out)", file=sys.stderr)
    return EXIT_OK
