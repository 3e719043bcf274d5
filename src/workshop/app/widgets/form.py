"""A stage's screen drawn from its questions model: a plugin author writes no Textual code.

Each field of the model becomes a ``Question`` widget chosen by its type (see ``fields.py``):
choices as radio buttons or a drop-down, several choices as a checklist, yes/no/not answered,
numbers and texts as inputs with inline errors in the session's language, lists of rows as an
editable table. A question posts ``Answered`` with the raw value to write (``MISSING`` for "not
answered"); the screen records and saves it. A value in the file that does not validate is shown
as it is, with its error, and is never dropped.
"""

from __future__ import annotations

import copy
import tomllib
from collections.abc import Callable
from typing import Any

import tomli_w
from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.events import DescendantFocus
from textual.message import Message
from textual.widget import Widget
from textual.widgets import (
    Button,
    Input,
    Label,
    RadioSet,
    Select,
    Static,
    TextArea,
)

from workshop import questions
from workshop.app.fields import (
    BOOL,
    CHOICE,
    CHOICES,
    FLOAT,
    INT,
    LINES,
    MISSING,
    NOTES,
    TABLE,
    TEXT,
    FieldSpec,
    format_value,
    parse_number,
    same_answer,
    specs_of,
)
from workshop.app.texts import (
    choice_label,
    localise_bindings,
    question_help,
    question_title,
    stage_intro,
    tr,
)
from workshop.app.widgets.marks import MarkedRadioButton as RadioButton
from workshop.app.widgets.marks import MarkedSelectionList as SelectionList
from workshop.stage import Stage

RADIO_MAX = 6  # more choices than this: a drop-down instead of radio buttons
ChoicesFor = Callable[[str, str], list[tuple[str, Any]]]  # (registry, lang) -> [(label, value)]


class HelpWanted(Message):
    """A question got the focus: show its help."""

    def __init__(self, stage: Stage, title: str, help_text: str) -> None:
        super().__init__()
        self.stage = stage
        self.title = title
        self.help_text = help_text


class Answered(Message):
    """An answer changed; ``debounce`` for typing (saved a moment later), else saved at once."""

    def __init__(self, stage_id: str, name: str, value: Any, debounce: bool) -> None:
        super().__init__()
        self.stage_id = stage_id
        self.name = name
        self.value = value
        self.debounce = debounce


class NotesChanged(Message):
    def __init__(self, stage_id: str, text: str) -> None:
        super().__init__()
        self.stage_id = stage_id
        self.text = text


def _is_blank(value: Any) -> bool:
    return value is None or value is MISSING or value == "" or value == []


def bounds_hint(spec: FieldSpec, lang: str) -> str:
    """``0–3``, ``≥ 0``: shown as the placeholder of a number input."""
    low = spec.bounds.get("ge", spec.bounds.get("gt"))
    high = spec.bounds.get("le", spec.bounds.get("lt"))
    show = format_value
    if low is not None and high is not None:
        return f"{show(low)}–{show(high)}"
    if low is not None:
        return f"{'≥' if 'ge' in spec.bounds else '>'} {show(low)}"
    if high is not None:
        return f"{'≤' if 'le' in spec.bounds else '<'} {show(high)}"
    return tr(lang, "form.number_hint" if spec.kind == FLOAT else "form.whole_number_hint")


def not_answered_label(stage: Stage, spec: FieldSpec, lang: str) -> str:
    """"Not answered", naming what the model assumes then when that is not nothing."""
    default = spec.default
    if _is_blank(default):
        return tr(lang, "answer.not_answered")
    return tr(lang, "answer.not_answered_default", default=choice_label(stage, lang, default))


def choice_options(stage: Stage, spec: FieldSpec, lang: str, raw: Any,
                   choices_for: ChoicesFor | None) -> list[tuple[str, Any]]:
    """The options of a choice; a value in the file that is not one of them is kept, flagged."""
    if spec.choices_from and choices_for is not None:
        options = choices_for(spec.choices_from, lang)
    else:
        options = [(choice_label(stage, lang, value), value) for value in spec.choices]
    known = {value for _, value in options}
    if not _is_blank(raw) and isinstance(raw, (str, int, float, bool)) and raw not in known \
            and match_choice(options, raw) is MISSING:
        options.append((f"⚠ {raw}", raw))
    return options


