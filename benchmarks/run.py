"""The performance bar (design.md, "Speed"): ``make bench`` prints the table and writes RESULTS.md.

Every figure is the median of several runs, with min and max beside it, and is set against a
floor measured in the same run, interleaved with it: on a shared machine the absolute times
drift, the ratios much less. ``--quick`` runs everything once on small sizes (for the tests: the
figures then mean nothing). ``--check`` exits 1 when a target is missed.
"""

from __future__ import annotations

import argparse
import compileall
import os
import shutil
import sys
import time
import tomllib
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import bench_generate as generate  # noqa: E402
from bench_harness import (  # noqa: E402
    Growth,
    ProcessFailed,
    ProcessTimer,
    Row,
    Sample,
    growth_table,
    interleave,
    machine,
    pair_ratios,
    print_flush,
    process_timer,
    table,
    time_call,
)

ROOT = HERE.parent
RESULTS = HERE / "RESULTS.md"
WORK = HERE / ".work"
APP_READY = HERE / "app_ready.py"

# The floor of `workshop report`: what any pydantic + pluggy + TOML tool pays to start.
REPORT_FLOOR = (
    "import pydantic, pluggy, tomllib\n"
    "class Answer(pydantic.BaseModel):\n"
    "    organisation: str\n"
    "    score: int\n"
    "Answer.model_validate({'organisation': 'Boulangerie Martin', 'score': 85})\n"
)

REPORT_TARGET = 1.5
APP_TARGET = 1.3
RECOMPUTE_CORE_TARGET = 0.005
RECOMPUTE_PLUGINS_TARGET = 0.050
AUTOSAVE_TARGET = 0.010
AUTOSAVE_BIG_TARGET = 0.100
PICKER_TARGET = 1.0


@dataclass
class Sizes:
    """How much to run: the full bar, or a quick check that the script works."""

    process_repeat: int
    inprocess_repeat: int
    warmup: int
    plugin_stages: int
    growth: tuple[int, ...]
    big_session: int
    picker_sessions: int
    picker_repeat: int


FULL = Sizes(process_repeat=15, inprocess_repeat=200, warmup=2, plugin_stages=100,
             growth=(10, 50, 100, 200), big_session=1024 * 1024, picker_sessions=500,
             picker_repeat=5)
QUICK = Sizes(process_repeat=1, inprocess_repeat=1, warmup=0, plugin_stages=5,
              growth=(2, 5), big_session=64 * 1024, picker_sessions=10, picker_repeat=1)


def workshop_command() -> list[str]:
    """``workshop`` as a user starts it: the installed script beside this Python."""
    script = Path(sys.executable).parent / "workshop"
    if script.exists():
        return [str(script)]
    return [sys.executable, "-m", "workshop.cli"]


def size_label(size: int) -> str:
    return "1 MB" if size >= 1024 * 1024 else f"{size // 1024} KiB"


def fill(row: Row, sample: Sample, floor_sample: Sample, timer: ProcessTimer | None = None,
         floor_timer: ProcessTimer | None = None) -> Row:
    """Put a measured figure and its floor in a row (and, for processes, the CPU-time ratio)."""
    row.measured, row.floor = sample, floor_sample
    row.ratios = pair_ratios(sample, floor_sample)
    if timer is not None and floor_timer is not None:
        count = len(sample.times)
        row.cpu_ratios = pair_ratios(timer.cpu_sample(count), floor_timer.cpu_sample(count))
    return row


def failed(row: Row, error: Exception) -> Row:
    row.unavailable = f"error: {error}"
    return row


# -- 1. workshop report, whole process ------------------------------------------------------


def compile_bytecode() -> None:
    """Compile the project's sources once, as an installed package has them.

    With ``PYTHONDONTWRITEBYTECODE`` set (some shells and CI images set it), an editable install
    never caches its bytecode and every run would recompile the whole project: a cost users of
    an installed workshop do not pay, and that the floor (site-packages, compiled) does not
    pay either. The cold figure is measured on its own row.
    """
    for folder in (ROOT / "src", ROOT / "plugins"):
        if folder.is_dir():
            compileall.compile_dir(folder, quiet=1, workers=1)


