"""A student's end of a class game, for a window that knows nothing of asyncio.

:class:`NetClient` runs the WebSocket in a background thread. The window calls
:meth:`NetClient.connect` once, :meth:`NetClient.poll` every frame (it never blocks) and
:meth:`NetClient.send_orders` to answer a :class:`~game.net.protocol.Turn`. A dropped
connection (a laptop that slept, Wi-Fi that came back) is retried with the seat token
the host gave, which is kept in the config folder, so the student rejoins the same seat
where the game stands. What cannot be retried (a wrong code, another protocol version,
a host that never answered) ends in one :class:`Failed` line.
"""

from __future__ import annotations

import asyncio
import contextlib
import enum
import queue
import threading
from dataclasses import dataclass
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError
from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import InvalidStatus, WebSocketException

from game.net.join_code import code_problem, normalise_code
from game.net.protocol import (
    DEFAULT_PORT,
    MAX_HOST_MESSAGE_BYTES,
    MAX_NAME,
    PATH,
    PROTOCOL_VERSION,
    TOKEN_CHARS,
    Accepted,
    Error,
    GameOver,
    GameStart,
    Hello,
    Lobby,
    Paused,
    ProtocolError,
    SendOrders,
    SessionOver,
    Turn,
    Welcome,
    clean_name,
    encode,
    parse_host_message,
)
from game.rules.model import Orders
from game.storage import config_dir, read_limited, write_atomically

SEATS_FILE = "class-seats.json"
MAX_SEATS_KEPT = 20
RETRY_SECONDS = (0.25, 0.5, 1.0, 2.0, 4.0)
"""Pauses between reconnection attempts; the last repeats until :data:`GIVE_UP_SECONDS`."""
GIVE_UP_SECONDS = 600.0
"""A host unreachable this long after a drop is reported as gone."""
OPEN_SECONDS = 5.0


class JoinError(ValueError):
    """An address, code or name that cannot be used; the message is one line."""


class Status(enum.Enum):
    """Where the connection stands, for the join screen and the lobby."""

    IDLE = "not connected"
    CONNECTING = "connecting"
    CONNECTED = "connected"
    RECONNECTING = "reconnecting"
    CLOSED = "closed"
    FAILED = "failed"


@dataclass(frozen=True)
class ConnectionLost:
    """The connection dropped; the client is trying to rejoin its seat."""

    reason: str


@dataclass(frozen=True)
class Failed:
    """The client gave up: why, in one line (wrong code, unreachable host, other version)."""

    message: str


Event = (
    Welcome
    | Lobby
    | GameStart
    | Turn
    | Accepted
    | Paused
    | GameOver
    | Error
    | SessionOver
    | ConnectionLost
    | Failed
)
"""What :meth:`NetClient.poll` returns: the host's messages and the connection's news."""


def parse_address(typed: str) -> tuple[str, int]:
    """``192.168.1.20``, ``192.168.1.20:8765``, ``[fe80::1]:8765`` or ``ws://…``: host, port."""
    text = typed.strip()
    for prefix in ("ws://", "http://"):
        if text.lower().startswith(prefix):
            text = text[len(prefix) :]
    text = text.split("/", 1)[0]
    if not text or len(text) > 255 or any(ch.isspace() for ch in text):
        raise JoinError("type the host's address as the teacher's screen shows it")
    port = DEFAULT_PORT
    if text.startswith("["):
        host, _, rest = text[1:].partition("]")
        if rest:
            port = _port(rest.removeprefix(":"))
    elif text.count(":") == 1:
        host, _, number = text.partition(":")
        port = _port(number)
    else:
        host = text
    if not host:
        raise JoinError("the address has no host")
    return host, port


def _port(text: str) -> int:
    if not text.isdigit() or not 1 <= int(text) <= 65535:
        raise JoinError(f"a port is a number from 1 to 65535 (got {text[:10]!r})")
    return int(text)


def websocket_uri(host: str, port: int) -> str:
    """The address of the game on a host."""
    shown = f"[{host}]" if ":" in host else host
    return f"ws://{shown}:{port}{PATH}"


# -- the seat tokens kept in the config folder ----------------------------------------------


class _Seat(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)
    token: str = Field(max_length=TOKEN_CHARS)
    name: str = Field(max_length=MAX_NAME)


