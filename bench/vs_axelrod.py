"""Our tournament beside the Axelrod library's, in one run: CPU seconds and cooperation.

Run: ``pip install ".[bench]"`` and then ``python bench/vs_axelrod.py`` (``--runs N`` for
the number of runs, best of which is shown). Both play the 8 classic strategies of
``bench/ai.py``, 10 repetitions of 200 turns, each move flipped with probability 0.05:

* ours: the command ``security-dilemma tournament --level prisoners-dilemma ...
  --set execution.error=0.05 --processes 1``, as a child process, measured whole (start-up
  included) in CPU seconds from ``resource.getrusage`` of the child, in the environment
  the bench was started in. The game's modules are compiled to bytecode first, as an
  installed package has them. It is timed twice: the first time the level is seen (an
  empty cache folder each run) and run again (the level checked once before, kept in the
  cache of compiled levels, as a user's second tournament finds it);
* Axelrod 4.14: ``axelrod.Tournament(...).play(processes=None)``, serial in this process,
  in CPU seconds (``time.process_time``), results included. (Its ``processes=1`` plays the
  matches in a worker process, whose CPU time this process would not see.)

It prints the ratio (target: ours 10 times faster or more), our tournament's own CPU time
without start-up and the part of it spent deciding (the strategies, and the runner that
hands them their games), the CPU time of a Python that only imports numpy (the least any
process of the game can cost, and so the highest ratio it could reach), and each
strategy's cooperation rate in both, so that any difference in the games shows. ``--before DIR``
also times the command of another checkout. Our tournament plays every ordered pairing
(Redland and Blueland are different seats), Axelrod every unordered one; the rates are per
move either way.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

USER_ENVIRONMENT = dict(os.environ)
"""The environment the command runs in: the user's, not this bench's settings below."""
for variable in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(variable, "1")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # this checkout's game, as the command below runs it

import argparse  # noqa: E402
import compileall  # noqa: E402
import csv  # noqa: E402
import resource  # noqa: E402
import subprocess  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
from unittest import mock  # noqa: E402

import axelrod  # type: ignore[import-untyped]  # noqa: E402
from ai import CLASSIC_EIGHT  # noqa: E402

from game.levels import load_builtin  # noqa: E402
from game.rules.model import ObservationBatch, OrdersBatch  # noqa: E402
from game.session.runner import SideRunner  # noqa: E402
from game.session.tournament import default_builder, run_tournament  # noqa: E402

TURNS, REPETITIONS, NOISE, SEED = 200, 10, 0.05, 1
AXELROD = {
    "always-disarm": axelrod.Cooperator,
    "always-arm": axelrod.Defector,
    "tit-for-tat": axelrod.TitForTat,
    "suspicious-tit-for-tat": axelrod.SuspiciousTitForTat,
    "tit-for-two-tats": axelrod.TitFor2Tats,
    "generous-tit-for-tat": axelrod.GTFT,
    "grim": axelrod.Grudger,
    "pavlov": axelrod.WinStayLoseShift,
}
"""Each of our classic strategies and the Axelrod library's player of the same rule."""


def command(csv_path: Path) -> list[str]:
    """The tournament command, run from the repository with this Python."""
    return [
        sys.executable,
        "-m",
        "game",
        "tournament",
        "--level",
        "prisoners-dilemma",
        "--strategies",
        ",".join(CLASSIC_EIGHT),
        "--repetitions",
        str(REPETITIONS),
        "--turns",
        str(TURNS),
        "--set",
        f"execution.error={NOISE}",
        "--processes",
        "1",
        "--seed",
        str(SEED),
        "--quiet",
        "--csv",
        str(csv_path),
    ]


def child_seconds(
    arguments: list[str], root: Path, runs: int, environment: dict[str, str]
) -> float:
    """Best CPU seconds (user + system) of a child process run from ``root``."""
    best = float("inf")
    for _ in range(runs):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        subprocess.run(arguments, cwd=root, env=environment, check=True, stdout=subprocess.DEVNULL)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        used = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
        best = min(best, used)
    return best


def ours(runs: int, root: Path = ROOT) -> tuple[float, float, dict[str, float]]:
    """Best CPU seconds of the whole command, first and again, and each strategy's rate.

    First: the level not yet in the cache; again: kept there. The rate is cooperation
    (disarming).
    """
    compileall.compile_dir(root / "game", quiet=1)
    with tempfile.TemporaryDirectory() as folder:
        target = Path(folder) / "ranking.csv"

        def environment(cache: str) -> dict[str, str]:
            return {**USER_ENVIRONMENT, "SECURITY_DILEMMA_CACHE_DIR": str(Path(folder) / cache)}

        first = min(
            child_seconds(command(target), root, 1, environment(f"empty-{run}"))
            for run in range(runs)
        )
        child_seconds(command(target), root, 1, environment("kept"))  # the level is kept
        again = child_seconds(command(target), root, runs, environment("kept"))
        with target.open(newline="") as handle:
            rates = {row["strategy"]: float(row["disarm_rate"]) for row in csv.DictReader(handle)}
    return first, again, rates


