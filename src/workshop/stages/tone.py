"""Stage 5, tone: will you speak like a person? (seeds 000 #1-2 and #6, 002 step 5, 004)

Social media rewards a human voice and open answers; an institution that only reads out its
press releases, or deletes criticism, does more harm than good by being there.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from workshop import Finding, Stage, StageContext, StageResult, hookimpl
from workshop.stage import load_texts

Register = Literal["institutional", "professional", "conversational", "casual"]
Criticism = Literal["respond_publicly", "respond_privately", "delete", "not_ready"]
# Ways of meeting criticism that close the dialogue (seed 000 #2).
CLOSED: frozenset[str] = frozenset({"delete", "not_ready"})


# "register" is the session file's name for this question (domain.md). Pydantic warns that it
# shadows ABCMeta.register, which lives on the metaclass: instances still read the answer.
with warnings.catch_warnings():
    warnings.filterwarnings("ignore", message='Field name "register"', category=UserWarning)

    class ToneAnswers(BaseModel):
        """The questions of the tone stage; every field has a default (nothing answered)."""

        model_config = ConfigDict(extra="forbid")

        register: Register | None = Field(
            default=None, title="Register", description="How you will write."
        )
        human_voice: bool | None = Field(
            default=None,
            title="Human voice",
            description="Will a person be seen speaking (first person, signed replies)?",
        )
        criticism: Criticism | None = Field(
            default=None, title="Criticism", description="What you will do with public criticism."
        )
        beyond_own_news: bool | None = Field(
            default=None,
            title="Beyond your own news",
            description="Will you talk about more than your own news?",
        )
        engage_with_others: bool | None = Field(
            default=None,
            title="Engage with others",
            description="Will you comment on, share and answer other people's posts?",
        )
        spokesperson: str | None = Field(
            default=None, title="Spokesperson", description="Who speaks for the organisation."
        )
        charter: bool | None = Field(
            default=None,
            title="Charter",
            description="Is there a charter setting the rules of engagement with the community?",
        )


class ToneStage(Stage):
    """Register, openness to criticism and to others, and who speaks by which rules."""

    id = "tone"
    order = 50
    weight = 10
    required = True
    questions = ToneAnswers
    texts = load_texts(Path(__file__).with_suffix(".toml"))
    # Engaging with others and talking beyond your own news are habits (practices); who speaks
    # and by which rules is settled before the launch (a condition).
    timing = {
        "tone.self_only": "ongoing",
        "tone.not_social": "ongoing",
        "tone.no_spokesperson": "before",
    }

    def evaluate(self, answers: ToneAnswers, context: StageContext) -> StageResult:
        found: list[Finding] = []
        add: Callable[[Finding], None] = found.append
        if answers.register == "institutional" and answers.human_voice is False:
            add(self.finding("tone.institutional", "blocker", kind="fixable"))
        if answers.criticism in CLOSED:
            add(self.finding("tone.closed", "blocker", kind="fixable"))
        if answers.beyond_own_news is False:
            add(self.finding("tone.self_only", "concern"))
        if answers.engage_with_others is False:
            add(self.finding("tone.not_social", "concern"))

        # "No spokesperson" is an absence: unanswered or blank, nobody is named. The charter is
        # a yes/no question: only "no" is missing, unanswered fires nothing.
        missing = []
        if answers.spokesperson is None or not answers.spokesperson.strip():
            missing.append("spokesperson")
        if answers.charter is False:
            missing.append("charter")
        if missing:
            key = "_and_".join(missing)
            what = {lang: self.text(lang, "missing", key, default=key)
                    for lang in self.languages()}
            # the advice asks only for what is missing: a named spokesperson is not asked again
            if missing == ["charter"]:
                add(self.finding("tone.no_spokesperson", "concern", missing=what,
                                 variant="charter"))
            elif missing == ["spokesperson"]:
                add(self.finding("tone.no_spokesperson", "concern", missing=what,
                                 variant="spokesperson"))
            else:
                add(self.finding("tone.no_spokesperson", "concern", missing=what))
        spokesperson = answers.spokesperson.strip() if answers.spokesperson else None
        figures = {"spokesperson": spokesperson or None, "charter": answers.charter}
        return StageResult(findings=found, figures=figures)


@hookimpl
def register_stages(register: Callable[[Stage], None]) -> None:
    register(ToneStage())
