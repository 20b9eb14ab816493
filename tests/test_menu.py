"""From the title screen to the debrief and back, by keyboard and by mouse, as players do."""

from __future__ import annotations

import pygame
from ui_driver import drawn, focus_on, key, move_on, type_text, wheel

from game.ai.registry import CATALOG
from game.levels import load_builtin
from game.rules.model import Side
from game.session.saves import saved_game_path
from game.ui.app import App
from game.ui.flow import MatchFlow
from game.ui.guide import HowToPlay
from game.ui.lab import Lab
from game.ui.menu import Menu, Title
from game.ui.replay_list import ReplayList
from game.ui.replay_viewer import ReplayViewer
from game.ui.screens import Briefing, Curtain, Debrief, Decision, Report
from game.ui.settings_screen import SettingsScreen
from game.ui.setup import Levels, OpenLevel, PlayMode, Setup
from game.ui.watch import Watch


def title_entry(app: App, label: str) -> None:
    """Pick a main-menu entry with the arrow keys and Enter."""
    assert isinstance(app.scene, Title)
    labels = [button.label for button in app.scene.focus.widgets]
    assert label in labels
    while app.scene.focus.current.label != label:
        key(app, pygame.K_DOWN)
    key(app, pygame.K_RETURN)


def choose_level(app: App, level_id: str) -> None:
    setup = app.scene
    focus_on(app, setup.list)
    while setup.level.id != level_id:
        key(app, pygame.K_DOWN)


def play_to_debrief(app: App) -> list[str]:
    seen = []
    while not isinstance(app.scene, Debrief):
        seen.append(type(app.scene).__name__)
        if isinstance(app.scene, Decision):
            focus_on(app, app.scene.confirm)
            key(app, pygame.K_RETURN)
        else:
            move_on(app)
    return seen


def test_a_whole_hot_seat_game_from_the_title_screen_and_back(app):
    Menu(app).title()
    app.frame()
    title_entry(app, "Hot-seat: two players")
    assert isinstance(app.scene, Setup) and app.scene.mode is PlayMode.HOT_SEAT
    choose_level(app, "tutorial")
    assert set(app.scene.controllers().values()) == {"human"}
    focus_on(app, app.scene.seed)
    type_text(app, "42")
    key(app, pygame.K_RETURN)  # Enter in the seed field starts the match
    assert isinstance(app.scene, Briefing)
    flow: MatchFlow = app.scene.flow
    assert flow.seed == 42 and flow.hot_seat
    seen = play_to_debrief(app)
    assert seen[:3] == ["Briefing", "Curtain", "Decision"]
    assert seen.count("Decision") == 2 * flow.level.scenario.turns
    focus_on(app, app.scene.focus.widgets[2])
    assert app.scene.focus.current.label == "Back to menu"
    key(app, pygame.K_RETURN)
    assert isinstance(app.scene, Title)


def test_a_game_against_the_computer_from_the_title_screen(app):
    Menu(app).title()
    title_entry(app, "Play against the computer")
    choose_level(app, "fog-of-war")
    setup = app.scene
    red, blue = setup.players.values()
    assert (red.label, red.value) == ("Redland", "human")
    assert blue.value == "tit-for-tat"  # the level's own opponent
    focus_on(app, blue)
    key(app, pygame.K_RIGHT)  # the next strategy in the catalog
    chosen = blue.value
    assert chosen != "tit-for-tat"
    described = CATALOG[chosen].description
    assert described in drawn(app)  # what the opponent does is shown before starting
    focus_on(app, setup.start_button)
    key(app, pygame.K_RETURN)
    flow = app.scene.flow
    assert flow.controllers == {Side.RED: "human", Side.BLUE: chosen}
    seen = play_to_debrief(app)
    assert "Curtain" not in seen  # no hand-off against the computer
    assert flow.match.finished


def test_watching_from_the_title_screen(app):
    Menu(app).title()
    title_entry(app, "Watch AI against AI")
    choose_level(app, "prisoners-dilemma")
    assert "human" not in app.scene.controllers().values()
    focus_on(app, app.scene.start_button)
    key(app, pygame.K_RETURN)
    key(app, pygame.K_RETURN)  # past the briefing
    assert isinstance(app.scene, Watch)


