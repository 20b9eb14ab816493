"""A side that behaves as its hidden type: one strategy as a seeker, one as an expansionist.

Levels with a secretly drawn type use it so that the type is real in play, not only in
the score (Jervis's spiral and deterrence models side by side).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import ClassVar

import numpy as np

from game.ai.catalog import register
from game.ai.protocol import GeneratorSource, GeneratorSubset, Rule, Strategy
from game.rules.model import (
    HOLD_ORDERS,
    NationType,
    ObservationBatch,
    OrdersBatch,
)


def decide_group(
    strategy: Strategy, observations: ObservationBatch, rngs: GeneratorSource
) -> OrdersBatch:
    """A batch rule's orders for a group of games, or a game-by-game strategy's one by one."""
    if isinstance(strategy, Rule):
        return strategy.decide_batch(observations, rngs)
    return OrdersBatch.from_orders(
        [
            strategy.decide(observations.game(g), rngs[g])
            if observations.active[g]
            else HOLD_ORDERS
            for g in range(observations.games)
        ]
    )


@register
class TrueToType(Rule):
    """Plays ``seeker`` when its own hidden type is security seeker, else ``expansionist``.

    Each is a strategy, or a catalogue name (built without parameters).
    """

    name = "true-to-type"
    description = (
        "Plays as its hidden type: one strategy if it only wants security, another if it "
        "is expansionist."
    )
    tags = ("type-driven",)
    difficulty = 3
    parameter_help: ClassVar[Mapping[str, str]] = {
        "seeker": "the strategy it plays if it only wants security (default tit-for-tat)",
        "expansionist": "the strategy it plays if it is expansionist (default expansionist)",
    }

    def __init__(
        self, seeker: str | Strategy = "tit-for-tat", expansionist: str | Strategy = "expansionist"
    ) -> None:
        from game.ai.registry import make_strategy  # the registry imports this module

        def built(strategy: str | Strategy) -> Strategy:
            return make_strategy(strategy) if isinstance(strategy, str) else strategy

        self.by_type = {
            NationType.SECURITY_SEEKER: built(seeker),
            NationType.EXPANSIONIST: built(expansionist),
        }

    def decide_batch(self, observations: ObservationBatch, rngs: GeneratorSource) -> OrdersBatch:
        """Each game decided by the strategy of that side's type."""
        parts = []
        for kind, strategy in self.by_type.items():
            index = np.flatnonzero(observations.own_type == kind)
            if len(index) == observations.games:
                return decide_group(strategy, observations, rngs)
            if len(index):
                view = observations.subset(index)
                parts.append((index, decide_group(strategy, view, GeneratorSubset(rngs, index))))
        return OrdersBatch.gather(parts, observations.games)
