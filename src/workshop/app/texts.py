"""The app's words (locales/<lang>/app.toml) and a stage's own texts, with sensible fallbacks.

A plugin stage may give no texts at all: the field's pydantic ``title`` and ``description``, then
its name, stand in, so a third party's stage is still readable.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, Any

from workshop.i18n import area_texts, environment_language, t
from workshop.stage import Stage

if TYPE_CHECKING:
    from textual.dom import DOMNode

    from workshop.app.fields import FieldSpec

# Verdict colours the app's widgets can render (hex: Textual does not know every rich colour name).
VERDICT_STYLE = {"go": "bold #5fd700", "go_with_conditions": "bold #ffd700",
                 "not_yet": "bold #ff8700", "no_go": "bold #ff5f5f"}


def tr(lang: str, key: str, **params: Any) -> str:
    """An app text: ``tr(lang, "picker.title")`` reads ``picker.title`` in app.toml."""
    return t(lang, f"app.{key}", **params)


def localise_bindings(node: DOMNode, lang: str, area: str = "app") -> None:
    """Give a node's bindings their words in ``lang``: ``keys.<binding id>`` in the area's
    texts (the app's; ``features`` for ``workshop present``), ``keys_help.<id>`` its tooltip."""
    texts = area_texts(lang, area)  # that area's words only: the others are not read for this

    def text(key: str, default: str | None) -> str | None:
        found = texts.get(key)
        # English only when a word is missing: its texts are read only then
        return found if found is not None else area_texts("en", area).get(key, default)

    bindings_map = node._bindings
    for key, bindings in list(bindings_map.key_to_bindings.items()):
        changed = []
        for binding in bindings:
            if binding.id:
                description = text(f"keys.{binding.id}", None)
                tooltip = text(f"keys_help.{binding.id}", "")
                if description is not None:
                    binding = replace(binding, description=description, tooltip=tooltip)
            changed.append(binding)
        bindings_map.key_to_bindings[key] = changed
    if node.is_attached:
        node.refresh_bindings()


def holder_text(lang: str, holder: Any) -> str:
    """Who holds a session (``workshop.session.lock.Holder``), in the session's language."""
    since = getattr(holder, "since", None)
    key = "save.holder_since" if since else "save.holder"
    return tr(lang, key, user=getattr(holder, "user", "?"), host=getattr(holder, "host", "?"),
              pid=getattr(holder, "pid", "?"),
              since=since.strftime("%Y-%m-%d %H:%M") if since else "")


def system_language() -> str:
    """The language of the environment, for the screens shown before a session is open."""
    return environment_language()


def humanise(name: str) -> str:
    return name.replace("_", " ").strip().capitalize() or name


def question_title(stage: Stage, lang: str, spec: FieldSpec, parent: str | None = None) -> str:
    path = ("questions", parent, spec.name) if parent else ("questions", spec.name)
    return (stage.text(lang, *path, "title") or spec.info.title or humanise(spec.name))


def question_help(stage: Stage, lang: str, spec: FieldSpec, parent: str | None = None) -> str:
    path = ("questions", parent, spec.name) if parent else ("questions", spec.name)
    return stage.text(lang, *path, "help") or spec.info.description or ""


def choice_label(stage: Stage, lang: str, value: Any) -> str:
    """The words for one answer: a stage's ``choices`` table, yes/no, or the value itself."""
    if value is None:
        return tr(lang, "answer.none")
    if value is True:
        return tr(lang, "answer.yes")
    if value is False:
        return tr(lang, "answer.no")
    return stage.text(lang, "choices", str(value)) or humanise(str(value))


def stage_intro(stage: Stage, lang: str) -> str:
    return stage.text(lang, "intro")


def status_label(lang: str, status: str) -> str:
    return tr(lang, f"status.{status}")


def verdict_name(lang: str, verdict: str) -> str:
    return t(lang, f"engine.verdict.{verdict}.name")


def verdict_meaning(lang: str, verdict: str) -> str:
    return t(lang, f"engine.verdict.{verdict}.meaning")
