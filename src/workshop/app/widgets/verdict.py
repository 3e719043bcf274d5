"""The final recommendation: the verdict large, the score in big digits, then the whole report.

The body reuses the terminal report's rich renderables, so the app and ``workshop report`` say
the same thing. A facilitator override is shown beside the computed verdict, never instead of it.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.measure import Measurement
from rich.segment import Segment
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.message import Message
from textual.widgets import Digits, Static

from workshop.app.live import LiveSession
from workshop.app.texts import tr, verdict_meaning, verdict_name

# How long the what-if search may take on its thread (the tests lift it to be deterministic).
WHATIF_BUDGET_SECONDS = 1.0


def verdict_class(verdict: str) -> str:
    return f"-verdict-{verdict.replace('_', '-')}"


VERDICT_CLASSES = [verdict_class(v) for v in ("go", "go_with_conditions", "not_yet", "no_go")]


class RenderedOnce:
    """A rich renderable drawn once per width: Textual measures a widget's height and then
    paints it, on every layout pass, and the report is some 200 lines of tables and panels."""

    def __init__(self, renderable: RenderableType) -> None:
        self.renderable = renderable
        self._lines: dict[tuple[Any, ...], list[Segment]] = {}

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        # as rich renders a renderable yielded by another: without the height, which
        # Textual gives only when it paints (measuring the height does not)
        options = options.reset_height()
        key = (id(console), options.max_width, options.min_width, options.height,
               options.justify, options.overflow, options.no_wrap, options.highlight,
               options.markup, options.ascii_only, options.is_terminal, options.legacy_windows)
        segments = self._lines.get(key)
        if segments is None:
            if len(self._lines) > 8:  # widths seen while the terminal is resized
                self._lines.clear()
            segments = self._lines[key] = list(console.render(self.renderable, options))
        yield from segments

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        return Measurement.get(console, options, self.renderable)


class BackgroundSearch:
    """The what-if search on a thread of its own: one at a time, the newest request replacing
    any still waiting, and a daemon thread, so that quitting never waits for a search whose
    answer nobody will read (a Textual thread worker is waited for when the app exits)."""

    def __init__(self) -> None:
        self._condition = threading.Condition()
        self._waiting: tuple[Callable[[], Any], Callable[[Any, BaseException | None], None]] \
            | None = None
        self._busy = False
        self._stopped = False
        self._thread: threading.Thread | None = None

    def submit(self, work: Callable[[], Any],
               then: Callable[[Any, BaseException | None], None]) -> None:
        """Run ``work`` off the UI thread, then ``then(result, error)`` (on that thread)."""
        with self._condition:
            self._waiting = (work, then)
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name="workshop-whatif",
                                                daemon=True)
                self._thread.start()
            self._condition.notify_all()

    def wait_idle(self, timeout: float = 30.0) -> bool:
        """Wait until every search asked for has ended (the tests' way to a steady screen)."""
        with self._condition:
            return self._condition.wait_for(
                lambda: self._waiting is None and not self._busy, timeout)

    def stop(self) -> None:
        """Let the thread end (a search under way finishes first; its answer goes nowhere)."""
        with self._condition:
            self._stopped = True
            self._waiting = None
            self._condition.notify_all()

    def _run(self) -> None:
        while True:
            with self._condition:
                self._condition.wait_for(lambda: self._waiting is not None or self._stopped)
                if self._stopped or self._waiting is None:
                    return
                work, then = self._waiting
                self._waiting = None
                self._busy = True
            result: Any = None
            error: BaseException | None = None
            try:
                result = work()
            except Exception as problem:
                error = problem
            try:
                then(result, error)
            except RuntimeError:
                pass  # the app has closed meanwhile: nobody to tell
            finally:
                with self._condition:
                    self._busy = False
                    self._condition.notify_all()


class WhatIfFound(Message):
    """The what-if search's answer, from its thread."""

    def __init__(self, token: object, live: LiveSession, changes: int, parts: Any,
                 error: BaseException | None) -> None:
        super().__init__()
        self.token, self.live, self.changes = token, live, changes
        self.parts, self.error = parts, error


class VerdictHead(Horizontal):
    """The verdict in a coloured block and the score in big digits."""

    def compose(self) -> ComposeResult:
        with Vertical(classes="verdict-words"):
            yield Static("", classes="verdict-name")
            yield Static("", classes="verdict-meaning")
        with Vertical(classes="verdict-score-box"):
            yield Digits("", classes="verdict-score")
            yield Static("", classes="verdict-score-label")

    def show(self, live: LiveSession) -> None:
        recommendation = live.recommendation
        if recommendation is None:
            return
        lang = live.lang
        name = self.query_one(".verdict-name", Static)
        for css in VERDICT_CLASSES:
            name.remove_class(css)
        name.add_class(verdict_class(recommendation.verdict))
        name.update(verdict_name(lang, recommendation.verdict).upper())
        lines = Text(verdict_meaning(lang, recommendation.verdict))
        if recommendation.override:
            lines.append("\n" + tr(lang, "verdict.override_line",
                                   reason=recommendation.override.reason), style="italic")
            lines.append("\n" + tr(lang, "verdict.computed_line",
                                   verdict=verdict_name(lang, recommendation.computed_verdict)),
                         style="bold")
        if recommendation.provisional:
            lines.append("\n" + tr(lang, "verdict.provisional"), style="italic dim")
        self.query_one(".verdict-meaning", Static).update(lines)
        self.query_one(".verdict-score", Digits).update(str(recommendation.score))
        self.query_one(".verdict-score-label", Static).update(tr(lang, "verdict.score_label"))


class RecommendationView(VerticalScroll):
    """The final stage's screen: verdict, reasons, conditions, plans, alternatives, and what
    would change the verdict (searched on a thread: it may take most of a second)."""

    _body_token: object | None = None
    _drawn_token: object | None = None
    _awaiting: object | None = None  # the what-if search whose answer is to be shown
    _pending: tuple[LiveSession, object] | None = None  # the body still to draw
    _painted = False

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.whatif = BackgroundSearch()

    def on_unmount(self) -> None:
        self.whatif.stop()  # the session is closed: no thread left waiting behind it

    def compose(self) -> ComposeResult:
        yield VerdictHead(classes="verdict-head")
        yield Static("", classes="verdict-keys")
        yield Static("", classes="whatif-body")
        yield Static("", classes="report-body")

    def search_whatif(self, live: LiveSession) -> None:
        """Start the what-if search for the answers as they are now, off the UI thread."""
        recommendation = live.recommendation
        target = self.query_one(".whatif-body", Static)
        if recommendation is None or recommendation.computed_verdict == "go":
            target.update("")
            return
        # a copy made here, on the UI thread: typing goes on changing the live session
        session, host, lang = live.session.model_copy(deep=True), live.host, live.lang
        changes = live.changes

        def search() -> list[Any]:
            from workshop.engine.whatif import search as find
            from workshop.report.whatif import render_whatif

            found = find(session, host, 3, budget_seconds=WHATIF_BUDGET_SECONDS)
            return render_whatif(lang, found.sets, found.complete, "text")

        token = self._awaiting = object()

        def found(parts: Any, error: BaseException | None) -> None:
            # post_message is safe from another thread and never waits for the UI
            self.post_message(WhatIfFound(token, live, changes, parts, error))

        self.whatif.submit(search, found)

    def on_what_if_found(self, message: WhatIfFound) -> None:
        message.stop()
        if message.token is self._awaiting:
            self._awaiting = None
        if message.live.changes != message.changes:
            return  # not for answers that have changed since
        target = self.query_one(".whatif-body", Static)
        if message.error is not None:  # a plugin broke the search: say so, keep the verdict
            error = message.error
            target.update(Text(f"{type(error).__name__}: {error}", style="red"))
        else:
            target.update(Group(*(message.parts or [])))

    @property
    def settling(self) -> bool:
        """The report body or the what-if answer is still to come (for the tests)."""
        return self._body_token is not self._drawn_token or self._awaiting is not None

    def show(self, live: LiveSession) -> None:
        """The verdict now; the report body (some 200 lines of tables) and the what-if search
        just after the screen is painted, so the verdict is on screen without waiting."""
        self.query_one(VerdictHead).show(live)
        lang = live.lang
        self.query_one(".verdict-keys", Static).update(Text(tr(lang, "verdict.keys"),
                                                            style="dim"))
        token = self._body_token = object()
        if live.recommendation is None:
            self._drawn_token = token
            self.query_one(".report-body", Static).update(
                Text(live.engine_error or "", style="red"))
            return
        self._pending = (live, token)
        if self._painted:
            self.call_after_refresh(self._draw_body, live, token)
        # else: on_show draws it, once the first frame with the verdict is on screen

    def on_show(self) -> None:
        # the view has its size and is being painted: the body comes just after
        self._painted = True
        if self._pending is not None:
            self.call_after_refresh(self._draw_body, *self._pending)

    def _draw_body(self, live: LiveSession, token: object) -> None:
        if token is not self._body_token or live.recommendation is None:
            return  # shown again since: that call draws it
        self._drawn_token = token
        self._pending = None
        from workshop.report.text import renderables  # with the body, after the first frame

        body = self.query_one(".report-body", Static)
        try:
            body.update(RenderedOnce(Group(*renderables(live.recommendation, live.host,
                                                        whatif=False))))
            self.search_whatif(live)
        except Exception as error:  # a report section plugin broke: say so, keep the verdict
            body.update(Text(f"{type(error).__name__}: {error}", style="red"))
