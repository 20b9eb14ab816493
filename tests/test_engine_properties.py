"""Invariants of the rules engine on random levels, seeds and orders."""

from __future__ import annotations

import dataclasses

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from levelgen import levels, order_plans, scenario_of

from game.rules.engine import GameState, resolve_turn, start_games
from game.rules.model import NO_WINNER, Outcome, Side
from game.rules.noise import Noise, game_seeds

GAMES = 3


def play(scenario, seeds, plan, noise=None) -> GameState:
    noise = noise or Noise.draw(seeds, scenario.turns, scenario.kinds)
    state = start_games(scenario, noise)
    for red, blue in plan:
        if state.finished:
            break
        resolve_turn(state, red, blue)
    return state


@st.composite
def games(draw, mode=None):
    level = draw(levels(mode=mode))
    scenario = scenario_of(level)
    seeds = game_seeds(draw(st.integers(0, 2**32)), GAMES)
    plan = draw(order_plans(scenario, GAMES))
    return scenario, seeds, plan


def played(history_array: np.ndarray, state: GameState) -> list[np.ndarray]:
    """Per game, the entries of the turns actually played."""
    return [history_array[: state.end_turn[g], g] for g in range(state.games)]


@settings(max_examples=60)
@given(games())
def test_state_stays_within_bounds(case):
    scenario, seeds, plan = case
    state = play(scenario, seeds, plan)
    history = state.history
    assert state.finished
    for g in range(state.games):
        turns = int(state.end_turn[g])
        assert 1 <= turns <= scenario.turns
        assert np.all(history.arsenal[:turns, g] >= 0), "arsenals never negative"
        for security in (history.real_security, history.felt_security):
            assert np.all((security[:turns, g] >= 0) & (security[:turns, g] <= 1))
        assert np.all((history.tension[:turns, g] >= 0) & (history.tension[:turns, g] <= 1))
        assert np.all(np.isfinite(history.treasury[:turns, g]))
        assert np.all(np.isfinite(history.turn_score[:turns, g]))
        # nothing is recorded after a game ended
        assert np.all(np.isnan(history.arsenal[turns:, g]))
    assert np.all(state.arsenal >= 0)
    assert np.all(state.outcome != Outcome.ONGOING)


@settings(max_examples=40)
@given(games())
def test_same_level_seed_and_orders_give_the_same_game(case):
    scenario, seeds, plan = case
    first, second = play(scenario, seeds, plan), play(scenario, seeds, plan)
    for name, value in vars(first.history).items():
        assert np.array_equal(value, getattr(second.history, name), equal_nan=True), name
    assert np.array_equal(first.score, second.score)
    assert np.array_equal(first.outcome, second.outcome)


STATE_RECORDS = (
    "arsenal",
    "treasury",
    "types",
    "tension",
    "crisis",
    "treaty_active",
    "treaty_cap",
    "over",
    "outcome",
    "winner",
    "end_turn",
    "score",
    "felt_security",
)
"""The per-game fields of a :class:`GameState` (``report`` is compared field by field)."""


@settings(max_examples=30)
@given(games())
def test_a_game_is_the_same_alone_or_in_a_batch(case):
    """A batch of one (a window's game, a replay) plays every game exactly as a large batch.

    Every record of every turn and the whole final state, bit for bit: a replay verifies
    only if the game played alone is the game that was played.
    """
    scenario, seeds, plan = case
    batch = play(scenario, seeds, plan)
    for g, seed in enumerate(seeds):
        alone_plan = [
            tuple(
                type(o)(*(getattr(o, f)[g : g + 1] for f in o.__dataclass_fields__)) for o in turn
            )
            for turn in plan
        ]
        alone = play(scenario, [seed], alone_plan)
        for name, value in vars(batch.history).items():
            together = value[:, g]
            single = getattr(alone.history, name)[:, 0]
            assert together.dtype == single.dtype, name
            assert np.array_equal(single, together, equal_nan=together.dtype.kind == "f"), name
        for name in STATE_RECORDS:
            together, single = getattr(batch, name)[g], getattr(alone, name)[0]
            assert np.array_equal(single, together, equal_nan=True), name
        for name, value in vars(batch.report).items():
            assert np.array_equal(getattr(alone.report, name)[0], value[g], equal_nan=True), name


