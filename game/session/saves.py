"""A game in progress, saved to disk and resumed later, exactly where it stopped.

A saved game is small: the level's full text (so it still opens after the level file
changes or is deleted), the seed, who controls each side, and every completed turn's
orders. Resuming replays those orders through the same engine: the computer players
decide again from the same observations and random streams, so they choose exactly what
they chose before (checked, turn by turn). Orders given in an unfinished turn are not
saved; the game resumes at the start of that turn.

Files are JSON, written atomically; a file that is truncated, corrupt, foreign or from a
newer version is refused with a one-line message and left untouched.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from game import __version__
from game.ai.bots import BotError, is_bot
from game.ai.registry import HUMAN, StrategyError, strategy_from_spec
from game.levels import LevelError, LoadedLevel, load_level_text
from game.rules.model import Orders, Side
from game.session.match import Match
from game.storage import data_dir, write_atomically

FORMAT = "security-dilemma-save"
VERSION = 1
SIDES = (Side.RED, Side.BLUE)


class SaveError(ValueError):
    """A saved game cannot be opened; the message says why in one line."""


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)


class _LevelRecord(_Strict):
    origin: str
    text: str
    overrides: list[str]
    sha256: str


class _OrdersRecord(_Strict):
    posture: Literal["arm", "hold", "disarm"]
    amount: float = Field(ge=0.0, le=1e9, allow_inf_nan=False)
    kind: int = Field(ge=0, le=64)
    signal: str
    strike: bool


class _TurnRecord(_Strict):
    red: _OrdersRecord
    blue: _OrdersRecord


class _SaveFile(_Strict):
    format: Literal["security-dilemma-save"]
    version: int
    game_version: str
    saved_at: str
    level: _LevelRecord
    seed: int = Field(ge=0, lt=2**63)
    controllers: dict[str, str]
    turns: list[_TurnRecord]


@dataclass(frozen=True)
class SavedGame:
    """A game read from disk, checked and ready to resume."""

    level: LoadedLevel
    seed: int
    controllers: dict[Side, str]
    """``"human"`` or a strategy spec per side."""
    orders: list[tuple[Orders, Orders]]
    saved_at: str

    @property
    def turns_played(self) -> int:
        """Completed turns in the file."""
        return len(self.orders)

    def resume(self) -> Match:
        """Replay the saved turns; the match then waits for the next turn's orders.

        Raises :class:`SaveError` if a computer player now decides differently than it
        did (the game changed since the file was written).
        """
        try:
            red, blue = (_controller(self.controllers[side]) for side in SIDES)
        except (StrategyError, BotError) as error:
            raise SaveError(str(error)) from None
        match = Match(self.level.scenario, self.seed, red, blue)
        for number, pair in enumerate(self.orders, start=1):
            if match.finished:
                raise SaveError(f"the game ended before turn {number} of the saved game")
            for side, orders in zip(SIDES, pair, strict=True):
                if match.is_human(side):
                    problems = match.submit(side, orders)
                    if problems:
                        raise SaveError(f"turn {number}, {side.key}: {'; '.join(problems)}")
            record = match.resolve()
            for side, orders in zip(SIDES, pair, strict=True):
                if record[side.key]["orders"] != orders.to_dict():
                    raise SaveError(
                        f"turn {number}: the {side.key} computer player now decides "
                        "differently (saved by another version of the game?)"
                    )
        return match


def saved_game_path() -> Path:
    """The one slot for a game in progress, in the user's data folder."""
    return data_dir() / "saved-game.json"


def _controller(spec: str) -> Any:
    return None if spec == HUMAN else strategy_from_spec(spec)


def save_game(path: Path, level: LoadedLevel, controllers: dict[Side, str], match: Match) -> None:
    """Write the completed turns of ``match`` to ``path`` atomically."""
    document = {
        "format": FORMAT,
        "version": VERSION,
        "game_version": __version__,
        "saved_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "level": {
            "origin": level.origin,
            "text": level.text,
            "overrides": list(level.overrides),
            "sha256": hashlib.sha256(level.text.encode("utf-8")).hexdigest(),
        },
        "seed": match.seed,
        "controllers": {side.key: controllers[side] for side in SIDES},
        "turns": [
            {side.key: record[side.key]["orders"] for side in SIDES} for record in match.turn_log
        ],
    }
    write_atomically(path, json.dumps(document, indent=1) + "\n")


def load_saved_game(path: Path) -> SavedGame:
    """Read and check a saved game; :class:`SaveError` with one line if it cannot be used."""
    name = path.name
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise SaveError(f"{name}: cannot be read ({error.strerror or error})") from None
    try:
        data = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError):
        raise SaveError(f"{name}: not a saved game (damaged or truncated JSON)") from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise SaveError(f"{name}: not a Security Dilemma saved game")
    version = data.get("version")
    if isinstance(version, int) and not isinstance(version, bool) and version > VERSION:
        raise SaveError(
            f"{name}: saved by a newer version of the game (format {version}); please update"
        )
    try:
        document = _SaveFile.model_validate(data)
    except ValidationError as error:
        first = error.errors()[0]
        where = ".".join(str(part) for part in first["loc"])
        raise SaveError(f"{name}: damaged at {where}: {first['msg']}") from None
    if document.version != VERSION:
        raise SaveError(f"{name}: unknown format version {document.version}")
    record = document.level
    if hashlib.sha256(record.text.encode("utf-8")).hexdigest() != record.sha256:
        raise SaveError(f"{name}: the level inside was changed after saving")
    try:
        level = load_level_text(record.text, record.origin, record.overrides)
    except LevelError as error:
        raise SaveError(f"{name}: the level inside is not valid ({error.problems[0]})") from None
    try:
        controllers = {side: document.controllers[side.key] for side in SIDES}
        for spec in controllers.values():
            if spec != HUMAN and not is_bot(spec):  # a bot's file is loaded on resuming
                strategy_from_spec(spec)
    except KeyError as error:
        raise SaveError(f"{name}: no controller for {error.args[0]}") from None
    except StrategyError as error:
        raise SaveError(f"{name}: {error}") from None
    try:
        orders = [
            (Orders.from_dict(turn.red.model_dump()), Orders.from_dict(turn.blue.model_dump()))
            for turn in document.turns
        ]
    except (KeyError, ValueError) as error:
        raise SaveError(f"{name}: damaged orders ({error})") from None
    return SavedGame(level, document.seed, controllers, orders, document.saved_at)
