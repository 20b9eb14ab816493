"""The teacher's host: a WebSocket server around a :class:`~game.net.room.Room`.

It listens only on the address and port the teacher chose, serves nothing but the game's
one path, and treats every connection as hostile: frames are size-limited, each
connection is rate-limited, an address that keeps guessing join codes is turned away,
and anything malformed, out of turn or for another seat is answered with an error and
changes nothing. :class:`BackgroundHost` runs it in a thread for the window (and the
command line), with a lock-free :meth:`BackgroundHost.dashboard` for the teacher's view.
"""

from __future__ import annotations

import asyncio
import contextlib
import socket
import threading
import time
from collections import deque
from collections.abc import Callable, Sequence
from concurrent.futures import Future
from http import HTTPStatus
from pathlib import Path
from typing import Any, TypeVar

from websockets.asyncio.server import Server, ServerConnection, serve
from websockets.exceptions import ConnectionClosed
from websockets.http11 import Request, Response

from game.net.dashboard import Dashboard
from game.net.pairing import Pair
from game.net.protocol import (
    FATAL,
    MAX_CLIENT_MESSAGE_BYTES,
    PATH,
    Error,
    ErrorCode,
    Hello,
    ProtocolError,
    encode,
    parse_client_message,
)
from game.net.room import Outbox, RefusalError, Room
from game.session.classroom import ClassSummary, load_results, summarize_class, write_report

T = TypeVar("T")
FRAME_LIMIT = 16 * MAX_CLIENT_MESSAGE_BYTES
"""Frames up to this size are read and refused with ``too_large``; larger ones close."""
RATE_PER_SECOND = 10.0
RATE_BURST = 20
"""Each connection may send this many messages at once, then :data:`RATE_PER_SECOND`."""
HELLO_SECONDS = 10.0
"""A connection that has not said hello by then is closed."""
GUESSES = 20
GUESS_WINDOW = 60.0
"""Wrong codes or tokens one address may send in :data:`GUESS_WINDOW` seconds."""
TICK_SECONDS = 0.1
ChartDrawer = Callable[[ClassSummary, Path], list[Path]]


def lan_address() -> str:
    """The address of this computer on the local network (no packet is sent to find it)."""
    probe = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    try:
        probe.connect(("10.255.255.255", 1))
        return str(probe.getsockname()[0])
    except OSError:
        return "127.0.0.1"
    finally:
        probe.close()


def no_charts(summary: ClassSummary, folder: Path) -> list[Path]:
    """The report without charts (they are drawn by the window's painter, if it passes one)."""
    return []


class _Bucket:
    """A token bucket: ``burst`` messages at once, then ``rate`` a second."""

    def __init__(self, rate: float, burst: int) -> None:
        self.rate, self.burst = rate, float(burst)
        self.tokens = float(burst)
        self.last = time.monotonic()
        self.warned = -1.0
        """When the connection was last told to slow down (once a second at most)."""

    def allow(self) -> bool:
        now = time.monotonic()
        self.tokens = min(self.burst, self.tokens + (now - self.last) * self.rate)
        self.last = now
        if self.tokens < 1:
            return False
        self.tokens -= 1
        return True


