"""The class game in a terminal: the teacher's commands, and a plain text client.

``security-dilemma host`` prints where students join and then reads the teacher's
commands line by line (``help`` lists them); ``security-dilemma join`` plays a seat in
the terminal, for a computer without the window. Both use the same host and client as
the window does.
"""

from __future__ import annotations

import time
from typing import TextIO

from game.levels import LevelError
from game.net.client import Failed, NetClient
from game.net.dashboard import Dashboard
from game.net.host import BackgroundHost
from game.net.join_code import shown_code
from game.net.pairing import Pair
from game.net.protocol import Accepted, Error, GameOver, GameStart, Lobby, Paused, SessionOver, Turn
from game.rules import vocabulary as words
from game.rules.model import Orders, Posture, Scenario, Signal

HELP = """commands:
  status            the lobby and every game
  start             pair the waiting students and start their games
  pair 1-2 3-4 5    start games by hand (seat numbers from 'status'; a lone seat plays the computer)
  pause / resume    stop or restart every game and its clock
  end N             end game N now
  quit              end the session and write the class report
  stop              stop the host; 'security-dilemma host --resume' carries on"""


def dashboard_text(board: Dashboard, seats: dict[str, str]) -> str:
    """The teacher's view as lines of text."""
    lines = [
        f"{board.session}: join at {board.address} with code {shown_code(board.code)}",
        f"round {board.round}, {board.connected} connected" + (", PAUSED" if board.paused else ""),
        "waiting: " + (", ".join(f"{seats.get(n, '?')} {n}" for n in board.lobby) or "nobody"),
    ]
    for pair in board.pairs:
        state = pair.outcome or ("ended" if pair.ended_by_teacher else "playing")
        status = "/".join(s.value for s in pair.status)
        lines.append(
            f"  game {pair.game}: {pair.names[0]} vs {pair.names[1]},"
            f" turn {pair.turn}/{pair.turns}, tension {pair.tension:.2f}, {status}, {state}"
        )
    totals = board.totals
    if totals.count:
        lines.append(
            f"finished {totals.count}: {totals.wars} wars, {totals.spirals} spirals, "
            f"{totals.dilemmas} true security dilemmas"
        )
    return "\n".join(lines)


def _hand_pairs(words_given: list[str], seats: dict[str, str]) -> list[Pair]:
    number_to_seat = {str(i): seat for i, seat in enumerate(seats, start=1)}
    pairs: list[Pair] = []
    for item in words_given:
        parts = item.split("-")
        if len(parts) > 2 or any(part not in number_to_seat for part in parts):
            raise ValueError(f"{item!r}: write seat numbers as 1-2, or 5 alone")
        red = number_to_seat[parts[0]]
        pairs.append((red, number_to_seat[parts[1]] if len(parts) == 2 else None))
    return pairs


def run_host_console(host: BackgroundHost, stdin: TextIO, stdout: TextIO) -> None:
    """Read the teacher's commands until ``quit``, ``stop`` or the end of input."""
    room = host.host.room
    print(
        f"Students join at {host.host.address} with the code {shown_code(room.settings.code)}",
        file=stdout,
    )
    print("Type 'help' for the commands.", file=stdout, flush=True)
    for line in stdin:
        command, *rest = line.split() or [""]
        seat_names = {seat.name: str(seat.position) for seat in room.seats.values()}
        numbered = {seat.seat: seat.name for seat in room.seats.values()}
        try:
            if command == "help":
                print(HELP, file=stdout)
            elif command == "status":
                board = host.dashboard()
                if board is not None:
                    print(dashboard_text(board, seat_names), file=stdout)
            elif command == "start":
                host.start_round()
                print("round started", file=stdout)
            elif command == "pair":
                host.start_round(_hand_pairs(rest, numbered))
                print("round started", file=stdout)
            elif command == "pause":
                host.pause()
            elif command == "resume":
                host.resume()
            elif command == "end" and len(rest) == 1 and rest[0].isdigit():
                host.end_game(int(rest[0]))
            elif command == "quit":
                for path in host.end_session():
                    print(f"wrote {path}", file=stdout)
                return
            elif command == "stop":
                host.stop()
                return
            elif command:
                print(f"unknown command {command!r}; type 'help'", file=stdout)
        except ValueError as error:
            print(f"error: {error}", file=stdout)
        stdout.flush()
    while host.running:  # no more input (a host run in the background): serve until Ctrl+C
        time.sleep(0.5)


