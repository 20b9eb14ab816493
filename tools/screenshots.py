"""Render every screen of the game window to PNG, at 1280×720 and 1920×1080.

Run: ``python tools/screenshots.py [OUT_DIR]`` (default ``out/screenshots``). Headless:
it uses SDL's dummy video driver and drives the screens with real pygame events. Settings
and saved games go to a temporary folder, never the user's.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")

import pygame

from game.ai.registry import make_strategy
from game.levels import load_builtin
from game.replay import read_replay
from game.rules.model import Posture, Side
from game.ui.app import App
from game.ui.flow import MatchFlow
from game.ui.guide import HowToPlay
from game.ui.menu import Menu
from game.ui.screens import CURTAIN_GUARD_MS, Curtain, Decision
from game.ui.settings_screen import SettingsScreen
from game.ui.setup import OpenLevel, PlayMode

SIZES = ((1280, 720), (1920, 1080))


def press(app: App, key: int, times: int = 1) -> None:
    """Post real key presses and let the app handle them.

    A curtain is lifted with Space once its guard has passed, as the next player would.
    """
    for _ in range(times):
        if isinstance(app.scene, Curtain):
            skip_guard(app)
            key = pygame.K_SPACE
        pygame.event.post(pygame.event.Event(pygame.KEYDOWN, key=key, mod=0, unicode=""))
        app.frame()


def skip_guard(app: App) -> None:
    """Move the window's clock past the curtain's guard instead of waiting for it."""
    ahead = app.now() + CURTAIN_GUARD_MS - pygame.time.get_ticks()
    app.clock = lambda: pygame.time.get_ticks() + ahead


def shoot(app: App, folder: Path, name: str) -> None:
    """Save the current frame."""
    app.frame()
    pygame.image.save(app.screen, folder / f"{name}.png")


def menus(app: App, folder: Path) -> None:
    """The title, set-up, level browser, a broken level file, the guide and the settings."""
    menu = Menu(app)
    menu.title()
    shoot(app, folder, "00-title")
    menu.setup(PlayMode.VERSUS)
    press(app, pygame.K_DOWN, 6)  # in the level list: Talk Is Cheap
    shoot(app, folder, "00-setup-vs-ai")
    menu.setup(PlayMode.WATCH)
    shoot(app, folder, "00-setup-watch")
    menu.browse_levels()
    press(app, pygame.K_DOWN, 7)
    shoot(app, folder, "00-levels")
    broken = Path(os.environ["SECURITY_DILEMMA_DATA_DIR"]) / "my-level.toml"
    broken.parent.mkdir(parents=True, exist_ok=True)
    broken.write_text(
        load_builtin("tutorial").text.replace("turns = 12", "turns = 0\nturn = 5"),
        encoding="utf-8",
    )
    dialog = OpenLevel(menu, lambda level: None, menu.title)
    app.show(dialog)
    dialog.open_path(str(broken))
    shoot(app, folder, "00-open-level-error")
    guide = HowToPlay(app, menu.title)
    app.show(guide)
    for page in range(1, 8):
        shoot(app, folder, f"00-how-to-play-{page}")
        press(app, pygame.K_RIGHT)
    app.show(SettingsScreen(app, menu.title))
    shoot(app, folder, "00-settings")


def watching(app: App, folder: Path) -> None:
    """Two computers playing: mid-game, then the pause menu."""
    flow = MatchFlow(
        app, load_builtin("fog-of-war"), 4, {Side.RED: "bayesian", Side.BLUE: "tit-for-tat"}
    )
    flow.start()
    press(app, pygame.K_RETURN)
    press(app, pygame.K_n, 8)  # eight single steps
    shoot(app, folder, "09-watch-ai-vs-ai")
    press(app, pygame.K_ESCAPE)
    shoot(app, folder, "10-pause-menu")


def replays(app: App, folder: Path) -> None:
    """A spiral to war in the replay viewer (three charts), then the list of replays."""
    from game.session.match import Match
    from game.session.saves import save_finished
    from game.ui.replay_list import ReplayList
    from game.ui.replay_viewer import ReplayViewer

    level = load_builtin("fog-of-war")
    controllers = {Side.RED: "tit-for-tat", Side.BLUE: "tit-for-tat"}
    match = Match(level.scenario, 1, make_strategy("tit-for-tat"), make_strategy("tit-for-tat"))
    match.play_out()
    path = save_finished(level, controllers, match)
    menu = Menu(app)
    viewer = ReplayViewer(app, read_replay(path), menu.title)
    app.show(viewer)
    press(app, pygame.K_END)
    press(app, pygame.K_LEFT, 3)
    shoot(app, folder, "11-replay-arsenals")
    press(app, pygame.K_c)
    shoot(app, folder, "12-replay-tension")
    press(app, pygame.K_c, 3)
    shoot(app, folder, "13-replay-verdict")
    app.show(ReplayList(app, menu.watch_replay, menu.title))
    shoot(app, folder, "14-replay-list")


def classroom(app: App, folder: Path) -> None:
    """A class session with three pairs' games: the session screen and the summary."""
    from game.session.classroom import record_game, start_session
    from game.session.match import Match
    from game.ui.classroom import ClassroomStart, session_summary

    session = start_session("Period 3, 4 March")
    level = load_builtin("fog-of-war")
    controllers = {Side.RED: "tit-for-tat", Side.BLUE: "tit-for-tat"}
    for seed, pair in ((1, "Ana & Ben"), (4, "Cy & Dee"), (11, "Eve & Fox"), (2, "Ana & Ben")):
        match = Match(level.scenario, seed, make_strategy("tit-for-tat"), make_strategy("grim"))
        match.play_out()
        record_game(session, pair, level, controllers, match, None)
    menu = Menu(app)
    app.show(ClassroomStart(app, lambda s, p: None, lambda s: None, menu.title, session))
    shoot(app, folder, "15-classroom-session")
    app.show(session_summary(app, session, menu.title))
    shoot(app, folder, "16-teacher-summary")


