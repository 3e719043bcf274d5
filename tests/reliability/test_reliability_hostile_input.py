"""Hostile input (issue 16): nothing gets through to the terminal, nothing is lost.

Each test goes through a public interface (the command line as a real process, the app with
Pilot, the store's API) and failed on the code before its fix (see docs/reliability.md).
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import random
import stat
import subprocess
import sys
import threading
import time
import tomllib
from pathlib import Path

import pytest
from reliability_support import FULL_SESSION, VALID_SESSION, run_process
from support import (
    run_workshop,
    workshop_command,
    workshop_env,
    write_plugins,
    write_session,
)

from workshop.session.errors import BackupError, ExternalChangeError, SessionError
from workshop.session.store import SessionStore

# What a terminal acts on: a title change, a clear screen, the clipboard (OSC 52), a link
# (OSC 8), a one-byte CSI, a bidi override and an isolate.
ESCAPES = ("\x1b]0;PWNED\x1b\\", "\x1b[2J", "\x1b]52;c;cHduZWQ=\x07",
           "\x1b]8;;https://evil.example\x1b\\link\x1b]8;;\x1b\\", "\x9b31m", "\u202eevil",
           "\u2066iso\u2069")
HOSTILE = " ".join(ESCAPES)


def svg_text(svg: str) -> str:
    """The words of a screenshot, one space between them."""
    import html
    import re

    words = html.unescape(" ".join(re.findall(r">([^<>]*)</text>", svg)))
    return " ".join(words.replace("\xa0", " ").split())


def unsafe(text: str) -> set[str]:
    """The characters of ``text`` a terminal would act on (tab and line feed aside)."""
    return {repr(ch) for ch in text
            if (ord(ch) < 32 and ch not in "\n\t") or 0x7F <= ord(ch) < 0xA0
            or 0x202A <= ord(ch) <= 0x202E or 0x2066 <= ord(ch) <= 0x2069}


def hostile_session(folder: Path, name: str = "hostile.toml", language: str = "en") -> Path:
    """The full session with escapes in every text a person types."""
    data = tomllib.loads(FULL_SESSION)
    data["session"] |= {"organisation": f"Org {HOSTILE}", "facilitator": HOSTILE,
                        "language": language}
    for record in data["stages"].values():
        record["notes"] = f"notes {HOSTILE}"
    stages = data["stages"]
    stages["objectives"]["answers"]["goals"][0] |= {"kpi": HOSTILE, "target": HOSTILE,
                                                    "owner": f"owner {HOSTILE}"}
    stages["audience"]["answers"]["segments"][0] |= {"name": f"segment {HOSTILE}",
                                                     "description": HOSTILE}
    stages["resources"]["answers"]["owner"] = f"owner {HOSTILE}"
    stages["tone"]["answers"]["spokesperson"] = f"spokesperson {HOSTILE}"
    stages["recommendation"]["override"]["reason"] = f"reason {HOSTILE}"
    return write_session(folder, data, name)


@pytest.fixture
def make_app(tmp_path: Path):
    """The app on a session (or on the picker of ``sessions_dir``), as a user starts it."""
    from workshop.app.app import WorkshopApp
    from workshop.plugins import load_plugins

    host = load_plugins(entry_points=False)
    stores: list[SessionStore] = []

    def make(path: Path | None = None, *, sessions_dir: Path | None = None):
        store = SessionStore.open(path) if path is not None else None
        if store is not None:
            stores.append(store)
        return WorkshopApp(host, store=store, sessions_dir=sessions_dir or tmp_path,
                           lang="en", keymap={}, live_timer=False)

    yield make
    for store in stores:
        store.close()


def run(scenario) -> None:
    asyncio.run(scenario)


# -- 1. no terminal escape reaches the terminal -------------------------------------------------


async def _screens(app, pilot) -> list[tuple[str, str]]:
    """The app's screen as SVG after each step of a walk through the session."""
    shots = [("first screen", app.export_screenshot())]
    for key, what in (("ctrl+g", "notes"), ("escape", "back"), ("f8", "stage 2"),
                      ("f8", "stage 3"), ("f8", "stage 4"), ("f8", "stage 5"),
                      ("f8", "stage 6"), ("f6", "verdict"), ("f5", "presentation")):
        await pilot.press(key)
        await pilot.pause()
        shots.append((what, app.export_screenshot()))
    return shots


