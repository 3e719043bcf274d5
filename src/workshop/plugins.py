"""The plugin manager: built-ins, entry points, a plugins folder, each load guarded.

A plugin that fails to import, registers something malformed or raises inside a hook is recorded
as broken with the reason and left out; the rest of the workshop goes on. ``strict=True`` turns
such problems into errors, for plugin authors.
"""

from __future__ import annotations

import importlib
import importlib.util
import os
import sys
import traceback
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from importlib.metadata import entry_points
from pathlib import Path
from types import ModuleType
from typing import Any

import pluggy
from pydantic import BaseModel

from workshop import hookspecs
from workshop.stage import Network, ReportSection, Stage
from workshop.stages import BUILTIN_PLUGINS

ENTRY_POINT_GROUP = "workshop"
DISABLE_VARIABLE = "WORKSHOP_DISABLE_PLUGINS"
# "0" leaves installed plugins out (the tests set it, to see only what they register).
ENTRY_POINTS_VARIABLE = "WORKSHOP_ENTRY_POINTS"
RECOMMENDATION_PLUGIN = "workshop.engine.recommendation"


class PluginError(Exception):
    """A plugin problem in strict mode."""


@dataclass
class PluginInfo:
    """What ``workshop plugins`` shows about one plugin."""

    name: str
    source: str  # built-in, entry point, plugins dir, registered
    version: str | None = None
    module: str | None = None
    hooks: list[str] = field(default_factory=list)
    stages: list[str] = field(default_factory=list)
    status: str = "ok"  # ok, broken, disabled
    error: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "version": self.version,
            "source": self.source,
            "module": self.module,
            "hooks": self.hooks,
            "stages": self.stages,
            "status": self.status,
            "error": self.error,
        }


def _short_error(error: BaseException) -> str:
    frames = traceback.extract_tb(error.__traceback__)
    where = f" ({Path(frames[-1].filename).name}:{frames[-1].lineno})" if frames else ""
    return f"{type(error).__name__}: {error}{where}"


def disabled_names() -> set[str]:
    value = os.environ.get(DISABLE_VARIABLE, "")
    return {name.strip() for name in value.replace(";", ",").split(",") if name.strip()}


