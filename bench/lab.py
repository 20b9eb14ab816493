"""Lab speed: one refresh of the lab, and a sweep, on one core.

Run: ``python bench/lab.py`` (after ``pip install .``). Prints, against the targets of the
lab issue:

* one lab refresh: 1,000 games × 30 turns of full rules (fog-of-war), bayesian against
  tit-for-tat, summarised: under 1 s;
* an 11 × 7 sweep (perception noise × execution noise) with 1,000 games per point:
  under 60 s.
"""

from __future__ import annotations

import os

for variable in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(variable, "1")

import argparse  # noqa: E402
import statistics  # noqa: E402
import time  # noqa: E402

from game.levels import load_builtin  # noqa: E402
from game.session.lab import Axis, run_point, run_sweep  # noqa: E402

REFRESH_TARGET_S = 1.0
SWEEP_TARGET_S = 60.0
RED, BLUE = "bayesian", "tit-for-tat"


def main() -> None:
    """Time the refresh a few times and the sweep once."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="refreshes to time")
    parser.add_argument("--games", type=int, default=1000, help="games per sweep point")
    args = parser.parse_args()
    level = load_builtin("fog-of-war", ["rules.turns=30"])
    times = []
    for _ in range(args.runs):
        start = time.perf_counter()
        run_point(level, RED, BLUE, 1000, seed=1)
        times.append(time.perf_counter() - start)
    median = statistics.median(times)
    verdict = "ok" if median < REFRESH_TARGET_S else "OVER TARGET"
    print(f"Lab refresh, 1,000 games × 30 turns, {RED} vs {BLUE} (target < {REFRESH_TARGET_S} s)")
    print(f"  median {median:.3f} s   best {min(times):.3f} s   {verdict}")

    axes = [Axis.parse("intel.posture_misread=0:0.5:11"), Axis.parse("execution.error=0:0.3:7")]
    start = time.perf_counter()
    run_sweep(level, RED, BLUE, axes, args.games, seed=1, processes=1)
    took = time.perf_counter() - start
    verdict = "ok" if took < SWEEP_TARGET_S else "OVER TARGET"
    print(f"Sweep 11 × 7, {args.games} games a point, one process (target < {SWEEP_TARGET_S} s)")
    print(f"  {took:.1f} s   ({took / 77:.2f} s a point)   {verdict}")


if __name__ == "__main__":
    main()
