"""Stage 1, objectives: why go at all? (seeds 002, 003, 004, 000 #4)

Without a goal there is no strategy, and some goals are better served by other tools: this stage
says so before the client spends a year on the wrong channel.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from workshop import Finding, Stage, StageContext, StageResult, hookimpl
from workshop.stage import load_texts

GoalId = Literal[
    "visibility",
    "acquisition",
    "loyalty",
    "customer_care",
    "insight",
    "brand_image",
    "recruitment",
    "expertise",
    "short_term_sales",
    "web_traffic",
    "seo",
    "match_competitors",
    "trend",
]

# Reasons that are no reason at all (seed 002 "when not to", seed 003 "following the fashion").
WRONG_REASONS: frozenset[str] = frozenset({"match_competitors", "trend"})
# Goals another tool serves better, and that tool (seed 002: paid keywords; 000 #1: SEO).
BETTER_TOOL: dict[str, str] = {
    "web_traffic": "paid_keywords",
    "short_term_sales": "paid_keywords",
    "seo": "seo_specialist",
}
MAX_GOALS = 3
# A KPI that only counts an audience measures fans, not the goal (seed 002 "l'important n'est pas
# de récupérer le plus de fans"): its words, and the words of an outcome that makes it more.
AUDIENCE_WORDS = re.compile(r"\b(followers?|fans?|subscribers?|likes?|abonn[ée]e?s?|j'aime|"
                            r"suiveurs?)\b")
OUTCOME_WORDS = re.compile(r"(client|customer|visit|vente|sale|command|order|contact|lead|"
                           r"prospect|candidat|applica|inscri|sign|réserv|booking|devis|quote|"
                           r"achat|purchase|demande|enquir|message|avis|review|cite)")
# Between "goal → tool" pairs; French typography puts a space before a semicolon.
LIST_SEPARATOR: dict[str, str] = {"fr": " ; "}


class Goal(BaseModel):
    """One goal, in priority order; the id is what makes it a goal, the rest makes it usable."""

    model_config = ConfigDict(extra="forbid")

    id: GoalId = Field(title="Goal", description="What social media should bring.")
    kpi: str | None = Field(
        default=None, title="KPI", description="How the goal is measured."
    )
    target: str | None = Field(
        default=None, title="Target", description="The figure to reach, and by when."
    )
    owner: str | None = Field(
        default=None, title="Owner", description="The person answerable for this goal."
    )


class ObjectivesAnswers(BaseModel):
    """The questions of the objectives stage; every field has a default (nothing answered)."""

    model_config = ConfigDict(extra="forbid")

    goals: list[Goal] = Field(
        default=[],
        title="Goals",
        description="What the organisation wants from social media, most important first.",
    )
    theme_linked_to_activity: bool = Field(
        default=True,
        title="Theme linked to the activity",
        description="Is the theme you will talk about directly linked to what you sell or do?",
    )


def given(value: str | None) -> bool:
    """A text answer counts only if it says something: blank is the same as missing."""
    return value is not None and bool(value.strip())


def counts_fans_only(kpi: str | None) -> bool:
    """Whether a KPI counts an audience and nothing it brings ("abonnés du quartier")."""
    if not given(kpi):
        return False
    text = str(kpi).lower().replace("’", "'")
    return bool(AUDIENCE_WORDS.search(text)) and not OUTCOME_WORDS.search(text)


def owners(goals: Iterable[Goal], ids: Iterable[str]) -> str | None:
    """The owners of the goals a finding names, each once, or None where none is named: the
    person answerable for a condition about goals is the goals' owner (domain.md)."""
    wanted = set(ids)
    named = [goal.owner.strip() for goal in goals
             if goal.id in wanted and goal.owner is not None and given(goal.owner)]
    return ", ".join(dict.fromkeys(named)) or None


