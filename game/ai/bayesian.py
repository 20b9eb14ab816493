"""A security seeker that reasons like Bayes: trust what the evidence supports, no more.

It keeps the posterior that the other side is expansionist (:mod:`game.ai.beliefs`),
disarms while its trust is above the threshold the payoffs imply and arms otherwise. When
it holds back but the other side seems not to trust it, it pays for a costly signal, a
verified cut or an invitation to inspectors, which only a security seeker can afford to
send (Kydd 2005). Cheap reassurance costs nothing, so it adds one whenever it disarms.
"""

from __future__ import annotations

import numpy as np

from game.ai.beliefs import Behaviour, belief_from, posterior, trust_threshold
from game.ai.protocol import GeneratorSource, batch_orders
from game.rules.model import (
    BoolArray,
    FloatArray,
    IntArray,
    Observation,
    ObservationBatch,
    Orders,
    OrdersBatch,
    Posture,
    Scenario,
    Side,
    Signal,
)

PROBE_LIMIT = 0.9
"""Below this belief that the other is expansionist, a spiral is tested with restraint."""


class Bayesian:
    """Disarms while P(other is expansionist) is low enough; buys costly signals when it helps.

    ``threshold`` is the trust needed to disarm (by default implied by the level's payoffs);
    ``budget`` is the largest costly signal it will pay for, as a share of one turn's income.
    """

    def __init__(
        self, threshold: float | None = None, budget: float = 0.5, prior: float | None = None
    ) -> None:
        if threshold is not None and not 0.0 <= threshold <= 1.0:
            raise ValueError(f"threshold must be between 0 and 1 (got {threshold})")
        if budget < 0:
            raise ValueError(f"budget must not be negative (got {budget})")
        if prior is not None and not 0.0 < prior < 1.0:
            raise ValueError(f"prior must be strictly between 0 and 1 (got {prior})")
        self.threshold = threshold
        self.budget = budget
        self.prior = prior
        self.behaviour = Behaviour()

    def belief(
        self, scenario: Scenario, side: Side, own: IntArray, seen: IntArray, heard: IntArray
    ) -> FloatArray:
        """The posterior that the other side is expansionist, per game."""
        return posterior(scenario, side, own, seen, heard, self.behaviour, self.prior)

    def _orders(
        self,
        scenario: Scenario,
        side: Side,
        turn: int,
        belief: FloatArray,
        seen_arm: BoolArray,
        crisis: BoolArray,
        arsenal: FloatArray,
        armed_twice: BoolArray,
    ) -> OrdersBatch:
        threshold = trust_threshold(scenario) if self.threshold is None else self.threshold
        trust = 1.0 - belief
        # After two turns of its own arming, a doubt short of near-certainty is tested with a
        # step back (Osgood's GRIT): a spiral between security seekers gives almost no
        # evidence either way, so only restraint can break it.
        probing = armed_twice & (belief < PROBE_LIMIT)
        trusting = (trust >= threshold) | probing
        orders = batch_orders(
            scenario, turn, arsenal, np.where(trusting, Posture.DISARM, Posture.ARM).astype(np.int8)
        )
        params = scenario.params_at(turn)
        affordable = self.budget * float(params.income[side])
        restraint = orders.posture == Posture.DISARM
        doubted = restraint & (seen_arm | crisis)
        signal = np.full(len(belief), Signal.NONE, dtype=np.int8)
        if Signal.REASSURE in scenario.signals:
            signal[restraint] = Signal.REASSURE
        if Signal.INVITE_INSPECTION in scenario.signals and params.inspection_cost <= affordable:
            signal[doubted] = Signal.INVITE_INSPECTION
        if Signal.UNILATERAL_CUT in scenario.signals and params.unilateral_cut_cost <= affordable:
            stock = np.take_along_axis(arsenal, orders.kind[:, None].astype(np.intp), axis=1)
            can_cut = doubted & (stock[:, 0] >= scenario.default_amount)
            signal[can_cut] = Signal.UNILATERAL_CUT
        return OrdersBatch(orders.posture, orders.amount, orders.kind, signal, orders.strike)

    def decide(self, observation: Observation, rng: np.random.Generator) -> Orders:
        """Update the belief from the whole history and act on it."""
        belief = np.array([belief_from(observation, self.behaviour, self.prior)])
        return self._orders(
            observation.scenario,
            observation.side,
            observation.turn,
            belief,
            np.array([observation.intel.seen_posture is Posture.ARM]),
            np.array([observation.crisis]),
            np.array([observation.arsenal]),
            np.array(
                [
                    len(observation.history) >= 2
                    and all(m.executed is Posture.ARM for m in observation.history[-2:])
                ]
            ),
        ).game(0)

    def decide_batch(self, observations: ObservationBatch, rngs: GeneratorSource) -> OrdersBatch:
        """The same rule in every game."""
        belief = self.belief(
            observations.scenario,
            observations.side,
            observations.executed_history,
            observations.seen_posture_history,
            observations.seen_signal_history,
        )
        return self._orders(
            observations.scenario,
            observations.side,
            observations.turn,
            belief,
            observations.seen_posture == Posture.ARM,
            observations.crisis,
            observations.arsenal,
            _armed_twice(observations.executed_history),
        )


def _armed_twice(executed: IntArray) -> BoolArray:
    """Games in which this side carried out arming on each of the last two turns."""
    if executed.shape[1] < 2:
        return np.zeros(executed.shape[0], dtype=np.bool_)
    result: BoolArray = (executed[:, -1] == Posture.ARM) & (executed[:, -2] == Posture.ARM)
    return result
