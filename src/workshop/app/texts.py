"""The app's words (locales/<lang>/app.toml) and a stage's own texts, with sensible fallbacks.

A plugin stage may give no texts at all: the field's pydantic ``title`` and ``description``, then
its name, stand in, so a third party's stage is still readable.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from workshop.i18n import area_texts, environment_language, t
from workshop.stage import Stage

if TYPE_CHECKING:
    from textual.app import App
    from textual.binding import Binding
    from textual.dom import DOMNode
    from textual.screen import Screen

    from workshop.app.fields import FieldSpec

# Verdict colours the app's widgets can render (hex: Textual does not know every rich colour name).
VERDICT_STYLE = {"go": "bold #5fd700", "go_with_conditions": "bold #ffd700",
                 "not_yet": "bold #ff8700", "no_go": "bold #ff5f5f"}


def tr(lang: str, key: str, **params: Any) -> str:
    """An app text: ``tr(lang, "picker.title")`` reads ``picker.title`` in app.toml."""
    return t(lang, f"app.{key}", **params)


def localise_bindings(node: DOMNode, lang: str, area: str = "app") -> None:
    """Say in which language (and in which area's texts: the app's, or ``features`` for
    ``workshop present``) a node's keys are worded. The bindings themselves are left as Textual
    made them: the key bar and the palette ask ``key_words`` for each one by its id."""
    node.key_language = (lang, area)  # type: ignore[attr-defined]
    if node.is_attached:
        node.refresh_bindings()


def key_language(*nodes: object) -> tuple[str, str] | None:
    """The language and area of the first of ``nodes`` that was given one."""
    for node in nodes:
        found = getattr(node, "key_language", None)
        if found is not None:
            return found  # type: ignore[no-any-return]
    return None


def key_words(binding: Binding, *nodes: object) -> tuple[str, str]:
    """A key's words and help in the language of the first of ``nodes`` that has one
    (``keys.<binding id>`` and ``keys_help.<binding id>``, English when a word is missing)."""
    found = key_language(*nodes)
    if not binding.id or found is None:
        return binding.description, binding.tooltip
    lang, area = found
    texts = area_texts(lang, area)  # that area's words only: the others are not read for this

    def text(key: str, default: str) -> str:
        value = texts.get(key)
        # English only when a word is missing: its texts are read only then
        return str(value) if value is not None else str(area_texts("en", area).get(key,
                                                                                   default))

    return (text(f"keys.{binding.id}", binding.description),
            text(f"keys_help.{binding.id}", binding.tooltip))


def key_rows(app: App, screen: Screen) -> list[tuple[list[str], DOMNode, str, str, str, bool]]:
    """The screen's worded bindings, one per id, for the palettes of both apps: (every key
    shown, node, action, words, help, enabled), in the screen's language."""
    keys: dict[str, list[str]] = {}
    rows: dict[str, tuple[DOMNode, str, str, str, bool]] = {}
    for key, active in screen.active_bindings.items():
        binding = active.binding
        if not binding.id or binding.action == "command_palette" \
                or not binding.description:
            continue
        shown = app.get_key_display(binding)
        if binding.id in keys:
            if shown not in keys[binding.id]:
                keys[binding.id].append(shown)
            continue
        keys[binding.id] = [shown]
        words, help_text = key_words(binding, active.node, screen, app)
        rows[binding.id] = (active.node, binding.action, words, help_text or words, key != "")
    return [(keys[binding_id], *row) for binding_id, row in rows.items()]


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