class ObjectivesStage(Stage):
    """Goals: are there any, are they good reasons, is social media the right tool for them?"""

    id = "objectives"
    order = 10
    weight = 25
    required = True
    questions = ObjectivesAnswers
    texts = load_texts(Path(__file__).with_suffix(".toml"))
    # Every concern about goals is settled before the launch: drop, move, measure, own them.
    timing = {
        "objectives.wrong_reason": "before",
        "objectives.wrong_tool": "before",
        "objectives.unmeasured": "before",
        "objectives.no_owner": "before",
        "objectives.too_many": "before",
        "objectives.off_theme": "before",
        "objectives.vanity": "before",
    }

    def labels(self, values: Iterable[str]) -> dict[str, str]:
        """Choice labels, each once, joined per language: a message reads ``{name[lang]}``."""
        values = list(dict.fromkeys(values))
        return {
            lang: ", ".join(self.text(lang, "choices", value, default=value) for value in values)
            for lang in self.languages()
        }

    def better_tools(self, goal_ids: Iterable[str]) -> tuple[list[str], dict[str, str]]:
        """The alternative keys for these goals, and "goal → tool" pairs for the message."""
        goal_ids = list(dict.fromkeys(goal_ids))
        tools = list(dict.fromkeys(BETTER_TOOL[goal] for goal in goal_ids))
        pairs = {
            lang: LIST_SEPARATOR.get(lang, "; ").join(
                f"{self.text(lang, 'choices', goal, default=goal)}"
                f" → {self.text(lang, 'tools', BETTER_TOOL[goal], default=BETTER_TOOL[goal])}"
                for goal in goal_ids
            )
            for lang in self.languages()
        }
        return tools, pairs

    def figures(self, goals: list[Goal]) -> dict[str, Any]:
        """The client's goals, in their words, for the plan (step 2 and the indicators)."""
        return {"goals": [
            {"id": goal.id,
             "label": {lang: self.text(lang, "choices", goal.id, default=goal.id)
                       for lang in self.languages()},
             "kpi": goal.kpi.strip() if given(goal.kpi) else None,
             "target": goal.target.strip() if given(goal.target) else None,
             "owner": goal.owner.strip() if given(goal.owner) else None,
             "kept": goal.id not in WRONG_REASONS and goal.id not in BETTER_TOOL}
            for goal in goals
        ]}

    def evaluate(self, answers: ObjectivesAnswers, context: StageContext) -> StageResult:
        found: list[Finding] = []
        add: Callable[[Finding], None] = found.append
        goals = answers.goals
        if not goals:
            add(self.finding("objectives.none", "blocker", kind="fixable"))
            return StageResult(findings=found, figures=self.figures(goals))

        ids = [goal.id for goal in goals]
        reasons = [goal_id for goal_id in ids if goal_id in WRONG_REASONS]
        real = [goal for goal in goals if goal.id not in WRONG_REASONS]
        if reasons:
            labels = self.labels(reasons)
            if not real:
                add(self.finding("objectives.wrong_reason", "blocker", kind="structural",
                                 alternatives=("listening", "own_channels"), goals=labels))
            else:
                add(self.finding("objectives.wrong_reason", "concern", variant="partly",
                                 owner=owners(goals, reasons), goals=labels))

        tools = [goal.id for goal in real if goal.id in BETTER_TOOL]
        if tools:
            keys, pairs = self.better_tools(tools)
            if len(tools) == len(real):
                add(self.finding("objectives.wrong_tool", "blocker", kind="structural",
                                 alternatives=keys, pairs=pairs))
            else:
                add(self.finding("objectives.wrong_tool", "concern", alternatives=keys,
                                 variant="partly", owner=owners(goals, tools), pairs=pairs))

        # Goals to be dropped or moved to another tool are not worth measuring or owning.
        kept = [goal for goal in real if goal.id not in BETTER_TOOL]
        unmeasured = [goal.id for goal in kept if not (given(goal.kpi) and given(goal.target))]
        if unmeasured:
            add(self.finding("objectives.unmeasured", "concern",
                             owner=owners(goals, unmeasured), goals=self.labels(unmeasured)))
        unowned = [goal.id for goal in kept if not given(goal.owner)]
        if unowned:
            add(self.finding("objectives.no_owner", "concern",
                             goals=self.labels(unowned)))
        if len(goals) > MAX_GOALS:
            add(self.finding("objectives.too_many", "concern", count=len(goals),
                             limit=MAX_GOALS))
        vanity = [goal.id for goal in kept if counts_fans_only(goal.kpi)]
        if vanity:
            add(self.finding("objectives.vanity", "concern", owner=owners(goals, vanity),
                             goals=self.labels(vanity)))
        if "acquisition" in ids and not answers.theme_linked_to_activity:
            add(self.finding("objectives.off_theme", "concern",
                             owner=owners(goals, ["acquisition"])))
        return StageResult(findings=found, figures=self.figures(goals))


@hookimpl
def register_stages(register: Callable[[Stage], None]) -> None:
    register(ObjectivesStage())