def test_the_app_draws_no_escape(tmp_path: Path, make_app) -> None:
    async def scenario() -> None:
        path = hostile_session(tmp_path)
        app = make_app(path)
        async with app.run_test(size=(120, 45)) as pilot:
            await pilot.pause()
            shots = await _screens(app, pilot)
        assert any("PWNED" in shot for _, shot in shots), "the text itself must still show"
        for what, shot in shots:
            assert not unsafe(shot), f"{what}: {unsafe(shot)} reached the terminal"

    run(scenario())


def test_the_picker_draws_no_escape(tmp_path: Path, make_app) -> None:
    async def scenario() -> None:
        hostile_session(tmp_path)
        app = make_app(sessions_dir=tmp_path)
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            for _ in range(50):  # the picker judges the files on its own thread
                await pilot.pause(0.05)
                shot = app.export_screenshot()
                if "PWNED" in shot:
                    break
        assert "PWNED" in shot, "the organisation is listed"
        assert not unsafe(shot), unsafe(shot)

    run(scenario())


def test_json_printed_escapes_c1_and_bidi_but_keeps_french_letters(tmp_path: Path) -> None:
    path = hostile_session(tmp_path, language="fr")
    for command in (["report", str(path), "--format", "json"],
                    ["diff", str(path), str(path), "--format", "json"]):
        result = run_process(*command)
        assert result.code == 0, result.err[-2000:]
        assert not unsafe(result.out), f"{command[0]}: {unsafe(result.out)}"
        assert "\\u009b" in result.out or command[0] == "diff"
        data = json.loads(result.out)
        if command[0] == "report":
            assert data["organisation"] == f"Org {HOSTILE}", "the data is unchanged"
            assert "é" in result.out, "French letters are written as themselves"


def test_a_plugins_exception_text_reaches_stderr_escaped(tmp_path: Path) -> None:
    plugins = write_plugins(tmp_path, evil=f"raise RuntimeError({HOSTILE!r})\n")
    session = tmp_path / "s.toml"
    session.write_text(VALID_SESSION, encoding="utf-8")
    for command in ("report", "validate"):
        result = run_process(command, str(session), "--plugins-dir", str(plugins))
        assert result.code == 0, result.err[-2000:]
        assert "PWNED" in result.err, "the plugin's problem is said"
        assert not unsafe(result.err), f"{command}: {unsafe(result.err)} on stderr"
    strict = run_process("report", str(session), "--plugins-dir", str(plugins),
                         "--strict-plugins")
    assert strict.code == 1 and "PWNED" in strict.err, strict.err
    assert not unsafe(strict.err), f"--strict-plugins: {unsafe(strict.err)} on stderr"


# -- 2. a version is never lost while the message says it was kept ------------------------------


def _with_backups(tmp_path: Path) -> Path:
    path = tmp_path / "s.toml"
    path.write_text(VALID_SESSION, encoding="utf-8")
    with SessionStore.open(path, backup_interval=0) as store:
        store.session.session.sector = "bakery, second version"
        store.save()
    return path


def _block_backups(path: Path) -> None:
    """Make the backup folder impossible to write, even for root: a file where it should be."""
    folder = path.parent / ".backups" / path.stem
    for kept in folder.iterdir():
        kept.unlink()
    folder.rmdir()
    folder.write_text("not a folder")


def run_with_read_only(folder: Path, arguments: list[str]) -> subprocess.CompletedProcess:
    """``arguments`` run while ``folder`` cannot be written. Root writes through permissions,
    so for root the folder is mounted read-only in a private mount namespace (``unshare``);
    anyone else gets a plain ``chmod 555``."""
    environment = workshop_env(PYTHONWARNINGS="ignore")
    if os.geteuid() != 0:
        folder.chmod(0o555)
        try:
            return subprocess.run(arguments, capture_output=True, text=True, timeout=120,
                                  env=environment)
        finally:
            folder.chmod(0o755)
    probe = subprocess.run(["unshare", "-m", "true"], capture_output=True)
    if probe.returncode != 0:
        pytest.skip("root without a mount namespace cannot make a folder read-only")
    script = 'mount --bind "$0" "$0" && mount -o remount,ro,bind "$0" "$0" && exec "$@"'
    return subprocess.run(["unshare", "-m", "sh", "-c", script, str(folder), *arguments],
                          capture_output=True, text=True, timeout=120, env=environment)


