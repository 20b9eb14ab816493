"""The teacher's side of a class game in the window: setting up the host and its dashboard.

The window is driven by posted events; the host it starts is real (127.0.0.1, a free
port) and the students are real clients driven through the net API.
"""

from __future__ import annotations

import time
from collections.abc import Callable

import pygame
import pytest
from net_driver import WAIT_SECONDS, eventually, join_in_order, play_out
from ui_driver import drawn, focus_on, key, type_text

from game.cli import main
from game.levels import builtin_ids, load_builtin
from game.net.join_code import shown_code
from game.net.protocol import GameOver, Paused
from game.ui.app import App
from game.ui.dashboard import ClassDashboard, open_hosting
from game.ui.menu import Menu, Title
from game.ui.network_host import HostSetup
from game.ui.network_join import JoinScreen
from game.ui.network_screens import Online
from game.ui.replay_viewer import ReplayViewer
from game.ui.widgets import Button


def frames_until(app: App, done: Callable[[], bool]) -> None:
    """Draw frames (the dashboard reads the host's view) until ``done()``."""
    end = time.monotonic() + WAIT_SECONDS
    while not done():
        assert time.monotonic() < end, "waited in vain"
        app.frame()
        time.sleep(0.01)


def press(app: App, button: Button) -> None:
    """Tab to a button and press Enter, as the teacher does at the keyboard."""
    focus_on(app, button)
    key(app, pygame.K_RETURN)


def setup_screen(app: App, changes: str = "rules.turns=3") -> HostSetup:
    """The host's set-up on the first level, its changes typed in (short games)."""
    levels = [load_builtin(level_id) for level_id in builtin_ids()]
    setup = open_hosting(app, levels, app.quit, "127.0.0.1", 0)
    focus_on(app, setup.overrides)
    type_text(app, changes)
    return setup


@pytest.fixture
def dashboard(app):
    setup = setup_screen(app)
    press(app, setup.start_button)
    board = app.scene
    assert isinstance(board, ClassDashboard), setup.problem
    yield board
    board.host.stop()


def test_a_change_the_level_cannot_take_is_one_line_on_the_set_up(app):
    setup = setup_screen(app, "rules.turns=many")
    press(app, setup.start_button)
    assert isinstance(app.scene, HostSetup)
    assert "turns" in setup.problem and "\n" not in setup.problem
    assert any("turns" in line for line in drawn(app))


def test_the_dashboard_shows_the_class_and_its_buttons_work(app, dashboard, tmp_path):
    host = dashboard.host
    code = host.host.room.settings.code
    assert shown_code(code) in drawn(app) and host.host.address in drawn(app)
    students = join_in_order(host, ["Ana", "Ben", "Cy", "Dee"], tmp_path)
    frames_until(app, lambda: len(dashboard.lobby.rows) == 4)
    assert {"Ana", "Ben", "Cy", "Dee"} <= set(drawn(app))
    press(app, dashboard.start_button)
    frames_until(app, lambda: len(dashboard.games.rows) == 2)
    assert dashboard.start_button.label == "New round"
    assert "Game 1: Ana vs Ben" in drawn(app)

    play_out(students[:2])  # Ana and Ben finish; Cy and Dee are still deciding
    frames_until(app, lambda: dashboard.board is not None and dashboard.board.totals.count == 1)
    shown = drawn(app)
    assert any(line.startswith("1 finished") for line in shown)
    assert any("finished:" in line for line in shown)
    assert any("Cy deciding" in line for line in shown)

    press(app, dashboard.pause_button)
    students[2].wait(lambda e: isinstance(e, Paused) and e.paused, since=0)
    frames_until(app, lambda: dashboard.pause_button.label == "Resume all")
    press(app, dashboard.pause_button)
    students[2].wait(lambda e: isinstance(e, Paused) and not e.paused, since=0)

    focus_on(app, dashboard.games)
    key(app, pygame.K_DOWN)  # game 2: Cy and Dee
    press(app, dashboard.end_button)
    over = students[3].wait(lambda e: isinstance(e, GameOver), since=0)
    assert isinstance(over, GameOver) and over.reason == "ended" and over.game == 2

    focus_on(app, dashboard.games)
    key(app, pygame.K_UP)  # game 1 is over: its replay opens
    press(app, dashboard.replay_button)
    assert isinstance(app.scene, ReplayViewer)
    key(app, pygame.K_ESCAPE)
    assert app.scene is dashboard

    press(app, dashboard.session_button)
    assert dashboard.report and all(path.exists() for path in dashboard.report)
    assert any(path.name == "class-report.md" for path in dashboard.report)
    assert dashboard.session_button.label == "Back to the title"
    for student in students:
        student.client.close()


