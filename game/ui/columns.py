"""The three columns of a watched or replayed game: each side's view beside the truth.

Watching two computer players and replaying a finished game show the same turn the same
way: what Redland knew, what was really so, what Blueland knew. A replay also knows, with
hindsight, where each view was wrong, and marks it there in words.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

import pygame

from game.replay.record import SideTurn, TurnRecord
from game.rules import vocabulary as words
from game.rules.model import NO_KIND, Memory, NationType, Observation, Posture, Side, Signal
from game.ui.painter import Painter
from game.ui.theme import Color, Look, Type

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
    names: tuple[str, ...] = ()
    """The level's weapons, so a count says what it counts (none given: "weapons")."""


@dataclass(frozen=True)
class Line:
    """A line of a column on the type scale, wrapped to the column's width (a title too)."""

    text: str
    size: float = Type.BODY
    color: Color | None = None
    bold: bool = False
    gap: float = 4
    """Design pixels above it."""
    emblem: tuple[str, Color] | None = None
    """A nation's emblem before the text."""


@dataclass(frozen=True)
class Bar:
    """A meter or an estimate bar: its height, and how to draw it in its rectangle."""

    height: float
    draw: Callable[[pygame.Rect], None]
    gap: float = 4


Row = Line | Bar
PAD = 10
"""Design pixels between a column's card and its rows."""


def row_height(painter: Painter, row: Row, width: int) -> int:
    """The pixels a row takes at ``width``, the gap above it included."""
    theme = painter.theme
    if isinstance(row, Bar):
        return theme.px(row.gap) + theme.px(row.height)
    line = theme.font(row.size, row.bold).get_height()
    if row.bold:
        left = _emblem_room(painter, row)
        return theme.px(row.gap) + line * len(bold_lines(painter, row, width - left))
    return theme.px(row.gap) + max(line, painter.paragraph_height(row.text, width, row.size))


def _emblem_room(painter: Painter, row: Line) -> int:
    """The pixels an emblem takes before a line's text (none without one)."""
    return 0 if row.emblem is None else 2 * painter.theme.px(9) + painter.theme.px(8)


def bold_lines(painter: Painter, row: Line, width: int) -> list[str]:
    """A bold line's words on as many lines as ``width`` needs (a title is never cut)."""
    font = painter.theme.font(row.size, True, row.text)
    lines: list[str] = []
    for word in row.text.split():
        if lines and font.size(f"{lines[-1]} {word}")[0] <= width:
            lines[-1] = f"{lines[-1]} {word}"
        else:
            lines.append(word)
    return lines or [""]


def rows_height(painter: Painter, rows: list[Row], width: int) -> int:
    """How tall a column's card ``width`` wide must be to hold ``rows``."""
    inner = width - 2 * painter.theme.px(PAD)
    return sum(row_height(painter, row, inner) for row in rows) + 2 * painter.theme.px(PAD)


