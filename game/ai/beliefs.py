"""What a rational observer should believe about the other side: P(expansionist | what it saw).

Bayes' rule needs two models. The *noise model* is the level's own: execution errors,
misread postures, fear, misheard words, exact inspections and verified cuts. The
*behaviour model* (:class:`Behaviour`) says how often each type does what: an expansionist
arms more often than a security seeker, and sends costly signals far less often, because
for it they cost more than they are worth (Kydd 2005). Cheap talk is sent equally by both
types, so it carries no evidence at all: words are free, and so prove nothing.

Each turn multiplies the odds by the likelihood ratio of what was seen and heard:

    odds_t = odds_0 · Π P(seen_t, heard_t | expansionist) / P(seen_t, heard_t | seeker)

The posterior is odds / (1 + odds). Turns are assumed independent given the type and
the observer's own previous move: a security seeker arms mostly *in answer* to arming
(Jervis's spiral), an expansionist arms whatever it sees, so arming that answers our own
arming is weak evidence, while arming against our restraint is strong evidence.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np

from game.rules.model import (
    SIGNAL_RULES,
    BoolArray,
    FloatArray,
    IntArray,
    Mode,
    Observation,
    Posture,
    RulesParams,
    Scenario,
    Side,
    Signal,
    signals_where,
)

SEEKER, EXPANSIONIST = 0, 1
UNINFORMED_PRIOR = 0.25
"""Prior when the level fixes the other's type (fixed, but hidden from us): the benefit of
the doubt that defensive realists extend, since most states, most of the time, seek only
security. A level that draws the type gives the true prior instead."""


@dataclass(frozen=True)
class Behaviour:
    """How often each type makes each move, per turn.

    A security seeker arms with probability ``seeker_arm`` after the observer held back and
    ``seeker_arm_provoked`` after the observer armed; an expansionist arms with probability
    ``expansionist_arm`` either way. The rest of a type's moves are split evenly between its
    other allowed postures. Signals have a rate per type (seeker, expansionist) where the
    level allows them, the rest is ``none``: by default the rates of the signal table
    (``SIGNAL_RULES[signal].sent_by``), which ``signal_rates`` may replace. Cheap talk is as
    likely from either type; an expansionist sends fewer costly signals and that many more
    warnings, so that silence carries no evidence.
    """

    seeker_arm: float = 0.15
    seeker_arm_provoked: float = 0.6
    expansionist_arm: float = 0.65
    signal_rates: Mapping[Signal, tuple[float, float]] = field(default_factory=dict)

    def sent(self, signal: Signal) -> tuple[float, float]:
        """How often a security seeker and an expansionist send ``signal``, per turn."""
        return self.signal_rates.get(signal, SIGNAL_RULES[signal].sent_by)

    def postures(self, scenario: Scenario, provoked: bool) -> FloatArray:
        """``[type, posture]``: the chance that a type orders each posture."""
        allowed = sorted(scenario.postures)
        table = np.zeros((2, len(Posture)))
        others = [p for p in allowed if p is not Posture.ARM]
        arming = (self.seeker_arm_provoked if provoked else self.seeker_arm, self.expansionist_arm)
        for kind in (SEEKER, EXPANSIONIST):
            if Posture.ARM not in scenario.postures or not others:
                table[kind, allowed] = 1.0 / len(allowed)
                continue
            table[kind, Posture.ARM] = arming[kind]
            table[kind, others] = (1.0 - arming[kind]) / len(others)
        return table

    def signals(self, scenario: Scenario) -> FloatArray:
        """``[type, signal]``: the chance that a type sends each signal."""
        table = np.zeros((2, len(Signal)))
        for signal in scenario.signals:
            if signal is not Signal.NONE:
                table[:, signal] = self.sent(signal)
        # What an expansionist does not spend on costly or binding signals it spends on
        # threats, so that silence is no evidence either way and a warning a little. (A
        # level without warnings leaves the difference to silence.)
        if Signal.WARN in scenario.signals:
            table[EXPANSIONIST, Signal.WARN] += table[SEEKER].sum() - table[EXPANSIONIST].sum()
        table[:, Signal.NONE] = 1.0 - table.sum(axis=1)
        if np.any(table < 0):
            raise ValueError("signal rates of one type add up to more than 1")
        return table


def _spread(probability: float, allowed: list[Posture]) -> FloatArray:
    """``[from, to]``: stay with 1 − probability, else move uniformly to another allowed."""
    matrix = np.zeros((len(Posture), len(Posture)))
    for source in allowed:
        others = [p for p in allowed if p != source]
        if not others:
            matrix[source, source] = 1.0
            continue
        matrix[source, source] = 1.0 - probability
        matrix[source, others] = probability / len(others)
    return matrix


def seen_posture_likelihood(
    scenario: Scenario,
    params: RulesParams,
    observer: Side,
    behaviour: Behaviour,
    provoked: bool,
    exact: bool,
) -> FloatArray:
    """``[type, seen posture]``: chance of *seeing* each posture from each type.

    Ordered posture → executed (execution noise) → seen (misread, then fear), as in
    ``docs/rules.md``. ``exact`` is the inspected case: the executed posture is seen truly.
    """
    allowed = sorted(scenario.postures)
    ordered = behaviour.postures(scenario, provoked)
    executed = ordered @ _spread(params.execution_error, allowed)
    if exact:
        return executed
    seen = executed @ _spread(params.posture_misread, allowed)
    fear = float(params.fear[observer])
    if Posture.ARM in scenario.postures and fear > 0:
        calm = np.array([p is not Posture.ARM for p in Posture])
        seen = seen.copy()
        seen[:, Posture.ARM] += fear * seen[:, calm].sum(axis=1)
        seen[:, calm] *= 1.0 - fear
    return seen


def heard_signal_likelihood(
    scenario: Scenario, params: RulesParams, behaviour: Behaviour
) -> FloatArray:
    """``[type, heard signal]``: chance of *hearing* each signal from each type."""
    sent = behaviour.signals(scenario)
    heard = sent.copy()
    swap = params.signal_misread
    for signal, rule in SIGNAL_RULES.items():
        if rule.misheard_as is not None:  # heard as itself, or the other one misheard
            other = rule.misheard_as
            heard[:, signal] = (1 - swap) * sent[:, signal] + swap * sent[:, other]
    return heard


def prior(scenario: Scenario, observer: Side) -> float:
    """The observer's prior that the other is expansionist, before seeing anything."""
    chance = float(scenario.expansionist_probability[observer.other])
    return chance if 0.0 < chance < 1.0 else UNINFORMED_PRIOR


