"""A class game keeps its session and pair: in its saves, its replay, and when continued."""

from __future__ import annotations

import gzip
import json

import pygame
import pytest
from ui_driver import drawn, key, type_text

from game.levels import load_builtin
from game.replay import ClassroomTag, ReplayError, parse_replay, peek_replay, replay_document
from game.rules.model import Orders, Side
from game.session.classroom import classes_dir, load_results
from game.session.match import Match
from game.session.saves import load_saved_game, replays_dir, save_game, saved_game_path
from game.ui.app import App
from game.ui.classroom import ClassroomStart
from game.ui.menu import Menu, Title
from game.ui.pause import Pause
from game.ui.replay_list import ReplayList
from game.ui.replay_viewer import ReplayViewer
from game.ui.screens import Debrief, Decision
from game.ui.setup import Setup

HUMANS = {Side.RED: "human", Side.BLUE: "human"}
TAG = ClassroomTag("Period 3", "Ana & Ben")


def document(classroom: object) -> dict[str, object]:
    level = load_builtin("tutorial", ["rules.turns=2"])
    match = Match(level.scenario, 1, None, None)
    for _ in range(2):
        for side in match.waiting_for():
            match.submit(side, Orders())
        match.resolve()
    data = replay_document(level, HUMANS, match.event_log(), match.result_summary())
    data["classroom"] = classroom
    return json.loads(json.dumps(data))


def test_a_replay_carries_the_session_and_the_pair():
    data = document(TAG.to_dict())
    replay = parse_replay(json.dumps(data).encode(), "class.json")
    assert replay.classroom == TAG
    assert parse_replay(json.dumps(document(None)).encode(), "plain.json").classroom is None


@pytest.mark.parametrize(
    ("classroom", "where"),
    [
        ({"session": "Period 3"}, "classroom.pair: field required"),
        ({"session": "Period 3", "pair": 7}, "classroom.pair: input should be a valid string"),
        ({"session": "Period 3", "pair": ""}, "classroom.pair"),
        ({"session": "Period 3", "pair": "x" * 61}, "classroom.pair"),
        ({"session": "Period 3", "pair": "Ana\nBen"}, "classroom.pair: a name is one line"),
        ({"session": " Period 3", "pair": "Ana"}, "classroom.session: a name is one line"),
        ({"session": "P", "pair": "A", "teacher": "Z"}, "classroom.teacher: extra inputs"),
        ("Period 3", "classroom: input should be"),
    ],
)
def test_a_wrong_classroom_field_is_refused_in_one_line(classroom, where):
    with pytest.raises(ReplayError) as error:
        parse_replay(json.dumps(document(classroom)).encode(), "class.json")
    message = str(error.value)
    assert message.startswith("class.json: damaged at ") and where in message.lower()
    assert "\n" not in message


def test_the_replay_list_reads_the_pair_without_replaying(tmp_path):
    path = tmp_path / "class.json"
    path.write_text(json.dumps(document(TAG.to_dict())), encoding="utf-8")
    assert peek_replay(path).pair == "Ana & Ben"
    path.write_text(json.dumps(document({"session": "P", "pair": "A\x00"})), encoding="utf-8")
    with pytest.raises(ReplayError, match="not a Security Dilemma replay"):
        peek_replay(path)


def test_a_saved_class_game_carries_its_session_and_pair(tmp_path):
    level = load_builtin("tutorial")
    match = Match(level.scenario, 1, None, None)
    path = tmp_path / "saved-game.json"
    save_game(path, level, HUMANS, match, TAG)
    assert load_saved_game(path).classroom == TAG
    save_game(path, level, HUMANS, match)
    assert load_saved_game(path).classroom is None


def decide_both(app: App) -> None:
    """Play the screens of one turn (curtains, reports, decisions) until the next starts."""
    decided = 0
    while decided < 2:
        if isinstance(app.scene, Decision):
            while app.scene.focus.current is not app.scene.confirm:
                key(app, pygame.K_TAB)
            key(app, pygame.K_RETURN)
            decided += 1
        else:
            key(app, pygame.K_SPACE)


def test_a_class_game_saved_and_continued_is_still_added_to_its_session(app):
    menu = Menu(app)
    menu.classroom()
    type_text(app, "Period 3")
    key(app, pygame.K_RETURN)
    type_text(app, "Ana & Ben")
    key(app, pygame.K_RETURN)
    setup = app.scene
    assert isinstance(setup, Setup)
    while setup.focus.current is not setup.start_button:
        key(app, pygame.K_TAB)
    key(app, pygame.K_RETURN)  # the first level, a random seed
    decide_both(app)
    key(app, pygame.K_ESCAPE)
    pause = app.scene
    assert isinstance(pause, Pause)
    while not pause.focus.current.label.startswith("Save and"):
        key(app, pygame.K_DOWN)
    key(app, pygame.K_RETURN)
    assert load_saved_game(saved_game_path()).classroom == TAG

    menu.title()  # the class session ends; the saved game waits on the title screen
    assert isinstance(app.scene, Title) and menu.class_session is None
    assert app.scene.focus.current.label.startswith("Continue")
    key(app, pygame.K_RETURN)
    while not isinstance(app.scene, Debrief):
        decide_both(app)
    records, problems = load_results(classes_dir())
    assert problems == []
    assert [(r.session, r.pair) for r in records] == [("Period 3", "Ana & Ben")]
    debrief = app.scene
    while debrief.focus.current.label != "Back to menu":
        key(app, pygame.K_TAB)
    key(app, pygame.K_RETURN)
    assert isinstance(app.scene, ClassroomStart)  # the next pair of the same session
    assert app.scene.note.startswith("Game recorded: Ana & Ben")


def test_the_replay_list_and_viewer_name_the_pair_of_a_class_game(app):
    replays_dir().mkdir(parents=True)
    data = document(TAG.to_dict())
    (replays_dir() / "20250101-000000-tutorial-1.json.gz").write_bytes(
        gzip.compress(json.dumps(data).encode())
    )
    opened = []
    app.show(ReplayList(app, opened.append, lambda: None))
    text = drawn(app)
    assert any(line.endswith("2 turns \u00b7 Ana & Ben") for line in text)
    assert not any("a person vs a person" in line for line in text)
    assert "Played by Ana & Ben" in text
    key(app, pygame.K_RETURN)
    [replay] = opened
    viewer = ReplayViewer(app, replay, lambda: None)
    app.show(viewer)
    viewer.chart = 4  # the verdict, which says who played
    shown = " ".join(drawn(app))
    assert "Played by Ana & Ben (Period 3)" in shown
