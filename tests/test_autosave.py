"""A game in progress survives a killed process: no turn lost, no file corrupted."""

from __future__ import annotations

import os
import signal
import subprocess
import sys

import pytest

from game.rules.model import Orders, Posture, Side
from game.session.saves import load_saved_game, saved_game_path

PLAYER = """
import sys, time
from game.levels import load_builtin
from game.rules.model import Side
from game.ui.app import App
from game.ui.flow import MatchFlow
from game.ui.screens import Decision, Report

app = App((1280, 720))
flow = MatchFlow(app, load_builtin("fog-of-war"), 8, {Side.RED: "human", Side.BLUE: "bayesian"})
flow.start()
flow.begin_turn()
while not flow.match.finished:
    scene = app.scene
    if isinstance(scene, Decision):
        flow.submit(Side.RED, scene.orders())
        print(flow.match.turn, flush=True)  # the turn is resolved and saved
        time.sleep(0.01)
    elif isinstance(scene, Report):
        scene.done()
"""


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")
def test_a_killed_game_resumes_at_its_last_complete_turn():
    child = subprocess.Popen(
        [sys.executable, "-c", PLAYER],
        stdout=subprocess.PIPE,
        text=True,
        env=dict(os.environ),  # the test's own data folder
    )
    assert child.stdout is not None
    played = 0
    while played < 5:
        played = int(child.stdout.readline())
    child.send_signal(signal.SIGKILL)
    child.wait()
    saved = load_saved_game(saved_game_path())  # verified by re-playing it
    assert saved.turns_played >= played  # every turn reported as played is in the file
    match = saved.resume()
    assert match.turn == saved.turns_played
    while not match.finished:  # and the game goes on to its end
        match.submit(Side.RED, Orders(Posture.HOLD))
        match.resolve()
    assert match.turn == saved.level.scenario.turns or match.result().outcome.is_war
