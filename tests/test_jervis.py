"""Jervis's variables at work: visible defense alarms less; the four worlds rank as theory says."""

from __future__ import annotations

import numpy as np
import pytest

from game.ai.protocol import Outlook, moved_kinds
from game.ai.registry import make_strategy
from game.levels import load_builtin, load_level_text
from game.rules.engine import resolve_turn, start_games
from game.rules.model import Orders, OrdersBatch, Outcome, Posture, Side
from game.rules.noise import Noise, game_seeds
from game.rules.scoring import security_as_seen, spirals
from game.session.results import game_results
from game.session.runner import run_games

TWO_KINDS = """
[level]
id = "two-kinds"
title = "Two kinds"
summary = "s"
briefing = "b"
[rules]
distinguishable = {distinguishable}
offense_defense_balance = {balance}
[weapons.tanks]
name = "Tanks"
offense = 1.0
defense = 0.3
[weapons.forts]
name = "Forts"
offense = 0.0
defense = 1.0
[nations.red]
arsenal = {{ tanks = 5, forts = 5 }}
[nations.blue]
arsenal = {{ tanks = 5, forts = 5 }}
[tension]
initial = 0.2
decay = 0.0
"""


def level(distinguishable: bool, balance: float = 1.0):
    text = TWO_KINDS.format(distinguishable=str(distinguishable).lower(), balance=balance)
    return load_level_text(text, "two-kinds.toml").scenario


def tension_after_building(scenario, kind: int) -> float:
    state = start_games(scenario, Noise.draw([1], scenario.turns, scenario.kinds))
    build = OrdersBatch.from_orders([Orders(Posture.ARM, 3.0, kind=kind)])
    resolve_turn(state, build, OrdersBatch.from_orders([Orders()]))
    return float(state.tension[0])


def test_building_visibly_defensive_weapons_alarms_no_one():
    seen = level(distinguishable=True)
    assert tension_after_building(seen, kind=1) == 0.2  # forts: no rise at all
    assert tension_after_building(seen, kind=0) > 0.2
    unseen = level(distinguishable=False)  # forts look like tanks from across the border
    assert tension_after_building(unseen, kind=1) == tension_after_building(unseen, kind=0)
    assert tension_after_building(unseen, kind=1) > 0.2


def test_a_visible_defensive_build_is_seen_as_such_and_not_answered():
    """Where kinds can be told apart, spies report forts as forts and copycats let them be."""
    for distinguishable in (True, False):
        scenario = level(distinguishable)
        state = start_games(scenario, Noise.draw([1], scenario.turns, scenario.kinds))
        forts = OrdersBatch.from_orders([Orders(Posture.ARM, 3.0, kind=1)])
        resolve_turn(state, forts, OrdersBatch.from_orders([Orders()]))
        blue = state.observe(Side.BLUE).game(0)
        assert blue.intel.seen_posture is Posture.ARM
        assert blue.intel.seen_kind == (1 if distinguishable else None)
        assert blue.intel.seen_threat is not distinguishable  # forts look like tanks unseen
        answer = make_strategy("tit-for-tat").decide(blue, np.random.default_rng(0))
        assert answer.posture is (Posture.HOLD if distinguishable else Posture.ARM)


def outlook(scenario, arsenal, estimate_by_kind):
    own = np.array(arsenal, dtype=float)
    by_kind = np.array(estimate_by_kind, dtype=float)
    known = by_kind if scenario.params_at(0).distinguishable else None
    return Outlook(scenario, 0, Side.RED, own, by_kind.sum(axis=1), known)


