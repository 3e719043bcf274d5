"""Reading and writing session files.

Writes are atomic (temporary file in the same folder, fsync, rename, fsync of the folder), so a
crash or a power cut leaves either the old file or the new one, never half of one. A file that
cannot be read is never written over: ``load_session`` raises before anyone can save.
"""

from __future__ import annotations

import contextlib
import errno
import functools
import glob
import os
import re
import sys
import tempfile
import tomllib
from dataclasses import replace
from datetime import date, datetime, time
from pathlib import Path
from stat import S_IMODE, S_ISDIR, S_ISREG
from typing import Any

from pydantic import BaseModel, ValidationError

from workshop.session import messages
from workshop.session.errors import Problem, SessionError
from workshop.session.locate import line_index, locate, long_key_line
from workshop.session.models import Session

_TOML_POSITION = re.compile(r"\(at line (\d+), column (\d+)\)")
# No session nests anywhere near this deep (stages.<id>.answers.goals.0.kpi is 6 levels); a file
# that does is refused when read, rather than failing later when it is saved.
MAX_DEPTH = 32
TEMP_SUFFIX = ".tmp"
# The largest session (or settings) file read: 100 KB of notes is a long workshop, and a file
# 100 times that still opens and reports in seconds; /dev/zero or a 3 GB file is refused.
MAX_FILE_BYTES = 10 * 1024 * 1024


def _fail(path: str | Path, message: str, line: int | None = None,
          allowed: str | None = None) -> SessionError:
    """A ``SessionError`` about the whole file."""
    return SessionError(path, [Problem(str(path), line, "", message, allowed)])


def read_regular(path: str | Path, limit: int | None = None) -> tuple[bytes, os.stat_result]:
    """The bytes of a regular file and the stat of that very file.

    A FIFO, a device (``/dev/zero``), a socket or a folder is refused without being read (the
    file is opened non-blocking, so a FIFO without a writer cannot hang us, then checked with
    ``fstat``), and so is a file over ``limit`` bytes (``MAX_FILE_BYTES``): never a hang, never
    gigabytes in memory. Raises ``FileNotFoundError``, ``SessionError`` (not a regular file,
    too big) or another ``OSError``.
    """
    limit = MAX_FILE_BYTES if limit is None else limit
    descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0)
                         | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_BINARY", 0))
    try:
        stat = os.fstat(descriptor)
        if not S_ISREG(stat.st_mode):
            what = "a folder" if S_ISDIR(stat.st_mode) else "not a regular file"
            raise _fail(path, f"is {what}, not a session file", None,
                        "a regular file, such as sessions/name.toml")
        if stat.st_size > limit:
            raise _fail(path, f"is too big ({stat.st_size:,} bytes)", None,
                        f"at most {limit:,} bytes")
        chunks, size = [], 0
        while True:  # the file may grow while we read it: never more than the limit
            chunk = os.read(descriptor, min(1 << 20, limit + 1 - size))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
            if size > limit:
                raise _fail(path, "is too big (it grew while being read)", None,
                            f"at most {limit:,} bytes")
        return b"".join(chunks), stat
    finally:
        os.close(descriptor)


def read_bytes(path: Path) -> bytes:
    """The file's bytes, or ``SessionError`` saying plainly why it cannot be read."""
    try:
        return read_regular(path)[0]
    except FileNotFoundError:
        raise _fail(path, "no such file") from None
    except IsADirectoryError:
        raise _fail(path, "is a folder, not a file") from None
    except OSError as error:
        raise _fail(path, error.strerror or str(error)) from None


