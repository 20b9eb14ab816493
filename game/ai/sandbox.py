"""Run a student's bot file as restricted Python: it can compute and answer, nothing more.

The bot's source is compiled with RestrictedPython, the established library for running
untrusted Python (Zope has relied on it for twenty years): every attribute access, item
access, iteration and write goes through a guard, names starting with ``_`` are refused at
compile time, and the only builtins are plain computing ones (no ``open``, ``eval``,
``exec``, ``getattr`` on private names, ``__import__``). Imports come from an allow-list,
and an allowed module is handed over as a copy holding only its public, non-module
names, so ``from game.ai.protocol import np`` or ``numpy.ctypeslib`` lead nowhere.

This is one of two walls: the process it runs in (``game.ai.bot_worker``) also has no
files, no environment, no command line and OS limits of its own.
"""

from __future__ import annotations

import ast
import builtins
import dataclasses
import math
import statistics
import types
from collections.abc import Callable, Iterable
from typing import Any

import numpy as np
from RestrictedPython.compile import compile_restricted_exec
from RestrictedPython.Guards import (
    guarded_iter_unpack_sequence,
    guarded_unpack_sequence,
    safe_builtins,
    safer_getattr_raise,
)
from RestrictedPython.transformer import IOPERATOR_TO_STR, RestrictingNodeTransformer

import game.ai.beliefs
import game.ai.protocol
import game.rules.model
import game.rules.scoring

NUMPY_NAMES = frozenset(
    [
        "abs",
        "absolute",
        "all",
        "allclose",
        "any",
        "arange",
        "argmax",
        "argmin",
        "argsort",
        "around",
        "array",
        "asarray",
        "bool_",
        "ceil",
        "clip",
        "concatenate",
        "count_nonzero",
        "cumprod",
        "cumsum",
        "diff",
        "dot",
        "e",
        "exp",
        "float64",
        "floor",
        "full",
        "full_like",
        "inf",
        "int64",
        "isclose",
        "isfinite",
        "isnan",
        "linspace",
        "log",
        "log1p",
        "log2",
        "log10",
        "max",
        "maximum",
        "mean",
        "median",
        "min",
        "minimum",
        "nan",
        "nanmax",
        "nanmean",
        "nanmin",
        "ndarray",
        "ones",
        "ones_like",
        "percentile",
        "pi",
        "prod",
        "quantile",
        "round",
        "sign",
        "sort",
        "sqrt",
        "square",
        "stack",
        "std",
        "sum",
        "tanh",
        "unique",
        "var",
        "where",
        "zeros",
        "zeros_like",
    ]
)
"""The numpy a bot may use: arrays and arithmetic, no files (``load``, ``save``,
``fromfile``, ``memmap``) and no way out (``ctypeslib``, ``lib``, ``testing``)."""

ALLOWED_MODULES: dict[str, types.ModuleType] = {
    "dataclasses": dataclasses,
    "math": math,
    "statistics": statistics,
    "numpy": np,
    "game.rules.model": game.rules.model,
    "game.rules.scoring": game.rules.scoring,
    "game.ai.beliefs": game.ai.beliefs,
    "game.ai.protocol": game.ai.protocol,
}
"""Modules a bot may import: mathematics, numpy, and the game's public rules and helpers."""

DENIED_ATTRIBUTES = frozenset(
    {
        "tofile",
        "dump",
        "dumps",
        "ctypes",
        "load",
        "save",
        "savez",
        "savetxt",
        "loadtxt",
        "fromfile",
        "memmap",
        "mro",
        "format",
        "format_map",
    }
)
"""Attributes refused on any object: file writers of numpy arrays, and introspection."""


class BotSandboxError(Exception):
    """The bot's file is not allowed (compile-time restrictions), with file and line."""


class _Policy(RestrictingNodeTransformer):
    """RestrictedPython's policy, plus the augmented assignment students write every day.

    ``self.count += 1`` becomes ``self.count = _inplacevar_("+=", self.count, 1)``, and the
    same for ``items[i] += 1``: each side still goes through the guards.
    """

    def visit_AugAssign(self, node: ast.AugAssign) -> Any:  # noqa: N802  (ast's own name)
        target = node.target
        if isinstance(target, ast.Attribute | ast.Subscript):
            loaded = ast.parse(ast.unparse(target), mode="eval").body
            ast.copy_location(loaded, target)
            ast.fix_missing_locations(loaded)
            value = ast.Call(
                func=ast.Name("_inplacevar_", ast.Load()),
                args=[
                    ast.Constant(IOPERATOR_TO_STR[type(node.op)]),
                    self.visit(loaded),
                    self.visit(node.value),
                ],
                keywords=[],
            )
            assign = ast.Assign(targets=[self.visit(target)], value=value)
            ast.copy_location(assign, node)
            ast.fix_missing_locations(assign)
            return assign
        return super().visit_AugAssign(node)


def _public_copy(module: types.ModuleType, names: Iterable[str] | None = None) -> Any:
    """A module object holding only public, non-module attributes (or the given names)."""
    copy = types.ModuleType(module.__name__)
    chosen = names if names is not None else (n for n in vars(module) if not n.startswith("_"))
    for name in chosen:
        value = getattr(module, name)
        if not isinstance(value, types.ModuleType):
            setattr(copy, name, value)
    return copy


