"""``workshop present FILE --web``: the client view in browsers, as a participant's browser gets it.

The server runs as the command line starts it (a subprocess), on a free loopback port, with a
token the test gives it. Websocket clients stand in for browsers where a browser adds nothing;
the ``browser`` tests drive Debian's headless Chromium over the DevTools protocol and read what
its page received. What the page shows is worked out from the terminal output it receives, with
the small terminal below (cursor moves and text are all Textual sends to a page).
"""

from __future__ import annotations

import asyncio
import base64
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager, contextmanager
from pathlib import Path

import aiohttp
import pytest
from kit_sessions import CORE, KIT_DIR, NOT_YET, kit_text, private_override
from support import chromium, chromium_command, replace_file, unavailable, workshop_command

from workshop.web import TOKEN_VARIABLE, free_port

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts" / "web"
TOKEN = "test-token-19"
SECRETS = ("SECRET NOTE", "PRIVATE REASON")
START_SECONDS = 30.0  # a loaded CI machine starts Python slowly

# The crew is being discussed (the view shows it) and has notes; the final stage has an
# override with its reason: neither must ever reach a browser.
ON_CREW = NOT_YET.replace('[stages.crew]\nstatus = "done"',
                          '[stages.crew]\nstatus = "in_progress"') + private_override("todo")


# -- a terminal small enough to read in a test ---------------------------------------------------

CONTROL = re.compile(rb"\x1b\[([0-9;?<>=$]*)([ -/]*)([@-~])|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)"
                     rb"|\x1b[78=>]|\x1bP.*?\x1b\\", re.S)


class Terminal:
    """What a page shows, from what its websocket receives: text at cursor positions."""

    def __init__(self, width: int = 100, height: int = 30) -> None:
        self.width, self.height = width, height
        self.rows = [[" "] * width for _ in range(height)]
        self.x = self.y = 0
        self.raw = b""

    def feed(self, data: bytes) -> None:
        self.raw += data
        position = 0
        for match in CONTROL.finditer(data):
            self._text(data[position:match.start()])
            position = match.end()
            if match.group(3) == b"H" and not match.group(2):
                numbers = [int(n) if n else 1 for n in match.group(1).split(b";")] + [1, 1]
                self.y, self.x = numbers[0] - 1, numbers[1] - 1
            elif match.group(3) == b"J" and match.group(1) in (b"2", b"3"):
                self.rows = [[" "] * self.width for _ in range(self.height)]
        self._text(data[position:])

    def _text(self, data: bytes) -> None:
        for character in data.decode("utf-8", "replace"):
            if character == "\n":
                self.y, self.x = self.y + 1, 0
            elif character == "\r":
                self.x = 0
            elif character >= " " and 0 <= self.y < self.height and 0 <= self.x < self.width:
                self.rows[self.y][self.x] = character
                self.x += 1

    @property
    def text(self) -> str:
        return "\n".join("".join(row).rstrip() for row in self.rows)


# -- the server, as the command line starts it ----------------------------------------------------


def served_views(path: Path) -> list[int]:
    """The client views still running for ``path`` (each browser had one)."""
    found = subprocess.run(["ps", "-ww", "-eo", "pid=,args="], capture_output=True, text=True,
                           check=False).stdout
    return [int(line.split()[0]) for line in found.splitlines()
            if str(path) in line and "--served" in line]


