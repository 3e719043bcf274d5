"""workshop: run a live "social media: should we go, and how?" workshop from the terminal.

A plugin needs only what this module exports: ``hookimpl`` to mark its hooks, and the stage API
(``Stage``, ``Finding``, ``StageResult``, ``StageContext``, ``Network``, ``ReportSection``).
"""

import pluggy

from workshop.stage import Finding, Network, ReportSection, Stage, StageContext, StageResult

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
