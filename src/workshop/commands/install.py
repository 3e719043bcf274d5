"""``workshop install PKG...`` and ``workshop uninstall PKG...``: pip, run by the Python that
runs workshop, so that a plugin lands where workshop finds it (datasette and llm added theirs
because users installed plugins into another environment)."""

from __future__ import annotations

import argparse
import subprocess
import sys


def add_install_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("packages", metavar="PKG", nargs="+",
                        help="what pip installs: a name on the index, a path, a wheel")
    parser.add_argument("-U", "--upgrade", action="store_true", help="upgrade if installed")
    parser.add_argument("-e", "--editable", action="store_true",
                        help="install a plugin's folder in development mode")


def add_uninstall_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("packages", metavar="PKG", nargs="+", help="distribution names")
    parser.add_argument("-y", "--yes", action="store_true", help="do not ask for confirmation")


add_arguments = add_install_arguments


def pip_command(args: argparse.Namespace) -> list[str]:
    """The pip command line ``args`` ask for, with this interpreter."""
    command = [sys.executable, "-m", "pip"]
    if args.command == "uninstall":
        return [*command, "uninstall", *(["-y"] if args.yes else []), *args.packages]
    packages = list(args.packages)
    if args.editable:
        packages = [part for package in packages for part in ("-e", package)]
    return [*command, "install", *(["--upgrade"] if args.upgrade else []), *packages]


def run(args: argparse.Namespace) -> int:
    command = pip_command(args)
    print(f"workshop: running {' '.join(command)}", file=sys.stderr)
    try:
        return subprocess.call(command)
    except OSError as error:
        print(f"workshop: cannot run pip: {error}", file=sys.stderr)
        return 1
