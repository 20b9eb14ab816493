"""The replay file: one game's complete event log, and its verification by re-simulation.

A replay is JSON (gzip-compressed when the file name ends in ``.gz``) that a teacher can
open anywhere. It holds the level's full text and hash (so it still opens after the level
file changes or is deleted), the seed, both controllers, the set-up draws and hidden
types, and per turn: both sides' observations, the orders, every random draw, what was
carried out, what each side saw, and the true state after the turn. The format is
described field by field in ``docs/replays.md``.

Reading a replay re-plays its orders from its seed through the engine and compares every
recorded turn with the re-played one: a file that does not match is refused, naming the
first turn that differs. A truncated, corrupt or foreign file, or one of an earlier or
newer format version, is refused with one line; nothing is ever written to the file being
read. A verified replay's turns are parsed once into :class:`TurnRecord` objects.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import tomllib
import zlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from game import __version__
from game.levels import LevelError, LoadedLevel, load_level_text
from game.levels.compile import SIDE_DEFAULTS
from game.replay.record import SIDES, TurnRecord, setup_record, turn_record
from game.rules.engine import GameState, resolve_turn, start_games
from game.rules.model import (
    Memory,
    Observation,
    Orders,
    OrdersBatch,
    Posture,
    Side,
    Signal,
    order_problems,
)
from game.rules.noise import Noise
from game.storage import write_atomically

_POSTURE_CODES = {int(posture): posture for posture in Posture}
_SIGNAL_CODES = {int(signal): signal for signal in Signal}

FORMAT = "security-dilemma-replay"
VERSION = 2
"""Format 2: security counts deterrence; turns record ``executed.threatening``,
``seen.kind`` and ``seen.threat``. Files of format 1 were made under other rules and
cannot be re-played, so they are refused."""
MAX_BYTES = 256 * 1024 * 1024
"""Larger files are refused before parsing (a 1,000-turn replay is about 3 MB)."""


class ReplayError(ValueError):
    """A replay cannot be used; the message says why in one line, starting with the file."""


@dataclass(frozen=True)
class Replay:
    """A verified game: its level, controllers, log, and the re-played views and state."""

    level: LoadedLevel
    controllers: dict[Side, str]
    """``"human"`` or a strategy spec per side."""
    log: dict[str, Any]
    """The document as read: ``seed``, ``types``, set-up draws, ``turns`` and ``result``."""
    records: list[TurnRecord]
    """One parsed record per played turn: what every reader of the replay uses."""
    saved_at: str
    views: list[dict[Side, Observation]]
    """What each side knew when it decided each turn (from the re-play)."""
    state: GameState
    """The re-played game after its last recorded turn (one game)."""

    @property
    def seed(self) -> int:
        """The game's seed."""
        return int(self.log["seed"])

    @property
    def turns(self) -> list[dict[str, Any]]:
        """The turns as written in the file, JSON (see ``docs/replays.md``; parsed: ``records``)."""
        turns: list[dict[str, Any]] = self.log["turns"]
        return turns

    @property
    def finished(self) -> bool:
        """True if the game ended (by its last turn or by war), False if saved mid-game."""
        return bool(self.state.over[0])

    @property
    def orders(self) -> list[tuple[Orders, Orders]]:
        """The orders of every turn, Red's and Blue's."""
        return [record.orders for record in self.records]


def replay_document(
    level: LoadedLevel,
    controllers: Mapping[Side, str],
    log: Mapping[str, Any],
    result: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """The JSON document of a replay from a game's log (see :func:`write_replay`)."""
    document: dict[str, Any] = {
        "format": FORMAT,
        "version": VERSION,
        "game_version": __version__,
        "saved_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "level": {
            "origin": level.origin,
            "text": level.text,
            "overrides": list(level.overrides),
            "sha256": _digest(level.text),
        },
        "controllers": {side.key: controllers[side] for side in SIDES},
        **log,
    }
    if result is not None:
        document["result"] = dict(result)
    return document


