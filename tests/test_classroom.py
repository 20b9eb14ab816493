"""Class sessions: recording games, merging several computers' results, the teacher's report."""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
from collections import Counter
from pathlib import Path

import numpy as np
import pygame
import pytest
from ui_driver import click, drawn, key, move_on, type_text, wheel

from game.ai.registry import make_strategy
from game.levels import LoadedLevel, load_builtin
from game.rules.model import Orders, Outcome, Posture, Side
from game.session.classroom import (
    ClassSession,
    class_report,
    classes_dir,
    list_sessions,
    load_results,
    machine_name,
    record_game,
    report_csv,
    report_markdown,
    start_session,
    summarize_class,
)
from game.session.match import Match
from game.ui.classroom import ClassroomStart, TeacherSummary, save_class_charts, session_summary
from game.ui.flow import MatchFlow
from game.ui.painter import Painter
from game.ui.screens import Debrief, Decision

SIDES = (Side.RED, Side.BLUE)
Played = tuple[LoadedLevel, dict[Side, str], Match]


# -- playing real games ---------------------------------------------------------------------


def ai_game(level_id: str, seed: int, red: str = "tit-for-tat", blue: str = "tit-for-tat"):
    level = load_builtin(level_id)
    match = Match(level.scenario, seed, make_strategy(red), make_strategy(blue))
    match.play_out()
    return level, {Side.RED: red, Side.BLUE: blue}, match


def human_game(level_id: str, seed: int, posture: Posture):
    """Two people who give the same orders every turn, submitted as the screens do."""
    level = load_builtin(level_id)
    match = Match(level.scenario, seed)
    amount = level.scenario.default_amount
    while not match.finished:
        for side in SIDES:
            assert match.submit(side, Orders(posture, amount=amount)) == []
        match.resolve()
    return level, {side: "human" for side in SIDES}, match


def had_spiral(match: Match) -> bool:
    """A spiral, counted by hand.

    Three turns running in which both sides made threatening builds, or a crisis that
    escalated into war.
    """
    if match.result().outcome is Outcome.SPIRAL_TO_WAR:
        return True
    run = 0
    for turn in range(match.result().turns):
        both = all(bool(match.state.history.threatening[turn, 0, side]) for side in (0, 1))
        run = run + 1 if both else 0
        if run >= 3:
            return True
    return False


def record(session: ClassSession, pair: str, played: Played, replay: Path | None = None):
    level, controllers, match = played
    return record_game(session, pair, level, controllers, match, replay)


@pytest.fixture
def two_computers():
    """One session, played on two computers that each write their own results file."""
    first = start_session("Period 3", machine="lab-pc-1")
    second = start_session("period  3", machine="lab-pc-2")  # typed differently, same session
    games: dict[str, list[Match]] = {}

    def play(session: ClassSession, pair: str, played: Played, key: str) -> None:
        record(session, pair, played)
        games.setdefault(key, []).append(played[2])

    play(first, "Ana & Ben", ai_game("fog-of-war", 4), "ana & ben")  # a spiral, armed peace
    play(first, "Ana & Ben", ai_game("fog-of-war", 0), "ana & ben")  # a crisis that became war
    play(first, "Cy & Dee", human_game("tutorial", 1, Posture.ARM), "cy & dee")
    play(second, "ana  &  BEN", ai_game("fog-of-war", 11), "ana & ben")  # another spiral
    play(second, "Eve & Fox", ai_game("deterrence", 3, blue="grim"), "eve & fox")
    play(second, "Eve & Fox", human_game("tutorial", 2, Posture.HOLD), "eve & fox")
    return first, second, games


# -- recording ------------------------------------------------------------------------------


