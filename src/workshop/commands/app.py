"""``workshop [FILE]``: the Textual app, on the session picker or on FILE."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from workshop.commands.common import load_host, print_problems
from workshop.engine.settings import read_settings_file
from workshop.session.errors import SessionError
from workshop.session.store import SessionStore


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", metavar="FILE", nargs="?",
                        help="a session file to resume (a new file starts a new session)")
    parser.add_argument("--settings", metavar="FILE",
                        help="an agency's tuning (weights, thresholds, catalogue) for new sessions")


def run(args: argparse.Namespace) -> int:
    """The picker, or FILE (a new file starts the new-session form). Here rather than in the
    app: the app does not import the commands (issue 18)."""
    # Imported here so that the other commands never load Textual. No guard: Textual is a
    # dependency, and an ImportError is a bug to see with its traceback, not a polite message.
    from workshop.app.app import WorkshopApp
    from workshop.app.texts import system_language, tr

    host = load_host(args, report=False)
    settings: dict[str, Any] = {}
    if getattr(args, "settings", None):
        try:  # the same check as `workshop settings apply`, new networks included
            settings = read_settings_file(args.settings, frozenset(host.catalogue()))
        except SessionError as error:
            print_problems(error)
            return 1
    file = Path(args.file) if getattr(args, "file", None) else None
    store: SessionStore | None = None
    if file is not None and (file.exists() or file.is_symlink()):
        try:
            store = SessionStore.open(file)
        except SessionError as error:
            print_problems(error)
            print(tr(system_language(), "problems.untouched_cli", file=str(file)),
                  file=sys.stderr)
            return 1
        except OSError as error:
            print(f"{file}: {error.strerror or error}", file=sys.stderr)
            return 1
    elif file is not None and not file.parent.exists():
        print(f"{file}: {tr(system_language(), 'new.no_folder')}", file=sys.stderr)
        return 1
    app = WorkshopApp(host, file=file, store=store, settings=settings)
    try:
        result = app.run()
    finally:
        for live in app.lives:
            live.close()
        if store is not None:
            store.close()
    return int(result or 0)
