"""The player's settings (window, size, colours, sound, recent level files) and their file.

A settings file that cannot be read never stops the game and is never overwritten behind
the player's back: :func:`load_settings` falls back to the defaults and explains the
problem in one line, and only :func:`save_settings` (called when the player changes a
setting) replaces the file.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import asdict, dataclass, replace
from pathlib import Path
from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, ValidationError, field_validator
from pydantic_core import PydanticCustomError

from game.resources import undecodable_at
from game.storage import (
    FileTooLargeError,
    NotRegularFileError,
    config_dir,
    json_depth,
    read_limited,
    write_atomically,
)

SCALES = (1.0, 1.25, 1.5, 1.75)
"""Interface sizes offered to the player, from a laptop to the back of a classroom."""
EARLIER_SCALES = {0.8: 1.0, 0.9: 1.0, 1.1: 1.0}
"""Sizes earlier versions offered, read as the nearest size offered now (the window already
fits the layout to the display, so the small sizes are no longer needed)."""

FILE_NAME = "settings.json"
FILE_VERSION = 1
MAX_FILE_BYTES = 64 * 1024
"""Anything larger is not a settings file, and is not worth reading into memory."""
MAX_DEPTH = 8
"""A settings file is one flat object; anything nested deeper is refused before parsing."""
MAX_RECENT = 10
"""Level files remembered in "Open a level file", newest first."""
MAX_PATH = 1024
"""The longest path remembered (or typed): longer is not a path a player would type."""

WINDOW_SIDE = (320, 16384)
"""The smallest and largest window width or height a settings file may ask for, in pixels."""
WINDOW_REACH = 32768
"""How far from the desktop's corner a remembered window position may be, either way."""

_EXPECTED = {
    "bool_type": "should be true or false",
    "int_type": "should be a whole number",
    "float_type": "should be a number",
    "greater_than_equal": "is too small",
    "less_than_equal": "is too large",
    "string_type": "should be text",
    "string_unicode": "should be text",
    "string_too_short": "should not be empty",
    "list_type": "should be a list",
}


@dataclass(frozen=True)
class Settings:
    """What the player chose; the defaults suit a laptop and every kind of colour vision."""

    fullscreen: bool = False
    ui_scale: float = 1.0
    colour_blind_safe: bool = True
    sound: bool = True
    window_size: tuple[int, int] | None = None
    """The window's last size (not fullscreen), remembered for the next start."""
    window_position: tuple[int, int] | None = None
    """Where the window's corner last was on the desktop."""
    recent_levels: tuple[str, ...] = ()
    """Level files opened before, newest first (at most :data:`MAX_RECENT`)."""

    def __post_init__(self) -> None:
        if self.ui_scale not in SCALES:
            raise ValueError(f"ui_scale must be one of {SCALES}, not {self.ui_scale!r}")
        if len(self.recent_levels) > MAX_RECENT:
            raise ValueError(f"at most {MAX_RECENT} recent levels, not {len(self.recent_levels)}")

    def with_recent_level(self, path: str) -> Settings:
        """These settings with ``path`` first among the recent levels (once, and bounded)."""
        if not 0 < len(path) <= MAX_PATH or not _one_line(path):
            return self
        others = [known for known in self.recent_levels if known != path]
        return replace(self, recent_levels=(path, *others)[:MAX_RECENT])


def _checked_path(path: str) -> str:
    if not _one_line(path):
        raise PydanticCustomError("path", "should be a file path on one line")
    return path


RecentPath = Annotated[str, Field(min_length=1, max_length=MAX_PATH), AfterValidator(_checked_path)]


class _WindowFile(BaseModel):
    """Where the window was: its size and its corner, within bounds a desktop can have."""

    model_config = ConfigDict(extra="ignore", strict=True)

    width: int = Field(ge=WINDOW_SIDE[0], le=WINDOW_SIDE[1])
    height: int = Field(ge=WINDOW_SIDE[0], le=WINDOW_SIDE[1])
    x: int | None = Field(default=None, ge=-WINDOW_REACH, le=WINDOW_REACH)
    y: int | None = Field(default=None, ge=-WINDOW_REACH, le=WINDOW_REACH)


class _SettingsFile(BaseModel):
    """The JSON on disk: strict types, unknown keys ignored so newer files still load."""

    model_config = ConfigDict(extra="ignore", strict=True)

    version: int = FILE_VERSION
    fullscreen: bool = False
    ui_scale: float = 1.0
    colour_blind_safe: bool = True
    sound: bool = True
    window: _WindowFile | None = None
    recent_levels: Annotated[list[RecentPath], Field(max_length=MAX_RECENT)] = []

    @field_validator("ui_scale")
    @classmethod
    def _offered(cls, value: float) -> float:
        value = EARLIER_SCALES.get(value, value)
        if value not in SCALES:
            choices = ", ".join(str(scale) for scale in SCALES)
            raise PydanticCustomError("scale", f"should be one of {choices}")
        return value


class _UnusableFileError(Exception):
    """The file was read but does not hold usable settings."""


def settings_path() -> Path:
    """Where the settings live (the user's config folder, or the override for tests)."""
    return config_dir() / FILE_NAME


def load_settings() -> tuple[Settings, str | None]:
    """The saved settings, or the defaults and a one-line reason the file was unusable.

    A missing file is not a problem (first start). The file is only read, never repaired:
    a teacher can still open it and see what went wrong.
    """
    path = settings_path()
    try:
        return _parse(read_limited(path, MAX_FILE_BYTES)), None
    except FileNotFoundError:
        return Settings(), None
    except FileTooLargeError:
        problem = f"the file is over {MAX_FILE_BYTES // 1024} KB, too large to be a settings file"
    except NotRegularFileError as error:
        problem = str(error.strerror)
    except OSError as error:
        problem = error.strerror or type(error).__name__
    except _UnusableFileError as error:
        problem = str(error)
    text = f"Could not use the settings in {path}: {problem}. Using the default settings."
    return Settings(), " ".join(text.splitlines())