def test_a_results_line_holds_what_the_game_itself_says():
    session = start_session("Period 3", machine="lab-pc-1")
    level, controllers, match = ai_game("fog-of-war", 4)
    written = record_game(session, " Ana  &  Ben ", level, controllers, match, Path("r.json.gz"))
    lines = session.results_file.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 1
    line = json.loads(lines[0])
    result = match.result()
    history = match.state.history
    assert line["format"] == "security-dilemma-class-results" and line["version"] == 1
    assert (line["session"], line["pair"], line["machine"]) == ("Period 3", "Ana & Ben", "lab-pc-1")
    assert line["level"]["id"] == "fog-of-war" and line["level"]["title"] == "Fog of War"
    fitting = level.model.level.questions_for(result.outcome.key)
    assert line["level"]["discussion_questions"] == fitting
    assert line["seed"] == 4 and line["turns"] == result.turns
    assert line["outcome"] == result.outcome.key
    assert line["score"] == {"red": result.score[0], "blue": result.score[1]}
    assert line["spiral"] is had_spiral(match) is True
    assert line["security_dilemma"] is result.verdict.security_dilemma
    for side in SIDES:
        real = history.real_security[: result.turns, 0, int(side)].mean()
        felt = history.felt_security[: result.turns, 0, int(side)].mean()
        assert line["real_security"][side.key] == pytest.approx(real, abs=1e-6)
        assert line["felt_security"][side.key] == pytest.approx(felt, abs=1e-6)
    assert line["replay"] == "r.json.gz"
    assert written.pair == "Ana & Ben"

    record(session, "Cy & Dee", ai_game("fog-of-war", 2))
    assert len(session.results_file.read_text(encoding="utf-8").splitlines()) == 2


def test_matrix_levels_record_no_security_and_an_unfinished_game_is_refused():
    session = start_session("Period 3", machine="lab-pc-1")
    matrix = record(session, "Ana & Ben", ai_game("prisoners-dilemma", 1))
    assert matrix.real_security.red is None and matrix.mean_felt is None
    level = load_builtin("fog-of-war")
    with pytest.raises(ValueError, match="finished"):
        record_game(session, "Ana & Ben", level, {}, Match(level.scenario, 1), None)
    with pytest.raises(ValueError, match="name"):
        record(session, "   ", ai_game("fog-of-war", 2))


def test_a_line_is_added_after_a_hand_edited_file_that_lost_its_last_newline():
    session = start_session("Period 3", machine="lab-pc-1")
    record(session, "Ana & Ben", ai_game("fog-of-war", 2))
    path = session.results_file
    path.write_bytes(path.read_bytes().rstrip(b"\n"))
    record(session, "Cy & Dee", ai_game("fog-of-war", 3))
    records, problems = load_results(path)
    assert problems == [] and [r.pair for r in records] == ["Ana & Ben", "Cy & Dee"]


def test_sessions_are_folders_named_after_the_session_and_listed():
    first = start_session("  Period 3,  4 March ")
    again = start_session("period 3, 4 MARCH")
    other = start_session("Year 10")
    assert first.folder == again.folder == classes_dir() / "period-3-4-march"
    assert again.name == "Period 3, 4 March"  # the name it was started with
    assert first.machine == machine_name() == again.machine  # one id per data folder
    assert first.results_file.name == f"{first.machine}.jsonl"
    assert {s.folder for s in list_sessions()} == {first.folder, other.folder}
    assert {s.name for s in list_sessions()} == {"Period 3, 4 March", "Year 10"}
    with pytest.raises(ValueError):
        start_session(" \t ")


# -- merging --------------------------------------------------------------------------------


