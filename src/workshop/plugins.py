"""The plugin manager: built-ins, entry points, a plugins folder, each load guarded.

A plugin that fails to import, registers an unknown hook or a hook with wrong arguments, registers
something malformed (a stage, a questions model, a network, a report section) or raises inside a
hook is recorded as broken with the reason and left out; the rest of the workshop goes on.
``strict=True`` turns such problems into a ``PluginError``, for plugin authors.

Plugin authors use ``load_plugins(entry_points=False, extra=[(name, module)])`` in their tests,
and ``stage_warnings(stage)`` to check that every text a user reads exists in French and English.
"""

from __future__ import annotations

import copy
import dataclasses
import functools
import importlib
import importlib.util
import inspect
import os
import sys
import types
import warnings
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import Annotated, Any, Union, get_args, get_origin

import pluggy
from pydantic import BaseModel

from workshop import __version__, hookspecs, isolation
from workshop.hookspecs import Command
from workshop.i18n import LANGUAGES
from workshop.questions import classify, question_of
from workshop.stage import Network, ReportSection, Stage
from workshop.stages import BUILTIN_PLUGINS

ENTRY_POINT_GROUP = "workshop"
DISABLE_VARIABLE = "WORKSHOP_DISABLE_PLUGINS"
# When set, only these installed or folder plugins are loaded (the built-ins always are).
ONLY_VARIABLE = "WORKSHOP_PLUGINS"
# "0" leaves installed plugins out (the tests set it, to see only what they register).
ENTRY_POINTS_VARIABLE = "WORKSHOP_ENTRY_POINTS"
RECOMMENDATION_PLUGIN = "workshop.engine.recommendation"
# Hooks the host calls itself, plugin by plugin (see PluginHost._collect); the others are
# called through pluggy, each implementation wrapped so that a raising one is left out.
REGISTRATION_HOOKS = frozenset({"register_stages", "register_networks",
                                "register_report_sections", "register_commands",
                                "register_settings"})

# [stages.<id>] plugin = "workshop-listening 0.1.0": who answered a plugin's stage
PLUGIN_KEY = "plugin"

SOURCE_BUILTIN = "built-in"
SOURCE_ENTRY_POINT = "entry point"
SOURCE_PLUGINS_DIR = "plugins dir"
SOURCE_REGISTERED = "registered"


def _entry_points(group: str) -> Any:
    """Installed entry points; importlib.metadata costs ~35 ms, so only when plugins are wanted."""
    from importlib.metadata import entry_points  # ~35 ms: not with entry points off

    return entry_points(group=group)


class PluginError(Exception):
    """A plugin problem in strict mode."""


def recorded_plugin(session: Any, stage_id: str) -> str | None:
    """The plugin (and version) a session recorded for a stage (``[stages.<id>] plugin``), say
    ``"workshop-listening 0.1.0"``: for the report to name what to install. None if none."""
    record = getattr(session, "stages", {}).get(stage_id)
    found = (getattr(record, "model_extra", None) or {}).get(PLUGIN_KEY)
    return found if isinstance(found, str) and found.strip() else None


def hook_names() -> list[str]:
    """Every hook a plugin may implement, as specified in ``workshop.hookspecs``."""
    return sorted(name for name, value in vars(hookspecs).items()
                  if callable(value) and hasattr(value, "workshop_spec"))


@dataclass
class PluginInfo:
    """What ``workshop plugins`` shows about one plugin."""

    name: str
    source: str  # built-in, entry point, plugins dir, registered
    version: str | None = None
    module: str | None = None
    location: str | None = None  # the file, or the distribution, it came from
    hooks: list[str] = field(default_factory=list)
    stages: list[str] = field(default_factory=list)
    networks: list[str] = field(default_factory=list)
    sections: list[str] = field(default_factory=list)
    status: str = "ok"  # ok, broken, disabled
    error: str | None = None
    warnings: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.status == "ok"

    def as_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "version": self.version,
            "source": self.source,
            "location": self.location,
            "module": self.module,
            "hooks": self.hooks,
            "stages": self.stages,
            "networks": self.networks,
            "sections": self.sections,
            "status": self.status,
            "error": self.error,
            "warnings": self.warnings,
        }


