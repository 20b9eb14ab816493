"""Every message between a class game's host and a student's client, checked at the wire.

Messages are JSON objects with a ``type`` field, validated by strict pydantic models
(unknown fields, wrong types and oversized values are refused). What a client receives
is built from its own side's observation only; the hidden truth travels once, in the
game-over message, as the finished game's replay. ``docs/network.md`` documents it all.
"""

from __future__ import annotations

import enum
import json
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter, ValidationError, field_validator

from game.ai.wire import observation_from_data, observation_to_data
from game.levels import LoadedLevel, load_level_text
from game.replay import Replay, parse_replay
from game.replay.format import MAX_CLASS_NAME
from game.rules.model import Observation, Orders, Posture, Scenario, Side, Signal
from game.session.match import Match, replay_orders

PROTOCOL_VERSION = 1
"""Sent in every hello; a host answers a different version with a ``version`` error."""
PATH = "/security-dilemma"
"""The only path the host serves; any other request is refused."""
DEFAULT_PORT = 8765
MAX_CLIENT_MESSAGE_BYTES = 4 * 1024
"""The largest message a host reads: a hello or orders are a few hundred bytes."""
MAX_HOST_MESSAGE_BYTES = 16 * 1024 * 1024
"""The largest message a client reads: the replay of a 1,000-turn game."""
MAX_NAME = (MAX_CLASS_NAME - 3) // 2
"""Characters of a student's name: two names and `` & `` make a pair's name in the report."""
CODE_CHARS = 16
TOKEN_CHARS = 64
MAX_TEXT = 2_000
MAX_LIST = 1_000
"""Items in a list (history, news, players): a game has at most 1,000 turns."""

Name = Annotated[str, Field(min_length=1, max_length=MAX_NAME)]
Text = Annotated[str, Field(max_length=MAX_TEXT)]
Count = Annotated[int, Field(ge=0, le=10**6)]
PostureKey = Literal["arm", "hold", "disarm"]
SignalKey = Literal[
    "none", "reassure", "warn", "propose_cap", "invite_inspection", "unilateral_cut"
]
SideKey = Literal["red", "blue"]


def clean_name(text: str) -> str:
    """A typed name on one line with single spaces, control characters dropped."""
    printable = "".join(ch for ch in text if ch.isprintable())
    return " ".join(printable.split())


class _Message(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True, allow_inf_nan=False)


# -- client to host -------------------------------------------------------------------------


class Hello(_Message):
    """The first message of every connection: join with a name, or rejoin a seat by token."""

    type: Literal["hello"] = "hello"
    protocol: int = Field(ge=0, le=10**6)
    code: str = Field(max_length=CODE_CHARS)
    name: Name
    token: str | None = Field(default=None, max_length=TOKEN_CHARS)

    @field_validator("name")
    @classmethod
    def _one_line(cls, value: str) -> str:
        if clean_name(value) != value:
            raise ValueError("a name is one line of printable characters with single spaces")
        return value


class SendOrders(_Message):
    """One seat's secret orders for one turn of its game (``turn`` is 0-based)."""

    type: Literal["orders"] = "orders"
    game: Count
    turn: Count
    posture: PostureKey
    amount: float = Field(ge=0, le=10**6)
    kind: int = Field(ge=0, le=64)
    signal: SignalKey
    strike: bool = False

    def orders(self) -> Orders:
        """The engine's orders (the host still checks them against the level)."""
        return Orders(
            posture=Posture.from_key(self.posture),
            amount=float(self.amount),
            kind=self.kind,
            signal=Signal.from_key(self.signal),
            strike=self.strike,
        )

    @classmethod
    def of(cls, game: int, turn: int, orders: Orders) -> SendOrders:
        """The message carrying ``orders`` for ``turn`` of ``game``."""
        return cls(
            game=game,
            turn=turn,
            posture=orders.posture.key,  # type: ignore[arg-type]
            amount=float(orders.amount),
            kind=int(orders.kind),
            signal=orders.signal.key,  # type: ignore[arg-type]
            strike=bool(orders.strike),
        )


ClientMessage = Annotated[Hello | SendOrders, Field(discriminator="type")]
CLIENT_MESSAGES: TypeAdapter[Hello | SendOrders] = TypeAdapter(ClientMessage)


# -- host to client -------------------------------------------------------------------------


