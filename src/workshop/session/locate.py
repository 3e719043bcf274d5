"""Find the line of a dotted field path in TOML text, for error messages.

tomllib gives values, not positions, so this scans the text for table headers and keys. It is
good enough to point a facilitator at the right line; when a path cannot be found, the line of
its nearest known parent is used. The scan is linear: one pass, no backtracking pattern, so a
hostile file (a line of a million spaces) cannot make ``workshop validate`` hang.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

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


def _keys(text: str) -> Iterator[tuple[int, str, tuple[str, ...], bool]]:
    """Every key outside a multi-line value: ``(line, kind, parts, complete)``.

    ``kind`` is "table" (``[a.b]``), "array" (``[[a.b]]``) or "key" (``a.b = ...``); ``complete``
    says the header is closed or the key is followed by ``=``. The one scan both the line index
    and the long-key check read, so that they always agree on where a key is.
    """
    value = _Value()
    for number, line in enumerate(_lines(text), start=1):
        if value.open:
            value.scan(line)
            continue
        start = _BLANK.match(line).end()
        kind = "key"
        if line.startswith("[[", start):
            kind, start = "array", start + 2
        elif line.startswith("[", start):
            kind, start = "table", start + 1
        found = _key(line, start)
        if found is None:
            continue
        parts, end = found
        if kind == "key":
            complete = line.startswith("=", end)
            if complete:
                value.scan(line, end + 1)
        else:
            complete = line.startswith("]]" if kind == "array" else "]", end)
        yield number, kind, parts, complete


def line_index(text: str) -> dict[tuple[str, ...], int]:
    """Map every table, array element and key path to its 1-based line."""
    index: dict[tuple[str, ...], int] = {}
    counts: dict[tuple[str, ...], int] = {}
    table: tuple[str, ...] = ()
    for number, kind, parts, complete in _keys(text):
        if not complete:
            continue
        if kind == "key":
            index.setdefault((*table, *parts), number)
            continue
        if kind == "array":
            position = counts.get(parts, 0)
            counts[parts] = position + 1
            # keep indices of parent arrays: stages.x.answers.goals -> ... goals.N
            table = (*parts, str(position))
            index.setdefault(parts, number)
        else:
            table = parts
        index.setdefault(table, number)
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
    return next((number for number, _, parts, _ in _keys(text) if len(parts) > limit), None)


def locate(index: dict[tuple[str, ...], int], path: tuple[str | int, ...]) -> int | None:
    """The line of ``path``, or of its nearest parent that is in the file."""
    parts = tuple(str(part) for part in path)
    while parts:
        if parts in index:
            return index[parts]
        parts = parts[:-1]
    return None
