"""The session picker, the new-session form, and the screen that shows why a file is unusable."""

from __future__ import annotations

import contextlib
import threading
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import ValidationError
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.message import Message
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import (
    Button,
    DataTable,
    Input,
    Label,
    RadioButton,
    RadioSet,
    Select,
    Static,
)

from workshop.app.fields import CHOICE, TEXT, FieldSpec, describe_detail, specs_of
from workshop.app.messages import NewSession, OpenSession
from workshop.app.sessions import SessionSummary, peek_all, summarise_all
from workshop.app.texts import VERDICT_STYLE, localise_bindings, tr, verdict_name
from workshop.app.widgets.form import AnswerRadioSet
from workshop.app.widgets.keybar import KeyBar
from workshop.app.widgets.titlebar import TitleBar
from workshop.session.models import SessionInfo

if TYPE_CHECKING:
    from workshop.app.app import WorkshopApp


def session_questions() -> list[FieldSpec]:
    """The new-session form: the questions of ``SessionInfo`` a person answers (its texts and
    choices, in the model's order), read with the stages' question grammar; the dates are the
    app's to write and the participants are asked by a stage."""
    return [spec for spec in specs_of(SessionInfo) if spec.kind in (TEXT, CHOICE)]


# What the model does not say about a text box: a currency is a three-letter ISO code, typed in
# any case. The titles and choices' words are ``new.<field>`` and ``new.<field>_choices`` in
# locales/*/app.toml.
INPUT_HINTS: dict[str, dict[str, Any]] = {"currency": {"max_length": 3, "upper": True}}


COLUMNS = ("organisation", "date", "progress", "verdict", "file")
COLUMN_LIMITS = {"organisation": 32, "date": 16, "progress": 6, "verdict": 34, "file": 48}
# On a narrow screen the verdict and the file stay whole (a follow-up and its original differ
# by their file): the date goes first (the line under the table has it), then the organisation
# narrows, down to this.
ORGANISATION_LEAST = 10
CELL_PADDING = 2  # a DataTable cell's padding, both sides


def fit_widths(widths: dict[str, int], room: int) -> dict[str, int]:
    """Column widths that fit ``room`` columns: the date goes (it is in the line under the
    table), then the organisation narrows; the verdict and the file stay whole if they can."""
    widths = dict(widths)

    def total() -> int:
        return sum(width + CELL_PADDING for width in widths.values())

    if total() > room:
        del widths["date"]  # the line under the table says it for the highlighted session
    excess = total() - room
    if excess > 0:
        cut = min(excess, widths["organisation"] - ORGANISATION_LEAST)
        widths["organisation"] -= max(0, cut)
    excess = total() - room
    if excess > 0:
        widths["file"] = max(8, widths["file"] - excess)
    return widths


class SessionsSummarised(Message):
    """Every session judged, from the picker's thread: the rows' progress and verdicts."""

    def __init__(self, token: int, summaries: list[SessionSummary]) -> None:
        super().__init__()
        self.token = token
        self.summaries = summaries


