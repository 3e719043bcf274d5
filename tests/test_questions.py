"""The question grammar: every reader (plugin check, app, what-if) classifies fields alike."""

from __future__ import annotations

import enum
from typing import Annotated, Literal

import pytest
from annotated_types import Ge, Lt
from pydantic import BaseModel, Field

from workshop.questions import (
    CHOICE,
    CHOICES,
    GROUP,
    LINES,
    NUMBER,
    NUMBERS,
    OTHER,
    TABLE,
    TEXT,
    WHOLE,
    YES_NO,
    YES_NOS,
    classify,
    questions_of,
)


class Colour(enum.Enum):
    RED = "red"
    BLUE = "blue"


class Row(BaseModel):
    id: Literal["a", "b"]
    hours: int | None = Field(default=None, ge=0, le=3)
    note: str | None = None


class Nested(BaseModel):
    rows: list[Row] = []


class Answers(BaseModel):
    name: str | None = None
    count: int | None = Field(default=None, ge=1, le=5)
    hours: float | None = Field(default=None, gt=0)
    ready: bool = False
    mode: Literal["x", "y"] | None = None
    colour: Colour | None = None
    modes: list[Literal["x", "y"]] = []
    colours: list[Colour] = []
    lines: list[str] = []
    sizes: list[int] = []
    flags: list[bool] = []
    rows: list[Row] = []
    group: Row | None = None
    deep: list[Nested] = []
    anything: dict[str, int] = {}
    fact: bool | None = Field(default=None, json_schema_extra={"whatif": False})


QUESTIONS = questions_of(Answers)


@pytest.mark.parametrize(("name", "kind"), [
    ("name", TEXT), ("count", WHOLE), ("hours", NUMBER), ("ready", YES_NO), ("mode", CHOICE),
    ("colour", CHOICE), ("modes", CHOICES), ("colours", CHOICES), ("lines", LINES),
    ("sizes", NUMBERS), ("flags", YES_NOS), ("rows", TABLE), ("group", GROUP), ("deep", TABLE),
    ("anything", OTHER),
])
def test_each_field_gets_its_kind(name, kind):
    assert QUESTIONS[name].kind == kind


def test_choices_come_from_literals_and_enums_alike():
    assert QUESTIONS["mode"].choices == ("x", "y")
    assert QUESTIONS["colour"].choices == ("red", "blue")
    assert QUESTIONS["colour"].enum is Colour
    assert QUESTIONS["colours"].choices == ("red", "blue")
    assert QUESTIONS["ready"].choices == (True, False)


def test_optional_and_bounds_are_read():
    assert QUESTIONS["count"].optional and not QUESTIONS["ready"].optional
    assert QUESTIONS["count"].low_high() == (1, 5)
    assert QUESTIONS["hours"].low_high() == (0.01, None)
    assert QUESTIONS["name"].low_high() == (0, None)
    annotated = classify(Annotated[int, Ge(2), Lt(10)] | None)
    assert (annotated.kind, annotated.optional, annotated.low_high()) == (WHOLE, True, (2, 9))


def test_a_table_knows_its_cells():
    rows = QUESTIONS["rows"]
    assert rows.row_model is Row
    assert {name: cell.kind for name, cell in rows.columns.items()} == {
        "id": CHOICE, "hours": WHOLE, "note": TEXT}
    assert rows.columns["hours"].low_high() == (0, 3)
    assert rows.drawable
    assert not QUESTIONS["deep"].drawable  # a table inside a table's row


def test_facts_are_marked_and_everything_else_is_a_lever():
    assert QUESTIONS["fact"].whatif is False
    assert all(q.whatif for name, q in QUESTIONS.items() if name != "fact")


def test_what_the_app_can_draw():
    drawn = {name for name, q in QUESTIONS.items() if q.drawable}
    assert drawn == set(QUESTIONS) - {"group", "deep", "anything"}


def test_a_union_of_literals_is_one_choice():
    question = classify(Literal["a"] | Literal["b"] | None)
    assert (question.kind, question.choices, question.optional) == (CHOICE, ("a", "b"), True)


def test_an_unknown_type_is_other_not_an_error():
    assert classify(complex).kind == OTHER
    assert classify(list).kind == OTHER


def test_strict_types_are_seen_through():
    from pydantic import StrictFloat, StrictInt

    class Strict(BaseModel):
        hours: StrictFloat | None = Field(default=None, ge=0, le=168)
        months: StrictInt | None = Field(default=None, le=120)

    found = questions_of(Strict)
    assert (found["hours"].kind, found["hours"].low_high()) == (NUMBER, (0, 168))
    assert (found["months"].kind, found["months"].low_high()) == (WHOLE, (0, 120))


def test_the_core_stages_declare_their_facts():
    """The facts domain.md names are marked in the core stages' questions: never a lever."""
    from workshop.plugins import load_plugins

    stages = {stage.id: stage for stage in load_plugins(entry_points=False).stages()}
    facts = {(stage_id, name) for stage_id, stage in stages.items() if stage.questions
             for name, q in questions_of(stage.questions).items() if not q.whatif}
    cells = {(stage_id, f"{name}.{cell}") for stage_id, stage in stages.items() if stage.questions
             for name, q in questions_of(stage.questions).items()
             for cell, c in q.columns.items() if not c.whatif}
    assert {("audience", "online_presence"), ("audience", "already_discussed"),
            ("audience", "sensitive_topic"), ("audience", "listening_done"),
            ("resources", "skill")} <= facts
    assert {("networks", "candidates.audience_fit"), ("networks", "candidates.existing_account"),
            ("networks", "candidates.id")} <= cells
    assert ("resources", "hours_per_week") not in facts  # a lever
