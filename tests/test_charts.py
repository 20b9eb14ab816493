"""The one chart module: on screen and in the PNGs a teacher prints."""

from __future__ import annotations

import itertools
from pathlib import Path

import pygame
import pytest

from game.ai.registry import make_strategy
from game.cli import main
from game.levels import load_builtin
from game.rules.model import Side
from game.session.match import Match
from game.session.saves import save_finished
from game.ui import charts, export
from game.ui.painter import Painter
from game.ui.theme import Theme, Type, ensure_fonts

RED, BLUE = (213, 94, 0), (0, 114, 178)


@pytest.fixture
def texts(monkeypatch):
    """Every text drawn, with its rectangle and the size it was drawn at."""
    drawn: list[tuple[str, pygame.Rect, float]] = []
    draw = Painter.text
    font = Theme.font
    sizes: list[float] = []

    def measured(theme, size, bold=False, text=""):
        sizes.append(size)
        return font(theme, size, bold, text)

    def recording(painter, value, *args, **kwargs):
        sizes.clear()
        rect = draw(painter, value, *args, **kwargs)
        drawn.append((value, rect, min(sizes)))
        return rect

    monkeypatch.setattr(Theme, "font", measured)
    monkeypatch.setattr(Painter, "text", recording)
    return drawn


@pytest.fixture
def pages(monkeypatch, texts):
    """Each PNG written: its file name, its image and the texts drawn on it."""
    written: list[tuple[str, pygame.Surface, list[tuple[str, pygame.Rect, float]]]] = []
    save = export.save_png

    def saving(surface, path):
        written.append((path.name, surface.copy(), list(texts)))
        texts.clear()
        save(surface, path)

    monkeypatch.setattr(export, "save_png", saving)
    return written


def painter(size=(1280, 720)) -> Painter:
    ensure_fonts()
    return Painter(pygame.Surface(size), Theme())


def pixels(surface: pygame.Surface, color: tuple[int, int, int]) -> int:
    """How many pixels have exactly ``color``."""
    return sum(
        surface.get_at((x, y))[:3] == color
        for x in range(surface.get_width())
        for y in range(surface.get_height())
    )


def test_a_line_under_an_equal_line_stays_in_sight():
    values = [2.0, 3.0, 3.0, 5.0, 4.0, 4.0, 6.0]
    alone, both = painter((400, 240)), painter((400, 240))
    rect = pygame.Rect(0, 0, 400, 240)
    charts.chart(alone, rect, [charts.Series(values, RED, "triangle")])
    charts.chart(
        both, rect, [charts.Series(values, RED, "triangle"), charts.Series(values, BLUE, "circle")]
    )
    assert pixels(both.surface, BLUE) > 0
    assert pixels(both.surface, RED) > pixels(alone.surface, RED) / 3  # Redland still shows


def test_the_value_ticks_fit_beside_a_short_chart_at_the_smallest_type(texts):
    drawing = painter()
    rect = pygame.Rect(30, 500, 670, 190)  # the replay viewer's chart
    charts.chart(drawing, rect, [charts.Series([40.0, 70.0, 100.0], RED, "square")], top=100.0)
    ticks = {value: (box, size) for value, box, size in texts if value.isdigit()}
    box, size = ticks["100"]  # not "00"
    assert rect.contains(box) and size >= Type.SMALL
    assert {"0", "50", "100"} <= set(ticks)
    assert all(size >= Type.SMALL for _, _, size in texts)


def test_ticks_are_round_numbers_from_zero_to_the_top():
    assert charts.value_ticks(100.0, 4) == [0.0, 25.0, 50.0, 75.0, 100.0]
    assert charts.value_ticks(12.3, 5) == [0.0, 5.0, 10.0]
    assert charts.value_ticks(1.0, 5) == [0.0, 0.2, 0.4, 0.6000000000000001, 0.8, 1.0]
    assert charts.tick_text(0.6000000000000001, 0.2) == "0.6"


def overlaps(drawn: list[tuple[str, pygame.Rect, float]]) -> list[tuple[str, str]]:
    """Pairs of texts whose letters would touch (their boxes, less the font's line gap)."""
    shrunk = [(text, box.inflate(-2, -box.height // 4)) for text, box, _ in drawn if text]
    return [
        (a, b)
        for (a, box_a), (b, box_b) in itertools.combinations(shrunk, 2)
        if box_a.colliderect(box_b)
    ]


def replay_file(tmp_path: Path) -> Path:
    level = load_builtin("fog-of-war")
    match = Match(level.scenario, 1, make_strategy("tit-for-tat"), make_strategy("tit-for-tat"))
    match.play_out()
    controllers = {Side.RED: "tit-for-tat", Side.BLUE: "tit-for-tat"}
    return save_finished(level, controllers, match)


def test_a_replays_charts_print_on_white_with_their_axes_and_legends(tmp_path, pages):
    path = replay_file(tmp_path)
    assert main(["replay", str(path), "--export", str(tmp_path / "out")]) == 0
    by_name = {name: (image, drawn) for name, image, drawn in pages}
    assert sorted(by_name) == ["arsenals.png", "beliefs.png", "security.png", "tension.png"]
    for name, (image, drawn) in by_name.items():
        assert image.get_at((5, 5))[:3] == (255, 255, 255), name  # paper, not the slate room
        words = [text for text, _, _ in drawn]
        assert "Turn" in words and {"0", "10", "20", "30"} <= set(words), name
        assert all(size >= Type.SMALL for _, _, size in drawn), name
        assert overlaps(drawn) == [], name
    tension = [text for text, _, _ in by_name["tension.png"][1]]
    assert "Tension" in tension and "Crisis line" in tension
    assert not any("Redland" in text or "Blueland" in text for text in tension)
    arsenals = [text for text, _, _ in by_name["arsenals.png"][1]]
    assert "Redland: true weapons" in arsenals and "as Redland estimated them" in arsenals
    assert "Weapons" in arsenals


def test_sweep_png_names_its_axes_for_people_and_has_a_colour_scale(tmp_path, pages, capsys):
    args = ["sweep", "--level", "fog-of-war", "--red", "tit-for-tat", "--blue", "fearful"]
    args += ["--vary", "intel.posture_misread=0:0.2:3", "--vary", "rules.turns=10:20:2"]
    assert main([*args, "--games", "20", "--quiet", "--out", str(tmp_path)]) == 0
    [(name, image, drawn)] = pages
    assert name == "sweep.png" and image.get_at((5, 5))[:3] == (255, 255, 255)
    words = [text for text, _, _ in drawn]
    across, down = export.field_title("intel.posture_misread"), export.field_title("rules.turns")
    assert f"Across: {across}" in words and f"Down: {down}" in words
    assert not any("intel.posture_misread" in text for text in words)
    rows = (tmp_path / "sweep.csv").read_text(encoding="utf-8").splitlines()[1:]
    wars = [float(row.split(",")[2]) for row in rows]
    assert f"{min(wars):.0%}" in words and f"{max(wars):.0%}" in words  # the colour bar's ends
    assert all(size >= Type.SMALL for _, _, size in drawn)
    assert overlaps(drawn) == []
