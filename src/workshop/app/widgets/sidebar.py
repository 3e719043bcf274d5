"""The list of stages: status, score, and a mark on a stage whose plugin broke."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from workshop.app.live import LiveSession
from workshop.app.texts import tr

GLYPH = {"todo": "○", "in_progress": "◐", "done": "●", "skipped": "⊘"}
GLYPH_STYLE = {"todo": "dim", "in_progress": "yellow", "done": "green", "skipped": "dim"}
# on a light theme yellow on grey cannot be read: darker shades (4.5:1 on white at least)
GLYPH_STYLE_LIGHT = {"todo": "dim", "in_progress": "#6b4e00", "done": "#1a6b00",
                     "skipped": "dim"}
SCORE_WIDTH = 4


def score_style(score: int, dark: bool = True) -> str:
    if dark:
        return "green" if score >= 70 else "yellow" if score >= 40 else "red"
    return "#1a6b00" if score >= 70 else "#6b4e00" if score >= 40 else "#b00000"


class StageList(OptionList):
    """Every stage in workshop order; Enter or a click opens it."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, compact=True)
        self._ids: list[str] = []
        self._live: LiveSession | None = None
        self._current: str | None = None
        self._width: int | None = None  # the titles are cut to fit this width

    def on_mount(self) -> None:
        self.watch(self.app, "theme", self._theme_changed, init=False)

    def _theme_changed(self) -> None:
        if self._live is not None:
            self._ids = []  # every line drawn again, in the theme's colours
            self.show(self._live, self._current)

    def on_resize(self) -> None:
        if self._live is not None and self.line_width() != self._width:
            self.show(self._live, self._current)

    def line_width(self) -> int:
        return max(12, self.scrollable_content_region.width - 1 if self.size.width else 22)

    def prompt_for(self, live: LiveSession, stage_id: str, width: int) -> Text:
        stage = live.stage(stage_id)
        title = stage.title(live.lang) if stage else stage_id
        status = live.status(stage_id)
        outcome = live.outcome(stage_id)
        broken = outcome is not None and outcome.broken
        dark = self.app.current_theme.dark if self.is_attached else True
        text = Text()
        if broken:
            text.append("⚠ ", style="bold red")
        else:
            glyph_style = GLYPH_STYLE if dark else GLYPH_STYLE_LIGHT
            text.append(f"{GLYPH.get(status, '?')} ", style=glyph_style.get(status, ""))
        room = max(4, width - 2 - SCORE_WIDTH)
        mark = f" {tr(live.lang, 'sidebar.plugin')}" if live.from_plugin(stage_id) else ""
        if mark and len(title) + len(mark) > room:
            mark = " ⁺"  # the help line says which plugin
        room -= len(mark)
        shown = title if len(title) <= room else title[: room - 1] + "…"
        text.append(shown, style="red" if broken else "")
        text.append(mark, style="dim italic")
        text.append(" " * (room - len(shown)))
        score = live.recommendation.stage_scores.get(stage_id) if live.recommendation else None
        if score is not None:
            text.append(f"{score:>{SCORE_WIDTH}}", style=score_style(score, dark))
        elif status == "skipped":
            text.append(f"{'–':>{SCORE_WIDTH}}", style="dim")
        else:
            text.append(" " * SCORE_WIDTH)
        return text

    def show(self, live: LiveSession, current: str | None) -> None:
        """Redraw every stage's line (cheap: a handful of options)."""
        width = self._width = self.line_width()
        self._live, self._current = live, current
        ids = [stage.id for stage in live.stages()]
        if ids != self._ids:
            self.clear_options()
            self.add_options(Option(self.prompt_for(live, stage_id, width), id=stage_id)
                             for stage_id in ids)
            self._ids = ids
        else:
            for stage_id in ids:
                self.replace_option_prompt(stage_id, self.prompt_for(live, stage_id, width))
        if current in ids:
            self.highlighted = ids.index(current)
        done = sum(1 for stage in live.stages()
                   if stage.scored and live.status(stage.id) in ("done", "skipped"))
        total = sum(1 for stage in live.stages() if stage.scored)
        self.border_title = tr(live.lang, "sidebar.title", done=done, total=total)
