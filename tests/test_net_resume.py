"""A host killed with SIGKILL comes back with ``--resume`` and loses no completed turn.

A real ``security-dilemma host`` process runs a class game; two students play four turns;
the process is killed with SIGKILL (no chance to save anything). Started again with
``--resume`` on the same port, it rebuilds the game from SQLite by re-playing the stored
orders, the students' clients rejoin their seats by themselves, and each is shown exactly
the view it had before the kill. The game then plays to its end and the replay holds
every turn.
"""

from __future__ import annotations

import signal
import subprocess
import sys

import pytest
from net_driver import Student, free_port, host_process, play_out

from game.net.client import NetClient, SeatBook
from game.net.protocol import GameOver, Lobby, Turn, Welcome

TURNS = 8
KILLED_AT = 4


def start(port: int, *extra: str) -> tuple[subprocess.Popen[str], str]:
    """A host process of the tutorial level and the join code it printed."""
    return host_process(port, "tutorial", TURNS, "Period 3", *extra)


@pytest.fixture
def processes():
    started: list[subprocess.Popen[str]] = []
    yield started
    for process in started:
        if process.poll() is None:
            process.kill()
        process.wait(timeout=10)


def test_a_killed_host_resumes_every_game_at_its_last_completed_turn(processes, tmp_path):
    port = free_port()
    host, code = start(port)
    processes.append(host)
    students = []
    for name in ("Ana", "Ben"):
        client = NetClient(SeatBook(tmp_path / f"{name}.json"))
        client.connect(f"127.0.0.1:{port}", code, name)
        students.append(Student(client, name))
    try:
        for student in students:
            student.wait(lambda e: isinstance(e, Lobby) and len(e.players) == 2)
        host.stdin.write("start\n")
        host.stdin.flush()
        play_out(students, until_turn=KILLED_AT)
        before = {s.name: s.of_type(Turn)[-1] for s in students}
        assert {turn.turn for turn in before.values()} == {KILLED_AT}
        seats = {s.name: s.of_type(Welcome)[-1].seat for s in students}

        host.send_signal(signal.SIGKILL)
        host.wait(timeout=10)
        marks = {s.name: len(s.received) for s in students}
        resumed, same_code = start(port, "--resume")
        processes.append(resumed)
        assert same_code == code
        for student in students:
            since = marks[student.name]
            welcome = student.wait(lambda e: isinstance(e, Welcome), since=since)
            assert welcome.seat == seats[student.name]
            again = student.wait(lambda e: isinstance(e, Turn), since=since)
            assert again == before[student.name]  # the same turn, the same view
        play_out(students)
        replay = students[0].of_type(GameOver)[-1].parsed_replay()
        assert replay.finished and len(replay.records) == TURNS
        resumed.stdin.write("quit\n")
        resumed.stdin.flush()
        output = resumed.communicate(timeout=30)[0]
        assert "class-report.md" in output
        ended = subprocess.run(
            [sys.executable, "-m", "game", "host", "--resume", "--port", str(port)],
            capture_output=True,
            text=True,
            timeout=60,
            stdin=subprocess.DEVNULL,
        )
        assert ended.returncode == 2 and "was ended" in ended.stderr
    finally:
        for student in students:
            student.client.close()


def test_resume_without_a_session_says_so_in_one_line():
    result = subprocess.run(
        [sys.executable, "-m", "game", "host", "--resume", "--bind", "127.0.0.1", "--port", "0"],
        capture_output=True,
        text=True,
        timeout=60,
        stdin=subprocess.DEVNULL,
    )
    assert result.returncode == 2
    assert result.stderr.strip().count("\n") == 0
    assert "no class session to resume" in result.stderr
