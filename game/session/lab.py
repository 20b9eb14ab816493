"""The lab: many seeded games at once, to see what makes security seekers spiral.

One game tells one story; the lab shows the pattern. :func:`run_point` plays a batch of
games (1,000 by default) of one level with some parameters changed and summarises them:
how the games ended, mean arsenals over time with a band, mean real and felt security,
and the share of true security dilemmas. :func:`run_sweep` does that over a grid of one
or two parameters, for a heatmap or a line chart. Every point uses the same seeds
(common random numbers), so differences between points come from the parameters, not
from luck; results are identical for any number of processes.
"""

from __future__ import annotations

import functools
import itertools
import math
import os
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from game.ai.registry import factory_from_spec
from game.levels import LoadedLevel, level_schema, load_level_text
from game.rules.engine import GameState
from game.rules.model import BoolArray, FloatArray, IntArray, Outcome
from game.rules.noise import Noise, game_seeds
from game.rules.scoring import spirals
from game.rules.tang import tang_verdicts
from game.session.runner import CHUNK_CELLS, run_in_chunks

Progress = Callable[[float], None]
OUTCOMES = tuple(outcome for outcome in Outcome if outcome is not Outcome.ONGOING)
WARS = tuple(outcome for outcome in OUTCOMES if outcome.is_war)
METRICS = ("war_rate", "spiral_rate", "dilemma_share", "mean_welfare")
"""What a sweep can map: share of wars, of arms-race spirals, of true security dilemmas,
and the mean score of both sides."""


@dataclass(frozen=True)
class Knob:
    """A parameter the lab varies: its level path, words, range and step count."""

    path: str
    label: str
    why: str
    low: float
    high: float
    steps: int
    integer: bool = False

    @property
    def values(self) -> list[float]:
        """The values a slider offers, from ``low`` to ``high``."""
        return grid_values(self.low, self.high, self.steps, self.integer)


def grid_values(low: float, high: float, steps: int, integer: bool = False) -> list[float]:
    """``steps`` evenly spaced values from ``low`` to ``high`` (whole numbers if asked)."""
    if steps < 2:
        return [low]
    values = np.linspace(low, high, steps).tolist()
    if integer:
        values = sorted({round(value) for value in values})
    return [round(float(value), 10) for value in values]


def schema_field(path: str) -> dict[str, Any]:
    """The JSON-Schema entry of a dotted level path (KeyError if the level has no such field)."""
    schema = level_schema()
    definitions = schema["definitions"]
    node: dict[str, Any] = schema
    for part in path.split("."):
        node = node["properties"][part]
        while "$ref" in node:
            node = definitions[node["$ref"].rsplit("/", 1)[1]]
    return node


def schema_bounds(path: str) -> tuple[float | None, float | None]:
    """The smallest and largest value the level schema allows at a dotted path."""
    node = schema_field(path)
    low = node.get("minimum", node.get("exclusiveMinimum"))
    high = node.get("maximum", node.get("exclusiveMaximum"))
    return low, high


@functools.cache
def _field_type(path: str) -> str:
    """``"boolean"``, ``"integer"`` or ``"number"`` (paths the schema does not know: number).

    Remembered: building the level schema takes longer than a sweep point's games.
    """
    try:
        kind = schema_field(path).get("type", "number")
    except KeyError:
        return "number"  # the level check names the unknown field
    return kind if isinstance(kind, str) else "number"


def _knob(
    path: str, label: str, why: str, low: float, high: float, steps: int, integer: bool = False
) -> Knob:
    """A knob whose teaching range is kept inside what the schema allows."""
    allowed_low, allowed_high = schema_bounds(path)
    if allowed_low is not None:
        low = max(low, allowed_low)
    if allowed_high is not None:
        high = min(high, allowed_high)
    return Knob(path, label, why, low, high, steps, integer)


