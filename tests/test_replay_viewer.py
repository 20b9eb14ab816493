"""The replay viewer and the list of saved replays, driven headless by real pygame events."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pygame
import pytest
from layout_check import layout_problems, smallest_text
from ui_driver import drawn, key, mouse

from game.ai.registry import strategy_from_spec
from game.levels import load_builtin
from game.replay import Replay, read_replay
from game.replay.analysis import EPISODE_KINDS
from game.rules import vocabulary as words
from game.rules.model import Outcome, Posture, Side, Signal
from game.session.match import Match
from game.session.saves import replays_dir, save_finished, save_game
from game.ui.app import App
from game.ui.columns import weapons
from game.ui.painter import Recorder
from game.ui.replay_list import ReplayList
from game.ui.replay_viewer import CHARTS, MARKS, PLAY_INTERVAL_MS, ReplayViewer
from game.ui.settings import Settings
from game.ui.theme import Type

SPIRAL = ("fog-of-war", ["intel.posture_misread=0.3"], 3)
"""Tit-for-tat against itself in the fog, misreading often: this seed spirals into war."""


def play(
    level_id: str,
    overrides: list[str],
    seed: int,
    turns: int | None = None,
    red: str = "tit-for-tat",
):
    """A game against tit-for-tat: the level, the controllers and the match."""
    level = load_builtin(level_id, overrides)
    blue = "tit-for-tat"
    match = Match(level.scenario, seed, strategy_from_spec(red), strategy_from_spec(blue))
    while not match.finished and (turns is None or match.turn < turns):
        match.resolve()
    return level, {Side.RED: red, Side.BLUE: blue}, match


@pytest.fixture
def spiral() -> Replay:
    path = save_finished(*play(*SPIRAL))
    return read_replay(path)


def open_viewer(app: App, replay: Replay) -> tuple[ReplayViewer, list[str]]:
    left: list[str] = []
    viewer = ReplayViewer(app, replay, lambda: left.append("back"))
    app.show(viewer)
    app.frame()
    return viewer, left


def expected_lines(replay: Replay, turn: int) -> list[str]:
    """Lines each column must show for ``turn``, built from the replay's own records."""
    record = replay.turns[turn - 1]
    before = replay.turns[turn - 2] if turn > 1 else None
    lines = [f"Tension {record['tension']:.2f}"]
    for side, name, other in (
        (Side.RED, "Redland", "Blueland"),
        (Side.BLUE, "Blueland", "Redland"),
    ):
        mine = record[side.key]
        known = mine["observation"]  # what it knew when it decided this turn
        guess, spread = known["intel"]["total"], known["intel"]["uncertainty"]
        low, high = max(0.0, guess - 2 * spread), guess + 2 * spread
        lines.append(
            f"{words.number(low)} to {words.number(high)} (best guess {words.number(guess)})"
        )
        lines.append(f"Felt security {known['felt_security']:.0%}")  # (beliefs: Belief tab)
        done = mine["executed"]
        said = words.HEARD[Signal.from_key(done["signal"])]
        lines.append(f"{words.POSTURE[Posture.from_key(done['posture'])]}")
        lines.append(f"said: {said}")
        now = weapons(sum(mine["arsenal"]))
        if before is None:
            continue
        was = words.number(sum(before[side.key]["arsenal"]))
        lines.append(f"{name}: {now} (was {was})")
        seen = Posture.from_key(before[side.key]["seen"]["posture"])
        heard = Signal.from_key(before[side.key]["seen"]["signal"])
        lines.append(f"Saw {other} in turn {turn - 1}: {words.SEEN[seen]}")
        lines.append(f"Heard: {words.HEARD[heard]}")
    return lines


def shows(shown: list[str], line: str) -> bool:
    """``line`` is on screen, though a column may have wrapped it over several lines."""
    return line in " ".join(shown)


