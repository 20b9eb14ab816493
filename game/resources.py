"""Where the built-in levels and assets are, whether installed from a wheel or run from a checkout.

In a wheel, the repository's top-level ``levels/`` and ``assets/`` folders are packaged as
``game._levels`` and ``game._assets`` (see ``pyproject.toml``). In an editable install the
package is imported from the checkout, where those folders sit beside it. Either way the
location comes from the package, never from the current directory.
"""

from __future__ import annotations

import importlib.resources
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Literal


def data_dir(name: Literal["levels", "assets"]) -> Traversable:
    """The folder of built-in levels or of assets."""
    try:
        return importlib.resources.files(f"game._{name}")
    except ModuleNotFoundError:
        package = Path(str(importlib.resources.files("game")))
        return package.parent / name
