"""The one interface every opponent implements, and helpers for writing strategies.

A strategy sees only its :class:`~game.rules.model.Observation` and its own random
generator. Strategies that can decide for thousands of games at once also implement
``decide_batch``; the session then uses it for headless runs, and must get the same orders
as ``decide`` would give game by game.
"""

from __future__ import annotations

from dataclasses import dataclass
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
    RulesParams,
    Scenario,
    Side,
)
from game.rules.scoring import alarm, security_as_seen, threat_rank


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


@dataclass(frozen=True)
class Outlook:
    """A side's own forces and its intelligence picture of the other, in one or many games.

    It is all a strategy needs to choose which weapon kind to move; it is built from
    observations only.
    """

    scenario: Scenario
    turn: int
    side: Side
    arsenal: FloatArray
    """``[game, kind]``: own weapons."""
    estimate: FloatArray
    """``[game]``: the estimate of the other's total."""
    by_kind: FloatArray | None
    """``[game, kind]``: the estimate by kind, where kinds can be told apart."""

    @classmethod
    def of_batch(cls, observations: ObservationBatch) -> Outlook:
        """The outlook of every game of a batch."""
        return cls(
            observations.scenario,
            observations.turn,
            observations.side,
            observations.arsenal,
            observations.estimate,
            observations.estimate_by_kind,
        )

    @classmethod
    def of(cls, observation: Observation) -> Outlook:
        """The outlook of one game."""
        intel = observation.intel
        return cls(
            observation.scenario,
            observation.turn,
            observation.side,
            np.array([observation.arsenal]),
            np.array([intel.total]),
            np.array([intel.by_kind]) if intel.by_kind else None,
        )

    @property
    def params(self) -> RulesParams:
        """The rules in force this turn."""
        return self.scenario.params_at(min(self.turn, self.scenario.turns - 1))


def security_per_cost(outlook: Outlook) -> FloatArray:
    """``[game, kind]``: security gained per unit of money by building one step of each kind.

    The security is the side's own, at its intelligence's estimate of the other
    (:func:`~game.rules.scoring.security_as_seen`); a kind that costs nothing counts its
    gain as if it cost one hundredth of a unit of money.
    """
    params, side = outlook.params, int(outlook.side)
    step = outlook.scenario.default_amount
    now = security_as_seen(side, outlook.arsenal, outlook.estimate, outlook.by_kind, params)
    kinds = outlook.scenario.kinds
    gains = np.empty((len(outlook.estimate), kinds))
    for kind in range(kinds):
        after = outlook.arsenal.copy()
        after[:, kind] += step
        seen = security_as_seen(side, after, outlook.estimate, outlook.by_kind, params)
        gains[:, kind] = seen - now
    price = np.maximum(params.build_cost[side] * step, 0.01)
    result: FloatArray = gains / price
    return result


def moved_kinds(outlook: Outlook, posture: IntArray) -> IntArray:
    """Which weapon kind a security seeker moves.

    It builds the kind that buys the most security for its money, as it sees the balance
    (:func:`security_per_cost`): a shield against missiles, more missiles or warheads
    against a shield that has made its own deterrent obsolete. Among kinds that buy equal
    security, the least alarming one. It disarms by first giving up the most threatening
    kind it still has, the most offensive one first (Jervis 1978).
    """
    params, side = outlook.params, int(outlook.side)
    alarm_of = alarm(params)[side]
    kinds = outlook.scenario.kinds
    if kinds == 1:
        return np.zeros(len(posture), dtype=np.int8)
    arming = posture == Posture.ARM
    build = np.zeros(len(posture), dtype=np.intp)
    if arming.any():
        value = security_per_cost(outlook)
        best = value.max(axis=1, keepdims=True)
        tied = value >= best - 1e-12
        build = np.argmin(np.where(tied, alarm_of, np.inf), axis=1)
    stock = np.where(outlook.arsenal > 0, threat_rank(params)[side], -1)
    cut = np.argmax(stock, axis=1)
    kinds_moved: IntArray = np.where(arming, build, cut).astype(np.int8)
    return kinds_moved


def batch_orders(outlook: Outlook, wanted: IntArray) -> OrdersBatch:
    """Orders for one wanted posture per game, or the nearest allowed one.

    Each moves the level's default amount of the kind :func:`moved_kinds` picks, with no
    signal and no strike.
    """
    scenario = outlook.scenario
    posture = nearest_allowed(scenario)[wanted.astype(np.intp)]
    games = len(wanted)
    return OrdersBatch(
        posture=posture,
        amount=np.where(posture == Posture.HOLD, 0.0, scenario.default_amount),
        kind=moved_kinds(outlook, posture),
        signal=np.zeros(games, dtype=np.int8),
        strike=np.zeros(games, dtype=np.bool_),
    )


def orders_for(observations: ObservationBatch, wanted: IntArray) -> OrdersBatch:
    """:func:`batch_orders` for every game of an observation batch."""
    return batch_orders(Outlook.of_batch(observations), wanted)


def make_orders(observation: Observation, wanted: Posture) -> Orders:
    """:func:`batch_orders` for a single game."""
    return batch_orders(Outlook.of(observation), np.array([wanted], dtype=np.int8)).game(0)
