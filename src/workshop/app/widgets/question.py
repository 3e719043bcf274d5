"""The question kinds of a stage's screen: one widget per kind of answer (see ``fields.py``).

Choices as radio buttons or a drop-down, several choices as a checklist, yes/no/not answered,
numbers and texts as inputs with inline errors in the session's language, lists one item a line,
anything else as raw TOML. A question posts ``Answered`` with the raw value to write (``MISSING``
for "not answered"); the screen records and saves it. A value in the file that does not validate
is shown as it is, with its error, and is never dropped. Tables are in ``table.py``.
"""

from __future__ import annotations

import tomllib
from collections.abc import Callable
from typing import Any

import tomli_w
from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.events import DescendantFocus
from textual.message import Message
from textual.widgets import (
    Input,
    Label,
    RadioSet,
    Select,
    Static,
    TextArea,
)

from workshop import questions
from workshop.app.fields import (
    FLOAT,
    INT,
    MISSING,
    FieldSpec,
    format_value,
    parse_number,
    same_answer,
)
from workshop.app.texts import (
    choice_label,
    question_help,
    question_title,
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


def is_blank(value: Any) -> bool:
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
    if is_blank(default):
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
    if not is_blank(raw) and isinstance(raw, (str, int, float, bool)) and raw not in known \
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

    placed = False  # the cursor was moved to the pressed button

    def on_focus(self) -> None:
        # Textual's set starts its cursor on the first button: move it, with its public
        # action, to the pressed one; on the first focus, not on mount (each step restyles a
        # button: a stage's first frame would pay it for every question)
        if not self.placed:
            self.placed = True
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
        if not is_blank(self.raw):
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
        if is_blank(value):
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
            buttons = [RadioButton(label, value=self.raw == value and not is_blank(self.raw))
                       for label, value in options]
            buttons.append(RadioButton(none_label, value=is_blank(self.raw)))
            yield AnswerRadioSet(*buttons, compact=True)
        else:
            current = self.raw if not is_blank(self.raw) else Select.NULL
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
        if same_answer(lines, self.raw) or (not lines and is_blank(self.raw)):
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
