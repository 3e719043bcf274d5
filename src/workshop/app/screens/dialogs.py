"""Small modal dialogs: a stage's status, its timebox, the facilitator's override."""

from __future__ import annotations

from pydantic import ValidationError
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import (
    Button,
    Input,
    Label,
    OptionList,
    RadioButton,
    RadioSet,
    Static,
    TextArea,
)
from textual.widgets.option_list import Option

from workshop.app.fields import describe_error
from workshop.app.texts import localise_bindings, status_label, tr, verdict_name
from workshop.app.widgets.form import AnswerRadioSet
from workshop.session.models import VERDICTS, Override

STATUSES = ("todo", "in_progress", "done", "skipped")
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
    """The facilitator's verdict, with a mandatory reason; the computed one stays visible."""

    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="dialog.cancel"),
        Binding("ctrl+s", "save", "Save", id="dialog.save"),
    ]

    def __init__(self, lang: str, computed: str, current: Override | None) -> None:
        super().__init__(lang)
        self.computed = computed
        self.current = current

    def compose(self) -> ComposeResult:
        lang = self.lang
        chosen = self.current.verdict if self.current else self.computed
        with Vertical(classes="dialog dialog-wide"):
            yield Label(tr(lang, "dialog.override_title"), classes="dialog-title")
            yield Static(tr(lang, "dialog.override_computed",
                            verdict=verdict_name(lang, self.computed)))
            yield AnswerRadioSet(*(RadioButton(verdict_name(lang, v), value=v == chosen)
                             for v in VERDICTS), id="verdicts", compact=True)
            yield Label(tr(lang, "dialog.override_reason"), classes="question-title")
            yield TextArea(self.current.reason if self.current else "", id="reason",
                           compact=True)
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
        self.query_one("#verdicts", RadioSet).focus()

    def action_save(self) -> None:
        index = self.query_one("#verdicts", RadioSet).pressed_index
        verdict = VERDICTS[index] if 0 <= index < len(VERDICTS) else self.computed
        reason = self.query_one("#reason", TextArea).text
        try:
            override = Override(verdict=verdict, reason=reason)
        except ValidationError as error:
            message = self.query_one(".question-error", Static)
            text = tr(self.lang, "dialog.override_reason_needed") if not reason.strip() \
                else describe_error(error, self.lang)
            message.update(text)
            message.add_class("-shown")
            self.query_one("#reason", TextArea).focus()
            return
        self.dismiss(override)

    @on(Button.Pressed, "#save")
    def _save(self) -> None:
        self.action_save()

    @on(Button.Pressed, "#remove")
    def _remove(self) -> None:
        self.dismiss(REMOVE)


KEEP_OURS, TAKE_THEIRS = "keep", "theirs"


class ConflictDialog(Dialog):
    """The file changed on disk since it was opened: keep ours (theirs is backed up) or theirs."""

    def __init__(self, lang: str, message: str, deleted: bool) -> None:
        super().__init__(lang)
        self.message = message
        self.deleted = deleted

    def compose(self) -> ComposeResult:
        lang = self.lang
        with Vertical(classes="dialog dialog-wide"):
            yield Label(tr(lang, "dialog.conflict_title"), classes="dialog-title")
            yield Static(tr(lang, "dialog.conflict_deleted" if self.deleted
                            else "dialog.conflict_changed"))
            yield Static(self.message, classes="dim")
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
