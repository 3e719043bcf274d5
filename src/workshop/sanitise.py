"""The one sanitiser for text drawn in a terminal (issue 16).

A session's words and a plugin's messages are someone else's text: an organisation name holding
``ESC ] 0 ; … ESC \\`` renames the terminal's window, OSC 52 fills the clipboard, OSC 8 makes a
link, ``ESC [ 2 J`` clears the screen, a bidi override makes a name read backwards. Every
place that draws such text in a terminal goes through one of these functions:

- ``clean`` for a report or a screen (the characters are dropped: an escape shows as its text);
- ``escape`` for a message about a value (the characters are shown as ``\\x1b``, ``\\u202e``);
- ``json_text`` for JSON (the characters are written as ``\\uXXXX``: the data is unchanged,
  French letters stay readable);
- ``terminal`` for a line already laid out (the app's last line of defence, a Textual line
  filter): zero-width controls are removed, so the layout's widths stay right;
- ``file_stem`` for a file name made from such a text (a new session's, an exported report's).

Nothing here imports Textual or rich: the engine, the reports and the app share it.
"""

from __future__ import annotations

import json
import re
import unicodedata
from typing import Any

# C0 controls but tab and line feed, DEL, C1 controls (0x9b is a one-byte CSI on some
# terminals), and the bidirectional marks, embeddings, overrides and isolates.
_BIDI = "\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"
UNSAFE = re.compile(f"[\x00-\x08\x0b-\x1f\x7f-\x9f{_BIDI}]")
# Everything a terminal may act on, tab and line feed included: for one-line texts.
UNSAFE_ON_A_LINE = re.compile(f"[\x00-\x1f\x7f-\x9f{_BIDI}]")
# Raw characters that JSON allows inside a string but a terminal acts on (C0 controls are
# always escaped by ``json.dumps``).
_JSON_UNSAFE = re.compile(f"[\x7f-\x9f{_BIDI}\u2028\u2029]")
_NEWLINES = re.compile("\r\n|[\r\u2028\u2029\x85]")


def is_safe(text: str) -> bool:
    """Whether ``text`` holds nothing a terminal would act on (tab and line feed aside)."""
    return UNSAFE.search(text) is None


def clean(value: Any, multiline: bool = False) -> str:
    """``value`` as text without control characters (an ANSI escape loses its ESC and shows as
    text); tabs become spaces. Newlines are kept only when ``multiline`` (notes); otherwise
    the lines are joined by spaces."""
    text = _NEWLINES.sub("\n", str(value))
    text = UNSAFE.sub("", text).replace("\t", " ")
    if not multiline:
        text = " ".join(part.strip() for part in text.split("\n") if part.strip())
    return text.strip("\n")


def escape(text: str) -> str:
    """``text`` on one line, each unsafe character (line breaks included) shown as its Python
    escape: for messages that quote a user's value, where the reader must see what is there."""
    if text.isprintable() and UNSAFE_ON_A_LINE.search(text) is None:
        return text
    return "".join(
        ch if ch.isprintable() and not UNSAFE_ON_A_LINE.match(ch) else ascii(ch)[1:-1]
        for ch in text
    )


def terminal(text: str) -> str:
    """``text`` with every control and bidi character removed, line breaks included: for a
    piece of a line already laid out (each removed character takes no cell)."""
    return UNSAFE_ON_A_LINE.sub("", text)


def escape_json(text: str) -> str:
    """JSON text with raw C1 controls, DEL, bidi marks and line separators written as
    ``\\uXXXX``. Only valid on JSON (those characters can only be inside its strings)."""
    return _JSON_UNSAFE.sub(lambda found: f"\\u{ord(found.group()):04x}", text)


def json_text(data: Any, indent: int | None = 2) -> str:
    """``data`` as JSON that is safe to print in a terminal, non-ASCII letters kept readable,
    with a final newline."""
    return escape_json(json.dumps(data, ensure_ascii=False, indent=indent)) + "\n"


def file_stem(text: str, default: str) -> str:
    """``Café « Martin & Fils »`` -> ``cafe-martin-fils``: ASCII letters and digits joined by
    hyphens, at most 60 characters, ``default`` when nothing is left. The one slugifier: a
    session's file and its report's are named alike."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    stem = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return stem[:60].strip("-") or default
