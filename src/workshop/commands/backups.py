"""``workshop backups FILE [--restore N]``: the kept earlier versions of a session, and bringing
one back (the version on disk now is kept as a backup first: a restore loses nothing)."""

from __future__ import annotations

import argparse
import sys

from workshop.commands.common import EXIT_BAD_INPUT, EXIT_OK, print_problems
from workshop.session.errors import NotSavedError, SessionError
from workshop.session.store import SessionStore


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", metavar="FILE", help="a session file (.toml)")
    parser.add_argument("--restore", type=int, metavar="N",
                        help="bring back version N of the list (1 is the newest)")


def run(args: argparse.Namespace) -> int:
    try:
        store = SessionStore.open(args.file, read_only=args.restore is None)
    except SessionError as error:
        print_problems(error)
        return EXIT_BAD_INPUT
    if args.restore is not None and store.read_only:
        store.close()
        why = store.lock_problem if store.holder is None and store.lock_problem else (
            f"open elsewhere by {store.holder}" if store.holder else "read-only")
        print(f"{args.file}: not restored: {why}; the session is unchanged", file=sys.stderr)
        return EXIT_BAD_INPUT
    with store:
        kept = store.backups()
        if args.restore is None:
            if not kept:
                print(f"{args.file}: no earlier version kept yet")
            for number, backup in enumerate(kept, start=1):
                when = backup.created.astimezone().strftime("%Y-%m-%d %H:%M:%S")
                print(f"{number:3}  {when}  {backup.size:>8} bytes  {backup.path}")
            return EXIT_OK
        if not 1 <= args.restore <= len(kept):
            print(f"{args.file}: no version {args.restore} (allowed: 1 to {len(kept)})",
                  file=sys.stderr)
            return EXIT_BAD_INPUT
        try:
            store.restore(kept[args.restore - 1])
        except SessionError as error:
            print_problems(error)
            return EXIT_BAD_INPUT
        except NotSavedError as error:  # open elsewhere, changed meanwhile, no backup possible
            print(f"{args.file}: not restored: {error}", file=sys.stderr)
            return EXIT_BAD_INPUT
        except OSError as error:  # a full disk, the folder gone: nothing was replaced
            print(f"{args.file}: not restored: {error.strerror or error}; the session is "
                  "unchanged", file=sys.stderr)
            return EXIT_BAD_INPUT
    print(f"{args.file}: version {args.restore} restored; the one replaced is kept as a backup")
    return EXIT_OK
