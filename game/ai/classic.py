"""The classic strategies of the iterated prisoner's dilemma, played on any level.

Each reacts to what it *saw* the other side do (``seen_move``), never to what really
happened, so perception noise reaches them exactly as it reaches a human player. On full
levels "cooperating" means not arming (disarm, or hold where a strategy answers in kind),
and where weapon kinds can be told apart a visibly defensive build counts as a hold: it
threatens no one, so it is not answered (Jervis 1978).

Every strategy decides game by game (``decide``) and for a batch (``decide_batch``) with
the same rule and the same use of its random generator: one draw per decision for the
strategies that use chance, none for the others.
"""

from __future__ import annotations

import numpy as np

from game.ai.protocol import GeneratorSource, make_orders, orders_for
from game.rules.model import (
    NO_POSTURE_SEEN,
    BoolArray,
    FloatArray,
    IntArray,
    Mode,
    Observation,
    ObservationBatch,
    Orders,
    OrdersBatch,
    Posture,
    Scenario,
)

ARM, DISARM = Posture.ARM, Posture.DISARM


def draw_uniforms(rngs: GeneratorSource, active: BoolArray) -> FloatArray:
    """One uniform draw per running game, from that game's own generator."""
    draws = np.zeros(len(active))
    for game in np.flatnonzero(active):
        draws[game] = rngs[int(game)].random()
    return draws


def _seen_history(observation: Observation) -> list[Posture]:
    return [memory.seen_move for memory in observation.history]


class AlwaysArm:
    """Builds by the default amount every turn, whatever the other side does."""

    def decide(self, observation: Observation, rng: np.random.Generator) -> Orders:
        """Arm."""
        return make_orders(observation, ARM)

    def decide_batch(self, observations: ObservationBatch, rngs: GeneratorSource) -> OrdersBatch:
        """Arm in every game."""
        return orders_for(observations, np.full(observations.games, ARM, np.int8))


class AlwaysDisarm:
    """Cuts by the default amount every turn: unconditional restraint."""

    def decide(self, observation: Observation, rng: np.random.Generator) -> Orders:
        """Disarm."""
        return make_orders(observation, DISARM)

    def decide_batch(self, observations: ObservationBatch, rngs: GeneratorSource) -> OrdersBatch:
        """Disarm in every game."""
        return orders_for(observations, np.full(observations.games, DISARM, np.int8))


class RandomChoice:
    """Arms with probability ``p``, otherwise disarms: noise to test the others against."""

    def __init__(self, p: float = 0.5) -> None:
        if not 0.0 <= p <= 1.0:
            raise ValueError(f"p must be between 0 and 1 (got {p})")
        self.p = p

    def decide(self, observation: Observation, rng: np.random.Generator) -> Orders:
        """Toss a coin weighted by ``p``."""
        return make_orders(observation, ARM if rng.random() < self.p else DISARM)

    def decide_batch(self, observations: ObservationBatch, rngs: GeneratorSource) -> OrdersBatch:
        """Toss each game's coin."""
        arms = draw_uniforms(rngs, observations.active) < self.p
        return orders_for(observations, np.where(arms, ARM, DISARM).astype(np.int8))


class Alternator:
    """Disarms, arms, disarms, arms…: predictable, and easy to exploit or to punish."""

    def decide(self, observation: Observation, rng: np.random.Generator) -> Orders:
        """Disarm on odd turns (1, 3, …), arm on even ones."""
        return make_orders(observation, ARM if observation.turn % 2 else DISARM)

    def decide_batch(self, observations: ObservationBatch, rngs: GeneratorSource) -> OrdersBatch:
        """The same move in every game."""
        wanted = ARM if observations.turn % 2 else DISARM
        return orders_for(observations, np.full(observations.games, wanted, np.int8))


def _answer(seen: IntArray, opening: Posture) -> IntArray:
    """Answer each game's last seen posture in kind; ``opening`` before anything was seen."""
    return np.where(seen == NO_POSTURE_SEEN, opening, seen).astype(np.int8)


class TitForTat:
    """Opens by disarming, then does what it saw the other side do last turn.

    It answers the posture *as observed*, so under perception noise it retaliates against
    moves that never happened: the spiral in its simplest form (Axelrod 1984).
    """

    opening = DISARM

    def decide(self, observation: Observation, rng: np.random.Generator) -> Orders:
        """Mirror the last observed posture."""
        seen = observation.intel.seen_move
        return make_orders(observation, self.opening if seen is None else seen)

    def decide_batch(self, observations: ObservationBatch, rngs: GeneratorSource) -> OrdersBatch:
        """Mirror the last observed posture in every game."""
        wanted = _answer(observations.seen_move, self.opening)
        return orders_for(observations, wanted)


