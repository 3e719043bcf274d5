"""Pydantic models of the session file (see docs/session-file.md).

Stage answers stay a plain table here: they are validated by the stage's own questions model,
because only the stage's plugin knows them. Data of a stage whose plugin is not installed is
therefore kept exactly as it was written.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StrictInt, field_validator
from pydantic_core import PydanticCustomError

SCHEMA_VERSION = 1

Kind = Literal["business", "startup", "ngo", "institution", "freelancer"]
Size = Literal["micro", "small", "medium", "large"]
Market = Literal["b2b", "b2c", "both"]
Language = Literal["fr", "en"]
Status = Literal["todo", "in_progress", "done", "skipped"]
Verdict = Literal["go", "go_with_conditions", "not_yet", "no_go"]

VERDICTS: tuple[Verdict, ...] = ("go", "go_with_conditions", "not_yet", "no_go")

# Bounds shared by the file's schema, ``workshop validate``, the app and the engine (issue 16):
# a session is dated within these years (the engine adds up to ten years of months to it), and
# a stage's timebox is at most a day. See docs/reliability.md, "Bounds".
FIRST_YEAR, LAST_YEAR = 1970, 2999
MAX_MINUTES = 24 * 60
# Time spent on a stage (written by the app, issue 15): at most 10,000 minutes, a week of days.
MAX_SPENT_SECONDS = 10_000 * 60
# The file's models are strict: a TOML value of the wrong type is refused, never converted
# (``created = 0`` is not 1970, ``minutes = true`` is not 1), as the JSON Schema says.
STRICT = ConfigDict(extra="allow", strict=True)


def bounded_date(value: object) -> object:
    """A TOML date or date-time within ``FIRST_YEAR``..``LAST_YEAR``, or a clear error."""
    if value is None:
        return value
    allowed = f"a TOML date or date-time from {FIRST_YEAR} to {LAST_YEAR}, such as 2026-11-22"
    if not isinstance(value, date):
        raise PydanticCustomError("date_type", "must be a date, not {kind}",
                                  {"kind": type(value).__name__, "allowed": allowed})
    if not FIRST_YEAR <= value.year <= LAST_YEAR:
        raise PydanticCustomError("date_range", "the year {year} is out of range",
                                  {"year": value.year, "allowed": allowed})
    return value


# The stage on the facilitator's screen, kept in [session] by the app (see SessionInfo).
CURRENT_STAGE = "current_stage"


class SessionInfo(BaseModel):
    """The ``[session]`` table: who the workshop is for."""

    model_config = STRICT

    organisation: str = Field(min_length=1)
    kind: Kind
    size: Size
    market: Market
    sector: str = ""
    facilitator: str = ""
    language: Language = "fr"
    currency: str = "EUR"
    created: datetime | date | None = Field(
        default=None, json_schema_extra={"pattern": r"^(19[7-9][0-9]|2[0-9]{3})-"})
    updated: datetime | None = Field(
        default=None, json_schema_extra={"pattern": r"^(19[7-9][0-9]|2[0-9]{3})-"})
    participants: list[str] = Field(default=[])

    @field_validator("created", "updated", mode="before")
    @classmethod
    def _sensible_date(cls, value: object) -> object:
        return bounded_date(value)

    @field_validator("organisation")
    @classmethod
    def _not_blank(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("must not be blank")
        return value

    # ``current_stage``: the stage on the facilitator's screen, written by the app (an extra
    # key, so that an older workshop still reads the file) and followed by the client view
    @property
    def current_stage(self) -> str | None:
        recorded = (self.model_extra or {}).get(CURRENT_STAGE)
        return recorded if isinstance(recorded, str) else None

    @current_stage.setter
    def current_stage(self, stage_id: str) -> None:
        if self.model_extra is not None:
            self.model_extra[CURRENT_STAGE] = stage_id


class Override(BaseModel):
    """A facilitator's verdict, kept beside the computed one, never instead of it."""

    model_config = ConfigDict(extra="forbid", strict=True)

    verdict: Verdict
    reason: str

    @field_validator("reason")
    @classmethod
    def _reason_given(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("a reason is mandatory and must not be blank")
        return value


class StageRecord(BaseModel):
    """A ``[stages.<id>]`` table: status, timebox, notes and the stage's answers."""

    model_config = STRICT

    status: Status = "todo"
    minutes: StrictInt | None = Field(default=None, ge=0, le=MAX_MINUTES)  # a timebox
    # the time the app's clock ran on this stage, all sittings together (never while paused)
    spent_seconds: StrictInt = Field(default=0, ge=0, le=MAX_SPENT_SECONDS)
    notes: str = ""
    answers: dict[str, Any] = Field(default={})
    # Only the final stage (the recommendation) uses it.
    override: Override | None = None


class Session(BaseModel):
    """The whole file."""

    model_config = STRICT

    schema_version: StrictInt
    session: SessionInfo
    # Tuning (weights, thresholds, hourly rate, catalogue changes) recorded with the session so
    # that its report can be reproduced.
    settings: dict[str, Any] = Field(default={})
    stages: dict[str, StageRecord] = Field(default={})

    @field_validator("schema_version")
    @classmethod
    def _known_version(cls, value: int) -> int:
        if value > SCHEMA_VERSION:
            raise ValueError(
                f"this file was written by a newer workshop (schema {value}); "
                f"this one reads schema {SCHEMA_VERSION} and will not change it"
            )
        if value < 1:
            raise ValueError("must be 1 or more")
        return value

    def stage(self, stage_id: str) -> StageRecord:
        """The record of a stage, created (unsaved) when the file has none yet."""
        if stage_id not in self.stages:
            self.stages[stage_id] = StageRecord()
        return self.stages[stage_id]
