"""Helpers for the core stage tests: session files from answers, findings by code."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import tomli_w

from workshop.engine.evaluation import Evaluation
from workshop.stage import Finding

# The ``run`` fixture: answers by stage id (and session_text's options) in, evaluation out.
Run = Callable[..., Evaluation]

CORE = ("objectives", "audience", "networks", "resources", "tone", "duration")


def session_text(
    stages: dict[str, dict[str, Any]],
    *,
    size: str = "small",
    market: str = "b2c",
    status: str = "in_progress",
    statuses: dict[str, str] | None = None,
    settings: dict[str, Any] | None = None,
) -> str:
    """A session file holding these answers by stage id (status in_progress unless given,
    for every stage or, in ``statuses``, stage by stage): a workshop under way, whose stages'
    rules run on whatever is answered so far.
    """
    data: dict[str, Any] = {
        "schema_version": 1,
        "session": {
            "organisation": "Boulangerie Martin",
            "kind": "business",
            "size": size,
            "market": market,
            "language": "fr",
        },
        "stages": {
            stage_id: {"status": (statuses or {}).get(stage_id, status), "answers": answers}
            for stage_id, answers in stages.items()
        },
    }
    if settings:
        data["settings"] = settings
    return tomli_w.dumps(without_none(data))


def without_none(value: Any) -> Any:
    """TOML has no null: a None answer is written as no answer at all, as the app saves it."""
    if isinstance(value, dict):
        return {key: without_none(item) for key, item in value.items() if item is not None}
    if isinstance(value, list):
        return [without_none(item) for item in value if item is not None]
    return value


def findings(evaluation: Evaluation, stage_id: str) -> list[Finding]:
    outcome = evaluation.outcomes[stage_id]
    assert not outcome.problems, outcome.problems
    assert outcome.error is None, outcome.error
    return outcome.findings


def codes(evaluation: Evaluation, stage_id: str) -> set[str]:
    return {finding.code for finding in findings(evaluation, stage_id)}


def one(evaluation: Evaluation, stage_id: str, code: str) -> Finding:
    """The single finding with this code (each rule gives at most one per stage)."""
    found = [f for f in findings(evaluation, stage_id) if f.code == code]
    assert len(found) == 1, [f.code for f in findings(evaluation, stage_id)]
    return found[0]


def figures(evaluation: Evaluation, stage_id: str) -> dict[str, Any]:
    return evaluation.outcomes[stage_id].figures


def rules(evaluation: Evaluation, stage_id: str) -> dict[str, tuple[str, str | None]]:
    """Each finding's code with its severity and kind: what a rule test asserts on."""
    found = findings(evaluation, stage_id)
    assert len({f.code for f in found}) == len(found), [f.code for f in found]
    return {f.code: (f.severity, f.kind) for f in found}