class SuspiciousTitForTat(TitForTat):
    """Tit-for-tat that opens by arming: distrust first, then reciprocity."""

    opening = ARM


class TitForTwoTats:
    """Arms only after seeing the other side arm twice in a row; otherwise disarms.

    It forgives a single (perhaps misread) arming move, which makes it robust to noise and
    also easier to exploit.
    """

    def decide(self, observation: Observation, rng: np.random.Generator) -> Orders:
        """Arm after two seen armings in a row."""
        last_two = _seen_history(observation)[-2:]
        provoked = len(last_two) == 2 and all(p is ARM for p in last_two)
        return make_orders(observation, ARM if provoked else DISARM)

    def decide_batch(self, observations: ObservationBatch, rngs: GeneratorSource) -> OrdersBatch:
        """Arm where the last two seen postures were arming."""
        seen = observations.seen_move_history
        provoked = np.zeros(observations.games, dtype=np.bool_)
        if seen.shape[1] >= 2:
            provoked = (seen[:, -1] == ARM) & (seen[:, -2] == ARM)
        return orders_for(observations, np.where(provoked, ARM, DISARM).astype(np.int8))


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


class GenerousTitForTat:
    """Tit-for-tat that forgives a seen arming move with probability ``generosity``.

    By default the textbook value for the level's payoffs (see :func:`textbook_generosity`),
    which is the most forgiving that still does not reward exploitation.
    """

    def __init__(self, generosity: float | None = None) -> None:
        if generosity is not None and not 0.0 <= generosity <= 1.0:
            raise ValueError(f"generosity must be between 0 and 1 (got {generosity})")
        self.generosity = generosity

    def _forgiveness(self, scenario: Scenario) -> float:
        return textbook_generosity(scenario) if self.generosity is None else self.generosity

    def decide(self, observation: Observation, rng: np.random.Generator) -> Orders:
        """Mirror, but forgive arming sometimes (one draw per decision)."""
        draw = rng.random()
        seen = observation.intel.seen_move
        wanted = DISARM if seen is None else seen
        if wanted is ARM and draw < self._forgiveness(observation.scenario):
            wanted = DISARM
        return make_orders(observation, wanted)

    def decide_batch(self, observations: ObservationBatch, rngs: GeneratorSource) -> OrdersBatch:
        """Mirror with forgiveness, game by game."""
        draws = draw_uniforms(rngs, observations.active)
        wanted = _answer(observations.seen_move, DISARM)
        forgive = (wanted == ARM) & (draws < self._forgiveness(observations.scenario))
        return orders_for(observations, np.where(forgive, DISARM, wanted))


class Grim:
    """Disarms until the first arming it sees, then arms forever (the grim trigger)."""

    def decide(self, observation: Observation, rng: np.random.Generator) -> Orders:
        """Arm forever once any arming was seen."""
        triggered = ARM in _seen_history(observation)
        return make_orders(observation, ARM if triggered else DISARM)

    def decide_batch(self, observations: ObservationBatch, rngs: GeneratorSource) -> OrdersBatch:
        """Arm in the games where an arming was ever seen."""
        triggered = (observations.seen_move_history == ARM).any(axis=1)
        return orders_for(observations, np.where(triggered, ARM, DISARM).astype(np.int8))


class Pavlov:
    """Win-stay, lose-shift (Nowak & Sigmund 1993): repeat the last move after a good turn.

    A turn was good when the other side seemed to cooperate; then the last move is kept,
    otherwise it is switched. Equivalently: disarm when both sides seemed to do the same,
    arm when they differed. It opens by disarming and recovers quickly from one accident.
    """

    def decide(self, observation: Observation, rng: np.random.Generator) -> Orders:
        """Disarm if my last move and the other's seen move were alike, else arm."""
        if not observation.history:
            return make_orders(observation, DISARM)
        last = observation.history[-1]
        alike = (last.executed is ARM) == (last.seen_move is ARM)
        return make_orders(observation, DISARM if alike else ARM)

    def decide_batch(self, observations: ObservationBatch, rngs: GeneratorSource) -> OrdersBatch:
        """Win-stay, lose-shift in every game."""
        if observations.executed_history.shape[1] == 0:
            wanted = np.full(observations.games, DISARM, dtype=np.int8)
        else:
            mine = observations.executed_history[:, -1] == ARM
            theirs = observations.seen_move_history[:, -1] == ARM
            wanted = np.where(mine == theirs, DISARM, ARM).astype(np.int8)
        return orders_for(observations, wanted)
