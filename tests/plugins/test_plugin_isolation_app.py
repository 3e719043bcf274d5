"""Issue 16 point 5 in the app: a stage that loops forever or calls sys.exit() is marked broken
after its time budget; the app stays up, answers keys and quits on ctrl+q."""

from __future__ import annotations

import asyncio
import time
from pathlib import Path

import pytest

from workshop.app.app import WorkshopApp
from workshop.plugins import load_plugins
from workshop.session.store import SessionStore

PLUGIN = '''
import sys
from pydantic import BaseModel
from workshop import Stage, StageResult, hookimpl

class Answers(BaseModel):
    level: int | None = None

class {name}(Stage):
    id = "{stage}"
    order = 90
    weight = 5
    questions = Answers
    texts = {{"fr": {{"title": "{name}"}}, "en": {{"title": "{name}"}}}}

    def evaluate(self, answers, context):
        {body}

@hookimpl
def register_stages(register):
    register({name}())
'''

SESSION = """\
schema_version = 1

[session]
organisation = "Café des Arts"
kind = "business"
size = "micro"
market = "b2c"
language = "en"

[stages.spinner]
status = "done"

[stages.spinner.answers]
level = 2

[stages.quitter]
status = "done"

[stages.quitter.answers]
level = 2
"""


@pytest.mark.parametrize("timeout", ["0.5"])
def test_the_app_survives_a_looping_and_an_exiting_stage(tmp_path: Path, monkeypatch,
                                                          timeout: str) -> None:
    monkeypatch.setenv("WORKSHOP_HOOK_TIMEOUT", timeout)
    folder = tmp_path / "plugins"
    folder.mkdir()
    (folder / "spinner.py").write_text(PLUGIN.format(name="Spinner", stage="spinner",
                                                     body="while True: pass"), "utf-8")
    (folder / "quitter.py").write_text(PLUGIN.format(name="Quitter", stage="quitter",
                                                     body="sys.exit(0)"), "utf-8")
    path = tmp_path / "cafe.toml"
    path.write_text(SESSION, encoding="utf-8")
    host = load_plugins(folder, entry_points=False)
    store = SessionStore.open(path)

    async def scenario() -> float:
        app = WorkshopApp(host, store=store, sessions_dir=tmp_path, lang="en", keymap={},
                          live_timer=False)
        started = time.monotonic()
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            broken = app.screen.live.recommendation.broken_stages
            assert "spinner" in broken and "quitter" in broken
            assert "more than 0.5 s" in broken["spinner"]
            assert "SystemExit" in broken["quitter"]
            await pilot.press("ctrl+q")
            await pilot.pause()
        return time.monotonic() - started

    try:
        took = asyncio.run(scenario())
    finally:
        store.close()
    assert took < 20