def test_two_computers_results_merge_into_counts_per_pair(two_computers):
    first, second, games = two_computers
    assert first.folder == second.folder and first.results_file != second.results_file
    records, problems = load_results(classes_dir())
    assert problems == []
    assert len(records) == 6
    summary = summarize_class(records)
    assert summary.sessions == ("Period 3",)
    assert [tally.name for tally in summary.pairs] == ["Ana & Ben", "Cy & Dee", "Eve & Fox"]
    for tally in summary.pairs:
        matches = games[tally.name.casefold()]
        results = [match.result() for match in matches]
        assert tally.count == len(matches)
        expected = Counter(result.outcome.key for result in results)
        assert {key: n for key, n in tally.outcomes.items() if n} == dict(expected)
        assert tally.spirals == sum(had_spiral(match) for match in matches)
        assert tally.dilemmas == sum(result.verdict.security_dilemma for result in results)
        assert tally.deterrence == sum(result.verdict.deterrence_case for result in results)
        assert tally.wars == sum(result.outcome.is_war for result in results)
        real = [
            match.state.history.real_security[: match.result().turns, 0].mean() for match in matches
        ]
        assert tally.real_security == pytest.approx(float(np.mean(real)), abs=1e-5)
    total = summary.total
    # spirals: fog-of-war seeds 4 and 11, both arming at First Contact, grim at Deterrence,
    # and Ana & Ben's crisis that turned into war
    counts = (total.count, total.spirals, total.dilemmas, total.deterrence, total.wars)
    assert counts == (6, 5, 4, 1, 2)
    questions = [q for level in summary.levels for q in level.questions]
    assert len(questions) == len(set(questions))
    assert {level.title for level in summary.levels} == {
        load_builtin(name).model.level.title for name in ("fog-of-war", "tutorial", "deterrence")
    }


def test_malformed_results_files_are_named_by_line_and_the_rest_is_merged(two_computers):
    folder = classes_dir() / "period-3"
    good = json.loads(folder.joinpath("lab-pc-1.jsonl").read_text("utf-8").splitlines()[0])
    other = {**good, "pair": "Gus & Hal", "finished_at": "2030-01-01T09:00:00Z"}
    whole = json.dumps({**good, "pair": "Ivy & Jo"})
    quote = whole.index('"Fog of War"')
    truncated = whole[: quote + 4]  # cut short inside the level's title
    wrong = {**good, "pair": "Kim & Lu", "turns": "12", "spiral": "yes"}
    unknown = {**good, "pair": "Max & Ned", "outcome": "victory"}
    lines = [json.dumps(other), truncated, json.dumps(wrong), json.dumps(unknown), "[1, 2]", ""]
    (folder / "lab-pc-3.jsonl").write_text("\n".join(lines), encoding="utf-8")
    notes = folder / "copied" / "notes.jsonl"
    notes.parent.mkdir()
    notes.write_text('{"shopping": ["milk"]}\n{"shopping": []}\n', encoding="utf-8")
    (folder / "binary.jsonl").write_bytes(b"\xff\xfe\x00\x01garbage\n")
    newer = {**good, "version": 2, "pair": "Otto & Pia"}
    (folder / "newer.jsonl").write_text(json.dumps(newer) + "\n", encoding="utf-8")
    (folder / "class-report.csv").write_text("pair,games\n", encoding="utf-8")  # not results

    records, problems = load_results(classes_dir())

    pairs = Counter(record.pair for record in records)
    assert sum(pairs.values()) == 7 and pairs["Gus & Hal"] == 1
    assert not {"Ivy & Jo", "Kim & Lu", "Max & Ned", "Otto & Pia"} & set(pairs)
    bad = folder / "lab-pc-3.jsonl"
    assert problems == [
        f"{folder / 'binary.jsonl'}:1: not UTF-8 text",
        f"{notes}:1: not a class results file "
        '(no "format": "security-dilemma-class-results"); file skipped',
        f"{bad}:2: not valid JSON, the line may be cut short "
        f"(unterminated string starting at column {quote + 1})",
        f'{bad}:3: turns: input should be a valid integer (got "12"); '
        'spiral: input should be a valid boolean (got "yes")',
        f"{bad}:4: outcome: unknown outcome (valid: stable_peace, arms_control, armed_peace, "
        'spiral_to_war, aggression_won, aggression_lost) (got "victory")',
        f"{bad}:5: not a class results line",
        f"{folder / 'newer.jsonl'}:1: written by a newer version of the game "
        "(results version 2; this one reads up to 1)",
    ]


