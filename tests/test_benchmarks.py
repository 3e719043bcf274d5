"""The benchmark script runs and writes its results table (no timing is asserted: the machine is
shared, and the bar is read in benchmarks/RESULTS.md, not enforced by the tests)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "benchmarks" / "run.py"


def test_quick_run_writes_a_table_with_every_figure(tmp_path: Path) -> None:
    output = tmp_path / "RESULTS.md"
    work = tmp_path / "work"
    done = subprocess.run(
        [sys.executable, str(SCRIPT), "--quick", "--output", str(output), "--work", str(work)],
        capture_output=True, text=True, timeout=600, cwd=ROOT,
    )
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    text = output.read_text(encoding="utf-8")
    assert text.startswith("# Benchmark results")
    assert "nproc" in text and "python" in text
    header = "| benchmark | measured: median (min–max) | floor: median (min–max)"
    assert header in text
    for figure in ("`workshop report --format json`, entry points off",
                   "`workshop report --format json`, entry points on",
                   "app: first screen ready",
                   "recompute after one answer: core stages",
                   "plugin stages",
                   "autosave (SessionStore.save): usual session",
                   "session picker"):
        assert figure in text, figure
    rows = [line for line in text.splitlines() if line.startswith("| ") and "---" not in line]
    # every figure has a result: ok, MISSES, info, not yet available, or the error it met
    results = [row.rstrip(" |").rsplit("|", 1)[-1].strip() for row in rows[1:]]
    assert all(results), rows
    assert "Recompute against the number of plugin stages" in text
    # the table printed is the table written
    assert "| `workshop report --format json`, entry points off |" in done.stdout
    assert not work.exists()  # the scratch sessions are gone