def test_restore_refuses_when_the_replaced_version_cannot_be_kept(tmp_path: Path) -> None:
    path = _with_backups(tmp_path)
    kept = tmp_path / ".backups" / path.stem
    assert len(list(kept.iterdir())) == 1
    before = path.read_bytes()
    done = run_with_read_only(kept, workshop_command("backups", str(path), "--restore", "1"))
    assert done.returncode == 1, (done.returncode, done.stdout, done.stderr)
    assert "Traceback" not in done.stderr
    assert "not restored" in done.stderr and "backup" in done.stderr
    assert "kept" not in done.stdout
    assert path.read_bytes() == before, "the session was replaced"


def run_process_limited(arguments: list[str], file_size: int) -> subprocess.CompletedProcess:
    """``workshop ARGUMENTS`` where no file can grow beyond ``file_size`` bytes: a full disk."""
    import resource

    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (file_size, file_size))

    return run_workshop(*arguments, env={"PYTHONWARNINGS": "ignore"}, preexec_fn=limit)


def test_restore_on_a_full_disk_says_so_without_a_traceback(tmp_path: Path) -> None:
    path = _with_backups(tmp_path)
    before = path.read_bytes()
    result = run_process_limited(["backups", str(path), "--restore", "1"], file_size=100)
    assert result.returncode == 1, (result.returncode, result.stdout, result.stderr)
    assert "Traceback" not in result.stderr
    assert "not restored" in result.stderr
    assert path.read_bytes() == before


def test_a_forced_save_refuses_when_their_version_cannot_be_kept(tmp_path: Path) -> None:
    path = _with_backups(tmp_path)
    with SessionStore.open(path) as store:
        theirs = VALID_SESSION.replace("Claire", "Their facilitator")
        path.write_text(theirs, encoding="utf-8")
        store.session.session.facilitator = "Ours"
        with pytest.raises(ExternalChangeError):
            store.save()
        _block_backups(path)
        with pytest.raises(BackupError):
            store.save(force=True)  # "keep mine": theirs would be lost, so nothing is written
        assert path.read_text(encoding="utf-8") == theirs
        assert store.session.session.facilitator == "Ours", "ours is still in memory"


# -- 3. -o never replaces a session, a held, read-only or special file -------------------------


def test_report_output_never_replaces_a_session_or_a_protected_file(tmp_path: Path) -> None:
    session = tmp_path / "s.toml"
    session.write_text(VALID_SESSION, encoding="utf-8")
    other = tmp_path / "other.toml"
    other.write_text(FULL_SESSION, encoding="utf-8")
    broken_session = tmp_path / "broken.toml"
    broken_session.write_text(VALID_SESSION.replace('kind = "business"', 'kind = 3'))
    read_only = tmp_path / "read-only.json"
    read_only.write_text("{}")
    read_only.chmod(0o444)
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    targets = [session, other, broken_session, read_only, fifo, tmp_path]
    before = {target: target.read_bytes() for target in targets if target.is_file()}
    with SessionStore.open(other):  # held by "the app"
        for target in targets:
            for fmt in ("json", "markdown"):
                result = run_process("report", str(session), "--format", fmt, "-o", str(target),
                                     timeout=60)
                assert result.code == 1, (target, fmt, result.err)
                assert "Traceback" not in result.err and result.err.strip()
    for target, content in before.items():
        assert target.read_bytes() == content, f"{target.name} was written"
    assert stat.S_IMODE(read_only.stat().st_mode) == 0o444


