"""Where the game keeps a player's files, how it reads them warily, and writes them safely.

Settings live in the user's config folder, saved games (and later replays) in the user's
data folder, following each platform's convention. A classroom that runs the game from a
USB stick, and the test suite, point both somewhere else with the environment variables
``SECURITY_DILEMMA_CONFIG_DIR`` and ``SECURITY_DILEMMA_DATA_DIR``.

Every file the game reads may be hostile: :func:`read_limited` reads only regular files
(never a folder, a device such as ``/dev/zero`` or a pipe that would block forever) and
never more than a limit. :func:`write_atomically` replaces a file in one step and removes
the temporary files that earlier, killed writes of the same file left behind.
"""

from __future__ import annotations

import os
import re
import stat
import sys
import tempfile
import time
from pathlib import Path
from typing import Literal

import numpy as np

from game.resources import FileTooLargeError, NotRegularFileError, one_line, read_limited

__all__ = [
    "FileTooLargeError",
    "NotRegularFileError",
    "cache_dir",
    "config_dir",
    "data_dir",
    "json_depth",
    "one_line",
    "read_limited",
    "remove_stale_temporaries",
    "write_atomically",
]

APP_FOLDER = "security-dilemma"
STALE_SECONDS = 60.0
"""A temporary file of ours older than this belongs to a write that was killed."""


def _platform_folder(kind: Literal["config", "data", "cache"]) -> Path:
    """The platform's own place for a kind of the user's files (XDG on Linux)."""
    home = Path.home()
    if sys.platform == "win32":
        variable = "APPDATA" if kind == "config" else "LOCALAPPDATA"
        folder = Path(os.environ.get(variable) or home / "AppData" / "Roaming") / APP_FOLDER
        return folder / "Cache" if kind == "cache" else folder
    if sys.platform == "darwin":
        if kind == "cache":
            return home / "Library" / "Caches" / APP_FOLDER
        return home / "Library" / "Application Support" / APP_FOLDER
    variable, fallback = {
        "config": ("XDG_CONFIG_HOME", home / ".config"),
        "data": ("XDG_DATA_HOME", home / ".local" / "share"),
        "cache": ("XDG_CACHE_HOME", home / ".cache"),
    }[kind]
    return Path(os.environ.get(variable) or fallback) / APP_FOLDER


def config_dir() -> Path:
    """The folder of the settings file (not created until something is saved)."""
    override = os.environ.get("SECURITY_DILEMMA_CONFIG_DIR")
    return Path(override) if override else _platform_folder("config")


def data_dir() -> Path:
    """The folder of saved games (not created until something is saved)."""
    override = os.environ.get("SECURITY_DILEMMA_DATA_DIR")
    return Path(override) if override else _platform_folder("data")


def cache_dir() -> Path:
    """The folder of what the game can always make again (not created until needed)."""
    override = os.environ.get("SECURITY_DILEMMA_CACHE_DIR")
    return Path(override) if override else _platform_folder("cache")


_STEPS = np.zeros(256, dtype=np.int8)
_STEPS[[ord("["), ord("{")]] = 1
_STEPS[[ord("]"), ord("}")]] = -1
_QUOTE = ord('"')
_NOT_STRUCTURE = bytes(set(range(256)) - set(b'[]{}"'))


def json_depth(data: bytes | str) -> int:
    """How deeply the arrays and objects of a JSON text nest (0 for a bare value).

    Brackets inside strings are not counted. For text that is not valid JSON the figure
    is only an estimate, but it never raises: readers refuse a too-deep document before
    parsing it, so that no parser or comparison ever recurses without bound. Linear in
    the size, and quick (some 2 ms a megabyte): the bytes' own methods first drop the
    escapes and everything but brackets and quotes, then numpy counts what is left.
    """
    raw = data.encode("utf-8", "surrogatepass") if isinstance(data, str) else data
    # Escaped backslashes, then escaped quotes, are dropped where there are escapes at all
    # (a replay has them in one field, the level's text); then all but brackets and
    # quotes; then pairs of quotes with nothing left between them (keys, short strings).
    parts = [raw]
    start = raw.find(b"\\")
    if start >= 0:
        end = raw.rfind(b"\\") + 2
        escaped = raw[start:end].replace(b"\\\\", b"").replace(b'\\"', b"")
        parts = [raw[:start], escaped, raw[end:]]
    kept = b"".join(part.translate(None, _NOT_STRUCTURE) for part in parts)
    codes = np.frombuffer(kept.replace(b'""', b""), dtype=np.uint8)
    steps = _STEPS[codes]
    brackets = np.flatnonzero(steps)
    if len(brackets) == 0:
        return 0
    quotes = np.flatnonzero(codes == _QUOTE)
    outside = np.searchsorted(quotes, brackets) % 2 == 0
    levels = np.cumsum(steps[brackets[outside]], dtype=np.int64)
    return max(int(levels.max()), 0) if len(levels) else 0


_TEMPORARY = re.compile(r"\.(?P<name>.+)\.[a-z0-9_]{8}\.tmp")
"""The names :func:`tempfile.mkstemp` gives ours: ``.TARGET.XXXXXXXX.tmp``."""


def remove_stale_temporaries(path: Path, older_than: float = STALE_SECONDS) -> list[Path]:
    """Delete what killed writes of ``path`` left behind; returns the files removed.

    Only files in ``path``'s own folder named exactly as :func:`write_atomically` names
    its temporary files for this target (``.NAME.XXXXXXXX.tmp``), regular files (not
    links), last changed more than ``older_than`` seconds ago, so a write still under way
    in another process is never touched. Anything that cannot be removed is left alone.
    """
    removed: list[Path] = []
    now = time.time()
    try:
        entries = list(os.scandir(path.parent))
    except OSError:
        return removed
    for entry in entries:
        match = _TEMPORARY.fullmatch(entry.name)
        if match is None or match.group("name") != path.name:
            continue
        try:
            info = entry.stat(follow_symlinks=False)
            if not stat.S_ISREG(info.st_mode) or now - info.st_mtime < older_than:
                continue
            os.unlink(entry.path)
        except OSError:
            continue
        removed.append(Path(entry.path))
    return removed


def write_atomically(path: Path, content: str | bytes) -> None:
    """Replace ``path`` with ``content`` in one step: a crash leaves the old file or the new.

    The content (text as UTF-8) goes to a temporary file in the same folder, is flushed to
    disk, and then renamed over the target with :func:`os.replace`, which is atomic on
    every platform. Temporary files of this target left by killed writes are removed
    (see :func:`remove_stale_temporaries`).
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    remove_stale_temporaries(path)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        data = content.encode("utf-8") if isinstance(content, str) else content
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
