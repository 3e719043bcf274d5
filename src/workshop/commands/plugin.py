"""``workshop plugin new NAME [--dir DIR]``: a plugin package that installs and passes its tests.

The templates are data files in ``workshop/scaffold`` (listed in its files.toml). The package is
written in a hidden folder first and renamed into place, so that a failure leaves nothing half
made.
"""

from __future__ import annotations

import argparse
import keyword
import os
import re
import shlex
import shutil
import sys
import tempfile
import tomllib
from importlib import resources
from pathlib import Path
from string import Template

from workshop.commands.common import EXIT_BAD_INPUT, EXIT_OK, load_host
from workshop.commands.plugins import cli_language
from workshop.i18n import LANGUAGES, t, t_list

NAME = re.compile(r"[a-z][a-z0-9_-]*")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    new = actions.add_parser("new", help="scaffold a plugin package with one stage and its tests",
                             description="Scaffold workshop-NAME/: a pyproject.toml with the "
                             "entry point, a module with a stage, its texts in French and "
                             "English, and tests that pass straight away.")
    new.add_argument("name", metavar="NAME", help="the plugin's name, also its stage id "
                     "(e.g. accessibility)")
    new.add_argument("--dir", metavar="DIR", default=".",
                     help="where to create workshop-NAME/ (default: here)")
    new.add_argument("--lang", choices=LANGUAGES, help="language of the messages")


def names(raw: str) -> dict[str, str] | None:
    """The placeholders of the templates, or None for a name that cannot be one."""
    name = raw.strip().lower()
    for prefix in ("workshop-", "workshop_"):
        name = name.removeprefix(prefix)
    if not NAME.fullmatch(name) or name.endswith(("-", "_")):
        return None
    stage = name.replace("-", "_")
    if keyword.iskeyword(stage) or not stage.isidentifier():
        return None
    words = re.split(r"[-_]", name)
    return {
        "name": name,
        "package": f"workshop-{name}",
        "module": f"workshop_{stage}",
        "stage": stage,
        "title": " ".join(words).capitalize(),
        "classname": "".join(word.capitalize() for word in words) + "Stage",
    }


def render(values: dict[str, str]) -> dict[str, str]:
    """Every file of the new package: relative path -> text."""
    folder = resources.files("workshop.scaffold")
    listing = tomllib.loads(folder.joinpath("files.toml").read_text("utf-8"))
    files: dict[str, str] = {}
    for entry in listing["file"]:
        text = folder.joinpath(entry["template"]).read_text("utf-8")
        path = Template(entry["path"]).substitute(values)
        files[path] = Template(text).substitute(values)
    return files


def write_package(target: Path, files: dict[str, str]) -> None:
    """Write the files in a hidden sibling folder, then rename it to ``target``."""
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.", dir=target.parent))
    try:
        for relative, text in files.items():
            path = staging / relative
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
        os.chmod(staging, 0o755)
        if target.exists():
            target.rmdir()  # empty (checked before): replaced by the new package
        os.rename(staging, target)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


def run(args: argparse.Namespace) -> int:
    lang = args.lang or cli_language()
    values = names(args.name)
    if values is None:
        print(t(lang, "plugins.scaffold.bad_name", name=args.name), file=sys.stderr)
        return EXIT_BAD_INPUT
    target = Path(args.dir) / values["package"]
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        print(t(lang, "plugins.scaffold.exists", folder=target), file=sys.stderr)
        return EXIT_BAD_INPUT
    host = load_host(args, report=False)
    owner = host.plugin_of_stage(values["stage"])
    if owner is not None:
        print(t(lang, "plugins.scaffold.taken", name=args.name, stage=values["stage"],
                plugin=owner), file=sys.stderr)
        return EXIT_BAD_INPUT
    try:
        write_package(target, render(values))
    except OSError as error:
        print(t(lang, "plugins.scaffold.cannot_write", folder=target,
                error=error.strerror or error), file=sys.stderr)
        return EXIT_BAD_INPUT
    print(t(lang, "plugins.scaffold.created", package=values["package"], folder=target))
    for path in sorted(render(values)):
        print(f"  {values['package']}/{path}")
    print()
    print(t(lang, "plugins.scaffold.next"))
    # workshop's own interpreter: the plugin must land in the environment workshop runs from
    for step in t_list(lang, "plugins.scaffold.steps", folder=target,
                       python=shlex.quote(sys.executable),
                       stage=values["stage"]):
        print(f"  {step}")
    return EXIT_OK
