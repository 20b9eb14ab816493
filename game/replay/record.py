"""What one turn leaves in the event log: both views, the orders, every draw, the truth.

The same function writes the log while a game is played (``game.session.match``) and
rebuilds it when a replay is verified, so a replay matches only if the game does. The log
is JSON; :class:`TurnRecord` is one turn of it parsed once, with enums for the postures
and signals, for everything that reads a replay (analysis, story, export, the viewer).
"""

from __future__ import annotations

from collections.abc import Mapping
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


def turn_record(
    state: GameState,
    turn: int,
    views: Mapping[Side, Observation],
    orders: Mapping[Side, Orders],
    game: int = 0,
) -> dict[str, Any]:
    """The log record of ``turn`` (0-based, just resolved) of one game of ``state``."""
    history = state.history
    noise = state.noise
    row = turn + 1

    def side_record(side: Side) -> dict[str, Any]:
        s = int(side)
        seen = history.seen_posture.item(turn, game, s)
        seen_kind = history.seen_kind.item(turn, game, s)
        return {
            "observation": views[side].to_dict(),
            "orders": orders[side].to_dict(),
            "draws": dict(zip(DRAW_NAMES, noise.uniform[row, game, s].tolist(), strict=True)),
            "normals": noise.normal[row, game, s].tolist(),
            "executed": {
                "posture": POSTURE_KEYS[history.executed.item(turn, game, s)],
                "amount": history.amount.item(turn, game, s),
                "kind": history.kind.item(turn, game, s),
                "signal": SIGNAL_KEYS[history.signal.item(turn, game, s)],
                "strike": history.strike.item(turn, game, s),
                "threatening": history.threatening.item(turn, game, s),
            },
            "seen": {
                "posture": None if seen == NO_POSTURE_SEEN else POSTURE_KEYS[seen],
                "kind": None if seen_kind == NO_KIND else seen_kind,
                "threat": history.seen_threat.item(turn, game, s),
                "signal": SIGNAL_KEYS[history.seen_signal.item(turn, game, s)],
                "estimate": history.estimate.item(turn, game, s),
            },
            "arsenal": history.arsenal[turn, game, s].tolist(),
            "treasury": history.treasury.item(turn, game, s),
            "real_security": history.real_security.item(turn, game, s),
            "felt_security": history.felt_security.item(turn, game, s),
            "cost": history.cost.item(turn, game, s),
            "score": history.turn_score.item(turn, game, s),
        }

    return {
        "turn": turn + 1,
        "news": list(state.scenario.news_at(turn)),
        "war_draw": noise.shared.item(row, game),
        "red": side_record(Side.RED),
        "blue": side_record(Side.BLUE),
        "tension": history.tension.item(turn, game),
        "treaty": history.treaty.item(turn, game),
        "over": state.over.item(game),
    }


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

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Executed:
        """Parse the ``executed`` object of a side's turn record."""
        done = Orders.from_dict(data)  # the fields of an order, as it was carried out
        threatening = bool(data["threatening"])
        return cls(done.posture, done.amount, done.kind, done.signal, done.strike, threatening)


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

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Seen:
        """Parse the ``seen`` object of a side's turn record."""
        posture, kind = data["posture"], data["kind"]
        return cls(
            posture=None if posture is None else Posture.from_key(posture),
            kind=None if kind is None else int(kind),
            threat=bool(data["threat"]),
            signal=Signal.from_key(data["signal"]),
            estimate=float(data["estimate"]),
        )


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

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> SideTurn:
        """Parse one side's part (``red`` or ``blue``) of a turn record."""
        return cls(
            observation=data["observation"],
            orders=Orders.from_dict(data["orders"]),
            draws={name: float(value) for name, value in data["draws"].items()},
            normals=tuple(map(float, data["normals"])),
            executed=Executed.from_dict(data["executed"]),
            seen=Seen.from_dict(data["seen"]),
            arsenal=tuple(map(float, data["arsenal"])),
            treasury=float(data["treasury"]),
            real_security=float(data["real_security"]),
            felt_security=float(data["felt_security"]),
            cost=float(data["cost"]),
            score=float(data["score"]),
        )


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
    def from_dict(cls, data: dict[str, Any]) -> TurnRecord:
        """Parse one record of ``turns`` (as :func:`turn_record` writes it).

        Raises ``KeyError``, ``TypeError`` or ``ValueError`` if a field is missing or wrong.
        """
        return cls(
            turn=int(data["turn"]),
            news=tuple(map(str, data["news"])),
            war_draw=float(data["war_draw"]),
            red=SideTurn.from_dict(data["red"]),
            blue=SideTurn.from_dict(data["blue"]),
            tension=float(data["tension"]),
            treaty=bool(data["treaty"]),
            over=bool(data["over"]),
        )
