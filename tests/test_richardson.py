"""Two Richardson players on a noise-free level follow Richardson's equations exactly."""

from __future__ import annotations

import numpy as np
import pytest
from paths import WORKED

from game.ai.registry import strategy_from_spec
from game.levels import load_level_file
from game.session.match import Match

NOISE_FREE = [
    "intel.arsenal_noise=0",
    "intel.posture_misread=0",
    "intel.signal_misread=0",
    "execution.error=0",
    "nations.red.fear=0",
    "conflict.war_rate=0",
    "rules.max_change=1000",
    "nations.red.treasury=1e9",
    "nations.blue.treasury=1e9",
]


def trajectory(turns, red, blue):
    scenario = load_level_file(WORKED, [*NOISE_FREE, f"rules.turns={turns}"]).scenario
    match = Match(scenario, 1, strategy_from_spec(red), strategy_from_spec(blue))
    match.play_out()
    arsenal = match.state.history.arsenal[:, 0, :, 0]  # [turn, side]
    start = scenario.start_arsenal[:, 0]
    return np.vstack([start, arsenal])


def test_the_arsenals_follow_the_euler_steps_of_the_equations_bit_for_bit():
    k, a, g, k2, b, h, dt = 0.3, 0.2, 1.5, 0.25, 0.35, 0.5, 0.5
    path = trajectory(
        40, f"richardson:k={k},a={a},g={g},dt={dt}", f"richardson:k={k2},a={b},g={h},dt={dt}"
    )
    x, y = path[0]
    for step in path[1:]:
        x, y = x + dt * (k * y - a * x + g), y + dt * (k2 * x - b * y + h)
        assert (step[0], step[1]) == (x, y)


def test_a_stable_race_settles_at_richardsons_equilibrium():
    k, a, g, k2, b, h = 0.3, 0.5, 1.0, 0.2, 0.4, 2.0
    assert a * b > k * k2  # the stability condition
    path = trajectory(
        300, f"richardson:k={k},a={a},g={g},dt=0.5", f"richardson:k={k2},a={b},g={h},dt=0.5"
    )
    x_star = (b * g + k * h) / (a * b - k * k2)
    y_star = (a * h + k2 * g) / (a * b - k * k2)
    assert path[-1] == pytest.approx([x_star, y_star], rel=1e-9)


def test_an_unstable_race_runs_away():
    path = trajectory(60, "richardson:k=0.6,a=0.2,g=1", "richardson:k=0.6,a=0.2,g=1")
    assert 0.2 * 0.2 < 0.6 * 0.6
    assert path[-1, 0] > 10 * path[0, 0]
    assert np.all(np.diff(path[:, 0]) > 0)
