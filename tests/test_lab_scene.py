"""The lab in the window, driven headless by real pygame events, with few games per setting."""

from __future__ import annotations

import functools
import os
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import lab_gates
import pygame
import pytest
from ui_driver import click, drawn, focus_on, key, mouse, wait, wheel

import game.session.lab as session_lab
import game.ui.lab as lab_module
from game.ai.registry import factory_from_spec
from game.levels import LevelError, load_builtin
from game.rules.model import Outcome, Side
from game.rules.noise import game_seeds
from game.session.lab import KNOBS, METRICS, OUTCOMES, run_point, run_sweep, with_settings
from game.session.lab_work import setting_text
from game.session.results import game_results
from game.session.runner import run_games
from game.ui.app import App
from game.ui.lab import Lab, metric_text, percent
from game.ui.painter import Recorder
from game.ui.settings import Settings
from game.ui.theme import Theme, Type

GAMES = 40
SHORT = ["rules.turns=10"]
"""Fog of War in ten turns: a few dozen games play in a blink."""


def settle(app: App, lab: Lab, limit: float = 60.0) -> None:
    """Draw frames until the lab has its results (the limit only guards against a hang)."""
    deadline = time.monotonic() + limit
    app.frame()
    while lab.busy:
        assert time.monotonic() < deadline, "the lab never finished"
        app.frame()
        time.sleep(0.002)
    app.frame()


def open_lab(app: App, levels=None, on_back=lambda: None) -> tuple[Lab, list]:
    """The lab on screen with its first results; the replays it hands over go to the list."""
    levels = levels or [load_builtin("fog-of-war", SHORT)]
    replays: list = []
    lab = Lab(app, levels, on_back, replays.append, games=GAMES, sweep_games=4)
    app.show(lab)
    settle(app, lab)
    return lab, replays


def point_texts(result) -> list[str]:
    """What the results view writes for a point: the four big numbers and the outcome bars."""
    texts = [metric_text(metric, result.metric(metric)) for metric in METRICS]
    return texts + [percent(result.outcome_shares[outcome.key]) for outcome in OUTCOMES]


def expected_point(level, settings: list[str]):
    return run_point(with_settings(level, settings), "bayesian", "tit-for-tat", GAMES, 1)


def shows(record: list[str], texts: list[str]) -> bool:
    return not Counter(texts) - Counter(record)


def test_moving_a_slider_replays_the_games_and_shows_their_numbers(app):
    lab, _ = open_lab(app)
    level = lab.level
    before = point_texts(expected_point(level, []))
    assert shows(drawn(app), before)
    assert lab.focus.current is lab.sliders[0]  # perception noise, the first slider
    assert KNOBS[0].path == "intel.posture_misread"
    key(app, pygame.K_RIGHT, 3)  # 20% -> 35%
    assert lab.busy
    settle(app, lab)
    after = point_texts(expected_point(level, ["intel.posture_misread=0.35"]))
    assert after != before  # the setting matters, so the comparison can tell
    record = drawn(app)
    assert shows(record, after)
    assert "35%" in record
    key(app, pygame.K_RETURN)  # back to the level's own value: shown again without replaying
    assert not lab.busy
    assert shows(drawn(app), before)


class Gate:
    """A gate for the lab's worker: the gated work waits until :meth:`open`; its log."""

    def __init__(self, folder) -> None:
        self.path = str(folder / "open")
        self.log = str(folder / "log")

    def open(self) -> None:
        with open(self.path, "w", encoding="utf-8"):
            pass

    def lines(self) -> list[str]:
        return lab_gates.lines(self.log)

    def until(self, lab: Lab, check) -> None:
        """Wait until ``check()`` holds for the worker's log or progress (a guard, not a timing)."""
        deadline = time.monotonic() + 60
        while not check():
            assert time.monotonic() < deadline, "the worker never got there"
            lab.worker.poll()
            time.sleep(0.002)


