"""Open the window: the title screen, a match, a replay, or a class game's join screen.

Each start reads the player's settings, opens the window where it was last (on screen),
and on the way out remembers its size, place and fullscreen state, unless the settings
file could not be read: a damaged file is never overwritten behind the player's back.
"""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING

from game.ui.app import App
from game.ui.settings import load_settings, save_settings

if TYPE_CHECKING:
    from game.levels import LoadedLevel
    from game.replay import Replay
    from game.rules.model import Side

# Each start imports only the screens it opens, so that no start waits for the others'.


def run_window(start: Callable[[App, str], None]) -> None:
    """Open the window with the player's settings and run it until the player quits.

    ``start`` shows the first screen, told the settings problem if there is one. On the
    way out, the window's size, place and fullscreen state are remembered.
    """
    settings, problem = load_settings()
    app = App(settings=settings)
    start(app, problem or "")
    app.run()
    placement = app.placement()
    if problem is None and placement != settings:
        with contextlib.suppress(OSError):  # read-only: next time it opens at the default
            save_settings(placement)


def show_title(app: App, problem: str) -> None:
    """The title screen in an open window, with the settings problem if there is one."""
    from game.ui.menu import Menu

    menu = Menu(app)
    menu.warning = problem
    menu.title()


def open_title() -> None:
    """Open the window on the title screen; run until Quit."""
    run_window(show_title)


def play(level: LoadedLevel, controllers: dict[Side, str], seed: int) -> None:
    """Open the window, play one match from briefing to debrief, close when asked."""
    from game.ui.flow import MatchFlow

    def start(app: App, problem: str) -> None:
        if problem:
            print(problem, file=sys.stderr)
        MatchFlow(app, level, seed, controllers).start()

    run_window(start)


def join_class_game(address: str, code: str, name: str) -> None:
    """Open the window on the join screen of a class game, the three lines typed already."""
    from game.ui.menu import Menu
    from game.ui.network_play import NetworkGame

    def start(app: App, problem: str) -> None:
        if problem:
            print(problem, file=sys.stderr)
        NetworkGame(app, lambda: Menu(app).title()).open(address, code, name)

    run_window(start)


def view_replay(replay: Replay) -> None:
    """Open the window on a replay (``security-dilemma replay FILE``); close when done."""
    from game.ui.replay_viewer import ReplayViewer

    def start(app: App, problem: str) -> None:
        if problem:
            print(problem, file=sys.stderr)
        app.show(ReplayViewer(app, replay, app.quit))

    run_window(start)
