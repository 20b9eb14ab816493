"""Work for the lab's worker process that waits at a gate the test opens (no pygame here).

The worker is another process, so a test cannot hold its games with a thread's event:
the gate is a file that the test creates to let the games go on, and every start and end
of the gated work is a line in a log file the test reads. While it waits at the gate the
work keeps reporting, so a cancelled job ends there, as real games end at their next
turn.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from game.session import lab_work

POLL_S = 0.005


def note(log: str, line: str) -> None:
    """Add ``line`` to the log file."""
    with open(log, "a", encoding="utf-8") as file:
        file.write(line + "\n")


def lines(log: str) -> list[str]:
    """The log so far."""
    path = Path(log)
    return path.read_text(encoding="utf-8").split() if path.exists() else []


def hold(gate: str, keep_reporting) -> None:
    """Wait until the gate file exists, reporting all the while."""
    while not Path(gate).exists():
        keep_reporting()
        time.sleep(POLL_S)


def held_point(gate, log, first_only, level, red, blue, games, report):
    """:func:`lab_work.play_point` that reports half its games, then waits at the gate.

    With ``first_only`` only the first call waits (the log says which call is first).
    """
    first = "start" not in lines(log)
    note(log, "start")
    if first or not first_only:
        hold(gate, lambda: report(games / 2, games))
    result = lab_work.play_point(level, red, blue, games, report)
    note(log, "end")
    return result


def held_sweep(gate, log, level, red, blue, axes, games, report):
    """:func:`lab_work.play_sweep` whose every setting reports half a game, then waits."""
    real = lab_work.run_point

    def cell(level, red, blue, games, seed, progress):
        note(log, "cell")
        hold(gate, lambda: progress(0.5))
        return real(level, red, blue, games, seed, progress)

    lab_work.run_point = cell
    try:
        return lab_work.play_sweep(level, red, blue, axes, games, report)
    finally:
        lab_work.run_point = real


def pygame_loaded(report) -> bool:
    """Whether the worker process has imported pygame (it must not)."""
    return any(name == "pygame" or name.startswith("pygame.") for name in sys.modules)


def fail(report) -> None:
    """Work with a bug in it."""
    raise ZeroDivisionError("a bug in the work")