class PickerScreen(Screen):
    """Every session of the sessions folder: open one, or start a new one.

    The list is shown at once from each file's ``[session]`` table; the files are judged
    (progress, verdict, problems) on a daemon thread of the screen's own, so that hundreds of
    sessions never hold the screen up and quitting never waits for them (a Textual thread worker
    is waited for when the app exits).
    """

    CSS_PATH = "picker.tcss"

    BINDINGS = [
        Binding("o", "open", "Open", id="picker.open"),
        Binding("n,ctrl+n", "new", "New session", id="picker.new"),
        Binding("r,f5", "reload", "Refresh", id="picker.reload"),
        Binding("q", "app.quit", "Quit", id="picker.quit", show=False),
    ]

    app: WorkshopApp

    def __init__(self, folder: Path, lang: str) -> None:
        super().__init__(classes="picker-screen")
        self.folder = folder
        self.lang = lang
        self.summaries: dict[str, SessionSummary] = {}
        self._token = 0
        self._cancel = threading.Event()
        self._thread: threading.Thread | None = None

    def compose(self) -> ComposeResult:
        yield TitleBar()
        with Vertical(id="picker"):
            yield Static("", id="picker-intro")
            yield DataTable(id="sessions", cursor_type="row", zebra_stripes=True)
            yield Static("", id="picker-detail")
        yield KeyBar()

    def on_mount(self) -> None:
        localise_bindings(self, self.lang)
        localise_bindings(self.app, self.lang)
        self.title = tr(self.lang, "picker.title")
        self.sub_title = str(self.folder)
        self.app.notify_plugin_problems(self.lang)

    def on_screen_resume(self) -> None:
        # also sent when the screen is first shown: the one place the list is read
        self.load()

    def on_resize(self) -> None:
        if self.summaries:  # the columns share the new width
            self.fill(list(self.summaries.values()))

    def on_screen_suspend(self) -> None:
        self._cancel.set()  # a session is opening: its verdicts are read again on coming back

    def on_unmount(self) -> None:
        self._cancel.set()

    def load(self) -> None:
        """List every session file at once, then judge them off the UI thread."""
        self._cancel.set()  # a judgement under way is for a list no longer shown
        self._cancel = threading.Event()
        self._token += 1
        self.fill(peek_all(self.folder))
        self.query_one("#sessions", DataTable).focus()
        # started once the list is painted: the first frame does not share the processor
        self.call_after_refresh(self._judge, self._token, self._cancel)

    @property
    def settling(self) -> bool:
        """The rows still wait for their progress and verdict (tests wait for them)."""
        return any(summary.pending for summary in self.summaries.values())

    def wait_idle(self, timeout: float = 30.0) -> bool:
        """Wait for the judging thread to end (its answer still has to be handled)."""
        thread = self._thread
        if thread is not None:
            thread.join(timeout)
            return not thread.is_alive()
        return True

    def _judge(self, token: int, cancel: threading.Event) -> None:
        if cancel.is_set():
            return
        folder, host = self.folder, self.app.host

        def work() -> None:
            summaries = summarise_all(folder, host, cancelled=cancel.is_set)
            if cancel.is_set():
                return
            # post_message is safe from another thread and never waits for the UI; once the
            # app has closed its loop (RuntimeError) nobody reads the answer
            with contextlib.suppress(RuntimeError):
                self.post_message(SessionsSummarised(token, summaries))

        self._thread = threading.Thread(target=work, name="workshop-picker", daemon=True)
        self._thread.start()

    @on(SessionsSummarised)
    def _summarised(self, message: SessionsSummarised) -> None:
        if message.token == self._token and not self._cancel.is_set():
            self.fill(message.summaries)

    def fill(self, summaries: list[SessionSummary]) -> None:
        """The table drawn in one go, the cursor kept on the session it was on."""
        lang = self.lang
        table = self.query_one("#sessions", DataTable)
        current = self.highlighted()
        table.clear(columns=True)
        self.summaries = {str(summary.path): summary for summary in summaries}
        rows = [self.cells(summary) for summary in summaries]
        headers = {key: tr(lang, f"picker.{key}") for key in COLUMNS}
        widths: dict[str, int] = {}
        for index, key in enumerate(COLUMNS):
            # widths from the content: the table's own measure lags behind a reload
            widest = max([len(headers[key])] + [
                row[index].cell_len if isinstance(row[index], Text) else len(str(row[index]))
                for row in rows])
            widths[key] = min(widest, COLUMN_LIMITS[key])
        room = (self.size.width or self.app.size.width) - 4  # padding and scroll bar
        widths = fit_widths(widths, room)
        for key, width in widths.items():
            table.add_column(headers[key], key=key, width=width)
        for summary, row in zip(summaries, rows, strict=True):
            shown = [cell for key, cell in zip(COLUMNS, row, strict=True) if key in widths]
            table.add_row(*shown, key=str(summary.path))
        if current is not None and str(current.path) in self.summaries:
            table.move_cursor(row=table.get_row_index(str(current.path)))
        intro = tr(lang, "picker.intro", folder=str(self.folder), count=len(summaries))
        if not summaries:
            intro += "\n" + tr(lang, "picker.empty")
        self.query_one("#picker-intro", Static).update(intro)
        self.show_detail()

    def cells(self, summary: SessionSummary) -> list[Any]:
        lang = self.lang
        try:
            name = str(summary.path.relative_to(self.folder))
        except ValueError:
            name = str(summary.path)
        if summary.organisation is None and summary.pending:
            return [Text(summary.path.stem, style="dim"), "", "", "", name]
        if summary.organisation is None:
            return [Text(summary.path.stem, style="dim"), "", "",
                    Text("⚠ " + tr(lang, "picker.unreadable"), style="bold red"), name]
        verdict = Text()
        if summary.broken:
            verdict.append("⚠ ", style="bold red")
        if summary.verdict:
            verdict.append(verdict_name(lang, summary.verdict),
                           style=VERDICT_STYLE.get(summary.verdict, ""))
            if summary.provisional:
                verdict.append(" " + tr(lang, "picker.provisional"), style="dim italic")
        progress = "" if summary.pending else f"{summary.done}/{summary.total}"
        return [Text(summary.organisation), summary.when_text, progress, verdict, name]

    def highlighted(self) -> SessionSummary | None:
        table = self.query_one("#sessions", DataTable)
        if table.row_count == 0:
            return None
        try:
            key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key
        except Exception:
            return None
        return self.summaries.get(str(key.value))

    def show_detail(self) -> None:
        summary = self.highlighted()
        detail = self.query_one("#picker-detail", Static)
        if summary is None:
            detail.update("")
            return
        text = Text(str(summary.path), style="dim")
        if summary.when_text:
            text.append(f"  {summary.when_text}", style="dim")
        if summary.problem:
            text.append("\n" + summary.problem, style="red")
        detail.update(text)

    @on(DataTable.RowHighlighted)
    def _highlighted(self) -> None:
        self.show_detail()

    @on(DataTable.RowSelected)
    def _selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_open()

    def action_open(self) -> None:
        summary = self.highlighted()
        if summary is not None:
            self.post_message(OpenSession(summary.path))

    def action_new(self) -> None:
        self.post_message(NewSession(self.folder))

    def action_reload(self) -> None:
        self.load()


