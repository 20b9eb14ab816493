"""Every chart the game draws, on screen and in the exported PNGs: one look, one colour scale.

:func:`chart` draws values per turn (arsenals, tension, security, belief) with ticked axes,
shaded ranges, solid or dashed lines and a marker shape per line, so colour is never the
only cue; lines that run on top of each other are drawn side by side, never hidden.
:func:`heatmap` draws a metric over a grid of one or two settings on the viridis scale,
with the number in every cell that has room for it and a colour bar that says what each
colour means. The screens draw on the dark room palette; exports draw on :data:`PRINT`,
dark ink on white paper. No text is smaller than :attr:`Type.SMALL`.
"""

from __future__ import annotations

import itertools
import math
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import NamedTuple

import pygame

from game.ui.painter import Painter
from game.ui.theme import Color, Palette, Theme, Type

PRINT = Palette(
    background=(255, 255, 255),
    panel=(255, 255, 255),
    panel_edge=(176, 184, 194),
    track=(233, 236, 240),
    text=(22, 26, 32),
    dim=(74, 82, 94),
    focus=(176, 110, 0),
    tension=(230, 159, 0),
    good=(0, 158, 115),
    warning=(176, 110, 0),
)
"""Exports are printed: dark ink on white, the same Okabe–Ito colours for the nations."""

HEAT = ((68, 1, 84), (59, 82, 139), (33, 145, 140), (94, 201, 98), (253, 231, 37))
"""Viridis: the one colour scale of every heatmap, readable for colour-blind eyes and in grey."""

NICE = (1.0, 2.0, 2.5, 5.0, 10.0)
"""Tick steps: these times a power of ten (2.5 only from 25 up: no quarter weapons)."""
MOST_TICKS = 5
"""The most value ticks on an axis (fewer where the chart is short)."""
TURN_STEPS = (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000)
"""Turns between labelled ticks: the fewest that keep the labels apart."""


def print_theme() -> Theme:
    """The theme of exported charts: :data:`PRINT` at the design size (1280 × 720 = 100%)."""
    return Theme(palette=PRINT, scale=1.0)


class Series(NamedTuple):
    """One line of a chart: its values per turn (nan where there is none) and its look."""

    values: Sequence[float]
    color: Color
    marker: str
    """An emblem shape drawn along the line (``""``: none)."""
    first: int = 0
    """The turn of the first value."""
    dashed: bool = False


class Band(NamedTuple):
    """A shaded range behind the lines: low and high values per turn."""

    low: Sequence[float]
    high: Sequence[float]
    color: Color
    first: int = 0


class Entry(NamedTuple):
    """One line of a legend: how the line looks and what it stands for."""

    label: str
    color: Color
    marker: str = ""
    dashed: bool = False


SeriesLike = Series | tuple[Sequence[float], Color, str, int]
BandLike = Band | tuple[Sequence[float], Sequence[float], Color, int]


def plot_area(
    painter: Painter, rect: pygame.Rect, named: bool = False, caption: str = ""
) -> pygame.Rect:
    """Where :func:`chart` draws inside ``rect``, for marks drawn on top (a chosen turn).

    Room is kept for a caption row above (or for ``caption``, wrapped to the chart's
    width), the value ticks on the left (up to three digits), the turn ticks below and,
    if ``named``, the axes' names.
    """
    theme = painter.theme
    font = theme.font(Type.SMALL)
    line = font.get_linesize()
    left = rect.left + theme.px(14) + font.size("100")[0] + theme.px(8)
    above = theme.px(50)
    if caption:  # the caption's lines, then half a tick label: the top tick stays below it
        above = theme.px(14) + _caption_height(painter, rect, caption) + line // 2
    top = rect.top + above + (line if named else 0)
    bottom = rect.bottom - theme.px(10) - line - (line if named else 0)
    right = rect.right - theme.px(20)
    return pygame.Rect(left, top, max(1, right - left), max(1, bottom - top))