class ErrorCode(enum.StrEnum):
    """Why the host refused a message; the fatal ones end the connection."""

    MALFORMED = "malformed"
    TOO_LARGE = "too_large"
    RATE = "rate"
    VERSION = "version"
    CODE = "code"
    TOKEN = "token"
    HELLO_FIRST = "hello_first"
    NOT_YOUR_GAME = "not_your_game"
    WRONG_TURN = "wrong_turn"
    ALREADY_GIVEN = "already_given"
    ORDERS = "orders"
    PAUSED = "paused"
    GAME_OVER = "game_over"
    FULL = "full"


FATAL = frozenset({ErrorCode.VERSION, ErrorCode.CODE, ErrorCode.TOKEN, ErrorCode.FULL})
"""Errors after which the host closes the connection and a client stops reconnecting."""


class Welcome(_Message):
    """A seat is yours: keep ``token`` to rejoin it after a dropped connection."""

    type: Literal["welcome"] = "welcome"
    protocol: int
    seat: str = Field(max_length=TOKEN_CHARS)
    token: str = Field(max_length=TOKEN_CHARS)
    name: Name
    session: Text


class Lobby(_Message):
    """Waiting for the teacher to pair the class (sent whenever the lobby changes)."""

    type: Literal["lobby"] = "lobby"
    players: list[Name] = Field(max_length=MAX_LIST)
    round: Count
    level: Text
    """The title of the level the class will play."""


class LevelText(_Message):
    """The level exactly as the host loaded it: the client builds its own copy from it."""

    origin: Text
    text: str = Field(max_length=512 * 1024)
    overrides: list[Text] = Field(max_length=MAX_LIST)

    def load(self) -> LoadedLevel:
        """The level (raises ``LevelError`` if a host sent an invalid one)."""
        return load_level_text(self.text, self.origin, tuple(self.overrides))


class Sides(_Message):
    """One value per nation."""

    red: Text
    blue: Text

    def of(self, side: Side) -> str:
        """The value of ``side``."""
        return self.red if side is Side.RED else self.blue


class GameStart(_Message):
    """You play ``side`` of game ``game``: the names, who controls each side, the level."""

    type: Literal["game_start"] = "game_start"
    game: Count
    round: Count
    side: SideKey
    names: Sides
    controllers: Sides
    """``human`` or the computer player's strategy, per side (as a local briefing shows)."""
    level: LevelText
    turn_seconds: float | None = Field(default=None, gt=0, le=24 * 3600)

    @property
    def my_side(self) -> Side:
        """The side this client plays."""
        return Side.from_key(self.side)  # type: ignore[no-any-return]


class IntelWire(_Message):
    """:class:`~game.rules.model.IntelReport` on the wire."""

    total: float
    uncertainty: float
    by_kind: list[float] = Field(max_length=64)
    seen_posture: PostureKey | None
    seen_kind: int | None
    seen_threat: bool
    seen_signal: SignalKey
    inspected: bool
    verified_cut: float | None


class MemoryWire(_Message):
    """:class:`~game.rules.model.Memory` on the wire: one past turn as this side lived it."""

    ordered: PostureKey
    executed: PostureKey
    amount: float
    signal_sent: SignalKey
    seen_posture: PostureKey
    seen_kind: int
    seen_threat: bool
    seen_signal: SignalKey
    estimate: float
    tension: float


class ObservationWire(_Message):
    """:class:`~game.rules.model.Observation` on the wire: what one side knows, nothing more."""

    side: SideKey
    turn: Count
    turns: Count
    own_type: Literal["security_seeker", "expansionist"]
    arsenal: list[float] = Field(max_length=64)
    treasury: float
    intel: IntelWire
    tension: float
    crisis: bool
    treaty_active: bool
    treaty_cap: tuple[float, float] | None
    felt_security: float
    news: list[Text] = Field(max_length=MAX_LIST)
    history: list[MemoryWire] = Field(max_length=MAX_LIST)

    @classmethod
    def of(cls, observation: Observation) -> ObservationWire:
        """The wire form of a side's observation (from the engine's plain-data form)."""
        data = observation_to_data(observation)
        if data["treaty_cap"] is not None:
            data["treaty_cap"] = tuple(data["treaty_cap"])
        return cls.model_validate(data)

    def observation(self, scenario: Scenario) -> Observation:
        """The engine's observation, on the level's public ``scenario``."""
        return observation_from_data(self.model_dump(), scenario)


