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
    FloatArray,
    IndexArray,
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


class GeneratorSubset:
    """The generators of some games of a batch, re-indexed from 0 (for a group of games)."""

    def __init__(self, source: GeneratorSource, index: IndexArray) -> None:
        self._source = source
        self._index = index

    def __getitem__(self, game: int) -> np.random.Generator:
        return self._source[int(self._index[game])]

    def __len__(self) -> int:
        return len(self._index)


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


def moved_kinds(scenario: Scenario, turn: int, posture: IntArray, arsenal: FloatArray) -> IntArray:
    """Which weapon kind a security seeker moves (Jervis 1978).

    Where the other side can tell kinds apart, it builds the kind with the highest defense
    share d / (o + d): defense that visibly threatens no one. Where it cannot, harmless
    weapons buy no goodwill, so it builds the most strength per cost, (β·o + d) / cost:
    offense when offense has the advantage, defense when defense has. It disarms by first
    giving up the most offensive kind it still has.
    """
    params = scenario.params_at(min(turn, scenario.turns - 1))
    weight = params.offense + params.defense
    with np.errstate(divide="ignore", invalid="ignore"):
        defensive = np.where(weight > 0, params.defense / weight, 0.0)
    if params.distinguishable:
        build = int(np.argmax(defensive))
    else:
        strength = params.offense_defense_balance * params.offense + params.defense
        build = int(np.argmax(strength / np.maximum(params.build_cost, 1e-9)))
    offensive_stock = np.where(arsenal > 0, 1.0 - defensive, -1.0)
    cut = np.argmax(offensive_stock, axis=1)
    kinds: IntArray = np.where(posture == Posture.ARM, build, cut).astype(np.int8)
    return kinds


def batch_orders(
    scenario: Scenario, turn: int, arsenal: FloatArray, wanted: IntArray
) -> OrdersBatch:
    """Orders for one wanted posture per game, or the nearest allowed one.

    Each moves the level's default amount of the kind :func:`moved_kinds` picks, with no
    signal and no strike.
    """
    posture = nearest_allowed(scenario)[wanted.astype(np.intp)]
    games = len(wanted)
    return OrdersBatch(
        posture=posture,
        amount=np.where(posture == Posture.HOLD, 0.0, scenario.default_amount),
        kind=moved_kinds(scenario, turn, posture, arsenal),
        signal=np.zeros(games, dtype=np.int8),
        strike=np.zeros(games, dtype=np.bool_),
    )


def orders_for(observations: ObservationBatch, wanted: IntArray) -> OrdersBatch:
    """:func:`batch_orders` for every game of an observation batch."""
    return batch_orders(observations.scenario, observations.turn, observations.arsenal, wanted)


def make_orders(observation: Observation, wanted: Posture) -> Orders:
    """:func:`batch_orders` for a single game."""
    return batch_orders(
        observation.scenario,
        observation.turn,
        np.array([observation.arsenal]),
        np.array([wanted], dtype=np.int8),
    ).game(0)
