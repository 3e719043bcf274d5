"""The product's own TOML data files (texts, catalogue, defaults), parsed once, not at every start.

Every start reads some 70 KB of them (the six stages' texts in two languages, the app's words,
the catalogue, the default tuning): ``tomllib`` takes about 10 ms for that, a twentieth of
what the first screen may cost. As Python does with its ``.pyc`` files, the parsed table is
kept, here in the user's cache folder, with the file's path, size and modification time,
and read back with ``marshal`` (about fifty times faster) while those still match.

Only files that ship with workshop or with a plugin go through here, never a session file: a
session's problems need its text and line numbers. The cache is a convenience: a folder that
cannot be written, a cache file that is damaged or stale, a table that ``marshal`` cannot hold
(TOML dates): the file is simply parsed, as without a cache.

``WORKSHOP_CACHE_DIR`` moves the cache; set to an empty value, it turns it off. Otherwise it
lives in the platform's cache folder (``platformdirs``: ``~/.cache/workshop`` on Linux,
``~/Library/Caches/workshop`` on macOS, ``%LOCALAPPDATA%\\workshop\\Cache`` on Windows).

Kept because it is measured to matter (issue 18 item 11, 2026-12-04, 2-core machine, busy,
15 interleaved runs): ``workshop report --format json`` took 1.45x its floor with the cache
(CPU time 1.46x) and 1.53x without it (CPU 1.53x): some 11 ms, and the bar is 1.5x.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import marshal
import os
import sys
import tomllib
from pathlib import Path
from typing import Any

APP_NAME = "workshop"
CACHE_VARIABLE = "WORKSHOP_CACHE_DIR"
CACHE_SUFFIX = ".marshal"


def cache_folder() -> Path | None:
    """Where parsed data files are kept, or None when the cache is turned off."""
    # asked for every data file (14 in a `workshop report`): found once per environment
    return _cache_folder(os.environ.get(CACHE_VARIABLE), os.environ.get("XDG_CACHE_HOME"),
                         os.environ.get("HOME"), os.environ.get("LOCALAPPDATA"))


@functools.cache
def _cache_folder(chosen: str | None, *platform_variables: str | None) -> Path | None:
    if chosen is not None:
        base = Path(chosen) if chosen else None
    else:
        base = Path(_platformdirs().user_cache_dir(APP_NAME, appauthor=False))
    if base is None:
        return None
    # marshal's format belongs to one Python version
    return base / f"data-py{sys.version_info[0]}{sys.version_info[1]}"


def _platformdirs() -> Any:
    import platformdirs  # ~2 ms, only when a folder is asked for

    return platformdirs


def config_folder() -> Path:
    """Where the user's own configuration lives (``keys.toml``): ``platformdirs``'s config
    folder for workshop (``~/.config/workshop`` on Linux, where ``XDG_CONFIG_HOME`` is read)."""
    return Path(_platformdirs().user_config_dir(APP_NAME, appauthor=False))


def read_toml(path: str | Path) -> dict[str, Any]:
    """The parsed TOML file at ``path`` (``tomllib``'s errors as they are)."""
    path = Path(path)
    folder = cache_folder()
    if folder is None:
        return tomllib.loads(path.read_text("utf-8"))
    source = os.path.abspath(path)
    stat = os.stat(source)
    stamp = (source, stat.st_size, stat.st_mtime_ns)
    cached_file = folder / (hashlib.sha1(source.encode("utf-8")).hexdigest() + CACHE_SUFFIX)
    try:
        kept_stamp, data = marshal.loads(cached_file.read_bytes())
        if tuple(kept_stamp) == stamp and isinstance(data, dict):
            return data
    except (OSError, EOFError, ValueError, TypeError):
        pass  # none yet, or damaged: parsed again below
    data = tomllib.loads(path.read_text("utf-8"))
    _keep(cached_file, stamp, data)
    return data


def _keep(cached_file: Path, stamp: tuple[str, int, int], data: dict[str, Any]) -> None:
    """Write the cache file whole or not at all (a temporary file renamed over it)."""
    try:
        payload = marshal.dumps((stamp, data))
    except ValueError:
        return  # a date or a time in the table: marshal cannot hold it
    temporary = cached_file.with_name(f".{cached_file.name}.{os.getpid()}.tmp")
    try:
        cached_file.parent.mkdir(parents=True, exist_ok=True)
        temporary.write_bytes(payload)
        os.replace(temporary, cached_file)
    except OSError:
        with contextlib.suppress(OSError):
            temporary.unlink()


def read_toml_resource(resource: str | Path | Any) -> dict[str, Any]:
    """A data file, by path or as a package's resource (``importlib.resources.files(...)``):
    through the cache when it is a real file, parsed directly when it lives in a zip."""
    if isinstance(resource, (str, Path)):
        return read_toml(resource)
    return tomllib.loads(resource.read_text("utf-8"))
