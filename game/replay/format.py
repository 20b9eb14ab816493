"""The replay file: one game's complete event log, and its verification by re-simulation.

A replay is JSON (gzip-compressed when the file name ends in ``.gz``) that a teacher can
open anywhere. It holds the level's full text and hash (so it still opens after the level
file changes or is deleted), the seed, both controllers, the set-up draws and hidden
types, and per turn: both sides' observations, the orders, every random draw, what was
carried out, what each side saw, and the true state after the turn. The format is
described field by field in ``docs/replays.md``.

Reading a replay re-plays its orders from its seed through the engine and compares every
recorded turn, the set-up and the result with the re-played ones: a file that does not
match is refused, naming the first turn or field that differs. Every other field is
checked for its form and bounds (``docs/replays.md`` says which fields are informational
and why), and unknown fields are refused. A truncated, corrupt, oversized, too deeply
nested or foreign file, one with data after its gzip stream, or one of an earlier or newer
format version, is refused with one line; nothing is ever written to the file being read.
A verified replay's turns are parsed once into :class:`TurnRecord` objects.
"""

# No ``from __future__ import annotations`` here: pydantic would then evaluate every
# field's annotation from its text when the module is imported, a cost the window pays
# at start-up (game/levels/schema.py, likewise).

import gzip
import hashlib
import json
import marshal
import math
import re
import zlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from operator import itemgetter
from pathlib import Path
from typing import Annotated, Any, Literal

import numpy as np
from pydantic import AfterValidator, BaseModel, ConfigDict, Field, ValidationError

from game import __version__
from game.ai.bots import BotError, is_bot, parse_bot_spec
from game.ai.registry import HUMAN, StrategyError, parse_spec
from game.errors import GameError
from game.levels import LevelError, LoadedLevel, builtin_ids, load_builtin, load_level_text
from game.levels.compile import SIDE_DEFAULTS
from game.levels.loader import MAX_LEVEL_CHARS, MAX_OVERRIDE_CHARS, MAX_OVERRIDES, parse_toml
from game.levels.schema import OutcomeKey
from game.levels.source import builtin_origin, builtin_text
from game.replay.record import (
    SIDES,
    Columns,
    TurnRecord,
    setup_record,
    turn_columns,
    turn_records,
    turn_rows,
)
from game.rules.engine import GameState, resolve_turn, start_games
from game.rules.model import (
    NO_WINNER,
    Memory,
    NationType,
    Observation,
    Orders,
    OrdersBatch,
    Outcome,
    Posture,
    Side,
    Signal,
    order_problems,
)
from game.rules.noise import Noise
from game.rules.tang import tang_verdicts
from game.storage import (
    FileTooLargeError,
    json_depth,
    one_line,
    read_limited,
    write_atomically,
)

_POSTURE_CODES = {int(posture): posture for posture in Posture}
_SIGNAL_CODES = {int(signal): signal for signal in Signal}

FORMAT = "security-dilemma-replay"
VERSION = 2
"""Format 2: security counts deterrence; turns record ``executed.threatening``,
``seen.kind`` and ``seen.threat``. Files of format 1 were made under other rules and
cannot be re-played, so they are refused."""
MAX_BYTES = 16 * 1024 * 1024
"""Larger files, or larger documents once decompressed, are refused before parsing. A
1,000-turn game is about 2.5 MB (3 MB with eight weapon kinds), its level at most 2 MB."""
MAX_DEPTH = 12
"""How deeply a replay's arrays and objects may nest (the game writes 7 levels)."""
MAX_TURNS = 1000
"""The most turns of a game (``rules.turns`` allows 1,000)."""
MAX_ORIGIN_CHARS = 4096
"""The longest ``level.origin`` (a file path); the writer shortens longer ones."""
MAX_CONTROLLER_CHARS = 1000
"""The longest controller (``"human"``, a strategy with parameters, or ``bot:PATH``)."""
MAX_DRAWS = 64
"""The most set-up draws per side (the game makes one per draw kind or weapon kind)."""
MAX_CLASS_NAME = 60
"""The longest class session or pair name in ``classroom`` (as the window lets one type)."""
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_STRATEGY_NAME = re.compile(r"[a-z0-9][a-z0-9_-]*")


