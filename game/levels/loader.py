"""Load level files: TOML → strict schema → cross-field checks → compiled scenario.

Every problem is reported at once as ``file:line: dotted.path: message (got VALUE)``; a
level file is only ever read, never written. ``--set PATH=VALUE`` overrides are applied to
the parsed file and validated exactly like it, with their own origin in messages.

Input is treated as hostile, with explicit bounds checked before any heavy work: a level
is at most :data:`MAX_LEVEL_CHARS` characters (and its file as many bytes), arrays and
tables nest at most :data:`MAX_DEPTH` deep, at most :data:`MAX_OVERRIDES` overrides of at
most :data:`MAX_OVERRIDE_CHARS` characters and :data:`MAX_PATH_PARTS` dotted parts, and at
most :data:`MAX_PROBLEMS` problems are listed. The schema bounds every value.
"""

from __future__ import annotations

import copy
import difflib
import functools
import json
import re
import tomllib
import types
import typing
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from game.levels import compile as compiler
from game.levels.locate import dotted_line, key_lines, last_line, line_at, line_of, nesting_line
from game.levels.schema import (
    COLOR_PATTERN,
    IDENTIFIER_PATTERN,
    STATIC_PATHS,
    Controller,
    Level,
    Meta,
    Rules,
    controller_from_text,
)
from game.levels.source import (
    MAX_LEVEL_CHARS as MAX_LEVEL_CHARS,  # also the bound of level texts in replays
)
from game.levels.source import (
    ControllerCheck,
    LevelError,
    LoadedLevel,
    Problem,
    builtin_ids,
    builtin_origin,
    builtin_text,
    is_level_path,
    read_level_file,
    refusal,
)
from game.rules.model import SIGNAL_RULES, Signal

_TOML_POSITION = re.compile(r"\s*\(at line (\d+), column \d+\)$|\s*\(at end of document\)$")
_HUGE_INTEGER = re.compile(r"[0-9][0-9_]{4299,}")

MAX_DEPTH = 32
"""How deeply arrays, inline tables and dotted keys may nest (real levels use 5)."""
MAX_OVERRIDES = 100
"""``--set`` overrides per run (and ``level.overrides`` in a replay)."""
MAX_OVERRIDE_CHARS = 10_000
"""The longest ``--set PATH=VALUE``."""
MAX_PATH_PARTS = 16
"""The most parts of a dotted path (``--set`` and event paths; real ones have up to 5)."""
MAX_PART_CHARS = 100
"""The longest part of a dotted path."""
MAX_PROBLEMS = 50
"""Problems listed for one level; any more are counted in one last line."""


def show_value(value: Any) -> str:
    """A short TOML-like rendering of a value for error messages."""
    if isinstance(value, bool):
        text = "true" if value else "false"
    elif isinstance(value, str):
        text = json.dumps(value, ensure_ascii=False)
    elif isinstance(value, dict | list):
        try:
            text = json.dumps(value, ensure_ascii=False, default=str)
        except (ValueError, RecursionError):
            text = "[...]" if isinstance(value, list) else "{...}"
    elif isinstance(value, int) and value.bit_length() > 3000:
        text = f"a number of about {int(value.bit_length() * 0.30103)} digits"
    else:
        text = str(value)
    return text if len(text) <= 60 else text[:57] + "..."


def dotted(path: Iterable[object]) -> str:
    """``('events', 0, 'turn')`` → ``events.0.turn``; keys containing dots are quoted."""
    parts = []
    for part in path:
        text = str(part)
        parts.append(f'"{text}"' if "." in text else text)
    return ".".join(parts)


# -- overrides ------------------------------------------------------------------------------


def _set_source(override: str) -> str:
    """How messages name an override: ``--set PATH=VALUE``, shortened if very long."""
    shown = override if len(override) <= 80 else override[:77] + "..."
    return f"--set {shown}"


