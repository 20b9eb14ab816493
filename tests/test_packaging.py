"""`pip install .` must give a working game anywhere: levels and assets travel in the wheel."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    """Build the wheel from a clean copy of the sources (no stale build folders)."""
    source = tmp_path_factory.mktemp("source")
    for name in ("pyproject.toml", "README.md", "LICENSE"):
        shutil.copy2(ROOT / name, source / name)
    for folder in ("game", "levels", "assets"):
        shutil.copytree(
            ROOT / folder, source / folder, ignore=shutil.ignore_patterns("__pycache__")
        )
    out = tmp_path_factory.mktemp("dist")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "--quiet",
            "-w",
            str(out),
            str(source),
        ],
        check=True,
        capture_output=True,
    )
    (built,) = out.glob("security_dilemma-*.whl")
    return built


def test_the_wheel_carries_every_level_and_asset_and_the_command(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    for level in (ROOT / "levels").glob("*.toml"):
        assert f"game/_levels/{level.name}" in names
    for asset in (ROOT / "assets").rglob("*"):
        if asset.is_file():
            assert f"game/_assets/{asset.relative_to(ROOT / 'assets').as_posix()}" in names
    entry_points = next(n for n in names if n.endswith("entry_points.txt"))
    assert "security-dilemma = game.cli:main" in zipfile.ZipFile(wheel).read(entry_points).decode()


def test_the_installed_wheel_finds_its_levels_from_any_folder(wheel, tmp_path):
    target = tmp_path / "site"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--quiet",
            "--no-deps",
            "--target",
            str(target),
            str(wheel),
        ],
        check=True,
        capture_output=True,
    )
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {**os.environ, "PYTHONPATH": str(target)}
    code = (
        "import game, game.levels as l\n"
        "print(game.__file__)\n"
        "print(','.join(l.builtin_ids()))\n"
        "print(l.load_level('tutorial').scenario.turns)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=elsewhere,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    location, ids, turns = result.stdout.split()
    assert location.startswith(str(target))
    expected = sorted(p.stem.split("-", 1)[1] for p in (ROOT / "levels").glob("*.toml"))
    assert sorted(ids.split(",")) == expected
    assert int(turns) > 0
