"""The teacher's live view of a class game, for the projector.

It shows, large, where students join and the join code; who waits in the lobby; every
pair's game (names, level, turn, tension, who is deciding or waiting, the outcome); and
the class totals as games end (outcomes, spirals, true security dilemmas, real against
felt security, as in the class report). The teacher starts rounds (pairing by hand when
the session says so), pauses and resumes every game, ends one, and ends the session,
which writes the class report; any finished game opens in the replay viewer. Everything
shown comes from the host's frozen :class:`~game.net.dashboard.Dashboard`, read each frame.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pygame

from game.levels import LoadedLevel
from game.net.dashboard import Dashboard, PairView, SeatStatus
from game.net.host import BackgroundHost
from game.net.join_code import shown_code
from game.net.pairing import Pair, Pairing
from game.net.protocol import DEFAULT_PORT
from game.replay import ReplayError, read_replay
from game.session.classroom import Tally, outcome_words
from game.ui.app import App
from game.ui.classroom import draw_widgets
from game.ui.layout import design_rect, heading, key_hint, rows_of
from game.ui.network_host import HostSetup
from game.ui.network_screens import sentence
from game.ui.painter import Painter
from game.ui.replay_viewer import ReplayViewer
from game.ui.theme import Type
from game.ui.widgets import Button, Focus, ListBox, Tabs, Widget


def pair_words(pair: PairView) -> tuple[str, str]:
    """A game as a list row: who plays, and where the game stands."""
    title = f"Game {pair.game}: {pair.names[0]} vs {pair.names[1]}"
    if pair.finished:
        how = "ended by the teacher" if pair.ended_by_teacher else ""
        outcome = outcome_words(pair.outcome) if pair.outcome else ""
        state = ", ".join(part for part in (outcome, how) if part)
        return title, f"round {pair.round} \u00b7 {pair.level} \u00b7 finished: {state}"
    who = [
        f"{name} {status.value}"
        for name, status in zip(pair.names, pair.status, strict=True)
        if status is not SeatStatus.COMPUTER
    ]
    return title, (
        f"round {pair.round} \u00b7 {pair.level} \u00b7 turn {pair.turn + 1} of {pair.turns}"
        f" \u00b7 tension {pair.tension:.2f} \u00b7 " + ", ".join(who)
    )


def totals_words(totals: Tally) -> list[str]:
    """The class totals in three lines, as the class report counts them."""
    if not totals.count:
        return ["No game has finished yet: the totals fill in as games end."]
    outcomes = ", ".join(
        f"{count} {outcome_words(key)}" for key, count in totals.outcomes.items() if count
    )
    real, felt = totals.real_security, totals.felt_security
    security = (
        f"Security: real {real:.2f}, felt {felt:.2f}"
        if real is not None and felt is not None
        else "Security: not measured on these levels"
    )
    return [
        f"{totals.count} finished: {outcomes}",
        f"Spirals {totals.spirals} \u00b7 true security dilemmas {totals.dilemmas}",
        security,
    ]


class ClassDashboard:
    """The live view and the teacher's commands; ``on_leave`` after the session ends."""

    def __init__(self, app: App, host: BackgroundHost, on_leave: Callable[[], None]) -> None:
        self.app = app
        self.host = host
        self.on_leave = on_leave
        self.by_hand = host.host.room.settings.pairing is Pairing.HAND
        self.board: Dashboard | None = host.dashboard()
        self.picked: list[str] = []
        """Seats the teacher picked, in order, to pair by hand (1 with 2, 3 with 4…)."""
        self.lobby = ListBox([], on_press=self.pick)
        self.games = ListBox([])
        self.start_button = Button("Start round", self.start_round)
        self.pause_button = Button("Pause all", self.pause)
        self.end_button = Button("End this game", self.end_game)
        self.replay_button = Button("Watch its replay", self.watch)
        self.session_button = Button("End session", self.end_session)
        self.buttons = [
            self.start_button,
            self.pause_button,
            self.end_button,
            self.replay_button,
            self.session_button,
        ]
        self.view = 0
        self.tabs = Tabs(["Waiting", "Games", "Class totals"], self.show_view)
        """The lobby, the games or the totals, where the window cannot hold all three."""
        self.focus = Focus([self.lobby, self.games, *self.buttons])
        self.problem = ""
        self.report: list[Path] = []
        self.refresh()

    # -- the host's view -----------------------------------------------------------------------
    def update(self, now: int) -> bool:
        """Read the host's latest view of the class; True if it changed."""
        board = self.host.dashboard()
        if board is not None and board is not self.board:
            self.board = board
            self.refresh()
            return True
        return False

    def refresh(self) -> None:
        """The lists and buttons as the class now stands."""
        board = self.board
        if board is None:
            return
        seats = dict(zip(board.lobby_seats, board.lobby, strict=False))
        self.picked = [seat for seat in self.picked if seat in seats]
        rows = []
        for seat, name in seats.items():
            detail = "waiting"
            if seat in self.picked:
                place = self.picked.index(seat)
                detail = f"picked: pair {place // 2 + 1}"
            elif self.by_hand:
                detail = "waiting: Enter picks for the next pair"
            rows.append((name, detail))
        self.lobby.rows = rows
        self.lobby.index = min(self.lobby.index, max(0, len(rows) - 1))
        self.games.rows = [pair_words(pair) for pair in board.pairs]
        self.games.index = min(self.games.index, max(0, len(board.pairs) - 1))
        self.start_button.label = "New round" if board.round else "Start round"
        self.pause_button.label = "Resume all" if board.paused else "Pause all"
        self.session_button.label = "Back to the title" if board.ended else "End session"
        for button in (self.start_button, self.pause_button, self.end_button):
            button.enabled = not board.ended

    def selected_pair(self) -> PairView | None:
        """The game chosen in the list of games."""
        if self.board is None or not self.board.pairs:
            return None
        return self.board.pairs[min(self.games.index, len(self.board.pairs) - 1)]

    # -- the teacher's commands ----------------------------------------------------------------
    def _command(self, action: Callable[[], object]) -> None:
        try:
            action()
        except ValueError as error:
            self.problem = sentence(str(error))
        else:
            self.problem = ""

    def pick(self) -> None:
        """Enter on a waiting student (pairing by hand): pick them for the next pair, or not."""
        if not self.by_hand or self.board is None or not self.board.lobby_seats:
            return
        seat = self.board.lobby_seats[min(self.lobby.index, len(self.board.lobby_seats) - 1)]
        if seat in self.picked:
            self.picked.remove(seat)
        else:
            self.picked.append(seat)
        self.refresh()

    def hand_pairs(self) -> list[Pair]:
        """The picked students two by two; a last one alone plays the computer."""
        picked = self.picked
        return [
            (picked[i], picked[i + 1] if i + 1 < len(picked) else None)
            for i in range(0, len(picked), 2)
        ]

    def start_round(self) -> None:
        """Pair the waiting students and start their games."""
        if self.by_hand:
            if not self.picked:
                self.problem = "Pick the students to pair first: Enter on each name in the lobby."
                return
            pairs = self.hand_pairs()
            self._command(lambda: self.host.start_round(pairs))
            if not self.problem:
                self.picked = []
        else:
            self._command(self.host.start_round)

    def pause(self) -> None:
        """Pause every game and its clock, or let them go on."""
        paused = self.board is not None and self.board.paused
        self._command(self.host.resume if paused else self.host.pause)

    def end_game(self) -> None:
        """End the chosen game now; both players get its debrief."""
        pair = self.selected_pair()
        if pair is None or pair.finished:
            self.problem = "Choose a game that is being played."
            return
        self._command(lambda: self.host.end_game(pair.game))

    def watch(self) -> None:
        """The chosen finished game in the replay viewer, coming back here."""
        pair = self.selected_pair()
        if pair is None or pair.replay is None:
            self.problem = "Choose a finished game: its replay is kept when it ends."
            return
        try:
            replay = read_replay(pair.replay)
        except ReplayError as error:
            self.problem = str(error)
            return
        self.problem = ""
        self.app.show(ReplayViewer(self.app, replay, lambda: self.app.show(self)))

    def end_session(self) -> None:
        """End every game and the session and write the class report (once ended: leave)."""
        if self.board is not None and self.board.ended:
            self.on_leave()
            return
        try:
            self.report = self.host.end_session()
        except ValueError as error:
            self.problem = str(error)
            return
        self.update(self.app.now())
        folder = self.report[0].parent if self.report else None
        self.problem = (
            f"The class report is written in {folder}."
            if folder
            else "The session is over; no game finished, so there is no class report."
        )

    def handle(self, event: pygame.event.Event) -> None:
        """Tab, arrows, Enter and clicks."""
        self.focus.handle(event)

    # -- drawing -------------------------------------------------------------------------------
    def show_view(self, index: int) -> None:
        """Where the window is too small for all three: the lobby, the games or the totals."""
        self.view = index

    def draw(self, painter: Painter) -> None:
        """Where to join, big; the lobby, the games and the totals; the commands.

        Where the window holds them, the lobby and the games stand side by side with the
        totals under the games; where it does not (a large interface size), tabs show one
        of the three at a time, and the address and code are a size smaller.
        """
        painter.fill()
        theme = painter.theme
        board = self.board
        if board is None:
            return
        top = heading(painter, board.session) + theme.px(12)
        whole = design_rect(painter, 40, 0, 1200)
        bottom = design_rect(painter, 0, 712).top - theme.font(Type.SMALL).get_height()
        message_height = theme.font(Type.SMALL).get_height() if self.problem else 0
        buttons_top = self._place_buttons(painter, whole, bottom - theme.px(6), self.buttons)
        lists_bottom = buttons_top - theme.px(10) - message_height
        totals = totals_words(board.totals)
        line = theme.font(Type.SMALL).get_height() + theme.px(4)
        totals_height = line * len(totals) + 2 * theme.px(12)
        row = theme.font(Type.BODY, True).get_linesize() + theme.font(Type.SMALL).get_linesize()
        full_needs = line + max(2 * (row + theme.px(12)), totals_height + row + theme.px(20))
        compact = True
        for size in (Type.TITLE, Type.HEADING):
            if top + self._join_height(painter, whole, size) + theme.px(12) + full_needs <= (
                lists_bottom
            ):
                compact = False
                break
        y = self._join_card(painter, pygame.Rect(whole.left, top, whole.width, 0), board, size)
        y += theme.px(12)
        if compact:
            shown = self.view_buttons()
            buttons_top = self._place_buttons(painter, whole, bottom - theme.px(6), shown)
            lists_bottom = buttons_top - theme.px(10) - message_height
            self._compact(painter, board, pygame.Rect(whole.left, y, whole.width, 0), lists_bottom)
        else:
            self._side_by_side(painter, board, whole, y, lists_bottom)
        if self.problem:
            line_shown = painter.clip(self.problem, Type.SMALL, whole.width, "ends")
            where = (whole.left, lists_bottom + theme.px(4))
            painter.text(line_shown, where, Type.SMALL, theme.palette.warning)
        key_hint(painter, "Tab: next \u00b7 Up/Down: choose \u00b7 Enter: press")

    def view_buttons(self) -> list[Button]:
        """The commands that go with the view the tabs show (all of them fit no row)."""
        if self.view == 0:
            return [self.start_button, self.pause_button, self.session_button]
        if self.view == 1:
            return [self.end_button, self.replay_button, self.pause_button]
        return [self.pause_button, self.session_button]

    def _captions(self, board: Dashboard) -> tuple[str, str]:
        state = "paused" if board.paused else ("over" if board.ended else "live")
        return (
            f"Waiting ({len(board.lobby)}) \u00b7 {board.connected} connected",
            f"Games \u00b7 round {board.round} \u00b7 {state}",
        )

    def _side_by_side(
        self, painter: Painter, board: Dashboard, whole: pygame.Rect, y: int, bottom: int
    ) -> None:
        theme = painter.theme
        palette = theme.palette
        left = design_rect(painter, 40, 0, 380)
        right = design_rect(painter, 450, 0, 790)
        waiting, games = self._captions(board)
        small = Type.SMALL
        painter.text(painter.clip(waiting, small, left.width), (left.left, y), small, palette.dim)
        painter.text(painter.clip(games, small, right.width), (right.left, y), small, palette.dim)
        y += theme.font(Type.SMALL).get_height() + theme.px(4)
        totals = totals_words(board.totals)
        line = theme.font(Type.SMALL).get_height() + theme.px(4)
        height = line * len(totals) + 2 * theme.px(12)
        self.lobby.rect = pygame.Rect(left.left, y, left.width, max(0, bottom - y))
        games_bottom = bottom - height - theme.px(8)
        self.games.rect = pygame.Rect(right.left, y, right.width, max(0, games_bottom - y))
        self.focus.widgets = [self.lobby, self.games, *self.buttons]
        self._draw_lists(painter)
        self._totals(painter, totals, pygame.Rect(right.left, bottom - height, right.width, height))

    def _compact(self, painter: Painter, board: Dashboard, box: pygame.Rect, bottom: int) -> None:
        theme = painter.theme
        self.tabs.options = [
            f"Waiting ({len(board.lobby)})",
            f"Games ({len(board.pairs)})",
            "Class totals",
        ]
        self.tabs.rect = pygame.Rect(
            box.left, box.top, box.width, theme.font(Type.BODY).get_height() + theme.px(16)
        )
        body = pygame.Rect(box.left, self.tabs.rect.bottom + theme.px(8), box.width, 0)
        body.height = max(0, bottom - body.top)
        shown: list[Widget] = []
        self.lobby.rect = self.games.rect = pygame.Rect(0, 0, 0, 0)
        if self.view == 0:
            self.lobby.rect, shown = body, [self.lobby]
        elif self.view == 1:
            self.games.rect, shown = body, [self.games]
        current = self.focus.current
        self.focus.widgets = [self.tabs, *shown, *self.view_buttons()]
        if current in self.focus.widgets:
            self.focus.index = self.focus.widgets.index(current)
        self._draw_lists(painter)
        if self.view == 2:
            self._totals(painter, totals_words(board.totals), body)

    def _draw_lists(self, painter: Painter) -> None:
        theme = painter.theme
        draw_widgets(painter, self.focus)
        for box, empty, rows in (
            (self.lobby.rect, "Nobody is waiting.", self.lobby.rows),
            (self.games.rect, "No game yet: Start round pairs the class.", self.games.rows),
        ):
            if not rows and box.height > theme.px(40):
                inner = box.inflate(-2 * theme.px(12), -2 * theme.px(12))
                with painter.within(inner):
                    painter.paragraph(empty, inner, Type.SMALL, theme.palette.dim)

    def _totals(self, painter: Painter, totals: list[str], box: pygame.Rect) -> None:
        line = painter.theme.font(Type.SMALL).get_height() + painter.theme.px(4)
        inner = painter.card(box, pad=12)
        for index, text in enumerate(totals):
            if inner.top + (index + 1) * line > inner.bottom + painter.theme.px(4):
                break
            shown = painter.clip(text, Type.SMALL, inner.width)
            painter.text(shown, (inner.left, inner.top + index * line), Type.SMALL)
        painter.bounds = None

    def _join_height(self, painter: Painter, box: pygame.Rect, size: float) -> int:
        """How tall the address card is with its values at ``size``."""
        return self._join_layout(painter, box, size)[0]

    def _join_layout(self, painter: Painter, box: pygame.Rect, size: float) -> tuple[int, bool]:
        theme = painter.theme
        board = self.board
        assert board is not None
        pad = theme.px(14)
        big = theme.font(size, bold=True)
        small = theme.font(Type.SMALL)
        parts = [("Students join at", board.address), ("with the code", shown_code(board.code))]
        widths = [max(small.size(a)[0], big.size(b)[0]) for a, b in parts]
        side_by_side = sum(widths) + theme.px(40) <= box.width - 2 * pad
        rows = 1 if side_by_side else 2
        block = small.get_height() + big.get_height()
        return rows * block + (rows - 1) * theme.px(8) + 2 * pad, side_by_side

    def _join_card(self, painter: Painter, box: pygame.Rect, board: Dashboard, size: float) -> int:
        """The address and the code, as large as the projector needs; returns its bottom."""
        theme = painter.theme
        palette = theme.palette
        box.height, side_by_side = self._join_layout(painter, box, size)
        inner = painter.card(box, palette.focus, pad=14)
        small = theme.font(Type.SMALL).get_height()
        block = small + theme.font(size, bold=True).get_height()
        x, y = inner.left, inner.top
        parts = [("Students join at", board.address), ("with the code", shown_code(board.code))]
        for label, value in parts:
            caption = painter.text(label, (x, y), Type.SMALL, palette.dim)
            shown = painter.clip(value, size, inner.width, bold=True)
            drawn = painter.text(shown, (x, y + small), size, bold=True)
            if side_by_side:
                x = max(caption.right, drawn.right) + theme.px(40)
            else:
                y += block + theme.px(8)
        painter.bounds = None
        return box.bottom

    def _place_buttons(
        self, painter: Painter, box: pygame.Rect, bottom: int, buttons: list[Button]
    ) -> int:
        """``buttons`` in rows above ``bottom``, as many a row as fit; returns their top."""
        theme = painter.theme
        font = theme.font(Type.LABEL)
        gap = theme.px(10)
        height = font.get_height() + theme.px(14)
        needs = [font.size(button.label)[0] + theme.px(36) for button in buttons]
        rows = [[(buttons[i], needs[i]) for i in row] for row in rows_of(needs, box.width, gap)]
        top = bottom - len(rows) * height - (len(rows) - 1) * gap
        for index, row in enumerate(rows):
            x = box.left
            y = top + index * (height + gap)
            for button, need in row:
                button.rect = pygame.Rect(x, y, need, height)
                x += need + gap
        return top


def open_hosting(
    app: App,
    levels: list[LoadedLevel],
    on_leave: Callable[[], None],
    bind: str | None = None,
    port: int = DEFAULT_PORT,
) -> HostSetup:
    """The host's set-up screen; starting opens the dashboard, which leaves to ``on_leave``."""
    setup = HostSetup(
        levels,
        lambda host: app.show(ClassDashboard(app, host, on_leave)),
        on_leave,
        app.now,
        bind,
        port,
    )
    app.show(setup)
    return setup