def _log_ratio(table: FloatArray) -> FloatArray:
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = np.log(table[EXPANSIONIST]) - np.log(table[SEEKER])
    result: FloatArray = np.nan_to_num(ratio, nan=0.0, posinf=50.0, neginf=-50.0)
    return result


def posterior(
    scenario: Scenario,
    observer: Side,
    own: IntArray,
    seen: IntArray,
    heard: IntArray,
    behaviour: Behaviour | None = None,
    start: float | None = None,
) -> FloatArray:
    """P(the other side is expansionist) after the turns seen so far, for each game.

    ``own``, ``seen`` and ``heard`` are ``[game, turn]`` codes: the observer's own executed
    postures, the moves it saw and the signals it heard (an observation's
    ``executed_history``, ``seen_move_history`` and ``seen_signal_history``).
    """
    belief = prior(scenario, observer) if start is None else start
    log_odds = np.full(seen.shape[0], np.log(belief) - np.log1p(-belief))
    if seen.shape[1]:
        log_odds = log_odds + evidence(scenario, observer, own, seen, heard, behaviour).sum(axis=1)
    result: FloatArray = 1.0 / (1.0 + np.exp(-log_odds))
    return result


def evidence(
    scenario: Scenario,
    observer: Side,
    own: IntArray,
    seen: IntArray,
    heard: IntArray,
    behaviour: Behaviour | None = None,
) -> FloatArray:
    """``[game, turn]``: how much each turn's news moved the log-odds (see :func:`posterior`)."""
    behaviour = behaviour or Behaviour()
    played = seen.shape[1]
    heard = heard.astype(np.intp)
    seen = seen.astype(np.intp)
    provoked = np.zeros(seen.shape, dtype=np.bool_)
    provoked[:, 1:] = own[:, :-1] == Posture.ARM
    # a signal that verifies the posture shows it exactly; one that dictates the posture
    # (a verified cut is a disarming) is itself the evidence, and the posture adds none
    inspected = np.isin(heard, signals_where(lambda rule: rule.shows_posture))
    counted = ~np.isin(heard, signals_where(lambda rule: rule.needs_posture is not None))
    result: FloatArray = np.zeros(seen.shape)
    bounds = [phase.turn for phase in scenario.phases if 0 < phase.turn < played]
    for first, last in zip([0, *bounds], [*bounds, played], strict=True):
        params = scenario.params_at(first)
        span = slice(first, last)
        signal_ratio = _log_ratio(heard_signal_likelihood(scenario, params, behaviour))
        # [provoked, exact, seen posture] log-likelihood ratios of this phase
        table = np.array(
            [
                [
                    _log_ratio(seen_posture_likelihood(scenario, params, observer, behaviour, p, e))
                    for e in (False, True)
                ]
                for p in (False, True)
            ]
        )
        posture_ratio = table[
            provoked[:, span].astype(np.intp), inspected[:, span].astype(np.intp), seen[:, span]
        ]
        result[:, span] = signal_ratio[heard[:, span]] + np.where(
            counted[:, span], posture_ratio, 0.0
        )
    return result


