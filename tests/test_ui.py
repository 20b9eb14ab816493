"""The game window, driven headless by real pygame events: whole games, keys, and secrecy."""

from __future__ import annotations

import pygame
import pytest
from ui_driver import click, drawn, focus_on, key, lift_curtain, move_on, wait

from game.levels import load_builtin
from game.rules.model import Posture, Side, Signal
from game.rules.vocabulary import HEARD, TYPE
from game.ui.app import App
from game.ui.flow import MatchFlow
from game.ui.pause import Pause
from game.ui.screens import CURTAIN_GUARD_MS, Briefing, Curtain, Debrief, Decision, Report
from game.ui.watch import Watch


def confirm_orders(app: App) -> None:
    """Tab to the confirm button and press Enter, as a keyboard player would."""
    decision = app.scene
    while decision.focus.current is not decision.confirm:
        key(app, pygame.K_TAB)
    key(app, pygame.K_RETURN)


def test_a_whole_hot_seat_game_from_briefing_to_debrief(app):
    level = load_builtin("fog-of-war", ["rules.turns=3"])
    flow = MatchFlow(app, level, 5, {Side.RED: "human", Side.BLUE: "human"})
    flow.start()
    app.frame()
    assert isinstance(app.scene, Briefing)
    key(app, pygame.K_RETURN)
    screens = []
    while not isinstance(app.scene, Debrief):
        screens.append(type(app.scene).__name__)
        if isinstance(app.scene, Decision):
            confirm_orders(app)
        else:
            move_on(app)
    # every private screen is preceded by a curtain for its player
    assert screens[:4] == ["Curtain", "Decision", "Curtain", "Decision"]
    assert screens[4:7] == ["Curtain", "Report", "Decision"]
    assert screens.count("Decision") == 6 and screens.count("Curtain") == 6
    assert flow.match.finished and flow.match.turn == 3
    app.frame()
    key(app, pygame.K_TAB, 2)  # Watch the replay -> Play again -> Quit
    key(app, pygame.K_RETURN)
    assert not app.running


def test_keyboard_alone_chooses_and_confirms_orders(app):
    level = load_builtin("costly-signals", ["rules.turns=2"])
    flow = MatchFlow(app, level, 1, {Side.RED: "human", Side.BLUE: "tit-for-tat"})
    flow.start()
    key(app, pygame.K_RETURN)  # past the briefing; no curtain against the computer
    decision = app.scene
    assert isinstance(decision, Decision)
    key(app, pygame.K_RIGHT)  # posture: hold -> arm
    key(app, pygame.K_TAB)  # amount
    key(app, pygame.K_RIGHT)  # 1 -> 2
    key(app, pygame.K_TAB)  # signal
    key(app, pygame.K_RIGHT, 2)  # none -> reassure -> warn
    orders = decision.orders()
    assert (orders.posture, orders.amount, orders.signal) == (Posture.ARM, 2.0, Signal.WARN)
    key(app, pygame.K_TAB, mod=pygame.KMOD_SHIFT)  # back to the amount
    assert decision.focus.current is decision.amount
    confirm_orders(app)
    record = flow.match.turn_log[0]["red"]
    assert record["orders"]["posture"] == "arm" and record["orders"]["amount"] == 2.0
    assert isinstance(app.scene, Report)


def test_the_mouse_works_too(app):
    level = load_builtin("tutorial", ["rules.turns=1"])
    flow = MatchFlow(app, level, 1, {Side.RED: "human", Side.BLUE: "tit-for-tat"})
    flow.start()
    click(app, (640, 360))  # a click anywhere starts the game
    decision = app.scene
    assert isinstance(decision, Decision)
    posture = decision.posture.rect
    click(app, (posture.right - 5, posture.centery))  # the right end: next option
    assert decision.posture.value is Posture.ARM
    click(app, decision.confirm.rect.center)
    assert flow.match.finished
    assert isinstance(app.scene, Debrief)


