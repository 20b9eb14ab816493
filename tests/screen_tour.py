"""A walk through every screen of the window, driven by real events, for tests and pictures.

:func:`tour` shows one screen after another in an :class:`~game.ui.app.App` and yields a
name whenever a screen is ready to be looked at. The layout test checks each one at every
window and interface size; ``tools/screenshots.py`` saves each one as a PNG. Settings,
saves and replays go to the folders the caller has set (a test's own, or a temporary one).
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pygame
from ui_driver import focus_on, key, lift_curtain, move_on, type_text

from game.ai.registry import make_strategy
from game.levels import load_builtin
from game.replay import read_replay
from game.rules.model import Posture, Side
from game.session.match import Match
from game.session.saves import save_finished
from game.ui.app import App
from game.ui.flow import MatchFlow
from game.ui.guide import PAGES, HowToPlay
from game.ui.menu import Menu
from game.ui.screens import Curtain, Debrief, Decision
from game.ui.settings_screen import SettingsScreen
from game.ui.setup import OpenLevel, PlayMode


def confirm(app: App) -> None:
    """The shown decision's orders as they stand, confirmed with Enter."""
    decision = app.scene
    assert isinstance(decision, Decision)
    focus_on(app, decision.confirm)
    key(app, pygame.K_RETURN)


def menus(app: App) -> Iterator[str]:
    """The title, set-ups, level browser, file browser, a broken level file, guide, settings."""
    menu = Menu(app)
    menu.title()
    yield "00-title"
    menu.setup(PlayMode.VERSUS)
    key(app, pygame.K_DOWN, 6)  # in the level list: Talk Is Cheap
    yield "00-setup-vs-ai"
    menu.setup(PlayMode.HOT_SEAT)
    yield "00-setup-hot-seat"
    menu.setup(PlayMode.WATCH)
    yield "00-setup-watch"
    menu.browse_levels()
    key(app, pygame.K_DOWN, 7)
    yield "00-levels"
    mine = Path(os.environ["SECURITY_DILEMMA_DATA_DIR"]) / "classroom-levels" / "war.toml"
    mine.parent.mkdir(parents=True, exist_ok=True)
    mine.write_text(load_builtin("fog-of-war").text, encoding="utf-8")
    OpenLevel(menu, lambda level: None, menu.title).open_path(str(mine))  # now a recent file
    browser = OpenLevel(menu, lambda level: None, menu.title)
    app.show(browser)
    browser.browse(mine.parent.parent)
    yield "00-open-level"
    broken = Path(os.environ["SECURITY_DILEMMA_DATA_DIR"]) / "my-level.toml"
    broken.write_text(
        load_builtin("tutorial").text.replace("turns = 12", "turns = 0\nturn = 5"),
        encoding="utf-8",
    )
    dialog = OpenLevel(menu, lambda level: None, menu.title)
    app.show(dialog)
    dialog.open_path(str(broken))
    yield "00-open-level-error"
    app.show(HowToPlay(app, menu.title))
    for page in range(1, len(PAGES) + 1):
        yield f"00-how-to-play-{page}"
        key(app, pygame.K_RIGHT)
    app.show(SettingsScreen(app, menu.title))
    yield "00-settings"


def hot_seat(app: App) -> Iterator[str]:
    """A short hot-seat game: briefing, curtain, decisions, a report, the debrief."""
    level = load_builtin("fog-of-war", ["rules.turns=4"])
    flow = MatchFlow(app, level, 7, {Side.RED: "human", Side.BLUE: "human"})
    flow.start()
    yield "01-briefing"
    key(app, pygame.K_RETURN)
    yield "02-curtain"
    lift_curtain(app)
    yield "03-decision-first-turn"
    assert isinstance(app.scene, Decision)
    app.scene.posture.select(Posture.ARM)
    confirm(app)
    lift_curtain(app)  # Blue's curtain
    assert isinstance(app.scene, Decision)
    app.scene.posture.select(Posture.DISARM)
    confirm(app)
    lift_curtain(app)  # Red's curtain, turn 2
    yield "04-report"
    key(app, pygame.K_RETURN)
    key(app, pygame.K_b)
    yield "05-decision-with-belief"
    key(app, pygame.K_ESCAPE)
    yield "10-pause-menu"
    focus_on(app, app.scene.focus.widgets[-1])  # leave without saving: asked first
    key(app, pygame.K_RETURN)
    yield "10-pause-discard-question"
    key(app, pygame.K_ESCAPE)  # keep the game
    key(app, pygame.K_ESCAPE)
    while not isinstance(app.scene, Debrief):
        if isinstance(app.scene, Decision):
            confirm(app)
        else:
            move_on(app)
    yield "06-debrief"


