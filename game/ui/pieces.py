"""A column of pieces that grows into spare room, or scrolls a whole piece at a time.

Text keeps its size on the type scale, so a dense screen (the lab) at a large interface
size has more to show than the window holds. Its parts become *pieces*: each as tall as it
needs at the column's width, drawn by its own function. When they all fit, the pieces that
``grow`` (charts) share the spare room; when they do not, the column shows as many whole
pieces as fit from :attr:`Column.first` and scrolls by the rest: the mouse wheel over it,
Page Up / Page Down, and moving the focus onto a control below or above brings it into
view. A thumb on the column's right edge says how much is hidden.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import pygame

from game.ui.painter import Painter
from game.ui.widgets import Widget, scroll_bar

Place = Callable[[pygame.Rect], None]
"""Draws a piece in the rectangle it is given."""
WHEEL_PIECES = 1
"""Pieces one notch of the mouse wheel scrolls."""


@dataclass
class Piece:
    """One part of a column: its height at the column's width and how it is drawn.

    ``place`` draws it in the rectangle it is given (and puts its widgets there);
    ``grow`` is its share of spare room; ``widgets`` are the controls inside it, so the
    column can scroll to the focused one.
    """

    height: int
    place: Place
    grow: float = 0.0
    widgets: Sequence[Widget] = ()


@dataclass
class Column:
    """Pieces stacked in ``rect``, scrolled a whole piece at a time when they do not fit."""

    rect: pygame.Rect = field(default_factory=lambda: pygame.Rect(0, 0, 0, 0))
    first: int = 0
    """The first piece shown."""
    count: int = 0
    """How many pieces there were in the latest frame."""
    shown: int = 0
    """How many of them were shown."""
    followed: Widget | None = None
    """The focused control last brought into view (the wheel may scroll away from it)."""

    @property
    def hidden(self) -> bool:
        """Whether some pieces are scrolled out of view."""
        return self.shown < self.count

    def scroll(self, pieces: int) -> None:
        """Move by ``pieces`` (positive: towards the end), never past the last full page."""
        self.first = min(max(self.first + pieces, 0), max(0, self.count - self.shown))

    def wheel(self, event: pygame.event.Event) -> bool:
        """The mouse wheel over the column scrolls it; True if it did."""
        if event.type != pygame.MOUSEWHEEL or not self.rect.collidepoint(event.pos):
            return False
        self.scroll(-event.y * WHEEL_PIECES)
        return True

    def page(self, step: int) -> None:
        """Page Up (-1) or Page Down (+1): a columnful further."""
        self.scroll(step * max(1, self.shown))

    def place(
        self,
        painter: Painter,
        rect: pygame.Rect,
        pieces: Sequence[Piece],
        gap: int,
        focused: Widget | None = None,
    ) -> None:
        """Draw the pieces that fit in ``rect``: all, grown into the spare room, or a page."""
        self.rect, self.count = rect, len(pieces)
        needed = sum(piece.height for piece in pieces) + gap * max(0, len(pieces) - 1)
        if needed <= rect.height:
            self.first, self.shown = 0, len(pieces)
            spare = rect.height - needed
            growth = sum(piece.grow for piece in pieces)
            y = rect.top
            for piece in pieces:
                extra = round(spare * piece.grow / growth) if growth else 0
                piece.place(pygame.Rect(rect.left, y, rect.width, piece.height + extra))
                y += piece.height + extra + gap
            return
        self._follow(pieces, focused, rect.height, gap)
        self.first = min(self.first, max(0, len(pieces) - 1))
        while self.first > 0 and self._fit(pieces, self.first - 1, rect.height, gap) >= len(
            pieces
        ) - (self.first - 1):
            self.first -= 1  # no empty room below the end while earlier pieces could show
        self.shown = self._fit(pieces, self.first, rect.height, gap)
        inner = rect.width - painter.theme.px(12)  # the scroll bar's strip
        y = rect.top
        for piece in pieces[self.first : self.first + self.shown]:
            piece.place(pygame.Rect(rect.left, y, inner, piece.height))
            y += piece.height + gap
        scroll_bar(painter, rect, self.first, self.shown, len(pieces))

    def _follow(self, pieces: Sequence[Piece], focused: Widget | None, room: int, gap: int) -> None:
        """Scroll so that a newly focused control is in view."""
        if focused is None or focused is self.followed:
            return
        index = next((i for i, piece in enumerate(pieces) if focused in piece.widgets), None)
        if index is None:
            return
        self.followed = focused
        if index < self.first:
            self.first = index
        while self.first < index and self.first + self._fit(pieces, self.first, room, gap) <= index:
            self.first += 1

    @staticmethod
    def _fit(pieces: Sequence[Piece], first: int, room: int, gap: int) -> int:
        """How many pieces from ``first`` fit whole in ``room`` (at least one)."""
        used, count = 0, 0
        for piece in pieces[first:]:
            used += piece.height + (gap if count else 0)
            if used > room and count:
                break
            count += 1
        return count
