"""One suite over every registered strategy: what the window, the lab and tournaments rely on.

The same games in a batch as alone, orders from the observation only, the same orders from
the same seed, and only allowed orders on every built-in level. Strategies that think long
(the expert) play fewer and shorter games, at their lowest difficulty.
"""

from __future__ import annotations

import copy
import dataclasses

import numpy as np
import pytest
from paths import WORKED

from game.ai.protocol import last_records, last_seen_moves
from game.ai.registry import CATALOG, make_strategy
from game.levels import builtin_ids, load_builtin, load_level_file
from game.rules.engine import GameState, resolve_turn, start_games
from game.rules.model import (
    Orders,
    OrdersBatch,
    Posture,
    Scenario,
    Side,
    Signal,
    order_problems,
)
from game.rules.noise import Noise
from game.session.match import Match
from game.session.runner import SideRunner, StrategyFactory, run_games

NAMES = sorted(CATALOG)
QUICK = {name: dict(info.quickest) for name, info in CATALOG.items() if info.long_running}
"""Long-running strategies play at their quickest."""


def factory(name: str) -> StrategyFactory:
    params = QUICK.get(name, {})
    return lambda: make_strategy(name, params)


def turns_for(name: str, turns: int) -> int:
    return min(turns, 6) if CATALOG[name].long_running else turns


LEVELS = {
    "matrix with both noises": lambda turns: (
        load_builtin(
            "prisoners-dilemma",
            [f"rules.turns={turns}", "intel.posture_misread=0.1", "execution.error=0.1"],
        ).scenario
    ),
    "full rules with noise": lambda turns: (
        load_level_file(
            WORKED, [f"rules.turns={turns}", "intel.posture_misread=0.2", "execution.error=0.1"]
        ).scenario
    ),
}

RECORDS = ("ordered", "requested", "kind", "signal", "strike")
"""The orders each side gave, as the engine's history keeps them."""


def same_orders(one: GameState, game: int, other: GameState, other_game: int) -> bool:
    return all(
        np.array_equal(
            getattr(one.history, name)[:, game],
            getattr(other.history, name)[:, other_game],
            equal_nan=name == "requested",
        )
        for name in RECORDS
    )


@pytest.mark.parametrize("level", sorted(LEVELS))
@pytest.mark.parametrize("name", NAMES)
def test_a_batch_plays_the_very_games_it_would_play_alone(name, level):
    """A tournament (a mixed batch, the strategy on both sides) and the window (one Match)."""
    scenario = LEVELS[level](turns_for(name, 24))
    seeds = [3, 4, 5, 6]
    mine, generous, chance = (
        factory(name),
        factory("generous-tit-for-tat"),
        factory("random"),
    )
    red = [mine, generous, mine, generous]
    blue = [chance, mine, chance, mine]
    run = run_games(scenario, red, blue, seeds)
    for game, seed in enumerate(seeds):
        match = Match(scenario, seed, red[game](), blue[game]())
        match.play_out()
        assert same_orders(run.state, game, match.state, 0), (name, seed)


def scrambled(state: GameState, side: Side) -> GameState:
    """The same game as ``side`` sees it, with everything it cannot see changed."""
    twin = copy.deepcopy(state)
    other = int(side.other)
    twin.arsenal[:, other] = twin.arsenal[:, other][::-1] * 1.7 + 2.0
    twin.treasury[:, other] += 50.0
    twin.types[:, other] = 1 - twin.types[:, other]
    twin.score[:, other] -= 9.0
    future = slice(state.turn + 1, None)
    twin.noise.uniform[future] = 1.0 - twin.noise.uniform[future]
    twin.noise.normal[future] = -twin.noise.normal[future]
    for name in RECORDS:
        record = getattr(twin.history, name)
        record[: state.turn, :, other] = record[: state.turn, :, other][:, ::-1]
    return twin


def looks_the_same(one: object, other: object) -> bool:
    """Field by field, arrays by value: two observation batches (or their past turns)."""
    if isinstance(one, np.ndarray):
        return np.array_equal(one, other, equal_nan=one.dtype.kind == "f")
    if isinstance(one, Scenario):  # the level's public rules (the twin holds a copy)
        return repr(one) == repr(other)
    if dataclasses.is_dataclass(one):
        return all(
            looks_the_same(getattr(one, f.name), getattr(other, f.name))
            for f in dataclasses.fields(one)
        )
    return one is other or one == other


def played_for(turns: int) -> GameState:
    """Four games of full rules with noise, ``turns`` turns in (with a history to read)."""
    scenario = LEVELS["full rules with noise"](12)
    state = start_games(scenario, Noise.draw([31, 32, 33, 34], scenario.turns, scenario.kinds))
    runners = [SideRunner([factory("random")] * 4, [1, 2, 3, 4], side, 12) for side in Side]
    for _ in range(turns):
        resolve_turn(state, *(runner.decide(state.observe(runner.side)) for runner in runners))
    return state


