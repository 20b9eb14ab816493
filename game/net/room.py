"""A class game's order of play: seats, the lobby, rounds, games, the turn clock, the teacher.

:class:`Room` is the host without its sockets. Each method takes one event (a student's
hello or orders, a tick of the clock, a teacher's command) and returns the messages to
send, seat by seat; a message that may not be obeyed raises :class:`RefusalError` *before*
anything changes. Games are :class:`~game.session.match.Match` objects, the same as a
local game, and every message a seat gets is built from its own side's observation. Each
completed turn is committed to the :class:`~game.net.store.Store` before its results
are returned, so a host killed at any moment comes back (:meth:`Room.resume`) with every
game at its last completed turn.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from game.ai.registry import HUMAN, strategy_from_spec
from game.levels import LoadedLevel, load_level_text
from game.net.dashboard import Dashboard, PairView, SeatStatus
from game.net.join_code import new_token, normalise_code, same_secret, token_digest
from game.net.pairing import Pair, Pairing, hand_pairs, met_key, pair_round
from game.net.protocol import (
    PROTOCOL_VERSION,
    Accepted,
    ErrorCode,
    GameOver,
    GameStart,
    Hello,
    LevelText,
    Lobby,
    ObservationWire,
    Paused,
    SendOrders,
    SessionOver,
    Sides,
    Turn,
    Welcome,
)
from game.net.store import GameRow, SeatRow, SessionRecord, Store
from game.replay import ClassroomTag, replay_document
from game.replay.record import TurnRecord
from game.rules.model import Mode, Orders, Posture, Scenario, Side, Signal
from game.session.classroom import (
    ClassSession,
    GameRecord,
    Tally,
    clean_name,
    game_record,
    record_game,
    start_session,
)
from game.session.match import Match
from game.session.saves import save_finished

SIDES = (Side.RED, Side.BLUE)
MAX_SEATS = 200
"""Seats one session gives out: a large class twice over; more is someone scripting joins."""
PAIRING_STREAM = 1
"""The session seed's stream for random pairings (games use stream 0, by game number)."""

Outbox = list[tuple[str, Any]]
"""Messages to send: (seat, message)."""