class Served:
    """``workshop present PATH --web`` on a loopback port, as the command line starts it.
    Stopped as Ctrl+C would stop it, killed if it does not; its views must be gone after."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.server: subprocess.Popen[bytes] | None = None
        self.said = ""

    def start(self) -> None:
        env = {**os.environ, TOKEN_VARIABLE: TOKEN, "WORKSHOP_DISABLE_PLUGINS": CORE}
        command = workshop_command("present", str(self.path), "--web", "--port", str(self.port),
                                   "--interval", "0.1", "--plugins-dir", str(KIT_DIR),
                                   module="workshop")
        self.output = tempfile.TemporaryFile()  # noqa: SIM115 - closed in stop()
        self.server = subprocess.Popen(command, stdout=self.output, stderr=subprocess.STDOUT,
                                       env=env, cwd=self.path.parent, start_new_session=True)
        deadline = time.monotonic() + START_SECONDS
        while True:
            assert self.server.poll() is None, "the server stopped"
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.5).close()
                return
            except OSError:
                assert time.monotonic() < deadline, "the server did not answer"
                time.sleep(0.1)

    def stop(self) -> None:
        server = self.server
        if server is None:
            return
        self.server = None
        server.send_signal(signal.SIGINT)
        try:
            server.wait(15)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait(5)
        self.output.seek(0)
        self.said = self.output.read().decode("utf-8", "replace")
        self.output.close()
        for _ in range(50):  # every view it started stops with it
            if not served_views(self.path):
                break
            time.sleep(0.1)
        left = served_views(self.path)
        for pid in left:
            os.kill(pid, signal.SIGKILL)
        assert not left, f"views left running: {left}"
        assert f"127.0.0.1:{self.port}/?key={TOKEN}" in self.said  # the link it gave


@contextmanager
def serving(path: Path) -> Iterator[str]:
    """The server's address (no token) while the block runs."""
    served = Served(path)
    served.start()
    try:
        yield served.base
    finally:
        served.stop()


class Browser:
    """A websocket client that connects the way textual.js does, and reads the screen."""

    def __init__(self, http: aiohttp.ClientSession, ws: aiohttp.ClientWebSocketResponse):
        self.http, self.ws = http, ws
        self.terminal = Terminal()

    async def until(self, *texts: str, seconds: float = 10.0) -> float:
        """Read frames until every text is on the screen; how long it took."""
        start = time.monotonic()
        while not all(text in self.terminal.text for text in texts):
            left = start + seconds - time.monotonic()
            assert left > 0, f"not on the page: {texts}\n{self.terminal.text}"
            try:
                message = await self.ws.receive(timeout=left)
            except TimeoutError:
                continue
            if message.type == aiohttp.WSMsgType.BINARY:
                self.terminal.feed(message.data)
            elif message.type == aiohttp.WSMsgType.TEXT:
                self.terminal.raw += message.data.encode()
            else:
                raise AssertionError(f"the view closed: {message.type}")
        return time.monotonic() - start

    async def keys(self, text: str) -> None:
        await self.ws.send_str(json.dumps(["stdin", text]))


@asynccontextmanager
async def browser(base: str) -> AsyncIterator[Browser]:
    """Open the page with the token (which gives the cookie), then its websocket."""
    jar = aiohttp.CookieJar(unsafe=True)  # cookies for 127.0.0.1 (an address, not a name)
    async with aiohttp.ClientSession(cookie_jar=jar) as http:
        async with http.get(f"{base}/?key={TOKEN}") as page:
            assert page.status == 200
        async with http.ws_connect(f"{base}/ws?width=100&height=30") as ws:
            yield Browser(http, ws)


def run(coroutine):
    return asyncio.run(asyncio.wait_for(coroutine, 120))


# -- the tests -----------------------------------------------------------------------------------


def test_without_the_token_nothing_of_the_session_is_served(tmp_path: Path):
    path = tmp_path / "live.toml"
    replace_file(path, kit_text(ON_CREW))

    async def scenario(base: str) -> None:
        async with aiohttp.ClientSession() as http:
            for address in ("/", "/?key=", "/?key=test-token-18", "/ws", "/download/x"):
                async with http.get(base + address) as answer:
                    assert answer.status == 403, address
                    assert "Kit" not in await answer.text()
            # a websocket that brings a wrong cookie is refused too
            async with http.get(f"{base}/ws", headers={
                    "Cookie": f"workshop_view_{base.rsplit(':', 1)[1]}=nope"}) as answer:
                assert answer.status == 403
            async with http.get(f"{base}/?key={TOKEN}") as answer:
                assert answer.status == 200
                page = await answer.text()
                cookie = answer.headers["Set-Cookie"]
        assert "HttpOnly" in cookie and "SameSite=Strict" in cookie
        assert "no-referrer" in page  # the token does not leave in a Referer header
        # the page is the same for every session: nothing of the file, not even its name
        assert "Kit" not in page and "live.toml" not in page and "SECRET" not in page

    with serving(path) as base:
        run(scenario(base))