class PluginHost:
    """The loaded plugins, and guarded access to what their hooks register."""

    def __init__(self, strict: bool = False) -> None:
        self.pm = pluggy.PluginManager("workshop")
        self.pm.add_hookspecs(hookspecs)
        self.strict = strict
        self.infos: dict[str, PluginInfo] = {}
        self._stages: list[Stage] | None = None
        self._catalogue: dict[str, Network] | None = None
        self._sections: list[ReportSection] | None = None
        self.disabled = disabled_names()

    # -- loading ---------------------------------------------------------------------------

    def add(self, plugin: Any, name: str, source: str, version: str | None = None) -> None:
        """Register a plugin object (module or instance), guarded."""
        info = PluginInfo(name=name, source=source, version=version,
                          module=getattr(plugin, "__name__", type(plugin).__name__))
        self.infos[name] = info
        if name in self.disabled:
            info.status = "disabled"
            return
        try:
            self.pm.register(plugin, name=name)
        except Exception as error:  # pluggy raises on hooks that match no spec or bad arguments
            self.fail(name, error)
            return
        info.hooks = sorted(impl_name for impl_name in self._hooks_of(name))
        self._forget()

    def add_module(self, module_name: str, source: str, name: str | None = None,
                   version: str | None = None) -> None:
        name = name or module_name
        if name in self.disabled:
            self.infos[name] = PluginInfo(name=name, source=source, module=module_name,
                                          version=version, status="disabled")
            return
        try:
            module = importlib.import_module(module_name)
        except Exception as error:
            self.infos[name] = PluginInfo(name=name, source=source, module=module_name,
                                          version=version)
            self.fail(name, error)
            return
        self.add(module, name, source, version)

    def load_builtins(self) -> None:
        from workshop import __version__

        for module_name in (*BUILTIN_PLUGINS, RECOMMENDATION_PLUGIN):
            short_name = module_name.rsplit(".", 1)[-1]
            self.add_module(module_name, "built-in", name=short_name, version=__version__)

    def load_entry_points(self) -> None:
        for entry in entry_points(group=ENTRY_POINT_GROUP):
            version = entry.dist.version if entry.dist else None
            source = f"entry point ({entry.dist.name})" if entry.dist else "entry point"
            if entry.name in self.disabled:
                self.infos[entry.name] = PluginInfo(name=entry.name, source=source,
                                                    version=version, module=entry.value,
                                                    status="disabled")
                continue
            try:
                plugin = entry.load()
            except Exception as error:
                self.infos[entry.name] = PluginInfo(name=entry.name, source=source,
                                                    version=version, module=entry.value)
                self.fail(entry.name, error)
                continue
            self.add(plugin, entry.name, source, version)

    def load_folder(self, folder: str | Path) -> None:
        """Load every ``*.py`` file of a facilitator's plugins folder."""
        folder = Path(folder)
        if not folder.is_dir():
            self.infos[str(folder)] = PluginInfo(name=str(folder), source="plugins dir")
            self.fail(str(folder), FileNotFoundError(f"no such folder: {folder}"))
            return
        for path in sorted(folder.glob("*.py")):
            name = path.stem
            if name in self.disabled:
                self.infos[name] = PluginInfo(name=name, source=f"plugins dir ({path})",
                                              status="disabled")
                continue
            try:
                module = _import_file(path, f"workshop_plugins_dir.{name}")
            except Exception as error:
                self.infos[name] = PluginInfo(name=name, source=f"plugins dir ({path})")
                self.fail(name, error)
                continue
            self.add(module, name, f"plugins dir ({path})")

    def fail(self, name: str, error: BaseException | str) -> None:
        """Record a plugin as broken and unregister it; in strict mode, raise."""
        message = error if isinstance(error, str) else _short_error(error)
        info = self.infos.setdefault(name, PluginInfo(name=name, source="registered"))
        info.status = "broken"
        info.error = message if info.error is None else f"{info.error}; {message}"
        if self.pm.get_plugin(name) is not None:
            self.pm.unregister(name=name)
        self._forget()
        if self.strict:
            raise PluginError(f"plugin {name}: {message}")

    def note_failure(self, name: str, error: BaseException | str) -> str:
        """Record that a loaded plugin broke while working (its stage is marked, not removed)."""
        message = error if isinstance(error, str) else _short_error(error)
        info = self.infos.setdefault(name, PluginInfo(name=name, source="registered"))
        info.status = "broken"
        if message not in (info.error or ""):
            info.error = message if info.error is None else f"{info.error}; {message}"
        if self.strict:
            raise PluginError(f"plugin {name}: {message}")
        return message

    def _forget(self) -> None:
        self._stages = self._catalogue = self._sections = None

    def _hooks_of(self, name: str) -> Iterable[str]:
        plugin = self.pm.get_plugin(name)
        for caller in self.pm.get_hookcallers(plugin) or []:
            yield caller.name

    @property
    def problems(self) -> list[str]:
        return [f"plugin {info.name}: {info.error}" for info in self.infos.values()
                if info.status == "broken"]

    # -- guarded hook calls ----------------------------------------------------------------

    def _collect(self, hook_name: str, accept: Callable[[str, Any], None]) -> None:
        """Call one hook plugin by plugin, so that one broken plugin spoils only itself."""
        caller = getattr(self.pm.hook, hook_name)
        # pluggy lists implementations last-registered first; call in registration order
        for impl in list(reversed(caller.get_hookimpls())):
            name = impl.plugin_name
            collected: list[Any] = []
            try:
                impl.function(**{argument: collected.append for argument in impl.argnames})
                for item in collected:
                    accept(name, item)
            except Exception as error:
                self.fail(name, error)

    def stages(self) -> list[Stage]:
        """Every registered stage, in workshop order (then by id)."""
        if self._stages is None:
            found: dict[str, Stage] = {}

            def accept(plugin: str, stage: Any) -> None:
                _check_stage(stage)
                if stage.id in found:
                    raise ValueError(f"stage id {stage.id!r} is already registered")
                found[stage.id] = stage
                self.infos[plugin].stages.append(stage.id)
                self.owner_of_stage[stage.id] = plugin

            self.owner_of_stage: dict[str, str] = {}
            for info in self.infos.values():
                info.stages = []
            self._collect("register_stages", accept)
            # a plugin that broke half-way may have left stages behind: drop them
            self._stages = sorted(
                (s for s in found.values()
                 if self.infos[self.owner_of_stage[s.id]].status == "ok"),
                key=lambda stage: (stage.order, stage.id),
            )
        return self._stages

    def stage(self, stage_id: str) -> Stage | None:
        return next((stage for stage in self.stages() if stage.id == stage_id), None)

    def catalogue(self) -> dict[str, Network]:
        if self._catalogue is None:
            found: dict[str, Network] = {}

            def accept(plugin: str, network: Any) -> None:
                if not isinstance(network, Network):
                    raise TypeError(f"register_networks expects Network, got {network!r}")
                found[network.id] = network

            self._collect("register_networks", accept)
            self._catalogue = found
        return self._catalogue

    def report_sections(self) -> list[ReportSection]:
        if self._sections is None:
            found: list[ReportSection] = []

            def accept(plugin: str, section: Any) -> None:
                if not isinstance(section, ReportSection):
                    raise TypeError(f"register_report_sections expects ReportSection, got {section!r}")
                found.append(section)

            self._collect("register_report_sections", accept)
            self._sections = sorted(found, key=lambda section: (section.order, section.id))
        return self._sections

    def plugin_of_stage(self, stage_id: str) -> str | None:
        self.stages()
        return self.owner_of_stage.get(stage_id)


