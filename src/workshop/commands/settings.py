"""``workshop settings``: an agency's tuning (weights, thresholds, hourly rate, catalogue).

- ``check FILE``: is this settings file usable? (each problem as ``FILE:LINE: field: what``)
- ``apply FILE SESSION``: record it in the session's ``[settings]`` table (replacing what was
  there), so that the session's report is reproduced anywhere, whatever the defaults there.
  Validated before anything is written; the save is atomic and respects the session's lock.
- ``show [SESSION]``: the values in force (defaults, or the session's), as TOML or JSON.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from workshop.commands.common import EXIT_BAD_INPUT, EXIT_OK, load_host, print_problems
from workshop.commands.plugins import cli_language
from workshop.i18n import LANGUAGES, t
from workshop.plugins import PluginHost
from workshop.session.errors import SessionError


def add_arguments(parser: argparse.ArgumentParser) -> None:
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    check = actions.add_parser("check", help="check a settings file, one line per problem")
    check.add_argument("settings_file", metavar="SETTINGS_FILE")
    apply = actions.add_parser("apply", help="record a settings file in a session's [settings]",
                               description="Record an agency's settings file in the session's "
                               "[settings] table (replacing what was there), so that its "
                               "report can be reproduced anywhere.")
    apply.add_argument("settings_file", metavar="SETTINGS_FILE")
    apply.add_argument("session_file", metavar="SESSION_FILE")
    show = actions.add_parser("show", help="print the tuning in force (defaults, or a session's)")
    show.add_argument("session_file", metavar="SESSION_FILE", nargs="?")
    show.add_argument("--json", action="store_true", help="print JSON, for scripts")
    for sub in (check, apply, show):
        sub.add_argument("--lang", choices=LANGUAGES, help="language of the messages")


def checked(path: str, host: PluginHost, lang: str) -> dict[str, Any] | None:
    """The table to record, or None after saying every problem on stderr."""
    from workshop.engine.settings import read_settings_file

    try:
        data = read_settings_file(path, frozenset(host.catalogue()))
    except SessionError as error:
        print_problems(error)
        return None
    stages = {stage.id for stage in host.stages()}
    for stage_id in data.get("weights") or {}:
        if stage_id not in stages:
            print(t(lang, "plugins.settings.unknown_weight", file=path, stage=stage_id),
                  file=sys.stderr)
    return data


def apply(args: argparse.Namespace, host: PluginHost, lang: str) -> int:
    from workshop.engine.settings import settings_for
    from workshop.session.errors import NotSavedError
    from workshop.session.store import SessionStore

    data = checked(args.settings_file, host, lang)
    if data is None:
        return EXIT_BAD_INPUT
    try:
        store = SessionStore.open(args.session_file)
    except SessionError as error:
        print_problems(error)
        return EXIT_BAD_INPUT
    with store:
        if store.read_only:
            holder = f" ({store.holder})" if store.holder else ""
            print(t(lang, "plugins.settings.read_only", session=args.session_file) + holder,
                  file=sys.stderr)
            return EXIT_BAD_INPUT
        store.session.settings = data
        try:
            settings_for(store.session, args.session_file)
            store.save()
        except SessionError as error:
            print_problems(error)
            return EXIT_BAD_INPUT
        except NotSavedError as error:
            print(f"{args.session_file}: {error}", file=sys.stderr)
            return EXIT_BAD_INPUT
        except OSError as error:
            print(f"{args.session_file}: cannot write: {error.strerror or error}",
                  file=sys.stderr)
            return EXIT_BAD_INPUT
    print(t(lang, "plugins.settings.applied", session=args.session_file,
            file=args.settings_file))
    return EXIT_OK


def show(args: argparse.Namespace) -> int:
    import tomli_w

    from workshop.engine.settings import settings_for
    from workshop.session.io import load_session_text

    session = None
    if args.session_file:
        try:
            session, _ = load_session_text(args.session_file)
            values = settings_for(session, args.session_file)
        except SessionError as error:
            print_problems(error)
            return EXIT_BAD_INPUT
    else:
        values = settings_for(None)
    data = values.model_dump(exclude_none=True)
    if args.json:
        print(json.dumps(data, indent=2, ensure_ascii=False))
    else:
        sys.stdout.write(tomli_w.dumps(data))
    return EXIT_OK


def run(args: argparse.Namespace) -> int:
    lang = args.lang or cli_language()
    if args.action == "show":
        return show(args)
    host = load_host(args)
    if args.action == "check":
        return EXIT_OK if checked(args.settings_file, host, lang) is not None else EXIT_BAD_INPUT
    return apply(args, host, lang)
