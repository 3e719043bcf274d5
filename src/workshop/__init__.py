"""workshop: run a live "social media: should we go, and how?" workshop from the terminal.

A plugin needs only what this module exports: ``hookimpl`` to mark its hooks, and the stage API
(``Stage``, ``Finding``, ``StageResult``, ``StageContext``, ``Network``, ``ReportSection``).
"""

from importlib.metadata import PackageNotFoundError, version

import pluggy

from workshop.stage import Finding, Network, ReportSection, Stage, StageContext, StageResult

try:
    __version__ = version("workshop")
except PackageNotFoundError:  # running from a source tree that is not installed
    __version__ = "0.0.0"

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
