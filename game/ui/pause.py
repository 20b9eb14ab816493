"""The pause menu (Esc during a match): resume, restart, save and leave.

It is drawn on an empty room, never over the screen it interrupts, so pausing during a
hot-seat turn cannot show one player's secrets to the other. The two choices that throw
the game away (restart, leave without saving) ask first.
"""

from __future__ import annotations

from collections.abc import Callable

import pygame

from game.ui.dialog import Dialog
from game.ui.layout import design_rect
from game.ui.painter import Painter
from game.ui.roles import MatchHost
from game.ui.theme import Type
from game.ui.widgets import Button, Focus


class Pause:
    """A menu opened over a paused match's screen (drawn alone); Esc again resumes."""

    def __init__(self, flow: MatchHost) -> None:
        self.flow = flow
        leave = flow.leave_label.lower()
        self.asking: Dialog | None = None
        """The question over the menu before the game is thrown away, while it is asked."""
        restart = "Restart with a new game"
        discard = f"{flow.leave_label} without saving"
        self.focus = Focus(
            [
                Button("Resume", self.resume),
                Button(restart, lambda: self.ask(f"{restart}?", restart, flow.restart)),
                Button(f"Save and {leave}", flow.save_and_leave),
                Button(discard, lambda: self.ask(f"{discard}?", discard, flow.abandon)),
            ]
        )

    def ask(self, question: str, answer: str, act: Callable[[], None]) -> None:
        """Make sure before this game is lost: the safe answer has the focus."""
        turns = self.flow.match.turn
        played = "1 turn" if turns == 1 else f"{turns} turns"
        self.asking = Dialog(
            question,
            f"The game so far ({played} played) will be lost: it cannot be resumed, and no "
            "replay of it is kept.",
            ("Keep playing", self.keep),
            (answer, act),
        )

    def keep(self) -> None:
        """The question answered safely: back to the menu."""
        self.asking = None

    def resume(self) -> None:
        """Back to the screen that was interrupted (under this one), exactly as it was."""
        self.flow.app.pop()

    def handle(self, event: pygame.event.Event) -> None:
        """Esc resumes; the buttons do the rest; a question, while asked, takes every event."""
        if self.asking is not None:
            self.asking.handle(event)
            return
        if event.type == pygame.KEYDOWN and event.key == pygame.K_ESCAPE:
            self.resume()
            return
        self.focus.handle(event)

    def draw(self, painter: Painter) -> None:
        """The level, the turn, and the choices: one column, or two when one is too tall."""
        painter.fill()
        theme = painter.theme
        px = theme.px
        palette = theme.palette
        match = self.flow.match
        center = painter.width // 2
        top = design_rect(painter, 0, 60).top
        title = painter.text("Paused", (center, top), Type.TITLE, bold=True, anchor="midtop")
        where = (
            f"{self.flow.level.model.level.title} \u2014 turn {match.turn + 1} of "
            f"{match.scenario.turns}"
        )
        at = (center, title.bottom + px(4))
        subtitle = painter.text(where, at, Type.BODY, palette.dim, anchor="midtop")
        notes = [(self.flow.save_problem, palette.warning)] if self.flow.save_problem else []
        notes += [
            (
                "The game is saved after every turn; orders given this turn are not kept.",
                palette.dim,
            ),
            ("Esc: resume", palette.focus),
        ]
        text = pygame.Rect(0, 0, min(painter.width - 2 * px(24), px(900)), 0)
        text.centerx = center
        below = sum(painter.paragraph_height(n, text.width, Type.SMALL) for n, _ in notes)
        buttons = self.focus.widgets
        font = theme.font(Type.LABEL)
        width = max(
            px(400), *(font.size(b.label)[0] + px(48) for b in buttons if isinstance(b, Button))
        )
        height, gap = px(58), px(18)
        top = subtitle.bottom + px(28)
        room = painter.height - px(16) - below - top
        columns = 1 if len(buttons) * (height + gap) <= room else 2
        width = min(width, (painter.width - 2 * px(24) - (columns - 1) * gap) // columns)
        rows = -(-len(buttons) // columns)
        left = center - (columns * width + (columns - 1) * gap) // 2
        for index, widget in enumerate(buttons):
            row, column = index % rows, index // rows
            widget.rect = pygame.Rect(
                left + column * (width + gap), top + row * (height + gap), width, height
            )
        self.focus.draw(painter)
        text.top = top + rows * (height + gap) + px(10)
        small = theme.font(Type.SMALL)
        for note, color in notes:
            if small.size(note)[0] <= text.width:  # one line: centred under the buttons
                painter.text(note, (center, text.top), Type.SMALL, color, anchor="midtop")
            else:
                painter.paragraph(note, text, Type.SMALL, color)
            text.top += painter.paragraph_height(note, text.width, Type.SMALL)
        if self.asking is not None:
            self.asking.draw(painter)
