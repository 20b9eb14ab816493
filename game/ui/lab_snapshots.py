"""Pieces of the lab's screen drawn once, then copied for as long as what they show stays.

While the lab's worker plays a thousand games the window goes on drawing the previous
results, dimmed, sixty times a second, and their charts (lines, markers, ticks, a hundred
words) cost more of a frame than the rest of the screen, the controls most of that rest.
So a piece (a chart, a card, a control) is drawn the usual way the first time, copied off
the screen, and then blitted from the copy; its dimmed look is the copy under the veil,
made once. What the piece drew for tests (the strings of ``Painter.record``, a
:class:`~game.ui.painter.Recorder`'s items) is kept and given again, so a copied piece
reads as a drawn one. A piece not drawn in a frame is forgotten at the next, so only what
is on screen is kept.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from dataclasses import dataclass, field

import pygame

from game.ui.painter import Drawn, Painter
from game.ui.scroll import Place

VEIL_ALPHA = 170
"""How much of the background veils results of an older setting."""
AHEAD = 1
"""Pieces drawn ahead in one frame: the costliest piece, a chart, takes about a millisecond."""
SPARE = 12
"""Images kept for the next pieces of their size: a result's charts and cards, plain and
veiled, and a control that changed."""


@dataclass
class Snapshot:
    """One piece as it was drawn: its pixels, its veiled pixels, and what it recorded."""

    image: pygame.Surface
    texts: list[str]
    drawn: list[Drawn] | None
    """A recorder's items, when one was attached as the piece was drawn."""
    places: list[tuple[pygame.Rect, pygame.Rect]]
    bounds: pygame.Rect | None
    """The text bounds the piece left behind (its last card's inner area)."""
    data: object = None
    """The result it shows, kept alive so that no other takes its ``id`` meanwhile."""
    veiled: pygame.Surface | None = None