def draw_rows(
    painter: Painter,
    box: pygame.Rect,
    rows: list[Row],
    edge: Color | None = None,
    window: pygame.Rect | None = None,
) -> None:
    """A card with ``rows`` one under the other from its top.

    With a ``window`` (the part of a scrolled page in view) the card is cut to it and only
    the rows wholly inside are drawn, so a row is shown whole or not at all.
    """
    theme = painter.theme
    inner = painter.card(box if window is None else box.clip(window), edge=edge, pad=PAD)
    y = box.top + theme.px(PAD)
    for row in rows:
        if window is not None:
            height = row_height(painter, row, inner.width)
            if not inner.contains(pygame.Rect(inner.left, y, inner.width, height)):
                y += height
                continue
        y += theme.px(row.gap)
        if isinstance(row, Bar):
            row.draw(pygame.Rect(inner.left, y, inner.width, theme.px(row.height)))
            y += theme.px(row.height)
            continue
        if not row.bold:
            area = pygame.Rect(inner.left, y, inner.width, 0)
            painter.paragraph(row.text, area, row.size, row.color)
            y += row_height(painter, row, inner.width) - theme.px(row.gap)
            continue
        left = inner.left
        if row.emblem is not None:
            line = theme.font(row.size, row.bold).get_height()
            radius = theme.px(9)
            painter.emblem(row.emblem[0], (left + radius, y + line // 2), radius, row.emblem[1])
        left += _emblem_room(painter, row)
        for text in bold_lines(painter, row, inner.right - left):
            y = painter.text(text, (left, y), row.size, row.color, row.bold).bottom


def view_rows(
    painter: Painter,
    look: Look,
    other: Look,
    view: Observation,
    belief: float,
    hindsight: Hindsight | None = None,
    deciding: bool = False,
    observer: bool = True,
) -> list[Row]:
    """What one side knew: its estimate of the other, what it saw and heard, its belief.

    ``deciding`` says in words that this is the view the side had when it gave its orders;
    ``observer`` adds the careful observer's belief (the replay charts it on a tab instead).
    """
    palette = painter.theme.palette
    intel = view.intel
    label = f"{other.name}: {words.units(view.scenario.weapon_names)}"
    if deciding:
        label = f"Count of {other.name}, turn {view.turn + 1}"
    rows: list[Row] = [
        Line(f"{look.name}'s view", Type.BODY, look.color, True, 0, (look.emblem, look.color)),
        Line(label, Type.SMALL, palette.dim, gap=2),
        Line(
            f"{words.number(intel.low)} to {words.number(intel.high)} "
            f"(best guess {words.number(intel.total)})",
            gap=0,
        ),
    ]
    known = [intel.high, sum(view.arsenal), 1.0]
    if hindsight is not None:
        known.append(hindsight.count)
    top = max(known) * 1.2

    def estimate(bar: pygame.Rect) -> None:
        painter.estimate_bar(bar, intel.low, intel.total, intel.high, top, other.color)
        if hindsight is not None:
            painter.mark(bar, hindsight.count / top)

    rows.append(Bar(14, estimate, 4))
    if hindsight is not None:
        inside = intel.low <= hindsight.count <= intel.high
        rows.append(
            Line(
                f"Really {words.number(hindsight.count)} (white mark): "
                + ("inside the range" if inside else "OUTSIDE the range"),
                Type.SMALL,
                palette.dim if inside else palette.warning,
            )
        )
    if view.history:
        memory = view.history[-1]
        names = view.scenario.weapon_names
        kind = None if memory.seen_kind == NO_KIND else names[memory.seen_kind]
        seen = words.seen_words(memory.seen_posture, kind, memory.seen_threat)
        rows.append(Line(f"Saw {other.name} in turn {view.turn}: {seen}", Type.SMALL, gap=4))
        rows.append(Line(f"Heard: {words.HEARD[memory.seen_signal]}", Type.SMALL, gap=0))
        wrong = _corrections(memory, hindsight) if hindsight is not None else ""
        if wrong:
            rows.append(Line(f"In truth {other.name} {wrong}", Type.SMALL, palette.warning))
    else:
        rows.append(Line("No turn played yet", Type.SMALL, palette.dim, gap=4))
    felt = f"Felt security {view.felt_security:.0%}"
    real = None if hindsight is None else hindsight.real_security
    if real is not None:
        felt += f" (real {real:.0%})"
    rows.append(Line(felt, Type.SMALL, gap=4))
    rows.append(Bar(10, lambda bar: painter.meter(bar, view.felt_security, palette.good, real), 2))
    if observer:
        rows.append(Line(f"Careful observer: {belief:.0%} expansionist", Type.SMALL, gap=2))
        rows.append(Bar(10, lambda bar: painter.meter(bar, belief, palette.warning), 2))
    return rows


def _corrections(memory: Memory, hindsight: Hindsight) -> str:
    """Where what a side saw and heard differs from what the other did and said."""
    wrong = []
    if hindsight.posture is not None and hindsight.posture is not memory.seen_posture:
        wrong.append(words.SEEN[hindsight.posture])
    if hindsight.signal is not memory.seen_signal:
        wrong.append(f"said {words.HEARD[hindsight.signal]}")
    return " and ".join(wrong)


def truth_rows(
    painter: Painter,
    looks: Mapping[Side, Look],
    truth: Truth,
    title: str = "The truth",
    footer: str = "",
) -> list[Row]:
    """What really happened: arsenals, orders and what was carried out, signals, tension."""
    palette = painter.theme.palette
    rows: list[Row] = [Line(title, Type.BODY, palette.focus, True, 0)]
    record = truth.turn
    for side in SIDES:
        look = looks[side]
        count = f"{look.name}: {weapons(truth.arsenals[side], truth.names)}"
        if truth.before is not None:
            count += f" (was {words.number(truth.before[side])})"
        rows.append(Line(count, Type.BODY, look.color, True, 10, (look.emblem, look.color)))
        if truth.types is not None:
            rows.append(
                Line(
                    f"Hidden type: {words.TYPE[truth.types[side]]}", Type.SMALL, palette.dim, gap=0
                )
            )
        if record is not None:
            rows.append(Line(_move_line(record.side(side)), Type.SMALL, gap=0))
    crisis = " \u2014 CRISIS" if truth.crisis else ""
    rows.append(Line(f"Tension {truth.tension:.2f}{crisis}", Type.BODY, palette.tension, gap=10))
    rows.append(
        Bar(
            12,
            lambda bar: painter.meter(
                bar, truth.tension, palette.tension, marker=truth.crisis_threshold
            ),
            2,
        )
    )
    if record is not None and record.treaty:
        rows.append(Line("A treaty freezes both arsenals.", Type.SMALL, gap=6))
    if record is not None:
        rows += [Line(f"News: {news}", Type.SMALL, palette.dim) for news in record.news[:2]]
    if footer:
        rows.append(Line(footer, Type.SMALL, palette.dim, gap=8))
    return rows


def weapons(count: float, names: tuple[str, ...] = ()) -> str:
    """``2 Border brigades``: a count with the level's weapon, or ``1 weapon``, ``2.5 weapons``."""
    shown = words.number(count)
    if names:
        return f"{shown} {words.units(names)}"
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
