"""A question asked over the current screen before something that cannot be undone.

The safe answer has the focus, so a hurried Enter (or two) never does the dangerous
thing; Esc is the safe answer too. Tab and ↑ / ↓ move between the two buttons, and so do
← / → while they stand side by side.
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
        """Esc answers safely; Tab or the arrows move between answers; Enter or a click answers."""
        if event.type == pygame.KEYDOWN and event.key == pygame.K_ESCAPE:
            self.safe.press()
        else:
            self.focus.handle(event)

    def draw(self, painter: Painter) -> None:
        """The card in the middle of the window, over a darkened screen.

        The answers stand side by side where both labels fit, one above the other where
        they do not (a large interface size), so the card always holds them.
        """
        painter.shade()
        theme = painter.theme
        px = theme.px
        margin = px(24)
        font = theme.font(Type.LABEL)
        labels = max(font.size(button.label)[0] for button in (self.safe, self.risky))
        pad, gap, tall = px(16), px(24), px(56)
        card = design_rect(painter, 240, 0, 800, 0)
        card.width = min(painter.width - 2 * margin, max(card.width, 2 * (labels + px(40)) + gap))
        title = theme.font(Type.HEADING, True).get_height()
        while True:  # as wide as the design wants, wider if that is too tall for the window
            width = card.width - 2 * pad
            side_by_side = 2 * (labels + px(40)) + gap <= width
            text_height = painter.paragraph_height(self.text, width, Type.BODY)
            answers = tall if side_by_side else 2 * tall + px(12)
            card.height = 2 * pad + title + px(12) + text_height + px(16) + answers
            widest = painter.width - 2 * margin
            if card.height <= painter.height - 2 * margin or card.width >= widest:
                break
            card.width = widest
        card.centerx = painter.width // 2
        card.centery = painter.height // 2
        inner = painter.card(card, theme.palette.warning, pad=16)
        heading = painter.text(self.title, inner.topleft, Type.HEADING, theme.palette.warning, True)
        text = pygame.Rect(inner.left, heading.bottom + px(12), inner.width, text_height)
        painter.paragraph(self.text, text, Type.BODY)
        top = text.bottom + px(16)
        if side_by_side:
            half = (inner.width - gap) // 2
            self.safe.rect = pygame.Rect(inner.left, top, half, tall)
            self.risky.rect = pygame.Rect(inner.left + half + gap, top, half, tall)
        else:
            self.safe.rect = pygame.Rect(inner.left, top, inner.width, tall)
            self.risky.rect = pygame.Rect(inner.left, top + tall + px(12), inner.width, tall)
        self.focus.draw(painter)