def decode(raw: bytes, path: str | Path) -> str:
    """UTF-8 text (a byte-order mark is tolerated), or ``SessionError`` naming the line."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        raise _fail(path, "is not UTF-8 text", line, "a UTF-8 TOML file") from None
    return text.removeprefix("\ufeff")


def read_text(path: Path) -> str:
    return decode(read_bytes(path), path)


def parse_toml(text: str, path: str | Path) -> dict[str, Any]:
    long_key = long_key_line(text, MAX_DEPTH)
    if long_key is not None:
        raise _fail(path, f"a key of more than {MAX_DEPTH} dotted parts: nested too deeply",
                    long_key)
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        message = str(error)
        found = _TOML_POSITION.search(message)
        line = int(found.group(1)) if found else None
        message = _TOML_POSITION.sub("", message).strip()
        raise _fail(path, f"TOML syntax error: {message}", line) from None
    except RecursionError:
        raise _fail(path, f"nested too deeply (more than {MAX_DEPTH} levels)") from None
    deep = _too_deep(data, MAX_DEPTH)
    if deep is not None:
        field = ".".join(str(part) for part in deep[:MAX_DEPTH // 4]) + ".…"
        line = locate(line_index(text), deep)
        raise SessionError(path, [Problem(str(path), line, field,
                                          f"nested too deeply (more than {MAX_DEPTH} levels)")])
    return data


def _too_deep(data: Any, limit: int) -> tuple[str | int, ...] | None:
    """The path of a value nested more than ``limit`` tables or arrays deep, if any."""
    pending: list[tuple[Any, tuple[str | int, ...]]] = [(data, ())]
    while pending:
        value, where = pending.pop()
        if len(where) > limit:
            return where
        if isinstance(value, dict):
            pending.extend((item, (*where, key)) for key, item in value.items())
        elif isinstance(value, list):
            pending.extend((item, (*where, position)) for position, item in enumerate(value))
    return None


def problems_from_validation(
    error: ValidationError,
    path: str | Path,
    text: str | None = None,
    prefix: tuple[str | int, ...] = (),
    index: dict[tuple[str, ...], int] | None = None,
) -> list[Problem]:
    """Turn pydantic's errors into problems that name the field (and its path, ``location``).

    With ``text`` (the very text the data was read from) each problem gets its line too;
    without it the owner of the text adds them later (``with_lines``): a caller that was not
    given the text must not guess it (issue 18).
    """
    problems = []
    for detail in error.errors(include_url=False):
        location = (*prefix, *detail["loc"])
        problems.append(Problem(file=str(path), line=None,
                                field=".".join(str(part) for part in location),
                                message=_describe(detail), allowed=_allowed(detail),
                                location=location))
    return with_lines(problems, text, index) if text else problems


def with_lines(problems: list[Problem], text: str | None,
               index: dict[tuple[str, ...], int] | None = None) -> list[Problem]:
    """``problems`` with the line of each in ``text`` (the text the file was read from), where
    one is missing; a field whose table is not in the file at all gets the file's first line."""
    if not text or all(problem.line for problem in problems):
        return problems
    index = line_index(text) if index is None else index
    return [problem if problem.line or not problem.location
            else replace(problem, line=locate(index, problem.location) or 1)
            for problem in problems]


def _describe(detail: Any) -> str:
    """The command line's wording: the app's, in English (one translator, ``messages``)."""
    return messages.describe(detail, "en")


def _allowed(detail: Any) -> str | None:
    context = detail.get("ctx") or {}
    if "allowed" in context:  # a custom error of the models says it itself
        return str(context["allowed"])
    if "expected" in context:
        return str(context["expected"]).replace("'", "")
    for bound, word in (("ge", ">="), ("gt", ">"), ("le", "<="), ("lt", "<")):
        if bound in context:
            return f"a number {word} {context[bound]}"
    kind = detail["type"]
    simple = {
        "int_type": "a whole number",
        "int_parsing": "a whole number",
        "int_from_float": "a whole number",
        "float_type": "a number",
        "float_parsing": "a number",
        "finite_number": "a finite number, such as 4 or 2.5",
        "bool_type": "true or false",
        "bool_parsing": "true or false",
        "string_type": "a text in quotes",
        "list_type": "a list [...]",
        "dict_type": "a table",
        "model_type": "a table",
        "model_attributes_type": "a table",
        "datetime_type": "a date-time such as 2026-11-22T09:00:00+01:00",
        "datetime_parsing": "a date-time such as 2026-11-22T09:00:00+01:00",
        "string_too_short": "a text that is not empty",
    }
    return simple.get(kind)


def parse_session(text: str, path: str | Path = "<session>") -> Session:
    """Validate a session's text; raise ``SessionError`` naming every problem."""
    data = parse_toml(text, path)
    if "schema_version" not in data:
        raise SessionError(
            path,
            [Problem(str(path), 1, "schema_version", "is missing", "schema_version = 1")],
        )
    try:
        return Session.model_validate(data)
    except ValidationError as error:
        problems = problems_from_validation(error, path, text)
        # a newer schema makes every other message moot: say only that
        newer = [p for p in problems if p.field == "schema_version"]
        raise SessionError(path, newer or problems) from None
    except RecursionError:
        raise _fail(path, "nested too deeply") from None


