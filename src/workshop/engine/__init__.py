"""The engine: answers in, findings, scores, verdict and recommendation out. No Textual here."""

from workshop.engine.evaluation import Evaluation, StageOutcome, evaluate
from workshop.engine.recommendation import Recommendation, recommend
from workshop.engine.settings import Settings, settings_for

__all__ = [
    "Evaluation",
    "Recommendation",
    "Settings",
    "StageOutcome",
    "evaluate",
    "recommend",
    "settings_for",
]