def match_choice(options: list[tuple[str, Any]], raw: Any) -> Any:
    """The option a value means, its case aside ("Instagram" is ``instagram``), else MISSING."""
    if not isinstance(raw, str):
        return raw if any(raw == value for _, value in options) else MISSING
    wanted = raw.strip().casefold()
    for _, value in options:
        if value == raw:
            return value
    for label, value in options:
        if wanted in (str(value).casefold(), label.casefold()):
            return value
    return MISSING


def toml_inline(value: Any) -> str:
    if value is MISSING or value is None:
        return ""
    return tomli_w.dumps({"v": value}).strip().removeprefix("v = ")


def parse_toml_inline(text: str) -> Any:
    try:
        return tomllib.loads(f"v = {text}")["v"]
    except tomllib.TOMLDecodeError:
        return text


class AnswerRadioSet(RadioSet):
    """Radio buttons whose cursor starts on the answer given, so that Enter keeps it."""

    def on_mount(self) -> None:
        # Textual's set starts its cursor on the first button (its own mount handler, run
        # before this one): move it, with its public action, to the pressed one
        for _ in range(max(0, self.pressed_index)):
            self.action_next_button()


class AnswerInput(Input):
    """A text box for an answer. Answers are checked by their question (``Question.check_and_
    answer``), so Textual's own validation is off: it would only restyle the box after each
    change (and once more when the form is first drawn) to mark it valid."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("validate_on", ())
        super().__init__(*args, **kwargs)


class Question(Vertical):
    """One question: its title, its input, its inline error."""

    can_focus = False

    def __init__(self, stage: Stage, spec: FieldSpec, lang: str, raw: Any, *,
                 choices_for: ChoicesFor | None = None, parent_name: str | None = None,
                 id: str | None = None) -> None:
        super().__init__(id=id, classes=f"question question-{spec.kind}")
        self.stage = stage
        self.spec = spec
        self.lang = lang
        self.raw = raw
        self.choices_for = choices_for
        self.parent_name = parent_name

    @property
    def title(self) -> str:
        return question_title(self.stage, self.lang, self.spec, self.parent_name)

    @property
    def help_text(self) -> str:
        return question_help(self.stage, self.lang, self.spec, self.parent_name)

    def compose(self) -> ComposeResult:
        yield Label(self.title, classes="question-title")
        yield from self.compose_input()
        # the error line is made with the first error (most questions never have one)

    def compose_input(self) -> ComposeResult:
        yield from ()

    def on_mount(self) -> None:
        if not _is_blank(self.raw):
            _, error = self.spec.validate(self.raw, self.lang)
            self.show_error(error)

    def show_error(self, error: str | None) -> None:
        found = self.query_children(".question-error")
        if not found and not error:
            return
        if found:
            widget = found.first(Static)
            widget.update(error or "")
            widget.set_class(bool(error), "-shown")
        else:
            self.mount(Static(error or "", classes="question-error -shown"))
        self.set_class(bool(error), "-invalid")

    def answer(self, value: Any, *, debounce: bool = False) -> None:
        self.raw = value
        self.post_message(Answered(self.stage.id, self.spec.name, value, debounce))

    def check_and_answer(self, value: Any, *, debounce: bool) -> None:
        """Validate first: a wrong value is shown with its error and not written."""
        if _is_blank(value):
            self.show_error(None)
            self.answer(MISSING, debounce=debounce)
            return
        _, error = self.spec.validate(value, self.lang)
        self.show_error(error)
        if error is None:
            self.answer(value, debounce=debounce)

    def on_descendant_focus(self, event: DescendantFocus) -> None:
        self.post_message(HelpWanted(self.stage, self.title, self.help_text))


class ChoiceQuestion(Question):
    """One of a few choices: radio buttons; many choices: a drop-down."""

    def compose_input(self) -> ComposeResult:
        options = choice_options(self.stage, self.spec, self.lang, self.raw, self.choices_for)
        self.values: list[Any] = [value for _, value in options] + [MISSING]
        none_label = not_answered_label(self.stage, self.spec, self.lang)
        if len(options) <= RADIO_MAX:
            buttons = [RadioButton(label, value=self.raw == value and not _is_blank(self.raw))
                       for label, value in options]
            buttons.append(RadioButton(none_label, value=_is_blank(self.raw)))
            yield AnswerRadioSet(*buttons, compact=True)
        else:
            current = self.raw if not _is_blank(self.raw) else Select.NULL
            yield Select(options, value=current, allow_blank=True, prompt=none_label,
                         compact=True)

    @on(RadioSet.Changed)
    def _radio(self, event: RadioSet.Changed) -> None:
        event.stop()
        if 0 <= event.index < len(self.values):
            self.check_and_answer(self.values[event.index], debounce=False)

    @on(Select.Changed)
    def _select(self, event: Select.Changed) -> None:
        event.stop()
        value = MISSING if event.value is Select.NULL else event.value
        self.check_and_answer(value, debounce=False)


class BoolQuestion(Question):
    """Yes, no, or not answered (then the model's default)."""

    def compose_input(self) -> ComposeResult:
        self.values = [True, False, MISSING]
        raw = self.raw
        labels = [tr(self.lang, "answer.yes"), tr(self.lang, "answer.no"),
                  not_answered_label(self.stage, self.spec, self.lang)]
        pressed = [raw is True, raw is False, raw not in (True, False)]
        yield AnswerRadioSet(*(RadioButton(label, value=on) for label, on in zip(labels, pressed,
                                                                            strict=True)),
                       compact=True, classes="-horizontal")

    @on(RadioSet.Changed)
    def _radio(self, event: RadioSet.Changed) -> None:
        event.stop()
        if 0 <= event.index < len(self.values):
            self.check_and_answer(self.values[event.index], debounce=False)


class ChoicesQuestion(Question):
    """Several choices: a checklist, written in the order of the choices."""

    def compose_input(self) -> ComposeResult:
        raw = self.raw if isinstance(self.raw, list) else []
        options = [(choice_label(self.stage, self.lang, value), value)
                   for value in self.spec.choices]
        options += [(f"⚠ {value}", value) for value in raw
                    if value not in self.spec.choices and isinstance(value, str)]
        self.order = [value for _, value in options]
        yield SelectionList(*((label, value, value in raw) for label, value in options),
                            compact=True)

    @on(SelectionList.SelectedChanged)
    def _changed(self, event: SelectionList.SelectedChanged) -> None:
        event.stop()
        selected = set(event.selection_list.selected)
        before = self.raw if isinstance(self.raw, list) else []
        # the order the file gives is kept; a new choice goes after, in the choices' order
        value = [item for item in before if item in selected]
        value += [item for item in self.order if item in selected and item not in value]
        if same_answer(value, before if before else MISSING) or (not value and not before):
            return
        self.check_and_answer(value, debounce=False)


class NumberQuestion(Question):
    """A number typed in; a comma works as a decimal point."""

    def compose_input(self) -> ComposeResult:
        text = format_value(self.raw) if not isinstance(self.raw, str) else self.raw
        yield AnswerInput(value=text, placeholder=bounds_hint(self.spec, self.lang),
                          compact=True)

    @on(Input.Changed)
    def _typed(self, event: Input.Changed) -> None:
        event.stop()
        text = event.value
        value = MISSING if not text.strip() else parse_number(text, self.spec.kind)
        if same_answer(value, self.raw):
            return
        self.check_and_answer(value, debounce=True)


class TextQuestion(Question):
    def compose_input(self) -> ComposeResult:
        text = self.raw if isinstance(self.raw, str) else format_value(self.raw)
        yield AnswerInput(value=text, compact=True)

    @on(Input.Changed)
    def _typed(self, event: Input.Changed) -> None:
        event.stop()
        if event.value == (self.raw if isinstance(self.raw, str) else ""):
            return
        self.check_and_answer(event.value if event.value.strip() else MISSING, debounce=True)


class NotesQuestion(Question):
    """A longer text (a field that asks for it with ``{"widget": "notes"}``)."""

    def compose_input(self) -> ComposeResult:
        yield TextArea(self.raw if isinstance(self.raw, str) else "", compact=True,
                       classes="question-notes")

    @on(TextArea.Changed)
    def _typed(self, event: TextArea.Changed) -> None:
        event.stop()
        text = event.text_area.text
        if text == (self.raw if isinstance(self.raw, str) else ""):
            return
        self.check_and_answer(text if text.strip() else MISSING, debounce=True)


class LinesQuestion(Question):
    """A list of texts, numbers or yes/no: one per line (a number with a comma works too)."""

    YES = ("yes", "y", "true", "oui", "o", "vrai", "1")
    NO = ("no", "n", "false", "non", "faux", "0")

    def shown(self, value: Any) -> str:
        if value is True or value is False:
            return tr(self.lang, "answer.yes" if value else "answer.no")
        return format_value(value)

    def item(self, line: str) -> Any:
        """One line as the list's item (as typed when it is not one: the check says why)."""
        kind = self.spec.item
        if kind in (questions.WHOLE, questions.NUMBER):
            return parse_number(line, INT if kind == questions.WHOLE else FLOAT)
        if kind == questions.YES_NO:
            word = line.casefold()
            yes = {*self.YES, tr(self.lang, "answer.yes").casefold()}
            no = {*self.NO, tr(self.lang, "answer.no").casefold()}
            return True if word in yes else False if word in no else line
        return line

    def compose_input(self) -> ComposeResult:
        lines = self.raw if isinstance(self.raw, list) else []
        yield TextArea("\n".join(self.shown(line) for line in lines), compact=True,
                       classes="question-notes")

    @on(TextArea.Changed)
    def _typed(self, event: TextArea.Changed) -> None:
        event.stop()
        lines = [self.item(line.strip()) for line in event.text_area.text.splitlines()
                 if line.strip()]
        if same_answer(lines, self.raw) or (not lines and _is_blank(self.raw)):
            return
        self.check_and_answer(lines, debounce=True)


class RawQuestion(Question):
    """Anything else: the value as TOML (``["a", "b"]``, ``{x = 1}``), checked by the model."""

    def compose_input(self) -> ComposeResult:
        yield AnswerInput(value=toml_inline(self.raw), placeholder=tr(self.lang, "form.toml_hint"),
                    compact=True)

    @on(Input.Changed)
    def _typed(self, event: Input.Changed) -> None:
        event.stop()
        if event.value == toml_inline(self.raw):
            return
        text = event.value.strip()
        self.check_and_answer(parse_toml_inline(text) if text else MISSING, debounce=True)


# -- tables ---------------------------------------------------------------------------------


def cell_width(column: FieldSpec) -> str:
    """Short cells for numbers and yes/no, wider ones for texts, the widest for choices."""
    if column.kind in (INT, FLOAT, BOOL):
        return "-narrow-cell"
    return "-choice-cell" if column.kind == CHOICE else "-wide-cell"


CELL_MIN, CELL_MAX = 6, 24  # a column's share of the row, in cells of text


def least_width(header: str) -> int:
    """A column is never narrower than its header's longest word (a header wraps between
    words, never inside one: "Select/ed")."""
    return min(14, max((len(word) for word in header.split()), default=CELL_MIN))


def column_weight(header: str, texts: list[str], kind: str) -> int:
    """How wide a column wants to be: its header and its longest answer (a choice's ``▼``
    included), within bounds; the columns share the row in these proportions."""
    widest = max([len(text) for text in texts] + [0])
    if kind in (CHOICE, BOOL):
        widest += 3  # " ▼ "
    return max(CELL_MIN, min(CELL_MAX, max(len(header), widest) + 1))


class CellInput(AnswerInput):
    """A text cell: shows the start of its text when not being typed in, the whole in a
    tooltip (a narrow cell would otherwise show "…nth by June")."""

    def on_mount(self) -> None:
        self.show_start()

    def on_blur(self) -> None:
        self.show_start()

    def show_start(self) -> None:
        self.cursor_position = 0
        self.tooltip = self.value if len(self.value) > max(1, self.size.width - 1) else None


class ChoiceCell(Widget, can_focus=True):
    """A choice in a table cell, drawn as its answer until it is used: it becomes a ``Select``
    when it gets the focus or a click. A ``Select`` is six widgets; a table of a few rows with
    a few choices each would otherwise make dozens before the session's first frame."""

    DEFAULT_CSS = """
    ChoiceCell {
        height: 1;
        background: $surface;
        color: $foreground;
        pointer: pointer;
        &.-blank {
            color: $foreground 50%;
        }
        &:focus {
            background: $block-cursor-background;
            color: $block-cursor-foreground;
        }
    }
    """

    class Changed(Message):
        """The answer was set without the drop-down (by the program)."""

        def __init__(self, cell: ChoiceCell) -> None:
            super().__init__()
            self.cell = cell

    def __init__(self, options: list[tuple[str, Any]], value: Any, prompt: str, *,
                 column: FieldSpec, classes: str) -> None:
        blank = value is Select.NULL
        super().__init__(classes=f"{classes} -blank" if blank else classes)
        self.options, self.prompt, self.column = options, prompt, column
        self._value = value
        self._choosing = False

    @property
    def value(self) -> Any:
        return self._value

    @value.setter
    def value(self, value: Any) -> None:
        self._value = value
        self.set_class(value is Select.NULL, "-blank")
        self.refresh()
        self.post_message(self.Changed(self))

    def render(self) -> Text:
        label = next((label for label, value in self.options if value == self._value),
                     self.prompt) if self._value is not Select.NULL else self.prompt
        room = max(1, self.content_size.width - 3)  # drawn as a compact Select: "label ▼ "
        shown = label if len(label) <= room else label[: room - 1] + "…"
        return Text(shown.ljust(room) + " ▼ ", no_wrap=True, overflow="crop")

    async def _choose(self, open_list: bool) -> None:
        """Put a real ``Select`` in this cell's place, with the focus."""
        if self._choosing or self.parent is None:
            return
        self._choosing = True
        select = Select(self.options, value=self._value, allow_blank=True, compact=True,
                        prompt=self.prompt,
                        classes=" ".join(c for c in self.classes if c != "-blank"))
        select.column = self.column  # type: ignore[attr-defined]
        select.styles.width = self.styles.width  # the column's share, from its content
        select.styles.min_width = self.styles.min_width
        await self.parent.mount(select, after=self)
        # the focus moves now, not later: a cell leaving with it would hand it to a neighbour
        self.screen.set_focus(select)
        await self.remove()
        if open_list:
            select.action_show_overlay()

    BINDINGS = [Binding("enter,space", "choose", show=False)]

    quiet = False  # focused by the form itself (a stage shown): stays drawn until used

    async def on_focus(self) -> None:
        if self.quiet:
            self.quiet = False
            return
        await self._choose(open_list=False)

    async def action_choose(self) -> None:
        await self._choose(open_list=True)

    async def on_key(self, event: events.Key) -> None:
        if event.is_printable:  # typing a name opens the list (its search ignores case)
            event.stop()
            await self._choose(open_list=True)

    async def on_click(self) -> None:
        await self._choose(open_list=True)


class RowRemover(Static):
    """The ✕ at the end of a row: a click removes the row (ctrl+r does from the keyboard). A mark
    rather than a ``Button``: a button per row is costly to draw and one more stop for Tab."""

    DEFAULT_CSS = """
    RowRemover {
        content-align: center middle;
        color: $text-muted;
        pointer: pointer;
        &:hover {
            color: $text-error;
        }
    }
    """

    class Pressed(Message):
        def __init__(self, remover: RowRemover) -> None:
            super().__init__()
            self.remover = remover

    def on_click(self, event: events.Click) -> None:
        event.stop()
        if not self.disabled:
            self.post_message(self.Pressed(self))


class TableRow(Horizontal):
    """One row of a table: a cell per column and a remove button."""

    def __init__(self, table: TableQuestion, data: dict[str, Any], new: bool) -> None:
        super().__init__(classes="table-row")
        self.table = table
        for column in table.spec.columns:  # "Instagram" in the file is the catalogue's one
            if column.choices_from and isinstance(data.get(column.name), str):
                found = match_choice(table.options_for(column, MISSING), data[column.name])
                if found is not MISSING:
                    data[column.name] = found
        self.data = data
        self.new = new
        self.errors: dict[str, str] = {}

    def compose(self) -> ComposeResult:
        for column in self.table.spec.columns:
            yield self.table.cell_for(column, self.data.get(column.name, MISSING))
        remover = RowRemover("✕", classes="remove-row")
        remover.tooltip = tr(self.table.lang, "keys.workshop.remove_row")
        yield remover

    def complete(self) -> bool:
        return all(column.name in self.data for column in self.table.spec.columns
                   if column.required)


class TableQuestion(Question):
    """A list of rows (``list[SubModel]``): add, remove and move rows; each cell is typed."""

    BINDINGS = [
        # described under the table itself, so that the footer keeps the workshop's keys
        Binding("ctrl+o", "add_row", "Add row", id="workshop.add_row", show=False),
        Binding("ctrl+r", "remove_row", "Remove row", id="workshop.remove_row", show=False),
        Binding("shift+up", "move_row(-1)", "Row up", id="workshop.row_up", show=False),
        Binding("shift+down", "move_row(1)", "Row down", id="workshop.row_down", show=False),
    ]

    def options_for(self, column: FieldSpec, raw: Any) -> list[tuple[str, Any]]:
        """A choice cell's options (worked out once per column: every row has the same)."""
        if column.kind == BOOL:
            return [(tr(self.lang, "answer.yes"), True), (tr(self.lang, "answer.no"), False)]
        cache = self.__dict__.setdefault("_options", {})
        if column.name not in cache:
            cache[column.name] = choice_options(self.stage, column, self.lang, MISSING,
                                                self.choices_for)
        options = list(cache[column.name])
        if not _is_blank(raw) and match_choice(options, raw) is MISSING \
                and isinstance(raw, (str, int, float)):
            options.append((f"⚠ {raw}", raw))
        return options

    def header(self, column: FieldSpec) -> str:
        title = question_title(self.stage, self.lang, column, self.spec.name)
        return title + (" *" if column.required else "")

    def weights(self, rows: list[Any]) -> dict[str, int]:
        """Each column's share of the row, from its header and its content."""
        found: dict[str, int] = {}
        for column in self.spec.columns:
            texts: list[str] = []
            if column.kind in (CHOICE, BOOL):
                # the answers, not the "not answered (…)" prompt: a blank cell may cut it
                texts = [label for label, _ in self.options_for(column, MISSING)]
            else:
                texts = [format_value(row.get(column.name)) for row in rows
                         if isinstance(row, dict)]
                texts.append(bounds_hint(column, self.lang) if column.kind in (INT, FLOAT)
                             else "")
            found[column.name] = column_weight(self.header(column), texts, column.kind)
        return found

    def legend(self) -> str:
        """What a bounded number means (fit 0-3: "0: absent… 3: very active"), from each such
        column's help: the help panel is not always in sight."""
        lines = []
        for column in self.spec.columns:
            if column.kind in (INT, FLOAT) and column.bounds:
                help_text = question_help(self.stage, self.lang, column, self.spec.name)
                if help_text:
                    title = question_title(self.stage, self.lang, column, self.spec.name)
                    lines.append(tr(self.lang, "form.column_legend", column=title,
                                    help=help_text))
        return "\n".join(lines)

    def compose_input(self) -> ComposeResult:
        rows = self.raw if isinstance(self.raw, list) else []
        self.column_weights = self.weights(rows)
        with Horizontal(classes="table-head"):
            for column in self.spec.columns:
                label = Label(self.header(column), classes=f"table-cell {cell_width(column)}")
                label.styles.width = f"{self.column_weights[column.name]}fr"
                label.styles.min_width = least_width(self.header(column))
                label.tooltip = question_help(self.stage, self.lang, column, self.spec.name) \
                    or None
                yield label
            yield Label("", classes="remove-row")
        with Vertical(classes="table-rows"):
            for data in rows:
                yield TableRow(self, dict(data) if isinstance(data, dict) else {}, new=False)
        with Horizontal(classes="table-foot"):
            yield Button(tr(self.lang, "form.add_row"), classes="add-row", compact=True)
            yield Static(tr(self.lang, "form.table_keys"), classes="table-keys")
        legend = self.legend()
        if legend:
            yield Static(legend, classes="table-legend")

    # cells ------------------------------------------------------------------------------

    def cell_for(self, column: FieldSpec, raw: Any) -> Widget:
        lang = self.lang
        # classes given when made: added later, each would restyle the cell once more
        classes = f"table-cell {cell_width(column)}"
        widget: Widget
        if column.kind in (CHOICE, BOOL):
            options = self.options_for(column, raw)
            found = match_choice(options, raw) if not _is_blank(raw) else MISSING
            value = Select.NULL if found is MISSING else found
            prompt = not_answered_label(self.stage, column, lang) if not column.required \
                else tr(lang, "form.choose")
            widget = ChoiceCell(options, value, prompt, column=column, classes=classes)
        elif column.kind in (INT, FLOAT):
            text = raw if isinstance(raw, str) else format_value(raw)
            widget = CellInput(value=text, placeholder=bounds_hint(column, lang), compact=True,
                               classes=classes)
        elif column.kind in (TEXT, NOTES):
            widget = CellInput(value=raw if isinstance(raw, str) else format_value(raw),
                               compact=True, classes=classes)
        else:
            widget = CellInput(value=toml_inline(raw), placeholder=tr(lang, "form.toml_hint"),
                               compact=True, classes=classes)
        widget.column = column  # type: ignore[attr-defined]
        weights = getattr(self, "column_weights", {})
        if column.name in weights:
            widget.styles.width = f"{weights[column.name]}fr"
            widget.styles.min_width = least_width(self.header(column))
        return widget

    def _cell_value(self, widget: Widget) -> Any:
        column: FieldSpec = widget.column  # type: ignore[attr-defined]
        if isinstance(widget, (Select, ChoiceCell)):
            return MISSING if widget.value is Select.NULL else widget.value
        text = widget.value if isinstance(widget, Input) else ""
        if not text.strip():
            return MISSING
        if column.kind in (INT, FLOAT):
            return parse_number(text, column.kind)
        if column.kind in (TEXT, NOTES):
            return text
        return parse_toml_inline(text.strip())

    def _cell_changed(self, widget: Widget, debounce: bool) -> None:
        row = next((a for a in widget.ancestors if isinstance(a, TableRow)), None)
        if row is None or not hasattr(widget, "column"):
            return
        column: FieldSpec = widget.column  # type: ignore[attr-defined]
        value = self._cell_value(widget)
        before = row.data.get(column.name, MISSING)
        if same_answer(value, before) and column.name not in row.errors:
            return
        error = None
        if value is not MISSING:
            _, error = column.validate(value, self.lang)
        if error:
            row.errors[column.name] = error
        else:
            row.errors.pop(column.name, None)
            if value is MISSING:
                row.data.pop(column.name, None)
            else:
                row.data[column.name] = value
        widget.set_class(bool(error), "-invalid")
        self.show_table_errors()
        if not error:
            self.commit(debounce=debounce)

    @on(Select.Changed)
    def _select(self, event: Select.Changed) -> None:
        event.stop()
        self._cell_changed(event.select, debounce=False)

    @on(ChoiceCell.Changed)
    def _chosen(self, event: ChoiceCell.Changed) -> None:
        event.stop()
        self._cell_changed(event.cell, debounce=False)

    @on(Input.Changed)
    def _typed(self, event: Input.Changed) -> None:
        event.stop()
        self._cell_changed(event.input, debounce=True)

    def on_descendant_focus(self, event: DescendantFocus) -> None:
        column = getattr(event.widget, "column", None)
        if isinstance(column, FieldSpec):
            title = question_title(self.stage, self.lang, column, self.spec.name)
            help_text = question_help(self.stage, self.lang, column, self.spec.name)
            self.post_message(HelpWanted(self.stage, f"{self.title} › {title}", help_text))
            event.prevent_default()  # Question's handler (the table's own help) is not run

    # rows -------------------------------------------------------------------------------

    def rows(self) -> list[TableRow]:
        return list(self.query(TableRow))

    def value(self) -> list[dict[str, Any]]:
        """What is written: every row, but a new row only once its required cells are given."""
        return [copy.deepcopy(row.data) for row in self.rows()
                if not row.new or (row.complete() and row.data)]

    def commit(self, *, debounce: bool) -> None:
        value = self.value()
        self.answer(value if value or not _is_blank(self.raw) else MISSING, debounce=debounce)

    def show_table_errors(self) -> None:
        messages = []
        for number, row in enumerate(self.rows(), start=1):
            for column in self.spec.columns:
                if column.name in row.errors:
                    title = question_title(self.stage, self.lang, column, self.spec.name)
                    messages.append(tr(self.lang, "form.cell_error", row=number, column=title,
                                       error=row.errors[column.name]))
            if row.new and not row.complete():
                missing = ", ".join(question_title(self.stage, self.lang, c, self.spec.name)
                                    for c in self.spec.columns
                                    if c.required and c.name not in row.data)
                messages.append(tr(self.lang, "form.row_incomplete", row=number,
                                   columns=missing))
        self.show_error("\n".join(messages) or None)

    def on_mount(self) -> None:
        localise_bindings(self, self.lang)
        if not _is_blank(self.raw):
            _, error = self.spec.validate(self.raw, self.lang)
            self.show_error(error)

    def focused_row(self) -> TableRow | None:
        focused = self.screen.focused
        if focused is None:
            return None
        return next((a for a in focused.ancestors_with_self if isinstance(a, TableRow)), None)

    async def action_add_row(self) -> None:
        row = TableRow(self, {}, new=True)
        await self.query_one(".table-rows", Vertical).mount(row)
        self.show_table_errors()
        first = row.query(".table-cell").first()
        if isinstance(first, ChoiceCell):
            first.quiet = True  # Enter, a click or typing a name opens its list
        first.focus()
        row.scroll_visible()

    async def action_remove_row(self, row: TableRow | None = None) -> None:
        row = row or self.focused_row()
        if row is None:
            return
        rows = self.rows()
        index = rows.index(row)
        await row.remove()
        self.show_table_errors()
        self.commit(debounce=False)
        self.notify(tr(self.lang, "form.row_removed", row=index + 1), timeout=6)
        rows = self.rows()
        if rows:
            cell = rows[min(index, len(rows) - 1)].query(".table-cell").first()
            if isinstance(cell, ChoiceCell):
                cell.quiet = True
            cell.focus()
        else:
            self.query_one(".add-row", Button).focus()

    def action_move_row(self, step: int) -> None:
        row = self.focused_row()
        if row is None:
            return
        rows = self.rows()
        index = rows.index(row)
        target = index + step
        if not 0 <= target < len(rows):
            return
        container = self.query_one(".table-rows", Vertical)
        if step < 0:
            container.move_child(row, before=rows[target])
        else:
            container.move_child(row, after=rows[target])
        focused = self.screen.focused
        self.commit(debounce=False)
        self.show_table_errors()
        if focused is not None:
            focused.scroll_visible()

    @on(Button.Pressed, ".add-row")
    async def _add_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        await self.action_add_row()

    @on(RowRemover.Pressed)
    async def _remove_pressed(self, event: RowRemover.Pressed) -> None:
        event.stop()
        row = next((a for a in event.remover.ancestors if isinstance(a, TableRow)), None)
        await self.action_remove_row(row)


QUESTION_FOR_KIND: dict[str, type[Question]] = {
    CHOICE: ChoiceQuestion,
    BOOL: BoolQuestion,
    CHOICES: ChoicesQuestion,
    INT: NumberQuestion,
    FLOAT: NumberQuestion,
    TEXT: TextQuestion,
    NOTES: NotesQuestion,
    LINES: LinesQuestion,
    TABLE: TableQuestion,
}


def question_for(stage: Stage, spec: FieldSpec, lang: str, raw: Any,
                 choices_for: ChoicesFor | None = None) -> Question:
    kind = QUESTION_FOR_KIND.get(spec.kind, RawQuestion)
    return kind(stage, spec, lang, raw, choices_for=choices_for, id=f"q-{spec.name}")


class StageForm(VerticalScroll):
    """Every question of one stage, then the stage's notes."""

    def __init__(self, stage: Stage, lang: str, answers: dict[str, Any], notes: str, *,
                 choices_for: ChoicesFor | None = None, id: str | None = None) -> None:
        super().__init__(id=id, classes="stage-form")
        self.stage = stage
        self.lang = lang
        self.answers = answers
        self.notes = notes
        self.choices_for = choices_for
        self.specs = specs_of(stage.questions)

    def compose(self) -> ComposeResult:
        yield Static(self.stage.title(self.lang), classes="stage-title")
        intro = stage_intro(self.stage, self.lang)
        if intro:
            yield Static(intro, classes="stage-intro")
        yield Static("", classes="stage-banner")
        for spec in self.specs:
            yield question_for(self.stage, spec, self.lang,
                               self.answers.get(spec.name, MISSING), self.choices_for)
        with Vertical(classes="question question-stage-notes"):
            yield Label(tr(self.lang, "form.notes"), classes="question-title")
            yield TextArea(self.notes, compact=True, classes="stage-notes")

    def show_banner(self, text: str | None) -> None:
        found = self.query_children(".stage-banner")
        if not found:  # a form being taken down (redrawn after an undo)
            return
        banner = found.first(Static)
        banner.update(text or "")
        banner.set_class(bool(text), "-shown")

    @on(TextArea.Changed, ".stage-notes")
    def _notes(self, event: TextArea.Changed) -> None:
        event.stop()
        if event.text_area.text != self.notes:
            self.notes = event.text_area.text
            self.post_message(NotesChanged(self.stage.id, self.notes))

    def on_descendant_focus(self, event: DescendantFocus) -> None:
        if event.widget.has_class("stage-notes"):
            self.post_message(HelpWanted(self.stage, tr(self.lang, "form.notes"),
                                         tr(self.lang, "form.notes_help")))

    def focus_notes(self) -> None:
        notes = self.query_one(".stage-notes", TextArea)
        notes.focus()
        notes.scroll_visible()

    def focus_first(self) -> None:
        for widget in self.query("RadioSet, Select, ChoiceCell, SelectionList, Input, TextArea, "
                                 "Button"):
            if widget.focusable:
                if isinstance(widget, ChoiceCell):
                    widget.quiet = True  # a drop-down is made only when used
                widget.focus(scroll_visible=False)  # the title and intro stay in sight
                return
