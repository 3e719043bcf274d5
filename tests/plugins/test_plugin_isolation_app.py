"""Issue 16 point 5 in the app: a stage that loops forever or calls sys.exit() is marked broken
after its time budget; the app stays up, answers keys and quits on ctrl+q."""

from __future__ import annotations

import asyncio
import time
from pathlib import Path

import pytest
from plugin_samples import CAFE_HEADER, hostile_stage
from support import write_plugins, write_session

from workshop.app.app import WorkshopApp
from workshop.session.store import SessionStore

SESSION = CAFE_HEADER + """
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
def test_the_app_survives_a_looping_and_an_exiting_stage(tmp_path: Path, monkeypatch, make_host,
                                                          timeout: str) -> None:
    monkeypatch.setenv("WORKSHOP_HOOK_TIMEOUT", timeout)
    folder = write_plugins(
        tmp_path, spinner=hostile_stage("while True: pass", stage="spinner", name="Spinner"),
        quitter=hostile_stage("sys.exit(0)", stage="quitter", name="Quitter"))
    path = write_session(tmp_path, SESSION, "cafe.toml")
    host = make_host(plugins_dir=folder)
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
