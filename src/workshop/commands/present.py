"""``workshop present FILE``: the client's view for the projector, following the file live."""

from __future__ import annotations

import argparse
import sys

from workshop.commands.common import EXIT_BAD_INPUT, print_problems
from workshop.session.errors import SessionError


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", metavar="FILE",
                        help="the session file the facilitator is working on (never written)")
    parser.add_argument("--interval", type=float, default=0.5, metavar="SECONDS",
                        help="how often to look at the file (default 0.5)")


def run(args: argparse.Namespace) -> int:
    from workshop.session.io import load_session

    try:
        load_session(args.file)  # a file that cannot be read at all is said at once
    except SessionError as error:
        print_problems(error)
        return EXIT_BAD_INPUT
    try:
        from workshop.app.present import run_present
    except ImportError as error:
        print(f"workshop: the client view is not available in this build ({error})",
              file=sys.stderr)
        return EXIT_BAD_INPUT
    return run_present(args)
