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
