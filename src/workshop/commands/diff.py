"""``workshop diff OLD NEW``: what changed between two sessions, and the verdict over time."""

from __future__ import annotations

import argparse

from workshop.commands.common import (
    EXIT_BAD_INPUT,
    EXIT_OK,
    add_output_arguments,
    emit_rich,
    load_host,
    print_problems,
    write_output,
)
from workshop.engine.followup import diff_sessions
from workshop.report.whatif import render_diff
from workshop.sanitise import json_text
from workshop.session.errors import SessionError
from workshop.session.io import load_session


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("old", metavar="OLD", help="the earlier session file")
    parser.add_argument("new", metavar="NEW", help="the later session file")
    add_output_arguments(parser, ("text", "json", "markdown"),
                         "the language (default: the newer session's)")


def run(args: argparse.Namespace) -> int:
    problems = []
    sessions = []
    for path in (args.old, args.new):
        try:
            sessions.append(load_session(path))
        except SessionError as error:
            problems.extend(error.problems)
    if problems:
        print_problems(problems)
        return EXIT_BAD_INPUT
    old, new = sessions
    if args.lang:
        new.session.language = args.lang
    host = load_host(args)
    try:
        diff = diff_sessions(args.old, old, args.new, new, host)
    except SessionError as error:
        print_problems(error)
        return EXIT_BAD_INPUT
    if args.format == "json":
        write_output(json_text(diff.as_json()), args.output)
        return EXIT_OK

    if args.format == "markdown":
        write_output("\n".join(render_diff(diff, "markdown")).rstrip() + "\n", args.output)
        return EXIT_OK
    emit_rich(render_diff(diff, "text"), args.output)
    return EXIT_OK

