"""The help of the focused question, in the session's language."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static


class HelpPanel(Static):
    """Shows the title and help text of whatever question has the focus."""

    def show(self, title: str, help_text: str) -> None:
        text = Text(title, style="bold")
        if help_text:
            text.append("\n" + help_text)
        self.update(text)
