"""The host's memory on disk: a class session and every completed turn, in SQLite.

Everything a host needs to come back after a crash or a SIGKILL is here: the session (its
level, overrides, pairing, join code and seed), the seats (names and the hashes of their
tokens), the games (seeds and who controls each side), and each completed turn's orders.
A turn is committed before its results are sent, so no student ever sees a result the
host could forget. WAL mode keeps each commit cheap and the file readable after a kill.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field

from game.rules.model import Orders
from game.storage import data_dir

SCHEMA = """
CREATE TABLE IF NOT EXISTS session (id INTEGER PRIMARY KEY CHECK (id = 1), document TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS seats (
    seat TEXT PRIMARY KEY, position INTEGER NOT NULL, name TEXT NOT NULL, digest TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS games (
    game INTEGER PRIMARY KEY, round INTEGER NOT NULL, seed INTEGER NOT NULL,
    red_seat TEXT, blue_seat TEXT, red_controller TEXT NOT NULL, blue_controller TEXT NOT NULL,
    status TEXT NOT NULL DEFAULT 'playing', replay TEXT
);
CREATE TABLE IF NOT EXISTS turns (
    game INTEGER NOT NULL, turn INTEGER NOT NULL, red TEXT NOT NULL, blue TEXT NOT NULL,
    red_timeout INTEGER NOT NULL, blue_timeout INTEGER NOT NULL, PRIMARY KEY (game, turn)
);
"""
SUFFIX = ".sqlite3"


class SessionRecord(BaseModel):
    """A class session's settings, as the host was started with them."""

    model_config = ConfigDict(extra="forbid", strict=True)

    name: str = Field(max_length=200)
    code: str = Field(max_length=16)
    level_origin: str = Field(max_length=4096)
    level_text: str = Field(max_length=1024 * 1024)
    overrides: list[str] = Field(max_length=1000)
    pairing: str = Field(max_length=16)
    ai: str = Field(max_length=300)
    turn_seconds: float | None = None
    seed: int = Field(ge=0)
    round: int = Field(default=0, ge=0)
    ended: bool = False


@dataclass(frozen=True)
class SeatRow:
    """A stored seat."""

    seat: str
    position: int
    name: str
    digest: str


@dataclass(frozen=True)
class GameRow:
    """A stored game and who plays it."""

    game: int
    round: int
    seed: int
    red_seat: str | None
    blue_seat: str | None
    red_controller: str
    blue_controller: str
    status: str
    replay: str | None


@dataclass(frozen=True)
class TurnRow:
    """A completed turn: both sides' orders, and whether the clock gave them."""

    turn: int
    red: Orders
    blue: Orders
    red_timeout: bool
    blue_timeout: bool


def sessions_dir() -> Path:
    """Where each networked class session keeps its database."""
    return data_dir() / "class-games"


def new_session_path() -> Path:
    """A database file for a session starting now."""
    stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S-%f")
    return sessions_dir() / f"session-{stamp}{SUFFIX}"


def latest_session_path() -> Path | None:
    """The most recently started session's database, to resume (None if there is none)."""
    folder = sessions_dir()
    if not folder.is_dir():
        return None
    found = sorted(folder.glob(f"session-*{SUFFIX}"))
    return found[-1] if found else None


class Store:
    """One session's database; every write is committed before the method returns."""

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self._db = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=NORMAL")
        self._db.executescript(SCHEMA)

    def close(self) -> None:
        """Close the file."""
        self._db.close()

    # -- the session ---------------------------------------------------------------------------
    def save_session(self, record: SessionRecord) -> None:
        """Write (or rewrite) the session's settings."""
        self._db.execute(
            "INSERT OR REPLACE INTO session (id, document) VALUES (1, ?)",
            (record.model_dump_json(),),
        )

    def session(self) -> SessionRecord | None:
        """The stored session, or None in a new file (``ValueError`` if it is damaged)."""
        row = self._db.execute("SELECT document FROM session WHERE id = 1").fetchone()
        return None if row is None else SessionRecord.model_validate_json(row[0])

    # -- seats and games -----------------------------------------------------------------------
    def add_seat(self, seat: SeatRow) -> None:
        """A student joined."""
        self._db.execute(
            "INSERT INTO seats VALUES (?, ?, ?, ?)",
            (seat.seat, seat.position, seat.name, seat.digest),
        )

    def seats(self) -> list[SeatRow]:
        """Every seat, in join order."""
        rows = self._db.execute("SELECT * FROM seats ORDER BY position").fetchall()
        return [SeatRow(*row) for row in rows]

    def add_game(self, game: GameRow) -> None:
        """A game of a round began."""
        self._db.execute(
            "INSERT INTO games VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                game.game,
                game.round,
                game.seed,
                game.red_seat,
                game.blue_seat,
                game.red_controller,
                game.blue_controller,
                game.status,
                game.replay,
            ),
        )

    def games(self) -> list[GameRow]:
        """Every game, in the order they began."""
        rows = self._db.execute("SELECT * FROM games ORDER BY game").fetchall()
        return [GameRow(*row) for row in rows]

    def close_game(self, game: int, status: str, replay: Path | None) -> None:
        """A game finished (or was ended); where its replay was kept."""
        self._db.execute(
            "UPDATE games SET status = ?, replay = ? WHERE game = ?",
            (status, None if replay is None else str(replay), game),
        )

    # -- turns ---------------------------------------------------------------------------------
    def add_turn(
        self, game: int, turn: int, orders: tuple[Orders, Orders], timeouts: tuple[bool, bool]
    ) -> None:
        """A completed turn, committed before anyone sees its result."""
        self._db.execute(
            "INSERT INTO turns VALUES (?, ?, ?, ?, ?, ?)",
            (
                game,
                turn,
                json.dumps(orders[0].to_dict()),
                json.dumps(orders[1].to_dict()),
                int(timeouts[0]),
                int(timeouts[1]),
            ),
        )

    def turns(self, game: int) -> list[TurnRow]:
        """The completed turns of ``game``, in order."""
        rows = self._db.execute(
            "SELECT turn, red, blue, red_timeout, blue_timeout FROM turns"
            " WHERE game = ? ORDER BY turn",
            (game,),
        ).fetchall()
        return [
            TurnRow(
                turn,
                Orders.from_dict(json.loads(red)),
                Orders.from_dict(json.loads(blue)),
                bool(red_timeout),
                bool(blue_timeout),
            )
            for turn, red, blue, red_timeout, blue_timeout in rows
        ]
