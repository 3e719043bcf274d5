"""Write a report to a file, atomically: the app's export action and scripts call this.

A half-written report is never left behind: the file is written beside its target and renamed
over it (``workshop.session.io.atomic_write``, which gives a new file the user's umask).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from workshop.engine.recommendation import session_date
from workshop.report import FORMATS, prepare, render
from workshop.sanitise import file_stem
from workshop.session.io import atomic_write

if TYPE_CHECKING:
    from workshop.engine.recommendation import Recommendation
    from workshop.plugins import PluginHost
    from workshop.report.inputs import ReportInputs

EXTENSIONS = {"text": ".txt", "json": ".json", "markdown": ".md", "html": ".html"}


def default_filename(recommendation: Recommendation, fmt: str) -> str:
    """``boulangerie-martin-2026-11-22.html``: the organisation and the workshop's day."""
    day = (session_date(recommendation.evaluation.session).isoformat()
           if recommendation.evaluation else "")
    stem = "-".join(part for part in (file_stem(recommendation.organisation, "report"), day)
                    if part)
    return stem + EXTENSIONS[fmt]


def export_report(recommendation: Recommendation, host: PluginHost | None, fmt: str,
                  path: str | Path, session_path: str | Path | None = None, *,
                  with_notes: bool = False, inputs: ReportInputs | None = None) -> Path:
    """Render the report in ``fmt`` and write it atomically to ``path``; return the file written.

    ``path`` may be a folder: the file is then named by ``default_filename``. Raises
    ``ValueError`` for an unknown format or a ``.toml`` target (a report never replaces a
    session) and ``OSError`` when the file cannot be written (nothing is half-written).
    ``with_notes``: the facilitator's notes go in (they are private by default: the export
    dialog asks). ``session_path`` lets a follow-up's report show its progress. ``inputs``:
    what the caller computed already (the app's what-if, off the UI thread).
    """
    if fmt not in FORMATS:
        raise ValueError(f"unknown report format {fmt!r} (allowed: {', '.join(FORMATS)})")
    target = Path(path)
    if target.is_dir():
        target = target / default_filename(recommendation, fmt)
    if target.suffix.lower() == ".toml" or (
            session_path is not None and target.exists()
            and target.resolve() == Path(session_path).resolve()):
        raise ValueError(f"{target}: a report is never written over a session file")
    if inputs is None and fmt != "json":
        inputs = prepare(recommendation, host, path=session_path, with_notes=with_notes)
    text = render(recommendation, fmt, host, inputs=inputs)
    atomic_write(target, text)
    return target
