"""Where the game keeps a player's files, and how it writes them without ever losing one.

Settings live in the user's config folder, saved games (and later replays) in the user's
data folder, following each platform's convention. A classroom that runs the game from a
USB stick, and the test suite, point both somewhere else with the environment variables
``SECURITY_DILEMMA_CONFIG_DIR`` and ``SECURITY_DILEMMA_DATA_DIR``.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

APP_FOLDER = "security-dilemma"


def _platform_folder(kind: str) -> Path:
    home = Path.home()
    if sys.platform == "win32":
        variable = "APPDATA" if kind == "config" else "LOCALAPPDATA"
        return Path(os.environ.get(variable) or home / "AppData" / "Roaming") / APP_FOLDER
    if sys.platform == "darwin":
        return home / "Library" / "Application Support" / APP_FOLDER
    variable, fallback = (
        ("XDG_CONFIG_HOME", home / ".config")
        if kind == "config"
        else ("XDG_DATA_HOME", home / ".local" / "share")
    )
    return Path(os.environ.get(variable) or fallback) / APP_FOLDER


def config_dir() -> Path:
    """The folder of the settings file (not created until something is saved)."""
    override = os.environ.get("SECURITY_DILEMMA_CONFIG_DIR")
    return Path(override) if override else _platform_folder("config")


def data_dir() -> Path:
    """The folder of saved games (not created until something is saved)."""
    override = os.environ.get("SECURITY_DILEMMA_DATA_DIR")
    return Path(override) if override else _platform_folder("data")


def write_atomically(path: Path, content: str | bytes) -> None:
    """Replace ``path`` with ``content`` in one step: a crash leaves the old file or the new.

    The content (text as UTF-8) goes to a temporary file in the same folder, is flushed to
    disk, and then renamed over the target with :func:`os.replace`, which is atomic on
    every platform.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
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
