"""The window opens on screen, fits the display, and comes back where the player left it."""

from __future__ import annotations

import json
import os

import pygame
import pytest

from game.ui.app import App, fit_window, place_window
from game.ui.play import run_window
from game.ui.settings import Settings, load_settings, save_settings, settings_path


@pytest.mark.parametrize("desktop", [(1024, 600), (1280, 720), (1366, 768), (3840, 2160)])
def test_the_window_fits_the_display_and_starts_on_it(desktop):
    size = fit_window((1280, 720), desktop)
    x, y = place_window(size, None, desktop)
    assert x >= 0 and y >= 0 and x + size[0] <= desktop[0] and y + size[1] <= desktop[1]
    if desktop[0] >= 1400:
        assert size == (1280, 720)  # a display with room keeps the designed size


def test_a_remembered_place_off_the_display_is_not_used():
    desktop = (1920, 1080)
    assert place_window((1280, 720), (100, 50), desktop) == (100, 50)
    for gone in [(-128, -60), (1500, 50), (100, 900), (5000, 5000)]:  # another monitor, unplugged
        x, y = place_window((1280, 720), gone, desktop)
        assert (x, y) == (320, 180)


def test_the_window_opens_inside_a_small_display(monkeypatch):
    monkeypatch.setattr(pygame.display, "get_desktop_sizes", lambda: [(1024, 600)])
    app = App()
    try:
        width, height = app.screen.get_size()
        assert width <= 1024 and height <= 600
        x, y = (int(part) for part in os.environ["SDL_VIDEO_WINDOW_POS"].split(","))
        assert x >= 0 and y >= 0 and x + width <= 1024 and y + height <= 600
    finally:
        pygame.quit()


def moved_and_resized(app: App, problem: str) -> None:
    """The player drags the window, resizes it, and quits."""
    pygame.event.post(pygame.event.Event(pygame.VIDEORESIZE, w=1100, h=650, size=(1100, 650)))
    pygame.event.post(pygame.event.Event(pygame.WINDOWMOVED, x=40, y=30))
    pygame.event.post(pygame.event.Event(pygame.QUIT))


def test_the_window_comes_back_with_its_size_and_place(monkeypatch):
    monkeypatch.setattr(pygame.display, "get_desktop_sizes", lambda: [(1920, 1080)])
    save_settings(Settings(sound=False))
    run_window(moved_and_resized)
    settings, problem = load_settings()
    assert problem is None and settings.sound is False  # the player's other choices stay
    assert settings.window_size == (1100, 650) and settings.window_position == (40, 30)
    app = App(settings=settings)
    try:
        assert app.screen.get_size() == (1100, 650)
        assert os.environ["SDL_VIDEO_WINDOW_POS"] == "40,30"
    finally:
        pygame.quit()


def test_a_damaged_settings_file_is_not_overwritten_on_the_way_out():
    path = settings_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text('{"sound": "yes"}', encoding="utf-8")
    run_window(moved_and_resized)
    assert path.read_text(encoding="utf-8") == '{"sound": "yes"}'


@pytest.mark.parametrize(
    ("window", "message"),
    [
        ({"width": 10, "height": 600}, '"window.width" is too small'),
        ({"width": 1280, "height": 10**6}, '"window.height" is too large'),
        ({"width": 1280, "height": 720, "x": 10**9, "y": 0}, '"window.x" is too large'),
        ({"width": "1280", "height": 720}, '"window.width" should be a whole number'),
    ],
)
def test_a_window_out_of_bounds_is_refused_in_one_line(window, message):
    path = settings_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({"sound": True, "window": window}, indent=1), encoding="utf-8")
    settings, problem = load_settings()
    assert settings == Settings() and problem is not None
    assert message in problem and "line 3" in problem and "\n" not in problem


def test_a_screen_nothing_changed_is_not_drawn_again_but_events_and_moves_are():
    """An idle window costs next to no CPU: App.run draws only what changed."""
    from game.levels import load_builtin
    from game.rules.model import Side
    from game.ui.app import HEARTBEAT_MS
    from game.ui.flow import MatchFlow
    from game.ui.menu import Menu

    window = App((1280, 720))
    now = [0]
    window.clock = lambda: now[0]
    try:
        Menu(window).title()
        assert window.step()  # a new screen is drawn
        window.draw()
        now[0] += 100
        assert not window.step()  # nothing happened: no frame
        pygame.event.post(pygame.event.Event(pygame.MOUSEMOTION, pos=(5, 5), rel=(1, 1)))
        assert window.step()
        window.draw()
        now[0] += HEARTBEAT_MS
        assert window.step()  # and every half second, for what the clock alone changes
        window.draw()
        level = load_builtin("fog-of-war", ["rules.turns=4"])
        MatchFlow(window, level, 3, {Side.RED: "bayesian", Side.BLUE: "tit-for-tat"}).start()
        pygame.event.post(pygame.event.Event(pygame.KEYDOWN, key=pygame.K_RETURN, mod=0))
        window.step()  # past the briefing, to two computers playing
        window.draw()
        assert not window.step()  # before the first turn's time
        now[0] += 60_000
        assert window.step()  # the computers played a turn: it is drawn
    finally:
        window.close()
