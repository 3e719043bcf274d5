"""``workshop [FILE]``: the Textual app, on the session picker or on FILE."""

from __future__ import annotations

import argparse


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", metavar="FILE", nargs="?",
                        help="a session file to resume (a new file starts a new session)")
    parser.add_argument("--settings", metavar="FILE",
                        help="an agency's tuning (weights, thresholds, catalogue) for new sessions")


def run(args: argparse.Namespace) -> int:
    # Imported here so that the other commands never load Textual. No guard: Textual is a
    # dependency, and an ImportError is a bug to see with its traceback, not a polite message.
    from workshop.app.app import run_app

    return run_app(args)
