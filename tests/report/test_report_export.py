"""export_report: the app's export action writes a whole report or nothing."""

from __future__ import annotations

from pathlib import Path

import pytest
from report_support import fixture, recommendation_of

from workshop.plugins import PluginHost
from workshop.report import render
from workshop.report.export import default_filename, export_report
from workshop.session.io import temporary_files


@pytest.mark.parametrize("fmt", ["html", "markdown", "text", "json"])
def test_export_writes_the_report(host: PluginHost, tmp_path: Path, fmt: str) -> None:
    recommendation = recommendation_of(fixture("boulangerie_fr.toml"), host)
    target = tmp_path / f"out.{fmt}"
    written = export_report(recommendation, host, fmt, target)
    assert written == target
    assert target.read_text("utf-8") == render(recommendation, fmt, host)
    assert temporary_files(target) == []


def test_export_to_a_folder_names_the_file(host: PluginHost, tmp_path: Path) -> None:
    recommendation = recommendation_of(fixture("boulangerie_fr.toml"), host)
    written = export_report(recommendation, host, "html", tmp_path)
    assert written == tmp_path / "boulangerie-martin-2026-11-22.html"
    assert written.read_text("utf-8").startswith("<!DOCTYPE html>")
    assert default_filename(recommendation, "markdown") == "boulangerie-martin-2026-11-22.md"


def test_export_replaces_an_old_report_whole(host: PluginHost, tmp_path: Path) -> None:
    recommendation = recommendation_of(fixture("studio_en.toml"), host)
    target = tmp_path / "report.md"
    target.write_text("old report", "utf-8")
    export_report(recommendation, host, "markdown", target)
    assert target.read_text("utf-8").startswith("# Social media: should we go?")


def test_hostile_names_make_a_safe_filename(host: PluginHost, tmp_path: Path) -> None:
    recommendation = recommendation_of(fixture("hostile_en.toml"), host)
    name = default_filename(recommendation, "html")
    assert "/" not in name and ".." not in name and name.endswith(".html")
    assert export_report(recommendation, host, "html", tmp_path).parent == tmp_path


def test_unknown_format_is_refused(host: PluginHost, tmp_path: Path) -> None:
    recommendation = recommendation_of(fixture("studio_en.toml"), host)
    with pytest.raises(ValueError, match="pdf"):
        export_report(recommendation, host, "pdf", tmp_path / "x.pdf")
    assert list(tmp_path.iterdir()) == []


def test_unwritable_target_raises_and_leaves_nothing(host: PluginHost, tmp_path: Path) -> None:
    """A parent that is a file: no one can write there, root included."""
    recommendation = recommendation_of(fixture("studio_en.toml"), host)
    blocker = tmp_path / "a-file"
    blocker.write_text("", "utf-8")
    with pytest.raises(OSError):
        export_report(recommendation, host, "html", blocker / "r.html")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a-file"]


def test_missing_folder_raises(host: PluginHost, tmp_path: Path) -> None:
    recommendation = recommendation_of(fixture("studio_en.toml"), host)
    with pytest.raises(OSError):
        export_report(recommendation, host, "html", tmp_path / "nowhere" / "r.html")


def test_export_leaves_the_notes_out_unless_asked(host: PluginHost, tmp_path: Path) -> None:
    """The app's export dialog asks; the notes are private by default."""
    recommendation = recommendation_of(fixture("boulangerie_fr.toml"), host)
    note = next(record.notes.splitlines()[0].strip()
                for record in recommendation.evaluation.session.stages.values() if record.notes)
    plain = export_report(recommendation, host, "markdown", tmp_path / "plain.md")
    noted = export_report(recommendation, host, "markdown", tmp_path / "noted.md",
                          with_notes=True)
    flat = " ".join(noted.read_text("utf-8").replace("\u00a0", " ").split())
    assert note.split()[0] in flat and "Notes de l'animateur" in flat
    assert "Notes de l'animateur" not in plain.read_text("utf-8").replace("\u00a0", " ")


def test_export_never_writes_over_a_session(host: PluginHost, tmp_path: Path) -> None:
    recommendation = recommendation_of(fixture("studio_en.toml"), host)
    session = tmp_path / "studio.toml"
    session.write_text(fixture("studio_en.toml").read_text("utf-8"), "utf-8")
    before = session.read_bytes()
    with pytest.raises(ValueError):
        export_report(recommendation, host, "markdown", session, session_path=session)
    assert session.read_bytes() == before


def test_report_files_get_the_users_umask(cli, tmp_path: Path) -> None:  # noqa: ANN001
    import os

    old = os.umask(0o022)
    try:
        out = tmp_path / "memo.html"
        result = cli("report", str(fixture("studio_en.toml")), "--format", "html", "-o",
                     str(out))
    finally:
        os.umask(old)
    assert result.returncode == 0, result.stderr
    assert out.stat().st_mode & 0o777 == 0o644
    refused = cli("report", str(fixture("studio_en.toml")), "-o", str(tmp_path / "x.toml"))
    assert refused.returncode == 1 and not (tmp_path / "x.toml").exists()


def test_agency_brand_from_the_settings(host: PluginHost, tmp_path: Path) -> None:
    """Name, logo and colour from the settings' [brand]; a colour that is not #rrggbb or a
    logo that is not an image never reaches the page."""
    import base64

    from workshop.report import prepare
    from workshop.report.html import render_html

    logo = tmp_path / "logo.png"
    logo.write_bytes(base64.b64decode(
        "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=="))
    text = fixture("studio_en.toml").read_text("utf-8")
    branded = tmp_path / "branded.toml"
    branded.write_text(text + f'\n[settings.brand]\nname = "Agence <Nord>"\nlogo = "{logo}"\n'
                       'colour = "#7a2e0e"\n', "utf-8")
    recommendation = recommendation_of(branded, host)
    # read before rendering (the renderer reads no file): the logo becomes a data: URI
    document = render_html(recommendation, host, prepare(recommendation, host))
    assert "Prepared by Agence &lt;Nord&gt;" in document
    assert 'src="data:image/png;base64,iVBOR' in document
    assert "--brand: #7a2e0e" in document
    from workshop.report.inputs import logo_uri
    assert logo_uri(str(tmp_path / "notes.txt")) is None
    assert logo_uri("javascript:alert(1)") is None
