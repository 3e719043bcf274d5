"""One screenshot command for both apps (the workshop and ``workshop present``)."""

from __future__ import annotations

from pathlib import Path

from textual.app import App

from workshop.app.texts import tr


def save_screenshot_here(app: App, lang: str) -> Path | None:
    """An SVG picture of the screen in the current folder, the notice saying where: Textual's
    own "deliver" way fails outside a browser."""
    try:
        path = Path(app.save_screenshot(path=str(Path.cwd())))
    except OSError as error:
        app.notify(tr(lang, "palette.screenshot_failed", error=str(error)), severity="error")
        return None
    app.notify(tr(lang, "palette.screenshot_done", file=str(path)))
    return path
