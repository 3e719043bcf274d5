"""The garbage collector at start-up (workshop.startup): off while starting, back once the app is
up, with what start-up made set aside; never touched in a process that did not ask."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

DEMO = Path(__file__).resolve().parent.parent / "sessions" / "demo-boulangerie-martin.toml"

APP = """
import asyncio, gc, shutil, sys, tempfile
from pathlib import Path
from workshop.startup import hold_collection
if sys.argv[1] == "held":
    hold_collection()
from workshop.app.app import WorkshopApp
from workshop.plugins import load_plugins
from workshop.session.store import SessionStore

path = Path(tempfile.mkdtemp()) / "demo.toml"
shutil.copy(sys.argv[2], path)
during = gc.isenabled()

async def main():
    store = SessionStore.open(path)
    app = WorkshopApp(load_plugins(), store=store, live_timer=False, keymap={})
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        print(during, gc.isenabled(), gc.get_freeze_count() > 0)
    store.close()

asyncio.run(main())
"""


def python(code: str, *arguments: str) -> str:
    done = subprocess.run([sys.executable, "-c", textwrap.dedent(code), *arguments],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


def test_the_app_collects_again_once_its_first_screen_is_up() -> None:
    assert python(APP, "held", str(DEMO)) == "False True True"


def test_an_app_started_in_a_process_that_did_not_ask_changes_nothing() -> None:
    assert python(APP, "not held", str(DEMO)) == "True True False"


def test_a_short_command_ends_without_collecting() -> None:
    code = """
    import contextlib, gc, io, sys
    from workshop.cli import main
    with contextlib.redirect_stdout(io.StringIO()):
        code = main(["report", sys.argv[1], "--format", "json"])
    print(code, gc.isenabled())
    """
    assert python(code, str(DEMO)) == "0 False"
