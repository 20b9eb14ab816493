"""The three baseline strategies the engine is tested with.

Each decides game by game (``decide``) and for a whole batch (``decide_batch``) with the
same rule, so a headless tournament plays exactly the games a window would.
"""

from __future__ import annotations

import numpy as np

from game.ai.protocol import GeneratorSource, batch_orders, make_orders
from game.rules.model import (
    NO_POSTURE_SEEN,
    Observation,
    ObservationBatch,
    Orders,
    OrdersBatch,
    Posture,
)


class AlwaysArm:
    """Builds by the default amount every turn, whatever the other side does."""

    def decide(self, observation: Observation, rng: np.random.Generator) -> Orders:
        """Arm."""
        return make_orders(observation.scenario, Posture.ARM)

    def decide_batch(self, observations: ObservationBatch, rngs: GeneratorSource) -> OrdersBatch:
        """Arm in every game."""
        wanted = np.full(observations.games, Posture.ARM, dtype=np.int8)
        return batch_orders(observations.scenario, wanted)


class AlwaysDisarm:
    """Cuts by the default amount every turn: unconditional restraint."""

    def decide(self, observation: Observation, rng: np.random.Generator) -> Orders:
        """Disarm."""
        return make_orders(observation.scenario, Posture.DISARM)

    def decide_batch(self, observations: ObservationBatch, rngs: GeneratorSource) -> OrdersBatch:
        """Disarm in every game."""
        wanted = np.full(observations.games, Posture.DISARM, dtype=np.int8)
        return batch_orders(observations.scenario, wanted)


class TitForTat:
    """Opens by disarming, then does what it saw the other side do last turn.

    It answers the posture *as observed*, so under perception noise it retaliates against
    moves that never happened: the spiral in its simplest form.
    """

    def decide(self, observation: Observation, rng: np.random.Generator) -> Orders:
        """Mirror the last observed posture; disarm first."""
        seen = observation.intel.seen_posture
        return make_orders(observation.scenario, Posture.DISARM if seen is None else seen)

    def decide_batch(self, observations: ObservationBatch, rngs: GeneratorSource) -> OrdersBatch:
        """Mirror the last observed posture in every game."""
        seen = observations.seen_posture
        wanted = np.where(seen == NO_POSTURE_SEEN, Posture.DISARM, seen).astype(np.int8)
        return batch_orders(observations.scenario, wanted)
