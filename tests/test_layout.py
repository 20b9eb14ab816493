"""Readable on a projector: every screen, at every window and interface size, lays out.

The tour (``screen_tour.py``) visits every screen with real events; each frame is drawn
with a recorder, and :func:`layout_check.layout_problems` must find nothing: every text
inside the window and its card, no two texts overlapping, cards apart or nested. At
1280×720 and 100% no text is smaller than the type scale's smallest size (18 px).
"""

from __future__ import annotations

import pygame
import pytest
from layout_check import layout_problems, smallest_text
from screen_tour import tour

from game.ui.app import App
from game.ui.painter import Recorder
from game.ui.settings import SCALES, Settings
from game.ui.theme import Type

SIZES = [
    *(((1280, 720), scale) for scale in SCALES),
    *(((1920, 1080), scale) for scale in SCALES),
    ((1024, 600), 1.0),
    ((1024, 600), 1.25),
]
"""Every interface size at the two windows a classroom has, and a small laptop's."""


def look_at_every_screen(size: tuple[int, int], scale: float) -> dict[str, Recorder]:
    """Each screen of the tour, as drawn at this window size and interface size."""
    app = App(size, Settings(ui_scale=scale))
    seen: dict[str, Recorder] = {}
    try:
        for name in tour(app, sweep_games=10):
            recorder = Recorder()
            app.painter.recorder = recorder
            app.frame()
            app.painter.recorder = None
            seen[name] = recorder
    finally:
        pygame.quit()
    return seen


@pytest.mark.parametrize(("size", "scale"), SIZES, ids=[f"{w}x{h}@{s:.0%}" for (w, h), s in SIZES])
def test_every_screen_lays_out_at_every_size(size, scale):
    """Text inside its card and the window, no overlaps; 18 px or more at the base size."""
    seen = look_at_every_screen(size, scale)
    assert len(seen) >= 30
    window = pygame.Rect((0, 0), size)
    problems = {
        name: found
        for name, recorder in seen.items()
        if (found := layout_problems(recorder, window))
    }
    report = "\n".join(
        f"{name}: {lines[0]} (+{len(lines) - 1} more)" for name, lines in problems.items()
    )
    assert not problems, report
    if (size, scale) == ((1280, 720), 1.0):
        small = {
            name: smallest
            for name, recorder in seen.items()
            if (smallest := smallest_text(recorder))[0] < Type.SMALL
        }
        assert not small, small