class RefusalError(Exception):
    """A message the room will not obey; nothing was changed."""

    def __init__(self, code: ErrorCode, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


@dataclass(frozen=True)
class RoomSettings:
    """How the teacher set up the session."""

    name: str
    level: LoadedLevel
    pairing: Pairing = Pairing.JOIN
    ai: str = "tit-for-tat"
    """The computer player an odd student out plays."""
    turn_seconds: float | None = None
    code: str = ""
    seed: int = 0


@dataclass
class Seat:
    """A student's place in the session, held by its token."""

    seat: str
    position: int
    name: str
    digest: str
    connected: bool = False
    game: int | None = None
    """The seat's latest game (playing or over)."""


@dataclass
class NetGame:
    """One game of the session and the seats that play it."""

    number: int
    round: int
    match: Match
    seats: dict[Side, str | None]
    controllers: dict[Side, str]
    status: str = "playing"
    """``playing``, ``finished`` or ``ended`` (by the teacher)."""
    timeouts: dict[Side, list[int]] = field(default_factory=lambda: {s: [] for s in SIDES})
    deadline: float | None = None
    remaining: float | None = None
    """Time left on the clock while the session is paused."""
    replay: Path | None = None

    @property
    def playing(self) -> bool:
        """Still being played."""
        return self.status == "playing"


def game_seed(root: int, number: int) -> int:
    """The seed of game ``number`` of a session: one stream of the session's seed."""
    state = np.random.SeedSequence(root, spawn_key=(0, number)).generate_state(1)
    return int(state[0])


def timeout_orders(scenario: Scenario) -> Orders:
    """What the clock orders for a student who did not decide: hold, no signal.

    Levels of 2x2 games have no hold; there the clock cooperates (disarm), the move that
    threatens nobody.
    """
    if Posture.HOLD in scenario.postures:
        return Orders()
    amount = scenario.default_amount if scenario.mode is Mode.FULL else 0.0
    return Orders(posture=Posture.DISARM, amount=amount, signal=Signal.NONE)


class Room:
    """Seats, games and the teacher's commands of one class session."""

    def __init__(
        self,
        settings: RoomSettings,
        store: Store,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.settings = settings
        self.store = store
        self.clock = clock
        self.seats: dict[str, Seat] = {}
        self.games: dict[int, NetGame] = {}
        self.round = 0
        self.paused = False
        self.ended = False
        self.records: list[GameRecord] = []
        self.problems: list[str] = []
        """Files the host could not write (a replay, the results), one line each."""
        self.class_session: ClassSession | None = None
        try:
            self.class_session = start_session(settings.name)
        except OSError as error:
            self.problems.append(f"class results will not be kept: {error}")

    # -- making and resuming -------------------------------------------------------------------
    @classmethod
    def create(cls, settings: RoomSettings, store: Store) -> Room:
        """A new session, written to ``store`` at once."""
        level = settings.level
        store.save_session(
            SessionRecord(
                name=settings.name,
                code=settings.code,
                level_origin=level.origin,
                level_text=level.text,
                overrides=list(level.overrides),
                pairing=settings.pairing.value,
                ai=settings.ai,
                turn_seconds=settings.turn_seconds,
                seed=settings.seed,
            )
        )
        return cls(settings, store)

    @classmethod
    def resume(cls, store: Store) -> Room:
        """The session in ``store``, every game re-played to its last completed turn.

        Raises ``ValueError`` (one line) if the file holds no session or cannot be re-played.
        """
        record = store.session()
        if record is None:
            raise ValueError(f"{store.path}: no class session in this file")
        level = load_level_text(record.level_text, record.level_origin, record.overrides)
        settings = RoomSettings(
            name=record.name,
            level=level,
            pairing=Pairing(record.pairing),
            ai=record.ai,
            turn_seconds=record.turn_seconds,
            code=record.code,
            seed=record.seed,
        )
        room = cls(settings, store)
        room.round = record.round
        room.ended = record.ended
        for row in store.seats():
            room.seats[row.seat] = Seat(row.seat, row.position, row.name, row.digest)
        for game in store.games():
            room._replay_game(game)
        room._finish_interrupted()
        return room

    def _replay_game(self, row: GameRow) -> None:
        controllers = {Side.RED: row.red_controller, Side.BLUE: row.blue_controller}
        match = self._match(row.seed, controllers)
        game = NetGame(
            row.game,
            row.round,
            match,
            {Side.RED: row.red_seat, Side.BLUE: row.blue_seat},
            controllers,
            status=row.status,
            replay=None if row.replay is None else Path(row.replay),
        )
        for turn in self.store.turns(row.game):
            given = (turn.red, turn.blue)
            for side, orders in zip(SIDES, given, strict=True):
                if match.is_human(side):
                    match.submit(side, orders)
            played = TurnRecord.from_dict(match.resolve()).orders
            if played != given:
                raise ValueError(f"game {row.game}, turn {turn.turn + 1} re-plays differently")
            for side, timed_out in zip(SIDES, (turn.red_timeout, turn.blue_timeout), strict=True):
                if timed_out:
                    game.timeouts[side].append(turn.turn + 1)
        self.games[row.game] = game
        for seat in game.seats.values():
            if seat is not None and seat in self.seats:
                self.seats[seat].game = row.game
        if game.playing:
            self._start_clock(game)
        elif match.finished:
            self._keep_record(game)

    def _finish_interrupted(self) -> None:
        """A game whose last turn was stored but not closed (killed in between) is closed."""
        for game in self.games.values():
            if game.playing and game.match.finished:
                self._finish(game, "finished")

    def _match(self, seed: int, controllers: dict[Side, str]) -> Match:
        red, blue = (
            None if controllers[side] == HUMAN else strategy_from_spec(controllers[side])
            for side in SIDES
        )
        return Match(self.settings.level.scenario, seed, red, blue)

    # -- students ------------------------------------------------------------------------------
    def join(self, hello: Hello) -> tuple[str, list[Any]]:
        """A hello: the seat it holds (new, or rejoined by token) and what to send it."""
        if hello.protocol != PROTOCOL_VERSION:
            raise RefusalError(
                ErrorCode.VERSION,
                f"the host speaks protocol {PROTOCOL_VERSION} and this game {hello.protocol}:"
                " install the same version of Security Dilemma as the teacher",
            )
        if not same_secret(normalise_code(hello.code), self.settings.code):
            raise RefusalError(
                ErrorCode.CODE, "wrong join code: check the code on the teacher's screen"
            )
        if self.ended:
            raise RefusalError(ErrorCode.FULL, "this class session is over")
        if hello.token is not None:
            digest = token_digest(hello.token)
            found = [s for s in self.seats.values() if same_secret(s.digest, digest)]
            if not found:
                raise RefusalError(ErrorCode.TOKEN, "this host does not know that seat; join again")
            seat, token = found[0], hello.token
        else:
            if len(self.seats) >= MAX_SEATS:
                raise RefusalError(ErrorCode.FULL, f"this session has its {MAX_SEATS} seats")
            token = new_token()
            number = len(self.seats) + 1
            seat = Seat(f"s{number}", number, hello.name, token_digest(token))
            self.store.add_seat(SeatRow(seat.seat, seat.position, seat.name, seat.digest))
            self.seats[seat.seat] = seat
        seat.connected = True
        welcome = Welcome(
            protocol=PROTOCOL_VERSION,
            seat=seat.seat,
            token=token,
            name=seat.name,
            session=self.settings.name,
        )
        return seat.seat, [welcome, *self.catch_up(seat.seat)]

    def left(self, seat: str) -> None:
        """A seat's connection closed (its game waits for it to come back)."""
        if seat in self.seats:
            self.seats[seat].connected = False

    def catch_up(self, seat: str) -> list[Any]:
        """Everything a (re)connected seat needs to see where it stands."""
        number = self.seats[seat].game
        if number is None:
            return [self._lobby()]
        game = self.games[number]
        side = next(s for s in SIDES if game.seats[s] == seat)
        messages: list[Any] = [self._game_start(game, side)]
        if game.playing:
            messages.append(self._turn(game, side))
            if side not in game.match.waiting_for():
                messages.append(Accepted(game=number, turn=game.match.turn))
        else:
            messages.append(self._game_over(game))
        if self.paused:
            messages.append(Paused(paused=True))
        return messages

    def orders(self, seat: str, message: SendOrders) -> Outbox:
        """A seat's orders for a turn of its game."""
        game = self.games.get(message.game)
        if game is None or seat not in game.seats.values() or self.seats[seat].game != game.number:
            raise RefusalError(ErrorCode.NOT_YOUR_GAME, f"game {message.game} is not yours")
        if not game.playing:
            raise RefusalError(ErrorCode.GAME_OVER, f"game {message.game} is over")
        if self.paused:
            raise RefusalError(
                ErrorCode.PAUSED, "the teacher paused the games; wait for them to resume"
            )
        match = game.match
        side = next(s for s in SIDES if game.seats[s] == seat)
        if message.turn != match.turn:
            raise RefusalError(
                ErrorCode.WRONG_TURN,
                f"these orders are for turn {message.turn + 1}; "
                f"the game is at turn {match.turn + 1}",
            )
        if side not in match.waiting_for():
            raise RefusalError(ErrorCode.ALREADY_GIVEN, "your orders for this turn are already in")
        problems = match.submit(side, message.orders())
        if problems:
            raise RefusalError(ErrorCode.ORDERS, "; ".join(problems))
        out: Outbox = [(seat, Accepted(game=game.number, turn=match.turn))]
        if not match.waiting_for():
            out += self._resolve(game, {s: False for s in SIDES})
        return out

    # -- the clock -----------------------------------------------------------------------------
    def tick(self) -> Outbox:
        """Give "hold, no signal" for every seat whose time ran out, and resolve those turns."""
        if self.paused or self.settings.turn_seconds is None:
            return []
        now = self.clock()
        out: Outbox = []
        for game in list(self.games.values()):
            if not game.playing or game.deadline is None or now < game.deadline:
                continue
            late = game.match.waiting_for()
            clock_orders = timeout_orders(self.settings.level.scenario)
            for side in late:
                game.match.submit(side, clock_orders)
            out += self._resolve(game, {side: side in late for side in SIDES})
        return out

    def _start_clock(self, game: NetGame) -> None:
        seconds = self.settings.turn_seconds
        game.deadline = None if seconds is None else self.clock() + seconds
        game.remaining = seconds if self.paused else None
        if self.paused:
            game.deadline = None

    def _seconds_left(self, game: NetGame) -> float | None:
        if game.remaining is not None:
            return game.remaining
        if game.deadline is None:
            return None
        return max(0.0, game.deadline - self.clock())

    # -- resolving and ending games ------------------------------------------------------------
    def _resolve(self, game: NetGame, timed_out: dict[Side, bool]) -> Outbox:
        match = game.match
        turn = match.turn
        record = TurnRecord.from_dict(match.resolve())
        self.store.add_turn(
            game.number, turn, record.orders, (timed_out[Side.RED], timed_out[Side.BLUE])
        )
        for side in SIDES:
            if timed_out[side]:
                game.timeouts[side].append(turn + 1)
        if match.finished:
            return self._finish(game, "finished")
        self._start_clock(game)
        return [
            (seat, self._turn(game, side, timed_out[side]))
            for side, seat in game.seats.items()
            if seat is not None
        ]

    def _finish(self, game: NetGame, status: str) -> Outbox:
        game.status = status
        game.deadline = game.remaining = None
        level, match = self.settings.level, game.match
        try:
            game.replay = save_finished(level, game.controllers, match, self._tag(game))
        except OSError as error:
            self.problems.append(f"game {game.number}: the replay was not saved ({error})")
        if match.finished:
            self._keep_record(game, write=True)
        self.store.close_game(game.number, status, game.replay)
        over = self._game_over(game)
        return [(seat, over) for seat in game.seats.values() if seat is not None]

    def _keep_record(self, game: NetGame, write: bool = False) -> None:
        session = self.class_session
        if session is None:
            return
        pair = self._pair_name(game)
        try:
            if write:
                record = record_game(
                    session, pair, self.settings.level, game.controllers, game.match, game.replay
                )
            else:
                record = game_record(
                    session, pair, self.settings.level, game.controllers, game.match, game.replay
                )
        except OSError as error:
            self.problems.append(f"game {game.number}: not added to the class results ({error})")
            return
        self.records.append(record)

    def _pair_name(self, game: NetGame) -> str:
        names = [self._player_name(game, side) for side in SIDES]
        return clean_name(" & ".join(names))

    def _player_name(self, game: NetGame, side: Side) -> str:
        seat = game.seats[side]
        return "computer" if seat is None else self.seats[seat].name

    def _tag(self, game: NetGame) -> ClassroomTag | None:
        try:
            return ClassroomTag(clean_name(self.settings.name), self._pair_name(game))
        except ValueError:
            return None

    # -- the teacher ---------------------------------------------------------------------------
    def free_seats(self) -> list[str]:
        """Connected seats not in a game now, in join order."""
        return [
            seat.seat
            for seat in sorted(self.seats.values(), key=lambda s: s.position)
            if seat.connected and (seat.game is None or not self.games[seat.game].playing)
        ]

    def start_round(self, pairs: Sequence[Pair] | None = None) -> Outbox:
        """Pair the free students (as the session pairs, or ``pairs`` by hand) and start.

        Raises ``ValueError`` with one line if nobody is free or a hand pairing is wrong.
        """
        if self.ended:
            raise ValueError("the session is over")
        free = self.free_seats()
        if pairs is not None:
            chosen = hand_pairs(pairs, free)
        else:
            if self.settings.pairing is Pairing.HAND:
                raise ValueError("this session pairs by hand: name the pairs")
            met = {met_key(*(g.seats[s] or "" for s in SIDES)) for g in self.games.values()}
            stream = np.random.SeedSequence(
                self.settings.seed, spawn_key=(PAIRING_STREAM, self.round)
            )
            chosen = pair_round(free, met, self.settings.pairing, np.random.default_rng(stream))
        if not chosen:
            raise ValueError("no student is waiting to play")
        self.round += 1
        record = self.store.session()
        if record is not None:
            self.store.save_session(record.model_copy(update={"round": self.round}))
        out: Outbox = []
        for red, blue in chosen:
            out += self._start_game(red, blue)
        return out

    def _start_game(self, red: str, blue: str | None) -> Outbox:
        number = len(self.games) + 1
        seats: dict[Side, str | None] = {Side.RED: red, Side.BLUE: blue}
        controllers = {
            side: HUMAN if seat is not None else self.settings.ai for side, seat in seats.items()
        }
        seed = game_seed(self.settings.seed, number)
        match = self._match(seed, controllers)
        game = NetGame(number, self.round, match, seats, controllers)
        self.store.add_game(
            GameRow(
                number,
                self.round,
                seed,
                red,
                blue,
                controllers[Side.RED],
                controllers[Side.BLUE],
                "playing",
                None,
            )
        )
        self.games[number] = game
        self._start_clock(game)
        out: Outbox = []
        for side, seat in seats.items():
            if seat is not None:
                self.seats[seat].game = number
                out += [(seat, self._game_start(game, side)), (seat, self._turn(game, side))]
        return out

    def pause(self) -> Outbox:
        """Stop every game and its clock."""
        if self.paused:
            return []
        now = self.clock()
        for game in self.games.values():
            if game.playing and game.deadline is not None:
                game.remaining = max(0.0, game.deadline - now)
                game.deadline = None
        self.paused = True
        return [(seat, Paused(paused=True)) for seat in self.seats]

    def resume_games(self) -> Outbox:
        """Let every game go on; each clock keeps the time it had left."""
        if not self.paused:
            return []
        now = self.clock()
        self.paused = False
        out: Outbox = []
        for game in self.games.values():
            if game.playing and game.remaining is not None:
                game.deadline = now + game.remaining
                game.remaining = None
        for seat in self.seats.values():
            number = seat.game
            playing = number is not None and self.games[number].playing
            left = self._seconds_left(self.games[number]) if playing and number else None
            out.append((seat.seat, Paused(paused=False, seconds_left=left)))
        return out

    def end_game(self, number: int) -> Outbox:
        """End one game now; both players get its debrief."""
        game = self.games.get(number)
        if game is None or not game.playing:
            raise ValueError(f"no game {number} is being played")
        return self._finish(game, "ended")

    def end_session(self) -> Outbox:
        """End every game and the session; everyone is told."""
        out: Outbox = []
        for game in self.games.values():
            if game.playing:
                out += self._finish(game, "ended")
        self.ended = True
        record = self.store.session()
        if record is not None:
            self.store.save_session(record.model_copy(update={"ended": True}))
        over = SessionOver(message="the teacher ended the class session")
        return out + [(seat, over) for seat in self.seats]

    # -- messages ------------------------------------------------------------------------------
    def _lobby(self) -> Lobby:
        names = [self.seats[s].name for s in self.free_seats()]
        return Lobby(players=names, round=self.round, level=self.settings.level.model.level.title)

    def lobby_news(self) -> Outbox:
        """The lobby as it now is, for every student waiting in it."""
        lobby = self._lobby()
        return [(seat, lobby) for seat in self.free_seats()]

    def _game_start(self, game: NetGame, side: Side) -> GameStart:
        level = self.settings.level
        names = {s: self._player_name(game, s) for s in SIDES}
        return GameStart(
            game=game.number,
            round=game.round,
            side=side.key,  # type: ignore[arg-type]
            names=Sides(red=names[Side.RED], blue=names[Side.BLUE]),
            controllers=Sides(red=game.controllers[Side.RED], blue=game.controllers[Side.BLUE]),
            level=LevelText(origin=level.origin, text=level.text, overrides=list(level.overrides)),
            turn_seconds=self.settings.turn_seconds,
        )

    def _turn(self, game: NetGame, side: Side, timed_out: bool = False) -> Turn:
        return Turn(
            game=game.number,
            observation=ObservationWire.of(game.match.observation(side)),
            seconds_left=self._seconds_left(game),
            timed_out=timed_out,
        )

    def _game_over(self, game: NetGame) -> GameOver:
        level, match = self.settings.level, game.match
        document = replay_document(
            level, game.controllers, match.event_log(), None, self._tag(game)
        )
        return GameOver(
            game=game.number,
            reason="finished" if match.finished else "ended",
            replay=document,
            timed_out={side.key: list(turns) for side, turns in game.timeouts.items()},  # type: ignore[misc]
        )

    # -- the teacher's view --------------------------------------------------------------------
    def dashboard(self, address: str) -> Dashboard:
        """Every pair and the class totals, now."""
        pairs = []
        for game in self.games.values():
            match = game.match
            status = tuple(self._status(game, side) for side in SIDES)
            outcome = match.result().outcome.key if match.finished else None
            pairs.append(
                PairView(
                    game=game.number,
                    round=game.round,
                    names=(
                        self._shown_player(game, Side.RED),
                        self._shown_player(game, Side.BLUE),
                    ),
                    level=self.settings.level.model.level.title,
                    turn=match.turn,
                    turns=match.scenario.turns,
                    tension=float(match.state.tension[0]),
                    status=status,  # type: ignore[arg-type]
                    outcome=outcome,
                    ended_by_teacher=game.status == "ended",
                    replay=game.replay,
                )
            )
        return Dashboard(
            session=self.settings.name,
            address=address,
            code=self.settings.code,
            paused=self.paused,
            round=self.round,
            lobby=tuple(self.seats[s].name for s in self.free_seats()),
            connected=sum(seat.connected for seat in self.seats.values()),
            pairs=tuple(pairs),
            totals=Tally("Class", tuple(self.records)),
            ended=self.ended,
            lobby_seats=tuple(self.free_seats()),
        )

    def _shown_player(self, game: NetGame, side: Side) -> str:
        if game.seats[side] is None:
            return f"computer ({game.controllers[side]})"
        return self._player_name(game, side)

    @staticmethod
    def _status(game: NetGame, side: Side) -> SeatStatus:
        if not game.playing:
            return SeatStatus.FINISHED
        if not game.match.is_human(side):
            return SeatStatus.COMPUTER
        waiting = game.match.waiting_for()
        return SeatStatus.DECIDING if side in waiting else SeatStatus.WAITING
