"""The app's last line of defence against terminal escapes in someone else's text (issue 16).

Every line a widget draws passes through the app's line filters (``App.get_line_filters``,
public Textual API) before it reaches the terminal. ``SafeLines`` removes from each segment the
characters ``workshop.sanitise.terminal`` removes (C0/C1 controls, ESC, bidi overrides and
isolates): each takes no cell, so the layout's widths stay right. Whatever a session, a plugin
or an error message holds, and wherever a widget draws it, no escape reaches the terminal.
"""

from __future__ import annotations

from rich.segment import Segment
from textual.color import Color
from textual.filter import LineFilter

from workshop.sanitise import is_safe, terminal


class SafeLines(LineFilter):
    """Remove control and bidi characters from the text of every segment of a line."""

    def apply(self, segments: list[Segment], background: Color) -> list[Segment]:
        if all(segment.control or is_safe(segment.text) and "\t" not in segment.text
               and "\n" not in segment.text for segment in segments):
            return segments
        return [segment if segment.control
                else Segment(terminal(segment.text), segment.style)
                for segment in segments]