def test_an_invalid_level_file_shows_its_problems_in_the_window(app, tmp_path):
    broken = tmp_path / "broken.toml"
    text = load_builtin("tutorial").text.replace("turns = 12", "turns = 0")
    broken.write_text(text, encoding="utf-8")
    Menu(app).title()
    title_entry(app, "Play against the computer")
    focus_on(app, app.scene.open_button)
    key(app, pygame.K_RETURN)
    dialog = app.scene
    assert isinstance(dialog, OpenLevel)
    key(app, pygame.K_BACKSPACE, times=len(dialog.path.text))
    type_text(app, str(broken))
    key(app, pygame.K_RETURN)
    assert app.scene is dialog
    line = next(n for n, row in enumerate(text.splitlines(), 1) if "turns = 0" in row)
    expected = f"{broken}:{line}: rules.turns: input should be greater than or equal to 1 (got 0)"
    assert dialog.problems == [expected]
    assert expected in " ".join(drawn(app))  # wrapped at spaces if it is long
    assert "This level cannot be used: 1 problem" in drawn(app)
    # the teacher fixes the file and presses Enter again: it opens, selected in the list
    broken.write_text(text.replace("turns = 0", "turns = 2"), encoding="utf-8")
    key(app, pygame.K_RETURN)
    setup = app.scene
    assert isinstance(setup, Setup)
    assert setup.level.origin == str(broken) and setup.level.scenario.turns == 2


def test_a_level_file_dropped_on_the_window_opens(app, tmp_path):
    path = tmp_path / "dropped.toml"
    path.write_text(load_builtin("stag-hunt").text, encoding="utf-8")
    Menu(app).title()
    title_entry(app, "Hot-seat: two players")
    pygame.event.post(pygame.event.Event(pygame.DROPFILE, file=str(path)))
    app.frame()
    assert isinstance(app.scene, Setup) and app.scene.level.origin == str(path)


def test_keyboard_alone_reaches_every_menu_entry_and_comes_back(app):
    Menu(app).title()
    expected = {
        "Hot-seat: two players": Setup,
        "Play against the computer": Setup,
        "Watch AI against AI": Setup,
        "Replays": ReplayList,
        "Lab": Lab,
        "Levels": Levels,
        "How to play": HowToPlay,
        "Settings": SettingsScreen,
    }
    for label, scene in expected.items():
        title_entry(app, label)
        assert isinstance(app.scene, scene), label
        key(app, pygame.K_ESCAPE)
        assert isinstance(app.scene, Title), label
    title_entry(app, "Quit")
    assert not app.running


def test_the_level_browser_starts_a_game_with_the_chosen_level(app):
    Menu(app).title()
    title_entry(app, "Levels")
    key(app, pygame.K_DOWN, times=6)  # in the list: the seventh level
    chosen = app.scene.level
    assert chosen.id == "costly-signals"
    wheel(app, app.scene.details.rect, 10)  # the card scrolls down to the questions
    assert f"\u2022 {chosen.model.level.discussion_questions[0]}" in " ".join(drawn(app))
    key(app, pygame.K_RETURN)  # Enter on the list: play it against the computer
    assert isinstance(app.scene, Setup) and app.scene.level is chosen
    assert app.scene.mode is PlayMode.VERSUS


def test_the_level_browser_shows_every_goal_and_question_of_a_level(app):
    """Nothing is cut: what the card cannot hold at once, the keys or the wheel bring in."""
    Menu(app).title()
    title_entry(app, "Levels")
    browser = app.scene
    for level in browser.menu.levels:
        meta = level.model.level
        wanted = [f"\u2022 {line}" for line in (*meta.learning_goals, *meta.discussion_questions)]
        focus_on(app, browser.details)
        seen = " ".join(drawn(app))
        for _ in wanted:
            key(app, pygame.K_DOWN)  # one paragraph further
            seen += " ".join(drawn(app))
        assert [line for line in wanted if line not in seen] == [], level.id
        wheel(app, browser.details.rect, -20)  # the wheel goes back to the top
        assert browser.details.first == 0
        focus_on(app, browser.list)
        key(app, pygame.K_DOWN)


