"""A long rich renderable (the report: some 300 lines of tables) that Textual paints line by line.

A ``Static`` lays out and styles its whole content on every layout pass: for the report that
is some 60 ms each time the verdict screen is shown or resized. This widget holds the
renderable's lines at one width and gives Textual only the lines it asks for, the ones on
screen (Textual's "line API"). The lines can be rendered on another thread
(``render_strips``), so that a report never holds up the first frame or a keystroke.
"""

from __future__ import annotations

import io

from rich.console import Console, RenderableType
from rich.segment import Segment
from textual.geometry import Size
from textual.strip import Strip
from textual.widget import Widget


def render_strips(renderable: RenderableType, width: int) -> list[Strip]:
    """The renderable's lines at ``width``; safe on any thread (a console of its own, set up
    as Textual sets up the app's)."""
    console = Console(width=max(1, width), file=io.StringIO(), color_system="truecolor",
                      markup=True, highlight=False, emoji=False, legacy_windows=False,
                      force_terminal=True, safe_box=False, soft_wrap=False)
    options = console.options.update(width=max(1, width), height=None)
    return [Strip(Segment.adjust_line_length(line, width), width)
            for line in console.render_lines(renderable, options, pad=True)]


class RenderedLines(Widget):
    """As tall as its content; rendered again only when the content or the width changes."""

    DEFAULT_CSS = """
    RenderedLines {
        height: auto;
    }
    """

    def __init__(self, renderable: RenderableType = "", *, id: str | None = None,
                 classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.renderable: RenderableType = renderable
        self._lines: list[Strip] = []
        self._width: int | None = None

    def update(self, renderable: RenderableType, *, width: int | None = None,
               lines: list[Strip] | None = None) -> None:
        """Show ``renderable``; with its ``lines`` at ``width`` when they are already
        rendered (on another thread)."""
        self.renderable = renderable
        self._lines, self._width = (lines, width) if lines is not None else ([], None)
        self.refresh(layout=True)

    @property
    def width_for_lines(self) -> int:
        """The width the lines are wanted at (before the first layout: the parent's)."""
        width = self.content_size.width
        if width <= 0 and self.parent is not None:
            width = getattr(self.parent, "scrollable_content_region", self.region).width
        return width

    def lines_at(self, width: int) -> list[Strip]:
        if width != self._width:
            self._lines = render_strips(self.renderable, width)
            self._width = width
        return self._lines

    def get_content_width(self, container: Size, viewport: Size) -> int:
        return container.width

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return len(self.lines_at(width)) if width > 0 else 0

    def render_line(self, y: int) -> Strip:
        width = self.content_size.width
        lines = self.lines_at(width)
        if 0 <= y < len(lines):
            return lines[y].apply_style(self.rich_style)
        return Strip.blank(width, self.rich_style)
