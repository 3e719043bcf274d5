"""``workshop [FILE]``: the Textual app, on the session picker or on FILE."""

from __future__ import annotations

import argparse
import sys


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", metavar="FILE", nargs="?",
                        help="a session file to resume (a new file starts a new session)")
    parser.add_argument("--settings", metavar="FILE",
                        help="an agency's tuning (weights, thresholds, catalogue) for new sessions")


def run(args: argparse.Namespace) -> int:
    try:
        from workshop.app.app import run_app
    except ImportError:
        print("workshop: the app is not available in this build; try 'workshop report FILE' "
              "or 'workshop --help'.", file=sys.stderr)
        return 1
    return run_app(args)
