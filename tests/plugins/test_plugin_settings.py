"""An agency's tuning: checked, recorded in the session, and it changes the report it should."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from support import report_json, write_plugins, write_session

from workshop.engine.settings import read_settings_file
from workshop.session.errors import SessionError
from workshop.session.store import SessionStore

SESSION = """\
schema_version = 1

[session]
organisation = "Atelier Bois"
kind = "business"
size = "small"
market = "b2c"
language = "en"
created = 2026-11-22T09:00:00+01:00

[stages.objectives]
status = "done"

[[stages.objectives.answers.goals]]
id = "loyalty"
kpi = "returning customers"
target = "40 a month"

[stages.duration]
status = "done"

[stages.duration.answers]
commitment_months = 24
first_review_months = 6
expects_quick_results = false
regular_publishing = true

[stages.networks]
status = "in_progress"

[[stages.networks.answers.candidates]]
id = "linkedin"
audience_fit = 3
selected = true
existing_account = "none"

[stages.resources]
status = "in_progress"

[stages.resources.answers]
owner = "Ana"
hours_per_week = 10
agency_budget_monthly = 433
skill = "experienced"
"""


@pytest.fixture
def session(tmp_path: Path) -> Path:
    return write_session(tmp_path, SESSION, "bois.toml")


@pytest.fixture
def write(tmp_path: Path):
    def write(text: str, name: str = "agency.toml") -> Path:
        return write_session(tmp_path, text, name)

    return write


def test_weights_thresholds_rate_and_catalogue_change_the_report(cli, session, write) -> None:
    before = report_json(session)
    assert before["computed_verdict"] == "go_with_conditions"  # objectives.no_owner
    settings = write("""\
hourly_rate = 100

[scoring]
not_yet_below = 99

[weights]
objectives = 5

[networks.linkedin]
posts_per_week = 4
""")
    applied = cli("settings", "apply", str(settings), str(session), "--lang", "en")
    assert applied.returncode == 0, applied.stderr
    assert "recorded the tuning" in applied.stdout
    after = report_json(session)
    assert after["stage_scores"] == before["stage_scores"]

    def mean(weights: dict[str, float]) -> int:
        scores = before["stage_scores"]
        return round(sum(scores[s] * weights[s] for s in scores)
                     / sum(weights[s] for s in scores))

    weights = {"objectives": 25, "networks": 15, "resources": 20, "duration": 10}
    assert set(before["stage_scores"]) == set(weights)
    assert before["score"] == mean(weights)
    assert after["score"] == mean(weights | {"objectives": 5})
    assert after["computed_verdict"] == "not_yet"  # below the agency's threshold of 99
    assert after["capacity_hours"] == pytest.approx(10 + 433 / 100 / 4.33, abs=0.05)
    assert before["capacity_hours"] == pytest.approx(10 + 433 / 60 / 4.33, abs=0.05)
    assert after["workload_hours"] == pytest.approx(before["workload_hours"] + 2 * 40 / 60,
                                                    abs=0.05)


def test_the_tuning_is_recorded_in_the_session_and_travels_with_it(cli, session, write,
                                                                   tmp_path) -> None:
    settings = write("[weights]\nobjectives = 5\n")
    assert cli("settings", "apply", str(settings), str(session)).returncode == 0
    text = session.read_text("utf-8")
    assert "[settings]" in text and f'source = "{settings}"' in text
    assert "[settings.weights]" in text
    assert 'id = "loyalty"' in text and "commitment_months = 24" in text  # the rest kept
    settings.unlink()  # the report no longer needs the agency's file
    copy = tmp_path / "elsewhere.toml"
    copy.write_text(text, encoding="utf-8")
    assert report_json(copy)["score"] == report_json(session)["score"]


def test_a_new_network_from_a_settings_file(cli, session, write) -> None:
    session.write_text(SESSION.replace('id = "linkedin"', 'id = "mastodon"'), encoding="utf-8")
    assert "mastodon" not in report_json(session)["network_plan"]
    settings = write("""\
