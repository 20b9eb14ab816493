"""Joining a class game: the teacher's address, the join code and the student's name.

The screen only gathers the three lines and shows, in one line, why joining did not work
(a wrong code, a host out of reach, another version of the game); the networked game
behind it does the joining.
"""

from __future__ import annotations

from collections.abc import Callable

import pygame

from game.net.join_code import CODE_LENGTH
from game.net.protocol import MAX_NAME
from game.ui.classroom import draw_widgets, handle_form
from game.ui.layout import button_row, design_rect, heading, key_hint
from game.ui.painter import Painter
from game.ui.text_field import TextField
from game.ui.theme import Type
from game.ui.widgets import Button, Focus

MAX_ADDRESS = 80


class JoinScreen:
    """Three fields and a Join button; ``on_join`` answers with a problem, or ``""``."""

    def __init__(
        self,
        on_join: Callable[[str, str, str], str],
        on_back: Callable[[], None],
        clock: Callable[[], int],
        address: str = "",
        code: str = "",
        name: str = "",
    ) -> None:
        self.on_join = on_join
        self.on_back = on_back
        self.address = TextField(
            "The address on the teacher's screen",
            address,
            placeholder="e.g. 192.168.1.20:8765",
            max_length=MAX_ADDRESS,
            clock=clock,
        )
        self.code = TextField(
            "Join code",
            code,
            placeholder="e.g. KMN-4XR",
            max_length=CODE_LENGTH + 8,
            clock=clock,
        )
        self.name = TextField(
            "Your name", name, placeholder="e.g. Ana", max_length=MAX_NAME, clock=clock
        )
        self.address.on_submit = lambda: self._next(self.code)
        self.code.on_submit = lambda: self._next(self.name)
        self.name.on_submit = self.join
        self.join_button = Button("Join", self.join)
        self.back_button = Button("Back", on_back)
        self.focus = Focus([self.address, self.code, self.name, self.join_button, self.back_button])
        self.problem = ""
        """Why the last try did not work, in one line."""
        self.status = ""
        """What is happening now (connecting), in one line."""
        first_empty = next((f for f in (self.address, self.code, self.name) if not f.text), None)
        self.focus.index = self.focus.widgets.index(first_empty or self.join_button)

    def _next(self, field: TextField) -> None:
        self.focus.index = self.focus.widgets.index(field)

    def join(self) -> None:
        """Try to join with the three lines as typed."""
        self.status = ""
        self.problem = self.on_join(self.address.text, self.code.text, self.name.text)
        if not self.problem:
            self.status = "Connecting\u2026"

    def failed(self, problem: str) -> None:
        """Joining did not work: say why, and let the student try again."""
        self.status = ""
        self.problem = problem

    def handle(self, event: pygame.event.Event) -> None:
        """Typing, Tab, Enter and clicks; Esc goes back."""
        handle_form(event, self.focus, self.on_back)

    def draw(self, painter: Painter) -> None:
        """The fields down the left, what to type on the right, the problem under Join."""
        painter.fill()
        theme = painter.theme
        palette = theme.palette
        top = heading(
            painter,
            "Join a class game",
            "Type what the teacher's screen shows, and your name.",
        )
        label = theme.px(30)
        field = theme.font(Type.BODY).get_height() + theme.px(24)
        column = design_rect(painter, 40, 0, 620)
        y = top + theme.px(12)
        for text_field in (self.address, self.code, self.name):
            text_field.rect = pygame.Rect(column.left, y + label, column.width, field)
            y = text_field.rect.bottom + theme.px(10)
        height = theme.font(Type.LABEL).get_height() + theme.px(20)
        bottom = design_rect(painter, 0, 712).top - theme.font(Type.SMALL).get_height()
        message, color = (
            (self.problem, palette.warning) if self.problem else (self.status, palette.good)
        )
        right = design_rect(painter, 700, 0, 540)
        right.top = top + theme.px(12) + label
        below = y + theme.px(8) + height + theme.px(12)
        below += painter.paragraph_height(message, column.width, Type.SMALL) if message else 0
        under_fields = below <= bottom - theme.px(8)
        where = column if under_fields else right
        row = pygame.Rect(
            where.left, y + theme.px(8) if under_fields else right.top, where.w, height
        )
        button_row(painter, [self.join_button, self.back_button], row)
        draw_widgets(painter, self.focus)
        box = pygame.Rect(where.left, row.bottom + theme.px(12), where.width, 0)
        if message:
            box.height = painter.paragraph_height(message, box.width, Type.SMALL)
            with painter.within(box):
                painter.paragraph(message, box, Type.SMALL, color)
        advice = (
            "The teacher starts the class game and shows its address and join code. "
            "The code can be typed in any case, with or without the dash.\n\n"
            "You wait in the lobby until the teacher starts the round; then you play one "
            "nation from this computer. Nobody else sees your screen, and your partner "
            "sees only what their own nation knows."
        )
        pad = theme.px(20)
        if not under_fields:
            right.top = box.bottom + theme.px(16)
        right.height = painter.paragraph_height(advice, right.width - 2 * pad, Type.BODY) + 2 * pad
        if right.bottom <= bottom:
            inner = painter.card(right, pad=20)
            painter.paragraph(advice, inner, Type.BODY, palette.dim)
            painter.bounds = None
        key_hint(painter, "Tab: next \u00b7 Enter: join \u00b7 Esc: back")
