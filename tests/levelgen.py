"""Hypothesis strategies that build random but valid levels and orders for engine properties."""

from __future__ import annotations

from typing import Any

import numpy as np
from hypothesis import strategies as st

from game.levels.compile import compile_scenario
from game.levels.schema import Level
from game.rules.model import Mode, Orders, OrdersBatch, Posture, Scenario, Signal

unit = st.floats(0.0, 1.0)
small = st.floats(0.0, 0.5)
weights = st.floats(0.0, 3.0)


@st.composite
def levels(draw: st.DrawFn, mode: str | None = None, max_turns: int = 12) -> Level:
    """A random valid level (full or matrix mode)."""
    mode = mode or draw(st.sampled_from(["full", "matrix"]))
    kinds = 1 if mode == "matrix" else draw(st.integers(1, 3))
    kind_ids = [f"k{i}" for i in range(kinds)]
    weapons = {
        kind: {
            "name": kind.upper(),
            "offense": draw(weights),
            "defense": draw(weights),
            "build_cost": draw(st.floats(0.0, 3.0)),
            "upkeep": draw(st.floats(0.0, 0.5)),
        }
        for kind in kind_ids
    }

    def nation() -> dict[str, Any]:
        return {
            "arsenal": {kind: draw(st.floats(0.0, 20.0)) for kind in kind_ids},
            "treasury": draw(st.floats(-5.0, 30.0)),
            "income": draw(st.floats(0.5, 20.0)),
            "fear": draw(small),
            "domestic_pressure": draw(st.floats(0.0, 2.0)),
            "expansionist_probability": draw(unit),
        }

    if mode == "matrix":
        rules = {
            "mode": "matrix",
            "postures": ["disarm", "arm"],
            "signals": ["none"],
        }
        matrix = {
            name: draw(st.floats(-5.0, 5.0))
            for name in ("reward", "sucker", "temptation", "punishment")
        }
    else:
        rules = {
            "postures": draw(
                st.sampled_from(
                    [["arm", "hold", "disarm"], ["arm", "disarm"], ["hold", "disarm"], ["arm"]]
                )
            ),
            "signals": ["none", "reassure", "warn", "propose_cap", "invite_inspection"],
            "strike": draw(st.booleans()),
            "offense_defense_balance": draw(st.floats(0.2, 3.0)),
            "distinguishable": draw(st.booleans()),
        }
        if "disarm" in rules["postures"]:
            rules["signals"].append("unilateral_cut")
        matrix = None
    max_change = draw(st.floats(0.5, 5.0))
    rules |= {
        "turns": draw(st.integers(1, max_turns)),
        "max_change": max_change,
        "default_amount": draw(st.floats(0.1, 1.0)) * max_change,
    }
    data: dict[str, Any] = {
        "level": {"id": "generated", "title": "Generated", "summary": "s", "briefing": "b"},
        "rules": rules,
        "weapons": weapons,
        "nations": {"red": nation(), "blue": nation()},
        "intel": {
            "arsenal_noise": draw(st.floats(0.0, 5.0)),
            "posture_misread": draw(small),
            "signal_misread": draw(small),
            "inspection_factor": draw(unit),
        },
        "execution": {"error": draw(small)},
        "tension": {"initial": draw(unit), "decay": draw(unit), "arm": draw(small)},
        "conflict": {"crisis_threshold": draw(st.floats(0.0, 0.95)), "war_rate": draw(unit)},
        "treaty": {"detection": draw(unit)},
    }
    if matrix is not None:
        data["matrix"] = matrix
    return Level.model_validate(data)


def scenario_of(level: Level) -> Scenario:
    """Compile a generated level."""
    return compile_scenario(level)


@st.composite
def order_plans(
    draw: st.DrawFn, scenario: Scenario, games: int
) -> list[tuple[OrdersBatch, OrdersBatch]]:
    """Valid orders for both sides, every turn, in every game."""
    postures = sorted(scenario.postures)
    signals = sorted(scenario.signals)

    def one() -> Orders:
        posture = draw(st.sampled_from(postures))
        signal = draw(st.sampled_from(signals))
        if signal is Signal.UNILATERAL_CUT and posture is not Posture.DISARM:
            signal = Signal.NONE
        moving = posture is not Posture.HOLD and scenario.mode is Mode.FULL
        amount = draw(st.floats(0.01, 1.0)) * scenario.max_change if moving else 0.0
        return Orders(
            posture=posture,
            amount=amount,
            kind=draw(st.integers(0, scenario.kinds - 1)),
            signal=signal,
            strike=scenario.strike_allowed and draw(st.floats(0, 1)) < 0.05,
        )

    return [
        (
            OrdersBatch.from_orders([one() for _ in range(games)]),
            OrdersBatch.from_orders([one() for _ in range(games)]),
        )
        for _ in range(scenario.turns)
    ]


def swap_orders(red: OrdersBatch, blue: OrdersBatch) -> tuple[OrdersBatch, OrdersBatch]:
    """The same orders with the sides exchanged."""
    return blue, red


def rows(array: np.ndarray) -> np.ndarray:
    """Swap the side axis (axis 2 of history arrays ``[turn, game, side, ...]``)."""
    return array[:, :, ::-1]
