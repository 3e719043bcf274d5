"""The command line's contract: exit codes, one line per problem, nothing written on error."""

from __future__ import annotations

import json
from pathlib import Path

from support import run_workshop, write_plugins

ROOT = Path(__file__).resolve().parents[2]
DEMO = ROOT / "sessions" / "demo-boulangerie-martin.toml"

BROKEN = """\
schema_version = 1
[session]
organisation = "Org"
kind = "bank"
size = "micro"
market = "b2c"

[stages.resources]
status = "done"
[stages.resources.answers]
hours_per_week = -4
"""


def test_validate_names_file_line_field_and_allowed(cli, tmp_path: Path):
    path = tmp_path / "broken.toml"
    path.write_text(BROKEN, "utf-8")
    before = path.read_bytes()
    result = cli("validate", str(path))
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert f"{path}:4: session.kind: 'bank' is not one of the choices (allowed: business, " \
           "startup, ngo, institution or freelancer)" in lines
    assert "Traceback" not in result.stderr
    assert path.read_bytes() == before


def test_validate_checks_stage_answers_with_the_stage_model(cli, tmp_path: Path):
    path = tmp_path / "answers.toml"
    path.write_text(BROKEN.replace('"bank"', '"business"'), "utf-8")
    result = cli("validate", str(path))
    assert result.returncode == 1
    assert f"{path}:11: stages.resources.answers.hours_per_week:" in result.stderr


def test_validate_ok(cli):
    result = cli("validate", str(DEMO))
    assert result.returncode == 0, result.stderr
    assert "ok" in result.stdout


def test_toml_syntax_error_names_the_line(cli, tmp_path: Path):
    path = tmp_path / "syntax.toml"
    path.write_text('schema_version = 1\n[session\norganisation = "x"\n', "utf-8")
    result = cli("report", str(path))
    assert result.returncode == 1
    assert result.stderr.startswith(f"{path}:2: ")
    assert "TOML syntax error" in result.stderr


def test_newer_schema_is_refused_and_untouched(cli, tmp_path: Path):
    path = tmp_path / "future.toml"
    text = DEMO.read_text("utf-8").replace("schema_version = 1", "schema_version = 7")
    path.write_text(text, "utf-8")
    result = cli("report", str(path), "--format", "json")
    assert result.returncode == 1
    assert "newer workshop" in result.stderr
    assert result.stdout == ""
    assert path.read_text("utf-8") == text


def test_missing_file_and_bad_usage(cli, tmp_path: Path):
    missing = cli("report", str(tmp_path / "nope.toml"))
    assert missing.returncode == 1 and "no such file" in missing.stderr
    usage = cli("report", str(DEMO), "--format", "pdf")
    assert usage.returncode == 2


def test_report_to_a_file(cli, tmp_path: Path):
    out = tmp_path / "report.md"
    result = cli("report", str(DEMO), "--format", "markdown", "-o", str(out))
    assert result.returncode == 0, result.stderr
    assert out.read_text("utf-8").startswith("# ")
    assert result.stdout == ""


def test_json_is_json_only_and_lang_switches(cli):
    french = json.loads(cli("report", str(DEMO), "--format", "json").stdout)
    english = json.loads(cli("report", str(DEMO), "--format", "json", "--lang", "en").stdout)
    assert french["language"] == "fr" and english["language"] == "en"
    assert french["verdict"] == english["verdict"]
    assert french["findings"][0]["message"] != english["findings"][0]["message"]


def test_schema_describes_stage_answers(cli):
    result = cli("schema")
    assert result.returncode == 0
    schema = json.loads(result.stdout)
    stages = schema["properties"]["stages"]["properties"]
    assert {"objectives", "audience", "networks", "resources", "tone", "duration"} <= set(stages)
    assert "goals" in json.dumps(stages["objectives"])