def test_two_browsers_follow_the_file_and_never_receive_what_is_the_facilitators(
        tmp_path: Path):
    path = tmp_path / "live.toml"
    replace_file(path, kit_text(ON_CREW))

    async def scenario(base: str) -> None:
        async with browser(base) as first, browser(base) as second:
            for page in (first, second):
                await page.until("Kit & Co", "Stage 2/2: Crew", "Mood", "Keen")
            # the facilitator answers: both pages show it within a second
            replace_file(path, kit_text(ON_CREW.replace('"B-12"', '"B-77"')))
            took = [await page.until("B-77", seconds=5) for page in (first, second)]
            assert max(took) < 1.0, took
            # the facilitator goes back to the plan: both follow
            replace_file(path, kit_text(ON_CREW.replace('"B-12"', '"B-77"')).replace(
                'language = "en"', 'language = "en"\ncurrent_stage = "plan"'))
            for page in (first, second):
                await page.until("Stage 1/2: Plan")
            # keys from a browser reach its own read-only view, never a file: typing, Enter,
            # Ctrl+S, F10, and Ctrl+P (no palette, so no screenshot saved on this machine)
            before = path.read_bytes(), path.stat().st_mtime_ns
            files = sorted(tmp_path.iterdir())
            await first.keys("x\r\x13\x1b[21~\x10")
            await asyncio.sleep(0.3)
            await first.keys("screenshot\r")
            await asyncio.sleep(0.7)
            assert (path.read_bytes(), path.stat().st_mtime_ns) == before
            assert sorted(tmp_path.iterdir()) == files
            traffic = first.terminal.raw + second.terminal.raw
        # a browser that lost its connection opens the page again: the current stage
        async with browser(base) as again:
            await again.until("Stage 1/2: Plan")
            traffic += again.terminal.raw
        for secret in SECRETS:
            assert secret.encode() not in traffic

    with serving(path) as base:
        run(scenario(base))


def test_a_browser_that_quits_its_view_ends_only_its_own(tmp_path: Path):
    path = tmp_path / "live.toml"
    replace_file(path, kit_text(ON_CREW))

    async def scenario(base: str) -> None:
        async with browser(base) as leaving, browser(base) as staying:
            await leaving.until("Stage 2/2: Crew")
            await staying.until("Stage 2/2: Crew")
            await leaving.keys("q")
            message = await leaving.ws.receive(timeout=10)
            while message.type in (aiohttp.WSMsgType.BINARY, aiohttp.WSMsgType.TEXT):
                message = await leaving.ws.receive(timeout=10)
            assert message.type in (aiohttp.WSMsgType.CLOSE, aiohttp.WSMsgType.CLOSED,
                                    aiohttp.WSMsgType.CLOSING)
            replace_file(path, kit_text(ON_CREW.replace('"B-12"', '"B-77"')))
            await staying.until("B-77")

    with serving(path) as base:
        run(scenario(base))


def test_views_stop_when_their_server_is_killed(tmp_path: Path):
    path = tmp_path / "live.toml"
    replace_file(path, kit_text(ON_CREW))
    served = Served(path)
    served.start()

    async def scenario() -> None:
        async with browser(served.base) as page:
            await page.until("Stage 2/2: Crew")
            assert len(served_views(path)) == 1
            assert served.server is not None
            served.server.kill()  # no time to tell its views
            for _ in range(100):
                if not served_views(path):
                    break
                await asyncio.sleep(0.1)
            assert not served_views(path)

    try:
        run(scenario())
    finally:
        served.stop()


# -- in Chromium ---------------------------------------------------------------------------------


