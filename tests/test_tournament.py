"""Tournaments: a round robin with self-play, identical for any number of processes."""

from __future__ import annotations

import csv

import numpy as np
import pytest

from game.cli import main
from game.levels import load_builtin
from game.rules.model import Posture
from game.session.runner import run_games
from game.session.tournament import default_builder, run_tournament, split_entrants


def test_entrants_keep_their_parameters():
    assert split_entrants("tit-for-tat, random:p=0.3,grim") == [
        "tit-for-tat",
        "random:p=0.3",
        "grim",
    ]
    assert split_entrants("bayesian:threshold=0.4,budget=1,pavlov") == [
        "bayesian:threshold=0.4,budget=1",
        "pavlov",
    ]


def test_standings_on_the_classic_prisoners_dilemma_are_the_textbook_averages():
    scenario = load_builtin("prisoners-dilemma").scenario
    result = run_tournament(scenario, ["tit-for-tat", "always-arm"], default_builder, 2, 1)
    table = {row.strategy: row for row in result.standings()}
    tft, alld = table["tit-for-tat"], table["always-arm"]
    assert tft.rank == 1 and alld.rank == 2
    # self-play counts both seats: 4 seats of mutual restraint, 4 seats against always-arm
    assert tft.games == alld.games == 8
    assert tft.score_per_turn == pytest.approx((4 * 3 + 4 * 199 / 200) / 8)
    assert alld.score_per_turn == pytest.approx((4 * 1 + 4 * 204 / 200) / 8)
    assert tft.disarm_rate == pytest.approx((4 * 200 + 4 * 1) / (8 * 200))
    assert alld.disarm_rate == 0
    assert alld.spiral_rate == 1.0 and tft.spiral_rate == pytest.approx(0.5)


def test_results_are_identical_for_any_number_of_processes():
    scenario = load_builtin("fog-of-war", ["rules.turns=15"]).scenario
    entrants = ["tit-for-tat", "random:p=0.3", "bayesian", "generous-tit-for-tat"]
    one = run_tournament(scenario, entrants, default_builder, 3, 9, processes=1)
    two = run_tournament(scenario, entrants, default_builder, 3, 9, processes=2)
    for name in ("red", "blue", "turns", "outcome", "score", "disarms", "spiral"):
        assert np.array_equal(getattr(one.games, name), getattr(two.games, name)), name
    assert one.games.seeds == two.games.seeds
    assert one.standings() == two.standings()


@pytest.mark.parametrize(
    ("level", "overrides", "entrants"),
    [
        (
            "prisoners-dilemma",
            ["rules.turns=25", "execution.error=0.1", "intel.posture_misread=0.1"],
            ["grim", "random:p=0.3", "generous-tit-for-tat", "tit-for-two-tats", "pavlov"],
        ),
        (
            "deterrence",
            ["rules.turns=12", "execution.error=0.05"],
            ["bayesian", "fearful", "richardson", "random"],
        ),
    ],
)
def test_every_game_of_a_tournament_is_its_pairing_played_alone(level, overrides, entrants):
    """Each strategy decides for all its games of a side at once: each game stays its own."""
    scenario = load_builtin(level, overrides).scenario
    result = run_tournament(scenario, entrants, default_builder, 2, 6)
    g = result.games
    for game, seed in enumerate(g.seeds):
        red, blue = entrants[g.red[game]], entrants[g.blue[game]]
        alone = run_games(scenario, default_builder(red), default_builder(blue), [seed]).state
        assert g.turns[game] == alone.end_turn[0], (red, blue)
        assert g.outcome[game] == alone.outcome[0], (red, blue)
        assert g.score[game].tolist() == alone.score[0].tolist(), (red, blue)
        disarms = (alone.history.executed[:, 0] == Posture.DISARM).sum(axis=0)
        assert g.disarms[game].tolist() == disarms.tolist(), (red, blue)


def games_by_pairing(result):
    """Each (red, blue) pairing's games, by strategy name: seeds, moves and scores."""
    g = result.games
    names = result.entrants
    found = {}
    for game in range(len(g.seeds)):
        key = (names[g.red[game]], names[g.blue[game]])
        found.setdefault(key, []).append(
            (
                g.seeds[game],
                g.turns[game],
                g.outcome[game],
                tuple(g.score[game]),
                tuple(g.disarms[game]),
            )
        )
    return found


def test_adding_or_reordering_entrants_leaves_every_other_game_as_it_was():
    scenario = load_builtin("prisoners-dilemma", ["rules.turns=30", "execution.error=0.1"]).scenario
    first = run_tournament(
        scenario, ["random", "generous-tit-for-tat", "grim"], default_builder, 3, 4
    )
    later = run_tournament(
        scenario,
        ["pavlov", "grim", "random:p=0.5", "generous-tit-for-tat"],
        default_builder,
        3,
        4,
    )
    before, after = games_by_pairing(first), games_by_pairing(later)
    assert len(before) == 9 and len(after) == 16
    renamed = {"random:p=0.5": "random"}  # the same strategy, its default written out
    shared = {(renamed.get(r, r), renamed.get(b, b)): games for (r, b), games in after.items()}
    for pairing, games in before.items():
        assert shared[pairing] == games, pairing
    repeated = [seed for games in after.values() for seed, *_ in games]
    assert len(set(repeated)) == len(repeated)  # every pairing and repetition has its own game


def test_the_command_prints_a_ranked_table_and_writes_csv(tmp_path, capsys):
    target = tmp_path / "results.csv"
    assert (
        main(
            [
                "tournament",
                "--level",
                "prisoners-dilemma",
                "--strategies",
                "tit-for-tat,always-arm,grim",
                "--repetitions",
                "2",
                "--turns",
                "20",
                "--seed",
                "3",
                "--csv",
                str(target),
            ]
        )
        == 0
    )
    captured = capsys.readouterr()
    assert "Rank" in captured.out and "Score/turn" in captured.out
    assert "Tournament: 100% (18/18)" in captured.err
    with target.open() as handle:
        rows = list(csv.DictReader(handle))
    assert [row["rank"] for row in rows] == ["1", "2", "3"]
    assert {row["strategy"] for row in rows} == {"tit-for-tat", "always-arm", "grim"}
    with (tmp_path / "results-pairings.csv").open() as handle:
        assert len(list(csv.DictReader(handle))) == 9


def test_bad_tournament_input_is_a_clear_message(capsys):
    assert main(["tournament", "--level", "tutorial", "--strategies", "grim,nope"]) == 2
    assert "unknown strategy 'nope'" in capsys.readouterr().err
