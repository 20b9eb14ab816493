"""The order of screens in a match, for people and AIs alike.

Each turn, each human side gets (after a hand-off curtain, in hot-seat) a report of what
it saw happen last turn and then its decision screen; when every human has given secret
orders, the AIs decide and the turn is resolved. At the end, the debrief shows the truth
to everyone. Screens receive only their side's :class:`~game.rules.model.Observation`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from game.ai.protocol import Strategy
from game.levels import LoadedLevel
from game.levels.compile import nation_look
from game.rules.model import Orders, Side
from game.session.match import Match
from game.ui import screens
from game.ui.app import App, Scene
from game.ui.theme import Color, hex_color

SIDES = (Side.RED, Side.BLUE)


@dataclass(frozen=True)
class Look:
    """A nation as players see it: public name, colour and emblem."""

    name: str
    color: Color
    emblem: str


class MatchFlow:
    """Runs one match in the window, screen after screen."""

    def __init__(
        self,
        app: App,
        level: LoadedLevel,
        seed: int,
        controllers: dict[Side, Strategy | None],
        on_leave: Callable[[], None] | None = None,
    ) -> None:
        self.app = app
        self.level = level
        self.seed = seed
        self.controllers = controllers
        self.on_leave = on_leave or app.quit
        self.match = Match(level.scenario, seed, controllers[Side.RED], controllers[Side.BLUE])
        self.looks = {}
        for side in SIDES:
            name, color, emblem = nation_look(level.model, side.key)
            self.looks[side] = Look(name, hex_color(color), emblem)
        self.humans = [side for side in SIDES if controllers[side] is None]
        self.steps: list[Callable[[], Scene]] = []

    @property
    def hot_seat(self) -> bool:
        """Two people at one keyboard: every private screen is behind a curtain."""
        return len(self.humans) == 2

    def start(self) -> None:
        """Show the briefing, then the first turn."""
        self.app.show(screens.Briefing(self, self.begin_turn))

    def begin_turn(self) -> None:
        """Queue this turn's screens for every human side, then play them in order."""
        if self.match.finished:
            self.app.show(screens.Debrief(self))
            return
        for side in self.humans:
            if self.hot_seat:
                self.steps.append(lambda side=side: screens.Curtain(self, side, self.next_step))
            if self.match.turn > 0:
                self.steps.append(
                    lambda side=side: screens.Report(
                        self, side, self.match.observation(side), self.next_step
                    )
                )
            self.steps.append(
                lambda side=side: screens.Decision(self, side, self.match.observation(side))
            )
        self.next_step()

    def next_step(self) -> None:
        """Show the next queued screen, or resolve the turn when all orders are in."""
        if self.steps:
            self.app.show(self.steps.pop(0)())
            return
        self.match.resolve()
        self.begin_turn()

    def submit(self, side: Side, orders: Orders) -> list[str]:
        """A human's secret orders; on success the next screen follows."""
        problems = self.match.submit(side, orders)
        if not problems:
            self.next_step()
        return problems

    def restart(self) -> None:
        """The same level and players, with the next seed."""
        MatchFlow(self.app, self.level, self.seed + 1, self.controllers, self.on_leave).start()