def test_keys_step_through_the_game_and_every_column_shows_that_turn(app, spiral):
    viewer, _ = open_viewer(app, spiral)
    count = len(spiral.turns)
    assert count > 8 and viewer.turn == 1
    key(app, pygame.K_RIGHT, 3)
    assert viewer.turn == 4
    shown = drawn(app)
    for line in expected_lines(spiral, 4):
        assert shows(shown, line), line
    assert "Turn 4 of " + str(count) + ": the truth" in shown
    key(app, pygame.K_END)
    assert viewer.turn == count
    shown = drawn(app)
    for line in expected_lines(spiral, count):
        assert shows(shown, line), line
    key(app, pygame.K_HOME)
    assert viewer.turn == 1
    key(app, pygame.K_LEFT)
    assert viewer.turn == 1  # the ends are felt, not wrapped
    key(app, pygame.K_PAGEDOWN)
    assert viewer.turn == 6
    key(app, pygame.K_PAGEUP)
    assert viewer.turn == 1


def test_the_truth_reveals_the_hidden_types_and_hindsight_marks_a_misread_move(app, spiral):
    viewer, _ = open_viewer(app, spiral)
    assert spiral.log["types"] == {"red": "security_seeker", "blue": "security_seeker"}
    assert drawn(app).count("Hidden type: seeks only security") == 2
    turn, side = first_misreading(spiral, "posture")
    truly = Posture.from_key(spiral.turns[turn - 1][side.other.key]["executed"]["posture"])
    key(app, pygame.K_RIGHT, turn)  # the view of the next decision shows what it saw
    assert viewer.turn == turn + 1
    line = f"In truth {NAMES[side.other]} {words.SEEN[truly]}"
    assert line in " ".join(drawn(app)), line  # the column wraps it


def test_hindsight_marks_a_misheard_signal(app, tmp_path):
    path = tmp_path / "talk.json.gz"
    save_game(path, *play("costly-signals", [], 1, red="bayesian"))
    replay = read_replay(path)
    turn, side = first_misreading(replay, "signal")
    said = Signal.from_key(replay.turns[turn - 1][side.other.key]["executed"]["signal"])
    viewer, _ = open_viewer(app, replay)
    viewer.select(turn + 1)
    line = f"In truth {NAMES[side.other]} said {words.HEARD[said]}"
    assert line in " ".join(drawn(app)), line  # the column wraps it


NAMES = {Side.RED: "Redland", Side.BLUE: "Blueland"}


def first_misreading(replay: Replay, what: str) -> tuple[int, Side]:
    """The first turn and side whose spies got the other's posture (or signal) wrong."""
    return next(
        (turn, side)
        for turn, record in enumerate(replay.turns, start=1)
        for side in (Side.RED, Side.BLUE)
        if record[side.key]["seen"][what] != record[side.other.key]["executed"][what]
    )


def test_playing_shows_a_turn_a_second_and_stops_at_the_end(app, spiral, monkeypatch):
    cues: list[str] = []
    monkeypatch.setattr(app.sounds, "play", cues.append)
    viewer, _ = open_viewer(app, spiral)
    key(app, pygame.K_SPACE)
    assert viewer.playing and viewer.play_button.label == "Pause"
    start = viewer.last_step_at  # the window's clock when playing began
    assert start is not None
    viewer.update(start + PLAY_INTERVAL_MS - 1)
    assert viewer.turn == 1
    now = start + PLAY_INTERVAL_MS
    viewer.update(now)
    assert viewer.turn == 2
    while viewer.playing:
        now += PLAY_INTERVAL_MS
        viewer.update(now)
    assert viewer.turn == len(spiral.turns) and viewer.play_button.label == "Play"
    # a soft bell for each turn shown, the alarm when a crisis begins and when war ends it
    tension = [turn["tension"] for turn in spiral.turns]
    line = spiral.level.scenario.params_at(0).crisis_threshold
    crisis = [t >= line for t in tension]
    begins = [i + 1 for i in range(1, len(crisis)) if crisis[i] and not crisis[i - 1]]
    expected = ["alarm" if t in begins else "turn" for t in range(2, len(tension))]
    assert spiral.log["result"]["outcome"] == "spiral_to_war" and begins
    assert cues == [*expected, "alarm"]
    key(app, pygame.K_p)  # from the end, playing starts again at the first turn
    assert viewer.playing and viewer.turn == 1
    key(app, pygame.K_RIGHT)  # stepping pauses
    assert not viewer.playing and viewer.turn == 2


