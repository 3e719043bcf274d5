"""The timebox bar: the current stage's clock (amber at 80 %, red at 100 %) and the drift."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from workshop.app.texts import VERDICT_STYLE, tr, verdict_name
from workshop.app.timebox import clock_text, level


class TimerBar(Static):
    """One line: stage clock, whole-workshop drift, and (narrow screens) the verdict."""

    def show(self, lang: str, stage_title: str, spent: float, planned: int | None,
             elapsed: float, drift: float, verdict: str | None = None,
             score: int | None = None) -> None:
        state = level(spent, planned)
        for name in ("ok", "amber", "red"):
            self.set_class(state == name, f"-{name}")
        text = Text(stage_title + " ", style="bold")
        text.append(clock_text(spent))
        if planned:
            text.append(f" / {planned}:00")
        text.append("  ·  " + tr(lang, "timer.workshop", elapsed=clock_text(elapsed)))
        minutes = int(round(drift / 60))
        if minutes > 0:
            text.append("  " + tr(lang, "timer.behind", minutes=minutes), style="bold")
        elif minutes < 0:
            text.append("  " + tr(lang, "timer.ahead", minutes=-minutes))
        else:
            text.append("  " + tr(lang, "timer.on_time"))
        if verdict is not None:
            text.append("  ·  ")
            text.append(verdict_name(lang, verdict), style=VERDICT_STYLE.get(verdict, ""))
            if score is not None:
                text.append(f"  {score}/100")
        self.update(text)