def test_a_file_wrong_throughout_is_named_a_few_times_then_summed_up(tmp_path):
    session = start_session("Period 3", machine="lab-pc-1")
    record(session, "Ana & Ben", ai_game("fog-of-war", 2))
    line = json.loads(session.results_file.read_text("utf-8"))
    broken = tmp_path / "broken.jsonl"
    broken.write_text("\n".join(json.dumps({**line, "seed": -i}) for i in range(1, 9)), "utf-8")
    shutil.copy(session.results_file, tmp_path / "good.jsonl")
    records, problems = load_results(tmp_path)
    assert len(records) == 1
    assert len(problems) == 6
    assert all(
        p.startswith(f"{broken}:{n}: seed: input should be greater than or equal to 0")
        for n, p in enumerate(problems[:5], start=1)
    )
    assert problems[5] == f"{broken}: 3 more problems not listed"


def test_the_same_file_copied_twice_is_counted_once(two_computers):
    folder = classes_dir() / "period-3"
    copy = folder / "usb-stick" / "lab-pc-1.jsonl"
    copy.parent.mkdir()
    shutil.copy(folder / "lab-pc-1.jsonl", copy)
    records, problems = load_results(classes_dir())
    assert len(records) == 6
    assert problems == [
        f"{copy}:{n}: the same game as {folder / 'lab-pc-1.jsonl'}:{n}; counted once"
        for n in (1, 2, 3)
    ]


# -- the report -----------------------------------------------------------------------------


def test_the_csv_and_the_page_hold_the_numbers_and_the_questions(two_computers):
    records, _ = load_results(classes_dir())
    summary = summarize_class(records)
    rows = list(csv.DictReader(io.StringIO(report_csv(summary))))
    assert [row["pair"] for row in rows] == ["Ana & Ben", "Cy & Dee", "Eve & Fox", "All pairs"]
    for row, tally in zip(rows, (*summary.pairs, summary.total), strict=True):
        assert int(row["games"]) == tally.count
        assert int(row["spirals"]) == tally.spirals
        assert int(row["security_dilemmas"]) == tally.dilemmas
        assert int(row["spiral_to_war"]) == tally.outcomes["spiral_to_war"]
        assert float(row["mean_real_security"]) == pytest.approx(tally.real_security, abs=1e-3)
        assert float(row["mean_felt_security"]) == pytest.approx(tally.felt_security, abs=1e-3)
    assert rows[-1]["games"] == "6" and rows[-1]["spirals"] == "5"

    page = report_markdown(summary, [Path("class-outcomes.png")])
    assert page.startswith("# Class report: Period 3\n")
    assert "**6 games** by **3 pairs**" in page
    assert "**5** of 6 games" in page
    assert "each side arming in answer to the other): **4**" in page
    assert "![How each pair's games ended](class-outcomes.png)" in page
    assert "| Ana & Ben | 3 | " in page
    ana = page.split("### Ana & Ben")[1].split("###")[0]
    numbered = [line.split("|")[1].strip() for line in ana.splitlines() if line[:3] == "| 1"]
    assert numbered == ["1"] and "| 3 | Fog of War (Redland: tit-for-tat;" in ana
    assert "| 1 | First Contact | armed peace |" in page.split("### Cy & Dee")[1]
    first, second, _ = two_computers
    fitting = set()
    for session in (first, second):
        for line in session.results_file.read_text(encoding="utf-8").splitlines():
            game = json.loads(line)
            meta = load_builtin(game["level"]["id"]).model.level
            fitting.update(meta.questions_for(game["outcome"]))
    for question in fitting:  # the questions that fit how each game ended, each once
        assert page.count(" ".join(question.split())) == 1


