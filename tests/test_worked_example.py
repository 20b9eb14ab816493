"""The worked turn of docs/rules.md, computed by the engine with the draws the page gives."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from game.levels import load_level_file
from game.rules.engine import preview_orders, resolve_turn, start_games
from game.rules.model import Orders, OrdersBatch, Posture, Side, Signal
from game.rules.noise import SIDE_DRAWS, Draw, Noise
from game.rules.scoring import advantage, power, war_chance
from game.session.match import Match

DOCS = Path(__file__).resolve().parent.parent / "docs"
RED, BLUE = 0, 1


@pytest.fixture
def worked():
    scenario = load_level_file(DOCS / "examples" / "worked-turn.toml").scenario
    rows = scenario.turns + 1
    uniform = np.full((rows, 1, 2, SIDE_DRAWS), 0.5)
    draws = {
        RED: {
            Draw.EXECUTION: 0.50,
            Draw.MISREAD: 0.05,
            Draw.MISREAD_CHOICE: 0.70,
            Draw.FEAR: 0.90,
            Draw.SIGNAL: 0.10,
        },
        BLUE: {Draw.EXECUTION: 0.30, Draw.MISREAD: 0.50, Draw.FEAR: 0.50, Draw.SIGNAL: 0.60},
    }
    for side, values in draws.items():
        for draw, value in values.items():
            uniform[1, 0, side, draw] = value
    shared = np.full((rows, 1), 0.90)
    normal = np.zeros((rows, 1, 2, scenario.kinds + 1))
    normal[1, 0, RED] = 0.5
    normal[1, 0, BLUE] = -1.0
    state = start_games(scenario, Noise(uniform, shared, normal))
    before = state.report.total.copy()
    resolve_turn(
        state,
        OrdersBatch.from_orders([Orders(Posture.ARM, 2.0, signal=Signal.WARN)]),
        OrdersBatch.from_orders([Orders(Posture.DISARM, 1.0, signal=Signal.REASSURE)]),
    )
    return scenario, state, before


def test_the_worked_turn_gives_the_numbers_on_the_page(worked):
    scenario, state, before = worked
    h = state.history
    expected = {
        "initial estimates": (before[0], [9.6, 10.0]),
        "arsenals": (state.arsenal[0, :, 0], [12.0, 7.0]),
        "treasuries": (state.treasury[0], [24.8, 29.3]),
        "costs": (h.cost[0, 0], [0.52, 0.17]),
        "estimates": (state.report.total[0], [8.9, 11.0]),
        "real security": (h.real_security[0, 0], [0.58462, 0.29231]),
        "felt security": (h.felt_security[0, 0], [0.51978, 0.31687]),
        "turn scores": (h.turn_score[0, 0], [0.06462, 0.12231]),
    }
    for name, (actual, wanted) in expected.items():
        assert actual == pytest.approx(wanted, abs=5e-6), name
    assert state.tension[0] == pytest.approx(0.47333, abs=5e-6)
    assert state.crisis[0]
    offense, defense = power(state.arsenal, scenario.params_at(0))
    chance = war_chance(advantage(offense, defense), state.tension, scenario.params_at(0))
    assert chance[0] == pytest.approx(0.09778, abs=5e-6)
    assert not state.over[0]


def test_the_worked_turn_shows_misperception(worked):
    _, state, _ = worked
    # Red misreads Blue's cut as arming and hears Blue's reassurance as a warning.
    assert Posture(int(state.report.seen_posture[0, RED])) is Posture.ARM
    assert Signal(int(state.report.seen_signal[0, RED])) is Signal.WARN
    # Blue sees and hears Red correctly.
    assert Posture(int(state.report.seen_posture[0, BLUE])) is Posture.ARM
    assert Signal(int(state.report.seen_signal[0, BLUE])) is Signal.WARN
    assert Posture(int(state.history.executed[0, 0, BLUE])) is Posture.DISARM


def test_the_page_states_the_same_numbers():
    page = (DOCS / "rules.md").read_text(encoding="utf-8")
    for number in (
        "24.8",
        "29.3",
        "0.52",
        "0.17",
        "8.9",
        "0.47333",
        "0.09778",
        "0.58462",
        "0.29231",
        "0.51978",
        "0.31687",
        "0.06462",
        "0.12231",
        "9.6",
    ):
        assert number in page, number


def test_the_order_preview_a_screen_shows_is_the_engines_own_step_two():
    scenario = load_level_file(DOCS / "examples" / "worked-turn.toml").scenario
    red = Match(scenario, 1).observation(Side.RED)
    preview = preview_orders(red, Orders(Posture.ARM, 2.0, signal=Signal.WARN))
    assert (preview.built, preview.cut) == (2.0, 0.0)
    assert preview.arsenal_after == (12.0,)
    assert preview.spending == pytest.approx(5.2)
    assert preview.cost_score == pytest.approx(0.52)
    assert preview.treasury_after == pytest.approx(24.8)
