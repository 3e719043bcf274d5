"""The workshop itself: stages on the left, the current stage's questions, readiness on the right.

Every answer goes to the ``LiveSession`` at once (in memory); choices are saved at once, typing a
moment after the last keystroke, and anything pending is saved when the stage changes, when the
presentation view opens and on quit. The engine recomputes the recommendation after each change.
The time spent on each stage goes with every save, and is saved on its own on a stage change, a
pause, quitting, and once a minute while the clock runs with nothing else saved.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Any, TypeVar, get_args

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.css.query import NoMatches
from textual.screen import Screen
from textual.timer import Timer
from textual.widget import Widget
from textual.widgets import ContentSwitcher, OptionList

from workshop.app.live import (
    CONFLICT,
    DEBOUNCE_SECONDS,
    FAILED,
    OPENED,
    PENDING,
    READ_ONLY,
    SAVED,
    LiveSession,
)
from workshop.app.messages import CloseSession, ExportReport
from workshop.app.texts import holder_text, localise_bindings, status_label, tr
from workshop.app.timebox import StageClock, default_minutes
from workshop.app.widgets.help import HelpPanel
from workshop.app.widgets.keybar import KeyBar
from workshop.app.widgets.readiness import ReadinessPanel, too_early
from workshop.app.widgets.sidebar import StageList
from workshop.app.widgets.timer import TimerBar
from workshop.app.widgets.titlebar import TitleBar
from workshop.app.widgets.verdict import RecommendationView
from workshop.engine.recommendation import STAGE_ID as FINAL_STAGE_ID
from workshop.session.errors import SessionError
from workshop.session.models import Language, Override

if TYPE_CHECKING:
    from workshop.app.app import WorkshopApp
    from workshop.app.widgets.form import Answered, HelpWanted, NotesChanged, StageForm

# The forms' module (every kind of input Textual has) is imported with the first form shown.
FORM_MODULE = "workshop.app.widgets.form"


WidgetType = TypeVar("WidgetType", bound=Widget)

# How often a confirmation waiting for a slow write looks again.
WRITER_POLL_SECONDS = 0.05
# With no answer saved meanwhile, the time spent is saved this often (a kill -9 loses at most
# this much of it); never a write per second of the clock.
TIME_SAVE_SECONDS = 60.0


def as_form(view: Any) -> StageForm | None:
    """The view if it is a stage form; a form exists only once its module is imported."""
    module = sys.modules.get(FORM_MODULE)
    return view if module is not None and isinstance(view, module.StageForm) else None



class WorkshopScreen(Screen):
    """One open session."""

    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (100, "-wide")]

    # In the footer's order: what a facilitator does most comes first. Every function key has
    # an alt or ctrl twin: F9-F12 are often taken by the terminal or the laptop.
    BINDINGS = [
        Binding("f8,ctrl+down,alt+n", "next", "Next", id="workshop.next"),
        Binding("f7,ctrl+up,alt+b", "previous", "Previous", id="workshop.previous"),
        Binding("f3,alt+d", "done", "Done", id="workshop.done"),
        Binding("f2,alt+s", "status", "Status", id="workshop.status"),
        Binding("f4,alt+k", "skip", "Skip", id="workshop.skip"),
        Binding("f6,alt+v", "verdict", "Verdict", id="workshop.verdict"),
        Binding("f5,alt+p", "present", "Present", id="workshop.present"),
        Binding("f9,alt+o", "override", "Override", id="workshop.override"),
        Binding("f10,alt+e", "export", "Export", id="workshop.export"),
        Binding("ctrl+g,alt+g", "notes", "Notes", id="workshop.notes"),
        Binding("ctrl+z,alt+z", "undo", "Undo", id="workshop.undo"),
        Binding("ctrl+t,alt+t", "timebox", "Timebox", id="workshop.timebox"),
        Binding("f1,alt+h", "toggle_panel", "Panel", id="workshop.panel"),
        Binding("ctrl+s", "save", "Save", id="workshop.save"),
        Binding("ctrl+l,alt+l", "language", "Language", id="workshop.language"),
        Binding("f12,alt+w", "sessions", "Sessions", id="workshop.sessions"),
        Binding("f11,alt+r", "share", "Share", id="workshop.share"),
    ]
    # What the key bar keeps when the screen is narrow (80 columns), most wanted first; the
    # bar still shows them in the order above, the palette (ctrl+p) lists every key.
    KEY_BAR_PRIORITY = ("workshop.next", "workshop.previous", "workshop.done",
                        "workshop.notes", "workshop.override", "workshop.export",
                        "workshop.present", "workshop.verdict", "workshop.undo",
                        "workshop.status", "workshop.skip")
    # A read-only window looks at the file this often: it follows the other window's edits
    # and becomes the writer once that window quits.
    FOLLOW_SECONDS = 0.5
    # The next stage is built ahead after this long on a stage (see schedule_prefetch).
    PREFETCH_SECONDS = 0.5

    app: WorkshopApp

    def __init__(self, live: LiveSession, *, start: str | None = None) -> None:
        super().__init__(classes="workshop-screen")
        self.live = live
        self.start = start
        self.current: str | None = None
        self._debounce: Timer | None = None
        self._last_error: str | None = None
        self._notified_broken: set[str] = set()
        self._conflict_open = False
        self._following = False  # a look at the file (read-only window) is under way
        self._prefetch: Timer | None = None  # the next stage's build, waiting
        self.finished_here: set[str] = set()  # stages done or skipped in this run (the agenda)
        self.clock = StageClock(self.app_monotonic)
        self._time_noted_at = 0.0  # when the time spent last went to the file (monotonic)
        self._help = ("", "")  # the help panels' title and text
        # the panels redrawn on every change, kept at hand: a query walks every widget of every
        # stage built (a third of a switch between two stages already shown)
        self._timer = TimerBar("", id="timer")
        self._help_line = HelpPanel("", id="help-line")
        self._side: Vertical | None = None
        # words of the keys before the footer is drawn (each change redraws it)
        localise_bindings(self, live.lang)

    # -- layout ------------------------------------------------------------------------------

    def app_monotonic(self) -> float:
        return self.app.monotonic()

    def breakpoint_class(self, width: int) -> str:
        """The ``HORIZONTAL_BREAKPOINTS`` class for a width (Textual's rule: the last one that
        fits)."""
        chosen = self.HORIZONTAL_BREAKPOINTS[0][1]
        for least, name in self.HORIZONTAL_BREAKPOINTS:
            if width >= least:
                chosen = name
        return chosen

    def compose(self) -> ComposeResult:
        # Textual sets the breakpoint class after the first layout, which then runs twice:
        # set it now, from the app's size, so the first layout is the one shown.
        self.add_class(self.breakpoint_class(self.app.size.width))
        yield TitleBar()
        with Horizontal(id="main"):
            yield StageList(id="sidebar")
            with Vertical(id="center"):
                yield ContentSwitcher(id="body")
                yield self._help_line
            if self.side_wanted():
                yield self.side_panel()
        yield self._timer
        yield KeyBar()

    def side_wanted(self) -> bool:
        """The readiness and help panel shows on wide screens, or flipped in (f1) on narrow
        ones. It is made only once shown: on a projector's 80 columns the first frame has
        no use for it."""
        return self.has_class("-wide") != self.has_class("-flip")

    def side_panel(self) -> Vertical:
        self._side = Vertical(ReadinessPanel(id="readiness"), HelpPanel("", id="help"),
                              id="side")
        return self._side

    def side_widgets(self, kind: type[WidgetType]) -> list[WidgetType]:
        """The side panel's widgets of a kind, once it is made (see show_side)."""
        side = self._side
        return [] if side is None else [child for child in side.children
                                        if isinstance(child, kind)]

    @property
    def body(self) -> ContentSwitcher:
        return self.query_one("#body", ContentSwitcher)

    def view_of(self, stage_id: str) -> Widget | None:
        """A stage's view if it is built (a child of the switcher, found by its id)."""
        try:
            return self.body.get_child_by_id(f"stage-{stage_id}")
        except NoMatches:
            return None

    async def show_side(self) -> None:
        """Make the side panel when it is first wanted, with what it would have shown."""
        if not self.side_wanted() or self.query("#side"):
            return
        await self.query_one("#main").mount(self.side_panel())
        for panel in self.side_widgets(ReadinessPanel):
            panel.show(self.live)
        self.query_one("#help", HelpPanel).show(*self._help)

    async def on_mount(self) -> None:
        self.load_clock()
        self.live.timekeeper = self.time_for_file
        self.sub_title = self.save_text()
        self.title = self.live.session.session.organisation
        stages = self.live.stages()
        first = self.start or self.first_open_stage()
        if stages:
            await self.show_stage(first, record=False)  # which draws every view
        else:
            self.refresh_views()
        if self.live.read_only:
            self.notify(self.read_only_notice(), severity="warning", timeout=8)
            self.set_interval(self.FOLLOW_SECONDS, self.follow)
        self.app.notify_plugin_problems(self.live.lang)
        if self.app.live_timer:
            self.set_interval(1, self.tick)

    def load_clock(self) -> None:
        """The time spent from the file (opened, reloaded, taken over): a read-only window
        shows it and adds none of its own."""
        self.clock.load(self.live.time_spent(), counting=not self.live.read_only)
        self._time_noted_at = self.app.monotonic()

    def time_for_file(self) -> dict[str, float]:
        """The clock's time spent, for the save being made (``LiveSession.timekeeper``)."""
        self._time_noted_at = self.app.monotonic()
        return self.clock.all_spent()

    def save_time(self) -> None:
        """Save the time spent now (a pause), off the UI thread like typing."""
        if self.live.note_time():
            self.schedule_commit()

    def localise(self) -> None:
        localise_bindings(self, self.live.lang)
        localise_bindings(self.app, self.live.lang)
        self.sub_title = self.save_text()

    def first_open_stage(self) -> str:
        """Resume where the workshop stopped: the stage last on screen, else the first stage not
        done or skipped."""
        stages = self.live.stages()
        recorded = self.live.current_stage()
        if recorded in {stage.id for stage in stages}:
            return recorded
        for stage in stages:
            if self.live.status(stage.id) not in ("done", "skipped"):
                return stage.id
        return stages[-1].id

    # -- stages ------------------------------------------------------------------------------

    def stage_ids(self) -> list[str]:
        return [stage.id for stage in self.live.stages()]

    def choices_for(self, registry: str, lang: str) -> list[tuple[str, Any]]:
        """Choices a question takes from a registry (``networks``: the catalogue)."""
        if registry == "networks":
            evaluation = self.live.recommendation.evaluation if self.live.recommendation \
                else None
            catalogue = evaluation.catalogue if evaluation else self.live.host.catalogue()
            return [(network.label(lang), network_id)
                    for network_id, network in catalogue.items()]
        return []

    def build_view(self, stage_id: str) -> Any:
        if stage_id == FINAL_STAGE_ID:
            return RecommendationView(id=f"stage-{stage_id}", classes="recommendation-view")
        from workshop.app.widgets.form import StageForm

        stage = self.live.stage(stage_id)
        record = self.live.record(stage_id)
        form = StageForm(stage, self.live.lang, record.answers, record.notes,
                         choices_for=self.choices_for, id=f"stage-{stage_id}")
        form.disabled = self.live.read_only
        return form

    async def show_stage(self, stage_id: str, *, focus: bool = True,
                         record: bool = True) -> None:
        """Open a stage; what was pending is saved first (a screen change).

        ``record`` notes the stage in the file for the projector's client view (not on opening:
        looking at a session changes nothing in it).
        """
        if stage_id not in self.stage_ids():
            return
        self.flush(time=False)
        # the time spent on the stage left, and the new stage for the client view: on disk at
        # once by the writer thread, confirmed a moment later: the switch does not wait for the
        # disk (a synchronous save here was a third of a switch)
        timed = self.live.note_time()
        if (record and not self.live.read_only and self.live.set_current_stage(stage_id)) \
                or timed:
            self.schedule_commit()
        self.clock.switch(stage_id)
        self.current = stage_id
        switcher = self.body
        view = self.view_of(stage_id)
        if view is None:
            view = self.build_view(stage_id)
            await switcher.mount(view)
        switcher.current = f"stage-{stage_id}"
        stage = self.live.stage(stage_id)
        self.show_help(stage.title(self.live.lang) if stage else stage_id,
                       stage.text(self.live.lang, "intro") if stage else "")
        self.refresh_views()
        if focus:
            form = as_form(view)
            if form is not None:
                form.focus_first()
            else:
                view.focus()
            view.scroll_home(animate=False)
        self.schedule_prefetch()

    # -- the next stage, built ahead ---------------------------------------------------------

    def schedule_prefetch(self) -> None:
        """Build the next stage's form, hidden, once the facilitator has been on this one a
        moment: most switches go to the next stage, which then shows as fast as one already
        seen (a first visit costs Textual some 3 ms a widget: 5x a bare screen switch)."""
        if self._prefetch is not None:
            self._prefetch.stop()
        self._prefetch = self.set_timer(self.PREFETCH_SECONDS, self.prefetch)

    async def prefetch(self) -> None:
        self._prefetch = None
        if self._debounce is not None or self.live.pending_since is not None:
            self.schedule_prefetch()  # typing: never make a keystroke wait for a build
            return
        ids = self.stage_ids()
        if self.current not in ids:
            return
        following = ids[ids.index(self.current) + 1:][:1]
        switcher = self.body
        for stage_id in following:
            # the recommendation is not built ahead: its report and what-if are costly
            if stage_id == FINAL_STAGE_ID or self.view_of(stage_id) is not None:
                continue
            view = self.build_view(stage_id)
            view.display = False  # shown by the switcher when its stage is opened
            await switcher.mount(view)

    def current_form(self) -> StageForm | None:
        if self.current is None:
            return None
        return as_form(self.view_of(self.current))

    def show_help(self, title: str, text: str) -> None:
        self._help = (title, text)
        for panel in [self._help_line, *self.side_widgets(HelpPanel)]:
            panel.show(title, text)

    # -- changes from the forms --------------------------------------------------------------

    def on_answered(self, message: Answered) -> None:
        message.stop()
        if self.live.read_only:
            return
        if not self.live.set_answer(message.stage_id, message.name, message.value,
                                    typing=message.debounce):
            return
        if message.debounce:
            self.schedule_commit()  # on disk now, off the UI thread; confirmed a moment later
        else:
            self.commit()

    def on_notes_changed(self, message: NotesChanged) -> None:
        message.stop()
        if self.live.read_only:
            return
        self.live.set_notes(message.stage_id, message.text)
        self.schedule_commit()

    def on_help_wanted(self, message: HelpWanted) -> None:
        message.stop()
        self.show_help(message.title, message.help_text)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        if event.option_list.id == "sidebar" and event.option.id:
            event.stop()
            self.run_worker(self.show_stage(event.option.id), exclusive=True,
                            group="show-stage")

    def schedule_commit(self) -> None:
        """Confirm the save a moment after the last keystroke, so typing never waits for the
        disk (the rule is ``LiveSession.typed``'s; the timer is the screen's)."""
        self._stop_debounce()
        if self.live.typed(self.app.monotonic()):
            self.commit()
            return
        self._debounce = self.set_timer(DEBOUNCE_SECONDS, self._debounced)
        self.sub_title = self.save_text()

    def _stop_debounce(self) -> None:
        if self._debounce is not None:
            self._debounce.stop()
            self._debounce = None

    def _debounced(self) -> None:
        self._debounce = None
        if self.live.writing:  # a slow disk: confirm once the writer is done, never wait for it
            self._debounce = self.set_timer(WRITER_POLL_SECONDS, self._debounced)
            return
        self.commit()

    def flush(self, *, time: bool = True) -> None:
        """Save now whatever is pending (presentation, quit...), the time spent included
        (``time``; a stage change hands that to the writer thread itself)."""
        if time:
            self.live.note_time()
        self._stop_debounce()
        if self.live.dirty:
            self.commit()

    def commit(self) -> None:
        self.save_now()
        self.refresh_views()

    def save_now(self) -> bool:
        """Save; on failure say so once and keep every answer in memory."""
        error = self.live.confirm()
        if self.live.conflict is not None:
            self.ask_about_conflict()
        elif error and error != self._last_error:
            if error == READ_ONLY:
                self.notify(self.read_only_notice(), severity="warning")
            else:
                self.notify(tr(self.live.lang, "save.failed_notice", error=error),
                            title=tr(self.live.lang, "save.failed_title"), severity="error",
                            timeout=10)
        self._last_error = error
        self.sub_title = self.save_text()
        return error is None

    def read_only_notice(self) -> str:
        if getattr(self.live.store, "read_only_reason", None) == "folder":  # no other window
            return tr(self.live.lang, "save.read_only_folder")
        notice = tr(self.live.lang, "save.read_only_notice")
        if self.live.holder:
            notice += "\n" + tr(self.live.lang, "save.still_read_only",
                                 holder=holder_text(self.live.lang, self.live.holder))
        return notice

    def ask_about_conflict(self) -> None:
        """Someone else changed the file: the facilitator chooses, nothing is lost meanwhile."""
        from workshop.app.screens.dialogs import KEEP_OURS, TAKE_THEIRS, ConflictDialog

        conflict = self.live.conflict
        if conflict is None or self._conflict_open:
            return
        self._conflict_open = True

        async def chosen(choice: str | None) -> None:
            self._conflict_open = False
            if choice == KEEP_OURS:
                error = self.live.save(force=True)
                if error:
                    self.notify(tr(self.live.lang, "save.failed_notice", error=error),
                                severity="error", timeout=10)
            elif choice == TAKE_THEIRS:
                try:
                    self.live.take_theirs()
                except SessionError as problem:
                    self.notify("\n".join(str(p) for p in problem.problems), severity="error",
                                timeout=10)
                else:
                    self.load_clock()  # their time spent too
                    await self.rebuild()
            self.sub_title = self.save_text()
            self.refresh_views()

        self.app.push_screen(ConflictDialog(self.live.lang, str(self.live.path),
                                            conflict.deleted), chosen)

    async def rebuild(self) -> None:
        """Draw every stage again (the session was reloaded, or its language changed)."""
        await self.body.remove_children()
        self.localise()
        if self.current:
            await self.show_stage(self.current, record=False)

    def save_text(self) -> str:
        lang = self.live.lang
        state = self.live.save_state
        if state == READ_ONLY:
            return tr(lang, "save.read_only")
        if state in (FAILED, CONFLICT):
            return tr(lang, "save.failed")
        if state == PENDING or self._debounce is not None:
            return tr(lang, "save.pending")
        if state == SAVED and self.live.saved_at is not None:
            return tr(lang, "save.saved", time=self.live.saved_at.strftime("%H:%M"))
        return tr(lang, "save.opened", file=self.live.path.name)

    # -- recompute and redraw ----------------------------------------------------------------

    def refresh_views(self) -> None:
        self.live.recompute()
        lang = self.live.lang
        self.query_one(StageList).show(self.live, self.current)
        for panel in self.side_widgets(ReadinessPanel):
            panel.show(self.live)
        for view in self.body.children:
            if isinstance(view, RecommendationView):
                if view.id == f"stage-{self.current}":  # the report body is costly: only seen
                    view.show(self.live)
            elif (form := as_form(view)) is not None:
                form.show_banner(self.banner_for(form.stage.id))
        self.sub_title = self.save_text()
        self.tick()
        recommendation = self.live.recommendation
        if recommendation is not None:
            for stage_id, error in recommendation.broken_stages.items():
                if stage_id not in self._notified_broken:
                    self._notified_broken.add(stage_id)
                    stage = self.live.stage(stage_id)
                    self.notify(tr(lang, "readiness.broken",
                                   stage=stage.title(lang) if stage else stage_id, error=error),
                                severity="warning", timeout=8)

    def banner_for(self, stage_id: str) -> str | None:
        lang = self.live.lang
        status = status_label(lang, self.live.status(stage_id))
        lines = [tr(lang, "form.status_line", status=status)]
        plugin = self.live.from_plugin(stage_id)
        if plugin:  # the README counts six stages: say where another one comes from
            stage = self.live.stage(stage_id)
            lines.append(tr(lang, "sidebar.plugin_help", plugin=plugin,
                            stage=stage.title(lang) if stage else stage_id))
        outcome = self.live.outcome(stage_id)
        if outcome is not None and outcome.error:
            lines.append(tr(lang, "form.plugin_broken", error=outcome.error))
        if outcome is not None and outcome.problems:
            lines.append(tr(lang, "form.answers_invalid"))
            lines += [f"  {problem}" for problem in outcome.problems[:5]]
        if self.live.read_only:
            lines.append(self.read_only_notice())
        return "\n".join(lines)

    def planned_minutes(self) -> dict[str, int]:
        defaults = default_minutes(self.live.stages())
        return {stage_id: self.live.record(stage_id).minutes or minutes
                for stage_id, minutes in defaults.items()}

    def tick(self) -> None:
        """Draw the timer bar (every second); save the time spent once a minute."""
        if self.current is None or not self._timer.is_attached:
            return
        if (self.clock.counting and not self.clock.paused and self._debounce is None
                and self.app.monotonic() - self._time_noted_at >= TIME_SAVE_SECONDS):
            self.save_time()
        planned = self.planned_minutes()
        statuses = {stage.id: self.live.status(stage.id) for stage in self.live.stages()}
        stage = self.live.stage(self.current)
        recommendation = self.live.recommendation
        narrow = self.has_class("-narrow") and not self.has_class("-flip")
        self._timer.show(
            self.live.lang,
            stage.title(self.live.lang) if stage else self.current,
            self.clock.spent_on(self.current),
            planned.get(self.current),
            self.clock.elapsed(),
            self.clock.drift(statuses, planned, self.finished_here),
            verdict=recommendation.verdict if recommendation and narrow else None,
            score=recommendation.score if recommendation and narrow else None,
            provisional=bool(recommendation and recommendation.provisional),
            early=narrow and too_early(recommendation), paused=self.clock.paused,
        )

    # -- actions -----------------------------------------------------------------------------

    def on_resize(self) -> None:
        self.call_after_refresh(self.tick)
        self.call_after_refresh(self.show_side)  # after Textual sets the breakpoint class

    async def action_toggle_panel(self) -> None:
        self.toggle_class("-flip")
        await self.show_side()
        self.tick()

    def _refuse_read_only(self) -> bool:
        if self.live.read_only:
            self.notify(self.read_only_notice(), severity="warning")
            return True
        return False

    def set_status(self, status: str) -> None:
        if self.current is None or self._refuse_read_only():
            return
        self.live.set_status(self.current, status)
        if status in ("done", "skipped"):
            self.finished_here.add(self.current)
        self.commit()
        stage = self.live.stage(self.current)
        self.notify(tr(self.live.lang, "status.changed",
                       stage=stage.title(self.live.lang) if stage else self.current,
                       status=status_label(self.live.lang, status)), timeout=3)

    def action_status(self) -> None:
        from workshop.app.screens.dialogs import StatusDialog

        if self.current is None:
            return
        stage = self.live.stage(self.current)
        title = stage.title(self.live.lang) if stage else self.current

        def chosen(status: str | None) -> None:
            if status:
                self.set_status(status)

        self.app.push_screen(StatusDialog(self.live.lang, title, self.live.status(self.current)),
                             chosen)

    def action_done(self) -> None:
        if self.current is not None:
            done = self.live.status(self.current) == "done"
            self.set_status("in_progress" if done else "done")

    def action_skip(self) -> None:
        if self.current is not None:
            skipped = self.live.status(self.current) == "skipped"
            answered = bool(self.live.answers(self.current))
            self.set_status(("in_progress" if answered else "todo") if skipped else "skipped")

    async def action_next(self) -> None:
        await self._step(1)

    async def action_previous(self) -> None:
        await self._step(-1)

    async def _step(self, step: int) -> None:
        ids = self.stage_ids()
        if not ids:
            return
        index = ids.index(self.current) if self.current in ids else 0
        await self.show_stage(ids[max(0, min(len(ids) - 1, index + step))])

    async def action_verdict(self) -> None:
        await self.show_stage(FINAL_STAGE_ID)

    def action_present(self) -> None:
        from workshop.app.screens.presentation import PresentationScreen

        self.flush()  # which redraws what changed
        self.app.push_screen(PresentationScreen(self.live))

    def action_share(self) -> None:
        """The client view's link for a browser (issue 19): the file as saved is what it shows."""
        from workshop.app.screens.share import ShareDialog

        self.flush()
        self.app.push_screen(ShareDialog(self.live.lang, self.live.path))

    async def action_override(self) -> None:
        from workshop.app.screens.dialogs import REMOVE, OverrideDialog

        if self._refuse_read_only():
            return
        await self.show_stage(FINAL_STAGE_ID, focus=False)
        recommendation = self.live.recommendation
        if recommendation is None:
            return
        current = self.live.record(FINAL_STAGE_ID).override

        def chosen(result: Override | str | None) -> None:
            if result is None:
                return
            self.live.set_override(None if result == REMOVE else result)  # type: ignore[arg-type]
            self.commit()

        self.app.push_screen(OverrideDialog(self.live.lang, recommendation.computed_verdict,
                                            current), chosen)

    def action_export(self) -> None:
        """Ask whether the facilitator's notes go into the report (when there are any)."""
        from workshop.app.screens.dialogs import QuestionDialog

        self.flush()  # which redraws what changed
        if self.live.recommendation is None or not any(
                self.live.record(stage.id).notes.strip() for stage in self.live.stages()):
            self.post_message(ExportReport(self.live, with_notes=False))
            return
        lang = self.live.lang

        def chosen(answer: str | None) -> None:
            if answer is not None:
                self.post_message(ExportReport(self.live, with_notes=answer == "with"))

        self.app.push_screen(QuestionDialog(
            lang, tr(lang, "export.notes_title"), tr(lang, "export.notes_question"),
            [("without", tr(lang, "export.without_notes")),
             ("with", tr(lang, "export.with_notes"))]), chosen)

    def action_notes(self) -> None:
        """The stage's notes box; on the recommendation (no form) a box of its own: typing
        there is saved like anywhere else."""
        from workshop.app.screens.dialogs import NotesDialog

        form = self.current_form()
        if form is not None:
            form.focus_notes()
            return
        if self.current is None:
            return
        stage_id = self.current
        stage = self.live.stage(stage_id)
        title = stage.title(self.live.lang) if stage else stage_id

        def typed(text: str) -> None:
            if self.live.read_only:
                return
            self.live.set_notes(stage_id, text)
            self.schedule_commit()

        self.app.push_screen(NotesDialog(self.live.lang, title, self.live.record(stage_id).notes,
                                         typed, read_only=self.live.read_only),
                             lambda _: self.flush())

    async def action_undo(self) -> None:
        """Take back the last answer changed in this run (a table row removed included)."""
        if self._refuse_read_only():
            return
        stage_id = self.live.undo()
        if stage_id is None:
            self.notify(tr(self.live.lang, "undo.nothing"), timeout=3)
            return
        self.commit()
        await self.redraw_stage(stage_id)
        stage = self.live.stage(stage_id)
        self.notify(tr(self.live.lang, "undo.done",
                       stage=stage.title(self.live.lang) if stage else stage_id), timeout=3)

    async def redraw_stage(self, stage_id: str) -> None:
        """Draw one stage again from the session (after an undo) and show it."""
        view = self.view_of(stage_id)
        if view is not None:
            await view.remove()
        await self.show_stage(stage_id)

    async def follow(self) -> None:
        """Read-only: take over once the other window let go; else follow its saves."""
        # (the timer is never stopped from here: that would cancel this very call mid-way)
        if not self.live.read_only or self._following or self.live.store.closed:
            return
        self._following = True
        try:
            # only a window locked out by another one takes over (not one opened read-only)
            if self.live.holder is not None and self.live.take_over():
                self.notify(tr(self.live.lang, "save.taken_over"), timeout=6)
                self.load_clock()  # the time the other window saved; ours counts from now
                await self.rebuild()
                self.refresh_views()
            elif self.live.follow_disk():
                self.load_clock()
                await self.rebuild()
                self.refresh_views()
        finally:
            self._following = False

    def action_timebox(self) -> None:
        from workshop.app.screens.dialogs import TimeboxDialog

        if self.current is None or self._refuse_read_only():
            return
        stage_id = self.current
        stage = self.live.stage(stage_id)
        default = default_minutes(self.live.stages()).get(stage_id, 10)

        def chosen(minutes: int | None) -> None:
            if minutes is None:
                return
            self.live.set_minutes(stage_id, None if minutes < 0 else minutes)
            self.commit()

        self.app.push_screen(TimeboxDialog(self.live.lang,
                                           stage.title(self.live.lang) if stage else stage_id,
                                           self.live.record(stage_id).minutes, default), chosen)

    async def action_language(self) -> None:
        if self._refuse_read_only():
            return
        self.flush()
        languages = get_args(Language)  # the next language the session file knows
        self.live.set_language(languages[(languages.index(self.live.lang) + 1)
                                         % len(languages)])
        self.commit()
        await self.rebuild()

    async def action_save(self) -> None:
        if self.live.read_only:
            # the other window may have closed: try to become the writer
            if self.live.take_over():
                self.notify(tr(self.live.lang, "save.taken_over"))
                self.load_clock()
                await self.rebuild()
                self.refresh_views()
            else:
                self.notify(self.read_only_notice(), severity="warning")
            return
        if self.live.conflict is not None:
            self.ask_about_conflict()
            return
        self.flush(time=False)
        if self.live.save_state in (SAVED, OPENED):
            self.notify(self.save_text(), timeout=2)

    def action_sessions(self) -> None:
        self.flush()
        if self.live.dirty and not self.live.read_only:
            self.notify(tr(self.live.lang, "save.not_leaving"), severity="error")
            return
        self.post_message(CloseSession(self))

    def on_unmount(self) -> None:
        self._stop_debounce()
        self.live.save()
