"""Charts of a replay as PNG files, drawn with the game's own painter (no window needed).

``security-dilemma replay FILE --export DIR`` writes them beside the CSV and the story,
for a teacher's slides or handouts.
"""

from __future__ import annotations

import io
from pathlib import Path

import numpy as np
import pygame

from game.replay import Replay
from game.rules import vocabulary as words
from game.rules.model import Side
from game.session.lab import SweepResult
from game.storage import write_atomically
from game.ui.painter import Painter
from game.ui.theme import Theme, ensure_fonts, nation_looks

SIZE = (1280, 720)
SIDES = (Side.RED, Side.BLUE)
Series = tuple[list[float], tuple[int, int, int], str, int]


def save_png(surface: pygame.Surface, path: Path) -> None:
    """Write a PNG atomically, so an interrupted export never leaves half an image."""
    buffer = io.BytesIO()
    pygame.image.save(surface, buffer, "png")
    write_atomically(path, buffer.getvalue())


def save_charts(replay: Replay, beliefs: dict[Side, list[float]], folder: Path) -> list[Path]:
    """Write the arsenal, tension, security and belief charts; returns the files written."""
    ensure_fonts()
    folder.mkdir(parents=True, exist_ok=True)
    looks = nation_looks(replay.level.model)
    names = {side: looks[side].name for side in SIDES}
    colors = {side: looks[side].color for side in SIDES}
    shapes = {side: looks[side].emblem for side in SIDES}
    turns = replay.records
    start = [float(replay.level.scenario.start_arsenal[int(side)].sum()) for side in SIDES]
    arsenals: list[Series] = []
    security: list[Series] = []
    belief: list[Series] = []
    for side in SIDES:
        own = [record.side(side) for record in turns]
        truth = [start[int(side)], *(part.total for part in own)]
        seen = [record.side(side.other).seen.estimate for record in turns]
        arsenals += [(truth, colors[side], shapes[side], 0), (seen, colors[side], "diamond", 1)]
        security += [
            ([part.real_security for part in own], colors[side], shapes[side], 1),
            ([part.felt_security for part in own], colors[side], "diamond", 1),
        ]
        belief.append((beliefs[side], colors[side], shapes[side], 0))
    tension = [record.tension for record in turns]
    red, blue = names[Side.RED], names[Side.BLUE]
    charts = {
        "arsenals": (
            "Weapons: the truth (emblems) and as the other side saw them (diamonds)",
            arsenals,
            None,
        ),
        "tension": ("Public tension after each turn", [(tension, (230, 159, 0), "square", 1)], 1.0),
        "security": ("Real security (emblems) and felt security (diamonds)", security, 1.0),
        "beliefs": (
            f"Belief that the other side is expansionist: {red} about {blue}, and back",
            belief,
            1.0,
        ),
    }
    written = []
    for name, (title, series, top) in charts.items():
        surface = pygame.Surface(SIZE)
        theme = Theme()
        theme.fit(SIZE, 1.0)
        painter = Painter(surface, theme)
        painter.fill()
        painter.text(replay.level.model.level.title, (40, 24), 30, bold=True)
        painter.text(title, (40, 70), 20, theme.palette.dim)
        box = pygame.Rect(40, 110, 1200, 520)
        painter.chart(box, series, turns=len(turns), top=top)
        for index, side in enumerate(SIDES):
            x = 40 + index * 260
            painter.emblem(shapes[side], (x + 10, 662), 9, colors[side])
            painter.text(names[side], (x + 26, 650), 20, colors[side], bold=True)
        painter.text(
            f"turns 0 to {len(turns)}", (1240, 650), 16, theme.palette.dim, anchor="topright"
        )
        path = folder / f"{name}.png"
        save_png(surface, path)
        written.append(path)
    return written


METRIC_WORDS = {
    "war_rate": "Share of games that ended in war",
    "spiral_rate": f"Share of games with an arms-race spiral ({words.SPIRAL_MEANING})",
    "dilemma_share": "Share of games that were true security dilemmas (Tang)",
    "mean_welfare": "Mean score of the two nations",
}


def save_sweep_chart(sweep: SweepResult, metric: str, title: str, path: Path) -> Path:
    """A heatmap (two varied parameters) or a line chart (one) of ``metric``, as PNG.

    Every cell carries its number, so the picture never depends on colour alone.
    """
    ensure_fonts()
    surface = pygame.Surface(SIZE)
    theme = Theme()
    theme.fit(SIZE, 1.0)
    painter = Painter(surface, theme)
    palette = theme.palette
    painter.fill()
    painter.text(title, (40, 24), 28, bold=True)
    painter.text(METRIC_WORDS.get(metric, metric), (40, 66), 20, palette.dim)
    grid = sweep.grid(metric)
    low, high = float(np.nanmin(grid)), float(np.nanmax(grid))
    share = metric != "mean_welfare"
    shown = (lambda v: f"{v:.0%}") if share else (lambda v: f"{v:.1f}")
    first = sweep.axes[0]
    area = pygame.Rect(200, 110, 1020, 500)
    if len(sweep.axes) == 1:
        top = 1.0 if share else max(high, 1e-9)
        painter.chart(area, [(grid[0].tolist(), palette.focus, "circle", 0)], top=top)
        inner = painter.plot_area(area)
        for index, value in enumerate(first.values):
            x = inner.left + round(inner.width * index / max(len(first.values) - 1, 1))
            painter.text(f"{value:g}", (x, area.bottom + 8), 16, palette.dim, anchor="midtop")
            point = inner.bottom - round(inner.height * min(grid[0, index] / top, 1.0))
            painter.text(shown(grid[0, index]), (x, point - 10), 15, anchor="midbottom")
    else:
        second = sweep.axes[1]
        rows, columns = grid.shape
        cell_w, cell_h = area.width / columns, area.height / rows
        for row in range(rows):
            for column in range(columns):
                value = float(grid[row, column])
                level = 0.0 if high == low else (value - low) / (high - low)
                color = tuple(
                    round(a + (b - a) * level)
                    for a, b in zip(palette.panel, (213, 94, 0), strict=True)
                )
                cell = pygame.Rect(
                    round(area.left + column * cell_w),
                    round(area.bottom - (row + 1) * cell_h),
                    round(cell_w) + 1,
                    round(cell_h) + 1,
                )
                pygame.draw.rect(surface, color, cell)
                ink = palette.background if level > 0.6 else palette.text
                painter.text(shown(value), cell.center, 14, ink, anchor="center")
        for row, value in enumerate(second.values):
            y = area.bottom - (row + 0.5) * cell_h
            painter.text(f"{value:g}", (area.left - 10, y), 16, palette.dim, anchor="midright")
        for column, value in enumerate(first.values):
            x = area.left + (column + 0.5) * cell_w
            painter.text(f"{value:g}", (x, area.bottom + 8), 16, palette.dim, anchor="midtop")
        painter.text(second.path, (40, area.top - 28), 18, palette.text, bold=True)
    painter.text(first.path, (area.centerx, area.bottom + 40), 18, bold=True, anchor="midtop")
    path.parent.mkdir(parents=True, exist_ok=True)
    save_png(surface, path)
    return path
