"""Replay speed: loading and verifying a 200-turn replay, analysing it, and exporting it.

Run: ``python bench/replay.py`` (after ``pip install .``; ``--before DIR`` adds a column
for another checkout). Prints CPU milliseconds, the best of ``--runs``, against the target
of the single-game issue (load plus verify of a 200-turn replay under 50 ms):

* reading and verifying the file (plain JSON and gzip), which re-plays all 200 turns;
* of that, re-playing the game: the engine's turns and both sides' views of each turn;
* of that, the loader's own work, measured with the re-play's result given: parsing,
  checking, comparing every recorded value, and making the typed records;
* of that, the engine's part: the 200 turns resolved alone, as a batch of one;
* the spiral analysis (episodes, verdict, both sides' beliefs turn by turn);
* a full export (CSV, Markdown story, four PNG charts).
"""

from __future__ import annotations

import os

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")
for variable in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(variable, "1")

import argparse  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
from collections.abc import Callable  # noqa: E402
from functools import partial  # noqa: E402
from pathlib import Path  # noqa: E402
from unittest import mock  # noqa: E402

from sides import Figure, add_options, report  # noqa: E402

from game.ai.registry import make_strategy  # noqa: E402
from game.cli import export_replay  # noqa: E402
from game.levels import load_builtin  # noqa: E402
from game.replay import (  # noqa: E402
    Replay,
    read_replay,
    replay_document,
    resimulate,
    write_replay,
)
from game.replay import format as replay_format  # noqa: E402
from game.replay.analysis import analyse  # noqa: E402
from game.rules.engine import resolve_turn, start_games  # noqa: E402
from game.rules.model import OrdersBatch, Side  # noqa: E402
from game.rules.noise import Noise  # noqa: E402
from game.session.match import Match  # noqa: E402

VERIFY_TARGET_MS = 50.0
"""The loader's share of the verify target: the rest is the re-play's."""
FIGURES = (
    Figure("load + verify game.json", "ms", VERIFY_TARGET_MS),
    Figure("load + verify game.json.gz", "ms", VERIFY_TARGET_MS),
    Figure("of which re-playing (engine, views)", "ms"),
    Figure("of which the loader's own (game.json)", "ms"),
    Figure("of which the engine's 200 turns", "ms"),
    Figure("analysis", "ms"),
    Figure("export (CSV, story, 4 PNG)", "ms"),
)


def best_ms(action: Callable[[], object], runs: int) -> float:
    """The least CPU time of ``action`` in milliseconds, after one warm-up run."""
    action()
    times = []
    for _ in range(runs):
        start = time.process_time()
        action()
        times.append((time.process_time() - start) * 1000)
    return min(times)


def engine_alone(replay: Replay) -> None:
    """Resolve the replay's turns through the engine alone: no views, records or checks."""
    scenario = replay.level.scenario
    state = start_games(scenario, Noise.draw([replay.seed], scenario.turns, scenario.kinds))
    for red, blue in replay.orders:
        resolve_turn(state, OrdersBatch.from_orders([red]), OrdersBatch.from_orders([blue]))


def loader_ms(path: Path, replay: Replay, runs: int) -> float:
    """Reading ``path`` with the re-play's result handed over: the loader's own work alone.

    Measured directly rather than as a difference of two noisy figures.
    """
    replayed = resimulate(replay.level, replay.seed, replay.orders)
    with mock.patch.object(replay_format, "resimulate", lambda *_: replayed):
        return best_ms(partial(read_replay, path), runs)


def measure(runs: int) -> dict[str, float]:
    """Play one 200-turn game, save it both ways, and time reading, analysis and export."""
    level = load_builtin("fog-of-war", ["rules.turns=200"])
    match = Match(level.scenario, 11, make_strategy("tit-for-tat"), make_strategy("bayesian"))
    match.play_out()
    assert match.turn == 200, "the bench needs a game that lasts all 200 turns"
    controllers = {Side.RED: "tit-for-tat", Side.BLUE: "bayesian"}
    document = replay_document(level, controllers, match.event_log())
    figures = {}
    with tempfile.TemporaryDirectory() as folder:
        for name in ("game.json", "game.json.gz"):
            path = Path(folder) / name
            write_replay(path, document)
            figures[f"load + verify {name}"] = best_ms(partial(read_replay, path), runs)
        replay = read_replay(path)
        figures["of which re-playing (engine, views)"] = best_ms(
            lambda: resimulate(replay.level, replay.seed, replay.orders), runs
        )
        plain = Path(folder) / "game.json"
        figures["of which the loader's own (game.json)"] = loader_ms(plain, replay, runs)
        figures["of which the engine's 200 turns"] = best_ms(lambda: engine_alone(replay), runs)
        figures["analysis"] = best_ms(lambda: analyse(replay), runs)
        out = Path(folder) / "export"
        figures["export (CSV, story, 4 PNG)"] = best_ms(
            lambda: export_replay(replay, out), max(1, runs // 2)
        )
    return figures


def main() -> None:
    """Measure and print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10)
    add_options(parser)
    args = parser.parse_args()
    title = f"A 200-turn replay (fog-of-war), CPU time, best of {args.runs} runs"
    report(FIGURES, lambda: measure(args.runs), args, __file__, ["--runs", str(args.runs)], title)


if __name__ == "__main__":
    main()