class DevTools:
    """One page of a headless Chromium, over the DevTools protocol: what it loaded, what its
    websocket received."""

    def __init__(self, ws: aiohttp.ClientWebSocketResponse) -> None:
        self.ws = ws
        self.calls = 0
        self.session: str | None = None
        self.events: list[dict] = []
        self.terminal = Terminal(width=200, height=80)
        self.statuses: dict[str, int] = {}

    async def call(self, method: str, **params) -> dict:
        self.calls += 1
        message: dict = {"id": self.calls, "method": method, "params": params}
        if self.session:
            message["sessionId"] = self.session
        await self.ws.send_json(message)
        while True:
            answer = await self.ws.receive_json(timeout=30)
            if answer.get("id") == self.calls:
                assert "error" not in answer, answer
                return answer.get("result", {})
            self._event(answer)

    def _event(self, event: dict) -> None:
        self.events.append(event)
        params = event.get("params", {})
        if event.get("method") == "Network.webSocketFrameReceived":
            frame = params["response"]
            self.terminal.feed(base64.b64decode(frame["payloadData"]) if frame["opcode"] == 2
                               else frame["payloadData"].encode())
        elif event.get("method") == "Network.responseReceived":
            response = params["response"]
            self.statuses[response["url"]] = response["status"]

    async def open(self, url: str) -> None:
        target = await self.call("Target.createTarget", url="about:blank")
        attached = await self.call("Target.attachToTarget", targetId=target["targetId"],
                                   flatten=True)
        self.session = attached["sessionId"]
        await self.call("Network.enable")
        await self.call("Page.enable")
        await self.call("Page.navigate", url=url)

    async def until(self, *texts: str, seconds: float = 15.0) -> float:
        """Read events until every text is in the page's terminal; how long it took."""
        return await self.pump(lambda: all(text in self.terminal.text for text in texts),
                               seconds, f"not in the page: {texts}")

    async def pump(self, condition, seconds: float, failure: str) -> float:
        start = time.monotonic()
        while not condition():
            left = start + seconds - time.monotonic()
            assert left > 0, f"{failure}\n{self.terminal.text}"
            try:
                self._event(await self.ws.receive_json(timeout=min(left, 0.5)))
            except TimeoutError:
                continue
        return time.monotonic() - start

    async def evaluate(self, expression: str) -> str:
        found = await self.call("Runtime.evaluate", expression=expression)
        return str(found["result"]["value"])

    async def html(self) -> str:
        return await self.evaluate("document.documentElement.outerHTML")

    async def screenshot(self, png: Path) -> None:
        shot = await self.call("Page.captureScreenshot")
        png.parent.mkdir(parents=True, exist_ok=True)
        png.write_bytes(base64.b64decode(shot["data"]))


@asynccontextmanager
async def headless_chromium() -> AsyncIterator[DevTools]:
    with tempfile.TemporaryDirectory(prefix="chromium-profile-") as profile:
        process = subprocess.Popen(
            chromium_command(profile, "--remote-debugging-port=0",
                             "--remote-debugging-address=127.0.0.1", "--window-size=1280,800",
                             "about:blank"),
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
            start_new_session=True)
        try:
            address = None
            deadline = time.monotonic() + START_SECONDS
            assert process.stderr is not None
            while address is None and time.monotonic() < deadline:
                line = await asyncio.to_thread(process.stderr.readline)
                if not line and process.poll() is not None:
                    break
                found = re.search(r"DevTools listening on (ws://\S+)", line)
                address = found.group(1) if found else None
            if address is None:
                unavailable("chromium did not start its DevTools")
            async with aiohttp.ClientSession() as http, \
                    http.ws_connect(str(address), max_msg_size=0) as ws:
                yield DevTools(ws)
        finally:
            os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(10)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait(5)


