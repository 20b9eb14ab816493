"""Fuzzing the settings file: mutations of real settings files, and random bytes.

A settings file that cannot be used never stops the game: :func:`load_settings` gives the
defaults and one line that names the file (and the line, where there is one), within a
bounded time, and never changes the file.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from fuzzing import accepted, byte_mutations, case, digest, fuzz, json_mutations, run_quietly
from hypothesis import given
from hypothesis import strategies as st

from game.ui.settings import Settings, load_settings, save_settings, settings_path


def real_settings() -> list[bytes]:
    """Settings files as the game writes them."""
    files = []
    placed = Settings(window_size=(1100, 650), window_position=(40, 30))
    recent = Settings(
        recent_levels=("/home/ana/levels/arms race.toml", "C:\\Users\\Ben\\李雷.toml")
    )
    examples = (Settings(), Settings(fullscreen=True, ui_scale=1.25, sound=False), placed)
    for settings in (*examples, recent):
        path = save_settings(settings)
        files.append(path.read_bytes())
        path.unlink()
    return files


FILES = real_settings()


@st.composite
def settings_files(draw: st.DrawFn) -> bytes:
    base = draw(st.sampled_from(FILES))
    kind = draw(st.sampled_from(["json", "json", "bytes", "random"]))
    if kind == "json":
        return draw(json_mutations(json.loads(base), compact=False))
    if kind == "bytes":
        return draw(byte_mutations(base))
    return draw(st.binary(max_size=500))


def check(message: str | None, settings: object) -> None:
    assert isinstance(settings, Settings)
    if message is None:
        accepted("settings")
        return
    assert settings == Settings()
    assert message.startswith(f"Could not use the settings in {settings_path()}: ")
    assert len(message.splitlines()) == 1


@fuzz(500)
@given(data=settings_files())
def test_unusable_settings_give_defaults_and_one_line(data):
    path = settings_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    before = digest(path)
    with case("settings"):
        outcome = run_quietly(load_settings)
        assert isinstance(outcome, tuple), repr(outcome)
        settings, message = outcome
        check(message, settings)
        assert digest(path) == before


def test_a_wrong_value_is_reported_on_its_line():
    path = settings_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text('{\n  "version": 1,\n  "sound": "yes"\n}\n', encoding="utf-8")
    with case("settings"):
        _, message = load_settings()
        assert message is not None and 'line 3: "sound" should be true or false' in message


@pytest.mark.parametrize("kind", ["fifo", "folder"])
def test_a_pipe_or_folder_in_place_of_the_file_is_explained_not_read(kind):
    """In a separate process: a loader that blocks on a pipe must not hang the suite."""
    path = settings_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    if kind == "fifo":
        if not hasattr(os, "mkfifo"):
            pytest.skip("no named pipes here")
        os.mkfifo(path)
    else:
        path.mkdir()
    code = "from game.ui.settings import load_settings; print(load_settings()[1])"
    with case("settings"):
        result = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, timeout=20
        )
        assert result.returncode == 0 and not result.stderr, result.stderr
        message = result.stdout.strip()
        assert message.startswith(f"Could not use the settings in {path}: ")
        assert len(message.splitlines()) == 1
