"""The settings screen: fullscreen, interface size, colours and sound, applied and saved at once.

Every change shows immediately (the preview shows the colours in use) and is written to
the settings file straight away, so a teacher who sets up the projector once finds it
the same next lesson. The screen shrinks to fit the window whatever size is chosen, so
the size can always be changed back.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import pygame

from game.levels.compile import SIDE_DEFAULTS
from game.ui.layout import goes_back
from game.ui.painter import Painter
from game.ui.settings import SCALES, load_settings, save_settings, settings_path
from game.ui.theme import Theme, hex_color
from game.ui.widgets import Button, Choice, Focus

if TYPE_CHECKING:
    from game.ui.app import App

WIDTH = 1040
"""Width of the screen's content in design pixels; it is centred in the window."""

ROW = 100
"""Design pixels from one setting to the next (its control, then its explanation)."""

SETTINGS: tuple[tuple[str, str, list[tuple[str, Any]], str], ...] = (
    (
        "fullscreen",
        "Fullscreen",
        [("Off", False), ("On", True)],
        "Fill the whole screen and hide the desktop: best on a projector.",
    ),
    (
        "ui_scale",
        "Interface size",
        [(f"{round(scale * 100)}%", scale) for scale in SCALES],
        "Bigger text and controls, so the back of the classroom can read them.",
    ),
    (
        "colour_blind_safe",
        "Colour-blind-safe colours",
        [("On", True), ("Off", False)],
        "Colours that everyone can tell apart. Off: traditional red and green.",
    ),
    (
        "sound",
        "Sound",
        [("On", True), ("Off", False)],
        "Quiet cues when you move, send orders, end a turn, or a crisis starts.",
    ),
)
"""Each setting: its field, its label, its options and why it exists."""

KEYS_HINT = "Up/Down: choose  \u00b7  Left/Right: change  \u00b7  Esc: back"
"""Spelled out: the bundled font has no arrow glyphs."""


