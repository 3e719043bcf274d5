"""Session texts for the feature tests, on the kit plugin (plugins/kit.py)."""

from __future__ import annotations

from pathlib import Path

from support import CORE_STAGES

KIT_DIR = Path(__file__).resolve().parent / "plugins"
CORE = CORE_STAGES  # the core stages, left out

HEADER = """\
schema_version = 1

[session]
organisation = "Kit & Co"
kind = "business"
size = "small"
market = "b2c"
language = "{lang}"
created = 2026-03-02T09:00:00+01:00
"""

# not_yet: nobody leads, and three months is too short.
NOT_YET = """\
[stages.plan]
status = "done"
[stages.plan.answers]
months = 3
channels = [
    { id = "instagram", fit = 3, selected = true },
    { id = "tiktok", fit = 1, selected = false },
]

[stages.crew]
status = "done"
notes = "SECRET NOTE: the boss hates video"
[stages.crew.answers]
lead = ""
hours = 2
mood = "keen"
budget_code = "B-12"
"""

# go: the same, with a lead and a year.
GO = NOT_YET.replace('lead = ""', 'lead = "Ana"').replace("months = 3", "months = 12")


def led_plan(second_channel: str, hours: int) -> str:
    """A year on Instagram and one more channel (a TOML inline table), Ana leading ``hours`` a
    week: what is left to decide is whether the team can carry both."""
    return f"""\
[stages.plan]
status = "done"
[stages.plan.answers]
months = 12
channels = [
    {{ id = "instagram", fit = 3, selected = true }},
    {second_channel},
]
[stages.crew]
status = "done"
[stages.crew.answers]
lead = "Ana"
hours = {hours}
mood = "keen"
budget_code = "B-1"
"""


def private_override(status: str) -> str:
    """The final stage at ``status`` with notes and an override and its reason: what the
    client's view and its browsers must never show."""
    return f"""
[stages.recommendation]
status = "{status}"
notes = "SECRET NOTE 2"
[stages.recommendation.override]
verdict = "go_with_conditions"
reason = "PRIVATE REASON: the boss promised"
"""


def kit_text(body: str = NOT_YET, lang: str = "en") -> str:
    return HEADER.format(lang=lang) + "\n" + body
