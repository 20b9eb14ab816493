"""Students' bots: a strategy loaded from a ``.py`` file and run in a separate process.

``bot:PATH.py`` (or ``bot:PATH.py:ClassName``) names a file with a class that has a
``decide(observation, rng)`` method. The bot runs in its own process, so it works on a
copy of its observation, cannot touch the game, and cannot see anything but what it is
sent. A file that does not load is reported before the game starts, with file and line.
During the game, an exception or a decision slower than the level's ``bot_time_limit``
is raised to the caller as :class:`BotError`, which the session turns into "hold, no
signal" for that turn and reports after the game; a bot that overran is restarted fresh.
"""

from __future__ import annotations

import contextlib
import itertools
import multiprocessing
import sys
import traceback
import types
import weakref
from dataclasses import dataclass, replace
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

import numpy as np

from game.rules.model import Observation, Orders, Scenario

BOT_PREFIX = "bot:"
STARTUP_SECONDS = 30.0
"""Time a bot file may take to load (importing numpy alone can take a second)."""


class BotError(Exception):
    """A bot could not be loaded, or failed while deciding; the message says where."""


@dataclass(frozen=True)
class BotSpec:
    """Which file, and which class in it (None: the only class with a ``decide`` method)."""

    path: Path
    class_name: str | None


def is_bot(spec: str) -> bool:
    """True for ``bot:...`` specs."""
    return spec.startswith(BOT_PREFIX)


def parse_bot_spec(spec: str) -> BotSpec:
    """Split ``bot:PATH.py[:ClassName]`` (a Windows drive letter's colon is allowed)."""
    rest = spec.removeprefix(BOT_PREFIX)
    path_text, sep, class_name = rest.rpartition(":")
    if sep and path_text.endswith(".py") and class_name.isidentifier():
        return BotSpec(Path(path_text), class_name)
    if not rest.endswith(".py"):
        raise BotError(f"{spec}: a bot is written bot:PATH.py or bot:PATH.py:ClassName")
    return BotSpec(Path(rest), None)


def _where(error: BaseException, path: Path) -> str:
    """``file:line`` of the deepest frame of ``error`` inside the bot's file."""
    line = None
    for frame in traceback.extract_tb(error.__traceback__):
        if Path(frame.filename) == path:
            line = frame.lineno
    return f"{path}:{line}" if line else str(path)


def load_bot_class(spec: BotSpec) -> type:
    """Import the bot's file as a fresh module and find its strategy class."""
    path = spec.path.resolve()
    try:
        source = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise BotError(f"{spec.path}: cannot read the bot: {error}") from None
    try:
        code = compile(source, str(path), "exec")
    except SyntaxError as error:
        raise BotError(f"{path}:{error.lineno}: SyntaxError: {error.msg}") from None
    module = types.ModuleType(f"student_bot_{path.stem}")
    module.__file__ = str(path)
    sys.path.insert(0, str(path.parent))  # the bot may import helpers kept beside it
    try:
        exec(code, module.__dict__)
    except Exception as error:
        raise BotError(f"{_where(error, path)}: {type(error).__name__}: {error}") from None
    candidates = [
        value
        for value in vars(module).values()
        if isinstance(value, type)
        and value.__module__ == module.__name__
        and callable(getattr(value, "decide", None))
    ]
    if spec.class_name is not None:
        chosen = vars(module).get(spec.class_name)
        if not isinstance(chosen, type) or not callable(getattr(chosen, "decide", None)):
            found = ", ".join(c.__name__ for c in candidates) or "none"
            raise BotError(
                f"{path}: no class {spec.class_name} with a decide method (found: {found})"
            )
        return chosen
    if len(candidates) != 1:
        found = ", ".join(c.__name__ for c in candidates) or "none"
        raise BotError(
            f"{path}: expected one class with a decide(observation, rng) method, found {found};"
            " name one with bot:FILE.py:ClassName"
        )
    return candidates[0]


