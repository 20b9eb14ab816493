"""Play many AI-vs-AI games at once through the batch engine (simulate, tournaments, the lab).

Each game has its own seed and so its own world and AI streams; a game's result does not
depend on which batch it was played in. A built-in strategy (a :class:`~game.ai.protocol.Rule`)
decides for all the games where it plays a side in one call; others (students' bots, the
expert) are asked game by game through the same observations.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field

import numpy as np

from game.ai.protocol import DefaultMoves, GeneratorSubset, Rule, Strategy
from game.rules.engine import GameState, resolve_turn, start_games
from game.rules.model import (
    HOLD_ORDERS,
    FloatArray,
    IndexArray,
    Observation,
    ObservationBatch,
    Orders,
    OrdersBatch,
    Scenario,
    Side,
    all_set,
    order_problems,
)
from game.rules.noise import Noise, Stream, stream_generator

StrategyFactory = Callable[[], Strategy]
Progress = Callable[[float], None]


class GameStreams:
    """The AI stream of each game of a batch, created on first use (most strategies need none).

    A strategy's decision draws (:meth:`uniforms`) are drawn for all turns of a game at once,
    the first time that game asks: the ``turn``-th draw of its stream, as when it plays alone.
    """

    def __init__(self, seeds: Sequence[int], stream: Stream, turns: int) -> None:
        self._seeds = seeds
        self._stream = stream
        self._turns = turns
        self._made: dict[int, np.random.Generator] = {}
        self._block: FloatArray | None = None
        self._drawn = np.zeros(len(seeds), dtype=np.bool_)

    def __getitem__(self, game: int) -> np.random.Generator:
        if game not in self._made:
            self._made[game] = stream_generator(self._seeds[game], self._stream)
        return self._made[game]

    def __len__(self) -> int:
        return len(self._seeds)

    def uniforms(self, turn: int, games: IndexArray | None = None) -> FloatArray:
        """The decision draw of ``turn`` in every game, or in ``games``."""
        if self._block is None:
            self._block = np.empty((len(self._seeds), self._turns))
        index = np.arange(len(self._seeds)) if games is None else games
        drawn = self._drawn[index]
        if not all_set(drawn):
            for game in index[~drawn].tolist():
                self._block[game] = self[game].random(self._turns)
            self._drawn[index] = True
        result: FloatArray = self._block[index, turn]
        return result


KEPT_MESSAGES = 20
"""Messages kept per side: enough to show what went wrong without flooding the screen."""


@dataclass
class Fouls:
    """Turns on which a strategy's orders were refused and replaced by hold-and-no-signal."""

    count: int = 0
    games: list[int] = field(default_factory=list)
    """The game of each foul, in order."""
    records: list[tuple[int, int, str]] = field(default_factory=list)
    """The first few fouls as (game, 0-based turn, reason)."""

    def add(self, game: int, turn: int, message: str) -> None:
        """Record one refused decision (keeps the first few reasons)."""
        self.count += 1
        self.games.append(game)
        if len(self.records) < KEPT_MESSAGES:
            self.records.append((game, turn, message))

    def merge(self, other: Fouls, offset: int) -> None:
        """Add the fouls of a later chunk whose games start at ``offset``."""
        self.count += other.count
        self.games += [game + offset for game in other.games]
        room = max(KEPT_MESSAGES - len(self.records), 0)
        self.records += [(game + offset, turn, text) for game, turn, text in other.records[:room]]

    @property
    def messages(self) -> list[str]:
        """The kept fouls, readable: ``game 3, turn 7: reason``."""
        return [f"game {game}, turn {turn + 1}: {text}" for game, turn, text in self.records]


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


Decider = Rule | list[Strategy]
"""A group's batch rule, or its strategies asked game by game (one instance per game)."""


