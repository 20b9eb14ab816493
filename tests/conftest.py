"""Shared test set-up: headless SDL before pygame can be imported, deterministic hypothesis."""

import os

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")

import pytest
from hypothesis import HealthCheck, settings

# Every run explores the same examples, so a green main stays green.
settings.register_profile(
    "seeded",
    derandomize=True,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "seeded"))


@pytest.fixture(autouse=True)
def private_user_folders(tmp_path_factory, monkeypatch):
    """Settings, saved games and caches of a test go to its own folders, never the user's."""
    home = tmp_path_factory.mktemp("user")
    monkeypatch.setenv("SECURITY_DILEMMA_CONFIG_DIR", str(home / "config"))
    monkeypatch.setenv("SECURITY_DILEMMA_DATA_DIR", str(home / "data"))
    monkeypatch.setenv("SECURITY_DILEMMA_CACHE_DIR", str(home / "cache"))
    return home


@pytest.fixture
def app():
    """A 1280×720 game window on SDL's dummy driver, closed after the test."""
    from game.ui.app import App

    window = App((1280, 720))
    yield window
    window.close()
