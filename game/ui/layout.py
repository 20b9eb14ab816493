"""Placing things on screen and the few gestures every screen shares.

Screens are designed on a 1280×720 grid; :func:`design_rect` maps that grid onto the
current window, so every layout adapts from 1024×600 to 1920×1080 and beyond.
"""

from __future__ import annotations

from collections.abc import Sequence

import pygame

from game.ui.painter import Painter
from game.ui.theme import Color, Type
from game.ui.widgets import ACTIVATE, Button

DESIGN_WIDTH = 1280
DESIGN_HEIGHT = 720


def design_rect(
    painter: Painter, left: float, top: float, width: float = 0, height: float = 0
) -> pygame.Rect:
    """A rectangle given in the 1280×720 design, placed in the current window."""
    sx = painter.width / DESIGN_WIDTH
    sy = painter.height / DESIGN_HEIGHT
    return pygame.Rect(round(left * sx), round(top * sy), round(width * sx), round(height * sy))


TWO_COLUMNS = 1000
"""Design pixels of window width (at the interface size chosen) a screen needs for its
two columns; narrower, everything goes in one column that scrolls."""

LIST_ROWS = 3
"""Rows a list shows when it shares one scrolling column with everything else."""


def design_width(painter: Painter) -> float:
    """How wide the window is in design pixels at the player's interface size.

    A layout that needs more reflows (say, into one column) instead of drawing smaller.
    """
    return painter.width / painter.theme.scale


def continues(event: pygame.event.Event) -> bool:
    """Enter or Space: the keys that press the focused thing or move on."""
    return event.type == pygame.KEYDOWN and event.key in ACTIVATE


def moves_on(event: pygame.event.Event) -> bool:
    """Enter, Space or a left click: the reader is done with this screen."""
    clicked = event.type == pygame.MOUSEBUTTONDOWN and event.button == 1
    return continues(event) or clicked


def goes_back(event: pygame.event.Event) -> bool:
    """Escape or Backspace: leave this screen for the one before."""
    return event.type == pygame.KEYDOWN and event.key in (pygame.K_ESCAPE, pygame.K_BACKSPACE)


def escapes(event: pygame.event.Event) -> bool:
    """Escape alone: leave a screen whose text fields or lists keep Backspace for themselves."""
    return event.type == pygame.KEYDOWN and event.key == pygame.K_ESCAPE


def prompt(painter: Painter, text: str) -> None:
    """The amber hint in the bottom-right corner that says how to move on."""
    corner = design_rect(painter, 1220, 680).topleft
    with painter.within(painter.surface.get_rect()):
        painter.text(text, corner, 20, painter.theme.palette.focus, anchor="bottomright")


def heading(painter: Painter, title: str, subtitle: str = "", top: int | None = None) -> int:
    """A screen's title in the top-left corner, with a dim line under it that says why.

    The subtitle wraps rather than leave the window. ``top`` places it on a scrolling page
    (:class:`~game.ui.scroll.ScrollPage`). Returns the bottom of what it drew, so a screen
    starts its content below it at any interface size.
    """
    theme = painter.theme
    corner = design_rect(painter, 40, 24, 1200)
    if top is not None:
        corner.top = top + corner.top
    bottom = painter.text(title, corner.topleft, Type.HEADING, bold=True).bottom
    if subtitle:
        where = pygame.Rect(corner.left, bottom + theme.px(2), corner.width, 0)
        bottom += theme.px(2) + painter.paragraph(subtitle, where, Type.SMALL, theme.palette.dim)
    return bottom


def key_hint(painter: Painter, text: str, color: Color | None = None) -> int:
    """The dim line of keys in the bottom-right corner, so keyboard players know the way.

    Too long for the window, it breaks onto a second line above. ``color`` draws a note in
    its place (a problem, in the warning colour). Returns its top.
    """
    corner = design_rect(painter, 1240, 712).topleft
    return _hint_lines(painter, text, corner[1], color)


def page_hint(painter: Painter, text: str, after: int, top: int, color: Color | None = None) -> int:
    """:func:`key_hint` at the end of a scrolling page whose top is drawn at ``top``.

    It sits in the window's bottom-right corner when the content ends above it, else just
    below the content's ``after``. Returns its bottom.
    """
    theme = painter.theme
    lines = painter.lines(text, design_rect(painter, 40, 0, 1200).width, Type.SMALL)
    height = len(lines) * theme.font(Type.SMALL).get_linesize()
    bottom = max(top + design_rect(painter, 0, 712).top, after + theme.px(4) + height)
    _hint_lines(painter, text, bottom, color)
    return bottom


