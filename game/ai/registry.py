"""The catalog of strategies: names used on the command line and in level files.

A strategy is named with optional parameters, ``name:key=value,key=value`` on the command
line or ``{ strategy = "name", params = { key = value } }`` in a level file.
"""

from __future__ import annotations

import difflib
import inspect
import json
import math
import typing
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from game.ai.bayesian import Bayesian
from game.ai.bots import Bot, BotHost, is_bot, parse_bot_spec
from game.ai.classic import (
    Alternator,
    AlwaysArm,
    AlwaysDisarm,
    GenerousTitForTat,
    Grim,
    Pavlov,
    RandomChoice,
    SuspiciousTitForTat,
    TitForTat,
    TitForTwoTats,
)
from game.ai.composite import TrueToType
from game.ai.expansionist import Expansionist
from game.ai.expert import Expert
from game.ai.fearful import Fearful
from game.ai.protocol import Strategy
from game.ai.richardson import Richardson
from game.errors import GameError

HUMAN = "human"
"""The controller name of a person at the keyboard."""


class StrategyError(GameError):
    """A strategy name or parameter is wrong; the message says how to fix it."""


@dataclass(frozen=True)
class StrategyInfo:
    """A catalog entry: how to build the strategy and how to describe it to a student.

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

    def parameters(self) -> dict[str, Any]:
        """Parameter names and their defaults."""
        signature = inspect.signature(self.factory)
        return {name: p.default for name, p in signature.parameters.items()}


CATALOG: dict[str, StrategyInfo] = {
    info.name: info
    for info in (
        StrategyInfo(
            "always-disarm",
            AlwaysDisarm,
            "Cuts its weapons every turn, whatever you do: pure trust.",
            ("nice", "exploitable"),
            1,
        ),
        StrategyInfo(
            "always-arm",
            AlwaysArm,
            "Builds weapons every turn, whatever you do: pure distrust.",
            ("nasty",),
            1,
        ),
        StrategyInfo(
            "random",
            RandomChoice,
            "Arms at random: half the time by default; otherwise it disarms.",
            ("unpredictable",),
            1,
            {
                "p": "how often it arms, from 0 (never) to 1 (every turn) "
                "(default 0.5: half the time)"
            },
        ),
        StrategyInfo(
            "alternator",
            Alternator,
            "Disarms one turn and arms the next, over and over, whatever you do.",
            ("predictable",),
            1,
        ),
        StrategyInfo(
            "tit-for-tat",
            TitForTat,
            "Starts by disarming, then does what it saw you do the turn before.",
            ("nice", "retaliating", "forgiving"),
            2,
        ),
        StrategyInfo(
            "suspicious-tit-for-tat",
            SuspiciousTitForTat,
            "Like tit-for-tat, but it starts by arming.",
            ("suspicious", "retaliating", "forgiving"),
            2,
        ),
        StrategyInfo(
            "tit-for-two-tats",
            TitForTwoTats,
            "Arms only after it has seen you arm two turns in a row.",
            ("nice", "forgiving", "noise-robust"),
            2,
        ),
        StrategyInfo(
            "generous-tit-for-tat",
            GenerousTitForTat,
            "Does what it saw you do the turn before, but sometimes forgives an arming.",
            ("nice", "retaliating", "forgiving", "noise-robust"),
            3,
            {
                "generosity": "how often it forgives an arming it saw, from 0 (never) to 1 "
                "(always) (default: one time in three; on a Prisoner's Dilemma level, as often "
                "as the level's scores allow without rewarding a side that always arms)"
            },
        ),
        StrategyInfo(
            "grim",
            Grim,
            "Disarms until the first time it sees you arm, then arms for the rest of the game.",
            ("nice", "retaliating", "unforgiving"),
            2,
        ),
        StrategyInfo(
            "pavlov",
            Pavlov,
            "Win-stay, lose-shift: keeps its move after a good turn and changes it after a bad "
            "one.",
            ("nice", "retaliating", "noise-robust"),
            3,
        ),
        StrategyInfo(
            "richardson",
            Richardson,
            "Builds more the more weapons it thinks you have, less the more it has: an arms race.",
            ("reactive", "arms-race"),
            2,
            {
                "k": "how strongly it answers your weapons: each unit it thinks you have adds "
                "this much to what it builds (default 0.4)",
                "a": "how much its own weapons hold it back, through their cost and fatigue "
                "(default 0.5)",
                "g": "its grievance, what it builds even when nobody threatens it; below 0 it "
                "is goodwill, and it cuts instead (default 1)",
                "dt": "how big a step it takes each turn; smaller steps are slower and smoother "
                "(default 1)",
            },
        ),
        StrategyInfo(
            "fearful",
            Fearful,
            "Overestimates your weapons and reads silence as a threat, so it arms at the first "
            "doubt.",
            ("suspicious", "retaliating", "fearful"),
            2,
            {
                "fear": "how much it overestimates your weapons: 0.5 means by half, 0 not at all "
                "(default 0.5)"
            },
        ),
        StrategyInfo(
            "bayesian",
            Bayesian,
            "Weighs every move it sees with Bayes' rule and trusts you as far as the evidence "
            "allows.",
            ("nice", "forgiving", "noise-robust", "signalling"),
            4,
            {
                "threshold": "how much it must trust you before it disarms, from 0 to 1 "
                "(default: whatever pays best with the level's scores, half where the level "
                "has no score table)",
                "budget": "the most it pays for a costly signal such as inviting inspectors, as "
                "a share of one turn's income (default 0.5: half)",
                "prior": "how likely it thinks, before it has seen anything, that you mean "
                "harm, between 0 and 1 (default: the level's own odds of an expansionist, or "
                "one in four where the level fixes the type)",
            },
        ),
        StrategyInfo(
            "expansionist",
            Expansionist,
            "Talks peace, builds where you cannot see it, and strikes when it thinks it would win.",
            ("nasty", "deceptive", "aggressive"),
            3,
            {
                "nerve": "how sure of winning it must be before it strikes, from 0 to 1 "
                "(default 0.65: about two chances in three)"
            },
        ),
        StrategyInfo(
            "expert",
            Expert,
            "Imagines the situations it might be in and plays each move ahead before choosing.",
            ("nice", "retaliating", "planning", "signalling"),
            5,
            {
                "difficulty": "how hard it thinks, from 1 (a few quick guesses, two turns "
                "ahead) to 5 (many imagined situations, twelve turns ahead) (default 5)"
            },
        ),
        StrategyInfo(
            "true-to-type",
            lambda seeker="tit-for-tat", expansionist="expansionist": TrueToType(
                make_strategy(seeker), make_strategy(expansionist)
            ),
            "Plays as its hidden type: one strategy if it only wants security, another if it "
            "is expansionist.",
            ("type-driven",),
            3,
            {
                "seeker": "the strategy it plays if it only wants security (default tit-for-tat)",
                "expansionist": "the strategy it plays if it is expansionist (default "
                "expansionist)",
            },
        ),
    )
}


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


def _parameter_kinds(info: StrategyInfo) -> dict[str, tuple[tuple[type, ...], str]]:
    """Each parameter's accepted types, from the factory's annotations or its default."""
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
    for key, (types_, wanted) in _parameter_kinds(info).items():
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
