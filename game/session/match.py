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
from game.replay.record import TurnRecord, setup_record, turn_record
from game.rules.engine import GameState, resolve_turn, start_games
from game.rules.model import (
    Memory,
    Observation,
    Orders,
    OrdersBatch,
    Scenario,
    Side,
    order_problems,
)
from game.rules.noise import Noise, Stream, stream_generator
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
        self._memories: dict[Side, list[Memory]] = {side: [] for side in SIDES}
        """Each side's record of the turns played, kept turn by turn (never rebuilt)."""
        self._views: dict[Side, Observation] = {}
        """Each side's observation of the turn being decided, made once when it begins."""
        self._observe()

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
        return self._views[side]

    def _observe(self) -> None:
        """Make both sides' observations of the turn that begins now."""
        for side in SIDES:
            batch = self.state.observe(side)
            if self.state.turn:
                self._memories[side].append(batch.memory(0, self.state.turn - 1))
            self._views[side] = batch.game(0, tuple(self._memories[side]), with_past=True)

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
        self._observe()
        record = turn_record(self.state, turn, views, orders)
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
    def event_log(self) -> dict[str, Any]:
        """The whole game so far: set-up draws, hidden types, every turn, and the ending."""
        log: dict[str, Any] = {
            "game_version": __version__,
            **setup_record(self.state, self.seed),
            "turns": self.turn_log,
        }
        if self.finished:
            log["result"] = self.result_summary()
        return log

    def result_summary(self) -> dict[str, Any]:
        """How the game ended, without the per-turn history (that is in the turns)."""
        return self.result().summary()


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
    return [TurnRecord.from_dict(turn).orders for turn in log["turns"]]
