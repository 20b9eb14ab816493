"""Long computations in a worker process, so that the window never waits for them.

A thread would share the interpreter's lock with the window's drawing, and a thousand
games would make every frame wait its turn; a process has its own interpreter. The
window hands a :class:`Worker` a *work*: a module-level function (or a
:func:`functools.partial` of one) that takes a ``report(done, total)`` function, calls it
often and returns plain data (dataclasses, numpy arrays). :meth:`Worker.submit` answers at
once with a :class:`Job`; :meth:`Worker.poll`, called every frame, never waits: it reads
how far the job is (a few shared numbers the worker writes at each report) and takes a
finished result. A cancelled job ends at its next report, where ``report`` raises
:class:`CancelledError` in the worker, so the worker is at once free for newer work
without being started again.

The worker is started with the ``spawn`` method, the same on Linux, macOS and Windows,
and safe beside a window (nothing of the window's process is copied); it imports only
what its work needs, never pygame. It starts with the first job and stops on
:meth:`Worker.close`, or with the process that started it.
"""

from __future__ import annotations

import collections
import importlib
import itertools
import multiprocessing
import queue
import sys
import time
import traceback
import types
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from multiprocessing.context import SpawnProcess
from multiprocessing.sharedctypes import SynchronizedArray
from typing import Any, Generic, TypeVar

T = TypeVar("T")
Report = Callable[[float, float], None]
"""``report(done, total)``: how much of the work is done, in its own units (games)."""
Work = Callable[[Report], Any]

DONE, CANCELLED, FAILED = "done", "cancelled", "failed"
"""How a job ended, as the worker tells it."""
STOP_WAIT_S = 1.0
"""How long :meth:`Worker.close` waits for the stopped process before killing it."""


class CancelledError(Exception):
    """Raised by ``report`` inside work that was cancelled, to end it there."""


class WorkerError(RuntimeError):
    """Work failed in the worker: a bug, whose traceback is the message."""


class WorkerLostError(WorkerError):
    """The worker process died under its jobs (killed, or out of memory)."""


@dataclass(eq=False)
class Job(Generic[T]):
    """One piece of work handed to a :class:`Worker`, as the window follows it.

    ``key`` says what the result is for; ``started`` is the window's clock (milliseconds)
    when it was submitted, for the estimate of the time left. ``done`` and ``total`` are
    the work's last report; ``finished`` turns true when the worker has answered.
    """

    key: Any
    number: int
    started: int = 0
    done: float = 0.0
    total: float = 0.0
    result: T | None = None
    error: Exception | None = None
    finished: bool = False
    cancelled: bool = False

    @property
    def progress(self) -> float:
        """The share of the work done, 0 to 1."""
        return min(self.done / self.total, 1.0) if self.total > 0 else 0.0

    def left_ms(self, now: int) -> float | None:
        """Milliseconds still to go at the pace so far, or None before any progress."""
        share = self.progress
        if share <= 0:
            return None
        return (now - self.started) * (1 - share) / share


