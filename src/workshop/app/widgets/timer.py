"""The timebox bar: the current stage's clock (amber at 80 %, red at 100 %, then "+3:10" past
its timebox), whether it is paused, the drift, and (narrow screens) the verdict.

On 80 columns not everything fits: the parts are dropped from the least useful (the whole
workshop's clock, then the drift), never the verdict's "provisional" nor "too early to tell".
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual.widgets import Static

from workshop.app.texts import tr, verdict_name
from workshop.app.timebox import clock_text, level, overrun
from workshop.app.widgets.readiness import verdict_style

if TYPE_CHECKING:
    from textual.app import App

SEPARATOR = "  ·  "


class TimerBar(Static):
    """One line: stage clock, whole-workshop drift, and (narrow screens) the verdict."""

    def show(self, lang: str, stage_title: str, spent: float, planned: int | None,
             elapsed: float, drift: float, verdict: str | None = None,
             score: int | None = None, *, provisional: bool = False, early: bool = False,
             paused: bool = False) -> None:
        """``early``: too little discussed to decide: "too early to tell" stands instead of
        the verdict and the score."""
        state = level(spent, planned)
        for name in ("ok", "amber", "red"):
            self.set_class(state == name, f"-{name}")
        self.set_class(paused, "-paused")
        clock = Text(stage_title + " ", style="bold")
        over = overrun(spent, planned)
        if over > 0 and planned:
            clock.append(clock_text(planned * 60))
            clock.append(" " + tr(lang, "timer.over", time=clock_text(over)), style="bold")
        else:
            clock.append(clock_text(spent))
            if planned:
                clock.append(" / " + clock_text(planned * 60))
        if paused:
            clock.append("  " + tr(lang, "timer.paused"), style="bold reverse")
        workshop = Text(tr(lang, "timer.workshop", elapsed=clock_text(elapsed)))
        minutes = int(round(drift / 60))
        if minutes > 0:
            pace = Text(tr(lang, "timer.behind", minutes=minutes), style="bold")
        elif minutes < 0:
            pace = Text(tr(lang, "timer.ahead", minutes=-minutes))
        else:
            pace = Text(tr(lang, "timer.on_time"))
        outcome: Text | None = None
        if early:
            outcome = Text(tr(lang, "readiness.too_early"), style="bold")
        elif verdict is not None:
            dark = self.app.current_theme.dark if self.is_attached else True
            outcome = Text(verdict_name(lang, verdict), style=verdict_style(verdict, dark))
            if provisional:
                outcome.append(" " + tr(lang, "readiness.provisional"), style="italic")
            if score is not None:
                outcome.append(f"  {score}/100")
        self.update(self.fitted(clock, workshop, pace, outcome))

    def fitted(self, clock: Text, workshop: Text, pace: Text, outcome: Text | None) -> Text:
        """The parts that fit the bar's width, the least useful dropped first."""
        room = (self.size.width - self.styles.gutter.width) if self.size.width else 10_000
        for middle in ([workshop, pace], [pace], []):
            parts = [clock, *middle] + ([outcome] if outcome is not None else [])
            line = Text(SEPARATOR).join(parts)
            if line.cell_len <= room:
                return line
        return line


def toggle_pause(app: App[Any]) -> bool | None:
    """Pause or run on the open session's timer (the app's pause key); None without one."""
    from workshop.app.screens.findings import wall_screen

    screen = wall_screen(app)
    if screen is None:
        return None
    paused: bool = screen.clock.toggle_pause()
    screen.save_time()  # a break may be the end of the day: the time so far is kept
    screen.tick()
    lang = screen.live.lang
    key = next((app.get_key_display(active.binding)
                for active in app.screen.active_bindings.values()
                if active.binding.id == "app.pause_timer"), "")
    app.notify(tr(lang, "timer.paused_notice", shortcut=key) if paused
               else tr(lang, "timer.resumed_notice"), timeout=3)
    return paused
