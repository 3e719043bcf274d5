"""The text memo on megabytes of notes stays fast and linear (issue 16, point 7: 5 MB of notes
took 13 s, 350,000 lines over a minute, because rich laid the notes out line by line)."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

import pytest
from report_support import fixture
from support import write_session

# Whole process, on a machine shared with other work: the figures measured are 2-4 s.
BOUND_SECONDS = 12.0


def with_notes(tmp_path: Path, name: str, notes: str) -> Path:
    text = fixture("boulangerie_fr.toml").read_text("utf-8")
    head, _, rest = text.partition("[stages.objectives]\n")
    rest = "\n".join(line for line in rest.split("\n") if not line.startswith("notes ="))
    return write_session(tmp_path, f'{head}[stages.objectives]\nnotes = """{notes}"""\n{rest}',
                         f"{name}.toml")


@pytest.mark.parametrize("name, notes", [
    ("one-line-5mb", "mot " * 1_250_000 + "FIN"),
    ("350k-lines", "\n".join(f"{n} : note" for n in range(350_000)) + "\nFIN"),
], ids=["one-line-5mb", "350k-lines"])
def test_text_memo_on_huge_notes_is_fast(cli: Callable, tmp_path: Path, name: str,
                                         notes: str) -> None:
    path = with_notes(tmp_path, name, notes)
    started = time.perf_counter()
    result = cli("report", str(path), "--with-notes", "-o", str(tmp_path / "memo.txt"))
    seconds = time.perf_counter() - started
    assert result.returncode == 0, result.stderr[-2000:]
    text = (tmp_path / "memo.txt").read_text("utf-8")
    assert "FIN" in text and "Notes de l'animateur" in text
    assert max(len(line) for line in text.splitlines()) <= 80
    assert seconds < BOUND_SECONDS, f"{seconds:.1f} s for {name}"
