"""A stage switch as the facilitator feels it: a key pressed, to the new stage drawn (issue 15).

The whole app on a real session (headless, 80x24; from the key handed to the app to the first
frame drawn with the new stage), against a bare Textual app switching between
two screens that each hold a title and a few lines: the floor any Textual app pays for a screen
change. Two figures, each a median over several rounds, interleaved with its floor:

- first visit: a stage never shown in this run (its form is built: the first ``f8`` after the
  app starts), against a bare screen composed for the first time;
- visited: back and forth between two stages already built, against two installed bare screens.

``python benchmarks/stage_switch.py [SESSION] [--repeat N]`` prints both; ``run.py`` adds the rows
to ``make bench``.
"""

from __future__ import annotations

import argparse
import asyncio
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from textual import events

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from bench_harness import Row, Sample, pair_ratios  # noqa: E402

STAGE_SWITCH_TARGET = 3.0
SIZE = (80, 24)


async def _press(app: Any, key: str, arrived: Callable[[], bool]) -> float:
    """From the key handed to the app to the first frame drawn once ``arrived()`` (not the
    Pilot's own waits for an idle process: threads of the app and the load of a shared machine
    would count)."""
    start = time.perf_counter()
    app.post_message(events.Key(key, None))
    while not arrived():
        await asyncio.sleep(0)
    drawn = asyncio.Event()
    app.screen.call_after_refresh(drawn.set)
    await drawn.wait()
    return time.perf_counter() - start


async def workshop_round(session: Path, visits: int, ahead: bool = True
                         ) -> tuple[float, list[float]]:
    """One app started on a copy of ``session``: the first ``f8`` (a stage never shown), then
    ``visits`` switches between that stage and the one before (both built).

    ``ahead``: the facilitator stays a second on the first stage before ``f8``, as in a
    workshop, so the app has built the next stage ahead; without it the stage is built on
    the key (the app's build-ahead switched off)."""
    from workshop.app.app import WorkshopApp
    from workshop.app.screens.workshop import WorkshopScreen
    from workshop.plugins import load_plugins
    from workshop.session.store import SessionStore

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "client.toml"
        shutil.copy(session, path)
        store = SessionStore.open(path)
        try:
            host = load_plugins(entry_points=False)
            first_stage = host.stages()[0].id
            app = WorkshopApp(host, store=store, lang="en", keymap={}, live_timer=False,
                              start_stage=first_stage)
            ids = [stage.id for stage in host.stages()]
            before = WorkshopScreen.PREFETCH_SECONDS
            if not ahead:
                WorkshopScreen.PREFETCH_SECONDS = 3600.0
            async with app.run_test(headless=True, size=SIZE) as pilot:
                await pilot.pause()
                if ahead:
                    await asyncio.sleep(WorkshopScreen.PREFETCH_SECONDS + 0.5)
                    await pilot.pause()

                def on(stage_id: str) -> Callable[[], bool]:
                    return lambda: app.screen.query_one("#body").current == f"stage-{stage_id}"

                first = await _press(app, "f8", on(ids[1]))
                warm = [await _press(app, "f7", on(ids[0])) if n % 2 == 0
                        else await _press(app, "f8", on(ids[1])) for n in range(visits)]
        finally:
            WorkshopScreen.PREFETCH_SECONDS = before
            store.close()
    return first, warm


def bare_app(visits: int) -> tuple[float, list[float]]:
    """The floor: the same measure on a bare app of two screens."""
    from textual.app import App, ComposeResult
    from textual.screen import Screen
    from textual.widgets import Footer, Label

    class Page(Screen):
        BINDINGS = [("f8", "app.go('two')", "Next"), ("f7", "app.go('one')", "Previous")]

        def __init__(self, title: str) -> None:
            super().__init__()
            self.title_text = title

        def compose(self) -> ComposeResult:
            yield Label(self.title_text)
            for number in range(5):
                yield Label(f"A line of text, number {number}")
            yield Footer()

    class Bare(App):
        def on_mount(self) -> None:
            self.install_screen(Page("one"), "one")
            self.push_screen("one")

        def action_go(self, name: str) -> None:
            if not self.is_screen_installed(name):
                self.install_screen(Page(name), name)
            self.switch_screen(name)

    async def measure() -> tuple[float, list[float]]:
        app = Bare()
        async with app.run_test(headless=True, size=SIZE) as pilot:
            await pilot.pause()

            def on(name: str) -> Callable[[], bool]:
                return lambda: getattr(app.screen, "title_text", None) == name

            first = await _press(app, "f8", on("two"))
            warm = [await _press(app, "f7", on("one")) if n % 2 == 0
                    else await _press(app, "f8", on("two")) for n in range(visits)]
        return first, warm

    return asyncio.run(measure())


def measure(session: Path, repeat: int, visits: int = 6) -> dict[str, Sample]:
    """Interleaved rounds: bare, workshop, bare, workshop..."""
    firsts: dict[str, list[float]] = {"bare": [], "workshop": [], "cold": []}
    warms: dict[str, list[float]] = {"bare": [], "workshop": []}
    bare_app(2)  # Textual's own first-use costs (imports, CSS) are not a screen switch
    asyncio.run(workshop_round(session, 2, ahead=False))
    for _ in range(repeat):
        first, warm = bare_app(visits)
        firsts["bare"].append(first)
        warms["bare"].append(sorted(warm)[len(warm) // 2])
        first, warm = asyncio.run(workshop_round(session, visits))
        firsts["workshop"].append(first)
        warms["workshop"].append(sorted(warm)[len(warm) // 2])
        first, _ = asyncio.run(workshop_round(session, 0, ahead=False))
        firsts["cold"].append(first)
    return {"first": Sample(firsts["workshop"]), "first_floor": Sample(firsts["bare"]),
            "cold": Sample(firsts["cold"]), "cold_floor": Sample(firsts["bare"]),
            "warm": Sample(warms["workshop"]), "warm_floor": Sample(warms["bare"])}


def bench_stage_switch(session: Path, repeat: int) -> list[Row]:
    """The two rows of ``make bench``."""
    found = measure(session, repeat)
    rows = []
    for key, name, target in (
            ("first", "app: stage switch, key to drawn, first visit of the next stage after a "
                      "second on this one (bare Textual: a new screen)", STAGE_SWITCH_TARGET),
            ("warm", "app: stage switch, key to drawn, a stage already shown (bare Textual: an "
                     "installed screen)", STAGE_SWITCH_TARGET),
            ("cold", "app: stage switch, key to drawn, first visit built on the key (build-ahead "
                     "off; bare Textual: a new screen)", None)):
        measured, floor = found[key], found[f"{key}_floor"]
        rows.append(Row(name, "ratio" if target else "info", target, measured=measured,
                        floor=floor, ratios=pair_ratios(measured, floor)))
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("session", nargs="?", type=Path,
                        default=HERE.parent / "tests" / "app" / "data" / "snapshot.toml")
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args(argv)
    for row in bench_stage_switch(args.session, args.repeat):
        measured, floor, ratios = row.measured, row.floor, row.ratios
        assert measured is not None and floor is not None and ratios is not None
        print(f"{row.name}\n  {measured.median * 1000:.1f} ms (min {measured.low * 1000:.1f}, "
              f"max {measured.high * 1000:.1f}) against {floor.median * 1000:.1f} ms: "
              f"{ratios.median:.2f}x, target {row.target}x: {row.result}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
