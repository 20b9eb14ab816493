"""Play many AI-vs-AI games at once through the batch engine (simulate, tournaments, the lab).

Each game has its own seed and so its own world and AI streams; a game's result does not
depend on which batch it was played in. Strategies with ``decide_batch`` decide for all
games in one call; others are asked game by game through the same observations.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import numpy as np

from game.ai.protocol import BatchStrategy, Strategy
from game.rules.engine import GameState, resolve_turn, start_games
from game.rules.model import (
    HOLD_ORDERS,
    Observation,
    ObservationBatch,
    Orders,
    OrdersBatch,
    Scenario,
    Side,
    order_problems,
)
from game.rules.noise import Noise, Stream, stream_generator

StrategyFactory = Callable[[], Strategy]
Progress = Callable[[float], None]


class LazyGenerators:
    """The AI stream of each game of a batch, created on first use (most strategies need none)."""

    def __init__(self, seeds: Sequence[int], stream: Stream) -> None:
        self._seeds = seeds
        self._stream = stream
        self._made: dict[int, np.random.Generator] = {}

    def __getitem__(self, game: int) -> np.random.Generator:
        if game not in self._made:
            self._made[game] = stream_generator(self._seeds[game], self._stream)
        return self._made[game]

    def __len__(self) -> int:
        return len(self._seeds)


@dataclass
class Fouls:
    """Turns on which a strategy's orders were refused and replaced by hold-and-no-signal."""

    count: int = 0
    messages: list[str] = field(default_factory=list)

    def add(self, game: int, turn: int, message: str) -> None:
        """Record one refused decision (keeps the first few messages)."""
        self.count += 1
        if len(self.messages) < 20:
            self.messages.append(f"game {game}, turn {turn + 1}: {message}")


def checked_decision(
    strategy: Strategy,
    observation: Observation,
    rng: np.random.Generator,
    fouls: Fouls,
    game: int = 0,
) -> Orders:
    """Ask one strategy for one game's orders; refuse invalid ones rather than crash."""
    try:
        orders = strategy.decide(observation, rng)
    except Exception as error:  # a strategy's bug must not end the game for both players
        fouls.add(game, observation.turn, f"raised {type(error).__name__}: {error}")
        return HOLD_ORDERS
    problems = order_problems(orders, observation.scenario)
    if problems:
        fouls.add(game, observation.turn, "; ".join(problems))
        return HOLD_ORDERS
    return orders


class SideRunner:
    """Drives one side's strategy across a batch of games."""

    def __init__(self, factory: StrategyFactory, seeds: Sequence[int], side: Side) -> None:
        self.side = side
        self.rngs = LazyGenerators(seeds, Stream.ai(side))
        self.fouls = Fouls()
        first = factory()
        self.batch: BatchStrategy | None = first if isinstance(first, BatchStrategy) else None
        self.each: list[Strategy] = []
        if self.batch is None:
            self.each = [first] + [factory() for _ in range(len(seeds) - 1)]

    def decide(self, observation: ObservationBatch) -> OrdersBatch:
        """Orders for every game of the batch (finished games get hold)."""
        if self.batch is not None:
            return self.batch.decide_batch(observation, self.rngs)
        orders = [
            checked_decision(strategy, observation.game(game), self.rngs[game], self.fouls, game)
            if observation.active[game]
            else HOLD_ORDERS
            for game, strategy in enumerate(self.each)
        ]
        return OrdersBatch.from_orders(orders)


@dataclass
class BatchRun:
    """A finished batch: the final state (with full history) and each side's fouls."""

    seeds: list[int]
    state: GameState
    fouls: tuple[Fouls, Fouls]


def run_games(
    scenario: Scenario,
    red: StrategyFactory,
    blue: StrategyFactory,
    seeds: Sequence[int],
    progress: Progress | None = None,
) -> BatchRun:
    """Play one game per seed to the end, AI against AI."""
    seeds = list(seeds)
    state = start_games(scenario, Noise.draw(seeds, scenario.turns, scenario.kinds))
    runners = (SideRunner(red, seeds, Side.RED), SideRunner(blue, seeds, Side.BLUE))
    for turn in range(scenario.turns):
        if state.finished:
            break
        red_orders, blue_orders = (runner.decide(state.observe(runner.side)) for runner in runners)
        resolve_turn(state, red_orders, blue_orders)
        if progress is not None:
            progress((turn + 1) / scenario.turns)
    if progress is not None:
        progress(1.0)
    return BatchRun(seeds=seeds, state=state, fouls=(runners[0].fouls, runners[1].fouls))
