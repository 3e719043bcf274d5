"""The link to the client view in a browser, and its QR code, to paste into a video call's chat.

The first time it opens for a session, it starts ``workshop present FILE --web`` in the
background (``workshop.web.share``, in a worker thread: the app never waits for it). The server
keeps running when the dialog closes, so that the link stays good for the whole workshop; it
stops with the app, or with "Stop sharing".
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Label, Static

from workshop.app.screens.dialogs import Dialog
from workshop.app.texts import tr

if TYPE_CHECKING:
    from workshop.web import Sharing

QR_BORDER = 2  # modules of light margin around the code: enough for phone cameras
LINES_AROUND_QR = 16  # the dialog's other lines: the QR code is shown when it all fits


def qr_lines(url: str) -> list[str] | None:
    """The QR code of ``url`` in half blocks, two modules a line."""
    import segno  # ~10 ms, paid only when the share dialog opens

    code = segno.make(url, error="l")
    rows = [[bool(module) for module in row] for row in code.matrix_iter(border=QR_BORDER)]
    if len(rows) % 2:
        rows.append([False] * len(rows[0]))
    blocks = {(True, True): "█", (True, False): "▀", (False, True): "▄", (False, False): " "}
    return ["".join(blocks[top, bottom] for top, bottom in zip(upper, lower, strict=True))
            for upper, lower in zip(rows[::2], rows[1::2], strict=True)]


def qr_text(url: str) -> Text | None:
    """Dark modules on light, whatever the terminal's colours: as a camera expects them."""
    lines = qr_lines(url)
    if lines is None:
        return None
    return Text("\n".join(lines), style="#000000 on #ffffff", no_wrap=True)


class ShareDialog(Dialog):
    """The link, a QR code, Copy / Stop sharing / Close."""

    DEFAULT_CSS = """
    ShareDialog #share-url { text-style: bold; margin: 1 0; }
    ShareDialog #share-qr { width: auto; height: auto; }
    ShareDialog #share-qr-box { height: auto; align-horizontal: center; }
    ShareDialog #share-note { color: $text-muted; margin-top: 1; }
    """

    def __init__(self, lang: str, path: str | Path) -> None:
        super().__init__(lang)
        self.path = Path(path)
        self.sharing: Sharing | None = None

    def compose(self) -> ComposeResult:
        lang = self.lang
        with Vertical(classes="dialog"):
            yield Label(tr(lang, "share.title"), classes="dialog-title")
            yield Static(tr(lang, "share.starting"), id="share-intro")
            yield Static("", id="share-url")
            with Horizontal(id="share-qr-box"):
                yield Static("", id="share-qr")
            yield Static("", id="share-note")
            with Horizontal(classes="dialog-buttons"):
                yield Button(tr(lang, "share.copy"), id="copy", variant="primary",
                             disabled=True)
                yield Button(tr(lang, "share.stop"), id="stop", disabled=True)
                yield Button(tr(lang, "share.close"), id="cancel")

    def on_mount(self) -> None:
        super().on_mount()
        self.query_one("#cancel", Button).focus()
        self.start()

    @work(thread=True, exclusive=True, group="share")
    def start(self) -> None:
        """Start the server (or find it running) off the UI thread: it takes a second."""
        from workshop.web import share

        try:
            sharing = share(self.path)
        except OSError as error:
            self.app.call_from_thread(self.failed, str(error))
            return
        self.app.call_from_thread(self.shown, sharing)

    def failed(self, error: str) -> None:
        self.query_one("#share-intro", Static).update(tr(self.lang, "share.failed", error=error))

    def shown(self, sharing: Sharing) -> None:
        if not self.is_attached:
            return
        self.sharing = sharing
        lang = self.lang
        self.query_one("#share-intro", Static).update(tr(lang, "share.intro"))
        self.query_one("#share-url", Static).update(Text(sharing.url, no_wrap=True))
        qr = qr_text(sharing.url)
        height = len(qr.plain.splitlines()) if qr is not None else 0
        fits = qr is not None and height + LINES_AROUND_QR <= self.app.size.height
        self.query_one("#share-qr", Static).update(qr if qr is not None and fits else "")
        self.query_one("#share-qr-box").display = fits
        note = tr(lang, "share.loopback" if sharing.host.startswith("127.") else "share.lan")
        if qr is not None and not fits:
            note += " " + tr(lang, "share.qr_small")
        self.query_one("#share-note", Static).update(note)
        for button in ("#copy", "#stop"):
            self.query_one(button, Button).disabled = False
        self.query_one("#copy", Button).focus()

    @on(Button.Pressed, "#copy")
    def copy(self) -> None:
        if self.sharing is not None:
            self.app.copy_to_clipboard(self.sharing.url)
            self.app.notify(tr(self.lang, "share.copied"))

    @on(Button.Pressed, "#stop")
    def stop(self) -> None:
        from workshop.web import stop_sharing

        stop_sharing(self.path)
        self.app.notify(tr(self.lang, "share.stopped"))
        self.dismiss(None)
