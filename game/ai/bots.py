"""Students' bots: a strategy loaded from a ``.py`` file and run in a sandbox.

``bot:PATH.py`` (or ``bot:PATH.py:ClassName``) names a file with a class that has a
``decide(observation, rng)`` method. The game reads the file and hands its text to a
separate, clean and limited process (``game.ai.bot_worker``) that runs it as restricted
Python (``game.ai.sandbox``). The two speak JSON only (``game.ai.wire``): the bot gets its
observation and nothing else, and can do nothing but answer. A file that does not load is
reported before the game starts, with file and line. During the game, an exception, a
wrong answer or a decision slower than the level's ``bot_time_limit`` is raised to the
caller as :class:`BotError` (the session turns it into "hold, no signal" for that turn and
reports it after the game); a bot that overran or died is restarted fresh.
"""

from __future__ import annotations

import contextlib
import itertools
import os
import queue
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import weakref
from typing import IO, Any

import numpy as np

from game.ai import wire
from game.ai.bot_spec import BotError as BotError
from game.ai.bot_spec import BotSpec as BotSpec
from game.ai.bot_spec import is_bot as is_bot
from game.ai.bot_spec import parse_bot_spec as parse_bot_spec
from game.rules.model import Observation, Orders, Scenario

STARTUP_SECONDS = 30.0
"""Time a bot file may take to load (importing numpy alone can take a second)."""