def test_plugins_lists_the_builtins(cli):
    result = cli("plugins", "--json")
    assert result.returncode == 0
    names = {plugin["name"]: plugin for plugin in json.loads(result.stdout)}
    for name in ("objectives", "audience", "networks", "resources", "tone", "duration",
                 "recommendation", "catalogue"):
        assert names[name]["status"] == "ok"
        assert names[name]["source"] == "built-in"


def test_app_refuses_bad_tuning_before_opening(cli, tmp_path: Path):
    """`workshop --settings FILE`: the same check as `workshop settings apply`, before any UI."""
    settings = tmp_path / "agency.toml"
    settings.write_text("hourly_rate = -5\n\n[networks.mastodon]\nposts_per_week = 2\n", "utf-8")
    result = cli("--settings", str(settings), str(tmp_path / "new.toml"))
    assert result.returncode == 1
    assert f"{settings}:1: hourly_rate:" in result.stderr
    assert not (tmp_path / "new.toml").exists()


def test_backups_lists_and_restores_without_losing_the_current_version(cli, tmp_path: Path):
    from workshop.session.store import SessionStore

    path = tmp_path / "demo.toml"
    path.write_text(DEMO.read_text("utf-8"), "utf-8")
    with SessionStore.open(path, backup_interval=0) as store:
        store.session.stage("tone").notes = "first"
        store.save()  # keeps the original as a backup
        store.session.stage("tone").notes = "second"
        store.save()  # keeps "first"
    assert cli("backups", str(path)).stdout.count(" bytes ") == 2
    restored = cli("backups", str(path), "--restore", "1")
    assert restored.returncode == 0, restored.stderr
    assert 'notes = "first"' in path.read_text("utf-8")
    listing = cli("backups", str(path)).stdout
    assert listing.count(" bytes ") == 3  # "second" was kept before the restore
    assert any('notes = "second"' in p.read_text("utf-8")
               for p in (tmp_path / ".backups" / "demo").glob("*.toml"))
    wrong = cli("backups", str(path), "--restore", "9")
    assert wrong.returncode == 1 and "allowed: 1 to 3" in wrong.stderr


# -- issue 17 point 3: the command line's traps ------------------------------------------------


def test_common_options_go_before_or_after_the_command(cli, tmp_path: Path):
    folder = tmp_path / "plugins"
    folder.mkdir()
    before = cli("--plugins-dir", str(folder), "plugins", "--json")
    after = cli("plugins", "--json", "--plugins-dir", str(folder))
    assert before.returncode == after.returncode == 0, before.stderr
    assert json.loads(before.stdout) == json.loads(after.stdout)
    assert not list(tmp_path.glob("*.toml"))  # no session named "plugins"


def test_an_unknown_word_is_bad_usage_with_the_commands_never_the_app(cli, tmp_path: Path):
    result = cli("plugns", cwd=tmp_path)
    assert result.returncode == 2
    assert "'plugns' is not a command (did you mean 'plugins'?)" in result.stderr
    assert "report, validate, plugins" in result.stderr
    assert result.stdout == ""
    assert list(tmp_path.iterdir()) == []


def test_settings_check_takes_the_plugins_dir_after_the_file(cli, tmp_path: Path):
    settings = tmp_path / "agency.toml"
    settings.write_text("hourly_rate = 50\n", "utf-8")
    folder = tmp_path / "plugins"
    folder.mkdir()
    result = cli("settings", "check", str(settings), "--plugins-dir", str(folder))
    assert result.returncode == 0, result.stderr