@functools.cache
def _knobs() -> tuple[Knob, ...]:
    """The lab's sliders, in order, made on first use: they read the level schema."""
    return (
        _knob(
            "intel.posture_misread",
            "Perception noise",
            "How often spies misread the other side's move.",
            0.0,
            0.5,
            11,
        ),
        _knob(
            "execution.error",
            "Execution noise",
            "How often orders are carried out differently.",
            0.0,
            0.5,
            11,
        ),
        _knob(
            "rules.offense_defense_balance",
            "Offense\u2013defense balance",
            "Above 1 attack is easier; below 1 defence is.",
            0.25,
            3.0,
            12,
        ),
        _knob(
            "rules.distinguishable",
            "Distinguishable weapons",
            "0: attack and defence look alike; 1: spies can tell them apart.",
            0.0,
            1.0,
            2,
            integer=True,
        ),
        _knob(
            "costs.inspection",
            "Price of a costly signal",
            "What inviting inspectors costs.",
            0.0,
            10.0,
            11,
        ),
        _knob("rules.turns", "Game length", "Turns per game.", 5.0, 60.0, 12, integer=True),
    )


if TYPE_CHECKING:
    KNOBS: tuple[Knob, ...]
    """The lab's sliders, in order."""


def __getattr__(name: str) -> Any:
    """``KNOBS``, made when first read, so that importing the lab builds no schema."""
    if name == "KNOBS":
        return _knobs()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def setting(path: str, value: float) -> str:
    """A ``--set`` override for ``path``, written as the field needs (true/false, whole)."""
    kind = _field_type(path)
    if kind == "boolean":
        return f"{path}={'true' if value >= 0.5 else 'false'}"
    if kind == "integer":
        return f"{path}={round(value)}"
    return f"{path}={value:g}"


def with_settings(level: LoadedLevel, settings: Sequence[str]) -> LoadedLevel:
    """The level with more ``--set`` overrides, checked like the file (LevelError if not)."""
    return load_level_text(level.text, level.origin, [*level.overrides, *settings])


@dataclass(frozen=True)
class PointResult:
    """What a batch of games at one setting shows."""

    games: int
    outcome_shares: dict[str, float]
    """Share of games per outcome key (``"spiral_to_war"``...)."""
    war_rate: float
    spiral_rate: float
    dilemma_share: float
    mean_welfare: float
    arsenal_mean: FloatArray
    """``[turn 0..T, side]``: mean total arsenal (games that ended keep their last value)."""
    arsenal_low: FloatArray
    """``[turn, side]``: 10th percentile, the lower edge of the band."""
    arsenal_high: FloatArray
    """``[turn, side]``: 90th percentile, the upper edge."""
    real_security: FloatArray
    """``[turn 1..T, side]``: mean real security."""
    felt_security: FloatArray
    """``[turn 1..T, side]``: mean felt security."""
    seeds: list[int]

    def metric(self, name: str) -> float:
        """One of :data:`METRICS`."""
        value: float = getattr(self, name)
        return value


def run_point(
    level: LoadedLevel,
    red: str,
    blue: str,
    games: int = 1000,
    seed: int = 1,
    progress: Progress | None = None,
    noise: Noise | None = None,
) -> PointResult:
    """Play ``games`` seeded games of ``level`` (AI against AI) and summarise them.

    ``noise`` is the games' world draws, if they were drawn already (see
    :func:`run_sweep`). The summary is read from the batch's arrays, game by game only for
    Tang's verdicts: a sweep summarises tens of thousands of games.
    """
    scenario = level.scenario
    seeds = game_seeds(seed, games)
    red_factory, blue_factory = factory_from_spec(red), factory_from_spec(blue)
    chunks = run_in_chunks(scenario, red_factory, blue_factory, seeds, progress, noise)
    played = _Played.joined([_Played.of(run.state) for _, run in chunks])
    outcome, totals = played.outcome, played.totals
    count = len(outcome)
    shares = {item.key: int(np.count_nonzero(outcome == item)) / count for item in OUTCOMES}
    return PointResult(
        games=count,
        outcome_shares=shares,
        war_rate=int(np.isin(outcome, WARS).sum()) / count,
        spiral_rate=float(played.spiral.mean()),
        dilemma_share=int(played.dilemma.sum()) / count,
        mean_welfare=float(np.mean(played.score.sum(axis=1) / 2)),
        arsenal_mean=totals.mean(axis=1),
        arsenal_low=np.percentile(totals, 10, axis=1),
        arsenal_high=np.percentile(totals, 90, axis=1),
        real_security=_mean_of_running(played.real),
        felt_security=_mean_of_running(played.felt),
        seeds=seeds,
    )