MAX_BOT_BYTES = 1024 * 1024
"""The largest bot file the game will send to a bot's process."""
WORKER = ("-I", "-B", "-X", "utf8", "-m", "game.ai.bot_worker")
"""How the bot's process is started: isolated mode (no environment variables, no user
site, no current folder on the path), no bytecode files, UTF-8, the worker module."""
QUIET_LIBRARIES = {"OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}
"""The only environment a bot's process gets (one thread: it may start no others)."""


def read_bot_source(spec: BotSpec) -> str:
    """The bot's file, read by the game (the bot's process has no files of its own)."""
    try:
        with spec.path.open("rb") as file:
            raw = file.read(MAX_BOT_BYTES + 1)
    except OSError as error:
        raise BotError(f"{spec.path}: cannot read the bot: {error.strerror or error}") from None
    if len(raw) > MAX_BOT_BYTES:
        raise BotError(f"{spec.path}: a bot file may be at most {MAX_BOT_BYTES // 1024} KB")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        raise BotError(f"{spec.path}:{line}: not a UTF-8 text file") from None


def _clean_environment() -> dict[str, str]:
    environment = dict(QUIET_LIBRARIES)
    if os.name == "nt":  # Windows cannot start Python without these
        for name in ("SYSTEMROOT", "SYSTEMDRIVE"):
            if name in os.environ:
                environment[name] = os.environ[name]
    return environment


def _read_answers(stream: IO[bytes], answers: queue.Queue[dict[str, Any] | str]) -> None:
    """The game's listener: every message from the bot's process, or why it stopped."""
    try:
        while True:
            message = wire.read_message(stream, wire.MAX_ANSWER_BYTES)
            if message is None:
                answers.put("the bot's process ended")
                return
            answers.put(message)
    except (wire.WireError, OSError, ValueError) as error:
        answers.put(f"the bot's process broke the protocol ({error})")


def _stop(process: subprocess.Popen[bytes], folder: str) -> None:
    """End the bot's process and everything it started, and remove its folder."""
    with contextlib.suppress(OSError):
        if os.name == "posix":
            os.killpg(process.pid, signal.SIGKILL)
        else:
            process.kill()
    with contextlib.suppress(OSError, subprocess.TimeoutExpired):
        process.wait(timeout=5.0)
    for stream in (process.stdin, process.stdout):
        if stream is not None:
            with contextlib.suppress(OSError):
                stream.close()
    shutil.rmtree(folder, ignore_errors=True)


class BotHost:
    """One bot process serving any number of games, each with its own bot instance.

    The process is started clean (see ``game.ai.bot_worker``), spoken to in JSON only, and
    ended with everything it started when the host closes or restarts it.
    """

    def __init__(self, spec: BotSpec) -> None:
        self.spec = spec
        self.filename = str(spec.path.resolve())
        self.source = read_bot_source(spec)
        self._keys = itertools.count()
        self._start()

    def _start(self) -> None:
        folder = tempfile.mkdtemp(prefix="security-dilemma-bot-")
        options: dict[str, Any] = {}
        if os.name == "posix":
            options["start_new_session"] = True  # its own process group, ended as one
        else:
            options["creationflags"] = subprocess.CREATE_NEW_PROCESS_GROUP  # type: ignore[attr-defined]
        process = subprocess.Popen(
            [sys.executable, *WORKER],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            cwd=folder,
            env=_clean_environment(),
            **options,
        )
        self._process = process
        self._finalizer = weakref.finalize(self, _stop, process, folder)
        self._answers: queue.Queue[dict[str, Any] | str] = queue.Queue()
        assert process.stdout is not None
        threading.Thread(
            target=_read_answers, args=(process.stdout, self._answers), daemon=True
        ).start()
        self._scenario: Scenario | None = None
        self._seeded: set[int] = set()
        self._send(
            {
                "type": "load",
                "source": self.source,
                "filename": self.filename,
                "class_name": self.spec.class_name,
                "time_limit": STARTUP_SECONDS,
            }
        )
        answer = self._receive(STARTUP_SECONDS)
        if answer is None:
            self.close()
            raise BotError(f"{self.spec.path}: the bot took over {STARTUP_SECONDS:g} s to load")
        if isinstance(answer, str):
            self.close()
            raise BotError(f"{self.spec.path}: {answer} while loading")
        if answer.get("type") != "ready":
            self.close()
            raise BotError(str(answer.get("message", f"{self.spec.path}: could not load")))

    def _send(self, message: dict[str, Any]) -> None:
        stream = self._process.stdin
        assert stream is not None
        with contextlib.suppress(OSError, ValueError):  # a dead process shows when answering
            wire.write_message(stream, message)

    def _receive(self, seconds: float) -> dict[str, Any] | str | None:
        """The next message, a reason the process stopped, or None after ``seconds``."""
        try:
            return self._answers.get(timeout=seconds)
        except queue.Empty:
            return None

    def close(self) -> None:
        """Stop the bot's process and everything it started."""
        self._finalizer()

    def _restart(self, reason: str) -> BotError:
        self.close()
        self._start()
        return BotError(f"{self.spec.path}: {reason}; the bot was restarted and its memory lost")

    def new_key(self) -> int:
        """A fresh id for one game's bot instance."""
        return next(self._keys)

    def decide(self, key: int, observation: Observation, rng: np.random.Generator) -> Any:
        """Ask the bot instance ``key`` for its orders: checked plain data, never code."""
        limit = observation.scenario.bot_time_limit
        if observation.scenario is not self._scenario:
            scenario = wire.scenario_to_data(observation.scenario)
            self._send({"type": "scenario", "scenario": scenario})
            self._scenario = observation.scenario
        generator = None if key in self._seeded else wire.generator_state(rng)
        self._seeded.add(key)
        self._send(
            {
                "type": "decide",
                "game": key,
                "time_limit": limit,
                "observation": wire.observation_to_data(observation),
                "generator": generator,
            }
        )
        answer = self._receive(limit)
        if answer is None:
            raise self._restart(f"the decision took longer than {limit:g} s")
        if isinstance(answer, str):
            raise self._restart(answer)
        if answer.get("type") == "raised":
            raise BotError(str(answer.get("message", ""))[:400])
        if answer.get("type") != "orders":
            raise self._restart("the bot's process sent something that is not an answer")
        try:
            return wire.answer_from_data(answer.get("orders"))
        except wire.WireError as error:
            raise BotError(f"{self.spec.path}: its answer broke the protocol: {error}") from None


class Bot:
    """The game's side of one student bot in one game: asks the bot's process to decide."""

    def __init__(self, host: BotHost) -> None:
        self.host = host
        self.key = host.new_key()

    def decide(self, observation: Observation, rng: np.random.Generator) -> Orders:
        """Whatever the bot answers; the session checks it like any strategy's orders."""
        answer: Orders = self.host.decide(self.key, observation, rng)
        return answer
