"""The HTML report in a real browser: headless Chromium prints it to A4 and takes a screenshot.

Runs whenever Chromium is installed, and always under CI=true (a missing browser then fails
instead of skipping). The PDF's pages and text are read with poppler's pdftotext/pdfinfo when
present, else with pypdf. Screenshots and PDFs are kept in test-artifacts/report/ to look at.
"""

from __future__ import annotations

import html
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest
from report_support import ROOT, fixture, recommendation_of
from support import chromium_command, unavailable

from workshop.plugins import PluginHost
from workshop.report import prepare
from workshop.report.html import render_html

pytestmark = pytest.mark.browser

ARTIFACTS = ROOT / "test-artifacts" / "report"
A4_POINTS = (595.0, 842.0)


def run_chromium(html_file: Path, *options: str) -> None:
    with tempfile.TemporaryDirectory(prefix="chromium-profile-") as profile:
        command = chromium_command(profile, "--disable-gpu", *options,
                                   html_file.resolve().as_uri())
        result = subprocess.run(command, capture_output=True, text=True, timeout=180,
                                check=False)
    assert result.returncode == 0, result.stderr[-2000:]


def print_pdf(html_file: Path, pdf: Path) -> None:
    run_chromium(html_file, "--no-pdf-header-footer", f"--print-to-pdf={pdf}")
    assert pdf.read_bytes().startswith(b"%PDF"), "Chromium wrote no PDF"


def screenshot(html_file: Path, png: Path, width: int, height: int) -> None:
    run_chromium(html_file, "--hide-scrollbars", f"--window-size={width},{height}",
                 f"--screenshot={png}")
    assert png.read_bytes().startswith(b"\x89PNG"), "Chromium wrote no screenshot"


class Pdf:
    """Page count, page size and text per page, by pdftotext/pdfinfo or pypdf."""

    def __init__(self, path: Path) -> None:
        self.path = path
        if shutil.which("pdftotext") and shutil.which("pdfinfo"):
            info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True,
                                  check=True).stdout
            self.pages = int(re.search(r"Pages:\s+(\d+)", info).group(1))
            size = re.search(r"Page size:\s+([\d.]+) x ([\d.]+)", info)
            self.size = (float(size.group(1)), float(size.group(2)))
            self.texts = [subprocess.run(["pdftotext", "-f", str(n), "-l", str(n), str(path),
                                          "-"], capture_output=True, text=True,
                                         check=True).stdout for n in range(1, self.pages + 1)]
            return
        try:
            import pypdf
        except ImportError:
            unavailable("neither poppler-utils (pdftotext) nor pypdf is installed")
        reader = pypdf.PdfReader(str(path))
        self.pages = len(reader.pages)
        box = reader.pages[0].mediabox
        self.size = (float(box.width), float(box.height))
        self.texts = [page.extract_text() or "" for page in reader.pages]

    def flat(self, page: int | None = None) -> str:
        texts = self.texts if page is None else [self.texts[page]]
        return " ".join(" ".join(texts).replace("\u00a0", " ").split())


def render_to(tmp_path: Path, name: str, host: PluginHost, session: Path,
              lang: str | None = None, with_notes: bool = False) -> Path:
    html_file = tmp_path / f"{name}.html"
    recommendation = recommendation_of(session, host, lang)
    inputs = prepare(recommendation, host, path=session, with_notes=with_notes)
    html_file.write_text(render_html(recommendation, host, inputs), "utf-8")
    return html_file


def keep(path: Path) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(path, ARTIFACTS / path.name)


def test_report_prints_to_a4_and_reads_on_a_phone(host: PluginHost, tmp_path: Path) -> None:
    html_file = render_to(tmp_path, "boulangerie_fr", host, fixture("boulangerie_fr.toml"),
                          with_notes=True)
    pdf_file = tmp_path / "boulangerie_fr-a4.pdf"
    print_pdf(html_file, pdf_file)
    pdf = Pdf(pdf_file)
    keep(pdf_file)
    assert 2 <= pdf.pages <= 8
    assert abs(pdf.size[0] - A4_POINTS[0]) < 3 and abs(pdf.size[1] - A4_POINTS[1]) < 3
    text = pdf.flat()
    for expected in ("Boulangerie Martin", "On y va, sous conditions", "Pourquoi",
                     "Prochaines étapes", "Le plan", "Initier le dialogue", "Claire Dubois",
                     "Notes de l'animateur", "Annexe", "Références"):
        assert expected in text, expected
    # page numbers from the print stylesheet, on every page
    for number in range(1, pdf.pages + 1):
        assert re.search(rf"\b{number} ?/ ?{pdf.pages}\b", pdf.flat(number - 1)), number
    # the annex starts a page of its own
    appendix = annex_page(pdf)
    assert appendix > 0 and "Notes de l'animateur" not in pdf.flat(appendix)
    # first page, as the client sees it on a laptop and on a phone
    for label, width, height in (("desktop", 1000, 1400), ("phone", 390, 844)):
        png = tmp_path / f"boulangerie_fr-{label}.png"
        screenshot(html_file, png, width, height)
        keep(png)


