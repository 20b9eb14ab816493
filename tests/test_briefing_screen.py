"""The briefing screen: a long story and every learning goal can be read without shrinking."""

from __future__ import annotations

import pygame
from ui_driver import drawn, key, wheel

from game.levels import load_builtin
from game.rules.model import Side
from game.session.briefing import briefing, rules_in_short
from game.ui.flow import MatchFlow
from game.ui.screens import Briefing, Curtain


def hot_seat_briefing(app) -> Briefing:
    """Fog of War for two people at the keyboard: the longest briefing (both nations' parts)."""
    flow = MatchFlow(app, load_builtin("fog-of-war"), 7, {Side.RED: "human", Side.BLUE: "human"})
    flow.start()
    app.frame()
    assert isinstance(app.scene, Briefing)
    return app.scene


def read_all(app, card, scroll) -> str:
    """Every line the card shows while it is scrolled to its end, joined into one text."""
    seen = " ".join(drawn(app))
    for _ in range(len(card.blocks)):
        scroll()
        seen += " " + " ".join(drawn(app))
    return seen


def test_every_paragraph_goal_and_rule_can_be_read_by_scrolling(app):
    scene = hot_seat_briefing(app)
    model = scene.flow.level.model
    story = read_all(app, scene.story, lambda: wheel(app, scene.story.rect, 1))
    for passage in briefing(model, scene.flow.controllers):
        for part in passage.text.split("\n\n"):
            assert " ".join(part.split()) in story
    key(app, pygame.K_TAB)  # the keys now scroll the goals
    goals = read_all(app, scene.goals, lambda: key(app, pygame.K_DOWN))
    for goal in model.level.learning_goals:
        assert f"\u2022 {goal}" in goals
    assert rules_in_short(model) in goals
    assert "Press Enter to begin" in drawn(app)


def test_scrolling_never_starts_the_game_and_enter_does(app):
    scene = hot_seat_briefing(app)
    wheel(app, scene.story.rect, 2)
    key(app, pygame.K_DOWN)
    assert app.scene is scene
    key(app, pygame.K_RETURN)
    assert isinstance(app.scene, Curtain)