class Turn(_Message):
    """Decide turn ``observation.turn`` of game ``game``: your view, and the clock."""

    type: Literal["turn"] = "turn"
    game: Count
    observation: ObservationWire
    seconds_left: float | None = Field(default=None, ge=0, le=24 * 3600)
    timed_out: bool = False
    """Your time ran out last turn: the host gave your orders as hold, no signal."""

    @property
    def turn(self) -> int:
        """0-based index of the turn to decide."""
        return self.observation.turn


class Accepted(_Message):
    """Your orders for ``turn`` are in; the turn resolves when your partner's are."""

    type: Literal["accepted"] = "accepted"
    game: Count
    turn: Count


class Paused(_Message):
    """The teacher paused (or resumed) every game; the turn clock stops meanwhile."""

    type: Literal["paused"] = "paused"
    paused: bool
    seconds_left: float | None = Field(default=None, ge=0, le=24 * 3600)
    """On resuming: the time left for the turn this seat is deciding (None: no clock)."""


class GameOver(_Message):
    """The game ended: the whole truth, as the finished game's replay document."""

    type: Literal["game_over"] = "game_over"
    game: Count
    reason: Literal["finished", "ended"]
    """``ended``: the teacher ended the game before its last turn."""
    replay: dict[str, Any]
    timed_out: dict[SideKey, list[Count]] = Field(default_factory=dict)
    """1-based turns whose orders the clock gave (hold, no signal), per side."""

    def parsed_replay(self) -> Replay:
        """The replay, verified by re-playing it (raises ``ReplayError`` if it does not)."""
        raw = json.dumps(self.replay, allow_nan=False).encode("utf-8")
        return parse_replay(raw, f"game {self.game}")

    def finished_match(self) -> Match:
        """The game as a local :class:`Match` at its end, for the debrief and the replay viewer.

        Raises ``ReplayError`` if the replay does not re-play from its seed.
        """
        replay = self.parsed_replay()
        return replay_orders(replay.level.scenario, replay.seed, replay.orders)


class Error(_Message):
    """A message was refused and changed nothing; ``fatal`` ones close the connection."""

    type: Literal["error"] = "error"
    code: ErrorCode
    message: Text
    fatal: bool = False


class SessionOver(_Message):
    """The teacher ended the class session; the host closes every connection."""

    type: Literal["session_over"] = "session_over"
    message: Text


HostMessage = Annotated[
    Welcome | Lobby | GameStart | Turn | Accepted | Paused | GameOver | Error | SessionOver,
    Field(discriminator="type"),
]
HOST_MESSAGES: TypeAdapter[
    Welcome | Lobby | GameStart | Turn | Accepted | Paused | GameOver | Error | SessionOver
] = TypeAdapter(HostMessage)


class ProtocolError(ValueError):
    """A message that breaks the protocol; the text is one line for the other end."""


def _first_problem(error: ValidationError) -> str:
    item = error.errors(include_url=False, include_input=False)[0]
    where = ".".join(str(part) for part in item["loc"]) or "message"
    return f"{where}: {item['msg']}"[:200]


def parse_client_message(raw: str | bytes) -> Hello | SendOrders:
    """A client's message, or :class:`ProtocolError` saying in one line what is wrong."""
    if len(raw) > MAX_CLIENT_MESSAGE_BYTES:
        raise ProtocolError(f"a message is at most {MAX_CLIENT_MESSAGE_BYTES} bytes")
    try:
        return CLIENT_MESSAGES.validate_json(raw)
    except ValidationError as error:
        raise ProtocolError(_first_problem(error)) from None


def parse_host_message(
    raw: str | bytes,
) -> Welcome | Lobby | GameStart | Turn | Accepted | Paused | GameOver | Error | SessionOver:
    """A host's message, or :class:`ProtocolError` saying in one line what is wrong."""
    if len(raw) > MAX_HOST_MESSAGE_BYTES:
        raise ProtocolError(f"a message is at most {MAX_HOST_MESSAGE_BYTES} bytes")
    try:
        return HOST_MESSAGES.validate_json(raw)
    except ValidationError as error:
        raise ProtocolError(_first_problem(error)) from None


def encode(message: _Message) -> str:
    """A message as the JSON text sent over the socket."""
    return message.model_dump_json()
