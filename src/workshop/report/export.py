"""Write a report to a file, atomically: the app's export action and scripts call this.

A half-written report is never left behind: the file is written beside its target and renamed
over it (``workshop.session.io.atomic_write``).
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path
from typing import TYPE_CHECKING

from workshop.report import FORMATS, render
from workshop.session.io import atomic_write

if TYPE_CHECKING:
    from workshop.engine.recommendation import Recommendation
    from workshop.plugins import PluginHost

EXTENSIONS = {"text": ".txt", "json": ".json", "markdown": ".md", "html": ".html"}


def default_filename(recommendation: Recommendation, fmt: str) -> str:
    """``boulangerie-martin-2026-11-22.html``: the organisation and the workshop's day."""
    from workshop.engine.recommendation import session_date

    name = unicodedata.normalize("NFKD", recommendation.organisation)
    name = re.sub(r"[^a-z0-9]+", "-", name.encode("ascii", "ignore").decode().lower()).strip("-")
    day = (session_date(recommendation.evaluation.session).isoformat()
           if recommendation.evaluation else "")
    stem = "-".join(part for part in (name[:60].strip("-") or "report", day) if part)
    return stem + EXTENSIONS[fmt]


def export_report(recommendation: Recommendation, host: PluginHost | None, fmt: str,
                  path: str | Path, session_path: str | Path | None = None) -> Path:
    """Render the report in ``fmt`` and write it atomically to ``path``; return the file written.

    ``path`` may be a folder: the file is then named by ``default_filename``. Raises
    ``ValueError`` for an unknown format and ``OSError`` when the file cannot be written (the
    caller says so to the user; nothing is half-written). ``session_path`` lets a follow-up
    session's report show its progress since the previous one.
    """
    if fmt not in FORMATS:
        raise ValueError(f"unknown report format {fmt!r} (allowed: {', '.join(FORMATS)})")
    target = Path(path)
    if target.is_dir():
        target = target / default_filename(recommendation, fmt)
    text = render(recommendation, fmt, host, path=session_path)
    atomic_write(target, text)
    return target
