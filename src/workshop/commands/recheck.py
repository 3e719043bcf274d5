"""``workshop recheck FILE [-o NEW]``: a follow-up session, months later, from a saved one."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from workshop.commands.common import EXIT_BAD_INPUT, EXIT_OK, recommend_file
from workshop.engine.followup import default_followup_path, start_followup
from workshop.i18n import t
from workshop.session.io import atomic_write, dump_session


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", metavar="FILE", help="the saved session to follow up")
    parser.add_argument("-o", "--output", metavar="NEW",
                        help="the new session file (default: FILE-recheck-<today>.toml beside "
                             "FILE); an existing file is never overwritten")


def run(args: argparse.Namespace) -> int:
    loaded = recommend_file(args, args.file)
    if loaded is None:
        return EXIT_BAD_INPUT
    old, recommendation = loaded.session, loaded.recommendation
    lang = old.session.language
    new_path = Path(args.output) if args.output else default_followup_path(args.file)
    new = start_followup(old, args.file, new_path, recommendation)
    try:
        atomic_write(new_path, dump_session(new, previous=""), exclusive=True)  # #:schema first
    except FileExistsError:  # the saved session itself included: never overwritten
        print(f"workshop: {t(lang, 'features.recheck.exists', path=new_path)}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except OSError as error:
        message = t(lang, "features.recheck.cannot_write", path=new_path,
                    error=error.strerror or error)
        print(f"workshop: {message}", file=sys.stderr)
        return EXIT_BAD_INPUT
    print(t(lang, "features.recheck.written", path=new_path))
    print(t(lang, "features.recheck.next", path=new_path))
    return EXIT_OK
