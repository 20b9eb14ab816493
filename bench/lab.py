"""Lab speed: a refresh, a sweep, and the window's frames while the lab computes.

Run: ``python bench/lab.py`` (after ``pip install .``; ``--before DIR`` adds a column for
another checkout, measured in turn on the same machine). Prints, against the targets of the
lab issues:

* one lab refresh: 1,000 games × 30 turns of full rules (fog-of-war), bayesian against
  tit-for-tat, summarised, in CPU seconds of this process (the best of several): under
  0.3 s;
* the same refresh as the window sees it: from the key that moves a slider to the frame
  that shows the new numbers (wall seconds, the median; the games played wherever the lab
  plays them);
* the window's frame times while the lab plays those 1,000 games, and while it plays a
  sweep map, paced at 60 frames a second as the window is: p50, p95 and p99, the best of
  several runs (the machine is shared; the best run is the one least disturbed), target
  p99 under 8 ms;
* an 11 × 7 sweep (perception noise × execution noise) with 1,000 games per point, on one
  core.

The window runs headless (SDL's dummy video driver), so the frames measure the game's own
work, not a display's vsync. pygame is imported only where the window is measured.
"""

from __future__ import annotations

import os

for variable in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(variable, "1")
os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")

import argparse  # noqa: E402
import statistics  # noqa: E402
import time  # noqa: E402

from sides import Figure, add_options, report  # noqa: E402

from game.levels import load_builtin  # noqa: E402
from game.session.lab import Axis, run_point, run_sweep  # noqa: E402

REFRESH_TARGET_S = 0.3
FRAME_TARGET_MS = 8.0
SWEEP_TARGET_S = 8.0
RED, BLUE = "bayesian", "tit-for-tat"


def percentile(values: list[float], share: float) -> float:
    """The value below which ``share`` of ``values`` lie (nearest rank)."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(share * len(ordered)) - 1))]


def spread(times: list[float]) -> tuple[float, float, float]:
    """p50, p95 and p99 of frame times."""
    return percentile(times, 0.5), percentile(times, 0.95), percentile(times, 0.99)


Frames = tuple[list[float], list[float]]
"""Milliseconds per frame: wall time, and CPU time of the window's own thread."""


def lab_window(frames: int) -> tuple[Frames, Frames, list[float]]:
    """Frame times while the lab computes, and how long each refresh took (s).

    The frames are those while 1,000 games of a moved slider are played, then those while
    a sweep map plays; a refresh runs from the slider's key to the frame with its numbers.
    A frame's wall time is what the player sees; its CPU time (of the window's thread
    alone) leaves out the time the machine gave to other processes, but also the time the
    frame waited for another thread of the window's process.
    """
    import pygame

    from game.ui.app import App
    from game.ui.lab import Lab

    app = App((1280, 720))
    lab = Lab(app, [load_builtin("fog-of-war", ["rules.turns=30"])], lambda: None, print)
    app.show(lab)

    def paced(times: Frames | None) -> None:
        """One frame, timed, then the rest of a 60th of a second (the window's pace)."""
        start, cpu = time.perf_counter(), time.thread_time()
        app.frame()
        took = time.perf_counter() - start
        if times is not None:
            times[0].append(took * 1000)
            times[1].append((time.thread_time() - cpu) * 1000)
        time.sleep(max(0.0, 1 / 60 - took))

    def press(code: int) -> None:
        pygame.event.post(pygame.event.Event(pygame.KEYDOWN, key=code, mod=0, unicode=""))

    while lab.busy:  # the first results (and, for a worker, its start)
        paced(None)
    point: Frames = ([], [])
    refreshes: list[float] = []
    step = pygame.K_RIGHT
    while len(point[0]) < frames:
        lab.cache.clear()  # every move plays its games again
        step = pygame.K_LEFT if step == pygame.K_RIGHT else pygame.K_RIGHT
        moved = time.perf_counter()
        press(step)
        paced(None)  # the frame that takes the key and starts the games
        while lab.busy:
            paced(point if len(point[0]) < frames else None)
        refreshes.append(time.perf_counter() - moved)
    sweep: Frames = ([], [])
    press(pygame.K_v)
    paced(None)
    while lab.busy and len(sweep[0]) < frames:
        paced(sweep)
    lab.leave()
    app.close()
    return point, sweep, refreshes


