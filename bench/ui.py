"""Game window speed: frame times, time to the title screen, and peak memory.

Run: ``python bench/ui.py`` (after ``pip install .``). Headless by default (SDL's dummy
video driver), so it measures the game's own drawing, not a display's vsync. Prints,
against the targets of the game-window issue:

* frame time (handling events, drawing, flipping) on the decision screen and on the
  debrief at 1280×720: 99th percentile under 8 ms;
* frame time in the lab while it computes in the background, paced at 60 frames a second
  as the window is: while 1,000 games of a moved slider are played, and while a sweep map
  plays (same target: the window must not stutter while the games run), and how long a
  refresh takes from the key to its numbers (measured by ``bench/lab.py``'s window run);
* idle CPU: the share of one core the window uses at its 60 frames a second on the title
  screen and on a decision screen while nobody touches anything (CPU seconds of the
  process over wall seconds, best of several runs);
* time from process start to the first drawn title screen: under 0.8 s;
* peak memory of the game window: under 200 MB.
"""

from __future__ import annotations

import os

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")

import argparse
import resource
import statistics
import subprocess
import sys
import tempfile
import time

import pygame
from lab import (  # bench/lab.py: the lab's window while it computes, the frame target
    FRAME_TARGET_MS,
    lab_window,
    spread,
)

from game.levels import load_builtin
from game.rules.model import Side
from game.ui.app import FPS, App
from game.ui.flow import MatchFlow
from game.ui.screens import Debrief, Decision

TITLE_TARGET_S = 0.8
MEMORY_TARGET_MB = 200.0

TITLE_SCRIPT = """
import time
start = time.perf_counter()
from game.ui.app import FPS, App
from game.ui.menu import Menu
from game.ui.settings import load_settings
settings, _ = load_settings()
app = App(settings=settings)
Menu(app).title()
app.frame()
print(time.perf_counter() - start)
"""


def frame_times(app: App, frames: int) -> list[float]:
    """Milliseconds per frame of the current screen, a move of the mouse in each."""
    times = []
    for index in range(frames):
        pygame.event.post(pygame.event.Event(pygame.MOUSEMOTION, pos=(index % 1280, 300)))
        start = time.perf_counter()
        app.frame()
        times.append((time.perf_counter() - start) * 1000)
    return times


def screens(frames: int) -> dict[str, list[float]]:
    """Frame times on a decision screen late in a game, and on that game's debrief."""
    app = App((1280, 720))
    level = load_builtin("fog-of-war", ["rules.turns=30"])
    flow = MatchFlow(app, level, 7, {Side.RED: "human", Side.BLUE: "bayesian"})
    flow.start()
    flow.begin_turn()
    while flow.match.turn < 20:  # twenty turns of history in the charts
        assert isinstance(app.scene, Decision)
        flow.submit(Side.RED, app.scene.orders())
        flow.next_step()  # past the turn report
    assert isinstance(app.scene, Decision)
    decision = app.scene
    decision.show_belief = True
    results = {"decision screen": frame_times(app, frames)}
    while not flow.match.finished:
        flow.match.submit(Side.RED, decision.orders())
        flow.match.resolve()
    flow.finish()
    assert isinstance(app.scene, Debrief)
    results["debrief"] = frame_times(app, frames)
    pygame.quit()
    return results


def idle_share(app: App, seconds: float) -> float:
    """CPU seconds over wall seconds while the window runs its loop with no input."""
    ticker = pygame.time.Clock()
    wall, cpu = time.perf_counter(), time.process_time()
    while time.perf_counter() - wall < seconds:
        if app.step():  # as App.run does: a screen nothing changed is not drawn again
            app.draw()
        ticker.tick(FPS)
    return (time.process_time() - cpu) / (time.perf_counter() - wall)


def idle_cpu(seconds: float, runs: int) -> dict[str, float]:
    """The best idle share of several runs on the title screen and on a decision screen."""
    from game.ui.menu import Menu

    shares: dict[str, list[float]] = {"title screen": [], "decision screen": []}
    for _ in range(runs):
        app = App((1280, 720))
        Menu(app).title()
        shares["title screen"].append(idle_share(app, seconds))
        level = load_builtin("fog-of-war")
        flow = MatchFlow(app, level, 7, {Side.RED: "human", Side.BLUE: "bayesian"})
        flow.start()
        flow.begin_turn()
        assert isinstance(app.scene, Decision)
        shares["decision screen"].append(idle_share(app, seconds))
        app.close()
    return {name: min(values) for name, values in shares.items()}


def time_to_title(runs: int) -> tuple[list[float], list[float]]:
    """Wall seconds from starting a Python process to its first title frame, and in-process."""
    walls, inside = [], []
    with tempfile.TemporaryDirectory() as folder:
        env = dict(os.environ, SECURITY_DILEMMA_CONFIG_DIR=folder)
        for _ in range(runs):
            start = time.perf_counter()
            done = subprocess.run(
                [sys.executable, "-c", TITLE_SCRIPT],
                env=env,
                capture_output=True,
                text=True,
                check=True,
            )
            walls.append(time.perf_counter() - start)
            inside.append(float(done.stdout.strip().splitlines()[-1]))
    return walls, inside


def main() -> None:
    """Measure and print the figures with their targets."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--frames", type=int, default=600, help="frames per screen")
    parser.add_argument("--runs", type=int, default=5, help="process starts to time")
    args = parser.parse_args()

    print(f"Frame time at 1280×720, {args.frames} frames (target: p99 < {FRAME_TARGET_MS} ms)")
    point, sweep, refreshes = lab_window(args.frames)
    lab = {"lab, 1,000 games": point[0], "lab, sweep map": sweep[0]}  # wall time
    for name, times in {**screens(args.frames), **lab}.items():
        p50, p95, p99 = spread(times)
        verdict = "ok" if p99 < FRAME_TARGET_MS else "OVER TARGET"
        print(f"  {name:<18} p50 {p50:6.2f} ms   p95 {p95:6.2f} ms   p99 {p99:6.2f} ms   {verdict}")
    print(
        f"  lab refresh, key to numbers: median {statistics.median(refreshes):.3f} s   "
        f"best {min(refreshes):.3f} s"
    )

    print(f"Idle CPU, the window loop at {FPS} Hz drawing what changed, best of 3 runs of 3 s")
    for name, share in idle_cpu(3.0, 3).items():
        print(f"  {name:<18} {share:6.1%}")

    walls, inside = time_to_title(args.runs)
    best, median = min(walls), statistics.median(walls)
    verdict = "ok" if median < TITLE_TARGET_S else "OVER TARGET"
    print(f"Process start to title screen, {args.runs} runs (target < {TITLE_TARGET_S} s)")
    print(f"  median {median:.3f} s   best {best:.3f} s   {verdict}")
    print(f"  of which imports, window and first frame: median {statistics.median(inside):.3f} s")

    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    title = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    peak = max(own, title)
    verdict = "ok" if peak < MEMORY_TARGET_MB else "OVER TARGET"
    print(f"Peak memory (target < {MEMORY_TARGET_MB:.0f} MB)")
    print(f"  a 30-turn game with its debrief: {own:.0f} MB   title screen: {title:.0f} MB")
    print(f"  {verdict}")


if __name__ == "__main__":
    main()