def test_a_click_or_a_drag_on_the_timeline_picks_the_turn_under_the_pointer(app, spiral):
    viewer, _ = open_viewer(app, spiral)
    count = len(spiral.turns)
    line = viewer.timeline
    cell = line.width / count

    def at(turn: int) -> tuple[int, int]:
        return round(line.left + cell * (turn - 0.5)), line.centery

    mouse(app, pygame.MOUSEBUTTONDOWN, at(7), button=1)
    assert viewer.turn == 7
    mouse(app, pygame.MOUSEMOTION, at(count - 1), rel=(0, 0), buttons=(1, 0, 0))
    assert viewer.turn == count - 1
    mouse(app, pygame.MOUSEBUTTONUP, at(count - 1), button=1)
    mouse(app, pygame.MOUSEMOTION, at(2), rel=(0, 0), buttons=(0, 0, 0))
    assert viewer.turn == count - 1  # moving without the button held changes nothing
    mouse(app, pygame.MOUSEBUTTONDOWN, (line.left + 1, line.centery), button=1)
    assert viewer.turn == 1


def test_the_buttons_step_and_leave_and_the_chart_tabs_switch(app, spiral):
    viewer, left = open_viewer(app, spiral)
    step = next(w for w in viewer.focus.widgets if w.label == "Step")
    mouse(app, pygame.MOUSEBUTTONDOWN, step.rect.center, button=1)
    mouse(app, pygame.MOUSEBUTTONDOWN, step.rect.center, button=1)
    assert viewer.turn == 3
    back_step = next(w for w in viewer.focus.widgets if w.label == "Step back")
    mouse(app, pygame.MOUSEBUTTONDOWN, back_step.rect.center, button=1)
    assert viewer.turn == 2
    mouse(app, pygame.MOUSEBUTTONDOWN, viewer.tabs[CHARTS.index("Verdict")].center, button=1)
    assert CHARTS[viewer.chart] == "Verdict"
    shown = drawn(app)
    assert "Anarchy: yes" in shown and "No malign intent: yes" in shown
    key(app, pygame.K_c)
    assert CHARTS[viewer.chart] == CHARTS[0]
    while viewer.focus.current.label != "Back":
        key(app, pygame.K_TAB)
    key(app, pygame.K_RETURN)
    assert left == ["back"]


@pytest.mark.parametrize("code", [pygame.K_ESCAPE, pygame.K_BACKSPACE])
def test_escape_or_backspace_leaves_the_viewer(app, spiral, code):
    _, left = open_viewer(app, spiral)
    key(app, code)
    assert left == ["back"]


def test_the_turns_episodes_are_listed_with_their_sentences_and_n_b_jump_between_them(app, spiral):
    viewer, _ = open_viewer(app, spiral)
    episodes = viewer.analysis.episodes
    starts = sorted({e.first_turn for e in episodes if e.first_turn > 1})
    assert len(starts) >= 2, "the spiral game should give the analysis something to show"
    key(app, pygame.K_n)
    assert viewer.turn == starts[0]
    text = " ".join(drawn(app))
    here = [e for e in episodes if e.first_turn <= viewer.turn <= e.last_turn]
    assert here[0].sentence in text
    elsewhere = [e for e in episodes if not e.first_turn <= viewer.turn <= e.last_turn]
    assert not any(e.sentence in text for e in elsewhere)
    assert f"Turn {viewer.turn}: worth discussing" in text
    key(app, pygame.K_RIGHTBRACKET)
    assert viewer.turn == starts[1]
    key(app, pygame.K_b)
    assert viewer.turn == starts[0]
    key(app, pygame.K_END)
    key(app, pygame.K_LEFTBRACKET)
    assert viewer.turn == max(e.first_turn for e in episodes if e.first_turn < len(spiral.turns))