[networks.mastodon]
name = { fr = "Mastodon", en = "Mastodon" }
audiences = ["b2c"]
posts_per_week = 3
minutes_per_post = 15
community_minutes_per_week = 30
""")
    assert cli("settings", "apply", str(settings), str(session)).returncode == 0
    tuned = report_json(session)
    assert tuned["network_plan"] == ["mastodon"]


@pytest.mark.parametrize(("text", "expected"), [
    ("hourly_rate = 0\n", "agency.toml:1: hourly_rate: must be more than 0"),
    ("[scoring]\nnot_yet_below = 120\n", "agency.toml:2: scoring.not_yet_below"),
    ("colour = 'blue'\n", "agency.toml:1: colour: is not a known field"),
    ("[weights]\ntone = -1\n", "agency.toml:2: weights.tone"),
    ("[networks.mastodon]\nposts_per_week = 2\n",
     "agency.toml:1: networks.mastodon: is not in the catalogue: to add it, give also name, "
     "minutes_per_post, community_minutes_per_week"),
    ("hourly_rate = = 3\n", "agency.toml:1: (file): TOML syntax error"),
])
def test_a_bad_settings_file_is_refused_and_nothing_is_written(cli, session, write, text,
                                                               expected) -> None:
    settings = write(text)
    before = session.read_bytes()
    result = cli("settings", "apply", str(settings), str(session))
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert expected in result.stderr.replace(str(settings.parent) + "/", "")
    assert session.read_bytes() == before
    assert cli("settings", "check", str(settings)).returncode == 1


def test_missing_files_are_named(cli, session, write, tmp_path) -> None:
    result = cli("settings", "apply", str(tmp_path / "nope.toml"), str(session))
    assert result.returncode == 1 and "nope.toml: (file): no such file" in result.stderr
    result = cli("settings", "apply", str(write("hourly_rate = 50\n")), str(tmp_path / "no.toml"))
    assert result.returncode == 1 and "no.toml" in result.stderr


def test_a_broken_session_is_not_written_over(cli, session, write) -> None:
    session.write_text("schema_version = 1\n[session\n", encoding="utf-8")
    result = cli("settings", "apply", str(write("hourly_rate = 50\n")), str(session))
    assert result.returncode == 1 and "TOML syntax error" in result.stderr
    assert session.read_text("utf-8") == "schema_version = 1\n[session\n"


def test_a_session_open_in_the_app_is_not_written_over(cli, session, write) -> None:
    before = session.read_bytes()
    with SessionStore.open(session) as store:
        assert not store.read_only
        result = cli("settings", "apply", str(write("hourly_rate = 50\n")), str(session),
                     "--lang", "en")
    assert result.returncode == 1
    assert "open in another process: nothing written" in result.stderr
    assert session.read_bytes() == before


def test_a_mistyped_weight_is_an_error_and_nothing_is_written(cli, session, write) -> None:
    before = session.read_bytes()
    settings = write("hourly_rate = 50\n\n[weights]\nobjectivs = 10\n")
    result = cli("settings", "apply", str(settings), str(session), "--lang", "en")
    assert result.returncode == 1
    assert (f"{settings}:4: weights.objectivs: no installed stage has this id; did you mean "
            "'objectives'?") in result.stderr
    assert session.read_bytes() == before
    assert cli("settings", "check", str(settings)).returncode == 1


PLUGIN = """
from pydantic import BaseModel, Field
from workshop import Stage, StageResult, hookimpl

class Tuning(BaseModel):
    minimum_hours: float = Field(default=1, ge=0)
    strict: bool = False

class Answers(BaseModel):
    hours: float | None = None