class ReplayError(GameError):
    """A replay cannot be used; the message says why in one line, starting with the file."""

    def __init__(self, message: str) -> None:
        super().__init__(one_line(message))


@dataclass(frozen=True)
class ClassroomTag:
    """The class session a game belongs to and the pair who played it (informational).

    Both names are on one line, trimmed, with single spaces, of 1 to
    :data:`MAX_CLASS_NAME` characters: what the window's classroom screen produces.
    """

    session: str
    pair: str

    def __post_init__(self) -> None:
        for name in (self.session, self.pair):
            problem = class_name_problem(name)
            if problem is not None:
                raise ValueError(problem)

    def to_dict(self) -> dict[str, str]:
        """The ``classroom`` object of a replay."""
        return {"session": self.session, "pair": self.pair}


def class_name_problem(name: str) -> str | None:
    """Why ``name`` cannot be a session's or a pair's name in a replay, or None."""
    if not 1 <= len(name) <= MAX_CLASS_NAME:
        return f"a name has 1 to {MAX_CLASS_NAME} characters"
    if _CONTROL.search(name) or " ".join(name.split()) != name:
        return "a name is one line, trimmed, with single spaces"
    return None


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
    classroom: ClassroomTag | None = None
    """The class session and pair, for a game played in one."""

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
    classroom: ClassroomTag | None = None,
) -> dict[str, Any]:
    """The JSON document of a replay from a game's log (see :func:`write_replay`).

    ``classroom`` names the class session and the pair, for a game played in one.
    """
    document: dict[str, Any] = {
        "format": FORMAT,
        "version": VERSION,
        "game_version": __version__,
        "saved_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "level": {
            "origin": _origin_text(level.origin),
            "text": level.text,
            "overrides": list(level.overrides),
            "sha256": _digest(level.text),
        },
        "controllers": {side.key: controllers[side] for side in SIDES},
        **log,
    }
    if classroom is not None:
        document["classroom"] = classroom.to_dict()
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
) -> tuple[GameState, list[dict[Side, Observation]], str | None]:
    """Play the recorded orders again from the seed: the state, the views, why it stopped.

    The game is played until the orders run out (the reason is then None), or up to the
    first turn that cannot be played: an order that is not allowed, or a turn after the
    end of the game; the reason names the turn. The views are what each side knew when it
    decided each turn played.
    """
    scenario = level.scenario
    state = start_games(scenario, Noise.draw([seed], scenario.turns, scenario.kinds))
    # A game gives the same few orders again and again: each is checked, and made into a
    # batch of one game, once (the engine only reads the batches it is given).
    problems: dict[Orders, list[str]] = {}
    batches_of: dict[Orders, OrdersBatch] = {}
    views: list[dict[Side, Observation]] = []
    memories: dict[Side, list[Memory]] = {side: [] for side in SIDES}
    # Each side's records of past turns: the game's history, which every turn fills in place.
    pasts = {side: state.observe(side).past for side in SIDES}
    stop = None
    for number, pair in enumerate(orders, start=1):
        if state.over[0]:
            stop = f"turn {number} comes after the end of the game"
            break
        for side, given in zip(SIDES, pair, strict=True):
            wrong = problems.get(given)
            if wrong is None:
                wrong = problems[given] = order_problems(given, scenario)
                if not wrong:
                    batches_of[given] = _read_only_batch(given)
            if wrong:
                stop = f"turn {number}, {side.key}: {'; '.join(wrong)}"
                break
        if stop is not None:
            break
        views.append({side: state.observation(side, 0, tuple(memories[side])) for side in SIDES})
        resolve_turn(state, batches_of[pair[0]], batches_of[pair[1]])
        for side in SIDES:
            memories[side].append(pasts[side].memory(0, number - 1))
    return state, views, stop


