"""The decision screen (and its report), driven by real key presses: what a player reads.

Units, one number without fog, the treasury's income, the crisis banner, the careful
observer in words, a matrix game's payoff table, the orders that make sense, and that every
text is of readable size and stays inside its card at both window sizes and at 125%.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pygame
import pytest
from ui_driver import click, drawn, focus_on, key, wait

from game.ai.beliefs import belief_from
from game.levels import load_builtin
from game.rules import vocabulary as words
from game.rules.engine import preview_orders
from game.rules.model import Posture, Side
from game.ui.app import App
from game.ui.flow import MatchFlow
from game.ui.menu import Menu
from game.ui.painter import Painter, Recorder
from game.ui.screens import Decision, Report
from game.ui.settings import Settings
from game.ui.setup import HOT_SEAT_TURNS, PlayMode
from game.ui.theme import Type
from game.ui.watch import SPEEDS, Watch

VERSUS = {Side.RED: "human", Side.BLUE: "tit-for-tat"}


def decide(app: App, level: str, overrides: tuple[str, ...] = (), turns: int = 0) -> Decision:
    """Red's decision screen after ``turns`` turns of holding against tit-for-tat."""
    flow = MatchFlow(app, load_builtin(level, list(overrides)), 1, VERSUS)
    flow.start()
    key(app, pygame.K_RETURN)
    for _ in range(turns):
        focus_on(app, app.scene.confirm)
        key(app, pygame.K_RETURN)
        key(app, pygame.K_RETURN)  # past the report
    assert isinstance(app.scene, Decision)
    return app.scene


def text(app: App) -> str:
    """One frame's strings joined, so a wrapped sentence reads whole again."""
    return " ".join(drawn(app))


def test_without_fog_the_count_is_one_number_in_the_levels_own_units(app):
    decision = decide(app, "tutorial", turns=1)
    count = words.number(decision.view.intel.total)
    shown = text(app)
    assert f"They count {count} Army divisions." in shown
    assert "weapons" not in shown and " to " not in shown.split("They count")[1][:12]
    assert "likely range" not in shown  # nothing is shaded when nothing is hidden


def test_with_fog_the_range_and_every_sentence_use_the_weapon_name(app):
    flow = MatchFlow(app, load_builtin("fog-of-war"), 1, VERSUS)
    flow.start()
    key(app, pygame.K_RETURN)
    focus_on(app, app.scene.confirm)
    key(app, pygame.K_RETURN)
    report = app.scene
    assert isinstance(report, Report)
    intel = report.view.intel
    range_ = words.span(intel.low, intel.high)
    assert " to " in range_
    assert f"Your analysts now count {range_} Border brigades in Blueland" in text(app)
    key(app, pygame.K_RETURN)
    shown = text(app)
    assert f"They count {range_} Border brigades (best guess" in shown
    assert "Border brigades: you (" in shown  # the chart's caption
    assert "weapons" not in shown


def test_the_treasury_shows_its_income_and_the_orders_what_they_cost(app):
    decision = decide(app, "fog-of-war")
    view = decision.view
    income = words.number(float(view.rules.income[0]))
    shown = text(app)
    assert f"Treasury: {words.number(view.treasury)} (+{income} a turn from your economy)" in shown
    focus_on(app, decision.posture)
    key(app, pygame.K_RIGHT)  # arm 1
    shown = text(app)
    assert "You build 1: 3 Border brigades." in shown
    after = preview_orders(view, decision.orders())
    spent = words.number(after.spending)
    next_turn = words.number(after.treasury_after)
    assert f"Costs {spent}; treasury next turn {next_turn}." in shown and after.spending > 0


