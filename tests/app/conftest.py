"""Fixtures of the app's tests: a fixed clock, a fake monotonic clock, apps on copied sessions.

Nothing here reads the real time: snapshots and Pilot tests see the same screen on every run.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest

from workshop.app.app import WorkshopApp
from workshop.plugins import PluginHost, load_plugins
from workshop.session.store import SessionStore

HERE = Path(__file__).resolve().parent
PLUGINS_DIR = HERE / "plugins"
DATA = HERE / "data"
SNAPSHOT_SESSION = DATA / "snapshot.toml"
FIXED_NOW = datetime(2026, 11, 22, 10, 42, tzinfo=timezone(timedelta(hours=1)))


class FakeMonotonic:
    """A monotonic clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


@pytest.fixture
def monotonic() -> FakeMonotonic:
    return FakeMonotonic()


@pytest.fixture
def core_host() -> PluginHost:
    return load_plugins(entry_points=False)


@pytest.fixture
def sink_host() -> PluginHost:
    """The core stages plus a third-party stage with one question of every kind."""
    return load_plugins(PLUGINS_DIR, entry_points=False)


@pytest.fixture
def copy_session(tmp_path: Path) -> Callable[..., Path]:
    def copy(source: Path = SNAPSHOT_SESSION, name: str | None = None) -> Path:
        target = tmp_path / (name or source.name)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(source, target)
        return target

    return copy


@pytest.fixture
def make_app(tmp_path: Path, monotonic: FakeMonotonic, core_host: PluginHost
             ) -> Callable[..., WorkshopApp]:
    """An app with a fixed clock, the user's keymap left out, English for the picker."""
    stores: list[SessionStore] = []

    def make(path: Path | None = None, *, host: PluginHost | None = None, new: bool = False,
             sessions_dir: Path | None = None, **options: Any) -> WorkshopApp:
        store = None
        if path is not None and not new:
            store = SessionStore.open(path)
            stores.append(store)
        options.setdefault("lang", "en")
        options.setdefault("keymap", {})
        return WorkshopApp(host or core_host, file=path if new else None, store=store,
                           sessions_dir=sessions_dir or tmp_path, clock=lambda: FIXED_NOW,
                           monotonic=monotonic, live_timer=False, **options)

    yield make
    for store in stores:
        store.close()


async def settle_views(pilot) -> None:
    """Wait for what is drawn after the first frame: the recommendation view's report body,
    then its what-if search's answer (from its own thread); the picker's progress and verdicts
    (judged on its own thread). No clock involved."""
    from workshop.app.screens.picker import PickerScreen
    from workshop.app.widgets.verdict import RecommendationView

    await pilot.pause()
    for _ in range(100):  # each round: the body drawn, then the search's answer shown
        views = [view for view in pilot.app.screen.query(RecommendationView) if view.settling]
        screen = pilot.app.screen
        picker = screen if isinstance(screen, PickerScreen) and screen.settling else None
        if not views and picker is None:
            return
        for view in views:
            assert view.background.wait_idle(timeout=60)
        if picker is not None:
            assert picker.wait_idle(timeout=60)
        await pilot.pause()
    raise AssertionError("the views never settled")


@pytest.fixture
def settle() -> Callable[..., Any]:
    return settle_views

