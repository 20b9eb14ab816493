"""The title screen and main menu, and the navigation between every screen outside a match.

``security-dilemma`` with no arguments opens here. The menu offers a saved game to
continue (when there is one), the three ways to play, the level browser, the guide and the
settings.
"""

from __future__ import annotations

import functools
import math
from typing import TYPE_CHECKING

import pygame

from game import __version__
from game.levels import LoadedLevel, builtin_ids, load_builtin
from game.levels.compile import SIDE_DEFAULTS
from game.rules.model import Side
from game.session.saves import SavedGame, SaveError, load_saved_game, saved_game_path
from game.ui.app import App
from game.ui.layout import design_rect, page_hint
from game.ui.painter import Painter
from game.ui.roles import PlayMode
from game.ui.scroll import ScrollPage
from game.ui.theme import Type, hex_color
from game.ui.widgets import Button, Focus

if TYPE_CHECKING:
    from game.replay import Replay
    from game.session.classroom import ClassSession
    from game.ui.flow import MatchFlow
    from game.ui.lab import Lab

# The other screens are imported where they are opened: the title screen, the first thing
# a player sees, is drawn before any of them is needed (the start-up issue).


class Menu:
    """Navigation between the screens outside a match; it knows the levels on offer."""

    def __init__(self, app: App) -> None:
        self.app = app
        self._levels: list[LoadedLevel] | None = None
        self.message = ""
        """One line shown on the title screen: what just happened (a game saved)."""
        self.warning = ""
        """One line shown on the title screen in the warning colour: what went wrong."""
        self.class_session: tuple[ClassSession, str] | None = None
        """While a teacher runs a class session: the session and the pair playing next."""
        self.class_note = ""
        """What happened to the last game of the class session (shown for the next pair)."""
        self.remembered: dict[PlayMode, tuple[str, dict[Side, str]]] = {}
        """The level (by origin) and players last started in each way to play, offered
        again the next time that set-up opens."""

    @property
    def levels(self) -> list[LoadedLevel]:
        """The levels on offer: the built-in ones, loaded when a screen first lists them."""
        if self._levels is None:
            self._levels = [load_builtin(level_id) for level_id in builtin_ids()]
        return self._levels

    @levels.setter
    def levels(self, levels: list[LoadedLevel]) -> None:
        self._levels = levels

    def title(self) -> None:
        """Back to the title screen (which ends a class session)."""
        self.class_session = None
        self.app.show(Title(self))

    def classroom(self, session: ClassSession | None = None) -> None:
        """Start or go on with a class session: its name, then the pair playing next."""
        from game.ui.classroom import ClassroomStart

        note, self.class_note = self.class_note, ""
        self.app.show(
            ClassroomStart(
                self.app, self.class_game, self.teacher_summary, self.title, session, note
            )
        )

    def class_game(self, session: ClassSession, pair: str) -> None:
        """The pair sets up its hot-seat game; the game is added to the session when it ends."""
        self.class_session = (session, pair)
        self.setup(PlayMode.HOT_SEAT)

    def teacher_summary(self, session: ClassSession) -> None:
        """The teacher's summary of a session; back goes to the session's screen."""
        from game.ui.classroom import session_summary

        self.app.show(session_summary(self.app, session, lambda: self.classroom(session)))

    def record_class_game(self, session: ClassSession, pair: str, flow: MatchFlow) -> None:
        """Add a finished game to the class session; a failure is shown on the debrief."""
        from game.session.classroom import outcome_words, record_game

        try:
            record = record_game(
                session, pair, flow.level, flow.controllers, flow.match, flow.replay_path
            )
        except OSError as error:
            flow.save_problem = f"Not added to the class results: {error.strerror or error}"
            self.class_note = flow.save_problem
            return
        self.class_note = (
            f"Game recorded: {pair}, {record.level.title}, {outcome_words(record.outcome)}. "
            "Who plays next?"
        )

    def host_class_game(self) -> None:
        """Host a class game on the local network, and watch it on the dashboard."""
        from game.ui.dashboard import open_hosting

        open_hosting(self.app, self.levels, self.title)

    def join_class_game(self) -> None:
        """Join a class game hosted on the teacher's computer."""
        from game.ui.network_play import NetworkGame

        NetworkGame(self.app, self.title).open()

    def setup(self, mode: PlayMode, level: LoadedLevel | None = None) -> None:
        """Set up a match: level, players, seed."""
        from game.ui.setup import Setup

        self.app.show(Setup(self, mode, level))

    def replays(self) -> None:
        """The saved replays, newest first."""
        from game.ui.replay_list import ReplayList

        self.app.show(ReplayList(self.app, self.watch_replay, self.title))

    def watch_replay(self, replay: Replay) -> None:
        """One replay in the viewer; leaving it comes back to the list."""
        from game.ui.replay_viewer import ReplayViewer

        self.app.show(ReplayViewer(self.app, replay, self.replays))

    def lab(self) -> None:
        """Many games at once: change one setting and see the pattern."""
        from game.ui.lab import Lab

        lab = Lab(self.app, self.levels, self.title, lambda replay: self._example(replay, lab))
        self.app.show(lab)

    def _example(self, replay: Replay, lab: Lab) -> None:
        """An example game of the lab in the replay viewer, coming back to the lab."""
        from game.ui.replay_viewer import ReplayViewer

        self.app.show(ReplayViewer(self.app, replay, lambda: self.app.show(lab)))

    def browse_levels(self) -> None:
        """The list of levels with what each teaches."""
        from game.ui.setup import Levels

        self.app.show(Levels(self))

    def how_to_play(self) -> None:
        """The guide to the rules and ideas."""
        from game.ui.guide import HowToPlay

        self.app.show(HowToPlay(self.app, self.title))

    def settings(self) -> None:
        """Fullscreen, interface size, colours, sound."""
        from game.ui.settings_screen import SettingsScreen

        self.app.show(SettingsScreen(self.app, self.title))

    def add_level(self, level: LoadedLevel) -> None:
        """A level opened from a file joins the lists for the rest of the session."""
        self.levels = [known for known in self.levels if known.origin != level.origin]
        self.levels.append(level)

    def play(self, level: LoadedLevel, seed: int, controllers: dict[Side, str]) -> None:
        """Start a match; leaving it comes back to the title screen."""
        from game.session.classroom import class_tag
        from game.ui.flow import MatchFlow

        self.message = self.warning = ""
        on_finish = classroom = None
        if self.class_session is not None:
            session, pair = self.class_session
            on_finish = functools.partial(self.record_class_game, session, pair)
            classroom = class_tag(session, pair)
        MatchFlow(
            self.app,
            level,
            seed,
            controllers,
            self.left_match,
            on_finish=on_finish,
            classroom=classroom,
        ).start()

    def left_match(self) -> None:
        """After a match (or a pause-menu exit): the next pair of a class, or the title."""
        if self.class_session is not None:
            self.classroom(self.class_session[0])
            return
        if saved_game_path().exists():
            self.message = "Your game is saved: Continue picks it up where you left off."
        self.title()

    def resume(self, saved: SavedGame) -> None:
        """Continue a saved game at its last completed turn."""
        from game.session.classroom import rejoin_session
        from game.ui.flow import MatchFlow

        try:
            match = saved.resume()
        except SaveError as error:
            self.warning = f"The saved game cannot be continued: {error}"
            self.title()
            return
        self.message = self.warning = ""
        on_finish = None
        tag = saved.classroom
        if tag is not None:  # a class game goes on: it is added to its session when it ends
            try:
                session = rejoin_session(tag)
            except OSError as error:
                self.warning = f"Not added to the class results: {error.strerror or error}"
            else:
                self.class_session = (session, tag.pair)
                on_finish = functools.partial(self.record_class_game, session, tag.pair)
        flow = MatchFlow(
            self.app,
            saved.level,
            saved.seed,
            saved.controllers,
            self.left_match,
            match,
            on_finish=on_finish,
            classroom=tag,
        )
        flow.start()


