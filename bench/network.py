"""A class over the network: 30 pairs (60 connections) play 30-turn games on loopback.

Run: ``python bench/network.py`` (after ``pip install .``; Linux, for ``/proc``). A real
``security-dilemma host`` process serves 60 students, all in one asyncio loop here, who
answer each turn after a think time of 0 to 1 s (``--think 0``: every order at once, so
every pair's turn resolves in the same instant, the worst a class can do). Prints, best
of ``--runs`` runs (the machine may be shared):

* the order-to-result round trip: from the second order of a turn leaving a student to
  the next turn arriving (median and p99; the target p99 is under 50 ms);
* the host's CPU seconds (and per resolved turn) and peak memory for the whole class;
* the time to resume after a SIGKILL half-way through a round: from starting
  ``host --resume`` to every student being back at its turn.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from websockets.asyncio.client import ClientConnection, connect

from game.net.protocol import (
    MAX_HOST_MESSAGE_BYTES,
    PATH,
    PROTOCOL_VERSION,
    SendOrders,
    encode,
)
from game.rules.model import Orders, Posture

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))  # the tests' host
from net_driver import free_port, host_process

PAIRS = 30
TURNS = 30
P99_TARGET_MS = 50.0
THINK = [0.5]
"""Mean seconds a student takes to answer a turn (``--think``; 0: every order at once)."""
MOVES = (Orders(), Orders(posture=Posture.ARM, amount=1.0), Orders(Posture.DISARM, 1.0))


def start_host(port: int, *extra: str) -> tuple[subprocess.Popen[str], str]:
    """A host process of the bench's level and the join code it printed."""
    return host_process(port, "fog-of-war", TURNS, "Bench", *extra)


def command(process: subprocess.Popen[str], text: str) -> None:
    assert process.stdin is not None
    process.stdin.write(text + "\n")
    process.stdin.flush()


def cpu_seconds(pid: int) -> float:
    """User and system CPU of a process so far."""
    with open(f"/proc/{pid}/stat") as stat:
        fields = stat.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def peak_memory_mb(pid: int) -> float:
    """The most resident memory the process has used."""
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return float("nan")


@dataclass
class Student:
    """One connection: a student who answers every turn it is shown."""

    number: int
    token: str | None = None
    sent: dict[tuple[int, int], float] = field(default_factory=dict)
    arrived: dict[tuple[int, int], float] = field(default_factory=dict)
    """When the turn after ``(game, turn)`` (or the game's end) arrived."""
    at_turn: int = -1
    rng: np.random.Generator = field(default_factory=lambda: np.random.default_rng(0))
    over: set[int] = field(default_factory=set)
    """Games already over (a rejoining seat is shown its last game's end again)."""

    @property
    def name(self) -> str:
        return f"Student {self.number}"

    async def play(
        self, address: str, code: str, stop_at: int | None, ready: asyncio.Event
    ) -> None:
        async with connect(
            f"ws://{address}{PATH}", max_size=MAX_HOST_MESSAGE_BYTES, open_timeout=30
        ) as socket:
            hello = {
                "type": "hello",
                "protocol": PROTOCOL_VERSION,
                "code": code,
                "name": self.name,
                "token": self.token,
            }
            await socket.send(json.dumps(hello))
            await self._relay(socket, stop_at, ready)

    async def _relay(
        self, socket: ClientConnection, stop_at: int | None, ready: asyncio.Event
    ) -> None:
        async for raw in socket:
            now = time.perf_counter()
            message = json.loads(raw)  # the host is measured, so its messages are read lightly
            kind = message["type"]
            if kind == "welcome":
                self.token = message["token"]
                ready.set()
            elif kind == "turn":
                game, turn = message["game"], message["observation"]["turn"]
                self.at_turn = turn
                self.arrived[(game, turn - 1)] = now
                if stop_at is not None and turn >= stop_at:
                    return
                orders = MOVES[(self.number + turn) % len(MOVES)]
                if stop_at is None and THINK[0] > 0:  # a student reads the screen first
                    await asyncio.sleep(self.rng.uniform(0, 2 * THINK[0]))
                self.sent[(game, turn)] = time.perf_counter()
                await socket.send(encode(SendOrders.of(game, turn, orders)))
            elif kind == "game_over" and message["game"] not in self.over:
                self.over.add(message["game"])
                self.arrived[(message["game"], TURNS - 1)] = now
                return


