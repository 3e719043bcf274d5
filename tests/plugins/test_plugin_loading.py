"""Guarded loading: every way a plugin can break leaves it out, named, and the rest goes on."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from plugin_samples import (
    GOOD_FILE,
    MALFORMED_QUESTIONS,
    PROBE_DONE,
    RAISES_AT_IMPORT,
    RAISES_IN_EVALUATE,
    GoodPlugin,
    ProbeAnswers,
    ProbeStage,
)
from pydantic import BaseModel, Field

from workshop import Network, ReportSection, Stage, StageResult, hookimpl
from workshop.engine.evaluation import evaluate
from workshop.engine.recommendation import Recommendation, build, recommend
from workshop.plugins import PluginError, PluginHost, check_stage, drawable, load_plugins
from workshop.report import render

CORE = ["objectives", "audience", "networks", "resources", "tone", "duration", "recommendation"]


def stage_ids(host: PluginHost) -> list[str]:
    return [stage.id for stage in host.stages()]


def assert_core_intact(host: PluginHost) -> None:
    assert set(CORE) <= set(stage_ids(host))
    assert "facebook" in host.catalogue()


def broken(host: PluginHost, name: str) -> str:
    info = host.infos[name]
    assert info.status == "broken", info
    assert any(problem.startswith(f"plugin {name}: ") for problem in host.problems)
    return info.error or ""


# -- a good plugin ------------------------------------------------------------------------------


def test_a_good_plugin_is_registered_like_a_core_stage(make_host) -> None:
    host = make_host(("probe", GoodPlugin()))
    info = host.infos["probe"]
    assert info.status == "ok" and info.source == "registered"
    assert info.hooks == ["register_stages"] and info.stages == ["probe"]
    assert host.problems == [] and info.warnings == []
    assert stage_ids(host)[-2:] == ["probe", "recommendation"]  # order 70, then 1000
    assert host.plugin_of_stage("probe") == "probe"


def test_a_good_plugins_findings_reach_the_verdict(make_host, make_session) -> None:
    host = make_host(("probe", GoodPlugin()))
    recommendation = recommend(make_session(PROBE_DONE), host)
    assert "probe.not_ready" in [f.code for f in recommendation.findings]
    assert recommendation.stage_scores["probe"] == 85


# -- failing to load ----------------------------------------------------------------------------


def test_a_plugin_that_raises_at_import_is_left_out(make_host, write_plugins) -> None:
    folder = write_plugins(crashing=RAISES_AT_IMPORT, extra=GOOD_FILE)
    host = make_host(plugins_dir=folder)
    assert "no licence key" in broken(host, "crashing")
    assert "RuntimeError" in host.infos["crashing"].error
    assert "extra" in stage_ids(host)
    assert_core_intact(host)


def test_a_plugin_that_exits_at_import_does_not_end_the_workshop(make_host, write_plugins) -> None:
    host = make_host(plugins_dir=write_plugins(quitter="import sys\nsys.exit(3)\n"))
    assert "SystemExit" in broken(host, "quitter")
    assert_core_intact(host)


def test_a_plugin_with_a_syntax_error_is_named_with_its_line(make_host, write_plugins) -> None:
    host = make_host(plugins_dir=write_plugins(typo="def register_stages(:\n"))
    assert "SyntaxError" in broken(host, "typo")


def test_helper_files_of_a_plugins_folder_are_not_plugins(make_host, write_plugins) -> None:
    host = make_host(plugins_dir=write_plugins(_shared="VALUE = 1\n", extra=GOOD_FILE))
    assert "_shared" not in host.infos and host.problems == []


def test_a_missing_plugins_folder_is_a_problem_not_a_crash(make_host, tmp_path) -> None:
    host = make_host(plugins_dir=tmp_path / "nowhere")
    assert any("no such folder" in problem for problem in host.problems)
    assert_core_intact(host)


# -- bad hooks ----------------------------------------------------------------------------------


class MisspelledHook:
    @hookimpl
    def register_stage(self, register: Callable[[Stage], None]) -> None:
        register(ProbeStage())


class WrongArguments:
    @hookimpl
    def register_stages(self, register: Any, session: Any) -> None:
        register(ProbeStage())


class NoHooks:
    def register_stages(self, register: Any) -> None:  # forgot @hookimpl
        register(ProbeStage())


def test_an_unknown_hook_is_refused_with_a_suggestion(make_host) -> None:
    host = make_host(("typo", MisspelledHook()))
    error = broken(host, "typo")
    assert "unknown hook 'register_stage'" in error and "did you mean 'register_stages'" in error
    assert "probe" not in stage_ids(host)


def test_a_hook_asking_for_an_argument_it_does_not_get_is_refused(make_host) -> None:
    host = make_host(("wrong", WrongArguments()))
    error = broken(host, "wrong")
    assert "'session'" in error and "allowed: register" in error


def test_a_plugin_without_any_hook_is_told_so(make_host) -> None:
    error = broken(make_host(("nothing", NoHooks())), "nothing")
    assert "@hookimpl" in error


def test_two_plugins_of_one_name_leave_the_first_alone(make_host) -> None:
    host = make_host(("probe", GoodPlugin()), ("probe", GoodPlugin()))
    assert host.infos["probe"].status == "ok"
    assert "probe" in stage_ids(host)
    assert "already loaded" in broken(host, "probe [registered]")


# -- malformed registrations ----------------------------------------------------------------------


def stage_of(**attributes: Any) -> Stage:
    return type("Custom", (ProbeStage,), attributes)()


@pytest.mark.parametrize(("stage", "reason"), [
    (stage_of(id="has space"), "stage id must be a simple name"),
    (stage_of(id=7), "stage id must be a simple name"),
    (stage_of(weight=-1), "weight must be a number >= 0"),
    (stage_of(weight="heavy"), "weight must be a number"),
    (stage_of(order=None), "order must be a number"),
    (stage_of(texts=["fr", "en"]), "texts must be a table"),
    (stage_of(evaluate=lambda self, answers: None), "evaluate must take (answers, context)"),
    (stage_of(questions=dict), "questions must be a pydantic model class"),
    (stage_of(questions=type("NoDefault", (BaseModel,), {"__annotations__": {"n": int}})),
     "every question needs a default"),
    ("not a stage", "expects a workshop.Stage instance"),
])
def test_a_malformed_stage_leaves_its_plugin_out(make_host, stage: Any, reason: str) -> None:
    host = make_host(("bad", GoodPlugin(stage)))
    assert reason in broken(host, "bad")
    assert_core_intact(host)
    assert "probe" not in stage_ids(host)


def test_a_questions_model_without_json_schema_is_malformed(make_host) -> None:
    class Opaque:
        pass

    class Answers(BaseModel):
        model_config = {"arbitrary_types_allowed": True}
        thing: Opaque | None = None

    host = make_host(("opaque", GoodPlugin(stage_of(questions=Answers))))
    assert "no JSON Schema" in broken(host, "opaque")


def test_a_question_the_app_cannot_draw_is_a_warning_not_a_failure(make_host) -> None:
    class Answers(BaseModel):
        ready: bool | None = None
        budget_by_month: dict[str, float] = Field(default_factory=dict)

    host = make_host(("odd", GoodPlugin(stage_of(questions=Answers))))
    info = host.infos["odd"]
    assert info.status == "ok"
    assert any("budget_by_month" in warning and "raw TOML" in warning
               for warning in info.warnings)


def test_missing_french_texts_are_warnings(make_host) -> None:
    texts = {"en": ProbeStage.texts["en"]}
    host = make_host(("english", GoodPlugin(stage_of(texts=texts))))
    assert host.infos["english"].status == "ok"
    assert "stage probe: no [fr] texts" in host.infos["english"].warnings


@pytest.mark.parametrize(("annotation", "expected"), [
    (bool, True), (int | None, True), (str, True), (list[str], True),
    (Any, False), (dict[str, int], False), (list[list[int]], False), (set[str], True),
])
def test_what_the_app_can_draw(annotation: Any, expected: bool) -> None:
    assert drawable(annotation) is expected


def test_the_check_is_public_for_plugin_authors() -> None:
    check_stage(ProbeStage())
    with pytest.raises(ValueError, match="every question needs a default"):
        check_stage(stage_of(questions=type("M", (BaseModel,), {"__annotations__": {"n": int}})))


def test_a_second_stage_with_a_taken_id_leaves_its_plugin_out(make_host) -> None:
    host = make_host(("first", GoodPlugin()), ("second", GoodPlugin()))
    assert "already registered by plugin 'first'" in broken(host, "second")
    assert host.plugin_of_stage("probe") == "first"


# -- raising inside hooks -------------------------------------------------------------------------


class HalfThenRaise:
    """Registers a good stage, then breaks: none of its stages may stay behind."""

    @hookimpl
    def register_stages(self, register: Callable[[Stage], None]) -> None:
        register(ProbeStage())
        raise RuntimeError("lost my texts")


def test_a_plugin_raising_in_register_stages_leaves_nothing_behind(make_host) -> None:
    host = make_host(("half", HalfThenRaise()))
    error = broken(host, "half")
    assert error.startswith("register_stages: RuntimeError: lost my texts")
    assert "probe" not in stage_ids(host)
    assert_core_intact(host)


class Exploding(ProbeStage):
    def evaluate(self, answers: ProbeAnswers, context: Any) -> StageResult:
        raise KeyError("no such goal")


def test_a_stage_raising_in_evaluate_is_named_and_left_out_of_the_score(
        make_host, make_session) -> None:
    host = make_host(("exploding", GoodPlugin(Exploding())))
    recommendation = recommend(make_session(PROBE_DONE), host)
    assert "KeyError" in recommendation.broken_stages["probe"]
    assert "probe" not in recommendation.stage_scores
    assert "KeyError" in broken(host, "exploding")
    # the report still renders, naming the broken stage
    text = render(recommendation, "markdown", host)
    assert "KeyError" in text
    assert recommendation.as_json()["broken_stages"]["probe"]


class WrongResult(ProbeStage):
    def evaluate(self, answers: ProbeAnswers, context: Any) -> Any:
        return ["not a finding"]


def test_a_stage_giving_something_else_than_findings_is_named(make_host, make_session) -> None:
    host = make_host(("wrong", GoodPlugin(WrongResult())))
    evaluation = evaluate(make_session(PROBE_DONE), host)
    assert "must give Finding objects" in (evaluation.outcomes["probe"].error or "")


class Networks:
    def __init__(self, *networks: Any, explode: bool = False) -> None:
        self.networks, self.explode = networks, explode

    @hookimpl
    def register_networks(self, register: Callable[[Network], None]) -> None:
        for network in self.networks:
            register(network)
        if self.explode:
            raise OSError("catalogue server unreachable")


def network(network_id: str = "mastodon", **values: Any) -> Network:
    base = {"id": network_id, "name": {"fr": "Mastodon", "en": "Mastodon"},
            "audiences": ("b2c",), "formats": ("text",), "posts_per_week": 3,
            "minutes_per_post": 15, "community_minutes_per_week": 30}
    return Network(**(base | values))


def test_register_networks_adds_and_replaces_catalogue_entries(make_host) -> None:
    host = make_host(("mastodon", Networks(network(),
                                           network("linkedin", name={"en": "LinkedIn"},
                                                   posts_per_week=5))))
    catalogue = host.catalogue()
    assert catalogue["mastodon"].minutes_per_week == 3 * 15 + 30
    assert catalogue["linkedin"].posts_per_week == 5  # the plugin's entry wins
    assert host.infos["mastodon"].networks == ["mastodon", "linkedin"]


@pytest.mark.parametrize(("plugin", "reason"), [
    (Networks(network(posts_per_week=-2)), "posts_per_week must be a number >= 0"),
    (Networks(network("two words")), "network id must be a simple name"),
    (Networks({"id": "dict"}), "expects workshop.Network"),
    (Networks(network(), explode=True), "catalogue server unreachable"),
])
def test_a_bad_network_leaves_its_plugin_out(make_host, plugin: Any, reason: str) -> None:
    host = make_host(("bad", plugin))
    assert reason in broken(host, "bad")
    assert "mastodon" not in host.catalogue()
    assert_core_intact(host)


class Sections:
    def __init__(self, *sections: Any, explode: bool = False) -> None:
        self.sections, self.explode = sections, explode

    @hookimpl
    def register_report_sections(self, register: Callable[[ReportSection], None]) -> None:
        for section in self.sections:
            register(section)
        if self.explode:
            raise ValueError("no template")


def section(render: Callable[..., Any], section_id: str = "extra") -> ReportSection:
    return ReportSection(id=section_id, title={"fr": "En plus", "en": "Extra"}, render=render)


def test_register_report_sections_adds_a_section_to_every_report(make_host, make_session) -> None:
    host = make_host(("extra", Sections(section(
        lambda evaluation, lang: [f"{evaluation.session.session.organisation} in {lang}"]))))
    recommendation = recommend(make_session(), host)
    markdown = render(recommendation, "markdown", host)
    assert "Extra" in markdown and "Test Org in en" in markdown
    assert host.infos["extra"].sections == ["extra"]


def test_a_report_section_raising_is_left_out_and_named(make_host, make_session) -> None:
    host = make_host(("extra", Sections(section(lambda evaluation, lang: 1 / 0))))
    recommendation = recommend(make_session(), host)
    markdown = render(recommendation, "markdown", host)
    assert "## Extra" not in markdown
    assert "report section extra: ZeroDivisionError" in broken(host, "extra")


@pytest.mark.parametrize(("plugin", "reason"), [
    (Sections("not a section"), "expects workshop.ReportSection"),
    (Sections(section(render="nope")), "render must be a function"),
    (Sections(section(lambda e, lang: None), explode=True), "no template"),
])
def test_a_bad_report_section_leaves_its_plugin_out(make_host, plugin: Any, reason: str) -> None:
    host = make_host(("bad", plugin))
    assert reason in broken(host, "bad")
    assert host.report_sections() == []


class CustomRecommendation:
    """A plugin that writes the recommendation itself (here: the built-in one, re-titled)."""

    def __init__(self, explode: bool = False) -> None:
        self.explode = explode

    @hookimpl
    def build_recommendation(self, evaluation: Any, settings: dict) -> Recommendation:
        if self.explode:
            raise RuntimeError("agency template missing")
        recommendation = build(evaluation)
        recommendation.organisation = f"{recommendation.organisation} (agency method)"
        return recommendation


def test_build_recommendation_of_a_plugin_wins(make_host, make_session) -> None:
    host = make_host(("agency", CustomRecommendation()))
    assert recommend(make_session(), host).organisation == "Test Org (agency method)"


def test_build_recommendation_raising_falls_back_to_the_built_in(make_host, make_session) -> None:
    host = make_host(("agency", CustomRecommendation(explode=True)))
    recommendation = recommend(make_session(PROBE_DONE), host)
    assert recommendation.organisation == "Test Org"
    assert "build_recommendation: RuntimeError: agency template missing" in broken(host, "agency")


# -- leaving plugins out on purpose, and strict mode ---------------------------------------------


def test_workshop_disable_plugins_leaves_named_plugins_out(make_host, write_plugins,
                                                           monkeypatch) -> None:
    monkeypatch.setenv("WORKSHOP_DISABLE_PLUGINS", "extra, tone;probe")
    host = make_host(("probe", GoodPlugin()), plugins_dir=write_plugins(extra=GOOD_FILE))
    for name in ("extra", "tone", "probe"):
        assert host.infos[name].status == "disabled"
    assert not {"extra", "tone", "probe"} & set(stage_ids(host))
    assert host.problems == []


def test_strict_mode_makes_a_problem_fatal(make_host, write_plugins) -> None:
    with pytest.raises(PluginError, match="plugin crashing: RuntimeError: cannot start"):
        make_host(plugins_dir=write_plugins(crashing=RAISES_AT_IMPORT), strict=True)
    folder = write_plugins(malformed=MALFORMED_QUESTIONS)
    (folder / "crashing.py").unlink()
    with pytest.raises(PluginError, match="every question needs a default"):
        make_host(plugins_dir=folder, strict=True)


def test_strict_mode_makes_a_failure_at_work_fatal(make_host, make_session,
                                                   write_plugins) -> None:
    host = make_host(plugins_dir=write_plugins(fragile=RAISES_IN_EVALUATE), strict=True)
    body = '[stages.fragile]\nstatus = "done"\n[stages.fragile.answers]\nlevel = 1\n'
    with pytest.raises(PluginError, match="plugin fragile: ZeroDivisionError"):
        recommend(make_session(body), host)


def test_entry_points_are_loaded_and_guarded(monkeypatch) -> None:
    """A stand-in for importlib.metadata: one good entry point and one that cannot load."""
    import workshop.plugins as plugins

    class Dist:
        name, version = "workshop-probe", "1.2.3"

    class Entry:
        def __init__(self, name: str, value: str, plugin: Any) -> None:
            self.name, self.value, self.module = name, value, value
            self.dist, self.plugin = Dist(), plugin

        def load(self) -> Any:
            if isinstance(self.plugin, Exception):
                raise self.plugin
            return self.plugin

    entries = [Entry("probe", "workshop_probe", GoodPlugin()),
               Entry("gone", "workshop_gone", ModuleNotFoundError("No module named 'x'"))]
    monkeypatch.setattr(plugins, "_entry_points", lambda group: entries)
    host = load_plugins(entry_points=True)
    assert host.infos["probe"].source == "entry point (workshop-probe)"
    assert host.infos["probe"].version == "1.2.3"
    assert "probe" in stage_ids(host)
    assert "ModuleNotFoundError" in broken(host, "gone")
    monkeypatch.setenv("WORKSHOP_DISABLE_PLUGINS", "workshop-probe")  # by distribution name
    assert load_plugins(entry_points=True).infos["probe"].status == "disabled"
