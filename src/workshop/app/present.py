"""``workshop present FILE``: a second window for the projector, following the session live.

The facilitator runs the workshop in one terminal; this one, on the wall, shows the client what
is being discussed and where the readiness stands. It only reads the file.
"""

from __future__ import annotations

import argparse
from collections.abc import Awaitable, Callable, Iterable
from pathlib import Path

from textual.app import App, SystemCommand
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

    @property
    def lang(self) -> str:
        shown = getattr(self.screen_stack[0] if self.screen_stack else None, "shown", None)
        return shown.lang if shown is not None else "en"

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        """The view's keys, then the screenshot (saved in the current folder, as the
        workshop app does: Textual's own "deliver" way fails outside a browser)."""
        from workshop.app.texts import key_rows, tr

        lang = self.lang
        for keys, node, action, words, help_text, _ in key_rows(self, screen):
            yield SystemCommand(f"{words} ({keys[0]})", help_text, self._runner(action, node))
        yield SystemCommand(tr(lang, "palette.screenshot"), tr(lang, "palette.screenshot_help"),
                            lambda: self.set_timer(0.1, self.screenshot))

    def _runner(self, action: str, node: object) -> Callable[[], Awaitable[None]]:
        async def run() -> None:
            await self.run_action(action, node)  # type: ignore[arg-type]

        return run

    def screenshot(self) -> Path | None:
        """An SVG picture of the wall, in the current folder; the notice says where."""
        from workshop.app.screenshot import save_screenshot_here

        return save_screenshot_here(self, self.lang)

    def on_ready(self) -> None:
        release_collection()  # the first frame is on the wall: start-up is over


def run_present(args: argparse.Namespace, host: PluginHost) -> int:
    """The view of ``args.file`` with ``host``'s stages (the command loads the plugins: the app
    does not reach up into the commands)."""
    interval = max(0.1, float(getattr(args, "interval", 0.5) or 0.5))
    PresentApp(args.file, host, interval=interval).run()
    return 0
