"""The Textual app: the session picker, the workshop, the recommendation, the projector view.

``workshop [FILE]`` (commands/app.py) starts it. The app only calls the engine (``recommend``)
and the session store; every text comes from locales/<lang>/app.toml in the session's language.
Key bindings have ids (``workshop.next``, ``workshop.present``...) so that a user can remap them
in ``~/.config/workshop/keys.toml`` (``[keys]`` table: id = "key").
"""

from __future__ import annotations

import os
import time
import tomllib
from collections.abc import Callable, Iterable, Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.command import CommandPalette
from textual.dom import DOMNode
from textual.filter import LineFilter
from textual.screen import Screen

from workshop.app.live import LiveSession, now
from workshop.app.messages import CloseSession, ExportReport, NewSession, OpenSession
from workshop.app.safe_lines import SafeLines
from workshop.app.screenshot import save_screenshot_here
from workshop.app.texts import key_rows, localise_bindings, system_language, tr
from workshop.plugins import PluginHost
from workshop.session.errors import SessionError
from workshop.session.models import SessionInfo
from workshop.session.store import SessionStore
from workshop.startup import release_collection

EXPORT_FORMATS = ("markdown", "html")
EXPORT_SUFFIXES = {"markdown": ".md", "html": ".html"}
KEYMAP_VARIABLE = "WORKSHOP_KEYMAP"
_SAFE_LINES = SafeLines()


def export_report_files(recommendation: Any, host: PluginHost | None, session_path: Path,
                        formats: Sequence[str] = EXPORT_FORMATS, *,
                        with_notes: bool = False) -> list[Path]:
    """Write the report next to the session file (``<session>.md``, ``<session>.html``).

    ``with_notes``: the facilitator's notes go in (the app asks first). Raises ``OSError`` when
    a file cannot be written (nothing is half-written: the exporter writes atomically).
    """
    from workshop.report.export import export_report

    written: list[Path] = []
    for fmt in formats:
        target = session_path.with_suffix(EXPORT_SUFFIXES.get(fmt, f".{fmt}"))
        result = export_report(recommendation, host, fmt, target, with_notes=with_notes)
        written.append(Path(result) if isinstance(result, (str, Path)) else target)
    return written


def keymap_path() -> Path:
    if os.environ.get(KEYMAP_VARIABLE):
        return Path(os.environ[KEYMAP_VARIABLE])
    from workshop.datafiles import config_folder  # platformdirs: each system's own place

    return config_folder() / "keys.toml"


