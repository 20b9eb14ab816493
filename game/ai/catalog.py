"""The catalogue of built-in strategies, filled by the :func:`register` class decorator.

Each strategy class states its own name, words and difficulty
(:class:`~game.ai.protocol.Described`); registering it turns them into the entry that the
command line, the window, the lab and the briefing read (:data:`game.ai.registry.CATALOG`).
"""

from __future__ import annotations

import functools
import inspect
import typing
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, TypeVar

from game.ai.protocol import Described, Strategy


@dataclass(frozen=True)
class StrategyInfo:
    """A catalogue entry: how to build the strategy and how to describe it to a student.

    The words are for a student choosing an opponent (the command ``strategies``, the
    window's set-up screen, the briefing): plain sentences without formulas. The exact
    rules are in ``docs/strategies.md``.
    """

    name: str
    factory: Callable[..., Strategy]
    description: str
    """What it does, in one or two plain sentences."""
    tags: tuple[str, ...]
    difficulty: int
    """1 (easy to beat) to 5 (hardest)."""
    parameter_help: Mapping[str, str] = field(default_factory=dict)
    """Each parameter's meaning and its default, in words (``"how often it arms..."``)."""
    long_running: bool = False
    """True when it thinks so long per move that thousands of games would take minutes
    (a tournament says beforehand that it will take long)."""
    quickest: Mapping[str, int | float | str] = field(default_factory=dict)
    """Parameters at which a long-running strategy is quick enough for the lab."""

    def quick_spec(self) -> str | None:
        """How the lab names it: plainly, at its quickest parameters, or None if too slow."""
        if not self.long_running:
            return self.name
        if not self.quickest:
            return None
        return self.name + ":" + ",".join(f"{key}={value}" for key, value in self.quickest.items())

    def parameters(self) -> dict[str, Any]:
        """Parameter names and their defaults."""
        return dict(_defaults(self.factory))


@functools.cache
def _defaults(factory: Callable[..., Strategy]) -> tuple[tuple[str, Any], ...]:
    """A factory's parameters and defaults, read once (a tournament asks for every game)."""
    signature = inspect.signature(factory)
    return tuple((name, p.default) for name, p in signature.parameters.items())


REGISTERED: dict[str, StrategyInfo] = {}
"""Every registered strategy by name; the registry orders them into its catalogue."""

Registered = TypeVar("Registered", bound=type[Described])


def register(cls: Registered) -> Registered:
    """Add a strategy class to the catalogue under the name and words it declares."""
    if not callable(getattr(cls, "decide", None)):
        raise TypeError(f"{cls.__name__} has no decide method")
    if cls.name in REGISTERED:
        raise ValueError(f"two strategies are both called {cls.name!r}")
    REGISTERED[cls.name] = StrategyInfo(
        name=cls.name,
        factory=typing.cast(Callable[..., Strategy], cls),  # it has decide (checked)
        description=cls.description,
        tags=cls.tags,
        difficulty=cls.difficulty,
        parameter_help=cls.parameter_help,
        long_running=cls.long_running,
        quickest=cls.quickest,
    )
    return cls
