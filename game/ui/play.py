"""Start the window on a match (``security-dilemma play``) or a replay (``replay FILE``)."""

from __future__ import annotations

import sys

from game.levels import LoadedLevel
from game.replay import Replay
from game.rules.model import Side
from game.ui.app import App
from game.ui.flow import MatchFlow
from game.ui.settings import load_settings


def play(level: LoadedLevel, controllers: dict[Side, str], seed: int) -> None:
    """Open the window, play one match from briefing to debrief, close when asked."""
    settings, problem = load_settings()
    if problem:
        print(problem, file=sys.stderr)
    app = App(settings=settings)
    MatchFlow(app, level, seed, controllers).start()
    app.run()


def view_replay(replay: Replay) -> None:
    """Open the window on a replay (``security-dilemma replay FILE``); close when done."""
    from game.ui.replay_viewer import ReplayViewer

    settings, problem = load_settings()
    if problem:
        print(problem, file=sys.stderr)
    app = App(settings=settings)
    app.show(ReplayViewer(app, replay, app.quit))
    app.run()
