"""The essay's headline cases, played out: deterrence, wars nobody profits from, Tang's verdict.

Each test is a lesson a teacher relies on (``bench/teaching.py`` prints the same figures
at full size).
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pytest

from game.ai.registry import make_strategy
from game.levels import builtin_ids, load_builtin
from game.rules.model import Observation, Orders, Outcome, Posture, Side
from game.rules.noise import game_seeds
from game.rules.tang import explain, tang_verdicts
from game.session.match import Match
from game.session.runner import run_games

Script = Callable[[Observation], Orders]


class Striker:
    """Strikes on turn 1 (the game ends there, in one way or another)."""

    def decide(self, observation: Observation, rng: np.random.Generator) -> Orders:
        return Orders(Posture.HOLD, strike=observation.turn == 0)


class Holder:
    """Holds every turn and says nothing."""

    def decide(self, observation: Observation, rng: np.random.Generator) -> Orders:
        return Orders(Posture.HOLD)


FULL_LEVELS = [i for i in builtin_ids() if load_builtin(i).model.rules.mode == "full"]


@pytest.mark.parametrize("level_id", FULL_LEVELS)
def test_a_security_seeker_never_profits_from_striking_first(level_id):
    """On every full-rules level, a won war scores below the peace a seeker would have kept."""
    level = load_builtin(level_id)
    seeker = (
        "nations.red.expansionist_probability=0.0"
        if level.model.nations.red.expansionist_probability is not None
        else 'nations.red.type="security_seeker"'
    )
    scenario = load_builtin(level_id, ["rules.strike=true", seeker]).scenario
    blue = level.model.nations.blue.controller
    name, params = ("tit-for-tat", {}) if blue.strategy == "human" else (blue.strategy, blue.params)
    seeds = game_seeds(4, 120)
    striking = run_games(scenario, Striker, lambda: make_strategy(name, params), seeds)
    holding = run_games(scenario, Holder, lambda: make_strategy(name, params), seeds)
    won = striking.state.outcome == Outcome.AGGRESSION_WON
    peace = ~np.isin(
        holding.state.outcome,
        [Outcome.SPIRAL_TO_WAR, Outcome.AGGRESSION_WON, Outcome.AGGRESSION_LOST],
    )
    assert won.any() and peace.any()
    assert striking.state.score[won, 0].max() < holding.state.score[peace, 0].mean()
    assert striking.state.score[:, 0].mean() < holding.state.score[:, 0].mean()


@pytest.mark.parametrize("opponent", ["tit-for-tat", "bayesian", "always-disarm"])
def test_the_expert_as_a_security_seeker_keeps_the_peace_on_deterrence(opponent):
    """It never strikes first, and scores at least what a peaceful tit-for-tat would."""
    scenario = load_builtin("deterrence").scenario
    seeds = game_seeds(10, 12)
    expert = run_games(
        scenario, lambda: make_strategy("expert"), lambda: make_strategy(opponent), seeds
    )
    peaceful = run_games(
        scenario, lambda: make_strategy("tit-for-tat"), lambda: make_strategy(opponent), seeds
    )
    assert not expert.state.history.strike[:, :, 0].any()
    assert expert.state.score[:, 0].mean() >= peaceful.state.score[:, 0].mean()


def test_blue_shield_lowers_red_security_and_missiles_restore_part_of_it():
    """The essay's case: a purely defensive shield makes the other's deterrent obsolete."""
    scenario = load_builtin("missile-shield").scenario
    kinds = {kind: index for index, kind in enumerate(scenario.weapon_ids)}

    def redland(kind: str | None) -> Script:
        def script(view: Observation) -> Orders:
            if kind is None or view.turn < 7:
                return Orders(Posture.HOLD)
            return Orders(Posture.ARM, scenario.max_change, kinds[kind])

        return script

    security = {
        kind: played(scenario, redland(kind), hold).state.history.real_security[:, 0, 0]
        for kind in (None, "missiles", "mirv")
    }
    before, after = security[None][6], security[None][7]  # turns 7 and 8
    assert after < before - 0.1  # Blueland's shield matured: Redland lost its deterrent
    for kind in ("missiles", "mirv"):
        assert after < security[kind][11] and security[kind][7] > after  # restored in part


def hold(view: Observation) -> Orders:
    return Orders(Posture.HOLD)


def arm(kind: int = 0) -> Script:
    return lambda view: Orders(Posture.ARM, 1.0, kind)


def played(scenario, red: Script, blue: Script, seed: int = 1) -> Match:
    """A game in which both sides follow scripts over their own observations."""
    match = Match(scenario, seed)
    while not match.finished:
        for side, script in ((Side.RED, red), (Side.BLUE, blue)):
            assert match.submit(side, script(match.observation(side))) == []
        match.resolve()
    return match


QUIET = ["intel.arsenal_noise=0", "intel.posture_misread=0", "intel.signal_misread=0"]


def peak_then_back(view: Observation) -> Orders:
    if view.turn < 3:
        return Orders(Posture.ARM, 1.0)
    return Orders(Posture.DISARM, 1.0) if view.turn < 6 else Orders(Posture.HOLD)


def once(view: Observation) -> Orders:
    return Orders(Posture.ARM, 1.0) if view.turn == 0 else Orders(Posture.HOLD)


@pytest.mark.parametrize(
    ("level_id", "overrides", "red", "blue", "key"),
    [
        # a momentary peak is no accumulation, and a stable peace is never a dilemma
        ("fog-of-war", QUIET, peak_then_back, peak_then_back, "none"),
        # a one-sided build-up against a side that never armed
        ("fog-of-war", QUIET, arm(), lambda view: Orders(Posture.DISARM, 1.0), "none"),
        # exploitation in a matrix game: Tang's test does not apply
        (
            "prisoners-dilemma",
            [],
            lambda view: Orders(Posture.DISARM, 1.0),
            lambda view: Orders(Posture.ARM, 1.0),
            "not_applicable",
        ),
        # shields add no offensive power
        ("missile-shield", QUIET, arm(1), arm(1), "none"),
        # one build over a start of two, or of nothing, is a move
        ("fog-of-war", QUIET, once, hold, "none"),
        (
            "fog-of-war",
            [*QUIET, "nations.red.arsenal.army=0", "nations.blue.arsenal.army=0"],
            once,
            hold,
            "none",
        ),
        # both arming in answer to each other: the true dilemma
        ("fog-of-war", QUIET, arm(), arm(), "dilemma"),
    ],
)
def test_tangs_verdict_on_the_cases_it_used_to_mislabel(level_id, overrides, red, blue, key):
    scenario = load_builtin(level_id, overrides).scenario
    match = played(scenario, red, blue)
    verdict = tang_verdicts(match.state)[0]
    found, _ = explain(match.state, 0, ["Redland", "Blueland"])
    assert found == key
    assert verdict.security_dilemma is (key == "dilemma")
    outcome = match.result().outcome
    if outcome is Outcome.STABLE_PEACE:
        assert not verdict.accumulation