def save_settings(settings: Settings) -> Path:
    """Write ``settings`` in one atomic step and return the file's path (OSError on failure)."""
    path = settings_path()
    document: dict[str, Any] = {"version": FILE_VERSION, **asdict(settings)}
    size, position = document.pop("window_size"), document.pop("window_position")
    if size is not None:
        document["window"] = {"width": size[0], "height": size[1]}
        if position is not None:
            document["window"].update(x=position[0], y=position[1])
    write_atomically(path, json.dumps(document, indent=2) + "\n")
    return path


def _parse(data: bytes) -> Settings:
    if len(data) > MAX_FILE_BYTES:
        limit = MAX_FILE_BYTES // 1024
        raise _UnusableFileError(f"the file is over {limit} KB, too large to be a settings file")
    try:
        text = data.decode("utf-8-sig")  # Notepad may add a BOM
    except UnicodeDecodeError as error:
        line, column = undecodable_at(data, error)
        where = f"line {line}, column {column}"
        raise _UnusableFileError(f"the file is not UTF-8 text (at {where})") from None
    if json_depth(data) > MAX_DEPTH:
        raise _UnusableFileError("not valid JSON (the nesting is too large)")
    try:
        document = json.loads(text)
    except json.JSONDecodeError as error:
        where = f"line {error.lineno}, column {error.colno}"
        raise _UnusableFileError(f"not valid JSON at {where} ({error.msg})") from None
    except (ValueError, RecursionError):
        raise _UnusableFileError("not valid JSON (a number or nesting is too large)") from None
    if not isinstance(document, dict):
        raise _UnusableFileError(f"expected a JSON object {{...}}, found {_kind(document)}")
    try:
        model = _SettingsFile.model_validate(document)
    except ValidationError as error:
        raise _UnusableFileError(_describe(error, _key_lines(text))) from None
    window = model.window
    position = None
    if window is not None and window.x is not None and window.y is not None:
        position = (window.x, window.y)
    return Settings(
        fullscreen=model.fullscreen,
        ui_scale=model.ui_scale,
        colour_blind_safe=model.colour_blind_safe,
        sound=model.sound,
        window_size=None if window is None else (window.width, window.height),
        window_position=position,
        recent_levels=tuple(model.recent_levels),
    )


def _one_line(path: str) -> bool:
    """No line breaks or other control characters, no half of a UTF-16 pair."""
    return not any(unicodedata.category(character) in ("Cc", "Cs") for character in path)


def _describe(error: ValidationError, lines: dict[str, int] | None = None) -> str:
    """The first problem as ``line 2: "sound" should be true or false, not "yes"``, and a count.

    ``lines`` gives the line of each top-level key, where it is known.
    """
    problems = error.errors(include_url=False)
    first = problems[0]
    field = ".".join(str(part) for part in first["loc"])
    expected = _EXPECTED.get(first["type"], first["msg"])
    value = first["input"]
    scalar = value is None or isinstance(value, str | int | float)
    found = _shorten(_json_text(value)) if scalar else _kind(value)
    if first["type"] in ("too_long", "string_too_long"):  # a length, not the whole value
        unit = "characters" if isinstance(value, str) else "entries"
        expected = f"should have at most {first.get('ctx', {}).get('max_length')} {unit}"
        found = str(len(value))
    more = len(problems) - 1
    suffix = f" (and {more} more problem{'s' if more > 1 else ''})" if more else ""
    line = (lines or {}).get(str(first["loc"][0])) if first["loc"] else None
    where = f"line {line}: " if line is not None else ""
    return f'{where}"{field}" {expected}, not {found}{suffix}'


def _json_text(value: Any) -> str:
    """``json.dumps`` of a scalar, even an integer of thousands of digits."""
    if isinstance(value, int) and not isinstance(value, bool) and value.bit_length() > 3000:
        return "a very long number"
    return json.dumps(value)


def _key_lines(text: str) -> dict[str, int]:
    """The line of each key of the top-level object (the last one, as JSON keeps it).

    Reads the object the way :func:`json.loads` already did, keeping positions; {} if the
    text does not allow it.
    """
    decoder = json.JSONDecoder()
    lines: dict[str, int] = {}
    blank = re.compile(r"[ \t\r\n]*")
    try:
        pos = blank.match(text, 1 if text.startswith("\ufeff") else 0).end()  # type: ignore[union-attr]
        if not text.startswith("{", pos):
            return {}
        pos = blank.match(text, pos + 1).end()  # type: ignore[union-attr]
        while text.startswith('"', pos):
            key, end = json.decoder.scanstring(text, pos + 1)  # type: ignore[attr-defined]
            lines[key] = text.count("\n", 0, pos) + 1
            pos = blank.match(text, end).end()  # type: ignore[union-attr]
            pos = blank.match(text, pos + 1).end()  # type: ignore[union-attr]  # the ":"
            _, pos = decoder.raw_decode(text, pos)
            pos = blank.match(text, pos).end()  # type: ignore[union-attr]
            if not text.startswith(",", pos):
                break
            pos = blank.match(text, pos + 1).end()  # type: ignore[union-attr]
    except (ValueError, RecursionError):
        return lines
    return lines


def _kind(value: Any) -> str:
    names = {
        dict: "an object",
        list: "a list",
        str: "a string",
        bool: "true/false",
        type(None): "null",
    }
    return names.get(type(value), "a number")


def _shorten(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
