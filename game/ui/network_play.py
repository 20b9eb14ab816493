"""A student's seat in a class game, in the window: the host's messages become screens.

The teacher's computer runs the real game; this computer holds only what its own nation
knows. Each turn's observation arrives in a ``turn`` message and is shown on the usual
turn report and decision screens; the orders go back to the host. The whole truth comes
once, at the end, as the finished game's replay: it is checked by re-playing it from its
seed, and opens the usual debrief and replay viewer. No curtain is needed: nobody else
looks at this screen. A dropped connection veils the screen ("Reconnecting…") until the
client has rejoined its seat, and the game goes on where it stands.
"""

from __future__ import annotations

import enum
from collections.abc import Callable
from pathlib import Path

import pygame

from game.levels import LevelError, LoadedLevel
from game.net.client import ConnectionLost, Failed, JoinError, NetClient
from game.net.protocol import (
    Accepted,
    Error,
    GameOver,
    GameStart,
    Lobby,
    Paused,
    SessionOver,
    Turn,
    Welcome,
)
from game.net.room import timeout_orders
from game.replay import ReplayError
from game.rules import vocabulary as words
from game.rules.model import Orders, Side, order_problems
from game.session.classroom import outcome_words
from game.session.match import Match
from game.ui.app import App, Scene
from game.ui.network_join import JoinScreen
from game.ui.network_screens import Notice, Online, clock_words, sentence
from game.ui.replay_viewer import ReplayViewer
from game.ui.screens import Debrief, Decision, Report
from game.ui.theme import Look, nation_looks
from game.ui.widgets import Button


class Stage(enum.Enum):
    """Where the student is in the class game."""

    JOINING = "joining"
    LOBBY = "lobby"
    PLAYING = "playing"
    OVER = "over"
    """The debrief of the last game (the next round may start at any moment)."""
    STOPPED = "stopped"
    """The session ended or the connection is gone for good."""


def clock_rule(level: LoadedLevel) -> str:
    """What the clock orders when a student's time runs out, in words."""
    orders = timeout_orders(level.scenario)
    posture = words.POSTURE[orders.posture].lower()
    return f"{posture}, no signal"