class _SeatsFile(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)
    version: int
    seats: dict[str, _Seat] = Field(max_length=MAX_SEATS_KEPT)


class SeatBook:
    """The seats this computer holds, by host and code: a sleeping laptop rejoins with them."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path if path is not None else config_dir() / SEATS_FILE
        self._lock = threading.Lock()

    def _read(self) -> dict[str, _Seat]:
        try:
            raw = read_limited(self.path, 64 * 1024)
            return dict(_SeatsFile.model_validate_json(raw).seats)
        except (OSError, ValidationError, ValueError):
            return {}  # no file, or a damaged one: the student simply joins afresh

    def token(self, key: str) -> str | None:
        """The token kept for ``key`` (``host:port/CODE``), if any."""
        with self._lock:
            seat = self._read().get(key)
        return None if seat is None else seat.token

    def keep(self, key: str, token: str, name: str) -> None:
        """Remember a seat (the newest :data:`MAX_SEATS_KEPT` are kept)."""
        with self._lock:
            seats = self._read()
            seats.pop(key, None)
            seats[key] = _Seat(token=token, name=name)
            kept = dict(list(seats.items())[-MAX_SEATS_KEPT:])
            document = _SeatsFile(version=1, seats=kept).model_dump_json(indent=1)
            with contextlib.suppress(OSError):  # a read-only config folder: no rejoining
                write_atomically(self.path, document + "\n")

    def forget(self, key: str) -> None:
        """Drop a seat the host no longer knows."""
        with self._lock:
            seats = self._read()
            if seats.pop(key, None) is not None:
                document = _SeatsFile(version=1, seats=seats).model_dump_json(indent=1)
                with contextlib.suppress(OSError):
                    write_atomically(self.path, document + "\n")


# -- the client -----------------------------------------------------------------------------


class NetClient:
    """One student's connection to a host, driven from the window's thread.

    ``seats`` is where seat tokens are kept (by default ``class-seats.json`` in the config
    folder). Every method returns at once; what arrives is read with :meth:`poll`.
    """

    def __init__(self, seats: SeatBook | None = None) -> None:
        self.seats = seats if seats is not None else SeatBook()
        self.status = Status.IDLE
        self.error = ""
        """The last :class:`Failed` message, for a screen that shows why."""
        self.seat_name = ""
        self._events: queue.Queue[Event] = queue.Queue()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._outbox: asyncio.Queue[str] | None = None
        self._thread: threading.Thread | None = None
        self._stopping = threading.Event()
        self._key = ""
        self._welcomed = False
        """A seat was given once: from then on a lost connection is retried."""

    # -- the window's side ---------------------------------------------------------------------
    def connect(self, address: str, code: str, name: str) -> None:
        """Start joining ``address`` with ``code`` as ``name`` (raises :class:`JoinError`).

        A seat this computer already holds on that host, with that code, is rejoined.
        """
        if self._thread is not None and self._thread.is_alive():
            raise JoinError("already connected; close first")
        host, port = parse_address(address)
        code = normalise_code(code)
        problem = code_problem(code)
        if problem is not None:
            raise JoinError(problem)
        name = clean_name(name)
        if not 1 <= len(name) <= MAX_NAME:
            raise JoinError(f"a name has 1 to {MAX_NAME} characters")
        self._key = f"{host}:{port}/{code}"
        self._stopping.clear()
        self._welcomed = False
        self.error = ""
        self.seat_name = name
        self.status = Status.CONNECTING
        uri = websocket_uri(host, port)
        ready = threading.Event()
        self._thread = threading.Thread(
            target=self._main, args=(uri, code, name, ready), name="net-client", daemon=True
        )
        self._thread.start()
        ready.wait()

    def poll(self) -> list[Event]:
        """Everything that arrived since the last call, oldest first (never blocks)."""
        found: list[Event] = []
        while True:
            try:
                found.append(self._events.get_nowait())
            except queue.Empty:
                return found

    def send_orders(self, answering: Turn, orders: Orders) -> None:
        """Send the orders for the turn ``answering`` asked about.

        The host checks them; a refusal comes back as an :class:`~game.net.protocol.Error`.
        Orders given while the connection is down are sent when it is back.
        """
        self._send(encode(SendOrders.of(answering.game, answering.turn, orders)))

    def close(self) -> None:
        """Leave: stop the connection and its thread (the seat stays the student's)."""
        self._stopping.set()
        loop, thread = self._loop, self._thread
        if loop is not None:
            with contextlib.suppress(RuntimeError):  # the loop already ended
                loop.call_soon_threadsafe(lambda: None)
        if thread is not None:
            thread.join(timeout=10)
        self._thread = None
        if self.status is not Status.FAILED:
            self.status = Status.CLOSED

    # -- the background thread -----------------------------------------------------------------
    def _send(self, text: str) -> None:
        loop, outbox = self._loop, self._outbox
        if loop is None or outbox is None:
            return
        with contextlib.suppress(RuntimeError):
            loop.call_soon_threadsafe(outbox.put_nowait, text)

    def _main(self, uri: str, code: str, name: str, ready: threading.Event) -> None:
        loop = asyncio.new_event_loop()
        self._loop = loop
        self._outbox = asyncio.Queue()
        ready.set()
        try:
            loop.run_until_complete(self._run(uri, code, name))
        finally:
            loop.close()

    def _fail(self, message: str) -> None:
        self.status = Status.FAILED
        self.error = message
        self._events.put(Failed(message))

    async def _run(self, uri: str, code: str, name: str) -> None:
        lost_at: float | None = None
        attempt = 0
        loop = asyncio.get_running_loop()
        while not self._stopping.is_set():
            try:
                async with connect(
                    uri,
                    max_size=MAX_HOST_MESSAGE_BYTES,
                    open_timeout=OPEN_SECONDS,
                    ping_interval=5,
                    ping_timeout=10,
                ) as socket:
                    token = self.seats.token(self._key)
                    await socket.send(
                        encode(Hello(protocol=PROTOCOL_VERSION, code=code, name=name, token=token))
                    )
                    if await self._session(socket):
                        return
            except InvalidStatus as error:
                status = error.response.status_code
                self._fail(f"{uri} is not a Security Dilemma host (HTTP {status})")
                return
            except (OSError, WebSocketException, TimeoutError) as error:
                if not self._welcomed:
                    reason = getattr(error, "strerror", None) or str(error) or "no answer"
                    self._fail(f"cannot reach the host at {uri}: {reason}")
                    return
            if self._stopping.is_set():
                return
            if self.status is Status.CONNECTED:  # it had been up: a fresh drop
                lost_at, attempt = loop.time(), 0
                self.status = Status.RECONNECTING
                self._events.put(ConnectionLost("the connection to the host dropped"))
            if lost_at is not None and loop.time() - lost_at > GIVE_UP_SECONDS:
                self._fail("the host has been gone for 10 minutes; join again when it is back")
                return
            await self._pause(RETRY_SECONDS[min(attempt, len(RETRY_SECONDS) - 1)])
            attempt += 1

    async def _pause(self, seconds: float) -> None:
        end = asyncio.get_running_loop().time() + seconds
        while not self._stopping.is_set() and asyncio.get_running_loop().time() < end:
            await asyncio.sleep(0.05)

    async def _session(self, socket: ClientConnection) -> bool:
        """Relay one connection's messages; True when the session is over for this client."""
        sender = asyncio.create_task(self._forward(socket))
        try:
            while not self._stopping.is_set():
                try:
                    raw = await asyncio.wait_for(socket.recv(), timeout=0.1)
                except TimeoutError:
                    continue
                try:
                    message = parse_host_message(raw)
                except ProtocolError as error:
                    self._fail(f"the host sent a message this game cannot read ({error})")
                    return True
                if isinstance(message, Welcome):
                    self.status = Status.CONNECTED
                    self._welcomed = True
                    self.seat_name = message.name
                    self.seats.keep(self._key, message.token, message.name)
                elif isinstance(message, Error) and message.fatal:
                    if message.code.value == "token":
                        self.seats.forget(self._key)
                    self._fail(message.message)
                    return True
                elif isinstance(message, SessionOver):
                    self._events.put(message)
                    self.status = Status.CLOSED
                    return True
                self._events.put(message)
            return True
        finally:
            sender.cancel()
            with contextlib.suppress(asyncio.CancelledError, WebSocketException):
                await sender

    async def _forward(self, socket: ClientConnection) -> None:
        assert self._outbox is not None
        while True:
            text = await self._outbox.get()
            try:
                await socket.send(text)
            except WebSocketException:
                self._outbox.put_nowait(text)  # sent again once the connection is back
                raise