def test_the_amount_is_offered_only_when_arming_or_disarming(app):
    decision = decide(app, "fog-of-war")
    assert decision.posture.value is Posture.HOLD
    assert decision.amount not in decision.focus.widgets
    assert not any(line.startswith("Amount") for line in drawn(app))
    key(app, pygame.K_RIGHT)  # hold -> arm
    assert decision.focus.current is decision.posture  # the ring stays where it was
    key(app, pygame.K_TAB)
    assert decision.focus.current is decision.amount
    assert "Amount" in drawn(app)
    key(app, pygame.K_TAB, mod=pygame.KMOD_SHIFT)
    key(app, pygame.K_LEFT)  # back to hold: the amount goes
    assert decision.amount not in decision.focus.widgets


def test_there_is_no_disarming_with_nothing_to_cut(app):
    decision = decide(app, "fog-of-war", ("nations.red.arsenal.army=0",))
    assert [value for _, value in decision.posture.options] == [Posture.HOLD, Posture.ARM]
    key(app, pygame.K_LEFT)
    assert decision.posture.value is Posture.HOLD
    assert "Nothing to disarm: you have no Border brigades." in text(app)


def test_disarming_follows_the_chosen_kind(app):
    decision = decide(app, "missile-shield", ("nations.red.arsenal.mirv=0",))
    names = decision.view.scenario.weapon_names
    assert decision.focus.current is decision.kind  # which weapon comes first
    assert Posture.DISARM in [value for _, value in decision.posture.options]
    while decision.kind.value != names.index("Multiple-warhead missiles"):
        key(app, pygame.K_RIGHT)
    assert Posture.DISARM not in [value for _, value in decision.posture.options]


def test_a_crisis_is_a_banner_and_a_striped_labelled_bar(app):
    calm = decide(app, "fog-of-war")
    assert "CRISIS" not in drawn(app) and not calm.view.crisis
    crisis = decide(app, "fog-of-war", ("tension.initial=0.9", "conflict.war_rate=0"))
    assert crisis.view.crisis
    recorder = Recorder()
    app.painter.recorder = recorder
    app.frame()
    app.painter.recorder = None
    shown = " ".join(recorder.texts())
    assert "CRISIS" in shown and "War can break out this turn." in shown
    assert "crisis line 0.60" in shown
    warning = app.theme.palette.warning
    width = app.screen.get_width()
    banners = [p for p in recorder.of_kind("panel") if p.color == warning and p.at[2] > 0.9 * width]
    assert banners, "no warning banner across the screen"
    assert any(e.label == "triangle" and e.color == warning for e in recorder.of_kind("emblem"))
    (meter,) = [m for m in recorder.of_kind("meter") if len(m.values) == 2]  # tension, line
    left, top, bar_width, height = meter.at
    stripes = [
        box
        for box in recorder.of_kind("box")
        if box.at[1] == top and left <= box.at[0] < left + bar_width and box.at[3] == height
    ]
    assert len(stripes) >= 5  # the filled part is hatched, not only coloured


def test_the_careful_observer_speaks_in_plain_words(app):
    decision = decide(app, "fog-of-war", turns=2)
    assert "Press B: what would a careful observer think of Blueland?" in text(app)
    key(app, pygame.K_b)
    belief = belief_from(decision.view)
    sentence = (
        "A careful observer of what you have seen would think there is a "
        f"{words.chances(belief)} chance that Blueland secretly aims to expand."
    )
    assert sentence in text(app)
    assert "%" not in text(app).split("A careful observer")[1].split("expand.")[0]


@pytest.mark.parametrize(
    ("probability", "said"),
    [(0.25, "1 in 4"), (0.34, "1 in 3"), (0.6, "3 in 5"), (0.3, "3 in 10"), (0.05, "1 in 20")],
)
def test_odds_are_said_the_way_people_say_them(probability, said):
    assert words.chances(probability) == said


