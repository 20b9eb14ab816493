"""A real host on 127.0.0.1 and real students' clients, for the network tests and bench.

Every test host listens on a free port of the loopback interface (in this process, or a
``security-dilemma host`` process of its own: :func:`host_process`), keeps its files in the
test's own data folder, and is stopped by the fixture that started it. Students decide
with a computer strategy of the game (from their own observation only), so a whole
networked game plays out in well under a second.
"""

from __future__ import annotations

import socket
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from game.ai.registry import strategy_from_spec
from game.levels import LoadedLevel, load_builtin
from game.net.client import Event, NetClient, SeatBook
from game.net.host import BackgroundHost, Host
from game.net.join_code import new_code, normalise_code
from game.net.pairing import Pairing
from game.net.protocol import GameOver, GameStart, Turn, Welcome
from game.net.room import Room, RoomSettings
from game.net.store import Store, new_session_path

WAIT_SECONDS = 20.0


def free_port() -> int:
    """A port of 127.0.0.1 that nothing listens on now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def host_process(
    port: int, level: str, turns: int, name: str, *extra: str
) -> tuple[subprocess.Popen[str], str]:
    """A ``security-dilemma host`` process on 127.0.0.1 and the join code it printed.

    Its standard input takes the console's commands; ``extra`` are more arguments
    (``--resume``). Raises :class:`RuntimeError` with what it printed if it did not start.
    """
    process = subprocess.Popen(
        [
            *(sys.executable, "-m", "game", "host", "--bind", "127.0.0.1", "--port", str(port)),
            *("--level", level, "--set", f"rules.turns={turns}", "--name", name, *extra),
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    assert process.stdout is not None
    line = process.stdout.readline()
    if "with the code" not in line:
        process.kill()
        raise RuntimeError(f"the host did not start: {line}{process.stdout.read()}")
    return process, normalise_code(line.rsplit(" ", 1)[1])


def start_host(
    level: LoadedLevel | None = None,
    pairing: Pairing = Pairing.JOIN,
    ai: str = "tit-for-tat",
    turn_seconds: float | None = None,
    seed: int = 7,
) -> BackgroundHost:
    """A new session's host, listening on a free port of 127.0.0.1."""
    settings = RoomSettings(
        name="Period 3",
        level=level if level is not None else load_builtin("tutorial"),
        pairing=pairing,
        ai=ai,
        turn_seconds=turn_seconds,
        code=new_code(),
        seed=seed,
    )
    room = Room.create(settings, Store(new_session_path()))
    background = BackgroundHost(Host(room, "127.0.0.1", 0))
    assert background.start(), background.error
    return background


@dataclass
class Student:
    """One student's client and everything it received, in order."""

    client: NetClient
    name: str
    received: list[Event] = field(default_factory=list)
    strategy: str = "random"
    rng: np.random.Generator = field(default_factory=lambda: np.random.default_rng(1))

    def pump(self) -> list[Event]:
        """Take what arrived."""
        events = self.client.poll()
        self.received += events
        return events

    def wait(
        self,
        wanted: Callable[[Event], bool],
        timeout: float = WAIT_SECONDS,
        since: int | None = None,
    ) -> Event:
        """The first event ``wanted`` accepts, from now on (or from ``received[since]``)."""
        end = time.monotonic() + timeout
        seen = len(self.received) if since is None else since
        while time.monotonic() < end:
            self.pump()
            for event in self.received[seen:]:
                if wanted(event):
                    return event
            seen = len(self.received)
            time.sleep(0.005)
        raise AssertionError(f"{self.name} waited in vain; last: {self.received[-3:]}")

    def of_type(self, kind: type[Any]) -> list[Any]:
        """Every received event of one type."""
        return [event for event in self.received if isinstance(event, kind)]

    @property
    def game(self) -> GameStart:
        """The latest game this student was given."""
        return self.of_type(GameStart)[-1]  # type: ignore[no-any-return]


def join(host: BackgroundHost, name: str, folder: Path, code: str | None = None) -> Student:
    """A student joins ``host`` (its seat tokens kept in ``folder``)."""
    client = NetClient(SeatBook(folder / f"{name}-seats.json"))
    client.connect(host.host.address, code or host.host.room.settings.code, name)
    return Student(client, name)


def join_in_order(host: BackgroundHost, names: list[str], folder: Path) -> list[Student]:
    """Students who join one after another, so that the join order is theirs."""
    students = []
    for name in names:
        student = join(host, name, folder)
        student.wait(lambda e: isinstance(e, Welcome))
        students.append(student)
    return students


def eventually(condition: Callable[[], bool], timeout: float = WAIT_SECONDS) -> None:
    """Wait until ``condition()`` holds (the host's thread catches up); fail after ``timeout``."""
    end = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < end, "the condition never held"
        time.sleep(0.01)


def play_out(students: list[Student], until_turn: int | None = None) -> None:
    """Every student decides each turn it is given, until its game is over (or a turn)."""
    for student in students:
        if not student.of_type(GameStart):
            student.wait(lambda e: isinstance(e, GameStart))
    level = {id(s): s.game.level.load() for s in students}
    answered: dict[int, set[tuple[int, int]]] = {id(s): set() for s in students}
    strategies = {id(s): strategy_from_spec(s.strategy) for s in students}
    done: set[int] = set()
    end = time.monotonic() + WAIT_SECONDS * 3
    while len(done) < len(students):
        assert time.monotonic() < end, "the games did not finish"
        for student in students:
            if id(student) in done:
                continue
            student.pump()
            if any(isinstance(e, GameOver) for e in student.received):
                done.add(id(student))
                continue
            turns = student.of_type(Turn)
            if not turns:
                continue
            turn = turns[-1]
            key = (turn.game, turn.turn)
            if key in answered[id(student)]:
                continue
            if until_turn is not None and turn.turn >= until_turn:
                done.add(id(student))
                continue
            view = turn.observation.observation(level[id(student)].scenario)
            orders = strategies[id(student)].decide(view, student.rng)
            student.client.send_orders(turn, orders)
            answered[id(student)].add(key)
        time.sleep(0.002)