def _short_error(error: BaseException) -> str:
    """One line a plugin author can act on: the error and where it was raised."""
    if isinstance(error, pluggy.PluginValidationError):
        return str(error).strip().splitlines()[-1]
    if isinstance(error, isolation.PluginTimeout):
        return str(error)
    import traceback  # only for a broken plugin (0.5 ms of every start otherwise)

    frames = traceback.extract_tb(error.__traceback__)
    where = f" ({Path(frames[-1].filename).name}:{frames[-1].lineno})" if frames else ""
    text = str(error).strip().splitlines()
    kind = "" if isinstance(error, isolation.PluginCrash) else f"{type(error).__name__}: "
    return f"{kind}{text[0] if text else ''}".rstrip(": ") + where


def _names(variable: str) -> set[str]:
    value = os.environ.get(variable, "")
    return {name.strip() for name in value.replace(";", ",").replace(" ", ",").split(",")
            if name.strip()}


def disabled_names() -> set[str]:
    """The plugins named in ``WORKSHOP_DISABLE_PLUGINS`` (comma, semicolon or space separated)."""
    return _names(DISABLE_VARIABLE)


def only_names() -> set[str] | None:
    """The plugins ``WORKSHOP_PLUGINS`` asks for (None: every installed one)."""
    return _names(ONLY_VARIABLE) if ONLY_VARIABLE in os.environ else None