class Care(Stage):
    id = "care"
    order = 90
    weight = 5
    questions = Answers
    texts = {"fr": {"title": "Soin", "findings": {"care.short": {"message": "Court.",
             "advice": "Plus."}}},
             "en": {"title": "Care", "findings": {"care.short": {"message": "Short.",
             "advice": "More."}}}}

    def evaluate(self, answers, context):
        tuning = context.plugin_settings
        if answers.hours is not None and answers.hours < tuning.minimum_hours:
            return StageResult([self.finding("care.short", "concern")])
        return StageResult()

@hookimpl
def register_settings(register):
    register(Tuning)

@hookimpl
def register_stages(register):
    register(Care())
"""

CARE = """
[stages.care]
status = "done"

[stages.care.answers]
hours = 2
"""


@pytest.fixture
def care(tmp_path: Path) -> Path:
    return write_plugins(tmp_path, care=PLUGIN)


@pytest.mark.parametrize(("text", "said"), [
    ("[plugins.care]\nminimum_hour = 3\n", ":2: plugins.care.minimum_hour: unknown setting "
     "(allowed: minimum_hours, strict)"),
    ("[plugins.care]\nminimum_hours = \"three\"\n", ":2: plugins.care.minimum_hours"),
    ("[plugins.caer]\nstrict = true\n", ":1: plugins.caer: no installed plugin of this name"),
])
def test_a_plugin_settings_mistake_is_an_error(cli, write, care, text, said) -> None:
    settings = write(text)
    result = cli("settings", "check", str(settings), "--plugins-dir", str(care))
    assert result.returncode == 1
    assert f"{settings}{said}" in result.stderr


def test_a_plugin_gets_its_own_settings(cli, session, write, care) -> None:
    session.write_text(SESSION + CARE, encoding="utf-8")
    before = report_json(session, "--plugins-dir", str(care))
    assert "care.short" not in [f["code"] for f in before["findings"]]
    settings = write("[plugins.care]\nminimum_hours = 3\n")
    assert cli("settings", "check", str(settings), "--plugins-dir", str(care)).returncode == 0
    applied = cli("settings", "apply", str(settings), str(session), "--plugins-dir", str(care))
    assert applied.returncode == 0, applied.stderr
    text = session.read_text("utf-8")
    assert "minimum_hours = 3" in text
    assert 'plugin = "care.py (plugins dir)"' in text  # who answered the stage, recorded
    after = report_json(session, "--plugins-dir", str(care))
    assert "care.short" in [f["code"] for f in after["findings"]]


def test_the_tuning_in_force_has_a_name_and_a_digest(session, write) -> None:
    from workshop.engine.settings import tuning_in_force
    from workshop.session.io import load_session

    assert tuning_in_force(None)["source"] is None
    data = read_settings_file(str(write("hourly_rate = 50\n")))
    tuned = load_session(session)
    tuned.settings = data
    found = tuning_in_force(tuned)
    assert found["source"].endswith("agency.toml")
    assert found["digest"] != tuning_in_force(None)["digest"]


def test_show_prints_the_tuning_in_force(cli, session, write) -> None:
    defaults = cli("settings", "show", "--json")
    assert defaults.returncode == 0
    assert json.loads(defaults.stdout)["hourly_rate"] == 60
    cli("settings", "apply", str(write("hourly_rate = 75\n")), str(session))
    tuned = cli("settings", "show", str(session))
    assert "hourly_rate = 75" in tuned.stdout and "[scoring]" in tuned.stdout


def test_read_settings_file_is_what_the_app_calls(write) -> None:
    """``workshop --settings FILE`` for new sessions: the same check, the same table."""
    path = write("hourly_rate = 80\n[networks.forums]\nposts_per_week = 2\n")
    assert read_settings_file(str(path)) == {"source": str(path), "hourly_rate": 80,
                                             "networks": {"forums": {"posts_per_week": 2}}}
    with pytest.raises(SessionError, match="networks.forums: is not in the catalogue"):
        read_settings_file(str(path), known_networks={"facebook"})
    # a network a plugin adds can be tuned like a built-in one
    assert read_settings_file(str(path), known_networks={"forums"})["hourly_rate"] == 80