class Host:
    """Serves one room on ``bind``:``port`` until :meth:`stop` (port 0: any free port)."""

    def __init__(
        self, room: Room, bind: str, port: int, draw_charts: ChartDrawer = no_charts
    ) -> None:
        self.room = room
        self.bind = bind
        self.port = port
        self.draw_charts = draw_charts
        self.address = ""
        """Where students connect, ``192.168.1.20:8765`` (known once listening)."""
        self.connections: dict[str, ServerConnection] = {}
        self.report: list[Path] = []
        self.latest: Dashboard | None = None
        self._dirty = True
        self._guesses: dict[str, deque[float]] = {}
        self._stop: asyncio.Event | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self.crashes: list[str] = []
        """Handler errors caught, one line each (the host went on); tests count them."""

    # -- running -------------------------------------------------------------------------------
    async def run(self, ready: Callable[[], None] = lambda: None) -> None:
        """Listen, serve and tick the clock until :meth:`stop`."""
        self._loop = asyncio.get_running_loop()
        self._stop = asyncio.Event()
        async with serve(
            self._handle,
            self.bind,
            self.port,
            process_request=self._only_the_game,
            max_size=FRAME_LIMIT,
            max_queue=4,
            ping_interval=5,
            ping_timeout=10,
            server_header=None,
        ) as server:
            self._listening(server)
            ready()
            ticker = asyncio.create_task(self._tick())
            try:
                await self._stop.wait()
            finally:
                ticker.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await ticker

    def _listening(self, server: Server) -> None:
        port = int(server.sockets[0].getsockname()[1])
        self.port = port
        shown = lan_address() if self.bind in ("0.0.0.0", "::", "") else self.bind
        self.address = f"[{shown}]:{port}" if ":" in shown else f"{shown}:{port}"
        self._publish()

    def stop(self) -> None:
        """Stop serving (from the loop's thread or any other)."""
        if self._loop is not None and self._stop is not None:
            with contextlib.suppress(RuntimeError):
                self._loop.call_soon_threadsafe(self._stop.set)

    @staticmethod
    def _only_the_game(connection: ServerConnection, request: Request) -> Response | None:
        if request.path != PATH:
            return connection.respond(HTTPStatus.NOT_FOUND, "Not found\n")
        return None

    async def _tick(self) -> None:
        while True:
            await asyncio.sleep(TICK_SECONDS)
            try:
                await self._deliver(self.room.tick())
            except Exception as error:  # a bug in one game must not stop the class
                self.crashes.append(f"tick: {type(error).__name__}: {error}"[:300])
            if self._dirty:
                self._publish()

    def _publish(self) -> None:
        self.latest = self.room.dashboard(self.address)
        self._dirty = False

    # -- delivering ----------------------------------------------------------------------------
    async def _deliver(self, outbox: Outbox) -> None:
        if outbox:
            self._dirty = True
        for seat, message in outbox:
            connection = self.connections.get(seat)
            if connection is not None:
                with contextlib.suppress(ConnectionClosed):
                    await connection.send(encode(message))

    async def _refuse(self, connection: ServerConnection, code: ErrorCode, text: str) -> None:
        error = Error(code=code, message=text, fatal=code in FATAL)
        with contextlib.suppress(ConnectionClosed):
            await connection.send(encode(error))
            if error.fatal:
                await connection.close(4000 + list(ErrorCode).index(code), code.value)

    def _guessing(self, remote: str) -> bool:
        now = time.monotonic()
        recent = self._guesses.setdefault(remote, deque())
        while recent and now - recent[0] > GUESS_WINDOW:
            recent.popleft()
        return len(recent) >= GUESSES

    # -- one connection ------------------------------------------------------------------------
    async def _handle(self, connection: ServerConnection) -> None:
        remote = str(connection.remote_address[0]) if connection.remote_address else "?"
        bucket = _Bucket(RATE_PER_SECOND, RATE_BURST)
        seat: str | None = None
        try:
            async with asyncio.timeout(HELLO_SECONDS) as hello_deadline:
                async for raw in connection:
                    seat = await self._message(connection, remote, bucket, seat, raw)
                    if seat == "":
                        return
                    if seat is not None:
                        hello_deadline.reschedule(None)
        except TimeoutError:
            await self._refuse(connection, ErrorCode.HELLO_FIRST, "say hello first")
            with contextlib.suppress(ConnectionClosed):
                await connection.close()
        except ConnectionClosed:
            pass
        except Exception as error:  # counted, so that the fuzz test sees it
            self.crashes.append(f"connection: {type(error).__name__}: {error}"[:300])
        finally:
            if seat and self.connections.get(seat) is connection:
                del self.connections[seat]
                self.room.left(seat)
                self._dirty = True
                await self._deliver(self.room.lobby_news())

    async def _message(
        self,
        connection: ServerConnection,
        remote: str,
        bucket: _Bucket,
        seat: str | None,
        raw: str | bytes,
    ) -> str | None:
        """Handle one message; the seat it now holds (``""``: the connection was closed)."""
        if not bucket.allow():
            if bucket.last - bucket.warned >= 1.0:  # said once a second, not per message
                bucket.warned = bucket.last
                await self._refuse(connection, ErrorCode.RATE, "too many messages; slow down")
            return seat
        if len(raw) > MAX_CLIENT_MESSAGE_BYTES:
            await self._refuse(
                connection,
                ErrorCode.TOO_LARGE,
                f"a message is at most {MAX_CLIENT_MESSAGE_BYTES:,} bytes",
            )
            return seat
        try:
            message = parse_client_message(raw)
        except ProtocolError as error:
            await self._refuse(connection, ErrorCode.MALFORMED, str(error))
            return seat
        try:
            if seat is None:
                if not isinstance(message, Hello):
                    await self._refuse(connection, ErrorCode.HELLO_FIRST, "say hello first")
                    return None
                return await self._join(connection, remote, message)
            if isinstance(message, Hello):
                await self._refuse(connection, ErrorCode.MALFORMED, "already joined")
                return seat
            await self._deliver(self.room.orders(seat, message))
        except RefusalError as refusal:
            await self._refuse(connection, refusal.code, refusal.message)
        except ConnectionClosed:
            raise
        except Exception as error:  # one bad message must not stop the class
            self.crashes.append(f"{type(error).__name__}: {error}"[:300])
            await self._refuse(connection, ErrorCode.MALFORMED, "the host could not handle that")
        return seat

    async def _join(self, connection: ServerConnection, remote: str, hello: Hello) -> str:
        if self._guessing(remote):
            await self._refuse(connection, ErrorCode.CODE, "too many wrong codes; wait a minute")
            return ""
        try:
            seat, messages = self.room.join(hello)
        except RefusalError as refusal:
            if refusal.code in (ErrorCode.CODE, ErrorCode.TOKEN):
                self._guesses[remote].append(time.monotonic())
            await self._refuse(connection, refusal.code, refusal.message)
            return ""  # every refused hello is fatal: the connection closes
        old = self.connections.get(seat)
        self.connections[seat] = connection
        if old is not None and old is not connection:
            with contextlib.suppress(ConnectionClosed):
                await old.close(4100, "the seat was rejoined from another connection")
        for message in messages:
            await connection.send(encode(message))
        await self._deliver([(s, m) for s, m in self.room.lobby_news() if s != seat])
        self._dirty = True
        return seat

    # -- the teacher's commands (run on the loop) ---------------------------------------------
    async def command(self, action: Callable[[Room], Outbox]) -> None:
        """Apply a teacher's command and send what it says."""
        await self._deliver(action(self.room))
        await self._deliver(self.room.lobby_news())
        self._publish()

    async def end(self) -> list[Path]:
        """End the session: every game, the class report, every connection."""
        await self._deliver(self.room.end_session())
        self._publish()
        self.report = self.write_report()
        for connection in list(self.connections.values()):
            with contextlib.suppress(ConnectionClosed):
                await connection.close(1000, "the session is over")
        self.stop()
        return self.report

    def write_report(self) -> list[Path]:
        """The class report of the session's finished games, beside their results file."""
        session = self.room.class_session
        if session is None or not self.room.records:
            return []
        records, problems = load_results(session.folder)
        self.room.problems += problems
        try:
            return write_report(
                summarize_class(records, [session.name]), session.folder, self.draw_charts
            )
        except OSError as error:
            self.room.problems.append(f"the class report was not written: {error}")
            return []


