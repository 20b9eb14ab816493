"""The rational belief: Bayes' rule with the level's noise model, checked against closed forms."""

from __future__ import annotations

import numpy as np
import pytest
from paths import WORKED

from game.ai.beliefs import (
    Behaviour,
    belief_from,
    cooperates,
    posterior,
    prior,
    trust_threshold,
)
from game.ai.registry import make_strategy
from game.levels import load_builtin, load_level_file
from game.rules.model import Posture, Side, Signal, threat_move
from game.session.match import Match
from game.session.runner import run_games

ARM, HOLD, DISARM = Posture.ARM, Posture.HOLD, Posture.DISARM


def closed_form(start, seeker, expansionist):
    """P(E | evidence) = p·ΠL_E / (p·ΠL_E + (1−p)·ΠL_S)."""
    e = start * np.prod(expansionist)
    s = (1 - start) * np.prod(seeker)
    return e / (e + s)


def test_matrix_level_posterior_matches_bayes_rule_by_hand():
    e, m = 0.1, 0.2
    scenario = load_builtin(
        "prisoners-dilemma", [f"execution.error={e}", f"intel.posture_misread={m}"]
    ).scenario
    b = Behaviour()

    def seen_arm(arm):  # execution flips, then perception flips
        executed = arm * (1 - e) + (1 - arm) * e
        return executed * (1 - m) + (1 - executed) * m

    own = [DISARM, ARM, DISARM, DISARM]
    seen = [ARM, ARM, DISARM, ARM]
    seeker, expansionist = [], []
    for turn, what in enumerate(seen):
        provoked = turn > 0 and own[turn - 1] is ARM
        s_arm = seen_arm(b.seeker_arm_provoked if provoked else b.seeker_arm)
        x_arm = seen_arm(b.expansionist_arm)
        seeker.append(s_arm if what is ARM else 1 - s_arm)
        expansionist.append(x_arm if what is ARM else 1 - x_arm)
    start = prior(scenario, Side.RED)
    result = posterior(
        scenario,
        Side.RED,
        np.array([own], dtype=np.int8),
        np.array([seen], dtype=np.int8),
        np.zeros((1, 4), dtype=np.int8),
    )
    assert result[0] == pytest.approx(closed_form(start, seeker, expansionist), rel=1e-12)


def full_level(*overrides):
    return load_level_file(
        WORKED,
        [
            'rules.signals=["none", "reassure", "warn", "invite_inspection", "unilateral_cut"]',
            "intel.signal_misread=0.2",
            *overrides,
        ],
    ).scenario


def belief(scenario, seen, heard, own=None):
    own = own or [DISARM] * len(seen)
    return posterior(
        scenario,
        Side.BLUE,
        np.array([own], dtype=np.int8),
        np.array([seen], dtype=np.int8),
        np.array([heard], dtype=np.int8),
    )[0]


def test_full_level_posterior_matches_bayes_rule_with_three_postures_and_fear():
    scenario = full_level("nations.blue.fear=0.3")  # the observer's own fear is part of the model
    params = scenario.params_at(0)
    e, m, f = params.execution_error, params.posture_misread, 0.3
    b = Behaviour()

    def seen_probabilities(arm):
        ordered = {ARM: arm, HOLD: (1 - arm) / 2, DISARM: (1 - arm) / 2}
        executed = {
            p: ordered[p] * (1 - e) + sum(ordered[q] * e / 2 for q in ordered if q != p)
            for p in ordered
        }
        seen = {
            p: executed[p] * (1 - m) + sum(executed[q] * m / 2 for q in executed if q != p)
            for p in executed
        }
        calm = seen[HOLD] + seen[DISARM]
        return {
            ARM: seen[ARM] + f * calm,
            HOLD: seen[HOLD] * (1 - f),
            DISARM: seen[DISARM] * (1 - f),
        }

    seeker, expansionist = seen_probabilities(b.seeker_arm), seen_probabilities(b.expansionist_arm)
    # silence is as likely from either type: what an expansionist saves on costly signals
    # it spends on warnings, so both stay quiet with the seeker's rate
    sent = [b.sent(s)[0] for s in (Signal.REASSURE, Signal.WARN)]
    sent += [b.sent(s)[0] for s in (Signal.INVITE_INSPECTION, Signal.UNILATERAL_CUT)]
    quiet = [1 - sum(sent)] * 2
    seen = [HOLD, ARM, DISARM]
    expected = closed_form(
        prior(scenario, Side.BLUE),
        [seeker[s] * quiet[0] for s in seen],
        [expansionist[s] * quiet[1] for s in seen],
    )
    assert belief(scenario, seen, [Signal.NONE] * 3) == pytest.approx(expected, rel=1e-12)


