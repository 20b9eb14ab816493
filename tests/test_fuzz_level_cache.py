"""Fuzzing the cache of compiled levels: damaged and forged entries, and random bytes.

An entry is a file like any other (``game.session.level_cache``): whatever is in it,
loading the level never raises, never changes the entry it read, and an entry whose bytes
do not match the digest written with it is never used: the level is then checked afresh,
with the same games as a fresh load. A forged entry (its digest made again, as anyone who
can write the user's own folders could) must still end in a level, never a traceback.
"""

from __future__ import annotations

import hashlib
import json
import shutil

import numpy as np
from fuzzing import accepted, byte_mutations, case, digest, fuzz, json_mutations
from hypothesis import given
from hypothesis import strategies as st

from game.levels import load_level
from game.session.level_cache import cache_dir, load_level_cached

LEVEL, OVERRIDES = "prisoners-dilemma", ("execution.error=0.05", "rules.turns=30")


def kept_entry() -> bytes:
    """The entry the game writes for the level, read back (in the test's own folders)."""
    shutil.rmtree(cache_dir(), ignore_errors=True)  # what an earlier case left
    load_level_cached(LEVEL, OVERRIDES)
    (entry,) = cache_dir().glob("*.json")
    return entry.read_bytes()


@st.composite
def entries(draw: st.DrawFn, original: bytes) -> tuple[bytes, bool]:
    """A changed entry, and whether its digest was made again to match (a forgery)."""
    signature, _, payload = original.partition(b"\n")
    kind = draw(st.sampled_from(["bytes", "json", "forged", "random"]))
    if kind == "bytes":
        return draw(byte_mutations(original)), False
    if kind == "random":
        return draw(st.binary(max_size=600)), False
    changed = draw(json_mutations(json.loads(payload)))
    if kind == "json":
        return signature + b"\n" + changed, False
    return hashlib.sha256(changed).hexdigest().encode() + b"\n" + changed, True


@fuzz(120)
@given(data=st.data())
def test_a_changed_entry_never_raises_and_unsigned_changes_are_never_used(data):
    original = kept_entry()
    (entry,) = cache_dir().glob("*.json")
    damaged, forged = data.draw(entries(original))
    entry.write_bytes(damaged)
    before = digest(entry)
    with case("level cache"):
        loaded = load_level_cached(LEVEL, OVERRIDES)
        if loaded.validated is None:  # served from the entry: only the game's own, or forged
            assert forged or damaged == original
            accepted("level cache")
        else:
            fresh = load_level(LEVEL, list(OVERRIDES)).scenario
            assert loaded.scenario.turns == fresh.turns
            assert np.array_equal(loaded.scenario.start_arsenal, fresh.start_arsenal)
        if entry.exists() and entry.is_file() and loaded.validated is None:
            assert digest(entry) == before  # a used entry is read, never changed