def test_names_that_would_break_a_table_or_a_spreadsheet_are_made_safe():
    session = start_session("Period 3", machine="lab-pc-1")
    record(session, "=HYPERLINK(1) | Bo", ai_game("fog-of-war", 2))
    summary = summarize_class(load_results(session.folder)[0])
    assert "| =HYPERLINK(1) \\| Bo |" in report_markdown(summary, [])
    assert list(csv.reader(io.StringIO(report_csv(summary))))[1][0] == "'=HYPERLINK(1) | Bo"


def test_class_report_prints_a_table_and_writes_the_report(two_computers, tmp_path, capsys):
    folder = classes_dir() / "period-3"
    (folder / "broken.jsonl").write_text('{"format": "security-dilemma-class-results"', "utf-8")
    out = tmp_path / "report"
    assert class_report(classes_dir(), out, save_class_charts) == 0
    printed = capsys.readouterr()
    assert printed.err.splitlines() == [
        f"{folder / 'broken.jsonl'}:1: not valid JSON, the line may be cut short "
        "(expecting ',' delimiter at column 44)"
    ]
    table = printed.out.splitlines()
    assert table[0] == "Class report: Period 3"
    [ana] = [line.split()[3:8] for line in table if line.startswith("Ana & Ben ")]
    assert ana == ["3", "2", "1", "3", "3"]  # games, peace, war, spirals, dilemmas
    names = sorted(path.name for path in out.iterdir())
    assert names == [
        "class-games.csv",
        "class-outcomes.png",
        "class-report.csv",
        "class-report.md",
        "class-security.png",
    ]
    assert len(list(csv.reader(io.StringIO(out.joinpath("class-games.csv").read_text())))) == 7
    page = out.joinpath("class-report.md").read_text(encoding="utf-8")
    assert "](class-outcomes.png)" in page and "](class-security.png)" in page
    for chart in ("class-outcomes.png", "class-security.png"):
        assert pygame.image.load(str(out / chart)).get_width() == 1280


def test_class_report_without_usable_results_exits_2(tmp_path, capsys):
    assert class_report(tmp_path / "missing", None, save_class_charts) == 2
    assert capsys.readouterr().err == f"{tmp_path / 'missing'}: no such file or folder\n"
    assert class_report(tmp_path, None, save_class_charts) == 2
    assert "no usable class results" in capsys.readouterr().err
    (tmp_path / "x.jsonl").write_text("not json\n", encoding="utf-8")
    assert class_report(tmp_path, None, save_class_charts) == 2
    err = capsys.readouterr().err.splitlines()
    assert err[0].startswith(f"{tmp_path / 'x.jsonl'}:1: not valid JSON")
    assert list(tmp_path.iterdir()) == [tmp_path / "x.jsonl"]  # nothing written


def test_the_charts_say_in_words_what_the_colours_show(two_computers, tmp_path, monkeypatch):
    drawn: list[str] = []
    draw_text = Painter.text

    def recording(painter, value, *args, **kwargs):
        drawn.append(value)
        return draw_text(painter, value, *args, **kwargs)

    monkeypatch.setattr(Painter, "text", recording)
    summary = summarize_class(load_results(classes_dir())[0])
    written = save_class_charts(summary, tmp_path)
    assert [path.name for path in written] == ["class-outcomes.png", "class-security.png"]
    for label in ("Ana & Ben", "Cy & Dee", "Eve & Fox", "All pairs", "Real", "Felt"):
        assert label in drawn
    for outcome in ("Stable peace", "Armed peace", "Spiral to war", "Aggression won"):
        assert outcome in drawn
    assert "3 games" in drawn  # Ana & Ben's count beside the bar


def test_the_example_line_of_the_docs_is_a_valid_results_line():
    page = (Path(__file__).resolve().parent.parent / "docs" / "classroom.md").read_text("utf-8")
    [line] = re.findall(r"```json\n(.*?)\n```", page, flags=re.DOTALL)
    [example], problems = load_results(write_results(line))
    assert problems == []
    assert (example.pair, example.outcome, example.spiral) == ("Ana & Ben", "armed_peace", True)


