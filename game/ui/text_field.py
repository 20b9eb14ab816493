"""One line of editable text: a caret, a selection, the clipboard and IME composition.

Players type names in any language (Zoë, 李雷, Ünal), seeds and long file paths, so the
field edits anywhere in the text, not only at its end: ← / → / Home / End move the caret
(Shift selects, Ctrl jumps a word), Backspace and Delete work at the caret, Ctrl+A / C /
X / V select all, copy, cut and paste, and a click places the caret, a drag selects and a
double-click selects a word. Text still being composed in an input method (TEXTEDITING)
is shown underlined at the caret and only becomes text when it is committed (TEXTINPUT);
the input method's candidate window is placed at the caret. Long text scrolls sideways
to keep the caret in view. Tab, ↑ / ↓ and Esc are left to the focus ring and the screen.
"""

from __future__ import annotations

import contextlib
import unicodedata
from collections.abc import Callable

import pygame

from game.ui.painter import Painter
from game.ui.theme import Color, Palette, Type

MAX_LENGTH = 1024
"""The default limit, long enough for a file path; names and seeds set shorter ones."""
DOUBLE_CLICK_MS = 400
"""Two presses on the same place within this time are a double-click."""

_SHORTCUT = pygame.KMOD_CTRL | pygame.KMOD_META  # Ctrl, or Cmd on a Mac
_local_clipboard = [""]
"""What was last copied here: the clipboard when the system has none (headless, some
Linux set-ups), so copy and paste still work between the game's own fields."""


def _clipboard() -> str:
    """Text on the system clipboard, or what was last copied in the game if there is none."""
    try:
        return pygame.scrap.get_text() or _local_clipboard[0]
    except pygame.error:
        return _local_clipboard[0]


def _copy(text: str) -> None:
    """Put ``text`` on the system clipboard (if there is one) and on the game's own."""
    _local_clipboard[0] = text
    with contextlib.suppress(pygame.error):
        pygame.scrap.put_text(text)


def _clean(text: str) -> str:
    """Typed or pasted text as one line: breaks and tabs become spaces, controls go."""
    spaced = " ".join(text.splitlines()).replace("\t", " ")
    return "".join(c for c in spaced if unicodedata.category(c) not in ("Cc", "Cf", "Cs"))


def _selection(palette: Palette) -> Color:
    """Amber, darkened enough that the selected text stays readable on it."""
    red, green, blue = (
        round(0.45 * a + 0.55 * b) for a, b in zip(palette.focus, palette.panel, strict=True)
    )
    return red, green, blue


def _first_true(low: int, high: int, test: Callable[[int], bool]) -> int:
    """The smallest of ``low``…``high`` where ``test`` holds (it holds from there to ``high``)."""
    while low < high:
        middle = (low + high) // 2
        if test(middle):
            high = middle
        else:
            low = middle + 1
    return low


def _is_word(character: str) -> bool:
    return character.isalnum() or character == "_"