def best_of(runs: list[list[float]]) -> tuple[float, float, float]:
    """The lowest p50, p95 and p99 over several runs."""
    each = [spread(times) for times in runs if times]
    p50, p95, p99 = (min(values) for values in zip(*each, strict=True))
    return p50, p95, p99


def measure(args: argparse.Namespace) -> dict[str, float]:
    """The refresh in process, the window while it computes, and the sweep once."""
    level = load_builtin("fog-of-war", ["rules.turns=30"])
    cpu = []
    for _ in range(args.runs):
        start = time.process_time()
        run_point(level, RED, BLUE, 1000, seed=1)
        cpu.append(time.process_time() - start)
    figures = {"refresh in process, best": min(cpu)}
    runs = [lab_window(args.frames) for _ in range(args.window_runs)]
    refreshes = [seconds for _, _, run in runs for seconds in run]
    figures["refresh, key to numbers, median"] = statistics.median(refreshes)
    views = {"1,000 games": [run[0] for run in runs], "sweep map": [run[1] for run in runs]}
    for name, each in views.items():
        for clock, kind in (("wall", 0), ("CPU", 1)):
            p50, p95, p99 = best_of([frames[kind] for frames in each])
            for share, value in (("p50", p50), ("p95", p95), ("p99", p99)):
                figures[f"{name}: frame {share}, {clock}"] = value
    if not args.no_sweep:
        axes = [
            Axis.parse("intel.posture_misread=0:0.5:11"),
            Axis.parse("execution.error=0:0.3:7"),
        ]
        start = time.process_time()
        run_sweep(level, RED, BLUE, axes, args.games, seed=1, processes=1)
        figures["sweep 11 × 7, one process"] = time.process_time() - start
    return figures


def figures(sweep: bool) -> list[Figure]:
    """What is measured, with the targets of the lab issues."""
    measured = [
        Figure("refresh in process, best", "s", REFRESH_TARGET_S),
        Figure("refresh, key to numbers, median", "s"),
    ]
    for name in ("1,000 games", "sweep map"):
        for clock in ("wall", "CPU"):
            measured += [
                Figure(f"{name}: frame {share}, {clock}", "ms") for share in ("p50", "p95")
            ]
            measured.append(Figure(f"{name}: frame p99, {clock}", "ms", FRAME_TARGET_MS))
    if sweep:
        measured.append(Figure("sweep 11 × 7, one process", "s", SWEEP_TARGET_S))
    return measured


def main() -> None:
    """Measure and print the table (with ``--before DIR``, beside another checkout's)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="refreshes to time in process")
    parser.add_argument("--frames", type=int, default=300, help="frames per window run")
    parser.add_argument("--window-runs", type=int, default=3, help="window runs (best shown)")
    parser.add_argument("--games", type=int, default=1000, help="games per sweep point")
    parser.add_argument("--no-sweep", action="store_true", help="skip the 11 × 7 sweep")
    add_options(parser)
    args = parser.parse_args()
    argv = ["--runs", str(args.runs), "--frames", str(args.frames)]
    argv += ["--window-runs", str(args.window_runs), "--games", str(args.games)]
    argv += ["--no-sweep"] if args.no_sweep else []
    title = (
        f"The lab, {RED} vs {BLUE} on fog-of-war in 30 turns: a refresh of 1,000 games (CPU), "
        f"frames at 1280×720 paced at 60 a second while it computes (best of "
        f"{args.window_runs} runs), a sweep of {args.games:,} games a point (CPU)"
    )
    report(figures(not args.no_sweep), lambda: measure(args), args, __file__, argv, title)


if __name__ == "__main__":
    main()