def _read_only_batch(orders: Orders) -> OrdersBatch:
    """``orders`` as a batch of one game that nothing can change, to be given many turns."""
    batch = OrdersBatch.from_orders([orders])
    for column in vars(batch).values():
        column.flags.writeable = False
    return batch


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
    single, views, stop = resimulate(level, seed, orders)
    if stop is not None:
        raise RuntimeError(f"game {game}: the batch cannot be re-played ({stop})")
    for name in ("arsenal", "tension", "executed"):
        batch = getattr(history, name)[:played, game]
        alone = getattr(single.history, name)[:played, 0]
        floats = np.issubdtype(batch.dtype, np.floating)
        if not np.array_equal(batch, alone, equal_nan=bool(floats)):
            raise RuntimeError(f"game {game}: the batch and the re-played game differ ({name})")
    turns = turn_rows(turn_columns(single, 0, views, orders))
    return {**setup_record(single, seed), "turns": turns}


def result_summary(state: GameState, seed: int, game: int = 0) -> dict[str, Any]:
    """How a finished game ended, as a replay's ``result`` holds it.

    The same fields and values as ``GameResult.summary()`` of ``game.session.results``
    (the replay layer does not import the session layer; a test keeps the two equal).
    """
    winner = int(state.winner[game])
    return {
        "seed": seed,
        "turns": int(state.end_turn[game]),
        "outcome": Outcome(int(state.outcome[game])).key,
        "winner": None if winner == NO_WINNER else Side(winner).key,
        "types": {side.key: NationType(int(state.types[game, int(side)])).key for side in SIDES},
        "score": {side.key: float(state.score[game, int(side)]) for side in SIDES},
        "security_dilemma": tang_verdicts(state)[game].security_dilemma,
    }


def _origin_text(origin: str) -> str:
    """Where a level came from, on one line and within :data:`MAX_ORIGIN_CHARS`."""
    text = one_line(origin) or "?"
    return text if len(text) <= MAX_ORIGIN_CHARS else text[: MAX_ORIGIN_CHARS - 3] + "..."


def controller_spec_problem(spec: str) -> str | None:
    """Why ``spec`` is not the form of a controller, or None.

    A controller is ``"human"``, ``bot:PATH.py[:ClassName]``, or a strategy name with
    ``key=value`` parameters of plain values. Whether the strategy exists is not asked:
    the name only says who played (a saved game checks it again when it resumes).
    """
    if _CONTROL.search(spec):
        return "a controller is one line of text"
    if spec == HUMAN:
        return None
    if is_bot(spec):
        try:
            parse_bot_spec(spec)
        except BotError as error:
            return str(error)
        return None
    if len(spec) > 200:
        return "a strategy is at most 200 characters"
    try:
        name, params = parse_spec(spec)
    except (StrategyError, ValueError, RecursionError) as error:
        return str(error) if isinstance(error, StrategyError) else "not a strategy"
    if not _STRATEGY_NAME.fullmatch(name):
        return f"not a strategy name: {json.dumps(name)[:40]}"
    for key, value in params.items():
        plain = isinstance(value, bool | int | str) or (
            isinstance(value, float) and math.isfinite(value)
        )
        if not plain or (isinstance(value, int) and abs(value) > 2**63):
            return f"parameter {key[:40]!r} is not a plain value"
    return None


def _controller_form(spec: str) -> str:
    problem = controller_spec_problem(spec)
    if problem is not None:
        raise ValueError(problem)
    return spec


def _iso_time(text: str) -> str:
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise ValueError("should be a date and time like 2025-03-04T10:15:02+00:00") from None
    if moment.tzinfo is None:
        raise ValueError("should have a time zone, like +00:00")
    return text


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, allow_inf_nan=False, defer_build=True)


SideKey = Literal["red", "blue"]
TypeKey = Literal["security_seeker", "expansionist"]
Spec = Annotated[
    str, Field(min_length=1, max_length=MAX_CONTROLLER_CHARS), AfterValidator(_controller_form)
]
Draws = Annotated[list[float], Field(max_length=MAX_DRAWS)]


class _LevelRecord(_Strict):
    origin: Annotated[
        str, Field(min_length=1, max_length=MAX_ORIGIN_CHARS, pattern=r"^[^\x00-\x1f\x7f]*$")
    ]
    text: Annotated[str, Field(max_length=MAX_LEVEL_CHARS)]
    overrides: Annotated[
        list[Annotated[str, Field(max_length=MAX_OVERRIDE_CHARS)]], Field(max_length=MAX_OVERRIDES)
    ]
    sha256: Annotated[str, Field(pattern=r"^[0-9a-f]{64}$")]


