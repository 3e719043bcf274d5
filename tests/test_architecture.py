"""The layers of design.md, checked: imports run one way, and no core stage is special-cased."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "src" / "workshop"
CORE = ("objectives", "audience", "networks", "resources", "tone", "duration")


def imports_of(path: Path) -> set[str]:
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
    return found


def modules(folder: str = "") -> list[Path]:
    return sorted((PACKAGE / folder).rglob("*.py"))


def test_the_engine_and_the_reports_never_load_textual():
    code = ("import sys, workshop.cli, workshop.engine, workshop.engine.whatif, "
            "workshop.engine.followup, workshop.report.text, workshop.report.html, "
            "workshop.report.markdown, workshop.report.json, workshop.commands.report; "
            "print(sorted(m for m in sys.modules if m.split('.')[0] == 'textual'))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            check=True)
    assert result.stdout.strip() == "[]"


def test_only_the_app_imports_textual():
    for path in modules():
        if "app" in path.relative_to(PACKAGE).parts:
            continue
        assert not any(name.split(".")[0] == "textual" for name in imports_of(path)), path


def test_the_engine_and_reports_do_not_call_the_app_or_the_cli():
    for folder in ("engine", "report", "session", "stages"):
        for path in modules(folder):
            for name in imports_of(path):
                assert not name.startswith(("workshop.app", "workshop.cli",
                                            "workshop.commands")), (path, name)


def test_no_module_names_a_core_stage_module_outside_stages():
    for path in modules():
        if "stages" in path.relative_to(PACKAGE).parts:
            continue
        for name in imports_of(path):
            assert not any(name.startswith(f"workshop.stages.{stage}") for stage in CORE), \
                (path, name)


def test_stages_import_only_the_plugin_api_and_the_session_models():
    import workshop

    api = {"workshop", *(f"workshop.{name}" for name in (*workshop.__all__, "__version__"))}
    allowed = ("workshop.stage", "workshop.session", "workshop.stages")
    for path in modules("stages"):
        for name in imports_of(path):
            if name.split(".")[0] != "workshop" or name in api:
                continue
            assert any(name == ok or name.startswith(f"{ok}.") for ok in allowed), (path, name)
