"""``workshop validate FILE...``: every problem of every file, one line each.

A stage in the file that no installed plugin gives is a warning, not a problem (exit 0): its
answers are kept, but the verdict cannot use them, and a verdict computed here may differ from
the one computed where the plugin is installed. The warning names the plugin the session
recorded (``[stages.<id>] plugin``), which ``workshop install`` can bring.
"""

from __future__ import annotations

import argparse
import sys

from workshop.commands.common import EXIT_BAD_INPUT, EXIT_OK, load_host, print_problems
from workshop.engine.evaluation import evaluate
from workshop.plugins import recorded_plugin
from workshop.sanitise import clean
from workshop.session.errors import Problem, SessionError
from workshop.session.io import load_session_text, with_lines
from workshop.session.locate import line_index, locate


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("files", metavar="FILE", nargs="+", help="session files (.toml)")


def problems_of(path: str, host, warnings: list[str] | None = None) -> list[Problem]:
    try:
        session, text = load_session_text(path)
        problems = with_lines(evaluate(session, host, path=path, text=text).problems, text)
    except SessionError as error:
        return error.problems
    if warnings is not None:
        warnings.extend(unknown_stage_warnings(path, session, text, host))
    return problems


def unknown_stage_warnings(path: str, session, text: str, host) -> list[str]:
    """One line per stage of the file that no installed plugin gives."""
    known = {stage.id for stage in host.stages()}
    unknown = [stage_id for stage_id in session.stages if stage_id not in known]
    if not unknown:
        return []
    index = line_index(text)
    lines = []
    for stage_id in unknown:
        recorded = recorded_plugin(session, stage_id)
        line = locate(index, ("stages", stage_id))
        where = f"{path}:{line}" if line else path
        if recorded is not None:
            name = recorded.split()[0]
            how = (f"answered with plugin {recorded}, not installed here "
                   f"(workshop install {name})")
        else:
            how = "no installed plugin gives this stage"
        lines.append(f"workshop: warning: {where}: stages.{stage_id}: {how}: its answers are "
                     "kept, the verdict leaves them out")
    return lines


def run(args: argparse.Namespace) -> int:
    host = load_host(args)
    warnings: list[str] = []
    problems = [problem for path in args.files
                for problem in problems_of(path, host, warnings)]
    print_problems(problems)
    for warning in warnings:
        print(clean(warning), file=sys.stderr)
    if problems:
        return EXIT_BAD_INPUT
    for path in args.files:
        print(f"{path}: ok")
    return EXIT_OK