def write_results(text: str) -> Path:
    path = classes_dir() / "example" / "pc.jsonl"
    path.parent.mkdir(parents=True)
    path.write_text(text + "\n", encoding="utf-8")
    return path


# -- the screens ----------------------------------------------------------------------------


class Calls:
    def __init__(self) -> None:
        self.started: list[tuple[ClassSession, str]] = []
        self.summaries: list[ClassSession] = []
        self.back = 0

    def start(self, session: ClassSession, pair: str) -> None:
        self.started.append((session, pair))

    def summary(self, session: ClassSession) -> None:
        self.summaries.append(session)

    def leave(self) -> None:
        self.back += 1


def test_a_teacher_starts_a_session_and_names_the_first_pair_by_keyboard(app):
    calls = Calls()
    app.show(ClassroomStart(app, calls.start, calls.summary, calls.leave))
    assert "No class sessions on this computer yet." in " ".join(drawn(app))
    type_text(app, "Period 3")
    assert "a new session" in drawn(app)
    key(app, pygame.K_RETURN)  # Enter in the name: on to the pair
    key(app, pygame.K_RETURN)  # Enter with no pair: asked for one
    assert calls.started == []
    assert "Type the names of the two players first, e.g. Ana & Ben." in " ".join(drawn(app))
    type_text(app, "Ana & Ben")
    key(app, pygame.K_RETURN)
    [(session, pair)] = calls.started
    assert (session.name, pair) == ("Period 3", "Ana & Ben")
    assert session.folder == classes_dir() / "period-3" and session.folder.is_dir()
    key(app, pygame.K_ESCAPE)
    assert calls.back == 1


def test_a_session_on_this_computer_is_picked_from_the_list(app, two_computers):
    start_session("Year 10", machine="lab-pc-1")
    calls = Calls()
    app.show(ClassroomStart(app, calls.start, calls.summary, calls.leave))
    scene = app.scene
    text = drawn(app)
    assert "Period 3" in text and "6 games by 3 pairs" in text and "Year 10" in text
    first = scene.chosen()[1]
    key(app, pygame.K_TAB)  # from the name field to the list
    assert scene.focus.current is scene.list
    key(app, pygame.K_DOWN)
    second = scene.chosen()[1]
    assert second is not None and second.folder != first.folder
    key(app, pygame.K_UP)
    assert scene.chosen()[1].folder == first.folder
    period = next(s for s in scene.sessions if s.name == "Period 3")
    scene.list.index = scene.sessions.index(period)
    click(app, scene.summary_button.rect)
    assert [s.folder for s in calls.summaries] == [period.folder]
    click(app, scene.pair.rect)
    type_text(app, "Gus & Hal")
    click(app, scene.start_button.rect)
    assert [(s.name, pair) for s, pair in calls.started] == [("Period 3", "Gus & Hal")]


def test_every_discussion_question_can_be_read_whole_on_the_summary(app, two_computers):
    first, _, _ = two_computers
    app.show(session_summary(app, first, Calls().leave))
    scene = app.scene
    questions = [q for level in scene.summary.levels for q in level.questions]
    assert len(questions) > 2  # more than the card shows at once

    def read() -> set[str]:
        """The questions drawn whole (a paragraph's lines joined again)."""
        text = " ".join(drawn(app))
        return {q for q in questions if q in text}

    seen = read()
    assert seen and seen != set(questions)
    for _ in questions:  # the wheel over the card, a question at a time
        wheel(app, scene.questions.rect, 1)
        seen |= read()
    assert seen == set(questions)
    key(app, pygame.K_TAB)  # the keys too, once Tab has focused the card
    assert scene.focus.current is scene.questions
    key(app, pygame.K_HOME)
    first_shown = read()
    key(app, pygame.K_END)
    last_shown = read()
    assert last_shown != first_shown and questions[-1] in last_shown


