"""Answers and changes to them, worded as the client reads them, in the session's language.

Shared by the what-if (a change's text), the follow-up (what changed since last time), the client
view and the reports, so that an answer reads the same everywhere: "Networks › TikTok ›
Selected: yes → no". Moved out of ``engine.whatif``, which keeps only the search.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, datetime
from typing import Any

from pydantic import BaseModel
from pydantic.fields import FieldInfo

from workshop.i18n import number, t
from workshop.questions import question_of
from workshop.stage import Network, Stage


def field_title(stage: Stage, lang: str, path: Iterable[str | int],
                model: type[BaseModel] | None = None) -> str:
    """A question's title from the stage's texts, else from its model, else its name."""
    names = [part for part in path if isinstance(part, str)]
    text = stage.text(lang, "questions", *names, "title")
    if not text:
        # a nested question may be written as a plain string: questions.goals.kpi = "KPI"
        text = stage.text(lang, "questions", *names)
    if text:
        return text
    info = _field_info(model or stage.questions, names)
    if info is not None and info.title:
        return info.title
    return names[-1].replace("_", " ") if names else ""


def choice_label(stage: Stage, lang: str, name: str, value: Any) -> str:
    """A choice as the client reads it (``choices.<field>.<value>`` or ``choices.<value>``)."""
    text = stage.text(lang, "choices", name, str(value)) or stage.text(lang, "choices", str(value))
    return text or str(value)


def value_label(stage: Stage, lang: str, name: str, value: Any,
                catalogue: Mapping[str, Network] | None = None) -> str:
    """Any answer as a short text: yes/no, choice labels, numbers without noise, lists."""
    if value is None:
        return t(lang, "features.answer.none")
    if isinstance(value, bool):
        return t(lang, f"features.answer.{'yes' if value else 'no'}")
    if isinstance(value, (int, float)):
        return number(lang, value)
    if isinstance(value, (BaseModel, dict)):
        return item_label(stage, lang, value, catalogue)
    if isinstance(value, (list, tuple)):
        if not value:
            return t(lang, "features.answer.empty")
        return ", ".join(value_label(stage, lang, name, item, catalogue) for item in value)
    return choice_label(stage, lang, name, value)


def item_label(stage: Stage, lang: str, item: BaseModel | Mapping[str, Any],
               catalogue: Mapping[str, Network] | None = None, index: int | None = None) -> str:
    """A list item by what names it: a network's name, a choice's label, its ``name``."""
    data = item if isinstance(item, Mapping) else dict(item)
    identity = data.get("id")
    if isinstance(identity, str) and identity:
        if catalogue and identity in catalogue:
            return catalogue[identity].label(lang)
        return choice_label(stage, lang, "id", identity)
    name = data.get("name")
    if isinstance(name, str) and name.strip():
        return name
    return f"#{index + 1}" if index is not None else "#"




# -- describing a change ----------------------------------------------------------------------


def describe(stage: Stage, lang: str, path: tuple[str | int, ...], action: str, value: Any,
             old: Any, catalogue: Mapping[str, Network] | None = None,
             answers: BaseModel | None = None) -> str:
    """ "Resources › Owner: fill in", "Networks › TikTok › Selected: yes → no"."""
    separator = t(lang, "features.whatif.separator")
    where = [stage.title(lang), *answer_place(stage, lang, path, answers, catalogue)]
    names = [part for part in path if isinstance(part, str)]
    name = names[-1] if names else ""
    if action == "remove_item":
        what = t(lang, "features.whatif.remove")
    elif action == "remove_value":
        what = t(lang, "features.whatif.remove_value",
                 value=value_label(stage, lang, name, value, catalogue))
    elif action == "add_value":
        what = t(lang, "features.whatif.add_value",
                 value=value_label(stage, lang, name, value, catalogue))
    elif action == "add_item":
        label = item_label(stage, lang, value, catalogue)
        # an item the client is to name reads "add one", never "add <to fill in>"
        unnamed = label in ("#", t(lang, "features.whatif.placeholder"))
        what = (t(lang, "features.whatif.add_one") if unnamed
                else t(lang, "features.whatif.add_item", value=label))
    elif isinstance(value, str) and value == t(lang, "features.whatif.placeholder"):
        what = t(lang, "features.whatif.fill")
    elif old is None:
        what = value_label(stage, lang, name, value, catalogue)
    else:
        what = t(lang, "features.whatif.from_to",
                 old=value_label(stage, lang, name, old, catalogue),
                 new=value_label(stage, lang, name, value, catalogue))
    return t(lang, "features.whatif.line", where=separator.join(where), what=what)


def answer_place(stage: Stage, lang: str, path: tuple[str | int, ...],
                 answers: BaseModel | Mapping[str, Any] | None,
                 catalogue: Mapping[str, Network] | None = None) -> list[str]:
    """Where an answer sits, as the client reads it: ["TikTok", "Selected"].

    A list's items are named by themselves ("Networks › TikTok", not "… › Candidates ›
    TikTok"); changing what names an item reads "Goals: Loyalty → Visibility".
    """
    if len(path) >= 2 and isinstance(path[-2], int) and path[-1] in ("id", "name"):
        return answer_place(stage, lang, path[:-2], answers, catalogue)
    place: list[str] = []
    node: Any = answers
    names: list[str] = []
    for position, part in enumerate(path):
        following = path[position + 1] if position + 1 < len(path) else None
        if isinstance(part, int):
            item = node[part] if isinstance(node, list) and part < len(node) else None
            place.append(item_label(stage, lang, item, catalogue, part) if item is not None
                         else f"#{part + 1}")
            node = item
        else:
            names.append(part)
            if isinstance(node, BaseModel):
                node = getattr(node, part, None)
            elif isinstance(node, Mapping):
                node = node.get(part)
            else:
                node = None
            if not isinstance(following, int):
                place.append(field_title(stage, lang, names))
    return place




def advise(stage: Stage, lang: str, path: tuple[str | int, ...], action: str, value: Any,
           old: Any, catalogue: Mapping[str, Network] | None = None,
           answers: BaseModel | None = None) -> str:
    """A change as a consultant advises it, one clause without a capital or a full stop:
    "choose another goal, such as visibility and awareness, instead of doing what
    competitors do" (``describe`` says the same change as "Goals: A → B", for the app)."""
    names = [part for part in path if isinstance(part, str)]
    name = names[-1] if names else ""
    place = answer_place(stage, lang, path, answers, catalogue)
    where = t(lang, "features.whatif.separator").join(place) or stage.title(lang)

    def shown(item: Any) -> str:
        text = value_label(stage, lang, name, item, catalogue)
        if isinstance(item, str) and catalogue and item in catalogue:
            return text  # a network's name keeps its capital
        return _lower(text)

    key = "report.advise"
    if action == "remove_item":
        return t(lang, f"{key}.drop", value=_lower(where.split(t(
            lang, "features.whatif.separator"))[-1]))
    if action == "remove_value":
        return t(lang, f"{key}.remove_value", value=shown(value), where=where)
    if action == "add_value":
        return t(lang, f"{key}.add_value", value=shown(value), where=where)
    if action == "add_item":
        label = item_label(stage, lang, value, catalogue)
        if label in ("#", t(lang, "features.whatif.placeholder")):
            return t(lang, f"{key}.add_one", where=where)
        return t(lang, f"{key}.add_item", value=_lower(label), where=where)
    if isinstance(value, str) and value == t(lang, "features.whatif.placeholder"):
        return t(lang, f"{key}.fill", where=where)
    if len(path) >= 2 and isinstance(path[-2], int) and path[-1] in ("id", "name") and old:
        item = _lower(field_title(stage, lang, names))
        return t(lang, f"{key}.replace", item=item, new=shown(value), old=shown(old))
    if (isinstance(value, int | float) and isinstance(old, int | float)
            and not isinstance(value, bool) and not isinstance(old, bool)):
        direction = "raise" if value > old else "lower"
        return t(lang, f"{key}.{direction}", where=where, old=number(lang, old),
                 new=number(lang, value))
    if old is None or old == "":
        return t(lang, f"{key}.set", where=where, new=shown(value))
    return t(lang, f"{key}.change", where=where, new=shown(value), old=shown(old))


def _lower(text: str) -> str:
    """"Visibility and awareness" inside a sentence; "TikTok" or "KPI" stay as they are."""
    if len(text) > 1 and text[0].isupper() and text[1].islower():
        return text[0].lower() + text[1:]
    return text


def _field_info(model: type[BaseModel], names: list[str]) -> FieldInfo | None:
    info: FieldInfo | None = None
    for name in names:
        if model is None:
            return None
        info = model.model_fields.get(name)
        if info is None:
            return None
        question = question_of(info)
        model = question.row_model or question.model  # type: ignore[assignment]
    return info




def jsonable(value: Any) -> Any:
    """An answer as JSON can hold it (a change's old and new values, in the JSON outputs)."""
    if isinstance(value, BaseModel):
        return value.model_dump(mode="json")
    if isinstance(value, Mapping):
        return {str(key): jsonable(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [jsonable(item) for item in value]
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    return value