def belief_path(observation: Observation) -> list[float]:
    """The belief :func:`belief_from` gives at every decision so far, turn 1 to now.

    One pass over the history, for replays and charts that show belief turn by turn.
    """
    history = observation.history
    belief = prior(observation.scenario, observation.side)
    start = math.log(belief) - math.log1p(-belief)
    if not history:
        return [belief]

    def column(values: list[int]) -> IntArray:
        return np.array(values, dtype=np.int8).reshape(1, -1)

    moves = evidence(
        observation.scenario,
        observation.side,
        column([m.executed for m in history]),
        column([m.seen_move for m in history]),
        column([m.seen_signal for m in history]),
    )[0]
    log_odds = start + np.concatenate([[0.0], np.cumsum(moves)])
    return [float(x) for x in 1.0 / (1.0 + np.exp(-log_odds))]


def belief_from(
    observation: Observation, behaviour: Behaviour | None = None, start: float | None = None
) -> float:
    """P(the other side is expansionist) for one side at decision time, from its observation.

    This is the number a belief meter shows and a bot can use: what a rational observer
    with this side's view and the level's noise model should believe.
    """
    history = observation.history

    def column(values: list[int]) -> IntArray:
        return np.array(values, dtype=np.int8).reshape(1, -1)

    result = posterior(
        observation.scenario,
        observation.side,
        column([m.executed for m in history]),
        column([m.seen_move for m in history]),
        column([m.seen_signal for m in history]),
        behaviour,
        start,
    )
    return float(result[0])


FULL_RULES_THRESHOLD = 0.5
"""Kydd's threshold on full-rules levels, which have no payoff table: a security seeker's
assurance preferences with the gain from mutual restraint equal to the loss from being
exploited (R − T = P − S) give (P − S) / ((R − T) + (P − S)) = 1/2."""


def stage_payoffs(scenario: Scenario) -> tuple[float, float, float, float] | None:
    """The payoffs R, S, T, P of one turn, or None on full-rules levels (no payoff table)."""
    if scenario.mode is not Mode.MATRIX:
        return None
    (reward, sucker), (temptation, punishment) = scenario.params_at(0).payoff.tolist()
    return reward, sucker, temptation, punishment


def cooperates(trust: FloatArray, scenario: Scenario) -> BoolArray:
    """The best response to a belief: whether restraint pays, given this much trust.

    Trust is the chance that the other side restrains itself this turn (it is a security
    seeker; an expansionist arms). Restraint earns R against restraint and S against
    arming; arming earns T and P. Restraint is the better reply when

        trust · (R − T) + (1 − trust) · (S − P) ≥ 0.

    In an assurance game (stag hunt: R > T, P > S) that is Kydd's (2005) threshold
    trust ≥ (P − S) / ((R − T) + (P − S)); in a prisoner's dilemma (T > R, P > S) arming
    always pays more in the turn; in chicken (T > R, S > P) restraint pays only when the
    other is likely to arm, trust ≤ (S − P) / ((T − R) + (S − P)). Full-rules levels use
    :data:`FULL_RULES_THRESHOLD`.
    """
    payoffs = stage_payoffs(scenario)
    if payoffs is None:
        result: BoolArray = trust >= FULL_RULES_THRESHOLD
        return result
    reward, sucker, temptation, punishment = payoffs
    value = trust * (reward - temptation) + (1.0 - trust) * (sucker - punishment)
    cooperate: BoolArray = value >= -1e-12
    return cooperate


def trust_threshold(scenario: Scenario) -> tuple[float, str]:
    """Where :func:`cooperates` switches, and which side of it restraint is on.

    Returns ``(t, "above")`` when restraint pays at trust ≥ t, ``(t, "below")`` when it pays
    at trust ≤ t (chicken), ``(0.0, "above")`` when it always pays and ``(1.0, "never")``
    when it never does (a prisoner's dilemma, turn by turn).
    """
    payoffs = stage_payoffs(scenario)
    if payoffs is None:
        return FULL_RULES_THRESHOLD, "above"
    reward, sucker, temptation, punishment = payoffs
    gain, loss = reward - temptation, punishment - sucker
    if gain > 0 and loss <= 0:
        return 0.0, "above"
    if gain <= 0 and loss >= 0:
        return (0.0, "above") if gain == 0 and loss == 0 else (1.0, "never")
    threshold = loss / (gain + loss)
    return float(threshold), "above" if gain > 0 else "below"
