"""Richardson's arms-race equations as a strategy (Richardson 1960).

Each turn the arsenal changes by dt·(k·y − a·x + g): k is how strongly the nation reacts to
the other's arms y (here: its intelligence estimate), a the fatigue and cost of its own
arms x, and g its grievance, building even when nobody threatens it. Two of them on a
noise-free level follow dx/dt = k·y − a·x + g, dy/dt = l·x − b·y + h exactly, stepped by dt.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import ClassVar

import numpy as np

from game.ai.catalog import register
from game.ai.protocol import GeneratorSource, Outlook, Rule, moved_kinds, nearest_allowed
from game.rules.model import (
    FloatArray,
    ObservationBatch,
    OrdersBatch,
    Posture,
)


def change_orders(outlook: Outlook, change: FloatArray) -> OrdersBatch:
    """Orders that move each game's arsenal by ``change`` units (clipped to the level's limit).

    The weapon kind is chosen as every security seeker chooses it (see ``moved_kinds``).
    """
    scenario = outlook.scenario
    posture = np.where(change > 0, Posture.ARM, np.where(change < 0, Posture.DISARM, Posture.HOLD))
    posture = nearest_allowed(scenario)[posture]
    size = np.minimum(np.abs(change), scenario.max_change)
    amount = np.where(size > 0, size, scenario.default_amount)
    games = len(change)
    return OrdersBatch(
        posture=posture,
        amount=np.where(posture == Posture.HOLD, 0.0, amount),
        kind=moved_kinds(outlook, posture),
        signal=np.zeros(games, dtype=np.int8),
        strike=np.zeros(games, dtype=np.bool_),
    )


@register
class Richardson(Rule):
    """Changes its arsenal by dt·(k·perceived_other − a·own + g)."""

    name = "richardson"
    description = (
        "Builds more the more weapons it thinks you have, less the more it has: an arms race."
    )
    tags = ("reactive", "arms-race")
    difficulty = 2
    parameter_help: ClassVar[Mapping[str, str]] = {
        "k": "how strongly it answers your weapons: each unit it thinks you have adds "
        "this much to what it builds (default 0.4)",
        "a": "how much its own weapons hold it back, through their cost and fatigue (default 0.5)",
        "g": "its grievance, what it builds even when nobody threatens it; below 0 it "
        "is goodwill, and it cuts instead (default 1)",
        "dt": "how big a step it takes each turn; smaller steps are slower and smoother "
        "(default 1)",
    }

    def __init__(self, k: float = 0.4, a: float = 0.5, g: float = 1.0, dt: float = 1.0) -> None:
        for name, value in (("k", k), ("a", a), ("dt", dt)):
            if value < 0:
                raise ValueError(f"{name} must not be negative (got {value})")
        self.k, self.a, self.g, self.dt = k, a, g, dt

    def change(self, own: FloatArray, other: FloatArray) -> FloatArray:
        """The Euler step of Richardson's equation."""
        result: FloatArray = self.dt * (self.k * other - self.a * own + self.g)
        return result

    def decide_batch(self, observations: ObservationBatch, rngs: GeneratorSource) -> OrdersBatch:
        """Step the equation in every game."""
        own = observations.arsenal.sum(axis=1)
        change = self.change(own, observations.estimate)
        return change_orders(Outlook.of_batch(observations), change)
