"""A student's class game in the window, against a real host on 127.0.0.1.

The window is driven by posted events (``ui_driver``); the other student is a real client
driven through the net API (two windows in one process are not possible with pygame).
"""

from __future__ import annotations

import time
from collections.abc import Callable

import pygame
import pytest
from net_driver import WAIT_SECONDS, join, start_host
from ui_driver import drawn, focus_on, key, type_text

from game.ai.registry import strategy_from_spec
from game.levels import load_builtin
from game.net.client import NetClient, SeatBook
from game.net.protocol import GameOver, Turn
from game.rules.model import Side
from game.ui.app import App
from game.ui.network_join import JoinScreen
from game.ui.network_play import NetworkGame
from game.ui.network_screens import Notice, Online
from game.ui.replay_viewer import ReplayViewer
from game.ui.screens import Debrief, Decision, Report


def inner(app: App) -> object:
    """The screen under the networked game's strip."""
    scene = app.scene
    assert isinstance(scene, Online)
    return scene.inner


def frames_until(
    app: App, done: Callable[[], bool], also: Callable[[], None] = lambda: None
) -> None:
    """Draw frames (the window reads the host's messages) until ``done()``."""
    end = time.monotonic() + WAIT_SECONDS
    while not done():
        assert time.monotonic() < end, f"waited in vain on {inner(app)!r}"
        also()
        app.frame()
        time.sleep(0.003)


def join_in_window(app: App, address: str, code: str, name: str, folder) -> NetworkGame:
    """Open the join screen and type the three lines, as a student does; Enter joins."""
    game = NetworkGame(app, app.quit, NetClient(SeatBook(folder / f"{name}-window.json")))
    game.open()
    screen = inner(app)
    assert isinstance(screen, JoinScreen)
    for text in (address, code, name):
        type_text(app, text)
        key(app, pygame.K_RETURN)
    return game


@pytest.fixture
def host():
    running = start_host(load_builtin("tutorial", ["rules.turns=4"]))
    yield running
    running.stop()


def test_a_wrong_code_is_said_in_one_line_on_the_join_screen(app, host, tmp_path):
    wrong = "".join(reversed(host.host.room.settings.code))
    game = join_in_window(app, host.host.address, wrong, "Ana", tmp_path)
    screen = inner(app)
    assert isinstance(screen, JoinScreen)
    frames_until(app, lambda: bool(screen.problem))
    assert "code" in screen.problem.lower()
    assert screen.problem in " ".join(drawn(app))  # wrapped, all of it on screen
    assert "Traceback" not in " ".join(drawn(app))
    assert host.dashboard() is not None and host.dashboard().connected == 0
    game.client.close()


def test_an_unreachable_host_and_a_code_that_cannot_be_one_are_said_on_screen(app, tmp_path):
    game = join_in_window(app, "127.0.0.1:1", "KMN4XR", "Ana", tmp_path)
    screen = inner(app)
    assert isinstance(screen, JoinScreen)
    frames_until(app, lambda: bool(screen.problem))
    assert "cannot reach" in screen.problem.lower()
    focus_on(app, screen.code)
    key(app, pygame.K_BACKSPACE, 6)
    type_text(app, "hello!")
    focus_on(app, screen.join_button)
    key(app, pygame.K_RETURN)
    assert "join code" in screen.problem.lower()
    game.client.close()


def test_a_student_plays_a_whole_networked_game_in_the_window_to_the_debrief(app, host, tmp_path):
    game = join_in_window(
        app, host.host.address, host.host.room.settings.code.lower(), "Ana", tmp_path
    )
    frames_until(app, lambda: isinstance(inner(app), Notice) and bool(game.name))
    assert "Waiting for the teacher to start" in drawn(app)
    ben = join(host, "Ben", tmp_path)
    frames_until(app, lambda: game.lobby is not None and len(game.lobby.players) == 2)
    assert any("Ben" in line for line in drawn(app))
    host.start_round()
    frames_until(app, lambda: game.start is not None and game.turn is not None)
    assert game.start.my_side is Side.RED  # Ana joined first
    assert "You are Redland" in drawn(app)
    key(app, pygame.K_RETURN)  # Start
    strategy = strategy_from_spec("tit-for-tat")
    level = load_builtin("tutorial", ["rules.turns=4"])
    answered: set[int] = set()

    def ben_answers() -> None:
        for event in ben.pump():
            if isinstance(event, Turn) and event.turn not in answered:
                answered.add(event.turn)
                view = event.observation.observation(level.scenario)
                ben.client.send_orders(event, strategy.decide(view, ben.rng))

    seen_waiting = False
    while not isinstance(inner(app), Debrief):
        frames_until(
            app,
            lambda: (
                isinstance(inner(app), Decision | Report | Debrief)
                or (isinstance(inner(app), Notice) and "Waiting for" in inner(app).title)
            ),
            ben_answers,
        )
        screen = inner(app)
        if isinstance(screen, Report):
            key(app, pygame.K_SPACE)
        elif isinstance(screen, Decision):
            focus_on(app, screen.confirm)
            key(app, pygame.K_RETURN)
        elif isinstance(screen, Notice):
            seen_waiting = True
            assert screen.title == "Waiting for Blueland\u2026"  # Ben decides by himself
            frames_until(app, lambda shown=screen: inner(app) is not shown, ben_answers)
    assert seen_waiting
    over = ben.wait(lambda e: isinstance(e, GameOver), since=0)
    assert isinstance(over, GameOver)
    assert game.stage.value == "over"
    debrief = inner(app)
    assert isinstance(debrief, Debrief)
    assert debrief.flow.match.turn == 4
    assert debrief.result.outcome.key == over.replay["result"]["outcome"]
    watch = next(b for b in debrief.buttons if b.label == "Watch the replay")
    focus_on(app, watch)
    key(app, pygame.K_RETURN)
    assert isinstance(inner(app), ReplayViewer)
    ben.client.close()
    game.client.close()


