"""What one turn leaves in the event log: both views, the orders, every draw, the truth.

The same function (:func:`turn_columns`) writes the log while a game is played
(``game.session.match``, a turn at a time) and rebuilds it when a replay is verified (all
turns at once, a field at a time), so a replay matches only if the game does. The log is
JSON; :class:`TurnRecord` is one turn of it parsed once, with enums for the postures and
signals, for everything that reads a replay (analysis, story, export, the viewer).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from game.rules.engine import GameState
from game.rules.model import (
    NO_KIND,
    NO_POSTURE_SEEN,
    NationType,
    Observation,
    Orders,
    Posture,
    Side,
    Signal,
)
from game.rules.noise import SIDE_DRAWS, Draw

SIDES = (Side.RED, Side.BLUE)
DRAW_NAMES = tuple(draw.name.lower() for draw in Draw)
POSTURE_KEYS = {int(posture): posture.key for posture in Posture}
SIGNAL_KEYS = {int(signal): signal.key for signal in Signal}


Columns = dict[str, Any]
"""Turn records held by field: a dict holds one entry per field of the record (nested
like the record); a list holds that field's value in each turn, as JSON."""

WHOLE = frozenset({"observation", "orders"})
"""Fields kept whole in each turn's value: the rules model's own ``to_dict`` forms."""

_SEEN_POSTURE_KEYS = {NO_POSTURE_SEEN: None, **POSTURE_KEYS}
_POSTURES_BY_KEY = {posture.key: posture for posture in Posture}
_SEEN_POSTURES_BY_KEY: dict[str | None, Posture | None] = {
    None: None,
    **{p.key: p for p in Posture},
}
_SIGNALS_BY_KEY = {signal.key: signal for signal in Signal}


def turn_columns(
    state: GameState,
    first: int,
    views: Sequence[Mapping[Side, Observation]],
    orders: Sequence[tuple[Orders, Orders]],
    game: int = 0,
) -> Columns:
    """The records of the turns ``first`` (0-based) onwards, one per view, as columns.

    The one place the layout of a turn record is written down. The game's arrays are read
    a whole field at a time, which is what makes verifying a long replay quick.
    """
    count = len(views)
    turns = slice(first, first + count)
    rows = slice(first + 1, first + 1 + count)
    history = state.history
    noise = state.noise
    ended, end = bool(state.over[game]), int(state.end_turn[game])

    def keys(codes: Any, names: Mapping[int, str | None]) -> list[Any]:
        return list(map(names.__getitem__, codes.tolist()))

    orders_dicts: dict[Orders, dict[str, Any]] = {}  # a game gives the same few orders

    def orders_dict(given: Orders) -> dict[str, Any]:
        made = orders_dicts.get(given)
        if made is None:
            made = orders_dicts[given] = given.to_dict()
        return made

    def side_columns(side: Side) -> Columns:
        s = int(side)

        def of(records: Any) -> list[Any]:
            column: list[Any] = records[turns, game, s].tolist()
            return column

        return {
            "observation": [view[side].to_dict() for view in views],
            "orders": [orders_dict(pair[s]) for pair in orders],
            "draws": dict(zip(DRAW_NAMES, noise.uniform[rows, game, s].T.tolist(), strict=True)),
            "normals": noise.normal[rows, game, s].tolist(),
            "executed": {
                "posture": keys(history.executed[turns, game, s], POSTURE_KEYS),
                "amount": of(history.amount),
                "kind": of(history.kind),
                "signal": keys(history.signal[turns, game, s], SIGNAL_KEYS),
                "strike": of(history.strike),
                "threatening": of(history.threatening),
            },
            "seen": {
                "posture": keys(history.seen_posture[turns, game, s], _SEEN_POSTURE_KEYS),
                "kind": [None if kind == NO_KIND else kind for kind in of(history.seen_kind)],
                "threat": of(history.seen_threat),
                "signal": keys(history.seen_signal[turns, game, s], SIGNAL_KEYS),
                "estimate": of(history.estimate),
            },
            "arsenal": of(history.arsenal),
            "treasury": of(history.treasury),
            "real_security": of(history.real_security),
            "felt_security": of(history.felt_security),
            "cost": of(history.cost),
            "score": of(history.turn_score),
        }

    numbers = range(first, first + count)
    return {
        "turn": [turn + 1 for turn in numbers],
        "news": [list(state.scenario.news_at(turn)) for turn in numbers],
        "war_draw": noise.shared[rows, game].tolist(),
        "red": side_columns(Side.RED),
        "blue": side_columns(Side.BLUE),
        "tension": history.tension[turns, game].tolist(),
        "treaty": history.treaty[turns, game].tolist(),
        "over": [ended and turn + 1 == end for turn in numbers],
    }


