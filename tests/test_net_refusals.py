"""What a host refuses, and how a student gets back in.

A wrong code, another protocol version, a seat taken without its token, orders for a turn
that is not being played or for someone else's game, a message before hello, an oversized
or a malformed one, a flood, a path that is not the game's: each is answered with an error
that says why, and changes nothing. A dropped connection and a new client on the same
laptop both rejoin the same seat, where the game stands.
"""

from __future__ import annotations

import contextlib
import json

import pytest
from net_driver import eventually, join, play_out, start_host
from websockets.exceptions import InvalidStatus
from websockets.sync.client import connect

from game.levels import load_builtin
from game.net.client import ConnectionLost, Failed, NetClient, SeatBook, Status
from game.net.protocol import (
    PATH,
    PROTOCOL_VERSION,
    Accepted,
    Error,
    ErrorCode,
    GameOver,
    Lobby,
    SendOrders,
    Turn,
    Welcome,
    encode,
)
from game.rules.model import Orders


@pytest.fixture
def host():
    background = start_host(load_builtin("tutorial", ["rules.turns=5"]))
    yield background
    background.stop()


def raw_socket(host):
    """A hand-written client: whatever a hostile program might send."""
    return connect(f"ws://{host.host.address}{PATH}", open_timeout=5)


def hello(host, name="Eve", token=None, code=None, protocol=PROTOCOL_VERSION):
    return json.dumps(
        {
            "type": "hello",
            "protocol": protocol,
            "code": code or host.host.room.settings.code,
            "name": name,
            "token": token,
        }
    )


def answer(socket):
    return json.loads(socket.recv(timeout=5))


def test_a_wrong_code_is_refused_in_one_line(host, tmp_path):
    wrong = "AAAAAA" if host.host.room.settings.code != "AAAAAA" else "CCCCCC"
    student = join(host, "Ana", tmp_path, code=wrong)
    failed = student.wait(lambda e: isinstance(e, Failed))
    assert "wrong join code" in failed.message and "\n" not in failed.message
    assert student.client.status is Status.FAILED
    assert host.host.room.seats == {}
    student.client.connect(host.host.address, host.host.room.settings.code, "Ana")
    student.wait(lambda e: isinstance(e, Welcome))  # the same client, the right code
    student.client.close()


def test_another_protocol_version_is_told_to_install_the_same_game(host):
    with raw_socket(host) as socket:
        socket.send(hello(host, protocol=PROTOCOL_VERSION + 1))
        refusal = answer(socket)
    assert refusal["code"] == "version" and refusal["fatal"]
    assert "same version" in refusal["message"]


def test_a_seat_cannot_be_taken_without_its_token(host, tmp_path):
    ana = join(host, "Ana", tmp_path)
    ben = join(host, "Ben", tmp_path)
    try:
        for student in (ana, ben):
            student.wait(lambda e: isinstance(e, Lobby) and len(e.players) == 2)
        host.start_round()
        turn = ana.wait(lambda e: isinstance(e, Turn))
        seats_before = dict(host.host.room.seats)
        with raw_socket(host) as socket:
            socket.send(hello(host, name="Ana", token="x" * 43))
            refusal = answer(socket)
        assert refusal["code"] == "token" and refusal["fatal"]
        with raw_socket(host) as socket:  # same name, no token: a new seat, not Ana's
            socket.send(hello(host, name="Ana"))
            welcome = answer(socket)
            assert welcome["type"] == "welcome" and welcome["seat"] not in seats_before
            answer(socket)  # the lobby
            orders = SendOrders.of(turn.game, turn.turn, Orders())
            socket.send(encode(orders))
            refusal = answer(socket)
        assert refusal["code"] == "not_your_game"
        assert host.host.room.games[turn.game].match.waiting_for() != []
        assert ana.client.status is Status.CONNECTED
    finally:
        ana.client.close()
        ben.client.close()


