"""The one interface every opponent implements, and helpers for writing strategies.

A strategy sees only its :class:`~game.rules.model.Observation` and its own random
generator. A built-in strategy states its rule once, for a whole batch of games
(:meth:`Rule.decide_batch`); its single-game ``decide`` is that rule run on a batch of one,
so the window, a tournament and the lab can never play different games. Students' bots
keep the plain ``decide(observation, rng)`` protocol.
"""

from __future__ import annotations

import dataclasses
import functools
from abc import ABC, abstractmethod
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, ClassVar, Protocol, runtime_checkable

import numpy as np

from game.rules.model import (
    NO_KIND,
    NO_POSTURE_SEEN,
    FloatArray,
    IndexArray,
    IntArray,
    Observation,
    ObservationBatch,
    Orders,
    OrdersBatch,
    PastTurns,
    Posture,
    RulesParams,
    Scenario,
    Side,
    threat_move,
)
from game.rules.scoring import alarm, security_as_seen, threat_rank


@runtime_checkable
class Strategy(Protocol):
    """Decides one side's orders for one turn from what that side knows."""

    def decide(self, observation: Observation, rng: np.random.Generator) -> Orders:
        """Return this turn's orders."""
        ...


class GeneratorSource(Protocol):
    """The AI random streams of the games of a batch, one stream per game."""

    def __getitem__(self, game: int) -> np.random.Generator:
        """The generator of ``game`` (for strategies that decide game by game)."""
        ...

    def __len__(self) -> int:
        """Number of games."""
        ...

    def uniforms(self, turn: int, games: IndexArray | None = None) -> FloatArray:
        """The decision draw of ``turn`` in every game (or in ``games``): one uniform each.

        It is the ``turn``-th draw of each game's stream, so a strategy that makes one draw
        per decision gets the same number in a batch as alone; a batch draws each game's
        draws for all turns in one block.
        """
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

    def uniforms(self, turn: int, games: IndexArray | None = None) -> FloatArray:
        """The draws of this subset's games (see :meth:`GeneratorSource.uniforms`)."""
        return self._source.uniforms(turn, self._index if games is None else self._index[games])


class SingleGenerator:
    """The one generator of a batch of one game, drawn from as the turns come."""

    def __init__(self, rng: np.random.Generator) -> None:
        self._rng = rng

    def __getitem__(self, game: int) -> np.random.Generator:
        return self._rng

    def __len__(self) -> int:
        return 1

    def uniforms(self, turn: int, games: IndexArray | None = None) -> FloatArray:
        """The next draw: the game asks once per turn, so it is the ``turn``-th."""
        result: FloatArray = self._rng.random(1 if games is None else len(games))
        return result


class Described:
    """What the catalogue says about a strategy, declared once on its class.

    The words are for a student choosing an opponent: plain sentences without formulas
    (the exact rules are in ``docs/strategies.md``).
    """

    name: ClassVar[str]
    description: ClassVar[str]
    """What it does, in one or two plain sentences."""
    tags: ClassVar[tuple[str, ...]]
    difficulty: ClassVar[int]
    """1 (easy to beat) to 5 (hardest)."""
    parameter_help: ClassVar[Mapping[str, str]] = {}
    """Each parameter's meaning and its default, in words."""
    long_running: ClassVar[bool] = False
    """True when a move takes so long that thousands of games would take minutes."""
    quickest: ClassVar[Mapping[str, int | float | str]] = {}
    """For a long-running strategy, the parameters at which it plays a thousand games in
    seconds (the lab offers it so); empty if it has none."""


class Rule(Described, ABC):
    """A strategy whose rule is written once, for a batch; one game is a batch of one."""

    @abstractmethod
    def decide_batch(self, observations: ObservationBatch, rngs: GeneratorSource) -> OrdersBatch:
        """Orders for every game; rows of finished games are ignored."""

    def decide(self, observation: Observation, rng: np.random.Generator) -> Orders:
        """The batch rule applied to this one game."""
        return self.decide_batch(batch_of_one(observation), SingleGenerator(rng)).game(0)