def _class_name(name: str) -> str:
    problem = class_name_problem(name)
    if problem is not None:
        raise ValueError(problem)
    return name


ClassName = Annotated[str, Field(max_length=MAX_CLASS_NAME), AfterValidator(_class_name)]


class _Classroom(_Strict):
    session: ClassName
    pair: ClassName


class _Score(_Strict):
    red: float
    blue: float


class _Result(_Strict):
    seed: int = Field(ge=0, lt=2**63)
    turns: int = Field(ge=0, le=MAX_TURNS)
    outcome: OutcomeKey
    winner: SideKey | None
    types: dict[SideKey, TypeKey] = Field(min_length=2)
    score: _Score
    security_dilemma: bool


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


class _SideOrders(BaseModel):  # the rest of a turn is checked by re-playing it
    model_config = ConfigDict(extra="ignore", strict=True)
    orders: _OrdersRecord


class _TurnOrders(BaseModel):
    model_config = ConfigDict(extra="ignore", strict=True)
    red: _SideOrders
    blue: _SideOrders


class _Document(_Strict):
    format: Literal["security-dilemma-replay"]
    version: int
    game_version: Annotated[str, Field(pattern=r"^[0-9A-Za-z.+!_-]{1,40}$")]
    saved_at: Annotated[str, Field(max_length=40), AfterValidator(_iso_time)]
    level: _LevelRecord
    controllers: dict[SideKey, Spec] = Field(min_length=2)
    seed: int = Field(ge=0, lt=2**63)
    types: dict[SideKey, TypeKey] = Field(min_length=2)
    setup_draws: dict[SideKey, Draws] = Field(min_length=2)
    setup_normals: dict[SideKey, Draws] = Field(min_length=2)
    turns: list[Any] = Field(max_length=MAX_TURNS)
    """Each turn's orders are checked by :func:`_given_orders`, the rest by re-playing it."""
    result: _Result | None = None
    classroom: _Classroom | None = None


class _CheckedDocument(_Document):
    """The document with every turn's orders checked: what names the first problem found."""

    turns: list[_TurnOrders] = Field(max_length=MAX_TURNS)


class _DamagedOrdersError(ValueError):
    """A turn's orders are missing or not allowed: :class:`_CheckedDocument` says where."""


def _given_orders(turns: list[Any]) -> list[tuple[Orders, Orders]]:
    """Each turn's checked orders, Red's and Blue's, as the game's :class:`Orders`.

    A game gives the same few orders again and again: each distinct one (told apart by
    its marshalled bytes, which keep ``1``, ``1.0`` and ``true`` apart) is checked and
    made once, rather than a model per turn. Raises :class:`_DamagedOrdersError`.
    """
    made: dict[bytes, Orders] = {}

    def given(record: Any) -> Orders:
        key = marshal.dumps(record, 2)
        orders = made.get(key)
        if orders is None:
            try:
                orders = made[key] = _OrdersRecord.model_validate(record).parsed()
            except ValidationError:
                raise _DamagedOrdersError("orders") from None
        return orders

    try:
        return [(given(turn["red"]["orders"]), given(turn["blue"]["orders"])) for turn in turns]
    except (KeyError, TypeError, ValueError):  # ValueError: marshal meets an unknown type
        raise _DamagedOrdersError("turns") from None


def _read(path: Path) -> bytes:
    """The bytes of a replay file: a regular file of at most :data:`MAX_BYTES`."""
    name = path.name
    try:
        return read_limited(path, MAX_BYTES)
    except FileTooLargeError:
        raise ReplayError(f"{name}: too large to be a replay (over {MAX_BYTES:,} bytes)") from None
    except OSError as error:
        raise ReplayError(f"{name}: cannot be read ({error.strerror or error})") from None


def read_replay(path: Path) -> Replay:
    """Read, check and verify a replay; :class:`ReplayError` (one line) if it cannot be used."""
    return parse_replay(_read(path), path.name)


