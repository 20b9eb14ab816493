"""A card of paragraphs that scrolls when it holds more than its place shows.

Text keeps its size on the type scale, so a card with more to say than room (a level's
learning goals and questions, a class's discussion questions) shows as many whole
paragraphs as fit and scrolls by the rest: the mouse wheel over it, or ↑ / ↓, Page Up /
Page Down, Home and End once Tab has focused it. A thumb on its right edge says how much
is hidden. A :class:`ScrollStack` does the same for whole sections of a screen (cards,
charts, a form's controls, the lab's pieces) when the window holds fewer of them than the
screen has; when they all fit, the sections that ``grow`` (charts) share the spare room.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field

import pygame

from game.ui.painter import Painter
from game.ui.theme import Color
from game.ui.widgets import Focus, scroll_bar

WHEEL_BLOCKS = 1
"""Paragraphs one notch of the mouse wheel scrolls."""


@dataclass(frozen=True)
class Block:
    """One paragraph of the card: its words, size on the type scale, colour and weight."""

    text: str
    size: float
    color: Color | None = None
    bold: bool = False
    gap: float = 6
    """Design pixels of space above it (more before a new section)."""


def block_height(painter: Painter, block: Block, width: int) -> int:
    """How tall ``block`` is when wrapped to ``width`` (a bold block is one line)."""
    if block.bold:
        return painter.theme.font(block.size, bold=True).get_height()
    return painter.paragraph_height(block.text, width, block.size)


def draw_block(painter: Painter, block: Block, area: pygame.Rect) -> None:
    """One block at the top of ``area``, wrapped to its width."""
    if block.bold:
        painter.text(block.text, area.topleft, block.size, block.color, bold=True)
    else:
        painter.paragraph(block.text, area, block.size, block.color)


@dataclass
class ScrollCard:
    """A card of :class:`Block` s in ``rect``, scrolled a whole paragraph at a time."""

    blocks: list[Block] = field(default_factory=list)
    rect: pygame.Rect = field(default_factory=lambda: pygame.Rect(0, 0, 0, 0))
    first: int = 0
    """The first block shown."""
    last: int = 0
    """One past the last block shown in the latest frame."""
    pad: float = 16

    def needs(self, painter: Painter, width: int) -> int:
        """How tall the card must be at ``width`` to show every block at once."""
        inner = width - 2 * painter.theme.px(self.pad)
        heights = [block_height(painter, block, inner) for block in self.blocks]
        gaps = [painter.theme.px(block.gap) for block in self.blocks[1:]]
        return sum(heights) + sum(gaps) + 2 * painter.theme.px(self.pad)

    def show(self, blocks: list[Block]) -> None:
        """New content, shown from its top."""
        self.blocks, self.first, self.last = blocks, 0, len(blocks)

    @property
    def hidden(self) -> bool:
        """Whether some blocks are scrolled out of view."""
        return self.first > 0 or self.last < len(self.blocks)

    def scroll(self, blocks: int) -> None:
        """Move by ``blocks`` paragraphs (positive: towards the end); drawing stops at the end."""
        if blocks > 0 and self.last >= len(self.blocks):
            return  # the end is already in view
        self.first = min(max(self.first + blocks, 0), max(0, len(self.blocks) - 1))

    def wheel(self, event: pygame.event.Event) -> bool:
        """The mouse wheel over the card scrolls it; True if it did."""
        if event.type != pygame.MOUSEWHEEL or not self.rect.collidepoint(event.pos):
            return False
        self.scroll(-event.y * WHEEL_BLOCKS)
        return True

    def consume(self, event: pygame.event.Event) -> bool:
        """↑ / ↓ a paragraph, Page Up / Page Down a cardful, Home / End the ends."""
        if event.type != pygame.KEYDOWN:
            return False
        page = max(1, self.last - self.first)
        moves = {
            pygame.K_UP: -1,
            pygame.K_DOWN: 1,
            pygame.K_PAGEUP: -page,
            pygame.K_PAGEDOWN: page,
            pygame.K_HOME: -len(self.blocks),
            pygame.K_END: len(self.blocks),
        }
        if event.key not in moves:
            return False
        self.scroll(moves[event.key])
        return True

    def press(self) -> None:
        """Enter on the card: a cardful further, back to the top after the end."""
        if self.last >= len(self.blocks):
            self.first = 0
        else:
            self.scroll(max(1, self.last - self.first))

    def nudge(self, step: int) -> None:
        """← / → do nothing on a card."""

    def click(self, position: tuple[int, int]) -> None:
        """A click only focuses the card."""

    def draw(self, painter: Painter, focused: bool) -> None:
        """The blocks that fit whole, from :attr:`first`; the thumb when some are hidden."""
        theme = painter.theme
        palette = theme.palette
        painter.panel(self.rect, palette.focus if focused else None, 3 if focused else 1)
        inner = self.rect.inflate(-2 * theme.px(self.pad), -2 * theme.px(self.pad))
        heights = [block_height(painter, block, inner.width) for block in self.blocks]
        gaps = [theme.px(block.gap) for block in self.blocks]

        def room(first: int) -> int:
            """How many blocks from ``first`` fit whole (at least one)."""
            used, count = 0, 0
            for index in range(first, len(self.blocks)):
                used += heights[index] + (gaps[index] if count else 0)
                if used > inner.height and count:
                    break
                count += 1
            end = first + count
            if count > 1 and end < len(self.blocks) and self.blocks[end - 1].bold:
                count -= 1  # a section's heading goes with its first paragraph
            return count

        self.first = min(self.first, max(0, len(self.blocks) - 1))
        while self.first > 0 and self.first + room(self.first - 1) - 1 >= len(self.blocks):
            self.first -= 1  # no empty space below the end while earlier blocks could show
        self.last = self.first + room(self.first)
        y = inner.top
        with painter.within(inner):
            for index in range(self.first, self.last):
                y += gaps[index] if index > self.first else 0
                draw_block(painter, self.blocks[index], pygame.Rect(inner.left, y, inner.width, 0))
                y += heights[index]
        if self.hidden:
            shown = self.last - self.first
            scroll_bar(painter, self.rect, self.first, shown, len(self.blocks))


Place = Callable[[pygame.Rect], None]
"""Draws a section in the rectangle it is given (and puts its widgets there)."""


@dataclass(frozen=True)
class Section:
    """One whole piece of a :class:`ScrollStack`: its height, how to draw it, what it holds."""

    height: int
    """Pixels it takes at the width it was built for."""
    draw: Place
    """Draws it in the rectangle it is given (as wide as the stack, at least ``height`` tall)."""
    holds: tuple[object, ...] = ()
    """The widgets inside it, so that the focused one is scrolled into view."""
    grow: float = 0.0
    """Its share of the room left over when every section fits (a chart takes it, a line not)."""


@dataclass
class ScrollStack:
    """Sections one under another in ``rect``, scrolled a whole section at a time.

    A screen with more to show than its window holds at a large interface size (cards,
    charts, the controls of a form) keeps every text at its size: the stack shows the
    sections that fit whole, and the wheel over it, Page Up / Page Down (the screen passes
    them on) or a Tab to a widget in a hidden section bring the rest into view. A thumb on
    its right edge says how much is hidden; the sections stay clear of it.
    """

    rect: pygame.Rect = field(default_factory=lambda: pygame.Rect(0, 0, 0, 0))
    first: int = 0
    """The first section shown."""
    last: int = 0
    """One past the last section shown in the latest frame."""
    count: int = 0
    """How many sections the latest frame had."""
    gap: float = 12
    """Design pixels between two sections."""
    kept: object | None = None
    """The widget last brought into view: a new one is scrolled to, once."""

    def width(self, painter: Painter) -> int:
        """How wide each section is: the stack, less the strip of its scroll bar."""
        return self.rect.width - painter.theme.px(14)

    @property
    def hidden(self) -> bool:
        """Whether some sections are scrolled out of view."""
        return self.first > 0 or self.last < self.count

    def scroll(self, sections: int) -> None:
        """Move by ``sections`` (positive: towards the end); drawing stops at the end."""
        if sections > 0 and self.last >= self.count:
            return
        self.first = min(max(self.first + sections, 0), max(0, self.count - 1))

    def wheel(self, event: pygame.event.Event) -> bool:
        """The mouse wheel over the stack scrolls it; True if it did."""
        if event.type != pygame.MOUSEWHEEL or not self.rect.collidepoint(event.pos):
            return False
        self.scroll(-event.y)
        return True

    def page(self, event: pygame.event.Event) -> bool:
        """Page Up / Page Down scroll by what is shown; True if the key was one of them."""
        if event.type != pygame.KEYDOWN or event.key not in (pygame.K_PAGEUP, pygame.K_PAGEDOWN):
            return False
        step = max(1, self.last - self.first)
        self.scroll(step if event.key == pygame.K_PAGEDOWN else -step)
        return True

    def draw(self, painter: Painter, sections: Sequence[Section], keep: object = None) -> None:
        """The sections that fit whole from :attr:`first`, and ``keep``'s once it is new."""
        gap = painter.theme.px(self.gap)
        self.count = len(sections)

        def room(first: int) -> int:
            """How many sections from ``first`` fit whole (at least one)."""
            used, count = 0, 0
            for section in sections[first:]:
                used += section.height + (gap if count else 0)
                if used > self.rect.height and count:
                    break
                count += 1
            return count

        self.first = min(self.first, max(0, self.count - 1))
        holder = next(
            (i for i, s in enumerate(sections) if keep is not None and keep in s.holds), None
        )
        if keep is not self.kept and holder is not None:
            self.first = min(self.first, holder)
            while holder >= self.first + room(self.first):
                self.first += 1
        self.kept = keep
        while self.first > 0 and self.first + room(self.first - 1) - 1 >= self.count:
            self.first -= 1  # no empty space below the end while earlier sections could show
        self.last = self.first + room(self.first)
        y = self.rect.top
        for section in sections[self.first : self.last]:
            section.draw(pygame.Rect(self.rect.left, y, self.width(painter), section.height))
            y += section.height + gap
        if self.hidden:
            shown = self.last - self.first
            scroll_bar(painter, self.rect, self.first, shown, self.count)

    def lay_out(
        self, painter: Painter, build: Callable[[int], Sequence[Section]], keep: object = None
    ) -> None:
        """All sections ``build`` makes at the stack's full width, if they fit; else scrolled.

        Only when they do not fit is the strip of the scroll bar taken from their width.
        When they fit, the room left below them goes to the sections that ``grow``.
        """
        gap = painter.theme.px(self.gap)
        sections = build(self.rect.width)
        spare = self.rect.height - sum(section.height + gap for section in sections) + gap
        if spare < 0:
            self.draw(painter, build(self.width(painter)), keep)
            return
        self.first, self.last, self.count = 0, len(sections), len(sections)
        growth = sum(section.grow for section in sections)
        y = self.rect.top
        for section in sections:
            tall = section.height + (round(spare * section.grow / growth) if growth else 0)
            section.draw(pygame.Rect(self.rect.left, y, self.rect.width, tall))
            y += tall + gap


