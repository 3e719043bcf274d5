"""Small modal dialogs: a stage's status, its timebox, the facilitator's override, notes where
a stage has no form, a question with a few answers, the keys."""

from __future__ import annotations

from collections.abc import Callable
from typing import get_args

from pydantic import ValidationError
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import (
    Button,
    Input,
    Label,
    OptionList,
    Static,
    TextArea,
)
from textual.widgets.option_list import Option

from workshop.app.fields import describe_error
from workshop.app.texts import localise_bindings, status_label, tr, verdict_name
from workshop.session.models import VERDICTS, Override, Status

STATUSES: tuple[str, ...] = get_args(Status)  # from the session file's model
REMOVE = "remove"


class Dialog(ModalScreen):
    """A modal with a title; Escape cancels."""

    CSS_PATH = "dialogs.tcss"  # read when a first dialog opens, not at start

    BINDINGS = [Binding("escape", "cancel", "Cancel", id="dialog.cancel")]

    def __init__(self, lang: str) -> None:
        super().__init__(classes="dialog-screen")
        self.lang = lang

    def action_cancel(self) -> None:
        self.dismiss(None)

    @on(Button.Pressed, "#cancel")
    def _cancel(self) -> None:
        self.action_cancel()

    def on_mount(self) -> None:
        localise_bindings(self, self.lang)


class StatusDialog(Dialog):
    """Pick a stage's status: to do, in progress, done, skipped."""

    def __init__(self, lang: str, stage_title: str, current: str) -> None:
        super().__init__(lang)
        self.stage_title = stage_title
        self.current = current

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(tr(self.lang, "dialog.status_title", stage=self.stage_title),
                        classes="dialog-title")
            yield OptionList(*(Option(f"{n}  {status_label(self.lang, s)}", id=s)
                               for n, s in enumerate(STATUSES, start=1)),
                             id="statuses", compact=True)

    def on_mount(self) -> None:
        super().on_mount()
        options = self.query_one("#statuses", OptionList)
        options.highlighted = STATUSES.index(self.current) if self.current in STATUSES else 0
        options.focus()

    def on_key(self, event) -> None:  # 1-4 pick a status at once
        if event.character in ("1", "2", "3", "4"):
            event.stop()
            self.dismiss(STATUSES[int(event.character) - 1])

    @on(OptionList.OptionSelected)
    def _picked(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)


class TimeboxDialog(Dialog):
    """Minutes for a stage; empty for the default."""

    def __init__(self, lang: str, stage_title: str, minutes: int | None, default: int) -> None:
        super().__init__(lang)
        self.stage_title = stage_title
        self.minutes = minutes
        self.default = default

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(tr(self.lang, "dialog.timebox_title", stage=self.stage_title),
                        classes="dialog-title")
            yield Input(value="" if self.minutes is None else str(self.minutes),
                        placeholder=tr(self.lang, "dialog.timebox_default",
                                       minutes=self.default), id="minutes", compact=True)
            yield Static("", classes="question-error")
            with Horizontal(classes="dialog-buttons"):
                yield Button(tr(self.lang, "dialog.ok"), id="ok", variant="primary",
                             compact=True)
                yield Button(tr(self.lang, "dialog.cancel"), id="cancel", compact=True)

    def on_mount(self) -> None:
        super().on_mount()
        self.query_one("#minutes", Input).focus()

    def _submit(self) -> None:
        text = self.query_one("#minutes", Input).value.strip()
        if not text:
            self.dismiss(-1)  # back to the default
            return
        try:
            minutes = int(text)
        except ValueError:
            minutes = -1
        if minutes < 0 or minutes > 600:
            error = self.query_one(".question-error", Static)
            error.update(tr(self.lang, "dialog.timebox_error"))
            error.add_class("-shown")
            return
        self.dismiss(minutes)

    @on(Input.Submitted)
    def _entered(self) -> None:
        self._submit()

    @on(Button.Pressed, "#ok")
    def _ok(self) -> None:
        self._submit()


