"""Setting up a class game on the teacher's computer: the level, the pairing, the clock.

The level is any the window knows: the built-in ones, and any level file opened this
session (in the level browser or a set-up screen). The teacher's choices are checked by
:func:`game.net.setup.make_host`, exactly as the ``security-dilemma host`` command's are,
and any problem is one line on this screen. The host then runs in a background thread of
the window; ``on_hosting`` opens its dashboard.
"Resume the last session" carries on a session after a crash (``host --resume``).
"""

from __future__ import annotations

import shlex
from collections.abc import Callable

import pygame

from game.ai.registry import CATALOG
from game.levels import LoadedLevel, builtin_ids
from game.net.host import BackgroundHost
from game.net.protocol import DEFAULT_PORT
from game.net.setup import HostSetupError, make_host
from game.ui.classroom import draw_widgets, handle_form, save_class_charts
from game.ui.layout import button_row, design_rect, heading, key_hint
from game.ui.painter import Painter
from game.ui.text_field import TextField
from game.ui.theme import Type
from game.ui.widgets import Button, Choice, Focus, Widget

CLOCKS: list[tuple[str, float | None]] = [
    ("none", None),
    ("30 seconds", 30.0),
    ("1 minute", 60.0),
    ("90 seconds", 90.0),
    ("2 minutes", 120.0),
    ("3 minutes", 180.0),
    ("5 minutes", 300.0),
]
PAIRINGS = [("in join order", "join"), ("at random", "random"), ("by hand", "hand")]
MAX_TYPED = 300


class HostSetup:
    """The teacher's choices for a class game, then "Start hosting".

    ``bind`` and ``port`` are where the host listens (by default this computer's address
    on the local network, port 8765); tests give 127.0.0.1 and port 0.
    """

    def __init__(
        self,
        levels: list[LoadedLevel],
        on_hosting: Callable[[BackgroundHost], None],
        on_back: Callable[[], None],
        clock: Callable[[], int],
        bind: str | None = None,
        port: int = DEFAULT_PORT,
    ) -> None:
        self.on_hosting = on_hosting
        self.on_back = on_back
        self.bind, self.port = bind, port
        self.level = Choice("Level", [(level.model.level.title, level) for level in levels])
        self.overrides = TextField(
            "Changes to the level (as --set)",
            placeholder="e.g. rules.turns=8",
            max_length=MAX_TYPED,
            clock=clock,
        )
        self.pairing = Choice("Pair students", PAIRINGS)
        strategies = list(CATALOG)
        self.ai = Choice("An odd student out plays", [(name, name) for name in strategies])
        self.ai.select("tit-for-tat")
        self.clock = Choice("Turn clock", CLOCKS)
        self.name = TextField(
            "Session name (for the class report)",
            placeholder="e.g. Period 3, 4 March",
            max_length=60,
            clock=clock,
        )
        self.name.on_submit = self.start
        self.start_button = Button("Start hosting", self.start)
        self.resume_button = Button("Resume the last session", self.resume)
        self.back_button = Button("Back", on_back)
        self.focus = Focus(self.widgets())
        self.problem = ""

    def widgets(self) -> list[Widget]:
        """Every choice, in the order Tab reaches them."""
        return [
            self.level,
            self.overrides,
            self.name,
            self.pairing,
            self.ai,
            self.clock,
            self.start_button,
            self.resume_button,
            self.back_button,
        ]

    def _level(self) -> str:
        chosen: LoadedLevel = self.level.value
        return chosen.id if chosen.id in builtin_ids() else chosen.origin

    def start(self) -> None:
        """Check the choices, start the host, and open its dashboard (or say what is wrong)."""
        try:
            overrides = shlex.split(self.overrides.text)
        except ValueError as error:
            self.problem = f"Changes to the level: {error}."
            return
        self._open(
            lambda: make_host(
                level=self._level(),
                overrides=overrides,
                pairing=self.pairing.value,
                ai=self.ai.value,
                turn_seconds=self.clock.value,
                bind=self.bind,
                port=self.port,
                name=self.name.text.strip() or None,
                draw_charts=save_class_charts,
            )
        )

    def resume(self) -> None:
        """Carry on the latest session on this computer, every game where it stood."""
        self._open(
            lambda: make_host(
                resume=True, bind=self.bind, port=self.port, draw_charts=save_class_charts
            )
        )

    def _open(self, make: Callable[[], BackgroundHost]) -> None:
        try:
            host = make()
        except HostSetupError as error:
            self.problem = str(error)
            return
        if not host.start():
            self.problem = host.error or "the host did not start"
            return
        self.problem = ""
        self.on_hosting(host)

    def handle(self, event: pygame.event.Event) -> None:
        """Typing, Tab, ← / → on the choices, Enter and clicks; Esc goes back."""
        handle_form(event, self.focus, self.on_back)

    def draw(self, painter: Painter) -> None:
        """The level on the left, the class's rules on the right, the buttons under both."""
        painter.fill()
        theme = painter.theme
        top = heading(painter, "Host a class game")
        label = theme.px(30)
        field = theme.font(Type.BODY).get_height() + theme.px(24)
        gap = theme.px(10)
        left = design_rect(painter, 40, 0, 580)
        right = design_rect(painter, 660, 0, 580)
        y = top + theme.px(16)
        self.level.rect = pygame.Rect(left.left, y, left.width, self.level.height(painter, left.w))
        y = self.level.rect.bottom + gap
        for text_field in (self.overrides, self.name):
            text_field.rect = pygame.Rect(left.left, y + label, left.width, field)
            y = text_field.rect.bottom + gap
        bottom_left = y
        y = top + theme.px(16)
        for choice in (self.pairing, self.ai, self.clock):
            choice.rect = pygame.Rect(right.left, y, right.width, choice.height(painter, right.w))
            y = choice.rect.bottom + gap
        y = max(bottom_left, y) + theme.px(6)
        height = theme.font(Type.LABEL).get_height() + theme.px(20)
        row = pygame.Rect(left.left, y, right.right - left.left, height)
        button_row(painter, [self.start_button, self.resume_button, self.back_button], row)
        draw_widgets(painter, self.focus)
        if self.problem:
            box = pygame.Rect(left.left, row.bottom + theme.px(10), row.width, 0)
            box.height = painter.paragraph_height(self.problem, box.width, Type.SMALL)
            with painter.within(box):
                painter.paragraph(self.problem, box, Type.SMALL, theme.palette.warning)
        else:
            key_hint(
                painter, "Tab: next \u00b7 Left/Right: change \u00b7 Enter: start \u00b7 Esc: back"
            )
