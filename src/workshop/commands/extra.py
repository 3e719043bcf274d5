"""Commands plugins add (the ``register_commands`` hook): looked for only when the first word
is not a built-in command, so that a built-in command never pays for loading plugins."""

from __future__ import annotations

import argparse
import sys

from workshop.commands.common import load_host


def run_plugin_command(word: str, common: list[str], rest: list[str],
                       options: argparse.ArgumentParser) -> int | list[str]:
    """The exit status of plugin command ``word``, or the names of plugin commands when no
    plugin adds it (the caller then says bad usage). ``options`` parses the options every
    command accepts: handed by ``workshop.cli``, which this module does not import (no loop)."""
    known = options.parse_known_args(common)[0]
    host = load_host(known)
    commands = host.commands()
    if word not in commands:
        return sorted(commands)
    plugin, command = commands[word]
    parser = argparse.ArgumentParser(prog=f"workshop {word}", description=command.help,
                                     parents=[options])
    if command.add_arguments is not None:
        command.add_arguments(parser)
    at = rest.index(word)
    args = parser.parse_args([*common, *rest[:at], *rest[at + 1:]])
    args.command = word
    args.host = host
    try:
        return int(command.run(args) or 0)
    except KeyboardInterrupt:
        return 130
    except SystemExit as error:  # a command may end itself with sys.exit(status)
        return error.code if isinstance(error.code, int) else (0 if error.code is None else 1)
    except Exception as error:
        print(f"workshop: command {word} (plugin {plugin}) failed: "
              f"{type(error).__name__}: {error}", file=sys.stderr)
        return 1