def test_invalid_orders_are_explained_and_nothing_is_lost(app):
    level = load_builtin("tutorial", ["rules.turns=2"])
    flow = MatchFlow(app, level, 1, {Side.RED: "human", Side.BLUE: "tit-for-tat"})
    flow.start()
    key(app, pygame.K_RETURN)
    decision = app.scene
    decision.strike.select(True)  # the tutorial does not allow strikes
    confirm_orders(app)
    assert app.scene is decision
    assert decision.problems == ["this level does not allow strikes"]
    assert flow.match.turn == 0


def test_no_screen_shows_the_other_sides_secrets_and_curtains_show_nothing(app):
    """Each player sees its own secrets, and a curtain says only who takes over.

    Every value drawn on every hot-seat screen, checked both ways against all of the
    other side's secrets, is the business of ``test_secrecy.py``.
    """
    level = load_builtin(
        "fog-of-war",
        [
            "rules.turns=4",
            'nations.blue.type="expansionist"',
            "nations.blue.arsenal.army=7.3",
            "intel.arsenal_noise=2.0",
        ],
    )
    flow = MatchFlow(app, level, 11, {Side.RED: "human", Side.BLUE: "human"})
    flow.start()
    key(app, pygame.K_RETURN)
    seen: dict[tuple[str, Side], set[str]] = {}
    while not isinstance(app.scene, Debrief):
        scene = app.scene
        app.painter.record = []
        app.frame()
        side = scene.side
        frame = " ".join(app.painter.record)  # a wrapped sentence reads whole again
        seen.setdefault((type(scene).__name__, side), set()).add(frame)
        app.painter.record = None
        if isinstance(scene, Decision):
            if side is Side.RED:
                scene.signal.select(Signal.REASSURE)  # Blue will hear a reassurance
            confirm_orders(app)
        else:
            move_on(app)
    red = " ".join(seen[("Decision", Side.RED)] | seen[("Report", Side.RED)])
    blue = " ".join(seen[("Decision", Side.BLUE)] | seen[("Report", Side.BLUE)])
    blue_name = level.scenario.weapon_names[0]
    # Blue's type, its exact arsenal, and what it heard show on Blue's screens only
    assert f"Government: {TYPE[1]}" in blue and TYPE[1] not in red
    assert f"{blue_name}: 7.3" in blue and f"{blue_name}: 7.3" not in red
    heard_by_blue = f"You heard: {HEARD[Signal.REASSURE]}"
    assert heard_by_blue in blue and heard_by_blue not in red
    # curtains draw only who takes over and who looks away
    for side in (Side.RED, Side.BLUE):
        look, other = flow.looks[side], flow.looks[side.other]
        assert seen[("Curtain", side)] == {  # the prompt waits for the guard: nothing to read
            f"Pass to {look.name} {other.name}, look away \u2026"
        }


def hot_seat_at_the_curtain(app, confirm_key: int = pygame.K_RETURN):
    """Red has confirmed its first orders with ``confirm_key``: Blue's curtain is up."""
    level = load_builtin("fog-of-war", ["rules.turns=3"])
    flow = MatchFlow(app, level, 5, {Side.RED: "human", Side.BLUE: "human"})
    flow.start()
    key(app, pygame.K_RETURN)  # the briefing
    lift_curtain(app)  # Red's curtain
    decision = app.scene
    assert isinstance(decision, Decision) and decision.side is Side.RED
    focus_on(app, decision.confirm)
    key(app, confirm_key)
    assert isinstance(app.scene, Curtain) and app.scene.side is Side.BLUE
    return app.scene


