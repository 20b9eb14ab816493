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

from collections.abc import Mapping
from typing import ClassVar

import numpy as np

from game.ai.beliefs import Behaviour, cooperates, posterior
from game.ai.catalog import register
from game.ai.protocol import GeneratorSource, Outlook, Rule, batch_orders
from game.rules.model import (
    FloatArray,
    IntArray,
    ObservationBatch,
    OrdersBatch,
    Posture,
    Scenario,
    Side,
    Signal,
)


@register
class Bayesian(Rule):
    """Disarms while restraint is the best reply to its belief; buys costly signals when it helps.

    ``threshold``, if given, replaces the best reply by a fixed rule: disarm when trust is at
    least ``threshold``. ``budget`` is the largest costly signal it will pay for, as a share
    of one turn's income. ``prior`` replaces the level's prior.
    """

    name = "bayesian"
    description = (
        "Weighs every move it sees with Bayes' rule and trusts you as far as the evidence allows."
    )
    tags = ("nice", "forgiving", "noise-robust", "signalling")
    difficulty = 4
    parameter_help: ClassVar[Mapping[str, str]] = {
        "threshold": "how much it must trust you before it disarms, from 0 to 1 "
        "(default: whatever pays best with the level's scores, half where the level "
        "has no score table)",
        "budget": "the most it pays for a costly signal such as inviting inspectors, as "
        "a share of one turn's income (default 0.5: half)",
        "prior": "how likely it thinks, before it has seen anything, that you mean "
        "harm, between 0 and 1 (default: the level's own odds of an expansionist, or "
        "one in four where the level fixes the type)",
    }

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

    def decide_batch(self, observations: ObservationBatch, rngs: GeneratorSource) -> OrdersBatch:
        """Update each game's belief from its whole history and act on it."""
        belief = self.belief(
            observations.scenario,
            observations.side,
            observations.executed_history,
            observations.seen_move_history,
            observations.seen_signal_history,
        )
        outlook = Outlook.of_batch(observations)
        scenario, side, arsenal = outlook.scenario, outlook.side, outlook.arsenal
        seen_arm = observations.seen_move == Posture.ARM
        crisis = observations.crisis
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
