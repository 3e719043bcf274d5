"""``workshop plugins``: what is installed, where it came from, and whether it works."""

from __future__ import annotations

import argparse
import json

from workshop.commands.common import EXIT_OK, load_host


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--json", action="store_true", help="print JSON, for scripts")


def run(args: argparse.Namespace) -> int:
    host = load_host(args, report=False)
    stages = {stage.id: stage for stage in host.stages()}
    if args.json:
        print(json.dumps([info.as_dict() for info in host.infos.values()], indent=2,
                         ensure_ascii=False))
        return EXIT_OK
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    table = Table(title="workshop plugins", expand=True)
    for column in ("plugin", "version", "source", "stages", "hooks", "status"):
        table.add_column(column)
    for info in host.infos.values():
        status = Text(info.status, style={"ok": "green", "broken": "red"}.get(info.status, "dim"))
        if info.error:
            status.append(f"\n{info.error}", style="red")
        names = ", ".join(f"{s} ({stages[s].title('en')})" if s in stages else s
                          for s in info.stages)
        table.add_row(Text(info.name), Text(info.version or "—"), Text(info.source),
                      Text(names or "—"), Text(", ".join(info.hooks) or "—"), status)
    Console(highlight=False).print(table)
    return EXIT_OK
