"""A class session through the menus, and the class-report command (after the wiring)."""

from __future__ import annotations

import pygame
from ui_driver import drawn, key, move_on, type_text

from game.cli import main
from game.session.classroom import classes_dir, load_results
from game.ui.app import App
from game.ui.classroom import ClassroomStart, TeacherSummary
from game.ui.menu import Menu, Title
from game.ui.screens import Debrief, Decision
from game.ui.setup import PlayMode, Setup


def play_a_class_game(app: App, pair: str, seed: str) -> None:
    assert isinstance(app.scene, ClassroomStart)
    type_text(app, pair)
    key(app, pygame.K_RETURN)
    assert isinstance(app.scene, Setup) and app.scene.mode is PlayMode.HOT_SEAT
    setup = app.scene
    assert f"Class session Period 3: {pair} play next" in drawn(app)  # who is at the keyboard
    while setup.focus.current is not setup.list:
        key(app, pygame.K_TAB)
    while setup.level.id != "tutorial":
        key(app, pygame.K_DOWN)
    while setup.focus.current is not setup.seed:
        key(app, pygame.K_TAB)
    type_text(app, seed)
    key(app, pygame.K_RETURN)
    while not isinstance(app.scene, Debrief):
        if isinstance(app.scene, Decision):
            while app.scene.focus.current is not app.scene.confirm:
                key(app, pygame.K_TAB)
            key(app, pygame.K_RETURN)
        else:
            move_on(app)
    debrief = app.scene
    while debrief.focus.current.label != "Back to menu":
        key(app, pygame.K_TAB)
    key(app, pygame.K_RETURN)


def test_a_class_plays_two_games_and_the_teacher_sees_both(app, capsys, tmp_path):
    menu = Menu(app)
    menu.title()
    while app.scene.focus.current.label != "Classroom session":
        key(app, pygame.K_DOWN)
    key(app, pygame.K_RETURN)
    assert isinstance(app.scene, ClassroomStart)
    type_text(app, "Period 3")
    key(app, pygame.K_RETURN)
    play_a_class_game(app, "Ana & Ben", "1")
    assert isinstance(app.scene, ClassroomStart)
    assert app.scene.note.startswith("Game recorded: Ana & Ben, First Contact")
    play_a_class_game(app, "Cy & Dee", "2")
    records, problems = load_results(classes_dir())
    assert problems == [] and [r.pair for r in records] == ["Ana & Ben", "Cy & Dee"]
    assert all(r.replay for r in records)
    app.scene.summary()
    assert isinstance(app.scene, TeacherSummary)
    assert [t.name for t in app.scene.summary.pairs] == ["Ana & Ben", "Cy & Dee"]
    key(app, pygame.K_ESCAPE)
    assert isinstance(app.scene, ClassroomStart)
    key(app, pygame.K_ESCAPE)
    assert isinstance(app.scene, Title) and menu.class_session is None

    assert main(["class-report", str(classes_dir()), "--out", str(tmp_path)]) == 0
    assert "Ana & Ben" in capsys.readouterr().out
    assert (tmp_path / "class-report.md").is_file()
    assert main(["class-report", str(tmp_path / "nothing")]) == 2


def test_a_plain_hot_seat_game_is_not_recorded(app):
    menu = Menu(app)
    menu.classroom()
    key(app, pygame.K_ESCAPE)  # leave the classroom: back to the title
    menu.setup(PlayMode.HOT_SEAT)
    assert menu.class_session is None