class PluginHost:
    """The loaded plugins, and guarded access to what their hooks register."""

    def __init__(self, strict: bool = False) -> None:
        self.pm = pluggy.PluginManager("workshop")
        self.pm.add_hookspecs(hookspecs)
        self.strict = strict
        self.infos: dict[str, PluginInfo] = {}
        self.owner_of_stage: dict[str, str] = {}
        self._stages: list[Stage] | None = None
        self._catalogue: dict[str, Network] | None = None
        self._sections: list[ReportSection] | None = None
        self.disabled = disabled_names()
        self.only = only_names()
        self.hung: set[str] = set()  # plugins that overran their time budget
        self._commands: dict[str, tuple[str, Command]] | None = None
        self._settings_models: dict[str, type[BaseModel]] | None = None

    # -- loading ---------------------------------------------------------------------------

    def is_disabled(self, *names: str | None, builtin: bool = False) -> bool:
        given = [name for name in names if name]
        if any(name in self.disabled for name in given):
            return True
        return not builtin and self.only is not None and not any(n in self.only for n in given)

    def _new_info(self, name: str, source: str, **values: Any) -> tuple[str, PluginInfo]:
        """A record for a plugin; a second plugin of the same name gets its own, broken one."""
        key = name if name not in self.infos else f"{name} [{source}]"
        info = self.infos[key] = PluginInfo(name=key, source=source, **values)
        if key != name:
            self.fail(key, f"a plugin named {name!r} is already loaded "
                           f"(from {self.infos[name].source}): rename this one")
        return key, info

    def _note_disabled(self, name: str, source: str, **values: Any) -> None:
        """Record a plugin left out by ``WORKSHOP_DISABLE_PLUGINS`` (shown, never loaded)."""
        self.infos.setdefault(name, PluginInfo(name=name, source=source, status="disabled",
                                               **values))

    def add(self, plugin: Any, name: str, source: str = SOURCE_REGISTERED,
            version: str | None = None, location: str | None = None) -> None:
        """Register a plugin object (module or instance), guarded."""
        module = getattr(plugin, "__name__", type(plugin).__name__)
        if version is None:
            found = getattr(plugin, "__version__", None)
            version = found if isinstance(found, str) else None
        if name in self.infos and self.infos[name].status == "disabled":
            return
        key, info = self._new_info(name, source, version=version, module=module,
                                   location=location)
        if info.status != "ok":
            return
        if self.is_disabled(name, module, builtin=source == SOURCE_BUILTIN):
            info.status = "disabled"
            return
        problem = _hook_problem(self.pm, plugin)
        if problem:
            self.fail(key, problem)
            return
        try:
            with warnings.catch_warnings(record=True) as caught:
                warnings.simplefilter("always")
                # pluggy sees a stand-in whose hooks run guarded (see _stand_in)
                self.pm.register(self._stand_in(key, plugin), name=key)
        except Exception as error:  # pluggy refuses hooks with arguments the spec lacks
            self.fail(key, error)
            return
        for warning in caught:  # a deprecated hook (warn_on_impl), said by `workshop plugins`
            info.warnings.append(str(warning.message))
        info.hooks = sorted(set(self._hooks_of(key)))
        if not info.hooks:
            self.fail(key, "implements no workshop hook: mark its hook functions with "
                           "@hookimpl (from workshop import hookimpl)")
            return
        self._forget()

    def _stand_in(self, name: str, plugin: Any) -> Any:
        """What pluggy registers for a plugin: its hook implementations, each wrapped so that
        it runs isolated (``workshop.isolation``) and, but for the registration hooks that the
        host calls itself, a raising one is noted and gives no result (for ``firstresult``
        hooks, the next implementation answers). Wrapping before registering uses only
        pluggy's public API (its ``HookImpl.function`` is final)."""
        # a bare module: pluggy looks at every name in dir(stand_in), and a module's are only
        # its own (a SimpleNamespace's ~25 dunders: 235 look-ups, some 1.5 ms a start)
        own_name = getattr(plugin, "__name__", name)
        stand_in = types.ModuleType(own_name if isinstance(own_name, str) else name)
        marker = f"{self.pm.project_name}_impl"
        for attribute, options in _hook_options(self.pm, plugin):
            function = getattr(plugin, attribute)
            hook = options.get("specname") or attribute
            wrapper = self._guarded(name, hook, function,
                                    swallow=hook not in REGISTRATION_HOOKS,
                                    inline=self._builtin(name))
            setattr(wrapper, marker, options)
            setattr(stand_in, attribute, wrapper)
        return stand_in

    def add_module(self, module_name: str, source: str, name: str | None = None,
                   version: str | None = None) -> None:
        name = name or module_name
        if self.is_disabled(name, module_name, builtin=source == SOURCE_BUILTIN):
            self._note_disabled(name, source, module=module_name, version=version)
            return
        try:
            if source == SOURCE_BUILTIN:  # the workshop's own code: imported in place
                module = importlib.import_module(module_name)
            else:
                module = isolation.run(importlib.import_module, module_name,
                                       timeout=_import_budget())
        except Exception as error:
            key, _ = self._new_info(name, source, module=module_name, version=version)
            self.fail(key, error)
            return
        self.add(module, name, source, version, location=getattr(module, "__file__", None))

    def load_builtins(self) -> None:
        for module_name in (*BUILTIN_PLUGINS, RECOMMENDATION_PLUGIN):  # never left out by
            # WORKSHOP_PLUGINS, only by WORKSHOP_DISABLE_PLUGINS
            short_name = module_name.rsplit(".", 1)[-1]
            self.add_module(module_name, SOURCE_BUILTIN, name=short_name, version=__version__)

    def load_entry_points(self) -> None:
        """Every plugin installed with an entry point in the ``workshop`` group."""
        try:
            found = sorted(_entry_points(group=ENTRY_POINT_GROUP), key=lambda e: e.name)
        except Exception as error:  # broken metadata of some installed package
            key, _ = self._new_info("entry points", SOURCE_ENTRY_POINT)
            self.fail(key, error)
            return
        for entry in found:
            dist = getattr(entry, "dist", None)
            version = dist.version if dist else None
            dist_name = dist.name if dist else None
            source = f"{SOURCE_ENTRY_POINT} ({dist_name})" if dist_name else SOURCE_ENTRY_POINT
            if self.is_disabled(entry.name, dist_name, entry.module):
                self._note_disabled(entry.name, source, version=version, module=entry.value,
                                    location=dist_name)
                continue
            try:
                plugin = isolation.run(entry.load, timeout=_import_budget())
            except Exception as error:
                key, _ = self._new_info(entry.name, source, version=version, module=entry.value,
                                        location=dist_name)
                self.fail(key, error)
                continue
            self.add(plugin, entry.name, source, version,
                     location=getattr(plugin, "__file__", None) or dist_name)

    def load_folder(self, folder: str | Path) -> None:
        """Load every ``*.py`` file of a facilitator's plugins folder (``_*.py`` are helpers)."""
        folder = Path(folder)
        source = f"{SOURCE_PLUGINS_DIR} ({folder})"
        if not folder.is_dir():
            key, _ = self._new_info(str(folder), source)
            self.fail(key, f"no such folder: {folder}")
            return
        for path in sorted(folder.glob("*.py")):
            name = path.stem
            if name.startswith("_"):
                continue
            if self.is_disabled(name):
                self._note_disabled(name, source, location=str(path))
                continue
            try:
                module = isolation.run(_import_file, path, f"workshop_plugins_dir.{name}",
                                       timeout=_import_budget())
            except Exception as error:  # SystemExit in a plugin arrives as PluginCrash
                key, _ = self._new_info(name, source, location=str(path))
                self.fail(key, error)
                continue
            self.add(module, name, source, location=str(path))

    def fail(self, name: str, error: BaseException | str) -> None:
        """Record a plugin as broken and unregister it; in strict mode, raise."""
        try:
            self.note_failure(name, error)
        finally:
            if self.pm.get_plugin(name) is not None:
                self.pm.unregister(name=name)
            self._forget()

    def note_failure(self, name: str, error: BaseException | str) -> str:
        """Record that a loaded plugin broke while working (its stage is marked, not removed)."""
        if isinstance(error, PluginError):
            raise error
        message = error if isinstance(error, str) else _short_error(error)
        info = self.infos.setdefault(name, PluginInfo(name=name, source=SOURCE_REGISTERED))
        info.status = "broken"
        if message not in (info.error or ""):
            info.error = message if info.error is None else f"{info.error}; {message}"
        if self.strict:
            raise PluginError(f"plugin {name}: {message}")
        return message

    def _forget(self) -> None:
        self._stages = self._catalogue = self._sections = None
        self._commands = self._settings_models = None

    def _hooks_of(self, name: str) -> Iterable[str]:
        plugin = self.pm.get_plugin(name)
        for caller in self.pm.get_hookcallers(plugin) or []:
            yield caller.name

    def _builtin(self, name: str) -> bool:
        """Whether ``name`` is one of the workshop's own plugins: its code runs in place, not
        on the plugin thread (no hand-off: some 0.1 ms a call, 23 calls and the thread's start
        in a `workshop report`, 8 ms of its 200 measured; it cannot hang or exit)."""
        info = self.infos.get(name)
        return info is not None and info.source == SOURCE_BUILTIN

    def _guarded(self, name: str, hook: str, function: Callable[..., Any],
                 swallow: bool = True, inline: bool = False) -> Callable[..., Any]:
        """``function`` run isolated (in place when ``inline``: a built-in's); a failure noted
        (and swallowed unless told otherwise)."""

        @functools.wraps(function)
        def guarded(*args: Any, **kwargs: Any) -> Any:
            try:
                if name in self.hung:
                    raise isolation.PluginTimeout("overran its time budget earlier: skipped")
                if inline:
                    return function(*args, **kwargs)
                return isolation.run(function, *args, **kwargs)
            except Exception as error:
                if isinstance(error, isolation.PluginTimeout):
                    self.hung.add(name)
                if not swallow:
                    raise
                self.note_failure(name, f"{hook}: {_short_error(error)}")
                return None

        return guarded

    @property
    def problems(self) -> list[str]:
        """One line per broken plugin: its name and what went wrong."""
        return [f"plugin {info.name}: {info.error}" for info in self.infos.values()
                if info.status == "broken"]

    @property
    def warnings(self) -> list[str]:
        return [f"plugin {info.name}: {warning}" for info in self.infos.values()
                for warning in info.warnings]

    # -- guarded hook calls ----------------------------------------------------------------

    def _collect(self, hook_name: str, accept: Callable[[str, Any], None]) -> None:
        """Call one hook plugin by plugin, so that one broken plugin spoils only itself.

        A plugin's items are accepted only if all of them are good: it is all or nothing.
        """
        caller = getattr(self.pm.hook, hook_name)
        # get_hookimpls() is in registration order (pluggy calls it backwards): built-ins first,
        # so that a plugin's network replaces the built-in one and a stage id goes to the first
        for impl in list(caller.get_hookimpls()):
            name = impl.plugin_name
            if self.pm.get_plugin(name) is None:  # failed earlier in this round
                continue
            collected: list[Any] = []
            try:
                impl.function(**{argument: collected.append for argument in impl.argnames})
                for item in collected:
                    accept(name, item)
            except Exception as error:
                self.fail(name, f"{hook_name}: {_short_error(error)}")

    def stages(self) -> list[Stage]:
        """Every registered stage, in workshop order (then by id)."""
        if self._stages is None:
            found: dict[str, Stage] = {}
            owners: dict[str, str] = {}

            def accept(plugin: str, stage: Any) -> None:
                check_stage(stage)
                if stage.id in found:
                    raise ValueError(f"stage id {stage.id!r} is already registered by plugin "
                                     f"{owners[stage.id]!r}")
                found[stage.id] = self._guarded_stage(plugin, stage)
                owners[stage.id] = plugin

            self._collect("register_stages", accept)
            for info in self.infos.values():
                info.stages = []
            # a plugin that broke half-way may have left stages behind: drop them
            self._stages = sorted(
                (s for s in found.values() if self.infos[owners[s.id]].ok),
                key=lambda stage: (stage.order, stage.id),
            )
            self.owner_of_stage = {s.id: owners[s.id] for s in self._stages}
            for stage in self._stages:
                info = self.infos[owners[stage.id]]
                info.stages.append(stage.id)
                for warning in stage_warnings(stage):
                    if warning not in info.warnings:
                        info.warnings.append(warning)
        return self._stages

    def _guarded_stage(self, plugin: str, stage: Stage) -> Stage:
        """A copy of the plugin's stage whose ``evaluate`` runs isolated, on a copy of what it
        is given (an assignment to ``context.session`` never reaches the file), with the
        plugin's own settings in ``context.plugin_settings``."""
        guarded = copy.copy(stage)
        evaluate = stage.evaluate
        # a built-in stage is the workshop's own code: run in place, on what it is given (the
        # copies cost ~0.1 ms a stage: 0.6 of a recompute's 0.8 ms)
        builtin = self._builtin(plugin)

        def isolated_evaluate(answers: BaseModel, context: Any) -> Any:
            if plugin in self.hung:
                raise isolation.PluginTimeout("overran its time budget earlier: skipped")
            session = context.session
            if builtin:
                view = dataclasses.replace(context)
                view.plugin_settings = self.settings_of(plugin, context.settings)
                return evaluate(answers, view)
            view = dataclasses.replace(
                context,
                session=session.model_copy(deep=True) if isinstance(session, BaseModel)
                else copy.deepcopy(session),
                catalogue=dict(context.catalogue),
            )
            view.plugin_settings = self.settings_of(plugin, context.settings)
            try:
                return isolation.run(evaluate, answers.model_copy(deep=True), view)
            except isolation.PluginTimeout:
                self.hung.add(plugin)
                raise

        guarded.evaluate = isolated_evaluate  # type: ignore[method-assign]
        return guarded

    def settings_of(self, plugin: str, settings: Any) -> Any:
        """A plugin's ``[plugins.<name>]`` tuning: its settings model filled in (defaults for
        what the tuning leaves out), or the plain table when the plugin declares no model."""
        table = {}
        if isinstance(settings, dict):
            table = (settings.get("plugins") or {}).get(plugin) or {}
        model = self.settings_models().get(plugin)
        if model is None:
            return dict(table)
        try:
            return model.model_validate(table)
        except Exception:  # checked by `workshop settings check`; here, the defaults
            return model()

    def settings_models(self) -> dict[str, type[BaseModel]]:
        """Each plugin's settings model, from ``register_settings``."""
        if self._settings_models is None:
            found: dict[str, type[BaseModel]] = {}

            def accept(plugin: str, model: Any) -> None:
                if not (isinstance(model, type) and issubclass(model, BaseModel)):
                    raise TypeError(f"register_settings expects a pydantic model class, "
                                    f"got {model!r}")
                try:
                    model()
                except Exception:
                    raise ValueError("every plugin setting needs a default") from None
                found[plugin] = model

            self._collect("register_settings", accept)
            self._settings_models = found
        return self._settings_models

    def commands(self) -> dict[str, tuple[str, Command]]:
        """Commands plugins add: name -> (plugin, command)."""
        if self._commands is None:
            found: dict[str, tuple[str, Command]] = {}

            def accept(plugin: str, command: Any) -> None:
                if not isinstance(command, Command) or not callable(command.run):
                    raise TypeError(f"register_commands expects workshop.hookspecs.Command, "
                                    f"got {command!r}")
                if not command.name.replace("-", "_").isidentifier():
                    raise ValueError(f"command name must be a word, got {command.name!r}")
                found.setdefault(command.name, (plugin, command))

            self._collect("register_commands", accept)
            self._commands = found
        return self._commands

    def stage(self, stage_id: str) -> Stage | None:
        return next((stage for stage in self.stages() if stage.id == stage_id), None)

    def catalogue(self) -> dict[str, Network]:
        """The network catalogue: built-in entries, then plugins' (the last one of an id wins)."""
        if self._catalogue is None:
            found: list[tuple[str, Network]] = []

            def accept(plugin: str, network: Any) -> None:
                check_network(network)
                found.append((plugin, network))

            self._collect("register_networks", accept)
            for info in self.infos.values():
                info.networks = []
            catalogue: dict[str, Network] = {}
            for plugin, network in found:
                if self.infos[plugin].ok:
                    catalogue[network.id] = network
                    self.infos[plugin].networks.append(network.id)
            self._catalogue = catalogue
        return self._catalogue

    def report_sections(self) -> list[ReportSection]:
        """Plugins' report sections, each ``render`` guarded: a raising one is left out."""
        if self._sections is None:
            found: list[tuple[str, ReportSection]] = []

            def accept(plugin: str, section: Any) -> None:
                check_section(section)
                found.append((plugin, dataclasses.replace(
                    section, render=self._guarded_render(plugin, section))))

            self._collect("register_report_sections", accept)
            for info in self.infos.values():
                info.sections = []
            sections = []
            for plugin, section in found:
                if self.infos[plugin].ok:
                    sections.append(section)
                    self.infos[plugin].sections.append(section.id)
            self._sections = sorted(sections, key=lambda section: (section.order, section.id))
        return self._sections

    def _guarded_render(self, plugin: str, section: ReportSection) -> Callable[..., Any]:
        render = section.render

        def guarded(evaluation: Any, lang: str) -> list[str] | None:
            try:
                if plugin in self.hung:
                    return None
                paragraphs = isolation.run(render, evaluation, lang)
                if paragraphs is None:
                    return None
                if isinstance(paragraphs, str):
                    return [paragraphs]
                return [str(paragraph) for paragraph in paragraphs]
            except Exception as error:
                if isinstance(error, isolation.PluginTimeout):
                    self.hung.add(plugin)
                self.note_failure(plugin, f"report section {section.id}: {_short_error(error)}")
                return None

        return guarded

    def plugin_of_stage(self, stage_id: str) -> str | None:
        self.stages()
        return self.owner_of_stage.get(stage_id)

    def provenance(self, stage_id: str) -> str | None:
        """What a session records of the plugin that answers a stage (``[stages.<id>] plugin``):
        what to install, then its version; None for a built-in stage."""
        name = self.plugin_of_stage(stage_id)
        info = self.infos.get(name) if name else None
        if info is None or info.source == SOURCE_BUILTIN:
            return None
        if info.source.startswith(SOURCE_ENTRY_POINT) and "(" in info.source:
            what = info.source[info.source.index("(") + 1:-1]  # the distribution's name
        elif info.source.startswith(SOURCE_PLUGINS_DIR):
            what = f"{Path(info.location).name if info.location else name} (plugins dir)"
        else:
            what = name
        return f"{what} {info.version}" if info.version else what

    def record_plugins(self, session: Any) -> None:
        """Write in each plugin stage's record which plugin (and version) answers it, so that
        a machine without that plugin says so (``validate`` warns; the report names it)."""
        for stage_id, record in getattr(session, "stages", {}).items():
            if record.status == "todo" and not record.answers:
                continue
            found = self.provenance(stage_id)
            extra = record.model_extra
            if found is not None and extra is not None and extra.get(PLUGIN_KEY) != found:
                extra[PLUGIN_KEY] = found


