"""Scripted events: on turn N both sides read the news and the rules change from then on."""

from __future__ import annotations

from game.ai.registry import make_strategy
from game.levels import load_builtin
from game.rules.model import Side
from game.session.match import Match


def test_an_event_changes_the_rules_from_its_turn_on_and_both_sides_read_the_news():
    loaded = load_builtin("missile-shield")
    scenario = loaded.scenario
    shield = scenario.weapon_ids.index("shield")
    mirv = scenario.weapon_ids.index("mirv")
    before, after, later = scenario.params_at(6), scenario.params_at(7), scenario.params_at(11)
    red, blue = Side.RED, Side.BLUE
    assert before.defense[blue, shield] == 0.5 and after.defense[blue, shield] == 3.0  # turn 8
    assert before.defense[red, shield] == after.defense[red, shield] == 0.5  # Blueland's only
    assert (after.build_cost[:, mirv] == 3.0).all() and (later.build_cost[:, mirv] == 2.0).all()

    match = Match(scenario, 1, make_strategy("tit-for-tat"), make_strategy("tit-for-tat"))
    news = {}
    while not match.finished and match.turn < 12:
        for side in (Side.RED, Side.BLUE):
            news.setdefault(match.turn, set()).add(match.observation(side).news)
        match.resolve()
    headline = loaded.model.events[0].news
    assert news[7] == {(headline,)}
    assert all(lines == {()} for turn, lines in news.items() if turn not in (7, 11))
    assert match.turn_log[7]["news"] == [headline]