def installed_plugins() -> str:
    from importlib.metadata import entry_points

    names = sorted(entry.name for entry in entry_points(group="workshop"))
    return ", ".join(names) if names else "none"


def bench_report(session: Path, sizes: Sizes, work: Path) -> list[Row]:
    command = [*workshop_command(), "report", str(session), "--format", "json"]
    floor = process_timer([sys.executable, "-c", REPORT_FLOOR])
    off = process_timer(command, env={"WORKSHOP_ENTRY_POINTS": "0"})
    on = process_timer(command, env={"WORKSHOP_ENTRY_POINTS": "1"})
    # the project's sources without their bytecode, none written: compiled on every run
    cold_source = work / "no-bytecode"
    shutil.copytree(ROOT / "src" / "workshop", cold_source / "workshop",
                    ignore=shutil.ignore_patterns("__pycache__"))
    cold = process_timer(command, env={"WORKSHOP_ENTRY_POINTS": "0",
                                       "PYTHONPATH": str(cold_source),
                                       "PYTHONDONTWRITEBYTECODE": "1"})
    # the take-home memo in HTML (jinja2 template), as a client's file is made (issue 14)
    html_command = [*workshop_command(), "report", str(session), "--format", "html"]
    html_off = process_timer(html_command, env={"WORKSHOP_ENTRY_POINTS": "0"})
    html_on = process_timer(html_command, env={"WORKSHOP_ENTRY_POINTS": "1"})
    rows = [Row("`workshop report --format json`, entry points off", "ratio", REPORT_TARGET),
            Row("`workshop report --format json`, entry points on", "ratio", REPORT_TARGET),
            Row("`workshop report --format json`, no bytecode cache", "info", None),
            Row("`workshop report --format html`, entry points off", "ratio", REPORT_TARGET),
            Row("`workshop report --format html`, entry points on", "ratio", REPORT_TARGET)]
    try:
        floor_sample, off_sample, on_sample, cold_sample, html_off_sample, html_on_sample = (
            interleave([floor, off, on, cold, html_off, html_on], sizes.process_repeat,
                       warmup=max(1, sizes.warmup - 1)))
    except ProcessFailed as error:
        return [failed(row, error) for row in rows]
    for row, sample, timer in zip(
            rows, (off_sample, on_sample, cold_sample, html_off_sample, html_on_sample),
            (off, on, cold, html_off, html_on), strict=True):
        fill(row, sample, floor_sample, timer, floor)
    rows[3].note = ("the memo rendered through its jinja2 template, on the same session; no "
                    "what-if search unless the verdict is not_yet or no_go")
    rows[1].note = f"installed plugins with a `workshop` entry point: {installed_plugins()}"
    rows[0].note = ("floor: `python -c` importing pydantic, pluggy, tomllib, validating one model;"
                    " the project's bytecode compiled first, as an installed package has it")
    rows[2].note = ("for scale: what every run costs where PYTHONDONTWRITEBYTECODE is set and "
                    "the project's own modules were never compiled (an editable install): "
                    "they are compiled again on every run")
    return rows


# -- 2. the app's first screen, whole process ------------------------------------------------


def probe_app(arguments: list[str], env: dict[str, str], cwd: Path) -> str | None:
    """None when the app starts and shows a screen; else why not."""
    try:
        process_timer([sys.executable, str(APP_READY), "workshop", *arguments], env=env,
                      cwd=cwd)()
    except ProcessFailed as error:
        if error.code == 3:
            why = [line for line in error.stderr.splitlines() if line.strip()]
            return "not yet available" + (f" ({why[0].strip()})" if why else "")
        return f"error: {error}"
    return None