def write_replay(path: Path, document: Mapping[str, Any]) -> None:
    """Write a replay atomically; gzip-compressed if ``path`` ends in ``.gz``."""
    text = json.dumps(document, separators=(",", ":"), ensure_ascii=False) + "\n"
    if path.name.endswith(".gz"):
        data = gzip.compress(text.encode("utf-8"), compresslevel=6, mtime=0)
        write_atomically(path, data)
    else:
        write_atomically(path, text)


def resimulate(
    level: LoadedLevel, seed: int, orders: Sequence[tuple[Orders, Orders]]
) -> tuple[GameState, list[dict[str, Any]], list[dict[Side, Observation]]]:
    """Play the recorded orders again from the seed: the state, the turn records, the views.

    Raises :class:`ValueError` naming the turn if an order is not allowed or comes after
    the end of the game.
    """
    scenario = level.scenario
    state = start_games(scenario, Noise.draw([seed], scenario.turns, scenario.kinds))
    records: list[dict[str, Any]] = []
    views: list[dict[Side, Observation]] = []
    memories: dict[Side, list[Memory]] = {side: [] for side in SIDES}
    batches = {side: state.observe(side) for side in SIDES}
    for number, pair in enumerate(orders, start=1):
        if state.over[0]:
            raise ValueError(f"turn {number} comes after the end of the game")
        for side, given in zip(SIDES, pair, strict=True):
            problems = order_problems(given, scenario)
            if problems:
                raise ValueError(f"turn {number}, {side.key}: {'; '.join(problems)}")
        seen = {side: batches[side].game(0, tuple(memories[side])) for side in SIDES}
        resolve_turn(state, OrdersBatch.from_orders([pair[0]]), OrdersBatch.from_orders([pair[1]]))
        records.append(turn_record(state, number - 1, seen, dict(zip(SIDES, pair, strict=True))))
        views.append(seen)
        batches = {side: state.observe(side) for side in SIDES}
        for side in SIDES:
            memories[side].append(batches[side].memory(0, number - 1))
    return state, records, views


def game_from_batch(level: LoadedLevel, state: GameState, game: int, seed: int) -> dict[str, Any]:
    """The event log of one game of a headless batch (``simulate --save-replays``).

    The orders each side gave are read back from the batch's history and the game is
    re-played alone from its seed, which also yields both sides' observations of every
    turn; the re-played truth is checked against the batch's. Returns the log (set-up
    and turns).
    """
    history = state.history
    played = int(state.end_turn[game]) if state.over[game] else int(state.turn)

    def given(turn: int, side: Side) -> Orders:
        s = int(side)
        return Orders(
            posture=_POSTURE_CODES[int(history.ordered[turn, game, s])],
            amount=float(history.requested[turn, game, s]),
            kind=int(history.kind[turn, game, s]),
            signal=_SIGNAL_CODES[int(history.signal[turn, game, s])],
            strike=bool(history.strike[turn, game, s]),
        )

    orders = [(given(turn, Side.RED), given(turn, Side.BLUE)) for turn in range(played)]
    single, turns, _ = resimulate(level, seed, orders)
    for name in ("arsenal", "tension", "executed"):
        batch = getattr(history, name)[:played, game]
        alone = getattr(single.history, name)[:played, 0]
        if not (batch == alone).all():
            raise RuntimeError(f"game {game}: the batch and the re-played game differ ({name})")
    return {**setup_record(single, seed), "turns": turns}


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)


class _LevelRecord(_Strict):
    origin: str
    text: str = Field(max_length=1_000_000)
    overrides: list[str]
    sha256: str


