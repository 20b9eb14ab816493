"""Fuzz a live host: random, truncated and hostile messages from many connections at once.

A class is mid-game: Ana and Ben play game 1 (Ana's orders for the turn are in, Ben's
are not) and Eve waits in the lobby. Each example opens several connections at once:
strangers who never learnt the code, and Ana's and Eve's own seats. They send structured
mutations of real hellos and orders (hostile values, extra and missing fields, deep
nesting, huge numbers), truncated and random bytes, and floods. Two counts must stay 0:
crashes of the host (a handler error, a dead server) and changes of the class's state
(seats, games, turns, the orders waiting, the pause). Afterwards Ben's real orders still
play the turn.
"""

from __future__ import annotations

import asyncio
import contextlib
import json

import pytest
from fuzzing import byte_mutations, fuzz, json_mutations
from hypothesis import given
from hypothesis import strategies as st
from net_driver import eventually, join, start_host
from websockets.asyncio.client import connect
from websockets.exceptions import WebSocketException

from game.levels import load_builtin
from game.net.protocol import PATH, PROTOCOL_VERSION, Lobby, SendOrders, Turn, encode
from game.rules.model import Orders, Posture, Signal

CONNECTIONS = 6
SILENCE = 0.1


@pytest.fixture(scope="module")
def classroom(tmp_path_factory):
    folder = tmp_path_factory.mktemp("fuzz")
    host = start_host(load_builtin("fog-of-war", ["rules.turns=10"]))
    ana, ben = join(host, "Ana", folder), join(host, "Ben", folder)
    for student in (ana, ben):
        student.wait(lambda e: isinstance(e, Lobby) and len(e.players) == 2)
    host.start_round()
    turn = ana.wait(lambda e: isinstance(e, Turn))
    ben.wait(lambda e: isinstance(e, Turn))
    ana.client.send_orders(turn, Orders())
    eventually(lambda: len(host.host.room.games[1].match.waiting_for()) == 1)
    eve = join(host, "Eve", folder)
    eve.wait(lambda e: isinstance(e, Lobby))
    tokens = {
        name: student.client.seats.token(f"{host.host.address}/{host.host.room.settings.code}")
        for name, student in (("Ana", ana), ("Eve", eve))
    }
    yield host, tokens, ben
    for student in (ana, ben, eve):
        student.client.close()
    host.stop()


def fingerprint(host) -> tuple:
    """Everything a hostile message could change about the class."""
    room = host.host.room
    games = tuple(
        (n, g.match.turn, tuple(g.match.waiting_for()), g.status, len(room.store.turns(n)))
        for n, g in sorted(room.games.items())
    )
    seats = tuple(sorted((s.seat, s.name, s.game) for s in room.seats.values()))
    return seats, games, room.paused, room.round, room.ended


def wrong(code: str) -> str:
    return code[:-1] + ("A" if code[-1] != "A" else "C")


@st.composite
def hostile(draw, code: str, token: str | None) -> bytes | str:
    """One message a hostile or broken client might send."""
    hello = {
        "type": "hello",
        "protocol": PROTOCOL_VERSION,
        "code": draw(st.sampled_from([wrong(code), "", "x" * 20])),
        "name": "Mallory",
        "token": token,
    }
    orders = json.loads(
        encode(
            SendOrders(
                game=draw(st.integers(0, 3)),
                turn=draw(st.integers(0, 2)),
                posture=draw(st.sampled_from([p.key for p in Posture])),
                amount=draw(st.sampled_from([0.0, 1.0, 2.5, 3.0, 1e6])),
                kind=draw(st.integers(0, 2)),
                signal=draw(st.sampled_from([s.key for s in Signal])),
                strike=draw(st.booleans()),
            )
        )
    )
    base = draw(st.sampled_from([hello, orders]))
    how = draw(st.sampled_from(["json", "json", "bytes", "as-is", "binary-frame"]))
    if how == "json":
        return draw(json_mutations(base)).decode("utf-8", "replace")
    raw = json.dumps(base).encode()
    if how == "bytes":
        return draw(byte_mutations(raw))
    if how == "binary-frame":
        return raw
    return raw.decode()


async def attack(address: str, opening: str | None, messages: list[bytes | str]) -> int:
    """One connection: maybe a real hello first, then the messages; replies read."""
    replies = 0
    with contextlib.suppress(WebSocketException, OSError, TimeoutError):
        async with connect(
            f"ws://{address}{PATH}", max_size=None, open_timeout=5, close_timeout=0.5
        ) as socket:
            if opening is not None:
                await socket.send(opening)
            for message in messages:
                await socket.send(message)
            with contextlib.suppress(TimeoutError):
                while True:
                    await asyncio.wait_for(socket.recv(), SILENCE)
                    replies += 1
    return replies


@pytest.mark.filterwarnings(
    # the clients' and host's threads draw ping payloads from `random` while examples are drawn
    "ignore::hypothesis.errors.HypothesisDeprecationWarning"
)
@fuzz(25)
@given(data=st.data())
def test_hostile_connections_crash_nothing_and_change_nothing(classroom, data):
    host, tokens, _ = classroom
    before = fingerprint(host)
    code = host.host.room.settings.code
    plans = []
    for _ in range(CONNECTIONS):
        who = data.draw(st.sampled_from(["stranger", "stranger", "Ana", "Eve"]))
        token = tokens.get(who)
        opening = None
        if token is not None:
            opening = json.dumps(
                {
                    "type": "hello",
                    "protocol": PROTOCOL_VERSION,
                    "code": code,
                    "name": who,
                    "token": token,
                }
            )
        count = data.draw(st.integers(1, 6))
        messages = [
            data.draw(hostile(code, data.draw(st.sampled_from([None, "x" * 43]))))
            for _ in range(count)
        ]
        plans.append((opening, messages))

    async def everyone() -> None:
        await asyncio.gather(*(attack(host.host.address, o, m) for o, m in plans))

    asyncio.run(everyone())
    assert host.running and host.host.crashes == []
    eventually(lambda: fingerprint(host) == before, timeout=5)


def test_after_the_fuzz_the_game_still_plays(classroom):
    host, _, ben = classroom
    turn = [e for e in ben.received + ben.pump() if isinstance(e, Turn)][-1]
    ben.client.send_orders(turn, Orders())
    ben.wait(lambda e: isinstance(e, Turn) and e.turn == turn.turn + 1)
    assert host.host.crashes == []
