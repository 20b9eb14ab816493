"""Security, cost, war and outcome: the formulas of ``docs/rules.md``, vectorised over games.

Arrays are ``[game, side]``. Real security uses true arsenals; felt security uses what the
side believes, and the gap between the two is one of the game's lessons.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from game.rules.intel import Reports
from game.rules.model import (
    NO_WINNER,
    BoolArray,
    FloatArray,
    IntArray,
    Outcome,
    Posture,
    RulesParams,
    Signal,
)

DILEMMA_SLACK = 1e-9


def power(arsenal: FloatArray, params: RulesParams) -> tuple[FloatArray, FloatArray]:
    """Offense (scaled by the offense–defense balance) and defense of each side."""
    offense = params.offense_defense_balance * (arsenal @ params.offense)
    defense = arsenal @ params.defense
    return offense, defense


def _share(numerator: FloatArray, other: FloatArray, empty: float) -> FloatArray:
    """``numerator / (numerator + other)``, or ``empty`` where both are zero."""
    total = numerator + other
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(total > 0, numerator / total, empty)


def turn_cost(
    build: FloatArray,
    cut: FloatArray,
    price: FloatArray,
    arsenal: FloatArray,
    signal: IntArray,
    params: RulesParams,
) -> tuple[FloatArray, FloatArray]:
    """Money spent this turn and the cost score, ``[game, side]``.

    Spending is building, upkeep on the arsenal after the moves, and costly signals; the
    cost score adds the political price of cutting and divides by income.
    """
    signal_cost = np.where(signal == Signal.INVITE_INSPECTION, params.inspection_cost, 0.0)
    signal_cost = signal_cost + np.where(
        signal == Signal.UNILATERAL_CUT, params.unilateral_cut_cost, 0.0
    )
    spending: FloatArray = build * price + arsenal @ params.upkeep + signal_cost
    cost: FloatArray = (spending + params.domestic_pressure * cut) / params.income
    return spending, cost


def threat_weights(params: RulesParams) -> FloatArray:
    """How alarming one unit of each kind looks to the world, from 0 to 1.

    If weapon kinds can be told apart, a kind alarms in proportion to its offense weight
    (purely defensive weapons alarm no one); if they cannot, every unit looks like the most
    offensive kind (Jervis's indistinguishability).
    """
    strongest = float(params.offense.max())
    if not params.distinguishable:
        return np.ones_like(params.offense)
    if strongest <= 0:
        return np.zeros_like(params.offense)
    weights: FloatArray = params.offense / strongest
    return weights


def real_security(offense: FloatArray, defense: FloatArray) -> FloatArray:
    """Own defense against the other's true offense, in [0, 1]; 1 when nobody can attack."""
    return _share(defense, offense[:, ::-1], 1.0)


def felt_security(arsenal: FloatArray, report: Reports, params: RulesParams) -> FloatArray:
    """Own defense against the offense the side believes the other has.

    When weapon kinds are indistinguishable a prudent side must assume every unit it sees is
    of the most offensive kind: that is how indistinguishability feeds the dilemma.
    """
    defense = arsenal @ params.defense
    if params.distinguishable:
        perceived = report.by_kind @ params.offense
    else:
        perceived = report.total * float(params.offense.max())
    return _share(defense, params.offense_defense_balance * perceived, 1.0)


def advantage(offense: FloatArray, defense: FloatArray) -> FloatArray:
    """Own offense against the other's defense: what an expansionist wants to grow."""
    return _share(offense, defense[:, ::-1], 0.0)


def war_chance(
    offense: FloatArray, defense: FloatArray, tension: FloatArray, params: RulesParams
) -> FloatArray:
    """Chance that a crisis turns into war this turn.

    It grows with tension above the crisis threshold and with the best first-strike prospect,
    so it is zero when nobody has any offense.
    """
    span = 1.0 - params.crisis_threshold
    crisis = np.clip((tension - params.crisis_threshold) / span, 0.0, 1.0)
    first_strike = advantage(offense, defense).max(axis=1)
    result: FloatArray = np.clip(params.war_rate * crisis * 2.0 * first_strike, 0.0, 1.0)
    return result


def war_result(
    offense: FloatArray, defense: FloatArray, strike: BoolArray, luck: FloatArray
) -> tuple[IntArray, IntArray]:
    """Winner and outcome of a war, from each side's exponential luck draw.

    A lone striker wins with probability O / (O + D_defender); otherwise (a crisis war or two
    strikes at once) side i wins with probability W_i / (W_red + W_blue), W = O + D.
    """
    red_attack_wins = luck[:, 0] * defense[:, 1] < luck[:, 1] * offense[:, 0]
    blue_attack_wins = luck[:, 1] * defense[:, 0] < luck[:, 0] * offense[:, 1]
    strength = offense + defense
    red_wins = luck[:, 0] * strength[:, 1] < luck[:, 1] * strength[:, 0]
    blue_wins = luck[:, 1] * strength[:, 0] < luck[:, 0] * strength[:, 1]

    lone = strike.sum(axis=1) == 1
    red_strikes = strike[:, 0]
    attacker_wins = np.where(red_strikes, red_attack_wins, blue_attack_wins)
    attacker = np.where(red_strikes, 0, 1)
    lone_winner = np.where(attacker_wins, attacker, 1 - attacker)
    spiral_winner = np.where(red_wins, 0, np.where(blue_wins, 1, NO_WINNER))
    winner = np.where(lone, lone_winner, spiral_winner).astype(np.int8)
    outcome = np.where(
        lone,
        np.where(attacker_wins, Outcome.AGGRESSION_WON, Outcome.AGGRESSION_LOST),
        Outcome.SPIRAL_TO_WAR,
    ).astype(np.int8)
    return winner, outcome


def war_points(war: BoolArray, winner: IntArray, params: RulesParams) -> FloatArray:
    """End-of-game points of a war: damage to both, victory or defeat to each side."""
    sides = np.arange(2)
    decided = war & (winner != NO_WINNER)
    won = decided[:, None] & (winner[:, None] == sides)
    lost = decided[:, None] & (winner[:, None] != sides)
    points: FloatArray = (
        war[:, None] * params.war_damage + won * params.victory + lost * params.defeat
    )
    return points


def accumulated(total: FloatArray, start_total: FloatArray, params: RulesParams) -> BoolArray:
    """Whether either side's total grew beyond the level's tolerance (arrays ``[game, side]``)."""
    grown = total > (1.0 + params.buildup_tolerance) * start_total + DILEMMA_SLACK
    result: BoolArray = np.asarray(grown.any(axis=-1))
    return result


def peace_outcome(
    treaty_active: BoolArray, total: FloatArray, start_total: FloatArray, params: RulesParams
) -> IntArray:
    """How a game without war ended: a treaty in force, no build-up, or an armed peace."""
    result: IntArray = np.where(
        treaty_active,
        Outcome.ARMS_CONTROL,
        np.where(
            accumulated(total, start_total, params), Outcome.ARMED_PEACE, Outcome.STABLE_PEACE
        ),
    ).astype(np.int8)
    return result


@dataclass(frozen=True)
class TangVerdict:
    """Tang's three conditions for a true security dilemma, checked against the truth."""

    anarchy: bool
    """Always true in this game: no authority stands above the two nations."""
    no_malign_intent: bool
    """Neither side was secretly expansionist."""
    accumulation: bool
    """Power accumulated: a side's arsenal grew beyond the level's tolerance at some point."""

    @property
    def security_dilemma(self) -> bool:
        """All three conditions hold."""
        return self.anarchy and self.no_malign_intent and self.accumulation

    @property
    def deterrence_case(self) -> bool:
        """One side really was expansionist: the problem was aggression, not misperception."""
        return not self.no_malign_intent


def tang_verdict(
    types: IntArray, start_total: FloatArray, peak_total: FloatArray, params: RulesParams
) -> TangVerdict:
    """Judge one finished game by Tang's conditions (arrays over the two sides)."""
    return TangVerdict(
        anarchy=True,
        no_malign_intent=not bool(np.any(types)),
        accumulation=bool(accumulated(peak_total, start_total, params)),
    )


SPIRAL_RUN = 3
"""Turns in a row of both sides arming (as carried out) that make an arms-race spiral."""


def spirals(executed: IntArray) -> IntArray:
    """For each game, 1 if it had a spiral: ``SPIRAL_RUN`` turns in a row of mutual arming.

    ``executed`` is a history array ``[turn, game, side]`` of postures as carried out.
    """
    both = (executed == Posture.ARM).all(axis=2)
    run = np.zeros(both.shape[1], dtype=np.int64)
    found = np.zeros(both.shape[1], dtype=np.bool_)
    for turn in both:
        run = (run + 1) * turn
        found |= run >= SPIRAL_RUN
    result: IntArray = found.astype(np.int8)
    return result