@dataclass
class Snapshots:
    """The pieces of the latest frames, by what they show and where."""

    kept: dict[Hashable, Snapshot] = field(default_factory=dict)
    """Pieces drawn or copied in this frame."""
    previous: dict[Hashable, Snapshot] = field(default_factory=dict)
    """Pieces of the frame before: copied again if this frame asks for them."""
    spare: list[pygame.Surface] = field(default_factory=list)
    """Images of pieces let go, for the next pieces of their size: the results of a new
    setting take the places of the old, and a fresh image costs a frame more."""
    veils: dict[tuple[tuple[int, int], tuple[int, ...]], pygame.Surface] = field(
        default_factory=dict
    )
    """The veils, by size and colour (a few sizes: the result's pieces)."""
    scratch: pygame.Surface | None = None
    """Where pieces are drawn ahead, off the screen (:meth:`ahead`)."""
    budget: int | None = None
    """While drawing ahead: how many more pieces may be drawn in this frame."""
    skipped: int = 0
    """While drawing ahead: the pieces left for a later frame."""

    def clear(self) -> None:
        """Let every image go (the lab is left)."""
        self.kept, self.previous, self.spare, self.veils = {}, {}, [], {}
        self.scratch = None

    def ahead(self, painter: Painter, lay_out: Callable[[], None]) -> bool:
        """Run ``lay_out`` off the screen, drawing at most one piece it lacks a copy of.

        True if it lacked no other: every piece of it is then copied in one frame. A
        frame that draws one piece ahead costs little more than one that copies them all,
        where drawing them all at once would cost a frame its budget.
        """
        size = painter.surface.get_size()
        if self.scratch is None or self.scratch.get_size() != size:
            self.scratch = pygame.Surface(size, 0, painter.surface)
        screen = painter.surface, painter.record, painter.recorder, painter.bounds
        painter.surface, painter.record, painter.recorder = self.scratch, None, None
        self.budget, self.skipped = AHEAD, 0
        try:
            lay_out()
        finally:
            painter.surface, painter.record, painter.recorder, painter.bounds = screen
            self.budget = None
        return self.skipped == 0

    def begin(self) -> None:
        """A new frame: what the last one did not show is let go."""
        for key, snapshot in self.previous.items():
            if key not in self.kept:
                self.spare += filter(None, (snapshot.image, snapshot.veiled))
        del self.spare[:-SPARE]
        self.previous, self.kept = self.kept, {}

    def draw(
        self,
        painter: Painter,
        rect: pygame.Rect,
        data: object,
        shows: Hashable,
        place: Place,
        veiled: bool,
    ) -> None:
        """``place(rect)``, or its copy if it showed the same there last frame; veiled or not.

        ``data`` is the result drawn, ``shows`` everything else the drawing reads (the
        nations' looks, a chosen tab); the place, scale and palette are added here.
        """
        theme = painter.theme
        key = (id(data), shows, tuple(rect), theme.scale, theme.palette)
        snapshot = self.kept.get(key) or self.previous.get(key)
        shown = rect.clip(painter.surface.get_rect())
        if snapshot is None or (painter.recorder is not None and snapshot.drawn is None):
            if self.budget is not None:  # drawing ahead: one piece a frame
                if self.budget == 0:
                    self.skipped += 1
                    return
                self.budget -= 1
                painter.surface.fill(theme.palette.background, shown)  # as the screen is
            snapshot = _snap(painter, rect, place, self._image(painter, shown.size))
            snapshot.data = data
        self.kept[key] = snapshot
        if self.budget is not None:
            return  # drawn ahead: a later frame shows it
        if veiled:
            if snapshot.veiled is None:
                snapshot.veiled = self._image(painter, shown.size)
                snapshot.veiled.blit(snapshot.image, (0, 0))
                snapshot.veiled.blit(self._veil(painter, shown.size), (0, 0))
            painter.surface.blit(snapshot.veiled, shown.topleft)
        else:
            painter.surface.blit(snapshot.image, shown.topleft)
        if painter.record is not None:
            painter.record.extend(snapshot.texts)
        if painter.recorder is not None and snapshot.drawn is not None:
            painter.recorder.drawn.extend(snapshot.drawn)
            painter.recorder.places.extend(snapshot.places)
        painter.bounds = snapshot.bounds

    def _image(self, painter: Painter, size: tuple[int, int]) -> pygame.Surface:
        """An image of ``size`` in the screen's format: a spare one, or a new one."""
        for index, image in enumerate(self.spare):
            if image.get_size() == size:
                return self.spare.pop(index)
        return pygame.Surface(size, 0, painter.surface)

    def _veil(self, painter: Painter, size: tuple[int, int]) -> pygame.Surface:
        """The background, seen through, of ``size`` (made once for each size and colour)."""
        color = (*painter.theme.palette.background, VEIL_ALPHA)
        veil = self.veils.get((size, color))
        if veil is None:
            if len(self.veils) >= SPARE * 4:  # the window was resized: the old sizes are gone
                self.veils.clear()
            veil = self.veils[(size, color)] = pygame.Surface(size, pygame.SRCALPHA)
            veil.fill(color)
        return veil


def _snap(painter: Painter, rect: pygame.Rect, place: Place, image: pygame.Surface) -> Snapshot:
    """Draw the piece on the screen and copy it into ``image``, with what it recorded."""
    record, painter.record = painter.record, []
    recorder = painter.recorder
    drawn, places = (len(recorder.drawn), len(recorder.places)) if recorder else (0, 0)
    try:
        place(rect)
    finally:
        texts, painter.record = painter.record, record
    image.blit(painter.surface, (0, 0), rect.clip(painter.surface.get_rect()))
    if recorder is None:
        return Snapshot(image, texts, None, [], painter.bounds)
    kept = recorder.drawn[drawn:], recorder.places[places:]
    # the piece's items were added as it drew; draw() adds them again for every frame
    del recorder.drawn[drawn:], recorder.places[places:]
    return Snapshot(image, texts, *kept, painter.bounds)
