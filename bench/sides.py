"""Before and after, side by side: a bench's figures on this tree and on another checkout.

A bench gives its figures as a dict (name → number), measured in a child process whose
``PYTHONPATH`` is the checkout measured: this one, and with ``--before DIR`` also the one
in ``DIR`` (a worktree of main, say). Both columns are printed against the targets, so
that a change is measured in one run on the same busy machine. ``--json`` measures in
the process itself and prints the figures alone (what a child answers).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent.parent
"""The checkout this bench belongs to."""


@dataclass(frozen=True)
class Figure:
    """One measured number, its unit and its target (``None``: reported, no target)."""

    name: str
    unit: str
    target: float | None = None


def add_options(parser: argparse.ArgumentParser) -> None:
    """``--before DIR``, ``--json`` and ``--tree DIR`` (the checkout a child measures)."""
    parser.add_argument("--before", metavar="DIR", help="also measure the checkout in DIR")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON only")
    parser.add_argument("--tree", type=Path, default=HERE, help=argparse.SUPPRESS)


def tree_env(tree: Path) -> dict[str, str]:
    """The environment of a child that runs the game from ``tree``, with cached bytecode.

    ``PYTHONDONTWRITEBYTECODE`` is dropped so that, after one warm-up run, a child loads
    compiled modules as an installed game does.
    """
    env = dict(os.environ, PYTHONPATH=str(tree))
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env.setdefault("SDL_VIDEODRIVER", "dummy")
    env.setdefault("SDL_AUDIODRIVER", "dummy")
    env.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")
    for variable in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
        env.setdefault(variable, "1")
    return env


def child_cpu(argv: Sequence[str], env: dict[str, str], cwd: Path) -> float:
    """CPU seconds (user + system) of one child process run to its end."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run(argv, env=env, cwd=cwd, check=True, capture_output=True)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def elsewhere(script: Path, tree: Path, argv: Sequence[str]) -> dict[str, float]:
    """The figures of the bench ``script`` measured on the checkout in ``tree``."""
    done = subprocess.run(
        [sys.executable, str(script), *argv, "--json", "--tree", str(tree)],
        env=tree_env(tree),
        cwd=tree,
        check=True,
        capture_output=True,
        text=True,
    )
    figures: dict[str, float] = json.loads(done.stdout.splitlines()[-1])
    return figures


def report(
    figures: Sequence[Figure],
    measure: Callable[[], dict[str, float]],
    args: argparse.Namespace,
    script: str,
    argv: Sequence[str],
    title: str,
) -> None:
    """Measure, then print JSON (``--json``) or the table, with a ``before`` column if asked."""
    if args.json:  # a child: measure here, on the checkout PYTHONPATH names
        print(json.dumps(measure()))
        return
    before = None
    if args.before:
        before = elsewhere(Path(script).resolve(), Path(args.before).resolve(), argv)
    after = elsewhere(Path(script).resolve(), args.tree.resolve(), argv)
    print(title)
    width = max(len(figure.name) for figure in figures) + 2
    head = f"{'':<{width}}" + (f"{'before':>12}" if before else "") + f"{'after':>12}"
    print(f"{head}{'target':>12}  verdict")
    for figure in figures:
        value = after[figure.name]
        line = f"{figure.name:<{width}}"
        if before is not None:
            line += f"{before.get(figure.name, float('nan')):>9.3f} {figure.unit:<2}"
        line += f"{value:>9.3f} {figure.unit:<2}"
        if figure.target is None:
            print(line)
            continue
        verdict = "met" if value < figure.target else "MISSED"
        print(f"{line}{'< ' + format(figure.target, 'g'):>9} {figure.unit:<2} {verdict}")
