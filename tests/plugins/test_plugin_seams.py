"""Issue 18 items 4 and 5 for the plugin platform: no import loop through the hook
specifications, no private pluggy attribute; and issue 17 point 7: hook deprecation."""

from __future__ import annotations

import ast
import types
from pathlib import Path

import pluggy

from workshop import hookimpl, hookspecs
from workshop.plugins import PluginHost, load_plugins

PACKAGE = Path(__file__).resolve().parents[2] / "src" / "workshop"


def imported(path: Path) -> set[str]:
    """Every module a file imports, TYPE_CHECKING blocks included (a loop for readers too)."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
    return found


def test_the_hook_specifications_import_nothing_that_imports_the_plugin_manager() -> None:
    names = imported(PACKAGE / "hookspecs.py")
    assert not any(name.startswith(("workshop.engine", "workshop.plugins", "workshop.app",
                                    "workshop.report")) for name in names), names


def test_no_private_pluggy_attribute_is_written_or_read() -> None:
    for path in (PACKAGE / "plugins.py", PACKAGE / "isolation.py", PACKAGE / "hookspecs.py"):
        text = path.read_text("utf-8")
        assert ".function =" not in text, path  # HookImpl.function is Final in pluggy
        assert "pm._" not in text and "pluggy._" not in text, path


def test_a_deprecated_hook_warns_the_plugin_that_implements_it() -> None:
    spec = types.ModuleType("old_specs")

    @hookspecs.deprecated("0.2", "use register_stages")
    def register_legacy_stage(register):
        """An old hook."""

    spec.register_legacy_stage = register_legacy_stage
    host = PluginHost()
    host.pm.add_hookspecs(spec)

    class Legacy:
        @hookimpl
        def register_legacy_stage(self, register):
            pass

    host.add(Legacy(), "legacy")
    assert host.infos["legacy"].status == "ok"
    assert host.infos["legacy"].warnings == [
        "this hook is deprecated since workshop 0.2 and will be removed: use register_stages"]


def test_hooks_run_on_their_worker_thread_through_public_pluggy_only() -> None:
    seen: list[str] = []

    class Plugin:
        @hookimpl
        def build_recommendation(self, evaluation, settings):
            import threading

            seen.append(threading.current_thread().name)
            return None

    host = load_plugins(entry_points=False, extra=[("probe", Plugin())])
    assert isinstance(host.pm, pluggy.PluginManager)
    host.pm.hook.build_recommendation(evaluation=None, settings={})
    assert seen == ["workshop-plugins"]
