"""Hostile students' bots get nowhere: nothing leaks, is deleted or left running.

Each one is either refused before the game, with its file and line, or plays and is
refused turn by turn. The bots are in ``tests/hostile_bots``, one per attack that once
worked (see the issue "Nothing gets in"). Each game runs with a secret seed and a saved
game with secrets beside it, so a leak would show.
"""

from __future__ import annotations

import gc
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

import game.ai.bots
from game.ai import bot_worker
from game.ai.bots import QUIET_LIBRARIES, BotError, BotHost, parse_bot_spec
from game.cli import main

HOSTILE = Path(__file__).resolve().parent / "hostile_bots"
SECRET_SEED = "4711"


def bot_processes() -> set[int]:
    """Bot processes alive now (Linux), to check that none outlives its game."""
    found = set()
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                command = (entry / "cmdline").read_bytes()
            except OSError:
                continue
            if b"game.ai.bot_worker" in command:
                found.add(int(entry.name))
    return found


@pytest.fixture
def guarded(tmp_path, monkeypatch):
    """A data folder with a saved game and settings, checked unchanged afterwards."""
    data = tmp_path / "data"
    data.mkdir()
    secrets = {
        data / "saved-game.json": json.dumps({"seed": SECRET_SEED, "types": "expansionist"}),
        data / "settings.json": "{}",
    }
    for path, text in secrets.items():
        path.write_text(text, encoding="utf-8")
    monkeypatch.setenv("SECURITY_DILEMMA_DATA_DIR", str(data))
    before = bot_processes()
    yield secrets
    gc.collect()  # the bot's host closes when the last game using it is gone
    deadline = time.monotonic() + 5
    while bot_processes() - before and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not bot_processes() - before, "a bot's process outlived its game"
    for path, text in secrets.items():
        assert path.read_text(encoding="utf-8") == text, f"{path.name} was changed"


def simulate(capfd, name: str, *extra: str) -> tuple[int, str, str]:
    status = main(
        [
            "simulate",
            "--level",
            "fog-of-war",
            "--red",
            f"bot:{HOSTILE / name}",
            "--blue",
            "tit-for-tat",
            "--games",
            "2",
            "--seed",
            SECRET_SEED,
            "--turns",
            "4",
            "--json",
            *extra,
        ]
    )
    captured = capfd.readouterr()
    return status, captured.out, captured.err


REFUSED_BEFORE_THE_GAME = [
    ("unpickle_eval.py", 7, '"__reduce__" is an invalid variable name'),
    ("reads_command_line.py", 3, "a bot may import only"),
    ("deletes_files.py", 3, "a bot may import only"),
    ("opens_socket.py", 3, "a bot may import only"),
    ("kills_the_game.py", 3, "a bot may import only"),
    ("forks.py", 3, "a bot may import only"),
]


@pytest.mark.parametrize(("name", "line", "reason"), REFUSED_BEFORE_THE_GAME)
def test_a_bot_reaching_for_the_game_is_refused_before_it_starts(
    guarded, capfd, name, line, reason
):
    status, out, err = simulate(capfd, name)
    assert status == 2 and out == ""
    (message,) = err.splitlines()
    assert message.startswith(f"error: {HOSTILE / name}:{line}: ") and reason in message
    assert "Traceback" not in err and "pwned" not in out + err


REFUSED_TURN_BY_TURN = [
    ("reads_saved_game.py", "reads_saved_game.py:8: NameError: name 'open' is not defined"),
    ("hogs_memory.py", "hogs_memory.py:8: MemoryError"),
    ("huge_amount.py", "amount must be a number (got an integer of about 401 digits)"),
    ("recurses.py", "recurses.py:8: RecursionError"),
    ("introspects.py", 'introspects.py:8: AttributeError: "__class__" is an invalid attribute'),
    ("formats_its_way_out.py", '"format" is not allowed in a bot'),
    ("huge_answer.py", "posture must be a Posture, e.g. Posture.ARM (got 'armarmarm"),
]


@pytest.mark.parametrize(("name", "reason"), REFUSED_TURN_BY_TURN)
def test_a_bot_misbehaving_in_play_holds_each_turn_and_the_game_finishes(
    guarded, capfd, name, reason
):
    status, out, _ = simulate(capfd, name)
    assert status == 0
    document = json.loads(out)  # the output is the game's own, unspoiled
    assert [game["turns"] for game in document["games"]] == [4, 4]
    fouls = document["fouls"]["red"]
    assert fouls["count"] == 8  # every decision of both games was refused
    assert reason in fouls["messages"][0]
    assert all(len(message) < 600 for message in fouls["messages"])
    assert SECRET_SEED not in " ".join(fouls["messages"])


def test_a_bot_that_never_answers_or_ends_its_process_is_restarted(guarded, capfd):
    for name, reason in (
        ("loops_forever.py", "the decision took longer than 0.5 s"),
        ("exits.py", "the bot's process ended"),
    ):
        status, out, _ = simulate(capfd, name, "--set", "rules.bot_time_limit=0.5")
        assert status == 0
        fouls = json.loads(out)["fouls"]["red"]
        assert fouls["count"] >= 2 and reason in fouls["messages"][0]
        assert "the bot was restarted and its memory lost" in fouls["messages"][0]