def test_new_files_follow_the_umask_and_replaced_files_keep_their_mode(tmp_path: Path) -> None:
    session = tmp_path / "s.toml"
    session.write_text(VALID_SESSION, encoding="utf-8")
    for umask, expected in ((0o022, 0o644), (0o077, 0o600)):
        out = tmp_path / f"report-{umask:o}.md"
        done = run_workshop("report", str(session), "-o", str(out), "--format", "markdown",
                            preexec_fn=lambda umask=umask: os.umask(umask))
        assert done.returncode == 0, done.stderr
        assert stat.S_IMODE(out.stat().st_mode) == expected, oct(out.stat().st_mode)
    kept = tmp_path / "report-22.md"
    kept.chmod(0o640)
    assert run_process("report", str(session), "-o", str(kept), "--format", "markdown").code == 0
    assert stat.S_IMODE(kept.stat().st_mode) == 0o640


# -- 5. regular files only, with a size limit ---------------------------------------------------


def test_special_and_huge_files_are_refused_at_once(tmp_path: Path) -> None:
    fifo = tmp_path / "fifo.toml"
    os.mkfifo(fifo)
    huge = tmp_path / "huge.toml"
    with open(huge, "wb") as stream:  # sparse: 11 MiB that take no room
        stream.truncate(11 * 1024 * 1024)
    session = tmp_path / "s.toml"
    session.write_text(VALID_SESSION, encoding="utf-8")
    for bad in (fifo, Path("/dev/zero"), tmp_path, huge):
        for command in (["validate", str(bad)], ["report", str(bad)],
                        ["diff", str(session), str(bad)], ["whatif", str(bad)]):
            started = time.monotonic()
            result = run_process(*command, timeout=30)
            assert result.code == 1, (command, result.err)
            assert "Traceback" not in result.err
            assert str(bad) in result.err and result.err.count("\n") <= 3, result.err
            assert time.monotonic() - started < 20


def test_the_app_refuses_a_fifo_without_hanging(tmp_path: Path, make_app) -> None:
    async def scenario() -> None:
        from workshop.app.screens.picker import ProblemsScreen

        fifo = tmp_path / "fifo.toml"
        os.mkfifo(fifo)
        with pytest.raises(SessionError, match="not a regular file"):
            SessionStore.open(fifo)
        app = make_app(sessions_dir=tmp_path)
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.pause()
            app.open_session(fifo)
            await pilot.pause()
            assert isinstance(app.screen, ProblemsScreen)
            assert "not a regular file" in svg_text(app.export_screenshot())

    run(scenario())


# -- 6. outside edits: never lost without a word ------------------------------------------------


def test_no_outside_edit_is_lost_during_steady_saves(tmp_path: Path) -> None:
    """An outside writer (in place and by rename, in turns) against a store saving as fast as
    it can: each outside version is either reported to the store (a conflict, then taken) or
    replaced by the writer itself, never replaced by a save that said nothing."""
    path = tmp_path / "s.toml"
    path.write_text(VALID_SESSION, encoding="utf-8")
    store = SessionStore.open(path, max_backups=0)
    seen: set[str] = set()
    stop = threading.Event()
    saves = [0]
    lost: list[str] = []
    edits = 300

    def saver() -> None:
        typed = 0
        while not stop.is_set():
            typed += 1
            store.session.session.sector = f"typed {typed}"
            try:
                store.save()
                saves[0] += 1
            except ExternalChangeError as change:
                seen.add(change.text or "")
                with contextlib.suppress(SessionError):
                    store.reload()  # "take theirs": the version read is seen too
                    seen.add(store.text)

    thread = threading.Thread(target=saver)
    thread.start()
    try:
        for edit in range(edits):
            text = VALID_SESSION.replace("Claire", f"outside {edit}")
            if edit % 2:
                path.write_text(text, encoding="utf-8")  # in place, as `echo >` does
            else:
                aside = tmp_path / f".edit{edit}"
                aside.write_text(text, encoding="utf-8")
                os.replace(aside, path)  # as an editor saves
            time.sleep(random.uniform(0, 0.004))  # saves go on meanwhile
            deadline = time.monotonic() + 2
            while text not in seen:  # the store must tell about it before it writes over it
                if time.monotonic() > deadline:
                    lost.append(f"outside {edit}")
                    break
                time.sleep(0.0005)
            if len(lost) >= 5:
                break
    finally:
        stop.set()
        thread.join()
        store.close()
    print(f"\noutside edits: {edits}, saves meanwhile: {saves[0]}, lost: {len(lost)}")
    assert not lost, f"{len(lost)} of {edits} outside edits replaced without a word"