def test_an_arming_seen_that_never_happened_is_shown_though_nobody_answered_it(app):
    # two sides that never arm, in the fog: every arming a side sees is one that never was
    level = load_builtin("fog-of-war", ["rules.turns=20"])
    players = {side: "always-disarm" for side in (Side.RED, Side.BLUE)}
    match = Match(level.scenario, 2, *(strategy_from_spec(spec) for spec in players.values()))
    match.play_out()
    replay = read_replay(save_finished(level, players, match))
    turn = next(r.turn for r in replay.records if r.blue.seen.posture is Posture.ARM)
    viewer, _ = open_viewer(app, replay)
    viewer.select(turn)
    text = " ".join(drawn(app))
    assert "Nothing the analysis flags in this turn." not in text
    assert "Misperceived \u00b7 Blueland" in text
    assert "Blueland did not arm in answer" in text


def test_every_episode_kind_has_a_mark_and_the_legend_names_the_ones_used(app, spiral):
    assert set(MARKS) == set(EPISODE_KINDS)
    assert len({mark.shape for mark in MARKS.values()}) == len(MARKS)
    viewer, _ = open_viewer(app, spiral)
    shown = drawn(app)
    used = {MARKS[e.kind].label for e in viewer.analysis.episodes}
    assert used and used <= set(shown)


def test_the_header_gives_the_outcome_and_tangs_verdict(app, spiral):
    open_viewer(app, spiral)
    outcome = words.OUTCOME[Outcome.from_key(spiral.log["result"]["outcome"])]
    shown = " ".join(drawn(app))
    assert f"{outcome} after {len(spiral.turns)} turns" in shown
    assert "a true security dilemma" in shown


def test_an_unfinished_game_and_a_game_without_turns_can_be_viewed(app, tmp_path):
    path = tmp_path / "unfinished.json"
    save_game(path, *play("fog-of-war", [], 1, turns=4))
    viewer, _ = open_viewer(app, read_replay(path))
    key(app, pygame.K_END)
    shown = drawn(app)
    assert viewer.turn == 4
    assert any(text.startswith("Unfinished: saved after turn 4") for text in shown)
    assert "The game was saved here, before its end." in " ".join(shown)  # wrapped
    save_game(path, *play("fog-of-war", [], 1, turns=0))
    viewer, _ = open_viewer(app, read_replay(path))
    key(app, pygame.K_RIGHT)
    key(app, pygame.K_SPACE)
    assert viewer.turn == 0 and not viewer.playing
    assert any("No turn was played" in text for text in drawn(app))


# -- at every window and interface size ---------------------------------------------------------

SIZES = [
    *(((1280, 720), scale) for scale in (1.0, 1.25, 1.5, 1.75)),
    *(((1920, 1080), scale) for scale in (1.0, 1.25, 1.5, 1.75)),
    ((1024, 600), 1.0),
    ((1024, 600), 1.25),
]
"""Every interface size at the classroom's window sizes, and a small laptop's."""


def recorded(app: App) -> Recorder:
    """Everything the next frame draws."""
    recorder = Recorder()
    app.painter.recorder = recorder
    app.frame()
    app.painter.recorder = None
    return recorder


def sized(size: tuple[int, int], scale: float) -> App:
    return App(size, Settings(ui_scale=scale))


def scroll_to_end(app: App, viewer: ReplayViewer) -> int:
    """Down until the page stops moving; how many presses moved it."""
    for moved in range(60):
        before = viewer.offset
        key(app, pygame.K_DOWN)
        if viewer.offset == before:
            return moved
    raise AssertionError("the page never reached its end")


