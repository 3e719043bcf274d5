"""How a questions model becomes widgets, the agenda's arithmetic, and the picker's listing."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

from workshop.app.fields import (
    BOOL,
    CHOICE,
    CHOICES,
    FLOAT,
    INT,
    LINES,
    MISSING,
    NOTES,
    RAW,
    TABLE,
    TEXT,
    parse_number,
    specs_of,
)
from workshop.app.sessions import (
    find_sessions,
    new_session_path,
    peek,
    peek_all,
    slugify,
    summarise_all,
)
from workshop.app.timebox import StageClock, default_minutes, level

PLUGINS_DIR = Path(__file__).resolve().parent / "plugins"


def sink_module():
    spec = importlib.util.spec_from_file_location("sink_for_fields",
                                                  PLUGINS_DIR / "kitchen_sink.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # pydantic resolves the annotations through it
    spec.loader.exec_module(module)
    return module


def test_every_kind_of_field_gets_a_widget_kind():
    specs = {spec.name: spec for spec in specs_of(sink_module().SinkAnswers)}
    assert {name: spec.kind for name, spec in specs.items()} == {
        "channel": CHOICE, "region": CHOICE, "topics": CHOICES, "ready": BOOL,
        "newsletter": BOOL, "staff": INT, "budget": FLOAT, "slogan": TEXT, "story": NOTES,
        "keywords": LINES, "contacts": TABLE, "mood": CHOICE, "extra_settings": RAW,
    }
    assert specs["channel"].choices == ("email", "phone", "shop")
    assert specs["mood"].choices == ("calm", "busy")
    assert specs["staff"].bounds == {"ge": 0, "le": 500}
    assert specs["newsletter"].default is False and not specs["newsletter"].optional
    assert specs["ready"].optional
    columns = {column.name: column for column in specs["contacts"].columns}
    assert [c.kind for c in columns.values()] == [TEXT, CHOICE, FLOAT, BOOL]
    assert columns["name"].required and columns["name"].default is MISSING
    assert not columns["role"].required


@pytest.mark.parametrize(("lang", "expected"), [("en", "must be at most 500"),
                                                 ("fr", "doit valoir au plus 500")])
def test_validation_errors_speak_the_sessions_language(lang, expected):
    staff = next(s for s in specs_of(sink_module().SinkAnswers) if s.name == "staff")
    assert staff.validate(12, lang) == (12, None)
    assert staff.validate(600, lang)[1] == expected


def test_validation_error_for_a_wrong_type_and_a_wrong_choice():
    specs = {s.name: s for s in specs_of(sink_module().SinkAnswers)}
    assert specs["staff"].validate("many", "fr")[1] == "doit être un nombre entier"
    assert specs["channel"].validate("fax", "en")[1] == "is not one of the choices"


@pytest.mark.parametrize(("text", "kind", "expected"), [
    ("12", INT, 12), (" 1 200 ", INT, 1200), ("3.0", INT, 3), ("2,5", FLOAT, 2.5),
    ("7", FLOAT, 7.0), ("abc", INT, "abc"), ("nan", FLOAT, "nan"), ("1e3", FLOAT, 1000.0),
])
def test_numbers_as_people_type_them(text, kind, expected):
    assert parse_number(text, kind) == expected


def test_default_timeboxes_share_two_hours_by_weight(core_host):
    minutes = default_minutes(core_host.stages())
    assert minutes == {"objectives": 25, "audience": 20, "networks": 15, "resources": 20,
                       "tone": 10, "duration": 10, "recommendation": 15}
    assert sum(minutes.values()) <= 120


def test_timer_levels_and_drift():
    now = [0.0]
    clock = StageClock(lambda: now[0])
    clock.switch("a")
    now[0] = 7 * 60
    assert level(clock.spent_on("a"), 10) == "ok"
    now[0] = 8 * 60
    assert level(clock.spent_on("a"), 10) == "amber"
    now[0] = 10 * 60
    assert level(clock.spent_on("a"), 10) == "red"
    now[0] = 12 * 60
    assert clock.drift({"a": "in_progress"}, {"a": 10, "b": 5}) == 120
    clock.switch("b")
    now[0] = 13 * 60
    # a done in 12 min for 10 planned: 2 min behind; b done in 1 min for 5: 4 ahead
    statuses = {"a": "done", "b": "done"}
    assert clock.drift(statuses, {"a": 10, "b": 5}, {"a", "b"}) == -120
    # stages done on another day, only looked at now, say nothing about today's pace
    assert clock.drift(statuses, {"a": 10, "b": 5}) == 120
    assert clock.elapsed() == 13 * 60


def test_picker_lists_sessions_recursively_and_survives_broken_files(tmp_path, core_host,
                                                                      copy_session):
    good = copy_session(name="good.toml")
    copy_session(name="examples/old.toml")
    (tmp_path / "broken.toml").write_text("schema_version = 1\n[session\n", encoding="utf-8")
    (tmp_path / ".hidden.toml").write_text("x", encoding="utf-8")
    (tmp_path / ".backups").mkdir()
    (tmp_path / ".backups" / "good.toml").write_text("x", encoding="utf-8")
    assert [p.relative_to(tmp_path).as_posix() for p in find_sessions(tmp_path)] == [
        "broken.toml", "examples/old.toml", "good.toml"]
    summaries = {s.path.name: s for s in summarise_all(tmp_path, core_host)}
    assert summaries["good.toml"].organisation == "Atelier Vélo Lyon"
    assert summaries["good.toml"].verdict == "not_yet"
    assert summaries["good.toml"].provisional
    assert (summaries["good.toml"].done, summaries["good.toml"].total) == (4, 6)
    broken = summaries["broken.toml"]
    assert broken.organisation is None
    assert broken.problem.startswith(f"{tmp_path / 'broken.toml'}:2:")
    assert good.read_bytes()  # untouched


def test_peek_lists_a_session_from_its_session_table_alone(tmp_path, core_host, copy_session):
    good = copy_session(name="good.toml")
    (tmp_path / "broken.toml").write_text("schema_version = 1\n[session\n", encoding="utf-8")
    (tmp_path / "nothing.toml").write_text("schema_version = 1\n", encoding="utf-8")
    peeked = peek(good)
    judged = summarise_all(tmp_path, core_host)[0]
    assert judged.path == good
    assert (peeked.organisation, peeked.when, peeked.language) == (
        judged.organisation, judged.when, judged.language)
    assert peeked.pending and not judged.pending
    assert peeked.verdict is None and peeked.problem is None  # left to the judgement
    assert [s.path.name for s in peek_all(tmp_path)] == ["good.toml", "broken.toml",
                                                          "nothing.toml"]
    assert all(s.organisation is None and s.pending for s in peek_all(tmp_path)[1:])


def test_listing_stops_when_no_longer_wanted(tmp_path, core_host, copy_session):
    copy_session(name="a.toml")
    copy_session(name="b.toml")
    asked = []

    def cancelled() -> bool:
        asked.append(True)
        return len(asked) > 1

    assert [s.path.name for s in summarise_all(tmp_path, core_host, cancelled=cancelled)] == [
        "a.toml"]


def test_new_session_names(tmp_path):
    assert slugify("Boulangerie Martin & Fils") == "boulangerie-martin-fils"
    assert slugify("Café « Le Zinc »") == "cafe-le-zinc"
    assert slugify("!!!") == "session"
    first = new_session_path(tmp_path, "Le Zinc")
    assert first == tmp_path / "le-zinc.toml"
    first.write_text("", encoding="utf-8")
    assert new_session_path(tmp_path, "Le Zinc") == tmp_path / "le-zinc-2.toml"


def test_picker_sorts_readable_sessions_first(tmp_path, core_host, copy_session):
    copy_session(name="b.toml")
    (tmp_path / "a.toml").write_text("nope", encoding="utf-8")
    names = [s.path.name for s in summarise_all(Path(tmp_path), core_host)]
    assert names == ["b.toml", "a.toml"]


def test_the_app_reads_the_one_question_grammar():
    """Issue 18: lists of numbers or yes/no are lines (not raw TOML), an Enum is a choice, a
    name from a registry is a choice: as ``workshop.questions`` says for every reader."""
    import enum as enum_module

    from pydantic import BaseModel, Field

    from workshop.app.fields import CHOICE, LINES, spec_for
    from workshop.questions import WHOLE, YES_NO

    class Colour(enum_module.Enum):
        RED = "red"
        BLUE = "blue"

    class Model(BaseModel):
        counts: list[int] = []
        checks: list[bool] = []
        colour: Colour | None = None
        network: str = Field(default="", json_schema_extra={"choices_from": "networks"})

    specs = {name: spec_for(name, info) for name, info in Model.model_fields.items()}
    assert (specs["counts"].kind, specs["counts"].item) == (LINES, WHOLE)
    assert (specs["checks"].kind, specs["checks"].item) == (LINES, YES_NO)
    assert (specs["colour"].kind, specs["colour"].choices) == (CHOICE, ("red", "blue"))
    assert specs["network"].kind == CHOICE and specs["network"].choices_from == "networks"
