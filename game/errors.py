"""The one family of errors the game reports to a person instead of failing.

Every refusal of hostile or mistaken input (a level file, a strategy or its parameters, a
bot, a replay, a command line) derives from :class:`GameError`, so that the command line
and the window catch one class and show its lines, never a traceback. It derives from
``ValueError`` because each is a value the game was given and cannot use.
"""

from __future__ import annotations


class GameError(ValueError):
    """Input the game refuses; its message says why and how to fix it."""

    def lines(self) -> list[str]:
        """What a person is shown, one problem a line (``error: ...`` unless said better)."""
        return [f"error: {self}"]
