"""What the report tests share: fixture sessions, a recommendation from a file, an HTML check."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

from workshop.engine.recommendation import Recommendation, recommend
from workshop.plugins import PluginHost
from workshop.session.io import load_session_text

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
FIXTURES = sorted((HERE / "sessions").glob("*.toml"))


def session_files() -> list[Path]:
    """The report fixtures, then every example session shipped in sessions/ (may come later)."""
    examples = sorted((ROOT / "sessions").glob("examples/*.toml"))
    examples += sorted((ROOT / "sessions").glob("*.toml"))
    return FIXTURES + examples


def fixture(name: str) -> Path:
    return HERE / "sessions" / name


def recommendation_of(path: Path, host: PluginHost, lang: str | None = None) -> Recommendation:
    """The recommendation of a session file, in its language or in ``lang``."""
    session, text = load_session_text(path)
    if lang is not None:
        session.session.language = lang
    return recommend(session, host, path=path, text=text)


# Every element the HTML report may contain: anything else came from client text.
ALLOWED_TAGS = {
    "html", "head", "meta", "title", "style", "body", "div", "header", "main", "footer",
    "section", "article", "figure", "figcaption", "h1", "h2", "h3", "h4", "p", "img", "span",
    "strong", "em",
    "dl", "dt", "dd", "ul", "ol", "li", "table", "thead", "tbody", "tr", "th", "td",
    "blockquote", "br", "svg", "rect", "line", "circle", "text",
}
VOID = {"meta", "br", "rect", "line", "circle", "img"}


class TagCheck(HTMLParser):
    """Collects elements and checks that they nest: a client string that broke out would not."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.attributes: list[tuple[str, str | None]] = []
        self.stack: list[str] = []
        self.errors: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.attributes += attrs
        if tag not in VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.attributes += attrs

    def handle_endtag(self, tag: str) -> None:
        if tag in VOID:
            return
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"</{tag}> closes <{self.stack[-1] if self.stack else None}>")
            return
        self.stack.pop()

    def handle_data(self, data: str) -> None:
        if self.stack and self.stack[-1] == "style":
            return
        self.text.append(data)


def check_html(document: str) -> TagCheck:
    parser = TagCheck()
    parser.feed(document)
    parser.close()
    return parser
