"""The expert's one rule: a batch of games gets exactly the orders each game gets alone."""

from __future__ import annotations

import time
from collections import Counter

import pygame
import pytest
from ui_driver import drawn, focus_on, key

import game.ai.expert as expert_module
from game.ai.expert import Expert
from game.ai.protocol import batch_of_one
from game.ai.registry import make_strategy
from game.levels import load_builtin
from game.rules.engine import resolve_turn, start_games
from game.rules.model import Side
from game.rules.noise import Noise, Stream, game_seeds
from game.session.lab import METRICS, run_point
from game.session.runner import GameStreams
from game.ui.lab import Lab, metric_text

LEVELS = [
    ("fog-of-war", ["rules.turns=10", "intel.posture_misread=0.2"], 1),
    ("missile-shield", ["rules.turns=14"], 1),
    ("costly-signals", ["rules.turns=8", "execution.error=0.1"], 2),
    ("deterrence", ["rules.turns=8"], 1),
    ("prisoners-dilemma", ["rules.turns=12", "intel.posture_misread=0.1"], 2),
]
"""Full rules with one weapon kind and with kinds told apart, costly signals, strikes and
hidden types, and a payoff matrix; the lowest difficulties, to keep the test quick."""


@pytest.mark.parametrize(("level_id", "settings", "difficulty"), LEVELS)
def test_a_batch_gets_the_orders_every_game_gets_alone(level_id, settings, difficulty):
    """Turn after turn, in games that end at different times, both sides played by experts."""
    check_batch_against_alone(level_id, settings, difficulty)


def test_a_batch_searched_a_few_games_at_a_time_gets_the_same_orders(monkeypatch):
    monkeypatch.setattr(expert_module, "SEARCH_CELLS", 40 * 10)  # a game or two at a time
    check_batch_against_alone("fog-of-war", ["rules.turns=10", "intel.posture_misread=0.2"], 1)


def check_batch_against_alone(level_id, settings, difficulty):
    scenario = load_builtin(level_id, settings).scenario
    seeds = game_seeds(len(level_id), 6)
    state = start_games(scenario, Noise.draw(seeds, scenario.turns, scenario.kinds))
    expert = Expert(difficulty)
    batch_rngs = {side: GameStreams(seeds, Stream.ai(side), scenario.turns) for side in Side}
    alone_rngs = {side: GameStreams(seeds, Stream.ai(side), scenario.turns) for side in Side}
    decided = 0
    while not state.finished:
        orders = {}
        for side in Side:
            observations = state.observe(side)
            orders[side] = expert.decide_batch(observations, batch_rngs[side])
            for game in range(len(seeds)):
                if observations.active[game]:
                    alone = expert.decide(observations.game(game), alone_rngs[side][game])
                    assert alone == orders[side].game(game), (side, state.turn, game)
                    decided += 1
        resolve_turn(state, orders[Side.RED], orders[Side.BLUE])
    assert decided > len(seeds)  # the games were played, not skipped


def test_a_single_observation_becomes_the_same_observation_in_a_batch_of_one():
    """Every field survives, with kinds told apart, treaties, signals and a history."""
    scenario = load_builtin("missile-shield", ["rules.turns=14"]).scenario
    seeds = [3, 4]
    state = start_games(scenario, Noise.draw(seeds, scenario.turns, scenario.kinds))
    player = make_strategy("bayesian")
    rngs = {side: GameStreams(seeds, Stream.ai(side), scenario.turns) for side in Side}
    while not state.finished:
        for side in Side:
            for game in range(len(seeds)):
                observation = state.observe(side).game(game)
                assert batch_of_one(observation).game(0) == observation
        red, blue = (player.decide_batch(state.observe(side), rngs[side]) for side in Side)
        resolve_turn(state, red, blue)


def test_the_lab_offers_the_expert_at_its_quickest_and_shows_its_games(app):
    level = load_builtin("fog-of-war", ["rules.turns=10"])
    lab = Lab(app, [level], lambda: None, lambda replay: None, games=30, sweep_games=4)
    app.show(lab)
    focus_on(app, lab.players[Side.RED])
    for _ in range(len(lab.players[Side.RED].options)):
        if lab.players[Side.RED].value == "expert:difficulty=1":
            break
        key(app, pygame.K_RIGHT)
    deadline = time.monotonic() + 60  # only guards against a hang
    while lab.busy:
        assert time.monotonic() < deadline, "the lab never finished"
        app.frame()
        time.sleep(0.002)
    record = drawn(app)
    assert "Fog of War \u00b7 expert:difficulty=1 against tit-for-tat" in " ".join(record)
    point = run_point(level, "expert:difficulty=1", "tit-for-tat", 30, 1)
    expected = [metric_text(metric, point.metric(metric)) for metric in METRICS]
    assert not Counter(expected) - Counter(record)
