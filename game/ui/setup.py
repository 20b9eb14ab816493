"""Choosing what to play: the level browser, match set-up, and opening a level file.

A level comes from the built-in list or from a file (browsed to, recent, typed or pasted,
or dropped on the window); an invalid file shows the validator's messages,
``file:line: field: problem``, right in the window. Each side is a human or any strategy
of the catalog, with its description and difficulty; the seed is optional.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from pathlib import Path

import pygame

from game.ai.registry import CATALOG, HUMAN, spec_text
from game.levels import LevelError, LoadedLevel, load_level_file, load_level_text
from game.rules.model import Side
from game.rules.noise import fresh_seed
from game.ui.file_browser import Entry, FileList, folder_entries, is_a, recent_entries
from game.ui.layout import (
    LIST_ROWS,
    TWO_COLUMNS,
    button_row,
    button_rows,
    design_rect,
    design_width,
    goes_back,
    heading,
    key_hint,
    page_hint,
)
from game.ui.painter import Painter
from game.ui.roles import MenuHost, PlayMode
from game.ui.scroll import Block, ScrollCard, ScrollPage, block_height
from game.ui.settings import MAX_PATH, load_settings, save_settings
from game.ui.theme import Palette, Type, nation_looks
from game.ui.widgets import Button, Choice, Focus, ListBox, TextField, Widget

SIDES = (Side.RED, Side.BLUE)
HOT_SEAT_TURNS = 20
"""A hot-seat game of a long level is offered this many turns first."""
LONG_LEVEL = 30
"""A level longer than this (the 200-round prisoner's dilemma) is too long for two people
at one keyboard; its full length suits the lab and computer players."""
SEED_DIGITS = len(str(2**63 - 1))
"""Seeds are below 2**63: the seed field takes no more digits than that."""
SETUP_KEYS = (
    "Tab: next \u00b7 Up/Down: pick a level \u00b7 Left/Right: change a player "
    "\u00b7 Enter: start \u00b7 Esc: back"
)


def length_options(mode: PlayMode, level: LoadedLevel) -> list[tuple[str, int]]:
    """The game lengths to offer: a shorter one first for hot-seat on a long level, else none."""
    turns = level.model.rules.turns
    if mode is not PlayMode.HOT_SEAT or turns <= LONG_LEVEL:
        return []
    return [(str(HOT_SEAT_TURNS), HOT_SEAT_TURNS), (str(turns), turns)]


def default_controllers(mode: PlayMode, level: LoadedLevel) -> dict[Side, str]:
    """Who plays each side when a level is picked in ``mode``."""
    nations = level.model.nations
    level_specs = {
        Side.RED: spec_text(nations.red.controller.strategy, nations.red.controller.params),
        Side.BLUE: spec_text(nations.blue.controller.strategy, nations.blue.controller.params),
    }
    fallback = {Side.RED: "bayesian", Side.BLUE: "tit-for-tat"}
    if mode is PlayMode.HOT_SEAT:
        return {Side.RED: HUMAN, Side.BLUE: HUMAN}
    if mode is PlayMode.VERSUS:
        blue = level_specs[Side.BLUE]
        return {Side.RED: HUMAN, Side.BLUE: blue if blue != HUMAN else fallback[Side.BLUE]}
    return {side: spec if spec != HUMAN else fallback[side] for side, spec in level_specs.items()}


def controller_options(level: LoadedLevel) -> list[tuple[str, str]]:
    """Human, every catalog strategy, and the level's own set-up if it has parameters."""
    options = [("Human player", HUMAN)]
    nations = level.model.nations
    for controller in (nations.red.controller, nations.blue.controller):
        if controller.params:
            spec = spec_text(controller.strategy, controller.params)
            label = f"{controller.strategy} (as the level sets it)"
            if (label, spec) not in options:
                options.append((label, spec))
    options += [
        (f"{name} \u00b7 difficulty {info.difficulty}/5", name) for name, info in CATALOG.items()
    ]
    return options


def describe_controller(spec: str, hot_seat: bool) -> str:
    """One line on who this is, for the set-up screen."""
    if spec == HUMAN:
        return (
            "A person at this keyboard; a curtain hides each player's screen from the other."
            if hot_seat
            else "A person at this keyboard."
        )
    name = spec.partition(":")[0]
    return CATALOG[name].description


def level_rows(levels: list[LoadedLevel]) -> list[tuple[str, str]]:
    """A list row per level: its title, then difficulty and summary."""
    rows = []
    for level in levels:
        meta = level.model.level
        source = "" if level.origin.startswith("<") else f"{Path(level.origin).name} \u00b7 "
        rows.append((meta.title, f"{source}{meta.difficulty} \u00b7 {meta.summary}"))
    return rows


def level_blocks(level: LoadedLevel, palette: Palette, browsing: bool = False) -> list[Block]:
    """A level's kind of game, summary and every learning goal.

    ``browsing`` (the level browser) adds its title, which set-up's list already shows
    chosen, and its discussion questions.
    """
    meta = level.model.level
    rules = level.model.rules
    kind = "matrix game" if rules.mode == "matrix" else "full rules"
    blocks = [
        *([Block(meta.title, Type.LABEL, bold=True)] if browsing else []),
        Block(
            f"{meta.difficulty.capitalize()} \u00b7 {kind} \u00b7 {rules.turns} turns",
            Type.SMALL,
            palette.focus,
            gap=2,
        ),
        Block(meta.summary, Type.BODY),
    ]
    sections = [("You will learn", meta.learning_goals)]
    if browsing:
        sections.append(("For discussion", meta.discussion_questions))
    for title, items in sections:
        if items:
            blocks.append(Block(title, Type.SMALL, palette.dim, bold=True, gap=16))
            blocks += [Block(f"\u2022 {item}", Type.BODY, gap=4) for item in items]
    return blocks


class Setup:
    """Pick a level, the two players and (optionally) a seed, then start."""

    def __init__(self, menu: MenuHost, mode: PlayMode, level: LoadedLevel | None = None) -> None:
        self.menu = menu
        self.mode = mode
        self.problem = ""
        levels = menu.levels
        origin, players = menu.remembered.get(mode, ("", {}))
        if level is None:  # the level and players started last time in this mode
            level = next((known for known in levels if known.origin == origin), None)
        start = levels.index(level) if level in levels else 0
        self.list = ListBox(level_rows(levels), start, self.choose_level, self.start)
        self.players = {side: Choice(side.key, [("", "")]) for side in SIDES}
        self.seed = TextField(
            "Seed (optional)", placeholder="blank = random", max_length=SEED_DIGITS
        )
        self.seed.on_submit = self.start
        self.start_button = Button("Start", self.start)
        self.open_button = Button("Open a level file\u2026", self.open_file)
        self.back_button = Button("Back", menu.title)
        self.length = Choice("Turns", [("", 0)])
        self.details = ScrollCard()
        self.page = ScrollPage()
        self.focus = Focus(on_enter=self.start)
        self.choose_level(start)
        if self.level.origin == origin:
            for side, spec in players.items():
                self.players[side].select(spec)

    @property
    def level(self) -> LoadedLevel:
        """The selected level."""
        return self.menu.levels[self.list.index]

    def choose_level(self, index: int) -> None:
        """A new level: its nations' names and its default players."""
        level = self.menu.levels[index]
        self.details.first = 0
        options = controller_options(level)
        looks = nation_looks(level.model)
        for side, spec in default_controllers(self.mode, level).items():
            player = self.players[side]
            player.label = looks[side].name
            known = spec in [value for _, value in options]
            player.options = options if known else [*options, (spec, spec)]
            player.select(spec)
        lengths = length_options(self.mode, level)
        self.length.options, self.length.index = lengths or [("", 0)], 0
        current = self.focus.current
        self.focus.widgets = [
            self.list,
            self.players[Side.RED],
            self.players[Side.BLUE],
            *([self.length] if lengths else []),
            self.seed,
            self.start_button,
            self.open_button,
            self.back_button,
        ]
        self.focus.index = self.focus.widgets.index(current) if current in self.focus.widgets else 0

    def class_line(self) -> str:
        """Who plays next in the class session under way, if one is."""
        if self.menu.class_session is None:
            return ""
        session, pair = self.menu.class_session
        return f"Class session {session.name}: {pair} play next"

    def controllers(self) -> dict[Side, str]:
        """The chosen player of each side."""
        return {side: str(self.players[side].value) for side in SIDES}

    def start(self) -> None:
        """Check the seed and start the match."""
        text = self.seed.text.strip()
        if text and not (text.isdigit() and int(text) < 2**63):
            self.problem = "The seed must be a whole number (or blank for a new game)."
            self.focus.index = self.focus.widgets.index(self.seed)
            return
        seed = int(text) if text else fresh_seed()
        level = self.level
        turns = int(self.length.value)
        if self.length in self.focus.widgets and turns != level.model.rules.turns:
            try:
                level = load_level_text(
                    level.text, level.origin, [*level.overrides, f"rules.turns={turns}"]
                )
            except LevelError as error:
                self.problem = str(error.problems[0])
                return
        self.menu.remembered[self.mode] = (self.level.origin, self.controllers())
        self.menu.play(level, seed, self.controllers())

    def open_file(self) -> None:
        """Open a level file; it joins the list, selected."""
        self.menu.app.show(OpenLevel(self.menu, self.opened, lambda: self.menu.app.show(self)))

    def opened(self, level: LoadedLevel) -> None:
        """Back from the file dialog with a valid level."""
        self.menu.add_level(level)
        self.list.rows = level_rows(self.menu.levels)
        self.list.index = len(self.menu.levels) - 1
        self.choose_level(self.list.index)
        self.menu.app.show(self)

    def handle(self, event: pygame.event.Event) -> None:
        """Keys and clicks; Esc goes back; a level file dropped on the window opens."""
        if event.type == pygame.DROPFILE:
            dialog = OpenLevel(self.menu, self.opened, lambda: self.menu.app.show(self))
            self.menu.app.show(dialog)
            dialog.open_path(event.file)
            return
        if event.type == pygame.KEYDOWN and event.key == pygame.K_ESCAPE:
            self.menu.title()
            return
        if not self.details.wheel(event):
            self.page.handle(event, self.focus)

    def draw(self, painter: Painter) -> None:
        """Two columns when the window has room at the size chosen, else one that scrolls."""
        if design_width(painter) >= TWO_COLUMNS:
            self.page.offset = 0
            self._draw_columns(painter)
        else:
            self._draw_column(painter)

    def _draw_column(self, painter: Painter) -> None:
        """Everything in one column, in the order Tab visits it: the page scrolls."""
        painter.fill()
        theme = painter.theme
        palette = theme.palette
        with self.page.scrolling(painter, painter.surface.get_rect()) as page_top:
            y = heading(painter, self.mode.value, self.class_line(), page_top) + theme.px(12)
            column = design_rect(painter, 40, 0, 1200)
            column.top = y
            label = painter.text("Level", column.topleft, Type.SMALL, palette.dim)
            rows = theme.font(Type.BODY, True).get_linesize()
            rows += theme.font(Type.SMALL).get_linesize() + theme.px(12)
            self.list.rect = pygame.Rect(column.left, label.bottom + theme.px(4), column.width, 0)
            self.list.rect.height = LIST_ROWS * rows
            y = self.list.rect.bottom + theme.px(14)
            self.details.blocks = level_blocks(self.level, palette)
            height = self.details.needs(painter, column.width)
            self.details.rect = pygame.Rect(column.left, y, column.width, height)
            self.details.draw(painter, False)
            y = self.details.rect.bottom + theme.px(14)
            inset = column.inflate(-2 * theme.px(22), 0)  # room for the nations' emblems
            y = self._place_players(painter, inset, y)
            field_top = y + theme.px(28 + 8)  # the fields' labels sit above them
            fields: list[Widget] = [
                *([self.length] if self.length in self.focus.widgets else []),
                self.seed,
            ]
            width = (column.width - theme.px(12) * (len(fields) - 1)) // len(fields)
            for index, field in enumerate(fields):
                left = column.left + index * (width + theme.px(12))
                field.rect = pygame.Rect(left, field_top, width, theme.px(52))
            row = pygame.Rect(column.left, self.seed.rect.bottom + theme.px(14), column.width, 0)
            row.height = theme.px(52)
            buttons = [self.start_button, self.back_button, self.open_button]
            y = button_rows(painter, buttons, row)
            self.focus.draw(painter)
            y = self._draw_note(painter, y, page_top)
            self.page.reach(y + theme.px(8))

    def _place_players(self, painter: Painter, column: pygame.Rect, y: int) -> int:
        """Each side's player from ``y`` down, with what it is; returns the bottom."""
        theme = painter.theme
        hot_seat = all(spec == HUMAN for spec in self.controllers().values())
        looks = nation_looks(self.level.model)
        for side in SIDES:
            choice = self.players[side]
            choice.rect = pygame.Rect(
                column.left, y, column.width, choice.height(painter, column.width)
            )
            painter.emblem(
                looks[side].emblem,
                (choice.rect.left - theme.px(14), choice.rect.centery),
                theme.px(8),
                looks[side].color,
            )
            words = pygame.Rect(column.left + theme.px(4), choice.rect.bottom + theme.px(4), 0, 0)
            words.width = column.width - theme.px(4)
            described = describe_controller(str(choice.value), hot_seat)
            y = words.top + painter.paragraph(described, words, Type.SMALL, theme.palette.dim)
            y += theme.px(14)
        return y

    def _draw_note(self, painter: Painter, after: int, page_top: int) -> int:
        """A problem with the seed, why a shorter game is offered, or the keys."""
        palette = painter.theme.palette
        if self.problem:
            return page_hint(painter, self.problem, after, page_top, palette.warning)
        if self.length in self.focus.widgets:
            turns = self.level.model.rules.turns
            why = f"{HOT_SEAT_TURNS} turns for hot-seat; {turns} in the lab"
            return page_hint(painter, why, after, page_top)
        return page_hint(painter, SETUP_KEYS, after, page_top)

    def _draw_columns(self, painter: Painter) -> None:
        """Level list on the left; details, players, seed and buttons on the right.

        The right column stacks on the heights drawn: the players and the seed row keep
        their room at any interface size, and the level's details card takes what is left
        (the wheel scrolls it).
        """
        painter.fill()
        theme = painter.theme
        palette = theme.palette
        top = heading(painter, self.mode.value, self.class_line()) + theme.px(12)
        bottom = design_rect(painter, 0, 712).top - theme.px(Type.SMALL * 1.4 + 10)
        left = design_rect(painter, 40, 0, 500)
        label = painter.text("Level", (left.left, top), Type.SMALL, palette.dim)
        self.open_button.rect = pygame.Rect(left.left, bottom - theme.px(48), left.width, 0)
        self.open_button.rect.height = theme.px(48)
        self.list.rect = pygame.Rect(left.left, label.bottom + theme.px(4), left.width, 0)
        self.list.rect.height = self.open_button.rect.top - theme.px(14) - self.list.rect.top
        column = design_rect(painter, 570, 0, 670)
        row = pygame.Rect(column.left, bottom - theme.px(52), column.width, theme.px(52))
        self.seed.rect = pygame.Rect(row.left, row.top, row.width * 2 // 5, row.height)
        if self.length in self.focus.widgets:  # the game's length shares the seed's room
            half = (self.seed.rect.width - theme.px(12)) // 2
            self.length.rect = pygame.Rect(row.left, row.top, half, row.height)
            self.seed.rect.left, self.seed.rect.width = self.length.rect.right + theme.px(12), half
        button_row(
            painter,
            [self.start_button, self.back_button],
            pygame.Rect(self.seed.rect.right + theme.px(16), row.top, 0, row.height).union(
                pygame.Rect(row.right, row.top, 0, row.height)
            ),
        )
        hot_seat = all(spec == HUMAN for spec in self.controllers().values())
        y = row.top - theme.px(28 + 12)  # the seed field's label sits above it
        looks = nation_looks(self.level.model)
        for side in reversed(SIDES):
            choice = self.players[side]
            words = Block(describe_controller(str(choice.value), hot_seat), Type.SMALL)
            y -= block_height(painter, words, column.width - theme.px(4))
            painter.paragraph(
                words.text,
                pygame.Rect(column.left + theme.px(4), y, column.width - theme.px(4), 0),
                Type.SMALL,
                palette.dim,
            )
            choice.rect = pygame.Rect(column.left, y - theme.px(52), column.width, theme.px(48))
            y = choice.rect.top - theme.px(14)
            painter.emblem(
                looks[side].emblem,
                (choice.rect.left - theme.px(14), choice.rect.centery),
                theme.px(8),
                looks[side].color,
            )
        self.details.blocks = level_blocks(self.level, palette)
        self.details.rect = pygame.Rect(column.left, top, column.width, y - top)
        self.details.draw(painter, False)
        self.focus.draw(painter)
        if self.problem:
            key_hint(painter, self.problem, palette.warning)
        elif self.length in self.focus.widgets:
            turns = self.level.model.rules.turns
            key_hint(painter, f"{HOT_SEAT_TURNS} turns for hot-seat; {turns} in the lab")
        else:
            key_hint(painter, SETUP_KEYS)


OPEN_KEYS = (
    "Tab: next \u00b7 Up/Down: choose \u00b7 Enter: open \u00b7 Backspace: up a folder "
    "\u00b7 Esc: cancel"
)


class OpenLevel:
    """Open a level file: browse to it, pick a recent one, type or paste its path, or drop it.

    A typed path may be absolute, start with ``~``, or be relative to the folder shown;
    a folder's path browses into it. An invalid file lists the validator's problems.
    """

    def __init__(
        self,
        menu: MenuHost,
        on_open: Callable[[LoadedLevel], None],
        on_cancel: Callable[[], None],
    ) -> None:
        self.menu = menu
        self.on_open = on_open
        self.on_cancel = on_cancel
        self.problems: list[str] = []
        clock = menu.app.now
        self.path = TextField(
            "Path of a level file (.toml) or of a folder",
            placeholder="e.g. my-level.toml, levels/war.toml or ~/Documents",
            max_length=MAX_PATH,
            clock=clock,
        )
        self.path.on_submit = self.open
        self.folder = Path.cwd()
        self.folder_problem = ""
        self.browser = FileList(self.choose, self.up, clock)
        self.browser.on_change = self.picked
        self.recent = FileList(self.choose, clock=clock, with_folders=True)
        self.recent.show(recent_entries(menu.app.settings.recent_levels))
        self.recent.on_change = lambda index: self.picked(index, self.recent)
        self.open_button = Button("Open", self.open)
        self.cancel_button = Button("Cancel", self.on_cancel)
        self.page = ScrollPage()
        widgets: list[Widget] = [self.path, self.open_button, self.cancel_button, self.browser]
        self.focus = Focus(widgets + ([self.recent] if self.recent.entries else []))
        self.browse(self.folder)

    def browse(self, folder: Path, select: Path | None = None) -> None:
        """Show ``folder`` in the browser (``select`` chosen in it, such as the one left)."""
        self.folder = folder
        entries, self.folder_problem = folder_entries(folder)
        paths = [entry.path for entry in entries]
        start = paths.index(select) if select in paths else 0
        self.browser.show(entries, start)
        self.problems = []

    def up(self) -> None:
        """Backspace in the browser: the folder above, the one left selected."""
        if self.folder.parent != self.folder:
            self.browse(self.folder.parent, select=self.folder)

    def choose(self, entry: Entry) -> None:
        """Enter or a double-click on a row: go up, into a folder, or open the file."""
        if entry.kind == "up":
            self.up()
        elif entry.kind == "folder":
            self.browse(entry.path)
        else:
            self.open_path(str(entry.path))

    def picked(self, index: int, files: FileList | None = None) -> None:
        """A level file chosen in a list is also put in the path field (for "Open")."""
        entry = (files or self.browser).selected
        if entry is not None and entry.kind in ("level", "missing"):
            self.path.text = str(entry.path)

    def resolve(self, text: str) -> Path:
        """A typed path as a file: ``~`` expanded, relative to the folder shown."""
        path = Path(text)
        with contextlib.suppress(RuntimeError):  # "~someone" who is not a user here
            path = path.expanduser()
        return path if path.is_absolute() else self.folder / path

    def open_path(self, path: str) -> None:
        """Open ``path`` as if it had been typed (a file dropped on the window)."""
        self.path.text = path
        self.open()

    def open(self) -> None:
        """Browse a folder, or validate the file: go back with it, or list its problems."""
        text = self.path.text.strip().strip('"')
        if not text:
            self.problems = ["Type the path of a level file first, or pick one below."]
            return
        path = self.resolve(text)
        if is_a(path, "folder"):
            self.browse(path)
            self.path.text = ""
            return
        try:
            level = load_level_file(path)
        except LevelError as error:
            self.problems = [str(problem) for problem in error.problems]
            return
        self.problems = []
        self.remember(path)
        self.on_open(level)

    def remember(self, path: Path) -> None:
        """Put ``path`` first in the recent files, kept in the settings file."""
        app = self.menu.app
        app.settings = app.settings.with_recent_level(str(path))
        if load_settings()[1] is None:  # an unreadable file waits for the player's own change
            with contextlib.suppress(OSError):  # then they are remembered until quitting
                save_settings(app.settings)

    def handle(self, event: pygame.event.Event) -> None:
        """Keys, clicks and the wheel; Esc cancels; a dropped file opens at once."""
        if event.type == pygame.DROPFILE:
            self.open_path(event.file)
            return
        if event.type == pygame.KEYDOWN and event.key == pygame.K_ESCAPE:
            self.on_cancel()
            return
        self.page.handle(event, self.focus)

    def draw(self, painter: Painter) -> None:
        """The path field and buttons, the validator's messages, the folder and recent files.

        Laid out from the heading down; side by side when the window has room at the size
        chosen, else one under the other, and the page scrolls when it holds more than the
        window (every problem of a file is listed).
        """
        painter.fill()
        theme = painter.theme
        palette = theme.palette
        with self.page.scrolling(painter, painter.surface.get_rect()) as page_top:
            top = heading(
                painter,
                "Open a level file",
                "Pick it below, type or paste its path, or drop the file on this window.",
                page_top,
            )
            wide = design_width(painter) >= TWO_COLUMNS
            left, right = design_rect(painter, 40, 0).left, design_rect(painter, 1240, 0).left
            split = design_rect(painter, 860, 0).left if wide else right
            gap = theme.px(20)
            row = pygame.Rect(left, top + theme.px(12 + 28), split - gap - left, theme.px(52))
            if not wide:
                row.width = right - left
            self.path.rect = row
            buttons = [self.open_button, self.cancel_button]
            if wide:
                button_row(painter, buttons, pygame.Rect(split, row.top, right - split, row.height))
                y = row.bottom + theme.px(16)
            else:
                under = pygame.Rect(left, row.bottom + theme.px(12), right - left, row.height)
                y = button_rows(painter, buttons, under) + theme.px(16)
            if self.problems:
                place = pygame.Rect(left, y, right - left, 0)
                y = self._draw_problems(painter, place) + theme.px(14)
            hint_room = theme.px(Type.SMALL * 1.4 + 10)
            bottom = page_top + design_rect(painter, 0, 712).top - hint_room
            folder = f"Folder: {self.folder}"
            folder_width = (split - gap - left) if wide else right - left
            folder = painter.clip(folder, Type.BODY, folder_width, "end")
            title = painter.text(folder, (left, y), Type.BODY, palette.dim, bold=True)
            lists = title.bottom + theme.px(6)
            least = LIST_ROWS * theme.px(62)
            height = max(least, bottom - lists)
            self.browser.rect = pygame.Rect(left, lists, folder_width, height)
            if wide:
                recent = painter.text(
                    "Recent level files", (split, y), Type.BODY, palette.dim, bold=True
                )
                self.recent.rect = pygame.Rect(split, lists, right - split, height)
            else:
                y = self.browser.rect.bottom + theme.px(14)
                recent = painter.text(
                    "Recent level files", (left, y), Type.BODY, palette.dim, bold=True
                )
                self.recent.rect = pygame.Rect(left, recent.bottom + theme.px(6), 0, least)
                self.recent.rect.width = right - left
            if not self.recent.entries:
                inner = painter.card(self.recent.rect)
                painter.paragraph(
                    "Level files you open are listed here.", inner, Type.SMALL, palette.dim
                )
                painter.bounds = None
            self.focus.draw(painter)
            if self.folder_problem:
                box = self.browser.rect
                spot = pygame.Rect(box.left + theme.px(16), box.top + theme.px(12), 0, 0)
                spot.width = box.width - 2 * theme.px(16)
                painter.paragraph(self.folder_problem, spot, Type.SMALL, palette.warning)
            end = max(self.browser.rect.bottom, self.recent.rect.bottom)
            self.page.reach(page_hint(painter, OPEN_KEYS, end, page_top) + theme.px(8))

    def _draw_problems(self, painter: Painter, place: pygame.Rect) -> int:
        """The validator's messages, every one, in a card at ``place``; returns its bottom."""
        theme = painter.theme
        palette = theme.palette
        count = len(self.problems)
        pad = theme.px(16)
        width = place.width - 2 * pad
        verdict = "This level cannot be used: " + (
            "1 problem" if count == 1 else f"{count} problems"
        )
        header = theme.font(Type.BODY, bold=True).get_linesize() + theme.px(8)
        heights = [
            painter.paragraph_height(problem, width, Type.SMALL) for problem in self.problems
        ]
        box = pygame.Rect(place.left, place.top, place.width, 2 * pad + header + sum(heights))
        painter.panel(box, edge=palette.warning)
        with painter.within(box.inflate(-2 * pad, -2 * pad)):
            corner = (box.left + pad, box.top + pad)
            painter.text(verdict, corner, Type.BODY, palette.warning, bold=True)
            y = box.top + pad + header
            for problem in self.problems:
                y += painter.paragraph(
                    problem, pygame.Rect(box.left + pad, y, width, 0), Type.SMALL
                )
        return box.bottom


class Levels:
    """Every level with what it teaches; play one in any of the three ways.

    The card on the right holds all of the chosen level's learning goals and discussion
    questions: the wheel scrolls it, and so do ↑ / ↓ once Tab has focused it.
    """

    def __init__(self, menu: MenuHost) -> None:
        self.menu = menu
        self.list = ListBox(level_rows(menu.levels), 0, self.chosen, self.versus)
        self.details = ScrollCard(pad=18)
        self.page = ScrollPage()
        self.plays = [
            Button("Play vs computer", self.versus),
            Button("Hot-seat", lambda: menu.setup(PlayMode.HOT_SEAT, self.level)),
            Button("Watch AI vs AI", lambda: menu.setup(PlayMode.WATCH, self.level)),
        ]
        self.others = [Button("Open a file\u2026", self.open_file), Button("Back", menu.title)]
        self.focus = Focus([self.list, self.details, *self.plays, *self.others])

    @property
    def level(self) -> LoadedLevel:
        """The selected level."""
        return self.menu.levels[self.list.index]

    def chosen(self, index: int) -> None:
        """Another level: its card starts from the top."""
        self.details.first = 0

    def versus(self) -> None:
        """Set up the selected level against the computer."""
        self.menu.setup(PlayMode.VERSUS, self.level)

    def open_file(self) -> None:
        """Add a level from a file to the list."""
        self.menu.app.show(OpenLevel(self.menu, self.opened, lambda: self.menu.app.show(self)))

    def opened(self, level: LoadedLevel) -> None:
        """A valid file: select it in the list."""
        self.menu.add_level(level)
        self.list.rows = level_rows(self.menu.levels)
        self.list.index = len(self.menu.levels) - 1
        self.details.first = 0
        self.menu.app.show(self)

    def handle(self, event: pygame.event.Event) -> None:
        """Keys, clicks and the wheel; Esc goes back."""
        if goes_back(event):
            self.menu.title()
            return
        if not self.details.wheel(event):
            self.page.handle(event, self.focus)

    def draw(self, painter: Painter) -> None:
        """Two columns when the window has room at the size chosen, else one that scrolls."""
        if design_width(painter) >= TWO_COLUMNS:
            self.page.offset = 0
            self._draw_columns(painter)
            return
        painter.fill()
        theme = painter.theme
        with self.page.scrolling(painter, painter.surface.get_rect()) as page_top:
            subtitle = "In curriculum order: each level teaches one idea."
            top = heading(painter, "Levels", subtitle, page_top) + theme.px(14)
            column = design_rect(painter, 40, 0, 1200)
            rows = theme.font(Type.BODY, True).get_linesize()
            rows += theme.font(Type.SMALL).get_linesize() + theme.px(12)
            self.list.rect = pygame.Rect(column.left, top, column.width, LIST_ROWS * rows)
            self.details.blocks = level_blocks(self.level, theme.palette, browsing=True)
            height = self.details.needs(painter, column.width)
            top = self.list.rect.bottom + theme.px(14)
            self.details.rect = pygame.Rect(column.left, top, column.width, height)
            row = pygame.Rect(column.left, self.details.rect.bottom + theme.px(14), column.width, 0)
            row.height = theme.px(52)
            bottom = button_rows(painter, [*self.plays, *self.others], row)
            self.focus.draw(painter)
            self.page.reach(bottom + theme.px(16))

    def _draw_columns(self, painter: Painter) -> None:
        """The list and its buttons; the chosen level's card and the ways to play it."""
        painter.fill()
        theme = painter.theme
        top = heading(painter, "Levels", "In curriculum order: each level teaches one idea.")
        top += theme.px(14)
        bottom = design_rect(painter, 0, 708).top
        row = theme.px(52)
        left = design_rect(painter, 40, 0, 500)
        self.list.rect = pygame.Rect(left.left, top, left.width, bottom - row - theme.px(14) - top)
        button_row(painter, self.others, pygame.Rect(left.left, bottom - row, left.width, row))
        column = design_rect(painter, 570, 0, 670)
        button_row(painter, self.plays, pygame.Rect(column.left, bottom - row, column.width, row))
        self.details.blocks = level_blocks(self.level, theme.palette, browsing=True)
        self.details.rect = pygame.Rect(column.left, top, column.width, self.list.rect.height)
        self.focus.draw(painter)
