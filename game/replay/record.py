"""What one turn leaves in the event log: both views, the orders, every draw, the truth.

The same function writes the log while a game is played (``game.session.match``) and
rebuilds it when a replay is verified, so a replay matches only if the game does.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from game.rules.engine import GameState
from game.rules.model import (
    NO_KIND,
    NO_POSTURE_SEEN,
    NationType,
    Observation,
    Orders,
    Posture,
    Side,
    Signal,
)
from game.rules.noise import SIDE_DRAWS, Draw

SIDES = (Side.RED, Side.BLUE)
DRAW_NAMES = tuple(draw.name.lower() for draw in Draw)
POSTURE_KEYS = {int(posture): posture.key for posture in Posture}
SIGNAL_KEYS = {int(signal): signal.key for signal in Signal}


def turn_record(
    state: GameState,
    turn: int,
    views: Mapping[Side, Observation],
    orders: Mapping[Side, Orders],
    game: int = 0,
) -> dict[str, Any]:
    """The log record of ``turn`` (0-based, just resolved) of one game of ``state``."""
    history = state.history
    noise = state.noise
    row = turn + 1

    def side_record(side: Side) -> dict[str, Any]:
        s = int(side)
        seen = int(history.seen_posture[turn, game, s])
        seen_kind = int(history.seen_kind[turn, game, s])
        return {
            "observation": views[side].to_dict(),
            "orders": orders[side].to_dict(),
            "draws": dict(zip(DRAW_NAMES, noise.uniform[row, game, s].tolist(), strict=True)),
            "normals": noise.normal[row, game, s].tolist(),
            "executed": {
                "posture": POSTURE_KEYS[int(history.executed[turn, game, s])],
                "amount": float(history.amount[turn, game, s]),
                "kind": int(history.kind[turn, game, s]),
                "signal": SIGNAL_KEYS[int(history.signal[turn, game, s])],
                "strike": bool(history.strike[turn, game, s]),
                "threatening": bool(history.threatening[turn, game, s]),
            },
            "seen": {
                "posture": None if seen == NO_POSTURE_SEEN else POSTURE_KEYS[seen],
                "kind": None if seen_kind == NO_KIND else seen_kind,
                "threat": bool(history.seen_threat[turn, game, s]),
                "signal": SIGNAL_KEYS[int(history.seen_signal[turn, game, s])],
                "estimate": float(history.estimate[turn, game, s]),
            },
            "arsenal": history.arsenal[turn, game, s].tolist(),
            "treasury": float(history.treasury[turn, game, s]),
            "real_security": float(history.real_security[turn, game, s]),
            "felt_security": float(history.felt_security[turn, game, s]),
            "cost": float(history.cost[turn, game, s]),
            "score": float(history.turn_score[turn, game, s]),
        }

    return {
        "turn": turn + 1,
        "news": list(state.scenario.news_at(turn)),
        "war_draw": float(noise.shared[row, game]),
        "red": side_record(Side.RED),
        "blue": side_record(Side.BLUE),
        "tension": float(history.tension[turn, game]),
        "treaty": bool(history.treaty[turn, game]),
        "over": bool(state.over[game]),
    }


def setup_record(state: GameState, seed: int, game: int = 0) -> dict[str, Any]:
    """What was decided before turn 1: the seed, the hidden types and the set-up draws."""
    noise = state.noise
    types = state.types[game]
    return {
        "seed": seed,
        "types": {side.key: NationType(int(types[int(side)])).key for side in SIDES},
        "setup_draws": {
            side.key: [float(x) for x in noise.uniform[0, game, int(side), :SIDE_DRAWS]]
            for side in SIDES
        },
        "setup_normals": {
            side.key: [float(x) for x in noise.normal[0, game, int(side)]] for side in SIDES
        },
    }
