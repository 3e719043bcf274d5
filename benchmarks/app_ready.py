"""Start an app headless and exit as soon as its first screen is ready: a whole-process timing.

``app_ready.py workshop [ARGS...]`` starts the workshop exactly as ``workshop ARGS`` does
(``workshop.cli.main``); ``app_ready.py bare`` starts the floor, a bare Textual app with one
Label whose text comes from one validated pydantic model. Both go through the same patched
``App.run``: it runs the app with ``App.run_test()`` (headless, 80x24) and leaves once the app is
ready and its screen mounted, so both pay the same start and the same shutdown.

Exit status: 0 the first screen was ready; 3 the app never started (``NOT READY`` on stderr,
with why); anything else is the app's own failure.
"""

from __future__ import annotations

import asyncio
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


def main() -> int:
    App.run = _run_until_ready  # type: ignore[method-assign]
    App.run_async = _run_async_until_ready  # type: ignore[method-assign]
    mode, arguments = sys.argv[1], sys.argv[2:]
    if mode == "bare":
        bare()
        return NOT_READY
    from workshop.cli import main as workshop_main

    code = workshop_main(arguments)
    print(f"NOT READY: the app returned {code} without showing a screen", file=sys.stderr)
    return NOT_READY


if __name__ == "__main__":
    sys.exit(main())
