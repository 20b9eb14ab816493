"""The one interface every opponent implements, and helpers for writing strategies.

A strategy sees only its :class:`~game.rules.model.Observation` and its own random
generator. Strategies that can decide for thousands of games at once also implement
``decide_batch``; the session then uses it for headless runs, and must get the same orders
as ``decide`` would give game by game.
"""

from __future__ import annotations

from typing import Protocol, runtime_checkable

import numpy as np

from game.rules.model import (
    IntArray,
    Observation,
    ObservationBatch,
    Orders,
    OrdersBatch,
    Posture,
    Scenario,
)


@runtime_checkable
class Strategy(Protocol):
    """Decides one side's orders for one turn from what that side knows."""

    def decide(self, observation: Observation, rng: np.random.Generator) -> Orders:
        """Return this turn's orders."""
        ...


class GeneratorSource(Protocol):
    """One random generator per game of a batch, created only when asked for."""

    def __getitem__(self, game: int) -> np.random.Generator:
        """The generator of ``game``."""
        ...

    def __len__(self) -> int:
        """Number of games."""
        ...


@runtime_checkable
class BatchStrategy(Strategy, Protocol):
    """A strategy that can also decide for a whole batch of games in one call."""

    def decide_batch(self, observations: ObservationBatch, rngs: GeneratorSource) -> OrdersBatch:
        """Orders for every game; rows of finished games are ignored."""
        ...


def nearest_allowed(scenario: Scenario) -> IntArray:
    """Lookup table: for each wanted posture, the closest posture this level allows.

    A strategy written for arm/hold/disarm still works on a level that forbids holding
    (matrix levels): holding becomes disarming, the gentler neighbour.
    """
    allowed = scenario.postures
    table = np.empty(len(Posture), dtype=np.int8)
    for wanted in Posture:
        if wanted in allowed:
            table[wanted] = wanted
            continue
        order = {
            Posture.HOLD: (Posture.DISARM, Posture.ARM),
            Posture.ARM: (Posture.HOLD, Posture.DISARM),
            Posture.DISARM: (Posture.HOLD, Posture.ARM),
        }[wanted]
        table[wanted] = next(p for p in order if p in allowed)
    return table


def make_orders(scenario: Scenario, wanted: Posture) -> Orders:
    """Orders for ``wanted`` (or its nearest allowed posture) by the level's default amount."""
    posture = Posture(int(nearest_allowed(scenario)[wanted]))
    amount = 0.0 if posture is Posture.HOLD else scenario.default_amount
    return Orders(posture=posture, amount=amount)


def batch_orders(scenario: Scenario, wanted: IntArray) -> OrdersBatch:
    """Vectorised :func:`make_orders`: one wanted posture per game, no signal, no strike."""
    posture = nearest_allowed(scenario)[wanted.astype(np.intp)]
    games = len(wanted)
    return OrdersBatch(
        posture=posture,
        amount=np.where(posture == Posture.HOLD, 0.0, scenario.default_amount),
        kind=np.zeros(games, dtype=np.int8),
        signal=np.zeros(games, dtype=np.int8),
        strike=np.zeros(games, dtype=np.bool_),
    )