@pytest.mark.browser
def test_in_chromium_the_page_follows_the_file_within_a_second(tmp_path: Path):
    chromium()
    path = tmp_path / "live.toml"
    replace_file(path, kit_text(ON_CREW))

    served = Served(path)
    base = served.base

    async def scenario() -> None:
        async with headless_chromium() as page:
            await page.open(f"{base}/")  # a link without the token
            await page.pump(lambda: f"{base}/" in page.statuses, 15, "no answer")
            assert page.statuses[f"{base}/"] == 403
            assert "Kit" not in await page.html()

            await page.call("Page.navigate", url=f"{base}/?key={TOKEN}")
            await page.until("Kit & Co", "Stage 2/2: Crew", "Keen", seconds=30)
            replace_file(path, kit_text(ON_CREW.replace('"B-12"', '"B-77"')))
            took = await page.until("B-77", seconds=5)
            ARTIFACTS.mkdir(parents=True, exist_ok=True)
            (ARTIFACTS / "timing.txt").write_text(f"file written -> page shows it: {took:.3f} s\n")
            await asyncio.sleep(0.3)  # the frame drawn, for the screenshot
            await page.screenshot(ARTIFACTS / "client-view.png")
            html = await page.html()
            # the connection is lost (here: the server restarts) while the facilitator moves
            # on: the page says so, and comes back by itself to the stage of the moment
            await asyncio.to_thread(served.stop)
            for _ in range(50):
                closed = await page.evaluate("document.body.className")
                if "-closed" in closed:
                    break
                await asyncio.sleep(0.1)
            replace_file(path, kit_text(ON_CREW).replace(
                'language = "en"', 'language = "en"\ncurrent_stage = "plan"'))
            await asyncio.to_thread(served.start)
            await page.until("Stage 1/2: Plan", seconds=30)
            traffic = page.terminal.raw
        assert took < 1.0, f"the page took {took:.2f} s"
        assert "-closed" in closed  # the page said the connection was lost
        for secret in SECRETS:
            assert secret not in html
            assert secret.encode() not in traffic

    served.start()
    try:
        run(scenario())
    finally:
        served.stop()


# -- the share key in the app ---------------------------------------------------------------------


def test_the_share_key_starts_the_server_and_gives_its_link_and_qr_code(host, tmp_path: Path):
    from workshop.app.app import WorkshopApp
    from workshop.app.screens.share import ShareDialog
    from workshop.session.store import SessionStore
    from workshop.web import shared

    path = tmp_path / "demo.toml"
    shutil.copy(ROOT / "sessions" / "demo-boulangerie-martin.toml", path)
    store = SessionStore.open(path)

    async def page_status(url: str) -> int:
        async with aiohttp.ClientSession() as http, http.get(url) as answer:
            return answer.status

    async def scenario() -> None:
        app = WorkshopApp(host, store=store, sessions_dir=tmp_path, lang="en", keymap={},
                          live_timer=False)
        async with app.run_test(size=(110, 60)) as pilot:
            await pilot.pause()
            await pilot.press("alt+r")
            dialog = app.screen
            assert isinstance(dialog, ShareDialog)
            for _ in range(600):  # the server starts in a worker thread
                if dialog.sharing is not None:
                    break
                await pilot.pause(0.05)
            sharing = dialog.sharing
            assert sharing is not None and sharing.running
            url = sharing.url
            assert url.startswith("http://127.0.0.1:") and "/?key=" in url
            assert str(dialog.query_one("#share-url").content) == url
            qr = str(dialog.query_one("#share-qr").content).splitlines()
            # read back, two modules a line, it is the link's code (segno's, with its margin)
            import segno

            drawn = [[character in top for character in line]
                     for line in qr for top in ("█▀", "█▄")]
            code = segno.make(url, error="l")
            expected = [[bool(module) for module in row] for row in code.matrix_iter(border=2)]
            assert drawn[:len(expected)] == expected
            assert await page_status(url) == 200
            assert await page_status(url.split("?")[0]) == 403
            # closed and opened again: the same server, the same link
            await pilot.press("escape")
            await pilot.press("alt+r")
            for _ in range(100):
                if getattr(app.screen, "sharing", None) is not None:
                    break
                await pilot.pause(0.05)
            assert app.screen.sharing is sharing
            await pilot.click("#stop")
            await pilot.pause()
            assert not sharing.running and shared(path) is None
            with pytest.raises(aiohttp.ClientConnectionError):
                await page_status(url)

    try:
        run(scenario())
    finally:
        from workshop.web import stop_sharing

        stop_sharing()
        store.close()


def test_a_server_the_app_started_stops_when_the_app_is_gone(tmp_path: Path):
    from workshop.web import share, stop_sharing

    path = tmp_path / "live.toml"
    replace_file(path, kit_text(ON_CREW))
    sharing = share(path, timeout=START_SECONDS)
    try:
        assert sharing.running
        assert sharing.process.stdin is not None
        sharing.process.stdin.close()  # what the app's end of the pipe does when it dies
        sharing.process.wait(15)
    finally:
        stop_sharing()
    assert not sharing.running
