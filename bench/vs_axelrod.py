"""Our tournament beside the Axelrod library's, in one run: CPU seconds and cooperation.

Run: ``pip install ".[bench]"`` and then ``python bench/vs_axelrod.py`` (``--runs N`` for
the number of runs, best of which is shown). Both play the 8 classic strategies of
``bench/ai.py``, 10 repetitions of 200 turns, each move flipped with probability 0.05:

* ours: the command ``security-dilemma tournament --level prisoners-dilemma ...
  --set execution.error=0.05 --processes 1``, as a child process, measured whole (start-up
  included) in CPU seconds from ``resource.getrusage`` of the child. The game's modules are
  compiled to bytecode first, as an installed package has them;
* Axelrod 4.14: ``axelrod.Tournament(...).play(processes=None)``, serial in this process,
  in CPU seconds (``time.process_time``), results included. (Its ``processes=1`` plays the
  matches in a worker process, whose CPU time this process would not see.)

It prints the ratio (target: ours 10 times faster or more), our tournament's own CPU time
without start-up, and each strategy's cooperation rate in both, so that any difference in
the games shows. Our tournament plays every ordered pairing (Redland and Blueland are
different seats), Axelrod every unordered one; the rates are per move either way.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

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

import axelrod  # noqa: E402
from ai import CLASSIC_EIGHT  # noqa: E402

from game.levels import load_builtin  # noqa: E402
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


def ours(runs: int) -> tuple[float, dict[str, float]]:
    """Best CPU seconds of the whole command, and each strategy's cooperation (disarm) rate."""
    compileall.compile_dir(ROOT / "game", quiet=1)
    best = float("inf")
    with tempfile.TemporaryDirectory() as folder:
        target = Path(folder) / "ranking.csv"
        for _ in range(runs):
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            subprocess.run(command(target), cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            used = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
            best = min(best, used)
        with target.open(newline="") as handle:
            rates = {row["strategy"]: float(row["disarm_rate"]) for row in csv.DictReader(handle)}
    return best, rates


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
    args = parser.parse_args()
    our_seconds, our_rates = ours(args.runs)
    alone = ours_in_process(args.runs)
    their_seconds, their_rates = theirs(args.runs)
    games = len(CLASSIC_EIGHT) ** 2 * REPETITIONS
    print(
        f"The classic prisoner's dilemma: {len(CLASSIC_EIGHT)} strategies, {REPETITIONS} "
        f"repetitions, {TURNS} turns, noise {NOISE}; best of {args.runs} runs, CPU seconds\n"
    )
    print(f"{'':<44}{'CPU s':>8}")
    print(f"{'ours, whole process (' + str(games) + ' games)':<44}{our_seconds:>8.3f}")
    print(f"{'ours, the tournament alone (no start-up)':<44}{alone:>8.3f}")
    print(f"{'Axelrod ' + axelrod.__version__ + ', serial, in process':<44}{their_seconds:>8.3f}")
    ratio = their_seconds / our_seconds
    print(f"\nours faster by (Axelrod / ours, whole process): {ratio:.2f}x (target: 10x or more)")
    print(f"ours faster by (Axelrod / ours, tournament alone): {their_seconds / alone:.2f}x\n")
    print(f"{'cooperation rate':<26}{'ours':>8}{'Axelrod':>9}{'diff':>8}")
    for name in CLASSIC_EIGHT:
        mine, other = our_rates[name], their_rates[name]
        print(f"{name:<26}{mine:>8.1%}{other:>9.1%}{mine - other:>+8.1%}")


if __name__ == "__main__":
    main()
