"""Hand-edited files: reordered tables, unknown keys, optional keys removed, comments. They open,
and a save gives back everything they said (comments aside): load, dump, load is the same data,
and what this version does not know (a plugin's stage, a newer key) survives untouched."""

from __future__ import annotations

import random
import tomllib
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import tomli_w
from hypothesis import given
from hypothesis import strategies as st
from reliability_support import FULL_SESSION, VALID_SESSION, fuzz, same

from workshop.session.io import dump_session, parse_session, session_data
from workshop.session.models import FIRST_YEAR, LAST_YEAR, StageRecord
from workshop.session.store import SessionStore

KNOWN_STAGE_KEYS = set(StageRecord.model_fields)
# the years a session may be dated (models.FIRST_YEAR..LAST_YEAR; others are refused)
FIRST, LAST = date(FIRST_YEAR, 1, 2), date(LAST_YEAR, 12, 30)
FIRST_TIME, LAST_TIME = datetime(FIRST_YEAR, 1, 2), datetime(LAST_YEAR, 12, 30)
ZONES = st.sampled_from([None, UTC, timezone(timedelta(hours=1)), timezone(timedelta(hours=-9))])
TEXT = st.text(max_size=30)
KEYS = st.text(min_size=1, max_size=12)
SCALARS = st.one_of(
    TEXT, st.integers(-(2**63), 2**63 - 1), st.floats(), st.booleans(), st.dates(),
    st.datetimes(timezones=ZONES), st.times(),
)
VALUES = st.recursive(
    SCALARS,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(KEYS, inner, max_size=4),
    max_leaves=10,
)


def unknown_keys(known: set[str]) -> st.SearchStrategy[dict[str, Any]]:
    return st.dictionaries(KEYS.filter(lambda key: key not in known), VALUES, max_size=3)


@st.composite
def optional(draw, **fields: st.SearchStrategy) -> dict[str, Any]:
    """Each field present or not: optional keys removed by hand."""
    return {name: draw(strategy) for name, strategy in fields.items() if draw(st.booleans())}


@st.composite
def sessions(draw) -> dict[str, Any]:
    info = {
        "organisation": draw(TEXT.filter(str.strip)),
        "kind": draw(st.sampled_from(["business", "startup", "ngo", "institution",
                                      "freelancer"])),
        "size": draw(st.sampled_from(["micro", "small", "medium", "large"])),
        "market": draw(st.sampled_from(["b2b", "b2c", "both"])),
    }
    info |= draw(optional(
        sector=TEXT, facilitator=TEXT, language=st.sampled_from(["fr", "en"]), currency=TEXT,
        created=st.one_of(st.dates(FIRST, LAST), st.datetimes(FIRST_TIME, LAST_TIME,
                                                              timezones=ZONES)),
        updated=st.datetimes(FIRST_TIME, LAST_TIME, timezones=ZONES),
        participants=st.lists(TEXT, max_size=3)))
    info |= draw(unknown_keys(set(info) | {"sector", "facilitator", "language", "currency",
                                           "created", "updated", "participants"}))
    stages: dict[str, Any] = {}
    ids = st.one_of(st.sampled_from(["objectives", "audience", "networks", "resources", "tone",
                                     "duration", "recommendation"]), KEYS)
    for stage_id in draw(st.lists(ids, max_size=5, unique=True)):
        record = draw(optional(
            status=st.sampled_from(["todo", "in_progress", "done", "skipped"]),
            minutes=st.integers(0, 600), notes=TEXT,
            answers=st.dictionaries(KEYS, VALUES, max_size=4),
            override=st.fixed_dictionaries({
                "verdict": st.sampled_from(["go", "go_with_conditions", "not_yet", "no_go"]),
                "reason": TEXT.filter(str.strip)})))
        record |= draw(unknown_keys(KNOWN_STAGE_KEYS))
        stages[stage_id] = record
    data: dict[str, Any] = {"schema_version": 1, "session": info}
    data |= draw(optional(settings=st.dictionaries(KEYS, VALUES, max_size=3)))
    if stages or draw(st.booleans()):
        data["stages"] = stages
    data |= draw(unknown_keys({"schema_version", "session", "settings", "stages"}))
    return data


def shuffled(data: Any, rng: random.Random) -> Any:
    """The same tables, in another order at every level: a person moved them around."""
    if isinstance(data, dict):
        items = list(data.items())
        rng.shuffle(items)
        return {key: shuffled(value, rng) for key, value in items}
    if isinstance(data, list):
        return [shuffled(value, rng) for value in data]
    return data