def test_a_saved_game_is_offered_on_the_title_screen_and_continues(app):
    menu = Menu(app)
    level = load_builtin("tutorial")
    menu.play(level, 5, {Side.RED: "human", Side.BLUE: "grim"})
    key(app, pygame.K_RETURN)  # briefing
    focus_on(app, app.scene.confirm)
    key(app, pygame.K_RETURN)  # turn 1 played
    key(app, pygame.K_ESCAPE)
    key(app, pygame.K_DOWN, times=2)
    key(app, pygame.K_RETURN)  # save and go back to the menu
    assert isinstance(app.scene, Title) and saved_game_path().exists()
    assert "Your game is saved: Continue picks it up where you left off." in drawn(app)
    assert app.scene.focus.current.label == "Continue: First Contact, turn 2"
    key(app, pygame.K_RETURN)
    assert isinstance(app.scene, Briefing) and app.scene.flow.match.turn == 1
    key(app, pygame.K_RETURN)
    assert isinstance(app.scene, Report)


def test_a_damaged_saved_game_is_reported_and_left_untouched(app):
    path = saved_game_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text('{"format": "security-dilemma-save", "version": 1, "se', encoding="utf-8")
    Menu(app).title()
    labels = [button.label for button in app.scene.focus.widgets]
    assert not any(label.startswith("Continue") for label in labels)
    assert any(line.startswith("Saved game not opened: saved-game.json:") for line in drawn(app))
    assert path.read_text(encoding="utf-8").endswith('"se')


def test_the_curtain_never_shows_up_against_the_computer(app):
    Menu(app).title()
    title_entry(app, "Play against the computer")
    key(app, pygame.K_RETURN)  # Enter on the level list starts with the defaults
    assert isinstance(app.scene, Briefing)
    key(app, pygame.K_RETURN)
    assert not isinstance(app.scene, Curtain)


def test_a_finished_game_is_watched_again_from_the_debrief_and_from_the_replays_menu(app):
    menu = Menu(app)
    level = load_builtin("fog-of-war", ["rules.turns=4"])
    menu.play(level, 6, {Side.RED: "human", Side.BLUE: "tit-for-tat"})
    play_to_debrief(app)
    debrief = app.scene
    assert app.scene.focus.current.label == "Watch the replay"
    key(app, pygame.K_RETURN)
    assert isinstance(app.scene, ReplayViewer)
    assert app.scene.replay.turns == debrief.flow.match.turn_log
    key(app, pygame.K_ESCAPE)
    assert app.scene is debrief
    focus_on(app, debrief.focus.widgets[2])  # back to the menu
    key(app, pygame.K_RETURN)
    title_entry(app, "Replays")
    assert isinstance(app.scene, ReplayList)
    key(app, pygame.K_RETURN)  # the newest game: the one just played
    viewer = app.scene
    assert isinstance(viewer, ReplayViewer) and viewer.replay.seed == 6
    key(app, pygame.K_ESCAPE)
    assert isinstance(app.scene, ReplayList)
    key(app, pygame.K_ESCAPE)
    assert isinstance(app.scene, Title)


def test_at_the_largest_size_tab_brings_every_control_of_every_menu_into_view():
    """175% on a 1280×720 window: the screens scroll, and the keyboard still reaches all."""
    from game.session.classroom import start_session
    from game.ui.classroom import ClassroomStart
    from game.ui.settings import Settings

    window = App((1280, 720), Settings(ui_scale=1.75))
    screen = window.screen.get_rect()
    try:
        menu = Menu(window)
        scenes = [
            Title(menu),
            *(Setup(menu, mode) for mode in PlayMode),
            Levels(menu),
            OpenLevel(menu, lambda level: None, menu.title),
            ClassroomStart(
                window, lambda s, p: None, lambda s: None, menu.title, start_session("Period 3")
            ),
        ]
        for scene in scenes:
            window.show(scene)
            window.frame()
            assert scene.page.hidden, type(scene).__name__  # too tall: it scrolls
            for _ in scene.focus.widgets:
                key(window, pygame.K_TAB)
                rect = scene.focus.current.rect
                taller = rect.height > screen.height and rect.top >= screen.top  # its top shows
                assert screen.contains(rect) or taller, (type(scene).__name__, rect)
    finally:
        pygame.quit()
