"""Every pixel the game draws goes through :class:`Painter`: text, panels, emblems, bars.

One choke point keeps the look consistent and lets tests record what every screen shows:
``record`` collects the strings drawn, and a :class:`Recorder` collects everything drawn
as the values it stands for (texts and the numbers in them, meters, estimate bars, chart
series, emblems and marks), so the secrecy test can check that no hot-seat screen shows
the other side's private values. Nothing is recorded unless a test attaches a recorder.
"""

from __future__ import annotations

import contextlib
import math
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field

import pygame

from game.ui.theme import Color, Theme

Point = tuple[float, float]

NUMBER = re.compile(r"(?<![\w.])[-+\u2212]?(\d+(?:\.\d+)?)(%?)")
"""A number as a screen writes it: ``7``, ``7.3``, ``+0.18``, ``43%``."""


@dataclass(frozen=True, slots=True)
class Drawn:
    """One thing a screen drew, as what it shows rather than as pixels."""

    kind: str
    """``text``, ``meter``, ``estimate``, ``chart``, ``line``, ``band``, ``emblem``,
    ``mark``, ``box``, ``panel``, ``fill`` or ``shade`` (a veil over what came before)."""
    values: tuple[float, ...] = ()
    """The numbers it stands for: a meter's share (and its threshold mark), an estimate's
    low end, best guess, high end and full scale, a chart's top and last turn, a chart
    line's or band's data values (not pixels), a mark's place along its bar. A text's
    numbers are read from its words (:meth:`numbers`)."""
    label: str = ""
    """The text itself; the shape of an emblem or of a chart line's markers."""
    color: Color | None = None
    at: tuple[int, ...] = ()
    """Where: a text's anchor point, size and drawn rectangle (x, y, width, height), an
    emblem's centre and radius, a rectangle (left, top, width, height; a panel's edge
    width after it), a chart line's first turn."""

    def numbers(self) -> list[Shown]:
        """The numbers a player can read off this, each with how exactly it shows them.

        A number written with ``d`` decimals stands for anything within half a unit of its
        last digit (``7.3`` for 7.25 to 7.35, a percentage in hundredths); a value drawn as
        a length or a point is exact.
        """
        if self.kind != "text":
            return [
                Shown(abs(value), 1e-6 * max(1.0, abs(value)), self)
                for value in self.values
                if math.isfinite(value)
            ]
        shown = []
        for match in NUMBER.finditer(self.label):
            digits, percent = match.groups()
            decimals = len(digits.partition(".")[2])
            value = float(digits)
            if percent:
                value, decimals = value / 100, decimals + 2
            shown.append(Shown(value, 0.5 * 10.0**-decimals + 1e-9, self))
        return shown


@dataclass(frozen=True, slots=True)
class Shown:
    """A number shown on screen (always as its size: a sign is read as part of a word)."""

    value: float
    tolerance: float
    """Half the step of its last digit: the true value lies within this of ``value``."""
    drawn: Drawn


@dataclass
class Recorder:
    """Everything drawn while it is attached to a :class:`Painter` (tests attach one).

    Recording costs one check per drawing call when no recorder is attached, so frame
    times in play are unchanged.
    """

    drawn: list[Drawn] = field(default_factory=list)
    places: list[tuple[pygame.Rect, pygame.Rect]] = field(default_factory=list)
    """Each text's rectangle on screen, with the bounds it had to stay in (layout test)."""

    def add(
        self,
        kind: str,
        values: Sequence[float] = (),
        label: str = "",
        color: Color | None = None,
        at: Sequence[float] = (),
    ) -> None:
        """Note one thing drawn."""
        self.drawn.append(
            Drawn(
                kind,
                tuple(float(v) for v in values),
                label,
                color,
                tuple(round(v) for v in at),
            )
        )

    def texts(self) -> list[str]:
        """Every string drawn, in order."""
        return [item.label for item in self.drawn if item.kind == "text"]

    def numbers(self) -> list[Shown]:
        """Every number shown: read from texts, and the values of bars, meters and charts."""
        return [number for item in self.drawn for number in item.numbers()]

    def of_kind(self, *kinds: str) -> list[Drawn]:
        """The things drawn of these kinds (``emblem``, ``meter``…)."""
        return [item for item in self.drawn if item.kind in kinds]

    def scales(self) -> list[float]:
        """The full scales drawn (estimate bars' and charts' tops), for bars drawn beside."""
        tops = [item.values[3] for item in self.of_kind("estimate")]
        return tops + [item.values[0] for item in self.of_kind("chart")]