# -- checks of what plugins register ---------------------------------------------------------


@functools.cache
def _hook_parameters() -> dict[str, Any]:
    return {name: inspect.signature(getattr(hookspecs, name)).parameters
            for name in hook_names()}


def _hook_options(pm: pluggy.PluginManager, plugin: Any) -> list[tuple[str, dict[str, Any]]]:
    """``(attribute, hookimpl options)`` of each hook implementation of ``plugin``, as pluggy
    finds them. Only attributes carrying pluggy's mark are asked about: pluggy answers None
    for the others, and asking for each of a module's ~100 names cost some 2 ms a start."""
    marker = f"{pm.project_name}_impl"
    found = []
    for attribute in dir(plugin):
        try:
            if getattr(getattr(plugin, attribute), marker, None) is None:
                continue
            options = pm.parse_hookimpl_opts(plugin, attribute)
        except Exception:
            continue
        if options is not None:
            found.append((attribute, options))
    return found


def _hook_problem(pm: pluggy.PluginManager, plugin: Any) -> str | None:
    """An unknown hook name or an argument the hook does not give, said plainly."""
    known = dict(_hook_parameters())
    for hook in vars(pm.hook):  # specifications added besides workshop.hookspecs (tests)
        caller = getattr(pm.hook, hook, None)
        spec = getattr(caller, "spec", None)
        if hook not in known and spec is not None:
            known[hook] = spec.argnames
    for attribute, options in _hook_options(pm, plugin):
        hook = options.get("specname") or attribute
        if hook not in known:
            if options.get("optionalhook"):
                continue
            import difflib  # ~1 ms, only to suggest a name for a typo

            close = difflib.get_close_matches(hook, list(known), n=1)
            hint = f"; did you mean {close[0]!r}?" if close else ""
            return f"unknown hook {hook!r}{hint} (hooks: {', '.join(known)})"
        function = getattr(plugin, attribute)
        try:
            parameters = inspect.signature(function).parameters
        except (TypeError, ValueError):
            continue
        extra = [p for p in parameters if p not in known[hook] and p not in ("self", "cls")]
        if extra:
            return (f"hook {hook}: argument {', '.join(map(repr, extra))} is not given by the "
                    f"hook (allowed: {', '.join(known[hook])})")
    return None


