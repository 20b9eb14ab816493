"""A fearful nation: it overestimates the other's arms and reads ambiguity as hostility.

This is the psychology Tang and Jervis point to: fear turns uncertainty into threat, so
a fearful security seeker arms against a neighbour who meant no harm.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import ClassVar

import numpy as np

from game.ai.catalog import register
from game.ai.protocol import GeneratorSource, Outlook, Rule, orders_for
from game.rules.model import (
    BoolArray,
    ObservationBatch,
    OrdersBatch,
    Posture,
    Signal,
)
from game.rules.scoring import threatening


@register
class Fearful(Rule):
    """Arms when it feels threatened, which is often; disarms only when clearly reassured.

    Threatened means: it saw the other make a threatening build; or it saw the other hold
    (or build only visible defenses) without a word of reassurance, ambiguity read as
    hostility; or its estimate of the other's threatening weapons, inflated by ``fear``,
    exceeds its own total.
    """

    name = "fearful"
    description = (
        "Overestimates your weapons and reads silence as a threat, so it arms at the first doubt."
    )
    tags = ("suspicious", "retaliating", "fearful")
    difficulty = 2
    parameter_help: ClassVar[Mapping[str, str]] = {
        "fear": "how much it overestimates your weapons: 0.5 means by half, 0 not at all "
        "(default 0.5)"
    }

    def __init__(self, fear: float = 0.5) -> None:
        if fear < 0:
            raise ValueError(f"fear must not be negative (got {fear})")
        self.fear = fear

    def threatened(self, outlook: Outlook, seen: np.ndarray, heard: np.ndarray) -> BoolArray:
        """Which games look threatening to a fearful eye (``seen`` are seen moves)."""
        armed = seen == Posture.ARM
        ambiguous = (seen == Posture.HOLD) & (heard != Signal.REASSURE)
        if outlook.by_kind is None:
            menace = outlook.estimate
        else:
            dangerous = threatening(outlook.params)[1 - int(outlook.side)]
            menace = (outlook.by_kind * dangerous).sum(axis=1)
        outgunned = menace * (1.0 + self.fear) > outlook.arsenal.sum(axis=1)
        result: BoolArray = armed | ambiguous | outgunned
        return result

    def decide_batch(self, observations: ObservationBatch, rngs: GeneratorSource) -> OrdersBatch:
        """Arm where threatened, in every game."""
        threat = self.threatened(
            Outlook.of_batch(observations), observations.seen_move, observations.seen_signal
        )
        wanted = np.where(threat, Posture.ARM, Posture.DISARM).astype(np.int8)
        return orders_for(observations, wanted)
