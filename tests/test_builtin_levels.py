"""Every built-in level loads, teaches something, and plays to the end with every baseline pair."""

from __future__ import annotations

from itertools import product
from pathlib import Path

import numpy as np
import pytest

from game.ai.registry import CATALOG, controller_problem, make_strategy
from game.levels import builtin_ids, load_builtin
from game.rules.model import Mode, Outcome
from game.session.results import game_results
from game.session.runner import run_games

ROOT = Path(__file__).resolve().parent.parent
REQUIRED = {
    "tutorial",
    "fog-of-war",
    "doubly-dangerous",
    "dilemma-but-compatible",
    "warning-offense",
    "doubly-stable",
    "missile-shield",
    "costly-signals",
    "europe-1909",
    "deterrence",
    "prisoners-dilemma",
    "stag-hunt",
    "chicken",
}
BASELINE = ("always-arm", "always-disarm", "tit-for-tat")


def test_the_required_levels_are_all_built_in():
    assert set(builtin_ids()) >= REQUIRED


@pytest.mark.parametrize("path", sorted((ROOT / "levels").glob("*.toml")), ids=lambda p: p.name)
def test_each_file_is_named_after_its_id(path):
    number, _, rest = path.stem.partition("-")
    assert number.isdigit() and len(number) == 2
    assert load_builtin(rest).origin.endswith(rest + ">")


@pytest.mark.parametrize("level_id", builtin_ids())
def test_each_level_teaches_and_plays_to_the_end(level_id):
    loaded = load_builtin(level_id, check_controller=controller_problem)
    meta = loaded.model.level
    assert len(meta.briefing) >= 200, "a briefing tells a story"
    assert len(meta.learning_goals) >= 2 and len(meta.discussion_questions) >= 2
    scenario = loaded.scenario
    seeds = [1, 2, 3]
    for red, blue in product(BASELINE, BASELINE):
        run = run_games(
            scenario, lambda r=red: make_strategy(r), lambda b=blue: make_strategy(b), seeds
        )
        assert run.state.finished
        assert not any(f.count for f in run.fouls)
        for result in game_results(run.state, seeds):
            assert result.outcome is not Outcome.ONGOING
            assert 1 <= result.turns <= scenario.turns
            assert np.all(np.isfinite(result.score))


def test_the_four_worlds_have_the_settings_their_names_promise():
    worlds = {
        "doubly-dangerous": (True, False),
        "dilemma-but-compatible": (False, False),
        "warning-offense": (True, True),
        "doubly-stable": (False, True),
    }
    for level_id, (offense_advantage, distinguishable) in worlds.items():
        model = load_builtin(level_id).model
        assert len(model.weapons) >= 2, level_id
        assert (model.rules.offense_defense_balance > 1) is offense_advantage, level_id
        assert model.rules.distinguishable is distinguishable, level_id


def test_matrix_levels_have_textbook_payoff_orderings():
    def payoffs(level_id):
        matrix = load_builtin(level_id).model.matrix
        assert matrix is not None
        return matrix.temptation, matrix.reward, matrix.punishment, matrix.sucker

    t, r, p, s = payoffs("prisoners-dilemma")
    assert (t, r, p, s) == (5, 3, 1, 0)
    t, r, p, s = payoffs("stag-hunt")
    assert r > t >= p > s
    t, r, p, s = payoffs("chicken")
    assert t > r > s > p
    for level_id in ("prisoners-dilemma", "stag-hunt", "chicken"):
        assert load_builtin(level_id).scenario.mode is Mode.MATRIX


@pytest.mark.parametrize("name", sorted(CATALOG))
def test_every_strategy_plays_every_builtin_level_without_a_foul(name):
    params = {"difficulty": 1} if name == "expert" else {}
    for level_id in builtin_ids():
        scenario = load_builtin(level_id).scenario
        run = run_games(
            scenario,
            lambda: make_strategy(name, params),
            lambda: make_strategy("true-to-type"),
            [5],
        )
        assert run.state.finished
        assert run.fouls[0].count == 0, (level_id, run.fouls[0].messages)