def test_python_dash_m_workshop_works():
    import subprocess
    import sys

    result = subprocess.run([sys.executable, "-m", "workshop", "--version"],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0 and result.stdout.startswith("workshop ")


def test_a_plugin_adds_a_command(cli, tmp_path: Path):
    folder = write_plugins(tmp_path, hello=(
        "from workshop import hookimpl\n"
        "from workshop.hookspecs import Command\n\n"
        "def add(parser):\n    parser.add_argument('who')\n\n"
        "def run(args):\n    print(f'hello {args.who}')\n    return 0\n\n"
        "@hookimpl\ndef register_commands(register):\n"
        "    register(Command('hello', run, 'say hello', add))\n"))
    result = cli("hello", "Ana", "--plugins-dir", str(folder))
    assert result.returncode == 0, result.stderr
    assert result.stdout == "hello Ana\n"
    missing = cli("hullo", "--plugins-dir", str(folder))
    assert missing.returncode == 2 and "did you mean 'hello'?" in missing.stderr


def test_install_runs_pip_of_the_environment_workshop_runs_from(cli):
    result = cli("install", "--help")
    assert result.returncode == 0
    import argparse
    import sys

    from workshop.commands.install import pip_command

    args = argparse.Namespace(command="install", packages=["workshop-x"], upgrade=True,
                              editable=False)
    assert pip_command(args) == [sys.executable, "-m", "pip", "install", "--upgrade",
                                 "workshop-x"]
    args = argparse.Namespace(command="uninstall", packages=["workshop-x"], yes=True)
    assert pip_command(args) == [sys.executable, "-m", "pip", "uninstall", "-y", "workshop-x"]


# -- issue 17 point 6: the platform's folders and the user's umask ----------------------------


def _run_with_umask(mask: int, *args: str, env: dict[str, str] | None = None):
    """``workshop ARGS`` run under the user's umask ``mask``."""
    import os

    return run_workshop(*args, env=env, module="workshop", preexec_fn=lambda: os.umask(mask))


def test_new_files_get_the_mode_the_users_umask_gives(tmp_path: Path):
    for mask, mode in ((0o022, 0o644), (0o027, 0o640), (0o077, 0o600)):
        out = tmp_path / f"report-{mask:o}.md"
        result = _run_with_umask(mask, "report", str(DEMO), "--format", "markdown",
                                 "-o", str(out))
        assert result.returncode == 0, result.stderr
        assert out.stat().st_mode & 0o777 == mode


def test_the_cache_lives_in_the_platforms_cache_folder(tmp_path: Path):
    import os

    env = {"XDG_CACHE_HOME": str(tmp_path / "cache")}
    env.pop("WORKSHOP_CACHE_DIR", None)
    saved = os.environ.pop("WORKSHOP_CACHE_DIR", None)
    try:
        result = _run_with_umask(0o022, "report", str(DEMO), "--format", "json", env=env)
    finally:
        if saved is not None:
            os.environ["WORKSHOP_CACHE_DIR"] = saved
    assert result.returncode == 0, result.stderr
    kept = list((tmp_path / "cache" / "workshop").rglob("*.marshal"))
    assert kept and all(path.stat().st_mode & 0o777 == 0o644 for path in kept)


# -- issue 17 point 2: a session answered with a plugin that is not installed here -------------

UNKNOWN_STAGES = """\
schema_version = 1

[session]
organisation = "Org"
kind = "business"
size = "micro"
market = "b2c"

[stages.listening_plus]
status = "done"
plugin = "workshop-listening-plus 1.2.0"

[stages.listening_plus.answers]
alerts = true

[stages.mystery]
status = "done"
"""


def test_validate_warns_about_stages_no_installed_plugin_gives(cli, tmp_path: Path):
    path = tmp_path / "s.toml"
    path.write_text(UNKNOWN_STAGES, "utf-8")
    result = cli("validate", str(path))
    assert result.returncode == 0
    assert result.stdout == f"{path}: ok\n"
    assert result.stderr.splitlines() == [
        f"workshop: warning: {path}:9: stages.listening_plus: answered with plugin "
        "workshop-listening-plus 1.2.0, not installed here (workshop install "
        "workshop-listening-plus): its answers are kept, the verdict leaves them out",
        f"workshop: warning: {path}:16: stages.mystery: no installed plugin gives this stage: "
        "its answers are kept, the verdict leaves them out",
    ]
    assert path.read_text("utf-8") == UNKNOWN_STAGES
