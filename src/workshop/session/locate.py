"""Find the line of a dotted field path in TOML text, for error messages.

tomllib gives values, not positions, so this scans the text for table headers and keys. It is
good enough to point a facilitator at the right line; when a path cannot be found, the line of
its nearest known parent is used. The scan is linear: one pass, no backtracking pattern, so a
hostile file (a line of a million spaces) cannot make ``workshop validate`` hang.
"""

from __future__ import annotations

import re

_BARE = re.compile(r"[A-Za-z0-9_-]+")
_BASIC = re.compile(r'"(?:[^"\\\n]|\\.)*"')
_LITERAL = re.compile(r"'[^'\n]*'")
_BLANK = re.compile(r"[ \t]*")


def _lines(text: str) -> list[str]:
    """TOML's lines: ``str.splitlines`` would also cut at U+2028, U+0085 and form feeds, which
    TOML allows inside strings, and every line number after them would be wrong."""
    return [line.removesuffix("\r") for line in text.split("\n")]


def _key(line: str, position: int) -> tuple[tuple[str, ...], int] | None:
    """A dotted key starting at ``position``: its parts and where it ends."""
    parts: list[str] = []
    while True:
        position = _BLANK.match(line, position).end()
        for pattern in (_BARE, _BASIC, _LITERAL):
            found = pattern.match(line, position)
            if found:
                text = found.group()
                parts.append(text[1:-1] if pattern is not _BARE else text)
                position = found.end()
                break
        else:
            return None
        after = _BLANK.match(line, position).end()
        if after < len(line) and line[after] == ".":
            position = after + 1
            continue
        return tuple(parts), after


class _Value:
    """Tracks where a value spreads over lines: open arrays and tables, multi-line strings."""

    def __init__(self) -> None:
        self.depth = 0
        self.string: str | None = None  # the closing delimiter of an open multi-line string

    @property
    def open(self) -> bool:
        return self.depth > 0 or self.string is not None

    def scan(self, line: str, position: int = 0) -> None:
        end = len(line)
        while position < end:
            if self.string is not None:
                closing = line.find(self.string, position)
                if closing < 0:
                    return
                position = closing + 3
                self.string = None
                continue
            char = line[position]
            if char == "#":
                return
            if char in "\"'":
                triple = char * 3
                if line.startswith(triple, position):
                    self.string = triple
                    position += 3
                    continue
                found = (_BASIC if char == '"' else _LITERAL).match(line, position)
                position = found.end() if found else end
                continue
            if char in "[{":
                self.depth += 1
            elif char in "]}":
                self.depth = max(0, self.depth - 1)
            position += 1


def line_index(text: str) -> dict[tuple[str, ...], int]:
    """Map every table, array element and key path to its 1-based line."""
    index: dict[tuple[str, ...], int] = {}
    counts: dict[tuple[str, ...], int] = {}
    table: tuple[str, ...] = ()
    value = _Value()
    for number, line in enumerate(_lines(text), start=1):
        if value.open:
            value.scan(line)
            continue
        start = _BLANK.match(line).end()
        if line.startswith("[", start):
            array = line.startswith("[[", start)
            found = _key(line, start + (2 if array else 1))
            closing = "]]" if array else "]"
            if found and line.startswith(closing, found[1]):
                path = found[0]
                if array:
                    position = counts.get(path, 0)
                    counts[path] = position + 1
                    # keep indices of parent arrays: stages.x.answers.goals -> ... goals.N
                    table = (*path, str(position))
                    index.setdefault(path, number)
                else:
                    table = path
                index.setdefault(table, number)
            continue
        found = _key(line, start)
        if found and line.startswith("=", found[1]):
            index.setdefault((*table, *found[0]), number)
            value.scan(line, found[1] + 1)
    return index


def long_key_line(text: str, limit: int) -> int | None:
    """The first line whose key or table header has more than ``limit`` dotted parts.

    tomllib takes quadratic time over such keys (20,000 parts: a minute), so they are refused
    before it sees them.
    """
    # a key cannot span lines: without a line of `limit` dots there is nothing to find (the
    # usual case, checked at C speed)
    if text.count(".") < limit or all(line.count(".") < limit for line in text.split("\n")):
        return None
    value = _Value()
    for number, line in enumerate(_lines(text), start=1):
        if value.open:
            value.scan(line)
            continue
        start = _BLANK.match(line).end()
        header = line.startswith("[", start)
        if header:
            start += 2 if line.startswith("[[", start) else 1
        found = _key(line, start)
        if found is None:
            continue
        if len(found[0]) > limit:
            return number
        if not header and line.startswith("=", found[1]):
            value.scan(line, found[1] + 1)
    return None


def locate(index: dict[tuple[str, ...], int], path: tuple[str | int, ...]) -> int | None:
    """The line of ``path``, or of its nearest parent that is in the file."""
    parts = tuple(str(part) for part in path)
    while parts:
        if parts in index:
            return index[parts]
        parts = parts[:-1]
    return None
