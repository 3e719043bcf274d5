"""The command line: ``workshop [FILE]`` opens the app; the sub-commands work without it.

Exit status: 0 done, 1 bad input (named on stderr, nothing written), 2 bad usage. Each
sub-command lives in ``workshop.commands.<name>`` with ``add_arguments`` and ``run``, imported
only when used, so that ``workshop report`` never loads Textual.

The first word decides: a command; else a ``.toml`` path or an existing file (the app on it);
else a plugin's command (``register_commands``, plugins loaded only then); else bad usage with
the list of commands, never the app on a new session named after a typo. The options every
command takes (``--plugins-dir DIR``, ``--strict-plugins``) go before or after the command.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Sequence

from workshop import __version__
from workshop.startup import end_of_process, hold_collection

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
    "install": ("workshop.commands.install",
                "install plugins into the environment workshop runs from (pip)"),
    "uninstall": ("workshop.commands.install",
                  "uninstall plugins from the environment workshop runs from (pip)"),
}
# Options every command accepts: name -> whether it takes a value.
COMMON_OPTIONS = {"--plugins-dir": True, "--strict-plugins": False}
EXIT_USAGE = 2


def common_options() -> argparse.ArgumentParser:
    """Options every command accepts."""
    parent = argparse.ArgumentParser(add_help=False)
    parent.add_argument("--plugins-dir", metavar="DIR",
                        help="also load every *.py file of DIR as a plugin")
    parent.add_argument("--strict-plugins", action="store_true",
                        help="stop on the first plugin problem (for plugin authors)")
    return parent


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """The whole command line; with ``only``, that command's arguments alone are read (the
    others named, their modules not imported: some 5 ms of a `workshop report`)."""
    parser = argparse.ArgumentParser(
        prog="workshop",
        description="Run a live 'social media: should we go, and how?' workshop.",
        epilog="Without a command: the app, on the session picker or on FILE (a .toml path).",
    )

    parser.add_argument("--version", action="version", version=f"workshop {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    parent = common_options()
    for name, (module, summary) in COMMANDS.items():
        sub = commands.add_parser(name, help=summary, description=summary, parents=[parent])
        if only is not None and name != only:
            continue
        loaded = importlib.import_module(module)
        adder = getattr(loaded, f"add_{name}_arguments", None) or loaded.add_arguments
        adder(sub)
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


def split_common(arguments: list[str]) -> tuple[list[str], list[str]]:
    """(the common options, the rest), each option with its value, in their order."""
    common: list[str] = []
    rest: list[str] = []
    index = 0
    while index < len(arguments):
        argument = arguments[index]
        if argument == "--":
            rest.extend(arguments[index:])
            break
        name = argument.split("=", 1)[0]
        if name in COMMON_OPTIONS:
            takes_value = COMMON_OPTIONS[name] and "=" not in argument
            common.extend(arguments[index:index + 1 + takes_value])
            index += 1 + takes_value
            continue
        rest.append(argument)
        index += 1
    return common, rest


def first_word(arguments: list[str]) -> str | None:
    """The first argument that is not an option (the common options' values skipped)."""
    return next((a for a in split_common(arguments)[1] if not a.startswith("-")), None)


def usage_error(word: str, extra: Sequence[str] = ()) -> int:
    import difflib  # ~1 ms, only for a word that is no command

    known = [*COMMANDS, *extra]
    close = difflib.get_close_matches(word, known, n=1)
    hint = f" (did you mean {close[0]!r}?)" if close else ""
    print(f"workshop: {word!r} is not a command{hint}, nor a session file (a .toml path).\n"
          f"Commands: {', '.join(known)}.\n"
          "See 'workshop --help'; 'workshop FILE.toml' opens the app on a session.",
          file=sys.stderr)
    return EXIT_USAGE


def is_session_path(word: str) -> bool:
    return word.lower().endswith(".toml") or os.path.isfile(word)


def main(argv: Sequence[str] | None = None) -> int:
    """The program (``argv`` None: ``sys.argv``), or a command line given by a caller."""
    try:
        return _main(argv)
    finally:
        if argv is None:  # the process ends next
            end_of_process()


def _main(argv: Sequence[str] | None = None) -> int:
    hold_collection()  # the apps turn it back on once their first screen is up
    arguments = list(sys.argv[1:] if argv is None else argv)
    common, rest = split_common(arguments)
    first = first_word(arguments)
    if first in COMMANDS:
        at = rest.index(first)
        # the common options go after the command, where its parser reads them
        args = build_parser(first).parse_args([*rest[:at + 1], *common, *rest[at + 1:]])
        module = COMMANDS[args.command][0]
    elif "--version" in rest or (first is None and any(a in ("-h", "--help") for a in rest)):
        build_parser().parse_args(rest)  # prints and exits
        return 0
    elif first is None or is_session_path(first):
        args = build_app_parser().parse_args(arguments)
        module = "workshop.commands.app"
    else:
        # the plugins' commands: only for a word no built-in command has (loads the plugins)
        from workshop.commands.extra import run_plugin_command

        found = run_plugin_command(first, common, rest, common_options())
        if isinstance(found, int):
            return found
        return usage_error(first, found)
    from workshop.plugins import PluginError  # pluggy and pydantic, ~40 ms: not for --version

    try:
        return int(importlib.import_module(module).run(args) or 0)
    except PluginError as error:  # --strict-plugins: a plugin broke while working
        from workshop.sanitise import escape  # ~4 ms with json: only a broken plugin's words

        print(f"workshop: {escape(str(error))}", file=sys.stderr)  # a plugin's words: escaped
        return 1
    except BrokenPipeError:  # `workshop ... | head`: the reader left, nothing to say
        _silence_stdout()
        return 0
    except KeyboardInterrupt:
        return 130


def _silence_stdout() -> None:
    """After a broken pipe, point stdout at /dev/null so that the exit flush cannot fail."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except OSError:
        pass


if __name__ == "__main__":
    sys.exit(main())
