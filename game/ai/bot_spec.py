"""How a student's bot is named, ``bot:PATH.py[:ClassName]``, and the error a bot raises.

Kept apart from :mod:`game.ai.bots`, which starts and talks to bot processes, so that
naming strategies (every command and screen does) never imports the process machinery.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from game.errors import GameError

BOT_PREFIX = "bot:"


class BotError(GameError):
    """A bot could not be loaded, or failed while deciding; the message says where."""


@dataclass(frozen=True)
class BotSpec:
    """Which file, and which class in it (None: the only class with a ``decide`` method)."""

    path: Path
    class_name: str | None


def is_bot(spec: str) -> bool:
    """True for ``bot:...`` specs."""
    return spec.startswith(BOT_PREFIX)


def parse_bot_spec(spec: str) -> BotSpec:
    """Split ``bot:PATH.py[:ClassName]`` (a Windows drive letter's colon is allowed)."""
    rest = spec.removeprefix(BOT_PREFIX)
    path_text, sep, class_name = rest.rpartition(":")
    if sep and path_text.endswith(".py") and class_name.isidentifier():
        return BotSpec(Path(path_text), class_name)
    if not rest.endswith(".py"):
        raise BotError(f"{spec}: a bot is written bot:PATH.py or bot:PATH.py:ClassName")
    return BotSpec(Path(rest), None)
