"""A finding's sources (issue 13): read from a stage's ``[sources."code"]`` table, the new
``cited`` list or the older ``source``/``quote`` keys, and shown as a reader looks them up."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel
from support import MINIMAL_SESSION, StagesPlugin

from workshop import Stage, StageResult
from workshop.engine.recommendation import recommend
from workshop.session import parse_session

SESSION = MINIMAL_SESSION + """[stages.cited]
status = "done"
[stages.cited.answers]
"""

SECTION = "Quand ne pas exploiter les médias sociaux ?"
QUOTE = "il est préférable de vous abstenir"


class Nothing(BaseModel):
    """The probe asks nothing."""


class Cited(Stage):
    id = "cited"
    questions = Nothing
    weight = 10
    required = True
    timing = {"cited.habit": "ongoing"}
    texts: dict[str, Any] = {
        "en": {"title": "Cited", "findings": {
            "cited.new": {"message": "new", "advice": "do"},
            "cited.old": {"message": "old", "advice": "do"},
            "cited.habit": {"message": "habit", "advice": "keep doing"}}},
        "sources": {
            "cited.new": {"cited": [{"seed": "002", "section": SECTION, "quote": QUOTE}]},
            "cited.old": {"source": f"seed 002 § {SECTION}", "quote": QUOTE},
        },
    }

    def evaluate(self, answers: Any, context: Any) -> StageResult:
        return StageResult([self.finding("cited.new", "concern"),
                            self.finding("cited.old", "concern"),
                            self.finding("cited.habit", "concern"),
                            self.finding("cited.strong", "strength")])


def findings(make_bare_host) -> dict[str, Any]:
    rec = recommend(parse_session(SESSION), make_bare_host(("cited", StagesPlugin(Cited()))))
    return {f["code"]: f for f in rec.as_json()["findings"]}


def test_cited_sources_are_read_and_named_as_a_reader_looks_them_up(make_bare_host):
    found = findings(make_bare_host)
    new = found["cited.new"]
    assert new["sources"] == [{"seed": "002", "section": SECTION, "quote": QUOTE}]
    assert "Investir sur les médias sociaux en 6 étapes" in new["source"]
    assert SECTION in new["source"] and "seed" not in new["source"]


def test_the_older_source_and_quote_keys_stay_readable(make_bare_host):
    old = findings(make_bare_host)["cited.old"]
    assert old["sources"] == [{"seed": "002", "section": SECTION, "quote": QUOTE}]
    assert old["source"] == f"seed 002 § {SECTION}"


def test_timing_is_the_stages_for_concerns_and_none_otherwise(make_bare_host):
    found = findings(make_bare_host)
    assert found["cited.habit"]["timing"] == "ongoing"
    assert found["cited.new"]["timing"] == "before"  # not named: a condition, the safe side
    assert found["cited.strong"]["timing"] is None and found["cited.strong"]["sources"] == []
