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
        px = painter.theme.px
        card = design_rect(painter, 240, 0, 800, 0)
        pad = px(16)
        title = painter.theme.font(Type.HEADING, True).get_linesize()
        text_height = painter.paragraph_height(self.text, card.width - 2 * pad, Type.BODY)
        card.height = 2 * pad + title + px(12) + text_height + px(16) + px(56)
        card.centery = painter.height // 2
        inner = painter.card(card, painter.theme.palette.warning)
        heading = painter.text(
            self.title, inner.topleft, Type.HEADING, painter.theme.palette.warning, True
        )
        text = pygame.Rect(inner.left, heading.bottom + px(12), inner.width, text_height)
        painter.paragraph(self.text, text, Type.BODY)
        buttons_top = text.bottom + px(16)
        gap = px(24)
        width = (inner.width - gap) // 2
        self.safe.rect = pygame.Rect(inner.left, buttons_top, width, px(56))
        self.risky.rect = pygame.Rect(inner.left + width + gap, buttons_top, width, px(56))
        self.focus.draw(painter)