def _document(raw: bytes, name: str) -> Any:
    """The JSON value of a replay file's bytes (decompressed), within every bound."""
    if len(raw) > MAX_BYTES:
        raise ReplayError(f"{name}: too large to be a replay (over {MAX_BYTES:,} bytes)")
    if raw[:2] == b"\x1f\x8b":
        try:
            raw = _gunzip(raw)
        except _TrailingDataError:
            raise ReplayError(
                f"{name}: damaged (data after the end of the compressed game)"
            ) from None
        except _TooLargeError:
            raise ReplayError(
                f"{name}: too large to be a replay (over {MAX_BYTES:,} bytes uncompressed)"
            ) from None
        except (OSError, EOFError, zlib.error):
            raise ReplayError(f"{name}: damaged (the compressed data is incomplete)") from None
    if json_depth(raw) > MAX_DEPTH:
        raise ReplayError(f"{name}: damaged (nested more than {MAX_DEPTH} levels deep)")
    try:
        return json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError):
        raise ReplayError(f"{name}: damaged or truncated (not complete JSON)") from None
    except ValueError:  # an integer of more than 4,300 digits
        raise ReplayError(f"{name}: damaged (a number has thousands of digits)") from None


def _first_damage(data: dict[str, Any]) -> str:
    """``where: what`` of the first problem of a damaged document, in the order of its fields.

    The quick checks of :func:`parse_replay` only tell that something is wrong; the model
    that checks every turn in full says what, and where.
    """
    try:
        _CheckedDocument.model_validate(data)
    except ValidationError as error:
        return _damage(error)
    return "turns: orders that cannot be read"


def _level_inside(record: _LevelRecord) -> LoadedLevel:
    """The level a replay holds, checked and compiled; :class:`LevelError` if it is not valid.

    Most replays hold a built-in level, unchanged: its text is then the one the game
    ships, which is parsed once for the whole run (:func:`game.levels.load_builtin`), and
    the level is the one ``load_level_text`` would make of that text.
    """
    level_id = record.origin.removeprefix("<built-in ").removesuffix(">")
    if (
        level_id in builtin_ids()
        and record.origin == builtin_origin(level_id)
        and record.text == builtin_text(level_id)
    ):
        return load_builtin(level_id, record.overrides)
    return load_level_text(record.text, record.origin, record.overrides)


def _damage(error: ValidationError) -> str:
    """``where: what`` of the first problem found by the document's model."""
    first = error.errors(include_url=False)[0]
    where = ".".join(str(part) for part in first["loc"])
    message = str(first["msg"]).removeprefix("Value error, ")
    return f"{where}: {message[:1].lower()}{message[1:]}"


def parse_replay(raw: bytes, name: str) -> Replay:
    """Check and verify the bytes of a replay file named ``name`` (for messages)."""
    data = _document(raw, name)
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise ReplayError(f"{name}: not a Security Dilemma replay")
    version = data.get("version")
    if isinstance(version, int) and not isinstance(version, bool):
        if version > VERSION:
            shown = version if version < 10**6 else "unknown"
            raise ReplayError(
                f"{name}: written by a newer version of the game (format {shown}); please update"
            )
        if 1 <= version < VERSION:
            raise ReplayError(
                f"{name}: made by an earlier version of the game whose rules differ; it "
                f"cannot be re-played (replay format {version}, this game reads {VERSION})"
            )
    _check_counts(data, name)
    try:
        document = _Document.model_validate(data)
        orders = _given_orders(document.turns)
    except (ValidationError, _DamagedOrdersError):
        raise ReplayError(f"{name}: damaged at {_first_damage(data)}") from None
    if document.version != VERSION:
        shown = document.version if abs(document.version) < 10**6 else "unknown"
        raise ReplayError(f"{name}: unknown format version {shown}")
    record = document.level
    if _digest(record.text) != record.sha256:
        raise ReplayError(f"{name}: the level inside was changed after the game")
    try:
        level = _level_inside(record)
    except LevelError as error:
        raise ReplayError(f"{name}: the level inside is not valid ({error.problems[0]})") from None
    state, views, stop = resimulate(level, document.seed, orders)
    for key, value in setup_record(state, document.seed).items():  # what play leaves alone
        if not _same(data.get(key), value):
            raise ReplayError(f"{name}: the set-up ({key}) does not match the game's seed")
    played = len(views)
    replayed = turn_columns(state, 0, views, orders[:played])
    _check_turns(data["turns"][:played], replayed, name)
    if stop is not None:
        raise ReplayError(f"{name}: {stop}")
    _check_result(data.get("result"), state, document.seed, name)
    controllers = {side: document.controllers[side.key] for side in SIDES}  # type: ignore[index]
    records = turn_records(replayed, orders[:played])
    tag = document.classroom
    classroom = None if tag is None else ClassroomTag(tag.session, tag.pair)
    return Replay(level, controllers, data, records, document.saved_at, views, state, classroom)


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
    pair: str | None = None
    """The pair who played it, for a game of a class session."""