def round_trips(students: list[Student]) -> list[float]:
    """Per game and turn: the later order of the pair to the result, in milliseconds."""
    later: dict[tuple[int, int], float] = {}
    for student in students:
        for key, sent in student.sent.items():
            later[key] = max(later.get(key, 0.0), sent)
    arrived: dict[tuple[int, int], float] = {}
    for student in students:
        for key, when in student.arrived.items():
            arrived[key] = min(arrived.get(key, float("inf")), when)
    return [(arrived[key] - sent) * 1000 for key, sent in later.items() if key in arrived]


async def play_round(
    address: str,
    code: str,
    students: list[Student],
    start: subprocess.Popen[str] | None,
    stop_at: int | None = None,
) -> None:
    """Every student connects, the round starts, and they play (to ``stop_at``)."""
    ready = [asyncio.Event() for _ in students]
    tasks = [
        asyncio.create_task(s.play(address, code, stop_at, r))
        for s, r in zip(students, ready, strict=True)
    ]
    await asyncio.gather(*(r.wait() for r in ready))
    if start is not None:
        await asyncio.sleep(0.5)  # the last lobby news reaches the host's console
        command(start, "start")
    await asyncio.gather(*tasks)


def one_run() -> tuple[list[float], float, float, float]:
    """Round trips (ms), host CPU (s), host peak memory (MB), resume time (s)."""
    with tempfile.TemporaryDirectory() as home:
        os.environ["SECURITY_DILEMMA_DATA_DIR"] = f"{home}/data"
        os.environ["SECURITY_DILEMMA_CONFIG_DIR"] = f"{home}/config"
        port = free_port()
        host, code = start_host(port)
        address = f"127.0.0.1:{port}"
        students = [Student(n + 1, rng=np.random.default_rng(n)) for n in range(2 * PAIRS)]
        cpu_before = cpu_seconds(host.pid)
        asyncio.run(play_round(address, code, students, host))
        cpu = cpu_seconds(host.pid) - cpu_before
        memory = peak_memory_mb(host.pid)
        trips = round_trips(students)
        # a second round, killed half-way, then resumed
        asyncio.run(play_round(address, code, students, host, stop_at=TURNS // 2))
        host.send_signal(signal.SIGKILL)
        host.wait()
        started = time.perf_counter()
        resumed, _ = start_host(port, "--resume")
        asyncio.run(play_round(address, code, students, None, stop_at=TURNS // 2))
        resume = time.perf_counter() - started
        assert all(s.at_turn == TURNS // 2 for s in students), "a turn was lost"
        command(resumed, "stop")
        resumed.wait(timeout=30)
        return trips, cpu, memory, resume


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument(
        "--think", type=float, default=0.5, help="mean seconds to answer (0: all at once)"
    )
    args = parser.parse_args()
    THINK[0] = max(0.0, args.think)
    runs = [one_run() for _ in range(args.runs)]
    medians = [statistics.median(trips) for trips, *_ in runs]
    p99s = [statistics.quantiles(trips, n=100)[98] for trips, *_ in runs]
    best = min(range(len(runs)), key=lambda i: p99s[i])
    print(f"{PAIRS} pairs ({2 * PAIRS} connections), {TURNS}-turn games, best of {args.runs} runs")
    pace = f"each answers in 0 to {2 * THINK[0]:g} s" if THINK[0] else "every order at once"
    print(f"  students                  {pace}")
    print(f"  turns resolved            {len(runs[best][0])}")
    verdict = "ok" if p99s[best] < P99_TARGET_MS else "OVER TARGET"
    print(
        f"  order to result           median {medians[best]:.1f} ms, p99 {p99s[best]:.1f} ms"
        f"  (target p99 < {P99_TARGET_MS:.0f} ms) {verdict}"
    )
    cpu = min(cpu for _, cpu, _, _ in runs)
    turns = len(runs[best][0])
    print(
        f"  host CPU, whole round     {cpu:.2f} s ({cpu / turns * 1000:.1f} ms per resolved turn)"
    )
    print(f"  host peak memory          {min(mem for _, _, mem, _ in runs):.0f} MB")
    resume = min(r for *_, r in runs)
    print(f"  resume after SIGKILL      {resume:.2f} s (from the start to every student back)")


if __name__ == "__main__":
    main()
