"""``workshop settings``: an agency's tuning (weights, thresholds, hourly rate, catalogue).

- ``check FILE``: is this settings file usable? (each problem as ``FILE:LINE: field: what``)
- ``apply FILE SESSION``: record it in the session's ``[settings]`` table (replacing what was
  there), so that the session's report is reproduced anywhere, whatever the defaults there.
  Validated before anything is written; the save is atomic and respects the session's lock.
- ``show [SESSION]``: the values in force (defaults, or the session's), as TOML or JSON.
"""

from __future__ import annotations

import argparse
import difflib
import json
import sys
from pathlib import Path
from typing import Any

import tomli_w
from pydantic import ValidationError

from workshop.commands.common import EXIT_BAD_INPUT, EXIT_OK, load_host, print_problems
from workshop.commands.plugins import cli_language
from workshop.engine.settings import read_settings_file, settings_for
from workshop.i18n import LANGUAGES, t
from workshop.plugins import PluginHost
from workshop.session.errors import NotSavedError, Problem, SessionError
from workshop.session.io import load_session_text, problems_from_validation, read_text
from workshop.session.locate import line_index, locate
from workshop.session.store import SessionStore


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
    """The table to record, or None after saying every problem on stderr.

    Besides the model's own checks: a weight for a stage no installed plugin gives (a typo,
    most often) and a ``[plugins.<name>]`` table that does not fit what plugin ``name``
    declares (``register_settings``: an unknown key, a wrong type) are errors.
    """
    try:
        data = read_settings_file(path, frozenset(host.catalogue()))
    except SessionError as error:
        print_problems(error)
        return None
    problems = extra_problems(path, data, host)
    if problems:
        print_problems(problems)
        return None
    return data


def extra_problems(path: str, data: dict[str, Any], host: PluginHost) -> list[Problem]:
    """What only the installed plugins can tell: unknown stage weights, plugin settings."""
    text = read_text(Path(path))
    index = line_index(text)
    problems: list[Problem] = []
    stages = sorted(stage.id for stage in host.stages())
    for stage_id in data.get("weights") or {}:
        if stage_id not in stages:
            close = difflib.get_close_matches(stage_id, stages, n=1)
            hint = f"; did you mean {close[0]!r}?" if close else ""
            problems.append(Problem(path, locate(index, ("weights", stage_id)),
                                    f"weights.{stage_id}",
                                    f"no installed stage has this id{hint}", ", ".join(stages)))
    models = host.settings_models()
    for name, table in (data.get("plugins") or {}).items():
        model = models.get(name)
        if model is None:
            problems.append(Problem(path, locate(index, ("plugins", name)), f"plugins.{name}",
                                    "no installed plugin of this name declares settings",
                                    ", ".join(sorted(models)) or "none"))
            continue
        unknown = [key for key in table if key not in model.model_fields]
        for key in unknown:
            problems.append(Problem(path, locate(index, ("plugins", name, key)),
                                    f"plugins.{name}.{key}", "unknown setting",
                                    ", ".join(model.model_fields)))
        try:
            model.model_validate({k: v for k, v in table.items() if k not in unknown})
        except ValidationError as error:
            problems.extend(problems_from_validation(error, path, text,
                                                     prefix=("plugins", name), index=index))
    return problems


def apply(args: argparse.Namespace, host: PluginHost, lang: str) -> int:
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
        host.record_plugins(store.session)
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
