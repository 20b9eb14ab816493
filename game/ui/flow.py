"""The order of screens in a match, for people and AIs alike.

Each turn, each human side gets (after a hand-off curtain, in hot-seat) a report of what
it saw happen last turn and then its decision screen; when every human has given secret
orders, the AIs decide and the turn is resolved. At the end, the debrief shows the truth
to everyone. Screens receive only their side's :class:`~game.rules.model.Observation`.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Callable
from pathlib import Path

import pygame

from game.ai.protocol import Strategy
from game.ai.registry import HUMAN, strategy_from_spec
from game.levels import LoadedLevel
from game.replay import ClassroomTag, parse_replay, replay_document
from game.rules.model import Orders, Side
from game.session.match import Match
from game.session.saves import save_finished, save_game, saved_game_path
from game.ui import screens
from game.ui.app import App, Scene
from game.ui.pause import Pause
from game.ui.replay_viewer import ReplayViewer
from game.ui.theme import nation_looks
from game.ui.watch import Watch

SIDES = (Side.RED, Side.BLUE)


class MatchFlow:
    """Runs one match in the window, screen after screen.

    ``controllers`` gives each side's controller as on the command line: ``"human"`` or a
    strategy spec. ``on_leave`` is where "back to menu" goes (by default: close the
    window). A resumed game passes its replayed ``match``. A game of a class session
    passes its ``classroom`` (session and pair): its saves and replay record it.
    """

    def __init__(
        self,
        app: App,
        level: LoadedLevel,
        seed: int,
        controllers: dict[Side, str],
        on_leave: Callable[[], None] | None = None,
        match: Match | None = None,
        on_finish: Callable[[MatchFlow], None] | None = None,
        classroom: ClassroomTag | None = None,
    ) -> None:
        self.app = app
        self.classroom = classroom
        self.level = level
        self.seed = seed
        self.controllers = controllers
        self.on_leave = on_leave or app.quit
        self.on_finish = on_finish
        """Called once when the game ends, after its replay is kept (a class session records it)."""
        self._reported = False
        if match is None:
            strategies = {side: _strategy(controllers[side]) for side in SIDES}
            match = Match(level.scenario, seed, strategies[Side.RED], strategies[Side.BLUE])
        self.match = match
        self.replay_path: Path | None = None
        """Where the finished game was kept as a replay."""
        self.save_problem = ""
        """Why the last save failed (shown on the debrief and in the pause menu)."""
        self.debrief_note = ""
        """Nothing to add under the debrief's verdict: no clock decides a local game."""
        self.looks = nation_looks(level.model)
        self.humans = [side for side in SIDES if match.is_human(side)]
        self.steps: list[Callable[[], Scene]] = []
        self.watch: Watch | None = None

    @property
    def hot_seat(self) -> bool:
        """Two people at one keyboard: every private screen is behind a curtain."""
        return len(self.humans) == 2

    @property
    def leave_label(self) -> str:
        """What leaving the match does, in a button's words."""
        return "Quit" if self.on_leave == self.app.quit else "Back to menu"

    def start(self) -> None:
        """Show the briefing, then the first turn (or the turn a saved game stopped at)."""
        self.app.show(screens.Briefing(self, self.begin_turn))

    def begin_turn(self) -> None:
        """Queue this turn's screens for every human side, then play them in order."""
        if self.match.finished:
            self.finish()
            return
        if not self.humans:
            self.watch = self.watch or Watch(self)
            self.app.show(self.watch)
            return
        for side in self.humans:
            if self.hot_seat:
                self.steps.append(functools.partial(screens.Curtain, self, side, self.next_step))
            if self.match.turn > 0:
                self.steps.append(functools.partial(self._report, side))
            self.steps.append(functools.partial(self._decision, side))
        self.next_step()

    def _report(self, side: Side) -> Scene:
        """What ``side`` saw last turn, from its observation as the turn stands now."""
        return screens.Report(self, side, self.match.observation(side), self.next_step)

    def _decision(self, side: Side) -> Scene:
        """``side``'s orders, from its observation as the turn stands now."""
        return screens.Decision(self, side, self.match.observation(side))

    def next_step(self) -> None:
        """Show the next queued screen, or resolve the turn when all orders are in."""
        if self.steps:
            self.app.show(self.steps.pop(0)())
            return
        self.resolve()
        self.begin_turn()

    def resolve(self) -> None:
        """Resolve the turn, autosave, and ring a bell for the turn or an alarm for a crisis."""
        crisis_before = bool(self.match.state.crisis[0])
        self.match.resolve()
        state = self.match.state
        alarming = bool(state.crisis[0]) and not crisis_before
        war = self.match.finished and self.match.result().outcome.is_war
        self.app.sounds.play("alarm" if alarming or war else "turn")
        if self.humans and not self.match.finished:
            self._save(lambda: save_game(saved_game_path(), *self._game()))

    def _game(self) -> tuple[LoadedLevel, dict[Side, str], Match, ClassroomTag | None]:
        return self.level, self.controllers, self.match, self.classroom

    def _save(self, write: Callable[[], object]) -> None:
        """Run a save; a failure (a full disk, a read-only folder) is shown, not raised."""
        try:
            write()
        except OSError as error:
            self.save_problem = f"Could not save the game: {error.strerror or error}"
        else:
            self.save_problem = ""

    def submit(self, side: Side, orders: Orders) -> list[str]:
        """A human's secret orders; on success the next screen follows."""
        problems = self.match.submit(side, orders)
        if not problems:
            self.app.sounds.play("confirm")
            self.next_step()
        return problems

    def finish(self) -> None:
        """The game is over: keep its replay, drop the autosave, show the debrief."""
        if self.replay_path is None:

            def keep() -> None:
                self.replay_path = save_finished(*self._game())

            self._save(keep)
            if self.humans:
                saved_game_path().unlink(missing_ok=True)
        if self.on_finish is not None and not self._reported:
            self._reported = True
            self.on_finish(self)
        self.app.show(screens.Debrief(self))

    def watch_replay(self) -> None:
        """The finished game in the replay viewer, opened over the debrief it returns to."""
        document = replay_document(
            self.level, self.controllers, self.match.event_log(), classroom=self.classroom
        )
        name = self.replay_path.name if self.replay_path else "this game"
        replay = parse_replay(json.dumps(document).encode("utf-8"), name)
        self.app.push(ReplayViewer(self.app, replay, self.app.pop))

    def restart(self) -> None:
        """The same level and players, with the next seed."""
        MatchFlow(
            self.app,
            self.level,
            self.seed + 1,
            self.controllers,
            self.on_leave,
            on_finish=self.on_finish,
            classroom=self.classroom,
        ).start()

    def intercept(self, event: pygame.event.Event) -> bool:
        """Esc on any screen of a match opens the pause menu over it; True if it did."""
        if event.type == pygame.KEYDOWN and event.key == pygame.K_ESCAPE:
            if self.match.finished:
                self.on_leave()
            else:
                self.app.push(Pause(self))
            return True
        return False

    def save_and_leave(self) -> None:
        """Save the completed turns to the saved-game slot, then leave the match."""
        self._save(lambda: save_game(saved_game_path(), *self._game()))
        if not self.save_problem:
            self.on_leave()

    def abandon(self) -> None:
        """Leave without keeping the game: its autosave goes too."""
        if self.humans:
            saved_game_path().unlink(missing_ok=True)
        self.on_leave()


def _strategy(spec: str) -> Strategy | None:
    return None if spec == HUMAN else strategy_from_spec(spec)
