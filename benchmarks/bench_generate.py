"""What the benchmarks run on: plugin stages made on the fly, big sessions, a sessions folder.

Generated stages are real plugins: each is a ``Stage`` subclass with its own pydantic questions
model and texts in French and English, registered by its own plugin object through the
``register_stages`` hook, as a third party's would be.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, Field, create_model

from workshop import Stage, StageContext, StageResult, hookimpl

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
BASE_SESSION = HERE / "data" / "session.toml"


def base_session_path() -> tuple[Path, str]:
    """The demo session if the project ships one, else the realistic session kept here."""
    demos = sorted((ROOT / "sessions").glob("demo*.toml"))
    if demos:
        return demos[0], f"sessions/{demos[0].name}"
    return BASE_SESSION, "benchmarks/data/session.toml (generated realistic session)"


def _texts(number: int) -> dict[str, Any]:
    code = f"bench{number:03d}"
    findings = {
        f"{code}.weak": {"message": "Niveau {level} sur 3 : trop faible.",
                         "advice": "Travaillez ce point avant de vous lancer."},
        f"{code}.unready": {"message": "Pas prêt pour « {choice} ».",
                            "advice": "Préparez-vous d'abord."},
        f"{code}.good": {"message": "Point fort.", "advice": "Gardez le cap."},
    }
    english = {
        f"{code}.weak": {"message": "Level {level} of 3: too weak.",
                         "advice": "Work on it before you start."},
        f"{code}.unready": {"message": "Not ready for '{choice}'.",
                            "advice": "Get ready first."},
        f"{code}.good": {"message": "A strength.", "advice": "Keep it up."},
    }
    return {
        "fr": {"title": f"Étape {number}", "intro": "Une étape d'un plugin.",
               "findings": findings},
        "en": {"title": f"Stage {number}", "intro": "A plugin's stage.", "findings": english},
        "sources": {key: {"source": "benchmark"} for key in english},
    }


def make_stage(number: int) -> Stage:
    """One plugin stage with six questions and three rules."""
    stage_id = f"bench{number:03d}"
    questions: type[BaseModel] = create_model(
        f"Bench{number:03d}Questions",
        level=(int | None, Field(default=None, ge=0, le=3, title="Level",
                                 description="How far along, 0 to 3.")),
        ready=(bool | None, Field(default=None, title="Ready")),
        choice=(Literal["listen", "publish", "respond"] | None,
                Field(default=None, title="Choice")),
        channels=(list[str], Field(default_factory=list, title="Channels")),
        owner=(str | None, Field(default=None, title="Owner")),
        hours=(float | None, Field(default=None, ge=0, title="Hours per week")),
    )

    def evaluate(self: Stage, answers: Any, context: StageContext) -> StageResult:
        findings = []
        if answers.level is not None and answers.level <= 1:
            findings.append(self.finding(f"{stage_id}.weak", "concern", level=answers.level))
        if answers.ready is False:
            findings.append(self.finding(f"{stage_id}.unready", "blocker", kind="fixable",
                                         choice=answers.choice or "?"))
        if answers.level == 3 and answers.ready:
            findings.append(self.finding(f"{stage_id}.good", "strength"))
        return StageResult(findings=findings, figures={f"{stage_id}_hours": answers.hours or 0})

    stage_class = type(
        f"Bench{number:03d}Stage",
        (Stage,),
        {"id": stage_id, "order": 600 + number, "weight": 5, "questions": questions,
         "texts": _texts(number), "evaluate": evaluate},
    )
    return stage_class()


class StagePlugin:
    """A plugin object that registers one stage."""

    def __init__(self, stage: Stage) -> None:
        self.stage = stage

    @hookimpl
    def register_stages(self, register: Callable[[Stage], None]) -> None:
        register(self.stage)


def plugins(count: int) -> list[tuple[str, Any]]:
    """``count`` plugins, for ``load_plugins(extra=...)``."""
    return [(f"bench_plugin_{n:03d}", StagePlugin(make_stage(n))) for n in range(count)]


def answers_toml(count: int) -> str:
    """The session tables that answer the generated stages (some raise findings)."""
    parts = []
    for number in range(count):
        level = number % 4
        ready = "false" if number % 5 == 0 else "true"
        parts.append(
            f"\n[stages.bench{number:03d}]\nstatus = \"done\"\nminutes = 5\n"
            f"notes = \"Plugin stage {number}.\"\n\n[stages.bench{number:03d}.answers]\n"
            f"level = {level}\nready = {ready}\nchoice = \"publish\"\n"
            f"channels = [\"instagram\", \"facebook\"]\nowner = \"Marie\"\nhours = 1.5\n"
        )
    return "".join(parts)


_WORDS = ("la boulangerie veut fidéliser ses clients du quartier et parler de son pain au levain, "
          "des ateliers du samedi, des commandes de fêtes et de la saison des galettes ; ")


def big_session_text(base: str, size: int) -> str:
    """The base session plus kept data of stages whose plugin is not installed, up to ``size``
    bytes: long notes and answers, as a long workshop with many plugins would leave."""
    parts = [base]
    total = len(base.encode("utf-8"))
    number = 0
    while total < size:
        notes = (_WORDS * 12).strip()
        chunk = (
            f"\n[stages.kept{number:04d}]\nstatus = \"done\"\nminutes = 10\n"
            f"notes = \"\"\"\n{notes}\n\"\"\"\n\n[stages.kept{number:04d}.answers]\n"
            f"score = {number % 7}\nchosen = [\"a\", \"b\", \"c\"]\nowner = \"Paul\"\n"
            f"comment = \"{_WORDS.strip()}\"\n"
        )
        parts.append(chunk)
        total += len(chunk.encode("utf-8"))
        number += 1
    return "".join(parts)


def sessions_folder(folder: Path, base: str, count: int) -> list[Path]:
    """``count`` session files, each its own organisation, in ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    statuses = ("todo", "in_progress", "done")
    paths = []
    for number in range(count):
        text = re.sub(r'(?m)^organisation = ".*"$',
                      f'organisation = "Client {number:03d}"', base, count=1)
        text = re.sub(r'(?m)^status = "in_progress"$',
                      f'status = "{statuses[number % 3]}"', text, count=1)
        path = folder / f"client-{number:03d}.toml"
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths
