"""The briefing screen: a long story and every learning goal can be read without shrinking."""

from __future__ import annotations

import pygame
from ui_driver import drawn, key, wheel

from game.levels import load_builtin
from game.rules.model import Side
from game.session.briefing import briefing, rules_in_short
from game.ui.flow import MatchFlow
from game.ui.painter import Recorder
from game.ui.screens import Briefing, Curtain
from game.ui.theme import Type


def hot_seat_briefing(app) -> Briefing:
    """Fog of War for two people at the keyboard: the longest briefing (both nations' parts)."""
    flow = MatchFlow(app, load_builtin("fog-of-war"), 7, {Side.RED: "human", Side.BLUE: "human"})
    flow.start()
    app.frame()
    assert isinstance(app.scene, Briefing)
    return app.scene


def read_all(app, scroll, steps: int = 40) -> str:
    """Every line shown while the page is scrolled ``steps`` times, joined into one text."""
    seen = " ".join(drawn(app))
    for _ in range(steps):
        scroll()
        seen += " " + " ".join(drawn(app))
    return seen


def test_every_paragraph_goal_and_rule_can_be_read_by_scrolling(app):
    scene = hot_seat_briefing(app)
    model = scene.flow.level.model
    assert scene.page.hidden  # the longest briefing is taller than the window
    story = read_all(app, lambda: wheel(app, scene.story.rect, 1))
    for passage in briefing(model, scene.flow.controllers):
        for part in passage.text.split("\n\n"):
            assert " ".join(part.split()) in story
    goals = read_all(app, lambda: key(app, pygame.K_UP))  # back up with the keys
    for goal in model.level.learning_goals:
        assert f"\u2022 {goal}" in goals
    assert rules_in_short(model) in goals
    assert "Press Enter to begin" in drawn(app)


def test_the_page_scrolls_smoothly_a_few_pixels_at_a_time_not_a_paragraph(app):
    scene = hot_seat_briefing(app)

    def tops() -> dict[str, int]:
        """Where each line was drawn (its top), by its words."""
        recorder = Recorder()
        app.painter.recorder = recorder
        app.frame()
        app.painter.recorder = None
        return {item.label: item.at[4] for item in recorder.of_kind("text")}

    before = tops()
    key(app, pygame.K_DOWN)
    after = tops()
    moved = {before[line] - after[line] for line in before.keys() & after.keys()}
    moved.discard(0)  # the prompt and the hint stay in place below the page
    assert moved == {scene.page.step}
    assert 0 < scene.page.step < app.theme.font(Type.BODY).get_linesize() * 3


def test_scrolling_never_starts_the_game_and_enter_does(app):
    scene = hot_seat_briefing(app)
    wheel(app, scene.story.rect, 2)
    key(app, pygame.K_DOWN)
    key(app, pygame.K_PAGEDOWN)
    assert app.scene is scene and scene.page.offset > 0
    key(app, pygame.K_RETURN)
    assert isinstance(app.scene, Curtain)
