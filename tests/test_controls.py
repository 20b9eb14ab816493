"""Controls that behave: selectors, rows of buttons and lists, driven by posted events."""

from __future__ import annotations

import pygame
from ui_driver import click, drawn, focus_on, key, wheel

from game.levels import load_builtin
from game.rules.model import Posture, Side
from game.session.saves import saved_game_path
from game.ui.app import App
from game.ui.flow import MatchFlow
from game.ui.menu import Menu
from game.ui.pause import Pause
from game.ui.screens import Briefing, Debrief, Decision
from game.ui.settings import Settings
from game.ui.setup import PlayMode, Setup


def versus_setup(app, menu: Menu | None = None) -> Setup:
    (menu or Menu(app)).setup(PlayMode.VERSUS)
    app.frame()
    assert isinstance(app.scene, Setup)
    return app.scene


def test_enter_on_a_selector_starts_the_game_and_never_changes_the_choice(app):
    setup = versus_setup(app)
    blue = setup.players[Side.BLUE]
    focus_on(app, blue)
    blue.select("bayesian")
    key(app, pygame.K_RETURN)
    assert isinstance(app.scene, Briefing)
    assert app.scene.flow.controllers[Side.BLUE] == "bayesian"


def test_space_on_a_selector_does_nothing_and_arrows_change_it(app):
    setup = versus_setup(app)
    blue = setup.players[Side.BLUE]
    focus_on(app, blue)
    before = blue.value
    key(app, pygame.K_SPACE)
    assert app.scene is setup and blue.value == before
    key(app, pygame.K_RIGHT)
    assert blue.value != before
    key(app, pygame.K_LEFT)
    assert blue.value == before


def test_enter_on_an_order_choice_moves_on_without_changing_it(app):
    level = load_builtin("fog-of-war", ["rules.turns=3"])
    MatchFlow(app, level, 2, {Side.RED: "human", Side.BLUE: "tit-for-tat"}).start()
    key(app, pygame.K_RETURN)
    decision = app.scene
    assert isinstance(decision, Decision)
    focus_on(app, decision.posture)
    key(app, pygame.K_RETURN)
    assert decision.posture.value is Posture.HOLD
    assert decision.focus.current is not decision.posture and app.scene is decision


def finished_game(app) -> Debrief:
    level = load_builtin("fog-of-war", ["rules.turns=2"])
    MatchFlow(app, level, 2, {Side.RED: "tit-for-tat", Side.BLUE: "grim"}).start()
    key(app, pygame.K_RETURN)
    key(app, pygame.K_n, 3)  # one turn at a time, to the end
    key(app, pygame.K_RETURN)  # the focus has moved to "Debrief"
    assert isinstance(app.scene, Debrief)
    return app.scene


def test_left_and_right_move_along_the_debriefs_row_of_buttons(app):
    debrief = finished_game(app)
    labels = [button.label for button in debrief.buttons]
    assert debrief.focus.index == 0
    key(app, pygame.K_RIGHT)
    assert debrief.focus.current.label == labels[1]
    key(app, pygame.K_RIGHT, 5)  # the end of the row is felt, not wrapped
    assert debrief.focus.current.label == labels[-1]
    key(app, pygame.K_LEFT, 2)
    assert debrief.focus.current.label == labels[0]


