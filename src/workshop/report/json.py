"""The JSON report: one object, every key always present (design.md)."""

from __future__ import annotations

import json

from workshop.engine.recommendation import Recommendation


def render_json(recommendation: Recommendation) -> str:
    return json.dumps(recommendation.as_json(), ensure_ascii=False, indent=2) + "\n"
