"""Compiled levels kept between runs, so that a command run again starts without the schema.

Validating a level imports and builds its pydantic schema: most of the start-up of a
short command such as ``tournament``. A level that passed is kept, compiled, in the user's
cache folder, named by a digest of everything its verdict and its scenario depend on: its
text, the ``--set`` overrides, the game's version, the source of the code that validates
and compiles levels and pydantic's version (so that a changed schema never meets an old
entry). The file's model is validated again only if something asks for it
(:attr:`~game.levels.LoadedLevel.model`).

An entry is hostile input like any file: it is read within a limit, the digest written
with it is checked before it is parsed (against damage: whoever can write the user's own
folders could as well change the game), it is plain JSON (never a pickle), and anything
wrong with it, or with reading or writing it, means the normal load, which writes a fresh
entry. The default controllers
are checked again on every load, because the strategies they name are not in the key; a
refused one is reported by the normal load, with its line.
"""

from __future__ import annotations

import functools
import hashlib
import importlib.util
import json
import os
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import game
import game.levels
import game.rules.model
from game import storage
from game.ai.wire import scenario_from_data, scenario_to_data
from game.levels.source import ControllerCheck, LoadedLevel, level_source
from game.rules.model import Scenario
from game.storage import read_limited, write_atomically

FORMAT = 1
"""The layout of an entry; part of the key, so that a new layout never reads an old one."""
MAX_ENTRY_BYTES = 4_000_000
"""The largest entry read (200 scripted events with long news compile to about 0.5 MB)."""
MAX_ENTRIES = 64
"""Entries kept; the least recently written beyond this are removed."""
_ENTRY = re.compile(r"[0-9a-f]{64}\.json")


def cache_dir() -> Path:
    """The folder of the entries (created when the first is written)."""
    return storage.cache_dir() / "levels"


@functools.cache
def _code_digest() -> str:
    """A digest of everything but the level that its verdict and scenario depend on.

    The game's version, the source that validates and compiles levels, and pydantic's
    version (which fixes the pydantic-core that validated them).
    """
    sources = sorted(Path(game.levels.__file__).parent.glob("*.py"))
    sources.append(Path(game.rules.model.__file__))
    pydantic = importlib.util.find_spec("pydantic")  # found, not imported
    if pydantic is not None and pydantic.origin is not None:
        sources.append(Path(pydantic.origin).parent / "version.py")
    digest = hashlib.sha256(game.__version__.encode())
    for path in sources:
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def _key(text: str, overrides: Sequence[str]) -> str:
    """The name of the entry of the level ``text`` with ``overrides``, in this game."""
    document = json.dumps([FORMAT, _code_digest(), text, list(overrides)], ensure_ascii=False)
    return hashlib.sha256(document.encode("utf-8", "surrogatepass")).hexdigest()


def load_level_cached(
    id_or_path: str | Path,
    overrides: Sequence[str] = (),
    check_controller: ControllerCheck | None = None,
) -> LoadedLevel:
    """:func:`game.levels.load_level`, from the cache when this level passed before."""
    text, origin = level_source(id_or_path)
    try:
        key = _key(text, overrides)
        path = cache_dir() / f"{key}.json"
    except (OSError, RuntimeError):  # the game's source unreadable, or no home folder
        return _validated(text, origin, overrides, check_controller)
    entry = _read(path, key)
    if entry is not None and (
        check_controller is None
        or not any(check_controller(strategy, params) for strategy, params in entry.controllers)
    ):
        return LoadedLevel(entry.id, entry.title, entry.scenario, origin, text, tuple(overrides))
    loaded = _validated(text, origin, overrides, check_controller)
    _write(path, key, loaded)
    return loaded


def _validated(
    text: str, origin: str, overrides: Sequence[str], check_controller: ControllerCheck | None
) -> LoadedLevel:
    """The level checked the normal way, its schema imported and built only now.

    The text is the very one of the key: a file edited meanwhile is not read again.
    """
    from game.levels import load_level_text

    return load_level_text(text, origin, overrides, check_controller)


@dataclass(frozen=True)
class _Entry:
    """What an entry keeps of a level that passed."""

    id: str
    title: str
    scenario: Scenario
    controllers: list[tuple[str, dict[str, Any]]]
    """Each side's default controller: strategy and parameters."""


def _read(path: Path, key: str) -> _Entry | None:
    """The entry in ``path``, or None if there is none or it is not one this game wrote."""
    try:
        raw = read_limited(path, MAX_ENTRY_BYTES)
    except OSError:
        return None
    digest, _, payload = raw.partition(b"\n")
    if hashlib.sha256(payload).hexdigest().encode() != digest:
        return None
    try:
        data = json.loads(payload)
        if data["key"] != key:
            return None
        return _Entry(
            str(data["id"]),
            str(data["title"]),
            scenario_from_data(data["scenario"]),
            [(str(strategy), dict(params)) for strategy, params in data["controllers"]],
        )
    except (KeyError, TypeError, ValueError, AttributeError, RecursionError):
        return None


def _write(path: Path, key: str, loaded: LoadedLevel) -> None:
    """Keep ``loaded`` under ``key``; a folder that cannot be written just means no cache."""
    nations = loaded.model.nations
    data = {
        "key": key,
        "id": loaded.id,
        "title": loaded.title,
        "scenario": scenario_to_data(loaded.scenario),
        "controllers": [
            [nation.controller.strategy, dict(nation.controller.params)]
            for nation in (nations.red, nations.blue)
        ],
    }
    try:
        payload = json.dumps(data, ensure_ascii=False, allow_nan=False).encode("utf-8")
        write_atomically(path, hashlib.sha256(payload).hexdigest().encode() + b"\n" + payload)
        _prune(path.parent)
    except (OSError, ValueError):
        pass


def _prune(folder: Path) -> None:
    """Remove the oldest entries beyond :data:`MAX_ENTRIES`."""
    entries = [entry for entry in os.scandir(folder) if _ENTRY.fullmatch(entry.name)]
    if len(entries) <= MAX_ENTRIES:
        return
    entries.sort(key=lambda entry: entry.stat().st_mtime)
    for entry in entries[: len(entries) - MAX_ENTRIES]:
        os.unlink(entry.path)