def test_orders_for_another_turn_or_twice_are_refused_and_change_nothing(host, tmp_path):
    ana, ben = join(host, "Ana", tmp_path), join(host, "Ben", tmp_path)
    try:
        for student in (ana, ben):
            student.wait(lambda e: isinstance(e, Lobby) and len(e.players) == 2)
        host.start_round()
        turn = ana.wait(lambda e: isinstance(e, Turn))
        game = host.host.room.games[turn.game].match
        later = turn.observation.model_copy(update={"turn": turn.turn + 3})
        ana.client.send_orders(turn.model_copy(update={"observation": later}), Orders())
        refusal = ana.wait(lambda e: isinstance(e, Error))
        assert refusal.code is ErrorCode.WRONG_TURN and "turn 4" in refusal.message
        assert game.turn == 0 and len(game.waiting_for()) == 2
        ana.client.send_orders(turn, Orders())
        ana.wait(lambda e: isinstance(e, Accepted))
        ana.client.send_orders(turn, Orders())
        refusal = ana.wait(lambda e: isinstance(e, Error))
        assert refusal.code is ErrorCode.ALREADY_GIVEN
        assert game.turn == 0 and len(game.waiting_for()) == 1
    finally:
        ana.client.close()
        ben.client.close()


def test_hostile_messages_are_answered_with_an_error_each(host):
    with raw_socket(host) as socket:
        socket.send(json.dumps({"type": "orders", "game": 1, "turn": 0}))
        assert answer(socket)["code"] == "malformed"
        socket.send(encode(SendOrders.of(1, 0, Orders())))
        assert answer(socket)["code"] == "hello_first"
        socket.send("{" * 3000)
        assert answer(socket)["code"] == "malformed"
        socket.send("x" * 10_000)
        assert answer(socket)["code"] == "too_large"
        socket.send(hello(host, name="A\nB"))
        assert answer(socket)["code"] == "malformed"
        socket.send(hello(host))
        assert answer(socket)["type"] == "welcome"
        answer(socket)
        for _ in range(60):
            socket.send(hello(host))
        codes = []
        with contextlib.suppress(TimeoutError):
            while True:
                codes.append(json.loads(socket.recv(timeout=1))["code"])
        assert "rate" in codes and len(codes) < 30  # a flood is dropped, said once
    assert len(host.host.room.seats) == 1
    assert host.host.crashes == []


def test_the_host_serves_nothing_but_the_game(host):
    with pytest.raises(InvalidStatus) as refused:
        connect(f"ws://{host.host.address}/", open_timeout=5)
    assert refused.value.response.status_code == 404


def test_a_dropped_connection_rejoins_the_same_seat_where_the_game_stands(host, tmp_path):
    ana = join(host, "Ana", tmp_path)
    try:
        welcome = ana.wait(lambda e: isinstance(e, Welcome))
        host.start_round()
        ana.wait(lambda e: isinstance(e, Turn))
        play_out([ana], until_turn=2)
        assert ana.of_type(Turn)[-1].turn == 2
        connection = host.host.connections[welcome.seat]
        mark = len(ana.received)
        host._loop.call_soon_threadsafe(connection.transport.abort)  # the Wi-Fi drops
        ana.wait(lambda e: isinstance(e, ConnectionLost), since=mark)
        again = ana.wait(lambda e: isinstance(e, Welcome), since=mark)
        assert again.seat == welcome.seat
        back = ana.wait(lambda e: isinstance(e, Turn), since=mark)
        assert back.turn == 2
        play_out([ana])
        assert ana.of_type(GameOver)[-1].parsed_replay().finished
    finally:
        ana.client.close()


def test_a_new_client_on_the_same_laptop_rejoins_with_the_kept_token(host, tmp_path):
    first = join(host, "Ana", tmp_path)
    welcome = first.wait(lambda e: isinstance(e, Welcome))
    host.start_round()
    first.wait(lambda e: isinstance(e, Turn))
    first.client.close()  # the laptop sleeps; the program is started again later
    eventually(lambda: not host.host.room.seats[welcome.seat].connected)
    second = NetClient(SeatBook(tmp_path / "Ana-seats.json"))
    second.connect(host.host.address, host.host.room.settings.code, "Ana")
    try:
        events = []
        eventually(lambda: any(isinstance(e, Turn) for e in events.__iadd__(second.poll())))
        welcome_again = next(e for e in events if isinstance(e, Welcome))
        assert welcome_again.seat == welcome.seat
        assert len(host.host.room.seats) == 1
    finally:
        second.close()