def lab(app: App, folder: Path) -> None:
    """The lab once its 1,000 games are in, and its sweep map (fewer games a cell)."""
    import time

    from game.ui.lab import Lab

    menu = Menu(app)
    scene = Lab(app, menu.levels, menu.title, lambda replay: None, sweep_games=50)
    app.show(scene)
    fog = next(index for index, level in enumerate(menu.levels) if level.id == "fog-of-war")
    scene.level_choice.select(fog)
    assert scene.level_choice.on_change is not None
    scene.level_choice.on_change(fog)

    def settle() -> None:
        deadline = time.monotonic() + 120
        while scene.busy and time.monotonic() < deadline:
            app.frame()
            time.sleep(0.02)

    settle()
    shoot(app, folder, "17-lab")
    press(app, pygame.K_v)
    settle()
    shoot(app, folder, "18-lab-sweep-map")


def main() -> None:
    """Play a short hot-seat game and a game against the computer, saving each screen."""
    out = Path(sys.argv[1] if len(sys.argv) > 1 else "out/screenshots")
    user = tempfile.mkdtemp(prefix="screenshots-")
    os.environ["SECURITY_DILEMMA_CONFIG_DIR"] = os.path.join(user, "config")
    os.environ["SECURITY_DILEMMA_DATA_DIR"] = os.path.join(user, "data")
    for size in SIZES:
        folder = out / f"{size[0]}x{size[1]}"
        folder.mkdir(parents=True, exist_ok=True)
        app = App(size)
        menus(app, folder)
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
        decision = app.scene
        assert isinstance(decision, Decision)
        decision.strike.select(True)
        decision.submit()  # as the confirm button does: the strike is asked about
        shoot(app, folder, "07-strike-confirmation")
        press(app, pygame.K_ESCAPE)

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
        watching(app, folder)
        replays(app, folder)
        classroom(app, folder)
        lab(app, folder)
        pygame.quit()
    print(f"screenshots in {out}")


if __name__ == "__main__":
    main()
