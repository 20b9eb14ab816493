"""Render every screen of the game window to PNG, at each window and interface size.

Run: ``python tools/screenshots.py [OUT_DIR]`` (default ``out/screenshots``). Headless:
it uses SDL's dummy video driver and walks through the screens with real pygame events,
the same tour the layout test checks (``tests/screen_tour.py``). Settings, saves and
replays go to a temporary folder, never the user's.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

import pygame
from screen_tour import tour

from game.ui.app import App
from game.ui.settings import SCALES, Settings

SIZES = tuple((window, scale) for scale in SCALES for window in ((1280, 720), (1920, 1080)))
"""Window size and interface size of each set of pictures: every interface size offered."""


def main() -> None:
    """Walk through every screen at every size, saving each one."""
    out = Path(sys.argv[1] if len(sys.argv) > 1 else "out/screenshots")
    user = tempfile.mkdtemp(prefix="screenshots-")
    os.environ["SECURITY_DILEMMA_CONFIG_DIR"] = os.path.join(user, "config")
    os.environ["SECURITY_DILEMMA_DATA_DIR"] = os.path.join(user, "data")
    for size, scale in SIZES:
        folder = out / f"{size[0]}x{size[1]}-{round(scale * 100)}"
        folder.mkdir(parents=True, exist_ok=True)
        app = App(size, Settings(ui_scale=scale))
        for name in tour(app):
            app.frame()
            pygame.image.save(app.screen, folder / f"{name}.png")
        pygame.quit()
    print(f"screenshots in {out}")


if __name__ == "__main__":
    main()
