"""The pause menu (Esc during a match): resume, restart, save and leave.

It is drawn on an empty room, never over the screen it interrupts, so pausing during a
hot-seat turn cannot show one player's secrets to the other.
"""

from __future__ import annotations

import pygame

from game.ui.layout import design_rect
from game.ui.painter import Painter
from game.ui.roles import MatchHost
from game.ui.widgets import Button, Focus


class Pause:
    """A menu opened over a paused match's screen (drawn alone); Esc again resumes."""

    def __init__(self, flow: MatchHost) -> None:
        self.flow = flow
        leave = flow.leave_label.lower()
        self.focus = Focus(
            [
                Button("Resume", self.resume),
                Button("Restart with a new game", flow.restart),
                Button(f"Save and {leave}", flow.save_and_leave),
                Button(f"{flow.leave_label} without saving", flow.abandon),
            ]
        )

    def resume(self) -> None:
        """Back to the screen that was interrupted (under this one), exactly as it was."""
        self.flow.app.pop()

    def handle(self, event: pygame.event.Event) -> None:
        """Esc resumes; the buttons do the rest."""
        if event.type == pygame.KEYDOWN and event.key == pygame.K_ESCAPE:
            self.resume()
            return
        self.focus.handle(event)

    def draw(self, painter: Painter) -> None:
        """The level, the turn, and the choices."""
        painter.fill()
        palette = painter.theme.palette
        match = self.flow.match
        center = painter.width / 2
        painter.text(
            "Paused", (center, design_rect(painter, 0, 110).top), 48, bold=True, anchor="center"
        )
        painter.text(
            f"{self.flow.level.model.level.title} \u2014 turn {match.turn + 1} of "
            f"{match.scenario.turns}",
            (center, design_rect(painter, 0, 170).top),
            22,
            palette.dim,
            anchor="center",
        )
        for index, widget in enumerate(self.focus.widgets):
            widget.rect = design_rect(painter, 440, 230 + index * 76, 400, 58)
        self.focus.draw(painter)
        if self.flow.save_problem:
            painter.text(
                self.flow.save_problem,
                (center, design_rect(painter, 0, 530).top),
                18,
                palette.warning,
                anchor="center",
            )
        painter.text(
            "The game is saved after every turn; orders given this turn are not kept.",
            (center, design_rect(painter, 0, 560).top),
            18,
            palette.dim,
            anchor="center",
        )
        painter.text(
            "Esc: resume",
            (center, design_rect(painter, 0, 600).top),
            18,
            palette.focus,
            anchor="center",
        )
