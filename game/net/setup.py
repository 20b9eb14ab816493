"""A host from the teacher's choices, checked: for the command line and the window alike.

The teacher's level, overrides, pairing, computer player, clock, address and port are
checked here, each problem in one line, before anything listens. ``resume`` opens the
latest session's database instead and carries it on with its own settings.
"""

from __future__ import annotations

from datetime import datetime

import numpy as np

from game.ai.registry import StrategyError, strategy_from_spec
from game.levels import LevelError, load_level
from game.net.host import BackgroundHost, ChartDrawer, Host, lan_address, no_charts
from game.net.join_code import new_code
from game.net.pairing import Pairing
from game.net.room import Room, RoomSettings
from game.net.store import Store, latest_session_path, new_session_path
from game.session.classroom import clean_name

MIN_TURN_SECONDS = 5.0
MAX_TURN_SECONDS = 3600.0


class HostSetupError(ValueError):
    """A choice the host cannot start with; the message is one line."""


def make_host(
    level: str = "tutorial",
    overrides: list[str] | None = None,
    pairing: str = "join",
    ai: str = "tit-for-tat",
    turn_seconds: float | None = None,
    bind: str | None = None,
    port: int = 8765,
    resume: bool = False,
    name: str | None = None,
    draw_charts: ChartDrawer = no_charts,
) -> BackgroundHost:
    """A host ready to :meth:`~game.net.host.BackgroundHost.start` (:class:`HostSetupError`)."""
    if not 0 <= port <= 65535:
        raise HostSetupError(f"--port must be 0 to 65535 (got {port})")
    address = bind or lan_address()
    room = (
        _resumed() if resume else _new_room(level, overrides or [], pairing, ai, turn_seconds, name)
    )
    return BackgroundHost(Host(room, address, port, draw_charts))


def _resumed() -> Room:
    path = latest_session_path()
    if path is None:
        raise HostSetupError("there is no class session to resume on this computer")
    try:
        room = Room.resume(Store(path))
    except (ValueError, LevelError, StrategyError, OSError) as error:
        raise HostSetupError(f"{path}: cannot resume ({error})") from None
    if room.ended:
        raise HostSetupError("the last class session was ended; start a new one without --resume")
    return room


def _new_room(
    level_id: str,
    overrides: list[str],
    pairing: str,
    ai: str,
    turn_seconds: float | None,
    name: str | None,
) -> Room:
    try:
        level = load_level(level_id, overrides)
    except LevelError as error:
        raise HostSetupError(str(error.problems[0])) from None
    try:
        strategy_from_spec(ai)
    except StrategyError as error:
        raise HostSetupError(f"--ai: {error}") from None
    if ai.startswith("bot:"):
        raise HostSetupError("--ai: pick a built-in strategy (see: security-dilemma strategies)")
    if turn_seconds is not None and not MIN_TURN_SECONDS <= turn_seconds <= MAX_TURN_SECONDS:
        raise HostSetupError(
            f"--turn-seconds must be {MIN_TURN_SECONDS:g} to {MAX_TURN_SECONDS:g}"
            f" (got {turn_seconds:g})"
        )
    session = clean_name(name or f"Class game {datetime.now():%Y-%m-%d %H:%M}")
    if not session:
        raise HostSetupError("--name: a session needs a name")
    settings = RoomSettings(
        name=session,
        level=level,
        pairing=Pairing(pairing),
        ai=ai,
        turn_seconds=turn_seconds,
        code=new_code(),
        seed=int(np.random.SeedSequence().entropy % 2**63),  # type: ignore[operator]
    )
    return Room.create(settings, Store(new_session_path()))
