"""The settings screen: fullscreen, interface size, colours and sound, applied and saved at once.

Every change shows immediately (the preview shows the colours in use) and is written to
the settings file straight away, so a teacher who sets up the projector once finds it
the same next lesson. It is drawn at the size chosen; when that is too big for the
window the page scrolls and keeps the focused row in view, so the size can always be
changed back.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import pygame

from game.levels.compile import SIDE_DEFAULTS
from game.ui.layout import goes_back
from game.ui.painter import Painter
from game.ui.scroll import ScrollPage
from game.ui.settings import SCALES, load_settings, save_settings, settings_path
from game.ui.theme import Type, hex_color
from game.ui.widgets import Button, Choice, Focus

if TYPE_CHECKING:
    from game.ui.app import App

WIDTH = 1040
"""Width of the screen's content in design pixels, when the window has room; centred."""

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

PREVIEW_NOTE = "Shapes and labels mean the same in both palettes, so colour is never the only cue."

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
        self.page = ScrollPage()
        self.scale = app.theme.scale
        self.follow = False
        """Bring the focused row into view after the next frame (its size just changed)."""

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
        self.page.handle(event, self.focus)
        if self.app.theme.scale != self.scale:  # a new size: keep the changed row in view
            self.scale = self.app.theme.scale
            self.follow = True

    def draw(self, painter: Painter) -> None:
        """Title, where it was saved, the settings with their reasons, the preview and Back.

        Everything is drawn at the size chosen, never smaller: the preview goes beside the
        settings when there is room and under them when not, and at the largest sizes the
        page scrolls, keeping the focused row (the size just changed) in view, so the size
        can always be changed back.
        """
        painter.fill()
        theme = painter.theme
        palette = theme.palette
        window = painter.surface.get_rect()
        width = min(theme.px(WIDTH), window.width - 2 * theme.px(24))
        left = (window.width - width) // 2
        with self.page.scrolling(painter, window) as top:
            y = top + max(theme.px(20), (window.height - theme.px(720)) // 2 + theme.px(20))
            y = painter.text("Settings", (left, y), Type.HEADING, bold=True).bottom
            box = pygame.Rect(left, y + theme.px(4), width, 0)
            y = box.top + painter.paragraph(
                "Changes take effect at once and are kept for next time.",
                box,
                Type.SMALL,
                palette.dim,
            )
            if self.problem:
                box.top = y + theme.px(12)
                y = box.top + painter.paragraph(self.problem, box, Type.SMALL, palette.warning)
            box.top = y + theme.px(4)
            color = palette.warning if self.status_is_warning else palette.dim
            y = box.top + painter.paragraph(self.status, box, Type.SMALL, color)
            y += theme.px(20)
            beside = width >= theme.px(WIDTH)
            column = theme.px(600) if beside else width
            rows_top = y
            for field, _, _, reason in SETTINGS:
                choice = self.choices[field]
                choice.rect = pygame.Rect(left, y, column, choice.height(painter, column))
                words = pygame.Rect(left + theme.px(16), choice.rect.bottom + theme.px(4), 0, 0)
                words.width = column - theme.px(16)
                y = words.top + painter.paragraph(reason, words, Type.SMALL, palette.dim)
                y += theme.px(14)
            if beside:
                preview = pygame.Rect(left + theme.px(640), rows_top, width - theme.px(640), 0)
                preview.height = max(y - theme.px(14) - rows_top, self._preview_height(painter))
                y = max(y, preview.bottom + theme.px(20))
            else:
                preview = pygame.Rect(left, y, width, self._preview_height(painter))
                y = preview.bottom + theme.px(20)
            self._preview(painter, preview)
            self.back.rect = pygame.Rect(left, y, theme.px(180), theme.px(52))
            self.focus.draw(painter)
            hint = pygame.Rect(self.back.rect.right + theme.px(24), y, 0, 0)
            hint.width = left + width - hint.left
            lines = painter.lines(KEYS_HINT, hint.width, Type.SMALL)
            line = theme.font(Type.SMALL).get_linesize()
            hint.top = self.back.rect.centery - line * len(lines) // 2
            for index, words_line in enumerate(lines):
                where = (hint.right, hint.top + index * line)
                painter.text(words_line, where, Type.SMALL, palette.focus, anchor="topright")
            y = max(self.back.rect.bottom, hint.top + line * len(lines))
            self.page.reach(y + theme.px(20))
        if self.follow:
            self.follow = False
            current = self.focus.current
            if current is not None:
                self.page.reveal(current.rect)

    def _preview_height(self, painter: Painter) -> int:
        """The height the preview needs, at its narrowest (for its last paragraph)."""
        theme = painter.theme
        note = painter.paragraph_height(PREVIEW_NOTE, theme.px(400 - 40), Type.SMALL)
        label = theme.font(Type.LABEL, bold=True).get_linesize()
        body = theme.font(Type.BODY).get_linesize()
        return 2 * theme.px(16) + 3 * label + 3 * body + theme.px(2 * 30 + 40) + note

    def _preview(self, painter: Painter, rect: pygame.Rect) -> None:
        """The two nations, a good and a tense meter and a warning, in the colours in use."""
        theme = painter.theme
        palette = theme.palette
        inner = painter.card(rect, pad=16)
        x, y = inner.left, inner.top
        y = painter.text("Preview", (x, y), Type.LABEL, palette.focus, bold=True).bottom
        for name, color, emblem in SIDE_DEFAULTS.values():
            line = theme.font(Type.LABEL, bold=True).get_linesize()
            painter.emblem(
                emblem, (x + theme.px(12), y + line // 2), theme.px(12), hex_color(color)
            )
            painter.text(name, (x + theme.px(36), y), Type.LABEL, hex_color(color), bold=True)
            y += line
        y += theme.px(10)
        y = painter.text("Felt security 72%", (x, y), Type.BODY).bottom
        painter.meter(
            pygame.Rect(x, y + theme.px(6), inner.width, theme.px(12)), 0.72, palette.good
        )
        y += theme.px(30)
        y = painter.text("Tension 0.64", (x, y), Type.BODY, palette.tension, bold=True).bottom
        painter.meter(
            pygame.Rect(x, y + theme.px(6), inner.width, theme.px(12)), 0.64, palette.tension, 0.7
        )
        y += theme.px(30)
        crisis = painter.text("Crisis: a war could break out", (x, y), Type.BODY, palette.warning)
        y = crisis.bottom + theme.px(10)
        note = pygame.Rect(
            x,
            max(y, inner.bottom - painter.paragraph_height(PREVIEW_NOTE, inner.width, Type.SMALL)),
            inner.width,
            0,
        )
        painter.paragraph(PREVIEW_NOTE, note, Type.SMALL, palette.dim)
        painter.bounds = None