def last_records(observations: ObservationBatch, record: str, count: int) -> Any:
    """``[game, turn]``: the last ``count`` turns (or fewer) of one :class:`PastTurns` record.

    Only those columns are read, so a rule that looks one or two turns back costs the same
    on turn 200 as on turn 2; they are read once a turn for the whole batch, and each group
    of games taken out of it gets its rows (:meth:`ObservationBatch.shared`).
    """
    return observations.shared(
        ("last records", record, count), lambda batch: _recent(batch.past, record, count)
    )


def last_seen_moves(observations: ObservationBatch, count: int) -> IntArray:
    """``[game, turn]``: the last ``count`` seen moves as they bear on this side."""

    def moves(batch: ObservationBatch) -> IntArray:
        past = batch.past
        return threat_move(
            _recent(past, "seen_posture", count), _recent(past, "seen_threat", count)
        )

    result: IntArray = observations.shared(("last seen moves", count), moves)
    return result


def _recent(past: PastTurns, record: str, count: int) -> Any:
    columns = getattr(past, record)[:, max(past.ordered.shape[1] - count, 0) :]
    return columns if past.rows is None else columns[past.rows]


def batch_of_one(observation: Observation) -> ObservationBatch:
    """The observation of one game as a batch of one, with its whole history."""
    intel = observation.intel
    history = observation.history
    cut = np.nan if intel.verified_cut is None else intel.verified_cut
    past = observation.past
    if past is None or past.ordered.shape[1] != len(history):
        past = PastTurns(
            ordered=np.array([[m.ordered for m in history]], dtype=np.int8),
            executed=np.array([[m.executed for m in history]], dtype=np.int8),
            amount=np.array([[m.amount for m in history]], dtype=np.float64),
            signal=np.array([[m.signal_sent for m in history]], dtype=np.int8),
            seen_posture=np.array([[m.seen_posture for m in history]], dtype=np.int8),
            seen_kind=np.array([[m.seen_kind for m in history]], dtype=np.int8),
            seen_threat=np.array([[m.seen_threat for m in history]], dtype=np.bool_),
            seen_signal=np.array([[m.seen_signal for m in history]], dtype=np.int8),
            estimate=np.array([[m.estimate for m in history]], dtype=np.float64),
            tension=np.array([[m.tension for m in history]], dtype=np.float64),
        )
    return ObservationBatch(
        side=observation.side,
        turn=observation.turn,
        scenario=observation.scenario,
        active=np.ones(1, dtype=np.bool_),
        own_type=np.array([observation.own_type], dtype=np.int8),
        arsenal=np.array([observation.arsenal], dtype=np.float64),
        treasury=np.array([observation.treasury]),
        estimate=np.array([intel.total]),
        uncertainty=np.array([intel.uncertainty]),
        estimate_by_kind=np.array([intel.by_kind]) if intel.by_kind else None,
        seen_posture=np.array(
            [NO_POSTURE_SEEN if intel.seen_posture is None else intel.seen_posture], np.int8
        ),
        seen_kind=np.array([NO_KIND if intel.seen_kind is None else intel.seen_kind], np.int8),
        seen_threat=np.array([intel.seen_threat]),
        seen_signal=np.array([intel.seen_signal], dtype=np.int8),
        inspected=np.array([intel.inspected]),
        verified_cut=np.array([cut]),
        tension=np.array([observation.tension]),
        crisis=np.array([observation.crisis]),
        treaty_active=np.array([observation.treaty_active]),
        treaty_cap=np.array([observation.treaty_cap or (0.0, 0.0)]),
        felt_security=np.array([observation.felt_security]),
        past=past,
    )


def nearest_allowed(scenario: Scenario) -> IntArray:
    """Lookup table: for each wanted posture, the closest posture this level allows.

    A strategy written for arm/hold/disarm still works on a level that forbids holding
    (matrix levels): holding becomes disarming, the gentler neighbour.
    """
    return _nearest_table(scenario.postures)


_NEIGHBOURS = {
    Posture.HOLD: (Posture.DISARM, Posture.ARM),
    Posture.ARM: (Posture.HOLD, Posture.DISARM),
    Posture.DISARM: (Posture.HOLD, Posture.ARM),
}
"""For each posture, the ones that replace it where it is not allowed, closest first."""


