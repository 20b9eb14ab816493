"""The class game in a terminal: the teacher's commands and a student's text client."""

from __future__ import annotations

import io
import os
import threading

import pytest
from net_driver import eventually, start_host

from game.levels import load_builtin
from game.net.console import parse_orders, play_in_terminal, run_host_console
from game.rules.model import Orders, Posture, Signal


def test_typed_orders_read_as_the_decision_screen_would_give_them():
    assert parse_orders("hold", 1.0) == Orders()
    assert parse_orders("ARM 2 warn", 1.0) == Orders(Posture.ARM, 2.0, signal=Signal.WARN)
    assert parse_orders("disarm reassure", 1.5) == Orders(
        Posture.DISARM, 1.5, signal=Signal.REASSURE
    )
    with pytest.raises(ValueError, match="posture"):
        parse_orders("attack", 1.0)


def test_a_student_plays_a_whole_game_in_the_terminal_and_the_teacher_ends_it():
    host = start_host(load_builtin("tutorial", ["rules.turns=3"]))
    typed = io.StringIO("hold\nfly\narm 1 warn\ndisarm 1\n")
    shown = io.StringIO()
    result: list[int] = []
    student = threading.Thread(
        target=lambda: result.append(
            play_in_terminal(host.host.address, host.host.room.settings.code, "Ana", typed, shown)
        )
    )
    student.start()
    read, write = os.pipe()
    commands = os.fdopen(write, "w")
    teacher_out = io.StringIO()
    teacher = threading.Thread(
        target=run_host_console, args=(host, os.fdopen(read), teacher_out), daemon=True
    )
    teacher.start()
    try:
        eventually(lambda: host.host.room.free_seats() != [])
        commands.write("status\nstart\nbogus\n")
        commands.flush()
        eventually(lambda: host.dashboard().totals.count == 1)
        commands.write("quit\n")
        commands.flush()
        teacher.join(timeout=20)
        student.join(timeout=20)
        assert result == [0]
        text = shown.getvalue()
        assert "you lead red against computer" in text and "turn 3/3" in text
        assert "error: unknown posture 'fly'" in text and "game over:" in text
        said = teacher_out.getvalue()
        assert "round started" in said and "unknown command 'bogus'" in said
        assert "wrote " in said and "class-report.md" in said
    finally:
        commands.close()
        host.stop()
