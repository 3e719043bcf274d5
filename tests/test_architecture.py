"""The layers of design.md and docs/architecture.md, checked: imports run one way, no loop, no
private Textual or pluggy attribute, and no core stage is special-cased.

The arrows are read from the sources by tools/imports.py (every import, at the top of a module or
inside a function; those under ``if TYPE_CHECKING:`` never run and are left out). Which module
sits in which layer is ``LAYERS`` there; what each layer may import is the table below.
"""

from __future__ import annotations

import ast
import importlib
import importlib.util
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "src" / "workshop"
CORE = ("objectives", "audience", "networks", "resources", "tone", "duration")

_spec = importlib.util.spec_from_file_location("workshop_imports", ROOT / "tools" / "imports.py")
assert _spec and _spec.loader
graph = importlib.util.module_from_spec(_spec)
sys.modules[_spec.name] = graph  # a dataclass looks its module up there
_spec.loader.exec_module(graph)

# layer -> the layers its modules may import (besides their own), lowest layer first.
ALLOWED: dict[str, set[str]] = {
    "core": set(),  # sanitise, i18n, datafiles, the data and locales packages, startup
    "session": {"core"},  # the file: models, reading, writing, locks, backups
    "plugin API": {"core", "session"},  # workshop, stage, hookspecs, questions
    "plugin manager": {"core", "session", "plugin API", "stages"},  # stages: the built-ins' list
    "stages": {"plugin API", "session"},  # built-in stages are plugins like any other
    "engine": {"core", "session", "plugin API", "plugin manager"},
    "report": {"core", "session", "plugin API", "plugin manager", "engine"},
    "web": {"core"},  # the server of ``present --web``: it starts views as processes
    "app": {"core", "session", "plugin API", "plugin manager", "engine", "report", "web"},
    "commands": {"core", "session", "plugin API", "plugin manager", "engine", "report", "web",
                 "app"},
}
# Only the commands that start an app import it: ``workshop [FILE]`` and ``workshop present``
# (which also starts each browser's view of ``--web``).
APP_STARTERS = {"workshop.commands.app", "workshop.commands.present"}
# layer -> the third-party packages it may import (None: any declared dependency).
THIRD_PARTY: dict[str, set[str] | None] = {
    "core": {"platformdirs"},
    "session": {"pydantic", "pydantic_core", "tomlkit", "tomli_w"},
    "plugin API": {"pluggy", "pydantic"},
    "plugin manager": {"pluggy", "pydantic"},
    "stages": {"pydantic"},
    "engine": {"pydantic"},
    "report": {"pydantic", "rich", "jinja2", "markupsafe"},
    "app": None,
    "web": {"textual_serve", "aiohttp"},
    "commands": {"pydantic", "rich", "tomli_w"},
}
# Private names of Textual and pluggy that the product once used (issue 18): read, written or
# overridden, each would break on the next major version without a word.
PRIVATE_NAMES = {"_bindings", "_push_result_callback", "_selected", "_on_descendant_focus",
                 "_on_mount", "_on_focus", "_on_blur", "_on_click", "_on_key", "_compose",
                 "_hookimpls", "_hookexec", "_inner_hookexec", "_name2plugin"}
# pluggy's HookImpl fields (declared Final): a hook is wrapped at registration, never rebound.
HOOKIMPL_FIELDS = {"function", "argnames", "kwargnames", "plugin", "plugin_name", "opts",
                   "wrapper", "hookwrapper", "optionalhook", "tryfirst", "trylast"}
THIRD_PARTY_FRAMEWORKS = ("textual", "pluggy")


# -- the arrows --------------------------------------------------------------------------------


