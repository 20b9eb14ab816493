"""What the teacher's live view shows: every pair and the class totals, as frozen values.

The host builds a new :class:`Dashboard` after every change and hands it over whole, so
the window's thread can read one at any moment without locks or half-updated pairs. The
totals are the class report's own tally (:class:`~game.session.classroom.Tally`).
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from pathlib import Path

from game.session.classroom import Tally


class SeatStatus(enum.Enum):
    """Where one side of a game stands this turn."""

    DECIDING = "deciding"
    WAITING = "waiting"
    """Its orders are in; the partner is still deciding."""
    COMPUTER = "computer"
    FINISHED = "finished"


@dataclass(frozen=True)
class PairView:
    """One game on the dashboard."""

    game: int
    round: int
    names: tuple[str, str]
    """Redland's player and Blueland's (the computer's strategy for an AI side)."""
    level: str
    turn: int
    """Turns played."""
    turns: int
    tension: float
    status: tuple[SeatStatus, SeatStatus]
    outcome: str | None
    """The outcome key once the game is over (``None`` while it runs)."""
    ended_by_teacher: bool = False
    replay: Path | None = None
    """The game's replay on the host, once it is over (to open in the replay viewer)."""

    @property
    def finished(self) -> bool:
        """The game is over."""
        return self.outcome is not None or self.ended_by_teacher


@dataclass(frozen=True)
class Dashboard:
    """The whole class at one moment."""

    session: str
    address: str
    code: str
    paused: bool
    round: int
    lobby: tuple[str, ...]
    """Names of the students waiting to be paired."""
    connected: int
    pairs: tuple[PairView, ...]
    totals: Tally
    """Outcomes, spirals, true security dilemmas, real and felt security of finished games."""
    ended: bool = False
    lobby_seats: tuple[str, ...] = ()
    """The seats of the students in :attr:`lobby`, in the same order (to pair them by hand)."""
