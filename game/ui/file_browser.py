"""Finding a level file without typing its path: folders, ``.toml`` files, and recent files.

A teacher's level usually sits in Downloads or next to last week's; typing its full path
on a projector keyboard is slow and error-prone. :class:`FileList` shows a folder's
sub-folders and level files (``..`` goes up), or the level files opened before, and works
with the keyboard alone (↑ / ↓, Enter opens, Backspace goes up), with clicks (a
double-click opens) and with the mouse wheel. Folders are read with a bound, so a folder
of a million files cannot stall the window.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

import pygame

from game.ui.painter import Painter
from game.ui.text_field import DOUBLE_CLICK_MS
from game.ui.theme import Type
from game.ui.widgets import ListBox

LEVEL_SUFFIX = ".toml"
MAX_ENTRIES = 2000
"""At most this many names of a folder are read; a larger folder says so."""


@dataclass(frozen=True)
class Entry:
    """One row: the way up, a folder, a level file, or a remembered file that is gone."""

    name: str
    path: Path
    kind: str
    """``up``, ``folder``, ``level`` or ``missing``."""


def folder_entries(folder: Path) -> tuple[list[Entry], str]:
    """``..``, then sub-folders, then level files, each sorted; and a problem line, if any.

    Hidden names (starting with a dot) are left out.
    """
    entries = [] if folder.parent == folder else [Entry("..", folder.parent, "up")]
    folders: list[Entry] = []
    levels: list[Entry] = []
    problem = ""
    try:
        with os.scandir(folder) as found:
            for count, item in enumerate(found):
                if count >= MAX_ENTRIES:
                    problem = f"Only the first {MAX_ENTRIES:,} names of this folder are listed."
                    break
                if item.name.startswith("."):
                    continue
                try:
                    is_folder = item.is_dir()
                except OSError:
                    continue
                if is_folder:
                    folders.append(Entry(item.name, Path(item.path), "folder"))
                elif item.name.lower().endswith(LEVEL_SUFFIX):
                    levels.append(Entry(item.name, Path(item.path), "level"))
    except OSError as error:
        problem = f"Cannot read this folder: {error.strerror or type(error).__name__}."
    for group in (folders, levels):
        entries += sorted(group, key=lambda entry: entry.name.casefold())
    return entries, problem


def recent_entries(paths: Iterable[str]) -> list[Entry]:
    """The remembered level files, newest first; those no longer there are kept, marked."""
    entries = []
    for text in paths:
        path = Path(text)
        kind = "level" if is_a(path, "file") else "missing"
        entries.append(Entry(path.name or text, path, kind))
    return entries


def is_a(path: Path, kind: str) -> bool:
    """Whether ``path`` is a ``file`` or a ``folder`` (False if the system refuses it)."""
    try:
        return path.is_file() if kind == "file" else path.is_dir()
    except (OSError, ValueError):
        return False


class FileList(ListBox):
    """A scrolling list of :class:`Entry` rows for the focus ring.

    Enter or a double-click runs ``on_open`` with the selected entry; Backspace runs
    ``on_up`` (a folder's list goes up); the wheel scrolls as in every list.
    Recent files (``with_folders``) show the folder under each name.
    """

    def __init__(
        self,
        on_open: Callable[[Entry], None],
        on_up: Callable[[], None] | None = None,
        clock: Callable[[], int] = pygame.time.get_ticks,
        with_folders: bool = False,
    ) -> None:
        super().__init__([], on_press=self._open_selected)
        self.entries: list[Entry] = []
        self.on_open = on_open
        self.on_up = on_up
        self.clock = clock
        self.with_folders = with_folders
        self._last_click: tuple[int, int] | None = None  # time, row

    def show(self, entries: list[Entry], index: int = 0) -> None:
        """New rows, with ``index`` selected and in view."""
        self.entries = entries
        self.rows = [(entry.name, str(entry.path.parent)) for entry in entries]
        self.index = min(max(index, 0), max(len(entries) - 1, 0))
        self.first_visible = 0
        self.follow = True

    @property
    def selected(self) -> Entry | None:
        """The selected entry (None in an empty list)."""
        return self.entries[self.index] if self.entries else None

    def select(self, index: int) -> None:
        """Select a row (if there is any) and bring it into view."""
        if self.entries:
            super().select(index)

    def _open_selected(self) -> None:
        if self.selected is not None:
            self.on_open(self.selected)

    def consume(self, event: pygame.event.Event) -> bool:
        """The list's keys, and Backspace to go up."""
        if event.type == pygame.KEYDOWN and event.key == pygame.K_BACKSPACE:
            if self.on_up is not None:
                self.on_up()
                return True
            return False
        return super().consume(event)

    def click(self, position: tuple[int, int]) -> None:
        """Select the clicked row; a second click on it soon after opens it."""
        row = self.first_visible + (position[1] - self.rect.top) // max(self.row_height, 1)
        if not 0 <= row < len(self.entries):
            return
        now = self.clock()
        last, self._last_click = self._last_click, (now, row)
        self.select(row)
        if last is not None and last[1] == row and now - last[0] <= DOUBLE_CLICK_MS:
            self._last_click = None
            self._open_selected()

    def draw(self, painter: Painter, focused: bool) -> None:
        """Rows in a card; folders marked by a folder shape, missing files dimmed."""
        theme = painter.theme
        palette = theme.palette
        base = theme.px(62 if self.with_folders else 44)
        self.row_height = self.rect.height // max(1, self.rect.height // base)
        painter.panel(
            self.rect,
            edge=palette.focus if focused else palette.panel_edge,
            width=3 if focused else 1,
        )
        visible = self.visible_rows
        most = max(0, len(self.entries) - visible)
        if self.follow:
            self.first_visible = min(max(self.first_visible, self.index - visible + 1), self.index)
        self.first_visible = min(max(self.first_visible, 0), most)
        pad = theme.px(12)
        shown = self.entries[self.first_visible : self.first_visible + visible]
        for offset, entry in enumerate(shown):
            row = self.first_visible + offset
            top = self.rect.top + offset * self.row_height
            box = pygame.Rect(self.rect.left + 4, top + 3, self.rect.width - 8, self.row_height - 6)
            if row == self.index:
                painter.box(box, palette.panel_edge, 6)
            self._draw_row(painter, entry, box, pad, bold=row == self.index)
        if len(self.entries) > visible:
            track = self.rect.inflate(0, -2 * pad)
            thumb = pygame.Rect(
                self.rect.right - theme.px(7),
                track.top + round(track.height * self.first_visible / len(self.entries)),
                theme.px(4),
                max(theme.px(12), round(track.height * visible / len(self.entries))),
            )
            painter.box(thumb, palette.dim, 2)

    def _draw_row(
        self, painter: Painter, entry: Entry, box: pygame.Rect, pad: int, bold: bool
    ) -> None:
        """One entry: a mark for its kind, its name, and (for recent files) its folder."""
        theme = painter.theme
        palette = theme.palette
        color = palette.dim if entry.kind == "missing" else palette.text
        left = box.left + pad
        line = box.centery if not self.with_folders else box.top + theme.px(16)
        if entry.kind in ("folder", "up"):
            _folder_mark(painter, (left, line), palette.focus)
        left += theme.px(30)
        width = box.right - pad - left
        name = entry.name if entry.kind != "up" else ".. (up one folder)"
        name = painter.clip(name, Type.BODY, width)
        painter.text(name, (left, line), Type.BODY, color, bold=bold, anchor="midleft")
        if self.with_folders:
            gone = "no longer there \u00b7 " if entry.kind == "missing" else ""
            room = width - theme.font(Type.SMALL).size(gone)[0]
            detail = gone + painter.clip(str(entry.path.parent), Type.SMALL, room, keep="end")
            below = (left, box.top + theme.px(40))
            painter.text(detail, below, Type.SMALL, palette.dim, anchor="midleft")


def _folder_mark(painter: Painter, midleft: tuple[int, int], color: tuple[int, int, int]) -> None:
    """A small folder: a tab on a body, so folders differ from files by shape, not colour."""
    px = painter.theme.px
    x, y = midleft
    painter.box(pygame.Rect(x, y - px(8), px(9), px(4)), color, 1)
    painter.box(pygame.Rect(x, y - px(5), px(20), px(13)), color, 2)
