"""Charts as PNG files for print, drawn by the game's own charts (no window needed).

``security-dilemma replay FILE --export DIR`` writes the replay's charts beside the CSV
and the story, and ``security-dilemma sweep`` writes ``sweep.png``, for a teacher's slides
or handouts. They are printed, so they use the print theme (dark ink on white) and say
in words what every line and colour means: ticked axes with names, a legend of the lines
actually drawn, and the heatmap's colour bar.
"""

from __future__ import annotations

import functools
import io
from pathlib import Path

import pygame

from game.replay import Replay
from game.rules import vocabulary as words
from game.rules.model import Side
from game.session.lab import SweepResult, schema_field
from game.storage import write_atomically
from game.ui import charts
from game.ui.painter import Painter
from game.ui.theme import Type, ensure_fonts, nation_looks

SIZE = (1280, 720)
SIDES = (Side.RED, Side.BLUE)


def save_png(surface: pygame.Surface, path: Path) -> None:
    """Write a PNG atomically, so an interrupted export never leaves half an image."""
    buffer = io.BytesIO()
    pygame.image.save(surface, buffer, "png")
    write_atomically(path, buffer.getvalue())


def page(title: str, subtitle: str) -> Painter:
    """A white page of :data:`SIZE` with its title and the line that says what it shows."""
    ensure_fonts()  # without a window, as for the command line
    painter = Painter(pygame.Surface(SIZE), charts.print_theme())
    painter.fill()
    painter.text(painter.clip(title, Type.HEADING, 1200), (40, 22), Type.HEADING, bold=True)
    palette = painter.theme.palette
    painter.text(painter.clip(subtitle, Type.BODY, 1200), (40, 70), Type.BODY, palette.dim)
    return painter


ChartParts = tuple[str, list[charts.Series], list[charts.Entry], str, float | None]
"""A replay chart: its subtitle, lines, legend, the y axis's name and its top."""


def replay_charts(replay: Replay, beliefs: dict[Side, list[float]]) -> dict[str, ChartParts]:
    """The arsenal, tension, security and belief charts of a replay, by file name."""
    looks = nation_looks(replay.level.model)
    scenario = replay.level.scenario
    turns = replay.records
    start = [float(scenario.start_arsenal[int(side)].sum()) for side in SIDES]
    arsenals: list[charts.Series] = []
    security: list[charts.Series] = []
    belief: list[charts.Series] = []
    arsenal_keys: list[charts.Entry] = []
    security_keys: list[charts.Entry] = []
    belief_keys: list[charts.Entry] = []
    for side in SIDES:
        look, other = looks[side], looks[side.other]
        own = [record.side(side) for record in turns]
        truth = [start[int(side)], *(part.total for part in own)]
        seen = [record.side(side.other).seen.estimate for record in turns]
        arsenals += [
            charts.Series(truth, look.color, look.emblem),
            charts.Series(seen, look.color, "diamond", 1, dashed=True),
        ]
        arsenal_keys += [
            charts.Entry(f"{look.name}: true weapons", look.color, look.emblem),
            charts.Entry(f"as {other.name} estimated them", look.color, "diamond", True),
        ]
        security += [
            charts.Series([100 * part.real_security for part in own], look.color, look.emblem, 1),
            charts.Series(
                [100 * part.felt_security for part in own], look.color, "diamond", 1, dashed=True
            ),
        ]
        security_keys += [
            charts.Entry(f"{look.name}: real security", look.color, look.emblem),
            charts.Entry("felt security", look.color, "diamond", True),
        ]
        belief.append(charts.Series([100 * b for b in beliefs[side]], look.color, look.emblem))
        belief_keys.append(charts.Entry(f"{look.name} about {other.name}", look.color, look.emblem))
    palette = charts.PRINT
    tension = [scenario.start_tension, *(record.tension for record in turns)]
    crisis = [scenario.params_at(max(turn - 1, 0)).crisis_threshold for turn in range(len(tension))]
    return {
        "arsenals": (
            "Weapons of each nation: the truth, and as the other side estimated them",
            arsenals,
            arsenal_keys,
            "Weapons",
            None,
        ),
        "tension": (
            "Public tension after each turn; at the crisis line a crisis can break out",
            [
                charts.Series(tension, palette.tension, "square"),
                charts.Series(crisis, palette.text, "", dashed=True),
            ],
            [
                charts.Entry("Tension", palette.tension, "square"),
                charts.Entry("Crisis line", palette.text, dashed=True),
            ],
            "Tension (0 calm, 1 on the brink)",
            1.0,
        ),
        "security": (
            "Real security against felt security (how safe each nation believed it was)",
            security,
            security_keys,
            "Security in % (100: nothing to fear)",
            100.0,
        ),
        "beliefs": (
            "How sure a careful observer in each nation is that the other is expansionist",
            belief,
            belief_keys,
            "Belief in %",
            100.0,
        ),
    }


def save_charts(replay: Replay, beliefs: dict[Side, list[float]], folder: Path) -> list[Path]:
    """Write the arsenal, tension, security and belief charts; returns the files written."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, (subtitle, series, entries, y_name, top) in replay_charts(replay, beliefs).items():
        painter = page(replay.level.model.level.title, subtitle)
        box = pygame.Rect(40, 110, 1200, 500)
        turns = len(replay.records)
        charts.chart(painter, box, series, turns=turns, top=top, x_name="Turn", y_name=y_name)
        charts.legend(painter, pygame.Rect(40, 624, 1200, 0), entries)
        path = folder / f"{name}.png"
        save_png(painter.surface, path)
        written.append(path)
    return written


METRIC_WORDS = {
    "war_rate": "Share of games that ended in war",
    "spiral_rate": f"Share of games with an arms-race spiral ({words.SPIRAL_MEANING})",
    "dilemma_share": "Share of games that were true security dilemmas (Tang)",
    "mean_welfare": "Mean score of the two nations",
}


@functools.lru_cache(maxsize=256)
def field_title(path: str) -> str:
    """A level field's name for people: its title in the level schema (else its path).

    Remembered: the schema takes tens of milliseconds to build, and the lab's sweep map
    names its axes in every frame.
    """
    try:
        title = schema_field(path).get("title")
    except KeyError:
        return path
    return title if isinstance(title, str) and title else path


def save_sweep_chart(sweep: SweepResult, metric: str, title: str, path: Path) -> Path:
    """The heatmap of ``metric`` over the sweep's one or two varied fields, as PNG."""
    painter = page(title, "One cell per setting; every setting plays the same seeded games")
    axes = [
        charts.GridAxis(field_title(axis.path), [f"{value:g}" for value in axis.values])
        for axis in sweep.axes
    ]
    share = metric != "mean_welfare"

    def show(value: float) -> str:
        return f"{value:.0%}" if share else f"{value:.1f}"

    charts.heatmap(
        painter,
        pygame.Rect(40, 110, 1200, 580),
        sweep.grid(metric).tolist(),
        axes[0],
        axes[1] if len(axes) > 1 else None,
        show,
        METRIC_WORDS.get(metric, metric),
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    save_png(painter.surface, path)
    return path
