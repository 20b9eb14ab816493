"""Replay speed: loading and verifying a 200-turn replay, analysing it, and exporting it.

Run: ``python bench/replay.py`` (after ``pip install .``). Prints, against the target of
the replay issue (load plus verify of a 200-turn replay under 100 ms), the median time of:

* reading and verifying the file (plain JSON and gzip), which re-plays all 200 turns;
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
import statistics  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
from collections.abc import Callable  # noqa: E402
from pathlib import Path  # noqa: E402

from game.ai.registry import make_strategy  # noqa: E402
from game.cli import export_replay  # noqa: E402
from game.levels import load_builtin  # noqa: E402
from game.replay import read_replay, replay_document, write_replay  # noqa: E402
from game.replay.analysis import analyse  # noqa: E402
from game.rules.model import Side  # noqa: E402
from game.session.match import Match  # noqa: E402

VERIFY_TARGET_MS = 100.0


def timed_ms(action: Callable[[], object], runs: int) -> tuple[float, float]:
    """Median and best wall time of ``action`` in milliseconds, after one warm-up run.

    The best run shows the work itself; the median also shows what a busy machine adds.
    """
    action()
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times), min(times)


def main() -> None:
    """Play one 200-turn game, save it both ways, and time reading, analysis and export."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10)
    args = parser.parse_args()
    level = load_builtin("fog-of-war", ["rules.turns=200"])
    match = Match(level.scenario, 11, make_strategy("tit-for-tat"), make_strategy("bayesian"))
    match.play_out()
    controllers = {Side.RED: "tit-for-tat", Side.BLUE: "bayesian"}
    document = replay_document(level, controllers, match.event_log())
    with tempfile.TemporaryDirectory() as folder:
        plain, packed = Path(folder) / "game.json", Path(folder) / "game.json.gz"
        write_replay(plain, document)
        write_replay(packed, document)
        print(
            f"A {match.turn}-turn replay: {plain.stat().st_size / 1024:.0f} KB as JSON, "
            f"{packed.stat().st_size / 1024:.0f} KB compressed"
        )
        for path in (plain, packed):
            ms, best = timed_ms(lambda path=path: read_replay(path), args.runs)
            verdict = "ok" if ms < VERIFY_TARGET_MS else "OVER TARGET"
            print(
                f"  load + verify {path.name:<14}median {ms:6.1f} ms, best {best:6.1f} ms  "
                f"(target < {VERIFY_TARGET_MS:.0f} ms) {verdict}"
            )
        replay = read_replay(packed)
        ms, best = timed_ms(lambda: analyse(replay), args.runs)
        print(f"  analysis                    median {ms:6.1f} ms, best {best:6.1f} ms")
        out = Path(folder) / "export"
        ms, best = timed_ms(lambda: export_replay(replay, out), max(1, args.runs // 2))
        print(f"  export (CSV, story, 4 PNG)  median {ms:6.1f} ms, best {best:6.1f} ms")


if __name__ == "__main__":
    main()