@pytest.mark.parametrize("second", [pygame.K_RETURN, pygame.K_SPACE, pygame.K_KP_ENTER])
def test_a_second_press_right_after_confirming_never_lifts_the_curtain(app, second):
    curtain = hot_seat_at_the_curtain(app)
    for _ in range(4):  # pressed again and again during the guard
        key(app, second)
        wait(app, CURTAIN_GUARD_MS // 5)
        assert app.scene is curtain
    assert "Blueland: press Space when ready" not in drawn(app)


def test_only_space_after_the_guard_lifts_the_curtain(app):
    curtain = hot_seat_at_the_curtain(app, pygame.K_SPACE)
    wait(app, CURTAIN_GUARD_MS - 1)
    key(app, pygame.K_SPACE)
    assert app.scene is curtain
    wait(app, 1)
    assert "Blueland: press Space when ready" in drawn(app)
    for other in (pygame.K_RETURN, pygame.K_KP_ENTER, pygame.K_a):
        key(app, other)
        assert app.scene is curtain
    click(app, (640, 360))
    assert app.scene is curtain
    key(app, pygame.K_SPACE)
    assert isinstance(app.scene, Decision) and app.scene.side is Side.BLUE


def test_a_space_held_from_before_the_curtain_does_not_count(app, monkeypatch):
    level = load_builtin("fog-of-war", ["rules.turns=3"])
    flow = MatchFlow(app, level, 5, {Side.RED: "human", Side.BLUE: "human"})
    flow.start()
    held = [False] * 512
    held[pygame.K_SPACE] = True
    monkeypatch.setattr(pygame.key, "get_pressed", lambda: held)  # SDL: Space is down
    key(app, pygame.K_RETURN)  # the briefing ends, the curtain comes up
    lift_curtain(app)  # after the guard, but the Space was never let go
    assert isinstance(app.scene, Curtain)
    pygame.event.post(pygame.event.Event(pygame.KEYUP, key=pygame.K_SPACE, mod=0, unicode=""))
    app.frame()
    key(app, pygame.K_SPACE)
    assert isinstance(app.scene, Decision)


def test_the_guard_starts_again_when_the_curtain_comes_back_from_the_pause_menu(app):
    curtain = hot_seat_at_the_curtain(app)
    wait(app, CURTAIN_GUARD_MS)
    key(app, pygame.K_ESCAPE)
    assert isinstance(app.scene, Pause)
    key(app, pygame.K_ESCAPE)  # resume
    assert app.scene is curtain
    key(app, pygame.K_SPACE)
    assert app.scene is curtain
    lift_curtain(app)
    assert isinstance(app.scene, Decision)


def deterrence_decision(app):
    """Turn 1 of the deterrence level against a computer, with a first strike chosen."""
    level = load_builtin("deterrence")
    flow = MatchFlow(app, level, 3, {Side.RED: "human", Side.BLUE: "tit-for-tat"})
    flow.start()
    key(app, pygame.K_RETURN)
    decision = app.scene
    assert isinstance(decision, Decision)
    focus_on(app, decision.strike)
    key(app, pygame.K_RIGHT)
    assert decision.strike.value is True
    focus_on(app, decision.confirm)
    return flow, decision


def test_a_first_strike_is_asked_about_and_a_hurried_enter_keeps_the_peace(app):
    flow, decision = deterrence_decision(app)
    key(app, pygame.K_RETURN)
    assert decision.asking is not None and flow.match.turn == 0
    text = " ".join(drawn(app))
    assert "Strike first?" in text and "ends the game" in text
    key(app, pygame.K_RETURN)  # the focus is on the safe answer
    assert decision.asking is None and decision.strike.value is False
    assert app.scene is decision and flow.match.turn == 0


def test_esc_calls_a_strike_off_and_only_the_risky_answer_strikes(app):
    flow, decision = deterrence_decision(app)
    key(app, pygame.K_RETURN)
    key(app, pygame.K_ESCAPE)
    assert decision.asking is None and app.scene is decision and flow.match.turn == 0
    focus_on(app, decision.strike)
    key(app, pygame.K_RIGHT)
    focus_on(app, decision.confirm)
    key(app, pygame.K_RETURN)
    key(app, pygame.K_RIGHT)  # to "Yes, strike first"
    key(app, pygame.K_RETURN)
    assert flow.match.finished and isinstance(app.scene, Debrief)


def test_the_window_adapts_to_its_size(app):
    level = load_builtin("doubly-stable", ["rules.turns=2"])
    flow = MatchFlow(app, level, 1, {Side.RED: "human", Side.BLUE: "tit-for-tat"})
    flow.start()
    key(app, pygame.K_RETURN)
    for size in ((1024, 600), (1920, 1080), (800, 500)):
        pygame.event.post(pygame.event.Event(pygame.VIDEORESIZE, w=size[0], h=size[1]))
        app.frame()
        width, height = app.screen.get_size()
        assert width >= 1024 and height >= 600  # never below the smallest supported size
        confirm = app.scene.confirm.rect
        assert app.screen.get_rect().contains(confirm)


def test_watching_two_computers_with_pause_step_and_speeds(app):
    level = load_builtin("fog-of-war", ["rules.turns=6"])
    flow = MatchFlow(app, level, 3, {Side.RED: "bayesian", Side.BLUE: "tit-for-tat"})
    flow.start()
    key(app, pygame.K_RETURN)  # past the briefing
    watch = app.scene
    assert isinstance(watch, Watch)
    key(app, pygame.K_p)  # pause
    turn = flow.match.turn
    for _ in range(5):
        app.frame()
    assert flow.match.turn == turn  # paused: nothing moves
    key(app, pygame.K_n)  # one step
    assert flow.match.turn == turn + 1 and not watch.playing
    app.painter.record = []
    app.frame()
    shown = set(app.painter.record)
    assert {"Redland's view", "Blueland's view"} <= shown
    assert f"The truth after turn {turn + 1} of 6" in shown
    (unit,) = level.scenario.weapon_names  # counts say what they count, never "weapons"
    assert f"Blueland: {unit}" in shown and not any("weapons" in text for text in shown)
    key(app, pygame.K_m)  # max speed: a turn every frame, until the end
    while not flow.match.finished:
        app.frame()
    assert flow.match.turn == 6
    key(app, pygame.K_RETURN)  # focus moved to the debrief button
    assert isinstance(app.scene, Debrief)


def test_pause_menu_resumes_restarts_and_saves(app, private_user_folders):
    from game.session.saves import load_saved_game, saved_game_path

    level = load_builtin("tutorial", ["rules.turns=5"])
    left = []
    flow = MatchFlow(app, level, 9, {Side.RED: "human", Side.BLUE: "grim"}, lambda: left.append(1))
    flow.start()
    key(app, pygame.K_RETURN)
    confirm_orders(app)  # turn 1
    key(app, pygame.K_RETURN)  # past the report
    decision = app.scene
    key(app, pygame.K_ESCAPE)
    assert isinstance(app.scene, Pause)
    key(app, pygame.K_ESCAPE)  # Esc again resumes the very same screen
    assert app.scene is decision
    key(app, pygame.K_ESCAPE)
    key(app, pygame.K_DOWN, 2)  # Resume -> Restart -> Save and go back to menu
    key(app, pygame.K_RETURN)
    assert left == [1]
    saved = load_saved_game(saved_game_path())
    assert saved.turns_played == 1 and saved.controllers[Side.BLUE] == "grim"
    resumed = MatchFlow(app, saved.level, saved.seed, saved.controllers, match=saved.resume())
    resumed.start()
    key(app, pygame.K_RETURN)
    assert isinstance(app.scene, Report)  # the report of turn 1, then turn 2's decision
    assert resumed.match.turn == 1
    key(app, pygame.K_RETURN)
    while not isinstance(app.scene, Debrief):
        confirm_orders(app)
        if isinstance(app.scene, Report):
            key(app, pygame.K_RETURN)
    assert not saved_game_path().exists()  # a finished game leaves no saved copy behind


def test_every_turn_is_autosaved_and_the_finished_game_is_kept_as_a_replay(app):
    from game.replay import read_replay
    from game.session.saves import load_saved_game, replays_dir, saved_game_path

    level = load_builtin("tutorial", ["rules.turns=3"])
    flow = MatchFlow(app, level, 4, {Side.RED: "human", Side.BLUE: "tit-for-tat"})
    flow.start()
    key(app, pygame.K_RETURN)
    for turn in (1, 2):
        confirm_orders(app)
        assert load_saved_game(saved_game_path()).turns_played == turn
        key(app, pygame.K_RETURN)  # past the report
    confirm_orders(app)
    assert isinstance(app.scene, Debrief)
    assert not saved_game_path().exists()  # nothing left to continue
    (kept,) = replays_dir().iterdir()
    assert flow.replay_path == kept
    assert read_replay(kept).turns == flow.match.turn_log
    app.painter.record = []
    app.frame()
    assert any(text.startswith("Replay saved: ") for text in app.painter.record)