class TextField:
    """One line of typed text, such as a file path, a seed or a name.

    ``max_length`` bounds the text (typing and pasting stop there); Enter runs
    ``on_submit``. ``clock`` tells double-clicks apart (screens give it the window's).
    """

    def __init__(
        self,
        label: str,
        text: str = "",
        placeholder: str = "",
        on_submit: Callable[[], None] | None = None,
        max_length: int = MAX_LENGTH,
        clock: Callable[[], int] = pygame.time.get_ticks,
    ) -> None:
        self.label = label
        self.placeholder = placeholder
        self.on_submit = on_submit
        self.max_length = max_length
        self.clock = clock
        self.rect = pygame.Rect(0, 0, 0, 0)
        self.composition = ""
        """Text the input method is still composing: shown, not yet part of the text."""
        self._text = text[:max_length]
        self.caret = len(self._text)
        self.anchor = self.caret
        """The other end of the selection (equal to ``caret`` when nothing is selected)."""
        self._first = 0  # the first character in view
        self._shown: tuple[int, int, pygame.font.Font] | None = None  # first, x, font
        self._dragging = False
        self._last_press: tuple[int, int] | None = None  # time, caret
        self._ime_rect: pygame.Rect | None = None

    @property
    def text(self) -> str:
        """The text; setting it puts the caret at its end."""
        return self._text

    @text.setter
    def text(self, value: str) -> None:
        self._text = value[: self.max_length]
        self.caret = self.anchor = len(self._text)
        self.composition = ""

    @property
    def selection(self) -> tuple[int, int]:
        """Start and end of the selected text (equal when nothing is selected)."""
        return min(self.caret, self.anchor), max(self.caret, self.anchor)

    @property
    def selected(self) -> str:
        """The selected text."""
        start, end = self.selection
        return self._text[start:end]

    def insert(self, text: str) -> None:
        """Type ``text`` at the caret, over the selection, as far as the limit allows."""
        start, end = self.selection
        room = self.max_length - (len(self._text) - (end - start))
        text = _clean(text)[: max(room, 0)]
        self._text = self._text[:start] + text + self._text[end:]
        self.caret = self.anchor = start + len(text)

    def _move(self, position: int, extend: bool) -> None:
        self.caret = min(max(position, 0), len(self._text))
        if not extend:
            self.anchor = self.caret

    def _word_start(self, position: int) -> int:
        """Where the word before ``position`` starts (Ctrl+←, Ctrl+Backspace)."""
        while position > 0 and not _is_word(self._text[position - 1]):
            position -= 1
        while position > 0 and _is_word(self._text[position - 1]):
            position -= 1
        return position

    def _word_end(self, position: int) -> int:
        """Where the word after ``position`` ends (Ctrl+→, Ctrl+Delete)."""
        size = len(self._text)
        while position < size and not _is_word(self._text[position]):
            position += 1
        while position < size and _is_word(self._text[position]):
            position += 1
        return position

    def _select_word(self, position: int) -> None:
        """Select the run of word (or of other) characters at ``position``."""
        text = self._text
        if not text:
            return
        at = min(position, len(text) - 1)
        kind = _is_word(text[at])
        start, end = at, at + 1
        while start > 0 and _is_word(text[start - 1]) == kind:
            start -= 1
        while end < len(text) and _is_word(text[end]) == kind:
            end += 1
        self.anchor, self.caret = start, end

    def _delete(self, start: int, end: int) -> None:
        start, end = max(start, 0), min(end, len(self._text))
        self._text = self._text[:start] + self._text[end:]
        self.caret = self.anchor = start

    def consume(self, event: pygame.event.Event) -> bool:
        """Typing, editing keys and the mouse stay in the field; Tab, ↑ / ↓ and Esc move on."""
        if event.type == pygame.TEXTEDITING:
            self.composition = _clean(event.text)
            return True
        if event.type == pygame.TEXTINPUT:
            self.composition = ""
            self.insert(event.text)
            return True
        if event.type in (pygame.MOUSEBUTTONDOWN, pygame.MOUSEMOTION, pygame.MOUSEBUTTONUP):
            return self._mouse(event)
        if event.type != pygame.KEYDOWN:
            return False
        if self.composition:  # keys belong to the input method until it commits
            if event.key not in (pygame.K_TAB, pygame.K_ESCAPE):
                return True
            self.composition = ""  # leaving the field drops what was not committed
            return False
        return self._key(event.key, event.mod, event.unicode)

    def _key(self, key: int, mod: int, unicode: str) -> bool:
        """One key press; False for the keys that are not the field's."""
        shift = bool(mod & pygame.KMOD_SHIFT)
        word = bool(mod & _SHORTCUT)
        start, end = self.selection
        if key in (pygame.K_LEFT, pygame.K_RIGHT):
            left = key == pygame.K_LEFT
            if start != end and not shift and not word:
                self._move(start if left else end, False)  # collapse the selection
            elif word:
                jump = self._word_start if left else self._word_end
                self._move(jump(self.caret), shift)
            else:
                self._move(self.caret + (-1 if left else 1), shift)
        elif key in (pygame.K_HOME, pygame.K_END):
            self._move(0 if key == pygame.K_HOME else len(self._text), shift)
        elif key in (pygame.K_BACKSPACE, pygame.K_DELETE):
            if start == end and key == pygame.K_BACKSPACE:
                start = self._word_start(end) if word else end - 1
            elif start == end:
                end = self._word_end(start) if word else start + 1
            self._delete(start, end)
        elif word and key == pygame.K_a:
            self.anchor, self.caret = 0, len(self._text)
        elif word and key in (pygame.K_c, pygame.K_x):
            if start != end:
                _copy(self._text[start:end])
                if key == pygame.K_x:
                    self._delete(start, end)
        elif word and key == pygame.K_v:
            self.insert(_clipboard().strip())
        elif key in (pygame.K_RETURN, pygame.K_KP_ENTER):
            self.press()
        else:
            # printable keys arrive again as TEXTINPUT; keep them from working as shortcuts
            return bool(unicode) and unicode.isprintable()
        return True

    def _mouse(self, event: pygame.event.Event) -> bool:
        """A press in the focused field places the caret; a drag from it selects."""
        if event.type == pygame.MOUSEBUTTONDOWN:
            if event.button != 1 or not self.rect.collidepoint(event.pos):
                return False
            self._press_at(event.pos[0], bool(pygame.key.get_mods() & pygame.KMOD_SHIFT))
            return True
        if not self._dragging:
            return False
        if event.type == pygame.MOUSEBUTTONUP:
            self._dragging = False
        else:
            self._move(self._index_at(event.pos[0]), True)
        return True

    def _press_at(self, x: int, extend: bool) -> None:
        """Caret to the character boundary nearest ``x``; twice in a row selects a word."""
        self.composition = ""
        position = self._index_at(x)
        now = self.clock()
        last, self._last_press = self._last_press, (now, position)
        if last is not None and now - last[0] <= DOUBLE_CLICK_MS and last[1] == position:
            self._select_word(position)
            self._last_press = None
            return
        self._move(position, extend)
        self._dragging = True

    def _index_at(self, x: int) -> int:
        """The character boundary nearest ``x`` (past an edge, one beyond: a drag scrolls)."""
        if self._shown is None:
            return len(self._text)
        first, left, font = self._shown
        inner_right = self.rect.right - (left - self.rect.left)
        if x < left:
            return first - 1
        best, distance = first, abs(x - left)
        for index in range(first + 1, len(self._text) + 1):
            edge = left + font.size(self._text[first:index])[0]
            if abs(x - edge) < distance:
                best, distance = index, abs(x - edge)
            if edge > inner_right:
                return index if x > inner_right else best
        return best

    def nudge(self, step: int) -> None:
        """← / → move the caret (through :meth:`consume`); the focus ring never nudges."""

    def press(self) -> None:
        """Enter in the field."""
        if self.on_submit is not None:
            self.on_submit()

    def click(self, position: tuple[int, int]) -> None:
        """A click that gave the field the focus also places the caret."""
        self._press_at(position[0], False)

    def draw(self, painter: Painter, focused: bool) -> None:
        """Label above; the text (or a dim placeholder) in a box; the caret when focused."""
        theme = painter.theme
        palette = theme.palette
        painter.text(
            self.label, (self.rect.left, self.rect.top - theme.px(28)), Type.SMALL, palette.dim
        )
        painter.panel(
            self.rect,
            edge=palette.focus if focused else palette.panel_edge,
            width=3 if focused else 1,
        )
        pad = theme.px(12)
        left, middle = self.rect.left + pad, self.rect.centery
        if not (self._text or self.composition or focused):
            self._shown = None
            with painter.within(self.rect.inflate(-2 * pad, 0)):
                painter.text(
                    self.placeholder, (left, middle), Type.BODY, palette.dim, anchor="midleft"
                )
            return
        # the composition is shown at the caret, as if typed, until it is committed
        caret = min(self.caret, len(self._text))
        shown = self._text[:caret] + self.composition + self._text[caret:]
        end_of_composition = caret + len(self.composition)
        font = theme.font(Type.BODY, text=shown)
        first, last = self._scroll(shown, font, end_of_composition, self.rect.width - 2 * pad)
        visible = shown[first:last]
        self._shown = None if self.composition else (first, left, font)

        def x(index: int) -> int:
            return left + font.size(shown[first : min(max(index, first), last)])[0]

        height = font.get_height()
        top = middle - height // 2
        start, end = self.selection
        if focused and start != end and not self.composition:
            painter.box(pygame.Rect(x(start), top, x(end) - x(start), height), _selection(palette))
        painter.text(visible, (left, middle), Type.BODY, anchor="midleft")
        if self.composition:
            under = pygame.Rect(x(caret), top + height - theme.px(3), 0, max(2, theme.px(2)))
            under.width = x(end_of_composition) - x(caret)
            painter.box(under, palette.focus)
        if focused:
            cursor = pygame.Rect(x(end_of_composition), top, max(2, theme.px(2)), height)
            painter.box(cursor, palette.focus)
            self._place_ime(cursor)

    def _scroll(self, shown: str, font: pygame.font.Font, caret: int, room: int) -> tuple[int, int]:
        """The first and past-the-last characters in view, the caret among them.

        The view moves only as far as needed to show the caret, and moves back when text
        deleted at the end leaves room. Searches halve, so a 1,024-character path is cheap.
        """

        def fits(start: int, end: int) -> bool:
            return bool(font.size(shown[start:end])[0] <= room)

        first = min(self._first, caret)
        if not fits(first, caret):  # the earliest start from which the caret is in view
            first = _first_true(first, caret, lambda start: fits(start, caret))
        elif first > 0 and fits(first - 1, len(shown)):  # room again: bring back what fits
            first = _first_true(0, first, lambda start: fits(start, len(shown)))
        self._first = first
        last = _first_true(caret, len(shown), lambda end: not fits(first, end + 1))
        return first, last

    def _place_ime(self, cursor: pygame.Rect) -> None:
        """Put the input method's candidate window at the caret (only when it moves)."""
        area = pygame.Rect(cursor.left, self.rect.top, self.rect.right - cursor.left, self.rect.h)
        if area != self._ime_rect:
            self._ime_rect = area
            pygame.key.set_text_input_rect(area)