# -- a seat in the terminal -----------------------------------------------------------------


def parse_orders(text: str, default_amount: float) -> Orders:
    """``hold``, ``arm 2``, ``disarm 1 reassure``: orders as typed (``ValueError``: why not)."""
    parts = text.lower().split()
    if not parts:
        raise ValueError("type a posture: arm, hold or disarm")
    posture = Posture.from_key(parts[0])
    amount = 0.0 if posture is Posture.HOLD else default_amount
    signal = Signal.NONE
    for part in parts[1:]:
        try:
            amount = float(part)
        except ValueError:
            signal = Signal.from_key(part)
    return Orders(posture=posture, amount=amount, signal=signal)


def play_in_terminal(address: str, code: str, name: str, stdin: TextIO, stdout: TextIO) -> int:
    """Play one seat of a class game in the terminal; 0 when the session ends, 2 on failure."""
    client = NetClient()
    client.connect(address, code, name)
    level = None
    print(f"joining {address} as {name}...", file=stdout, flush=True)
    try:
        while True:
            for event in client.poll():
                if isinstance(event, Failed):
                    print(f"error: {event.message}", file=stdout)
                    return 2
                if isinstance(event, Lobby):
                    print(f"in the lobby with {', '.join(event.players)}", file=stdout)
                elif isinstance(event, GameStart):
                    try:
                        level = event.level.load()
                    except LevelError as error:
                        problem = error.problems[0]
                        print(f"error: the host's level cannot be read: {problem}", file=stdout)
                        return 2
                    other = event.names.of(event.my_side.other)
                    print(f"game {event.game}: you lead {event.side} against {other}", file=stdout)
                elif isinstance(event, Turn) and level is not None:
                    _ask(client, event, level.scenario, stdin, stdout)
                elif isinstance(event, Accepted):
                    print("orders in; waiting for the other side", file=stdout)
                elif isinstance(event, Paused):
                    print("paused by the teacher" if event.paused else "resumed", file=stdout)
                elif isinstance(event, GameOver):
                    result = event.replay.get("result", {})
                    print(
                        f"game over: {result.get('outcome', 'ended by the teacher')}", file=stdout
                    )
                elif isinstance(event, Error):
                    print(f"refused: {event.message}", file=stdout)
                elif isinstance(event, SessionOver):
                    print(event.message, file=stdout)
                    return 0
            stdout.flush()
            time.sleep(0.05)
    finally:
        client.close()


def _ask(client: NetClient, turn: Turn, scenario: Scenario, stdin: TextIO, stdout: TextIO) -> None:
    view = turn.observation
    intel = view.intel
    low, high = max(0.0, intel.total - 2 * intel.uncertainty), intel.total + 2 * intel.uncertainty
    print(
        f"turn {view.turn + 1}/{view.turns}: you have {words.number(sum(view.arsenal))},"
        f" they seem to have {words.span(low, high)}, tension {view.tension:.2f}",
        file=stdout,
    )
    amount = scenario.default_amount
    while True:
        print("orders (e.g. 'hold', 'arm 2 warn', 'disarm 1 reassure'): ", end="", file=stdout)
        stdout.flush()
        line = stdin.readline()
        if not line:
            return
        try:
            client.send_orders(turn, parse_orders(line, amount))
            return
        except ValueError as error:
            print(f"error: {error}", file=stdout)