class SettingsScreen:
    """One row per setting, a colour preview, and Back (Esc or Backspace also go back)."""

    def __init__(self, app: App, on_back: Callable[[], None]) -> None:
        self.app = app
        self.on_back = on_back
        self.choices: dict[str, Choice] = {}
        for field, label, options, _ in SETTINGS:
            choice = Choice(label, options, on_change=self._changer(field))
            choice.select(getattr(app.settings, field))
            self.choices[field] = choice
        self.back = Button("Back", on_back)
        self.focus = Focus([*self.choices.values(), self.back])
        # the file is re-read only to tell the player whether it was usable
        self.problem: str | None = load_settings()[1]
        self.status = self._where_saved()
        self.status_is_warning = False

    def _where_saved(self) -> str:
        path = settings_path()
        if self.problem is not None:
            return "Changing any setting replaces that file with a good one."
        if path.exists():
            return f"Saved to {path}"
        return f"Your choices will be saved to {path}"

    def _changer(self, field: str) -> Callable[[Any], None]:
        return lambda value: self.change(field, value)

    def change(self, field: str, value: Any) -> None:
        """Apply one changed setting to the window at once, then save all of them."""
        settings = dataclasses.replace(self.app.settings, **{field: value})
        self.app.apply(settings)
        self.app.sounds.play("select")  # heard only if sound is (now) on
        path = settings_path()
        try:
            save_settings(settings)
        except OSError as error:
            reason = error.strerror or type(error).__name__
            self.status = f"Could not save to {path} ({reason}): the change lasts until you quit."
            self.status_is_warning = True
            return
        if self.problem is not None:
            self.problem = None
            self.status = f"Saved to {path}, replacing the unreadable file"
        else:
            self.status = f"Saved to {path}"
        self.status_is_warning = False

    def handle(self, event: pygame.event.Event) -> None:
        """Arrows, Tab, Enter and the mouse work the rows; Esc or Backspace go back."""
        if goes_back(event):
            self.on_back()
            return
        self.focus.handle(event)

    def draw(self, painter: Painter) -> None:
        """Title, the settings with their reasons, the preview, Back and where it was saved."""
        painter.fill()
        palette = painter.theme.palette
        measure = Painter(pygame.Surface((1, 1)), Theme(palette, 1.0))
        box = pygame.Rect(0, 0, WIDTH, 1000)
        problem_height = measure.paragraph(self.problem, box, 17) if self.problem else 0
        top = 106 + problem_height
        bottom = top + len(SETTINGS) * ROW + 12
        height = bottom + 96
        margin = 24
        scale = min(
            painter.theme.scale,
            (painter.width - 2 * margin) / WIDTH,
            (painter.height - 2 * margin) / height,
        )
        local = Painter(painter.surface, Theme(palette, scale), painter.record)
        left = (painter.width - round(WIDTH * scale)) // 2
        upper = (painter.height - round(height * scale)) // 2

        def at(x: float, y: float, w: float = 0, h: float = 0) -> pygame.Rect:
            """A rectangle of this screen's design, placed in the window."""
            return pygame.Rect(
                left + round(x * scale),
                upper + round(y * scale),
                round(w * scale),
                round(h * scale),
            )

        local.text("Settings", at(0, 0).topleft, 40, bold=True)
        local.text(
            "Changes take effect at once and are kept for next time.",
            at(0, 60).topleft,
            18,
            palette.dim,
        )
        if self.problem:
            local.paragraph(self.problem, at(0, 98, WIDTH, 1000), 17, palette.warning)
        for index, (field, _, _, reason) in enumerate(SETTINGS):
            y = top + index * ROW
            self.choices[field].rect = at(0, y, 600, 54)
            local.text(reason, at(16, y + 62).topleft, 16, palette.dim)
        self._preview(local, at(640, top, 400, len(SETTINGS) * ROW - 28))
        self.back.rect = at(0, bottom, 180, 52)
        self.focus.draw(local)
        local.text(KEYS_HINT, at(WIDTH, bottom + 26).topleft, 17, palette.focus, anchor="midright")
        color = palette.warning if self.status_is_warning else palette.dim
        status = local.clip(self.status, 15, at(0, 0, WIDTH).width, keep="ends")
        local.text(status, at(0, bottom + 70).topleft, 15, color)

    def _preview(self, painter: Painter, rect: pygame.Rect) -> None:
        """The two nations, a good and a tense meter and a warning, in the colours in use."""
        theme = painter.theme
        palette = theme.palette
        painter.panel(rect)
        pad = theme.px(20)
        x, y = rect.left + pad, rect.top + theme.px(16)
        inner = rect.width - 2 * pad
        painter.text("Preview", (x, y), 20, palette.focus, bold=True)
        y += theme.px(44)
        for name, color, emblem in SIDE_DEFAULTS.values():
            painter.emblem(
                emblem, (x + theme.px(12), y + theme.px(13)), theme.px(12), hex_color(color)
            )
            painter.text(name, (x + theme.px(36), y), 20, hex_color(color), bold=True)
            y += theme.px(36)
        y += theme.px(10)
        painter.text("Felt security 72%", (x, y), 17)
        painter.meter(pygame.Rect(x, y + theme.px(28), inner, theme.px(12)), 0.72, palette.good)
        y += theme.px(54)
        painter.text("Tension 0.64", (x, y), 17, palette.tension, bold=True)
        painter.meter(
            pygame.Rect(x, y + theme.px(28), inner, theme.px(12)), 0.64, palette.tension, 0.7
        )
        y += theme.px(56)
        painter.text("Crisis: a war could break out", (x, y), 17, palette.warning)
        note = pygame.Rect(x, rect.bottom - theme.px(64), inner, theme.px(60))
        painter.paragraph(
            "Shapes and labels mean the same in both palettes, so colour is never the only cue.",
            note,
            15,
            palette.dim,
        )
