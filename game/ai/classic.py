"""The classic strategies of the iterated prisoner's dilemma, played on any level.

Each reacts to what it *saw* the other side do (``seen_move``), never to what really
happened, so perception noise reaches them exactly as it reaches a human player. On full
levels "cooperating" means not arming (disarm, or hold where a strategy answers in kind),
and where weapon kinds can be told apart a visibly defensive build counts as a hold: it
threatens no one, so it is not answered (Jervis 1978).

Each states its rule once, for a batch of games. The strategies that use chance make one
draw per decision (:meth:`~game.ai.protocol.GeneratorSource.uniforms`), the others none.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import ClassVar

import numpy as np

from game.ai.catalog import register
from game.ai.protocol import GeneratorSource, Rule, last_records, last_seen_moves, orders_for
from game.rules.model import (
    NO_POSTURE_SEEN,
    IntArray,
    Mode,
    ObservationBatch,
    OrdersBatch,
    Posture,
    Scenario,
)

ARM, DISARM = np.int8(Posture.ARM), np.int8(Posture.DISARM)
"""Codes of the arrays' own type: numpy reads an enum member slowly, and a choice between
two of them (``np.where``) is already an array of codes, with no conversion."""


def _always(observations: ObservationBatch, wanted: np.int8) -> OrdersBatch:
    return orders_for(observations, np.full(observations.games, wanted, np.int8))


@register
class AlwaysDisarm(Rule):
    """Cuts by the default amount every turn: unconditional restraint."""

    name = "always-disarm"
    description = "Cuts its weapons every turn, whatever you do: pure trust."
    tags = ("nice", "exploitable")
    difficulty = 1

    def decide_batch(self, observations: ObservationBatch, rngs: GeneratorSource) -> OrdersBatch:
        """Disarm in every game."""
        return _always(observations, DISARM)


@register
class AlwaysArm(Rule):
    """Builds by the default amount every turn, whatever the other side does."""

    name = "always-arm"
    description = "Builds weapons every turn, whatever you do: pure distrust."
    tags = ("nasty",)
    difficulty = 1

    def decide_batch(self, observations: ObservationBatch, rngs: GeneratorSource) -> OrdersBatch:
        """Arm in every game."""
        return _always(observations, ARM)


@register
class RandomChoice(Rule):
    """Arms with probability ``p``, otherwise disarms: noise to test the others against."""

    name = "random"
    description = "Arms at random: half the time by default; otherwise it disarms."
    tags = ("unpredictable",)
    difficulty = 1
    parameter_help: ClassVar[Mapping[str, str]] = {
        "p": "how often it arms, from 0 (never) to 1 (every turn) (default 0.5: half the time)"
    }

    def __init__(self, p: float = 0.5) -> None:
        if not 0.0 <= p <= 1.0:
            raise ValueError(f"p must be between 0 and 1 (got {p})")
        self.p = p

    def decide_batch(self, observations: ObservationBatch, rngs: GeneratorSource) -> OrdersBatch:
        """Toss each game's coin, weighted by ``p``."""
        arms = rngs.uniforms(observations.turn) < self.p
        return orders_for(observations, np.where(arms, ARM, DISARM))


@register
class Alternator(Rule):
    """Disarms, arms, disarms, arms…: predictable, and easy to exploit or to punish."""

    name = "alternator"
    description = "Disarms one turn and arms the next, over and over, whatever you do."
    tags = ("predictable",)
    difficulty = 1

    def decide_batch(self, observations: ObservationBatch, rngs: GeneratorSource) -> OrdersBatch:
        """Disarm on odd turns (1, 3, …), arm on even ones, in every game."""
        return _always(observations, ARM if observations.turn % 2 else DISARM)


def _answer(seen: IntArray, opening: np.int8) -> IntArray:
    """Answer each game's last seen posture in kind; ``opening`` before anything was seen."""
    return np.where(seen == NO_POSTURE_SEEN, opening, seen)


@register
class TitForTat(Rule):
    """Opens by disarming, then does what it saw the other side do last turn.

    It answers the posture *as observed*, so under perception noise it retaliates against
    moves that never happened: the spiral in its simplest form (Axelrod 1984).
    """

    name = "tit-for-tat"
    description = "Starts by disarming, then does what it saw you do the turn before."
    tags = ("nice", "retaliating", "forgiving")
    difficulty = 2
    opening = DISARM

    def decide_batch(self, observations: ObservationBatch, rngs: GeneratorSource) -> OrdersBatch:
        """Mirror the last observed posture in every game."""
        return orders_for(observations, _answer(observations.seen_move, self.opening))


@register
class SuspiciousTitForTat(TitForTat):
    """Tit-for-tat that opens by arming: distrust first, then reciprocity."""

    name = "suspicious-tit-for-tat"
    description = "Like tit-for-tat, but it starts by arming."
    tags = ("suspicious", "retaliating", "forgiving")
    opening = ARM