ANNEX = ("Annexe", "Annex")


def annex_page(pdf: Pdf) -> int:
    """The page the annex starts on: its heading stands on a line of its own."""
    for number, text in enumerate(pdf.texts):
        if any(line.strip() in ANNEX for line in text.splitlines()):
            return number
    raise AssertionError("no annex heading in the PDF")


def headings(document: str) -> list[str]:
    """The memo's headings, as the PDF's text shows them (no-break spaces as spaces)."""
    found = re.findall(r"<h[1-4][^>]*>(.*?)</h[1-4]>", document, flags=re.S)
    return [" ".join(html.unescape(re.sub(r"<[^>]+>", "", h)).replace("\u00a0", " ").split())
            for h in found]


def body_of(page: str, margin: list[str]) -> str:
    """A page's text without its margin (the memo's name, the page number)."""
    lines = [" ".join(line.replace("\u00a0", " ").split()) for line in page.splitlines()]
    return " ".join(line for line in lines
                    if line and line not in margin and not re.fullmatch(r"\d+ ?/ ?\d+", line))


def examples() -> list[Path]:
    root = ROOT / "sessions"
    return sorted(root.glob("demo*.toml")) + sorted((root / "examples").glob("*.toml"))


@pytest.mark.parametrize("lang", ["fr", "en"])
@pytest.mark.parametrize("session", examples(), ids=lambda path: path.stem)
def test_every_example_prints_as_a_memo(host: PluginHost, tmp_path: Path, session: Path,
                                        lang: str) -> None:
    """At most 4 A4 pages before the annex, no page of footer alone, no heading ending a
    page: printed by Chromium, read back page by page."""
    name = f"{session.stem}-{lang}"
    html_file = render_to(tmp_path, name, host, session, lang)
    document = html_file.read_text("utf-8")
    pdf_file = tmp_path / f"{name}.pdf"
    print_pdf(html_file, pdf_file)
    pdf = Pdf(pdf_file)
    keep(pdf_file)
    recommendation = recommendation_of(session, host, lang)
    annex = annex_page(pdf)
    assert annex <= 4, f"{annex} pages before the annex"
    footer = re.search(r"<footer><p>(.*?)</p></footer>", document, flags=re.S)
    shown = " ".join(html.unescape(footer.group(1)).replace("\u00a0", " ").split())
    margin = [shown + f" · {n} / {pdf.pages}" for n in range(1, pdf.pages + 1)] + [shown]
    titles = [t for t in headings(document) if t]
    for number, page in enumerate(pdf.texts):
        body = body_of(page, margin)
        assert body, f"page {number + 1} holds only its footer: {page!r}"
        if number + 1 < pdf.pages:
            ending = [t for t in titles if body.endswith(t)]
            assert ending == [], f"page {number + 1} ends with the heading {ending}"
    if "<" not in recommendation.organisation:
        assert " ".join(recommendation.organisation.split()) in pdf.flat()


def test_hostile_text_is_text_in_the_browser(host: PluginHost, tmp_path: Path) -> None:
    html_file = render_to(tmp_path, "hostile_en", host, fixture("hostile_en.toml"),
                          with_notes=True)
    pdf_file = tmp_path / "hostile_en.pdf"
    print_pdf(html_file, pdf_file)
    keep(pdf_file)
    text = Pdf(pdf_file).flat()
    # a script that ran or markup that applied would not be printed as these words
    for shown in ("<script>alert('org')</script>", "[bold red]Evil[/bold red]",
                  "</td></tr></table><h1>Owned</h1>", "<style>body{display:none}</style>"):
        assert shown in text, shown
    png = tmp_path / "hostile_en-desktop.png"
    screenshot(html_file, png, 1000, 1400)
    keep(png)
