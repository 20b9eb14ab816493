"""The window and its loop: scenes, resizing, settings, and one frame at a time for tests."""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Callable
from typing import Protocol

import pygame

from game.ui import jobs
from game.ui.painter import Painter
from game.ui.settings import Settings
from game.ui.sound import Sounds
from game.ui.theme import BASE_SIZE, Palette, Theme, reset_fonts

TITLE = "Security Dilemma"
FPS = 60
HEARTBEAT_MS = 500
"""An idle screen is still redrawn this often, so whatever the clock changes on it (a
curtain's guard running out, a turn clock) shows within half a second."""
MIN_SIZE = (1024, 600)


def _desktop() -> tuple[int, int]:
    """The size of the display the window opens on (the first one)."""
    sizes = pygame.display.get_desktop_sizes()
    return sizes[0] if sizes else BASE_SIZE


DESKTOP_MARGIN = (0.95, 0.9)
"""Share of the desktop's width and height a window may take (room for the title bar and
the taskbar or the dock)."""


def fit_window(wanted: tuple[int, int], desktop: tuple[int, int]) -> tuple[int, int]:
    """``wanted`` shrunk to fit the desktop, keeping its shape.

    It is never smaller than the smallest layout (1024×600), unless the desktop is.
    """
    room = (int(desktop[0] * DESKTOP_MARGIN[0]), int(desktop[1] * DESKTOP_MARGIN[1]))
    shrink = min(1.0, room[0] / wanted[0], room[1] / wanted[1])
    width, height = round(wanted[0] * shrink), round(wanted[1] * shrink)
    smallest = (min(MIN_SIZE[0], desktop[0]), min(MIN_SIZE[1], room[1]))
    return max(width, smallest[0]), max(height, smallest[1])