def turn_rows(columns: Columns) -> list[dict[str, Any]]:
    """The turn records held by ``columns``, one dict per turn (inverse of :func:`columns_of`)."""
    fields = list(columns)
    values = [value if isinstance(value, list) else turn_rows(value) for value in columns.values()]
    return [dict(zip(fields, turn, strict=True)) for turn in zip(*values, strict=True)]


def columns_of(rows: Sequence[Mapping[str, Any]]) -> Columns:
    """Turn records (dicts, as :func:`turn_rows` gives them) held by field.

    Raises ``KeyError`` or ``TypeError`` if a record is missing a field the first one has.
    """
    first = rows[0]
    columns: Columns = {}
    for field in first:
        values = [row[field] for row in rows]
        whole = field in WHOLE or not isinstance(first[field], dict)
        columns[field] = values if whole else columns_of(values)
    return columns


def turn_record(
    state: GameState,
    turn: int,
    views: Mapping[Side, Observation],
    orders: Mapping[Side, Orders],
    game: int = 0,
) -> dict[str, Any]:
    """The log record of ``turn`` (0-based, just resolved) of one game of ``state``."""
    pair = (orders[Side.RED], orders[Side.BLUE])
    return turn_rows(turn_columns(state, turn, [views], [pair], game))[0]


def setup_record(state: GameState, seed: int, game: int = 0) -> dict[str, Any]:
    """What was decided before turn 1: the seed, the hidden types and the set-up draws."""
    noise = state.noise
    types = state.types[game]
    return {
        "seed": seed,
        "types": {side.key: NationType(int(types[int(side)])).key for side in SIDES},
        "setup_draws": {
            side.key: [float(x) for x in noise.uniform[0, game, int(side), :SIDE_DRAWS]]
            for side in SIDES
        },
        "setup_normals": {
            side.key: [float(x) for x in noise.normal[0, game, int(side)]] for side in SIDES
        },
    }


@dataclass(frozen=True)
class Executed:
    """What a side's forces really carried out in a turn (execution noise included)."""

    posture: Posture
    amount: float
    kind: int
    signal: Signal
    strike: bool
    threatening: bool
    """A build the other side sees as a threat."""


@dataclass(frozen=True)
class Seen:
    """What a side perceived of the other in a turn, through its intelligence."""

    posture: Posture | None
    """The posture the other seemed to take (None if nothing was seen)."""
    kind: int | None
    """The weapon kind it seemed to move, where kinds can be told apart (else None)."""
    threat: bool
    """It seemed to build weapons that can attack."""
    signal: Signal
    """The signal as it was heard."""
    estimate: float
    """The estimate of the other's total after the turn."""


@dataclass(frozen=True)
class SideTurn:
    """One side in one turn: what it knew, ordered, did and saw, and its truth after it."""

    observation: Mapping[str, Any]
    """What it knew when it decided, as recorded (``Observation.to_dict``); a replay's
    ``views`` hold the same, re-played as :class:`~game.rules.model.Observation` objects."""
    orders: Orders
    draws: Mapping[str, float]
    """Its uniform draws of the turn, by name (``execution``, ``misread``...)."""
    normals: tuple[float, ...]
    executed: Executed
    seen: Seen
    arsenal: tuple[float, ...]
    """Its true weapons per kind after the turn."""
    treasury: float
    real_security: float
    felt_security: float
    cost: float
    score: float

    @property
    def total(self) -> float:
        """Its true number of weapons of all kinds after the turn."""
        return float(sum(self.arsenal))