@dataclass(eq=False)
class Worker:
    """One worker process and the jobs handed to it, played one after another.

    ``preload`` names modules the process imports as it starts, so that its first job
    does not wait for them.
    """

    preload: Sequence[str] = ()
    jobs: dict[int, Job[Any]] = field(init=False, default_factory=dict)
    """Every job not yet answered, by number."""
    _numbers: Iterator[int] = field(init=False, default_factory=lambda: itertools.count(1))
    _process: SpawnProcess | None = field(init=False, default=None)
    _requests: Any = field(init=False, default=None)
    _results: Any = field(init=False, default=None)
    _progress: SynchronizedArray[float] | None = field(init=False, default=None)

    @property
    def running(self) -> bool:
        """True while the worker process is alive."""
        return self._process is not None and self._process.is_alive()

    @property
    def pid(self) -> int | None:
        """The worker process's id, while it runs."""
        return self._process.pid if self.running and self._process is not None else None

    def submit(self, key: Any, work: Work, started: int = 0) -> Job[Any]:
        """Queue ``work`` in the worker (started now if it is not running); never waits."""
        if not self.running:
            self._start()
        job: Job[Any] = Job(key, next(self._numbers), started)
        self.jobs[job.number] = job
        self._requests.put(("run", job.number, work))
        return job

    def cancel(self, job: Job[Any]) -> None:
        """Stop ``job`` at its next report; it then ends without a result."""
        job.cancelled = True
        if not job.finished and self.running:
            self._requests.put(("cancel", job.number, None))

    def poll(self) -> None:
        """Take the progress reported and every answer waiting; never waits itself.

        The progress is read only if its lock is free: the worker may be writing it, or
        may have been killed while it held it (then the lock is never free again, and
        waiting for it would freeze the window for good).
        """
        if self._progress is None or self._results is None:
            return
        lock = self._progress.get_lock()
        if lock.acquire(block=False):
            try:
                number, done, total = self._progress[:]
            finally:
                lock.release()
            current = self.jobs.get(round(number))
            if current is not None:
                current.done, current.total = done, total
        while True:
            try:
                number, ending, payload = self._results.get_nowait()
            except queue.Empty:
                break
            job = self.jobs.pop(number, None)
            if job is None:
                continue
            job.finished = True
            if ending == DONE and not job.cancelled:
                job.result = payload
            elif ending == FAILED:
                job.error = WorkerError(payload)
        if self.jobs and not self.running:
            self._lost()

    def wait(self, job: Job[Any], seconds: float) -> bool:
        """Poll until ``job`` is answered or ``seconds`` have passed (scripts and tests)."""
        deadline = time.monotonic() + seconds
        while not job.finished and time.monotonic() < deadline:
            self.poll()
            if not job.finished:
                time.sleep(0.002)
        return job.finished

    def close(self) -> None:
        """Stop the process at once (whatever it was doing is no longer wanted)."""
        process = self._process
        if process is not None:
            process.terminate()
            process.join(STOP_WAIT_S)
            if process.is_alive():
                process.kill()
                process.join(STOP_WAIT_S)
            process.close()
        for channel in (self._requests, self._results):
            if channel is not None:
                channel.cancel_join_thread()  # nothing in it is needed any more
                channel.close()
        self._process = self._requests = self._results = self._progress = None
        for job in self.jobs.values():
            job.cancelled = job.finished = True
        self.jobs.clear()

    def _start(self) -> None:
        """A fresh process with its own channels (the old ones died with the old one).

        ``spawn`` runs the program's main script again in a new process, so that functions
        defined there can be found; a worker's work never is, and a script that opens a
        window without an ``if __name__ == "__main__"`` guard would open it (or fail) in the
        worker too. So the worker is started while the main module is an empty one.
        """
        self.close()
        context = multiprocessing.get_context("spawn")
        self._requests = context.Queue()
        self._results = context.Queue()
        self._progress = context.Array("d", 3)
        self._process = context.Process(
            target=serve,
            args=(self._requests, self._results, self._progress, tuple(self.preload)),
            name="security-dilemma worker",
            daemon=True,
        )
        main = sys.modules["__main__"]
        sys.modules["__main__"] = types.ModuleType("__main__")  # see _start's docstring
        try:
            self._process.start()
        finally:
            sys.modules["__main__"] = main

    def _lost(self) -> None:
        """The process died under its jobs: each ends with the reason."""
        assert self._process is not None
        code = self._process.exitcode
        for job in self.jobs.values():
            job.finished = True
            job.error = WorkerLostError(f"the worker process stopped (exit code {code})")
        self.jobs.clear()


def serve(requests: Any, results: Any, progress: Any, preload: Sequence[str]) -> None:
    """The worker's loop: play the jobs in turn, drop the cancelled ones, answer each."""
    for name in preload:
        importlib.import_module(name)
    waiting: collections.deque[tuple[int, Work]] = collections.deque()
    cancelled: set[int] = set()

    def take(message: tuple[str, int, Work | None]) -> None:
        kind, number, work = message
        if kind == "cancel":
            cancelled.add(number)
        elif work is not None:
            waiting.append((number, work))

    def drain() -> None:
        """Read every request that came while a job was being played."""
        while True:
            try:
                take(requests.get_nowait())
            except queue.Empty:
                return

    while True:
        if not waiting:
            take(requests.get())
            continue
        drain()
        number, work = waiting.popleft()
        if number in cancelled:
            results.put((number, CANCELLED, None))
            continue

        def report(done: float, total: float, number: int = number) -> None:
            drain()
            if number in cancelled:
                raise CancelledError
            with progress.get_lock():
                progress[:] = [float(number), float(done), float(total)]

        try:
            answer = (number, DONE, work(report))
        except CancelledError:
            answer = (number, CANCELLED, None)
        except Exception:  # the window decides; it gets the whole story as text
            answer = (number, FAILED, traceback.format_exc())
        results.put(answer)
        cancelled.difference_update([late for late in cancelled if late <= number])