def place_window(
    size: tuple[int, int], remembered: tuple[int, int] | None, desktop: tuple[int, int]
) -> tuple[int, int]:
    """The remembered corner if the whole window is on the desktop there, else centred.

    A window never starts off the top-left corner, so its title bar can always be grabbed.
    """
    if remembered is not None:
        x, y = remembered
        if 0 <= x <= desktop[0] - size[0] and 0 <= y <= desktop[1] - size[1]:
            return remembered
    return max(0, (desktop[0] - size[0]) // 2), max(0, (desktop[1] - size[1]) // 2)


class Scene(Protocol):
    """One screen: it reacts to events and draws itself from what it may show.

    A screen that moves on its own (computers playing, a replay playing, work finishing)
    also has ``update(now_ms) -> bool``: it moves on to the window's clock and says whether
    it changed, so that the window draws it again.
    """

    def handle(self, event: pygame.event.Event) -> None:
        """React to one event."""
        ...

    def draw(self, painter: Painter) -> None:
        """Draw the whole screen."""
        ...


class App:
    """The game window: a stack of screens, the top one shown; :meth:`quit` ends the loop.

    Scenes move on with :meth:`show` (a new place), :meth:`push` and :meth:`pop` (a screen
    opened over another, such as the pause menu) and :meth:`replace`.

    ``settings`` (the player's, or the defaults) decide fullscreen, interface size, palette
    and sound; :meth:`apply` changes them while the game runs. The caller loads and saves
    them (:mod:`game.ui.settings`): the window never touches the settings file.

    The window opens at the size and place it was left (``settings.window_size`` and
    ``window_position``), fitted to the display and never off it; a ``size`` given here is
    used exactly (tests and pictures).
    """

    def __init__(
        self, size: tuple[int, int] | None = None, settings: Settings | None = None
    ) -> None:
        pygame.init()
        reset_fonts()
        pygame.display.set_caption(TITLE)
        self.settings = settings or Settings()
        desktop = _desktop()
        wanted = self.settings.window_size or BASE_SIZE
        self.windowed_size = size or fit_window(wanted, desktop)  # kept while fullscreen
        self.smallest = fit_window(MIN_SIZE, desktop)
        """The smallest window the layouts are made for, or the desktop if that is smaller."""
        self.position = place_window(self.windowed_size, self.settings.window_position, desktop)
        """Where the window's corner is on the desktop (it is opened there, and followed)."""
        os.environ["SDL_VIDEO_WINDOW_POS"] = f"{self.position[0]},{self.position[1]}"
        self.fullscreen = False
        """Whether the window fills the display (as it really opened, not as asked)."""
        self.screen = self._open(self.settings.fullscreen)
        self.theme = Theme(palette=Palette.for_settings(self.settings.colour_blind_safe))
        self.theme.fit(self.screen.get_size(), self.settings.ui_scale)
        self.painter = Painter(self.screen, self.theme)
        self.sounds = Sounds(enabled=self.settings.sound)
        self.stack: list[Scene] = []
        """The screens open, the current one last: a pause menu or a viewer opened from a
        screen sits on it, and leaving it (:meth:`pop`) finds that screen as it was."""
        self.running = True
        self.clock: Callable[[], int] = pygame.time.get_ticks
        """Milliseconds since the window opened: every guard and animation reads this (tests
        replace it to move time on without waiting)."""
        self.pointer = (0, 0)
        """Where the mouse was last seen; wheel events are given it as their ``pos``."""
        self._ticker = pygame.time.Clock()
        self._drawn_scene: Scene | None = None
        """The screen the latest frame drew, and when (:meth:`step` redraws a changed one)."""
        self._drawn_at = -HEARTBEAT_MS

    def now(self) -> int:
        """The window's clock, in milliseconds."""
        return self.clock()

    @property
    def scene(self) -> Scene | None:
        """The current screen."""
        return self.stack[-1] if self.stack else None

    def show(self, scene: Scene) -> None:
        """Go to ``scene``, a new place: the screens open before it are closed."""
        self.stack = [scene]
        self._entered(scene)

    def push(self, scene: Scene) -> None:
        """Open ``scene`` over the current screen (a pause menu, a viewer), to come back."""
        self.stack.append(scene)
        self._entered(scene)

    def pop(self) -> None:
        """Close the current screen and come back to the one under it, exactly as it was."""
        if len(self.stack) > 1:
            self.stack.pop()
            self._entered(self.stack[-1])

    def replace(self, scene: Scene) -> None:
        """Put ``scene`` in place of the current screen, keeping the ones under it."""
        if self.stack:
            self.stack.pop()
        self.push(scene)

    def _entered(self, scene: Scene) -> None:
        """Tell a screen with ``entered`` that it appeared (again).

        A guard such as the hand-off curtain's counts from that moment, every time the
        screen comes back, after a pause menu too.
        """
        entered = getattr(scene, "entered", None)
        if entered is not None:
            entered(self.now())

    def quit(self) -> None:
        """End the loop at the end of this frame."""
        self.running = False

    def apply(self, settings: Settings) -> None:
        """Use new settings at once: fullscreen, interface size, palette and sound."""
        if settings.fullscreen != self.fullscreen:
            self.screen = self._open(settings.fullscreen)
            self.painter.surface = self.screen
        self.settings = settings
        self.theme.palette = Palette.for_settings(settings.colour_blind_safe)
        self.theme.fit(self.screen.get_size(), settings.ui_scale)
        self.sounds.enabled = settings.sound

    def placement(self) -> Settings:
        """The settings with the window as it is now, to remember for the next start."""
        return dataclasses.replace(
            self.settings,
            fullscreen=self.fullscreen,
            window_size=self.windowed_size,
            window_position=self.position,
        )

    def resize(self, size: tuple[int, int]) -> None:
        """Adapt the layout to a new window size (never below the smallest supported)."""
        if not self.fullscreen:  # fullscreen keeps the screen's size
            size = (max(size[0], self.smallest[0]), max(size[1], self.smallest[1]))
            self.windowed_size = size
            self.screen = pygame.display.set_mode(size, pygame.RESIZABLE)
            self.painter.surface = self.screen
        self.theme.fit(self.screen.get_size(), self.settings.ui_scale)

    def _open(self, fullscreen: bool) -> pygame.Surface:
        """The display at the desktop's size, or a resizable window of the windowed size."""
        self.fullscreen = False
        if fullscreen:
            try:
                screen = pygame.display.set_mode((0, 0), pygame.FULLSCREEN)
            except pygame.error:  # no fullscreen mode on this display: stay in a window
                pass
            else:
                self.fullscreen = True
                return screen
        return pygame.display.set_mode(self.windowed_size, pygame.RESIZABLE)

    def frame(self) -> None:
        """Handle the events waiting in pygame's queue, then draw one frame (always)."""
        self.step()
        self.draw()

    def step(self) -> bool:
        """Handle the events waiting, let a moving screen move; True if it must be redrawn.

        A screen that nothing changed is not drawn again (but every :data:`HEARTBEAT_MS`),
        so a window left open on a static screen costs next to no CPU.
        """
        changed = False
        for event in pygame.event.get():
            changed = True
            if event.type == pygame.QUIT:
                self.quit()
            elif event.type == pygame.VIDEORESIZE:
                self.resize((event.w, event.h))
            elif event.type == pygame.WINDOWMOVED and not self.fullscreen:
                self.position = (event.x, event.y)
            elif self.scene is not None:
                self._locate(event)
                self._handle(self.scene, event)
        if self.scene is not None and self.running:
            update = getattr(self.scene, "update", None)
            if update is not None and update(self.now()):  # a scene that moves on its own
                changed = True
        stale = self.now() - self._drawn_at >= HEARTBEAT_MS
        return changed or stale or self.scene is not self._drawn_scene

    def draw(self) -> None:
        """Draw the screen on top and show it."""
        if self.scene is not None and self.running:
            self.scene.draw(self.painter)
        pygame.display.flip()
        self._drawn_scene, self._drawn_at = self.scene, self.now()

    def _locate(self, event: pygame.event.Event) -> None:
        """Follow the pointer, and say where a wheel turned (SDL's wheel events do not)."""
        if event.type in (pygame.MOUSEMOTION, pygame.MOUSEBUTTONDOWN, pygame.MOUSEBUTTONUP):
            self.pointer = event.pos
        elif event.type == pygame.MOUSEWHEEL:
            event.pos = self.pointer

    def _handle(self, scene: Scene, event: pygame.event.Event) -> None:
        """Let the scene react; a soft tick when the focus ring moves within it."""
        focus = getattr(scene, "focus", None)
        before = None if focus is None else focus.index
        scene.handle(event)
        if focus is not None and self.scene is scene and focus.index != before:
            self.sounds.play("select")

    def run(self) -> None:
        """The main loop, until the player quits."""
        while self.running:
            if self.step():
                self.draw()
            self._ticker.tick(FPS)
        self.close()

    def close(self) -> None:
        """Close the window: background work stops, pygame shuts down."""
        jobs.shut_down()
        pygame.quit()
        reset_fonts()  # they die with pygame; whoever draws next loads them again