def _parse_override(override: str) -> tuple[list[str], Any]:
    """Split ``PATH=VALUE``; the value is read as TOML, or as a plain string if it is not."""
    if len(override) > MAX_OVERRIDE_CHARS:
        raise ValueError(f"longer than {MAX_OVERRIDE_CHARS:,} characters")
    path, sep, raw = override.partition("=")
    path = path.strip()
    if not sep or not path:
        raise ValueError("expected DOTTED.PATH=VALUE, for example intel.arsenal_noise=2.5")
    parts = path.split(".")
    if len(parts) > MAX_PATH_PARTS:
        raise ValueError(f"a dotted path has at most {MAX_PATH_PARTS} parts (got {len(parts)})")
    if any(not part for part in parts):
        raise ValueError(f"{show_value(path)} is not a dotted path")
    if any(len(part) > MAX_PART_CHARS for part in parts):
        raise ValueError(f"a part of a dotted path has at most {MAX_PART_CHARS} characters")
    raw = raw.strip()
    if nesting_line(raw, MAX_DEPTH) is not None or dotted_line(raw, MAX_DEPTH) is not None:
        raise ValueError(f"the value nests more than {MAX_DEPTH} levels deep")
    try:
        value = tomllib.loads(f"value = {raw}")["value"]
    except tomllib.TOMLDecodeError:
        value = raw
    except (ValueError, RecursionError):  # an integer of thousands of digits
        raise ValueError("the value is not a number the game can use") from None
    return parts, value


def _index(part: str, items: list[Any]) -> int | None:
    """The list index written as ``part`` (plain digits, within the list), or None."""
    if not (part.isascii() and part.isdigit()) or len(part) > 6 or int(part) >= len(items):
        return None
    return int(part)


def _set_path(data: dict[str, Any], parts: Sequence[str], value: Any) -> None:
    """Set ``data[a][b]...= value``, creating tables on the way; lists are indexed by number."""
    node: Any = data
    for index, part in enumerate(parts[:-1]):
        key: Any = part
        if isinstance(node, list):
            key = _index(part, node)
            if key is None:
                raise ValueError(f"{dotted(parts[: index + 1])}: no such list item")
        elif not isinstance(node, dict):
            raise ValueError(f"{dotted(parts[:index])} is a value, not a table")
        elif part not in node:
            node[part] = {}
        node = node[key]
    if isinstance(node, list):
        last = _index(parts[-1], node)
        if last is None:
            raise ValueError(f"{dotted(parts)}: no such list item")
        node[last] = value
    elif isinstance(node, dict):
        node[parts[-1]] = value
    else:
        raise ValueError(f"{dotted(parts[:-1])} is a value, not a table")


# -- schema introspection for helpful messages -----------------------------------------------


def _unwrap(annotation: Any) -> Any:
    """Strip Annotated and Optional to reach the model, dict or list type."""
    while True:
        origin = typing.get_origin(annotation)
        if origin is typing.Annotated:
            annotation = typing.get_args(annotation)[0]
        elif origin in (typing.Union, types.UnionType):
            options = [a for a in typing.get_args(annotation) if a is not type(None)]
            if len(options) != 1:
                return annotation
            annotation = options[0]
        else:
            return annotation


def _fields_at(path: Sequence[object]) -> list[str]:
    """Names of the fields allowed at ``path`` in the schema (for "did you mean")."""
    node: Any = Level
    for part in path:
        node = _unwrap(node)
        if isinstance(node, type) and issubclass(node, BaseModel):
            field = node.model_fields.get(str(part))
            if field is None:
                return []
            node = field.annotation
        elif typing.get_origin(node) is dict:
            node = typing.get_args(node)[1]
        elif typing.get_origin(node) is list:
            node = typing.get_args(node)[0]
        else:
            return []
    node = _unwrap(node)
    if isinstance(node, type) and issubclass(node, BaseModel):
        return list(node.model_fields)
    return []


_PATTERNS = {
    IDENTIFIER_PATTERN: "use lowercase letters, digits, '-' and '_' (not first)",
    COLOR_PATTERN: 'use a colour written like "#D55E00"',
}


def _message(error: Any) -> str:
    """A readable message for one pydantic error, with the offending value."""
    kind = error["type"]
    loc = error["loc"]
    if kind == "missing":
        return "required field is missing"
    if kind == "extra_forbidden":
        known = _fields_at(loc[:-1])
        close = difflib.get_close_matches(str(loc[-1]), known, n=1)
        hint = f"; did you mean {close[0]!r}?" if close else ""
        if not close and known:
            hint = f" (known: {', '.join(known)})"
        return f"unknown field{hint} (got {show_value(error['input'])})"
    if kind == "string_pattern_mismatch":
        pattern = error.get("ctx", {}).get("pattern", "")
        explained = _PATTERNS.get(pattern, f"must match {pattern}")
        return f"{explained} (got {show_value(error['input'])})"
    message = str(error["msg"])
    message = message[0].lower() + message[1:]
    if kind.startswith("value_error"):
        message = message.removeprefix("value error, ")
    return f"{message} (got {show_value(error['input'])})"


