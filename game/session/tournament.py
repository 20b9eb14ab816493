"""Round-robin tournaments: every strategy against every other and itself, on both sides.

All pairings and repetitions are played as one batch through the engine (split into
chunks, and across processes if asked), each strategy deciding at once for every game where
it plays a side. A game's seed comes from the root seed, its pairing (the two strategies'
specs, red then blue) and its repetition, so adding, removing or reordering entrants leaves
every other pairing's games as they were, and the results are the same for any number of
processes.
"""

from __future__ import annotations

import hashlib
import itertools
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from game.ai.bot_spec import is_bot
from game.ai.registry import CATALOG, factory_from_spec, lookup, parse_spec, spec_text
from game.rules.model import FloatArray, IndexArray, IntArray, Outcome, Posture, Scenario
from game.rules.scoring import spirals
from game.session.runner import StrategyFactory, run_in_chunks

Progress = Callable[[float], None]
Counts = npt.NDArray[np.int64]
Builder = Callable[[str], StrategyFactory]
"""Turns a strategy spec (``name:key=value``) into a factory of fresh instances."""


def pairing_seeds(root_seed: int, keys: tuple[int, int], repetitions: int) -> list[int]:
    """The seeds of one pairing's repetitions: from the root seed and the two specs' keys."""
    sequence = np.random.SeedSequence(root_seed, spawn_key=keys)
    return [int(word >> np.uint64(1)) for word in sequence.generate_state(repetitions, np.uint64)]


def _spec_key(spec: str) -> int:
    """A 64-bit number naming a strategy, however its spec is written.

    Parameters are put in order, with their defaults filled in and whole numbers written as
    decimals, so ``random``, ``random:p=0.5`` and ``random:p=.5`` name the same games.
    """
    if not is_bot(spec):
        name, given = parse_spec(spec)
        every = {**lookup(name).parameters(), **given}
        spec = spec_text(name, {key: _plain(every[key]) for key in sorted(every)})
    return int.from_bytes(hashlib.blake2b(spec.encode(), digest_size=8).digest(), "big")


def _plain(value: Any) -> Any:
    return float(value) if isinstance(value, int) and not isinstance(value, bool) else value


def slow_entrants(entrants: Sequence[str]) -> list[str]:
    """The entrants that think so long per move that the tournament will take minutes."""
    names = [spec.partition(":")[0] for spec in entrants if not is_bot(spec)]
    return [name for name in names if name in CATALOG and CATALOG[name].long_running]


def split_entrants(text: str) -> list[str]:
    """Split ``a,b:k=1,j=2,c`` into specs; ``key=value`` items belong to the spec before."""
    specs: list[str] = []
    for item in (part.strip() for part in text.split(",")):
        if not item:
            continue
        if "=" in item and ":" not in item and specs:
            specs[-1] += "," + item
        else:
            specs.append(item)
    return specs


@dataclass(frozen=True)
class Games:
    """Per-game results of a tournament, as arrays over games."""

    red: IndexArray
    blue: IndexArray
    seeds: list[int]
    turns: Counts
    outcome: IntArray
    score: FloatArray
    disarms: Counts
    spiral: IntArray
    fouls: Counts

    @staticmethod
    def concat(parts: Sequence[Games]) -> Games:
        """Join chunks in order."""

        def join(name: str) -> Any:
            return np.concatenate([getattr(part, name) for part in parts])

        return Games(
            red=join("red"),
            blue=join("blue"),
            seeds=[seed for part in parts for seed in part.seeds],
            turns=join("turns"),
            outcome=join("outcome"),
            score=join("score"),
            disarms=join("disarms"),
            spiral=join("spiral"),
            fouls=join("fouls"),
        )


@dataclass(frozen=True)
class Standing:
    """One strategy's line in the ranked table."""

    rank: int
    strategy: str
    games: int
    score_per_turn: float
    disarm_rate: float
    war_rate: float
    spiral_rate: float
    fouls: int