class _OrdersRecord(_Strict):
    posture: Literal["arm", "hold", "disarm"]
    amount: float = Field(ge=0.0, le=1e9, allow_inf_nan=False)
    kind: int = Field(ge=0, le=64)
    signal: Literal[
        "none", "reassure", "warn", "propose_cap", "invite_inspection", "unilateral_cut"
    ]
    strike: bool

    def parsed(self) -> Orders:
        """The checked orders as the game's :class:`Orders`."""
        return Orders(
            posture=Posture.from_key(self.posture),
            amount=self.amount,
            kind=self.kind,
            signal=Signal.from_key(self.signal),
            strike=self.strike,
        )


class _SideOrders(BaseModel):
    model_config = ConfigDict(extra="allow", strict=True)
    orders: _OrdersRecord


class _TurnOrders(BaseModel):
    model_config = ConfigDict(extra="allow", strict=True)
    red: _SideOrders
    blue: _SideOrders


class _Document(BaseModel):
    model_config = ConfigDict(extra="allow", strict=True)
    format: Literal["security-dilemma-replay"]
    version: int
    game_version: str
    saved_at: str
    level: _LevelRecord
    controllers: dict[Literal["red", "blue"], str] = Field(min_length=2)
    seed: int = Field(ge=0, lt=2**63)
    turns: list[_TurnOrders] = Field(max_length=1000)


def read_replay(path: Path) -> Replay:
    """Read, check and verify a replay; :class:`ReplayError` (one line) if it cannot be used."""
    name = path.name
    try:
        with path.open("rb") as stream:
            raw = stream.read(MAX_BYTES + 1)
    except OSError as error:
        raise ReplayError(f"{name}: cannot be read ({error.strerror or error})") from None
    if len(raw) > MAX_BYTES:
        raise ReplayError(f"{name}: too large to be a replay")
    return parse_replay(raw, name)


def parse_replay(raw: bytes, name: str) -> Replay:
    """Check and verify the bytes of a replay file named ``name`` (for messages)."""
    if raw[:2] == b"\x1f\x8b":
        try:
            raw = _gunzip(raw)
        except (OSError, EOFError, zlib.error):
            raise ReplayError(f"{name}: damaged (the compressed data is incomplete)") from None
    try:
        data = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError):
        raise ReplayError(f"{name}: damaged or truncated (not complete JSON)") from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise ReplayError(f"{name}: not a Security Dilemma replay")
    version = data.get("version")
    if isinstance(version, int) and not isinstance(version, bool):
        if version > VERSION:
            raise ReplayError(
                f"{name}: written by a newer version of the game (format {version}); please update"
            )
        if 1 <= version < VERSION:
            raise ReplayError(
                f"{name}: made by an earlier version of the game whose rules differ; it "
                f"cannot be re-played (replay format {version}, this game reads {VERSION})"
            )
    try:
        document = _Document.model_validate({**data, "turns": _orders_only(data.get("turns"))})
    except ValidationError as error:
        first = error.errors()[0]
        where = ".".join(str(part) for part in first["loc"])
        raise ReplayError(f"{name}: damaged at {where}: {first['msg']}") from None
    if document.version != VERSION:
        raise ReplayError(f"{name}: unknown format version {document.version}")
    record = document.level
    if _digest(record.text) != record.sha256:
        raise ReplayError(f"{name}: the level inside was changed after the game")
    try:
        level = load_level_text(record.text, record.origin, record.overrides)
    except LevelError as error:
        raise ReplayError(f"{name}: the level inside is not valid ({error.problems[0]})") from None
    try:
        orders = [(turn.red.orders.parsed(), turn.blue.orders.parsed()) for turn in document.turns]
        state, turns, views = resimulate(level, document.seed, orders)
    except (KeyError, ValueError) as error:
        raise ReplayError(f"{name}: {error}") from None
    setup = setup_record(state, document.seed)
    for key, value in setup.items():
        if data.get(key) != value:
            raise ReplayError(f"{name}: the set-up ({key}) does not match the game's seed")
    for number, (recorded, replayed) in enumerate(zip(data["turns"], turns, strict=True), 1):
        if recorded != replayed:
            field = _first_difference(recorded, replayed)
            raise ReplayError(
                f"{name}: turn {number} differs from the game re-played from its seed ({field})"
            )
    controllers = {side: document.controllers[side.key] for side in SIDES}  # type: ignore[index]
    records = [TurnRecord.from_dict(turn) for turn in turns]
    return Replay(level, controllers, data, records, document.saved_at, views, state)


