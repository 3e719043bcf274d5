"""The tuning of the rules: defaults from data/settings.toml, overridden by the session's
``[settings]`` table (where an agency's settings file is recorded)."""

from __future__ import annotations

import tomllib
from functools import cache
from importlib import resources
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from workshop.session.errors import Problem, SessionError
from workshop.session.io import problems_from_validation
from workshop.session.models import Session


class Scoring(BaseModel):
    model_config = ConfigDict(extra="forbid")
    blocker_penalty: float = Field(ge=0)
    concern_penalty: float = Field(ge=0)
    not_yet_below: float = Field(ge=0, le=100)
    structural_cap: float = Field(ge=0, le=100)
    fixable_cap: float = Field(ge=0, le=100)


class NetworkTuning(BaseModel):
    """A change to one catalogue entry, or a new network (then every effort is needed)."""

    model_config = ConfigDict(extra="forbid")
    name: dict[str, str] | None = None
    audiences: list[str] | None = None
    formats: list[str] | None = None
    posts_per_week: float | None = Field(default=None, ge=0)
    minutes_per_post: float | None = Field(default=None, ge=0)
    community_minutes_per_week: float | None = Field(default=None, ge=0)


class Settings(BaseModel):
    model_config = ConfigDict(extra="forbid")
    hourly_rate: float = Field(gt=0)
    weeks_per_month: float = Field(gt=0)
    listening_minutes_per_week: float = Field(ge=0)
    recheck_months: int = Field(ge=1)
    default_commitment_months: int = Field(ge=1)
    scoring: Scoring
    weights: dict[str, float] = Field(default_factory=dict)
    skill_factor: dict[str, float]
    max_networks: dict[str, int]
    networks: dict[str, NetworkTuning] = Field(default_factory=dict)


@cache
def default_settings_data() -> dict[str, Any]:
    text = resources.files("workshop.data").joinpath("settings.toml").read_text("utf-8")
    return tomllib.loads(text)


def merge(base: dict[str, Any], override: dict[str, Any]) -> dict[str, Any]:
    merged = dict(base)
    for key, value in override.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = merge(merged[key], value)
        else:
            merged[key] = value
    return merged


def settings_for(session: Session | None, path: str = "<session>", text: str = "") -> Settings:
    """Defaults, then the session's recorded tuning. Bad tuning raises ``SessionError``."""
    data = default_settings_data()
    if session is not None and session.settings:
        data = merge(data, session.settings)
    try:
        return Settings.model_validate(data)
    except ValidationError as error:
        problems = problems_from_validation(error, path, text, prefix=("settings",))
        raise SessionError(path, problems) from None


def validate_settings_file(path: str) -> dict[str, Any]:
    """Read an agency's settings file; return the table to record in a session."""
    from workshop.session.io import parse_toml, read_text
    from pathlib import Path

    text = read_text(Path(path))
    data = parse_toml(text, path)
    try:
        Settings.model_validate(merge(default_settings_data(), data))
    except ValidationError as error:
        raise SessionError(path, problems_from_validation(error, path, text)) from None
    return data


__all__ = ["Problem", "Settings", "merge", "settings_for", "validate_settings_file"]