DRAWABLE = ("bool, int, float, str, Literal[...] or an Enum (a choice), each optionally | None; "
            "a list of such values (several choices, lines, numbers, yes/nos), list[Model] (a "
            "table whose cells are such single values)")


def drawable(annotation: Any) -> bool:
    """Whether the app draws a question of this type with a proper widget (see ``DRAWABLE``);
    read from the one question grammar, ``workshop.questions``, as the app and the what-if do.

    Anything else is still asked, as raw TOML: allowed, but a plugin author should know.
    """
    return classify(annotation).drawable


def _unwrap(annotation: Any) -> Any:
    """Without ``Annotated[...]`` and without ``| None`` (to find nested models' config)."""
    while True:
        origin = get_origin(annotation)
        if origin is Annotated:
            annotation = get_args(annotation)[0]
        elif origin in (Union, types.UnionType):
            options = [a for a in get_args(annotation) if a is not type(None)]
            if len(options) != 1:
                return annotation
            annotation = options[0]
        else:
            return annotation


def check_questions(stage_id: str, questions: Any) -> None:
    """Refuse a questions model the app cannot draw or the engine cannot start from."""
    if not (isinstance(questions, type) and issubclass(questions, BaseModel)):
        raise TypeError(f"stage {stage_id}: questions must be a pydantic model class, "
                        f"got {questions!r}")
    try:
        questions.model_validate({})
    except Exception as error:
        missing = [name for name, f in questions.model_fields.items() if f.is_required()]
        detail = f"no default for {', '.join(missing)}" if missing else _short_error(error)
        raise ValueError(f"stage {stage_id}: every question needs a default (None for 'not "
                         f"answered yet'): {detail}") from None
    # Only arbitrary types can defeat the JSON Schema (used by `workshop schema` and editors);
    # building it for every stage would cost every start-up ~2 ms a stage.
    if _allows_arbitrary_types(questions):
        try:
            questions.model_json_schema()
        except Exception as error:
            raise TypeError(f"stage {stage_id}: questions have no JSON Schema: "
                            f"{_short_error(error)}") from None