def test_a_bot_that_never_loads_is_reported_and_stopped(guarded, capfd, monkeypatch):
    monkeypatch.setattr(game.ai.bots, "STARTUP_SECONDS", 2.0)
    status, out, err = simulate(capfd, "slow_to_load.py")
    assert status == 2 and out == ""
    assert "the bot took over 2 s to load" in err


def test_the_bots_process_starts_clean(monkeypatch):
    """No command line, no environment, an empty folder of its own, its own process group."""
    started = {}
    real = subprocess.Popen

    def record(args, **options):
        started.update(options, args=args)
        return real(args, **options)

    monkeypatch.setattr(subprocess, "Popen", record)
    host = BotHost(parse_bot_spec(f"bot:{HOSTILE.parent / 'fixtures' / 'bots' / 'gambler.py'}"))
    try:
        assert started["args"] == [
            sys.executable,
            "-I",
            "-B",
            "-X",
            "utf8",
            "-m",
            "game.ai.bot_worker",
        ]
        assert started["env"] == QUIET_LIBRARIES
        folder = Path(started["cwd"])
        assert folder.is_dir() and list(folder.iterdir()) == []
        assert started["stderr"] == subprocess.DEVNULL
        if os.name == "posix":
            assert started["start_new_session"] is True
            assert os.getpgid(host._process.pid) == host._process.pid
    finally:
        host.close()
    assert not folder.exists()  # its folder goes with it


@pytest.mark.skipif(os.name != "posix", reason="OS limits are set where the platform has them")
def test_the_bots_process_limits_itself_even_if_the_sandbox_failed():
    """The second wall: without the restricted interpreter, files and memory are still out."""
    probe = (
        "from game.ai import bot_worker\n"
        "bot_worker._limit_process()\n"
        "try:\n"
        "    bytearray(3 * 1024**3)\n"
        "    print('memory: allowed')\n"
        "except MemoryError:\n"
        "    print('memory: refused')\n"
        "import signal\n"
        "signal.signal(signal.SIGXFSZ, signal.SIG_IGN)\n"
        "try:\n"
        "    with open('written.txt', 'w') as file:\n"
        "        file.write('x' * 100)\n"
        "    print('file: allowed')\n"
        "except OSError:\n"
        "    print('file: refused')\n"
    )
    result = subprocess.run(
        [sys.executable, "-I", "-c", probe],
        capture_output=True,
        text=True,
        check=True,
        env=QUIET_LIBRARIES,
        cwd=Path(os.environ.get("TMPDIR", "/tmp")),
    )
    assert result.stdout.splitlines() == ["memory: refused", "file: refused"]


@pytest.mark.skipif(os.name != "posix", reason="OS limits are set where the platform has them")
def test_a_bot_that_never_loads_stops_by_itself_even_if_the_game_is_gone(tmp_path):
    """Loading has a CPU ceiling too: an orphaned bot's process cannot spin for ever."""
    from game.ai import wire

    worker = subprocess.Popen(
        [sys.executable, *game.ai.bots.WORKER],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        cwd=tmp_path,
        env=QUIET_LIBRARIES,
    )
    try:
        assert worker.stdin is not None
        source = (HOSTILE / "slow_to_load.py").read_text()
        load = {"type": "load", "source": source, "filename": "slow_to_load.py"}
        wire.write_message(worker.stdin, load | {"class_name": None, "time_limit": 0.0})
        # Nobody waits for the answer or ends the process: the OS must, within the margin.
        returncode = worker.wait(timeout=30 + 10 * bot_worker.CPU_MARGIN)
    finally:
        worker.kill()
        worker.wait()
    assert returncode < 0  # stopped by a signal (SIGXCPU, then SIGKILL at the hard limit)


def test_every_hostile_bot_is_covered():
    covered = {name for name, *_ in REFUSED_BEFORE_THE_GAME + REFUSED_TURN_BY_TURN}
    covered |= {"loops_forever.py", "exits.py", "slow_to_load.py"}
    assert covered == {path.name for path in HOSTILE.glob("*.py")}


def test_an_answer_that_breaks_the_protocol_is_refused_not_fatal():
    from game.ai import wire

    for broken in (
        [],
        {"posture": {"Posture": "arm"}},
        {name: {"eval": "1"} for name in wire.ORDER_FIELDS},
        {name: {"Posture": "nuke"} for name in wire.ORDER_FIELDS},
    ):
        with pytest.raises(wire.WireError):
            wire.answer_from_data(broken)
    assert isinstance(BotError("x"), Exception)


def test_a_saved_game_naming_a_bot_starts_it_only_after_the_file_is_accepted(guarded, tmp_path):
    from game.levels import load_builtin
    from game.replay import replay_document, write_replay
    from game.rules.model import Orders, Side
    from game.session.match import Match
    from game.session.saves import SaveError, load_saved_game

    level = load_builtin("fog-of-war")
    match = Match(level.scenario, 1)
    for side in (Side.RED, Side.BLUE):
        match.submit(side, Orders())
    match.resolve()
    controllers = {Side.RED: f"bot:{HOSTILE / 'kills_the_game.py'}", Side.BLUE: "human"}
    path = tmp_path / "saved-game.json"
    write_replay(path, replay_document(level, controllers, match.event_log()))
    before = bot_processes()
    saved = load_saved_game(path)  # verified by re-playing the orders: no bot needed
    assert bot_processes() == before
    with pytest.raises(SaveError, match=r"kills_the_game\.py:3: ImportError: a bot may import"):
        saved.resume()  # only now is the bot started, sandboxed, and refused