def load_session(path: str | Path) -> Session:
    return load_session_text(path)[0]


def load_session_text(path: str | Path) -> tuple[Session, str]:
    """The session and the text it was read from (for line numbers in later messages)."""
    path = Path(path)
    text = read_text(path)
    return parse_session(text, path), text


def _written_fields(model: BaseModel) -> dict[str, Any]:
    """The fields worth writing: those the user set, those changed since, and extras."""
    fields: dict[str, Any] = {}
    for name, info in type(model).model_fields.items():
        value = getattr(model, name)
        if name in model.model_fields_set or value != info.get_default(call_default_factory=True):
            fields[name] = value
    fields.update(model.model_extra or {})
    return fields


def _plain(value: Any) -> Any:
    """Data tomli-w can write: no None (TOML has no null), tables and arrays all the way."""
    if isinstance(value, BaseModel):
        return _plain(_written_fields(value))
    if isinstance(value, dict):
        return {str(key): _plain(item) for key, item in value.items() if item is not None}
    if isinstance(value, (list, tuple)):
        return [_plain(item) for item in value if item is not None]
    if isinstance(value, (str, bool, int, float, datetime, date, time)):
        return value
    return str(value)


def session_data(session: Session) -> dict[str, Any]:
    """The file's content as plain data (new tables and arrays, not the session's own), keeping
    what the user wrote and only that, in the file's order: version, session, settings, stages."""
    data = _plain(session)
    data["schema_version"] = session.schema_version
    ordered = {key: data[key] for key in ("schema_version", "session", "settings") if key in data}
    ordered.update((key, value) for key, value in data.items() if key not in ordered)
    return ordered


def dump_session(session: Session, previous: str | None = None) -> str:
    return dump_session_data(session_data(session), previous)


def dump_session_data(data: dict[str, Any], previous: str | None = None) -> str:
    """``session_data`` as TOML text: the costly half of a save (some 60 ms for 1 MB), which
    the app does on its writer thread, off the keystroke. Given the ``previous`` text of the
    file ("" for a new one), its comments and layout are kept (``session/document.py``)."""
    if previous is not None:
        from workshop.session.document import render  # ~6.4 ms, only to write: reports read

        return render(previous, data, dump_session_data)
    # Notes read better as multi-line strings, but TOML reads a line break in one as "\n":
    # a "\r\n" pasted from Windows would come back without its "\r". Then every string is
    # written on one line, escaped, and comes back exactly.
    import tomli_w  # only to write: `workshop report` reads (0.3 ms)

    return tomli_w.dumps(data, multiline_strings=not _has_carriage_return(data))


def _has_carriage_return(value: Any) -> bool:
    if isinstance(value, str):
        return "\r" in value
    if isinstance(value, dict):
        return any(_has_carriage_return(item) for item in value.values())
    if isinstance(value, (list, tuple)):
        return any(_has_carriage_return(item) for item in value)
    return False


def atomic_write(path: str | Path, text: str, *, exclusive: bool = False) -> None:
    """Write ``text`` to ``path`` so that a crash leaves the old file or the new one, whole
    (``exclusive``: only a new file, see ``atomic_write_bytes``)."""
    atomic_write_bytes(path, text.encode("utf-8"), exclusive=exclusive)


def atomic_write_bytes(path: str | Path, content: bytes, *, exclusive: bool = False) -> None:
    """``atomic_write`` for bytes: a hidden temporary file (``.<name>.*.tmp``) in the same folder,
    fsync, rename over ``path``, fsync of the folder. A symbolic link is written through (the
    session in a synced folder stays there), not replaced by a file. A new file gets the mode
    the user's umask gives (0644 under the usual 022); a replaced one keeps its own.

    ``exclusive``: ``path`` must not exist yet, even if it appears meanwhile
    (``FileExistsError``): the temporary file is linked to the name, never renamed over one.
    """
    path = Path(path)
    if path.is_symlink() and not exclusive:
        path = Path(os.path.realpath(path))
    temporary = write_temporary(path, content, keep_mode=not exclusive)
    try:
        if exclusive:
            _link_new(temporary, path)
        else:
            os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    _fsync_folder(path.parent if str(path.parent) else Path("."))


