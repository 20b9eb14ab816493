"""The lab's headless core: one point of 1,000 games, sweeps, and the sweep command."""

from __future__ import annotations

import csv
import itertools

import numpy as np
import pytest

from game.cli import main, simulate_results
from game.levels import load_builtin
from game.session.lab import (
    KNOBS,
    Axis,
    run_point,
    run_sweep,
    schema_bounds,
    setting,
    with_settings,
)
from game.session.results import summarize

FOG = load_builtin("fog-of-war", ["rules.turns=20"])


def test_more_perception_noise_never_lowers_the_spiral_rate_of_two_tit_for_tats():
    axis = Axis.parse("intel.posture_misread=0:0.2:5")
    sweep = run_sweep(FOG, "tit-for-tat", "tit-for-tat", [axis], games=1000, seed=3)
    rates = sweep.grid("spiral_rate")[0]
    assert rates[0] == 0.0  # perfect spies: two tit-for-tats never race
    assert all(later >= earlier - 0.02 for earlier, later in itertools.pairwise(rates))
    assert rates[-1] > 0.1


def test_a_sweep_is_identical_for_any_number_of_processes():
    axes = [Axis.parse("execution.error=0:0.2:3"), Axis.parse("rules.distinguishable=0:1:2")]
    alone = run_sweep(FOG, "bayesian", "tit-for-tat", axes, games=40, seed=8, processes=1)
    shared = run_sweep(FOG, "bayesian", "tit-for-tat", axes, games=40, seed=8, processes=2)
    assert alone.rows() == shared.rows()


def _same_point(one, other):
    for name, value in vars(one).items():
        if isinstance(value, np.ndarray):
            assert np.array_equal(value, getattr(other, name), equal_nan=True), name
        else:
            assert value == getattr(other, name), name


def test_every_point_of_a_sweep_is_the_point_played_alone():
    """Points share their world draws, within a process and across game lengths."""
    axes = [Axis.parse("intel.posture_misread=0:0.3:4"), Axis.parse("rules.turns=8:16:2")]
    for processes in (1, 2):
        sweep = run_sweep(FOG, "fearful", "tit-for-tat", axes, 50, seed=4, processes=processes)
        assert len(sweep.points) == 8
        for (misread, turns), point in sweep.points.items():
            settings = [setting("intel.posture_misread", misread), setting("rules.turns", turns)]
            alone = run_point(with_settings(FOG, settings), "fearful", "tit-for-tat", 50, seed=4)
            _same_point(point, alone)


def test_a_point_agrees_with_simulate_for_the_same_games():
    point = run_point(FOG, "bayesian", "tit-for-tat", games=200, seed=5)
    results, _ = simulate_results(FOG, "bayesian", "tit-for-tat", 200, 5, progress=False)
    summary = summarize(results)
    assert point.war_rate == pytest.approx(summary["war_rate"])
    assert point.dilemma_share == pytest.approx(summary["security_dilemma_rate"])
    assert point.mean_welfare == pytest.approx(sum(summary["mean_score"].values()) / 2)
    counts = summary["outcomes"]
    assert point.outcome_shares == pytest.approx({key: n / 200 for key, n in counts.items()})
    assert sum(point.outcome_shares.values()) == pytest.approx(1.0)
    assert point.arsenal_mean.shape == (21, 2) and point.real_security.shape == (20, 2)
    assert (point.arsenal_low <= point.arsenal_high).all()  # the band of the middle 80%
    start = FOG.scenario.start_arsenal.sum(axis=1)
    assert np.allclose(point.arsenal_mean[0], start)


def test_every_knob_stays_inside_what_level_files_allow():
    for knob in KNOBS:
        low, high = schema_bounds(knob.path)
        assert low is None or knob.low >= low, knob.path
        assert high is None or knob.high <= high, knob.path
        for value in knob.values:  # and the level accepts every value the slider offers
            with_settings(load_builtin("tutorial"), [setting(knob.path, value)])


@pytest.mark.parametrize(
    "text",
    ["intel.posture_misread", "x=1:2", "x=a:b:3", "x=0:1:0", "=0:1:3", "x=0:inf:3"],
)
def test_a_badly_written_vary_is_explained(text):
    with pytest.raises(ValueError, match="--vary"):
        Axis.parse(text)


def test_the_sweep_command_writes_a_csv_and_a_chart_and_is_the_same_with_two_processes(
    tmp_path, capsys
):
    base = [
        "sweep",
        "--level",
        "fog-of-war",
        "--red",
        "tit-for-tat",
        "--blue",
        "fearful",
        "--vary",
        "intel.posture_misread=0:0.2:3",
        "--vary",
        "rules.turns=10:20:2",
        "--games",
        "30",
        "--quiet",
    ]
    assert main([*base, "--out", str(tmp_path / "one")]) == 0
    assert main([*base, "--out", str(tmp_path / "two"), "--processes", "2"]) == 0
    one = (tmp_path / "one" / "sweep.csv").read_text(encoding="utf-8")
    assert one == (tmp_path / "two" / "sweep.csv").read_text(encoding="utf-8")
    rows = list(csv.DictReader(one.splitlines()))
    assert len(rows) == 6
    assert {row["rules.turns"] for row in rows} == {"10.0", "20.0"}
    assert (tmp_path / "one" / "sweep.png").read_bytes()[:4] == b"\x89PNG"
    assert "war_rate from" in capsys.readouterr().out


def test_a_value_the_level_refuses_stops_the_sweep_before_any_game(capsys):
    args = ["sweep", "--level", "tutorial", "--red", "grim", "--blue", "grim"]
    status = main([*args, "--vary", "execution.error=0:2:3", "--out", "unused", "--quiet"])
    assert status == 2
    assert "execution.error: input should be less than or equal to 1" in capsys.readouterr().err
