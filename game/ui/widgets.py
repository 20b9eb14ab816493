"""Buttons and choice rows that work with keyboard alone and with the mouse.

Keys: Tab / ↓ next, Shift+Tab / ↑ previous, ← / → change a choice, Enter or Space press.
The focused widget is drawn with an amber ring, so keyboard players always see where
they are.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import pygame

from game.ui.painter import Painter

ACTIVATE = (pygame.K_RETURN, pygame.K_KP_ENTER, pygame.K_SPACE)


@dataclass
class Button:
    """A labelled action."""

    label: str
    action: Callable[[], None]
    enabled: bool = True
    rect: pygame.Rect = field(default_factory=lambda: pygame.Rect(0, 0, 0, 0))

    def press(self) -> None:
        """Run the action if the button is enabled."""
        if self.enabled:
            self.action()

    def nudge(self, step: int) -> None:
        """Buttons have no value to change."""

    def click(self, position: tuple[int, int]) -> None:
        """A mouse click inside the button."""
        self.press()

    def draw(self, painter: Painter, focused: bool) -> None:
        """A rounded button with its label centred."""
        palette = painter.theme.palette
        edge = palette.focus if focused else palette.panel_edge
        painter.panel(self.rect, edge=edge, width=3 if focused else 1)
        color = palette.text if self.enabled else palette.dim
        painter.text(self.label, self.rect.center, 22, color, bold=focused, anchor="center")


@dataclass
class Choice:
    """One value out of several, changed with ← / → or by clicking the arrows."""

    label: str
    options: Sequence[tuple[str, Any]]
    index: int = 0
    on_change: Callable[[Any], None] | None = None
    rect: pygame.Rect = field(default_factory=lambda: pygame.Rect(0, 0, 0, 0))

    @property
    def value(self) -> Any:
        """The chosen value."""
        return self.options[self.index][1]

    def select(self, value: Any) -> None:
        """Choose ``value`` if it is one of the options."""
        for index, (_, option) in enumerate(self.options):
            if option == value:
                self.index = index
                return

    def nudge(self, step: int) -> None:
        """Move to the previous or next option (no wrap-around: the ends are felt)."""
        index = min(max(self.index + step, 0), len(self.options) - 1)
        if index != self.index:
            self.index = index
            if self.on_change is not None:
                self.on_change(self.value)

    def press(self) -> None:
        """Enter on a choice moves to the next option, wrapping around."""
        self.index = (self.index + 1) % len(self.options)
        if self.on_change is not None:
            self.on_change(self.value)

    def click(self, position: tuple[int, int]) -> None:
        """Clicking the left third goes back, elsewhere forward."""
        self.nudge(-1 if position[0] < self.rect.left + self.rect.width / 3 else 1)

    def draw(self, painter: Painter, focused: bool) -> None:
        """Label on the left, ◀ value ▶ on the right."""
        palette = painter.theme.palette
        edge = palette.focus if focused else palette.panel_edge
        painter.panel(self.rect, edge=edge, width=3 if focused else 1)
        pad = painter.theme.px(14)
        painter.text(
            self.label, (self.rect.left + pad, self.rect.centery), 18, palette.dim, anchor="midleft"
        )
        shown = self.options[self.index][0]
        right = self.rect.right - pad
        painter.text(
            f"<  {shown}  >",
            (right, self.rect.centery),
            22,
            palette.text,
            bold=focused,
            anchor="midright",
        )


Widget = Button | Choice


@dataclass
class Focus:
    """Keyboard focus over a list of widgets, and mouse clicks on them."""

    widgets: list[Widget] = field(default_factory=list)
    index: int = 0

    @property
    def current(self) -> Widget | None:
        """The focused widget."""
        return self.widgets[self.index] if self.widgets else None

    def move(self, step: int) -> None:
        """Focus the next (or previous) widget, wrapping around."""
        if self.widgets:
            self.index = (self.index + step) % len(self.widgets)

    def handle(self, event: pygame.event.Event) -> bool:
        """Act on a key or click; True if the event was used."""
        if event.type == pygame.KEYDOWN:
            shift = bool(event.mod & pygame.KMOD_SHIFT)
            if event.key == pygame.K_TAB:
                self.move(-1 if shift else 1)
            elif event.key == pygame.K_DOWN:
                self.move(1)
            elif event.key == pygame.K_UP:
                self.move(-1)
            elif event.key in (pygame.K_LEFT, pygame.K_RIGHT) and self.current is not None:
                self.current.nudge(-1 if event.key == pygame.K_LEFT else 1)
            elif event.key in ACTIVATE and self.current is not None:
                self.current.press()
            else:
                return False
            return True
        if event.type == pygame.MOUSEBUTTONDOWN and event.button == 1:
            for index, widget in enumerate(self.widgets):
                if widget.rect.collidepoint(event.pos):
                    self.index = index
                    widget.click(event.pos)
                    return True
        return False

    def draw(self, painter: Painter) -> None:
        """Draw every widget, the focused one highlighted."""
        for index, widget in enumerate(self.widgets):
            widget.draw(painter, index == self.index)
