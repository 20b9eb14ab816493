"""The saved replays: every finished game, newest first, ready to be shown to a class.

Rows are read quickly without re-playing the games; opening one verifies it by re-playing
it from its seed. A file that cannot be used is named with its reason in the window and
left as it is. A replay kept elsewhere (sent by a student, on a USB stick) opens from its
typed or pasted path, or by dropping it on the window.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pygame

from game.replay import Replay, ReplayError, ReplaySummary, peek_replay, read_replay
from game.rules import vocabulary as words
from game.rules.model import Outcome
from game.session.saves import replays_dir
from game.ui.app import App
from game.ui.layout import (
    TWO_COLUMNS,
    button_rows,
    card_of_lines,
    design_rect,
    design_width,
    escapes,
    heading,
    page_hint,
)
from game.ui.painter import Painter
from game.ui.replay_viewer import local_date, player
from game.ui.scroll import ScrollPage
from game.ui.theme import Color, Type
from game.ui.widgets import Button, Focus, ListBox, TextField, Widget

PATTERNS = ("*.json.gz", "*.json")


def saved_replays(folder: Path) -> list[Path]:
    """Replay files in ``folder``, newest first (their names start with a UTC time stamp)."""
    if not folder.is_dir():
        return []
    found = {path for pattern in PATTERNS for path in folder.glob(pattern) if path.is_file()}
    return sorted(found, key=lambda path: path.name, reverse=True)


def outcome_words(summary: ReplaySummary) -> str:
    """How a saved game ended, in words, or that it is unfinished."""
    if summary.outcome is None:
        return "unfinished"
    try:
        return words.OUTCOME[Outcome.from_key(summary.outcome)]
    except ValueError:
        return summary.outcome


def players(summary: ReplaySummary) -> str:
    """Who played: the pair of a class session, or each side's player."""
    if summary.pair is not None:
        return summary.pair
    return " vs ".join(player(summary.controllers.get(side, "?")) for side in ("red", "blue"))


def replay_row(summary: ReplaySummary) -> tuple[str, str]:
    """A list row: the level's title, then date, outcome, length and players."""
    detail = (
        f"{local_date(summary.saved_at)} \u00b7 {outcome_words(summary)} \u00b7 "
        f"{summary.turns} turns \u00b7 {players(summary)}"
    )
    return summary.level_title, detail


