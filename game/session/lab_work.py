"""What the lab's window asks its worker process to play: a setting, a sweep, an example.

Each is a module-level function of plain arguments whose last is ``report(done, total)``
(:mod:`game.session.worker`), so that it can run in another process and say how many
games it has played, and returns plain data: a :class:`PointResult`, a
:class:`SweepResult`, a :class:`Replay`, or :class:`Refused` when the level does not
allow a setting. Nothing here draws.
"""

from __future__ import annotations

import functools
import itertools
import json
from collections.abc import Sequence
from dataclasses import dataclass

from game.ai.registry import factory_from_spec, strategy_from_spec
from game.levels import LevelError, LoadedLevel
from game.replay import Replay, parse_replay, replay_document
from game.rules.model import Outcome, Side
from game.session.lab import Axis, PointResult, SweepResult, run_point, setting, with_settings
from game.session.match import Match
from game.session.results import game_results
from game.session.runner import run_games
from game.session.worker import Report

SEED = 1
"""Every setting plays the same seeds, so a difference comes from the setting alone."""
EXAMPLE_POOL = 100
"""How many of the point's first games the example is picked from."""


@dataclass(frozen=True)
class Refused:
    """The level does not allow a setting of the sweep: its first problem, in words."""

    problem: str


@functools.lru_cache(maxsize=1024)
def setting_text(path: str, value: float) -> str:
    """:func:`setting`, remembered: far too slow for every frame and every sweep cell.

    It reads the level's JSON Schema, which takes tens of milliseconds to build.
    """
    return setting(path, value)


def play_point(level: LoadedLevel, red: str, blue: str, games: int, report: Report) -> PointResult:
    """``games`` games of one setting, reporting the games played as they go."""
    return run_point(level, red, blue, games, SEED, lambda share: report(share * games, games))


def play_sweep(
    level: LoadedLevel, red: str, blue: str, axes: Sequence[Axis], games: int, report: Report
) -> SweepResult | Refused:
    """Every setting of the grid in turn, with the same seeds, reporting games played.

    Each setting's level is built just before its games (a setting the level refuses
    stops the sweep there), so the progress moves from the first second on.
    """
    cells = list(itertools.product(*(axis.values for axis in axes)))
    total = len(cells) * games
    report(0, total)
    points: dict[tuple[float, ...], PointResult] = {}
    for index, key in enumerate(cells):
        settings = [setting_text(axis.path, value) for axis, value in zip(axes, key, strict=True)]
        done = index * games

        def cell(share: float, done: int = done) -> None:
            report(done + share * games, total)

        try:
            played = with_settings(level, settings)
        except LevelError as error:
            return Refused(str(error.problems[0]))
        points[key] = run_point(played, red, blue, games, SEED, cell)
    report(total, total)
    return SweepResult(list(axes), points)


def example_replay(
    level: LoadedLevel, red: str, blue: str, seeds: Sequence[int], report: Report
) -> Replay:
    """One game of this setting as a replay: the first that spiralled into war, if any.

    The first :data:`EXAMPLE_POOL` games of the point are played as a batch to find it;
    the chosen seed is then played alone through a :class:`Match`, as in the game.
    """
    pool = list(seeds[:EXAMPLE_POOL])
    report(0, 2)
    run = run_games(level.scenario, factory_from_spec(red), factory_from_spec(blue), pool)
    report(1, 2)
    spiralled = [
        result.seed
        for result in game_results(run.state, pool)
        if result.outcome is Outcome.SPIRAL_TO_WAR
    ]
    seed = spiralled[0] if spiralled else pool[0]
    match = Match(level.scenario, seed, strategy_from_spec(red), strategy_from_spec(blue))
    match.play_out()
    document = replay_document(level, {Side.RED: red, Side.BLUE: blue}, match.event_log())
    return parse_replay(json.dumps(document).encode("utf-8"), f"lab example (seed {seed})")