def _serve(spec: BotSpec, conn: Connection) -> None:
    """The bot's process: load it, then answer decisions until told to stop."""
    sys.stdout = sys.stderr  # a bot's print() must never mix into the game's own output
    try:
        strategy_class = load_bot_class(spec)
        strategy_class()
    except BotError as error:
        conn.send(("error", str(error)))
        return
    except Exception as error:
        conn.send(
            (
                "error",
                f"{_where(error, spec.path.resolve())}: cannot create the bot: "
                f"{type(error).__name__}: {error}",
            )
        )
        return
    conn.send(("ready", None))
    path = spec.path.resolve()
    instances: dict[int, Any] = {}
    generators: dict[int, np.random.Generator] = {}
    scenario: Scenario | None = None
    while True:
        message = conn.recv()
        if message is None:
            return
        kind = message[0]
        if kind == "scenario":
            scenario = message[1]
            continue
        _, key, observation, generator = message
        if generator is not None:
            generators[key] = generator
        try:
            if key not in instances:
                instances[key] = strategy_class()
            orders = instances[key].decide(replace(observation, scenario=scenario), generators[key])
        except Exception as error:
            conn.send(("raised", f"{_where(error, path)}: {type(error).__name__}: {error}"))
            continue
        try:
            conn.send(("orders", orders))
        except Exception:  # an unpicklable answer is a wrong return value
            conn.send(("orders", repr(orders)))


def _stop(process: multiprocessing.process.BaseProcess, conn: Connection) -> None:
    with contextlib.suppress(OSError, ValueError):
        conn.send(None)
    process.join(timeout=1.0)
    if process.is_alive():
        process.kill()
    conn.close()


class BotHost:
    """One bot process serving any number of games, each with its own bot instance."""

    def __init__(self, spec: BotSpec) -> None:
        self.spec = spec
        self._keys = itertools.count()
        self._start()

    def _start(self) -> None:
        context = multiprocessing.get_context("spawn")
        parent, child = context.Pipe()
        process = context.Process(target=_serve, args=(self.spec, child), daemon=True)
        process.start()
        child.close()
        self._conn = parent
        self._process = process
        self._finalizer = weakref.finalize(self, _stop, process, parent)
        self._scenario: Scenario | None = None
        self._seeded: set[int] = set()
        if not parent.poll(STARTUP_SECONDS):
            self.close()
            raise BotError(f"{self.spec.path}: the bot took over {STARTUP_SECONDS:g} s to load")
        try:
            status, detail = parent.recv()
        except EOFError:
            self.close()
            raise BotError(f"{self.spec.path}: the bot's process ended while loading") from None
        if status != "ready":
            self.close()
            raise BotError(detail)

    def close(self) -> None:
        """Stop the bot's process."""
        self._finalizer()

    def new_key(self) -> int:
        """A fresh id for one game's bot instance."""
        return next(self._keys)

    def decide(self, key: int, observation: Observation, rng: np.random.Generator) -> Any:
        """Ask the bot instance ``key`` for its orders (the bot may return anything)."""
        limit = observation.scenario.bot_time_limit
        if observation.scenario is not self._scenario:
            self._conn.send(("scenario", observation.scenario))
            self._scenario = observation.scenario
        generator = None if key in self._seeded else rng
        self._seeded.add(key)
        # the scenario was sent once; the bot's process puts it back into the observation
        light = replace(observation, scenario=None)  # type: ignore[arg-type]
        self._conn.send(("decide", key, light, generator))
        if not self._conn.poll(limit):
            self.close()
            self._start()
            raise BotError(
                f"{self.spec.path}: the decision took longer than {limit:g} s; "
                "the bot was restarted and its memory lost"
            )
        try:
            status, detail = self._conn.recv()
        except EOFError:
            self.close()
            self._start()
            raise BotError(f"{self.spec.path}: the bot's process died; it was restarted") from None
        if status == "raised":
            raise BotError(detail)
        return detail


class Bot:
    """The game's side of one student bot in one game: asks the bot's process to decide."""

    def __init__(self, host: BotHost) -> None:
        self.host = host
        self.key = host.new_key()

    def decide(self, observation: Observation, rng: np.random.Generator) -> Orders:
        """Whatever the bot answers; the session checks it like any strategy's orders."""
        answer: Orders = self.host.decide(self.key, observation, rng)
        return answer
