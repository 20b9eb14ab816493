"""What players read before a match: a briefing that fits who really plays.

A level's own briefing describes the shared situation; each nation may add what its
leaders are told. Who plays each side is not written in the level but taken from the
match, so the briefing never calls Blueland a copycat when the player picked the expert.
(The questions after a match come from ``Meta.questions_for``.)
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from game.ai.bots import is_bot
from game.ai.registry import HUMAN, StrategyError, lookup, parse_spec
from game.levels.compile import nation_look
from game.levels.schema import Level
from game.rules.model import Side

SIDES = (Side.RED, Side.BLUE)


@dataclass(frozen=True)
class Passage:
    """One paragraph of the briefing, with an optional heading (a nation's name)."""

    heading: str | None
    text: str


def describe_controller(spec: str) -> str:
    """A strategy spec in words: its name and one-line description (or a student's bot)."""
    if is_bot(spec):
        return f"a student's bot ({spec.removeprefix('bot:')})"
    name, params = parse_spec(spec)
    try:
        description = lookup(name).description
    except StrategyError:
        return spec
    shown = spec if params else name
    return f"{shown}: {description}"


def players(level: Level, controllers: Mapping[Side, str]) -> str:
    """Who plays each side, in one or two sentences addressed to whoever reads them."""
    names = {side: nation_look(level, side.key)[0] for side in SIDES}
    humans = [side for side in SIDES if controllers[side] == HUMAN]
    if len(humans) == 2:
        return (
            f"{names[Side.RED]} and {names[Side.BLUE]} are both played by people at this "
            "keyboard. Each of you sees only your own nation's intelligence, behind a curtain."
        )
    lines = []
    for side in SIDES:
        if side in humans:
            lines.append(f"You lead {names[side]}.")
        else:
            lines.append(
                f"{names[side]} is played by the computer: {describe_controller(controllers[side])}"
            )
    return " ".join(line if line.endswith(".") else line + "." for line in lines)


def briefing(level: Level, controllers: Mapping[Side, str]) -> list[Passage]:
    """The briefing for this match: the situation, each nation's part, and who plays.

    A person playing alone reads only its own nation's part; in hot-seat and when watching
    two computers, both parts are shown under their nations' names.
    """
    passages = [Passage(None, level.level.briefing.strip())]
    humans = [side for side in SIDES if controllers[side] == HUMAN]
    shown = humans if len(humans) == 1 else list(SIDES)
    for side in shown:
        own = getattr(level.nations, side.key).briefing
        if own:
            heading = None if len(shown) == 1 else nation_look(level, side.key)[0]
            passages.append(Passage(heading, own.strip()))
    passages.append(Passage(None, players(level, controllers)))
    return passages


def rules_in_short(level: Level) -> str:
    """The level's rules in a few plain sentences: what can go wrong, and how it ends."""
    rules, intel = level.rules, level.intel
    parts = [f"{rules.turns} turns."]
    if rules.mode == "matrix":
        parts.append("Each turn is scored by a fixed table of payoffs.")
    else:
        parts.append("When tension passes the crisis line, war can break out.")
    noisy = intel.arsenal_noise > 0 or intel.posture_misread > 0 or intel.signal_misread > 0
    parts.append(
        "Your spies can be wrong about the other side."
        if noisy
        else "Both sides see each other exactly."
    )
    if level.execution.error > 0:
        parts.append(f"Orders go wrong {level.execution.error:.0%} of the time.")
    if rules.strike:
        parts.append("A surprise strike is allowed.")
    kinds = len(level.weapons)
    if kinds > 1:
        parts.append(f"{kinds} kinds of weapon.")
    return " ".join(parts)