@register
class TitForTwoTats(Rule):
    """Arms only after seeing the other side arm twice in a row; otherwise disarms.

    It forgives a single (perhaps misread) arming move, which makes it robust to noise and
    also easier to exploit.
    """

    name = "tit-for-two-tats"
    description = "Arms only after it has seen you arm two turns in a row."
    tags = ("nice", "forgiving", "noise-robust")
    difficulty = 2

    def decide_batch(self, observations: ObservationBatch, rngs: GeneratorSource) -> OrdersBatch:
        """Arm where the last two seen postures were arming."""
        seen = last_seen_moves(observations, 2)
        provoked = (seen == ARM).all(axis=1) if seen.shape[1] == 2 else np.zeros(len(seen), bool)
        return orders_for(observations, np.where(provoked, ARM, DISARM))


def textbook_generosity(scenario: Scenario) -> float:
    """Nowak & Sigmund's forgiveness: min(1 − (T−R)/(R−S), (R−P)/(T−P)).

    On full-rules levels, and on matrix levels where the formula does not apply (not a
    prisoner's dilemma), the classic prisoner's dilemma value 1/3 is used instead.
    """
    if scenario.mode is Mode.MATRIX:
        (reward, sucker), (temptation, punishment) = scenario.params_at(0).payoff.tolist()
        if temptation > reward > punishment > sucker:
            value = min(
                1 - (temptation - reward) / (reward - sucker),
                (reward - punishment) / (temptation - punishment),
            )
            return float(min(max(value, 0.0), 1.0))
    return 1 / 3


@register
class GenerousTitForTat(Rule):
    """Tit-for-tat that forgives a seen arming move with probability ``generosity``.

    By default the textbook value for the level's payoffs (see :func:`textbook_generosity`),
    which is the most forgiving that still does not reward exploitation.
    """

    name = "generous-tit-for-tat"
    description = "Does what it saw you do the turn before, but sometimes forgives an arming."
    tags = ("nice", "retaliating", "forgiving", "noise-robust")
    difficulty = 3
    parameter_help: ClassVar[Mapping[str, str]] = {
        "generosity": "how often it forgives an arming it saw, from 0 (never) to 1 "
        "(always) (default: one time in three; on a Prisoner's Dilemma level, as often "
        "as the level's scores allow without rewarding a side that always arms)"
    }

    def __init__(self, generosity: float | None = None) -> None:
        if generosity is not None and not 0.0 <= generosity <= 1.0:
            raise ValueError(f"generosity must be between 0 and 1 (got {generosity})")
        self.generosity = generosity

    def _forgiveness(self, scenario: Scenario) -> float:
        return textbook_generosity(scenario) if self.generosity is None else self.generosity

    def decide_batch(self, observations: ObservationBatch, rngs: GeneratorSource) -> OrdersBatch:
        """Mirror, but forgive a seen arming sometimes (one draw per decision)."""
        draws = rngs.uniforms(observations.turn)
        wanted = _answer(observations.seen_move, DISARM)
        forgive = (wanted == ARM) & (draws < self._forgiveness(observations.scenario))
        return orders_for(observations, np.where(forgive, DISARM, wanted))


@register
class Grim(Rule):
    """Disarms until the first arming it sees, then arms forever (the grim trigger)."""

    name = "grim"
    description = (
        "Disarms until the first time it sees you arm, then arms for the rest of the game."
    )
    tags = ("nice", "retaliating", "unforgiving")
    difficulty = 2

    def decide_batch(self, observations: ObservationBatch, rngs: GeneratorSource) -> OrdersBatch:
        """Arm in the games where a threatening arming was ever seen (``seen_move`` = arm)."""
        seen_arming = observations.record("seen_posture") == ARM
        triggered = (seen_arming & observations.record("seen_threat")).any(axis=1)
        return orders_for(observations, np.where(triggered, ARM, DISARM))


@register
class Pavlov(Rule):
    """Win-stay, lose-shift (Nowak & Sigmund 1993): repeat the last move after a good turn.

    A turn was good when the other side seemed to cooperate; then the last move is kept,
    otherwise it is switched. Equivalently: disarm when both sides seemed to do the same,
    arm when they differed. It opens by disarming and recovers quickly from one accident.
    """

    name = "pavlov"
    description = (
        "Win-stay, lose-shift: keeps its move after a good turn and changes it after a bad one."
    )
    tags = ("nice", "retaliating", "noise-robust")
    difficulty = 3

    def decide_batch(self, observations: ObservationBatch, rngs: GeneratorSource) -> OrdersBatch:
        """Win-stay, lose-shift in every game: disarm where both seemed alike last turn."""
        executed = last_records(observations, "executed", 1)
        if executed.shape[1] == 0:
            return _always(observations, DISARM)
        mine = executed[:, 0] == ARM
        theirs = last_seen_moves(observations, 1)[:, 0] == ARM
        return orders_for(observations, np.where(mine == theirs, DISARM, ARM))