def gate_points(monkeypatch, tmp_path, first_only: bool) -> Gate:
    """Make the lab's games for a setting wait at a gate (only the first, if asked)."""
    gate = Gate(tmp_path)
    held = functools.partial(lab_gates.held_point, gate.path, gate.log, first_only)
    monkeypatch.setattr(lab_module, "play_point", held)
    return gate


def test_the_window_keeps_drawing_while_the_games_are_played(app, monkeypatch, tmp_path):
    lab, _ = open_lab(app)
    before = point_texts(expected_point(lab.level, []))
    gate = gate_points(monkeypatch, tmp_path, first_only=False)
    key(app, pygame.K_RIGHT)
    gate.until(lab, lambda: lab.job.done == GAMES / 2)
    for _ in range(5):  # the games wait on the gate; every frame still comes back and draws
        record = drawn(app)
        assert lab.busy
        assert f"Playing {GAMES} games at this setting\u2026" in record
        assert "50%" in record
        assert shows(record, before)  # the previous result stays, dimmed
    gate.open()
    settle(app, lab)
    assert shows(drawn(app), point_texts(expected_point(lab.level, ["intel.posture_misread=0.25"])))


def screen_bytes(app: App) -> bytes:
    return pygame.image.tobytes(app.screen, "RGB")


def counted_charts(monkeypatch) -> list[int]:
    """Count the charts drawn (one entry each)."""
    calls: list[int] = []
    chart = lab_module.charts.chart

    def counted(*args, **kwargs):
        calls.append(1)
        return chart(*args, **kwargs)

    monkeypatch.setattr(lab_module.charts, "chart", counted)
    return calls


def test_while_the_games_play_the_dimmed_results_are_copied_and_look_as_drawn(
    app, monkeypatch, tmp_path
):
    lab, _ = open_lab(app)
    gate = gate_points(monkeypatch, tmp_path, first_only=False)
    key(app, pygame.K_RIGHT)
    gate.until(lab, lambda: lab.job.done == GAMES / 2)
    app.frame()
    charts = counted_charts(monkeypatch)
    copied = []
    for _ in range(3):
        app.frame()
        copied.append(screen_bytes(app))
    assert charts == []  # the games go on; the charts are not drawn again
    lab.snapshots.clear()
    app.frame()
    assert len(charts) == 2  # weapons and security, drawn afresh
    assert copied == [screen_bytes(app)] * 3
    gate.open()


def test_arrived_results_are_drawn_a_chart_a_frame_then_shown_whole(app, monkeypatch, tmp_path):
    lab, _ = open_lab(app)
    gate = gate_points(monkeypatch, tmp_path, first_only=False)
    key(app, pygame.K_RIGHT)
    gate.until(lab, lambda: lab.job.done == GAMES / 2)
    charts = counted_charts(monkeypatch)
    gate.open()
    per_frame = []
    deadline = time.monotonic() + 60
    while lab.busy:
        assert time.monotonic() < deadline, "the lab never finished"
        app.frame()
        per_frame.append(len(charts))
        charts.clear()
        time.sleep(0.002)
    assert max(per_frame) == 1  # never both charts in one frame
    newer = point_texts(expected_point(lab.level, ["intel.posture_misread=0.25"]))
    assert shows(drawn(app), newer)
    assert charts == []  # shown from the pieces drawn ahead
    shown = screen_bytes(app)
    lab.snapshots.clear()
    app.frame()
    assert screen_bytes(app) == shown  # as if drawn in one frame


