"""Renderers of the take-home memo: text (rich), JSON, Markdown, HTML.

Each renderer takes a ``Recommendation`` and the ``ReportInputs`` computed beforehand
(``report.inputs.prepare``: the what-if advice, a follow-up's progress, whether the notes go in,
the agency's brand) and returns text; none computes, reads a file, or imports Textual.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from workshop.report.json import render_json

if TYPE_CHECKING:
    from workshop.engine.recommendation import Recommendation
    from workshop.plugins import PluginHost
    from workshop.report.inputs import ReportInputs, prepare

FORMATS = ("text", "json", "markdown", "html")
__all__ = ["FORMATS", "ReportInputs", "prepare", "render"]


def __getattr__(name: str) -> Any:
    """``ReportInputs`` and ``prepare`` from ``report.inputs``, loaded when first asked for:
    `workshop report --format json` needs neither (0.8 ms)."""
    if name in ("ReportInputs", "prepare"):
        from workshop.report import inputs  # 0.8 ms a json report does without

        return getattr(inputs, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def render(recommendation: Recommendation, fmt: str, host: PluginHost | None = None,
           width: int | None = None, path: str | Path | None = None, *,
           with_notes: bool = False, inputs: ReportInputs | None = None) -> str:
    """The report in one of ``FORMATS``.

    ``inputs``: what was computed beforehand; without it, it is computed here (the what-if for
    a not_yet or no_go memo, and with the session's ``path`` a follow-up's progress), before
    the renderer runs. The facilitator's notes go in only ``with_notes``.
    """
    # each format's renderer loaded for it alone: html ~16 ms + jinja2 ~13 ms, text (rich)
    # ~17 ms, markdown ~1.7 ms, none of which a json report pays
    if fmt == "json":
        return render_json(recommendation)
    if inputs is None:
        from workshop.report.inputs import prepare  # 0.8 ms, not for json

        inputs = prepare(recommendation, host, path=path, with_notes=with_notes)
    if fmt == "markdown":
        from workshop.report.markdown import render_markdown  # ~1.7 ms

        return render_markdown(recommendation, host, inputs)
    if fmt == "html":
        from workshop.report.html import render_html  # ~16 ms with jinja2 ~13 ms

        return render_html(recommendation, host, inputs)
    from workshop.report.text import render_text  # rich, ~17 ms

    return render_text(recommendation, host, width=width, inputs=inputs)
