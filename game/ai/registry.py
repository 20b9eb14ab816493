"""The catalog of strategies: names used on the command line and in level files.

A strategy is named with optional parameters, ``name:key=value,key=value`` on the command
line or ``{ strategy = "name", params = { key = value } }`` in a level file.
"""

from __future__ import annotations

import difflib
import functools
import inspect
import json
import math
import typing
from collections.abc import Callable, Mapping
from typing import Any

from game.ai import bayesian, classic, composite, expansionist, expert, fearful, richardson
from game.ai.bot_spec import is_bot, parse_bot_spec
from game.ai.catalog import REGISTERED, StrategyInfo
from game.ai.protocol import Strategy
from game.errors import GameError

HUMAN = "human"
"""The controller name of a person at the keyboard."""


class StrategyError(GameError):
    """A strategy name or parameter is wrong; the message says how to fix it."""


_LISTED = [
    module.__name__
    for module in (classic, richardson, fearful, bayesian, expansionist, expert, composite)
]
"""The strategy modules in the order the catalogue lists them (each in its own order)."""

CATALOG: dict[str, StrategyInfo] = dict(
    sorted(REGISTERED.items(), key=lambda item: _LISTED.index(item[1].factory.__module__))
)
"""Every built-in strategy by name, registered by :func:`game.ai.catalog.register`."""

MAX_SPEC_LENGTH = 300
"""Characters in a strategy spec (``name:key=value,...``); a bot spec's path may be long."""
MAX_VALUE_LENGTH = 60
"""Characters in one parameter value: parameters are numbers, true/false or short names."""


def _parse_value(raw: str) -> Any:
    """A parameter value: a number, true or false, a quoted name, or else a bare name."""
    if len(raw) > MAX_VALUE_LENGTH:
        raise StrategyError(f"a parameter value may have at most {MAX_VALUE_LENGTH} characters")
    if raw in ("true", "false"):
        return raw == "true"
    for number in (int, float):
        try:
            return number(raw.replace("_", ""))
        except ValueError:
            pass
    if len(raw) >= 2 and raw[0] == raw[-1] and raw[0] in "\"'":
        return raw[1:-1]
    return raw


def parse_spec(spec: str) -> tuple[str, dict[str, Any]]:
    """Split ``name:key=value,key=value`` into the name and typed parameters."""
    if len(spec) > MAX_SPEC_LENGTH and not is_bot(spec):
        raise StrategyError(f"a strategy spec may have at most {MAX_SPEC_LENGTH} characters")
    name, _, rest = spec.partition(":")
    params: dict[str, Any] = {}
    for item in filter(None, (part.strip() for part in rest.split(","))):
        key, sep, raw = item.partition("=")
        if not sep or not key.strip():
            raise StrategyError(f"{spec!r}: parameters are written key=value (got {item!r})")
        params[key.strip()] = _parse_value(raw.strip())
    return name.strip(), params


def spec_text(name: str, params: Mapping[str, Any] | None = None) -> str:
    """The command-line form of a strategy with parameters (inverse of :func:`parse_spec`)."""
    if not params:
        return name

    def show(value: Any) -> str:
        if isinstance(value, bool):
            return "true" if value else "false"
        return json.dumps(value) if isinstance(value, str) else repr(value)

    return name + ":" + ",".join(f"{key}={show(value)}" for key, value in params.items())


def lookup(name: str) -> StrategyInfo:
    """The catalog entry for ``name``, or an error suggesting the closest name."""
    if name in CATALOG:
        return CATALOG[name]
    close = difflib.get_close_matches(name, list(CATALOG), n=1)
    hint = f"; did you mean {close[0]!r}?" if close else ""
    raise StrategyError(f"unknown strategy {name!r}{hint} (see: security-dilemma strategies)")


_KINDS: dict[type, tuple[tuple[type, ...], str]] = {
    float: ((int, float), "a number"),
    int: ((int,), "a whole number"),
    str: ((str,), "a name in quotes"),
    bool: ((bool,), "true or false"),
}
"""What a parameter of each annotated type accepts, and how a message asks for it."""


@functools.cache
def _parameter_kinds(strategy: str) -> dict[str, tuple[tuple[type, ...], str]]:
    """Each parameter's accepted types, from the factory's annotations or its default.

    Read once per strategy: its class does not change while the game runs.
    """
    info = CATALOG[strategy]
    factory = info.factory
    target = vars(factory).get("__init__", factory) if isinstance(factory, type) else factory
    try:
        hints = typing.get_type_hints(target)
    except (NameError, TypeError):
        hints = {}
    kinds = {}
    for name, default in info.parameters().items():
        hint = hints.get(name)
        options = [a for a in typing.get_args(hint) if a is not type(None)] if hint else []
        base = options[0] if len(options) == 1 else hint
        if base not in _KINDS and default is not inspect.Parameter.empty:
            base = type(default)
        if base in _KINDS:
            kinds[name] = _KINDS[base]
    return kinds


def make_strategy(name: str, params: Mapping[str, Any] | None = None) -> Strategy:
    """A fresh strategy instance (one per game and side: strategies may keep memory).

    Every parameter is checked against what the strategy takes, by name and by type, so a
    wrong one is refused with a message and never reaches the game.
    """
    info = lookup(name)
    params = dict(params or {})
    accepted = info.parameters()
    unknown = sorted(set(params) - set(accepted))
    if unknown:
        takes = ", ".join(accepted) or "no parameters"
        raise StrategyError(f"{name} does not take {', '.join(unknown)} (it takes {takes})")
    for key, (types_, wanted) in _parameter_kinds(name).items():
        if key not in params:
            continue
        value = params[key]
        boolean = isinstance(value, bool) and bool not in types_
        if boolean or not isinstance(value, types_):
            raise StrategyError(f"{name}: {key} must be {wanted} (got {_shown(value)})")
        if isinstance(value, float) and not math.isfinite(value):
            raise StrategyError(f"{name}: {key} must be a finite number (got {value})")
    try:
        return info.factory(**params)
    except (TypeError, ValueError, OverflowError) as error:
        raise StrategyError(f"{name}: {error}") from None


def _shown(value: Any) -> str:
    text = json.dumps(value) if isinstance(value, str) else repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def strategy_from_spec(spec: str) -> Strategy:
    """Build a strategy from its command-line form."""
    return factory_from_spec(spec)()


def factory_from_spec(spec: str) -> Callable[[], Strategy]:
    """A factory of fresh instances of a catalog strategy or a student's bot.

    Everything is checked now, before any game starts: names, parameters, and for a bot
    (``bot:PATH.py[:ClassName]``) that its file loads (its process is started once and
    serves every game).
    """
    if is_bot(spec):
        from game.ai.bots import Bot, BotHost  # bot processes, only for a bot

        host = BotHost(parse_bot_spec(spec))
        return lambda: Bot(host)
    name, params = parse_spec(spec)
    make_strategy(name, params)
    return lambda: make_strategy(name, params)


def controller_problem(strategy: str, params: Mapping[str, Any]) -> str | None:
    """Why a level's default controller is not playable, or None (``human`` is fine)."""
    if strategy == HUMAN and not params:
        return None
    try:
        make_strategy(strategy, params)
    except StrategyError as error:
        return str(error) if strategy != HUMAN else "human takes no parameters"
    return None
