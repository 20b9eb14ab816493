"""What the AI catalog shows, measured: peace under noise, exploitation, ranking, speed.

Run: ``python bench/ai.py`` (after ``pip install .``); ``--quick`` for a smaller run.
Prints the figures the AI issue asks for:

1. Under perception noise (fog-of-war, deterrence), bayesian vs bayesian against
   tit-for-tat vs tit-for-tat, and bayesian against an expansionist, over 1,000 seeded
   games: peace rate (no war), stable peace, spiral rate, mean scores, and how many turns
   the bayesian kept disarming while being armed against before it answered.
2. A tournament of the whole catalog on every built-in full-rules level: mean rank and
   score per turn (target: expert first).
3. Decision time per strategy (targets: median under 2 ms for all but expert; expert at
   its hardest under 250 ms).
4. Tournament speed: the classic prisoner's dilemma, 8 classic strategies, 10 repetitions,
   200 turns, execution noise 0.05, one process (target: well under 1 s).
"""

from __future__ import annotations

import os

for variable in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(variable, "1")

import argparse  # noqa: E402
import statistics  # noqa: E402
import time  # noqa: E402

import numpy as np  # noqa: E402

from game.ai.registry import CATALOG, make_strategy  # noqa: E402
from game.levels import builtin_ids, load_builtin  # noqa: E402
from game.rules.model import Outcome, Posture  # noqa: E402
from game.rules.noise import game_seeds  # noqa: E402
from game.rules.scoring import spirals  # noqa: E402
from game.session.match import Match  # noqa: E402
from game.session.results import game_results  # noqa: E402
from game.session.runner import run_games  # noqa: E402
from game.session.tournament import default_builder, run_tournament  # noqa: E402

CLASSIC_EIGHT = [
    "always-disarm",
    "always-arm",
    "tit-for-tat",
    "suspicious-tit-for-tat",
    "tit-for-two-tats",
    "generous-tit-for-tat",
    "grim",
    "pavlov",
]


def pair_figures(level_id: str, red: str, blue: str, games: int) -> dict[str, float]:
    """Peace, spirals, scores and exploitation of one pairing over seeded games."""
    scenario = load_builtin(level_id).scenario
    seeds = game_seeds(2026, games)
    run = run_games(scenario, lambda: make_strategy(red), lambda: make_strategy(blue), seeds)
    results = game_results(run.state, seeds)
    executed = run.state.history.executed
    # turns Red kept disarming while Blue armed, before Red first armed
    exploited = []
    for game in range(games):
        count = 0
        for turn in range(int(run.state.end_turn[game])):
            mine, theirs = executed[turn, game]
            if mine == Posture.ARM:
                break
            count += int(mine == Posture.DISARM and theirs == Posture.ARM)
        exploited.append(count)
    return {
        "peace": float(np.mean([not r.outcome.is_war for r in results])),
        "stable": float(np.mean([r.outcome is Outcome.STABLE_PEACE for r in results])),
        "spiral": float(np.mean(spirals(run.state.history.threatening, run.state.outcome))),
        "red": float(np.mean([r.score[0] for r in results])),
        "blue": float(np.mean([r.score[1] for r in results])),
        "exploited": float(np.mean(exploited)),
    }


def section_peace(games: int) -> None:
    print(f"1. Peace under perception noise ({games} seeded games per row)\n")
    header = (
        f"{'level':<12}{'red vs blue':<30}{'peace':>7}{'stable':>8}{'spiral':>8}"
        f"{'score R':>9}{'score B':>9}{'exploited':>11}"
    )
    print(header)
    print("-" * len(header))
    pairs = [
        ("tit-for-tat", "tit-for-tat"),
        ("bayesian", "bayesian"),
        ("bayesian", "expansionist"),
        ("tit-for-tat", "expansionist"),
    ]
    for level_id in ("fog-of-war", "deterrence"):
        for red, blue in pairs:
            f = pair_figures(level_id, red, blue, games)
            print(
                f"{level_id:<12}{red + ' vs ' + blue:<30}{f['peace']:>7.1%}{f['stable']:>8.1%}"
                f"{f['spiral']:>8.1%}{f['red']:>9.2f}{f['blue']:>9.2f}{f['exploited']:>9.2f} t"
            )
    print("\nexploited: mean turns Red disarmed while Blue armed, before Red first armed.\n")


