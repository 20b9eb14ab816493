"""The window's long computations: worker processes for its screens, and the time left.

A screen that plays thousands of games (the lab) opens a :class:`~game.session.worker.Worker`
with :func:`open_worker` and closes it when it is left; closing the window shuts down
every worker still open (:func:`shut_down`), so no process outlives the game.
"""

from __future__ import annotations

import weakref
from collections.abc import Sequence

from game.session.worker import Worker

_OPEN: weakref.WeakSet[Worker] = weakref.WeakSet()
"""Every worker a screen opened, so that closing the window can stop them all."""


def open_worker(preload: Sequence[str] = ()) -> Worker:
    """A worker for a screen's jobs; its process starts with the first job."""
    worker = Worker(preload)
    _OPEN.add(worker)
    return worker


def shut_down() -> None:
    """Stop every worker process (the window is closing: nobody will read their results)."""
    for worker in list(_OPEN):
        worker.close()


def time_left(milliseconds: float | None) -> str:
    """An estimate in words: ``"about 12 s left"``, ``"about 3 min left"``."""
    if milliseconds is None:
        return "estimating the time left\u2026"
    seconds = max(1, round(milliseconds / 1000))
    if seconds < 90:
        return f"about {seconds} s left"
    return f"about {round(seconds / 60)} min left"
