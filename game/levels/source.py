"""A level's text, where it comes from, and what loading it gives: without the schema.

Reading a level file warily, finding a built-in level by its id and the errors that say
what is wrong need neither pydantic nor the level's schema, which only validation builds
(:mod:`game.levels.loader`): a command that finds its level already compiled
(``game.session.level_cache``) never imports them.
"""

from __future__ import annotations

import difflib
import functools
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from game.errors import GameError
from game.resources import FileTooLargeError, data_dir, one_line, read_limited, undecodable_at
from game.rules.model import Scenario

if TYPE_CHECKING:
    from game.levels.schema import Level

ControllerCheck = Callable[[str, Mapping[str, Any]], str | None]
"""Why a controller (a strategy's name and parameters) is unknown or invalid, or None.
Supplied by higher layers, which know the strategies."""

MAX_LEVEL_CHARS = 500_000
"""The longest level text, in characters; a level file may have as many bytes. The same
limit bounds ``level.text`` in replays and saved games, so every level that loads can be
replayed and saved. Fifty times the largest built-in level; ``tomllib`` parses the densest
such text in about half a second, so even a hostile file is refused within a second."""


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a level, located as precisely as possible."""

    source: str
    line: int | None
    path: str
    message: str

    def __str__(self) -> str:
        where = self.source if self.line is None else f"{self.source}:{self.line}"
        text = f"{where}: {self.path}: {self.message}" if self.path else f"{where}: {self.message}"
        return one_line(text)


class LevelError(GameError):
    """A level could not be loaded; ``problems`` lists every reason found."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems = list(problems)
        super().__init__("\n".join(str(problem) for problem in self.problems))

    def lines(self) -> list[str]:
        """One ``file:line: path: message`` line per problem."""
        return [str(problem) for problem in self.problems]


@dataclass(frozen=True)
class LoadedLevel:
    """A validated level: the engine's scenario, where it came from, and the file's model.

    The model is validated again from ``text`` and ``overrides`` when first asked for if
    the level came from a cache of compiled levels (``game.session.level_cache``), so that
    a command that only plays the scenario never builds the schema.
    """

    id: str
    """The level's id from its ``[level]`` table."""
    title: str
    scenario: Scenario
    origin: str
    text: str
    overrides: tuple[str, ...] = ()
    validated: Level | None = field(default=None, repr=False, compare=False)
    """The model once validated; None for a level from the cache, until asked for."""

    @property
    def model(self) -> Level:
        """The level file's validated model."""
        if self.validated is None:
            from game.levels.loader import load_level_text  # the schema, only when asked for

            model = load_level_text(self.text, self.origin, self.overrides).model
            object.__setattr__(self, "validated", model)
            return model
        return self.validated


def refusal(origin: str, line: int | None, message: str) -> LevelError:
    """A level refused for one reason about the whole file."""
    return LevelError([Problem(origin, line, "", message)])


def decode_level(raw: bytes, origin: str) -> str:
    """The text of a level file's bytes: UTF-8, a leading byte-order mark dropped.

    A byte that is not UTF-8 is reported on its line, with its column.
    """
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line, column = undecodable_at(raw, error)
        bom = 3 if raw.startswith(b"\xef\xbb\xbf") else 0
        byte = raw[error.start + bom : error.start + bom + 1].hex().upper()
        message = f"not a UTF-8 text file (byte 0x{byte} at column {column})"
        raise refusal(origin, line, message) from None


def read_level_file(path: Path | str) -> str:
    """The text of a level file (never modified; at most MAX_LEVEL_CHARS bytes)."""
    origin = str(path)
    try:
        raw = read_limited(path, MAX_LEVEL_CHARS)
    except FileTooLargeError:
        message = f"too large to be a level file (over {MAX_LEVEL_CHARS:,} bytes)"
        raise refusal(origin, None, message) from None
    except OSError as error:
        reason = error.strerror or type(error).__name__
        raise refusal(origin, None, f"cannot read the file: {reason}") from None
    return decode_level(raw, origin)


@functools.cache
def _builtin_files() -> dict[str, Traversable]:
    """The file of each built-in level by id, in the folder's order.

    The files are numbered and named after their level's id (``11-prisoners-dilemma.toml``),
    so that one level is found without reading the others.
    """
    folder = data_dir("levels")
    files = {}
    for entry in sorted(folder.iterdir(), key=lambda item: item.name):
        if entry.name.endswith(".toml"):
            files[entry.name.removesuffix(".toml").partition("-")[2]] = entry
    return files


@functools.cache
def builtin_text(level_id: str) -> str:
    """The text of a built-in level, read once: it ships with the game."""
    return _builtin_files()[builtin_id(level_id)].read_text(encoding="utf-8")


def builtin_ids() -> list[str]:
    """Ids of the built-in levels, in the order they are listed to players."""
    return list(_builtin_files())


MAX_SUGGESTIONS = 3
"""Level ids offered for one mistyped id."""


def similar_ids(typed: str, known: Sequence[str]) -> list[str]:
    """The ids a mistyped level id probably meant, best first (at most :data:`MAX_SUGGESTIONS`).

    Ids that start with what was typed come first, then ids containing it, then the close
    spellings ``difflib`` finds: its similarity cutoff alone misses a short start such as
    ``fog`` for ``fog-of-war``. Case is ignored.
    """
    text = typed.strip().casefold()
    if not text:
        return []
    folded = {name.casefold(): name for name in known}
    found = [name for key, name in folded.items() if key.startswith(text)]
    found += [name for key, name in folded.items() if text in key and name not in found]
    found += [
        folded[key]
        for key in difflib.get_close_matches(text, list(folded), n=MAX_SUGGESTIONS)
        if folded[key] not in found
    ]
    return found[:MAX_SUGGESTIONS]


def builtin_id(level_id: str) -> str:
    """``level_id`` if a built-in level has it, else :class:`LevelError` suggesting ids."""
    known = builtin_ids()
    if level_id in known:
        return level_id
    close = similar_ids(level_id, known)
    hint = f"; did you mean {' or '.join(map(repr, close))}?" if close else ""
    message = f"no built-in level with this id{hint} (see: security-dilemma levels)"
    raise LevelError([Problem(level_id, None, "", message)])


def builtin_origin(level_id: str) -> str:
    """How messages name a built-in level (a file the player never sees)."""
    return f"<built-in {level_id}>"


def is_level_path(id_or_path: str | Path) -> bool:
    """A level file rather than a built-in id: anything ending in .toml or existing."""
    text = str(id_or_path)
    looks_like_path = text.endswith(".toml") or "/" in text or "\\" in text
    return isinstance(id_or_path, Path) or looks_like_path or Path(text).is_file()


def level_source(id_or_path: str | Path) -> tuple[str, str]:
    """The text of a built-in level (by id) or of a level file, and how messages name it."""
    if is_level_path(id_or_path):
        return read_level_file(id_or_path), str(id_or_path)
    level_id = builtin_id(str(id_or_path))
    return builtin_text(level_id), builtin_origin(level_id)
