"""Sample plugins for the platform's tests: a good stage, and one-file plugins good and broken."""

from __future__ import annotations

from pydantic import BaseModel, Field
from support import StagesPlugin

from workshop import Finding, Stage, StageContext, StageResult

TEXTS = {
    lang: {
        "title": {"fr": "Sonde", "en": "Probe"}[lang],
        "questions": {"ready": {"title": {"fr": "Prêt", "en": "Ready"}[lang]}},
        "findings": {"probe.not_ready": {"message": {"fr": "Pas prêt.", "en": "Not ready."}[lang],
                                         "advice": {"fr": "Préparez-vous.",
                                                    "en": "Get ready."}[lang]}},
    }
    for lang in ("fr", "en")
} | {"sources": {"probe.not_ready": {"source": "test"}}}


class ProbeAnswers(BaseModel):
    ready: bool | None = Field(default=None, title="Ready")


class ProbeStage(Stage):
    """A well-formed stage: the control in every test of a broken one."""

    id = "probe"
    order = 70
    weight = 10
    questions = ProbeAnswers
    texts = TEXTS

    def evaluate(self, answers: ProbeAnswers, context: StageContext) -> StageResult:
        findings: list[Finding] = []
        if answers.ready is False:
            findings.append(self.finding("probe.not_ready", "concern"))
        return StageResult(findings=findings)


class GoodPlugin(StagesPlugin):
    """A plugin object (methods as hooks) registering one stage, the probe unless told."""

    def __init__(self, stage: Stage | None = None) -> None:
        super().__init__(stage or ProbeStage())


# The session header of the plugin tests' sessions: a small café, in English.
CAFE_HEADER = """\
schema_version = 1

[session]
organisation = "Café des Arts"
kind = "business"
size = "micro"
market = "b2c"
language = "en"
"""

PROBE_DONE = """
[stages.probe]
status = "done"

[stages.probe.answers]
ready = false
"""


# One-file plugins as a facilitator would drop them in a --plugins-dir, good and broken.
GOOD_FILE = '''
from pydantic import BaseModel, Field
from workshop import Stage, StageResult, hookimpl

class Answers(BaseModel):
    ready: bool | None = Field(default=None)

class Extra(Stage):
    id = "extra"
    order = 80
    weight = 5
    questions = Answers
    texts = {lang: {"title": "Extra", "questions": {"ready": {"title": "Ready"}},
                    "findings": {"extra.not_ready": {"message": "Extra not ready.",
                                                     "advice": "Get extra ready."}}}
             for lang in ("fr", "en")}

    def evaluate(self, answers, context):
        found = []
        if answers.ready is False:
            found.append(self.finding("extra.not_ready", "concern", source="test"))
        return StageResult(findings=found)

@hookimpl
def register_stages(register):
    register(Extra())
'''

RAISES_AT_IMPORT = '''
raise RuntimeError("cannot start: no licence key")
'''

RAISES_IN_EVALUATE = '''
from pydantic import BaseModel, Field
from workshop import Stage, hookimpl

class Answers(BaseModel):
    level: int | None = Field(default=None)

class Fragile(Stage):
    id = "fragile"
    order = 90
    weight = 10
    questions = Answers
    texts = {lang: {"title": "Fragile", "questions": {"level": {"title": "Level"}}}
             for lang in ("fr", "en")}

    def evaluate(self, answers, context):
        return 1 / 0

@hookimpl
def register_stages(register):
    register(Fragile())
'''

MALFORMED_QUESTIONS = '''
from pydantic import BaseModel
from workshop import Stage, hookimpl

class Answers(BaseModel):
    budget: int            # no default: a new session could not start this stage

class Malformed(Stage):
    id = "malformed"
    questions = Answers
    texts = {lang: {"title": "Malformed"} for lang in ("fr", "en")}

@hookimpl
def register_stages(register):
    register(Malformed())
'''

# A one-file plugin whose stage runs a line of Python in ``evaluate``: the hostile plugins of the
# isolation tests (one that loops, exits, interrupts, prints or changes what it is given).
HOSTILE_STAGE = '''
import sys
from pydantic import BaseModel
from workshop import Stage, StageResult, hookimpl

class Answers(BaseModel):
    level: int | None = None

class {name}(Stage):
    id = "{stage}"
    order = 90
    weight = 5
    questions = Answers
    texts = {{"fr": {{"title": "{name}"}}, "en": {{"title": "{name}"}}}}

    def evaluate(self, answers, context):
        {body}
        return StageResult()

@hookimpl
def register_stages(register):
    register({name}())
'''


def hostile_stage(body: str, stage: str = "hostile", name: str = "Hostile") -> str:
    """The source of a one-file plugin whose stage ``stage`` (class ``name``, question ``level``)
    runs ``body`` when evaluated, then finds nothing."""
    return HOSTILE_STAGE.format(body=body, stage=stage, name=name)
