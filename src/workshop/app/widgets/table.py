"""Tables of rows (``list[SubModel]``): a cell per column, typed; rows added, removed, moved.

Columns share the row in proportion to their header and content; a choice cell is drawn as text
until used (a ``Select`` is six widgets), a text cell shows its start.
"""

from __future__ import annotations

import copy
from typing import Any

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.events import DescendantFocus
from textual.message import Message
from textual.widget import Widget
from textual.widgets import (
    Button,
    Input,
    Label,
    Select,
    Static,
)

from workshop.app.fields import (
    BOOL,
    CHOICE,
    FLOAT,
    INT,
    MISSING,
    NOTES,
    TEXT,
    FieldSpec,
    format_value,
    parse_number,
    same_answer,
)
from workshop.app.texts import (
    localise_bindings,
    question_help,
    question_title,
    tr,
)
from workshop.app.widgets.question import (
    AnswerInput,
    HelpWanted,
    Question,
    bounds_hint,
    choice_options,
    is_blank,
    match_choice,
    not_answered_label,
    parse_toml_inline,
    toml_inline,
)


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
        if not is_blank(raw) and match_choice(options, raw) is MISSING \
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
            found = match_choice(options, raw) if not is_blank(raw) else MISSING
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
        self.answer(value if value or not is_blank(self.raw) else MISSING, debounce=debounce)

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
        if not is_blank(self.raw):
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