def _check_stage(stage: Any) -> None:
    """Refuse a malformed stage at registration, with a message a plugin author can act on."""
    if not isinstance(stage, Stage):
        raise TypeError(f"register_stages expects a workshop.Stage instance, got {stage!r}")
    stage_id = getattr(stage, "id", None)
    if not isinstance(stage_id, str) or not stage_id.isidentifier():
        raise ValueError(f"stage id must be a simple name like 'listening', got {stage_id!r}")
    questions = getattr(stage, "questions", None)
    if not (isinstance(questions, type) and issubclass(questions, BaseModel)):
        raise TypeError(f"stage {stage_id}: questions must be a pydantic model class")
    try:
        questions.model_validate({})
    except Exception as error:
        raise ValueError(
            f"stage {stage_id}: every question needs a default (None for 'not answered yet'): "
            f"{error}"
        ) from None
    weight = getattr(stage, "weight", None)
    if not isinstance(weight, (int, float)) or weight < 0:
        raise ValueError(f"stage {stage_id}: weight must be a number >= 0, got {weight!r}")


def _import_file(path: Path, module_name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(module_name, path)
    if spec is None or spec.loader is None:
        raise ImportError(f"cannot import {path}")
    module = importlib.util.module_from_spec(spec)
    sys.modules[module_name] = module
    try:
        spec.loader.exec_module(module)
    except BaseException:
        sys.modules.pop(module_name, None)
        raise
    return module


def load_plugins(
    plugins_dir: str | Path | None = None,
    *,
    entry_points: bool | None = None,
    strict: bool = False,
    extra: Iterable[tuple[str, Any]] = (),
) -> PluginHost:
    """Built-ins, then installed plugins, then a plugins folder, then ``extra`` (tests)."""
    host = PluginHost(strict=strict)
    host.load_builtins()
    if entry_points is None:
        entry_points = os.environ.get(ENTRY_POINTS_VARIABLE, "1") != "0"
    if entry_points:
        host.load_entry_points()
    if plugins_dir is not None:
        host.load_folder(plugins_dir)
    for name, plugin in extra:
        host.add(plugin, name, "registered")
    # touch every registry now so that broken registrations are reported at start
    host.stages()
    host.catalogue()
    host.report_sections()
    return host