def _mean_of_running(values: FloatArray) -> FloatArray:
    """``[turn, side]``: the mean over the games still running at each turn (nan if none)."""
    running = ~np.isnan(values)
    counts = running.sum(axis=1)
    sums = np.where(running, values, 0.0).sum(axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        mean: FloatArray = sums / counts
    return mean


@dataclass(frozen=True)
class _Played:
    """What a point keeps of its games: curves ``[turn, game, side]``, then facts per game."""

    totals: FloatArray
    """``[turn 0..T, game, side]``: total arsenal, held at its last value after a game ends."""
    real: FloatArray
    felt: FloatArray
    spiral: IntArray
    outcome: IntArray
    dilemma: BoolArray
    """Tang's verdict: a true security dilemma."""
    score: FloatArray

    @classmethod
    def of(cls, state: GameState) -> _Played:
        """The finished games of one batch."""
        history = state.history
        start = np.broadcast_to(state.scenario.start_arsenal.sum(axis=1), (state.games, 2))
        played = history.arsenal.sum(axis=3)  # [turn, game, side], nan after the end
        totals = np.concatenate([start[None].astype(float), played], axis=0)
        for turn in range(1, totals.shape[0]):  # a finished game keeps its last arsenal
            ended = np.isnan(totals[turn])
            totals[turn][ended] = totals[turn - 1][ended]
        verdicts = tang_verdicts(state)
        return cls(
            totals=totals,
            real=history.real_security,
            felt=history.felt_security,
            spiral=spirals(history.threatening, state.outcome),
            outcome=state.outcome,
            dilemma=np.array([verdict.security_dilemma for verdict in verdicts], dtype=np.bool_),
            score=state.score,
        )

    @classmethod
    def joined(cls, parts: list[_Played]) -> _Played:
        """Batches of games, one after the other."""

        def join(name: str, axis: int = 0) -> Any:
            return np.concatenate([getattr(part, name) for part in parts], axis=axis)

        curves = {name: join(name, axis=1) for name in ("totals", "real", "felt")}
        return cls(
            **curves, **{name: join(name) for name in ("spiral", "outcome", "dilemma", "score")}
        )


@dataclass(frozen=True)
class Axis:
    """One varied parameter of a sweep: a level path and its values."""

    path: str
    values: list[float]

    @classmethod
    def parse(cls, text: str) -> Axis:
        """``DOTTED.PATH=START:STOP:STEPS`` as on the command line (ValueError if not)."""
        path, sep, spec = text.partition("=")
        parts = spec.split(":")
        if not sep or len(parts) != 3 or not path.strip():
            raise ValueError(f"--vary {text!r}: write DOTTED.PATH=START:STOP:STEPS")
        try:
            start, stop, steps = float(parts[0]), float(parts[1]), int(parts[2])
        except ValueError:
            raise ValueError(
                f"--vary {text!r}: START and STOP are numbers, STEPS a whole number"
            ) from None
        if not 1 <= steps <= 101 or not (math.isfinite(start) and math.isfinite(stop)):
            raise ValueError(f"--vary {text!r}: STEPS must be 1 to 101")
        path = path.strip()
        integer = _field_type(path) in ("integer", "boolean")
        return cls(path, grid_values(start, stop, steps, integer))


@dataclass(frozen=True)
class SweepResult:
    """A grid of points: the first axis across, the optional second axis down."""

    axes: list[Axis]
    points: dict[tuple[float, ...], PointResult]

    def grid(self, metric: str) -> FloatArray:
        """``[second axis, first axis]`` of a metric (one row for a one-axis sweep)."""
        first = self.axes[0].values
        second = self.axes[1].values if len(self.axes) > 1 else [None]
        return np.array(
            [
                [self.points[(x,) if y is None else (x, y)].metric(metric) for x in first]
                for y in second
            ]
        )

    def rows(self) -> list[dict[str, Any]]:
        """One row per point: the axis values and every metric (for CSV)."""
        rows = []
        for key, point in self.points.items():
            row: dict[str, Any] = {
                axis.path: value for axis, value in zip(self.axes, key, strict=True)
            }
            row.update({name: point.metric(name) for name in METRICS})
            row.update({f"share_{name}": share for name, share in point.outcome_shares.items()})
            rows.append(row)
        return rows


def sweep_levels(level: LoadedLevel, axes: Sequence[Axis]) -> dict[tuple[float, ...], LoadedLevel]:
    """The level at every grid point, all checked before any game is played (LevelError)."""
    levels = {}
    for key in itertools.product(*(axis.values for axis in axes)):
        settings = [setting(axis.path, value) for axis, value in zip(axes, key, strict=True)]
        levels[key] = with_settings(level, settings)
    return levels


@functools.lru_cache(maxsize=2)
def _world_draws(seed: int, games: int, turns: int, kinds: int) -> Noise:
    """The world draws of a sweep's games, kept for its next share in this process.

    A worker plays several shares of the same sweep one after another; drawing the same
    games' chance events again for each share cost a sweep on two processes a sixth of
    its time. Two entries: a sweep whose points differ in length alternates between them.
    """
    noise = Noise.draw(game_seeds(seed, games), turns, kinds)
    for draws in (noise.uniform, noise.shared, noise.normal):
        draws.flags.writeable = False  # shared by every point that reads it
    return noise


def _play_points(
    levels: Sequence[LoadedLevel],
    red: str,
    blue: str,
    games: int,
    seed: int,
    done: Callable[[PointResult], None] | None = None,
) -> list[PointResult]:
    """:func:`run_point` at each level, with the same seeds; ``done`` hears of each point.

    The same seeds make the same world draws at every point of the same length, so they
    are drawn once (unless they are more than one batch of the runner, to bound memory).
    """
    points = []
    for level in levels:
        scenario = level.scenario
        noise = None
        if games * scenario.turns <= CHUNK_CELLS:
            noise = _world_draws(seed, games, scenario.turns, scenario.kinds)
        points.append(run_point(level, red, blue, games, seed, noise=noise))
        if done is not None:
            done(points[-1])
    return points


SHARES_PER_PROCESS = 4
"""A sweep on several processes is cut into this many shares per process: few enough that
each share draws the world once for many points, enough to report progress and to keep
every process busy to the end."""


def run_sweep(
    level: LoadedLevel,
    red: str,
    blue: str,
    axes: Sequence[Axis],
    games: int = 1000,
    seed: int = 1,
    processes: int = 1,
    progress: Progress | None = None,
) -> SweepResult:
    """Every grid point with the same seeds; identical results for any ``processes``."""
    if not 1 <= len(axes) <= 2:
        raise ValueError("vary one or two parameters")
    levels = sweep_levels(level, axes)
    grid = list(levels.values())
    processes = max(1, min(processes, os.cpu_count() or 1, len(grid)))
    results: list[PointResult] = []

    def done(point: PointResult) -> None:
        results.append(point)
        if progress is not None:
            progress(len(results) / len(grid))

    if processes == 1:
        _play_points(grid, red, blue, games, seed, done)
    else:
        size = math.ceil(len(grid) / (processes * SHARES_PER_PROCESS))
        with ProcessPoolExecutor(max_workers=processes) as pool:
            shares = [
                pool.submit(_play_points, grid[start : start + size], red, blue, games, seed)
                for start in range(0, len(grid), size)
            ]
            for share in shares:
                for point in share.result():
                    done(point)
    return SweepResult(list(axes), dict(zip(levels, results, strict=True)))