WHEEL_PIXELS = 60
"""Design pixels one notch of the mouse wheel scrolls a :class:`ScrollPage`."""


@dataclass
class ScrollPage:
    """A screen taller than its window, scrolled smoothly, a pixel at a time.

    Text keeps the size the player chose, so at a large interface size a screen may hold
    more than its window shows. The screen lays itself out from the top :meth:`scrolling`
    gives it, as if the window were endless, and says where its content ends
    (:meth:`reach`). The wheel, Page Up / Page Down and (where the screen passes them on)
    ↑ / ↓ move the page, the control Tab focuses is brought into view, and a thumb at the
    right edge shows that there is more.
    """

    offset: int = 0
    """How far the page is scrolled down, in pixels."""
    length: int = 0
    """How tall the content was in the latest frame."""
    view: pygame.Rect = field(default_factory=lambda: pygame.Rect(0, 0, 0, 0))
    step: int = WHEEL_PIXELS
    """Pixels a wheel notch or an arrow key moves, at the latest frame's scale."""
    _bottom: int = 0

    @property
    def hidden(self) -> bool:
        """Whether some of the page lies outside its view."""
        return self.length > self.view.height

    @contextlib.contextmanager
    def scrolling(self, painter: Painter, view: pygame.Rect) -> Iterator[int]:
        """Draw the page in ``view``; yields where its top is drawn.

        Scrolled, the top lies above ``view``. Afterwards the thumb shows if the content
        did not fit.
        """
        self.view = view
        self.step = painter.theme.px(WHEEL_PIXELS)
        self._clamp()
        top = view.top - self.offset
        self._bottom = top
        with painter.viewing(view):
            yield top
        self.length = self._bottom - top
        self._clamp()
        if self.hidden:
            scroll_bar(painter, view, self.offset, view.height, self.length)

    def reach(self, bottom: int) -> None:
        """The content drawn so far reaches down to ``bottom`` (in window pixels)."""
        self._bottom = max(self._bottom, bottom)

    def scroll(self, pixels: int) -> None:
        """Move the page by ``pixels`` (positive: towards its end)."""
        self.offset += pixels
        self._clamp()

    def reveal(self, rect: pygame.Rect) -> None:
        """Scroll just enough that ``rect`` (as drawn in the latest frame) is in view."""
        margin = self.step // 3
        shift = 0
        if rect.bottom > self.view.bottom:
            shift = rect.bottom - self.view.bottom + margin
        if rect.top - shift < self.view.top:  # a control taller than the view shows its top
            shift = rect.top - self.view.top - margin
        self.scroll(shift)

    def _clamp(self) -> None:
        self.offset = min(max(self.offset, 0), max(0, self.length - self.view.height))

    def consume(self, event: pygame.event.Event, arrows: bool = False) -> bool:
        """The wheel over the page, Page Up / Page Down, and ↑ / ↓ if ``arrows``."""
        if event.type == pygame.MOUSEWHEEL and self.view.collidepoint(event.pos):
            self.scroll(-event.y * self.step)
            return self.hidden
        if event.type != pygame.KEYDOWN:
            return False
        page = max(self.step, self.view.height - 2 * self.step)
        moves = {pygame.K_PAGEUP: -page, pygame.K_PAGEDOWN: page}
        if arrows:
            moves |= {pygame.K_UP: -self.step, pygame.K_DOWN: self.step}
        if event.key not in moves or not self.hidden:
            return False
        self.scroll(moves[event.key])
        return True

    def handle(self, event: pygame.event.Event, focus: Focus) -> bool:
        """An event for the focus ring first, then for the page; True if either used it.

        A control that gets the focus is scrolled into view, so the keyboard reaches
        everything on the page.
        """
        before = focus.current
        used = focus.handle(event)
        if focus.current is not None and focus.current is not before:
            self.reveal(focus.current.rect)
        return used or self.consume(event)
