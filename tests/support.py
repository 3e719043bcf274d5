"""Helpers every test folder shares: the CLI as a subprocess, a session or plugin file on disk,
headless Chromium. One helper per job, so that a change of how the tests do it is made once."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import textwrap
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from workshop import Stage, hookimpl

IN_CI = os.environ.get("CI") == "true"
# WORKSHOP_DISABLE_PLUGINS=CORE_STAGES: the tests that pin the generic machinery (the verdict,
# what-if, the client view) on their own stages, not the rules of the core ones.
CORE_STAGES = "objectives,audience,networks,resources,tone,duration"

# The smallest valid session: the header a test appends its stages to.
MINIMAL_SESSION = """\
schema_version = 1

[session]
organisation = "Test Org"
kind = "business"
size = "small"
market = "b2c"
language = "en"
created = 2026-11-22T09:00:00+01:00
"""


class StagesPlugin:
    """A plugin object registering the given stages, as a test hands it to ``make_host``."""

    def __init__(self, *stages: Stage) -> None:
        self.stages = stages

    @hookimpl
    def register_stages(self, register: Callable[[Stage], None]) -> None:
        for stage in self.stages:
            register(stage)


# -- the CLI as a user runs it ------------------------------------------------------------------


def workshop_env(**extra: str) -> dict[str, str]:
    """This process's environment for a ``workshop`` subprocess: entry points off (the tests
    register their own plugins), 100 columns (stable wrapping), then ``extra``."""
    return {**os.environ, "WORKSHOP_ENTRY_POINTS": "0", "COLUMNS": "100", **extra}


def workshop_command(*args: str, module: str = "workshop.cli") -> list[str]:
    """``python -m workshop.cli ARGS`` with this interpreter (``module="workshop"`` for the
    package's ``__main__``)."""
    return [sys.executable, "-m", module, *args]


def run_workshop(*args: str, env: dict[str, str] | None = None, cwd: Path | None = None,
                 input_text: str | None = None, timeout: float = 120,
                 module: str = "workshop.cli",
                 preexec_fn: Callable[[], Any] | None = None) -> subprocess.CompletedProcess[str]:
    """Run ``workshop ARGS`` in a subprocess, both streams captured as text; ``env`` is added
    to :func:`workshop_env`, ``preexec_fn`` sets a limit or a umask in the child."""
    return subprocess.run(
        workshop_command(*args, module=module), capture_output=True, text=True,
        env=workshop_env(**(env or {})), cwd=cwd, input=input_text, timeout=timeout,
        preexec_fn=preexec_fn,
    )


def report_json(path: Path | str, *args: str, env: dict[str, str] | None = None) -> dict:
    """``workshop report PATH --format json ARGS`` in a subprocess: it must succeed; its JSON."""
    import json

    result = run_workshop("report", str(path), "--format", "json", *args, env=env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


# -- files a facilitator would have --------------------------------------------------------------


def write_session(folder: Path, content: str | dict[str, Any],
                  name: str = "session.toml") -> Path:
    """A session file ``folder/name`` from TOML text or from a dict (written with tomli_w)."""
    if not isinstance(content, str):
        import tomli_w

        content = tomli_w.dumps(content)
    path = folder / name
    path.write_text(content, encoding="utf-8")
    return path


def replace_file(path: Path, text: str) -> None:
    """Write ``path`` as the app saves: a new file renamed over the old one."""
    temporary = path.with_name(f".{path.name}.tmp")
    temporary.write_text(text, "utf-8")
    os.replace(temporary, path)


def write_plugins(parent: Path, **files: str) -> Path:
    """``parent/plugins``, the folder given to ``--plugins-dir``, with one-file plugins:
    name -> Python source (dedented)."""
    folder = parent / "plugins"
    folder.mkdir(exist_ok=True)
    for name, source in files.items():
        (folder / f"{name}.py").write_text(textwrap.dedent(source), encoding="utf-8")
    return folder


# -- headless Chromium ---------------------------------------------------------------------------


def unavailable(what: str) -> None:
    """Skip a browser check that cannot run here; under CI=true it must run, so fail."""
    if IN_CI:
        pytest.fail(f"{what}: CI=true, so the browser check must run (see .ci/run)")
    pytest.skip(what)


def chromium() -> str:
    """Debian's chromium, or skip (fail in CI) when it is not installed."""
    found = shutil.which("chromium") or ("/usr/bin/chromium"
                                         if Path("/usr/bin/chromium").exists() else None)
    if found is None:
        unavailable("chromium is not installed")
    return str(found)


def chromium_command(profile: str, *options: str) -> list[str]:
    """Headless chromium on its own throw-away ``profile``, quiet (no first-run page, no
    background fetches, no updates), with ``options`` (the page to open last)."""
    return [chromium(), "--headless", "--no-sandbox", "--no-first-run",
            "--disable-background-networking", "--disable-component-update",
            f"--user-data-dir={profile}", *options]
