"""``workshop validate FILE...``: every problem of every file, one line each."""

from __future__ import annotations

import argparse

from workshop.commands.common import EXIT_BAD_INPUT, EXIT_OK, load_host, print_problems
from workshop.session.errors import Problem, SessionError


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("files", metavar="FILE", nargs="+", help="session files (.toml)")


def problems_of(path: str, host) -> list[Problem]:
    from workshop.engine.evaluation import evaluate
    from workshop.session.io import load_session_text

    try:
        session, text = load_session_text(path)
        return evaluate(session, host, path=path, text=text).problems
    except SessionError as error:
        return error.problems


def run(args: argparse.Namespace) -> int:
    host = load_host(args)
    problems = [problem for path in args.files for problem in problems_of(path, host)]
    print_problems(problems)
    if problems:
        return EXIT_BAD_INPUT
    for path in args.files:
        print(f"{path}: ok")
    return EXIT_OK