def chart(
    painter: Painter,
    rect: pygame.Rect,
    series: Sequence[SeriesLike],
    bands: Sequence[BandLike] = (),
    turns: int | None = None,
    top: float | None = None,
    x_name: str = "",
    y_name: str = "",
    caption: str = "",
) -> None:
    """A chart of values per turn in a panel (:func:`plot_area` says where its lines are).

    The x axis runs from turn 0 to ``turns`` (or the longest line), the y axis from 0 to
    ``top`` (or the highest value). Both axes are ticked; ``x_name`` and ``y_name`` name
    them (exports do; on screen ``caption``, wrapped above the lines, says what they are).
    """
    lines = [Series(*line) for line in series]
    shades = [Band(*band) for band in bands]
    painter.panel(rect)
    inner = plot_area(painter, rect, named=bool(x_name or y_name), caption=caption)
    count = max([len(line.values) + line.first for line in lines] + [2])
    last = max(count - 1, turns or 0)
    highest = [_finite_max(line.values) for line in lines]
    highest += [_finite_max(band.high) for band in shades]
    peak = top or max([*highest, 1.0])
    recorder = painter.recorder
    if recorder is not None:
        recorder.add("chart", (peak, last), "", None, (rect.x, rect.y, rect.w, rect.h))
        for band in shades:
            recorder.add("band", [*band.low, *band.high], "", band.color, (band.first,))
        for line in lines:
            recorder.add("line", line.values, line.marker, line.color, (line.first,))

    def point(turn: int, value: float) -> tuple[int, int]:
        x = inner.left + round(inner.width * turn / max(last, 1))
        return x, inner.bottom - round(inner.height * min(max(value / peak, 0.0), 1.0))

    with painter.within(rect):
        if caption:
            area = _caption_box(painter, rect)
            painter.paragraph(caption, area, Type.SMALL, painter.theme.palette.dim)
        _axes(painter, rect, inner, peak, last, x_name, y_name)
        for band in shades:
            _band(painter, band, point)
        _lines(painter, lines, point)


def _caption_box(painter: Painter, rect: pygame.Rect) -> pygame.Rect:
    """Where a chart's caption is written: across the top of its panel."""
    px = painter.theme.px
    return pygame.Rect(rect.left + px(14), rect.top + px(8), rect.width - px(28), 0)


def _caption_height(painter: Painter, rect: pygame.Rect, caption: str) -> int:
    """How tall ``caption`` is, wrapped across the chart's panel."""
    return painter.paragraph_height(caption, _caption_box(painter, rect).width, Type.SMALL)


def y_of(inner: pygame.Rect, value: float, top: float) -> int:
    """The height of ``value`` in a plot area whose axis runs from 0 to ``top``."""
    return inner.bottom - round(inner.height * min(max(value / (top or 1.0), 0.0), 1.0))


def guide(painter: Painter, inner: pygame.Rect, value: float, top: float) -> None:
    """A dashed line across a plot area at ``value``: a threshold such as the crisis line."""
    y = y_of(inner, value, top)
    ends = [(inner.left, y), (inner.right, y)]
    dashed(painter.surface, painter.theme.palette.text, ends, 2, painter.theme.px(8))


def legend(painter: Painter, box: pygame.Rect, entries: Sequence[Entry]) -> int:
    """The entries left to right in ``box``, on as many rows as they need; their height."""
    theme = painter.theme
    row = theme.font(Type.SMALL).get_linesize() + theme.px(6)
    x, y = box.left, box.top
    with painter.within(box):
        for entry in entries:
            x, y = _entry(painter, box, entry, x, y, row)
    return y + row - box.top