class ReplayList:
    """Pick a saved game to replay, or open a replay file from anywhere."""

    def __init__(
        self,
        app: App,
        on_open: Callable[[Replay], None],
        on_back: Callable[[], None],
        folder: Path | None = None,
    ) -> None:
        self.app = app
        self.on_open = on_open
        self.on_back = on_back
        self.folder = folder or replays_dir()
        self.problem = ""
        """Why the last file could not be opened, in one line."""
        self.paths = saved_replays(self.folder)
        self.summaries: list[ReplaySummary | None] = []
        rows = []
        for path in self.paths:
            try:
                summary = peek_replay(path)
            except ReplayError as error:
                self.summaries.append(None)
                reason = str(error).removeprefix(f"{path.name}: ")
                rows.append((path.name, f"Cannot be used: {reason}"))
                continue
            self.summaries.append(summary)
            rows.append(replay_row(summary))
        self.list = ListBox(rows, 0, on_press=self.open_selected)
        self.path = TextField("Or type the path of a replay file", placeholder="replay.json.gz")
        self.path.on_submit = self.open_typed
        self.open_button = Button("Open", self.open_selected)
        self.page = ScrollPage()
        self.file_button = Button("Open a file\u2026", self.open_typed)
        self.back_button = Button("Back", on_back)
        chosen: list[Widget] = [self.list, self.open_button] if rows else []
        self.focus = Focus(
            [
                *chosen,
                self.path,
                self.file_button,
                self.back_button,
            ]
        )

    def open_selected(self) -> None:
        """Verify and open the selected saved game."""
        if self.paths:
            self.open_path(self.paths[self.list.index])

    def open_typed(self) -> None:
        """Open the file whose path is typed in the field (or point at the field)."""
        text = self.path.text.strip().strip('"')
        if not text:
            self.problem = "Type or paste the path of a replay file, then press Enter."
            self.focus.index = self.focus.widgets.index(self.path)
            return
        self.open_path(Path(text).expanduser())

    def open_path(self, path: Path) -> None:
        """Re-play and check the file; open it, or say in one line why it cannot be used."""
        try:
            replay = read_replay(path)
        except ReplayError as error:
            self.problem = str(error)
            return
        self.problem = ""
        self.on_open(replay)

    def handle(self, event: pygame.event.Event) -> None:
        """Keys and clicks; Esc goes back; a file dropped on the window opens."""
        if event.type == pygame.DROPFILE:
            self.open_path(Path(event.file))
            return
        if escapes(event):
            self.on_back()
            return
        self.page.handle(event, self.focus)

    def draw(self, painter: Painter) -> None:
        """The list (or a hint when it is empty), the chosen game, the buttons, any problem.

        The details go beside the list when the window has room at the size chosen, else
        under it, and the page scrolls when it holds more than the window.
        """
        painter.fill()
        theme = painter.theme
        palette = theme.palette
        with self.page.scrolling(painter, painter.surface.get_rect()) as page_top:
            top = heading(
                painter,
                "Replays",
                "See both private views beside the truth, turn by turn: where did fear or "
                "misperception turn caution into a spiral?",
                page_top,
            ) + theme.px(16)
            wide = design_width(painter) >= TWO_COLUMNS
            whole = design_rect(painter, 40, 0, 1200)
            if wide:
                box = design_rect(painter, 40, 0, 760, 440)
                box.top = top
                box.height = max(box.height, theme.px(440)) - (top - page_top - theme.px(110))
                box.height = max(box.height, theme.px(3 * 62))
                side = design_rect(painter, 830, 0, 410, 250)
                side.top = top
            else:
                box = pygame.Rect(whole.left, top, whole.width, theme.px(3 * 62))
            self._draw_list(painter, box)
            if not wide:
                side = pygame.Rect(whole.left, box.bottom + theme.px(16), whole.width, 0)
            bottom = self._details(painter, side)
            self.open_button.rect = pygame.Rect(side.left, bottom + theme.px(16), side.width, 0)
            self.open_button.rect.height = theme.px(56)
            row_height = max(theme.px(48), theme.font(Type.LABEL).get_height() + theme.px(8))
            if wide:
                y = max(box.bottom, self.open_button.rect.bottom) + theme.px(40)
                self.path.rect = pygame.Rect(box.left, y, box.width, theme.px(48))
                row = pygame.Rect(side.left, y, side.width, row_height)
            else:
                y = self.open_button.rect.bottom + theme.px(16) + theme.px(28)
                self.path.rect = pygame.Rect(whole.left, y, whole.width, theme.px(48))
                row = pygame.Rect(whole.left, self.path.rect.bottom + theme.px(16), whole.width, 0)
                row.height = row_height
            if not self.paths:  # Open sits beside a list that is not there
                self.open_button.rect.height = 0
            y = button_rows(painter, [self.file_button, self.back_button], row) + theme.px(12)
            self.focus.draw(painter)
            if self.problem:
                place = pygame.Rect(whole.left, y, whole.width, 0)
                y += painter.paragraph(self.problem, place, Type.SMALL, palette.warning)
            keys = "Up/Down: choose \u00b7 Enter: open \u00b7 Tab: next \u00b7 Esc: back"
            self.page.reach(page_hint(painter, keys, y, page_top) + theme.px(8))

    def _draw_list(self, painter: Painter, box: pygame.Rect) -> None:
        """The saved games in ``box``, or what to do when there are none."""
        theme = painter.theme
        if self.paths:
            self.list.rect = box
            return
        inner = painter.card(box, pad=24)
        y = painter.text("No replays yet", inner.topleft, Type.LABEL, bold=True).bottom
        painter.paragraph(
            "Finished games appear here by themselves: play a game to its end, then come "
            "back to see it again with both sides' views beside the truth.\n\n"
            "A replay file from elsewhere opens by its path (below) or by dropping it on "
            "this window.",
            pygame.Rect(inner.left, y + theme.px(8), inner.width, 0),
            Type.SMALL,
            theme.palette.dim,
        )
        painter.bounds = None

    def _details(self, painter: Painter, box: pygame.Rect) -> int:
        """The chosen saved game: what, when, how it ended, who played, which file.

        The card is as tall as its lines (at least ``box``); returns its bottom, so what
        follows sits below it at any interface size.
        """
        theme = painter.theme
        pad = 18
        inner = box.inflate(-2 * theme.px(pad), -2 * theme.px(pad))
        lines = self._detail_lines(painter, inner.width)
        return card_of_lines(painter, box, lines, gap=6, pad=pad, fill=True)

    def _detail_lines(self, painter: Painter, width: int) -> list[tuple[str, float, Color, bool]]:
        """The lines of the details card: text, size, colour and weight, each fitting."""
        palette = painter.theme.palette
        if not self.paths:
            folder = painter.clip(str(self.folder), Type.SMALL, width, "end")
            return [
                ("Where replays are kept", Type.BODY, palette.focus, True),
                (folder, Type.SMALL, palette.dim, False),
            ]
        path = self.paths[self.list.index]
        name = painter.clip(path.name, Type.SMALL, width, "end")
        summary = self.summaries[self.list.index]
        if summary is None:
            return [
                (name, Type.BODY, palette.text, True),
                ("This file cannot be read as a replay.", Type.SMALL, palette.warning, False),
            ]
        title = painter.clip(summary.level_title, Type.LABEL, width, bold=True)
        lines: list[tuple[str, float, Color, bool]] = [
            (title, Type.LABEL, palette.text, True),
            (outcome_words(summary).capitalize(), Type.SMALL, palette.focus, False),
            (
                f"{summary.turns} turns, saved {local_date(summary.saved_at)}",
                Type.SMALL,
                palette.text,
                False,
            ),
        ]
        if summary.pair is not None:  # a class game: the pair, and any computer player
            played = painter.clip(f"Played by {summary.pair}", Type.SMALL, width)
            lines.append((played, Type.SMALL, palette.text, False))
        for side in ("red", "blue"):
            spec = summary.controllers.get(side, "?")
            if summary.pair is None or spec != "human":
                line = f"{summary.nations[side]}: {player(spec)}"
                lines.append(
                    (painter.clip(line, Type.SMALL, width), Type.SMALL, palette.text, False)
                )
        lines.append((name, Type.SMALL, palette.dim, False))
        return lines
