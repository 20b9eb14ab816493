"""The player's settings (window, size, colours, sound) and the file that keeps them.

A settings file that cannot be read never stops the game and is never overwritten behind
the player's back: :func:`load_settings` falls back to the defaults and explains the
problem in one line, and only :func:`save_settings` (called when the player changes a
setting) replaces the file.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, ValidationError, field_validator
from pydantic_core import PydanticCustomError

from game.storage import config_dir, write_atomically

SCALES = (0.8, 0.9, 1.0, 1.1, 1.25)
"""Interface sizes offered to the player, from a small laptop to the back of a classroom."""

FILE_NAME = "settings.json"
FILE_VERSION = 1
MAX_FILE_BYTES = 64 * 1024
"""Anything larger is not a settings file, and is not worth reading into memory."""

_EXPECTED = {
    "bool_type": "should be true or false",
    "int_type": "should be a whole number",
    "float_type": "should be a number",
}


@dataclass(frozen=True)
class Settings:
    """What the player chose; the defaults suit a laptop and every kind of colour vision."""

    fullscreen: bool = False
    ui_scale: float = 1.0
    colour_blind_safe: bool = True
    sound: bool = True

    def __post_init__(self) -> None:
        if self.ui_scale not in SCALES:
            raise ValueError(f"ui_scale must be one of {SCALES}, not {self.ui_scale!r}")


class _SettingsFile(BaseModel):
    """The JSON on disk: strict types, unknown keys ignored so newer files still load."""

    model_config = ConfigDict(extra="ignore", strict=True)

    version: int = FILE_VERSION
    fullscreen: bool = False
    ui_scale: float = 1.0
    colour_blind_safe: bool = True
    sound: bool = True

    @field_validator("ui_scale")
    @classmethod
    def _offered(cls, value: float) -> float:
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
        with path.open("rb") as stream:
            return _parse(stream.read(MAX_FILE_BYTES + 1)), None
    except FileNotFoundError:
        return Settings(), None
    except OSError as error:
        problem = error.strerror or type(error).__name__
    except _UnusableFileError as error:
        problem = str(error)
    text = f"Could not use the settings in {path}: {problem}. Using the default settings."
    return Settings(), " ".join(text.splitlines())


def save_settings(settings: Settings) -> Path:
    """Write ``settings`` in one atomic step and return the file's path (OSError on failure)."""
    path = settings_path()
    document = {"version": FILE_VERSION, **asdict(settings)}
    write_atomically(path, json.dumps(document, indent=2) + "\n")
    return path


def _parse(data: bytes) -> Settings:
    if len(data) > MAX_FILE_BYTES:
        limit = MAX_FILE_BYTES // 1024
        raise _UnusableFileError(f"the file is over {limit} KB, too large to be a settings file")
    try:
        document = json.loads(data.decode("utf-8-sig"))  # Notepad may add a BOM
    except UnicodeDecodeError:
        raise _UnusableFileError("the file is not UTF-8 text") from None
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
        raise _UnusableFileError(_describe(error)) from None
    return Settings(
        fullscreen=model.fullscreen,
        ui_scale=model.ui_scale,
        colour_blind_safe=model.colour_blind_safe,
        sound=model.sound,
    )


def _describe(error: ValidationError) -> str:
    """The first problem as ``"sound" should be true or false, not "yes"``, and a count."""
    problems = error.errors()
    first = problems[0]
    field = ".".join(str(part) for part in first["loc"])
    expected = _EXPECTED.get(first["type"], first["msg"])
    value = first["input"]
    scalar = value is None or isinstance(value, str | int | float)
    found = _shorten(json.dumps(value)) if scalar else _kind(value)
    more = len(problems) - 1
    suffix = f" (and {more} more problem{'s' if more > 1 else ''})" if more else ""
    return f'"{field}" {expected}, not {found}{suffix}'


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