@settings(max_examples=60)
@given(games())
def test_swapping_red_and_blue_mirrors_the_result(case):
    scenario, seeds, plan = case
    noise = Noise.draw(seeds, scenario.turns, scenario.kinds)
    state = play(scenario, seeds, plan, noise)
    mirror = play(scenario.mirrored(), seeds, [(blue, red) for red, blue in plan], noise.mirrored())
    assert np.array_equal(mirror.types, state.types[:, ::-1])
    assert np.array_equal(mirror.score, state.score[:, ::-1])
    assert np.array_equal(mirror.outcome, state.outcome)
    assert np.array_equal(mirror.end_turn, state.end_turn)
    swapped_winner = np.where(state.winner == NO_WINNER, NO_WINNER, 1 - state.winner)
    assert np.array_equal(mirror.winner, swapped_winner)
    for name in ("arsenal", "estimate", "seen_posture", "seen_signal", "real_security"):
        ours, theirs = getattr(state.history, name), getattr(mirror.history, name)
        assert np.array_equal(theirs, ours[:, :, ::-1], equal_nan=True), name


@settings(max_examples=40)
@given(games(mode="full"), st.sampled_from([Side.RED, Side.BLUE]))
def test_a_side_observes_nothing_of_the_others_hidden_type(case, side):
    """Observations are the same whatever the other side secretly is."""
    scenario, seeds, plan = case
    other = side.other
    views = []
    for probability in (0.0, 1.0):
        odds = scenario.expansionist_probability.copy()
        odds[other] = probability
        variant = type(scenario)(**{**vars(scenario), "expansionist_probability": odds})
        state = start_games(variant, Noise.draw(seeds, scenario.turns, scenario.kinds))
        seen = []
        for red, blue in plan:
            if state.finished:
                break
            seen.append(state.observe(side).game(0).to_dict())
            resolve_turn(state, red, blue)
        views.append(seen)
    # war and its end differ by type only through scoring, never through what is observed
    shared = min(len(views[0]), len(views[1]))
    assert views[0][:shared] == views[1][:shared]


@settings(max_examples=20)
@given(games())
def test_what_a_side_is_shown_has_every_field_of_its_type_and_nothing_else(case):
    """The engine makes its views without their ``__init__``: each must still be whole."""
    scenario, seeds, plan = case
    state = start_games(scenario, Noise.draw(seeds, scenario.turns, scenario.kinds))
    for red, blue in plan:
        if state.over[0]:  # the game read here has ended (and every game, at the last turn)
            break
        resolve_turn(state, red, blue)
        for side in Side:
            batch = state.observe(side)
            view = batch.game(0, with_past=True)
            made = [batch, view, view.intel, *view.history, batch.memory(0, state.turn - 1)]
            for value in made:
                names = {item.name for item in dataclasses.fields(value)}
                assert set(vars(value)) == names, type(value).__name__
            for value in (view, view.intel, batch.memory(0, state.turn - 1)):
                names = {item.name for item in dataclasses.fields(value)}
                assert type(value)(**{name: getattr(value, name) for name in names}) == value
            assert view.history[-1] == batch.memory(0, state.turn - 1)


@settings(max_examples=30)
@given(games())
def test_one_games_observation_read_directly_is_the_batchs(case):
    """A replay's views come from ``GameState.observation``; players' from the batch."""
    scenario, seeds, plan = case
    state = start_games(scenario, Noise.draw(seeds, scenario.turns, scenario.kinds))
    for red, blue in plan:
        for side in (Side.RED, Side.BLUE):
            batch = state.observe(side)
            for g in range(state.games):
                history = batch.game(g).history
                alone = state.observation(side, g, history)
                assert alone == batch.game(g, history)
                assert alone.to_dict() == batch.game(g, history).to_dict()
        if state.finished:
            break
        resolve_turn(state, red, blue)
