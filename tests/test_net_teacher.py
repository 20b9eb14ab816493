"""The teacher's controls: the turn clock, pausing every game, ending one, the live view.

A student whose time runs out holds and says nothing, and the debrief material says which
turns the clock decided. A pause stops every clock and refuses orders until the games
resume with the time they had left. Ending a game gives both players its debrief, and the
dashboard shows who is deciding and who is waiting.
"""

from __future__ import annotations

import time

import numpy as np
import pytest
from net_driver import eventually, join_in_order, start_host

from game.levels import load_builtin
from game.net.dashboard import SeatStatus
from game.net.join_code import ALPHABET, CODE_LENGTH, new_code
from game.net.pairing import Pairing, pair_round
from game.net.protocol import (
    Accepted,
    Error,
    ErrorCode,
    GameOver,
    Lobby,
    Paused,
    PostureKey,
    SignalKey,
    Turn,
)
from game.net.room import timeout_orders
from game.rules.model import Orders, Posture, Side, Signal

CLOCK = 0.6


@pytest.fixture
def pair(tmp_path):
    host = start_host(load_builtin("tutorial", ["rules.turns=6"]), turn_seconds=CLOCK)
    ana, ben = join_in_order(host, ["Ana", "Ben"], tmp_path)  # Ana leads Redland
    for student in (ana, ben):
        student.wait(lambda e: isinstance(e, Lobby) and len(e.players) == 2, since=0)
    host.start_round()
    turns = [s.wait(lambda e: isinstance(e, Turn)) for s in (ana, ben)]
    yield host, ana, ben, turns
    ana.client.close()
    ben.client.close()
    host.stop()


def test_when_time_runs_out_the_clock_holds_and_the_debrief_says_so(pair):
    host, ana, ben, (turn, _) = pair
    assert turn.seconds_left is not None and 0 < turn.seconds_left <= CLOCK
    ana.client.send_orders(turn, Orders(posture=Posture.ARM, amount=1.0))
    ana.wait(lambda e: isinstance(e, Accepted))
    eventually(
        lambda: host.dashboard().pairs[0].status == (SeatStatus.WAITING, SeatStatus.DECIDING)
    )
    late = ben.wait(lambda e: isinstance(e, Turn) and e.turn == 1, timeout=CLOCK * 10)
    assert late.timed_out and not ana.wait(lambda e: isinstance(e, Turn), since=0).timed_out
    host.end_game(1)
    over = ben.wait(lambda e: isinstance(e, GameOver))
    assert over.reason == "ended" and 1 in over.timed_out["blue"] and over.timed_out["red"] == []
    record = over.parsed_replay().records[0]
    assert record.side(Side.BLUE).orders == timeout_orders(host.host.room.settings.level.scenario)
    assert record.side(Side.BLUE).orders == Orders()  # hold, no signal
    assert ana.wait(lambda e: isinstance(e, GameOver), since=0).replay == over.replay


def test_a_pause_stops_the_clock_and_refuses_orders_until_the_games_resume(pair):
    host, ana, _, (turn, _) = pair
    host.pause()
    ana.wait(lambda e: isinstance(e, Paused) and e.paused)
    ana.client.send_orders(turn, Orders())
    refusal = ana.wait(lambda e: isinstance(e, Error))
    assert refusal.code is ErrorCode.PAUSED
    time.sleep(CLOCK * 2)
    assert host.host.room.games[1].match.turn == 0  # no clock ran out while paused
    host.resume()
    resumed = ana.wait(lambda e: isinstance(e, Paused) and not e.paused)
    assert resumed.seconds_left is not None and 0 < resumed.seconds_left <= CLOCK
    ana.client.send_orders(turn, Orders())
    ana.wait(lambda e: isinstance(e, Accepted))


def test_the_clock_cooperates_where_a_level_has_no_hold():
    scenario = load_builtin("prisoners-dilemma").scenario
    assert Posture.HOLD not in scenario.postures
    assert timeout_orders(scenario).posture is Posture.DISARM


def test_pairing_meets_new_partners_and_gives_the_odd_one_the_computer():
    rng = np.random.default_rng(0)
    seats = ["a", "b", "c", "d", "e"]
    first = pair_round(seats, set(), Pairing.JOIN, rng)
    assert first == [("a", "b"), ("c", "d"), ("e", None)]
    met = {frozenset(p) for p in first if p[1] is not None}
    second = pair_round(seats, met, Pairing.JOIN, rng)
    assert not any(frozenset(p) in met for p in second if p[1] is not None)
    shuffled = pair_round(seats, set(), Pairing.RANDOM, np.random.default_rng(3))
    assert sorted(s for p in shuffled for s in p if s) == seats


def test_join_codes_avoid_look_alikes_and_the_wire_names_every_move():
    for letter in "0O1IL5S2Z8B":
        assert letter not in ALPHABET
    codes = {new_code() for _ in range(200)}
    assert len(codes) > 190 and all(len(c) == CODE_LENGTH >= 6 for c in codes)
    assert set(PostureKey.__args__) == {p.key for p in Posture}
    assert set(SignalKey.__args__) == {s.key for s in Signal}