class Title:
    """The game's name, a picture of the idea, and the main menu."""

    def __init__(self, menu: Menu) -> None:
        self.menu = menu
        self.saved: SavedGame | None = None
        self.problem = ""
        if saved_game_path().exists():
            try:
                self.saved = load_saved_game(saved_game_path())
            except SaveError as error:
                self.problem = f"Saved game not opened: {error}"
        buttons: list[Button] = []
        self.resume_button: Button | None = None
        if self.saved is not None:
            saved = self.saved
            self.resume_button = Button(_resume_label(saved), lambda: menu.resume(saved))
            buttons.append(self.resume_button)
        buttons += [
            Button("Hot-seat: two players", lambda: menu.setup(PlayMode.HOT_SEAT)),
            Button("Play against the computer", lambda: menu.setup(PlayMode.VERSUS)),
            Button("Watch AI against AI", lambda: menu.setup(PlayMode.WATCH)),
            Button("Classroom session", menu.classroom),
            Button("Host a class game", menu.host_class_game),
            Button("Join a class game", menu.join_class_game),
            Button("Replays", menu.replays),
            Button("Lab", menu.lab),
            Button("Levels", menu.browse_levels),
            Button("How to play", menu.how_to_play),
            Button("Settings", menu.settings),
            Button("Quit", menu.app.quit),
        ]
        self.buttons = buttons
        self.focus = Focus(buttons)
        self.page = ScrollPage()

    def handle(self, event: pygame.event.Event) -> None:
        """Arrows, Tab, Enter and the mouse choose; the wheel scrolls a page too tall."""
        self.page.handle(event, self.focus)

    def draw(self, painter: Painter) -> None:
        """Title, tagline, idea and the spiral picture on the left; the menu on the right.

        Everything stacks on the heights actually drawn, and the menu's column is as wide
        as its longest label, so a larger interface size pushes the picture smaller (and
        out, when there is no room for it) instead of text into text; a name too wide for
        its column breaks onto two lines. At the largest sizes the whole screen scrolls.
        """
        painter.fill()
        theme = painter.theme
        with self.page.scrolling(painter, painter.surface.get_rect()) as page_top:
            right = design_rect(painter, 1240, 0).left
            width = max(
                design_rect(painter, 0, 0, 480).width,
                max(theme.font(Type.LABEL).size(widget.label)[0] for widget in self.buttons)
                + 2 * theme.px(16),
            )
            menu_left = min(design_rect(painter, 760, 0).left, right - width)
            column = design_rect(painter, 70, 50)
            column.top += page_top
            column.width = menu_left - theme.px(60) - column.left
            bottom = page_top + design_rect(painter, 0, 712).top - theme.px(Type.SMALL * 1.4)
            words = self._draw_words(painter, column)
            picture = pygame.Rect(column.left, words + theme.px(16), column.width, 0)
            picture.height = bottom - theme.px(8) - picture.top
            if picture.height > theme.px(120):
                _spiral_picture(painter, picture)
            buttons = self._place_buttons(
                painter, pygame.Rect(menu_left, column.top, width, bottom - column.top)
            )
            self.focus.draw(painter)
            end = max(words, buttons)
            hint = page_hint(painter, "Tab or arrows: choose \u00b7 Enter: select", end, page_top)
            painter.text(
                f"Version {__version__}",
                (column.left + theme.px(4), hint),
                Type.SMALL,
                theme.palette.dim,
                anchor="bottomleft",
            )
            self.page.reach(hint + theme.px(4))

    def _draw_words(self, painter: Painter, column: pygame.Rect) -> int:
        """The game's name, tagline, idea and any note, down ``column``; returns the bottom."""
        theme = painter.theme
        palette = theme.palette
        name_font = theme.font(Type.DISPLAY, bold=True)
        lines = ["Security Dilemma"]
        if name_font.size(lines[0])[0] > column.width:
            lines = ["Security", "Dilemma"]
        y = column.top
        for line in lines:
            y = painter.text(line, (column.left, y), Type.DISPLAY, bold=True).bottom
        inset = pygame.Rect(column.left + theme.px(4), y, column.width - theme.px(4), 0)
        y += painter.paragraph(
            "Two nations. Secret orders. Noisy intelligence.", inset, Type.LABEL, palette.dim
        )
        y += theme.px(16)
        inset.top = y
        y += painter.paragraph(
            "Each side only wants to be safe, yet every weapon it builds for its own "
            "defence looks like a threat to the other. Play it and see how an arms race "
            "can start although nobody wanted one.",
            inset,
            Type.BODY,
            palette.text,
        )
        warning = self.problem or self.menu.warning
        note = warning or self.menu.message
        if note:
            inset.top = y
            color = palette.warning if warning else palette.good
            y += painter.paragraph(note, inset, Type.SMALL, color)
        return y

    def _place_buttons(self, painter: Painter, column: pygame.Rect) -> int:
        """The menu's buttons evenly down ``column``, each tall enough for its label.

        When they do not fit, they keep that height and run below (the page scrolls).
        Returns the bottom of the last one.
        """
        theme = painter.theme
        count = len(self.buttons)
        gap = theme.px(8)
        least = theme.font(Type.LABEL).get_height() + theme.px(4) + gap
        step = max(least, min(theme.px(66), (column.height + gap) // count))
        top = column.top + max(0, (column.height + gap - step * count) // 2)
        for index, widget in enumerate(self.buttons):
            widget.rect = pygame.Rect(column.left, top + index * step, column.width, step - gap)
        if self.resume_button is not None and self.saved is not None:
            room = column.width - 2 * theme.px(16)
            self.resume_button.label = _resume_label(self.saved, painter, room)
        return top + count * step - gap


def _resume_label(saved: SavedGame, painter: Painter | None = None, room: int = 0) -> str:
    """The resume button's words; the level's title shortened to fit ``room`` pixels."""
    turn = f", turn {saved.turns_played + 1}"
    title = saved.level.model.level.title
    if painter is not None:
        font = painter.theme.font(Type.LABEL)
        room -= font.size(f"Continue: {turn}")[0]
        title = painter.clip(title, Type.LABEL, room)
    return f"Continue: {title}{turn}"


def _spiral_picture(painter: Painter, box: pygame.Rect) -> None:
    """Two arsenals climbing in turn, each drawn with its nation's emblem: the spiral."""
    theme = painter.theme
    palette = theme.palette
    (red_name, red, red_shape), (blue_name, blue, blue_shape) = (
        (name, hex_color(color), emblem) for name, color, emblem in SIDE_DEFAULTS.values()
    )
    turns = 12
    climb = [2 + 0.55 * t + 0.35 * t * t / turns for t in range(turns)]
    series = (
        ([c + 0.6 * math.sin(t) for t, c in enumerate(climb)], red, red_shape),
        ([c + 0.6 * math.cos(t) for t, c in enumerate(climb)], blue, blue_shape),
    )
    top = max(max(values) for values, _, _ in series) * 1.1
    inner = box.inflate(-theme.px(40), -theme.px(40))

    def point(turn: int, value: float) -> tuple[int, int]:
        x = inner.left + round(inner.width * turn / (turns - 1))
        return x, inner.bottom - round(inner.height * value / top)

    painter.panel(box)
    pygame.draw.line(painter.surface, palette.panel_edge, inner.bottomleft, inner.bottomright)
    for values, color, shape in series:
        points = [point(t, v) for t, v in enumerate(values)]
        pygame.draw.lines(painter.surface, color, False, points, theme.px(4))
        for p in points:
            painter.emblem(shape, p, theme.px(8), color)
    for row, (name, (_, color, shape)) in enumerate(
        zip((red_name, blue_name), series, strict=True)
    ):
        y = inner.top + row * theme.px(28)
        painter.emblem(shape, (inner.left + theme.px(8), y + theme.px(11)), theme.px(7), color)
        painter.text(name, (inner.left + theme.px(22), y), Type.SMALL, color, bold=True)
    painter.text(
        "weapons, turn after turn",
        (inner.right, inner.bottom - theme.px(4)),
        Type.SMALL,
        palette.dim,
        anchor="bottomright",
    )
