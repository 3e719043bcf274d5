"""``workshop present FILE``: the client's view for the projector, following the file live.

With ``--web`` the same view is served to browsers (``workshop.web``): one read-only view per
browser, behind a link with a random token, on this machine only unless ``--host`` says more.
"""

from __future__ import annotations

import argparse

from workshop.commands.common import EXIT_BAD_INPUT, load_host, print_problems
from workshop.session.errors import SessionError
from workshop.session.io import load_session


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", metavar="FILE",
                        help="the session file the facilitator is working on (never written)")
    parser.add_argument("--interval", type=float, default=0.5, metavar="SECONDS",
                        help="how often to look at the file (default 0.5)")
    web = parser.add_argument_group("in a browser (a workshop over a video call)")
    web.add_argument("--web", action="store_true",
                     help="serve the view to browsers; prints the link to give the client")
    web.add_argument("--host", default="127.0.0.1", metavar="ADDRESS",
                     help="where to listen (default 127.0.0.1: this machine only; "
                     "0.0.0.0: the local network too)")
    web.add_argument("--port", type=int, default=8000, metavar="PORT",
                     help="the port to listen on (default 8000; 0: any free one)")
    # for workshop.web itself: a view a browser is watching, a server the app started
    parser.add_argument("--served", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--until-stdin-closes", action="store_true", help=argparse.SUPPRESS)


def run(args: argparse.Namespace) -> int:
    try:
        session = load_session(args.file)  # a file that cannot be read at all is said at once
    except SessionError as error:
        print_problems(error)
        return EXIT_BAD_INPUT
    if args.web:
        from workshop.web import serve  # the server's module: only with --web

        return serve(args, session.session.language)
    if args.served:
        return run_served(args)
    from workshop.app.present import run_present  # Textual: not for --web's own process

    return run_present(args, load_host(args, report=False))


def run_served(args: argparse.Namespace) -> int:
    """One browser's view: the client view, less the command palette (its screenshot command
    writes a file on this machine, which a browser's keys must never do)."""
    from workshop.app.present import PresentApp  # Textual, as run() loads it
    from workshop.web import watch_parent  # the server's module: a served view only

    class ServedView(PresentApp):
        ENABLE_COMMAND_PALETTE = False

        def action_command_palette(self) -> None:
            """Nothing: a browser has no palette."""

    watch_parent()
    host = load_host(args, report=False)
    ServedView(args.file, host, interval=max(0.1, float(args.interval))).run()
    return 0