def bench_app(session: Path, picker_folder: Path, sizes: Sizes) -> list[Row]:
    env = {"WORKSHOP_ENTRY_POINTS": "0", "WORKSHOP_SESSIONS": str(session.parent)}
    first = Row("app: first screen ready on a session (`workshop FILE`)", "ratio", APP_TARGET,
                note="floor: bare Textual app, one Label from one validated pydantic model; "
                     "both headless through App.run_test(), whole process: ready when "
                     "run_test() hands over (every widget has handled what it was sent), then "
                     "a clean exit (app_ready.py --until settled). The report body is rendered "
                     "on a thread after the first frame and may or may not be drawn by then")
    drawn = Row("app: the same, stricter: to the first frame drawn (`--until first-frame`)",
                "info", None,
                note="both processes end the moment their first frame is drawn: no hand-over, "
                     "no exit (where the app's gc.freeze() saves it some of the floor's exit)")
    resumed = Row("app: the same on a session resumed at a stage's questions (objectives)",
                  "info", None,
                  note="for scale: the benchmark session is finished and opens on its verdict; "
                       "one resumed mid-workshop opens on a form of some forty widgets "
                       "(selects, a table of rows, radio buttons, a text area)")
    picker = Row(f"app: session picker ready, {sizes.picker_sessions} sessions in the folder "
                 "(`workshop`)", "time", PICKER_TARGET,
                 note="whole process, for scale; the bar is the picker function below")
    why = probe_app([str(session)], env, session.parent)
    if why:
        first.unavailable = picker.unavailable = drawn.unavailable = resumed.unavailable = why
        return [first, drawn, resumed, picker]
    bare = process_timer([sys.executable, str(APP_READY), "--until", "settled", "bare"], env=env)
    app = process_timer([sys.executable, str(APP_READY), "--until", "settled", "workshop",
                         str(session)], env=env, cwd=session.parent)
    bare_drawn = process_timer([sys.executable, str(APP_READY), "--until", "first-frame",
                                "bare"], env=env)
    app_drawn = process_timer([sys.executable, str(APP_READY), "--until", "first-frame",
                               "workshop", str(session)], env=env, cwd=session.parent)
    at_a_form = session.with_name("resumed.toml")
    at_a_form.write_text(resume_at(session.read_text("utf-8"), "objectives"), encoding="utf-8")
    app_resumed = process_timer([sys.executable, str(APP_READY), "--until", "settled",
                                 "workshop", str(at_a_form)], env=env, cwd=session.parent)
    picker_env = {**env, "WORKSHOP_SESSIONS": str(picker_folder)}
    picker_app = process_timer([sys.executable, str(APP_READY), "--until", "settled",
                                "workshop"], env=picker_env, cwd=picker_folder.parent)
    repeat = max(1, sizes.process_repeat * 2 // 3)

    def against(row: Row, floor: ProcessTimer, measured: ProcessTimer, runs: int) -> None:
        try:
            floor_sample, sample = interleave([floor, measured], runs,
                                              warmup=sizes.warmup and 1)
            fill(row, sample, floor_sample, measured, floor)
        except ProcessFailed as error:
            failed(row, error)

    against(first, bare, app, repeat)
    against(drawn, bare_drawn, app_drawn, repeat)
    against(resumed, bare, app_resumed, max(1, repeat // 2))
    against(picker, bare, picker_app, max(1, repeat // 2))
    return [first, drawn, resumed, picker]


def resume_at(text: str, stage: str) -> str:
    """A session's text, as the app leaves it when the facilitator was last on ``stage``."""
    lines = [line for line in text.splitlines() if not line.startswith("current_stage")]
    at = next(i for i, line in enumerate(lines) if line.strip() == "[session]")
    lines.insert(at + 1, f'current_stage = "{stage}"')
    return "\n".join(lines) + "\n"


# -- 3. recomputing the recommendation, in process --------------------------------------------


def flipper(session: Any) -> Callable[[], None]:
    """Change one answer, as the facilitator does (a yes/no flipped, else a number nudged)."""
    for record in session.stages.values():
        for key, value in record.answers.items():
            if isinstance(value, bool):
                def flip(answers: dict[str, Any] = record.answers, key: str = key) -> None:
                    answers[key] = not answers[key]
                return flip
    for record in session.stages.values():
        for key, value in record.answers.items():
            if isinstance(value, int):
                def nudge(answers: dict[str, Any] = record.answers, key: str = key,
                          state: dict[str, int] = {"step": 1}) -> None:  # noqa: B006
                    answers[key] += state["step"]
                    state["step"] = -state["step"]
                return nudge
    return lambda: None


@dataclass
class Recompute:
    sample: Sample
    floor: Sample
    core_stages: int
    evaluated: int
    problems: list[str]


def recompute(base_text: str, extra: int, repeat: int, warmup: int) -> Recompute:
    """As the app does after each answer (``LiveSession.recompute``): the session in memory,
    with the text it was read from, for line numbers in problems."""
    from workshop.engine.recommendation import recommend
    from workshop.plugins import load_plugins
    from workshop.session.io import parse_session

    host = load_plugins(entry_points=False, extra=generate.plugins(extra))
    text = base_text + generate.answers_toml(extra)
    session = parse_session(text)
    stages = host.stages()
    change = flipper(session)

    def measured() -> float:
        change()
        return time_call(lambda: recommend(session, host, path="client.toml", text=text))

    def validate_answers() -> None:
        for stage in stages:
            record = session.stages.get(stage.id)
            stage.questions.model_validate(record.answers if record else {})

    def floor() -> float:
        change()
        return time_call(validate_answers)

    floor_sample, sample = interleave([floor, measured], repeat, warmup=warmup)
    evaluation = recommend(session, host).evaluation
    evaluated = sum(1 for o in evaluation.outcomes.values() if o.evaluated) if evaluation else 0
    core = sum(1 for s in stages if not s.id.startswith("bench") and s.scored)
    return Recompute(sample, floor_sample, core, evaluated, host.problems)


def bench_recompute(base_text: str, sizes: Sizes) -> tuple[list[Row], Growth | None, str]:
    rows = [Row("recompute after one answer: core stages", "time", RECOMPUTE_CORE_TARGET),
            Row(f"recompute after one answer: core + {sizes.plugin_stages} plugin stages",
                "time", RECOMPUTE_PLUGINS_TARGET)]
    try:
        core = recompute(base_text, 0, sizes.inprocess_repeat, sizes.warmup * 5)
    except Exception as error:
        return [failed(row, error) for row in rows], None, ""
    rows[0].measured, rows[0].floor = core.sample, core.floor
    rows[0].ratios = pair_ratios(core.sample, core.floor)
    rows[0].note = (f"{core.core_stages} core stages loaded, {core.evaluated} evaluated; floor: "
                    "validating every stage's answers with its pydantic model")
    growth = Growth(core=core.sample, core_stages=core.core_stages)
    counts = sorted({*sizes.growth, sizes.plugin_stages})
    for extra in counts:
        repeat = min(sizes.inprocess_repeat, max(30, sizes.inprocess_repeat * 20 // extra))
        try:
            point = recompute(base_text, extra, repeat, sizes.warmup)
        except Exception as error:
            if extra == sizes.plugin_stages:
                failed(rows[1], error)
            continue
        growth.points.append((extra, point.sample))
        if extra == sizes.plugin_stages:
            rows[1].measured, rows[1].floor = point.sample, point.floor
            rows[1].ratios = pair_ratios(point.sample, point.floor)
            rows[1].note = f"{point.evaluated} stages evaluated"
    big = Row(f"recompute after one answer: core stages, {size_label(sizes.big_session)} "
              "session", "info", None)
    try:
        point = recompute(generate.big_session_text(base_text, sizes.big_session), 0,
                          max(1, sizes.inprocess_repeat // 10), sizes.warmup)
        big.measured, big.floor = point.sample, point.floor
        big.ratios = pair_ratios(point.sample, point.floor)
        big.note = ("for scale: the same, on a session file carrying a lot of notes and of "
                    "other plugins' data (the app passes the file's text along)")
    except Exception as error:
        failed(big, error)
    rows.append(big)
    rows.append(view_refresh(base_text, sizes))
    problems = "; ".join(core.problems)
    return rows, growth, problems


def view_refresh(base_text: str, sizes: Sizes) -> Row:
    """What the app's recommendation view redoes after an answer: the recommendation, then the
    report body it shows (the terminal report's renderables, with every section plugins add)."""
    row = Row("recompute + the report body the app shows (`report.text.renderables`)", "info",
              None)
    try:
        from workshop.engine.recommendation import recommend
        from workshop.plugins import load_plugins
        from workshop.report.text import renderables
        from workshop.session.io import parse_session
    except ImportError as error:
        row.unavailable = f"not available ({error})"
        return row
    host = load_plugins(entry_points=False)
    session = parse_session(base_text)
    change = flipper(session)

    def body() -> object:
        return renderables(recommend(session, host, path="client.toml", text=base_text), host)

    def measured() -> float:
        change()
        return time_call(body)

    def floor() -> float:
        change()
        return time_call(lambda: recommend(session, host, path="client.toml", text=base_text))

    try:
        floor_sample, sample = interleave([floor, measured],
                                          max(1, sizes.inprocess_repeat // 10), sizes.warmup)
    except Exception as error:
        return failed(row, error)
    fill(row, sample, floor_sample)
    row.note = ("for scale: the floor is the recompute alone; the rest is building the report's "
                "rich renderables, report sections (what-if search) included")
    return row


# -- 4. autosave ------------------------------------------------------------------------------


def autosave(path: Path, text: str, name: str, target: float, repeat: int,
             warmup: int) -> Row:
    from workshop.session.io import atomic_write
    from workshop.session.store import SessionStore

    row = Row(name, "time", target)
    path.write_text(text, encoding="utf-8")
    try:
        store = SessionStore.open(path)
    except Exception as error:
        return failed(row, error)
    change = flipper(store.session)
    floor_path = path.with_name(f"floor-{path.name}")

    def measured() -> float:
        change()
        return time_call(store.save)

    def floor() -> float:
        return time_call(lambda: atomic_write(floor_path, store.text))

    floor_sample, sample = interleave([floor, measured], repeat, warmup=warmup)
    row.measured, row.floor, row.ratios = sample, floor_sample, pair_ratios(sample, floor_sample)
    size = len(store.text.encode("utf-8"))
    row.note = (f"{size / 1024:.0f} KiB written; floor: the same bytes through atomic_write "
                "(fsync and rename alone)")
    return row


def keystroke_share(path: Path, text: str, name: str, repeat: int, warmup: int) -> Row:
    """What a keystroke itself pays for its autosave in the app (``LiveSession.save_soon``: a
    plain copy of the session handed to the writer thread), against the whole save."""
    from workshop.app.live import LiveSession
    from workshop.plugins import load_plugins
    from workshop.session.store import SessionStore

    row = Row(name, "info", None)
    path.write_text(text, encoding="utf-8")
    try:
        store = SessionStore.open(path)
        live = LiveSession(store, load_plugins(entry_points=False))
    except Exception as error:
        return failed(row, error)
    change = flipper(store.session)

    def typed() -> float:
        change()
        live.dirty = True
        seconds = time_call(live.save_soon)
        live.save()  # the writer's work waited for here, outside the timing
        return seconds

    def whole() -> float:
        change()
        return time_call(store.save)

    floor_sample, sample = interleave([whole, typed], repeat, warmup=warmup)
    live.close()
    store.close()
    row.measured, row.floor, row.ratios = sample, floor_sample, pair_ratios(sample, floor_sample)
    row.note = ("the keystroke's own share; floor: the whole save it hands to the writer "
                "thread (SessionStore.save)")
    return row


def bench_autosave(base_text: str, sizes: Sizes, work: Path) -> list[Row]:
    folder = work / "autosave"
    folder.mkdir(parents=True, exist_ok=True)
    big = generate.big_session_text(base_text, sizes.big_session)
    label = size_label(sizes.big_session)
    return [
        autosave(folder / "usual.toml", base_text, "autosave (SessionStore.save): usual session",
                 AUTOSAVE_TARGET, sizes.inprocess_repeat // 2 or 1, sizes.warmup),
        autosave(folder / "big.toml", big, f"autosave (SessionStore.save): {label} session",
                 AUTOSAVE_BIG_TARGET, sizes.inprocess_repeat // 10 or 1, sizes.warmup),
        keystroke_share(folder / "typed.toml", big, f"autosave on a keystroke in the app "
                        f"(LiveSession.save_soon): {label} session",
                        sizes.inprocess_repeat // 10 or 1, sizes.warmup),
    ]


# -- 5. the session picker ----------------------------------------------------------------------


def bench_picker(picker_folder: Path, paths: list[Path], sizes: Sizes) -> Row:
    """The picker's own listing (``workshop.app.sessions.summarise_all``): every file read and
    judged, as the picker's thread does it."""
    from workshop.app.sessions import summarise_all
    from workshop.plugins import load_plugins

    count = len(paths)
    row = Row(f"session picker: list {count} sessions in a folder", "time", PICKER_TARGET)
    host = load_plugins(entry_points=False)

    def work() -> object:
        return summarise_all(picker_folder, host)

    def floor() -> float:
        return time_call(lambda: [tomllib.loads(p.read_text("utf-8")) for p in paths])

    listed = work()
    floor_sample, sample = interleave([floor, lambda: time_call(work)], sizes.picker_repeat,
                                      warmup=sizes.warmup and 1)
    row.measured, row.floor, row.ratios = sample, floor_sample, pair_ratios(sample, floor_sample)
    shortfall = f" (it listed {len(listed)} of {count})" if len(listed) != count else ""
    row.note = (f"measured: the app's `workshop.app.sessions.summarise_all(folder)`{shortfall}; "
                f"floor: reading and parsing the {count} files with tomllib")
    return row


# -- the whole run ------------------------------------------------------------------------------


def busy(load: float) -> bool:
    return load > (os.cpu_count() or 1) / 2


def wait_for_quiet(limit: float) -> None:
    """On a shared machine, wait (a while at most) until others' work has calmed down."""
    deadline = time.monotonic() + limit
    while busy(os.getloadavg()[0]) and time.monotonic() < deadline:
        time.sleep(5)


def render(rows: list[Row], growth: Growth | None, info: dict[str, str], session_name: str,
           notes: list[str], quick: bool, warning: str | None = None) -> str:
    lines = ["# Benchmark results", ""]
    if quick:
        lines += ["**Quick mode** (`--quick`): one run each, small sizes. These figures only show "
                  "that the benchmarks run; run `make bench` for the real ones.", ""]
    lines += ["Written by `make bench` (`benchmarks/run.py`). Each figure is the median of "
              "several runs, min and max beside it, against a floor measured in the same run, "
              "interleaved with it.", ""]
    lines += ["Machine: " + ", ".join(f"{key} {value}" for key, value in info.items()), ""]
    if warning:
        lines += [warning, ""]
    lines += [f"Session: {session_name}.", ""]
    lines += table(rows)
    lines += [""]
    if growth is not None and growth.points:
        linear = growth.linear
        verdict = ("grows no faster than linearly" if linear
                   else "GROWS FASTER THAN LINEARLY" if linear is False else "not enough points")
        lines += ["## Recompute against the number of plugin stages", ""]
        lines += growth_table(growth)
        lines += ["", "Cost per plugin stage = (time with N - time with none) / N, from the "
                  "medians, then from the minimums (the least touched by others' load). From "
                  f"the minimums, it {verdict} (the largest N costs at most 1.5x per stage what "
                  "a smaller N does).", ""]
    lines += ["## What each figure measured", ""]
    lines += [f"- {row.name}: {row.note}" for row in rows if row.note]
    lines += [f"- {note}" for note in notes]
    lines += [""]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true",
                        help="one run each on small sizes: checks the benchmarks work")
    parser.add_argument("--repeat", type=int, help="runs per whole-process figure")
    parser.add_argument("-o", "--output", type=Path, default=RESULTS,
                        help="where to write the table (default benchmarks/RESULTS.md)")
    parser.add_argument("--work", type=Path, default=WORK,
                        help="scratch folder, removed afterwards (default benchmarks/.work)")
    parser.add_argument("--wait-quiet", type=float, metavar="SECONDS", default=0,
                        help="first wait up to SECONDS for the machine's load to drop")
    parser.add_argument("--check", action="store_true", help="exit 1 when a target is missed")
    args = parser.parse_args(argv)
    sizes = QUICK if args.quick else FULL
    if args.repeat:
        sizes = replace(sizes, process_repeat=max(1, args.repeat))

    if args.wait_quiet:
        wait_for_quiet(args.wait_quiet)
    info = machine()
    start_load = os.getloadavg()[0]
    print_flush("Machine: " + ", ".join(f"{k} {v}" for k, v in info.items()))
    work = args.work
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    try:
        source, session_name = generate.base_session_path()
        base_text = source.read_text(encoding="utf-8")
        session = work / "session" / "client.toml"  # a copy: the app may write to it
        session.parent.mkdir()
        session.write_text(base_text, encoding="utf-8")
        picker_folder = work / "picker" / "sessions"
        paths = generate.sessions_folder(picker_folder, base_text, sizes.picker_sessions)

        rows: list[Row] = []
        notes: list[str] = []
        compile_bytecode()
        print_flush("workshop report, whole process...")
        rows += bench_report(session, sizes, work)
        print_flush("the app's first screen, whole process...")
        rows += bench_app(session, picker_folder, sizes)
        print_flush("recompute after one answer...")
        recompute_rows, growth, problems = bench_recompute(base_text, sizes)
        rows += recompute_rows
        if problems:
            notes.append(f"plugin problems while measuring: {problems}")
        print_flush("autosave...")
        rows += bench_autosave(base_text, sizes, work)
        print_flush("session picker...")
        try:
            rows.append(bench_picker(picker_folder, paths, sizes))
        except Exception as error:
            rows.append(failed(Row("session picker", "time", PICKER_TARGET), error))
        print_flush("stage switch, key to drawn (issue 15)...")
        try:
            from stage_switch import bench_stage_switch

            rows += bench_stage_switch(session, max(1, sizes.process_repeat // 2))
        except Exception as error:
            rows.append(failed(Row("app: stage switch", "ratio", 3.0), error))
    finally:
        shutil.rmtree(work, ignore_errors=True)

    info["load average"] = (info.get("load average", "?") + " at start, "
                            + " ".join(f"{x:.2f}" for x in os.getloadavg()) + " at the end")
    warning = None
    if busy(start_load) or busy(os.getloadavg()[0]):
        warning = ("**The machine was busy** with other work during this run (load average above "
                   "half its cores): wall times are inflated and spread out; the CPU-time "
                   "ratios are the fairer comparison.")
    text = render(rows, growth, info, session_name, notes, args.quick, warning)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(text, encoding="utf-8")
    print_flush("")
    print_flush(text)
    print_flush(f"written to {args.output}")
    missed = [row for row in rows if row.result == "MISSES"]
    return 1 if args.check and missed else 0


if __name__ == "__main__":
    sys.exit(main())
