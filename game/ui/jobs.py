"""Long computations off the window's thread: submit, progress, result, cancel.

The window must keep drawing while the lab plays thousands of games, so the games run in
a :class:`Job`. A job's work is called with a ``report(done, total)`` function and calls
it often (the lab's games report every turn): that is how the window learns how far it
got, and where a cancelled job stops, since ``report`` raises :class:`CancelledError` once
:meth:`Job.cancel` was called. Work handed over as a module-level function with its
arguments (a :func:`functools.partial`) needs nothing of the window, so the same
interface can later be backed by a worker process.
"""

from __future__ import annotations

import threading
import weakref
from collections.abc import Callable
from typing import Any, Generic, TypeVar

T = TypeVar("T")
Report = Callable[[float, float], None]
"""``report(done, total)``: how much of the work is done, in its own units (games)."""


class CancelledError(Exception):
    """Raised by ``report`` inside work that was cancelled, to end it there."""


class Job(Generic[T]):
    """One computation on a daemon thread (closing the window never waits for it).

    ``key`` says what the result is for; ``started`` is the window's clock (milliseconds)
    when it was submitted, for the estimate of the time left.
    """

    def __init__(self, key: Any, work: Callable[[Report], T], started: int = 0) -> None:
        self.key = key
        self.started = started
        self.done = 0.0
        self.total = 0.0
        self.result: T | None = None
        self.error: Exception | None = None
        self.finished = threading.Event()
        self._cancel = threading.Event()
        threading.Thread(target=self._run, args=(work,), daemon=True).start()

    @property
    def progress(self) -> float:
        """The share of the work done, 0 to 1."""
        return min(self.done / self.total, 1.0) if self.total > 0 else 0.0

    @property
    def cancelled(self) -> bool:
        """True once :meth:`cancel` was called."""
        return self._cancel.is_set()

    def cancel(self) -> None:
        """Stop the work at its next report; it then ends without a result."""
        self._cancel.set()

    def left_ms(self, now: int) -> float | None:
        """Milliseconds still to go at the pace so far, or None before any progress."""
        share = self.progress
        if share <= 0:
            return None
        return (now - self.started) * (1 - share) / share

    def _report(self, done: float, total: float) -> None:
        if self._cancel.is_set():
            raise CancelledError
        self.done, self.total = done, total

    def _run(self, work: Callable[[Report], T]) -> None:
        try:
            self.result = work(self._report)
        except CancelledError:
            pass
        except Exception as error:  # handed to the window's thread, which decides
            self.error = error
        finally:
            self.finished.set()


_RUNNING: weakref.WeakSet[Job[Any]] = weakref.WeakSet()
"""Every job not yet finished, so that closing the window can stop them all."""


def submit(key: Any, work: Callable[[Report], T], started: int = 0) -> Job[T]:
    """Start ``work`` in the background; the job tells its progress and, at the end, result."""
    job = Job(key, work, started)
    _RUNNING.add(job)
    return job


def cancel_all() -> None:
    """Stop every job still running (the window is closing: nobody will read them)."""
    for job in list(_RUNNING):
        job.cancel()


def time_left(milliseconds: float | None) -> str:
    """An estimate in words: ``"about 12 s left"``, ``"about 3 min left"``."""
    if milliseconds is None:
        return "estimating the time left\u2026"
    seconds = max(1, round(milliseconds / 1000))
    if seconds < 90:
        return f"about {seconds} s left"
    return f"about {round(seconds / 60)} min left"
