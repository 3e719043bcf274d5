"""Every finding on one screen, for the wall: the current stage's first, then stage by stage.

The readiness panel, the projector view and the client view list findings in the room they
have; this view is the quick way to put all of them on the wall at once (one key), with what to
do about each, and the same key (or Escape) goes back.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from rich.console import Group
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from workshop.app.texts import localise_bindings, tr
from workshop.app.widgets.keybar import KeyBar
from workshop.app.widgets.readiness import TOO_LITTLE_CODE, finding_line, too_early

SEVERITIES = ("blocker", "concern", "strength")


def grouped(findings: Sequence[Any], order: Sequence[str], current: str | None
            ) -> list[tuple[str | None, list[Any]]]:
    """(stage id, its findings) in the order shown: the current stage, then the workshop's
    order, then findings of no known stage (the whole workshop's, under ``None``)."""
    stages = [s for s in ([current] if current else []) + list(order) if s]
    seen: list[str] = []
    for stage_id in stages:
        if stage_id not in seen:
            seen.append(stage_id)
    groups: list[tuple[str | None, list[Any]]] = []
    for stage_id in seen:
        found = [f for f in findings if f.stage == stage_id]
        if found:
            groups.append((stage_id, found))
    rest = [f for f in findings if f.stage not in seen]
    if rest:
        groups.append((None, rest))
    for _, found in groups:
        found.sort(key=lambda f: SEVERITIES.index(f.severity) if f.severity in SEVERITIES
                   else len(SEVERITIES))
    return groups


class FindingsScreen(ModalScreen[None]):
    """All findings, scrolled with the arrows; Escape (or the key that opened it) goes back."""

    DEFAULT_CSS = """
    FindingsScreen {
        background: black;
        color: white;
        layout: vertical;
    }
    FindingsScreen #findings-head {
        height: 1;
        background: white;
        color: black;
        text-style: bold;
        padding: 0 1;
    }
    FindingsScreen #findings-scroll {
        height: 1fr;
        padding: 0 2;
        scrollbar-size-vertical: 1;
    }
    FindingsScreen KeyBar {
        background: black;
    }
    """

    BINDINGS = [
        Binding("escape,q,a,ctrl+f", "dismiss_view", "Back", id="findings.back"),
        Binding("down,j", "scroll('down')", show=False),
        Binding("up,k", "scroll('up')", show=False),
        Binding("pagedown,space", "scroll('page_down')", show=False),
        Binding("pageup", "scroll('page_up')", show=False),
    ]

    def __init__(self, lang: str, recommendation: Any, titles: Mapping[str, str],
                 order: Sequence[str], current: str | None = None, *,
                 area: str = "app") -> None:
        super().__init__()
        self.lang = lang
        self.recommendation = recommendation
        self.titles = dict(titles)
        self.order = list(order)
        self.current = current
        self.area = area

    def compose(self) -> ComposeResult:
        yield Static("", id="findings-head")
        with VerticalScroll(id="findings-scroll"):
            yield Static("", id="findings-body")
        yield KeyBar()

    def on_mount(self) -> None:
        localise_bindings(self, self.lang, self.area)
        self.show()

    @property
    def findings(self) -> list[Any]:
        found = list(self.recommendation.findings) if self.recommendation else []
        if too_early(self.recommendation):  # kept: here it says which stages to take up
            return found
        return [f for f in found if f.code != TOO_LITTLE_CODE]

    def show(self) -> None:
        lang = self.lang
        findings = self.findings
        self.query_one("#findings-head", Static).update(
            Text(tr(lang, "findings.title", count=len(findings)), no_wrap=True,
                 overflow="ellipsis"))
        parts: list = []
        for stage_id, found in grouped(findings, self.order, self.current):
            title = (self.titles.get(stage_id, stage_id) if stage_id
                     else tr(lang, "findings.general"))
            if parts:
                parts.append(Text(""))
            parts.append(Text(title, style="bold underline bright_white"))
            for finding in found:
                parts.append(finding_line(finding, lang))
                advice = finding.text("advice", lang)
                if advice:
                    parts.append(Text("   " + tr(lang, "findings.advice", advice=advice),
                                      style="grey70"))
        if not parts:
            parts.append(Text(tr(lang, "findings.none"), style="bright_green"))
        parts += [Text(""), Text(tr(lang, "findings.keys"), style="grey70")]
        self.query_one("#findings-body", Static).update(Group(*parts))

    def action_scroll(self, how: str) -> None:
        scroll = self.query_one("#findings-scroll", VerticalScroll)
        getattr(scroll, f"scroll_{how}")(animate=False)

    def action_dismiss_view(self) -> None:
        self.dismiss(None)


def wall_screen(app: Any) -> Any | None:
    """The open session's screen under the current one (its ``live``, ``current`` and
    ``clock``), or None on the picker and its dialogs."""
    for screen in reversed(app.screen_stack):
        if getattr(screen, "live", None) is not None and hasattr(screen, "clock"):
            return screen
    return None


def open_findings(app: Any) -> bool:
    """Put every finding of the open session on the screen (the app's findings key)."""
    if isinstance(app.screen, FindingsScreen):
        app.screen.dismiss(None)
        return True
    screen = wall_screen(app)
    if screen is None:
        return False
    live = screen.live
    stages = live.stages()
    app.push_screen(FindingsScreen(
        live.lang, live.recommendation, {s.id: s.title(live.lang) for s in stages},
        [s.id for s in stages], getattr(screen, "current", None)))
    return True
