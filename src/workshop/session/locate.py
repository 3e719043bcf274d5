"""Find the line of a dotted field path in TOML text, for error messages.

tomllib gives values, not positions, so this scans the text for table headers and keys. It is
good enough to point a facilitator at the right line; when a path cannot be found, the line of
its nearest known parent is used.
"""

from __future__ import annotations

import re

_HEADER = re.compile(r"^\s*(\[\[?)\s*([^\]]+?)\s*\]\]?\s*(#.*)?$")
_KEY = re.compile(r"""^\s*((?:[A-Za-z0-9_-]+|"[^"]*"|'[^']*')(?:\s*\.\s*(?:[A-Za-z0-9_-]+|"[^"]*"|'[^']*'))*)\s*=""")
_PART = re.compile(r"""[A-Za-z0-9_-]+|"[^"]*"|'[^']*'""")


def _split(dotted: str) -> tuple[str, ...]:
    return tuple(part.strip("\"'") for part in _PART.findall(dotted))


def line_index(text: str) -> dict[tuple[str, ...], int]:
    """Map every table, array element and key path to its 1-based line."""
    index: dict[tuple[str, ...], int] = {}
    counts: dict[tuple[str, ...], int] = {}
    table: tuple[str, ...] = ()
    in_multiline = False
    for number, line in enumerate(text.splitlines(), start=1):
        if in_multiline:
            if line.count('"""') % 2 == 1 or line.count("'''") % 2 == 1:
                in_multiline = False
            continue
        header = _HEADER.match(line)
        if header and "=" not in line.split("#")[0].split("]")[0]:
            path = _split(header.group(2))
            if header.group(1) == "[[":
                position = counts.get(path, 0)
                counts[path] = position + 1
                # keep indices of parent arrays: stages.x.answers.goals -> ... goals.N
                table = (*path, str(position))
                index.setdefault(path, number)
            else:
                table = path
            index.setdefault(table, number)
            continue
        key = _KEY.match(line)
        if key:
            index.setdefault((*table, *_split(key.group(1))), number)
            rest = line[key.end():]
            if rest.count('"""') % 2 == 1 or rest.count("'''") % 2 == 1:
                in_multiline = True
    return index


def locate(index: dict[tuple[str, ...], int], path: tuple[str | int, ...]) -> int | None:
    """The line of ``path``, or of its nearest parent that is in the file."""
    parts = tuple(str(part) for part in path)
    while parts:
        if parts in index:
            return index[parts]
        parts = parts[:-1]
    return None
