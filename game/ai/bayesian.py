"""A security seeker that reasons like Bayes: trust what the evidence supports, no more.

It keeps the posterior that the other side is expansionist (:mod:`game.ai.beliefs`) and
plays the best response to that belief, from the payoffs in force, temptation included
(:func:`~game.ai.beliefs.cooperates`: Kydd's trust threshold where the payoffs are an
assurance game). When it holds back but the other side seems not to trust it, it pays for
a costly signal, a verified cut or an invitation to inspectors, which only a security
seeker can afford to send (Kydd 2005). Cheap reassurance costs nothing, so it adds one
whenever it disarms.
"""

from __future__ import annotations

import numpy as np

from game.ai.beliefs import Behaviour, belief_from, cooperates, posterior
from game.ai.protocol import GeneratorSource, Outlook, batch_orders
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


class Bayesian:
    """Disarms while restraint is the best reply to its belief; buys costly signals when it helps.

    ``threshold``, if given, replaces the best reply by a fixed rule: disarm when trust is at
    least ``threshold``. ``budget`` is the largest costly signal it will pay for, as a share
    of one turn's income. ``prior`` replaces the level's prior.
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
        self, outlook: Outlook, belief: FloatArray, seen_arm: BoolArray, crisis: BoolArray
    ) -> OrdersBatch:
        scenario, side, arsenal = outlook.scenario, outlook.side, outlook.arsenal
        trust = 1.0 - belief
        if self.threshold is None:
            trusting = cooperates(trust, scenario)
        else:
            trusting = trust >= self.threshold
        orders = batch_orders(
            outlook, np.where(trusting, Posture.DISARM, Posture.ARM).astype(np.int8)
        )
        params = outlook.params
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
            Outlook.of(observation),
            belief,
            np.array([observation.intel.seen_move is Posture.ARM]),
            np.array([observation.crisis]),
        ).game(0)

    def decide_batch(self, observations: ObservationBatch, rngs: GeneratorSource) -> OrdersBatch:
        """The same rule in every game."""
        belief = self.belief(
            observations.scenario,
            observations.side,
            observations.executed_history,
            observations.seen_move_history,
            observations.seen_signal_history,
        )
        return self._orders(
            Outlook.of_batch(observations),
            belief,
            observations.seen_move == Posture.ARM,
            observations.crisis,
        )
