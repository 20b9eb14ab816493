"""The window and its loop: a stack of scenes, resizing, and one frame at a time for tests."""

from __future__ import annotations

import os
from typing import Protocol

os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")

import pygame

from game.ui.painter import Painter
from game.ui.theme import BASE_SIZE, Theme, reset_fonts

TITLE = "Security Dilemma"
FPS = 60
MIN_SIZE = (1024, 600)


class Scene(Protocol):
    """One screen: it reacts to events and draws itself from what it may show."""

    def handle(self, event: pygame.event.Event) -> None:
        """React to one event."""
        ...

    def draw(self, painter: Painter) -> None:
        """Draw the whole screen."""
        ...


class App:
    """The game window. Scenes call :meth:`show` to move on; :meth:`quit` ends the loop."""

    def __init__(self, size: tuple[int, int] = BASE_SIZE, user_scale: float = 1.0) -> None:
        pygame.init()
        reset_fonts()
        pygame.display.set_caption(TITLE)
        self.screen = pygame.display.set_mode(size, pygame.RESIZABLE)
        self.user_scale = user_scale
        self.theme = Theme()
        self.theme.fit(size, user_scale)
        self.painter = Painter(self.screen, self.theme)
        self.scene: Scene | None = None
        self.running = True
        self.clock = pygame.time.Clock()

    def show(self, scene: Scene) -> None:
        """Make ``scene`` the current screen."""
        self.scene = scene

    def quit(self) -> None:
        """End the loop at the end of this frame."""
        self.running = False

    def resize(self, size: tuple[int, int]) -> None:
        """Adapt the layout to a new window size (never below the smallest supported)."""
        size = (max(size[0], MIN_SIZE[0]), max(size[1], MIN_SIZE[1]))
        self.screen = pygame.display.set_mode(size, pygame.RESIZABLE)
        self.theme.fit(size, self.user_scale)
        self.painter.surface = self.screen

    def frame(self) -> None:
        """Handle the events waiting in pygame's queue, then draw one frame."""
        for event in pygame.event.get():
            if event.type == pygame.QUIT:
                self.quit()
            elif event.type == pygame.VIDEORESIZE:
                self.resize((event.w, event.h))
            elif self.scene is not None:
                self.scene.handle(event)
        if self.scene is not None and self.running:
            update = getattr(self.scene, "update", None)
            if update is not None:  # scenes that move on their own (watching AIs play)
                update(pygame.time.get_ticks())
        if self.scene is not None and self.running:
            self.scene.draw(self.painter)
        pygame.display.flip()

    def run(self) -> None:
        """The main loop, until the player quits."""
        while self.running:
            self.frame()
            self.clock.tick(FPS)
        pygame.quit()
