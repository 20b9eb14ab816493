"""Matrix mode gives the textbook iterated prisoner's dilemma and keeps its two noises apart."""

from __future__ import annotations

import numpy as np
import pytest

from game.ai.registry import make_strategy
from game.levels import load_builtin
from game.rules.model import Posture, Side
from game.session.match import Match
from game.session.results import game_results
from game.session.runner import run_games

# (red, blue, red score, blue score) over the 200 turns of the classic level (R3 S0 T5 P1)
TEXTBOOK = [
    ("tit-for-tat", "always-arm", 0 + 199 * 1, 5 + 199 * 1),
    ("tit-for-tat", "tit-for-tat", 200 * 3, 200 * 3),
    ("tit-for-tat", "always-disarm", 200 * 3, 200 * 3),
    ("always-arm", "always-disarm", 200 * 5, 200 * 0),
    ("always-arm", "always-arm", 200 * 1, 200 * 1),
    ("always-disarm", "always-disarm", 200 * 3, 200 * 3),
]


@pytest.mark.parametrize(("red", "blue", "red_score", "blue_score"), TEXTBOOK)
def test_textbook_match_scores_hold_exactly(red, blue, red_score, blue_score):
    scenario = load_builtin("prisoners-dilemma").scenario
    assert scenario.turns == 200
    seeds = [1, 2]
    run = run_games(scenario, lambda: make_strategy(red), lambda: make_strategy(blue), seeds)
    for result in game_results(run.state, seeds):
        assert result.turns == 200
        assert result.score == (red_score, blue_score)
    match = Match(scenario, 3, make_strategy(red), make_strategy(blue))
    assert match.play_out().score == (red_score, blue_score)


def test_perception_noise_changes_what_is_seen_never_what_is_scored():
    scenario = load_builtin("prisoners-dilemma", ["intel.posture_misread=0.3"]).scenario
    match = Match(scenario, 8, make_strategy("always-disarm"), make_strategy("always-disarm"))
    result = match.play_out()
    assert result.score == (600, 600)  # both always cooperated
    seen = {turn["red"]["seen"]["posture"] for turn in match.turn_log}
    assert seen == {"disarm", "arm"}  # ...but Red sometimes saw Blue defect
    misread = np.mean([turn["red"]["seen"]["posture"] == "arm" for turn in match.turn_log])
    assert 0.2 < misread < 0.4


def test_execution_noise_flips_the_action_and_both_see_the_flip():
    scenario = load_builtin("prisoners-dilemma", ["execution.error=0.1"]).scenario
    match = Match(scenario, 4, make_strategy("always-disarm"), make_strategy("always-disarm"))
    match.play_out()
    flips = 0
    for turn in match.turn_log:
        red_done = turn["red"]["executed"]["posture"]
        blue_done = turn["blue"]["executed"]["posture"]
        assert turn["blue"]["seen"]["posture"] == red_done
        assert turn["red"]["seen"]["posture"] == blue_done
        flips += (red_done == "arm") + (blue_done == "arm")
    assert flips > 0
    history = match.state.history
    assert np.all(history.ordered[:, 0] == Posture.DISARM)


def test_tit_for_tat_echoes_an_accident_forever_after_under_execution_noise():
    """One accidental defection between two tit-for-tats starts an echo (Axelrod's warning)."""
    scenario = load_builtin("prisoners-dilemma", ["execution.error=0.02"]).scenario
    match = Match(scenario, 6, make_strategy("tit-for-tat"), make_strategy("tit-for-tat"))
    result = match.play_out()
    assert result.score[0] < 600 and result.score[1] < 600
    red = [t["red"]["executed"]["posture"] for t in match.turn_log]
    blue = [t["blue"]["executed"]["posture"] for t in match.turn_log]
    alternating = sum(r != b for r, b in zip(red, blue, strict=True))
    assert alternating > 10
    assert match.fouls[Side.RED].count == 0
