"""Stage 3, networks: where, and how much work? (seeds 001, 003, 004)

Choosing networks is choosing a workload: this stage turns the selection into hours a week,
which the resources stage then sets against the team's capacity.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, StrictInt, field_validator

from workshop import Finding, Stage, StageContext, StageResult, hookimpl
from workshop.stage import load_texts
from workshop.stages import _workload

Account = Literal["none", "active", "dormant"]
# Fit at or under this, the audience is barely there (0 absent, 3 very active).
POOR_FIT = 1


class Candidate(BaseModel):
    """A network considered in the workshop, whether kept or not."""

    model_config = ConfigDict(extra="forbid")

    id: str = Field(
        min_length=1,
        title="Network",
        description="The network's id in the catalogue.",
        json_schema_extra={"choices_from": "networks", "whatif": False},  # a drop-down
    )
    audience_fit: StrictInt | None = Field(
        json_schema_extra={"whatif": False},  # a fact, not a choice: never suggested
        default=None,
        ge=0,
        le=3,
        title="Audience fit",
        description="0: your target is absent, 3: it is very active there.",
    )
    selected: bool = Field(
        default=False, title="Selected", description="Will you be active on this network?",
        json_schema_extra={"whatif_drop_lowest": "audience_fit"},  # drop the poorer fit first
    )
    existing_account: Account | None = Field(
        json_schema_extra={"whatif": False},  # a fact, not a choice: never suggested
        default=None,
        title="Existing account",
        description="Do you already have an account there, and is it alive?",
    )


class NetworksAnswers(BaseModel):
    """The questions of the networks stage; every field has a default (nothing answered)."""

    model_config = ConfigDict(extra="forbid")

    candidates: list[Candidate] = Field(
        default=[],
        title="Networks considered",
        description="Each network discussed, its audience fit and whether you select it.",
    )

    @field_validator("candidates")
    @classmethod
    def _once_each(cls, candidates: list[Candidate]) -> list[Candidate]:
        """A network listed twice would be counted twice, or one line silently ignored."""
        seen: set[str] = set()
        for candidate in candidates:
            if candidate.id in seen:
                raise ValueError(f"network {candidate.id!r} is listed more than once")
            seen.add(candidate.id)
        return candidates


class NetworksStage(Stage):
    """Which networks, whether the audience is there, and how many hours a week they take."""

    id = "networks"
    order = 30
    weight = 15
    required = True
    questions = NetworksAnswers
    texts = load_texts(Path(__file__).with_suffix(".toml"))
    # Which networks, and what becomes of the accounts, is settled before the launch.
    timing = {
        "networks.unknown": "before",
        "networks.poor_fit": "before",
        "networks.everywhere": "before",
        "networks.dormant": "before",
    }

    def evaluate(self, answers: NetworksAnswers, context: StageContext) -> StageResult:
        found: list[Finding] = []
        add: Callable[[Finding], None] = found.append
        catalogue = context.catalogue
        settings = context.settings
        languages = self.languages()

        unknown = [c.id for c in answers.candidates if c.id not in catalogue]
        if unknown:
            add(self.finding("networks.unknown", "concern", ids=", ".join(unknown)))
        known = {c.id: c for c in answers.candidates if c.id in catalogue}
        selected = _workload.in_catalogue_order(
            (c.id for c in known.values() if c.selected), catalogue
        )

        if not selected:
            add(self.finding("networks.none", "blocker", kind="fixable"))
        fits = {network_id: known[network_id].audience_fit for network_id in selected}
        poor = [n for n, fit in fits.items() if fit is not None and fit <= POOR_FIT]
        if poor:
            add(self.finding("networks.poor_fit", "concern",
                             networks=_workload.names(poor, catalogue, languages)))
        size = context.session.size
        limit = settings["max_networks"].get(size)
        if limit is not None and len(selected) > limit:
            sizes = {lang: self.text(lang, "sizes", size, default=size) for lang in languages}
            add(self.finding("networks.everywhere", "concern", count=len(selected),
                             limit=limit, size=sizes))
        dormant = _workload.in_catalogue_order(
            (c.id for c in known.values() if c.existing_account == "dormant"), catalogue
        )
        if dormant:
            add(self.finding("networks.dormant", "concern",
                             networks=_workload.names(dormant, catalogue, languages)))

        # The team's skill is a resources answer; unanswered, it counts as intermediate.
        resources = context.answers_of("resources")
        factor = _workload.skill_factor(settings, getattr(resources, "skill", None))
        figures = {
            "selected_networks": selected,
            "network_hours": {
                network_id: _workload.round1(
                    _workload.network_hours(catalogue[network_id], factor)
                )
                for network_id in selected
            },
            "listening_hours": _workload.round1(_workload.listening_hours(settings, factor)),
            "workload_hours": _workload.round1(
                _workload.workload(selected, catalogue, settings, factor)
            ),
            "skill_factor": factor,
            # every network considered, for the plan: the audience's fit and the account
            "fits": {c.id: c.audience_fit for c in known.values()},
            "accounts": {c.id: c.existing_account for c in known.values()},
        }
        return StageResult(findings=found, figures=figures)


@hookimpl
def register_stages(register: Callable[[Stage], None]) -> None:
    register(NetworksStage())
