"""Every pixel the game draws goes through :class:`Painter`: text, panels, emblems, charts.

One choke point keeps the look consistent and lets tests record every string drawn
(the secrecy test checks that no screen ever shows the other side's private values).
"""

from __future__ import annotations

import contextlib
import math
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

import pygame

from game.ui.theme import Color, Theme

Point = tuple[float, float]


@dataclass
class Painter:
    """Draws on one surface with one theme; ``record`` collects every string drawn."""

    surface: pygame.Surface
    theme: Theme
    record: list[str] | None = field(default=None)
    bounds: pygame.Rect | None = field(default=None)
    """Where text must stay (see :meth:`within`); None means the whole window."""

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

        Text that would cross the edge of the current bounds (see :meth:`within`; by default
        the window) is drawn smaller until it fits, so a large interface size never spills
        a line out of its card or off the screen.
        """
        if self.record is not None:
            self.record.append(value)
        x, y = round(position[0]), round(position[1])
        room = self._room(x, anchor)
        font = self.theme.font(size, bold)
        width = font.size(value)[0]
        if width > room > 0:
            design = size * room / width
            font = self.theme.font(design, bold)
            while font.size(value)[0] > room and design > 8:
                design -= 0.5
                font = self.theme.font(design, bold)
        image = font.render(value, True, color or self.theme.palette.text)
        rect = image.get_rect(**{anchor: (x, y)})
        self.surface.blit(image, rect)
        return rect

    def _room(self, x: int, anchor: str) -> int:
        """Width available to a line anchored at ``x`` inside the current bounds."""
        bounds = self.bounds or self.surface.get_rect()
        if anchor.endswith("left"):
            return bounds.right - x
        if anchor.endswith("right"):
            return x - bounds.left
        return 2 * min(x - bounds.left, bounds.right - x)

    @contextlib.contextmanager
    def within(self, bounds: pygame.Rect) -> Iterator[None]:
        """Keep the text drawn inside this block within ``bounds`` (a card's inner area)."""
        outer, self.bounds = self.bounds, bounds
        try:
            yield
        finally:
            self.bounds = outer

    def clip(self, value: str, size: float, width: int, keep: str = "start") -> str:
        """``value`` shortened with an ellipsis to fit ``width`` pixels at ``size``.

        ``keep`` says which part matters: the ``"start"`` (cut at the end), the ``"end"``
        (a file path), or both ends (``"ends"``: a message that names a path and a reason).
        """
        font = self.theme.font(size)
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

        A box with a height is a limit: text that would run below it is set smaller until
        it fits (a box of height 0 grows with its text).
        """
        lines, line_height = self._wrap(value, box.width, size, spacing)
        while box.height and size > 10 and self._height(lines, line_height) > box.height:
            size -= 1
            lines, line_height = self._wrap(value, box.width, size, spacing)
        y = box.top
        for line in lines:
            if line is None:  # the gap between paragraphs
                y += line_height // 2
                continue
            self.text(line, (box.left, y), size, color)
            y += line_height
        return y - box.top

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

    @staticmethod
    def _height(lines: list[str | None], line_height: int) -> int:
        """Height of wrapped lines, the last line's descent included (no trailing gap)."""
        text_lines = sum(1 for line in lines if line is not None)
        gaps = max(0, len(lines) - text_lines - 1)
        return text_lines * line_height + gaps * (line_height // 2)

    def panel(self, rect: pygame.Rect, edge: Color | None = None, width: int = 1) -> None:
        """A rounded card behind a group of information."""
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
        x, y = center
        r = radius
        if shape == "circle":
            pygame.draw.circle(self.surface, color, (round(x), round(y)), round(r))
            return
        corners = {
            "triangle": [(x, y - r), (x + r * 0.95, y + r * 0.75), (x - r * 0.95, y + r * 0.75)],
            "square": [
                (x - r * 0.8, y - r * 0.8),
                (x + r * 0.8, y - r * 0.8),
                (x + r * 0.8, y + r * 0.8),
                (x - r * 0.8, y + r * 0.8),
            ],
            "diamond": [(x, y - r), (x + r, y), (x, y + r), (x - r, y)],
            "hexagon": [
                (x + r * math.cos(a), y + r * math.sin(a))
                for a in (math.pi / 3 * i + math.pi / 6 for i in range(6))
            ],
            "star": [
                (
                    x + (r if i % 2 == 0 else r * 0.45) * math.cos(math.pi / 5 * i - math.pi / 2),
                    y + (r if i % 2 == 0 else r * 0.45) * math.sin(math.pi / 5 * i - math.pi / 2),
                )
                for i in range(10)
            ],
        }[shape]
        pygame.draw.polygon(self.surface, color, corners)

    def meter(
        self, rect: pygame.Rect, share: float, color: Color, marker: float | None = None
    ) -> None:
        """A horizontal bar filled to ``share`` (0–1), with an optional threshold mark."""
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

    def plot_area(self, rect: pygame.Rect) -> pygame.Rect:
        """Where :meth:`chart` draws its lines inside ``rect``, for marks drawn on top."""
        inner = rect.inflate(-self.theme.px(24), -self.theme.px(48))
        inner.top = rect.top + self.theme.px(36)
        return inner

    def chart(
        self,
        rect: pygame.Rect,
        series: Sequence[tuple[Sequence[float], Color, str, int]],
        bands: Sequence[tuple[Sequence[float], Sequence[float], Color, int]] = (),
        turns: int | None = None,
        top: float | None = None,
    ) -> None:
        """A line chart of values per turn; ``bands`` shade ranges (low, high) behind them.

        Each series is (values, colour, marker shape, first turn); markers keep lines apart
        without colour. The x axis runs from turn 0 (the start) to ``turns``.
        """
        self.panel(rect)
        inner = self.plot_area(rect)
        count = max([len(values) + start for values, _, _, start in series] + [2])
        count = max(count, (turns or 0) + 1)
        highest = [max(values, default=0.0) for values, _, _, _ in series]
        highest += [max(high, default=0.0) for _, high, _, _ in bands]
        peak = top or max([*highest, 1.0])

        def point(index: int, value: float) -> tuple[int, int]:
            px = inner.left + round(inner.width * index / max(count - 1, 1))
            py = inner.bottom - round(inner.height * min(value / peak, 1.0))
            return px, py

        edge = self.theme.palette.panel_edge
        pygame.draw.line(self.surface, edge, inner.bottomleft, inner.bottomright, 1)
        self.text(
            "0",
            (inner.left - self.theme.px(4), inner.bottom),
            12,
            self.theme.palette.dim,
            anchor="midright",
        )
        self.text(
            f"{peak:.0f}",
            (inner.left - self.theme.px(4), inner.top),
            12,
            self.theme.palette.dim,
            anchor="midright",
        )
        for low, high, color, start in bands:
            if len(low) >= 2:
                outline = [point(start + i, v) for i, v in enumerate(high)]
                outline += [point(start + i, v) for i, v in reversed(list(enumerate(low)))]
                shade = tuple(
                    round(c * 0.35 + b * 0.65)
                    for c, b in zip(color, self.theme.palette.panel, strict=True)
                )
                pygame.draw.polygon(self.surface, shade, outline)
        for values, color, shape, start in series:
            points = [point(start + i, v) for i, v in enumerate(values)]
            if len(points) >= 2:
                pygame.draw.lines(self.surface, color, False, points, max(2, self.theme.px(3)))
            for p in points:
                self.emblem(shape, p, self.theme.px(5), color)