def test_the_engine_and_the_reports_never_load_textual():
    code = ("import sys, workshop.cli, workshop.engine, workshop.engine.whatif, "
            "workshop.engine.followup, workshop.report.text, workshop.report.html, "
            "workshop.report.markdown, workshop.report.json, workshop.commands.report; "
            "print(sorted(m for m in sys.modules if m.split('.')[0] == 'textual'))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            check=True)
    assert result.stdout.strip() == "[]"


def test_no_module_names_a_core_stage_module_outside_stages():
    wrong = sorted(f"{a.source}:{a.line} -> {a.target}" for a in graph.arrows()
                   if graph.layer_of(a.source) != "stages"
                   and any(a.target == f"workshop.stages.{stage}" for stage in CORE))
    assert wrong == [], "\n".join(wrong)


def test_stages_import_only_the_plugin_api_and_the_session_models():
    """Stricter than the layer table: of the plugin API, only ``workshop`` and
    ``workshop.stage``, what a third party's plugin has too."""
    allowed = ("workshop.stage", "workshop.session", "workshop.stages")
    wrong = sorted(f"{a.source}:{a.line} -> {a.target}" for a in graph.arrows()
                   if graph.layer_of(a.source) == "stages" and a.target != "workshop"
                   and not any(a.target == ok or a.target.startswith(f"{ok}.")
                               for ok in allowed))
    assert wrong == [], "\n".join(wrong)


def test_every_module_sits_in_a_layer():
    assert [module for module in graph.sources() if not graph.layer_of(module)] == []
    assert set(graph.LAYERS) == set(ALLOWED) == set(THIRD_PARTY)


def test_imports_run_down_the_layers_only():
    wrong = []
    for a in graph.arrows():
        source, target = graph.layer_of(a.source), graph.layer_of(a.target)
        if target != source and target not in ALLOWED[source]:
            wrong.append(f"{a.source}:{a.line} [{source}] -> {a.target} [{target}]")
    assert wrong == [], "\n".join(wrong)


def test_only_the_commands_that_start_an_app_import_it():
    wrong = sorted(f"{a.source}:{a.line} -> {a.target}" for a in graph.arrows()
                   if graph.layer_of(a.target) == "app" and graph.layer_of(a.source) != "app"
                   and a.source not in APP_STARTERS)
    assert wrong == [], "\n".join(wrong)


def test_each_layer_imports_only_its_third_party_packages():
    """Textual only in the app; the session file with pydantic and the TOML libraries only."""
    wrong = []
    for module, path in graph.sources().items():
        allowed = THIRD_PARTY[graph.layer_of(module)]
        for node, _ in graph.import_statements(ast.parse(path.read_text("utf-8")).body):
            if isinstance(node, ast.ImportFrom) and node.level:
                continue
            names = ([alias.name for alias in node.names] if isinstance(node, ast.Import)
                     else [node.module or ""])
            for top in {name.split(".")[0] for name in names}:
                if top in sys.stdlib_module_names or top == "workshop" or allowed is None:
                    continue
                if top not in allowed:
                    wrong.append(f"{module}:{node.lineno} imports {top}")
    assert wrong == [], "\n".join(wrong)


def test_the_graph_sees_deferred_imports_and_skips_type_checking_ones(tmp_path: Path):
    (tmp_path / "a.py").write_text(
        "from typing import TYPE_CHECKING\n"
        "if TYPE_CHECKING:\n    from workshop.b import B\n"
        "def f():\n    from workshop import c\n    return c\n", "utf-8")
    (tmp_path / "b.py").write_text("import workshop.a\n", "utf-8")
    (tmp_path / "c.py").write_text("from . import b\n", "utf-8")
    assert graph.graph(tmp_path) == {"workshop.a": {"workshop.c"}, "workshop.b": {"workshop.a"},
                                     "workshop.c": {"workshop.b"}}
    assert graph.cycles(graph.graph(tmp_path)) == [["workshop.a", "workshop.b", "workshop.c"]]


def test_no_import_loop():
    assert graph.cycles(graph.graph()) == []


# -- no private Textual or pluggy attribute ----------------------------------------------------


def private_uses(path: Path) -> list[str]:
    """Each use of a private Textual or pluggy name in ``path``, as ``line: what``."""
    tree = ast.parse(path.read_text("utf-8"))
    framework_names: set[str] = set()  # names bound to a Textual or pluggy object
    found: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import | ast.ImportFrom):
            module = node.module or "" if isinstance(node, ast.ImportFrom) else ""
            for alias in node.names:
                full = f"{module}.{alias.name}" if module else alias.name
                if full.split(".")[0] not in THIRD_PARTY_FRAMEWORKS:
                    continue
                framework_names.add((alias.asname or alias.name).split(".")[0])
                if any(part.startswith("_") and not part.startswith("__")
                       for part in full.split(".")):
                    found.append(f"{node.lineno}: imports {full}")
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute):
            if node.attr in PRIVATE_NAMES:
                found.append(f"{node.lineno}: .{node.attr}")
            elif (isinstance(node.value, ast.Name) and node.value.id in framework_names
                  and node.attr.startswith("_") and not node.attr.startswith("__")):
                found.append(f"{node.lineno}: {node.value.id}.{node.attr}")
        elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and framework_names:
            if node.name.startswith("_on_"):  # Textual dispatches it: its own handler's twin
                found.append(f"{node.lineno}: def {node.name}")
        elif isinstance(node, ast.Assign | ast.AugAssign | ast.AnnAssign):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            for target in targets:
                if (isinstance(target, ast.Attribute) and target.attr in HOOKIMPL_FIELDS
                        and not (isinstance(target.value, ast.Name)
                                 and target.value.id in ("self", "cls"))):
                    found.append(f"{node.lineno}: writes .{target.attr}")
        elif (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
              and node.func.id == "setattr" and len(node.args) > 1
              and isinstance(node.args[1], ast.Constant)
              and node.args[1].value in HOOKIMPL_FIELDS | PRIVATE_NAMES):
            found.append(f"{node.lineno}: setattr(..., {node.args[1].value!r})")
    return sorted(found, key=lambda use: int(use.split(":")[0]))


