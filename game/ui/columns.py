"""The three columns of a watched or replayed game: each side's view beside the truth.

Watching two computer players and replaying a finished game show the same turn the same
way: what Redland knew, what was really so, what Blueland knew. A replay also knows, with
hindsight, where each view was wrong, and marks it there in words.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import pygame

from game.replay.record import SideTurn, TurnRecord
from game.rules import vocabulary as words
from game.rules.model import NO_KIND, Memory, NationType, Observation, Posture, Side, Signal
from game.ui.painter import Painter
from game.ui.theme import Look

SIDES = (Side.RED, Side.BLUE)


@dataclass(frozen=True)
class Hindsight:
    """What the other side really had and did, to show where a view was wrong."""

    count: float
    """The other side's true number of weapons."""
    posture: Posture | None
    """What it really carried out (None before the first turn)."""
    signal: Signal
    """What it really said."""
    real_security: float | None
    """This side's real security, beside the security it felt (None before turn 1)."""


@dataclass(frozen=True)
class Truth:
    """What was really so after one turn, for the middle column."""

    arsenals: Mapping[Side, float]
    before: Mapping[Side, float] | None
    """The arsenals before the turn, where they are worth showing beside the new ones."""
    tension: float
    crisis: bool
    crisis_threshold: float
    turn: TurnRecord | None
    """The turn's record (orders, what was carried out, news); None before turn 1."""
    types: Mapping[Side, NationType] | None
    """The hidden types, once they may be shown (a replay); None while they are secret."""


def draw_view(
    painter: Painter,
    box: pygame.Rect,
    look: Look,
    other: Look,
    view: Observation,
    belief: float,
    hindsight: Hindsight | None = None,
    deciding: bool = False,
) -> None:
    """What one side knew: its estimate of the other, what it saw and heard, its belief.

    ``deciding`` says in words that this is the view the side had when it gave its orders.
    """
    theme = painter.theme
    palette = theme.palette
    painter.card(box, pad=14)
    pad = theme.px(14)
    x, y = box.left + pad, box.top + pad
    width = box.width - 2 * pad
    painter.emblem(look.emblem, (x + theme.px(10), y + theme.px(14)), theme.px(10), look.color)
    painter.text(f"{look.name}'s view", (x + theme.px(28), y), 22, look.color, bold=True)
    y += theme.px(32)
    intel = view.intel
    label = f"Count of {other.name} weapons"
    if deciding:
        label = f"{other.name} weapons, deciding turn {view.turn + 1}"
    painter.text(label, (x, y), 16, palette.dim)
    y += theme.px(22)
    guess = painter.text(
        f"{words.number(intel.low)} to {words.number(intel.high)} "
        f"(best guess {words.number(intel.total)})",
        (x, y),
        18,
    )
    y = guess.bottom + theme.px(3)  # descenders clear of the bar
    known = [intel.high, sum(view.arsenal), 1.0]
    if hindsight is not None:
        known.append(hindsight.count)
    top = max(known) * 1.2
    bar = pygame.Rect(x, y, width, theme.px(14))
    painter.estimate_bar(bar, intel.low, intel.total, intel.high, top, other.color)
    if hindsight is not None:
        painter.mark(bar, hindsight.count / top)
        y += theme.px(24)
        inside = intel.low <= hindsight.count <= intel.high
        painter.text(
            f"Really {words.number(hindsight.count)} (white mark): "
            + ("inside the range" if inside else "OUTSIDE the range"),
            (x, y),
            15,
            palette.dim if inside else palette.warning,
        )
        y += theme.px(22)
    else:
        y += theme.px(28)
    if view.history:
        memory = view.history[-1]
        names = view.scenario.weapon_names
        kind = None if memory.seen_kind == NO_KIND else names[memory.seen_kind]
        seen = words.seen_words(memory.seen_posture, kind, memory.seen_threat)
        y = painter.text(f"Saw {other.name} in turn {view.turn}: {seen}", (x, y), 18).bottom
        y = painter.text(f"Heard: {words.HEARD[memory.seen_signal]}", (x, y), 18).bottom
        y += theme.px(2)
        if hindsight is not None:
            wrong = _corrections(memory, hindsight)
            if wrong:
                painter.text(f"In truth {other.name} {wrong}", (x, y), 15, palette.warning, True)
                y += theme.px(20)
    else:
        painter.text("No turn played yet", (x, y), 18, palette.dim)
        y += theme.px(48)
    felt = f"Felt security {view.felt_security:.0%}"
    real = None if hindsight is None else hindsight.real_security
    if real is not None:
        felt += f" (real {real:.0%}: white line)"
    y = painter.text(felt, (x, y), 16).bottom + theme.px(3)
    painter.meter(pygame.Rect(x, y, width, theme.px(10)), view.felt_security, palette.good, real)
    y += theme.px(18)
    y = painter.text(f"Careful observer: {belief:.0%} expansionist", (x, y), 16).bottom
    y += theme.px(3)
    painter.meter(pygame.Rect(x, y, width, theme.px(10)), belief, palette.warning)