def new_file_mode() -> int:
    """The mode a new file gets from the user's umask (``open()``'s 0666 minus the umask)."""
    return 0o666 & ~_umask()


def _umask() -> int:
    try:  # Linux says it without changing it (changing it would race with other threads)
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError, IndexError):
        pass
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def write_temporary(path: Path, content: bytes, *, keep_mode: bool = True) -> str:
    """``content`` in a new hidden file beside ``path`` (``.<name>.*.tmp``), fsynced, with the
    mode of ``path`` (``keep_mode``, when it exists) or the umask's: ready to be renamed."""
    folder = path.parent if str(path.parent) else Path(".")
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=TEMP_SUFFIX,
                                         dir=folder)
    try:
        mode = None
        if keep_mode:
            with contextlib.suppress(OSError):
                mode = S_IMODE(os.stat(path).st_mode)
        os.chmod(temporary, new_file_mode() if mode is None else mode)
        with os.fdopen(handle, "wb") as stream:
            stream.write(content)
            stream.flush()
            os.fsync(stream.fileno())
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return temporary


_RENAME_EXCHANGE = 2  # linux/fs.h
_AT_FDCWD = -100


@functools.cache
def _renameat2() -> Any:
    """glibc's ``renameat2`` (Linux 3.15+), or None where there is none."""
    if not sys.platform.startswith("linux"):
        return None
    import ctypes  # only to write a session: 1.3 ms of a `workshop report` that never does

    try:
        function = ctypes.CDLL(None, use_errno=True).renameat2
    except (OSError, AttributeError):
        return None
    function.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p,
                         ctypes.c_uint]
    function.restype = ctypes.c_int
    return function


def exchange(first: str | Path, second: str | Path) -> bool:
    """Swap two names atomically (``renameat2(RENAME_EXCHANGE)``): True when done; False where
    the system or the file system cannot (then nothing changed), or when ``second`` is gone.

    Renaming a new version over a session with a swap leaves the version it replaced at the
    temporary name: the store reads it back to see whether someone else wrote in the last
    instant before the swap, and keeps their version if so (docs/reliability.md).
    """
    function = _renameat2()
    if function is None:
        return False
    done = function(_AT_FDCWD, os.fsencode(first), _AT_FDCWD, os.fsencode(second),
                    _RENAME_EXCHANGE)
    if done == 0:
        return True
    import ctypes  # loaded by _renameat2 already

    number = ctypes.get_errno()
    if number in (errno.EINVAL, errno.ENOSYS, errno.ENOTSUP, errno.EOPNOTSUPP, errno.ENOENT,
                  errno.EPERM):
        return False
    raise OSError(number, os.strerror(number), str(second))


def fsync_folder(folder: Path) -> None:
    """Make a rename in ``folder`` durable (nothing to do where folders cannot be opened)."""
    _fsync_folder(folder)


def _link_new(temporary: str, path: Path) -> None:
    """Give ``temporary`` the name ``path`` only if that name is free."""
    try:
        os.link(temporary, path)  # fails if the name is taken: no overwrite, ever
    except FileExistsError:
        raise
    except OSError:  # a file system without hard links: the next best thing
        if path.exists():
            raise FileExistsError(str(path)) from None
        os.replace(temporary, path)
        return
    Path(temporary).unlink(missing_ok=True)


def temporary_files(path: str | Path) -> list[Path]:
    """The temporary files ``atomic_write`` makes for ``path``: what a crash may leave behind.

    Hidden (``.<name>.*.tmp``), so that neither a picker listing ``*.toml`` nor a person takes
    one for the session.
    """
    path = Path(path)
    folder = path.parent if str(path.parent) else Path(".")
    return sorted(folder.glob(f".{glob.escape(path.name)}.*{TEMP_SUFFIX}"))


def _fsync_folder(folder: Path) -> None:
    try:
        descriptor = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(descriptor)
    except OSError:
        pass
    finally:
        os.close(descriptor)


def save_session(path: str | Path, session: Session) -> None:
    atomic_write(path, dump_session(session))
