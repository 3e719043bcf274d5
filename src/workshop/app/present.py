"""``workshop present FILE``: a second window for the projector, following the session live.

The facilitator runs the workshop in one terminal; this one, on the wall, shows the client what
is being discussed and where the readiness stands. It only reads the file.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from textual.app import App
from textual.binding import Binding
from textual.screen import Screen

from workshop.app.screens.client_view import ClientView
from workshop.plugins import PluginHost
from workshop.startup import release_collection


class PresentApp(App[int]):
    """The client view alone: no session picker, no editing, nothing written."""

    TITLE = "workshop"
    ENABLE_COMMAND_PALETTE = True
    # Textual's own palette key, with an id so that its word follows the session's language
    BINDINGS = [Binding("ctrl+p", "command_palette", "palette", id="present.command_palette",
                        show=False, priority=True)]

    def __init__(self, path: str | Path, host: PluginHost, *, interval: float = 0.5) -> None:
        super().__init__()
        self.path = Path(path)
        self.host = host
        self.interval = interval

    def get_default_screen(self) -> Screen:
        """The client view is the app's own first screen: drawn once, not pushed over an empty
        one."""
        return ClientView(self.path, self.host, self.interval)

    def on_mount(self) -> None:
        self.theme = "textual-dark"

    def on_ready(self) -> None:
        release_collection()  # the first frame is on the wall: start-up is over


def run_present(args: argparse.Namespace) -> int:
    from workshop.commands.common import load_host

    host = load_host(args, report=False)
    interval = max(0.1, float(getattr(args, "interval", 0.5) or 0.5))
    PresentApp(args.file, host, interval=interval).run()
    return 0
