"""Engine speed: one interactive turn at a time, and a batch of 10,000 games.

Run: ``python bench/engine.py`` (after ``pip install .``). Prints, for a full-rules level
and for the classic prisoner's dilemma, the time of one interactive turn (resolution plus
two baseline strategies, as the game window plays it) and the game-turns per second of a
batch of 10,000 games, against the targets of the foundation issue:

* one interactive turn under 1 ms;
* 10,000 games × 50 turns of full rules within 1 s on one core.
"""

from __future__ import annotations

import os

# One core: keep any BLAS thread pool out of the measurement.
for variable in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(variable, "1")

import argparse  # noqa: E402
import statistics  # noqa: E402
import time  # noqa: E402

from game.ai.registry import make_strategy  # noqa: E402
from game.levels import load_level  # noqa: E402
from game.rules.noise import game_seeds  # noqa: E402
from game.session.match import Match  # noqa: E402
from game.session.runner import run_games  # noqa: E402

INTERACTIVE_TARGET_MS = 1.0
BATCH_TARGET_S = 1.0
RED, BLUE = "tit-for-tat", "always-arm"


def interactive(level_id: str, turns: int, games: int) -> list[float]:
    """Milliseconds per turn of single games played through a Match, as the window does."""
    scenario = load_level(level_id, [f"rules.turns={turns}"]).scenario
    times = []
    for seed in range(games):
        match = Match(scenario, seed, make_strategy(RED), make_strategy(BLUE))
        while not match.finished:
            start = time.perf_counter()
            match.resolve()
            times.append((time.perf_counter() - start) * 1000)
    return times


def batch(level_id: str, turns: int, games: int, repeats: int) -> float:
    """Best wall time (s) of playing ``games`` games of ``turns`` turns in one batch."""
    scenario = load_level(level_id, [f"rules.turns={turns}"]).scenario
    seeds = game_seeds(2026, games)
    best = float("inf")
    for _ in range(repeats):
        start = time.perf_counter()
        run_games(scenario, lambda: make_strategy(RED), lambda: make_strategy(BLUE), seeds)
        best = min(best, time.perf_counter() - start)
    return best


def main() -> None:
    """Measure and print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--full", default="fog-of-war", help="full-rules level id")
    parser.add_argument("--matrix", default="prisoners-dilemma", help="matrix level id")
    parser.add_argument("--games", type=int, default=10_000)
    parser.add_argument("--turns", type=int, default=50)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()

    print(f"Strategies: {RED} vs {BLUE}; {args.turns} turns per game; one core.\n")
    header = (
        f"{'level':<20}{'turn median':>13}{'turn p99':>11}{'turns/s':>10}"
        f"{'batch':>9}{'game-turns/s':>15}"
    )
    print(header)
    print("-" * len(header))
    verdicts = []
    for label, level_id in (("full", args.full), ("matrix", args.matrix)):
        times = sorted(interactive(level_id, args.turns, games=20))
        median = statistics.median(times)
        p99 = times[int(0.99 * (len(times) - 1))]
        seconds = batch(level_id, args.turns, args.games, args.repeats)
        rate = args.games * args.turns / seconds
        print(
            f"{level_id:<20}{median:>10.3f} ms{p99:>8.3f} ms{1000 / median:>10.0f}"
            f"{seconds:>8.3f}s{rate:>15,.0f}"
        )
        verdicts.append(
            f"{label}: interactive turn {median:.3f} ms (target < {INTERACTIVE_TARGET_MS} ms): "
            f"{'met' if median < INTERACTIVE_TARGET_MS else 'MISSED'}"
        )
        if label == "full":
            verdicts.append(
                f"full: {args.games:,} games x {args.turns} turns in {seconds:.3f} s "
                f"(target <= {BATCH_TARGET_S} s): "
                f"{'met' if seconds <= BATCH_TARGET_S else 'MISSED'}"
            )
    print()
    print("\n".join(verdicts))


if __name__ == "__main__":
    main()
