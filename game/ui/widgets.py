"""Buttons, choice rows, lists and text fields that work with keyboard alone and the mouse.

Keys: Tab / ↓ next, Shift+Tab / ↑ previous, ← / → change a choice, Enter or Space press.
Inside a list, ↑ / ↓ choose a row (Tab leaves it); inside a text field, typing edits it
(Ctrl+V pastes). The focused widget is drawn with an amber ring, so keyboard players
always see where they are.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import pygame

from game.ui.painter import Painter
from game.ui.theme import Type

ACTIVATE = (pygame.K_RETURN, pygame.K_KP_ENTER, pygame.K_SPACE)


@dataclass
class Button:
    """A labelled action."""

    label: str
    action: Callable[[], None]
    enabled: bool = True
    rect: pygame.Rect = field(default_factory=lambda: pygame.Rect(0, 0, 0, 0))

    def press(self) -> None:
        """Run the action if the button is enabled."""
        if self.enabled:
            self.action()

    def nudge(self, step: int) -> None:
        """Buttons have no value to change."""

    def consume(self, event: pygame.event.Event) -> bool:
        """Buttons take no keys of their own."""
        return False

    def click(self, position: tuple[int, int]) -> None:
        """A mouse click inside the button."""
        self.press()

    def draw(self, painter: Painter, focused: bool) -> None:
        """A rounded button with its label centred."""
        palette = painter.theme.palette
        edge = palette.focus if focused else palette.panel_edge
        painter.panel(self.rect, edge=edge, width=3 if focused else 1)
        color = palette.text if self.enabled else palette.dim
        with painter.within(self.rect.inflate(-painter.theme.px(12), 0)):
            painter.text(self.label, self.rect.center, 22, color, bold=focused, anchor="center")


@dataclass
class Choice:
    """One value out of several, changed with ← / → or by clicking the arrows."""

    label: str
    options: Sequence[tuple[str, Any]]
    index: int = 0
    on_change: Callable[[Any], None] | None = None
    rect: pygame.Rect = field(default_factory=lambda: pygame.Rect(0, 0, 0, 0))

    @property
    def value(self) -> Any:
        """The chosen value."""
        return self.options[self.index][1]

    def select(self, value: Any) -> None:
        """Choose ``value`` if it is one of the options."""
        for index, (_, option) in enumerate(self.options):
            if option == value:
                self.index = index
                return

    def nudge(self, step: int) -> None:
        """Move to the previous or next option (no wrap-around: the ends are felt)."""
        index = min(max(self.index + step, 0), len(self.options) - 1)
        if index != self.index:
            self.index = index
            if self.on_change is not None:
                self.on_change(self.value)

    def consume(self, event: pygame.event.Event) -> bool:
        """Choices take no keys of their own (← / → come through :meth:`nudge`)."""
        return False

    def press(self) -> None:
        """Enter on a choice moves to the next option, wrapping around."""
        self.index = (self.index + 1) % len(self.options)
        if self.on_change is not None:
            self.on_change(self.value)

    def click(self, position: tuple[int, int]) -> None:
        """Clicking the left third goes back, elsewhere forward."""
        self.nudge(-1 if position[0] < self.rect.left + self.rect.width / 3 else 1)

    def draw(self, painter: Painter, focused: bool) -> None:
        """Label on the left, < value > on the right."""
        palette = painter.theme.palette
        edge = palette.focus if focused else palette.panel_edge
        painter.panel(self.rect, edge=edge, width=3 if focused else 1)
        pad = painter.theme.px(14)
        label = painter.text(
            self.label, (self.rect.left + pad, self.rect.centery), 18, palette.dim, anchor="midleft"
        )
        shown = self.options[self.index][0]
        right = self.rect.right - pad
        room = pygame.Rect(label.right + pad, self.rect.top, right - label.right - pad, 1)
        with painter.within(room):  # a long value gets smaller rather than cover the label
            painter.text(
                f"<  {shown}  >",
                (right, self.rect.centery),
                22,
                palette.text,
                bold=focused,
                anchor="midright",
            )


@dataclass
class ListBox:
    """A list of rows (a title and a line of detail), one of them selected.

    ↑ / ↓, Page Up / Page Down, Home and End choose; a click picks a row; Enter or Space
    run ``on_press`` (for example "play this level").
    """

    rows: list[tuple[str, str]]
    index: int = 0
    on_change: Callable[[int], None] | None = None
    on_press: Callable[[], None] | None = None
    rect: pygame.Rect = field(default_factory=lambda: pygame.Rect(0, 0, 0, 0))
    first_visible: int = 0
    row_height: int = 1

    def select(self, index: int) -> None:
        """Select row ``index`` (clamped) and tell ``on_change``."""
        index = min(max(index, 0), len(self.rows) - 1)
        if index != self.index:
            self.index = index
            if self.on_change is not None:
                self.on_change(index)

    def consume(self, event: pygame.event.Event) -> bool:
        """The list's own keys; anything else goes to the focus ring."""
        if event.type != pygame.KEYDOWN:
            return False
        page = max(1, self.visible_rows - 1)
        moves = {
            pygame.K_UP: self.index - 1,
            pygame.K_DOWN: self.index + 1,
            pygame.K_PAGEUP: self.index - page,
            pygame.K_PAGEDOWN: self.index + page,
            pygame.K_HOME: 0,
            pygame.K_END: len(self.rows) - 1,
        }
        if event.key not in moves:
            return False
        self.select(moves[event.key])
        return True

    def nudge(self, step: int) -> None:
        """← / → do nothing in a list."""

    def press(self) -> None:
        """Enter or Space on the list."""
        if self.on_press is not None:
            self.on_press()

    def click(self, position: tuple[int, int]) -> None:
        """Select the clicked row."""
        row = self.first_visible + (position[1] - self.rect.top) // max(self.row_height, 1)
        self.select(row)

    @property
    def visible_rows(self) -> int:
        """How many rows fit in the list's rectangle."""
        return max(1, self.rect.height // max(self.row_height, 1))

    def draw(self, painter: Painter, focused: bool) -> None:
        """Rows inside a card, scrolled so the selected row is always in view."""
        theme = painter.theme
        palette = theme.palette
        base = theme.px(58)
        self.row_height = self.rect.height // max(1, self.rect.height // base)  # no gap below
        painter.panel(
            self.rect,
            edge=palette.focus if focused else palette.panel_edge,
            width=3 if focused else 1,
        )
        visible = self.visible_rows
        self.first_visible = min(max(self.first_visible, self.index - visible + 1), self.index)
        pad = theme.px(12)
        for offset, (title, detail) in enumerate(
            self.rows[self.first_visible : self.first_visible + visible]
        ):
            row = self.first_visible + offset
            top = self.rect.top + offset * self.row_height
            box = pygame.Rect(self.rect.left + 4, top + 3, self.rect.width - 8, self.row_height - 6)
            if row == self.index:
                painter.box(box, palette.panel_edge, 6)
            painter.text(title, (box.left + pad, box.top + theme.px(4)), 19, bold=row == self.index)
            painter.text(
                painter.clip(detail, 15, box.width - 2 * pad),
                (box.left + pad, box.top + theme.px(28)),
                15,
                palette.dim,
            )
        if len(self.rows) > visible:
            share = visible / len(self.rows)
            track = self.rect.inflate(0, -2 * pad)
            thumb = pygame.Rect(
                self.rect.right - theme.px(6),
                track.top + round(track.height * self.first_visible / len(self.rows)),
                theme.px(3),
                max(theme.px(12), round(track.height * share)),
            )
            painter.box(thumb, palette.dim, 2)


@dataclass
class TextField:
    """One line of typed text, such as a file path or a seed.

    Typing edits it, Backspace deletes, Ctrl+V pastes, Enter runs ``on_submit``.
    """

    label: str
    text: str = ""
    placeholder: str = ""
    on_submit: Callable[[], None] | None = None
    rect: pygame.Rect = field(default_factory=lambda: pygame.Rect(0, 0, 0, 0))

    def consume(self, event: pygame.event.Event) -> bool:
        """Typing and editing keys stay in the field; Tab, arrows and Esc move on."""
        if event.type == pygame.TEXTINPUT:
            self.text += event.text
            return True
        if event.type != pygame.KEYDOWN:
            return False
        if event.key == pygame.K_BACKSPACE:
            self.text = self.text[:-1]
            return True
        if event.key == pygame.K_v and event.mod & (pygame.KMOD_CTRL | pygame.KMOD_META):
            self.text += _clipboard().replace("\n", " ").strip()
            return True
        if event.key in (pygame.K_RETURN, pygame.K_KP_ENTER):
            self.press()
            return True
        # printable keys arrive again as TEXTINPUT; keep them from working as shortcuts
        return bool(event.unicode) and event.unicode.isprintable()

    def nudge(self, step: int) -> None:
        """← / → do nothing in a text field."""

    def press(self) -> None:
        """Enter in the field."""
        if self.on_submit is not None:
            self.on_submit()

    def click(self, position: tuple[int, int]) -> None:
        """Clicking focuses the field (done by the focus ring)."""

    def draw(self, painter: Painter, focused: bool) -> None:
        """Label above, the text (or a dim placeholder) in a box, a caret when focused."""
        theme = painter.theme
        palette = theme.palette
        painter.text(self.label, (self.rect.left, self.rect.top - theme.px(24)), 17, palette.dim)
        painter.panel(
            self.rect,
            edge=palette.focus if focused else palette.panel_edge,
            width=3 if focused else 1,
        )
        pad = theme.px(12)
        width = self.rect.width - 2 * pad
        shown = self.text + ("|" if focused else "")
        if self.text or focused:
            painter.text(
                painter.clip(shown, 20, width, keep="end"),
                (self.rect.left + pad, self.rect.centery),
                20,
                anchor="midleft",
            )
        else:
            painter.text(
                self.placeholder,
                (self.rect.left + pad, self.rect.centery),
                20,
                palette.dim,
                anchor="midleft",
            )


def _clipboard() -> str:
    """Text on the system clipboard, or nothing if there is none (or no clipboard)."""
    try:
        return pygame.scrap.get_text() or ""
    except pygame.error:
        return ""


Widget = Button | Choice | ListBox | TextField


@dataclass
class Focus:
    """Keyboard focus over a list of widgets, and mouse clicks on them."""

    widgets: list[Widget] = field(default_factory=list)
    index: int = 0

    @property
    def current(self) -> Widget | None:
        """The focused widget."""
        return self.widgets[self.index] if self.widgets else None

    def move(self, step: int) -> None:
        """Focus the next (or previous) widget, wrapping around."""
        if self.widgets:
            self.index = (self.index + step) % len(self.widgets)

    def handle(self, event: pygame.event.Event) -> bool:
        """Act on a key or click; True if the event was used."""
        if self.current is not None and self.current.consume(event):
            return True
        if event.type == pygame.KEYDOWN:
            shift = bool(event.mod & pygame.KMOD_SHIFT)
            if event.key == pygame.K_TAB:
                self.move(-1 if shift else 1)
            elif event.key == pygame.K_DOWN:
                self.move(1)
            elif event.key == pygame.K_UP:
                self.move(-1)
            elif event.key in (pygame.K_LEFT, pygame.K_RIGHT) and self.current is not None:
                self.current.nudge(-1 if event.key == pygame.K_LEFT else 1)
            elif event.key in ACTIVATE and self.current is not None:
                self.current.press()
            else:
                return False
            return True
        if event.type == pygame.MOUSEBUTTONDOWN and event.button == 1:
            for index, widget in enumerate(self.widgets):
                if widget.rect.collidepoint(event.pos):
                    self.index = index
                    widget.click(event.pos)
                    return True
        return False

    def draw(self, painter: Painter) -> None:
        """Draw every widget, the focused one highlighted."""
        for index, widget in enumerate(self.widgets):
            widget.draw(painter, index == self.index)


@dataclass
class Slider:
    """A value on a track: ← / → a step, Home / End the ends, a click or a drag anywhere.

    ``home`` is the value to come back to (Enter), ticked longer on the track; ``show``
    writes a value as the label's right end shows it.
    """

    label: str
    values: Sequence[float]
    home: float
    on_change: Callable[[], None]
    show: Callable[[float], str] = str
    rect: pygame.Rect = field(default_factory=lambda: pygame.Rect(0, 0, 0, 0))
    index: int = field(init=False)

    def __post_init__(self) -> None:
        self.values = sorted({*self.values, self.home})
        self.index = list(self.values).index(self.home)

    @property
    def value(self) -> float:
        """The chosen value."""
        return self.values[self.index]

    def choose(self, index: int) -> None:
        """Move the handle to ``index`` (clamped); a real move tells ``on_change``."""
        index = min(max(index, 0), len(self.values) - 1)
        if index != self.index:
            self.index = index
            self.on_change()

    def nudge(self, step: int) -> None:
        """One value left or right."""
        self.choose(self.index + step)

    def consume(self, event: pygame.event.Event) -> bool:
        """Home and End jump to the ends."""
        if event.type == pygame.KEYDOWN and event.key in (pygame.K_HOME, pygame.K_END):
            self.choose(0 if event.key == pygame.K_HOME else len(self.values) - 1)
            return True
        return False

    def press(self) -> None:
        """Back to the home value."""
        self.choose(list(self.values).index(self.home))

    def click(self, position: tuple[int, int]) -> None:
        """The value nearest to where the track was clicked (or dragged to)."""
        track = self.track
        share = (position[0] - track.left) / max(track.width, 1)
        self.choose(round(share * (len(self.values) - 1)))

    @property
    def track(self) -> pygame.Rect:
        """The line the handle slides along."""
        pad = round(self.rect.height * 0.25)
        return pygame.Rect(
            self.rect.left + pad,
            self.rect.bottom - round(self.rect.height * 0.22),
            self.rect.width - 2 * pad,
            1,
        )

    def _x(self, index: int) -> int:
        track = self.track
        return track.left + round(track.width * index / max(len(self.values) - 1, 1))

    def draw(self, painter: Painter, focused: bool) -> None:
        """The label and the value above the track with its ticks and handle."""
        theme = painter.theme
        palette = theme.palette
        painter.panel(
            self.rect, palette.focus if focused else palette.panel_edge, 3 if focused else 1
        )
        track = self.track
        top = self.rect.top + theme.px(3)
        value = painter.text(
            self.show(self.value),
            (track.right, top),
            Type.BODY,
            palette.focus if focused else palette.text,
            bold=True,
            anchor="topright",
        )
        room = value.left - track.left - theme.px(8)
        label = painter.clip(self.label, Type.SMALL, room)
        painter.text(label, (track.left, top), Type.SMALL, bold=focused)
        y = track.top
        thick = max(4, theme.px(5))
        pygame.draw.line(painter.surface, palette.track, (track.left, y), (track.right, y), thick)
        pygame.draw.line(
            painter.surface, palette.dim, (track.left, y), (self._x(self.index), y), thick
        )
        tick = theme.px(4)
        for index, option in enumerate(self.values):
            long = option == self.home
            x = self._x(index)
            color = palette.text if long else palette.panel_edge
            pygame.draw.line(
                painter.surface, color, (x, y - tick), (x, y + tick * (2 if long else 1)), 2
            )
        handle = (self._x(self.index), y)
        pygame.draw.circle(
            painter.surface, palette.focus if focused else palette.text, handle, theme.px(7)
        )
        pygame.draw.circle(painter.surface, palette.panel, handle, theme.px(3))


@dataclass
class Tabs:
    """Two or more views side by side; ← / → or a click picks one, Enter the next."""

    options: Sequence[str]
    on_change: Callable[[int], None]
    index: int = 0
    rect: pygame.Rect = field(default_factory=lambda: pygame.Rect(0, 0, 0, 0))

    def choose(self, index: int) -> None:
        """Show view ``index``."""
        if index != self.index:
            self.index = index
            self.on_change(index)

    def nudge(self, step: int) -> None:
        """The view to the left or right."""
        self.choose(min(max(self.index + step, 0), len(self.options) - 1))

    def consume(self, event: pygame.event.Event) -> bool:
        """Tabs take no keys of their own."""
        return False

    def press(self) -> None:
        """Enter shows the next view."""
        self.choose((self.index + 1) % len(self.options))

    def click(self, position: tuple[int, int]) -> None:
        """The clicked tab."""
        width = self.rect.width / len(self.options)
        self.choose(min(int((position[0] - self.rect.left) // width), len(self.options) - 1))

    def draw(self, painter: Painter, focused: bool) -> None:
        """Each tab a segment; the shown one filled."""
        palette = painter.theme.palette
        width = self.rect.width // len(self.options)
        for index, label in enumerate(self.options):
            box = pygame.Rect(
                self.rect.left + index * width, self.rect.top, width, self.rect.height
            )
            shown = index == self.index
            painter.panel(box, palette.focus if focused and shown else palette.panel_edge)
            if shown:
                inner = box.inflate(-painter.theme.px(6), -painter.theme.px(6))
                pygame.draw.rect(painter.surface, palette.panel_edge, inner, border_radius=6)
            room = box.width - painter.theme.px(16)
            painter.text(
                painter.clip(label, Type.BODY, room),
                box.center,
                Type.BODY,
                palette.text if shown else palette.dim,
                bold=shown,
                anchor="center",
            )
