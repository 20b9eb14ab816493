"""Compiled levels kept between runs: the same games as a fresh load, and never trusted blindly."""

from __future__ import annotations

import hashlib
import os

import numpy as np
import pytest

from game import storage
from game.ai.registry import controller_problem, make_strategy
from game.levels import LevelError, load_level
from game.session import level_cache
from game.session.level_cache import cache_dir, load_level_cached
from game.session.runner import run_games

OVERRIDES = ["execution.error=0.05", "rules.turns=40", "intel.arsenal_noise=1.5"]


def entries() -> list:
    folder = cache_dir()
    return sorted(folder.glob("*.json")) if folder.exists() else []


def played(scenario, seeds=(1, 2, 3, 4)):
    """Every array of the final state of a few noisy games (tit-for-tat against pavlov)."""
    run = run_games(
        scenario, lambda: make_strategy("tit-for-tat"), lambda: make_strategy("pavlov"), seeds
    )
    state = run.state
    return [state.arsenal, state.treasury, state.tension, state.score, state.outcome]


def assert_same_games(first, second):
    for a, b in zip(played(first), played(second), strict=True):
        assert a.dtype == b.dtype and np.array_equal(a, b)


@pytest.mark.parametrize("level_id", ["prisoners-dilemma", "europe-1909", "missile-shield"])
def test_a_level_loaded_again_comes_from_the_cache_and_plays_the_same_games(level_id):
    fresh = load_level(level_id, OVERRIDES)
    first = load_level_cached(level_id, OVERRIDES, controller_problem)
    again = load_level_cached(level_id, OVERRIDES, controller_problem)
    assert first.validated is not None and again.validated is None  # the second skipped it
    assert (again.id, again.title, again.origin) == (fresh.id, fresh.title, fresh.origin)
    assert (again.text, again.overrides) == (fresh.text, fresh.overrides)
    assert again.scenario.phases[-1].news == fresh.scenario.phases[-1].news
    assert_same_games(fresh.scenario, again.scenario)
    assert again.model == fresh.model  # validated when asked for


def test_each_text_and_set_of_overrides_has_its_own_entry(tmp_path):
    path = tmp_path / "mine.toml"
    path.write_text('[level]\nid = "mine"\ntitle = "Mine"\nsummary = "S."\nbriefing = "B."\n')
    assert load_level_cached(path).scenario.turns == 30
    assert load_level_cached(path, ["rules.turns=12"]).scenario.turns == 12
    path.write_text(path.read_text() + "[rules]\nturns = 7\n")
    assert load_level_cached(path).scenario.turns == 7
    assert len(entries()) == 3


def test_overrides_are_still_checked_when_the_level_is_in_the_cache():
    load_level_cached("tutorial")
    with pytest.raises(LevelError) as cached:
        load_level_cached("tutorial", ["intel.arsenal_noise=-1"])
    with pytest.raises(LevelError) as normal:
        load_level("tutorial", ["intel.arsenal_noise=-1"])
    assert cached.value.lines() == normal.value.lines()
    assert "--set intel.arsenal_noise=-1" in cached.value.lines()[0]


def test_a_refused_default_controller_is_reported_although_the_level_is_in_the_cache(tmp_path):
    path = tmp_path / "mine.toml"
    path.write_text(
        '[level]\nid = "mine"\ntitle = "Mine"\nsummary = "S."\nbriefing = "B."\n'
        '[nations.red]\ncontroller = "tit-for-tat"\n'
    )
    load_level_cached(path, (), controller_problem)
    with pytest.raises(LevelError) as caught:
        load_level_cached(path, (), lambda strategy, params: f"no {strategy} today")
    assert caught.value.lines() == [f"{path}:7: nations.red.controller: no tit-for-tat today"]


def damage_truncated(entry):
    entry.write_bytes(entry.read_bytes()[:-40])


def damage_one_byte(entry):
    data = bytearray(entry.read_bytes())
    data[len(data) // 2] ^= 0x01
    entry.write_bytes(bytes(data))


def damage_garbage(entry):
    entry.write_bytes(b"\x00\xff not an entry\n{{{")


def damage_forged(entry):
    """Valid JSON with a matching digest, but not an entry (no scenario)."""
    payload = b'{"key": "' + entry.stem.encode() + b'", "id": "x"}'
    entry.write_bytes(hashlib.sha256(payload).hexdigest().encode() + b"\n" + payload)


def damage_folder(entry):
    entry.unlink()
    entry.mkdir()


def damage_huge(entry):
    entry.write_bytes(b"0" * (level_cache.MAX_ENTRY_BYTES + 1))


@pytest.mark.parametrize(
    "damage",
    [
        damage_truncated,
        damage_one_byte,
        damage_garbage,
        damage_forged,
        damage_folder,
        damage_huge,
    ],
)
def test_a_damaged_entry_is_ignored_and_the_level_loaded_normally(damage):
    load_level_cached("prisoners-dilemma", OVERRIDES)
    (entry,) = entries()
    damage(entry)
    loaded = load_level_cached("prisoners-dilemma", OVERRIDES)
    assert loaded.validated is not None  # validated, not read from the damaged entry
    assert_same_games(load_level("prisoners-dilemma", OVERRIDES).scenario, loaded.scenario)


def test_a_folder_that_cannot_be_written_means_no_cache(monkeypatch, tmp_path):
    blocked = tmp_path / "file"
    blocked.write_text("not a folder")
    monkeypatch.setenv("SECURITY_DILEMMA_CACHE_DIR", str(blocked))
    assert load_level_cached("tutorial").validated is not None
    assert load_level_cached("tutorial").validated is not None


def test_without_a_home_folder_levels_load_without_the_cache(monkeypatch):
    def no_home() -> None:
        raise RuntimeError("Could not determine home directory")

    monkeypatch.setattr(storage, "cache_dir", no_home)
    assert load_level_cached("tutorial", OVERRIDES).validated is not None


def test_only_the_newest_entries_are_kept(monkeypatch):
    monkeypatch.setattr(level_cache, "MAX_ENTRIES", 2)
    for turns in (5, 6, 7):
        for entry in entries():  # each older than the next, whatever the clock's resolution
            age = entry.stat().st_mtime - 10
            os.utime(entry, (age, age))
        load_level_cached("tutorial", [f"rules.turns={turns}"])
    assert len(entries()) == 2
    assert load_level_cached("tutorial", ["rules.turns=7"]).validated is None
    assert load_level_cached("tutorial", ["rules.turns=5"]).validated is not None
