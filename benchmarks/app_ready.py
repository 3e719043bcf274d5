"""Start an app headless and exit as soon as its first screen is ready: a whole-process timing.

``app_ready.py workshop [ARGS...]`` starts the workshop exactly as ``workshop ARGS`` does
(``workshop.cli.main``); ``app_ready.py bare`` starts the floor, a bare Textual app with one
Label whose text comes from one validated pydantic model. Both go through the same patched
``App.run``: it runs the app with ``App.run_test()`` (headless, 80x24).

When to leave (``--until``, before the mode):

- ``settled`` (the default, the issue's measure): when ``run_test`` hands over, that is once
  every widget of the screen has handled what was sent to it before (work the app leaves for
  after its first frame, such as the report body of the verdict screen, may or may not have
  run by then), then a clean shutdown and exit.
- ``first-frame``: stricter, the moment the first frame of the first screen is drawn; the
  process ends there, at once, for both apps.

Exit status: 0 the first screen was ready; 3 the app never started (``NOT READY`` on stderr,
with why); anything else is the app's own failure.
"""

from __future__ import annotations

import asyncio
import os
import sys

from textual.app import App

NOT_READY = 3


def _run_until_ready(self: App, *args: object, **kwargs: object) -> None:
    async def ready() -> None:
        async with self.run_test(headless=True, size=(80, 24)):
            pass  # the first screen is mounted: that is the moment we time

    asyncio.run(ready())
    raise SystemExit(0)


async def _run_async_until_ready(self: App, *args: object, **kwargs: object) -> None:
    async with self.run_test(headless=True, size=(80, 24)):
        pass
    raise SystemExit(0)


def bare() -> None:
    from pydantic import BaseModel
    from textual.app import ComposeResult
    from textual.widgets import Label

    class Verdict(BaseModel):
        organisation: str
        verdict: str
        score: int

    class Bare(App):
        def compose(self) -> ComposeResult:
            shown = Verdict.model_validate(
                {"organisation": "Boulangerie Martin", "verdict": "go", "score": 85}
            )
            yield Label(f"{shown.organisation}: {shown.verdict} ({shown.score})")

    Bare().run()


def _leave_at_first_frame() -> None:
    """End the process once the first frame is drawn (``App._display`` is where Textual hands
    a finished frame to the terminal; in headless mode it stops there)."""
    display = App._display

    def display_then_leave(self: App, screen: object, renderable: object) -> None:
        display(self, screen, renderable)
        if renderable is not None and not self._batch_count and self._running:
            os._exit(0)

    App._display = display_then_leave  # type: ignore[method-assign]


def main() -> int:
    App.run = _run_until_ready  # type: ignore[method-assign]
    App.run_async = _run_async_until_ready  # type: ignore[method-assign]
    arguments = sys.argv[1:]
    until = "settled"
    if arguments[:1] == ["--until"]:
        until, arguments = arguments[1], arguments[2:]
    if until == "first-frame":
        _leave_at_first_frame()
    elif until != "settled":
        print(f"--until: {until!r} is not first-frame or settled", file=sys.stderr)
        return 2
    mode, arguments = arguments[0], arguments[1:]
    if mode == "bare":
        bare()
        return NOT_READY
    from workshop.cli import main as workshop_main

    code = workshop_main(arguments)
    print(f"NOT READY: the app returned {code} without showing a screen", file=sys.stderr)
    return NOT_READY


if __name__ == "__main__":
    sys.exit(main())
