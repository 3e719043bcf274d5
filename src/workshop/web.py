"""``workshop present FILE --web``: the client view in the client's browser, through textual-serve.

textual-serve starts one process per browser that opens the page and streams its screen to
xterm.js. The process it starts here is ``workshop present FILE``: a browser receives what the
client view draws and nothing else of the file (never the notes, the timer or an override's
reason), and the keys it sends go to that read-only process, never to the facilitator's app.

The link carries a short random token: the page is refused (403) without it, and the page hands
it to its own websocket as a cookie (the websocket address textual.js builds cannot carry it).
Only textual-serve's public ``Server`` is used: its three handlers are wrapped, its routes kept.
Its ``/static`` files (xterm.js, a font) are the library's own and are served to anyone.
"""

from __future__ import annotations

import argparse
import asyncio
import atexit
import hmac
import logging
import os
import secrets
import shlex
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from html import escape
from importlib.resources import files
from pathlib import Path
from string import Template
from typing import IO, Any

from workshop.i18n import t

TOKEN_BYTES = 9  # 12 characters in the link: short to read out, too many to guess
TOKEN_VARIABLE = "WORKSHOP_VIEW_TOKEN"  # how the app hands its token to the server it starts
LOOPBACK = "127.0.0.1"
DEFAULT_PORT = 8000
START_SECONDS = 15.0  # how long the app waits for a server it started to answer


def new_token() -> str:
    return secrets.token_urlsafe(TOKEN_BYTES)


def same(given: str | None, token: str) -> bool:
    """Constant time, so that the token cannot be found a character at a time."""
    return given is not None and hmac.compare_digest(given.encode(), token.encode())


def free_port(host: str = LOOPBACK) -> int:
    """A port nobody listens on now (the server binds it a moment later)."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.bind((host, 0))
        return int(probe.getsockname()[1])


def lan_address() -> str:
    """This machine's address on the local network, for a link served on every interface.

    A UDP "connection" sends nothing: it only asks the system which interface it would use."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        try:
            probe.connect(("192.0.2.1", 9))  # TEST-NET-1: never routed anywhere for real
            return str(probe.getsockname()[0])
        except OSError:
            return LOOPBACK


def link(host: str, port: int, token: str) -> str:
    """The address to give the client; a server on every interface is named by its LAN one."""
    shown = lan_address() if host in ("", "0.0.0.0", "::") else host
    if ":" in shown:
        shown = f"[{shown}]"
    return f"http://{shown}:{port}/?key={token}"


def served_command(path: Path, interval: float, plugins_dir: str | None) -> str:
    """What textual-serve runs for each browser: the read-only client view, nothing else."""
    words = [sys.executable, "-m", "workshop", "present", str(path.resolve()),
             "--interval", str(interval), "--served"]
    if plugins_dir:
        words += ["--plugins-dir", str(Path(plugins_dir).resolve())]
    return "exec " + shlex.join(words)  # the view is the server's own child, not a shell's


def page_texts(lang: str) -> dict[str, str]:
    return {name: t(lang, f"app.share.page.{name}") for name in ("lost", "ended")}


PAGE = Template((files("workshop") / "data" / "web_view.html").read_text("utf-8"))


def make_server(path: Path, *, host: str, port: int, token: str, interval: float = 0.5,
                plugins_dir: str | None = None, lang: str = "en") -> Any:
    """A textual-serve ``Server`` for the client view of ``path``, behind the token."""
    # aiohttp and textual-serve, ~50 ms: only a server (the app's share key reads the rest)
    from aiohttp import web
    from textual_serve.server import Server

    cookie = f"workshop_view_{port}"
    texts = {name: escape(text) for name, text in page_texts(lang).items()}

    def allowed(request: web.Request, *, page: bool) -> bool:
        """The page needs the token in its address; what the page asks for after it (the
        websocket, a download) brings it as the cookie the page was given."""
        if same(request.query.get("key"), token):
            return True
        return not page and same(request.cookies.get(cookie), token)

    watching: set[asyncio.Task[Any]] = set()  # one per browser connected

    class ViewServer(Server):
        def initialize_logging(self) -> None:
            # warnings only: the access log would print every link, token included
            logging.basicConfig(level=logging.WARNING, stream=sys.stderr,
                                format="workshop web: %(message)s")

        async def on_startup(self, app: web.Application) -> None:
            print(f"The client view of {path.name}: {link(host, port, token)}", flush=True)
            print("Give this link only to the workshop's participants. Ctrl+C stops.",
                  flush=True)

        async def handle_index(self, request: web.Request) -> web.StreamResponse:
            if not allowed(request, page=True):
                raise web.HTTPForbidden(text="This link is not valid.\n")
            html = PAGE.substitute(lang=escape(lang), lost=texts["lost"], ended=texts["ended"])
            response = web.Response(text=html, content_type="text/html")
            response.set_cookie(cookie, token, httponly=True, samesite="Strict", path="/")
            response.headers["Cache-Control"] = "no-store"
            response.headers["Referrer-Policy"] = "no-referrer"
            return response

        async def handle_websocket(self, request: web.Request) -> web.StreamResponse:
            if not allowed(request, page=False):
                raise web.HTTPForbidden(text="This link is not valid.\n")
            task = asyncio.current_task()
            if task is not None:
                watching.add(task)
            try:
                return await super().handle_websocket(request)
            finally:
                watching.discard(task)  # type: ignore[arg-type]

        async def on_shutdown(self, app: web.Application) -> None:
            """Ctrl+C: close each browser's connection (which stops its view) at once, rather
            than wait for browsers that would keep it open."""
            for task in list(watching):
                task.cancel()

        async def handle_download(self, request: web.Request) -> web.StreamResponse:
            if not allowed(request, page=False):
                raise web.HTTPForbidden(text="This link is not valid.\n")
            return await super().handle_download(request)

    return ViewServer(served_command(path, interval, plugins_dir), host=host, port=port,
                      title="workshop")


