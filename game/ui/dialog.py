"""A question asked over the current screen before something that cannot be undone.

The safe answer has the focus, so a hurried Enter (or two) never does the dangerous
thing; Esc is the safe answer too. ← / → and Tab move between the two buttons.
"""

from __future__ import annotations

from collections.abc import Callable

import pygame

from game.ui.layout import design_rect
from game.ui.painter import Painter
from game.ui.theme import Type
from game.ui.widgets import Button, Focus


class Dialog:
    """A card with a question, an explanation and two answers: safe (focused) and risky."""

    def __init__(
        self,
        title: str,
        text: str,
        safe: tuple[str, Callable[[], None]],
        risky: tuple[str, Callable[[], None]],
    ) -> None:
        self.title = title
        self.text = text
        self.safe = Button(safe[0], safe[1])
        self.risky = Button(risky[0], risky[1])
        self.focus = Focus([self.safe, self.risky])

    def handle(self, event: pygame.event.Event) -> None:
        """Esc answers safely; ← / → move between the answers; Enter or a click answers."""
        if event.type == pygame.KEYDOWN and event.key == pygame.K_ESCAPE:
            self.safe.press()
        else:
            self.focus.handle(event)

    def draw(self, painter: Painter) -> None:
        """The card in the middle of the window, over a darkened screen."""
        painter.shade()
        card = design_rect(painter, 240, 190, 800, 340)
        inner = painter.card(card, painter.theme.palette.warning)
        px = painter.theme.px
        painter.text(self.title, inner.topleft, Type.HEADING, painter.theme.palette.warning, True)
        buttons_top = inner.bottom - px(56)
        top = inner.top + px(56)
        text = pygame.Rect(inner.left, top, inner.width, buttons_top - px(16) - top)
        painter.paragraph(self.text, text, Type.BODY)
        gap = px(24)
        width = (inner.width - gap) // 2
        self.safe.rect = pygame.Rect(inner.left, buttons_top, width, px(56))
        self.risky.rect = pygame.Rect(inner.left + width + gap, buttons_top, width, px(56))
        self.focus.draw(painter)