# -- loading --------------------------------------------------------------------------------


class _Locator:
    """Turns schema locations into ``Problem`` objects with a file line or a ``--set`` origin."""

    def __init__(self, origin: str, text: str, overrides: dict[tuple[str, ...], str]) -> None:
        self.origin = origin
        self.text = text
        self.overrides = overrides

    @functools.cached_property
    def lines(self) -> dict[tuple[str, ...], int]:
        """Where each key is in the file, found only once a problem needs a line number."""
        return key_lines(self.text)

    def problem(self, loc: Sequence[object], message: str) -> Problem:
        path = tuple(str(part) for part in loc)
        for override_path, override in self.overrides.items():
            if path[: len(override_path)] == override_path:
                return Problem(_set_source(override), None, dotted(loc), message)
        return Problem(self.origin, line_of(self.lines, path) or 1, dotted(loc), message)


_UNION_TAGS = frozenset({"float", "bool", "str", "int"})
"""The last part of a pydantic location inside a union (``set.x.float``, ``set.x.bool``)."""


def _errors(error: ValidationError) -> list[Any]:
    """The first errors of a validation, one per location (a union's members merged)."""
    found: dict[tuple[object, ...], Any] = {}
    for item in error.errors(include_url=False):
        loc = tuple(item["loc"])
        if len(loc) > 1 and loc[-1] in _UNION_TAGS:
            loc = loc[:-1]
            item = {**item, "loc": loc}
        found.setdefault(loc, item)
        if len(found) > MAX_PROBLEMS:
            break
    return list(found.values())


def _validate(data: dict[str, Any], locator: _Locator) -> tuple[Level | None, list[Problem]]:
    try:
        return Level.model_validate(data), []
    except ValidationError as error:
        return None, [locator.problem(item["loc"], _message(item)) for item in _errors(error)]


def _is_static(parts: Sequence[str]) -> bool:
    for pattern in STATIC_PATHS:
        pattern_parts = pattern.split(".")
        if len(parts) >= len(pattern_parts) and all(
            p == "*" or p == part for p, part in zip(pattern_parts, parts, strict=False)
        ):
            return True
    return False


class _Raw:
    """Typed reads of the parsed file that fall back to the schema default.

    Cross-field checks run on the raw data so that they are reported together with the
    schema's own errors; a value of the wrong type is left to the schema to report.
    """

    def __init__(self, data: dict[str, Any]) -> None:
        self.data = data

    def get(self, path: Sequence[str], kind: type | tuple[type, ...], default: Any) -> Any:
        node: Any = self.data
        for part in path:
            if not isinstance(node, dict) or part not in node:
                return default
            node = node[part]
        if (
            isinstance(node, bool)
            and kind is not bool
            and bool not in (kind if isinstance(kind, tuple) else (kind,))
        ):
            return default
        return node if isinstance(node, kind) else default


def _default(model: type[BaseModel], name: str) -> Any:
    field = model.model_fields[name]
    return field.default_factory() if field.default_factory else field.default  # type: ignore[call-arg]