def load_keymap(path: Path | None = None,
                lang: str = "en") -> tuple[dict[str, str], str | None]:
    """The user's remapped keys (``[keys]`` binding id = "key"), and a problem if any, in
    ``lang``."""
    path = path or keymap_path()
    if not path.is_file():
        return {}, None
    try:
        data = tomllib.loads(path.read_text("utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        return {}, tr(lang, "keymap.unreadable", file=str(path), error=str(error))
    keys = data.get("keys", {})
    if not isinstance(keys, dict):
        return {}, tr(lang, "keymap.not_a_table", file=str(path))
    return {str(k): str(v) for k, v in keys.items() if isinstance(v, str)}, None


class WorkshopApp(App[int]):
    """A live workshop: keyboard first, mouse too, readable on a projector."""

    CSS_PATH = "workshop.tcss"
    TITLE = "workshop"
    ENABLE_COMMAND_PALETTE = True
    BINDINGS = [
        Binding("ctrl+q", "quit", "Quit", id="app.quit", priority=True),
        Binding("ctrl+c", "help_quit", show=False, system=True),
        Binding("ctrl+p", "command_palette", "Commands", id="app.command_palette",
                show=False, priority=True),
        # the wall's keys (issue 15): every finding on one screen, and a pause of the timer
        Binding("ctrl+f,alt+f", "findings", "Findings", id="app.findings", priority=True),
        Binding("ctrl+b,alt+c", "pause_timer", "Pause", id="app.pause_timer"),
    ]

    def __init__(
        self,
        host: PluginHost,
        *,
        file: Path | None = None,
        store: SessionStore | None = None,
        sessions_dir: Path | None = None,
        settings: dict[str, Any] | None = None,
        clock: Callable[[], datetime] = now,
        monotonic: Callable[[], float] = time.monotonic,
        live_timer: bool = True,
        lang: str | None = None,
        keymap: dict[str, str] | None = None,
        start_stage: str | None = None,
    ) -> None:
        super().__init__()
        self.host = host
        self.file = Path(file) if file is not None else None
        self.initial_store = store
        self._sessions_dir = Path(sessions_dir) if sessions_dir is not None else None
        self.settings = settings or {}
        self.clock = clock
        self.monotonic = monotonic
        self.live_timer = live_timer
        self.lang = lang or system_language()
        self.start_stage = start_stage
        self.keymap = keymap
        self.notified: set[str] = set()
        self.lives: list[LiveSession] = []
        self._quit_asked = False
        self.exported: list[Path] = []

    @property
    def sessions_dir(self) -> Path:
        """Where the picker lists sessions and new ones are made (read when first needed)."""
        if self._sessions_dir is None:
            from workshop.app.sessions import sessions_folder

            self._sessions_dir = sessions_folder()
        return self._sessions_dir

    # -- start -------------------------------------------------------------------------------

    def get_line_filters(self) -> Sequence[LineFilter]:
        """Textual's filters, then ``SafeLines``: no escape in a session's or a plugin's text
        reaches the terminal, whichever widget draws it (issue 16)."""
        return [*super().get_line_filters(), _SAFE_LINES]

    def get_default_screen(self) -> Screen:
        """The first screen, the one under every other: the session named on the command line,
        else the picker. Built here rather than pushed from ``on_mount``, Textual lays it out
        and draws it once, as the app's own first frame (a pushed one is laid out inside the
        start-up batch, then drawn a second time)."""
        if self.initial_store is not None:
            screen = self.session_screen(self.initial_store)
        elif self.file is None:
            from workshop.app.screens.picker import PickerScreen

            localise_bindings(self, self.lang)
            screen = PickerScreen(self.sessions_dir, self.lang)
        else:
            return super().get_default_screen()  # a new file: its form comes on top
        return screen

    def on_mount(self) -> None:
        keymap, problem = (self.keymap, None) if self.keymap is not None \
            else load_keymap(lang=self.lang)
        if keymap:
            self.set_keymap(keymap)
        if problem:
            self.notify(problem, severity="warning", timeout=8)
        for live in self.lives:
            self.notify_store_warnings(live)
        if self.initial_store is None and self.file is not None:
            localise_bindings(self, self.lang)
            self.new_session(target=self.file, base=True)

    def on_ready(self) -> None:
        release_collection()  # the first frame is on screen: start-up is over

    def notify_plugin_problems(self, lang: str) -> None:
        """Each broken plugin once: it is left out, the rest of the workshop goes on."""
        for problem in self.host.problems:
            if problem not in self.notified:
                self.notified.add(problem)
                self.notify(tr(lang, "plugins.broken", problem=problem), severity="warning",
                            timeout=10)

    # -- sessions ----------------------------------------------------------------------------

    def open_session(self, path: Path) -> None:
        """Open a file from the picker; an unusable one shows its problems and stays as it is."""
        from workshop.app.screens.picker import ProblemsScreen

        try:
            store = SessionStore.open(path)
        except SessionError as error:
            problems = [str(problem) for problem in error.problems] or [str(error)]
            self.push_screen(ProblemsScreen(self.lang, path, problems))
            return
        except OSError as error:
            self.push_screen(ProblemsScreen(self.lang, path, [f"{path}: {error}"]))
            return
        self.open_store(store)

    def session_screen(self, store: SessionStore) -> Screen:
        """The workshop screen of an open session (the app's keys in its language)."""
        from workshop.app.screens.workshop import WorkshopScreen

        live = LiveSession(store, self.host, clock=self.clock)
        self.lives.append(live)
        localise_bindings(self, live.lang)
        screen = WorkshopScreen(live, start=self.start_stage)
        self.start_stage = None
        return screen

    def notify_store_warnings(self, live: LiveSession) -> None:
        for warning in live.store_warnings:
            self.notify(warning, severity="warning", timeout=8)

    def open_store(self, store: SessionStore, *, base: bool = False) -> None:
        screen = self.session_screen(store)
        self.notify_store_warnings(self.lives[-1])
        if base and len(self.screen_stack) > 1:
            self.switch_screen(screen)
        else:
            self.push_screen(screen)

    def new_session(self, *, folder: Path | None = None, target: Path | None = None,
                    base: bool = False) -> None:
        """Ask who the workshop is for, then create the file (never over an existing one)."""
        from workshop.app.screens.picker import NewSessionScreen

        def created(info: SessionInfo | None) -> None:
            if info is None:
                return
            from workshop.app.sessions import new_session_path

            path = target or new_session_path(folder or self.sessions_dir, info.organisation)
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
                store = SessionStore.create(path, info)
                if self.settings:
                    store.session.settings = dict(self.settings)
                    store.save()
            except (OSError, SessionError) as error:
                self.notify(tr(self.lang, "new.failed", file=str(path), error=str(error)),
                            severity="error", timeout=10)
                return
            self.open_store(store, base=base)

        screen = NewSessionScreen(self.lang, target, folder, can_cancel=not base)
        self.push_screen(screen, created)

    def close_session(self, screen: Screen) -> None:
        """Back to the picker (the session is saved and its lock released)."""
        live: LiveSession | None = getattr(screen, "live", None)
        if live is not None:
            live.close()
        from workshop.app.screens.picker import PickerScreen

        if len(self.screen_stack) > 1 and isinstance(self.screen_stack[-2], PickerScreen):
            self.pop_screen()  # back to the picker it was opened from
        else:
            # the session was the first screen, which Textual never pops: the picker goes on
            # top of it (closed, it does nothing more)
            self.push_screen(PickerScreen(self.sessions_dir, self.lang))

    # -- what the screens ask (messages: the screens never call the app) ---------------------

    def on_open_session(self, message: OpenSession) -> None:
        self.open_session(message.path)

    def on_new_session(self, message: NewSession) -> None:
        self.new_session(folder=message.folder)

    def on_close_session(self, message: CloseSession) -> None:
        self.close_session(message.screen)

    def on_export_report(self, message: ExportReport) -> None:
        self.export(message.live, with_notes=message.with_notes)

    # -- export ------------------------------------------------------------------------------

    def export(self, live: LiveSession, *, with_notes: bool = False) -> None:
        """Markdown and HTML next to the session file, in a thread: the app keeps going."""
        lang = live.lang
        if live.recommendation is None:
            self.notify(tr(lang, "export.unavailable"), severity="error")
            return
        recommendation, host, path = live.recommendation, live.host, live.path

        def work() -> None:
            try:
                written = export_report_files(recommendation, host, path,
                                              with_notes=with_notes)
            except Exception as error:
                self.call_from_thread(self.notify, tr(lang, "export.failed", error=str(error)),
                                      severity="error", timeout=10)
                return
            self.exported = written
            self.call_from_thread(self.notify, tr(lang, "export.done", files="\n".join(
                str(p) for p in written)), timeout=10)

        self.run_worker(work, thread=True, group="export", exit_on_error=False)

    # -- palette and quitting ----------------------------------------------------------------

    def key_rows(self, screen: Screen) -> list[tuple[Any, ...]]:
        """The screen's bindings, one per id: (every key shown, node, action, words, help,
        enabled), in the session's language."""
        return [(" · ".join(keys), *rest) for keys, *rest in key_rows(self, screen)]

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        """Every binding of the screen, in the session's language, plus a few of Textual's."""
        lang = getattr(getattr(screen, "live", None), "lang", None) or getattr(
            screen, "lang", self.lang)
        for keys, node, action, words, help_text, enabled in self.key_rows(screen):
            yield SystemCommand(f"{words} ({keys})", help_text, self._runner(node, action),
                                enabled)
        yield SystemCommand(tr(lang, "palette.theme"), tr(lang, "palette.theme_help"),
                            self.action_change_theme)
        yield SystemCommand(tr(lang, "palette.keys"), tr(lang, "palette.keys_help"),
                            lambda: self.show_keys(screen, lang))
        yield SystemCommand(tr(lang, "palette.screenshot"), tr(lang, "palette.screenshot_help"),
                            lambda: self.set_timer(0.1, lambda: self.screenshot(lang)))

    def show_keys(self, screen: Screen, lang: str) -> None:
        """Every key of a screen, its twins without function keys and what it does."""
        from workshop.app.screens.dialogs import KeysDialog

        rows = [(keys, words, help_text)
                for keys, _, _, words, help_text, _ in self.key_rows(screen)]
        self.push_screen(KeysDialog(lang, rows))

    def screenshot(self, lang: str) -> Path | None:
        """An SVG picture of the screen, in the current folder (for a report or a bug)."""
        return save_screenshot_here(self, lang)

    def _runner(self, node: DOMNode, action: str) -> Callable[[], Any]:
        async def run() -> None:
            await self.run_action(action, node)

        return run

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """The wall's keys only where a session is open (not on the picker)."""
        if action in ("findings", "pause_timer"):
            from workshop.app.screens.findings import wall_screen

            return wall_screen(self) is not None
        return True

    def action_findings(self) -> None:
        from workshop.app.screens.findings import open_findings

        open_findings(self)

    def action_pause_timer(self) -> None:
        from workshop.app.widgets.timer import toggle_pause

        toggle_pause(self)

    def action_command_palette(self) -> None:
        if not CommandPalette.is_open(self):
            lang = getattr(getattr(self.screen, "live", None), "lang", self.lang)
            self.push_screen(CommandPalette(placeholder=tr(lang, "palette.placeholder")))

    async def action_quit(self) -> None:
        """Save what is pending first; a save that fails keeps the app open once."""
        from workshop.app.screens.workshop import WorkshopScreen

        unsaved = False
        lang = self.lang
        for screen in self.screen_stack:
            if isinstance(screen, WorkshopScreen):
                screen.flush()
                if screen.live.dirty and not screen.live.read_only:
                    unsaved = True
                    lang = screen.live.lang  # the session's language, not the picker's
        if unsaved and not self._quit_asked:
            self._quit_asked = True
            self.notify(tr(lang, "save.quit_unsaved"), severity="error", timeout=10)
            return
        for live in self.lives:
            live.close()
        self.exit(0)