def test_after_a_game_the_session_stays_chosen_for_the_next_pair(app, two_computers):
    first, _, _ = two_computers
    calls = Calls()
    note = "Game recorded: Ana & Ben, Fog of War. Who plays next?"
    app.show(ClassroomStart(app, calls.start, calls.summary, calls.leave, first, note))
    assert app.scene.focus.current is app.scene.pair
    assert note in drawn(app)
    type_text(app, "Cy & Dee")
    key(app, pygame.K_RETURN)
    assert [(s.folder, pair) for s, pair in calls.started] == [(first.folder, "Cy & Dee")]


def test_the_teacher_summary_shows_each_pair_and_exports_the_report(app, two_computers, tmp_path):
    first, _, _ = two_computers
    calls = Calls()
    app.show(session_summary(app, first, calls.leave))
    scene = app.scene
    assert isinstance(scene, TeacherSummary)
    text = drawn(app)
    assert "Class summary: Period 3" in text and "Whole class" in text
    assert "6 games by 3 pairs \u00b7 5 spiralled \u00b7 4 true security dilemmas" in " ".join(text)
    for pair in ("Ana & Ben", "Cy & Dee", "Eve & Fox"):
        assert pair in text
    assert any(line.startswith("\u2022 ") for line in text)  # a discussion question
    key(app, pygame.K_DOWN)
    assert scene.selected.name == "Ana & Ben"
    assert "Spiralled: 3 of 3" in " ".join(drawn(app))
    key(app, pygame.K_TAB)
    assert scene.focus.current is scene.questions  # the discussion questions, then the folder
    key(app, pygame.K_TAB)
    assert scene.focus.current is scene.folder
    scene.folder.text = ""
    type_text(app, str(tmp_path / "out"))
    key(app, pygame.K_RETURN)  # Enter in the folder field exports
    assert (tmp_path / "out" / "class-report.md").is_file()
    assert (tmp_path / "out" / "class-security.png").is_file()
    assert any(str(tmp_path / "out") in line for line in drawn(app))
    blocked = tmp_path / "a-file"
    blocked.write_text("x", encoding="utf-8")
    scene.folder.text = str(blocked / "report")
    click(app, scene.export_button.rect)
    assert scene.failed and scene.message.startswith(f"Could not export to {blocked}")
    key(app, pygame.K_ESCAPE)
    assert calls.back == 1


def test_the_summary_names_lines_it_could_not_use(app, two_computers):
    first, _, _ = two_computers
    (first.folder / "broken.jsonl").write_text("{\n", encoding="utf-8")
    app.show(session_summary(app, first, lambda: None))
    assert app.scene.problems == [
        f"{first.folder / 'broken.jsonl'}:1: not valid JSON, the line may be cut short "
        "(expecting property name enclosed in double quotes at column 2)"
    ]
    shown = " ".join(drawn(app))  # the whole reason, wrapped rather than cut
    assert f"1 results line not used: {app.scene.problems[0]}" in shown


def test_a_hot_seat_game_played_in_the_window_is_recorded_with_its_replay(app):
    session = start_session("Period 3")
    level = load_builtin("tutorial", ["rules.turns=3"])
    flow = MatchFlow(app, level, 7, {side: "human" for side in SIDES}, lambda: None)
    flow.start()
    while not isinstance(app.scene, Debrief):
        if isinstance(app.scene, Decision):
            while app.scene.focus.current is not app.scene.confirm:
                key(app, pygame.K_TAB)
            key(app, pygame.K_RETURN)
        else:
            move_on(app)
    written = record_game(
        session, "Ana & Ben", flow.level, flow.controllers, flow.match, flow.replay_path
    )
    assert flow.replay_path is not None and Path(written.replay).is_file()
    [loaded], problems = load_results(session.folder)
    assert problems == [] and loaded == written
    assert loaded.outcome == app.scene.result.outcome.key
    assert loaded.controllers.red == loaded.controllers.blue == "human"