@dataclass
class Painter:
    """Draws on one surface with one theme; ``record`` collects every string drawn.

    ``recorder`` (None in play) collects everything drawn as values (:class:`Recorder`).
    """

    surface: pygame.Surface
    theme: Theme
    record: list[str] | None = field(default=None)
    bounds: pygame.Rect | None = field(default=None)
    """Where text must stay (see :meth:`within`); None means the whole window."""
    recorder: Recorder | None = field(default=None)
    view: pygame.Rect | None = field(default=None)
    """While a page scrolls (see :meth:`viewing`): the part of the window that shows it."""
    origin: tuple[int, int] = (0, 0)
    """Where ``surface`` sits in the window when it is a part of it (a screen drawn below a
    strip): what is recorded is placed in the window, as the player sees it."""

    def _placed(self, rect: pygame.Rect) -> pygame.Rect:
        """``rect`` in the window's coordinates, for the recorder."""
        return rect.move(self.origin)

    @property
    def width(self) -> int:
        """Width of the surface in pixels."""
        return self.surface.get_width()

    @property
    def height(self) -> int:
        """Height of the surface in pixels."""
        return self.surface.get_height()

    def fill(self, color: Color | None = None) -> None:
        """Clear the whole surface."""
        if self.recorder is not None:
            self.recorder.add("fill", (), "", color or self.theme.palette.background)
        self.surface.fill(color or self.theme.palette.background)
        self.bounds = None

    def text(
        self,
        value: str,
        position: Point,
        size: float = 22,
        color: Color | None = None,
        bold: bool = False,
        anchor: str = "topleft",
    ) -> pygame.Rect:
        """Draw one line of text; ``anchor`` is a pygame Rect attribute such as ``center``.

        Text is always drawn at its size on the type scale, never shrunk to fit: a screen
        makes room for it (wraps it, clips it with :meth:`clip`, or scrolls), and the
        layout test checks that every line stays inside its bounds (:meth:`within`).
        """
        x, y = round(position[0]), round(position[1])
        font = self.theme.font(size, bold, value)
        if self.view is not None:  # a scrolling page shows only the lines wholly in view
            rect = pygame.Rect((0, 0), font.size(value))
            setattr(rect, anchor, (x, y))
            if not self.view.contains(rect):
                return rect
        if self.record is not None:
            self.record.append(value)
        image = font.render(value, True, color or self.theme.palette.text)
        rect = image.get_rect(**{anchor: (x, y)})
        if self.recorder is not None:
            placed = self._placed(rect)
            anchor_at = (position[0] + self.origin[0], position[1] + self.origin[1])
            where = (*anchor_at, size, placed.x, placed.y, placed.w, placed.h)
            self.recorder.add("text", (), value, color or self.theme.palette.text, where)
            bounds = self._placed(self.bounds or self.surface.get_rect())
            self.recorder.places.append((placed, bounds))
        self.surface.blit(image, rect)
        return rect

    @contextlib.contextmanager
    def within(self, bounds: pygame.Rect) -> Iterator[None]:
        """Keep the text drawn inside this block within ``bounds`` (a card's inner area)."""
        outer, self.bounds = self.bounds, bounds
        try:
            yield
        finally:
            self.bounds = outer

    @contextlib.contextmanager
    def viewing(self, view: pygame.Rect) -> Iterator[None]:
        """Draw a scrolling page inside ``view``: what lies outside it is cut off, unseen.

        Only lines of text wholly inside it are drawn (no half-cut words at its edges); for
        the recorder a card cut by its edge is the part of it that shows
        (:class:`~game.ui.scroll.ScrollPage`).
        """
        outer, self.view = self.view, view
        clip = self.surface.get_clip()
        self.surface.set_clip(view)
        try:
            yield
        finally:
            self.view = outer
            self.surface.set_clip(clip)

    def clip(
        self, value: str, size: float, width: int, keep: str = "start", bold: bool = False
    ) -> str:
        """``value`` shortened with an ellipsis to fit ``width`` pixels at ``size``.

        ``keep`` says which part matters: the ``"start"`` (cut at the end), the ``"end"``
        (a file path), or both ends (``"ends"``: a message that names a path and a reason).
        """
        font = self.theme.font(size, bold, value)
        if font.size(value)[0] <= width:
            return value
        head = {"start": len(value), "end": 0}.get(keep, len(value) // 3)
        tail = len(value) - head
        while head + tail > 0:
            if keep == "start" or (keep == "ends" and head > tail // 2):
                head -= 1
            else:
                tail -= 1
            shorter = value[:head] + "\u2026" + value[len(value) - tail :]
            if font.size(shorter)[0] <= width:
                return shorter
        return "\u2026"

    def paragraph(
        self,
        value: str,
        box: pygame.Rect,
        size: float = 20,
        color: Color | None = None,
        spacing: float = 1.3,
    ) -> int:
        """Word-wrapped text inside ``box`` (blank lines separate paragraphs); its height.

        The text keeps its size; the screen gives it a box tall enough (the returned height
        says how much it took).
        """
        lines, line_height = self._wrap(value, box.width, size, spacing)
        y = box.top
        for line in lines:
            if line is None:  # the gap between paragraphs
                y += line_height // 2
                continue
            self.text(line, (box.left, y), size, color)
            y += line_height
        return y - box.top

    def paragraph_height(
        self, value: str, width: int, size: float = 20, spacing: float = 1.3
    ) -> int:
        """The height :meth:`paragraph` would give ``value`` at ``width``, without drawing."""
        lines, line_height = self._wrap(value, width, size, spacing)
        gaps = sum(1 for line in lines if line is None)
        return (len(lines) - gaps) * line_height + gaps * (line_height // 2)

    def lines(self, value: str, width: int, size: float = 20) -> list[str]:
        """The lines :meth:`paragraph` breaks ``value`` into at ``width``, one a line apart.

        A page that scrolls a line at a time draws them one by one.
        """
        return [line for line in self._wrap(value, width, size, 1.3)[0] if line is not None]

    def _wrap(
        self, value: str, width: int, size: float, spacing: float
    ) -> tuple[list[str | None], int]:
        """Lines of ``value`` at ``size`` within ``width``; None ends a paragraph."""
        font = self.theme.font(size)
        lines: list[str | None] = []
        for block in value.strip().split("\n\n"):
            line = ""
            for word in block.split():
                trial = f"{line} {word}".strip()
                if font.size(trial)[0] <= width or not line:
                    line = trial
                    continue
                lines.append(line)
                line = word
            if line:
                lines.append(line)
            lines.append(None)
        return lines, round(font.get_linesize() * spacing / 1.3)

    def shade(self) -> None:
        """Darken everything drawn so far, under a question asked over the screen."""
        if self.recorder is not None:
            self.recorder.add("shade")
        veil = pygame.Surface(self.surface.get_size(), pygame.SRCALPHA)
        veil.fill((*self.theme.palette.background, 215))
        self.surface.blit(veil, (0, 0))
        self.bounds = None

    def panel(self, rect: pygame.Rect, edge: Color | None = None, width: int = 1) -> None:
        """A rounded card behind a group of information."""
        shown = rect if self.view is None else rect.clip(self.view)
        if self.recorder is not None and shown.width and shown.height:
            placed = self._placed(shown)
            where = (placed.x, placed.y, placed.w, placed.h, width)
            self.recorder.add("panel", (), "", edge or self.theme.palette.panel_edge, where)
        radius = self.theme.px(10)
        pygame.draw.rect(self.surface, self.theme.palette.panel, rect, border_radius=radius)
        pygame.draw.rect(
            self.surface,
            edge or self.theme.palette.panel_edge,
            rect,
            width=max(1, self.theme.px(width)),
            border_radius=radius,
        )

    def card(self, rect: pygame.Rect, edge: Color | None = None, pad: float = 16) -> pygame.Rect:
        """A panel whose text stays inside it; returns its padded inner area.

        Until the next card (or frame), lines of text are kept within that area's width.
        """
        self.panel(rect, edge)
        inner = rect.inflate(-2 * self.theme.px(pad), -2 * self.theme.px(pad))
        self.bounds = inner
        return inner

    def emblem(self, shape: str, center: Point, radius: float, color: Color) -> None:
        """A nation's shape, so that colour is never the only cue."""
        if self.recorder is not None:
            self.recorder.add("emblem", (), shape, color, (*center, radius))
        x, y = center
        r = radius
        if shape == "circle":
            pygame.draw.circle(self.surface, color, (round(x), round(y)), round(r))
            return
        corners = _CORNERS[shape](x, y, r)  # this shape's alone: charts draw a hundred
        pygame.draw.polygon(self.surface, color, corners)

    def meter(
        self, rect: pygame.Rect, share: float, color: Color, marker: float | None = None
    ) -> None:
        """A horizontal bar filled to ``share`` (0–1), with an optional threshold mark."""
        if self.recorder is not None:
            shown = (share,) if marker is None else (share, marker)
            self.recorder.add("meter", shown, "", color, tuple(self._placed(rect)))
        pygame.draw.rect(self.surface, self.theme.palette.track, rect, border_radius=4)
        filled = rect.copy()
        filled.width = round(rect.width * min(max(share, 0.0), 1.0))
        if filled.width:
            pygame.draw.rect(self.surface, color, filled, border_radius=4)
        if marker is not None:
            x = rect.left + round(rect.width * marker)
            pygame.draw.line(
                self.surface, self.theme.palette.text, (x, rect.top - 3), (x, rect.bottom + 3), 2
            )

    def estimate_bar(
        self,
        rect: pygame.Rect,
        low: float,
        estimate: float,
        high: float,
        top: float,
        color: Color,
    ) -> None:
        """An intelligence estimate as a range, never as a bare exact number."""
        if self.recorder is not None:
            shown = (low, estimate, high, top)
            self.recorder.add("estimate", shown, "", color, tuple(self._placed(rect)))
        pygame.draw.rect(self.surface, self.theme.palette.track, rect, border_radius=4)
        if top <= 0:
            return

        def x(value: float) -> int:
            return rect.left + round(rect.width * min(max(value / top, 0.0), 1.0))

        band = pygame.Rect(x(low), rect.top, max(2, x(high) - x(low)), rect.height)
        shade = tuple(
            round(c * 0.55 + b * 0.45)
            for c, b in zip(color, self.theme.palette.background, strict=True)
        )
        pygame.draw.rect(self.surface, shade, band, border_radius=4)
        pygame.draw.line(
            self.surface, color, (x(estimate), rect.top - 4), (x(estimate), rect.bottom + 4), 3
        )

    def mark(self, bar: pygame.Rect, share: float) -> None:
        """A white line through ``bar`` at ``share`` of its length, a notch below it.

        It shows, beside an estimate, where the true value lies (replays and watching).
        """
        if self.recorder is not None:
            self.recorder.add("mark", (share,), "", None, tuple(self._placed(bar)))
        tick_x = bar.left + round(bar.width * min(max(share, 0.0), 1.0))
        size = self.theme.px(5)
        white = self.theme.palette.text
        pygame.draw.line(self.surface, white, (tick_x, bar.top), (tick_x, bar.bottom), 2)
        tip = (tick_x, bar.bottom + 1)
        pygame.draw.polygon(
            self.surface,
            white,
            [tip, (tick_x - size, tip[1] + size), (tick_x + size, tip[1] + size)],
        )

    def box(self, rect: pygame.Rect, color: Color, radius: int = 0) -> None:
        """A plain filled rectangle: a selected row, the thumb of a scroll bar."""
        if self.recorder is not None:
            self.recorder.add("box", (), "", color, tuple(self._placed(rect)))
        pygame.draw.rect(self.surface, color, rect, border_radius=radius)


_CORNERS: dict[str, Callable[[float, float, float], list[Point]]] = {
    "triangle": lambda x, y, r: [
        (x, y - r),
        (x + r * 0.95, y + r * 0.75),
        (x - r * 0.95, y + r * 0.75),
    ],
    "square": lambda x, y, r: [
        (x - r * 0.8, y - r * 0.8),
        (x + r * 0.8, y - r * 0.8),
        (x + r * 0.8, y + r * 0.8),
        (x - r * 0.8, y + r * 0.8),
    ],
    "diamond": lambda x, y, r: [(x, y - r), (x + r, y), (x, y + r), (x - r, y)],
    "hexagon": lambda x, y, r: [
        (x + r * math.cos(a), y + r * math.sin(a))
        for a in (math.pi / 3 * i + math.pi / 6 for i in range(6))
    ],
    "star": lambda x, y, r: [
        (
            x + (r if i % 2 == 0 else r * 0.45) * math.cos(math.pi / 5 * i - math.pi / 2),
            y + (r if i % 2 == 0 else r * 0.45) * math.sin(math.pi / 5 * i - math.pi / 2),
        )
        for i in range(10)
    ],
}
"""The corners of each emblem but the circle around (x, y) at radius r, computed for the
one drawn only (computing every shape's made an emblem cost seven times as much)."""
