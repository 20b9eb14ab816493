"""Level files: the TOML format, its strict schema, error reporting and compilation."""

from game.levels.loader import (
    BuiltinLevel,
    LevelError,
    LoadedLevel,
    Problem,
    builtin_ids,
    builtin_levels,
    level_schema,
    load_builtin,
    load_level,
    load_level_file,
    load_level_text,
)

__all__ = [
    "BuiltinLevel",
    "LevelError",
    "LoadedLevel",
    "Problem",
    "builtin_ids",
    "builtin_levels",
    "level_schema",
    "load_builtin",
    "load_level",
    "load_level_file",
    "load_level_text",
]
