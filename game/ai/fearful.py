"""A fearful nation: it overestimates the other's arms and reads ambiguity as hostility.

This is the psychology Tang and Jervis point to: fear turns uncertainty into threat, so
a fearful security seeker arms against a neighbour who meant no harm.
"""

from __future__ import annotations

import numpy as np

from game.ai.protocol import GeneratorSource, make_orders, orders_for
from game.rules.model import (
    NO_POSTURE_SEEN,
    BoolArray,
    Observation,
    ObservationBatch,
    Orders,
    OrdersBatch,
    Posture,
    Signal,
)


class Fearful:
    """Arms when it feels threatened, which is often; disarms only when clearly reassured.

    Threatened means: it saw the other arm; or it saw the other hold without a word of
    reassurance (ambiguity read as hostility); or its estimate of the other's arms, inflated
    by ``fear``, exceeds its own.
    """

    def __init__(self, fear: float = 0.5) -> None:
        if fear < 0:
            raise ValueError(f"fear must not be negative (got {fear})")
        self.fear = fear

    def threatened(
        self, seen: np.ndarray, heard: np.ndarray, estimate: np.ndarray, own: np.ndarray
    ) -> BoolArray:
        """Which games look threatening to a fearful eye."""
        armed = seen == Posture.ARM
        ambiguous = (seen == Posture.HOLD) & (heard != Signal.REASSURE)
        outgunned = estimate * (1.0 + self.fear) > own
        result: BoolArray = armed | ambiguous | outgunned
        return result

    def decide(self, observation: Observation, rng: np.random.Generator) -> Orders:
        """Arm if threatened, else disarm."""
        intel = observation.intel
        seen = NO_POSTURE_SEEN if intel.seen_posture is None else intel.seen_posture
        threat = self.threatened(
            np.array([seen]),
            np.array([intel.seen_signal]),
            np.array([intel.total]),
            np.array([observation.total_arsenal]),
        )[0]
        return make_orders(observation, Posture.ARM if threat else Posture.DISARM)

    def decide_batch(self, observations: ObservationBatch, rngs: GeneratorSource) -> OrdersBatch:
        """Arm where threatened, in every game."""
        threat = self.threatened(
            observations.seen_posture,
            observations.seen_signal,
            observations.estimate,
            observations.arsenal.sum(axis=1),
        )
        wanted = np.where(threat, Posture.ARM, Posture.DISARM).astype(np.int8)
        return orders_for(observations, wanted)