def _corrections(memory: Memory, hindsight: Hindsight) -> str:
    """Where what a side saw and heard differs from what the other did and said."""
    wrong = []
    if hindsight.posture is not None and hindsight.posture is not memory.seen_posture:
        wrong.append(words.SEEN[hindsight.posture])
    if hindsight.signal is not memory.seen_signal:
        wrong.append(f"said {words.HEARD[hindsight.signal]}")
    return " and ".join(wrong)


def draw_truth(
    painter: Painter,
    box: pygame.Rect,
    looks: Mapping[Side, Look],
    truth: Truth,
    title: str = "The truth",
    footer: str = "",
) -> None:
    """What really happened: arsenals, orders and what was carried out, signals, tension."""
    theme = painter.theme
    palette = theme.palette
    inner = painter.card(box, edge=palette.focus, pad=14)
    pad = theme.px(14)
    x, y = box.left + pad, box.top + pad
    painter.text(title, (x, y), 22, palette.focus, bold=True)
    y += theme.px(36)
    record = truth.turn
    for side in SIDES:
        look = looks[side]
        painter.emblem(look.emblem, (x + theme.px(8), y + theme.px(12)), theme.px(8), look.color)
        count = f"{look.name}: {weapons(truth.arsenals[side])}"
        if truth.before is not None:
            count += f" (was {words.number(truth.before[side])})"
        painter.text(count, (x + theme.px(24), y), 20, look.color, bold=True)
        y += theme.px(28)
        if truth.types is not None:
            painter.text(f"Hidden type: {words.TYPE[truth.types[side]]}", (x, y), 15, palette.dim)
            y += theme.px(22)
        if record is None:
            y += theme.px(10)
            continue
        painter.text(_move_line(record.side(side)), (x, y), 16, palette.text)
        y += theme.px(28)
    crisis = " \u2014 CRISIS" if truth.crisis else ""
    y = painter.text(f"Tension {truth.tension:.2f}{crisis}", (x, y), 18, palette.tension).bottom
    y += theme.px(3)
    meter = pygame.Rect(x, y, inner.width, theme.px(12))
    painter.meter(meter, truth.tension, palette.tension, marker=truth.crisis_threshold)
    y += theme.px(24)
    if record is not None and record.treaty:
        painter.text("A treaty freezes both arsenals.", (x, y), 16)
        y += theme.px(22)
    if record is not None:
        for news in record.news[:2]:
            painter.text(f"News: {news}", (x, y), 16, palette.dim)
            y += theme.px(22)
    if footer:
        painter.text(footer, (x, inner.bottom - theme.px(20)), 16, palette.dim)


def weapons(count: float) -> str:
    """``1 weapon``, ``2.5 weapons``: a count with its noun."""
    shown = words.number(count)
    return f"{shown} weapon" if shown == "1" else f"{shown} weapons"


def _move_line(own: SideTurn) -> str:
    """What a side carried out (and ordered, if different) and what it said, in words."""
    ordered, executed = own.orders.posture, own.executed.posture
    amount = own.executed.amount
    moved = f" {words.number(amount)}" if executed is not Posture.HOLD and amount else ""
    line = f"{words.POSTURE[executed]}{moved}"
    if executed is not ordered:
        line += f" (ordered: {words.POSTURE[ordered].lower()})"
    return f"{line}; said: {words.HEARD[own.executed.signal]}"
