"""The HTML memo: one self-contained file to send, read on a phone, or print to A4.

Laid out by a jinja2 template (``templates/memo.html.j2``) with autoescaping, so an agency can
restyle and brand it (name, logo, colour from its settings' ``[brand]``). Inline CSS only: no
script, no font, nothing fetched (a Content-Security-Policy says so too); a logo comes as a
``data:`` URI read before rendering. The renderer computes nothing: the what-if and a
follow-up's progress arrive in ``ReportInputs``.
"""

from __future__ import annotations

from functools import cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

from jinja2 import Environment, FileSystemBytecodeCache, FileSystemLoader, StrictUndefined
from markupsafe import Markup

from workshop import __version__
from workshop.datafiles import cache_folder
from workshop.report.content import ICONS, ReportContent, build_content
from workshop.report.escape import e

if TYPE_CHECKING:
    from jinja2 import Template

    from workshop.engine.recommendation import Recommendation
    from workshop.plugins import PluginHost
    from workshop.report.inputs import ReportInputs

__all__ = ["render_html", "e"]

TEMPLATES = Path(__file__).resolve().parent / "templates"
CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"


@cache
def stylesheet() -> str:
    return resources.files("workshop.report").joinpath("report.css").read_text("utf-8")


@cache
def environment() -> Environment:
    # Compiling the template costs some 50 ms a process: its bytecode is kept in the user's
    # cache folder (checked against the template's text by jinja2; WORKSHOP_CACHE_DIR="" turns
    # it off). Measured: `workshop report --format html` 2.1x its floor without, 1.5x with.
    folder = cache_folder()
    bytecode = None
    if folder is not None:
        try:
            (folder / "templates").mkdir(parents=True, exist_ok=True)
            bytecode = FileSystemBytecodeCache(str(folder / "templates"))
        except OSError:
            bytecode = None
    # the package's own folder (a PackageLoader costs some 3 ms more to find it)
    return Environment(loader=FileSystemLoader(TEMPLATES), autoescape=True,
                       undefined=StrictUndefined, bytecode_cache=bytecode)


@cache
def template() -> Template:
    return environment().get_template("memo.html.j2")


def css_string(text: str) -> str:
    """Text for inside a CSS string: every character but letters, digits and spaces as an
    escape, so that no client text can end the string or the style sheet."""
    return "".join(ch if ch.isalnum() and ch.isascii() or ch == " " else f"\\{ord(ch):06x} "
                   for ch in text)


def render_content(c: ReportContent) -> str:
    footer = c.word("footer", organisation=c.organisation, date=c.date(c.day))
    return template().render(
        c=c, brand=c.brand, icons=ICONS, csp=Markup(CSP), version=__version__,
        stylesheet=Markup(stylesheet()), footer=footer.removesuffix(" · page"),
        footer_css=Markup(css_string(footer.removesuffix(" · page"))),
    )


def render_html(recommendation: Recommendation, host: PluginHost | None = None,
                inputs: ReportInputs | None = None) -> str:
    """The whole memo as one HTML document, with its style inside."""
    return render_content(build_content(recommendation, host, inputs))
