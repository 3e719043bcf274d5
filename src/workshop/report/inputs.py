"""What a report needs beyond the recommendation, computed BEFORE any renderer runs.

Renderers only lay out (issue 18): the what-if advice of a not_yet or no_go memo and a
follow-up's progress are worked out here, once, by ``workshop report``, ``export_report`` or the
app's export, and handed to the renderer in a ``ReportInputs``. A renderer given none shows
neither section; it never searches, reads a file or recomputes.
"""

from __future__ import annotations

import base64
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from workshop.engine.recommendation import recommend
from workshop.session.errors import SessionError
from workshop.session.io import load_session

if TYPE_CHECKING:
    from workshop.engine.followup import Snapshot
    from workshop.engine.recommendation import Recommendation
    from workshop.engine.whatif import WhatIf
    from workshop.plugins import PluginHost
    from workshop.stage import Finding

# Verdicts whose memo carries "what would get you to go" (a go memo does not: the facilitator
# keeps the full what-if in the app).
ADVISED = ("not_yet", "no_go")
LOGO_LIMIT = 512 * 1024  # bytes: a logo is a mark, not a photograph
LOGO_TYPES = ("image/png", "image/jpeg", "image/svg+xml", "image/gif", "image/webp")


@dataclass
class Progress:
    """A follow-up's progress: the verdict over time, findings resolved and new."""

    timeline: list[Snapshot]
    resolved: list[Finding] = field(default_factory=list)
    appeared: list[Finding] = field(default_factory=list)


@dataclass
class Brand:
    """An agency's name, logo (a ``data:`` URI, read beforehand) and colour on its reports."""

    name: str | None = None
    logo: str | None = None
    colour: str | None = None


@dataclass
class ReportInputs:
    """Everything a renderer is given besides the recommendation."""

    whatif: WhatIf | None = None
    progress: Progress | None = None
    with_notes: bool = False
    brand: Brand = field(default_factory=Brand)


def prepare(recommendation: Recommendation, host: PluginHost | None, *,
            path: str | Path | None = None, with_notes: bool = False,
            whatif: bool = True) -> ReportInputs:
    """Compute the what-if (not_yet and no_go only) and the progress of a follow-up."""
    return ReportInputs(
        whatif=advice(recommendation, host) if whatif else None,
        progress=progress(recommendation, host, path),
        with_notes=with_notes,
        brand=brand(recommendation),
    )


def advice(recommendation: Recommendation, host: PluginHost | None) -> WhatIf | None:
    """The what-if search for a memo that says "not yet" or "no"; None for a go memo."""
    evaluation = recommendation.evaluation
    if host is None or evaluation is None or recommendation.verdict not in ADVISED:
        return None
    from workshop.engine.whatif import search  # ~2.4 ms: only a not_yet or no_go memo's

    return search(evaluation.session, host, 3)


def progress(recommendation: Recommendation, host: PluginHost | None,
             path: str | Path | None) -> Progress | None:
    """For a follow-up session: the timeline, and with its ``path`` the findings compared."""
    evaluation = recommendation.evaluation
    if evaluation is None or not (evaluation.session.session.model_extra or {}).get("previous"):
        return None  # not a follow-up: engine.followup (~2.8 ms to import) is not needed
    from workshop.engine.followup import finding_changes, history, recorded_previous, snapshot

    session = evaluation.session
    previous, recorded = recorded_previous(session)
    if previous is None or recorded is None:
        return None
    if path is None or host is None:
        return Progress([recorded, snapshot(path or "", session, recommendation)])
    previous_path = (Path(path).resolve().parent / previous).resolve()
    known = {}
    resolved: list[Finding] = []
    appeared: list[Finding] = []
    try:
        old = load_session(previous_path)
    except (OSError, SessionError):  # gone or broken: the recorded figures remain
        old = None
    if old is not None:
        known[previous_path] = old
        resolved, appeared = finding_changes(recommend(old, host), recommendation)
    return Progress(history(path, session, host, recommendation, known), resolved, appeared)


def brand(recommendation: Recommendation) -> Brand:
    """The agency's brand from the settings in force (``[brand]``: name, logo, colour)."""
    evaluation = recommendation.evaluation
    data: Any = getattr(evaluation.settings, "brand", None) if evaluation else None
    if data is None:
        return Brand()
    if not isinstance(data, dict):
        data = data.model_dump() if hasattr(data, "model_dump") else dict(vars(data))
    return Brand(name=_text(data.get("name")), logo=logo_uri(data.get("logo")),
                 colour=_colour(data.get("colour")))


def _text(value: Any) -> str | None:
    return value.strip() if isinstance(value, str) and value.strip() else None


def _colour(value: Any) -> str | None:
    """Only ``#rrggbb``: a colour goes into the stylesheet, so nothing else gets in."""
    if isinstance(value, str) and len(value) == 7 and value[0] == "#":
        try:
            int(value[1:], 16)
        except ValueError:
            return None
        return value.lower()
    return None


def logo_uri(value: Any) -> str | None:
    """A logo as a ``data:`` URI (the HTML fetches nothing): given so, or read from a file."""
    if not isinstance(value, str) or not value.strip():
        return None
    value = value.strip()
    if value.startswith("data:image/"):
        return value if len(value) <= LOGO_LIMIT * 2 else None
    import mimetypes  # only for a logo file: ~0.3-0.6 ms a process

    kind = mimetypes.guess_type(value)[0]
    if kind not in LOGO_TYPES:
        return None
    try:
        path = Path(value).expanduser()
        if not path.is_file() or path.stat().st_size > LOGO_LIMIT:
            return None
        content = path.read_bytes()
    except OSError:
        return None
    return f"data:{kind};base64,{base64.b64encode(content).decode('ascii')}"
