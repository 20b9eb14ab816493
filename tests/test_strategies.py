"""The strategy catalog: textbook results, parameters, and what particular strategies do.

What every strategy must do (the same games in a batch as alone...) is in test_every_strategy.py.
"""

from __future__ import annotations

import numpy as np
import pytest

from game.ai.classic import textbook_generosity
from game.ai.registry import (
    StrategyError,
    make_strategy,
    parse_spec,
    spec_text,
    strategy_from_spec,
)
from game.levels import load_builtin
from game.session.match import Match
from game.session.runner import run_games

# Exact scores over the 200 turns of the classic prisoner's dilemma (R3 S0 T5 P1).
TEXTBOOK = [
    ("grim", "alternator", 3 + 0 + 99 * 5 + 99 * 1, 3 + 5 + 99 * 0 + 99 * 1),
    ("pavlov", "always-arm", 100 * 0 + 100 * 1, 100 * 5 + 100 * 1),
    ("pavlov", "pavlov", 600, 600),
    ("tit-for-two-tats", "always-arm", 0 + 0 + 198 * 1, 5 + 5 + 198 * 1),
    ("suspicious-tit-for-tat", "tit-for-tat", 100 * 5 + 100 * 0, 100 * 0 + 100 * 5),
    ("suspicious-tit-for-tat", "suspicious-tit-for-tat", 200, 200),
    ("grim", "tit-for-tat", 600, 600),
    ("alternator", "always-disarm", 100 * 3 + 100 * 5, 100 * 3 + 100 * 0),
]


@pytest.mark.parametrize(("red", "blue", "red_score", "blue_score"), TEXTBOOK)
def test_textbook_results_on_the_classic_prisoners_dilemma(red, blue, red_score, blue_score):
    scenario = load_builtin("prisoners-dilemma").scenario
    match = Match(scenario, 1, make_strategy(red), make_strategy(blue))
    assert match.play_out().score == (red_score, blue_score)


def test_generous_tit_for_tat_forgives_with_the_textbook_probability():
    pd = load_builtin("prisoners-dilemma").scenario
    assert textbook_generosity(pd) == pytest.approx(1 / 3)  # min(1 - 2/3, 2/4)
    scenario = load_builtin("prisoners-dilemma", ["rules.turns=1000"]).scenario
    match = Match(scenario, 2, make_strategy("generous-tit-for-tat"), make_strategy("always-arm"))
    match.play_out()
    moves = [t["red"]["executed"]["posture"] for t in match.turn_log[1:]]
    assert moves.count("disarm") / len(moves) == pytest.approx(1 / 3, abs=0.05)


def test_parameters_are_typed_and_checked():
    assert strategy_from_spec("random:p=0.9").p == 0.9
    assert strategy_from_spec("generous-tit-for-tat:generosity=0.2").generosity == 0.2
    with pytest.raises(StrategyError, match="p must be between 0 and 1"):
        strategy_from_spec("random:p=2")
    with pytest.raises(StrategyError, match="random does not take q"):
        strategy_from_spec("random:q=1")
    with pytest.raises(StrategyError, match="parameters are written key=value"):
        strategy_from_spec("random:p")


def postures(red, blue, level_id, turns, seed=1):
    scenario = load_builtin(level_id, [f"rules.turns={turns}"]).scenario
    match = Match(scenario, seed, make_strategy(red), make_strategy(blue))
    match.play_out()
    return [t["red"]["executed"]["posture"] for t in match.turn_log]


def test_the_expert_cooperates_with_reciprocity_and_is_not_exploited():
    with_tft = postures("expert", "tit-for-tat", "prisoners-dilemma", 40)
    assert with_tft.count("disarm") >= 0.8 * len(with_tft)
    against_alld = postures("expert", "always-arm", "prisoners-dilemma", 40)
    assert against_alld[5:].count("arm") >= 0.8 * len(against_alld[5:])


def test_the_bayesian_soon_stops_disarming_against_constant_arming():
    scenario = load_builtin("fog-of-war").scenario
    seeds = list(range(40))
    run = run_games(
        scenario, lambda: make_strategy("bayesian"), lambda: make_strategy("always-arm"), seeds
    )
    executed = run.state.history.executed[:, :, 0]  # Red's postures [turn, game]
    first_arm = [int(np.argmax(executed[:, g] == 2)) for g in range(len(seeds))]
    # one misread move in five: it waits for evidence, but not for long
    assert np.mean(first_arm) <= 4
    assert np.mean(np.array(first_arm) <= 6) >= 0.9


def test_true_to_type_plays_its_hidden_type():
    scenario = load_builtin("deterrence", ["rules.turns=10"]).scenario
    seeds = list(range(60))
    run = run_games(
        scenario,
        lambda: make_strategy("always-disarm"),
        lambda: make_strategy("true-to-type"),
        seeds,
    )
    blue_types = run.state.types[:, 1]
    armed = run.state.history.executed[0, :, 1] == 2  # Blue's first move
    # tit-for-tat opens by disarming; the expansionist builds from the first turn
    assert np.array_equal(armed, blue_types == 1)
    assert 0 < blue_types.sum() < len(seeds)


def test_a_level_default_controller_writes_back_to_the_command_line_form():
    params = {"threshold": 0.7, "probe": True, "label": "calm"}
    assert parse_spec(spec_text("bayesian", params)) == ("bayesian", params)
    assert spec_text("tit-for-tat", {}) == "tit-for-tat"