def floor(runs: int) -> float:
    """Best CPU seconds of starting Python and importing numpy: no numpy program costs less.

    With one linear algebra thread, as the command runs it.
    """
    environment = {**USER_ENVIRONMENT, "OPENBLAS_NUM_THREADS": "1"}
    return child_seconds([sys.executable, "-c", "import numpy"], ROOT, runs, environment)


def ours_in_process(runs: int) -> float:
    """Best CPU seconds of the tournament alone, without the command's start-up."""
    scenario = load_builtin(
        "prisoners-dilemma", [f"rules.turns={TURNS}", f"execution.error={NOISE}"]
    ).scenario
    best = float("inf")
    for _ in range(runs):
        start = time.process_time()
        run_tournament(scenario, CLASSIC_EIGHT, default_builder, REPETITIONS, SEED)
        best = min(best, time.process_time() - start)
    return best


def decisions_in_process(runs: int) -> float:
    """Best CPU seconds the tournament spends deciding: the strategies and the runner.

    Timed around each side's :meth:`SideRunner.decide`, with the orders it returns read in
    full (a rule's default moves are worked out when read), so that all of that work counts
    here and none of it in the engine's turn.
    """
    scenario = load_builtin(
        "prisoners-dilemma", [f"rules.turns={TURNS}", f"execution.error={NOISE}"]
    ).scenario
    spent = [0.0]
    undecided = SideRunner.decide

    def decide(runner: SideRunner, observation: ObservationBatch) -> OrdersBatch:
        start = time.process_time()
        orders = undecided(runner, observation)
        orders.strike  # noqa: B018  (the last field: the orders are worked out)
        spent[0] += time.process_time() - start
        return orders

    best = float("inf")
    with mock.patch.object(SideRunner, "decide", decide):
        for _ in range(runs):
            spent[0] = 0.0
            run_tournament(scenario, CLASSIC_EIGHT, default_builder, REPETITIONS, SEED)
            best = min(best, spent[0])
    return best


def theirs(runs: int) -> tuple[float, dict[str, float]]:
    """Best CPU seconds of Axelrod's serial tournament, and each player's cooperation rate.

    ``processes=None`` is the only setting under which Axelrod plays in this process.
    """
    best = float("inf")
    rates: dict[str, float] = {}
    for _ in range(runs):
        players = [AXELROD[name]() for name in CLASSIC_EIGHT]
        start = time.process_time()
        tournament = axelrod.Tournament(
            players, turns=TURNS, repetitions=REPETITIONS, noise=NOISE, seed=SEED
        )
        results = tournament.play(processes=None, progress_bar=False)
        best = min(best, time.process_time() - start)
        rates = dict(zip(CLASSIC_EIGHT, results.cooperating_rating, strict=True))
    return best, rates


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="runs of each; the best is shown")
    parser.add_argument(
        "--before", type=Path, metavar="DIR", help="also time the command of another checkout"
    )
    args = parser.parse_args()
    first_seconds, our_seconds, our_rates = ours(args.runs)
    earlier = None if args.before is None else ours(args.runs, args.before.resolve())[1]
    alone = ours_in_process(args.runs)
    deciding = decisions_in_process(args.runs)
    least = floor(args.runs)
    their_seconds, their_rates = theirs(args.runs)
    games = len(CLASSIC_EIGHT) ** 2 * REPETITIONS
    print(
        f"The classic prisoner's dilemma: {len(CLASSIC_EIGHT)} strategies, {REPETITIONS} "
        f"repetitions, {TURNS} turns, noise {NOISE}; best of {args.runs} runs, CPU seconds\n"
    )
    print(f"{'':<44}{'CPU s':>8}")
    print(f"{'ours, whole process (' + str(games) + ' games)':<44}{our_seconds:>8.3f}")
    print(f"{'  the first time its level is seen':<44}{first_seconds:>8.3f}")
    if earlier is not None:
        print(f"{'ours before (' + str(args.before) + '), whole':<44}{earlier:>8.3f}")
    print(f"{'ours, the tournament alone (no start-up)':<44}{alone:>8.3f}")
    print(f"{'  of which deciding (strategies and runner)':<44}{deciding:>8.3f}")
    print(f"{'Python importing numpy, nothing else':<44}{least:>8.3f}")
    print(f"{'Axelrod ' + axelrod.__version__ + ', serial, in process':<44}{their_seconds:>8.3f}")
    ratio = their_seconds / our_seconds
    print(f"\nours faster by (Axelrod / ours, whole process): {ratio:.2f}x (target: 10x or more)")
    print(f"  the first time its level is seen: {their_seconds / first_seconds:.2f}x")
    print(f"ours faster by (Axelrod / ours, tournament alone): {their_seconds / alone:.2f}x")
    if earlier is not None:
        gain = earlier / our_seconds
        print(f"ours before: {their_seconds / earlier:.2f}x; this checkout {gain:.2f}x faster")
    print(f"at most, for a process that imports numpy: {their_seconds / least:.1f}x\n")
    print(f"{'cooperation rate':<26}{'ours':>8}{'Axelrod':>9}{'diff':>8}")
    for name in CLASSIC_EIGHT:
        mine, other = our_rates[name], their_rates[name]
        print(f"{name:<26}{mine:>8.1%}{other:>9.1%}{mine - other:>+8.1%}")


if __name__ == "__main__":
    main()
