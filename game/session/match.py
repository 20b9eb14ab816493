"""One game, turn by turn, for people and AIs alike, with its complete event log.

The window (and later replays) use :class:`Match`: each side's orders are submitted
secretly (a human's from the screen, an AI's from its strategy), and when both are in,
the turn is resolved. Every turn is recorded: the observations each side decided from,
the orders given, the world's random draws, what was carried out and the resulting truth.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from game import __version__
from game.ai.protocol import Strategy
from game.rules.engine import GameState, resolve_turn, start_games
from game.rules.model import (
    NO_POSTURE_SEEN,
    NationType,
    Observation,
    Orders,
    OrdersBatch,
    Posture,
    Scenario,
    Side,
    Signal,
    order_problems,
)
from game.rules.noise import SIDE_DRAWS, Draw, Noise, Stream, stream_generator
from game.session.results import GameResult, game_results
from game.session.runner import Fouls, checked_decision

SIDES = (Side.RED, Side.BLUE)


class Match:
    """A single game between two controllers; a controller of ``None`` is a human."""

    def __init__(
        self,
        scenario: Scenario,
        seed: int,
        red: Strategy | None = None,
        blue: Strategy | None = None,
    ) -> None:
        self.scenario = scenario
        self.seed = seed
        self.controllers: dict[Side, Strategy | None] = {Side.RED: red, Side.BLUE: blue}
        self.rngs = {side: stream_generator(seed, Stream.ai(side)) for side in SIDES}
        self.fouls = {side: Fouls() for side in SIDES}
        self.state: GameState = start_games(
            scenario, Noise.draw([seed], scenario.turns, scenario.kinds)
        )
        self.turn_log: list[dict[str, Any]] = []
        """One record per resolved turn (see :meth:`event_log`)."""
        self._pending: dict[Side, Orders] = {}

    # -- reading -----------------------------------------------------------------------------
    @property
    def turn(self) -> int:
        """0-based index of the turn now being decided (equals the turns played)."""
        return self.state.turn

    @property
    def finished(self) -> bool:
        """True once the game has ended (last turn played, or war)."""
        return bool(self.state.over[0])

    def is_human(self, side: Side) -> bool:
        """True when a person gives this side's orders."""
        return self.controllers[side] is None

    def observation(self, side: Side) -> Observation:
        """What ``side`` knows now: the only thing its screen or strategy may be shown."""
        return self.state.observe(side).game(0)

    def waiting_for(self) -> list[Side]:
        """Human sides whose orders for this turn are still missing."""
        return [s for s in SIDES if self.is_human(s) and s not in self._pending]

    # -- acting ------------------------------------------------------------------------------
    def submit(self, side: Side, orders: Orders) -> list[str]:
        """Give a side's secret orders; returns the problems if they are not allowed."""
        if self.finished:
            return ["the game is over"]
        problems = order_problems(orders, self.scenario)
        if not problems:
            self._pending[side] = orders
        return problems

    def resolve(self) -> dict[str, Any]:
        """Let the AIs decide, resolve the turn, and return its log record."""
        if self.finished:
            raise RuntimeError("the game is over")
        missing = self.waiting_for()
        if missing:
            raise RuntimeError(f"waiting for orders from {', '.join(s.key for s in missing)}")
        views = {side: self.observation(side) for side in SIDES}
        orders: dict[Side, Orders] = {}
        for side in SIDES:
            strategy = self.controllers[side]
            if strategy is None:
                orders[side] = self._pending[side]
            else:
                orders[side] = checked_decision(
                    strategy, views[side], self.rngs[side], self.fouls[side]
                )
        turn = self.turn
        resolve_turn(
            self.state,
            OrdersBatch.from_orders([orders[Side.RED]]),
            OrdersBatch.from_orders([orders[Side.BLUE]]),
        )
        self._pending.clear()
        record = self._record(turn, views, orders)
        self.turn_log.append(record)
        return record

    def play_out(self) -> GameResult:
        """Play the remaining turns (every side must be an AI)."""
        while not self.finished:
            self.resolve()
        return self.result()

    def result(self) -> GameResult:
        """How the game ended (call once finished)."""
        return game_results(self.state, [self.seed])[0]

    # -- the event log -----------------------------------------------------------------------
    def _record(
        self, turn: int, views: Mapping[Side, Observation], orders: Mapping[Side, Orders]
    ) -> dict[str, Any]:
        history = self.state.history
        noise = self.state.noise
        row = turn + 1

        def side_record(side: Side) -> dict[str, Any]:
            s = int(side)
            seen = int(history.seen_posture[turn, 0, s])
            return {
                "observation": views[side].to_dict(),
                "orders": orders[side].to_dict(),
                "draws": {d.name.lower(): float(noise.uniform[row, 0, s, d]) for d in Draw},
                "normals": [float(x) for x in noise.normal[row, 0, s]],
                "executed": {
                    "posture": Posture(int(history.executed[turn, 0, s])).key,
                    "amount": float(history.amount[turn, 0, s]),
                    "kind": int(history.kind[turn, 0, s]),
                    "signal": Signal(int(history.signal[turn, 0, s])).key,
                    "strike": bool(history.strike[turn, 0, s]),
                },
                "seen": {
                    "posture": None if seen == NO_POSTURE_SEEN else Posture(seen).key,
                    "signal": Signal(int(history.seen_signal[turn, 0, s])).key,
                    "estimate": float(history.estimate[turn, 0, s]),
                },
                "arsenal": [float(x) for x in history.arsenal[turn, 0, s]],
                "treasury": float(history.treasury[turn, 0, s]),
                "real_security": float(history.real_security[turn, 0, s]),
                "felt_security": float(history.felt_security[turn, 0, s]),
                "cost": float(history.cost[turn, 0, s]),
                "score": float(history.turn_score[turn, 0, s]),
            }

        return {
            "turn": turn + 1,
            "news": list(self.scenario.news_at(turn)),
            "war_draw": float(noise.shared[row, 0]),
            "red": side_record(Side.RED),
            "blue": side_record(Side.BLUE),
            "tension": float(history.tension[turn, 0]),
            "treaty": bool(history.treaty[turn, 0]),
            "over": self.finished,
        }

    def event_log(self) -> dict[str, Any]:
        """The whole game so far: set-up draws, hidden types, every turn, and the ending."""
        noise = self.state.noise
        types = self.state.types[0]
        log: dict[str, Any] = {
            "game_version": __version__,
            "seed": self.seed,
            "types": {side.key: NationType(int(types[int(side)])).key for side in SIDES},
            "setup_draws": {
                side.key: [float(x) for x in noise.uniform[0, 0, int(side), :SIDE_DRAWS]]
                for side in SIDES
            },
            "setup_normals": {
                side.key: [float(x) for x in noise.normal[0, 0, int(side)]] for side in SIDES
            },
            "turns": self.turn_log,
        }
        if self.finished:
            summary = self.result().to_dict()
            del summary["history"]
            log["result"] = summary
        return log


def replay_orders(scenario: Scenario, seed: int, orders: list[tuple[Orders, Orders]]) -> Match:
    """Re-play a game from its seed and recorded orders (how replays are verified)."""
    match = Match(scenario, seed)
    for red, blue in orders:
        for side, given in ((Side.RED, red), (Side.BLUE, blue)):
            problems = match.submit(side, given)
            if problems:
                raise ValueError(f"turn {match.turn + 1}, {side.key}: {'; '.join(problems)}")
        match.resolve()
    return match


def orders_from_log(log: Mapping[str, Any]) -> list[tuple[Orders, Orders]]:
    """The orders of every turn of an event log."""
    return [
        (Orders.from_dict(turn["red"]["orders"]), Orders.from_dict(turn["blue"]["orders"]))
        for turn in log["turns"]
    ]
