"""Renderers of the recommendation: text (rich), JSON, Markdown, HTML.

Each renderer takes a ``Recommendation`` and returns text; none of them imports Textual.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from workshop.engine.recommendation import Recommendation
    from workshop.plugins import PluginHost

FORMATS = ("text", "json", "markdown", "html")


def render(recommendation: Recommendation, fmt: str, host: PluginHost | None = None,
           width: int | None = None, path: str | Path | None = None) -> str:
    """The report in one of ``FORMATS``.

    With the session's ``path``, a follow-up session's report compares it with the previous one.
    """
    if fmt == "json":
        from workshop.report.json import render_json

        return render_json(recommendation)
    if fmt == "markdown":
        from workshop.report.markdown import render_markdown

        return render_markdown(recommendation, host, path=path)
    if fmt == "html":
        from workshop.report.html import render_html

        return render_html(recommendation, host, path=path)
    from workshop.report.text import render_text

    return render_text(recommendation, host, width=width, path=path)
