"""``workshop plugins``: what is installed, where it came from, and whether it works.

One block per plugin, so that it reads at 80 columns (and on a projector); ``--json`` for
scripts. Loading problems are shown here rather than on stderr: this is where one looks.
"""

from __future__ import annotations

import argparse
import sys

from workshop import sanitise
from workshop.commands.common import EXIT_OK, load_host
from workshop.i18n import LANGUAGES, environment_language, t
from workshop.plugins import PluginHost, PluginInfo

STATUS_STYLE = {"ok": "green", "broken": "bold red", "disabled": "dim"}
LABELS = ("from", "file", "stages", "adds", "hooks", "problem", "warning")
STATUS_MARK = {"ok": "●", "broken": "✘", "disabled": "○"}


def cli_language() -> str:
    """The language of the environment (``WORKSHOP_LANG``, then the locale), French or English."""
    return environment_language()


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--json", action="store_true", help="print JSON, for scripts")
    parser.add_argument("--lang", choices=LANGUAGES,
                        help="language of the listing (default: WORKSHOP_LANG, then the locale)")


def as_json(host: PluginHost) -> list[dict]:
    """Every plugin, for scripts: a list (its first form), each with its stages' details."""
    found = []
    for info in host.infos.values():
        entry = info.as_dict()
        entry["stage_details"] = [
            {
                "id": stage.id,
                "title": {lang: stage.title(lang) for lang in LANGUAGES},
                "order": stage.order,
                "weight": stage.weight,
                "scored": stage.scored,
            }
            for stage in (host.stage(stage_id) for stage_id in info.stages)
            if stage is not None
        ]
        found.append(entry)
    return found


def _number(value: float) -> str:
    return f"{value:g}" if isinstance(value, float) else str(value)


def block(info: PluginInfo, host: PluginHost, lang: str):
    """One plugin: a head line, then label/value rows that wrap under their value."""
    # rich ~45 ms: only the human listing (`plugins --json` and `settings` do without)
    from rich.console import Group
    from rich.table import Table
    from rich.text import Text

    head = Text.assemble(
        (f"{STATUS_MARK.get(info.status, '?')} ", STATUS_STYLE.get(info.status, "")),
        (info.name, "bold"),
        (f" {info.version}" if info.version else "", "dim"),
        "  ",
        (t(lang, f"plugins.status.{info.status}"), STATUS_STYLE.get(info.status, "")),
    )
    rows = Table.grid(padding=(0, 1))
    rows.add_column(width=2)
    rows.add_column(style="dim", no_wrap=True,
                    width=max(len(t(lang, f"plugins.{label}")) for label in LABELS))
    rows.add_column(overflow="fold")

    def row(label: str, value: str, style: str = "") -> None:
        rows.add_row("", t(lang, f"plugins.{label}"), Text(value, style=style))

    row("from", info.source)
    if info.location and not info.source.endswith(f"({info.location})"):
        row("file", info.location)
    if info.status == "disabled":
        row("problem", t(lang, "plugins.disabled_by"), "dim")
    for stage_id in info.stages:
        stage = host.stage(stage_id)
        if stage is None:
            continue
        row("stages", t(lang, "plugins.stage_line", id=stage.id, title=stage.title(lang),
                        order=_number(stage.order), weight=_number(stage.weight)))
    adds = []
    if info.networks:
        adds.append(t(lang, "plugins.networks", ids=", ".join(info.networks)))
    if info.sections:
        adds.append(t(lang, "plugins.sections", ids=", ".join(info.sections)))
    if adds:
        row("adds", " · ".join(adds))
    if info.hooks:
        row("hooks", ", ".join(info.hooks))
    if info.error:  # a plugin's own words: no escape sequence reaches the terminal
        row("problem", sanitise.escape(info.error), "red")
    for warning in info.warnings:
        row("warning", sanitise.escape(warning), "yellow")
    return Group(head, rows)


def run(args: argparse.Namespace) -> int:
    host = load_host(args, report=False)
    host.stages()
    if args.json:
        sys.stdout.write(sanitise.json_text(as_json(host)))
        return EXIT_OK
    # rich ~45 ms: only the human listing, not --json
    from rich.console import Console
    from rich.text import Text

    lang = args.lang or cli_language()
    infos = list(host.infos.values())
    count = {status: sum(1 for info in infos if info.status == status)
             for status in ("ok", "broken", "disabled")}
    console = Console(highlight=False)
    console.print(Text(t(lang, "plugins.heading", loaded=count["ok"], broken=count["broken"],
                         disabled=count["disabled"]), style="bold"))
    for info in infos:
        console.print()
        console.print(block(info, host, lang))
    if count["broken"]:
        console.print()
        console.print(Text(t(lang, "plugins.broken_hint"), style="italic"))
    return EXIT_OK