class NewSessionScreen(Screen):
    """Who the workshop is for: the ``[session]`` table of a new file."""

    CSS_PATH = "picker.tcss"
    AUTO_FOCUS = "#organisation"

    BINDINGS = [
        Binding("ctrl+s", "create", "Create", id="new.create"),
        Binding("escape", "cancel", "Cancel", id="new.cancel"),
    ]

    def __init__(self, lang: str, target: Path | None, folder: Path | None,
                 can_cancel: bool = True) -> None:
        super().__init__(classes="new-session-screen")
        self.lang = lang
        self.target = target
        self.folder = folder
        self.can_cancel = can_cancel
        self.specs = session_questions()
        # what each answer starts at: the model's default; the workshop's language starts at
        # the app's (the facilitator's) language
        self.starts: dict[str, Any] = {}
        for spec in self.specs:
            start = spec.default if not spec.required else "" if spec.kind == TEXT else None
            if spec.name == "language" and lang in spec.choices:
                start = lang
            self.starts[spec.name] = start

    def compose(self) -> ComposeResult:
        lang = self.lang
        yield TitleBar()
        with VerticalScroll(id="new-session"):
            yield Static(tr(lang, "new.intro"), classes="stage-intro")
            if self.target is not None:
                yield Static(tr(lang, "new.file", file=str(self.target)), classes="dim")
            for spec in self.specs:
                with Vertical(classes="question", id=f"field-{spec.name}"):
                    yield Label(tr(lang, f"new.{spec.name}") + (" *" if spec.required else ""),
                                classes="question-title")
                    yield self.widget_for(spec)
                    yield Static("", classes="question-error")
        # outside the scrolling form: always in sight, even on 24 lines
        with Horizontal(classes="dialog-buttons", id="new-buttons"):
            yield Button(tr(lang, "new.create"), id="create", variant="primary", compact=True)
            if self.can_cancel:
                yield Button(tr(lang, "dialog.cancel"), id="cancel", compact=True)
        yield KeyBar()

    def widget_for(self, spec: FieldSpec) -> Widget:
        """A text as a box; a choice with no default as a drop-down that starts unanswered,
        one with a default as radio buttons that start on it."""
        start = self.starts[spec.name]
        if spec.kind == TEXT:
            length = int(INPUT_HINTS.get(spec.name, {}).get("max_length", 0))
            return Input(start, id=spec.name, compact=True, max_length=length)
        options = [(tr(self.lang, f"new.{spec.name}_choices.{value}"), value)
                   for value in spec.choices]
        if spec.required:
            return Select(options, id=spec.name, compact=True,
                          prompt=tr(self.lang, "form.choose"))
        return AnswerRadioSet(*(RadioButton(label, value=value == start)
                                for label, value in options),
                              id=spec.name, compact=True, classes="-horizontal")

    def on_mount(self) -> None:
        localise_bindings(self, self.lang)
        self.title = tr(self.lang, "new.title")

    def touched(self) -> bool:
        """Whether anything was typed or chosen (Escape then asks before dropping it)."""
        values = self.values()
        return any(values.get(spec.name) != self.starts[spec.name] for spec in self.specs)

    def values(self) -> dict[str, Any]:
        """The answers as the model reads them: a blank text is its default, a choice not
        made is left out (the model then says it is required)."""
        data: dict[str, Any] = {}
        for spec in self.specs:
            widget = self.query_one(f"#{spec.name}")
            if isinstance(widget, Input):
                text = widget.value.strip()
                if INPUT_HINTS.get(spec.name, {}).get("upper"):
                    text = text.upper()
                data[spec.name] = text if text or spec.required else spec.default
            elif isinstance(widget, Select):
                if widget.value is not Select.NULL:
                    data[spec.name] = widget.value
            elif isinstance(widget, RadioSet):
                index = widget.pressed_index
                data[spec.name] = (spec.choices[index] if 0 <= index < len(spec.choices)
                                   else self.starts[spec.name])
        return data

    def action_create(self) -> None:
        for error in self.query(".question-error"):
            error.remove_class("-shown")
            error.update("")  # type: ignore[attr-defined]
        try:
            info = SessionInfo.model_validate(self.values())
        except ValidationError as error:
            first: str | None = None
            for detail in error.errors(include_url=False):
                name = str(detail["loc"][0]) if detail["loc"] else "organisation"
                found = self.query(f"#field-{name} .question-error")
                if not found:
                    continue
                message = found.first(Static)
                message.update(describe_detail(detail, self.lang))
                message.add_class("-shown")
                first = first or name
            if first:
                widget = self.query_one(f"#{first}")
                widget.focus()
            return
        self.dismiss(info)

    def action_cancel(self) -> None:
        """Leave the form; what was typed is not dropped without asking."""
        if not self.touched():
            self._leave()
            return
        from workshop.app.screens.dialogs import QuestionDialog

        lang = self.lang

        def chosen(answer: str | None) -> None:
            if answer == "discard":
                self._leave()

        self.app.push_screen(QuestionDialog(
            lang, tr(lang, "new.discard_title"), tr(lang, "new.discard_question"),
            [("keep", tr(lang, "new.keep_editing")), ("discard", tr(lang, "new.discard"))],
            cancel=False), chosen)

    def _leave(self) -> None:
        if self.can_cancel:
            self.dismiss(None)
        else:
            self.app.exit(0)

    @on(Button.Pressed, "#create")
    def _create(self) -> None:
        self.action_create()

    @on(Button.Pressed, "#cancel")
    def _cancel(self) -> None:
        self.action_cancel()

    @on(Input.Submitted)
    def _next(self) -> None:
        self.focus_next()


class ProblemsScreen(Screen):
    """Why a session file cannot be opened; the file is left exactly as it is."""

    CSS_PATH = "picker.tcss"

    BINDINGS = [Binding("escape,enter", "back", "Back", id="problems.back")]

    def __init__(self, lang: str, path: Path, problems: list[str]) -> None:
        super().__init__(classes="problems-screen")
        self.lang = lang
        self.path = path
        self.problems = problems

    def compose(self) -> ComposeResult:
        yield TitleBar()
        with VerticalScroll(id="problems"):
            yield Static(Text(tr(self.lang, "problems.intro", file=str(self.path)),
                              style="bold"))
            yield Static(Text("\n".join(self.problems), style="red"))
            yield Static(tr(self.lang, "problems.untouched"), classes="dim")
        yield KeyBar()

    def on_mount(self) -> None:
        localise_bindings(self, self.lang)
        self.title = tr(self.lang, "problems.title")

    def action_back(self) -> None:
        self.dismiss(None)