def test_a_newer_setting_cancels_the_older_games_and_only_its_result_shows(
    app, monkeypatch, tmp_path
):
    lab, _ = open_lab(app)
    gate = gate_points(monkeypatch, tmp_path, first_only=True)
    key(app, pygame.K_RIGHT)  # 25%: its games wait at a gate that never opens
    stale = lab.job
    gate.until(lab, lambda: gate.lines() == ["start"])
    key(app, pygame.K_RIGHT)  # 30% while 25% is still being played
    settle(app, lab)
    assert lab.worker.wait(stale, 30)  # the older games stopped, although the gate is shut
    assert stale.result is None
    assert gate.lines() == ["start", "start", "end"]  # and never ended
    newer = point_texts(expected_point(lab.level, ["intel.posture_misread=0.3"]))
    older = point_texts(expected_point(lab.level, ["intel.posture_misread=0.25"]))
    assert newer != older
    for _ in range(3):
        record = drawn(app)
        assert shows(record, newer)
        assert not lab.busy


def test_the_sweep_map_writes_each_cells_value(app):
    lab, _ = open_lab(app)
    key(app, pygame.K_v)
    assert lab.sweep_view
    assert (lab.across.value.path, lab.down.value.path) == (
        "intel.posture_misread",
        "rules.offense_defense_balance",
    )
    focus_on(app, lab.across)
    key(app, pygame.K_RIGHT, 2)  # onto the knob down: the two swap
    assert (lab.across.value.path, lab.down.value.path) == (
        "rules.offense_defense_balance",
        "execution.error",
    )
    key(app, pygame.K_RIGHT)
    assert lab.across.value.path == "rules.distinguishable"
    settle(app, lab)
    axes = lab.axes()
    assert [axis.path for axis in axes] == ["rules.distinguishable", "execution.error"]
    sweep = run_sweep(lab.level, "bayesian", "tit-for-tat", axes, 4, 1)
    for index, metric in enumerate(METRICS):
        if index:
            focus_on(app, lab.metric)
            key(app, pygame.K_RIGHT)  # another metric: the same games, coloured anew
            assert not lab.busy
        grid = sweep.grid(metric)
        assert grid.shape == (11, 2)
        cells = [metric_text(metric, float(value), 0) for value in grid.flat]
        record = drawn(app)
        assert shows(record, cells), metric
        assert "Across: Weapon kinds can be told apart" in record  # the field's own title
        assert "Down: Chance an order is carried out differently" in record


def test_the_example_game_is_a_replay_of_the_setting_shown(app):
    level = load_builtin("fog-of-war")
    lab, replays = open_lab(app, [level])
    key(app, pygame.K_END)  # perception noise at its highest: wars happen
    settle(app, lab)
    key(app, pygame.K_e)
    assert lab.example_button.label == "Preparing the example game\u2026"
    settle(app, lab)
    assert len(replays) == 1
    replay = replays[0]
    assert replay.level.overrides == ("intel.posture_misread=0.5",)
    assert replay.controllers == {Side.RED: "bayesian", Side.BLUE: "tit-for-tat"}
    played = with_settings(level, ["intel.posture_misread=0.5"])
    seeds = game_seeds(1, GAMES)
    batch = game_results(
        run_games(
            played.scenario,
            factory_from_spec("bayesian"),
            factory_from_spec("tit-for-tat"),
            seeds,
        ).state,
        seeds,
    )
    wars = [result for result in batch if result.outcome is Outcome.SPIRAL_TO_WAR]
    assert wars, "this setting should spiral into war in some game"
    assert replay.seed == wars[0].seed  # the first game that spiralled, not just any
    assert replay.finished
    assert game_results(replay.state, [replay.seed])[0].outcome is Outcome.SPIRAL_TO_WAR


def test_a_setting_the_level_does_not_allow_shows_its_first_problem(app):
    europe = load_builtin("europe-1909")
    lab, _ = open_lab(app, [europe])
    focus_on(app, lab.sliders[5])
    assert lab.focus.current is lab.sliders[5] and KNOBS[5].path == "rules.turns"
    key(app, pygame.K_HOME)  # 5 turns, but the level has events on later turns
    with pytest.raises(LevelError) as error:
        with_settings(europe, ["rules.turns=5"])
    problem = str(error.value.problems[0])
    record = drawn(app)
    assert "This setting cannot be played" in record
    assert problem in " ".join(record)  # the whole problem, wrapped onto as many lines as it needs
    assert not lab.busy
    key(app, pygame.K_e)  # no example of an impossible setting
    assert not lab.busy
    key(app, pygame.K_RETURN)  # back to the level's own length
    settle(app, lab)
    assert "This setting cannot be played" not in drawn(app)


