"""A probe stage whose findings are written in its answers, to test the verdict rules alone."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Literal

import pytest
from pydantic import BaseModel, Field
from support import StagesPlugin

from workshop import Stage, StageResult
from workshop.plugins import PluginHost


class Wanted(BaseModel):
    code: str
    severity: Literal["blocker", "concern", "strength"]
    kind: Literal["structural", "fixable"] | None = None


class ProbeAnswers(BaseModel):
    findings: list[Wanted] = Field(default_factory=list)
    figures: dict[str, Any] = Field(default_factory=dict)
    explode: bool = False


def probe_stage(stage_id: str, weight: float, required: bool = False, order: int = 100) -> Stage:
    class Probe(Stage):
        questions = ProbeAnswers
        texts = {"en": {"title": stage_id.title(), "findings": {}},
                 "fr": {"title": stage_id.title(), "findings": {}}}

        def evaluate(self, answers: ProbeAnswers, context: Any) -> StageResult:
            if answers.explode:
                raise RuntimeError("probe exploded")
            findings = [self.finding(w.code, w.severity, kind=w.kind, source="test")
                        for w in answers.findings]
            return StageResult(findings=findings, figures=dict(answers.figures))

    Probe.id = stage_id
    Probe.weight = weight
    Probe.required = required
    Probe.order = order
    return Probe()


@pytest.fixture
def probe_host(make_bare_host) -> Callable[..., PluginHost]:
    """The recommendation with only the given probe stages (core stages left out)."""

    def make(*stages: Stage) -> PluginHost:
        return make_bare_host(("probe", StagesPlugin(*stages)))

    return make


@pytest.fixture
def probe() -> Callable[..., Stage]:
    """probe(id, weight, required=False, order=100): a stage whose findings are its answers."""
    return probe_stage