def _allows_arbitrary_types(model: type[BaseModel]) -> bool:
    if model.model_config.get("arbitrary_types_allowed"):
        return True
    for info in model.model_fields.values():
        for item in (_unwrap(info.annotation), *get_args(_unwrap(info.annotation))):
            if isinstance(item, type) and issubclass(item, BaseModel) and item is not model \
                    and item.model_config.get("arbitrary_types_allowed"):
                return True
    return False


def check_stage(stage: Any) -> None:
    """Refuse a malformed stage at registration, with a message a plugin author can act on."""
    if not isinstance(stage, Stage):
        raise TypeError(f"register_stages expects a workshop.Stage instance, got {stage!r}")
    stage_id = getattr(stage, "id", None)
    if not isinstance(stage_id, str) or not stage_id.isidentifier() or stage_id.startswith("_"):
        raise ValueError(f"stage id must be a simple name like 'listening', got {stage_id!r}")
    check_questions(stage_id, getattr(stage, "questions", None))
    for attribute, low in (("weight", 0), ("order", None)):
        value = getattr(stage, attribute, None)
        if isinstance(value, bool) or not isinstance(value, (int, float)) or (
                low is not None and value < low):
            bound = f" >= {low}" if low is not None else ""
            raise ValueError(f"stage {stage_id}: {attribute} must be a number{bound}, "
                             f"got {value!r}")
    if not isinstance(getattr(stage, "texts", None), dict):
        raise TypeError(f"stage {stage_id}: texts must be a table ({{'fr': ..., 'en': ...}})")
    try:
        inspect.signature(stage.evaluate).bind(None, None)
    except TypeError:
        raise TypeError(f"stage {stage_id}: evaluate must take (answers, context)") from None


