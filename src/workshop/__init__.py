"""workshop: run a live "social media: should we go, and how?" workshop from the terminal.

A plugin needs only what this module exports: ``hookimpl`` to mark its hooks, and the stage API
(``Stage``, ``Finding``, ``StageResult``, ``StageContext``, ``Network``, ``ReportSection``).
"""

import os as _os
import sys as _sys

_program = (getattr(_sys, "argv", None) or [""])[0]
if _os.path.basename(_program) in ("workshop", "workshop.exe", "workshop-script.py"):
    # Started as the `workshop` command (its console script): the cyclic collector is held
    # off from here, before pydantic loads, not only from cli.main (see workshop/startup.py:
    # what start-up makes lives as long as the program). Measured: `import workshop` 74-75 ms
    # with the collector on, 68-69 ms off; paused and resumed here it saves nothing (the
    # first collection after walks everything made meanwhile). Any other program importing
    # workshop keeps its collector as it was.
    from workshop.startup import hold_collection

    hold_collection()

import pluggy  # noqa: E402 - after the collector is held

from workshop.stage import (  # noqa: E402
    Finding,
    Network,
    ReportSection,
    Stage,
    StageContext,
    StageResult,
)

# The one place the version is written (pyproject.toml reads it from here). Not read from the
# installed metadata: importlib.metadata costs ~35 ms at every start of `workshop report`.
__version__ = "0.1.0"

hookimpl = pluggy.HookimplMarker("workshop")

__all__ = [
    "Finding",
    "Network",
    "ReportSection",
    "Stage",
    "StageContext",
    "StageResult",
    "hookimpl",
]
