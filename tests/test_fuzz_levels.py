"""Fuzzing level files: mutations of the built-in levels, and random bytes, through the CLI.

``security-dilemma validate FILE`` must print one located line per problem and exit with
status 2, or accept the level; never a traceback, within a bounded time, and the file is
never changed. A level that is accepted must be playable, and its game saved and replayed:
no valid level may produce a number that its own replay refuses.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from fuzzing import (
    accepted,
    byte_mutations,
    case,
    check_level_lines,
    digest,
    fuzz,
    toml_values,
)
from hypothesis import given
from hypothesis import strategies as st
from paths import ROOT

from game.cli import main

LEVELS = sorted((ROOT / "levels").glob("*.toml"))
TEXTS = {path.name: path.read_bytes() for path in LEVELS}
FIELD_LINE = re.compile(rb"^[ \t]*([A-Za-z_][A-Za-z0-9_]*)[ \t]*=[ \t]*(.+)$", re.MULTILINE)
KEYS = ["turns", "arm", "fear", "income", "domestic_pressure", "offense", "title", "x", "id"]
TABLES = ["level", "rules", "tension", "nations.red", "weapons.arms", "intel", "scoring"]


def validate(path: Path, capsys: pytest.CaptureFixture[str], *extra: str) -> tuple[int, list[str]]:
    """Run ``validate`` in this process: the exit status and the lines on stderr."""
    capsys.readouterr()
    status = main(["validate", str(path), *extra])
    captured = capsys.readouterr()
    return status, captured.err.splitlines()


@st.composite
def level_mutations(draw: st.DrawFn) -> bytes:
    """A built-in level changed where teachers write: a value, a new key, a table."""
    base = TEXTS[draw(st.sampled_from(sorted(TEXTS)))]
    kind = draw(st.sampled_from(["value", "value", "key", "table", "dotted", "bytes"]))
    if kind == "bytes":
        return draw(byte_mutations(base))
    value = draw(toml_values()).encode("utf-8", "surrogatepass")
    fields = list(FIELD_LINE.finditer(base))
    if kind == "value" and fields:
        match = draw(st.sampled_from(fields))
        return base[: match.start(2)] + value + base[match.end(2) :]
    if kind == "key":
        table = draw(st.sampled_from(TABLES)).encode()
        key = draw(st.sampled_from(KEYS)).encode()
        return base + b"\n[" + table + b"]\n" + key + b" = " + value + b"\n"
    parts = draw(st.sampled_from([2, 10, 33, 200, 1000, 20_000]))
    dotted = ".".join(["a"] * parts).encode()
    if kind == "table":
        return base + b"\n[" + dotted + b"]\nx = 1\n"
    return base.replace(b"[rules]", b"[rules]\n" + dotted + b" = " + value, 1)


def played_and_replayed(path: Path) -> None:
    """Play a few turns of an accepted level, save the game and read it back verified."""
    from game.ai.registry import make_strategy
    from game.levels import load_level_file
    from game.replay import read_replay, replay_document, write_replay
    from game.rules.model import Side
    from game.session.match import Match

    level = load_level_file(path)
    match = Match(level.scenario, 7, make_strategy("random"), make_strategy("tit-for-tat"))
    while match.turn < 4 and not match.finished:
        match.resolve()
    controllers = {Side.RED: "random", Side.BLUE: "tit-for-tat"}
    saved = path.with_name("game.json.gz")
    write_replay(saved, replay_document(level, controllers, match.event_log()))
    replay = read_replay(saved)
    assert len(replay.records) == match.turn


@fuzz(800)
@given(data=level_mutations())
def test_mutated_levels_are_refused_line_by_line_or_play_and_replay(data, capsys):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "level.toml"
        path.write_bytes(data)
        before = digest(path)
        with case("levels"):
            status, lines = validate(path, capsys)
            assert status in (0, 2), lines
            if status == 2:
                check_level_lines(lines, str(path))
            else:
                played_and_replayed(path)
                accepted("levels")
            assert digest(path) == before


@fuzz(150)
@given(data=st.binary(max_size=3000))
def test_random_bytes_are_refused_in_located_lines(data, capsys):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "random.toml"
        path.write_bytes(data)
        with case("levels"):
            status, lines = validate(path, capsys)
            assert status == 2
            check_level_lines(lines, str(path))
            assert path.read_bytes() == data


@pytest.mark.parametrize("kind", ["fifo", "device", "folder", "missing", "huge"])
def test_files_that_are_not_level_files_are_refused_at_once(kind, tmp_path):
    """Run as a separate process: a loader that blocks on a pipe must not hang the suite."""
    path = tmp_path / "level.toml"
    if kind == "fifo":
        if not hasattr(os, "mkfifo"):
            pytest.skip("no named pipes here")
        os.mkfifo(path)
    elif kind == "device":
        path = Path(os.devnull if not Path("/dev/zero").exists() else "/dev/zero")
    elif kind == "folder":
        path.mkdir()
    elif kind == "huge":
        path.write_bytes(TEXTS[sorted(TEXTS)[0]] + b"#" * 10_000_000)
    code = "import sys; from game.cli import main; sys.exit(main(sys.argv[1:]))"
    with case("levels"):
        result = subprocess.run(
            [sys.executable, "-c", code, "validate", str(path)],
            capture_output=True,
            text=True,
            timeout=20,
        )
        assert result.returncode == 2
        lines = result.stderr.splitlines()
        assert len(lines) == 1 and "Traceback" not in result.stderr
        assert lines[0].startswith(f"{path}: ")
