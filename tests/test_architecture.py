"""The dependency direction of DESIGN.md: rules → {ai, levels} → session → net → ui; pygame in ui.

Every module of the package belongs to a layer here, and each layer imports only the
layers below it; inside the window's own package no two modules need each other.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import game

PACKAGE = Path(game.__file__).resolve().parent

ALLOWED = {
    # The expert plans with the real rules as its forward model, on worlds it imagines from
    # its own observation: one set of rules, never a second copy (DESIGN.md).
    "game.ai.expert": ("game.ai", "game.rules"),
    "game.rules": ("game.rules",),
    "game.levels": ("game.levels", "game.rules", "game.resources"),
    # Strategies read their observations and the level's public formulas (security as they
    # see it, how alarming a weapon looks); never the engine or the true state.
    "game.ai": ("game.ai", "game.rules.model", "game.rules.scoring"),
    "game.replay": ("game.replay", "game.rules", "game.levels", "game.ai", "game.storage"),
    "game.session": (
        "game.session",
        "game.rules",
        "game.ai",
        "game.levels",
        "game.replay",
        "game.storage",
    ),
    # Class games over the network play through the session layer; no pygame, no window.
    "game.net": (
        "game.net",
        "game.rules",
        "game.ai",
        "game.levels",
        "game.replay",
        "game.session",
        "game.storage",
    ),
    # The window shows what the session layer plays; it never reaches past it into the
    # engine's true state except through the session and the words of the rules.
    "game.ui": (
        "game.ui",
        "game.rules",
        "game.ai",
        "game.levels",
        "game.replay",
        "game.session",
        "game.net",
        "game.storage",
        "game.resources",
    ),
    # The command line drives every layer; it opens the window only when asked to.
    "game.cli": (
        "game.ai",
        "game.levels",
        "game.replay",
        "game.rules",
        "game.session",
        "game.net",
        "game.storage",
        "game.ui",
    ),
    "game.storage": ("game.resources",),
    "game.resources": (),
    "game.errors": (),
}
BASE = ("game.errors",)
"""Below every layer: the family of errors any layer may raise (game/errors.py)."""
TOP = "game"  # importing the top package itself (for __version__) is fine anywhere


def module_names() -> list[str]:
    names = []
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        if parts[-1] == "__main__":
            continue
        names.append(".".join(parts[:-1] if parts[-1] == "__init__" else parts))
    return names


def imports_of(module: str) -> set[str]:
    relative = Path(*module.split(".")[1:])
    path = PACKAGE / relative / "__init__.py"
    if not path.exists():
        path = (PACKAGE / relative).with_suffix(".py")
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
    return found


def test_non_ui_modules_never_import_pygame_even_indirectly():
    modules = [m for m in module_names() if not m.startswith("game.ui")]
    assert "game.cli" in modules and "game.rules.engine" in modules
    code = (
        "import importlib, sys\n"
        f"for name in {modules!r}: importlib.import_module(name)\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'pygame'))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"


def layer_of(module: str) -> str | None:
    """The most specific layer ``module`` belongs to (``game.ai.expert`` before ``game.ai``)."""
    layers = [prefix for prefix in ALLOWED if module == prefix or module.startswith(prefix + ".")]
    return max(layers, key=len, default=None)


def test_every_module_belongs_to_a_layer():
    unplaced = [m for m in module_names() if m != TOP and layer_of(m) is None]
    assert unplaced == []


def test_each_layer_imports_only_the_layers_below_it():
    for module in module_names():
        layer = layer_of(module)
        if layer is None:
            continue
        for imported in imports_of(module):
            if imported == TOP:
                continue
            if not imported.startswith("game"):
                assert layer == "game.ui" or imported.split(".")[0] != "pygame", module
                continue
            assert any(
                imported == allowed or imported.startswith(allowed + ".")
                for allowed in (*ALLOWED[layer], *BASE)
            ), f"{module} imports {imported}"


def test_the_rules_need_nothing_but_numpy_and_the_standard_library():
    for module in module_names():
        if not module.startswith("game.rules"):
            continue
        for imported in imports_of(module):
            top = imported.split(".")[0]
            assert top in {"numpy", "game", "__future__"} or top in sys.stdlib_module_names, (
                f"{module} imports {imported}"
            )


def test_no_two_modules_of_the_window_import_each_other_even_for_types():
    """The window's modules form no circle, type-only imports included.

    Scenes depend on narrow protocols (``game.ui.roles``), not on the menu or the match
    flow that opens them.
    """
    ui = [module for module in module_names() if module.startswith("game.ui.")]
    graph = {module: {i for i in imports_of(module) if i in ui and i != module} for module in ui}
    circles = []

    def visit(module: str, path: list[str]) -> None:
        for imported in sorted(graph[module]):
            if imported in path:
                circles.append([*path[path.index(imported) :], imported])
            elif len(path) < len(ui):
                visit(imported, [*path, imported])

    for module in ui:
        visit(module, [module])
    assert circles == [], sorted({" -> ".join(circle) for circle in circles})[:5]
