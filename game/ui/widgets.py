"""Buttons, choice rows, lists and text fields that work with keyboard alone and the mouse.

Keys: Tab / ↓ next, Shift+Tab / ↑ previous, ← / → change a choice or move along a row of
buttons, Enter or Space press. Enter on a choice never changes it: it does the screen's
main action (Start) or moves on to the next control. Inside a list, ↑ / ↓ choose a row
(Tab leaves it) and the mouse wheel scrolls; inside a text field, typing edits it. The
focused widget is drawn with an amber ring, so keyboard players always see where they
are.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

import pygame

from game.ui.painter import Painter
from game.ui.text_field import TextField as TextField  # re-exported: widgets in one place
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

    def look(self) -> Hashable:
        """All that :meth:`draw` shows but the focus: equal looks, equal pixels."""
        return (self.label, self.enabled)

    def draw(self, painter: Painter, focused: bool) -> None:
        """A rounded button with its label centred."""
        palette = painter.theme.palette
        edge = palette.focus if focused else palette.panel_edge
        painter.panel(self.rect, edge=edge, width=3 if focused else 1)
        color = palette.text if self.enabled else palette.dim
        with painter.within(self.rect.inflate(-painter.theme.px(12), 0)):
            painter.text(self.label, self.rect.center, Type.LABEL, color, anchor="center")


@dataclass
class Choice:
    """One value out of several, changed with ← / → or by clicking the arrows."""

    label: str
    options: Sequence[tuple[str, Any]]
    index: int = 0
    on_change: Callable[[Any], None] | None = None
    rect: pygame.Rect = field(default_factory=lambda: pygame.Rect(0, 0, 0, 0))
    wrap: bool = False
    """A value too long for one line goes on as many lines as it needs (its :meth:`height`
    grows), never cut short; off, it is cut with an ellipsis."""
    _widest: tuple[tuple[object, ...], int] | None = field(
        default=None, init=False, repr=False, compare=False
    )
    """:meth:`widest` as last measured, with the font and options it was measured for."""

    @property
    def value(self) -> Any:
        """The chosen value."""
        return self.options[self.index][1]

    def widest(self, painter: Painter) -> int:
        """The width of the widest option as drawn, ``<  name  >``, remembered.

        Every frame lays its choices out by it, and measuring every option (the list of
        strategies) each time cost a frame dozens of text measurements.
        """
        font = painter.theme.font(Type.LABEL)
        names = tuple(name for name, _ in self.options)
        if self._widest is None or self._widest[0] != (font, names):
            widest = max(font.size(f"<  {name}  >")[0] for name in names)
            self._widest = ((font, names), widest)
        return self._widest[1]

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
        """Enter never changes a choice (:class:`Focus` moves on or starts instead)."""

    def click(self, position: tuple[int, int]) -> None:
        """Clicking the left third goes back, elsewhere forward."""
        self.nudge(-1 if position[0] < self.rect.left + self.rect.width / 3 else 1)

    def stacked(self, painter: Painter, width: int) -> bool:
        """Whether, at ``width``, the value must go under its label.

        The widest option decides, so the layout does not jump as the value changes.
        """
        pad = painter.theme.px(14)
        label = painter.theme.font(Type.SMALL).size(self.label)[0]
        return label + self.widest(painter) + 3 * pad > width

    def height(self, painter: Painter, width: int) -> int:
        """The height it needs at ``width``: one line, or two when stacked (more, wrapped)."""
        lines = self._wrapped_lines(painter, width)
        if lines > 1:
            theme = painter.theme
            line = theme.font(Type.LABEL).get_linesize()
            return theme.px(64) + (lines - 1) * line
        return painter.theme.px(64 if self.stacked(painter, width) else 46)

    def _value_room(self, painter: Painter, width: int) -> int:
        """The pixels a value has between the arrows, at ``width``."""
        arrows = painter.theme.font(Type.LABEL).size("<    >")[0]
        return width - 2 * painter.theme.px(14) - arrows

    def _wrapped_lines(self, painter: Painter, width: int) -> int:
        """How many lines the longest value takes when wrapped (1 unless :attr:`wrap`)."""
        if not self.wrap or not self.options:
            return 1
        room = self._value_room(painter, width)
        line = painter.theme.font(Type.LABEL).get_linesize()
        return max(
            painter.paragraph_height(name, room, Type.LABEL) // line for name, _ in self.options
        )

    def look(self) -> Hashable:
        """All that :meth:`draw` shows but the focus: equal looks, equal pixels."""
        return (self.label, tuple(name for name, _ in self.options), self.index, self.wrap)

    def draw(self, painter: Painter, focused: bool) -> None:
        """Label on the left, < value > on the right, or the value under its label."""
        palette = painter.theme.palette
        edge = palette.focus if focused else palette.panel_edge
        painter.panel(self.rect, edge=edge, width=3 if focused else 1)
        pad = painter.theme.px(14)
        left, right = self.rect.left + pad, self.rect.right - pad
        arrows = painter.theme.font(Type.LABEL).size("<    >")[0]
        if self._wrapped_lines(painter, self.rect.width) > 1:
            self._draw_wrapped(painter, left, right)
            return
        name = painter.clip(self.options[self.index][0], Type.LABEL, right - left - arrows)
        shown = f"<  {name}  >"  # cut only if even a line of its own is too narrow
        with painter.within(self.rect.inflate(-pad, 0)):
            if not self.stacked(painter, self.rect.width):
                middle = self.rect.centery
                painter.text(self.label, (left, middle), Type.SMALL, palette.dim, anchor="midleft")
                painter.text(shown, (right, middle), Type.LABEL, anchor="midright")
            else:
                top = self.rect.top + painter.theme.px(4)
                painter.text(self.label, (left, top), Type.SMALL, palette.dim)
                bottom = self.rect.bottom - painter.theme.px(3)
                painter.text(shown, (right, bottom), Type.LABEL, anchor="bottomright")

    def _draw_wrapped(self, painter: Painter, left: int, right: int) -> None:
        """The label, then the value between ``<`` and ``>``, on the lines it needs.

        A value that fits one line stands at the right as in a stacked choice; either way
        it is centred in the room the longest value needs, so the arrows stay put.
        """
        theme = painter.theme
        palette = theme.palette
        line = theme.font(Type.LABEL).get_linesize()
        with painter.within(self.rect.inflate(-theme.px(14), 0)):
            top = self.rect.top + theme.px(4)
            label = painter.text(self.label, (left, top), Type.SMALL, palette.dim)
            room = pygame.Rect(left, label.bottom, right - left, 0)
            room.height = self.rect.bottom - theme.px(3) - room.top
            name = self.options[self.index][0]
            width = self._value_room(painter, self.rect.width)
            lines = painter.paragraph_height(name, width, Type.LABEL) // line
            if lines <= 1:
                middle = (right, room.centery)
                painter.text(f"<  {name}  >", middle, Type.LABEL, anchor="midright")
                return
            arrow = theme.font(Type.LABEL).size("<  ")[0]
            value = pygame.Rect(left + arrow, room.centery - lines * line // 2, width, 0)
            painter.paragraph(name, value, Type.LABEL)
            painter.text("<", (left, room.centery), Type.LABEL, anchor="midleft")
            painter.text(">", (right, room.centery), Type.LABEL, anchor="midright")


@dataclass
class ListBox:
    """A list of rows (a title and a line of detail), one of them selected.

    ↑ / ↓, Page Up / Page Down, Home and End choose; a click picks a row; Enter or Space
    run ``on_press`` (for example "play this level"). The mouse wheel scrolls the rows
    without changing the choice; choosing a row by key brings it back into view.
    """

    rows: list[tuple[str, str]]
    index: int = 0
    on_change: Callable[[int], None] | None = None
    on_press: Callable[[], None] | None = None
    rect: pygame.Rect = field(default_factory=lambda: pygame.Rect(0, 0, 0, 0))
    first_visible: int = 0
    row_height: int = 1
    follow: bool = True
    """Keep the selected row in view (off while the wheel has scrolled away from it)."""

    def select(self, index: int) -> None:
        """Select row ``index`` (clamped) and tell ``on_change``."""
        index = min(max(index, 0), len(self.rows) - 1)
        self.follow = True
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

    def wheel(self, event: pygame.event.Event) -> bool:
        """The mouse wheel over the list scrolls it; True if it did."""
        if not self.rect.collidepoint(event.pos):
            return False
        self.scroll(-event.y * WHEEL_ROWS)
        return True

    def scroll(self, rows: int) -> None:
        """Move the visible rows by ``rows`` (positive: towards the end)."""
        last = max(0, len(self.rows) - self.visible_rows)
        self.first_visible = min(max(self.first_visible + rows, 0), last)
        self.follow = False

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
        title_line = theme.font(Type.BODY, True).get_linesize()
        detail_line = theme.font(Type.SMALL).get_linesize()
        base = title_line + detail_line + theme.px(12)
        self.row_height = self.rect.height // max(1, self.rect.height // base)  # no gap below
        painter.panel(
            self.rect,
            edge=palette.focus if focused else palette.panel_edge,
            width=3 if focused else 1,
        )
        visible = self.visible_rows
        if self.follow:
            self.first_visible = min(max(self.first_visible, self.index - visible + 1), self.index)
        self.first_visible = min(self.first_visible, max(0, len(self.rows) - visible))
        pad = theme.px(12)
        for offset, (title, detail) in enumerate(
            self.rows[self.first_visible : self.first_visible + visible]
        ):
            row = self.first_visible + offset
            top = self.rect.top + offset * self.row_height
            box = pygame.Rect(self.rect.left + 4, top + 3, self.rect.width - 8, self.row_height - 6)
            if row == self.index:
                painter.box(box, palette.panel_edge, 6)
            room = box.width - 2 * pad - theme.px(6)  # the scroll bar's strip
            middle = box.top + box.height // 2
            chosen = row == self.index
            painter.text(
                painter.clip(title, Type.BODY, room, bold=chosen),
                (box.left + pad, middle),
                Type.BODY,
                bold=chosen,
                anchor="bottomleft",
            )
            painter.text(
                painter.clip(detail, Type.SMALL, room),
                (box.left + pad, middle),
                Type.SMALL,
                palette.dim,
            )
        if len(self.rows) > visible:
            scroll_bar(painter, self.rect, self.first_visible, visible, len(self.rows))


def scroll_bar(painter: Painter, rect: pygame.Rect, first: int, shown: int, total: int) -> None:
    """The thin thumb at the right edge of ``rect``, so a reader sees there is more.

    It shows where the ``shown`` items from ``first`` lie among ``total``.
    """
    theme = painter.theme
    track = rect.inflate(0, -2 * theme.px(12))
    thumb = pygame.Rect(
        rect.right - theme.px(7),
        track.top + round(track.height * first / total),
        theme.px(3),
        max(theme.px(12), round(track.height * shown / total)),
    )
    painter.box(thumb, theme.palette.dim, 2)


class Widget(Protocol):
    """Anything the focus ring can hold: it has a place, draws itself, and takes input."""

    rect: pygame.Rect

    def press(self) -> None:
        """Enter or Space while focused."""
        ...

    def nudge(self, step: int) -> None:
        """← (-1) or → (+1) while focused."""
        ...

    def consume(self, event: pygame.event.Event) -> bool:
        """Take an event of its own (typing, a list's keys) before the ring does."""
        ...

    def click(self, position: tuple[int, int]) -> None:
        """A left click inside ``rect``."""
        ...

    def draw(self, painter: Painter, focused: bool) -> None:
        """Draw itself in ``rect``, with the amber ring when focused."""
        ...


WHEEL_ROWS = 3
"""Rows a list scrolls for one notch of the mouse wheel."""


@dataclass
class Focus:
    """Keyboard focus over a list of widgets, and mouse clicks and the wheel on them.

    ``on_enter`` is the screen's main action (Start), done by Enter on a choice; without
    one, Enter on a choice moves on to the next widget.
    """

    widgets: Sequence[Widget] = field(default_factory=list)
    index: int = 0
    on_enter: Callable[[], None] | None = None

    def __post_init__(self) -> None:
        self.widgets = list(self.widgets)  # a screen may change its own list later

    @property
    def current(self) -> Widget | None:
        """The focused widget."""
        return self.widgets[self.index] if self.widgets else None

    def move(self, step: int) -> None:
        """Focus the next (or previous) widget, wrapping around."""
        if self.widgets:
            self.index = (self.index + step) % len(self.widgets)

    def along_row(self, step: int) -> bool:
        """Focus the nearest button to the left (-1) or right (+1) in the same row."""
        here = self.current
        if not isinstance(here, Button):
            return False
        beside = [
            (abs(widget.rect.centerx - here.rect.centerx), index)
            for index, widget in enumerate(self.widgets)
            if isinstance(widget, Button)
            and widget is not here
            and widget.rect.top < here.rect.bottom
            and here.rect.top < widget.rect.bottom
            and (widget.rect.centerx - here.rect.centerx) * step > 0
        ]
        if beside:
            self.index = min(beside)[1]
        return True

    def handle(self, event: pygame.event.Event) -> bool:
        """Act on a key, click or wheel turn; True if the event was used."""
        if self.current is not None and self.current.consume(event):
            return True
        if event.type == pygame.KEYDOWN:
            return self._key(event)
        if event.type == pygame.MOUSEBUTTONDOWN and event.button == 1:
            for index, widget in enumerate(self.widgets):
                if widget.rect.collidepoint(event.pos):
                    self.index = index
                    widget.click(event.pos)
                    return True
        if event.type == pygame.MOUSEWHEEL:
            for widget in self.widgets:
                wheel = getattr(widget, "wheel", None)  # lists and scrolling cards
                if wheel is not None and wheel(event):
                    return True
        return False

    def _key(self, event: pygame.event.Event) -> bool:
        """The focus ring's keys: move, change, press."""
        shift = bool(event.mod & pygame.KMOD_SHIFT)
        current = self.current
        if event.key == pygame.K_TAB:
            self.move(-1 if shift else 1)
        elif event.key == pygame.K_DOWN:
            self.move(1)
        elif event.key == pygame.K_UP:
            self.move(-1)
        elif event.key in (pygame.K_LEFT, pygame.K_RIGHT) and current is not None:
            step = -1 if event.key == pygame.K_LEFT else 1
            if not self.along_row(step):
                current.nudge(step)
        elif event.key in ACTIVATE and isinstance(current, Choice):
            if event.key == pygame.K_SPACE:
                return True  # Space on a choice does nothing: only ← / → change it
            if self.on_enter is not None:
                self.on_enter()
            else:
                self.move(1)
        elif event.key in ACTIVATE and current is not None:
            current.press()
        else:
            return False
        return True

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

    def look(self) -> Hashable:
        """All that :meth:`draw` shows but the focus: equal looks, equal pixels."""
        return (self.label, tuple(self.values), self.home, self.index, self.show(self.value))

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

    def look(self) -> Hashable:
        """All that :meth:`draw` shows but the focus: equal looks, equal pixels."""
        return (tuple(self.options), self.index)

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