# -- 7. a read-only folder is not "open in another window"; the quit warning in French ---------


READ_ONLY_APP = """
import asyncio, sys
from pathlib import Path
from workshop.app.app import WorkshopApp
from workshop.plugins import load_plugins
from workshop.session.store import SessionStore

async def main():
    store = SessionStore.open(Path(sys.argv[1]))
    print("reason:", store.read_only_reason, "read_only:", store.read_only)
    app = WorkshopApp(load_plugins(entry_points=False), store=store,
                      sessions_dir=Path(sys.argv[1]).parent, lang="en", keymap={},
                      live_timer=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        print(app.export_screenshot())
        print("toasts:", " ".join(n.message for n in app._notifications))
    store.close()

asyncio.run(main())
"""


def test_a_read_only_folder_is_said_as_such(tmp_path: Path) -> None:
    folder = tmp_path / "sessions"
    folder.mkdir()
    path = folder / "s.toml"
    path.write_text(FULL_SESSION, encoding="utf-8")
    done = run_with_read_only(folder, [sys.executable, "-c", READ_ONLY_APP, str(path)])
    assert done.returncode == 0, done.stderr[-3000:]
    assert "reason: folder read_only: True" in done.stdout
    shown = svg_text(done.stdout) + done.stdout.split("toasts:")[-1]
    assert "another window" not in shown, "told the session is open in another window"
    assert "cannot be written" in shown


def test_the_quit_warning_is_in_the_sessions_language(tmp_path: Path, make_app) -> None:
    folder = tmp_path / "gone"
    folder.mkdir()
    path = folder / "s.toml"
    path.write_text(VALID_SESSION.replace('language = "en"', 'language = "fr"'),
                    encoding="utf-8")

    async def scenario() -> None:
        app = make_app(path)  # the app's own language is English
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            live = app.screen.live
            live.close()  # its writer gone, the store closed: no save can succeed
            live.dirty = True  # an answer typed since the last save
            await pilot.press("ctrl+q")
            await pilot.pause()
            # the warning is a toast (the app's tests read toasts this way)
            shot = " ".join(n.message for n in app._notifications)
            live.dirty = False
        assert "quitter" in shot, f"the warning is in French: {shot[-400:]}"

    run(scenario())


# -- 4. bounds shared by the schema, validate and report -----------------------------------------


def test_the_schema_and_validate_agree_on_types_and_bounds(tmp_path: Path) -> None:
    schema = json.loads(run_process("schema").out)
    record = schema["$defs"]["StageRecord"]["properties"]["minutes"]["anyOf"][0]
    assert record["type"] == "integer" and record["maximum"] == 1440
    settings = schema["properties"]["settings"]["properties"]
    assert settings["recheck_months"]["maximum"] == 120
    assert "created" in schema["$defs"]["SessionInfo"]["properties"]
    cases = {
        "created = 2026-11-22T09:00:00+01:00": ["created = 0", "created = 9999-12-31",
                                                "created = 0001-01-01"],
        "minutes = 25": ["minutes = true", "minutes = 2.5", "minutes = 99999999999"],
        "\n[stages.audience]": [f"\n[settings]\n{setting}\n[stages.audience]" for setting in (
            "recheck_months = 99999999999", "weights = { objectives = inf }",
            "skill_factor = { novice = nan }", "skill_factor = { novice = -1 }",
            "hourly_rate = true")],
    }
    session = tmp_path / "s.toml"
    for original, changes in cases.items():
        for change in changes:
            session.write_text(FULL_SESSION.replace(original, change, 1), encoding="utf-8")
            results = [run_process("validate", str(session))] + [
                run_process("report", str(session), "--format", fmt) for fmt in ("json", "text")]
            for result in results:
                assert result.code == 1, (change, result.out[-300:], result.err[-300:])
                assert "Traceback" not in result.err
                for line in result.err.splitlines():
                    assert line.startswith(f"{session}:") and line.split(":")[1].isdigit(), \
                        (change, line)
                    assert "(allowed: " in line, (change, line)