class NetworkGame:
    """One student's seat: joins, follows the host's messages, and shows each screen.

    ``on_leave`` is where leaving the class goes (the title screen). ``client`` is the
    connection (a test may give one with its own seat book).
    """

    def __init__(
        self, app: App, on_leave: Callable[[], None], client: NetClient | None = None
    ) -> None:
        self.app = app
        self.leave_to = on_leave
        self.client = client or NetClient()
        self.stage = Stage.JOINING
        self.name = ""
        self.lobby: Lobby | None = None
        self.start: GameStart | None = None
        self.level: LoadedLevel | None = None
        self.looks: dict[Side, Look] = {}
        self.turn: Turn | None = None
        self.given = False
        """This turn's orders have been sent."""
        self.deadline: int | None = None
        """When this turn's clock runs out, on the window's clock (ms)."""
        self.frozen: float | None = None
        """Seconds left on the clock while the teacher has paused the class."""
        self.paused = False
        self.reconnecting = False
        self.last_game = ""
        """What happened in the last game, for the lobby."""
        self.decision: Decision | None = None
        self.join_screen: JoinScreen | None = None

    # -- screens -------------------------------------------------------------------------------
    def open(self, address: str = "", code: str = "", name: str = "") -> None:
        """The join screen, with whatever the command line gave already typed."""
        self.join_screen = JoinScreen(self.join, self.leave, self.app.now, address, code, name)
        self.show(self.join_screen)

    def show(self, scene: Scene, strip: bool = True) -> None:
        """Put ``scene`` up, under the strip and read on by the host's messages."""
        self.app.show(Online(self, scene, strip))

    def join(self, address: str, code: str, name: str) -> str:
        """Start joining; a problem with what was typed, in one line, or ``""``."""
        try:
            self.client.connect(address, code, name)
        except JoinError as error:
            return sentence(str(error))
        return ""

    def leave(self) -> None:
        """Leave the class (the seat stays this student's, to rejoin later)."""
        self.client.close()
        self.leave_to()

    def show_lobby(self) -> None:
        """Waiting for the teacher: who you are, who else waits, the last game's outcome."""
        self.stage = Stage.LOBBY
        lobby = self.lobby
        paragraphs = [
            f"You are {self.name}. The teacher pairs the class and starts the round: your "
            "game opens here by itself."
        ]
        if lobby is not None:
            round_words = f", round {lobby.round + 1}" if lobby.round else ""
            paragraphs.append(f"Level: {lobby.level}{round_words}.")
            paragraphs.append("Waiting: " + (", ".join(lobby.players) or "nobody yet") + ".")
        if self.last_game:
            paragraphs.append(self.last_game)
        self.show(
            Notice(
                "Waiting for the teacher to start",
                paragraphs,
                [Button("Leave the class", self.leave)],
            )
        )

    def stop(self, title: str, why: str) -> None:
        """The class game cannot go on here: say why, and offer the way back."""
        self.stage = Stage.STOPPED
        self.client.close()
        self.show(Notice(title, [why], [Button("Back to the title", self.leave)], self.leave))

    # -- the host's news -----------------------------------------------------------------------
    def poll(self) -> bool:
        """Take in everything the host sent since the last frame; True if anything came."""
        news = False
        for event in self.client.poll():
            if self.stage is Stage.STOPPED:
                return news
            news = True
            self._take(event)
        return news

    def _take(self, event: object) -> None:
        if isinstance(event, Welcome):
            self.name = event.name
            self.reconnecting = False
            if self.stage is Stage.JOINING:
                self.show_lobby()
        elif isinstance(event, Lobby):
            self.lobby = event
            if self.stage is Stage.LOBBY:
                self.show_lobby()
        elif isinstance(event, GameStart):
            self._game_start(event)
        elif isinstance(event, Turn):
            self._turn(event)
        elif isinstance(event, Accepted):
            if self.turn is not None and event.turn == self.turn.turn:
                self._waiting()
        elif isinstance(event, Paused):
            self._paused(event)
        elif isinstance(event, GameOver):
            self._game_over(event)
        elif isinstance(event, Error):
            self._refused(event)
        elif isinstance(event, SessionOver):
            self.stop(
                "The class session is over", f"{sentence(event.message)} Thank you for playing."
            )
        elif isinstance(event, ConnectionLost):
            self.reconnecting = True
        elif isinstance(event, Failed):
            if self.stage is Stage.JOINING and self.join_screen is not None:
                self.join_screen.failed(sentence(event.message))
                self.client.close()
            else:
                self.stop("The connection is lost", sentence(event.message))

    def _game_start(self, start: GameStart) -> None:
        if self.start is not None and self.start.game == start.game:
            return  # sent again on rejoining: the game goes on where it stands
        try:
            level = start.level.load()
        except LevelError as error:
            self.stop("This level cannot be played here", str(error.problems[0]))
            return
        self.start, self.level = start, level
        self.looks = nation_looks(level.model)
        self.turn = None
        self.stage = Stage.PLAYING

    def _turn(self, turn: Turn) -> None:
        if self.level is None or self.start is None or turn.game != self.start.game:
            return
        self._set_clock(turn.seconds_left)
        if self.turn is not None and self.turn.turn == turn.turn:
            return  # sent again on rejoining: the screen and the choices stay
        self.turn, self.given = turn, False
        try:
            view = turn.observation.observation(self.level.scenario)
        except ValueError as error:
            self.stop("The host sent a turn this game cannot read", str(error)[:200])
            return
        side = self.start.my_side
        self.decision = Decision(self, side, view)
        if turn.turn == 0:
            self.show(self._introduction())
        else:
            self.show(Report(self, side, view, lambda: self.show(self._decided())))

    def _decided(self) -> Scene:
        assert self.decision is not None
        return self.decision

    def _introduction(self) -> Notice:
        assert self.start is not None and self.level is not None
        side = self.start.my_side
        mine, theirs = self.looks[side], self.looks[side.other]
        partner = self.start.names.of(side.other)
        paragraphs = [
            f"{self.name}, you lead {mine.name} against {partner}, who leads {theirs.name}, "
            f"on \u201c{self.level.model.level.title}\u201d ({self.level.scenario.turns} turns).",
            "You see only what your nation knows: your own forces exactly, theirs through "
            "noisy intelligence. The whole truth is shown at the end.",
        ]
        if self.start.turn_seconds is not None:
            paragraphs.append(
                f"Each turn has a clock of {clock_words(self.start.turn_seconds)}. When it "
                f"runs out, your orders are given for you: {clock_rule(self.level)}."
            )
        return Notice(
            f"You are {mine.name}",
            paragraphs,
            [Button("Start", lambda: self.show(self._decided()))],
        )

    def _waiting(self) -> None:
        if self.start is None or self.level is None:
            return
        self.given = True
        other = self.start.my_side.other
        name, nation = self.start.names.of(other), self.looks[other].name
        paragraphs = [
            f"Your orders are in. The turn is resolved as soon as {name}'s are; then you "
            "see what your nation saw happen."
        ]
        if self.start.turn_seconds is not None:
            paragraphs.append(
                f"If {name}'s time runs out first, the clock gives {nation}'s orders: "
                f"{clock_rule(self.level)}."
            )
        self.show(Notice(f"Waiting for {nation}\u2026", paragraphs, []))

    def _paused(self, paused: Paused) -> None:
        self.paused = paused.paused
        if paused.paused:
            self.frozen = self.seconds_left()
            self.deadline = None
        else:
            self._set_clock(paused.seconds_left if paused.seconds_left is not None else self.frozen)
            self.frozen = None

    def _set_clock(self, seconds: float | None) -> None:
        if self.paused:
            self.frozen = seconds
            self.deadline = None
        else:
            self.deadline = None if seconds is None else self.app.now() + round(seconds * 1000)

    def _game_over(self, over: GameOver) -> None:
        if self.stage is Stage.OVER and self.start is not None and self.start.game == over.game:
            return  # sent again on rejoining
        try:
            match = over.finished_match()
        except ReplayError as error:
            self.stop("The game's record does not check out", str(error)[:200])
            return
        if self.level is None or self.start is None:
            return
        self.stage = Stage.OVER
        self.turn, self.deadline, self.decision = None, None, None
        side = self.start.my_side
        outcome = outcome_words(match.result().outcome.key) if match.finished else "ended"
        timed = over.timed_out.get(side.key, [])  # type: ignore[call-overload]
        self.last_game = f"Your last game: {outcome}."
        if over.reason == "ended":
            self.last_game = f"The teacher ended your last game at turn {match.turn}."
        clocked = ""
        if timed:
            turns = ", ".join(str(t) for t in timed)
            clocked = f"The clock gave your orders on turn {turns} ({clock_rule(self.level)})."
            self.last_game += f" {clocked}"
        self.show(Debrief(FinishedGame(self, over, match, clocked)), strip=False)

    def _refused(self, error: Error) -> None:
        if self.stage is not Stage.PLAYING or self.decision is None:
            return
        self.given = False
        self.decision.problems = [error.message]
        self.show(self.decision)

    # -- what the screens ask ------------------------------------------------------------------
    def seconds_left(self) -> float | None:
        """Seconds on this turn's clock (None: no clock)."""
        if self.frozen is not None:
            return self.frozen
        if self.deadline is None:
            return None
        return max(0.0, (self.deadline - self.app.now()) / 1000)

    def status_line(self) -> str:
        """Who you are, your game and turn, and the clock, for the strip at the top."""
        if self.stage is Stage.JOINING:
            return "Not in a class game yet"
        if self.stage is not Stage.PLAYING or self.start is None or self.level is None:
            return f"{self.name} \u00b7 in the lobby"
        side = self.start.my_side
        partner = self.start.names.of(side.other)
        parts = [f"{self.name} ({self.looks[side].name}) against {partner}"]
        if self.turn is not None:
            parts.append(f"turn {self.turn.turn + 1} of {self.level.scenario.turns}")
        left = self.seconds_left()
        if left is not None:
            parts.append(f"{clock_words(left)} left, then: {clock_rule(self.level)}")
        if self.turn is not None and self.turn.timed_out:
            parts.append("last turn the clock decided for you")
        return " \u00b7 ".join(parts)

    def blocked(self) -> tuple[str, str] | None:
        """The reason nothing can be done now, if there is one."""
        if self.reconnecting:
            return (
                "Reconnecting\u2026",
                "The connection to the teacher's computer dropped. Your seat is kept and "
                "the game waits where it stands; it goes on as soon as the connection is back.",
            )
        if self.paused and self.stage is not Stage.STOPPED:
            return ("Paused", "The teacher has paused every game; the clock is stopped.")
        return None

    def intercept(self, event: pygame.event.Event) -> bool:
        """Esc asks whether to leave the class game; True if it did."""
        if event.type == pygame.KEYDOWN and event.key == pygame.K_ESCAPE:
            current = self.app.scene
            back = (lambda: self.app.show(current)) if current is not None else self.leave
            self.show(
                Notice(
                    "Leave the class game?",
                    [
                        "Your seat is kept: join again with the same code and name to carry "
                        "on. While you are away, the clock (if any) decides for you."
                    ],
                    [Button("Stay", back), Button("Leave", self.leave)],
                    back,
                )
            )
            return True
        return False

    def submit(self, side: Side, orders: Orders) -> list[str]:
        """Send this turn's orders to the host; the problems with them, if any."""
        if self.level is None or self.turn is None:
            return ["there is no turn to decide"]
        problems = order_problems(orders, self.level.scenario)
        if problems:
            return problems
        if not self.given:
            self.client.send_orders(self.turn, orders)
            self.app.sounds.play("confirm")
            self._waiting()
        return []


class FinishedGame:
    """A finished networked game, for the debrief: the truth from the host's replay."""

    def __init__(self, game: NetworkGame, over: GameOver, match: Match, clocked: str) -> None:
        assert game.level is not None
        self.game = game
        self.over = over
        self.app = game.app
        self.level: LoadedLevel = game.level
        self.looks = game.looks
        self.match = match
        self.replay_path: Path | None = None
        """The host keeps the replay; this computer does not."""
        self.save_problem = ""
        self.debrief_note = clocked
        self.on_leave = game.leave

    @property
    def leave_label(self) -> str:
        """Leaving the debrief leaves the class."""
        return "Leave"

    def intercept(self, event: pygame.event.Event) -> bool:
        """Esc goes back to the lobby, to wait for the next round."""
        if event.type == pygame.KEYDOWN and event.key == pygame.K_ESCAPE:
            self.restart()
            return True
        return False

    def restart(self) -> None:
        """Play again: back to the lobby, where the teacher's next round starts."""
        self.game.show_lobby()

    def watch_replay(self) -> None:
        """The game in the replay viewer, over the debrief it comes back to."""
        replay = self.over.parsed_replay()
        self.app.push(Online(self.game, ReplayViewer(self.app, replay, self.app.pop), False))