@pytest.mark.parametrize("level", ["prisoners-dilemma", "stag-hunt", "chicken"])
def test_a_matrix_game_shows_its_payoff_table_and_the_chosen_row(app, level):
    decision = decide(app, level)
    payoff = decision.view.rules.payoff
    shown = drawn(app)
    joined = " ".join(shown)
    for move in (Posture.DISARM, Posture.ARM):
        assert f"You: {words.MATRIX_POSTURE[move]}" in joined
        assert f"They: {words.MATRIX_POSTURE[move]}" in joined
        assert words.MATRIX_POSTURE[move] in [label for label, _ in decision.posture.options]
    for mine in (0, 1):
        for theirs in (0, 1):
            assert f"you {words.number(payoff[mine, theirs])}" in shown
            assert f"they {words.number(payoff[theirs, mine])}" in shown
    assert "Treasury" not in joined and "Tension" not in joined  # not scored here

    def ringed() -> int:
        recorder = Recorder()
        app.painter.recorder = recorder
        app.frame()
        app.painter.recorder = None
        focus = app.theme.palette.focus
        rings = [p for p in recorder.of_kind("panel") if p.color == focus and p.at[4] == 2]
        (ring,) = rings
        return ring.at[1]

    first = ringed()
    focus_on(app, decision.posture)
    key(app, pygame.K_RIGHT if decision.posture.value is Posture.DISARM else pygame.K_LEFT)
    assert ringed() != first  # the ring follows the move chosen


def test_hot_seat_offers_a_long_level_shorter_and_says_why(app):
    menu = Menu(app)
    menu.setup(PlayMode.HOT_SEAT)
    setup = app.scene
    ids = [level.id for level in menu.levels]
    key(app, pygame.K_DOWN, ids.index("prisoners-dilemma"))
    assert setup.length in setup.focus.widgets and setup.length.value == HOT_SEAT_TURNS
    assert f"{HOT_SEAT_TURNS} turns for hot-seat; 200 in the lab" in drawn(app)
    focus_on(app, setup.start_button)
    key(app, pygame.K_RETURN)
    assert app.scene.flow.match.scenario.turns == HOT_SEAT_TURNS
    menu.setup(PlayMode.VERSUS)
    key(app, pygame.K_DOWN, ids.index("prisoners-dilemma"))
    assert app.scene.length not in app.scene.focus.widgets  # the full match elsewhere


def test_watching_at_one_times_speed_gives_two_seconds_a_turn(app):
    wait(app, 0)  # the window's clock moves only when the test says so
    flow = MatchFlow(app, load_builtin("fog-of-war"), 3, {Side.RED: "bayesian", Side.BLUE: "grim"})
    flow.start()
    key(app, pygame.K_RETURN)
    assert isinstance(app.scene, Watch) and app.scene.speed is SPEEDS[0]
    start = flow.match.turn
    wait(app, 1999)
    assert flow.match.turn == start
    wait(app, 1)
    assert flow.match.turn == start + 1
    key(app, pygame.K_4)
    wait(app, 0)
    wait(app, 500)
    assert flow.match.turn == start + 2


# -- readable type that stays inside its card ----------------------------------------------

SCREENS = Path(sys.modules[Decision.__module__].__file__ or "").resolve()


