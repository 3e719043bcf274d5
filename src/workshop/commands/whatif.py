"""``workshop whatif FILE``: the smallest changes to the answers that reach a better verdict."""

from __future__ import annotations

import argparse

from rich.text import Text

from workshop.commands.common import (
    EXIT_BAD_INPUT,
    EXIT_OK,
    add_output_arguments,
    emit_rich,
    recommend_file,
    write_output,
)
from workshop.engine.whatif import BATCH_BUDGET_SECONDS, search
from workshop.i18n import t
from workshop.report.whatif import render_whatif, verdict_name
from workshop.sanitise import json_text


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", metavar="FILE", help="a session file (.toml)")
    add_output_arguments(parser, ("text", "json", "markdown"))
    parser.add_argument("--limit", type=int, default=3, metavar="N",
                        help="how many ways to show (default 3)")


def run(args: argparse.Namespace) -> int:
    loaded = recommend_file(args, args.file, args.lang)
    if loaded is None:
        return EXIT_BAD_INPUT
    session, host = loaded.session, loaded.host
    found = search(session, host, max(0, args.limit), budget_seconds=BATCH_BUDGET_SECONDS)
    if args.format == "json":
        write_output(json_text(found.as_dict()), args.output)
        return EXIT_OK

    lang = session.session.language
    now = t(lang, "features.whatif.verdict_now", verdict=verdict_name(lang, found.verdict),
            score=found.score)
    # said before the ways: a provisional answer, and why nothing changes a structural verdict
    notes = []
    if found.provisional:
        key = "too_early" if found.too_little else "provisional"
        notes.append(t(lang, f"features.whatif.{key}"))
    if found.structural_reason:
        notes.append(found.structural_reason)
    if found.verdict == "go":
        lines = [now, *notes, t(lang, "features.whatif.not_needed")]
        write_output("\n".join(lines) + "\n", args.output)
        return EXIT_OK
    if args.format == "markdown":
        lines = render_whatif(lang, found.sets, found.complete, "markdown")
        lines[1:1] = ["", now, *(f"\n{note}" for note in notes)]
        write_output("\n".join(lines).rstrip() + "\n", args.output)
        return EXIT_OK

    parts = [Text(now, style="bold"), *(Text(note) for note in notes),
             *render_whatif(lang, found.sets, found.complete, "text")]
    emit_rich(parts, args.output)
    return EXIT_OK