class BackgroundHost:
    """A :class:`Host` in its own thread, commanded from the window's (or the terminal's)."""

    def __init__(self, host: Host) -> None:
        self.host = host
        self._thread: threading.Thread | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self.error = ""
        """Why the host could not start or stopped (one line), if it did."""

    def start(self, timeout: float = 10.0) -> bool:
        """Start listening; False (and :attr:`error`) if the address or port is not free."""
        ready = threading.Event()

        def main() -> None:
            loop = asyncio.new_event_loop()
            self._loop = loop
            try:
                loop.run_until_complete(self.host.run(ready.set))
            except OSError as error:
                self.error = f"cannot listen on {self.host.bind}:{self.host.port}: {error.strerror}"
            finally:
                loop.close()
                ready.set()

        self._thread = threading.Thread(target=main, name="net-host", daemon=True)
        self._thread.start()
        ready.wait(timeout)
        return not self.error and bool(self.host.address)

    @property
    def running(self) -> bool:
        """The host is serving."""
        return self._thread is not None and self._thread.is_alive()

    def dashboard(self) -> Dashboard | None:
        """The latest view of the class (rebuilt ten times a second when something changed)."""
        return self.host.latest

    def _call(self, coroutine: Any) -> Any:
        if self._loop is None or not self.running:
            coroutine.close()
            raise ValueError("the host is not running")
        future: Future[Any] = asyncio.run_coroutine_threadsafe(coroutine, self._loop)
        return future.result(timeout=30)

    def start_round(self, pairs: Sequence[Pair] | None = None) -> None:
        """Pair the waiting students and start their games (``ValueError``: why not)."""
        self._call(self.host.command(lambda room: room.start_round(pairs)))

    def pause(self) -> None:
        """Pause every game and its clock."""
        self._call(self.host.command(Room.pause))

    def resume(self) -> None:
        """Resume every game."""
        self._call(self.host.command(Room.resume_games))

    def end_game(self, number: int) -> None:
        """End one game now (``ValueError`` if it is not being played)."""
        self._call(self.host.command(lambda room: room.end_game(number)))

    def end_session(self) -> list[Path]:
        """End the session, write the class report, stop; the report's files."""
        report: list[Path] = self._call(self.host.end())
        self.join()
        return report

    def stop(self) -> None:
        """Stop serving without ending the session (it can be resumed)."""
        self.host.stop()
        self.join()

    def join(self) -> None:
        """Wait for the host's thread to finish."""
        if self._thread is not None:
            self._thread.join(timeout=10)