def _cross_checks(
    data: dict[str, Any], locator: _Locator, check_controller: ControllerCheck | None
) -> list[Problem]:
    """Rules that involve more than one field."""
    found: list[Problem] = []
    raw = _Raw(data)
    number = (int, float)

    def bad(loc: Sequence[object], message: str) -> None:
        found.append(locator.problem(loc, message))

    def rules(name: str, kind: type | tuple[type, ...]) -> Any:
        return raw.get(("rules", name), kind, _default(Rules, name))

    max_change, default_amount = rules("max_change", number), rules("default_amount", number)
    in_range = all(0 < value <= 1e6 for value in (max_change, default_amount))  # else: schema
    if in_range and default_amount > max_change:
        bad(
            ("rules", "default_amount"),
            f"must not exceed rules.max_change = {max_change:g} (got {show_value(default_amount)})",
        )
    postures, signals = rules("postures", list), rules("signals", list)
    for name, values in (("postures", postures), ("signals", signals)):
        if len({str(v) for v in values}) != len(values):
            bad(("rules", name), f"lists an entry twice (got {show_value(values)})")
    silence = Signal.NONE.key
    if silence not in signals:
        bad(("rules", "signals"), f'must include "{silence}" (got {show_value(signals)})')
    for signal, rule in SIGNAL_RULES.items():
        needed = rule.needs_posture
        if signal.key in signals and needed is not None and needed.key not in postures:
            bad(("rules", "signals"), f'"{signal.key}" needs "{needed.key}" among rules.postures')
    has_matrix = "matrix" in data
    if rules("mode", str) == "matrix":
        if sorted(str(p) for p in postures) != ["arm", "disarm"]:
            bad(
                ("rules", "postures"),
                'matrix mode allows exactly ["disarm", "arm"] (cooperate, defect) '
                f"(got {show_value(postures)})",
            )
        if rules("strike", bool):
            bad(("rules", "strike"), "matrix mode has no strikes (got true)")
        if not has_matrix:
            bad(("rules", "mode"), "matrix mode needs a [matrix] table with the four payoffs")
    elif has_matrix:
        bad(("matrix",), 'the [matrix] table is only used when rules.mode = "matrix"')

    weapons = raw.get(("weapons",), dict, None)
    kinds = list(weapons) if weapons is not None else list(_default(Level, "weapons"))
    for side in ("red", "blue"):
        nation = raw.get(("nations", side), dict, {})
        for table in ("arsenal", "weapons"):
            for kind in raw.get(("nations", side, table), dict, {}):
                if kind not in kinds:
                    bad(
                        ("nations", side, table, kind),
                        f"unknown weapon kind {kind!r} (known: {', '.join(kinds)})",
                    )
        if "type" in nation and "expansionist_probability" in nation:
            bad(
                ("nations", side, "expansionist_probability"),
                "set either type or expansionist_probability, not both",
            )
        controller = nation.get("controller")
        if check_controller is not None and controller is not None:
            try:
                parsed = Controller.model_validate(controller_from_text(controller))
            except ValidationError:
                continue  # the schema reports the malformed table
            reason = check_controller(parsed.strategy, parsed.params)
            if reason:
                bad(("nations", side, "controller"), reason)
    turns = rules("turns", int)
    for index, event in enumerate(raw.get(("events",), list, [])):
        turn = event.get("turn") if isinstance(event, dict) else None
        if isinstance(turn, int) and not isinstance(turn, bool) and turn > turns:
            bad(("events", index, "turn"), f"the level has only {turns} turns (got {turn})")
    return found


def _event_levels(
    level: Level, data: dict[str, Any], locator: _Locator
) -> tuple[list[tuple[int, Level, tuple[str, ...]]], list[Problem]]:
    """The level as changed by each turn's scripted events, cumulatively, in turn order."""
    found: list[Problem] = []
    phases: list[tuple[int, Level, tuple[str, ...]]] = []
    current = copy.deepcopy(data)
    order = sorted(range(len(level.events)), key=lambda i: level.events[i].turn)
    by_turn: dict[int, list[int]] = {}
    for index in order:
        by_turn.setdefault(level.events[index].turn, []).append(index)
    for turn, indices in by_turn.items():
        for index in indices:
            for path, value in level.events[index].set.items():
                parts = path.split(".")
                loc = ("events", index, "set", path)
                if len(parts) > MAX_PATH_PARTS or not all(parts):
                    message = f"not a dotted path of at most {MAX_PATH_PARTS} parts"
                    found.append(locator.problem(loc, message))
                    continue
                if _is_static(parts):
                    found.append(
                        locator.problem(loc, "fixed at the start; an event cannot change it")
                    )
                    continue
                own_weapon = parts[:1] == ["nations"] and parts[2:3] == ["weapons"]
                if own_weapon and len(parts) > 3 and parts[3] not in level.weapons:
                    known = ", ".join(level.weapons)
                    message = f"unknown weapon kind {parts[3]!r} (known: {known})"
                    found.append(locator.problem(loc, message))
                    continue
                try:
                    _set_path(current, parts, value)
                except ValueError as error:
                    found.append(locator.problem(loc, str(error)))
        try:
            changed = Level.model_validate(current)
        except ValidationError as error:
            for item in _errors(error):
                event_path = dotted(item["loc"])
                culprit = next(
                    (
                        i
                        for i in indices
                        for path in level.events[i].set
                        if event_path.startswith(path) or path.startswith(event_path)
                    ),
                    indices[0],
                )
                loc = ("events", culprit, "set", event_path)
                found.append(locator.problem(loc, _message(item)))
            continue
        news = tuple(level.events[i].news for i in indices)
        phases.append((turn - 1, changed, news))
    return phases, found