def full_levels() -> list[str]:
    return [i for i in builtin_ids() if load_builtin(i).model.rules.mode == "full"]


def section_ranking(repetitions: int, processes: int) -> None:
    entrants = list(CATALOG)
    levels = full_levels()
    print(
        f"2. The whole catalog ({len(entrants)} strategies) on {len(levels)} full-rules levels,"
        f" {repetitions} repetitions per pairing\n"
    )
    ranks: dict[str, list[int]] = {name: [] for name in entrants}
    scores: dict[str, list[float]] = {name: [] for name in entrants}
    start = time.perf_counter()
    for level_id in levels:
        result = run_tournament(
            load_builtin(level_id).scenario, entrants, default_builder, repetitions, 7, processes
        )
        for row in result.standings():
            ranks[row.strategy].append(row.rank)
            scores[row.strategy].append(row.score_per_turn)
    order = sorted(entrants, key=lambda name: statistics.mean(ranks[name]))
    print(f"{'strategy':<24}{'mean rank':>10}{'score/turn':>12}  ranks by level")
    for name in order:
        print(
            f"{name:<24}{statistics.mean(ranks[name]):>10.2f}"
            f"{statistics.mean(scores[name]):>12.3f}  {ranks[name]}"
        )
    print(f"\nlevels: {', '.join(levels)}  ({time.perf_counter() - start:.0f} s)\n")


class Timed:
    """Wraps a strategy and records how long each decision takes (in ms)."""

    def __init__(self, inner: object) -> None:
        self.inner = inner
        self.times: list[float] = []

    def decide(self, observation: object, rng: np.random.Generator) -> object:
        start = time.perf_counter()
        orders = self.inner.decide(observation, rng)  # type: ignore[attr-defined]
        self.times.append((time.perf_counter() - start) * 1000)
        return orders


def decision_times(name: str, level_id: str, games: int) -> list[float]:
    scenario = load_builtin(level_id).scenario
    times: list[float] = []
    for seed in range(games):
        timed = Timed(make_strategy(name))
        Match(scenario, seed, timed, make_strategy("tit-for-tat")).play_out()  # type: ignore[arg-type]
        times += timed.times
    return times


def section_speed(games: int) -> None:
    print("3. Decision time per strategy (one game at a time, fog-of-war, ms)\n")
    print(f"{'strategy':<24}{'median':>9}{'p99':>9}{'max':>9}")
    for name in CATALOG:
        times = sorted(decision_times(name, "fog-of-war", games))
        p99 = times[int(0.99 * (len(times) - 1))]
        print(f"{name:<24}{statistics.median(times):>9.3f}{p99:>9.3f}{times[-1]:>9.3f}")
    print("(expert at its default, hardest difficulty 5)\n")


def section_tournament_speed() -> None:
    scenario = load_builtin("prisoners-dilemma", ["execution.error=0.05"]).scenario
    best = float("inf")
    for _ in range(3):
        start = time.perf_counter()
        run_tournament(scenario, CLASSIC_EIGHT, default_builder, 10, 1, processes=1)
        best = min(best, time.perf_counter() - start)
    games = len(CLASSIC_EIGHT) ** 2 * 10
    print("4. Tournament speed: prisoner's dilemma, 8 classic strategies, 10 repetitions,")
    print(f"   200 turns, execution noise 0.05, 1 process: {games} games in {best:.3f} s")
    print(f"   ({games * 200 / best:,.0f} game-turns/s; target well under 1 s)\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer games, for a smoke run")
    parser.add_argument("--processes", type=int, default=os.cpu_count() or 1)
    args = parser.parse_args()
    section_peace(200 if args.quick else 1000)
    section_ranking(1 if args.quick else 3, args.processes)
    section_speed(2 if args.quick else 5)
    section_tournament_speed()


if __name__ == "__main__":
    main()