def against_the_computer(app: App) -> Iterator[str]:
    """Deterrence (with the strike question), a matrix game, and a long game mid-way."""
    vs_ai = MatchFlow(
        app,
        load_builtin("deterrence", ["rules.turns=6"]),
        3,
        {Side.RED: "human", Side.BLUE: "true-to-type"},
    )
    vs_ai.start()
    key(app, pygame.K_RETURN)
    yield "07-decision-vs-ai"
    decision = app.scene
    assert isinstance(decision, Decision)
    focus_on(app, decision.strike)
    key(app, pygame.K_RIGHT)
    confirm(app)
    yield "07-strike-confirmation"
    key(app, pygame.K_ESCAPE)
    matrix = MatchFlow(
        app,
        load_builtin("prisoners-dilemma", ["rules.turns=20"]),
        3,
        {Side.RED: "human", Side.BLUE: "tit-for-tat"},
    )
    matrix.start()
    key(app, pygame.K_RETURN)
    yield "07-decision-matrix"
    long_game = MatchFlow(
        app, load_builtin("fog-of-war"), 21, {Side.RED: "human", Side.BLUE: "tit-for-tat"}
    )
    long_game.start()
    key(app, pygame.K_RETURN)
    for turn in range(9):
        decision = app.scene
        assert isinstance(decision, Decision)
        decision.posture.select(Posture.ARM if turn in (2, 3, 5) else Posture.DISARM)
        confirm(app)
        key(app, pygame.K_RETURN)  # past the report
    key(app, pygame.K_b)
    yield "08-decision-mid-game"


def watching(app: App) -> Iterator[str]:
    """Two computers playing, mid-game."""
    flow = MatchFlow(
        app, load_builtin("fog-of-war"), 4, {Side.RED: "bayesian", Side.BLUE: "tit-for-tat"}
    )
    flow.start()
    key(app, pygame.K_RETURN)
    key(app, pygame.K_n, 8)  # eight single steps
    yield "09-watch-ai-vs-ai"


def replays(app: App) -> Iterator[str]:
    """A spiral in the replay viewer (the turn, its charts, the verdict), then the replay list."""
    from game.ui.replay_list import ReplayList
    from game.ui.replay_viewer import ReplayViewer

    level = load_builtin("fog-of-war")
    controllers = {Side.RED: "tit-for-tat", Side.BLUE: "tit-for-tat"}
    match = Match(level.scenario, 1, make_strategy("tit-for-tat"), make_strategy("tit-for-tat"))
    match.play_out()
    path = save_finished(level, controllers, match)
    menu = Menu(app)
    app.show(ReplayViewer(app, read_replay(path), menu.title))
    key(app, pygame.K_END)
    key(app, pygame.K_LEFT, 3)
    yield "11-replay-turn"
    key(app, pygame.K_c)
    yield "11-replay-arsenals"
    key(app, pygame.K_c)
    yield "12-replay-tension"
    key(app, pygame.K_c, 3)
    yield "13-replay-verdict"
    app.show(ReplayList(app, menu.watch_replay, menu.title))
    yield "14-replay-list"


def classroom(app: App) -> Iterator[str]:
    """A class session with three pairs' games: the session screen and the summary."""
    from game.session.classroom import record_game, start_session
    from game.ui.classroom import ClassroomStart, session_summary

    session = start_session("Period 3, 4 March")
    level = load_builtin("fog-of-war")
    controllers = {Side.RED: "tit-for-tat", Side.BLUE: "tit-for-tat"}
    for seed, pair in ((1, "Ana & Ben"), (4, "Cy & Dee"), (11, "Eve & Fox"), (2, "Ana & Ben")):
        match = Match(level.scenario, seed, make_strategy("tit-for-tat"), make_strategy("grim"))
        match.play_out()
        record_game(session, pair, level, controllers, match, None)
    menu = Menu(app)
    app.show(ClassroomStart(app, lambda s, p: None, lambda s: None, menu.title, session))
    yield "15-classroom-session"
    app.show(session_summary(app, session, menu.title))
    yield "16-teacher-summary"


def lab(app: App, sweep_games: int = 50) -> Iterator[str]:
    """The lab once its games are in, and its sweep map (``sweep_games`` a cell)."""
    from game.ui.lab import Lab

    menu = Menu(app)
    scene = Lab(app, menu.levels, menu.title, lambda replay: None, sweep_games=sweep_games)
    app.show(scene)
    fog = next(index for index, level in enumerate(menu.levels) if level.id == "fog-of-war")
    scene.level_choice.select(fog)
    assert scene.level_choice.on_change is not None
    scene.level_choice.on_change(fog)

    def settle() -> None:
        deadline = time.monotonic() + 120
        while scene.busy and time.monotonic() < deadline:
            app.frame()
            time.sleep(0.02)

    yield "17-lab-computing"
    settle()
    yield "17-lab"
    key(app, pygame.K_v)
    settle()
    yield "18-lab-sweep-map"


