"""A single match: secret orders from people and AIs, the event log, and rebuilding a game."""

from __future__ import annotations

import json

import numpy as np
import pytest
from paths import WORKED

from game.ai.registry import make_strategy
from game.levels import load_builtin, load_level, load_level_file
from game.rules.model import Orders, Posture, Side, Signal, order_problems
from game.session.match import Match, orders_from_log, replay_orders
from game.session.results import game_results, score_breakdown
from game.session.runner import run_games


@pytest.fixture
def noisy():
    return load_level_file(
        WORKED, ["rules.turns=15", "intel.posture_misread=0.2", "execution.error=0.1"]
    ).scenario


def test_a_match_between_ais_is_the_same_game_as_in_a_headless_batch(noisy):
    seeds = [11, 12, 13]
    batch = run_games(
        noisy, lambda: make_strategy("tit-for-tat"), lambda: make_strategy("always-arm"), seeds
    )
    for index, result in enumerate(game_results(batch.state, seeds)):
        match = Match(
            noisy, seeds[index], make_strategy("tit-for-tat"), make_strategy("always-arm")
        )
        assert match.play_out() == result


def test_humans_give_secret_orders_and_invalid_ones_are_refused(noisy):
    match = Match(noisy, 3, red=None, blue=make_strategy("tit-for-tat"))
    assert match.waiting_for() == [Side.RED]
    with pytest.raises(RuntimeError, match="waiting for orders from red"):
        match.resolve()
    problems = match.submit(Side.RED, Orders(Posture.ARM, amount=99.0))
    assert problems == ["amount must be more than 0 and at most 3 (got 99.0)"]
    assert match.submit(Side.RED, Orders(Posture.HOLD, signal=Signal.UNILATERAL_CUT)) == [
        "signal 'unilateral_cut' is not allowed here (allowed: none, reassure, warn)",
        "signal 'unilateral_cut' must come with a 'disarm' order",
    ]
    assert match.submit(Side.RED, Orders(Posture.ARM, amount=2.0)) == []
    assert match.waiting_for() == []
    record = match.resolve()
    assert record["turn"] == 1
    assert record["red"]["orders"]["posture"] == "arm"
    assert match.turn == 1 and match.waiting_for() == [Side.RED]


def test_the_event_log_rebuilds_every_turn_exactly(noisy):
    match = Match(noisy, 99, make_strategy("tit-for-tat"), make_strategy("always-arm"))
    match.play_out()
    log = json.loads(json.dumps(match.event_log()))  # it is plain JSON
    again = replay_orders(noisy, log["seed"], orders_from_log(log))
    assert json.loads(json.dumps(again.event_log())) == log
    assert log["result"]["outcome"] == match.result().outcome.key
    assert len(log["turns"]) == match.result().turns


def test_the_log_records_perception_apart_from_truth(noisy):
    match = Match(noisy, 5, make_strategy("always-disarm"), make_strategy("always-disarm"))
    match.play_out()
    turns = match.event_log()["turns"]
    misread = [t for t in turns if t["red"]["seen"]["posture"] != t["blue"]["executed"]["posture"]]
    accidents = [
        t for t in turns if t["red"]["executed"]["posture"] != t["red"]["orders"]["posture"]
    ]
    # with these draws both kinds of noise happened, and each is visible in the log
    assert misread and accidents
    for turn in misread:
        assert turn["red"]["draws"]["misread"] < 0.2 or turn["red"]["draws"]["fear"] < 0.2


def test_observations_are_copies_nothing_a_strategy_does_changes_the_game(noisy):
    class Vandal:
        def decide(self, observation, rng):
            observation.rules.offense.flags.writeable = True  # refused: arrays are read-only
            return Orders()

    match = Match(noisy, 1, Vandal(), make_strategy("always-arm"))
    match.play_out()
    assert match.fouls[Side.RED].count == match.turn
    assert "ValueError" in match.fouls[Side.RED].messages[0]
    assert np.all(match.state.history.ordered[: match.turn, 0, 0] == Posture.HOLD)


def test_a_broken_or_cheating_strategy_holds_instead_of_crashing():
    scenario = load_level("tutorial").scenario

    class Broken:
        def decide(self, observation, rng):
            if observation.turn % 2:
                raise ZeroDivisionError("oops")
            return "arm"

    match = Match(scenario, 4, Broken(), make_strategy("always-arm"))
    result = match.play_out()
    assert result.turns == scenario.turns
    fouls = match.fouls[Side.RED]
    assert fouls.count == scenario.turns
    assert fouls.messages[0] == "game 0, turn 1: orders must be an Orders object, got str"
    assert fouls.messages[1] == "game 0, turn 2: raised ZeroDivisionError: oops"
    assert {t["red"]["executed"]["posture"] for t in match.turn_log} == {"hold"}


def test_the_debriefs_score_breakdown_adds_up_and_a_seekers_war_gains_nothing():
    """The parts shown in the debrief are the parts scored, war points included."""
    for seed in range(6):
        scenario = load_builtin("tutorial", ["rules.strike=true"]).scenario
        match = Match(scenario, seed)
        match.submit(Side.RED, Orders(strike=True))
        match.submit(Side.BLUE, Orders())
        match.resolve()
        assert match.finished and match.result().outcome.is_war
        for side in (0, 1):
            parts = score_breakdown(match.state, 0, side)
            assert parts.security + parts.cost + parts.advantage + parts.end == pytest.approx(
                parts.total
            )
            assert parts.advantage == pytest.approx(0.0, abs=1e-9)  # both are security seekers
            assert parts.end <= 0.0  # winning or losing, the war cost both


def test_an_amount_too_large_for_any_number_is_refused_with_a_message():
    scenario = load_builtin("fog-of-war").scenario
    (problem,) = order_problems(Orders(Posture.ARM, amount=10**400), scenario)
    assert (
        problem == "amount must be more than 0 and at most 3 (got an integer of about 401 digits)"
    )


def test_each_turn_a_side_sees_what_its_observation_rebuilt_from_the_state_shows(noisy):
    match = Match(noisy, 5, make_strategy("tit-for-tat"), make_strategy("random"))
    while not match.finished:
        for side in (Side.RED, Side.BLUE):
            assert match.observation(side) == match.state.observe(side).game(0)
        match.resolve()


def test_the_arrays_a_view_carries_are_its_history_and_cannot_be_changed(noisy):
    """A batch rule deciding for one game reads ``Observation.past``: it must be the history."""
    from dataclasses import replace

    from game.ai.protocol import batch_of_one

    match = Match(noisy, 7, make_strategy("tit-for-tat"), make_strategy("random"))
    while not match.finished:
        for side in (Side.RED, Side.BLUE):
            view = match.observation(side)
            assert view.past is not None and view.past.ordered.shape == (1, match.turn)
            rebuilt = batch_of_one(replace(view, past=None)).past  # from the history alone
            for name, value in vars(batch_of_one(view).past).items():
                if name != "rows":
                    assert np.array_equal(value, getattr(rebuilt, name), equal_nan=True), name
                    assert value.dtype == getattr(rebuilt, name).dtype, name
            with pytest.raises(ValueError, match="WRITEABLE"):
                view.past.ordered.flags.writeable = True
        match.resolve()


def test_the_tables_the_rules_keep_cannot_be_changed_by_a_strategy(noisy):
    from game.rules.scoring import alarm, signal_prices, threat_rank, threatening

    params = noisy.params_at(0)
    for table in (alarm(params), threatening(params), threat_rank(params), signal_prices(params)):
        with pytest.raises(ValueError, match="read-only"):
            table[...] = 0