def peek_replay(path: Path) -> ReplaySummary:
    """The title, date, length and outcome of a replay, without verifying it (fast).

    Read with the same bounds as :func:`read_replay`; the texts shown are checked too.
    """
    name = path.name
    data = _document(_read(path), name)
    try:
        text = data["level"]["text"]
        if not isinstance(text, str) or len(text) > MAX_LEVEL_CHARS:
            raise TypeError("not a level")
        level = parse_toml(text, name)
        nations = level.get("nations", {})
        result = data.get("result")
        summary = ReplaySummary(
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
            pair=_peek_pair(data.get("classroom")),
        )
    except (
        KeyError,
        TypeError,
        ValueError,
        AttributeError,
        RecursionError,
        LevelError,
    ):
        raise ReplayError(f"{name}: not a Security Dilemma replay") from None
    texts = [summary.level_title, summary.saved_at, summary.outcome or ""]
    texts += [*summary.nations.values(), *summary.controllers, *summary.controllers.values()]
    if (
        data.get("format") != FORMAT
        or len(summary.controllers) != 2
        or summary.turns > MAX_TURNS
        or any(len(text) > MAX_CONTROLLER_CHARS or _CONTROL.search(text) for text in texts)
    ):
        raise ReplayError(f"{name}: not a Security Dilemma replay")
    return summary


def _peek_pair(classroom: Any) -> str | None:
    """The pair of a replay's ``classroom`` object, checked like a verified replay's."""
    if classroom is None:
        return None
    pair = classroom["pair"]
    if not isinstance(pair, str):
        raise TypeError("not a name")
    return _class_name(pair)


class _TrailingDataError(OSError):
    """Bytes after the end of the gzip stream: a second member, or garbage."""


class _TooLargeError(OSError):
    """The document inflates beyond :data:`MAX_BYTES`."""


