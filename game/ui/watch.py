"""Watching two computer players: both private views beside the truth, at a chosen speed.

Nobody at the keyboard plays, so the class may see everything at once: what Redland
believed, what was really happening, and what Blueland believed, turn after turn. Only
the hidden types wait for the debrief, so the class can guess who meant harm.

Keys: P pause or play, N one step, 1 / 4 / M speed, Enter on a focused button, Esc the
pause menu; Page Up / Page Down (or the wheel) scroll where the window is too small to show
everything at the chosen interface size.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pygame

from game.ai.beliefs import belief_from
from game.replay.record import TurnRecord
from game.rules.model import Side
from game.ui import charts
from game.ui.columns import SIDES, Line, Row, Truth, draw_rows, rows_height, truth_rows, view_rows
from game.ui.layout import button_row, rows_of
from game.ui.painter import Painter
from game.ui.roles import MatchHost
from game.ui.scroll import ScrollStack, Section
from game.ui.theme import Color, Type
from game.ui.widgets import Button, Focus

REVEALED = "Hidden types are revealed in the debrief."


@dataclass(frozen=True)
class Speed:
    """How fast turns go by: a label, its key, and the pause between turns.

    At 1× a turn lasts two seconds, long enough for a teacher to say what happened; 4× is
    four times as fast, and Max plays a turn every frame.
    """

    label: str
    key: int
    interval_ms: int


SPEEDS = (
    Speed("1\u00d7", pygame.K_1, 2000),
    Speed("4\u00d7", pygame.K_4, 500),
    Speed("Max", pygame.K_m, 0),  # one turn every frame
)


class Watch:
    """AI against AI, turn by turn, with pause, step and three speeds."""

    def __init__(self, flow: MatchHost) -> None:
        self.flow = flow
        self.playing = True
        self.speed = SPEEDS[0]
        self.last_turn_at: int | None = None
        self.play_button = Button("Pause", self.toggle)
        self.step_button = Button("Step", self.step)
        self.speed_buttons = [Button(s.label, self._setter(s)) for s in SPEEDS]
        self.debrief_button = Button("Debrief", flow.finish, enabled=False)
        self.focus = Focus(
            [self.play_button, self.step_button, *self.speed_buttons, self.debrief_button]
        )
        self.page = ScrollStack()
        """The columns and the chart, scrolled where the window cannot show them all."""

    # -- control ------------------------------------------------------------------------------
    def toggle(self) -> None:
        """Pause or play."""
        self.playing = not self.playing
        self.play_button.label = "Pause" if self.playing else "Play"

    def _setter(self, speed: Speed) -> Callable[[], None]:
        return lambda: self.set_speed(speed)

    def set_speed(self, speed: Speed) -> None:
        """Choose a speed; choosing one also starts playing."""
        self.speed = speed
        if not self.playing:
            self.toggle()

    def step(self) -> None:
        """Play exactly one turn and pause, to talk it through."""
        if self.playing:
            self.toggle()
        self.advance()

    def advance(self) -> None:
        """Resolve one turn (nothing once the game is over)."""
        match = self.flow.match
        if match.finished:
            return
        self.flow.resolve()
        if match.finished:
            self.playing = False
            self.play_button.enabled = self.step_button.enabled = False
            self.debrief_button.enabled = True
            self.focus.index = self.focus.widgets.index(self.debrief_button)

    def update(self, now_ms: int) -> bool:
        """Play the next turn when its time has come; True if it did."""
        if not self.playing:
            self.last_turn_at = None
            return False
        if self.last_turn_at is None:
            self.last_turn_at = now_ms
        if now_ms - self.last_turn_at >= self.speed.interval_ms:
            self.last_turn_at = now_ms
            self.advance()
            return True
        return False

    def handle(self, event: pygame.event.Event) -> None:
        """Speed keys first, then the buttons."""
        if self.flow.intercept(event):
            return
        if event.type == pygame.KEYDOWN:
            if event.key == pygame.K_p:
                self.toggle()
                return
            if event.key == pygame.K_n:
                self.step()
                return
            for speed in SPEEDS:
                if event.key == speed.key:
                    self.set_speed(speed)
                    return
        if self.page.page(event) or self.page.wheel(event):
            return
        self.focus.handle(event)

    # -- drawing ------------------------------------------------------------------------------
    def draw(self, painter: Painter) -> None:
        """Controls, three columns for the last turn, and the chart of the game so far.

        The columns stand side by side where the window holds three at the chosen
        interface size; else the truth comes first and the two views under it. Whatever
        does not fit scrolls a section at a time (the wheel, Page Up / Page Down).
        """
        painter.fill()
        theme = painter.theme
        px = theme.px
        match = self.flow.match
        top = self._controls(painter)
        keys = "P pause \u00b7 N step \u00b7 1 / 4 / M speed \u00b7 Esc menu"
        if match.finished:
            keys = "Press Enter for the debrief"
        keys_line = self._keys_line(painter, keys + " \u00b7 PgUp/PgDn: scroll")
        margin = px(30)
        self.page.rect = pygame.Rect(margin, top + px(10), painter.width - 2 * margin, 0)
        self.page.rect.height = keys_line.top - px(6) - self.page.rect.top
        self.page.lay_out(painter, lambda width: self._sections(painter, width))
        if self.page.hidden:
            keys += " \u00b7 PgUp/PgDn: scroll"
        self._keys_line(painter, keys, draw=True)

    def _keys_line(self, painter: Painter, keys: str, draw: bool = False) -> pygame.Rect:
        """The amber line of keys at the bottom right (wrapped if it must be); its room."""
        theme = painter.theme
        margin = theme.px(30)
        room = pygame.Rect(margin, 0, painter.width - 2 * margin, 0)
        room.height = painter.paragraph_height(keys, room.width, Type.BODY)
        room.bottom = painter.height - theme.px(6)
        if draw:
            painter.bounds = None
            if theme.font(Type.BODY).size(keys)[0] <= room.width:
                painter.text(keys, room.topright, Type.BODY, theme.palette.focus, anchor="topright")
            else:
                painter.paragraph(keys, room, Type.BODY, theme.palette.focus)
        return room

    def _sections(self, painter: Painter, width: int) -> list[Section]:
        """The three columns (side by side, or the truth above the two views) and the chart."""
        theme = painter.theme
        palette = theme.palette
        px = theme.px
        match = self.flow.match
        looks = self.flow.looks
        gutter = px(20)
        status = f"The truth after turn {match.turn} of {match.scenario.turns}"
        if match.finished:
            status = f"Game over after {match.turn} turns: the truth"
        views = {
            side: view_rows(painter, looks[side], looks[side.other], view, belief_from(view))
            for side in SIDES
            for view in [match.observation(side)]
        }
        last = match.turn_log[-1] if match.turn_log else None
        truth = truth_rows(painter, looks, self._truth(last), status, REVEALED)
        columns = 3 if width >= 3 * px(300) + 2 * gutter else 2 if width >= 2 * px(280) else 1
        sections = []

        def row(cards: list[tuple[list[Row], Color | None]]) -> Section:
            """Cards side by side across the width, as tall as the tallest."""
            each = (width - gutter * (len(cards) - 1)) // len(cards)
            tall = max(rows_height(painter, rows, each) for rows, _ in cards)

            def draw(box: pygame.Rect) -> None:
                for index, (rows, edge) in enumerate(cards):
                    left = box.left + index * (each + gutter)
                    draw_rows(painter, pygame.Rect(left, box.top, each, box.height), rows, edge)

            return Section(tall, draw)

        def alone(rows: list[Row], edge: Color | None) -> list[Section]:
            """A card across the width, split into cards that each fit the page if need be.

            Where two columns fit, a column too tall for the page is split in two halves
            side by side.
            """
            limit = self.page.rect.height
            if columns == 2 and row([(rows, edge)]).height > limit:
                each = (width - gutter) // 2
                starts = [i for i, line in enumerate(rows) if isinstance(line, Line) and line.bold]
                cut = min(  # before a bold line (a nation, tension), halves as even as can be
                    starts[1:] or [len(rows) // 2],
                    key=lambda i: max(
                        rows_height(painter, rows[:i], each), rows_height(painter, rows[i:], each)
                    ),
                )
                halves = row([(rows[:cut], edge), (rows[cut:], edge)])
                if halves.height <= limit:
                    return [halves]
            parts: list[list[Row]] = [[]]
            for line in rows:
                if parts[-1] and rows_height(painter, [*parts[-1], line], width) > limit:
                    parts.append([])
                parts[-1].append(line)
            return [row([(part, edge)]) for part in parts]

        red, blue = (views[side] for side in SIDES)
        if columns == 3:
            sections.append(row([(red, None), (truth, palette.focus), (blue, None)]))
        else:
            sections += alone(truth, palette.focus)
            pair = row([(red, None), (blue, None)])
            if columns == 2 and pair.height <= self.page.rect.height:
                sections.append(pair)
            else:
                sections += [*alone(red, None), *alone(blue, None)]
        gap = px(self.page.gap)
        used = sum(section.height + gap for section in sections)
        least = px(200)
        tall = max(least, self.page.rect.height - used)
        if used + least > self.page.rect.height:  # it scrolls anyway: a chart worth the room
            tall = max(least, min(self.page.rect.height, px(300)))

        def chart(box: pygame.Rect) -> None:
            self._chart(painter, box)

        return [*sections, Section(tall, chart)]

    def _controls(self, painter: Painter) -> int:
        """The title and the buttons, in one row where they fit, else in rows under it.

        Returns the bottom of what it drew.
        """
        theme = painter.theme
        px = theme.px
        margin, gap = px(30), px(10)
        right = painter.width - margin
        meta = self.flow.level.model.level
        heading = theme.font(Type.HEADING, True)
        font = theme.font(Type.LABEL)
        buttons = [widget for widget in self.focus.widgets if isinstance(widget, Button)]
        needs = [font.size(button.label)[0] + px(28) for button in buttons]
        tall = max(px(46), font.get_height() + px(10))
        title_width = heading.size(meta.title)[0] + px(24)
        beside = title_width + sum(needs) + gap * (len(buttons) - 1) <= right - margin
        title = painter.text(
            meta.title, (margin, px(14)), Type.HEADING, bold=True, anchor="topleft"
        )
        width = right - margin - (title_width if beside else 0)
        rows = [[buttons[i] for i in row] for row in rows_of(needs, width, gap)]
        left = margin + title_width if beside else margin
        y = px(14) + (heading.get_height() - tall) // 2 if beside else title.bottom + px(6)
        marker = px(7)
        for buttons_in_row in rows:
            button_row(painter, buttons_in_row, pygame.Rect(left, y, right - left, tall))
            y += tall + marker + px(6)
        self.focus.draw(painter)
        active = self.speed_buttons[SPEEDS.index(self.speed)].rect
        underline = pygame.Rect(
            active.left + px(12), active.bottom + px(3), active.width - px(24), px(4)
        )
        pygame.draw.rect(painter.surface, theme.palette.focus, underline, border_radius=2)
        return max(title.bottom, y - px(6))

    def _truth(self, last: dict[str, Any] | None) -> Truth:
        """What really happened last turn; the hidden types wait for the debrief."""
        match = self.flow.match
        state = match.state
        return Truth(
            arsenals={side: float(state.arsenal[0, int(side)].sum()) for side in SIDES},
            before=None,
            tension=float(state.tension[0]),
            crisis=bool(state.crisis[0]),
            crisis_threshold=match.scenario.params_at(match.turn).crisis_threshold,
            turn=None if last is None else TurnRecord.from_dict(last),
            types=None,
            names=match.scenario.weapon_names,
        )

    def _chart(self, painter: Painter, box: pygame.Rect) -> None:
        """True arsenals (emblems) and how the other side saw them (diamonds), so far."""
        painter.bounds = None
        match = self.flow.match
        history = match.state.history
        played = match.turn
        series = []
        for side in (Side.RED, Side.BLUE):
            look = self.flow.looks[side]
            start = float(match.scenario.start_arsenal[int(side)].sum())
            truth = [start, *history.arsenal[:played, 0, int(side)].sum(axis=1).tolist()]
            seen = history.estimate[:played, 0, int(side.other)].tolist()
            series.append((truth, look.color, look.emblem, 0))
            series.append((seen, look.color, "diamond", 1))
        theme = painter.theme
        caption = "True arsenals (emblems) and as the other side saw them (diamonds)"
        pad = theme.px(14)
        chart = box.copy()
        one_line = theme.font(Type.SMALL).size(caption)[0] <= box.width - 2 * pad
        if not one_line:  # too long for the chart's caption row: above the chart instead
            chart.top += painter.paragraph_height(caption, box.width, Type.SMALL)
            chart.height = box.bottom - chart.top
        charts.chart(painter, chart, series, turns=match.scenario.turns)
        with painter.within(box):
            if one_line:
                at = (box.left + pad, box.top + theme.px(6))
                painter.text(caption, at, Type.SMALL, theme.palette.dim)
            else:
                painter.paragraph(caption, box, Type.SMALL, theme.palette.dim)
