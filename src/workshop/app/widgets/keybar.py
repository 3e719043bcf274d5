"""The keys of the screen on one line at the bottom, most used first, the palette key on the right.

Textual's ``Footer`` makes a widget of every key (some twenty on the workshop screen), which is
most of what the first screen costs to draw; this is one widget that writes the same line. It
reads the same bindings (``Screen.active_bindings``: what is shown follows the focus), keeps the
keys that fit whole rather than cutting one in the middle, and a click on a key presses it.
"""

from __future__ import annotations

from typing import NamedTuple

from rich.style import Style
from rich.text import Text
from textual import events
from textual.widget import Widget

from workshop.app.texts import key_language, key_words

GAP = 2  # columns between two keys (a key and its words touch: the key is bold and coloured)


class KeyEntry(NamedTuple):
    """A key as the bar shows it."""

    key: str
    display: str
    description: str
    enabled: bool
    tooltip: str
    id: str | None = None


def textual_words(screen: object, action: str, default: str) -> str:
    """The words of a key Textual's own widgets bring ("esc Dismiss menu" of a drop-down), in
    the screen's language when the app's texts have them (``keys.textual.<action>``)."""
    from workshop.i18n import area_texts

    found = key_language(screen, getattr(screen, "app", None))
    if found is None:
        return default
    return str(area_texts(found[0], "app").get(f"keys.textual.{action}", default))


class KeySpot(NamedTuple):
    """Where a key is drawn, so that a click or the mouse finds it."""

    start: int
    end: int
    entry: KeyEntry


class KeyBar(Widget, can_focus=False):
    """One line: ``f8Next  f7Previous ...`` and ``^pCommands`` at the right end."""

    ALLOW_SELECT = False
    COMPONENT_CLASSES = {"keybar--key", "keybar--description"}
    DEFAULT_CSS = """
    KeyBar {
        dock: bottom;
        height: 1;
        width: 1fr;
        color: $footer-foreground;
        background: $footer-background;
        .keybar--key {
            color: $footer-key-foreground;
            background: $footer-key-background;
            text-style: bold;
        }
        .keybar--description {
            color: $footer-description-foreground;
            background: $footer-description-background;
        }
    }
    """

    def __init__(self, *, show_command_palette: bool = True, id: str | None = None,
                 classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.show_command_palette = show_command_palette
        self.spots: list[KeySpot] = []

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def _bindings_changed(self, screen: object) -> None:
        self.refresh()

    def entries(self) -> tuple[list[KeyEntry], KeyEntry | None]:
        """The keys to show, one per action, in the bindings' order; and the palette key."""
        app = self.app
        shown: list[KeyEntry] = []
        palette: KeyEntry | None = None
        seen: set[str] = set()
        for key, active in self.screen.active_bindings.items():
            binding = active.binding
            if binding.id:
                description, tooltip = key_words(binding, active.node, self.screen, app)
            else:
                description = textual_words(self.screen, binding.action, binding.description)
                tooltip = binding.tooltip
            entry = KeyEntry(key, app.get_key_display(binding), description,
                             active.enabled, active.tooltip or tooltip, binding.id)
            if key == app.COMMAND_PALETTE_BINDING:
                if self.show_command_palette and app.ENABLE_COMMAND_PALETTE:
                    palette = entry
            elif binding.show and binding.action not in seen:
                seen.add(binding.action)
                shown.append(entry)
        return shown, palette

    def render(self) -> Text:
        width = self.size.width
        key_style = self.get_component_rich_style("keybar--key")
        words_style = self.get_component_rich_style("keybar--description")
        shown, palette = self.entries()
        right = Text()
        if palette is not None:
            right = self._label(palette, key_style, words_style)
        room = max(0, width - (right.cell_len + GAP if right else 0))
        line = Text(no_wrap=True, overflow="crop")
        spots: list[KeySpot] = []
        for entry in self.fitting(shown, room):
            label = self._label(entry, key_style, words_style)
            start = line.cell_len + (GAP if line else 0)
            if line:
                line.append(" " * GAP)
            line.append_text(label)
            spots.append(KeySpot(start, start + label.cell_len, entry))
        if palette is not None:
            start = max(line.cell_len + GAP, width - right.cell_len)
            line.append(" " * (start - line.cell_len))
            line.append_text(right)
            spots.append(KeySpot(start, start + right.cell_len, palette))
        self.spots = spots
        return line

    def fitting(self, shown: list[KeyEntry], room: int) -> list[KeyEntry]:
        """The whole keys that fit in ``room``, in their order: when not all do, the screen's
        ``KEY_BAR_PRIORITY`` (binding ids, most wanted first) says which stay; the palette
        lists the others."""
        priority: tuple[str, ...] = getattr(self.screen, "KEY_BAR_PRIORITY", ())
        rank = {binding_id: number for number, binding_id in enumerate(priority)}
        # a key of the focused widget's own (no id: "esc" of an open list) is wanted first
        order = sorted(range(len(shown)), key=lambda i: (
            -1 if shown[i].id is None else rank.get(shown[i].id or "", len(rank)), i))
        kept: set[int] = set()
        used = 0
        for index in order:
            width = len(shown[index].display) + len(shown[index].description)
            width += GAP if kept else 0
            if used + width <= room:
                kept.add(index)
                used += width
        return [entry for index, entry in enumerate(shown) if index in kept]

    @staticmethod
    def _label(entry: KeyEntry, key_style: Style, words_style: Style) -> Text:
        label = Text.assemble((entry.display, key_style),
                              (entry.description, words_style))
        if not entry.enabled:
            label.stylize("dim")
        return label

    def spot_at(self, x: int) -> KeySpot | None:
        for spot in self.spots:
            if spot.start <= x < spot.end:
                return spot
        return None

    def on_click(self, event: events.Click) -> None:
        spot = self.spot_at(event.x)
        if spot is None:
            return
        event.stop()
        if spot.entry.enabled:
            self.app.simulate_key(spot.entry.key)
        else:
            self.app.bell()

    def on_mouse_move(self, event: events.MouseMove) -> None:
        spot = self.spot_at(event.x)
        self.tooltip = spot.entry.tooltip if spot is not None and spot.entry.tooltip else None