def test_pairing_by_hand_pairs_the_students_the_teacher_picks(app, tmp_path):
    setup = setup_screen(app)
    focus_on(app, setup.pairing)
    key(app, pygame.K_RIGHT, 2)  # in join order -> at random -> by hand
    press(app, setup.start_button)
    board = app.scene
    assert isinstance(board, ClassDashboard)
    try:
        students = join_in_order(board.host, ["Ana", "Ben", "Cy"], tmp_path)
        frames_until(app, lambda: len(board.lobby.rows) == 3)
        press(app, board.start_button)
        assert "Pick the students" in board.problem
        focus_on(app, board.lobby)
        key(app, pygame.K_DOWN, 2)
        key(app, pygame.K_RETURN)  # Cy
        key(app, pygame.K_UP, 2)
        key(app, pygame.K_RETURN)  # Ana
        assert "picked: pair 1" in drawn(app)
        press(app, board.start_button)
        frames_until(app, lambda: len(board.games.rows) == 1)
        assert board.games.rows[0][0] == "Game 1: Cy vs Ana"
        eventually(lambda: board.host.dashboard().lobby == ("Ben",))  # type: ignore[union-attr]
        for student in students:
            student.client.close()
    finally:
        board.host.stop()


def test_the_title_screen_offers_hosting_and_joining(app):
    Menu(app).title()
    for label, wanted in (("Host a class game", HostSetup), ("Join a class game", Online)):
        title = app.scene
        assert isinstance(title, Title)
        press(app, next(b for b in title.focus.widgets if getattr(b, "label", "") == label))
        assert isinstance(app.scene, wanted), label
        key(app, pygame.K_ESCAPE)
        assert isinstance(app.scene, Title), label


def test_the_join_command_opens_the_window_on_the_join_screen_filled_in(monkeypatch):
    shown = []

    def one_frame(app: App) -> None:
        app.frame()
        shown.append(app.scene)

    monkeypatch.setattr(App, "run", one_frame)
    assert main(["join", "192.168.1.20:8765", "kmn-4xr", "--name", "Ana"]) == 0
    (scene,) = shown
    assert isinstance(scene, Online) and isinstance(scene.inner, JoinScreen)
    screen = scene.inner
    assert (screen.address.text, screen.code.text, screen.name.text) == (
        "192.168.1.20:8765",
        "kmn-4xr",
        "Ana",
    )
    assert screen.focus.current is screen.join_button


def test_a_stopped_session_resumes_from_the_set_up_with_its_code_and_games(app, tmp_path):
    setup = setup_screen(app)
    press(app, setup.start_button)
    first = app.scene
    assert isinstance(first, ClassDashboard)
    code = first.host.host.room.settings.code
    students = join_in_order(first.host, ["Ana", "Ben"], tmp_path)
    press(app, first.start_button)
    frames_until(app, lambda: len(first.games.rows) == 1)
    for student in students:
        student.client.close()
    first.host.stop()  # the teacher's computer went down mid-game

    again = setup_screen(app)
    press(app, again.resume_button)
    resumed = app.scene
    assert isinstance(resumed, ClassDashboard), again.problem
    try:
        assert resumed.host.host.room.settings.code == code
        frames_until(app, lambda: resumed.games.rows[:1] == first.games.rows[:1])
        assert shown_code(code) in drawn(app)
    finally:
        resumed.host.stop()