def _in_file_order(
    problems: list[Problem], overrides: Sequence[str], origin: str = ""
) -> list[Problem]:
    """Overrides first, as given on the command line, then the file's problems by line.

    At most :data:`MAX_PROBLEMS` are listed; one last line counts the others.
    """
    given = {_set_source(override): index for index, override in enumerate(overrides)}
    ordered = sorted(problems, key=lambda p: (p.line or 0, given.get(p.source, 0)))
    if len(ordered) > MAX_PROBLEMS:
        more = len(ordered) - MAX_PROBLEMS
        note = f"{more} more problem{'s' * (more != 1)} not listed (fix these first)"
        ordered = [*ordered[:MAX_PROBLEMS], Problem(origin, None, "", note)]
    return ordered


def _deepest(data: Any) -> tuple[tuple[str, ...], int]:
    """The path to the most deeply nested value and its depth (iterative: no recursion)."""
    deepest: tuple[tuple[str, ...], int] = ((), 0)
    stack: list[tuple[Any, tuple[str, ...]]] = [(data, ())]
    while stack:
        node, path = stack.pop()
        if len(path) > deepest[1]:
            deepest = (path, len(path))
            if len(path) > MAX_DEPTH:
                break
        if isinstance(node, dict):
            stack.extend((value, (*path, str(key))) for key, value in node.items())
        elif isinstance(node, list):
            stack.extend((value, (*path, str(i))) for i, value in enumerate(node))
    return deepest


def parse_toml(text: str, origin: str) -> dict[str, Any]:
    """The parsed TOML of a level, or :class:`LevelError` with one located problem.

    Too large, too deeply nested, a dotted key of too many parts (which ``tomllib``
    parses in quadratic time), an integer of thousands of digits, or not TOML at all.
    """
    if len(text) > MAX_LEVEL_CHARS:
        raise refusal(
            origin,
            None,
            f"too large to be a level ({len(text):,} characters; at most {MAX_LEVEL_CHARS:,})",
        )
    deep = nesting_line(text, MAX_DEPTH)
    if deep is not None:
        raise refusal(origin, deep, f"arrays and tables nest more than {MAX_DEPTH} levels deep")
    long_key = dotted_line(text, MAX_DEPTH)
    if long_key is not None:
        raise refusal(origin, long_key, f"a dotted key has more than {MAX_DEPTH} parts")
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        message = str(error)
        match = re.search(r"\(at line (\d+), column \d+\)$", message)
        line = int(match.group(1)) if match else None
        if line is None and message.endswith("(at end of document)"):
            line = last_line(text)
        message = _TOML_POSITION.sub("", message)
        raise refusal(origin, line, f"TOML syntax error: {message}") from None
    except ValueError:  # Python refuses integers of more than 4,300 digits
        huge = _HUGE_INTEGER.search(text)
        line = line_at(text, huge.start()) if huge else None
        message = "a number has thousands of digits; no value needs so many"
        raise refusal(origin, line, message) from None
    except RecursionError:  # refused above; kept as a last guard
        raise refusal(origin, None, f"nests more than {MAX_DEPTH} levels deep") from None
    path, depth = _deepest(data)
    if depth > MAX_DEPTH:
        line = line_of(key_lines(text), path)
        raise refusal(origin, line, f"keys nest more than {MAX_DEPTH} levels deep")
    return data


def load_level_text(
    text: str,
    origin: str,
    overrides: Sequence[str] = (),
    check_controller: ControllerCheck | None = None,
) -> LoadedLevel:
    """Validate level text; raise :class:`LevelError` listing every problem found."""
    return _load_parsed(parse_toml(text, origin), text, origin, overrides, check_controller)


