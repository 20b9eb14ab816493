"""Fuzzing saved games: mutations of real games in progress, and random bytes.

The title screen opens ``saved-game.json`` on every start, so a damaged file must give a
:class:`SaveError` (one line), never an exception that stops the game, within a bounded
time; the file is left as it was. A file that opens must continue as the game it holds.
"""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

from fuzzing import (
    accepted,
    byte_mutations,
    case,
    digest,
    fuzz,
    json_mutations,
    run_quietly,
    sample_saves,
)
from hypothesis import given
from hypothesis import strategies as st

from game.session.match import Match
from game.session.saves import SavedGame, SaveError, load_saved_game

SAVES = sample_saves()
TEXTS = [json.dumps(d, indent=None).encode() for d in SAVES]


@st.composite
def save_files(draw: st.DrawFn) -> bytes:
    index = draw(st.integers(0, len(SAVES) - 1))
    kind = draw(st.sampled_from(["json", "json", "json", "bytes", "random"]))
    if kind == "json":
        return draw(json_mutations(SAVES[index], compact=False))
    if kind == "bytes":
        return draw(byte_mutations(TEXTS[index]))
    return draw(st.binary(max_size=3000))


@fuzz(500)
@given(data=save_files())
def test_damaged_saves_are_a_save_error_in_one_line_and_left_alone(data):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "saved-game.json"
        path.write_bytes(data)
        before = digest(path)
        with case("saves"):  # what the title screen does: open the save, then continue it
            saved = run_quietly(lambda: load_saved_game(path))
            assert isinstance(saved, SaveError | SavedGame), repr(saved)
            if isinstance(saved, SaveError):
                message = str(saved)
                assert len(message.splitlines()) == 1 and message.startswith("saved-game.json: ")
            else:
                match = run_quietly(saved.resume)
                if isinstance(match, SaveError):
                    assert len(str(match).splitlines()) == 1
                else:
                    assert isinstance(match, Match), repr(match)
                    assert match.turn == saved.turns_played
                    accepted("saves")
            assert digest(path) == before


def test_a_killed_save_leaves_nothing_behind_once_the_next_save_is_written(tmp_path):
    """Temporary files of killed writes are removed; a fresh one, or anyone else's, stays."""
    import os
    import time

    from game.storage import write_atomically

    target = tmp_path / "saved-game.json"
    stale = tmp_path / ".saved-game.json.abcd1234.tmp"  # as tempfile.mkstemp names ours
    fresh = tmp_path / ".saved-game.json.efgh5678.tmp"  # a write still under way
    other = tmp_path / ".settings.json.abcd1234.tmp"  # another file's
    lookalike = tmp_path / ".saved-game.json.abcd1234.tmp.keep"
    for path in (stale, fresh, other, lookalike):
        path.write_text("half a file", encoding="utf-8")
    an_hour_ago = time.time() - 3600
    for path in (stale, other, lookalike):
        os.utime(path, (an_hour_ago, an_hour_ago))
    with case("saves"):
        write_atomically(target, "{}")
        names = sorted(path.name for path in tmp_path.iterdir())
        assert names == sorted([target.name, fresh.name, other.name, lookalike.name])
