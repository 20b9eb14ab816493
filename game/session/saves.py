"""Games on disk: the autosaved game in progress, and a replay of every finished game.

Both are replay files (:mod:`game.replay.format`): the level's full text, the seed, who
controls each side, every completed turn and, for a game of a class session, the session
and the pair (so a game continued later is still added to its session). The game in
progress is written to one slot after every turn, atomically, so a crash or a killed
process loses at most the turn being decided. Resuming verifies the file by re-playing
it, then lets the computer players decide again from the same observations and random
streams: they must choose exactly what they chose before (checked, turn by turn).
Finished games are kept in the ``replays`` folder of the user's data folder.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from game.ai.bots import BotError
from game.ai.protocol import Strategy
from game.ai.registry import HUMAN, StrategyError, strategy_from_spec
from game.levels import LoadedLevel
from game.replay import (
    ClassroomTag,
    Replay,
    ReplayError,
    read_replay,
    replay_document,
    write_replay,
)
from game.replay.record import TurnRecord
from game.rules.model import Side
from game.session.match import Match
from game.storage import data_dir, one_line

SIDES = (Side.RED, Side.BLUE)


class SaveError(ValueError):
    """A saved game cannot be opened or continued; the message says why in one line."""

    def __init__(self, message: str) -> None:
        super().__init__(one_line(message))


@dataclass(frozen=True)
class SavedGame:
    """A game in progress read from disk, verified and ready to resume."""

    replay: Replay

    @property
    def level(self) -> LoadedLevel:
        """The level, from the text inside the file."""
        return self.replay.level

    @property
    def seed(self) -> int:
        """The game's seed."""
        return self.replay.seed

    @property
    def controllers(self) -> dict[Side, str]:
        """``"human"`` or a strategy spec per side."""
        return self.replay.controllers

    @property
    def classroom(self) -> ClassroomTag | None:
        """The class session and pair the game belongs to, if it was played in one."""
        return self.replay.classroom

    @property
    def turns_played(self) -> int:
        """Completed turns in the file."""
        return len(self.replay.records)

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
        for number, pair in enumerate(self.replay.orders, start=1):
            for side, orders in zip(SIDES, pair, strict=True):
                if match.is_human(side):
                    match.submit(side, orders)  # checked when the file was verified
            record = TurnRecord.from_dict(match.resolve())
            for side, orders in zip(SIDES, pair, strict=True):
                if record.side(side).orders != orders:
                    raise SaveError(
                        f"turn {number}: the {side.key} computer player now decides "
                        "differently (saved by another version of the game?)"
                    )
        return match


def saved_game_path() -> Path:
    """The one slot for a game in progress, in the user's data folder."""
    return data_dir() / "saved-game.json"


def replays_dir() -> Path:
    """Where every finished game is kept as a replay."""
    return data_dir() / "replays"


def _controller(spec: str) -> Strategy | None:
    return None if spec == HUMAN else strategy_from_spec(spec)


def save_game(
    path: Path,
    level: LoadedLevel,
    controllers: dict[Side, str],
    match: Match,
    classroom: ClassroomTag | None = None,
) -> None:
    """Write the completed turns of ``match`` to ``path`` as a replay, atomically."""
    write_replay(path, replay_document(level, controllers, match.event_log(), None, classroom))


def save_finished(
    level: LoadedLevel,
    controllers: dict[Side, str],
    match: Match,
    classroom: ClassroomTag | None = None,
) -> Path:
    """Keep a finished game in the replays folder; returns the file written."""
    stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
    path = replays_dir() / f"{stamp}-{level.id}-{match.seed}.json.gz"
    save_game(path, level, controllers, match, classroom)
    return path


def load_saved_game(path: Path) -> SavedGame:
    """Read and verify a saved game; :class:`SaveError` with one line if it cannot be used."""
    try:
        replay = read_replay(path)
    except ReplayError as error:
        raise SaveError(str(error)) from None
    for spec in replay.controllers.values():
        if spec != HUMAN and not spec.startswith("bot:"):  # a bot loads when resuming
            try:
                strategy_from_spec(spec)
            except StrategyError as error:
                raise SaveError(f"{path.name}: {error}") from None
    if replay.finished:
        raise SaveError(f"{path.name}: this game is already over (open it as a replay)")
    return SavedGame(replay)