CHOSEN_NAMES: dict[str, frozenset[str]] = {
    "numpy": NUMPY_NAMES,
    "dataclasses": frozenset({"replace"}),  # a changed copy of an Orders object
}
"""Modules of which a bot gets only some names."""

_MODULE_COPIES = {
    name: _public_copy(module, CHOSEN_NAMES.get(name)) for name, module in ALLOWED_MODULES.items()
}


def _import(
    name: str,
    globals: Any = None,
    locals: Any = None,
    fromlist: Any = (),
    level: int = 0,
) -> Any:
    """The only ``import`` a bot has: allowed modules, as public copies."""
    if level or name not in _MODULE_COPIES:
        allowed = ", ".join(sorted(ALLOWED_MODULES))
        raise ImportError(f"a bot may import only {allowed} (not {name!r})")
    if fromlist or "." not in name:
        return _MODULE_COPIES[name]
    raise ImportError(f"write 'from {name} import ...' (not 'import {name}')")


def _getattr(obj: Any, name: str, *default: Any) -> Any:
    """Attribute access for a bot: RestrictedPython's rules, and no files, no modules."""
    if name in DENIED_ATTRIBUTES:
        raise AttributeError(f'"{name}" is not allowed in a bot')
    value = safer_getattr_raise(obj, name, *default)  # type: ignore[no-untyped-call]
    if isinstance(value, types.ModuleType) and value not in _MODULE_COPIES.values():
        raise AttributeError(f'"{name}" is a module, which a bot may only import')
    return value


def _inplace(operator: str, value: Any, other: Any) -> Any:
    operations: dict[str, Callable[[Any, Any], Any]] = {
        "+=": lambda a, b: a + b,
        "-=": lambda a, b: a - b,
        "*=": lambda a, b: a * b,
        "/=": lambda a, b: a / b,
        "//=": lambda a, b: a // b,
        "%=": lambda a, b: a % b,
        "**=": lambda a, b: a**b,
        "<<=": lambda a, b: a << b,
        ">>=": lambda a, b: a >> b,
        "&=": lambda a, b: a & b,
        "|=": lambda a, b: a | b,
        "^=": lambda a, b: a ^ b,
        "@=": lambda a, b: a @ b,
    }
    return operations[operator](value, other)


class _Discard:
    """Where a bot's ``print`` goes: nowhere (its output must never reach the game's)."""

    def __init__(self, _getattr_: Any = None) -> None:
        pass

    def _call_print(self, *objects: Any, **options: Any) -> None:
        pass

    def __call__(self) -> str:
        return ""


def _builtins(bot_classes: set[type]) -> dict[str, Any]:
    """Plain computing builtins, with guarded writes and a class maker that knows the bot."""
    allowed = {
        name: value
        for name, value in safe_builtins.items()
        if name not in ("setattr", "delattr", "_getattr_")
    }
    plain = "all any dict enumerate filter frozenset list map max min reversed set sorted sum"
    for name in [*plain.split(), "tuple", "zip"]:
        allowed[name] = getattr(builtins, name)

    def write_guard(obj: Any) -> Any:
        if type(obj) in (dict, list) or type(obj) in bot_classes:
            return obj
        raise TypeError(f"a bot may change only its own objects (not a {type(obj).__name__})")

    def metaclass(name: str, bases: tuple[type, ...], namespace: dict[str, Any]) -> type:
        made = type(name, bases, namespace)
        bot_classes.add(made)
        return made

    allowed.update(
        {
            "__import__": _import,
            "getattr": _getattr,
            "_getattr_": _getattr,
            "_getitem_": lambda obj, key: obj[key],
            "_getiter_": iter,
            "_iter_unpack_sequence_": guarded_iter_unpack_sequence,
            "_unpack_sequence_": guarded_unpack_sequence,
            "_write_": write_guard,
            "_inplacevar_": _inplace,
            "_print_": _Discard,
            "_apply_": lambda function, *args, **kwargs: function(*args, **kwargs),
            "__metaclass__": metaclass,
        }
    )
    return allowed


def load_restricted(source: str, filename: str) -> dict[str, Any]:
    """Compile and run a bot's source under the restrictions; its namespace.

    Raises :class:`BotSandboxError` for a file the restrictions refuse (``file:line:``)
    and lets the bot's own errors while running its top level propagate.
    """
    try:
        ast.parse(source, filename)
    except SyntaxError as error:
        raise BotSandboxError(f"{filename}:{error.lineno}: SyntaxError: {error.msg}") from None
    result = compile_restricted_exec(source, filename, policy=_Policy)
    if result.errors:
        first = result.errors[0]
        line = first.split(":", 1)[0].removeprefix("Line ").strip()
        message = first.split(":", 1)[1].strip() if ":" in first else first
        where = f"{filename}:{line}" if line.isdigit() else filename
        raise BotSandboxError(f"{where}: not allowed in a bot: {message}")
    bot_classes: set[type] = set()
    namespace: dict[str, Any] = {
        "__builtins__": _builtins(bot_classes),
        "__name__": "student_bot",
        "__file__": filename,
    }
    assert result.code is not None  # there were no errors
    exec(result.code, namespace)  # restricted code, restricted builtins
    namespace["__bot_classes__"] = bot_classes
    return namespace