def stop_with_stdin() -> None:
    """Stop (as Ctrl+C would) when standard input closes: the app that started this server
    holds the other end, so the server never outlives it, even killed."""
    def watch() -> None:
        while sys.stdin.buffer.read(1024):
            pass
        os.kill(os.getpid(), signal.SIGTERM)

    threading.Thread(target=watch, name="stdin-watch", daemon=True).start()


def port_problem(host: str, port: int) -> str | None:
    """Why the server could not listen there (taken, not this machine's), else None: said
    before the link is printed, not after."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    try:
        with socket.socket(family, socket.SOCK_STREAM) as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as aiohttp does
            probe.bind((host, port))
    except OSError as error:
        return error.strerror or str(error)
    return None


def serve(args: argparse.Namespace, lang: str) -> int:
    """``workshop present FILE --web``: serve until Ctrl+C."""
    host = args.host
    try:
        port = args.port if args.port else free_port(host)
        problem = None if 0 < port < 65536 else "not a port"
    except OSError as error:
        port, problem = args.port, error.strerror or str(error)
    problem = problem or port_problem(host, port)
    if problem:
        print(f"workshop: cannot serve on {host}:{port}: {problem} (--port 0: any free port)",
              file=sys.stderr)
        return 1
    token = os.environ.pop(TOKEN_VARIABLE, None) or new_token()  # not handed on to the views
    if getattr(args, "until_stdin_closes", False):
        stop_with_stdin()
    server = make_server(Path(args.file), host=host, port=port, token=token,
                         interval=max(0.1, float(args.interval)),
                         plugins_dir=getattr(args, "plugins_dir", None), lang=lang)
    try:
        server.serve()
    except OSError as error:  # the port is taken, the address is not this machine's
        print(f"workshop: cannot serve on {host}:{port}: {error.strerror or error}",
              file=sys.stderr)
        return 1
    return 0


def watch_parent() -> None:
    """For a served client view: quit when the server that started it is gone (a server
    killed outright cannot tell its views to stop)."""
    parent = os.getppid()

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(1.0)
        os._exit(0)  # nothing to save: the view only reads

    threading.Thread(target=watch, name="parent-watch", daemon=True).start()


# -- the server the app starts on demand ----------------------------------------------------------


@dataclass
class Sharing:
    """A ``workshop present FILE --web`` the app started, and the link it gives."""

    path: Path
    host: str
    port: int
    token: str
    process: subprocess.Popen[bytes]
    output: IO[bytes]
    url: str = field(init=False)

    def __post_init__(self) -> None:
        self.url = link(self.host, self.port, self.token)

    @property
    def running(self) -> bool:
        return self.process.poll() is None

    def stop(self, timeout: float = 5.0) -> None:
        """Ask it to stop (its views with it), then make sure."""
        if self.running:
            self.process.terminate()
            try:
                self.process.wait(timeout)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout)
        if self.process.stdin is not None:
            self.process.stdin.close()
        self.output.close()


_SHARED: dict[Path, Sharing] = {}
_LOCK = threading.Lock()


def share(path: str | Path, *, host: str = LOOPBACK, plugins_dir: str | None = None,
          timeout: float = START_SECONDS) -> Sharing:
    """The running server for ``path``, started if need be (blocks until it answers: call it
    from a worker thread). Raises ``OSError`` with the server's last words if it cannot start."""
    path = Path(path).resolve()
    with _LOCK:
        known = _SHARED.get(path)
        if known is not None and known.running:
            return known
        sharing = _start(path, host, plugins_dir, timeout)
        _SHARED[path] = sharing
        return sharing


def _start(path: Path, host: str, plugins_dir: str | None, timeout: float) -> Sharing:
    port = free_port(host)
    token = new_token()
    command = [sys.executable, "-m", "workshop", "present", str(path), "--web",
               "--host", host, "--port", str(port), "--until-stdin-closes"]
    if plugins_dir:
        command += ["--plugins-dir", str(plugins_dir)]
    output = tempfile.TemporaryFile()  # noqa: SIM115 - kept open as long as the server runs
    process = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=output,
                               stderr=subprocess.STDOUT, env={**os.environ, TOKEN_VARIABLE: token},
                               start_new_session=True)
    sharing = Sharing(path, host, port, token, process, output)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if not sharing.running:
            break
        try:
            with socket.create_connection((LOOPBACK if host in ("", "0.0.0.0") else host, port),
                                          timeout=0.5):
                return sharing
        except OSError:
            time.sleep(0.1)
    output.seek(0)
    said = output.read().decode("utf-8", "replace").strip().splitlines()
    sharing.stop()
    raise OSError(said[-1] if said else "the web server did not start")


def stop_sharing(path: str | Path | None = None) -> None:
    """Stop the server of ``path`` (every one without it): the links stop working."""
    with _LOCK:
        for key in [p for p in _SHARED if path is None or p == Path(path).resolve()]:
            _SHARED.pop(key).stop()


def shared(path: str | Path) -> Sharing | None:
    known = _SHARED.get(Path(path).resolve())
    return known if known is not None and known.running else None


atexit.register(stop_sharing)
