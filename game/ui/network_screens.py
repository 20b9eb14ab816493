"""The screens of a networked game that are not the match's own: notices and the strip.

:class:`Notice` is a page of a heading, a few paragraphs and buttons (the lobby, waiting
for the partner, a lost connection). :class:`Online` wraps any screen of a networked
game: it reads the host's messages every frame, keeps a strip at the top saying who you
are and how long is left, and veils the screen while the connection is being restored or
the teacher has paused the class.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pygame

from game.ui.app import Scene
from game.ui.classroom import draw_widgets
from game.ui.layout import button_row, design_rect, heading, key_hint
from game.ui.painter import Painter
from game.ui.roles import OnlineHost
from game.ui.scroll import Block, ScrollCard, block_height
from game.ui.theme import Type
from game.ui.widgets import Button, Focus


def sentence(line: str) -> str:
    """A one-line message as a sentence: a capital first, a full stop last."""
    line = line.strip()
    if not line:
        return line
    end = "" if line[-1] in ".!?\u2026" else "."
    return f"{line[0].upper()}{line[1:]}{end}"


def clock_words(seconds: float) -> str:
    """``1:05``: minutes and seconds, as a wall clock shows time left."""
    whole = max(0, int(seconds + 0.999))
    return f"{whole // 60}:{whole % 60:02d}"


class Notice:
    """A heading, paragraphs and buttons: the lobby, a wait, or why the game stopped.

    The paragraphs are a card that scrolls where the window cannot hold them all (a large
    interface size); the first button has the focus.
    """

    def __init__(
        self,
        title: str,
        paragraphs: list[str],
        buttons: list[Button],
        on_escape: Callable[[], None] | None = None,
    ) -> None:
        self.title = title
        self.paragraphs = paragraphs
        self.buttons = buttons
        self.on_escape = on_escape
        self.card = ScrollCard(pad=20)
        self.card.show([Block(text, Type.BODY, gap=10) for text in paragraphs])
        self.focus = Focus([self.card, *buttons])
        self.focus.index = 1 if buttons else 0

    def handle(self, event: pygame.event.Event) -> None:
        """Tab, Enter and clicks press the buttons; Esc does what the notice says it does."""
        if event.type == pygame.KEYDOWN and event.key == pygame.K_ESCAPE and self.on_escape:
            self.on_escape()
            return
        self.focus.handle(event)

    def draw(self, painter: Painter) -> None:
        """The heading, the card of paragraphs as tall as they are (or room allows), buttons."""
        painter.fill()
        theme = painter.theme
        top = heading(painter, self.title) + theme.px(16)
        column = design_rect(painter, 40, 0, 1200)
        bottom = design_rect(painter, 0, 712).top - theme.font(Type.SMALL).get_height()
        height = theme.font(Type.LABEL).get_height() + theme.px(20)
        room = bottom - theme.px(8) - top - (height + theme.px(16) if self.buttons else 0)
        width = column.width - 2 * theme.px(20)
        needed = sum(block_height(painter, block, width) for block in self.card.blocks)
        needed += theme.px(10) * (len(self.card.blocks) - 1) + 2 * theme.px(20)
        self.card.rect = pygame.Rect(column.left, top, column.width, max(0, min(needed, room)))
        if self.buttons:
            row_top = self.card.rect.bottom + theme.px(16)
            width = min(column.width, len(self.buttons) * design_rect(painter, 0, 0, 400).width)
            button_row(painter, self.buttons, pygame.Rect(column.left, row_top, width, height))
        draw_widgets(painter, self.focus)
        if self.buttons:
            key_hint(painter, "Tab: next \u00b7 Enter: choose")


STRIP_PAD = 6
"""Design pixels above and below the strip's line."""


class Online:
    """A screen of a networked game, under the strip, read on by the host's messages."""

    def __init__(self, game: OnlineHost, inner: Scene, strip: bool = True) -> None:
        self.game = game
        self.inner = inner
        self.strip = strip
        """Whether to keep the strip (the debrief and the replay, with no clock, go without)."""
        self._strip = 0
        """The strip's height as last drawn: mouse positions are moved up by it."""

    @property
    def focus(self) -> Any:
        """The inner screen's focus ring (the window ticks when it moves)."""
        return getattr(self.inner, "focus", None)

    def entered(self, now: int) -> None:
        """Pass the moment on to a screen that counts from it."""
        entered = getattr(self.inner, "entered", None)
        if entered is not None:
            entered(now)

    def update(self, now: int) -> bool:
        """Read the host's news (which may put another screen up), then let the screen move.

        True if either changed what is shown (the clock in the strip is redrawn by the
        window's heartbeat).
        """
        news = self.game.poll()
        update = getattr(self.inner, "update", None)
        moved = bool(update(now)) if update is not None else False
        return news or moved

    def strip_height(self, painter: Painter) -> int:
        """The height of the strip at the top, in pixels (0 without one)."""
        theme = painter.theme
        if not self.strip:
            return 0
        return theme.font(Type.SMALL).get_height() + 2 * theme.px(STRIP_PAD)

    def handle(self, event: pygame.event.Event) -> None:
        """Nothing while veiled; otherwise the inner screen, its mouse under the strip."""
        if self.game.blocked() is not None:
            return
        if hasattr(event, "pos") and self._strip > 0:
            fields = dict(event.dict)
            fields["pos"] = (event.pos[0], event.pos[1] - self._strip)
            event = pygame.event.Event(event.type, fields)
        self.inner.handle(event)

    def draw(self, painter: Painter) -> None:
        """The strip, the inner screen below it, and the veil with its reason, if any."""
        theme = painter.theme
        palette = theme.palette
        painter.fill()
        self._strip = self.strip_height(painter)
        if self._strip:
            strip = pygame.Rect(0, 0, painter.width, self._strip)
            pygame.draw.rect(painter.surface, palette.panel, strip)
            left = design_rect(painter, 40, 0).left
            line = painter.clip(self.game.status_line(), Type.SMALL, painter.width - 2 * left)
            with painter.within(strip):
                painter.text(line, (left, strip.centery), Type.SMALL, palette.dim, anchor="midleft")
        below = pygame.Rect(0, self._strip, painter.width, painter.height - self._strip)
        inner = Painter(
            painter.surface.subsurface(below),
            theme,
            record=painter.record,
            recorder=painter.recorder,
            origin=(painter.origin[0], painter.origin[1] + self._strip),
        )
        self.inner.draw(inner)
        veil = self.game.blocked()
        if veil is not None:
            painter.shade()
            title, words = veil
            box = design_rect(painter, 240, 0, 800)
            pad = theme.px(24)
            text_height = painter.paragraph_height(words, box.width - 2 * pad, Type.BODY)
            title_height = theme.font(Type.HEADING, bold=True).get_height()
            box.height = title_height + theme.px(12) + text_height + 2 * pad
            box.centery = painter.height // 2
            card = painter.card(box, palette.focus, pad=24)
            y = painter.text(title, card.topleft, Type.HEADING, bold=True).bottom + theme.px(12)
            painter.paragraph(words, pygame.Rect(card.left, y, card.width, text_height), Type.BODY)
            painter.bounds = None