def _load_parsed(
    data: dict[str, Any],
    text: str,
    origin: str,
    overrides: Sequence[str],
    check_controller: ControllerCheck | None,
) -> LoadedLevel:
    """Validate a level's parsed TOML (``data``, changed by the overrides) and compile it."""
    if len(overrides) > MAX_OVERRIDES:
        message = f"at most {MAX_OVERRIDES} --set overrides (got {len(overrides):,})"
        raise LevelError([Problem("--set", None, "", message)])
    override_paths: dict[tuple[str, ...], str] = {}
    found: list[Problem] = []
    for override in overrides:
        try:
            parts, value = _parse_override(override)
            _set_path(data, parts, value)
            override_paths[tuple(parts)] = override
        except ValueError as error:
            found.append(Problem(_set_source(override), None, "", str(error)))
    locator = _Locator(origin, text, override_paths)
    level, problems = _validate(data, locator)
    found += problems
    found += _cross_checks(data, locator, check_controller)
    if level is None or found:
        raise LevelError(_in_file_order(found, overrides, origin))
    phases, problems = _event_levels(level, data, locator)
    if problems:
        raise LevelError(_in_file_order(problems, overrides, origin))
    scenario = compiler.compile_scenario(level, phases)
    meta = level.level
    return LoadedLevel(meta.id, meta.title, scenario, origin, text, tuple(overrides), level)


def load_level_file(
    path: Path | str,
    overrides: Sequence[str] = (),
    check_controller: ControllerCheck | None = None,
) -> LoadedLevel:
    """Read and validate a level file (never modified; at most MAX_LEVEL_CHARS bytes)."""
    return load_level_text(read_level_file(path), str(path), overrides, check_controller)


@dataclass(frozen=True)
class BuiltinLevel:
    """A level that ships with the game."""

    id: str
    title: str
    summary: str
    difficulty: str
    mode: str


@functools.cache
def _builtin_data(level_id: str) -> dict[str, Any]:
    """The parsed TOML of a built-in level, parsed once: it ships with the game."""
    return tomllib.loads(builtin_text(level_id))


def load_builtin(
    level_id: str, overrides: Sequence[str] = (), check_controller: ControllerCheck | None = None
) -> LoadedLevel:
    """Load a built-in level by id (its file is parsed once for the whole run)."""
    text, data = builtin_text(level_id), _builtin_data(level_id)
    origin = builtin_origin(level_id)
    return _load_parsed(copy.deepcopy(data), text, origin, overrides, check_controller)


def builtin_levels() -> list[BuiltinLevel]:
    """Id, title and summary of every built-in level.

    Only the two tables listed are validated, ``[level]`` and ``[rules]``, so that a list
    of levels builds two small parts of the schema and compiles no level (a quick
    ``security-dilemma levels``); a level is checked whole when it is loaded to be played.
    """
    result = []
    for level_id in builtin_ids():
        text, data = builtin_text(level_id), _builtin_data(level_id)
        origin = "<built-in level>"
        try:
            meta = Meta.model_validate(data.get("level"))
            rules = Rules.model_validate(data.get("rules", {}))
        except ValidationError:  # a damaged installation: the whole check says where
            load_level_text(text, origin)
            raise
        result.append(BuiltinLevel(meta.id, meta.title, meta.summary, meta.difficulty, rules.mode))
    return result


def load_level(
    id_or_path: str | Path,
    overrides: Sequence[str] = (),
    check_controller: ControllerCheck | None = None,
) -> LoadedLevel:
    """A built-in level by id, or a level file by path (anything ending in .toml or existing)."""
    if is_level_path(id_or_path):
        return load_level_file(str(id_or_path), overrides, check_controller)
    return load_builtin(str(id_or_path), overrides, check_controller)


def level_schema() -> dict[str, Any]:
    """The JSON Schema (draft 7) of level files, for editor autocompletion and checks.

    Draft 7 with ``definitions`` rather than 2020-12's ``$defs``: TOML editors such as
    Taplo (VS Code's "Even Better TOML") support the older drafts. Each caller gets its
    own copy of a schema generated once (the lab reads it for every slider).
    """
    result: dict[str, Any] = json.loads(_level_schema_text())
    return result


@functools.cache
def _level_schema_text() -> str:
    schema = Level.model_json_schema(ref_template="#/definitions/{model}")
    definitions = schema.pop("$defs", {})
    document = {
        "$schema": "http://json-schema.org/draft-07/schema#",
        "title": "Security Dilemma level",
        **{key: value for key, value in schema.items() if key != "title"},
        "definitions": definitions,
    }
    return json.dumps(document)
