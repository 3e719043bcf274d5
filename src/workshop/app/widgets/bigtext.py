"""Words in big solid letters for the wall: the projector's verdict, and "too early to tell".

Textual's ``Digits`` draws only figures (and A-F); a verdict is words. Each letter here is a
5x5 grid of pixels drawn with half blocks (three terminal lines, as tall as ``Digits``), solid
rather than thin strokes, so that it still reads at the back of a room. Words wrap whole to the
width available; an accented letter is drawn as its base letter (capitals on a wall).
"""

from __future__ import annotations

import unicodedata

from rich.console import Console, ConsoleOptions, RenderResult
from rich.measure import Measurement
from rich.segment import Segment
from rich.style import Style, StyleType

# 5 rows of pixels per glyph ('#' lit); every glyph of a letter is 5 wide
GLYPHS: dict[str, tuple[str, ...]] = {
    "A": (".###.", "#...#", "#####", "#...#", "#...#"),
    "B": ("####.", "#...#", "####.", "#...#", "####."),
    "C": (".####", "#....", "#....", "#....", ".####"),
    "D": ("####.", "#...#", "#...#", "#...#", "####."),
    "E": ("#####", "#....", "####.", "#....", "#####"),
    "F": ("#####", "#....", "####.", "#....", "#...."),
    "G": (".####", "#....", "#..##", "#...#", ".####"),
    "H": ("#...#", "#...#", "#####", "#...#", "#...#"),
    "I": ("#####", "..#..", "..#..", "..#..", "#####"),
    "J": ("..###", "...#.", "...#.", "#..#.", ".##.."),
    "K": ("#...#", "#..#.", "###..", "#..#.", "#...#"),
    "L": ("#....", "#....", "#....", "#....", "#####"),
    "M": ("#...#", "##.##", "#.#.#", "#...#", "#...#"),
    "N": ("#...#", "##..#", "#.#.#", "#..##", "#...#"),
    "O": (".###.", "#...#", "#...#", "#...#", ".###."),
    "P": ("####.", "#...#", "####.", "#....", "#...."),
    "Q": (".###.", "#...#", "#.#.#", "#..#.", ".##.#"),
    "R": ("####.", "#...#", "####.", "#..#.", "#...#"),
    "S": (".####", "#....", ".###.", "....#", "####."),
    "T": ("#####", "..#..", "..#..", "..#..", "..#.."),
    "U": ("#...#", "#...#", "#...#", "#...#", ".###."),
    "V": ("#...#", "#...#", "#...#", ".#.#.", "..#.."),
    "W": ("#...#", "#...#", "#.#.#", "##.##", "#...#"),
    "X": ("#...#", ".#.#.", "..#..", ".#.#.", "#...#"),
    "Y": ("#...#", ".#.#.", "..#..", "..#..", "..#.."),
    "Z": ("#####", "...#.", "..#..", ".#...", "#####"),
    "0": (".###.", "#..##", "#.#.#", "##..#", ".###."),
    "1": ("..#..", ".##..", "..#..", "..#..", ".###."),
    "2": ("####.", "....#", ".###.", "#....", "#####"),
    "3": ("####.", "....#", ".###.", "....#", "####."),
    "4": ("#...#", "#...#", "#####", "....#", "....#"),
    "5": ("#####", "#....", "####.", "....#", "####."),
    "6": (".###.", "#....", "####.", "#...#", ".###."),
    "7": ("#####", "....#", "...#.", "..#..", "..#.."),
    "8": (".###.", "#...#", ".###.", "#...#", ".###."),
    "9": (".###.", "#...#", ".####", "....#", ".###."),
    ",": ("..", "..", "..", ".#", "#."),
    ".": (".", ".", ".", ".", "#"),
    "'": ("#", "#", ".", ".", "."),
    "-": ("...", "...", "###", "...", "..."),
    "!": ("#", "#", "#", ".", "#"),
    "?": ("###.", "...#", ".##.", "....", ".#.."),
    "/": ("....#", "...#.", "..#..", ".#...", "#...."),
    " ": ("..", "..", "..", "..", ".."),
}
HEIGHT = 3  # terminal lines: five rows of pixels, two per line
GAP = 1  # columns between two letters


def plain_capitals(text: str) -> str:
    """``"Étude"`` → ``"ETUDE"``: what the font can draw (other signs are left out)."""
    decomposed = unicodedata.normalize("NFKD", text.upper())
    base = "".join(c for c in decomposed if not unicodedata.combining(c))
    base = base.replace("’", "'").replace("\u00a0", " ")
    return "".join(c for c in base if c in GLYPHS)


def word_width(word: str) -> int:
    return sum(len(GLYPHS[c][0]) + GAP for c in word) - GAP if word else 0


def wrap(text: str, width: int) -> list[str] | None:
    """The words on lines that fit ``width`` columns; None when one word alone is too wide."""
    lines: list[str] = []
    for word in plain_capitals(text).split():
        if word_width(word) > width:
            return None
        if lines and word_width(lines[-1] + " " + word) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return lines


def draw(line: str) -> list[str]:
    """One line of text as three lines of half blocks."""
    rows = ["" for _ in range(5)]
    for index, char in enumerate(line):
        glyph = GLYPHS[char]
        for row in range(5):
            rows[row] += ("." * GAP if index else "") + glyph[row]
    rows.append("." * len(rows[0]))
    out: list[str] = []
    for top, bottom in zip(rows[0::2], rows[1::2], strict=True):
        cells = []
        for up, down in zip(top, bottom, strict=True):
            cells.append("█" if up == "#" and down == "#" else "▀" if up == "#"
                         else "▄" if down == "#" else " ")
        out.append("".join(cells))
    return out


def big_lines(text: str, width: int) -> list[str] | None:
    """``text`` in big letters within ``width`` columns, or None when it does not fit."""
    wrapped = wrap(text, width)
    if not wrapped:
        return None
    drawn: list[str] = []
    for number, line in enumerate(wrapped):
        if number:
            drawn.append("")
        drawn += draw(line)
    return drawn


class BigText:
    """A rich renderable: the words big and centred, or in ordinary bold capitals where even one
    word is too wide for the room (a very narrow terminal)."""

    def __init__(self, text: str, style: StyleType = "") -> None:
        self.text = text
        self.style = style

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        style = console.get_style(self.style) if self.style else Style()
        width = options.max_width
        lines = big_lines(self.text, width)
        if lines is None:
            lines = [self.text.upper()]
            style += Style(bold=True)
        new_line = Segment.line()
        # the letters a segment of their own (bold: the same blocks), the margins others: an
        # SVG screenshot then places the letters where the terminal does
        letters = style + Style(bold=True)
        for line in lines:
            pad = max(0, (width - len(line)) // 2)
            if pad:
                yield Segment(" " * pad, style)
            yield Segment(line, letters)
            if width - pad - len(line) > 0:
                yield Segment(" " * (width - pad - len(line)), style)
            yield new_line

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        width = max((word_width(w) for w in plain_capitals(self.text).split()), default=0)
        return Measurement(min(width, options.max_width), options.max_width)