def test_a_dropped_connection_shows_reconnecting_and_the_game_goes_on(app, host, tmp_path):
    game = join_in_window(app, host.host.address, host.host.room.settings.code, "Ana", tmp_path)
    ben = join(host, "Ben", tmp_path)
    frames_until(app, lambda: game.lobby is not None and len(game.lobby.players) == 2)
    host.start_round()
    frames_until(app, lambda: game.turn is not None)
    key(app, pygame.K_RETURN)  # Start: the first decision
    decision = inner(app)
    assert isinstance(decision, Decision)
    for connection in list(host.host.connections.values()):
        host._loop.call_soon_threadsafe(connection.transport.abort)  # the Wi-Fi drops
    frames_until(app, lambda: game.reconnecting)
    assert "Reconnecting\u2026" in drawn(app)
    frames_until(app, lambda: not game.reconnecting)
    assert inner(app) is decision  # the same turn, the choices as they were
    focus_on(app, decision.confirm)
    key(app, pygame.K_RETURN)
    frames_until(app, lambda: isinstance(inner(app), Notice))
    assert game.given
    ben.client.close()
    game.client.close()


def test_the_clock_is_shown_and_the_turns_it_decided_are_said_up_to_the_debrief(app, tmp_path):
    timed = start_host(load_builtin("tutorial", ["rules.turns=4"]), turn_seconds=0.8)
    try:
        game = join_in_window(
            app, timed.host.address, timed.host.room.settings.code, "Ana", tmp_path
        )
        ben = join(timed, "Ben", tmp_path)
        frames_until(app, lambda: game.lobby is not None and len(game.lobby.players) == 2)
        timed.start_round()
        frames_until(app, lambda: game.turn is not None)
        assert any("left, then: hold, no signal" in line for line in drawn(app))
        assert any("runs out, your orders are given for you: hold" in line for line in drawn(app))
        # Ana does not decide; the clock holds for her and the next turn says so
        frames_until(app, lambda: game.turn is not None and game.turn.turn == 1)
        assert game.turn.timed_out
        assert any("last turn the clock decided for you" in line for line in drawn(app))
        # nobody decides: the clock plays the game out, and the debrief says whose turns it gave
        frames_until(app, lambda: isinstance(inner(app), Debrief))
        said = " ".join(drawn(app))
        assert "The clock gave your orders on turn 1, 2" in said and "(hold, no signal)" in said
        ben.client.close()
        game.client.close()
    finally:
        timed.stop()


def test_when_the_teacher_ends_the_session_the_student_is_told_and_can_go_back(app, host, tmp_path):
    game = join_in_window(app, host.host.address, host.host.room.settings.code, "Ana", tmp_path)
    frames_until(app, lambda: bool(game.name))
    host.end_session()
    frames_until(app, lambda: isinstance(inner(app), Notice) and "over" in inner(app).title)
    assert "The class session is over" in drawn(app)
    key(app, pygame.K_RETURN)  # Back to the title
    assert not app.running  # this window was opened on the join screen: leaving closes it


def test_another_version_of_the_game_is_said_in_one_line(app, host, tmp_path, monkeypatch):
    monkeypatch.setattr("game.net.client.PROTOCOL_VERSION", 99)  # a newer game's client
    game = join_in_window(app, host.host.address, host.host.room.settings.code, "Ana", tmp_path)
    screen = inner(app)
    assert isinstance(screen, JoinScreen)
    frames_until(app, lambda: bool(screen.problem))
    assert "version" in screen.problem.lower() and "\n" not in screen.problem
    assert screen.problem in " ".join(drawn(app))  # wrapped, all of it on screen
    game.client.close()