@functools.cache
def _nearest_table(allowed: frozenset[Posture]) -> IntArray:
    """The table of :func:`nearest_allowed` (a level has one of very few posture sets)."""
    table = np.empty(len(Posture), dtype=np.int8)
    for wanted, order in _NEIGHBOURS.items():
        table[wanted] = wanted if wanted in allowed else next(p for p in order if p in allowed)
    table.flags.writeable = False
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
        """The outlook of one game, as a batch of one."""
        return cls.of_batch(batch_of_one(observation))

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
    if outlook.scenario.kinds == 1:
        return np.zeros(len(posture), dtype=np.int8)
    params, side = outlook.params, int(outlook.side)
    alarm_of = alarm(params)[side]
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
    posture = nearest_allowed(outlook.scenario)[wanted]
    return _default_moves(outlook.scenario, posture, moved_kinds(outlook, posture))


def orders_for(observations: ObservationBatch, wanted: IntArray) -> OrdersBatch:
    """:func:`batch_orders` for every game of an observation batch (see :class:`DefaultMoves`)."""
    return DefaultMoves(observations, wanted)


class DefaultMoves(OrdersBatch):
    """:func:`batch_orders` for some observations, worked out the first time they are read.

    Most rules end in these orders. A batch that mixes strategies joins the wanted postures
    of all its groups of games (:meth:`of_groups`) and works the orders out once for the whole
    batch, not once per strategy: they are the same, game by game.
    """

    wanted: IntArray
    observations: ObservationBatch

    def __init__(self, observations: ObservationBatch, wanted: IntArray) -> None:
        self.__dict__.update(wanted=wanted, observations=observations)

    def __getattr__(self, name: str) -> Any:
        """Work out every order field on the first reading of one."""
        if name not in _ORDER_FIELDS:
            raise AttributeError(name)
        observations, scenario = self.observations, self.observations.scenario
        posture = nearest_allowed(scenario)[self.wanted]
        if scenario.kinds > 1:
            orders = _default_moves(
                scenario, posture, moved_kinds(Outlook.of_batch(observations), posture)
            )
        else:  # no kind to choose: the forces it would weigh are not read (nor cut)
            orders = _default_moves(scenario, posture, np.zeros(len(posture), dtype=np.int8))
        self.__dict__.update(vars(orders))
        return self.__dict__[name]

    @staticmethod
    def of_groups(
        observations: ObservationBatch, parts: list[OrdersBatch], order: IndexArray | None
    ) -> OrdersBatch | None:
        """The orders of consecutive groups of ``observations``' games, if all are default moves.

        With ``order``, game ``order[i]`` gets the ``i``-th joined row. ``None`` when some
        group gave other orders.
        """
        moves = [part for part in parts if isinstance(part, DefaultMoves)]
        if len(moves) < len(parts):
            return None
        wanted = np.concatenate([part.wanted for part in moves])
        if order is not None:
            ordered = np.empty_like(wanted)
            ordered[order] = wanted
            wanted = ordered
        return DefaultMoves(observations, wanted)


_ORDER_FIELDS = frozenset(item.name for item in dataclasses.fields(OrdersBatch))
"""The arrays of an :class:`OrdersBatch`, which :class:`DefaultMoves` works out when read."""


def _default_moves(scenario: Scenario, posture: IntArray, kind: IntArray) -> OrdersBatch:
    """Move the level's default amount (nothing when holding), with no signal, no strike."""
    games = len(posture)
    return OrdersBatch(
        posture=posture,
        amount=_amount_table(scenario.default_amount)[posture],
        kind=kind,
        signal=np.zeros(games, dtype=np.int8),
        strike=np.zeros(games, dtype=np.bool_),
    )


@functools.cache
def _amount_table(default_amount: float) -> FloatArray:
    """The amount moved for each posture code: the default, or nothing when holding."""
    table = np.full(len(Posture), default_amount, dtype=np.float64)
    table[Posture.HOLD] = 0.0
    table.flags.writeable = False
    return table


def make_orders(observation: Observation, wanted: Posture) -> Orders:
    """:func:`batch_orders` for one game: what a built-in strategy orders for ``wanted``.

    For students' bots, which decide one game at a time.
    """
    return batch_orders(Outlook.of(observation), np.array([wanted], dtype=np.int8)).game(0)