def _gunzip(raw: bytes) -> bytes:
    """Decompress one gzip member: never beyond :data:`MAX_BYTES`, nothing after it.

    A zip bomb stops at the limit; a second member or trailing bytes are refused.
    """
    inflater = zlib.decompressobj(wbits=31)
    data = inflater.decompress(raw, MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise _TooLargeError("too large")
    if not inflater.eof:
        raise EOFError("incomplete")
    if inflater.unused_data:
        raise _TrailingDataError("data after the gzip stream")
    return data


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _check_counts(data: dict[str, Any], name: str) -> None:
    """Refuse oversized lists before any of their items is looked at."""
    turns = data.get("turns")
    if isinstance(turns, list) and len(turns) > MAX_TURNS:
        raise ReplayError(f"{name}: damaged at turns: more than {MAX_TURNS} turns")
    level = data.get("level")
    overrides = level.get("overrides") if isinstance(level, dict) else None
    if isinstance(overrides, list) and len(overrides) > MAX_OVERRIDES:
        raise ReplayError(
            f"{name}: damaged at level.overrides: more than {MAX_OVERRIDES} overrides"
        )
    keys = ("level", "controllers", "types", "setup_draws", "setup_normals", "result", "classroom")
    for key in keys:
        value = data.get(key)
        if isinstance(value, dict) and len(value) > 8:
            raise ReplayError(f"{name}: damaged at {key}: unknown fields")


def _check_turns(recorded: list[Any], replayed: Columns, name: str) -> None:
    """Every recorded turn must be the re-played one; else name the first that is not."""
    if _same_columns(recorded, replayed):
        return
    for number, (turn, again) in enumerate(zip(recorded, turn_rows(replayed), strict=True), 1):
        if not _same(turn, again):
            field = _first_difference(turn, again)
            raise ReplayError(
                f"{name}: turn {number} differs from the game re-played from its seed ({field})"
            )


def _same_columns(recorded: list[Any], replayed: Columns | list[Any]) -> bool:
    """Whether each recorded turn is its re-played one, as :func:`_same` says, a field at a time.

    ``recorded`` holds one JSON value per turn; ``replayed`` holds as many, as columns
    (see :func:`game.replay.record.turn_columns`) or as a list. Comparing a field of all
    turns at once lets Python's own loops do the work: a 200-turn replay has some 22,000
    values, and this takes less than half the time of :func:`_same` turn by turn.
    """
    if isinstance(replayed, dict):  # one column per field: the records must have just these
        # As many fields as the re-played ones, each found: the same fields.
        if recorded and (
            set(map(type, recorded)) != {dict} or set(map(len, recorded)) != {len(replayed)}
        ):
            return False
        try:
            return all(
                _same_columns(list(map(itemgetter(key), recorded)), column)
                for key, column in replayed.items()
            )
        except KeyError:
            return False
    # The same bytes are the same JSON types (1 is not 1.0 nor true), values and order of
    # fields; else (fields in another order, NaN) value by value.
    return marshal.dumps(recorded, 2) == marshal.dumps(replayed, 2) or all(
        map(_same, recorded, replayed)
    )


def _check_result(recorded: Any, state: GameState, seed: int, name: str) -> None:
    """A finished game's ``result`` must be the re-played one; an unfinished game has none."""
    if not state.over[0]:
        if recorded is not None:
            raise ReplayError(f"{name}: the game is not over, but the file gives a result")
        return
    if recorded is None:
        raise ReplayError(f"{name}: the game is over, but the file gives no result")
    replayed = result_summary(state, seed)
    if not _same(recorded, replayed):
        field = _first_difference(recorded, replayed)
        raise ReplayError(
            f"{name}: the result differs from the game re-played from its seed ({field})"
        )


def _same(recorded: Any, replayed: Any) -> bool:
    """Equal values of the same JSON types (``1`` is not ``true``); NaN equals NaN.

    Plain loops rather than ``all()`` over generators: a 200-turn replay has some 27,000
    values to compare, and this is quicker by a third.
    """
    kind = type(recorded)
    if kind is not type(replayed):
        return False
    if kind is dict:
        if recorded.keys() != replayed.keys():
            return False
        for key, value in recorded.items():  # noqa: SIM110
            if not _same(value, replayed[key]):
                return False
        return True
    if kind is list:
        if len(recorded) != len(replayed):
            return False
        for value, other in zip(recorded, replayed, strict=True):  # noqa: SIM110
            if not _same(value, other):
                return False
        return True
    if kind is float:
        return recorded == replayed or (math.isnan(recorded) and math.isnan(replayed))
    return bool(recorded == replayed)


def _first_difference(recorded: Any, replayed: Any, path: str = "") -> str:
    """The dotted path of the first value that differs, for the error message."""
    if isinstance(recorded, dict) and isinstance(replayed, dict):
        for key in replayed:
            if key not in recorded:
                return f"{path}{key} is missing"
            if not _same(recorded[key], replayed[key]):
                return _first_difference(recorded[key], replayed[key], f"{path}{key}.")
        extra = sorted(str(key) for key in set(recorded) - set(replayed))
        return f"{path}{_short_key(extra[0])} is unexpected" if extra else path.rstrip(".")
    if isinstance(recorded, list) and isinstance(replayed, list):
        if len(recorded) != len(replayed):
            return f"{path.rstrip('.')} has {len(recorded)} values, not {len(replayed)}"
        for index, (a, b) in enumerate(zip(recorded, replayed, strict=True)):
            if not _same(a, b):
                return _first_difference(a, b, f"{path}{index}.")
    return f"{path.rstrip('.')} is {_short(recorded)}, not {_short(replayed)}"


def _short_key(key: str) -> str:
    text = json.dumps(key)[1:-1]
    return text if len(text) <= 30 else text[:27] + "..."


def _short(value: Any) -> str:
    try:
        text = json.dumps(value)
    except (TypeError, ValueError, RecursionError):
        text = "an unreadable value"
    return text if len(text) <= 30 else text[:27] + "..."