@dataclass(frozen=True)
class ReplaySummary:
    """What a list of saved games shows, read without re-playing the game."""

    path: Path
    level_title: str
    saved_at: str
    turns: int
    outcome: str | None
    """The outcome's key (``"spiral_to_war"``...), or None for a game saved mid-way."""
    controllers: dict[str, str]
    nations: dict[str, str]
    """Each side's nation name (``"red"``, ``"blue"``), as the level calls them."""


def peek_replay(path: Path) -> ReplaySummary:
    """The title, date, length and outcome of a replay, without verifying it (fast)."""
    name = path.name
    try:
        raw = path.read_bytes()
        if raw[:2] == b"\x1f\x8b":
            raw = _gunzip(raw)
        data = json.loads(raw.decode("utf-8"))
        level = tomllib.loads(data["level"]["text"])
        nations = level.get("nations", {})
        result = data.get("result")
        return ReplaySummary(
            path=path,
            level_title=str(level["level"]["title"]),
            nations={
                side: str(nations.get(side, {}).get("name", SIDE_DEFAULTS[side][0]))
                for side in ("red", "blue")
            },
            saved_at=str(data["saved_at"]),
            turns=len(data["turns"]),
            outcome=str(result["outcome"]) if isinstance(result, dict) else None,
            controllers={str(k): str(v) for k, v in dict(data["controllers"]).items()},
        )
    except (OSError, EOFError, zlib.error, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise ReplayError(f"{name}: damaged or unreadable ({type(error).__name__})") from None
    except (
        KeyError,
        TypeError,
        ValueError,
        AttributeError,
        RecursionError,
        tomllib.TOMLDecodeError,
    ):
        raise ReplayError(f"{name}: not a Security Dilemma replay") from None


def _gunzip(raw: bytes) -> bytes:
    """Decompress, refusing to inflate beyond :data:`MAX_BYTES` (a zip bomb)."""
    inflater = zlib.decompressobj(wbits=31)
    data = inflater.decompress(raw, MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise OSError("too large")
    if not inflater.eof:
        raise EOFError("incomplete")
    return data


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _orders_only(turns: Any) -> Any:
    """The orders of each turn, to check their types (the rest is checked by re-playing)."""
    if not isinstance(turns, list):
        return turns
    light = []
    for turn in turns:
        if isinstance(turn, dict) and all(isinstance(turn.get(s.key), dict) for s in SIDES):
            turn = {s.key: {"orders": turn[s.key].get("orders")} for s in SIDES}
        light.append(turn)
    return light


def _first_difference(recorded: Any, replayed: Any, path: str = "") -> str:
    """The dotted path of the first value that differs, for the error message."""
    if isinstance(recorded, dict) and isinstance(replayed, dict):
        for key in replayed:
            if key not in recorded:
                return f"{path}{key} is missing"
            if recorded[key] != replayed[key]:
                return _first_difference(recorded[key], replayed[key], f"{path}{key}.")
        extra = sorted(set(recorded) - set(replayed))
        return f"{path}{extra[0]} is unexpected" if extra else path.rstrip(".")
    if isinstance(recorded, list) and isinstance(replayed, list):
        if len(recorded) != len(replayed):
            return f"{path.rstrip('.')} has {len(recorded)} values, not {len(replayed)}"
        for index, (a, b) in enumerate(zip(recorded, replayed, strict=True)):
            if a != b:
                return _first_difference(a, b, f"{path}{index}.")
    return f"{path.rstrip('.')} is {_short(recorded)}, not {_short(replayed)}"


def _short(value: Any) -> str:
    text = json.dumps(value)
    return text if len(text) <= 30 else text[:27] + "..."