def test_a_security_seeker_builds_what_buys_the_most_security_for_its_money():
    for distinguishable, balance in ((True, 2.0), (False, 2.0), (False, 0.5), (True, 0.5)):
        scenario = level(distinguishable, balance)
        view = outlook(scenario, [[5, 5], [0, 5], [9, 1]], [[5, 5], [5, 5], [2, 8]])
        arm = np.full(3, Posture.ARM, dtype=np.int8)
        chosen = moved_kinds(view, arm)
        params = scenario.params_at(0)
        for game in range(3):
            gains = []
            for kind in (0, 1):
                after = view.arsenal[game : game + 1].copy()
                after[0, kind] += scenario.default_amount
                by_kind = None if view.by_kind is None else view.by_kind[game : game + 1]
                estimate = view.estimate[game : game + 1]
                before = view.arsenal[game : game + 1]
                gain = security_as_seen(0, after, estimate, by_kind, params)
                gain -= security_as_seen(0, before, estimate, by_kind, params)
                gains.append(float(gain[0]) / params.build_cost[0, kind])
            assert chosen[game] == int(np.argmax(gains)), (distinguishable, balance, game, gains)


def test_a_shield_is_answered_with_offense_not_copied():
    """The essay's case: Blueland's mature shield makes Redland's missiles the better buy."""
    scenario = load_builtin("missile-shield").scenario
    kinds = scenario.weapon_ids
    seen = [[12.0 if kind == "missiles" else 2.0 if kind == "shield" else 0.0 for kind in kinds]]
    view = Outlook(
        scenario, 8, Side.RED, np.array([[12.0, 0.0, 0.0]]), np.array([14.0]), np.array(seen)
    )
    (built,) = moved_kinds(view, np.array([Posture.ARM], dtype=np.int8))
    assert kinds[built] in ("missiles", "mirv")


def test_disarming_scraps_the_most_threatening_weapons_first():
    scenario = level(True)
    view = outlook(scenario, [[5, 5], [0, 5]], [[5, 5], [5, 5]])
    disarm = np.full(2, Posture.DISARM, dtype=np.int8)
    assert list(moved_kinds(view, disarm)) == [0, 1]  # tanks first; with no tanks, forts


WORLDS = ("doubly-dangerous", "dilemma-but-compatible", "warning-offense", "doubly-stable")


def rates(level_id: str, strategy: str, games: int) -> tuple[float, float]:
    """Spiral and war rates of two copies of ``strategy`` over seeded games."""
    scenario = load_builtin(level_id).scenario
    seeds = game_seeds(1978, games)
    run = run_games(
        scenario, lambda: make_strategy(strategy), lambda: make_strategy(strategy), seeds
    )
    state = run.state
    spiral = float(np.mean(spirals(state.history.threatening, state.outcome)))
    war = float(np.mean([Outcome(int(o)).is_war for o in state.outcome]))
    return spiral, war


@pytest.mark.parametrize("strategy", ["tit-for-tat", "generous-tit-for-tat", "bayesian", "fearful"])
def test_the_four_worlds_rank_as_jervis_predicts(strategy):
    """Spirals and wars are worst in world I and rarest in world IV (Jervis 1978).

    Distinguishability decides whether builds alarm (spirals: worlds I and II alike for a
    strategy that answers moves, whatever the balance); the offense–defense balance decides
    how dangerous the alarm is (wars: world I above all).
    """
    games = 1000
    spiral, war = zip(*(rates(level_id, strategy, games) for level_id in WORLDS), strict=True)
    assert spiral[0] >= max(spiral[1:]) and spiral[3] <= min(spiral[:3]), spiral
    assert war[0] > max(war[1:]) and war[3] <= min(war[:3]), war
    error = np.sqrt(spiral[1] * (1 - spiral[1]) / games)
    assert spiral[1] - spiral[3] > 3 * error, spiral  # world IV clearly below world II


def test_a_one_sided_build_up_is_no_security_dilemma():
    """One side disarming while the other builds up is an armed peace, but not a dilemma."""
    scenario = load_builtin("tutorial").scenario
    run = run_games(
        scenario, lambda: make_strategy("always-disarm"), lambda: make_strategy("always-arm"), [1]
    )
    (result,) = game_results(run.state, [1])
    assert result.outcome is Outcome.ARMED_PEACE
    assert result.verdict.accumulated == (False, True)
    assert result.verdict.answered == (False, False)
    assert not result.verdict.security_dilemma