def _hint_lines(painter: Painter, text: str, bottom: int, color: Color | None) -> int:
    """The hint's lines right-aligned, the last one ending at ``bottom``; returns its top."""
    theme = painter.theme
    right = design_rect(painter, 1240, 0).left
    lines = painter.lines(text, design_rect(painter, 40, 0, 1200).width, Type.SMALL)
    line = theme.font(Type.SMALL).get_linesize()
    top = bottom - line * len(lines)
    with painter.within(painter.surface.get_rect()):
        for index, words in enumerate(lines):
            where = (right, top + (index + 1) * line)
            shade = color or theme.palette.dim
            painter.text(words, where, Type.SMALL, shade, anchor="bottomright")
    return top


def button_row(painter: Painter, buttons: list[Button], box: pygame.Rect) -> None:
    """``buttons`` side by side across ``box``, each as wide as its label needs plus a share."""
    theme = painter.theme
    font = theme.font(Type.LABEL)
    gap = theme.px(10)
    needs = [font.size(button.label)[0] + theme.px(28) for button in buttons]
    spare = max(0, box.width - sum(needs) - gap * (len(buttons) - 1)) // len(buttons)
    x = box.left
    for button, need in zip(buttons, needs, strict=True):
        button.rect = pygame.Rect(x, box.top, need + spare, box.height)
        x = button.rect.right + gap


def rows_of(widths: Sequence[int], room: int, gap: int) -> list[list[int]]:
    """Things of these ``widths`` broken into rows no wider than ``room``, as indices.

    Each row takes as many as fit, in order, ``gap`` apart; one too wide has a row alone.
    """
    rows: list[list[int]] = [[]]
    used = 0
    for index, width in enumerate(widths):
        if rows[-1] and used + gap + width > room:
            rows.append([])
            used = 0
        used += width + (gap if rows[-1] else 0)
        rows[-1].append(index)
    return rows


def button_rows(painter: Painter, buttons: list[Button], box: pygame.Rect) -> int:
    """Like :func:`button_row`, but onto more rows of ``box.height`` when they do not fit.

    Returns the bottom of the last row, so what follows sits below it.
    """
    theme = painter.theme
    font = theme.font(Type.LABEL)
    gap = theme.px(10)
    needs = [font.size(button.label)[0] + theme.px(28) for button in buttons]
    rows = [[buttons[i] for i in row] for row in rows_of(needs, box.width, gap)]
    top = box.top
    for row in rows:
        button_row(painter, row, pygame.Rect(box.left, top, box.width, box.height))
        top += box.height + gap
    return top - gap


Line = tuple[str, float, Color, bool]
"""One line of a :func:`card_of_lines`: its text, size, colour and weight."""


def card_of_lines(
    painter: Painter, box: pygame.Rect, lines: list[Line], gap: float, pad: float, fill: bool
) -> int:
    """A card of ``lines`` at the top of ``box``, as tall as they need.

    A line too long for the card wraps onto more (a bold one, a title, is shortened with
    an ellipsis instead). With ``fill`` it is at least as tall as ``box``. Returns its
    bottom, so what follows sits below it at any interface size.
    """
    theme = painter.theme
    space = theme.px(gap)
    width = box.width - 2 * theme.px(pad)

    def wraps(text: str, size: float, bold: bool) -> bool:
        return not bold and theme.font(size).size(text)[0] > width

    def height(text: str, size: float, bold: bool) -> int:
        if wraps(text, size, bold):
            return painter.paragraph_height(text, width, size)
        return theme.font(size, bold).get_height()

    needed = sum(height(text, size, bold) for text, size, _, bold in lines)
    needed += space * max(0, len(lines) - 1) + 2 * theme.px(pad)
    card = pygame.Rect(box.left, box.top, box.width, max(box.height, needed) if fill else needed)
    inner = painter.card(card, pad=pad)
    y = inner.top
    for text, size, color, bold in lines:
        if wraps(text, size, bold):
            y += painter.paragraph(text, pygame.Rect(inner.left, y, width, 0), size, color)
        else:
            shown = painter.clip(text, size, width, bold=bold)
            y = painter.text(shown, (inner.left, y), size, color, bold).bottom
        y += space
    painter.bounds = None
    return card.bottom