class SideRunner:
    """Drives one side's strategies across a batch of games (one strategy or one per game).

    Games that share a factory form a group: a batch rule decides for its whole group in
    one call, other strategies get one instance per game. Each group is handed a view of
    its games' observations (a slice where they lie side by side), and its orders are
    joined end to end and put back in the batch's order.
    """

    def __init__(
        self, lineup: Sequence[StrategyFactory], seeds: Sequence[int], side: Side, turns: int
    ):
        self.side = side
        self.rngs = GameStreams(seeds, Stream.ai(side), turns)
        self.fouls = Fouls()
        self.groups: list[tuple[IndexArray, IndexArray | slice, GeneratorSubset, Decider]] = []
        members: dict[int, list[int]] = {}
        factories: dict[int, StrategyFactory] = {}
        for game, factory in enumerate(lineup):
            members.setdefault(id(factory), []).append(game)
            factories[id(factory)] = factory
        for key, games in members.items():
            factory = factories[key]
            first = factory()
            index = np.array(games, dtype=np.intp)
            rngs = GeneratorSubset(self.rngs, index)
            decider = first if isinstance(first, Rule) else [first] + [factory() for _ in games[1:]]
            self.groups.append((index, _as_slice(index), rngs, decider))
        order = np.concatenate([index for index, _, _, _ in self.groups] or [np.arange(0)])
        self.order: IndexArray | None = None if np.all(order == np.arange(len(order))) else order
        """Game of each joined row, or None when the groups lie in batch order."""
        alone = self.groups[0][3] if len(self.groups) == 1 else None
        self.alone = alone if isinstance(alone, Rule) else None
        """The batch rule that decides for every game, if there is one."""

    def decide(self, observation: ObservationBatch) -> OrdersBatch:
        """Orders for every game of the batch (finished games get hold)."""
        if self.alone is not None:
            return self.alone.decide_batch(observation, self.rngs)
        parts = []
        for index, rows, rngs, decider in self.groups:
            view = observation.subset(rows)
            if not isinstance(decider, list):
                parts.append(decider.decide_batch(view, rngs))
                continue
            parts.append(
                OrdersBatch.from_orders(
                    [
                        checked_decision(one, view.game(g), rngs[g], self.fouls, int(index[g]))
                        if view.active[g]
                        else HOLD_ORDERS
                        for g, one in enumerate(decider)
                    ]
                )
            )
        joined = DefaultMoves.of_groups(observation, parts, self.order)
        return OrdersBatch.joined(parts, self.order) if joined is None else joined


def _as_slice(index: IndexArray) -> IndexArray | slice:
    """The games ``index`` (ascending), as a slice when they lie side by side (no copy)."""
    if len(index) and index[-1] - index[0] == len(index) - 1:
        return slice(int(index[0]), int(index[-1]) + 1)
    return index


@dataclass
class BatchRun:
    """A finished batch: the final state (with full history) and each side's fouls."""

    seeds: list[int]
    state: GameState
    fouls: tuple[Fouls, Fouls]


def run_games(
    scenario: Scenario,
    red: StrategyFactory | Sequence[StrategyFactory],
    blue: StrategyFactory | Sequence[StrategyFactory],
    seeds: Sequence[int],
    progress: Progress | None = None,
    noise: Noise | None = None,
) -> BatchRun:
    """Play one game per seed to the end, AI against AI.

    ``red`` and ``blue`` are one strategy factory for every game, or one per game (a
    tournament batches all its pairings this way; pass the same factory object for the
    games of one strategy). ``noise`` is the seeds' world draws (:meth:`Noise.draw`), if
    they were drawn already: a sweep plays the same games at every point.
    """
    seeds = list(seeds)
    lineups = [[side] * len(seeds) if callable(side) else list(side) for side in (red, blue)]
    if any(len(lineup) != len(seeds) for lineup in lineups):
        raise ValueError("give one strategy per game, or one for all games")
    if noise is None:
        noise = Noise.draw(seeds, scenario.turns, scenario.kinds)
    state = start_games(scenario, noise)
    runners = (
        SideRunner(lineups[0], seeds, Side.RED, scenario.turns),
        SideRunner(lineups[1], seeds, Side.BLUE, scenario.turns),
    )
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


CHUNK_CELLS = 2_000_000
"""Games × turns played per batch: bounds memory while keeping numpy's arrays large."""


def run_in_chunks(
    scenario: Scenario,
    red: StrategyFactory | Sequence[StrategyFactory],
    blue: StrategyFactory | Sequence[StrategyFactory],
    seeds: Sequence[int],
    progress: Progress | None = None,
    noise: Noise | None = None,
) -> Iterator[tuple[int, BatchRun]]:
    """Play many games in batches of bounded size; yields (first game index, batch).

    ``noise``, the world draws of all ``seeds`` if they were drawn already, is cut to
    each batch.
    """
    seeds = list(seeds)
    chunk = max(1, CHUNK_CELLS // scenario.turns)
    for start in range(0, len(seeds), chunk):
        stop = min(start + chunk, len(seeds))

        def report(fraction: float, start: int = start, stop: int = stop) -> None:
            if progress is not None:
                progress((start + fraction * (stop - start)) / len(seeds))

        lineups = [side if callable(side) else list(side)[start:stop] for side in (red, blue)]
        drawn = None
        if noise is not None:
            games = slice(start, stop)
            drawn = Noise(noise.uniform[:, games], noise.shared[:, games], noise.normal[:, games])
        yield start, run_games(scenario, lineups[0], lineups[1], seeds[start:stop], report, drawn)