@pytest.mark.parametrize(("size", "scale"), SIZES, ids=[f"{w}x{h}@{s:.0%}" for (w, h), s in SIZES])
def test_every_tab_lays_out_at_every_size_scrolled_anywhere(spiral, size, scale):
    """Each tab at its top, half way down and at its end lays out on the type scale.

    Text inside its card and the window, nothing overlapping, nothing under 18 px.
    """
    app = sized(size, scale)
    try:
        viewer, _ = open_viewer(app, spiral)
        viewer.select(len(spiral.turns) - 3)  # a turn with several episodes
        window = app.screen.get_rect()
        for tab in (None, *range(len(CHARTS))):
            viewer.show(tab)
            ends = scroll_to_end(app, viewer)
            key(app, pygame.K_HOME)  # the first turn, same page
            key(app, pygame.K_END)
            for place in sorted({0, ends // 2, ends}):
                viewer.offset = 0
                key(app, pygame.K_DOWN, place)
                recorder = recorded(app)
                name = "the turn" if tab is None else CHARTS[tab]
                assert layout_problems(recorder, window) == [], (name, place)
                assert smallest_text(recorder)[0] >= Type.SMALL, (name, place)
    finally:
        app.close()


def test_the_chosen_interface_size_is_honoured_and_the_chart_fills_the_page(spiral):
    heights = {}
    for scale in (1.0, 1.75):
        app = sized((1280, 720), scale)
        try:
            viewer, _ = open_viewer(app, spiral)
            title = next(item for item in recorded(app).drawn if item.label.startswith("Replay: "))
            heights[scale] = title.at[-1]
            key(app, pygame.K_c)
            (chart,) = recorded(app).of_kind("chart")
            assert CHARTS[viewer.chart] == "Arsenals"
            assert chart.at[3] >= 0.4 * 720, f"the chart is {chart.at[3]} px tall at {scale:.0%}"
        finally:
            app.close()
    assert heights[1.75] >= 1.6 * heights[1.0]  # drawn at the size chosen, not capped


def test_a_page_too_long_for_the_window_scrolls_to_every_line(spiral):
    app = sized((1280, 720), 1.75)
    try:
        viewer, _ = open_viewer(app, spiral)
        turn = max(range(1, len(spiral.turns) + 1), key=lambda t: len(viewer.episodes_at(t)))
        viewer.select(turn)
        sentences = [episode.sentence for episode in viewer.episodes_at(turn)]
        first = drawn(app)
        assert "Redland's view" in first
        assert not any(sentence.split()[0] + " " in " ".join(first) for sentence in sentences[-1:])
        presses = scroll_to_end(app, viewer)
        assert presses > 1
        key(app, pygame.K_UP, presses)
        assert viewer.offset == 0
        seen = set(first)
        for _ in range(presses + 1):
            seen |= set(drawn(app))
            key(app, pygame.K_DOWN)
        text = " ".join(sorted(seen, key=len))  # every line drawn at some place
        for sentence in sentences:
            assert all(word in text for word in sentence.split()), sentence
        assert f"Turn {turn}: worth discussing" in seen
        key(app, pygame.K_UP, 60)
        assert viewer.offset == 0 and "Redland's view" in drawn(app)
        page = viewer.page.center
        pygame.event.post(pygame.event.Event(pygame.MOUSEWHEEL, x=0, y=-1))
        app.pointer = page
        app.frame()
        assert viewer.offset > 0  # the wheel over the page scrolls it down
        key(app, pygame.K_c)
        assert viewer.offset == 0  # a new tab opens at its top
        key(app, pygame.K_t)
        assert viewer.chart is None and "Redland's view" in drawn(app)
    finally:
        app.close()


def test_the_turns_tab_and_a_chart_tab_are_picked_by_a_click(app, spiral):
    viewer, _ = open_viewer(app, spiral)
    assert viewer.chart is None  # the replay opens on the turn
    mouse(app, pygame.MOUSEBUTTONDOWN, viewer.tabs[CHARTS.index("Tension")].center, button=1)
    assert CHARTS[viewer.chart] == "Tension"
    assert any(text.startswith("Tension after each turn") for text in drawn(app))
    mouse(app, pygame.MOUSEBUTTONDOWN, viewer.turn_tab.center, button=1)
    assert viewer.chart is None
    assert f"Turn 1 of {len(spiral.turns)}: the truth" in drawn(app)


# -- the list of saved replays ------------------------------------------------------------------


def saved(level_id: str, seed: int, stamp: str) -> Path:
    """A finished game in the replays folder, renamed to a chosen time stamp."""
    path = save_finished(*play(level_id, [], seed))
    return path.rename(path.with_name(f"{stamp}-{level_id}-{seed}.json.gz"))


def test_the_list_shows_saved_games_newest_first_and_opens_one(app):
    saved("tutorial", 4, "20240301-090000")
    newest = saved("fog-of-war", 2, "20250101-120000")
    saved("costly-signals", 1, "20240101-080000")
    opened: list[Replay] = []
    scene = ReplayList(app, opened.append, app.quit)
    app.show(scene)
    shown = drawn(app)
    titles = [
        load_builtin(i).model.level.title for i in ("fog-of-war", "tutorial", "costly-signals")
    ]
    assert [row[0] for row in scene.list.rows] == titles
    assert [shown.index(title) for title in titles] == sorted(shown.index(t) for t in titles)
    assert any("tit-for-tat vs tit-for-tat" in detail for _, detail in scene.list.rows)
    assert all(
        any(outcome in detail for outcome in words.OUTCOME.values())
        for _, detail in scene.list.rows
    )
    key(app, pygame.K_RETURN)
    assert len(opened) == 1 and opened[0].seed == 2
    assert opened[0].log == read_replay(newest).log
    key(app, pygame.K_DOWN)
    assert scene.list.index == 1
    key(app, pygame.K_ESCAPE)
    assert not app.running


def test_a_damaged_replay_shows_its_one_line_reason_and_is_left_untouched(app):
    good = saved("tutorial", 4, "20240301-090000")
    truncated = replays_dir() / "20250101-000000-truncated-1.json.gz"
    truncated.write_bytes(good.read_bytes()[:200])
    tampered = replays_dir() / "20240101-000000-tampered-1.json.gz"
    document = json.loads(gzip.decompress(good.read_bytes()))
    document["turns"][2]["tension"] += 0.1
    tampered.write_bytes(gzip.compress(json.dumps(document).encode()))
    before = {path: path.read_bytes() for path in (truncated, tampered)}
    opened: list[Replay] = []
    scene = ReplayList(app, opened.append, app.quit)
    app.show(scene)
    assert [row[0] for row in scene.list.rows] == [
        truncated.name,
        load_builtin("tutorial").model.level.title,
        load_builtin("tutorial").model.level.title,  # tampered: it looks fine until re-played
    ]
    assert scene.list.rows[0][1].startswith("Cannot be used: damaged")
    key(app, pygame.K_RETURN)
    assert any(t.startswith("20250101-000000-truncated-1.json.gz: damaged") for t in drawn(app))
    key(app, pygame.K_DOWN, 2)
    key(app, pygame.K_RETURN)
    line = "20240101-000000-tampered-1.json.gz: turn 3 differs from the game re-played"
    assert any(t.startswith(line) for t in drawn(app))
    assert opened == []
    assert {path: path.read_bytes() for path in before} == before
    key(app, pygame.K_UP)
    key(app, pygame.K_RETURN)
    assert len(opened) == 1 and opened[0].seed == 4 and scene.problem == ""


def test_an_empty_folder_shows_a_friendly_hint_and_a_typed_path_opens(app, tmp_path):
    scene = ReplayList(app, lambda replay: opened.append(replay), app.quit, tmp_path / "none")
    opened: list[Replay] = []
    app.show(scene)
    shown = drawn(app)
    assert "No replays yet" in shown
    assert any(text.startswith("Finished games appear here") for text in shown)
    elsewhere = tmp_path / "from-a-student.json.gz"
    save_game(elsewhere, *play("tutorial", [], 7))
    assert scene.focus.current is scene.path
    for character in str(elsewhere):
        pygame.event.post(pygame.event.Event(pygame.TEXTINPUT, text=character))
    app.frame()
    key(app, pygame.K_RETURN)
    assert len(opened) == 1 and opened[0].seed == 7


def outside_the_window(app: App, boxes: list[tuple[str, pygame.Rect]]) -> list[str]:
    """Draw a frame; the strings whose rectangles leave the window."""
    boxes.clear()
    app.frame()
    assert boxes, "nothing was drawn"
    window = app.screen.get_rect()
    return [text for text, rect in boxes if not window.contains(rect)]
