"""``workshop schema``: the JSON Schema of the session file, stages' answers included."""

from __future__ import annotations

import argparse
import sys

from workshop.commands.common import EXIT_OK, load_host
from workshop.engine.settings import Settings
from workshop.sanitise import json_text
from workshop.session.models import Session, StageRecord


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--indent", type=int, default=2, help="indentation (default 2)")


def session_schema(host) -> dict:
    schema = Session.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "workshop session file"
    definitions = schema.setdefault("$defs", {})
    stages: dict = {}
    for stage in host.stages():
        record = StageRecord.model_json_schema()
        for name, definition in record.pop("$defs", {}).items():
            definitions.setdefault(name, definition)
        answers = stage.questions.model_json_schema(ref_template="#/$defs/{model}")
        for name, definition in answers.pop("$defs", {}).items():
            definitions.setdefault(name, definition)
        record["properties"]["answers"] = answers
        record["title"] = stage.title("en")
        stages[stage.id] = record
    schema["properties"]["stages"] = {
        "type": "object",
        "properties": stages,
        "additionalProperties": {"$ref": "#/$defs/StageRecord"},
    }
    definitions.setdefault("StageRecord", StageRecord.model_json_schema())
    schema["properties"]["settings"] = _settings_schema(definitions)
    return schema


def _settings_schema(definitions: dict) -> dict:
    """``[settings]``: the engine's ``Settings`` model, with its bounds, every key optional
    (a session records only what an agency changed; the defaults fill the rest)."""
    settings = Settings.model_json_schema(ref_template="#/$defs/Settings{model}")
    for name, definition in settings.pop("$defs", {}).items():
        definition.pop("required", None)
        definitions[f"Settings{name}"] = definition
    settings.pop("required", None)
    settings["title"] = "settings (tuning recorded with the session)"
    return settings


def run(args: argparse.Namespace) -> int:
    sys.stdout.write(json_text(session_schema(load_host(args)), indent=args.indent))
    return EXIT_OK
