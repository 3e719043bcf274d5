"""The command line: ``workshop [FILE]`` opens the app; the sub-commands work without it.

Exit status: 0 done, 1 bad input (named on stderr, nothing written), 2 bad usage. Each
sub-command lives in ``workshop.commands.<name>`` with ``add_arguments`` and ``run``, imported
only when used, so that ``workshop report`` never loads Textual.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

# name -> (module, one-line help)
COMMANDS: dict[str, tuple[str, str]] = {
    "report": ("workshop.commands.report", "print the recommendation of a session, no app"),
    "validate": ("workshop.commands.validate", "check session files, one line per problem"),
    "plugins": ("workshop.commands.plugins", "list every stage and plugin, and whether it loaded"),
    "schema": ("workshop.commands.schema", "print the JSON Schema of the session file"),
    "backups": ("workshop.commands.backups",
                "list the kept earlier versions of a session, or restore one"),
    "plugin": ("workshop.commands.plugin", "create a plugin package: workshop plugin new NAME"),
    "settings": ("workshop.commands.settings", "check, record or show an agency's tuning"),
    "whatif": ("workshop.commands.whatif", "the fewest answer changes that reach a better verdict"),
    "recheck": ("workshop.commands.recheck", "start a follow-up session from a saved one"),
    "diff": ("workshop.commands.diff", "what changed between two sessions, verdict over time"),
    "present": ("workshop.commands.present", "the client's read-only view of a session, live"),
}


def common_options() -> argparse.ArgumentParser:
    """Options every command accepts."""
    parent = argparse.ArgumentParser(add_help=False)
    parent.add_argument("--plugins-dir", metavar="DIR",
                        help="also load every *.py file of DIR as a plugin")
    parent.add_argument("--strict-plugins", action="store_true",
                        help="stop on the first plugin problem (for plugin authors)")
    return parent


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="workshop",
        description="Run a live 'social media: should we go, and how?' workshop.",
        epilog="Without a command: the app, on the session picker or on FILE.",
    )
    from workshop import __version__

    parser.add_argument("--version", action="version", version=f"workshop {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    parent = common_options()
    for name, (module, summary) in COMMANDS.items():
        sub = commands.add_parser(name, help=summary, description=summary, parents=[parent])
        importlib.import_module(module).add_arguments(sub)
    return parser


def build_app_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="workshop",
        description="Run a live 'social media: should we go, and how?' workshop. "
        f"Commands: {', '.join(COMMANDS)} (workshop COMMAND --help).",
        parents=[common_options()],
    )
    importlib.import_module("workshop.commands.app").add_arguments(parser)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    from workshop.startup import hold_collection

    hold_collection()  # the apps turn it back on once their first screen is up
    arguments = list(sys.argv[1:] if argv is None else argv)
    first = next((a for a in arguments if not a.startswith("-")), None)
    if first in COMMANDS or (arguments and arguments[0] in ("--version",)):
        args = build_parser().parse_args(arguments)
        module = COMMANDS[args.command][0]
    elif any(a in ("-h", "--help") for a in arguments) and first is None:
        build_parser().print_help()
        return 0
    else:
        args = build_app_parser().parse_args(arguments)
        module = "workshop.commands.app"
    from workshop.plugins import PluginError

    try:
        return int(importlib.import_module(module).run(args) or 0)
    except PluginError as error:  # --strict-plugins: a plugin broke while working
        print(f"workshop: {error}", file=sys.stderr)
        return 1
    except BrokenPipeError:  # `workshop ... | head`: the reader left, nothing to say
        _silence_stdout()
        return 0
    except KeyboardInterrupt:
        return 130


def _silence_stdout() -> None:
    """After a broken pipe, point stdout at /dev/null so that the exit flush cannot fail."""
    import os

    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except OSError:
        pass


if __name__ == "__main__":
    sys.exit(main())
