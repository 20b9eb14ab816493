"""Jervis's variables at work: visible defense alarms less; the four worlds rank as theory says."""

from __future__ import annotations

import numpy as np

from game.ai.protocol import moved_kinds
from game.ai.registry import make_strategy
from game.levels import load_builtin, load_level_text
from game.rules.engine import resolve_turn, start_games
from game.rules.model import Orders, OrdersBatch, Outcome, Posture
from game.rules.noise import Noise, game_seeds
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


def test_security_seekers_build_what_suits_the_world_and_scrap_offense_first():
    arsenal = np.array([[5.0, 5.0], [0.0, 5.0]])
    arm = np.full(2, Posture.ARM, dtype=np.int8)
    disarm = np.full(2, Posture.DISARM, dtype=np.int8)
    assert list(moved_kinds(level(True, 2.0), 0, arm, arsenal)) == [1, 1]  # visible forts
    assert list(moved_kinds(level(False, 2.0), 0, arm, arsenal)) == [0, 0]  # offense pays
    assert list(moved_kinds(level(False, 0.5), 0, arm, arsenal)) == [1, 1]  # defense pays
    # cut tanks first; with no tanks left, cut forts
    assert list(moved_kinds(level(True), 0, disarm, arsenal)) == [0, 1]


def war_rate(level_id: str) -> float:
    scenario = load_builtin(level_id).scenario
    seeds = game_seeds(1, 300)
    run = run_games(
        scenario, lambda: make_strategy("tit-for-tat"), lambda: make_strategy("tit-for-tat"), seeds
    )
    return float(np.mean([r.outcome.is_war for r in game_results(run.state, seeds)]))


def test_the_four_worlds_rank_as_jervis_predicts_for_two_copycats():
    rates = {
        level_id: war_rate(level_id)
        for level_id in (
            "doubly-dangerous",
            "dilemma-but-compatible",
            "warning-offense",
            "doubly-stable",
        )
    }
    assert rates["doubly-dangerous"] > 0.2
    for calmer in ("dilemma-but-compatible", "warning-offense", "doubly-stable"):
        assert rates[calmer] < rates["doubly-dangerous"] / 5, rates


def test_accumulation_is_judged_per_side():
    """One side disarming while the other builds up is not a stable peace."""
    scenario = load_builtin("tutorial").scenario
    run = run_games(
        scenario, lambda: make_strategy("always-disarm"), lambda: make_strategy("always-arm"), [1]
    )
    (result,) = game_results(run.state, [1])
    assert result.outcome is Outcome.ARMED_PEACE
    assert result.verdict.accumulation and result.verdict.security_dilemma