class OverrideDialog(Dialog):
    """The facilitator's verdict, with a mandatory reason; the computed one stays visible.

    The verdicts are a list whose highlight starts on the current one (the override, else the
    computed verdict): the first ↓ goes to its neighbour. Enter in the list goes to the reason;
    Enter in the reason saves (a reason is one paragraph: no blank line to add).
    """

    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="dialog.cancel"),
        Binding("ctrl+s", "save", "Save", id="dialog.save"),
        Binding("enter", "enter", show=False, priority=True),
    ]

    def __init__(self, lang: str, computed: str, current: Override | None) -> None:
        super().__init__(lang)
        self.computed = computed
        self.current = current

    def compose(self) -> ComposeResult:
        lang = self.lang
        with Vertical(classes="dialog dialog-wide"):
            yield Label(tr(lang, "dialog.override_title"), classes="dialog-title")
            yield Static(tr(lang, "dialog.override_computed",
                            verdict=verdict_name(lang, self.computed)))
            # the rules' verdict named in words too: a highlight alone is a colour
            yield OptionList(*(Option(verdict_name(lang, v) + (
                f"  {tr(lang, 'dialog.override_rules_mark')}" if v == self.computed else ""),
                id=v) for v in VERDICTS), id="verdicts", compact=True)
            yield Label(tr(lang, "dialog.override_reason"), classes="question-title")
            yield TextArea(self.current.reason if self.current else "", id="reason",
                           compact=True, soft_wrap=True)
            yield Static("", classes="question-error")
            with Horizontal(classes="dialog-buttons"):
                yield Button(tr(lang, "dialog.save"), id="save", variant="primary",
                             compact=True)
                if self.current is not None:
                    yield Button(tr(lang, "dialog.override_remove"), id="remove",
                                 variant="warning", compact=True)
                yield Button(tr(lang, "dialog.cancel"), id="cancel", compact=True)

    def on_mount(self) -> None:
        super().on_mount()
        chosen = self.current.verdict if self.current else self.computed
        verdicts = self.query_one("#verdicts", OptionList)
        verdicts.highlighted = VERDICTS.index(chosen) if chosen in VERDICTS else 0
        verdicts.focus()

    @property
    def verdict(self) -> str:
        index = self.query_one("#verdicts", OptionList).highlighted
        return VERDICTS[index] if index is not None and 0 <= index < len(VERDICTS) \
            else self.computed

    def action_enter(self) -> None:
        focused = self.focused
        if isinstance(focused, Button):
            focused.press()
        elif isinstance(focused, OptionList):
            self.query_one("#reason", TextArea).focus()
        else:
            self.action_save()

    def action_save(self) -> None:
        reason = self.query_one("#reason", TextArea).text.strip()
        try:
            override = Override(verdict=self.verdict, reason=reason)
        except ValidationError as error:
            message = self.query_one(".question-error", Static)
            text = tr(self.lang, "dialog.override_reason_needed") if not reason \
                else describe_error(error, self.lang)
            message.update(text)
            message.add_class("-shown")
            self.query_one("#reason", TextArea).focus()
            return
        self.dismiss(override)

    @on(OptionList.OptionSelected, "#verdicts")
    def _picked(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.query_one("#reason", TextArea).focus()

    @on(Button.Pressed, "#save")
    def _save(self) -> None:
        self.action_save()

    @on(Button.Pressed, "#remove")
    def _remove(self) -> None:
        self.dismiss(REMOVE)


KEEP_OURS, TAKE_THEIRS = "keep", "theirs"


class ConflictDialog(Dialog):
    """The file changed on disk since it was opened: keep ours (theirs is backed up) or theirs."""

    def __init__(self, lang: str, file: str, deleted: bool) -> None:
        super().__init__(lang)
        self.file = file
        self.deleted = deleted

    def compose(self) -> ComposeResult:
        lang = self.lang
        with Vertical(classes="dialog dialog-wide"):
            yield Label(tr(lang, "dialog.conflict_title"), classes="dialog-title")
            yield Static(tr(lang, "dialog.conflict_deleted" if self.deleted
                            else "dialog.conflict_changed"))
            yield Static(self.file, classes="dim")  # which file, in plain words above
            with Horizontal(classes="dialog-buttons"):
                yield Button(tr(lang, "dialog.conflict_keep"), id="keep", variant="primary",
                             compact=True)
                if not self.deleted:
                    yield Button(tr(lang, "dialog.conflict_theirs"), id="theirs",
                                 variant="warning", compact=True)
                yield Button(tr(lang, "dialog.conflict_later"), id="later", compact=True)

    def on_mount(self) -> None:
        super().on_mount()
        self.query_one("#keep", Button).focus()

    @on(Button.Pressed)
    def _chosen(self, event: Button.Pressed) -> None:
        choice = {"keep": KEEP_OURS, "theirs": TAKE_THEIRS}.get(event.button.id or "")
        self.dismiss(choice)


class NotesDialog(Dialog):
    """The facilitator's notes on a stage that has no form (the recommendation): every change
    is handed to ``typed`` at once, so nothing typed is lost; Escape or ctrl+s closes."""

    BINDINGS = [
        Binding("escape,ctrl+s", "cancel", "Close", id="dialog.close"),
    ]

    def __init__(self, lang: str, stage_title: str, notes: str, typed: Callable[[str], None],
                 *, read_only: bool = False) -> None:
        super().__init__(lang)
        self.stage_title = stage_title
        self.notes = notes
        self.typed = typed
        self.read_only = read_only

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog dialog-wide"):
            yield Label(tr(self.lang, "dialog.notes_title", stage=self.stage_title),
                        classes="dialog-title")
            yield TextArea(self.notes, id="notes", compact=True, soft_wrap=True,
                           read_only=self.read_only, classes="dialog-notes")
            yield Static(tr(self.lang, "dialog.notes_help"), classes="dim")

    def on_mount(self) -> None:
        super().on_mount()
        self.query_one("#notes", TextArea).focus()

    @on(TextArea.Changed, "#notes")
    def _typed(self, event: TextArea.Changed) -> None:
        event.stop()
        if event.text_area.text != self.notes:
            self.notes = event.text_area.text
            self.typed(self.notes)


class QuestionDialog(Dialog):
    """A question with a few answers, one button each (the first one has the focus)."""

    def __init__(self, lang: str, title: str, question: str,
                 answers: list[tuple[str, str]], *, cancel: bool = True) -> None:
        super().__init__(lang)
        self.title_text = title
        self.question = question
        self.answers = answers
        self.cancel = cancel  # a Cancel button too (when no answer already means it)

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(self.title_text, classes="dialog-title")
            yield Static(self.question)
            with Horizontal(classes="dialog-buttons"):
                for number, (answer_id, label) in enumerate(self.answers):
                    yield Button(label, id=f"answer-{answer_id}", compact=True,
                                 variant="primary" if number == 0 else "default")
                if self.cancel:
                    yield Button(tr(self.lang, "dialog.cancel"), id="cancel", compact=True)

    def on_mount(self) -> None:
        super().on_mount()
        self.query(Button).first().focus()

    @on(Button.Pressed)
    def _answered(self, event: Button.Pressed) -> None:
        button_id = event.button.id or ""
        if button_id.startswith("answer-"):
            event.stop()
            self.dismiss(button_id.removeprefix("answer-"))


class KeysDialog(Dialog):
    """Every key of the screen under the dialog, with its words and every key that does it
    (a function key and its alt or ctrl twin): the palette's "Keys"."""

    def __init__(self, lang: str, rows: list[tuple[str, str, str]]) -> None:
        super().__init__(lang)
        self.rows = rows  # (keys, words, help)

    def compose(self) -> ComposeResult:
        from rich.table import Table

        table = Table(show_header=False, box=None, padding=(0, 1), expand=True)
        table.add_column(style="bold", no_wrap=True)
        table.add_column()
        for keys, words, help_text in self.rows:
            table.add_row(keys, f"{words}: {help_text}" if help_text and help_text != words
                          else words)
        with Vertical(classes="dialog dialog-wide"):
            yield Label(tr(self.lang, "dialog.keys_title"), classes="dialog-title")
            with VerticalScroll(classes="dialog-keys"):
                yield Static(table)
            with Horizontal(classes="dialog-buttons"):
                yield Button(tr(self.lang, "dialog.close"), id="cancel", compact=True)

    def on_mount(self) -> None:
        super().on_mount()
        self.query_one("#cancel", Button).focus()