def test_a_slider_follows_a_click_and_a_drag(app):
    lab, _ = open_lab(app)
    app.frame()
    slider = lab.sliders[1]
    track = slider.track
    mouse(app, pygame.MOUSEBUTTONDOWN, (track.right, track.top), button=1)
    assert lab.focus.current is slider and slider.value == 0.5
    mouse(
        app,
        pygame.MOUSEMOTION,
        (track.left + track.width // 2, track.top),
        rel=(0, 0),
        buttons=(1, 0, 0),
    )
    assert slider.value == 0.25
    mouse(app, pygame.MOUSEBUTTONUP, (track.left + track.width // 2, track.top), button=1)
    mouse(app, pygame.MOUSEMOTION, (track.left, track.top), rel=(0, 0), buttons=(0, 0, 0))
    assert slider.value == 0.25  # the drag ended with the button
    settle(app, lab)
    assert shows(drawn(app), point_texts(expected_point(lab.level, ["execution.error=0.25"])))
    tabs = lab.view.rect
    mouse(app, pygame.MOUSEBUTTONDOWN, (tabs.right - 5, tabs.centery), button=1)
    assert lab.sweep_view


def test_escape_goes_back_and_stops_the_worker_processes(app):
    backs: list[bool] = []
    lab, _ = open_lab(app, on_back=lambda: backs.append(True))
    key(app, pygame.K_e)
    assert lab.worker.running and lab.examples.running
    key(app, pygame.K_ESCAPE)
    assert backs == [True]
    assert not lab.worker.running and not lab.examples.running


def test_closing_the_window_stops_the_labs_worker(app):
    lab, _ = open_lab(app)
    assert lab.worker.running
    app.close()
    assert not lab.worker.running


def test_the_labs_games_run_in_a_process_without_pygame(app):
    lab, _ = open_lab(app)
    job = lab.worker.submit(None, lab_gates.pygame_loaded)
    assert lab.worker.wait(job, 60)
    assert job.result is False  # the window's process has it; the worker never
    failed = lab.worker.submit(None, lab_gates.fail)
    assert lab.worker.wait(failed, 60)
    assert "ZeroDivisionError: a bug in the work" in str(failed.error)


def one_row_sweep(app: App, lab: Lab) -> None:
    """The sweep map of perception noise alone (11 settings), played and on screen."""
    key(app, pygame.K_v)
    focus_on(app, lab.down)
    while lab.down.value is not None:
        key(app, pygame.K_LEFT)
    settle(app, lab)


def gate_sweep(monkeypatch, tmp_path) -> Gate:
    """Each setting's games report half of their first game... then wait at a gate."""
    gate = Gate(tmp_path)
    monkeypatch.setattr(
        lab_module, "play_sweep", functools.partial(lab_gates.held_sweep, gate.path, gate.log)
    )
    return gate


def test_a_sweep_shows_progress_and_time_left_and_esc_really_stops_it(app, monkeypatch, tmp_path):
    backs: list[bool] = []
    lab, _ = open_lab(app, on_back=lambda: backs.append(True))
    one_row_sweep(app, lab)
    wait(app, 0)  # from here the window's clock is the test's
    gate = gate_sweep(monkeypatch, tmp_path)
    focus_on(app, lab.sliders[1])
    key(app, pygame.K_RIGHT)  # execution noise: the whole map is played again
    job = lab.job
    gate.until(lab, lambda: job.done == 2)  # half of the first setting's 4 games
    wait(app, 3000)  # 2 of 44 games in 3 s: 42 more take 63 s at that pace
    record = drawn(app)
    assert "Playing 11 settings \u00d7 4 games\u2026" in record
    assert "2 of 44 games \u00b7 about 63 s left" in record
    assert "5%" in record
    assert "Cancel (Esc)" in record
    key(app, pygame.K_ESCAPE)
    assert not lab.busy and backs == []  # Esc stopped the sweep, and the lab stays
    assert "The sweep was stopped" in drawn(app)
    assert lab.worker.wait(job, 30)  # the worker stopped it, with its gate still shut
    gate.open()
    assert job.result is None and gate.lines() == ["cell"]  # no further setting was started
    for _ in range(3):
        assert "The sweep was stopped" in drawn(app)
        assert not lab.busy
    click(app, lab.cancel_button.rect)  # "Play the sweep again"
    assert lab.busy
    settle(app, lab)
    assert gate.lines() == ["cell"] * (1 + 11)
    sweep = run_sweep(lab.level, "bayesian", "tit-for-tat", lab.axes(), 4, 1)
    assert lab.sweep[1].rows() == run_sweep_with(lab, ["execution.error=0.05"]).rows()
    assert sweep.rows() != lab.sweep[1].rows()  # the setting moved the map
    key(app, pygame.K_ESCAPE)
    assert backs == [True]  # with nothing to cancel, Esc goes back


def run_sweep_with(lab: Lab, settings: list[str]):
    return run_sweep(
        with_settings(lab.level, settings), "bayesian", "tit-for-tat", lab.axes(), 4, 1
    )


def test_the_cancel_button_stops_a_sweep(app, monkeypatch, tmp_path):
    lab, _ = open_lab(app)
    one_row_sweep(app, lab)
    gate = gate_sweep(monkeypatch, tmp_path)
    focus_on(app, lab.sliders[1])
    key(app, pygame.K_RIGHT)
    job = lab.job
    gate.until(lab, lambda: job.done == 2)
    app.frame()
    click(app, lab.cancel_button.rect)
    assert not lab.busy
    assert lab.worker.wait(job, 30)
    gate.open()
    assert job.result is None and gate.lines() == ["cell"]


def test_drawing_the_lab_does_not_rebuild_the_level_schema_every_frame(app, monkeypatch):
    lab, _ = open_lab(app)
    key(app, pygame.K_RIGHT)  # a moved slider: every frame writes its --set override
    settle(app, lab)
    setting_text.cache_clear()
    builds: list[int] = []
    build = session_lab.level_schema

    def counted():
        builds.append(1)
        return build()

    monkeypatch.setattr(session_lab, "level_schema", counted)
    for _ in range(10):
        app.frame()
    assert len(builds) <= 1


def test_no_text_of_the_lab_is_smaller_than_the_type_scale_allows(app, monkeypatch):
    sizes: list[float] = []
    font = Theme.font

    def measured(theme, size, bold=False, text=""):
        sizes.append(size)
        return font(theme, size, bold, text)

    lab, _ = open_lab(app, [load_builtin("fog-of-war", SHORT), load_builtin("europe-1909")])
    monkeypatch.setattr(Theme, "font", measured)
    views = {}

    def look(name: str) -> None:
        sizes.clear()
        lab.snapshots.clear()  # every piece drawn in this frame, none copied
        app.frame()
        views[name] = min(sizes)

    look("results")
    key(app, pygame.K_v)
    settle(app, lab)
    look("sweep map")
    focus_on(app, lab.level_choice)
    key(app, pygame.K_RIGHT)  # Europe 1909
    focus_on(app, lab.sliders[5])
    key(app, pygame.K_HOME)  # 5 turns: the level's events come later
    assert lab.problem
    look("a level problem")
    assert all(size >= Type.SMALL for size in views.values()), views


WINDOW_SCRIPT = """
import pygame  # a script that opens a window, without an `if __name__ == "__main__"` guard
import lab_gates
from game.session.worker import Worker

worker = Worker()
job = worker.submit(None, lab_gates.pygame_loaded)
assert worker.wait(job, 60)
print(job.error or job.result)
worker.close()
"""


def test_a_worker_started_by_a_script_without_a_main_guard_does_not_run_it_again(tmp_path):
    script = tmp_path / "window.py"
    script.write_text(WINDOW_SCRIPT, encoding="utf-8")
    root = Path(__file__).resolve().parents[1]
    paths = os.pathsep.join([str(root), str(root / "tests")])
    done = subprocess.run(
        [sys.executable, str(script)],
        env=dict(os.environ, PYTHONPATH=paths),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.split()[-1] == "False"  # it ran, and without pygame


def test_at_the_largest_interface_size_the_lab_keeps_its_size_and_scrolls_to_everything():
    window = App((1280, 720), Settings(ui_scale=1.75))
    try:
        lab, _ = open_lab(window)
        recorder = Recorder()
        window.painter.recorder = recorder
        window.frame()
        window.painter.recorder = None
        heading = next(item for item in recorder.drawn if item.label == "Lab")
        assert heading.at[-1] == window.theme.font(Type.HEADING, bold=True).get_height()
        assert window.theme.scale == 1.75  # drawn at the size chosen, not shrunk to fit
        assert lab.columns[0].hidden  # one column, longer than the window
        seen: set[str] = set()
        for _ in range(40):  # Page Down, a columnful at a time, to the end
            seen.update(drawn(window))
            key(window, pygame.K_PAGEDOWN)
        expected = point_texts(expected_point(lab.level, []))
        assert set(expected) <= seen  # every number of the results, the page it is on aside
        assert {"Game length", "How the games ended", "Back"} <= seen
        assert "Security in %: real (solid) and felt (dashed)" in seen
        focus_on(window, lab.level_choice)  # the focus brings the first control back
        assert "Level" in drawn(window) and lab.columns[0].first == 0
        wheel(window, lab.columns[0].rect, 2)  # and the wheel scrolls on from there
        assert lab.columns[0].first == 2 and "Level" not in drawn(window)
    finally:
        window.close()


def test_a_worker_killed_while_it_writes_its_progress_does_not_freeze_the_window(
    app, monkeypatch, tmp_path
):
    lab, _ = open_lab(app)
    gate = gate_points(monkeypatch, tmp_path, first_only=True)
    key(app, pygame.K_RIGHT)
    gate.until(lab, lambda: lab.job.done == GAMES / 2)
    lock = lab.worker._progress.get_lock()
    assert lock.acquire(timeout=10)  # held for good, as by a worker killed while writing it
    os.kill(lab.worker.pid, signal.SIGKILL)
    settle(app, lab)  # frames go on
    assert "The games could not be played: the worker process stopped" in " ".join(drawn(app))


def test_a_worker_that_dies_is_said_in_a_line_and_the_next_change_starts_another(
    app, monkeypatch, tmp_path
):
    lab, _ = open_lab(app)
    gate = gate_points(monkeypatch, tmp_path, first_only=True)
    key(app, pygame.K_RIGHT)  # 25%: its games wait at the gate
    gate.until(lab, lambda: gate.lines() == ["start"])
    dead = lab.worker.pid
    os.kill(dead, signal.SIGKILL)  # as the system would, out of memory
    settle(app, lab)
    record = " ".join(drawn(app))
    assert "The games could not be played: the worker process stopped" in record
    key(app, pygame.K_RIGHT)  # 30%: played by a new worker
    settle(app, lab)
    assert lab.worker.pid not in (None, dead)
    assert not lab.problem
    assert shows(drawn(app), point_texts(expected_point(lab.level, ["intel.posture_misread=0.3"])))