def test_no_private_textual_or_pluggy_attribute():
    sources = [*PACKAGE.rglob("*.py"), *(ROOT / "plugins").rglob("src/**/*.py")]
    found = [f"{path.relative_to(ROOT)}:{use}" for path in sorted(sources)
             for use in private_uses(path)]
    assert found == [], "\n".join(found)


def private_overrides(text: str, namespace: dict[str, object]) -> list[str]:
    """The members a class of ``text`` (found in ``namespace``) defines again over a private
    member of its Textual or pluggy base, whatever its name: ``_on_mount``, ``_render``…"""
    found = []
    for node in ast.parse(text).body:
        if not isinstance(node, ast.ClassDef):
            continue
        names = {item.name for item in node.body
                 if isinstance(item, ast.FunctionDef | ast.AsyncFunctionDef)}
        names |= {target.id for item in node.body if isinstance(item, ast.Assign)
                  for target in item.targets if isinstance(target, ast.Name)}
        cls = namespace[node.name]
        assert isinstance(cls, type)
        for name in sorted(n for n in names if n.startswith("_") and not n.startswith("__")):
            base = next((base for base in cls.__mro__[1:] if name in vars(base)
                         and base.__module__.split(".")[0] in THIRD_PARTY_FRAMEWORKS), None)
            if base is not None:
                found.append(f"{node.lineno} {node.name}.{name} overrides "
                             f"{base.__module__}.{base.__qualname__}")
    return found


def test_no_class_overrides_a_private_member_of_its_textual_or_pluggy_base():
    """Module-level classes (one made inside a function is not reached)."""
    found = []
    for module, path in graph.sources().items():
        text = path.read_text("utf-8")
        if any(name in text for name in THIRD_PARTY_FRAMEWORKS):
            found += [f"{module}:{use}" for use in
                      private_overrides(text, vars(importlib.import_module(module)))]
    assert found == [], "\n".join(found)


def test_the_override_check_finds_a_private_member_defined_again():
    text = ("from textual.widgets import RadioSet, Static\n"
            "class Mine(RadioSet):\n    _selected = 0\n"
            "    def _on_mount(self, event):\n        pass\n"
            "    def _own(self):\n        pass\n"
            "class Fine(Static):\n    def _selected(self):\n        pass\n")
    namespace: dict[str, object] = {}
    exec(compile(text, "sample.py", "exec"), namespace)
    assert [use.split(" overrides ")[0] for use in private_overrides(text, namespace)] == [
        "2 Mine._on_mount", "2 Mine._selected"]


def test_the_private_check_finds_what_it_looks_for(tmp_path: Path):
    sample = tmp_path / "sample.py"
    sample.write_text(
        "from textual.widgets import RadioSet\nfrom textual._context import active_app\n"
        "import textual._compose\n"
        "class R(RadioSet):\n"
        "    def _on_mount(self, event):\n        self._selected = 0\n"
        "    def go(self, screen, impl):\n"
        "        screen._push_result_callback(self, None)\n"
        "        impl.function = print\n        setattr(impl, 'function', print)\n"
        "        return RadioSet._other, self._bindings\n"
        "    def _bindings_changed(self):\n        self.plugin = self._mine = 1\n", "utf-8")
    assert sorted(int(use.split(":")[0]) for use in private_uses(sample)) == [
        2, 3, 5, 6, 8, 9, 10, 11, 11]
