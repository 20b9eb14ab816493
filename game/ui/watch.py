"""Watching two computer players: both private views beside the truth, at a chosen speed.

Nobody at the keyboard plays, so the class may see everything at once: what Redland
believed, what was really happening, and what Blueland believed, turn after turn. Only
the hidden types wait for the debrief, so the class can guess who meant harm.

Keys: P pause or play, N one step, 1 / 4 / M speed, Enter on a focused button, Esc the
pause menu.
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
from game.ui.columns import SIDES, Truth, draw_rows, rows_height, truth_rows, view_rows
from game.ui.layout import button_row, design_rect, prompt
from game.ui.painter import Painter
from game.ui.roles import MatchHost
from game.ui.theme import Type
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

    def update(self, now_ms: int) -> None:
        """Play the next turn when its time has come."""
        if not self.playing:
            self.last_turn_at = None
            return
        if self.last_turn_at is None:
            self.last_turn_at = now_ms
        if now_ms - self.last_turn_at >= self.speed.interval_ms:
            self.last_turn_at = now_ms
            self.advance()

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
        self.focus.handle(event)

    # -- drawing ------------------------------------------------------------------------------
    def draw(self, painter: Painter) -> None:
        """Controls, three columns for the last turn, and the chart of the game so far."""
        painter.fill()
        theme = painter.theme
        palette = theme.palette
        match = self.flow.match
        meta = self.flow.level.model.level
        title = painter.text(
            meta.title, design_rect(painter, 40, 14).topleft, Type.HEADING, bold=True
        )
        status = f"The truth after turn {match.turn} of {match.scenario.turns}"
        if match.finished:
            status = f"Game over after {match.turn} turns: the truth"
        controls = self._controls(painter, title.right + theme.px(24))
        last = match.turn_log[-1] if match.turn_log else None
        looks = self.flow.looks
        views = {
            side: view_rows(painter, looks[side], looks[side.other], view, belief_from(view))
            for side in SIDES
            for view in [match.observation(side)]
        }
        truth = truth_rows(painter, looks, self._truth(last), status, REVEALED)
        top = max(title.bottom, controls.bottom) + theme.px(10)
        side_width = design_rect(painter, 0, 0, 400, 0).width
        middle = design_rect(painter, 440, 0, 400, 0)
        tall = max(
            *(rows_height(painter, rows, side_width) for rows in views.values()),
            rows_height(painter, truth, middle.width),
        )
        for index, side in enumerate(SIDES):
            column = design_rect(painter, 30 + index * 820, 0, 400, 0)
            draw_rows(painter, pygame.Rect(column.left, top, column.width, tall), views[side])
        box = pygame.Rect(middle.left, top, middle.width, tall)
        draw_rows(painter, box, truth, palette.focus)
        painter.bounds = None
        chart = design_rect(painter, 30, 0, 1220, 0)
        top = box.bottom + theme.px(8)
        bottom = design_rect(painter, 0, 680).top - theme.font(Type.BODY).get_height()
        chart = pygame.Rect(chart.left, top, chart.width, max(0, bottom - top))
        self._chart(painter, chart)
        if match.finished:
            prompt(painter, "Press Enter for the debrief")
        else:
            prompt(painter, "P pause \u00b7 N step \u00b7 1 / 4 / M speed \u00b7 Esc menu")

    def _controls(self, painter: Painter, left: int) -> pygame.Rect:
        """The buttons in a row from ``left`` to the right margin; the row they fill."""
        theme = painter.theme
        right = design_rect(painter, 1240, 20, 0, 46)
        box = pygame.Rect(left, right.top, right.left - left, right.height)
        buttons = [widget for widget in self.focus.widgets if isinstance(widget, Button)]
        button_row(painter, buttons, box)
        self.focus.draw(painter)
        active = self.speed_buttons[SPEEDS.index(self.speed)].rect
        marker = pygame.Rect(
            active.left + theme.px(12), active.bottom + theme.px(3), active.width - theme.px(24), 4
        )
        pygame.draw.rect(painter.surface, theme.palette.focus, marker, border_radius=2)
        return box.union(marker)

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
        charts.chart(painter, box, series, turns=match.scenario.turns)
        theme = painter.theme
        painter.text(
            "True arsenals (emblems) and as the other side saw them (diamonds)",
            (box.left + theme.px(14), box.top + theme.px(6)),
            Type.SMALL,
            theme.palette.dim,
        )