def test_cheap_talk_proves_nothing_and_costly_signals_prove_a_lot():
    scenario = full_level("intel.signal_misread=0")  # words heard exactly as they were said
    words_only = load_level_file(WORKED, ['rules.signals=["none"]']).scenario
    posture_only = belief(words_only, [DISARM], [Signal.NONE])  # no signal evidence at all
    reassured = belief(scenario, [DISARM], [Signal.REASSURE])
    warned = belief(scenario, [DISARM], [Signal.WARN])
    inspected = belief(scenario, [DISARM], [Signal.INVITE_INSPECTION])
    cut = belief(scenario, [DISARM], [Signal.UNILATERAL_CUT])
    # words are free: a reassurance is no evidence either way, and neither is silence
    assert reassured == pytest.approx(posture_only, rel=1e-12)
    assert belief(scenario, [DISARM], [Signal.NONE]) == pytest.approx(posture_only, rel=1e-12)
    # a threat is a little likelier from an expansionist (it spends less on costly signals)
    assert posture_only < warned < 2 * posture_only
    # a costly signal is ten times likelier from a security seeker: the odds fall ~tenfold
    for costly in (inspected, cut):
        odds, before = costly / (1 - costly), posture_only / (1 - posture_only)
        assert odds < before / 5


def test_arming_that_answers_our_own_arming_is_weak_evidence():
    scenario = full_level()
    provoked = belief(scenario, [DISARM, ARM], [Signal.NONE] * 2, own=[ARM, DISARM])
    unprovoked = belief(scenario, [DISARM, ARM], [Signal.NONE] * 2, own=[DISARM, DISARM])
    assert unprovoked > provoked


def best_reply_by_hand(level_id: str, trust: float) -> bool:
    """Whether restraint pays, by the textbook formula for each game's payoffs."""
    matrix = load_builtin(level_id).model.matrix
    reward, sucker = matrix.reward, matrix.sucker
    temptation, punishment = matrix.temptation, matrix.punishment
    if level_id == "stag-hunt":  # assurance: Kydd's threshold (P - S) / ((R - T) + (P - S))
        return trust >= (punishment - sucker) / ((reward - temptation) + (punishment - sucker))
    if level_id == "chicken":  # swerve only when the other is likely to dare
        return trust <= (sucker - punishment) / ((temptation - reward) + (sucker - punishment))
    return False  # prisoner's dilemma: arming is better whatever the other does this turn


@pytest.mark.parametrize("level_id", ["stag-hunt", "chicken", "prisoners-dilemma"])
def test_the_best_response_to_a_belief_matches_the_closed_form(level_id):
    scenario = load_builtin(level_id).scenario
    trust = np.linspace(0.0, 1.0, 101)
    chosen = cooperates(trust, scenario)
    expected = [best_reply_by_hand(level_id, float(t)) for t in trust]
    assert chosen.tolist() == expected
    threshold, side = trust_threshold(scenario)
    assert (
        side == {"stag-hunt": "above", "chicken": "below", "prisoners-dilemma": "never"}[level_id]
    )
    if side != "never":
        assert cooperates(np.array([threshold]), scenario)[0]


def test_the_cases_the_old_threshold_got_wrong():
    """(P - S) / (R - S) ignored the temptation payoff (Kydd 2005 needs it)."""
    stag, chicken, dilemma = (
        load_builtin(name).scenario for name in ("stag-hunt", "chicken", "prisoners-dilemma")
    )
    assert not cooperates(np.array([0.6]), stag)[0]  # the best reply to trust 0.6 is to defect
    assert not cooperates(np.array([0.8]), chicken)[0]  # dare a swerver
    assert not cooperates(np.array([0.34]), dilemma)[0]
    assert trust_threshold(full_level()) == (0.5, "above")


def test_the_bayesian_plays_the_best_response_to_its_own_belief():
    """No rule overrides Bayes: whatever happened, it disarms exactly when restraint pays."""
    for level_id in ("stag-hunt", "chicken", "prisoners-dilemma", "fog-of-war"):
        scenario = load_builtin(level_id).scenario
        seeds = list(range(20))
        run = run_games(
            scenario, lambda: make_strategy("bayesian"), lambda: make_strategy("random"), seeds
        )
        history = run.state.history
        for turn in range(1, scenario.turns):
            own = history.executed[:turn, :, 0].T
            seen = threat_move(
                history.seen_posture[:turn, :, 0], history.seen_threat[:turn, :, 0]
            ).T
            heard = history.seen_signal[:turn, :, 0].T
            belief = posterior(scenario, Side.RED, own, seen, heard)
            ordered = history.ordered[turn, :, 0]
            playing = run.state.end_turn > turn
            chose = (ordered == Posture.DISARM)[playing]
            assert (chose == cooperates(1 - belief, scenario)[playing]).all()


def test_the_prior_is_the_levels_draw_or_the_benefit_of_the_doubt():
    deterrence = load_builtin("deterrence")
    blue_odds = deterrence.model.nations.blue.expansionist_probability
    assert 0 < blue_odds < 1
    assert prior(deterrence.scenario, Side.RED) == blue_odds
    assert prior(load_builtin("tutorial").scenario, Side.RED) == 0.25


def test_the_belief_of_one_observation_is_the_batch_belief_of_its_game():
    scenario = full_level("rules.turns=8")
    match = Match(scenario, 3, make_strategy("random"), make_strategy("tit-for-tat"))
    for _ in range(6):
        match.resolve()
    batch = match.state.observe(Side.BLUE)
    single = belief_from(match.observation(Side.BLUE))
    assert (
        single
        == posterior(
            scenario,
            Side.BLUE,
            batch.executed_history,
            batch.seen_move_history,
            batch.seen_signal_history,
        )[0]
    )
    assert 0.0 < single < 1.0
