"""Fuzzing replays: mutations of real replays (plain and gzip), and random bytes.

``security-dilemma replay FILE --verify`` must print one line ``error: NAME: ...`` and exit
with status 2, or verify the file; never a traceback, within a bounded time, and the file
is never changed. A file that verifies must hold the same game as the one that was played:
only the informational fields (``docs/replays.md``) may differ.
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
    gzip_variants,
    json_mutations,
    run_quietly,
    same_game,
    sample_replays,
)
from hypothesis import given
from hypothesis import strategies as st

from game.cli import main
from game.replay import ReplayError, parse_replay, peek_replay, read_replay
from game.storage import json_depth

REPLAYS = sample_replays()
COMPACT = [json.dumps(d, separators=(",", ":")).encode() for d in REPLAYS]


@st.composite
def replay_files(draw: st.DrawFn) -> tuple[str, bytes]:
    """A file name and its bytes: a real replay changed in one place, maybe compressed."""
    index = draw(st.integers(0, len(REPLAYS) - 1))
    kind = draw(st.sampled_from(["json", "json", "json", "bytes", "random"]))
    if kind == "json":
        data = draw(json_mutations(REPLAYS[index]))
    elif kind == "bytes":
        data = draw(byte_mutations(COMPACT[index]))
    else:
        data = draw(st.binary(max_size=3000))
    packing = draw(st.sampled_from(["plain", "plain", "gzip", "second-member", "trailing", "cut"]))
    if packing == "plain":
        return "game.json", data
    return "game.json.gz", gzip_variants(data, packing)


def verify(path: Path, capsys) -> tuple[int, list[str]]:
    capsys.readouterr()
    status = main(["replay", str(path), "--verify"])
    captured = capsys.readouterr()
    return status, captured.err.splitlines()


@fuzz(700)
@given(file=replay_files())
def test_changed_replays_are_refused_in_one_line_or_are_the_same_game(file, capsys):
    name, data = file
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / name
        path.write_bytes(data)
        before = digest(path)
        with case("replays"):
            status, lines = verify(path, capsys)
            assert status in (0, 2), lines
            if status == 2:
                assert len(lines) == 1 and lines[0].startswith(f"error: {name}: "), lines
            else:
                replay = read_replay(path)
                same = any(same_game(replay.log, original) for original in REPLAYS)
                assert same, "a changed replay verified, and it is not the game that was played"
                accepted("replays")
            summary = run_quietly(lambda: peek_replay(path))
            assert isinstance(summary, ReplayError) or summary.turns >= 0, summary
            assert digest(path) == before


@fuzz(150)
@given(data=st.binary(max_size=4000))
def test_random_bytes_are_a_replay_error(data):
    with case("replays"):
        outcome = run_quietly(lambda: parse_replay(data, "random.json"))
        assert isinstance(outcome, ReplayError), outcome
        assert "\n" not in str(outcome) and str(outcome).startswith("random.json: ")


def test_a_forged_result_extra_keys_and_trailing_data_are_refused(tmp_path):
    """The findings of the stress test, kept as plain examples."""
    import gzip

    original = REPLAYS[0]
    forged = json.loads(json.dumps(original))
    forged["result"]["outcome"] = (
        "spiral_to_war" if forged["result"]["outcome"] != "spiral_to_war" else "stable_peace"
    )
    extra = {**original, "note": "hello"}
    bad_result = {**original, "result": "peace"}
    plain = json.dumps(original).encode()
    cases = {
        "forged.json": json.dumps(forged).encode(),
        "extra.json": json.dumps(extra).encode(),
        "bad-result.json": json.dumps(bad_result).encode(),
        "trailing.json.gz": gzip.compress(plain) + b"junk",
        "two-members.json.gz": gzip.compress(plain) + gzip.compress(plain),
        "huge-seed.json": plain.replace(
            f'"seed": {original["seed"]}'.encode(), b'"seed": ' + b"9" * 5000, 1
        ),
        "overrides.json.gz": gzip.compress(
            json.dumps(
                {**original, "level": {**original["level"], "overrides": ["a"] * 3_000_000}}
            ).encode()
        ),
    }
    for name, data in cases.items():
        path = tmp_path / name
        path.write_bytes(data)
        with case("replays"):
            outcome = run_quietly(lambda path=path: read_replay(path))
            assert isinstance(outcome, ReplayError), f"{name}: not refused ({outcome!r:.80})"
            assert path.read_bytes() == data


def nesting(value: object) -> int:
    if isinstance(value, dict):
        return 1 + max(map(nesting, value.values()), default=0)
    if isinstance(value, list):
        return 1 + max(map(nesting, value), default=0)
    return 0


TRICKY_TEXT = st.text(alphabet='[]{}"\\\n ab', max_size=8)
"""Strings full of what could be mistaken for structure: brackets, quotes, escapes."""


@fuzz(300)
@given(
    value=st.recursive(
        st.none() | st.booleans() | st.floats() | TRICKY_TEXT,
        lambda inner: st.lists(inner, max_size=4) | st.dictionaries(TRICKY_TEXT, inner, max_size=4),
        max_leaves=30,
    ),
    indent=st.sampled_from([None, 1]),
)
def test_the_depth_bound_counts_the_nesting_of_any_json_exactly(value, indent):
    """The bound every reader applies before parsing: brackets in strings do not count."""
    text = json.dumps(value, indent=indent, ensure_ascii=False)
    assert json_depth(text) == json_depth(text.encode()) == nesting(value)


@fuzz(300)
@given(data=st.binary(max_size=200) | st.text(alphabet='[]{}"\\a', max_size=200))
def test_the_depth_bound_of_anything_else_is_a_number(data):
    assert json_depth(data) >= 0
