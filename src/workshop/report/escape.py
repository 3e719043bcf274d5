"""Escaping client text for each format, in one module that every renderer imports (and that
imports no renderer: no loop between the renderers and ``report/whatif.py``)."""

from __future__ import annotations

import re

from workshop.report.content import clean

# Inline markup anywhere in a line (CommonMark, GFM tables and strikethrough, common math).
_INLINE = re.compile(r"([\\`*_{}\[\]<>|~&$^])")
# Block markup at the start of a line: headings, lists, quotes, setext underlines, ordered
# lists. A list marker needs a space after it ("3. x", "- x"), so "3.8" or "-5" stay as typed.
_LEADING = re.compile(r"^(\s*)([#+-])(?=\s|$)|^(\s*)([>=])")
_ORDERED = re.compile(r"^(\s*\d+)([.)])(?=\s|$)")
_NBSP_BEFORE = re.compile(r" ([:;!?»])")
_NBSP_AFTER = re.compile(r"(«) ")


def md(text: object) -> str:
    """Client text as literal Markdown on one line: no markup, no HTML, no control characters."""
    line = _INLINE.sub(r"\\\1", clean(text))
    line = _LEADING.sub(lambda m: (m[1] or m[3] or "") + "\\" + (m[2] or m[4]), line)
    return _ORDERED.sub(r"\1\\\2", line)


def md_block(text: object) -> list[str]:
    """Client text over several lines (notes): each line literal, kept as a hard line break."""
    lines = [md(line.strip()) for line in clean(text, multiline=True).split("\n")]
    lines = [line for line in lines if line]
    return [line + "\\" for line in lines[:-1]] + lines[-1:]


def nbsp(text: str) -> str:
    """French spacing that never breaks: « quote », "Raison : …" stay on one line."""
    return _NBSP_BEFORE.sub("\u00a0\\1", _NBSP_AFTER.sub("\\1\u00a0", text))


def e(value: object) -> str:
    """Client (or any) text as HTML text: control characters dropped, markup escaped."""
    import html  # with html.entities ~1.3 ms: the memo's template escapes on its own

    return html.escape(nbsp(clean(value)), quote=True)
