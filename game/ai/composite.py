"""A side that behaves as its hidden type: one strategy as a seeker, one as an expansionist.

Levels with a secretly drawn type use it so that the type is real in play, not only in
the score (Jervis's spiral and deterrence models side by side).
"""

from __future__ import annotations

import numpy as np

from game.ai.protocol import BatchStrategy, GeneratorSource, GeneratorSubset, Strategy
from game.rules.model import (
    HOLD_ORDERS,
    NationType,
    Observation,
    ObservationBatch,
    Orders,
    OrdersBatch,
)


def _decide_group(
    strategy: Strategy, observations: ObservationBatch, rngs: GeneratorSource
) -> OrdersBatch:
    if isinstance(strategy, BatchStrategy):
        return strategy.decide_batch(observations, rngs)
    return OrdersBatch.from_orders(
        [
            strategy.decide(observations.game(g), rngs[g])
            if observations.active[g]
            else HOLD_ORDERS
            for g in range(observations.games)
        ]
    )


class TrueToType:
    """Plays ``seeker`` when its own hidden type is security seeker, else ``expansionist``."""

    def __init__(self, seeker: Strategy, expansionist: Strategy) -> None:
        self.by_type = {NationType.SECURITY_SEEKER: seeker, NationType.EXPANSIONIST: expansionist}

    def decide(self, observation: Observation, rng: np.random.Generator) -> Orders:
        """Decide as the strategy of this side's type."""
        return self.by_type[observation.own_type].decide(observation, rng)

    def decide_batch(self, observations: ObservationBatch, rngs: GeneratorSource) -> OrdersBatch:
        """Each game decided by the strategy of that side's type."""
        parts = []
        for kind, strategy in self.by_type.items():
            index = np.flatnonzero(observations.own_type == kind)
            if len(index):
                view = observations.subset(index)
                parts.append((index, _decide_group(strategy, view, GeneratorSubset(rngs, index))))
        return OrdersBatch.gather(parts, observations.games)
