"""Driving the real window as a player does: posted pygame events, one frame at a time.

Every UI test uses these instead of calling scene methods, so what is tested is what a
player's keys, mouse and typing do. Time is the window's own clock (:attr:`App.clock`):
:func:`wait` moves it on without sleeping, so guards such as the curtain's are tested
exactly and fast. The ``app`` fixture (a 1280×720 window) is in ``conftest.py``.
"""

from __future__ import annotations

from typing import Any

import pygame

from game.ui.app import App


class FakeClock:
    """Milliseconds that move only when a test says so."""

    def __init__(self, start: int = 0) -> None:
        self.now = start

    def __call__(self) -> int:
        return self.now


def wait(app: App, milliseconds: int) -> None:
    """Let ``milliseconds`` pass on the window's clock, then draw a frame."""
    if not isinstance(app.clock, FakeClock):
        app.clock = FakeClock(app.clock())
    app.clock.now += milliseconds
    app.frame()


def key(app: App, code: int, times: int = 1, mod: int = 0, unicode: str = "") -> None:
    """Post a real key press (and its release) and let the window handle it."""
    for _ in range(times):
        pygame.event.post(pygame.event.Event(pygame.KEYDOWN, key=code, mod=mod, unicode=unicode))
        pygame.event.post(pygame.event.Event(pygame.KEYUP, key=code, mod=mod, unicode=unicode))
        app.frame()


def type_text(app: App, text: str) -> None:
    """Typing as SDL reports it: a key press, then the character as text input."""
    for character in text:
        code = pygame.key.key_code(character) if character.isascii() and character.isalnum() else 0
        pygame.event.post(pygame.event.Event(pygame.KEYDOWN, key=code, mod=0, unicode=character))
        pygame.event.post(pygame.event.Event(pygame.TEXTINPUT, text=character))
        app.frame()


def mouse(app: App, kind: int, position: tuple[int, int], **fields: Any) -> None:
    """Post one mouse event (button down or up, motion) at ``position``."""
    pygame.event.post(pygame.event.Event(kind, pos=position, **fields))
    app.frame()


def click(app: App, where: tuple[int, int] | pygame.Rect, button: int = 1) -> None:
    """A click (press and release) at a point or in the middle of a rectangle."""
    position = where.center if isinstance(where, pygame.Rect) else where
    pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONDOWN, button=button, pos=position))
    pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONUP, button=button, pos=position))
    app.frame()


def wheel(app: App, where: tuple[int, int] | pygame.Rect, steps: int) -> None:
    """Turn the mouse wheel over ``where``: positive steps scroll down (towards the end)."""
    position = where.center if isinstance(where, pygame.Rect) else where
    pygame.event.post(
        pygame.event.Event(pygame.MOUSEMOTION, pos=position, rel=(0, 0), buttons=(0, 0, 0))
    )
    pygame.event.post(pygame.event.Event(pygame.MOUSEWHEEL, x=0, y=-steps, flipped=False))
    app.frame()


def drawn(app: App) -> list[str]:
    """Every string drawn in one frame."""
    app.painter.record = []
    app.frame()
    record, app.painter.record = app.painter.record, None
    return record


def focus_on(app: App, widget: object) -> None:
    """Tab until ``widget`` has the focus ring, as a keyboard player would."""
    scene: Any = app.scene
    for _ in range(len(scene.focus.widgets)):
        if scene.focus.current is widget:
            return
        key(app, pygame.K_TAB)
    raise AssertionError(f"Tab never reached {widget}")


def lift_curtain(app: App) -> None:
    """Wait out the hand-off curtain's guard, then press Space, as the next player does."""
    from game.ui.screens import CURTAIN_GUARD_MS

    wait(app, CURTAIN_GUARD_MS)
    key(app, pygame.K_SPACE)


def move_on(app: App) -> None:
    """Past a screen that only asks to be read: a curtain is lifted, anything else skipped."""
    from game.ui.screens import Curtain

    if isinstance(app.scene, Curtain):
        lift_curtain(app)
    else:
        key(app, pygame.K_SPACE)
