"""What a screen may ask of whoever opened it: narrow protocols, not the menu or the flow.

The screens of a match talk to a :class:`MatchHost` (the match flow is one), the set-up
screens to a :class:`MenuHost` (the main menu is one). The turn report and the decision
need only a :class:`SeatHost`, and the debrief a :class:`DebriefHost`, so that a networked
game, which holds one side's view and no match until the end, can show them too. A screen
never imports the flow or the menu, so each can be built and tested alone, and the window
has no import circle.
"""

from __future__ import annotations

import enum
from collections.abc import Callable
from pathlib import Path
from typing import Protocol

import pygame

from game.levels import LoadedLevel
from game.rules.model import Orders, Side
from game.session.classroom import ClassSession
from game.session.match import Match
from game.ui.app import App
from game.ui.theme import Look


class PlayMode(enum.Enum):
    """The three ways to play, each with its heading and default players."""

    HOT_SEAT = "Hot-seat: two players, one keyboard"
    VERSUS = "Play against the computer"
    WATCH = "Watch the computer play itself"


class SeatHost(Protocol):
    """What one side's report and decision screens use: how nations look, where orders go."""

    looks: dict[Side, Look]

    def intercept(self, event: pygame.event.Event) -> bool:
        """Esc opens the pause menu; True if the event was used."""
        ...

    def submit(self, side: Side, orders: Orders) -> list[str]:
        """A human's secret orders; the problems with them, if any."""
        ...


class DebriefHost(Protocol):
    """What the debrief uses: the finished match, its replay, and the ways on from it."""

    app: App
    level: LoadedLevel
    looks: dict[Side, Look]
    match: Match
    replay_path: Path | None
    save_problem: str
    debrief_note: str
    """A sentence the debrief adds under the verdict (in a class game: the turns whose
    orders the clock gave), or nothing."""
    on_leave: Callable[[], None]

    @property
    def leave_label(self) -> str:
        """What leaving does, in a button's words."""
        ...

    def intercept(self, event: pygame.event.Event) -> bool:
        """Esc leaves or opens the pause menu; True if the event was used."""
        ...

    def restart(self) -> None:
        """Play again."""
        ...

    def watch_replay(self) -> None:
        """The finished game in the replay viewer."""
        ...


class MatchHost(SeatHost, DebriefHost, Protocol):
    """The match a screen belongs to: its level, its players, and the ways to move on."""

    controllers: dict[Side, str]
    humans: list[Side]

    @property
    def hot_seat(self) -> bool:
        """Two people at one keyboard."""
        ...

    def resolve(self) -> None:
        """Resolve the turn (watching computers play)."""
        ...

    def finish(self) -> None:
        """The game is over: the debrief."""
        ...

    def save_and_leave(self) -> None:
        """Save and leave the match."""
        ...

    def abandon(self) -> None:
        """Leave without keeping the game."""
        ...


class MenuHost(Protocol):
    """The menu behind the set-up screens: the levels known, and where to go next."""

    app: App
    levels: list[LoadedLevel]
    remembered: dict[PlayMode, tuple[str, dict[Side, str]]]
    class_session: tuple[ClassSession, str] | None

    def title(self) -> None:
        """Back to the title screen."""
        ...

    def setup(self, mode: PlayMode, level: LoadedLevel | None = None) -> None:
        """The set-up screen of ``mode``, on ``level``."""
        ...

    def add_level(self, level: LoadedLevel) -> None:
        """A level opened from a file joins the lists."""
        ...

    def play(self, level: LoadedLevel, seed: int, controllers: dict[Side, str]) -> None:
        """Start a match."""
        ...


class OnlineHost(Protocol):
    """A networked game behind its screens: what arrived is read each frame, and shown."""

    def poll(self) -> bool:
        """Take in what the host sent since the last frame (it may change the screen).

        True if anything came, so that the window draws it.
        """
        ...

    def status_line(self) -> str:
        """Who you are, your game and turn, and the time left, for the strip at the top."""
        ...

    def blocked(self) -> tuple[str, str] | None:
        """A heading and a line shown over the screen while nothing can be done."""
        ...
