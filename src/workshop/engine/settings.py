"""The tuning of the rules: defaults from data/settings.toml, overridden by the session's
``[settings]`` table (where an agency's settings file is recorded)."""

from __future__ import annotations

import hashlib
import json
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from workshop.datafiles import read_toml_resource
from workshop.session.errors import Problem, SessionError
from workshop.session.io import parse_toml, problems_from_validation, read_text
from workshop.session.locate import line_index, locate
from workshop.session.models import Session

# Every value is bounded and finite (issue 16): a strict model refuses ``true`` for a number,
# nan and inf, and a value no agency means (a weight of 1e308, a re-check in 10**9 months).
# The bounds are documented in docs/reliability.md, "Bounds".
_STRICT = ConfigDict(extra="forbid", strict=True, allow_inf_nan=False)
MAX_MONTHS = 120  # ten years: the plan's and the re-check's dates stay within the calendar
Weight = Annotated[float, Field(ge=0, le=1000)]
SkillFactor = Annotated[float, Field(gt=0, le=10)]
NetworkCount = Annotated[int, Field(ge=0, le=100)]


class Scoring(BaseModel):
    model_config = _STRICT
    blocker_penalty: float = Field(ge=0, le=100)
    concern_penalty: float = Field(ge=0, le=100)
    not_yet_below: float = Field(ge=0, le=100)
    structural_cap: float = Field(ge=0, le=100)
    fixable_cap: float = Field(ge=0, le=100)


class NetworkTuning(BaseModel):
    """A change to one catalogue entry, or a new network (then every effort is needed)."""

    model_config = _STRICT
    name: dict[str, str] | None = None
    audiences: list[str] | None = None
    formats: list[str] | None = None
    posts_per_week: float | None = Field(default=None, ge=0, le=1000)
    minutes_per_post: float | None = Field(default=None, ge=0, le=24 * 60)
    community_minutes_per_week: float | None = Field(default=None, ge=0, le=7 * 24 * 60)


class Brand(BaseModel):
    """An agency's mark on its reports (docs/report.md): its name, a logo (a PNG, JPEG, SVG
    file of at most 512 KB, or a ``data:image/`` URI) and a colour ``#rrggbb``."""

    model_config = _STRICT
    name: str | None = Field(default=None, max_length=200)
    logo: str | None = Field(default=None, max_length=1_000_000)
    colour: str | None = Field(default=None, pattern=r"^#[0-9a-fA-F]{6}$")


class Settings(BaseModel):
    """Every tunable value of the rules; an agency's file overrides any of them."""

    model_config = _STRICT
    # The settings file this tuning came from, recorded for the report's reader.
    source: str | None = None
    hourly_rate: float = Field(gt=0, le=1e6)
    weeks_per_month: float = Field(gt=0, le=5)
    listening_minutes_per_week: float = Field(ge=0, le=7 * 24 * 60)
    recheck_months: int = Field(ge=1, le=MAX_MONTHS)
    default_commitment_months: int = Field(ge=1, le=MAX_MONTHS)
    scoring: Scoring
    weights: dict[str, Weight] = Field(default={})
    skill_factor: dict[str, SkillFactor]
    max_networks: dict[str, NetworkCount]
    networks: dict[str, NetworkTuning] = Field(default={})
    # each plugin's own tuning, [plugins.<name>]: checked against the model the plugin
    # registers (register_settings) by `workshop settings check`, handed to its stages
    plugins: dict[str, dict[str, Any]] = Field(default={})
    brand: Brand = Field(default_factory=Brand)  # the report's branding, not a rule


@cache
def default_settings_data() -> dict[str, Any]:
    return read_toml_resource(resources.files("workshop.data").joinpath("settings.toml"))


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


def _checked_settings_file(path: str) -> tuple[dict[str, Any], str]:
    """An agency's settings file read once and checked against the model: (table, text).

    Raises ``SessionError`` naming the file, the line and the field of each problem.
    """
    text = read_text(Path(path))
    data = parse_toml(text, path)
    try:
        Settings.model_validate(merge(default_settings_data(), data))
    except ValidationError as error:
        raise SessionError(path, problems_from_validation(error, path, text)) from None
    return data, text


NEW_NETWORK_FIELDS = ("name", "posts_per_week", "minutes_per_post", "community_minutes_per_week")


def incomplete_networks(data: dict[str, Any], known: set[str] | frozenset[str], path: str = "",
                        text: str = "") -> list[Problem]:
    """Networks a settings file adds (ids not in the catalogue) without all they need."""
    index = line_index(text) if text else {}
    problems = []
    for network_id, values in (data.get("networks") or {}).items():
        if network_id in known or not isinstance(values, dict):
            continue
        missing = [name for name in NEW_NETWORK_FIELDS if name not in values]
        if missing:
            problems.append(Problem(
                path, locate(index, ("networks", network_id)) if index else None,
                f"networks.{network_id}",
                f"is not in the catalogue: to add it, give also {', '.join(missing)}",
                ", ".join(sorted(known))))
    return problems


def read_settings_file(path: str, known_networks: set[str] | frozenset[str] | None = None,
                       ) -> dict[str, Any]:
    """An agency's settings file, checked, as the table to record in a session's [settings].

    ``known_networks`` (the ids of ``host.catalogue()``) lets a new network be checked for
    completeness too. Adds ``source`` (the file's path) unless the file gives one. Raises
    ``SessionError`` with every problem (``FILE:LINE: field: what``); nothing is written.
    """
    data, text = _checked_settings_file(path)
    if known_networks is not None:
        problems = incomplete_networks(data, known_networks, path, text)
        if problems:
            raise SessionError(path, problems)
    return {"source": str(path), **data}


def tuning_in_force(session: Session | None) -> dict[str, str | None]:
    """Which tuning a session's report is computed with, for the report's reader:
    ``{"source": the settings file recorded (or None: the defaults), "digest": 8 hex digits of
    the values in force}``, the digest telling two tunings of the same name apart."""
    recorded = (session.settings if session is not None else None) or {}
    source = recorded.get("source") if isinstance(recorded.get("source"), str) else None
    data = merge(default_settings_data(), recorded)
    data.pop("source", None)
    text = json.dumps(data, sort_keys=True, default=str, ensure_ascii=False)
    return {"source": source, "digest": hashlib.sha256(text.encode("utf-8")).hexdigest()[:8]}


__all__ = ["Problem", "Settings", "incomplete_networks", "merge", "read_settings_file",
           "settings_for", "tuning_in_force"]
