"""Issue 17 point 4: a hand-edited session keeps every comment, blank line and its
``#:schema`` line when the app saves a changed answer; a new session starts with the line."""

from __future__ import annotations

import difflib
import tomllib
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st
from support import write_plugins, write_session

from workshop.app.live import LiveSession
from workshop.plugins import PluginHost
from workshop.session.document import SCHEMA_LINE
from workshop.session.io import dump_session_data
from workshop.session.models import SessionInfo
from workshop.session.store import SessionStore

HAND_EDITED = """\
#:schema ./session.schema.json
# Atelier du 5 octobre, préparé par Claire : à relire avant l'envoi
schema_version = 1

[session]
organisation = "Café des Arts"   # le nom officiel, avec l'accent
kind = "business"
size = "micro"
market = "b2c"
language = "fr"
updated = 2026-10-05T10:00:00+02:00


[stages.objectives]
# on a parlé longtemps des objectifs
status = "in_progress"

[[stages.objectives.answers.goals]]
id = "loyalty"
kpi = "regulars"
target = "50"
owner = "Ana"

[stages.resources]
status = "in_progress"

[stages.resources.answers]
hours_per_week = 2   # à confirmer avec Léa
people = 1

# fin du fichier
"""


def changed_lines(before: str, after: str) -> list[str]:
    return [line for line in difflib.ndiff(before.splitlines(), after.splitlines())
            if line.startswith(("- ", "+ "))]


def save_answer(path: Path, host: PluginHost, stage: str, question: str, value: object) -> None:
    """Open ``path`` as the app does, change one answer and save: the save must succeed."""
    live = LiveSession(SessionStore.open(path), host)
    try:
        live.set_answer(stage, question, value)
        live.save_soon()
        assert live.save() is None
    finally:
        live.close()


def test_the_app_changes_one_answer_and_keeps_every_other_byte(tmp_path: Path, host) -> None:
    path = write_session(tmp_path, HAND_EDITED, "cafe.toml")
    save_answer(path, host, "resources", "hours_per_week", 3)
    after = path.read_text("utf-8")
    changes = changed_lines(HAND_EDITED, after)
    assert changes[:2] == ["- updated = 2026-10-05T10:00:00+02:00",
                           "+ updated = " + changes[1].split(" = ", 1)[1]]
    assert changes[2:] == ["- hours_per_week = 2   # à confirmer avec Léa",
                           "+ hours_per_week = 3   # à confirmer avec Léa"]
    assert tomllib.loads(after)["stages"]["resources"]["answers"]["hours_per_week"] == 3


def test_a_new_session_starts_with_the_schema_line(tmp_path: Path) -> None:
    path = tmp_path / "new.toml"
    info = SessionInfo(organisation="Org", kind="ngo", size="small", market="b2b")
    SessionStore.create(path, info).close()
    text = path.read_text("utf-8")
    assert text.startswith(SCHEMA_LINE) and SCHEMA_LINE == "#:schema ./session.schema.json\n"
    assert tomllib.loads(text)["session"]["organisation"] == "Org"


TEXT = st.text(st.characters(blacklist_categories=("Cs",)), max_size=30)
VALUES = st.one_of(TEXT, st.integers(-10**6, 10**6), st.booleans(),
                   st.lists(TEXT, max_size=3))


@settings(max_examples=60, deadline=None)
@given(answers=st.dictionaries(st.from_regex(r"[a-z_]{1,8}", fullmatch=True), VALUES,
                               max_size=5),
       notes=TEXT)
def test_whatever_changes_the_saved_text_holds_exactly_the_new_values(answers, notes) -> None:
    before = tomllib.loads(HAND_EDITED)
    data = {**before, "stages": {**before["stages"], "tone": {"status": "done", "notes": notes,
                                                             "answers": answers}}}
    data["stages"]["resources"] = {**data["stages"]["resources"], "notes": notes}
    text = dump_session_data(data, HAND_EDITED)
    assert tomllib.loads(text) == data
    assert "# fin du fichier" in text and text.startswith("#:schema")


CARE = '''
from pydantic import BaseModel
from workshop import Stage, StageResult, hookimpl

class Answers(BaseModel):
    hours: float | None = None

class Care(Stage):
    id = "care"
    questions = Answers
    texts = {"fr": {"title": "Soin"}, "en": {"title": "Care"}}

@hookimpl
def register_stages(register):
    register(Care())
'''


def test_a_save_records_which_plugin_answered_a_plugin_stage(tmp_path: Path, make_host) -> None:
    folder = write_plugins(tmp_path, care=CARE)
    path = write_session(tmp_path, HAND_EDITED, "cafe.toml")
    save_answer(path, make_host(plugins_dir=folder), "care", "hours", 2)
    saved = tomllib.loads(path.read_text("utf-8"))
    assert saved["stages"]["care"]["plugin"] == "care.py (plugins dir)"
    assert "plugin" not in saved["stages"]["resources"]  # built-in stages record nothing