def _entry(
    painter: Painter, box: pygame.Rect, entry: Entry, x: int, y: int, row: int
) -> tuple[int, int]:
    """One legend entry at (x, y), or at the start of the next row; where the next goes."""
    theme = painter.theme
    font = theme.font(Type.SMALL)
    sample = theme.px(34)
    width = sample + theme.px(8) + font.size(entry.label)[0]
    if x > box.left and x + width > box.right:
        x, y = box.left, y + row
    middle = y + row // 2
    ends = [(x, middle), (x + sample, middle)]
    thick = max(2, theme.px(3))
    if entry.dashed:
        dashed(painter.surface, entry.color, ends, thick, theme.px(7))
    else:
        pygame.draw.line(painter.surface, entry.color, ends[0], ends[1], thick)
    if entry.marker:
        painter.emblem(entry.marker, (x + sample // 2, middle), theme.px(6), entry.color)
    painter.text(entry.label, (x + sample + theme.px(8), middle), Type.SMALL, anchor="midleft")
    x += width + theme.px(28)
    return x, y


@dataclass(frozen=True)
class GridAxis:
    """One axis of a heatmap: its name and how each of its values is written."""

    name: str
    ticks: Sequence[str]


CROWDED = "Too many cells to write each value: read the colour bar"
"""A heatmap's note when its cells are too small for their numbers."""


def heatmap(
    painter: Painter,
    box: pygame.Rect,
    grid: Sequence[Sequence[float]],
    across: GridAxis,
    down: GridAxis | None,
    show: Callable[[float], str],
    title: str,
    marked: tuple[int, int] | None = None,
    note: str = "",
) -> None:
    """A metric over a grid (rows down, columns across) in a panel, with its colour bar.

    Colours run over viridis from the grid's lowest to its highest value; every cell
    with room for it carries its number (``show``). One row is drawn as bars as tall as
    their values. ``marked`` (column, row) is outlined: the setting of the lab's sliders.
    """
    painter.panel(box)
    with painter.within(box):
        _heatmap(painter, box, grid, across, down, show, title, marked, note)


def _heatmap(
    painter: Painter,
    box: pygame.Rect,
    grid: Sequence[Sequence[float]],
    across: GridAxis,
    down: GridAxis | None,
    show: Callable[[float], str],
    title: str,
    marked: tuple[int, int] | None,
    note: str,
) -> None:
    """:func:`heatmap` inside its panel."""
    theme = painter.theme
    palette = theme.palette
    px = theme.px
    values = [[float(value) for value in row] for row in grid]
    flat = [value for row in values for value in row if math.isfinite(value)]
    low, high = (min(flat), max(flat)) if flat else (0.0, 1.0)
    font = theme.font(Type.SMALL)
    line = font.get_linesize()
    with painter.within(box.inflate(-px(32), 0)):
        painter.text(title, (box.left + px(16), box.top + px(12)), Type.BODY, bold=True)
    second = box.top + px(18) + theme.font(Type.BODY).get_linesize()
    named = f"Down: {down.name}" if down is not None else ""
    half = box.width // 2 - px(16)
    rows, columns = len(values), len(values[0])
    row_labels = max((font.size(tick)[0] for tick in down.ticks), default=0) if down else 0
    scale_width = px(22) + px(10) + max(font.size(show(v))[0] for v in (low, high))
    left = box.left + px(16) + (row_labels + px(12) if down else 0)
    widest = max((font.size(text)[0] for text in map(show, itertools.chain(*values))), default=0)

    def cells_below(noted: int) -> tuple[pygame.Rect, float, float, bool]:
        """The cells' area below a note at ``noted``, a cell's size, and room for numbers."""
        area = pygame.Rect(left, noted + line + px(14), 0, 0)
        area.width = box.right - px(20) - scale_width - px(20) - left
        area.height = box.bottom - px(12) - 2 * line - px(8) - area.top
        width = area.width / columns
        height = area.height if rows == 1 else min(area.height / rows, px(110))
        return area, width, height, widest + px(6) <= width and (rows == 1 or line * 0.8 <= height)

    area, width, height, numbered = cells_below(second)
    shown = note if numbered else CROWDED
    bold = theme.font(Type.SMALL, bold=True)
    apart = bool(shown) and (bold.size(named)[0] > half or font.size(shown)[0] > half)
    noted = second
    if apart:  # a field's title and the note do not share a line: the note goes under it
        noted = second + line
        area, width, height, numbered = cells_below(noted)
        shown = note if numbered else CROWDED
    if down is not None:
        room = box.width - px(16) if apart else box.width // 2
        with painter.within(pygame.Rect(box.left, second, room, line)):
            painter.text(named, (box.left + px(16), second), Type.SMALL, bold=True)
    base = min(low, 0.0)
    if shown:
        start = box.left + px(16) if apart else box.centerx
        with painter.within(pygame.Rect(start, noted, box.right - px(16) - start, line)):
            spot = (box.right - px(16), noted)
            painter.text(shown, spot, Type.SMALL, palette.dim, anchor="topright")

    def share(value: float) -> float:
        return 0.5 if high == low else (value - low) / (high - low)

    def cell(row: int, column: int) -> pygame.Rect:
        """A grid cell, or for one row a bar as tall as its value (room kept for its number)."""
        x = area.left + round(column * width)
        cell_width = area.left + round((column + 1) * width) - x
        if rows > 1:
            y = area.top + round(row * height)
            return pygame.Rect(x, y, cell_width, area.top + round((row + 1) * height) - y)
        tall = round((height - line - px(8)) * (values[0][column] - base) / ((high - base) or 1.0))
        return pygame.Rect(x, area.bottom - max(tall, px(4)), cell_width, max(tall, px(4)))

    for row, column in itertools.product(range(rows), range(columns)):
        value = values[row][column]
        color = heat(share(value)) if math.isfinite(value) else palette.track
        place = cell(row, column)
        pygame.draw.rect(painter.surface, color, place.inflate(-2, -2))
        if not numbered:
            continue
        text = show(value)
        if rows == 1:
            painter.text(text, (place.centerx, place.top - px(4)), Type.SMALL, anchor="midbottom")
        else:
            painter.text(text, place.center, Type.SMALL, ink(color), anchor="center")
    if marked is not None:
        outline = cell(marked[1] if rows > 1 else 0, marked[0])
        pygame.draw.rect(painter.surface, palette.focus, outline.inflate(4, 4), px(4))
    bottom = area.top + round(rows * height)
    step = _every(font, across.ticks, width)
    for column, tick in enumerate(across.ticks):
        if column % step == 0:
            center = (area.left + round((column + 0.5) * width), bottom + px(6))
            painter.text(tick, center, Type.SMALL, palette.dim, anchor="midtop")
    with painter.within(box.inflate(-px(32), 0)):
        painter.text(
            f"Across: {across.name}",
            (area.centerx, bottom + px(8) + line),
            Type.SMALL,
            bold=True,
            anchor="midtop",
        )
    if down is not None:
        step = max(1, math.ceil(line / max(height, 1)))
        for row, tick in enumerate(down.ticks):
            if row % step == 0:
                center = (area.left - px(10), area.top + round((row + 0.5) * height))
                painter.text(tick, center, Type.SMALL, palette.dim, anchor="midright")
    bar = pygame.Rect(area.right + px(20), area.top, px(22), bottom - area.top)
    _colour_bar(painter, bar, low, high, show)


def heat(share: float) -> Color:
    """The colour of a share (0–1) of a heatmap's range on the viridis scale."""
    share = min(max(share, 0.0), 1.0) * (len(HEAT) - 1)
    index = min(int(share), len(HEAT) - 2)
    part = share - index
    low, high = HEAT[index], HEAT[index + 1]
    return (
        round(low[0] + (high[0] - low[0]) * part),
        round(low[1] + (high[1] - low[1]) * part),
        round(low[2] + (high[2] - low[2]) * part),
    )


def ink(color: Color) -> Color:
    """Dark or light text, whichever reads on ``color``."""
    light = 0.299 * color[0] + 0.587 * color[1] + 0.114 * color[2]
    return (20, 20, 20) if light > 140 else (245, 245, 245)


def dashed(
    surface: pygame.Surface,
    color: Color,
    points: Sequence[tuple[int, int]],
    width: int,
    dash: int,
) -> None:
    """A polyline in dashes of ``dash`` pixels, so it reads apart from a solid one."""
    marks = [(float(points[0][0]), float(points[0][1]))]
    carried = 0.0  # how far the last mark lies behind the start of the segment
    for (x1, y1), (x2, y2) in itertools.pairwise(points):
        length = math.hypot(x2 - x1, y2 - y1)
        position = dash - carried
        while position <= length:
            part = position / length
            marks.append((x1 + (x2 - x1) * part, y1 + (y2 - y1) * part))
            position += dash
        carried = length - (position - dash)
    for start, end in zip(marks[::2], marks[1::2], strict=False):
        pygame.draw.line(surface, color, start, end, width)


def nice_step(span: float, most: int) -> float:
    """The smallest step of :data:`NICE` that cuts ``span`` into at most ``most`` parts."""
    raw = span / max(most, 1)
    if raw <= 0:
        return 1.0
    power = 10.0 ** math.floor(math.log10(raw))
    steps = [nice * power for nice in NICE if nice != 2.5 or power >= 10]
    return next(step for step in steps if step >= raw * (1 - 1e-9))


def value_ticks(top: float, most: int) -> list[float]:
    """The values ticked on an axis from 0 to ``top`` cut into at most ``most`` steps.

    They follow from the top alone, so a chart's ticks tell nothing its lines do not.
    """
    step = nice_step(top, most)
    return [index * step for index in range(math.floor(top / step + 1e-9) + 1)]


def tick_text(value: float, step: float) -> str:
    """A tick's value with the decimals its step has (``0.25``, ``5``, ``100``)."""
    decimals = len(f"{step:.6f}".rstrip("0").partition(".")[2])
    return f"{value:.{decimals}f}"


def _axes(
    painter: Painter,
    rect: pygame.Rect,
    inner: pygame.Rect,
    top: float,
    last: int,
    x_name: str,
    y_name: str,
) -> None:
    """Ticked axes: value ticks with faint grid lines, turn ticks below, and their names."""
    theme = painter.theme
    palette = theme.palette
    px = theme.px
    font = theme.font(Type.SMALL)
    line = font.get_linesize()
    most = min(MOST_TICKS, max(1, int(inner.height // (line * 1.1))))
    step = nice_step(top, most)
    labelled = inner.top - line  # the last label's height: the next keeps a line below it
    for value in reversed(value_ticks(top, most)):
        y = y_of(inner, value, top)
        color = palette.dim if value == 0 else palette.track
        pygame.draw.line(painter.surface, color, (inner.left, y), (inner.right, y), 1)
        if y - labelled < line:
            continue  # a chart too short for two labels says only its top
        labelled = y
        row = pygame.Rect(rect.left + px(4), y - line // 2 - 1, inner.left - rect.left - px(4), 0)
        row.height = line + 2
        with painter.within(row):
            painter.text(
                tick_text(value, step),
                (inner.left - px(8), y),
                Type.SMALL,
                palette.dim,
                anchor="midright",
            )
    label = font.size(str(last))[0] + px(14)
    spacing = inner.width / max(last, 1)
    every = next((n for n in TURN_STEPS if n * spacing >= label), TURN_STEPS[-1])
    for turn in range(last + 1):
        x = inner.left + round(inner.width * turn / max(last, 1))
        labelled = turn % every == 0
        if not labelled and spacing < px(5):
            continue
        mark = px(6) if labelled else px(3)
        pygame.draw.line(painter.surface, palette.dim, (x, inner.bottom), (x, inner.bottom + mark))
        if labelled:
            spot = (x, inner.bottom + px(6))
            painter.text(str(turn), spot, Type.SMALL, palette.dim, anchor="midtop")
    if x_name:
        spot = (inner.centerx, inner.bottom + px(8) + line)
        painter.text(x_name, spot, Type.SMALL, bold=True, anchor="midtop")
    if y_name:
        with painter.within(rect.inflate(-px(28), 0)):
            spot = (rect.left + px(14), inner.top - px(14) - line)
            painter.text(y_name, spot, Type.SMALL, bold=True)


def _band(painter: Painter, band: Band, point: Callable[[int, float], tuple[int, int]]) -> None:
    """A range shaded in its line's colour, seen through (the panel shows under it)."""
    pairs = [
        (band.first + index, float(low), float(high))
        for index, (low, high) in enumerate(zip(band.low, band.high, strict=True))
        if math.isfinite(low) and math.isfinite(high)
    ]
    if len(pairs) < 2:
        return
    outline = [point(turn, high) for turn, _, high in pairs]
    outline += [point(turn, low) for turn, low, _ in reversed(pairs)]
    box = pygame.Rect(outline[0], (0, 0)).unionall([pygame.Rect(p, (1, 1)) for p in outline])
    shade = pygame.Surface(box.size, pygame.SRCALPHA)
    moved = [(x - box.left, y - box.top) for x, y in outline]
    pygame.draw.polygon(shade, (*band.color, 70), moved)
    painter.surface.blit(shade, box.topleft)


def _lines(
    painter: Painter, lines: Sequence[Series], point: Callable[[int, float], tuple[int, int]]
) -> None:
    """The lines and their markers; where lines meet, the later is drawn beside the earlier.

    Two nations with equal arsenals would otherwise draw one line over the other: a line
    that runs where an earlier one already is moves up by a line's width, and its marker
    is drawn smaller inside the earlier one, so both colours and shapes stay in sight.
    """
    theme = painter.theme
    width = max(2, theme.px(3))
    radius = theme.px(6)
    taken: Counter[tuple[int, int]] = Counter()
    placed: list[tuple[Series, list[tuple[int, int]], list[int]]] = []
    for line in lines:
        points, stacked = [], []
        for index, value in enumerate(line.values):
            if not math.isfinite(value):
                continue
            x, y = point(line.first + index, float(value))
            key = (x, round(y / width))
            depth = taken[key]
            taken[key] += 1
            points.append((x, y - depth * width))
            stacked.append(depth)
        placed.append((line, points, stacked))
    for line, points, _ in placed:
        if len(points) < 2:
            continue
        if line.dashed:
            dashed(painter.surface, line.color, points, width, theme.px(9))
        else:
            pygame.draw.lines(painter.surface, line.color, False, points, width)
    for line, points, stacked in placed:
        if not line.marker or not points:
            continue
        step = max(1, math.ceil(len(points) / 16))
        for index in sorted({*range(0, len(points), step), len(points) - 1}):
            size = radius if stacked[index] == 0 else max(2, round(radius * 0.6))
            painter.emblem(line.marker, points[index], size, line.color)


def _colour_bar(
    painter: Painter, bar: pygame.Rect, low: float, high: float, show: Callable[[float], str]
) -> None:
    """The heatmap's scale: the colours from low (bottom) to high (top), with their values."""
    palette = painter.theme.palette
    for y in range(bar.height):
        color = heat(1 - y / max(bar.height - 1, 1))
        pygame.draw.line(painter.surface, color, (bar.left, bar.top + y), (bar.right, bar.top + y))
    pygame.draw.rect(painter.surface, palette.panel_edge, bar, 1)
    gap = painter.theme.px(8)
    shown = [(bar.top, high), (bar.bottom, low)]
    if bar.height > 4 * painter.theme.font(Type.SMALL).get_linesize():
        shown.append((bar.centery, (low + high) / 2))
    for y, value in shown:
        pygame.draw.line(painter.surface, palette.text, (bar.right, y), (bar.right + gap // 2, y))
        spot = (bar.right + gap, y)
        painter.text(show(value), spot, Type.SMALL, palette.dim, anchor="midleft")


def _every(font: pygame.font.Font, ticks: Sequence[str], width: float) -> int:
    """Label every n-th column, so that no two labels touch."""
    widest = max((font.size(tick)[0] for tick in ticks), default=0) + 8
    return max(1, math.ceil(widest / max(width, 1)))


def _finite_max(values: Sequence[float]) -> float:
    """The highest finite value (0 if there is none)."""
    return max((float(value) for value in values if math.isfinite(value)), default=0.0)