def test_the_wheel_scrolls_a_list_and_a_key_brings_the_choice_back(app):
    setup = versus_setup(app)
    rows = setup.list
    assert len(rows.rows) > rows.visible_rows, "the level list must need scrolling"
    chosen = rows.index
    wheel(app, rows.rect, 2)
    assert rows.first_visible > 0 and rows.index == chosen
    wheel(app, rows.rect, 100)
    assert rows.first_visible == len(rows.rows) - rows.visible_rows
    wheel(app, rows.rect, -100)
    assert rows.first_visible == 0
    wheel(app, rows.rect, 100)
    focus_on(app, rows)
    key(app, pygame.K_HOME)
    assert rows.index == 0 and rows.first_visible == 0
    wheel(app, (2, 2), 3)  # outside the list: nothing scrolls
    assert rows.first_visible == 0
    click(app, (rows.rect.centerx, rows.rect.top + rows.row_height + rows.row_height // 2))
    assert rows.index == 1


def test_the_set_up_screen_offers_the_last_level_and_players_again(app):
    menu = Menu(app)
    setup = versus_setup(app, menu)
    focus_on(app, setup.list)
    while setup.level.id != "deterrence":
        key(app, pygame.K_DOWN)
    blue = setup.players[Side.BLUE]
    focus_on(app, blue)
    while blue.value != "grim":
        key(app, pygame.K_RIGHT)
    focus_on(app, setup.start_button)
    key(app, pygame.K_RETURN)
    assert isinstance(app.scene, Briefing)
    again = versus_setup(app, menu)  # a new visit to the same set-up
    assert again.level.id == "deterrence" and again.players[Side.BLUE].value == "grim"
    menu.setup(PlayMode.WATCH)  # another way to play keeps its own defaults
    app.frame()
    assert app.scene.level.id == menu.levels[0].id


def test_every_discussion_question_of_the_debrief_can_be_read():
    """Even in a small window at a large interface size, where they cannot all show."""
    app = App((1024, 600), Settings(ui_scale=1.25))
    debrief = finished_game(app)
    questions = debrief.questions
    wanted = [block.text for block in questions.blocks[1:]]
    assert wanted, "the level has questions for this outcome"
    frames = []
    for _ in range(len(questions.blocks)):  # the wheel over the card, to its end
        frames.append(" ".join(drawn(app)))  # a wrapped question's lines, joined again
        wheel(app, questions.rect, 1)
    assert all(any(text in frame for frame in frames) for text in wanted)
    assert not all(text in frames[0] for text in wanted), "they fit anyway: nothing tested"
    app.close()


def paused_game(app) -> tuple[MatchFlow, list[str], Pause]:
    """A game against the computer, one turn played and saved, with its pause menu open."""
    left: list[str] = []
    level = load_builtin("fog-of-war", ["rules.turns=5"])
    flow = MatchFlow(app, level, 2, {Side.RED: "human", Side.BLUE: "tit-for-tat"})
    flow.on_leave = lambda: left.append("left")
    flow.start()
    key(app, pygame.K_RETURN)  # the briefing
    focus_on(app, app.scene.confirm)
    key(app, pygame.K_RETURN)  # the first turn's orders
    assert flow.match.turn == 1 and saved_game_path().exists()
    key(app, pygame.K_ESCAPE)
    assert isinstance(app.scene, Pause)
    return flow, left, app.scene


def test_leaving_without_saving_asks_first_and_a_hurried_enter_keeps_the_game(app):
    _, left, pause = paused_game(app)
    focus_on(app, pause.focus.widgets[-1])
    key(app, pygame.K_RETURN)
    assert pause.asking is not None and "will be lost" in " ".join(drawn(app))
    key(app, pygame.K_RETURN)  # the safe answer has the focus
    assert pause.asking is None and not left and saved_game_path().exists()
    key(app, pygame.K_RETURN)  # asked again, and this time the risky answer is chosen
    key(app, pygame.K_TAB)
    key(app, pygame.K_RETURN)
    assert left == ["left"] and not saved_game_path().exists()


def test_restarting_asks_first_and_esc_answers_safely(app):
    flow, left, pause = paused_game(app)
    match = flow.match
    focus_on(app, pause.focus.widgets[1])
    key(app, pygame.K_RETURN)
    assert pause.asking is not None
    key(app, pygame.K_ESCAPE)
    assert pause.asking is None and app.scene is pause and flow.match is match
    key(app, pygame.K_RETURN)
    key(app, pygame.K_TAB)
    key(app, pygame.K_RETURN)
    restarted = app.scene
    assert isinstance(restarted, Briefing) and restarted.flow is not flow
    assert restarted.flow.seed == flow.seed + 1 and restarted.flow.match.turn == 0 and not left
