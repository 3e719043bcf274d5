"""The verdict on the wall: in big letters on a block of its colour, the score in big digits,
its label, then the reasons. One widget for the projector screen of the workshop app and the
final stage of ``workshop present``; each screen places and colours it with its own ids."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from rich.console import Group, RenderableType
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Center, Vertical
from textual.widgets import Digits, Static

from workshop.app.texts import verdict_meaning, verdict_name
from workshop.app.widgets.bigtext import BigText
from workshop.app.widgets.readiness import too_early
from workshop.session.models import VERDICTS


def verdict_class(verdict: str) -> str:
    return f"-verdict-{verdict.replace('_', '-')}"


VERDICT_CLASSES = [verdict_class(v) for v in VERDICTS]


class WallVerdict(Vertical):
    """Early in a workshop the block says "too early to tell" (class ``-too-early``) and shows
    no score; otherwise the verdict, its score and, first of the reasons, what it means."""

    DEFAULT_CSS = """
    WallVerdict {
        height: auto;
    }
    """

    def __init__(self, prefix: str, label_id: str) -> None:
        super().__init__()
        self.prefix = prefix
        self.label_id = label_id

    def compose(self) -> ComposeResult:
        yield Static("", id=f"{self.prefix}-verdict")
        with Center(id=f"{self.prefix}-score-box"):
            yield Digits("", id=f"{self.prefix}-score")
        yield Static("", id=self.label_id)
        yield Static("", id=f"{self.prefix}-reasons")

    def show(self, lang: str, recommendation: Any, *, early_words: str, score_words: str,
             provisional_words: str, label_style: str = "",
             score_colours: Mapping[str, str] | None = None) -> bool:
        """The verdict, the score and its label; True when it is too early to tell."""
        early = too_early(recommendation)
        verdict = self.query_one(f"#{self.prefix}-verdict", Static)
        for css in VERDICT_CLASSES:
            verdict.set_class(not early and css == verdict_class(recommendation.verdict), css)
        verdict.set_class(early, "-too-early")
        score = self.query_one(f"#{self.prefix}-score", Digits)
        label = self.query_one(f"#{self.label_id}", Static)
        if early:
            verdict.update(BigText(early_words))
            score.update("")
            label.update("")
            return True
        verdict.update(BigText(verdict_name(lang, recommendation.verdict)))
        score.update(str(recommendation.score))
        if score_colours is not None:
            score.styles.color = score_colours[recommendation.verdict]
        words = score_words
        if recommendation.provisional:
            words += "  ·  " + provisional_words
        label.update(Text(words, style=label_style))
        return False

    def reasons(self, lang: str, recommendation: Any, early: bool,
                lines: list[RenderableType]) -> None:
        """Under the score: what the verdict means (not when too early), then ``lines``."""
        lead = [] if early else [Text(verdict_meaning(lang, recommendation.verdict),
                                      style="bold")]
        self.query_one(f"#{self.prefix}-reasons", Static).update(Group(*lead, *lines))
