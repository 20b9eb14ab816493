"""Fuzzing ``--set PATH=VALUE``: real and made-up paths, hostile values, too many overrides.

Every override is checked like the file; a bad one is one ``--set ...`` line and exit
status 2. An accepted set of overrides must give a level whose games are finite: they play,
``simulate --save-replays`` writes them, and every replay verifies. The extreme values the
schema allows are tried on purpose, since a range the rules cannot use is the bug.
"""

from __future__ import annotations

import math
import tempfile
import tomllib
import typing
from pathlib import Path

from fuzzing import accepted, case, check_level_lines, fuzz, toml_values
from hypothesis import given
from hypothesis import strategies as st
from paths import ROOT
from pydantic import BaseModel

from game.cli import main, simulate_results
from game.levels import load_level_file
from game.levels.schema import Level
from game.replay import read_replay

LEVELS = sorted((ROOT / "levels").glob("*.toml"))
KINDS = {
    path: next(iter(tomllib.loads(path.read_text(encoding="utf-8")).get("weapons", {"arms": 1})))
    for path in LEVELS
}
"""The first weapon kind of each level, for the weapon paths of the schema."""


def _numeric_fields(model: type[BaseModel], prefix: str = "") -> list[tuple[str, float, float]]:
    """Every number of the schema with its bounds: ``(path, lowest, highest)``."""
    found: list[tuple[str, float, float]] = []
    for name, field in model.model_fields.items():
        annotation = field.annotation
        options = [annotation, *typing.get_args(annotation)]
        nested = [o for o in options if isinstance(o, type) and issubclass(o, BaseModel)]
        path = f"{prefix}{name}"
        if nested and name not in ("level", "matrix"):
            found += _numeric_fields(nested[0], f"{path}.")
            continue
        if not any(o in (float, int) for o in options):
            continue
        low, high = -math.inf, math.inf
        for item in field.metadata:
            for name_low in ("ge", "gt"):
                bound = getattr(item, name_low, None)
                if bound is not None:
                    low = max(low, bound)
            for name_high in ("le", "lt"):
                bound = getattr(item, name_high, None)
                if bound is not None:
                    high = min(high, bound)
        if path.endswith("income"):
            low = 0.001
        found.append((path, low, high))
    return found


NUMBERS = [entry for entry in _numeric_fields(Level) if not entry[0].startswith("nations.blue")]
PATHS = [path for path, _, _ in NUMBERS] + [
    "rules.postures",
    "rules.signals",
    "rules.mode",
    "level.title",
    "level.briefing",
    "nations.red.controller",
    "nations.red.arsenal.army",
    "weapons.army.name",
    "events",
    "events.0.turn",
    "matrix.reward",
    "rules",
    "x",
]


@st.composite
def overrides(draw: st.DrawFn) -> list[str]:
    """One to a few overrides, sometimes far too many, sometimes with absurd paths."""
    kind = draw(st.sampled_from(["real", "real", "real", "path", "many", "format"]))
    if kind == "many":
        return [f"rules.turns={n % 30 + 1}" for n in range(draw(st.sampled_from([101, 1000])))]
    if kind == "format":
        return [draw(st.sampled_from(["", "=", "=1", "a..b=1", ".a=1", "a.=1", "noequals"]))]
    if kind == "path":
        parts = draw(st.sampled_from([17, 100, 1000, 10_000]))
        part = draw(st.sampled_from(["a", "0", "x" * 101, "99999999999", "²"]))
        return [".".join([part] * parts) + "=1"]
    count = draw(st.integers(1, 4))
    return [f"{draw(st.sampled_from(PATHS))}={draw(toml_values())}" for _ in range(count)]


def short(level: Path, given: list[str]):
    """The level with the overrides, cut to a few turns (as its scripted events allow)."""
    loaded = load_level_file(level, given)
    last = max((event.turn for event in loaded.model.events), default=0)
    if loaded.scenario.turns <= 12:
        return loaded
    return load_level_file(level, [*given, f"rules.turns={max(8, last)}"])


def replays_verify(loaded, folder: Path) -> None:
    """Play two games headless, save them as replays, and verify every replay."""
    results, _ = simulate_results(loaded, "random", "tit-for-tat", 2, 5, False, folder)
    for result in results:
        assert all(math.isfinite(score) for score in result.score), result.score
    for path in sorted(folder.iterdir()):
        replay = read_replay(path)
        assert replay.finished


@fuzz(600)
@given(level=st.sampled_from(LEVELS), given_overrides=overrides())
def test_overrides_are_refused_one_line_each_or_give_a_level_that_replays(
    level, given_overrides, capsys
):
    with case("--set"):
        capsys.readouterr()
        status = main(["validate", str(level), *(f"--set={o}" for o in given_overrides)])
        lines = capsys.readouterr().err.splitlines()
        assert status in (0, 2), lines
        if status == 2:
            check_level_lines(lines, str(level), overrides=True)
            return
        loaded = short(level, given_overrides)
        with tempfile.TemporaryDirectory() as folder:
            replays_verify(loaded, Path(folder))
        accepted("--set")


@st.composite
def extremes(draw: st.DrawFn) -> list[str]:
    """Several numbers of the schema set to the ends of their ranges (or near them)."""
    chosen = draw(st.lists(st.sampled_from(NUMBERS), min_size=1, max_size=8, unique=True))
    settings = []
    for path, low, high in chosen:
        if path in ("rules.turns", "events.turn"):
            continue
        value = draw(
            st.sampled_from(
                [v for v in (low, high, low + 1e-9, 5e-324, 1e-300) if low <= v <= high] or [low]
            )
        )
        if value == high and path == "conflict.crisis_threshold":
            value = math.nextafter(high, 0.0)
        if path == "rules.default_amount":
            value = min(value, 3.0)
        if not math.isfinite(value):
            continue
        settings.append(f"{path}={value!r}")
    return settings


@fuzz(150)
@given(level=st.sampled_from(LEVELS), settings=extremes())
def test_the_extremes_the_schema_allows_give_finite_games_that_replay(level, settings):
    settings = [s.replace("weapons.", f"weapons.{KINDS[level]}.", 1) for s in settings]
    with case("--set"):
        try:
            loaded = short(level, settings)
        except Exception as error:  # a cross-field rule (default_amount > max_change...)
            from game.levels import LevelError

            assert isinstance(error, LevelError), error
            return
        with tempfile.TemporaryDirectory() as folder:
            replays_verify(loaded, Path(folder))
        accepted("--set")