@dataclass(frozen=True)
class TurnRecord:
    """One turn of the event log, parsed: both sides, the shared draw and the public state."""

    turn: int
    """1-based."""
    news: tuple[str, ...]
    war_draw: float
    red: SideTurn
    blue: SideTurn
    tension: float
    """Public tension after the turn."""
    treaty: bool
    """An arms treaty is in force after the turn."""
    over: bool
    """The game ended with this turn."""

    def side(self, side: Side) -> SideTurn:
        """Red's or Blue's part of the turn."""
        return self.red if side is Side.RED else self.blue

    @property
    def orders(self) -> tuple[Orders, Orders]:
        """The orders of the turn, Red's and Blue's."""
        return self.red.orders, self.blue.orders

    def totals(self) -> dict[Side, float]:
        """Each side's true number of weapons after the turn."""
        return {side: self.side(side).total for side in SIDES}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> TurnRecord:
        """Parse one record of ``turns`` (as :func:`turn_record` writes it).

        Raises ``KeyError``, ``TypeError`` or ``ValueError`` if a field is missing or wrong.
        """
        return turn_records(columns_of([data]))[0]


def turn_records(
    columns: Columns, orders: Sequence[tuple[Orders, Orders]] | None = None
) -> list[TurnRecord]:
    """The typed records of the turns held by ``columns`` (see :func:`turn_columns`).

    ``orders`` are the turns' orders (Red's, Blue's) where the caller has them already,
    as a verified replay does; else they are parsed from ``columns``. Raises
    ``KeyError``, ``TypeError`` or ``ValueError`` if a field is missing or wrong. Each
    kind of record is made by ``map`` with its fields in the order it declares them.
    """
    red, blue = (
        _side_turns(
            columns[side.key],
            _orders_of(columns[side.key]["orders"])
            if orders is None
            else [pair[int(side)] for pair in orders],
        )
        for side in SIDES
    )
    return list(
        map(
            TurnRecord,
            map(int, columns["turn"]),
            [tuple(map(str, news)) for news in columns["news"]],
            map(float, columns["war_draw"]),
            red,
            blue,
            map(float, columns["tension"]),
            map(bool, columns["treaty"]),
            map(bool, columns["over"]),
        )
    )


def _side_turns(columns: Columns, orders: list[Orders]) -> list[SideTurn]:
    """One side's part of each turn held by ``columns``, with its ``orders``."""
    done, seen, draws = columns["executed"], columns["seen"], columns["draws"]
    executed = map(
        Executed,
        map(_POSTURES_BY_KEY.__getitem__, done["posture"]),
        map(float, done["amount"]),
        map(int, done["kind"]),
        map(_SIGNALS_BY_KEY.__getitem__, done["signal"]),
        map(bool, done["strike"]),
        map(bool, done["threatening"]),
    )
    perceived = map(
        Seen,
        map(_SEEN_POSTURES_BY_KEY.__getitem__, seen["posture"]),
        [None if kind is None else int(kind) for kind in seen["kind"]],
        map(bool, seen["threat"]),
        map(_SIGNALS_BY_KEY.__getitem__, seen["signal"]),
        map(float, seen["estimate"]),
    )
    names = list(draws)
    values = zip(*(map(float, column) for column in draws.values()), strict=True)
    return list(
        map(
            SideTurn,
            columns["observation"],
            orders,
            [dict(zip(names, turn, strict=True)) for turn in values],
            [tuple(map(float, normals)) for normals in columns["normals"]],
            executed,
            perceived,
            [tuple(map(float, arsenal)) for arsenal in columns["arsenal"]],
            map(float, columns["treasury"]),
            map(float, columns["real_security"]),
            map(float, columns["felt_security"]),
            map(float, columns["cost"]),
            map(float, columns["score"]),
        )
    )


def _orders_of(column: list[Mapping[str, Any]]) -> list[Orders]:
    """``Orders.from_dict`` of each turn's orders; a game gives the same few again and again."""
    made: dict[tuple[Any, ...], Orders] = {}
    orders = []
    for data in column:
        key = tuple(data.items())
        if key not in made:
            made[key] = Orders.from_dict(dict(data))
        orders.append(made[key])
    return orders