def class_game(app: App) -> Iterator[str]:
    """A networked class game on a real host on 127.0.0.1: the teacher's and Ana's screens.

    Ana plays in the window; Ben, Cy and Dee are clients driven through the net API.
    """
    from net_driver import eventually, join, join_in_order, play_out

    from game.levels import builtin_ids
    from game.net.client import NetClient, SeatBook
    from game.net.dashboard import SeatStatus
    from game.ui.dashboard import ClassDashboard, open_hosting
    from game.ui.network_join import JoinScreen
    from game.ui.network_play import NetworkGame
    from game.ui.network_screens import Online

    def frames_until(done: Callable[[], bool]) -> None:
        deadline = time.monotonic() + 60  # a busy machine: only a stuck game fails
        while not done():
            assert time.monotonic() < deadline, "the class game stood still"
            app.frame()
            time.sleep(0.005)

    folder = Path(os.environ["SECURITY_DILEMMA_DATA_DIR"]) / "tour-seats"
    levels = [load_builtin(level_id) for level_id in builtin_ids()]
    setup = open_hosting(app, levels, app.quit, "127.0.0.1", 0)
    focus_on(app, setup.clock)
    key(app, pygame.K_RIGHT, 2)  # a one-minute clock
    yield "19-host-setup"
    focus_on(app, setup.overrides)
    type_text(app, "rules.turns=3")
    focus_on(app, setup.start_button)
    key(app, pygame.K_RETURN)
    dashboard = app.scene
    assert isinstance(dashboard, ClassDashboard), setup.problem
    host = dashboard.host
    address, code = host.host.address, host.host.room.settings.code
    yield "19-dashboard-empty"

    wrong = NetworkGame(app, app.quit, NetClient(SeatBook(folder / "wrong.json")))
    wrong.open(address, code[::-1], "Ana")
    key(app, pygame.K_RETURN)
    screen = wrong.join_screen
    assert isinstance(screen, JoinScreen)
    frames_until(lambda: bool(screen.problem))
    yield "20-join-wrong-code"
    ana = NetworkGame(app, app.quit, NetClient(SeatBook(folder / "ana.json")))
    ana.open(address, code, "Ana")
    key(app, pygame.K_RETURN)
    frames_until(lambda: bool(ana.name))
    students = [join(host, "Ben", folder)]
    eventually(lambda: len(host.dashboard().lobby) == 2)  # type: ignore[union-attr]
    students += join_in_order(host, ["Cy", "Dee"], folder)
    frames_until(lambda: ana.lobby is not None and len(ana.lobby.players) == 4)
    yield "20-lobby"
    host.start_round()
    frames_until(lambda: ana.turn is not None)
    yield "20-net-first-turn"
    key(app, pygame.K_RETURN)
    yield "20-net-decision"
    scene = app.scene
    assert isinstance(scene, Online) and isinstance(scene.inner, Decision)
    focus_on(app, scene.inner.confirm)
    key(app, pygame.K_RETURN)
    eventually(lambda: host.dashboard().pairs[0].status[0] is SeatStatus.WAITING)  # type: ignore[union-attr]
    frames_until(lambda: ana.given)
    yield "20-net-waiting"
    play_out(students[1:])  # Cy and Dee finish their game
    host.end_game(1)
    frames_until(lambda: isinstance(app.scene, Online) and isinstance(app.scene.inner, Debrief))
    debrief = app.scene
    yield "20-net-debrief"
    app.show(dashboard)
    board = host.dashboard
    frames_until(lambda: all(pair.finished for pair in board().pairs))  # type: ignore[union-attr]
    frames_until(lambda: dashboard.board is board() and len(dashboard.games.rows) == 2)
    yield "19-dashboard"
    app.show(debrief)
    host.stop()
    frames_until(lambda: ana.reconnecting)
    yield "20-net-reconnecting"
    for student in students:
        student.client.close()
    ana.client.close()
    wrong.client.close()


def tour(app: App, sweep_games: int = 50) -> Iterator[str]:
    """Every screen in turn; each name is yielded once its screen is ready to be seen."""
    yield from menus(app)
    yield from hot_seat(app)
    yield from against_the_computer(app)
    yield from watching(app)
    yield from replays(app)
    yield from classroom(app)
    yield from lab(app, sweep_games)
    yield from class_game(app)
    assert not isinstance(app.scene, Curtain)
