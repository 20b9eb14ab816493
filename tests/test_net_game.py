"""A whole class game over the network: real host, real clients, 127.0.0.1.

Two students and an odd one out join, the teacher starts the round, everybody plays to the
debrief, and the host keeps what a teacher expects to find: each game's replay (in the
replay format, re-playing exactly), the class results, the dashboard's totals and, when
the session ends, the class report.
"""

from __future__ import annotations

import pytest
from net_driver import eventually, join, join_in_order, play_out, start_host

from game.levels import load_builtin
from game.net.dashboard import SeatStatus
from game.net.host import BackgroundHost, Host
from game.net.protocol import Accepted, GameOver, GameStart, Lobby, SessionOver, Turn, Welcome
from game.replay import read_replay
from game.rules.model import Side


@pytest.fixture
def host():
    background = start_host(load_builtin("tutorial", ["rules.turns=6"]))
    yield background
    background.stop()
    assert not background.running  # the window can stop its host cleanly


def test_a_class_plays_to_the_debrief_and_the_host_keeps_every_game(host, tmp_path):
    students = join_in_order(host, ["Ana", "Ben", "Cleo"], tmp_path)
    try:
        for student in students:
            student.wait(lambda e: isinstance(e, Lobby) and len(e.players) == 3, since=0)
        host.start_round()
        for student in students:
            student.wait(lambda e: isinstance(e, Turn))
        ana, ben, cleo = students
        assert ana.game.game == ben.game.game != cleo.game.game
        assert (ana.game.my_side, ben.game.my_side) == (Side.RED, Side.BLUE)
        assert ana.game.names.blue == "Ben" and cleo.game.controllers.blue == "tit-for-tat"
        dashboard = host.dashboard()
        assert dashboard is not None and len(dashboard.pairs) == 2
        play_out(students)
        overs = {s.name: s.of_type(GameOver)[-1] for s in students}
        assert overs["Ana"].replay == overs["Ben"].replay
        replay = overs["Ana"].parsed_replay()
        assert replay.finished and len(replay.records) == 6
        debrief = overs["Ben"].finished_match()  # what the window's debrief shows
        assert debrief.finished and debrief.result() == host.host.room.games[1].match.result()
        assert all(s.of_type(Accepted) for s in students)
        eventually(lambda: host.dashboard().totals.count == 2)
        board = host.dashboard()
        assert board is not None
        assert all(p.status == (SeatStatus.FINISHED, SeatStatus.FINISHED) for p in board.pairs)
        assert sum(board.totals.outcomes.values()) == 2
        kept = [pair.replay for pair in board.pairs]
        assert all(path is not None and read_replay(path).finished for path in kept)
        assert read_replay(kept[0]).classroom.pair == "Ana & Ben"
        report = host.end_session()
        names = {path.name for path in report}
        assert {"class-report.md", "class-report.csv", "class-games.csv"} <= names
        assert "Ana & Ben" in next(p for p in report if p.name == "class-report.csv").read_text()
        for student in students:
            student.wait(lambda e: isinstance(e, SessionOver))
    finally:
        for student in students:
            student.client.close()


def test_a_new_round_pairs_students_with_new_partners(host, tmp_path):
    students = join_in_order(host, ["Ana", "Ben", "Cleo", "Dev"], tmp_path)
    try:
        for student in students:
            student.wait(lambda e: isinstance(e, Lobby) and len(e.players) == 4, since=0)
        host.start_round()
        for student in students:
            student.wait(lambda e: isinstance(e, Turn))
        first = {s.name: s.game.names.of(s.game.my_side.other) for s in students}
        play_out(students)
        for student in students:
            student.received.clear()
        host.start_round()
        for student in students:
            student.wait(lambda e: isinstance(e, GameStart))
        second = {s.name: s.game.names.of(s.game.my_side.other) for s in students}
        assert all(first[name] != second[name] for name in first), (first, second)
    finally:
        for student in students:
            student.client.close()


def test_every_seat_gets_its_token_and_the_level_it_plays(host, tmp_path):
    ana = join(host, "Ana", tmp_path)
    try:
        welcome = ana.wait(lambda e: isinstance(e, Welcome))
        assert welcome.name == "Ana" and len(welcome.token) >= 40
        code = host.host.room.settings.code
        assert ana.client.seats.token(f"{host.host.address}/{code}") == welcome.token
    finally:
        ana.client.close()


def test_a_second_host_on_a_port_in_use_says_so_in_one_line(host):
    other = BackgroundHost(Host(host.host.room, "127.0.0.1", host.host.port))
    assert not other.start()
    assert "cannot listen on 127.0.0.1" in other.error and "\n" not in other.error
