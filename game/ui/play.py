"""Start the window on a match: ``security-dilemma play``."""

from __future__ import annotations

from game.levels import LoadedLevel
from game.rules.model import Side
from game.ui.app import App
from game.ui.flow import MatchFlow


def play(level: LoadedLevel, controllers: dict[Side, str], seed: int) -> None:
    """Open the window, play one match from briefing to debrief, close when asked."""
    app = App()
    MatchFlow(app, level, seed, controllers).start()
    app.run()
