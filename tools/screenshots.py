"""Render every screen of the game window to PNG, at 1280×720 and 1920×1080.

Run: ``python tools/screenshots.py [OUT_DIR]`` (default ``out/screenshots``). Headless:
it uses SDL's dummy video driver and drives the screens with real pygame events.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")

import pygame

from game.levels import load_builtin
from game.rules.model import Posture, Side
from game.ui.app import App
from game.ui.flow import MatchFlow
from game.ui.screens import Decision

SIZES = ((1280, 720), (1920, 1080))


def press(app: App, key: int, times: int = 1) -> None:
    """Post real key presses and let the app handle them."""
    for _ in range(times):
        pygame.event.post(pygame.event.Event(pygame.KEYDOWN, key=key, mod=0, unicode=""))
        app.frame()


def shoot(app: App, folder: Path, name: str) -> None:
    """Save the current frame."""
    app.frame()
    pygame.image.save(app.screen, folder / f"{name}.png")


def main() -> None:
    """Play a short hot-seat game and a game against the computer, saving each screen."""
    out = Path(sys.argv[1] if len(sys.argv) > 1 else "out/screenshots")
    for size in SIZES:
        folder = out / f"{size[0]}x{size[1]}"
        folder.mkdir(parents=True, exist_ok=True)
        app = App(size)
        level = load_builtin("fog-of-war", ["rules.turns=4"])
        flow = MatchFlow(app, level, 7, {Side.RED: "human", Side.BLUE: "human"})
        flow.start()
        shoot(app, folder, "01-briefing")
        press(app, pygame.K_RETURN)
        shoot(app, folder, "02-curtain")
        press(app, pygame.K_SPACE)
        shoot(app, folder, "03-decision-first-turn")
        press(app, pygame.K_RIGHT)  # posture: arm
        press(app, pygame.K_DOWN, 3)  # to the confirm button
        press(app, pygame.K_RETURN)
        press(app, pygame.K_SPACE)  # Blue's curtain
        press(app, pygame.K_LEFT)  # Blue: disarm
        press(app, pygame.K_DOWN, 2)
        press(app, pygame.K_RIGHT)  # signal: reassure
        press(app, pygame.K_DOWN)
        press(app, pygame.K_RETURN)
        press(app, pygame.K_SPACE)  # Red's curtain, turn 2
        shoot(app, folder, "04-report")
        press(app, pygame.K_RETURN)
        press(app, pygame.K_b)
        shoot(app, folder, "05-decision-with-belief")
        while not flow.match.finished:
            if isinstance(app.scene, Decision):
                press(app, pygame.K_UP)  # from the first widget up to the last: confirm
            press(app, pygame.K_RETURN)  # confirm, or past a curtain or a report
        shoot(app, folder, "06-debrief")

        vs_ai = MatchFlow(
            app,
            load_builtin("deterrence", ["rules.turns=6"]),
            3,
            {Side.RED: "human", Side.BLUE: "true-to-type"},
        )
        vs_ai.start()
        press(app, pygame.K_RETURN)
        shoot(app, folder, "07-decision-vs-ai")

        long_game = MatchFlow(
            app,
            load_builtin("fog-of-war"),
            21,
            {Side.RED: "human", Side.BLUE: "tit-for-tat"},
        )
        long_game.start()
        press(app, pygame.K_RETURN)
        for turn in range(9):
            decision = app.scene
            assert isinstance(decision, Decision)
            decision.posture.select(Posture.ARM if turn in (2, 3, 5) else Posture.DISARM)
            while decision.focus.current is not decision.confirm:
                press(app, pygame.K_TAB)
            press(app, pygame.K_RETURN)  # confirm
            press(app, pygame.K_RETURN)  # past the report
        press(app, pygame.K_b)
        shoot(app, folder, "08-decision-mid-game")
        pygame.quit()
    print(f"screenshots in {out}")


if __name__ == "__main__":
    main()