def hand_written(data: dict[str, Any], seed: int) -> str:
    """TOML as a person leaves it: tables in any order, comments here and there."""
    rng = random.Random(seed)
    lines = tomli_w.dumps(shuffled(data, rng)).split("\n")
    for _ in range(rng.randrange(4)):
        lines.insert(rng.randrange(len(lines) + 1), "# a note to self, [not a table]")
    return "\n".join(lines)


def check_round_trip(text: str) -> None:
    first = parse_session(text)
    dumped = dump_session(first)
    assert same(tomllib.loads(dumped), tomllib.loads(text)), "a save changed the file's data"
    second = parse_session(dumped)
    assert same(session_data(second), session_data(first))
    assert dump_session(second) == dumped, "a second save is not the same as the first"


@fuzz(250)
@given(sessions(), st.integers(0, 2**32))
def test_load_dump_load_keeps_everything(data: dict[str, Any], seed: int) -> None:
    check_round_trip(hand_written(data, seed))


@fuzz(40)
@given(sessions(), st.integers(0, 2**32))
def test_a_store_save_keeps_everything_but_the_stamp(tmp_path_factory, data, seed) -> None:
    path = tmp_path_factory.mktemp("hand") / "edited.toml"
    text = hand_written(data, seed)
    path.write_text(text, encoding="utf-8")
    with SessionStore.open(path, max_backups=0) as store:
        store.save()
    before, after = tomllib.loads(text), tomllib.loads(path.read_text(encoding="utf-8"))
    assert "updated" in after["session"]
    before["session"].pop("updated", None)
    after["session"].pop("updated")
    assert same(after, before)


HAND_EDITED = """\
# Boulangerie Martin, prepared on the train: tables in my own order.
[stages.tone]   # done later
status = "todo"

[stages.objectives]
notes = '''
Literal notes: [bold] stays, \\n stays.'''

[[stages.objectives.answers.goals]]
id = "loyalty"     # the only one that matters
kpi = 'returning customers'

[session]
market = "b2c"
organisation = "Boulangerie Martin"
size.note = "dotted keys make a table"
kind = "business"
size = "micro"
"""

HAND_EDITED_OK = HAND_EDITED.replace('size.note = "dotted keys make a table"\n', "")


def test_a_file_as_a_person_writes_it() -> None:
    text = "schema_version = 1\n" + HAND_EDITED_OK.replace(
        "[stages.tone]   # done later", 'stages.duration = { status = "done" }\n[stages.tone]') \
        + "\n[stages.listening_plus]\ncolour = 'teal'\nanswers.tools = ['alerts']\n" \
        + "\n[future]\nfeature = { enabled = true, since = 2027-01-01 }\n"
    check_round_trip(text)
    session = parse_session(text)
    assert session.stages["objectives"].answers["goals"][0]["kpi"] == "returning customers"
    dumped = dump_session(session)
    assert dumped.startswith("schema_version = 1\n\n[session]"), "the file keeps a stable order"
    data = tomllib.loads(dumped)
    assert data["stages"]["listening_plus"] == {"colour": "teal", "answers": {"tools": ["alerts"]}}
    assert data["future"]["feature"]["enabled"] is True


def test_the_full_session_round_trips() -> None:
    check_round_trip(FULL_SESSION)
    check_round_trip(VALID_SESSION)


def test_a_dotted_key_where_a_value_is_expected_is_a_clear_error(tmp_path: Path) -> None:
    from reliability_support import assert_clear_problems, run_main

    path = tmp_path / "edited.toml"
    path.write_text("schema_version = 1\n" + HAND_EDITED, encoding="utf-8")
    assert_clear_problems(run_main("validate", str(path)), path)


def test_notes_pasted_from_windows_keep_their_carriage_returns(tmp_path: Path) -> None:
    path = tmp_path / "pasted.toml"
    path.write_text(VALID_SESSION, encoding="utf-8")
    pasted = "First line\r\nsecond line\r\n\ta lone \r too\n"
    with SessionStore.open(path, max_backups=0) as store:
        store.session.stage("objectives").notes = pasted
        store.save()
    with SessionStore.open(path, read_only=True) as store:
        assert store.session.stage("objectives").notes == pasted