@pytest.mark.parametrize(
    "games", [slice(1, 3), np.array([0, 2, 3], dtype=np.intp)], ids=["side by side", "apart"]
)
def test_a_group_of_games_reads_its_rows_of_the_batch(games):
    """What a strategy reads in a mixed batch is what its games' rows say, field by field."""
    whole = played_for(5).observe(Side.BLUE)
    group = whole.subset(games)
    rows = np.arange(whole.games)[games]
    assert group.games == len(rows)
    for item in dataclasses.fields(whole):
        mine, theirs = getattr(group, item.name), getattr(whole, item.name)
        if isinstance(theirs, np.ndarray):
            assert looks_the_same(mine, theirs[rows]), item.name
    for record in ("ordered", "executed", "seen_posture", "seen_threat", "estimate"):
        assert looks_the_same(group.record(record), whole.record(record)[rows]), record
        assert looks_the_same(last_records(group, record, 2), whole.record(record)[rows, -2:])
    assert looks_the_same(group.seen_move, whole.seen_move[rows])
    assert looks_the_same(group.seen_move_history, whole.seen_move_history[rows])
    assert looks_the_same(last_seen_moves(group, 2), whole.seen_move_history[rows, -2:])
    inner = group.subset(np.array([1], dtype=np.intp))  # a group of a group
    assert looks_the_same(inner.seen_move, whole.seen_move[rows[1:2]])
    assert looks_the_same(inner.arsenal, whole.arsenal[rows[1:2]])
    for index, row in enumerate(rows.tolist()):
        alone, there = group.game(index), whole.game(row)
        assert alone.to_dict() == there.to_dict() and alone.history == there.history


def test_no_strategy_can_change_what_another_reads():
    """Values derived once for a whole batch are shared by its groups: they are read-only."""
    whole = played_for(3).observe(Side.RED)
    for shared in (whole.seen_move, last_records(whole, "executed", 1)):
        with pytest.raises(ValueError, match="read-only"):
            shared[0] = 0


def decided(strategy: StrategyFactory, state: GameState, side: Side) -> OrdersBatch:
    runner = SideRunner([strategy] * state.games, [11, 12, 13, 14], side, state.scenario.turns)
    return runner.decide(state.observe(side))


@pytest.mark.parametrize("name", NAMES)
def test_orders_come_from_the_observation_alone(name):
    """Changing the other side's truth, unseen, changes nothing a strategy orders."""
    scenario = load_builtin("deterrence", [f"rules.turns={turns_for(name, 12)}"]).scenario
    state = start_games(scenario, Noise.draw([21, 22, 23, 24], scenario.turns, scenario.kinds))
    mine, other = factory(name), factory("true-to-type")
    for turn in range(scenario.turns - 1):
        if turn in (0, 1, scenario.turns // 2):
            for side in (Side.RED, Side.BLUE):
                twin = scrambled(state, side)
                seen, twin_seen = state.observe(side), twin.observe(side)
                assert looks_the_same(seen, twin_seen)  # the twin really looks the same
                orders, twin_orders = decided(mine, state, side), decided(mine, twin, side)
                for field in ("posture", "amount", "kind", "signal", "strike"):
                    assert np.array_equal(getattr(orders, field), getattr(twin_orders, field))
        red = SideRunner([mine] * 4, [1, 2, 3, 4], Side.RED, scenario.turns)
        blue = SideRunner([other] * 4, [1, 2, 3, 4], Side.BLUE, scenario.turns)
        resolve_turn(
            state, red.decide(state.observe(Side.RED)), blue.decide(state.observe(Side.BLUE))
        )
        if state.finished:
            break


@pytest.mark.parametrize("name", NAMES)
def test_the_same_seed_gives_the_same_orders(name):
    scenario = LEVELS["full rules with noise"](turns_for(name, 20))
    seeds = [7, 8, 9]
    first = run_games(scenario, factory(name), factory("random"), seeds)
    again = run_games(scenario, factory(name), factory("random"), seeds)
    for game in range(len(seeds)):
        assert same_orders(first.state, game, again.state, game)


def given_orders(state: GameState) -> set[Orders]:
    """Every distinct order either side gave in any game, as the engine's history keeps them."""
    history = state.history
    played = np.arange(state.scenario.turns)[:, None] < state.end_turn[None, :]
    played &= np.arange(state.scenario.turns)[:, None] < state.turn
    rows = zip(
        *(getattr(history, name)[played].reshape(-1).tolist() for name in RECORDS), strict=True
    )
    return {
        Orders(Posture(posture), amount, kind, Signal(signal), strike)
        for posture, amount, kind, signal, strike in set(rows)
    }


def problems_playing_itself(name: str, scenario: Scenario) -> list[str]:
    """Every problem with any order ``name`` gave, playing itself on ``scenario``.

    A long-running strategy plays only the first turns.
    """
    turns = turns_for(name, scenario.turns)
    state = start_games(scenario, Noise.draw([5], scenario.turns, scenario.kinds))
    runners = [SideRunner([factory(name)], [5], side, scenario.turns) for side in Side]
    for _ in range(turns):
        if state.finished:
            break
        red, blue = (runner.decide(state.observe(runner.side)) for runner in runners)
        resolve_turn(state, red, blue)
    problems = [message for runner in runners for message in runner.fouls.messages]
    for orders in given_orders(state):
        problems += [f"{orders}: {p}" for p in order_problems(orders, scenario)]
    return problems


@pytest.mark.parametrize("name", NAMES)
def test_only_allowed_orders_on_every_builtin_level(name):
    """No foul and no order the level forbids, on either side, on any built-in level."""
    for level_id in builtin_ids():
        scenario = load_builtin(level_id).scenario
        assert problems_playing_itself(name, scenario) == [], level_id


@pytest.mark.parametrize("name", NAMES)
def test_every_strategy_describes_itself(name):
    info = CATALOG[name]
    assert info.name == name and info.description and info.tags
    assert 1 <= info.difficulty <= 5
    assert set(info.parameter_help) == set(info.parameters())