@dataclass(frozen=True)
class TournamentResult:
    """Everything a tournament produced."""

    entrants: list[str]
    repetitions: int
    games: Games

    def standings(self) -> list[Standing]:
        """Strategies ranked by mean score per turn, over all their games on either side."""
        g = self.games
        war = np.isin(g.outcome, [o for o in Outcome if o.is_war])
        rows = []
        for index, name in enumerate(self.entrants):
            per_turn, disarm, wars, spiral, played, fouls = [], 0, 0, 0, 0, 0
            turns_total = 0
            for side, seat in ((0, g.red), (1, g.blue)):
                mine = seat == index
                per_turn.extend((g.score[mine, side] / g.turns[mine]).tolist())
                disarm += int(g.disarms[mine, side].sum())
                turns_total += int(g.turns[mine].sum())
                wars += int(war[mine].sum())
                spiral += int(g.spiral[mine].sum())
                played += int(mine.sum())
                fouls += int(g.fouls[mine, side].sum())
            rows.append(
                (
                    name,
                    played,
                    float(np.mean(per_turn)),
                    disarm / max(turns_total, 1),
                    wars / max(played, 1),
                    spiral / max(played, 1),
                    fouls,
                )
            )
        rows.sort(key=lambda row: -row[2])
        return [Standing(rank, *row) for rank, row in enumerate(rows, start=1)]

    def pairings(self) -> list[dict[str, Any]]:
        """Mean results of each (red, blue) pairing."""
        g = self.games
        war = np.isin(g.outcome, [o for o in Outcome if o.is_war])
        result = []
        for red, red_name in enumerate(self.entrants):
            for blue, blue_name in enumerate(self.entrants):
                mine = (g.red == red) & (g.blue == blue)
                turns = g.turns[mine]
                result.append(
                    {
                        "red": red_name,
                        "blue": blue_name,
                        "games": int(mine.sum()),
                        "red_score_per_turn": float(np.mean(g.score[mine, 0] / turns)),
                        "blue_score_per_turn": float(np.mean(g.score[mine, 1] / turns)),
                        "red_disarm_rate": float(g.disarms[mine, 0].sum() / turns.sum()),
                        "blue_disarm_rate": float(g.disarms[mine, 1].sum() / turns.sum()),
                        "war_rate": float(war[mine].mean()),
                        "spiral_rate": float(g.spiral[mine].mean()),
                    }
                )
        return result


def _play(
    scenario: Scenario,
    entrants: Sequence[str],
    builder: Builder,
    red: IndexArray,
    blue: IndexArray,
    seeds: list[int],
    progress: Progress | None = None,
) -> Games:
    """Play some of the tournament's games (in this process or a worker)."""
    factories = [builder(spec) for spec in entrants]
    parts = []
    for start, run in run_in_chunks(
        scenario,
        [factories[i] for i in red],
        [factories[i] for i in blue],
        seeds,
        progress,
    ):
        state = run.state
        size = state.games
        executed = state.history.executed
        fouls = np.zeros((size, 2), dtype=np.int64)
        for side, side_fouls in enumerate(run.fouls):
            for game in side_fouls.games:
                fouls[game, side] += 1
        parts.append(
            Games(
                red=red[start : start + size],
                blue=blue[start : start + size],
                seeds=seeds[start : start + size],
                turns=state.end_turn.astype(np.int64),
                outcome=state.outcome.copy(),
                score=state.score.copy(),
                disarms=(executed == Posture.DISARM).sum(axis=0).astype(np.int64),
                spiral=spirals(state.history.threatening, state.outcome),
                fouls=fouls,
            )
        )
    return Games.concat(parts)


def run_tournament(
    scenario: Scenario,
    entrants: Sequence[str],
    builder: Builder,
    repetitions: int,
    seed: int,
    processes: int = 1,
    progress: Progress | None = None,
) -> TournamentResult:
    """Play every ordered pairing (self-play included) ``repetitions`` times."""
    count = len(entrants)
    pairs = [(r, b) for r in range(count) for b in range(count)]
    red = np.repeat(np.array([r for r, _ in pairs], dtype=np.intp), repetitions)
    blue = np.repeat(np.array([b for _, b in pairs], dtype=np.intp), repetitions)
    keys = [_spec_key(spec) for spec in entrants]
    seeds = [
        game for r, b in pairs for game in pairing_seeds(seed, (keys[r], keys[b]), repetitions)
    ]
    processes = max(1, min(processes, os.cpu_count() or 1, len(seeds)))
    if processes == 1:
        games = _play(scenario, entrants, builder, red, blue, seeds, progress)
    else:
        from concurrent.futures import ProcessPoolExecutor  # only workers need it

        bounds = np.linspace(0, len(seeds), processes * 4 + 1).astype(int)
        chunks = [(a, b) for a, b in itertools.pairwise(bounds.tolist()) if b > a]
        done = 0
        parts: list[Games] = []
        with ProcessPoolExecutor(max_workers=processes) as pool:
            futures = [
                pool.submit(
                    _play, scenario, list(entrants), builder, red[a:b], blue[a:b], seeds[a:b]
                )
                for a, b in chunks
            ]
            for (a, b), future in zip(chunks, futures, strict=True):
                parts.append(future.result())
                done += b - a
                if progress is not None:
                    progress(done / len(seeds))
        games = Games.concat(parts)
    return TournamentResult(entrants=list(entrants), repetitions=repetitions, games=games)


def default_builder(spec: str) -> StrategyFactory:
    """Build catalog strategies and bots from their specs (workers re-create them)."""
    return factory_from_spec(spec)
