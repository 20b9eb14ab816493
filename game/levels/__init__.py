"""Level files: the TOML format, its strict schema, error reporting and compilation.

The loader's functions are imported when first used (:func:`__getattr__`): validating a
level needs pydantic and the schema, and a level found compiled in the cache
(``game.session.level_cache``) needs neither.
"""

from typing import TYPE_CHECKING, Any

from game.levels.source import LevelError, LoadedLevel, Problem, builtin_ids, level_source

if TYPE_CHECKING:
    from game.levels.loader import (
        BuiltinLevel,
        builtin_levels,
        level_schema,
        load_builtin,
        load_level,
        load_level_file,
        load_level_text,
    )

_LOADER = frozenset(
    {
        "BuiltinLevel",
        "builtin_levels",
        "level_schema",
        "load_builtin",
        "load_level",
        "load_level_file",
        "load_level_text",
    }
)

__all__ = [
    "BuiltinLevel",
    "LevelError",
    "LoadedLevel",
    "Problem",
    "builtin_ids",
    "builtin_levels",
    "level_schema",
    "level_source",
    "load_builtin",
    "load_level",
    "load_level_file",
    "load_level_text",
]


def __getattr__(name: str) -> Any:
    """One of the loader's names, importing the loader (and pydantic) the first time."""
    if name in _LOADER:
        from game.levels import loader

        return getattr(loader, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
