"""Radio buttons and check boxes whose choice shows by a mark, not by colour alone.

Textual draws a chosen and an unchosen radio button (and check box) with the same glyph in two
colours; on a washed-out projector both look alike. Here a chosen radio button shows ``●`` and
an unchosen one ``○``; a ticked box ``✔`` and an empty one a blank.
"""

from __future__ import annotations

from rich.segment import Segment
from textual.strip import Strip
from textual.widgets import RadioButton, SelectionList

RADIO_ON, RADIO_OFF = "●", "○"
CHECK_ON, CHECK_OFF = "✔", " "


class MarkedRadioButton(RadioButton):
    """``●`` when chosen, ``○`` when not."""

    BUTTON_INNER = RADIO_OFF

    def watch_value(self, value: bool) -> None:
        super().watch_value()  # Textual's: the class and the Changed message the set needs
        self.mark(value)

    def mark(self, value: bool) -> None:
        self.BUTTON_INNER = RADIO_ON if value else RADIO_OFF
        self.refresh()

    def on_mount(self) -> None:
        self.mark(self.value)


class MarkedSelectionList(SelectionList):  # type: ignore[type-arg]
    """Each option's box ticked ``✔`` when selected, blank when not."""

    def render_line(self, y: int) -> Strip:
        line = super().render_line(y)
        _, scroll_y = self.scroll_offset
        try:
            selection = self.get_option_at_index(scroll_y + y)
        except Exception:  # past the last option: nothing to mark
            return line
        segments = list(line)
        if len(segments) < 3:
            return line
        inner = segments[1]
        mark = CHECK_ON if selection.value in self.selected else CHECK_OFF
        segments[1] = Segment(mark, inner.style, inner.control)
        return Strip(segments, line.cell_length)