def stage_warnings(stage: Stage) -> list[str]:
    """What works but should not ship: texts missing in French or English, questions the app
    can only ask as raw TOML."""
    missing: list[str] = []
    for name, info in stage.questions.model_fields.items():
        if not question_of(info).drawable:
            shown = getattr(info.annotation, "__name__", None) or str(info.annotation)
            missing.append(f"stage {stage.id}: question {name!r} ({shown}) will be asked as raw "
                           f"TOML (the app draws: {DRAWABLE})")
    for lang in LANGUAGES:
        table = stage.texts.get(lang)
        if not isinstance(table, dict):
            missing.append(f"stage {stage.id}: no [{lang}] texts")
            continue
        if not isinstance(table.get("title"), str):
            missing.append(f"stage {stage.id}: no {lang} title")
        questions = table.get("questions", {})
        for name in stage.questions.model_fields:
            entry = questions.get(name) if isinstance(questions, dict) else None
            if not (isinstance(entry, dict) and isinstance(entry.get("title"), str)):
                missing.append(f"stage {stage.id}: question {name!r} has no {lang} title")
    return missing


def check_network(network: Any) -> None:
    if not isinstance(network, Network):
        raise TypeError(f"register_networks expects workshop.Network, got {network!r}")
    if not isinstance(network.id, str) or not network.id.isidentifier():
        raise ValueError(f"network id must be a simple name like 'mastodon', got {network.id!r}")
    for effort in ("posts_per_week", "minutes_per_post", "community_minutes_per_week"):
        value = getattr(network, effort)
        if isinstance(value, bool) or not isinstance(value, (int, float)) or value < 0:
            raise ValueError(f"network {network.id}: {effort} must be a number >= 0, "
                             f"got {value!r}")
    if not isinstance(network.name, dict) or not network.name:
        raise ValueError(f"network {network.id}: name must be {{'fr': ..., 'en': ...}}")


