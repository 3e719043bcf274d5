"""A stage's screen drawn from its questions model: a plugin author writes no Textual code.

Each field of the model becomes a question widget chosen by its kind: the kinds are in
``question.py``, tables in ``table.py``; this module puts them together, then the stage's notes.
The names other modules import from here stay importable from here.
"""

from __future__ import annotations

from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.events import DescendantFocus
from textual.widget import Widget
from textual.widgets import (
    Button,
    Input,
    Label,
    RadioSet,
    Select,
    SelectionList,
    Static,
    TextArea,
)

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
    specs_of,
)
from workshop.app.texts import (
    stage_intro,
    tr,
)
from workshop.app.widgets.question import (  # noqa: F401 (importers read them here)
    RADIO_MAX,
    Answered,
    AnswerInput,
    AnswerRadioSet,
    BoolQuestion,
    ChoiceQuestion,
    ChoicesFor,
    ChoicesQuestion,
    HelpWanted,
    LinesQuestion,
    NotesChanged,
    NotesQuestion,
    NumberQuestion,
    Question,
    RawQuestion,
    TextQuestion,
    choice_options,
    is_blank,
    match_choice,
)
from workshop.app.widgets.table import (  # noqa: F401 (importers read them here)
    CellInput,
    ChoiceCell,
    RowRemover,
    TableQuestion,
    TableRow,
)
from workshop.stage import Stage

# What a stage's first focus lands on: its first answer (in the form's order).
FIRST_FOCUS = (RadioSet, Select, ChoiceCell, SelectionList, Input, TextArea, Button)

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
        # a walk in the form's order, stopped at the first one (a query matches every widget)
        for widget in self.walk_children(Widget):
            if isinstance(widget, FIRST_FOCUS) and widget.focusable:
                if isinstance(widget, ChoiceCell):
                    widget.quiet = True  # a drop-down is made only when used
                widget.focus(scroll_visible=False)  # the title and intro stay in sight
                return
