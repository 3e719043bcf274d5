"""The top line: the palette icon, then the screen's title and subtitle (the organisation, and
whether everything is saved), centred.

What Textual's ``Header`` shows, as one widget instead of four: the first frame of a screen
costs Textual about a millisecond per widget, and a projector shows this line and little else.
"""

from __future__ import annotations

from textual import events
from textual.content import Content
from textual.widget import Widget

ICON = "◆"


class TitleBar(Widget, can_focus=False):
    """Follows ``Screen.title`` and ``Screen.sub_title`` (the app's when the screen has none);
    a click on the icon opens the command palette."""

    ALLOW_SELECT = False
    DEFAULT_CSS = """
    TitleBar {
        dock: top;
        width: 100%;
        height: 1;
        background: $panel;
        color: $foreground;
    }
    """

    def on_mount(self) -> None:
        for node in (self.app, self.screen):
            self.watch(node, "title", self._changed, init=False)
            self.watch(node, "sub_title", self._changed, init=False)

    def _changed(self) -> None:
        self.refresh()

    def render(self) -> Content:
        screen, app = self.screen, self.app
        title = screen.title if screen.title is not None else app.title
        sub_title = screen.sub_title if screen.sub_title is not None else app.sub_title
        icon = Content(f" {ICON} ")
        # centred on the whole line, as Header does, clear of the icon on both sides
        words = app.format_title(title, sub_title).center(
            max(0, self.size.width - 2 * icon.cell_length), ellipsis=True)
        return Content.assemble(icon, words, " " * icon.cell_length)

    def on_click(self, event: events.Click) -> None:
        if event.x < len(ICON) + 2:
            event.stop()
            self.app.action_command_palette()