def check_section(section: Any) -> None:
    if not isinstance(section, ReportSection):
        raise TypeError(f"register_report_sections expects workshop.ReportSection, "
                        f"got {section!r}")
    if not isinstance(section.id, str) or not section.id:
        raise ValueError(f"report section id must be a name, got {section.id!r}")
    if not callable(section.render):
        raise TypeError(f"report section {section.id}: render must be a function "
                        "(evaluation, lang) -> list of paragraphs or None")
    if not isinstance(section.title, dict) or not section.title:
        raise ValueError(f"report section {section.id}: title must be {{'fr': ..., 'en': ...}}")


def _import_budget() -> float:
    seconds = isolation.budget()
    return seconds * isolation.IMPORT_FACTOR if seconds > 0 else 0


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
    """Built-ins, then installed plugins, then a plugins folder, then ``extra`` (tests).

    ``entry_points=None`` follows ``WORKSHOP_ENTRY_POINTS`` (on unless it is "0").
    """
    host = PluginHost(strict=strict)
    host.load_builtins()
    if entry_points is None:
        entry_points = os.environ.get(ENTRY_POINTS_VARIABLE, "1") != "0"
    if entry_points:
        host.load_entry_points()
    if plugins_dir is not None:
        host.load_folder(plugins_dir)
    for name, plugin in extra:
        host.add(plugin, name, SOURCE_REGISTERED)
    # touch every registry now so that broken registrations are reported at start
    host.stages()
    host.catalogue()
    host.report_sections()
    return host