def checked_texts(app: App, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Problems of every text the screens module draws from now on: too small, or outside.

    A text's own size at its anchor (before any shrinking the painter might do) must fit
    the bounds it is drawn in: the card's inner area, or the window.
    """
    problems: list[str] = []
    original = Painter.text

    def text(self, value, position, size=22, color=None, bold=False, anchor="topleft"):
        frame = sys._getframe(1)
        while Path(frame.f_code.co_filename).name == "painter.py" and frame.f_back:
            if frame.f_code.co_name == "chart":
                return original(self, value, position, size, color, bold, anchor)  # axes
            frame = frame.f_back
        if self.surface is app.screen and Path(frame.f_code.co_filename).resolve() == SCREENS:
            natural = pygame.Rect((0, 0), self.theme.font(size, bold).size(value))
            setattr(natural, anchor, (round(position[0]), round(position[1])))
            bounds = self.bounds or self.surface.get_rect()
            if size < Type.SMALL:
                problems.append(f"{value!r} at size {size}")
            if not bounds.inflate(2, 2).contains(natural):
                problems.append(f"{value!r} {natural} outside {bounds}")
        return original(self, value, position, size, color, bold, anchor)

    monkeypatch.setattr(Painter, "text", text)
    return problems


CASES = [
    ("tutorial", (), 1),
    ("fog-of-war", (), 2),
    ("fog-of-war", ("tension.initial=0.9", "conflict.war_rate=0"), 1),
    ("missile-shield", (), 2),
    ("deterrence", (), 1),
    ("prisoners-dilemma", (), 2),
]


@pytest.mark.parametrize("size", [(1280, 720), (1920, 1080)])
@pytest.mark.parametrize("scale", [1.0, 1.25])
def test_decision_and_report_text_is_readable_and_stays_in_its_card(monkeypatch, size, scale):
    window = App(size, Settings(ui_scale=scale))
    try:
        problems = checked_texts(window, monkeypatch)
        for level, overrides, turns in CASES:
            flow = MatchFlow(window, load_builtin(level, list(overrides)), 1, VERSUS)
            flow.start()
            key(window, pygame.K_RETURN)
            for _ in range(turns):
                focus_on(window, window.scene.confirm)
                key(window, pygame.K_RETURN)
                window.frame()  # the report
                key(window, pygame.K_RETURN)
            focus_on(window, window.scene.posture)
            key(window, pygame.K_RIGHT)  # arm: the amount and the build's cost show too
            window.frame()
            key(window, pygame.K_b)
            window.frame()
            assert not problems, (level, overrides, problems[:5])
    finally:
        window.close()


# -- the largest interface size: reflowed and scrolled, never cut or out of reach -----------


def test_at_the_largest_interface_size_every_order_stays_in_reach_and_the_cards_scroll():
    window = App((1280, 720), Settings(ui_scale=1.75))
    try:
        decision = decide(window, "deterrence")
        screen = window.screen.get_rect()
        for widget in decision.focus.widgets:
            focus_on(window, widget)
            assert widget.rect.height > 0 and screen.contains(widget.rect), widget
        first = drawn(window)
        assert "Your nation" in first and "A careful observer" not in first  # it scrolls
        key(window, pygame.K_PAGEDOWN)
        later = drawn(window)
        assert "Your nation" not in later and set(later) - set(first)
        focus_on(window, decision.posture)
        click(window, decision.confirm.rect)  # the mouse reaches Confirm too
        assert isinstance(window.scene, Report)
    finally:
        window.close()


def test_watching_at_the_largest_interface_size_scrolls_to_the_chart():
    window = App((1280, 720), Settings(ui_scale=1.75))
    try:
        flow = MatchFlow(
            window, load_builtin("fog-of-war"), 4, {Side.RED: "grim", Side.BLUE: "grim"}
        )
        flow.start()
        key(window, pygame.K_RETURN)
        key(window, pygame.K_n, 3)
        caption = "True arsenals (emblems) and as the other side saw them (diamonds)"
        assert caption not in " ".join(drawn(window))
        for _ in range(6):
            key(window, pygame.K_PAGEDOWN)
        assert caption in " ".join(drawn(window))
    finally:
        window.close()


@pytest.mark.parametrize("scale", [1.0, 1.75])
def test_a_long_signal_wraps_and_is_never_cut_short(scale):
    window = App((1280, 720), Settings(ui_scale=scale))
    try:
        decision = decide(window, "costly-signals")
        focus_on(window, decision.signal)
        names = [name for name, _ in decision.signal.options]
        for name in names:
            shown = drawn(window)
            assert name in " ".join(shown), name  # every word of it, on one line or more
            assert not any("\u2026" in line for line in shown)
            key(window, pygame.K_RIGHT)
        assert max(len(name) for name in names) > 25  # a value long enough to need wrapping
    finally:
        window.close()
