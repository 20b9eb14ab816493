"""Replaying a game for a class: each turn, both private views beside the truth.

After a game the class can see, turn by turn, what Redland knew when it decided, what was
really so, and what Blueland knew, with hindsight marking where a view was wrong, and the
episodes the analysis found in that turn (arms races, misperceptions, misheard words,
accidents, treaties, costly signals, crises), all on the turn's tab, under a timeline
that marks every episode. The chart tabs show the whole game with the chosen turn marked,
each chart as tall as the window allows; the verdict tab gives Tang's conditions. The
interface size is honoured: what does not fit scrolls, a whole line at a time.

Keys: Space or P play or pause (one turn a second), Left/Right one turn, Page Up/Page Down
five turns, Home/End the first or last turn, N or ] the next episode, B or [ the previous
one, C the next chart, T the turn, Up/Down (or the wheel) scroll the page, Esc or
Backspace back. A click or a drag on the timeline picks a turn; a click on a tab shows it.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import datetime

import pygame

from game.ai.beliefs import belief_from
from game.replay import Replay
from game.replay.analysis import EPISODE_KINDS, Episode, analyse
from game.replay.record import TurnRecord
from game.rules import vocabulary as words
from game.rules.model import NationType, Observation, Side, Signal
from game.session.results import game_results
from game.ui import charts
from game.ui.app import App
from game.ui.columns import (
    PAD,
    SIDES,
    Hindsight,
    Line,
    Row,
    Truth,
    draw_rows,
    rows_height,
    truth_rows,
    view_rows,
)
from game.ui.layout import button_row, design_rect, goes_back
from game.ui.painter import Painter
from game.ui.theme import Color, Type, nation_looks
from game.ui.widgets import Button, Focus, scroll_bar

PLAY_INTERVAL_MS = 1000
"""Playing shows one turn a second: slow enough to read, fast enough to see a spiral grow."""
PAGE = 5
"""Turns that Page Up and Page Down jump."""
LANES = 3
"""Rows of episode marks above the timeline; more overlapping episodes share the last row."""
CHARTS = ("Arsenals", "Tension", "Security", "Belief", "Verdict")
"""The tabs after the turn's own, each the whole game (or its verdict) at the page's size."""
TURN_TAB = "The turn"
"""The first tab: the three columns and the turn's episodes."""
SCROLL_STEP = 48
"""Design pixels one notch of the wheel, or Up or Down, scrolls the page."""
MARGIN = 30
"""Design pixels between the window's edges and the screen's cards."""
BESIDE = 1150
"""Design pixels of page width from which the turn's episodes stand beside its columns."""
KEYS = (
    "Space: play \u00b7 Left/Right: turn \u00b7 Home/End \u00b7 N/B: episode \u00b7 C: chart "
    "\u00b7 T: the turn \u00b7 Up/Down: scroll \u00b7 click the timeline: pick a turn \u00b7 "
    "Esc: back"
)
"""The viewer's keys, in one line."""


@dataclass(frozen=True)
class Mark:
    """How an episode kind appears on the timeline: a shape and a word, never colour alone."""

    shape: str
    label: str


MARKS = {
    "mutual_arming": Mark("triangle", "Both armed"),
    "perception_error": Mark("diamond", "Misperceived"),
    "misread_signal": Mark("square", "Misheard"),
    "execution_accident": Mark("cross", "Accident"),
    "treaty_made": Mark("circle", "Treaty"),
    "treaty_broken": Mark("broken", "Treaty broken"),
    "costly_signal": Mark("hexagon", "Costly signal"),
    "crisis": Mark("star", "Crisis"),
}


def local_date(saved_at: str) -> str:
    """A saved time (ISO, UTC) as people read it, in the computer's time zone."""
    try:
        moment = datetime.fromisoformat(saved_at)
    except ValueError:
        return saved_at
    return moment.astimezone().strftime("%d %b %Y, %H:%M").lstrip("0")


def player(spec: str) -> str:
    """Who gave a side's orders, in words."""
    return "a person" if spec == "human" else spec


def draw_mark(
    painter: Painter, shape: str, center: tuple[int, int], radius: int, color: Color
) -> None:
    """An episode's mark: an outlined shape, so it is not mistaken for a nation's emblem."""
    hole = painter.theme.palette.panel
    x, y = center
    width = max(2, radius // 3)
    if shape == "cross":
        for dx in (-radius, radius):
            pygame.draw.line(painter.surface, color, (x - dx, y - radius), (x + dx, y + radius), 3)
        return
    if shape == "broken":
        pygame.draw.circle(painter.surface, color, center, radius, width)
        corner = round(radius * 0.7)
        pygame.draw.line(
            painter.surface, color, (x - corner, y + corner), (x + corner, y - corner), width
        )
        return
    painter.emblem(shape, center, radius, color)
    painter.emblem(shape, center, radius * 0.5, hole)


class ReplayViewer:
    """A replay, turn by turn: timeline, three columns, charts, episodes and verdict."""

    def __init__(self, app: App, replay: Replay, on_back: Callable[[], None]) -> None:
        self.app = app
        self.replay = replay
        self.on_back = on_back
        self.analysis = analyse(replay)
        self.result = game_results(replay.state, [replay.seed])[0]
        self.looks = nation_looks(replay.level.model)
        self.count = len(replay.records)
        self.turn = 1 if self.count else 0
        """The turn shown, 1-based (0 only for a replay without any turn)."""
        final = {side: replay.state.observe(side).game(0) for side in SIDES}
        self.views: list[dict[Side, Observation]] = [*replay.views, final]
        """What each side knew before turn t + 1, t = 0 … count (the last: after the game)."""
        self.beliefs = {
            side: [*self.analysis.beliefs[side], belief_from(final[side])] for side in SIDES
        }
        self.playing = False
        self.last_step_at: int | None = None
        self.chart: int | None = None
        """The chart tab shown (an index of :data:`CHARTS`); None: the turn's own tab."""
        self.offset = 0
        """Pixels the page below the tabs is scrolled by (0: its top)."""
        self.farthest = 0
        """The most :attr:`offset` can be: how much longer the page is than its place."""
        self.dragging = False
        self.timeline = pygame.Rect(0, 0, 0, 0)
        self.tabs: list[pygame.Rect] = []
        """Where each of :data:`CHARTS`' tabs was drawn."""
        self.turn_tab = pygame.Rect(0, 0, 0, 0)
        self.page = pygame.Rect(0, 0, 0, 0)
        """Where the page below the tabs was drawn (the wheel scrolls it there)."""
        self.legend_apart = False
        """The timeline's legend is too long for one line: the episodes' card ends with it."""
        self.keys_apart = False
        """The keys are too long for one line at the foot: the episodes' card ends with them."""
        self.play_button = Button("Play", self.toggle)
        self.focus = Focus(
            [
                Button("Step back", lambda: self.step(-1)),
                self.play_button,
                Button("Step", lambda: self.step(1)),
                Button("Back", on_back),
            ]
        )
        self.focus.index = 1

    # -- moving through the game ---------------------------------------------------------------
    def select(self, turn: int) -> None:
        """Show ``turn`` (clamped to the turns played)."""
        self.turn = min(max(turn, 1), self.count) if self.count else 0

    def step(self, change: int) -> None:
        """Move by ``change`` turns and pause, to talk the turn through."""
        self.pause()
        self.select(self.turn + change)

    def pause(self) -> None:
        """Stop playing."""
        self.playing = False
        self.play_button.label = "Play"

    def toggle(self) -> None:
        """Play or pause; playing from the last turn starts again from the first."""
        if self.playing or not self.count:
            self.pause()
            return
        if self.turn >= self.count:
            self.select(1)
        self.playing = True
        self.last_step_at = None
        self.play_button.label = "Pause"

    def update(self, now_ms: int) -> bool:
        """While playing, the next turn every :data:`PLAY_INTERVAL_MS`; True on a step."""
        if not self.playing:
            return False
        if self.last_step_at is None:
            self.last_step_at = now_ms
        elif now_ms - self.last_step_at >= PLAY_INTERVAL_MS:
            self.last_step_at = now_ms
            self.select(self.turn + 1)
            self.app.sounds.play("alarm" if self.alarming(self.turn) else "turn")
            if self.turn >= self.count:
                self.pause()
            return True
        return False

    def alarming(self, turn: int) -> bool:
        """A crisis begins in ``turn``, or the game ends in war: playing sounds the alarm."""
        war = turn == self.count and self.replay.finished and self.result.outcome.is_war
        return war or (self.in_crisis(turn) and not (turn > 1 and self.in_crisis(turn - 1)))

    def episodes_at(self, turn: int) -> list[Episode]:
        """The episodes that include ``turn``, the shortest (what happened here) first."""
        here = [e for e in self.analysis.episodes if e.first_turn <= turn <= e.last_turn]
        return sorted(here, key=lambda e: e.last_turn - e.first_turn)

    def jump_to_episode(self, forward: bool) -> None:
        """Go to the start of the next (or previous) episode that starts on another turn."""
        starts = sorted({e.first_turn for e in self.analysis.episodes})
        later = [t for t in starts if t > self.turn]
        earlier = [t for t in starts if t < self.turn]
        target = (later[:1] if forward else earlier[-1:]) or [self.turn]
        self.pause()
        self.select(target[0])

    def scrub(self, x: int) -> None:
        """Show the turn under ``x`` on the timeline."""
        if self.count and self.timeline.width:
            share = (x - self.timeline.left) / self.timeline.width
            self.pause()
            self.select(int(share * self.count) + 1)

    def handle(self, event: pygame.event.Event) -> None:
        """The viewer's own keys and the timeline first, then the buttons."""
        if goes_back(event):
            self.on_back()
            return
        if event.type == pygame.KEYDOWN and self._key(event.key):
            return
        if event.type == pygame.MOUSEBUTTONDOWN and event.button == 1:
            if self.timeline.collidepoint(event.pos):
                self.dragging = True
                self.scrub(event.pos[0])
                return
            if self.turn_tab.collidepoint(event.pos):
                self.show(None)
                return
            for index, tab in enumerate(self.tabs):
                if tab.collidepoint(event.pos):
                    self.show(index)
                    return
        elif event.type == pygame.MOUSEWHEEL and self.page.collidepoint(event.pos):
            self.scroll(-event.y)
            return
        elif event.type == pygame.MOUSEMOTION and self.dragging:
            self.scrub(event.pos[0])
            return
        elif event.type == pygame.MOUSEBUTTONUP:
            self.dragging = False
        self.focus.handle(event)

    def _key(self, key: int) -> bool:
        """Act on one of the viewer's keys; False if it is not one."""
        moves = {
            pygame.K_LEFT: -1,
            pygame.K_RIGHT: 1,
            pygame.K_PAGEUP: -PAGE,
            pygame.K_PAGEDOWN: PAGE,
            pygame.K_HOME: -self.count,
            pygame.K_END: self.count,
        }
        if key in moves:
            self.step(moves[key])
        elif key in (pygame.K_SPACE, pygame.K_p):
            self.toggle()
        elif key in (pygame.K_n, pygame.K_RIGHTBRACKET):
            self.jump_to_episode(forward=True)
        elif key in (pygame.K_b, pygame.K_LEFTBRACKET):
            self.jump_to_episode(forward=False)
        elif key == pygame.K_c:
            self.show(0 if self.chart is None else (self.chart + 1) % len(CHARTS))
        elif key == pygame.K_t:
            self.show(None)
        elif key in (pygame.K_UP, pygame.K_DOWN):
            self.scroll(-1 if key == pygame.K_UP else 1)
        else:
            return False
        return True

    def show(self, chart: int | None) -> None:
        """Show a chart's tab (None: the turn's own), from the top of its page."""
        self.chart = chart
        self.offset = 0

    def scroll(self, notches: int) -> None:
        """Scroll the page by ``notches`` steps (positive: down); drawing stops at its end."""
        step = notches * self.app.theme.px(SCROLL_STEP)
        self.offset = min(max(0, self.offset + step), self.farthest)

    # -- what a turn shows ---------------------------------------------------------------------
    def record(self, turn: int) -> TurnRecord:
        """The record of ``turn`` (1-based)."""
        return self.replay.records[turn - 1]

    def totals(self, turn: int) -> dict[Side, float]:
        """Each side's true number of weapons after ``turn`` (0: at the start)."""
        if turn == 0:
            start = self.replay.level.scenario.start_arsenal
            return {side: float(start[int(side)].sum()) for side in SIDES}
        return self.record(turn).totals()

    def hindsight(self, side: Side, turn: int) -> Hindsight:
        """What was really so when ``side`` decided ``turn``, beside what it believed."""
        other = side.other
        if turn == 1:
            return Hindsight(self.totals(0)[other], None, Signal.NONE, None)
        last = self.record(turn - 1)
        done = last.side(other).executed
        return Hindsight(
            count=self.totals(turn - 1)[other],
            posture=done.posture,
            signal=done.signal,
            real_security=last.side(side).real_security,
        )

    def threshold(self, turn: int) -> float:
        """The tension at which ``turn`` counts as a crisis."""
        return self.replay.level.scenario.params_at(turn - 1).crisis_threshold

    def in_crisis(self, turn: int) -> bool:
        """Tension stood at or above the crisis line after ``turn``."""
        return self.record(turn).tension >= self.threshold(turn)

    def truth(self, turn: int) -> Truth:
        """What really happened in ``turn``, with the hidden types revealed."""
        record = self.record(turn)
        return Truth(
            arsenals=self.totals(turn),
            before=self.totals(turn - 1),
            tension=record.tension,
            crisis=self.in_crisis(turn),
            crisis_threshold=self.threshold(turn),
            turn=record,
            types={side: NationType.from_key(self.replay.log["types"][side.key]) for side in SIDES},
        )

    def ending(self) -> str:
        """What the last turn led to, for the foot of the truth column."""
        if not self.replay.finished:
            return "The game was saved here, before its end."
        winner = self.result.winner
        won = "" if winner is None else f": {self.looks[winner].name} won"
        return f"The game ended here. {words.OUTCOME[self.result.outcome]}{won}."

    def outcome(self) -> str:
        """How the game ended, in words, or that it was saved before its end."""
        if not self.replay.finished:
            return f"Unfinished: saved after turn {self.count}"
        return f"{words.OUTCOME[self.result.outcome]} after {self.count} turns"

    # -- drawing -------------------------------------------------------------------------------
    def draw(self, painter: Painter) -> None:
        """Header, the tabs, the timeline, the page of the chosen tab, the keys.

        Everything is stacked from the top at the chosen interface size, each part as tall
        as its words need; the page takes what is left and scrolls what does not fit. On a
        chart's tab the timeline is only its strip of turns, leaving the chart the room.
        """
        painter.fill()
        theme = painter.theme
        margin = design_rect(painter, MARGIN, 0).left
        across = pygame.Rect(margin, 0, painter.width - 2 * margin, 0)
        y = self._header(painter, across.move(0, theme.px(8)))
        bottom = self._hint(painter, across)
        if not self.count:
            painter.paragraph(
                "No turn was played in this game, so there is nothing to replay yet.",
                across.move(0, y + theme.px(24)),
                Type.LABEL,
            )
            return
        y = self._tabs(painter, across.move(0, y + theme.px(6)))
        lanes = self.chart is None  # the episodes' lanes and legend go with the turn's tab
        y = self._timeline(painter, across.move(0, y + theme.px(6)), lanes)
        rows = self._legend_rows(painter, across.width)
        self.legend_apart = len(rows) > 1
        if lanes and not self.legend_apart:  # one line under the timeline, or in the page
            self._legend_row(painter, rows[0], (across.left, y + theme.px(4)))
            y += theme.px(4) + theme.font(Type.SMALL).get_linesize()
        self.page = pygame.Rect(margin, y + theme.px(6), across.width, 0)
        self.page.height = max(theme.px(40), bottom - theme.px(6) - self.page.top)
        if self.chart is None:
            self._turn_page(painter)
        elif CHARTS[self.chart] == "Verdict":
            self._scrolled(painter, lambda box, window: self._verdict(painter, box, window))
        else:
            self.farthest = self.offset = 0  # a chart always fits its page
            self._chart(painter, self.page, CHARTS[self.chart])
        painter.bounds = None

    def _header(self, painter: Painter, across: pygame.Rect) -> int:
        """The title, the outcome and verdict, and the buttons: side by side where they fit.

        Returns the bottom of what it drew.
        """
        theme = painter.theme
        palette = theme.palette
        buttons = [w for w in self.focus.widgets if isinstance(w, Button)]
        label = theme.font(Type.LABEL)
        gap = theme.px(10)
        wide = sum(label.size(b.label)[0] + theme.px(28) for b in buttons)
        wide += gap * (len(buttons) - 1)
        title = f"Replay: {self.replay.level.model.level.title}"
        title_width = theme.font(Type.LABEL, True).size(title)[0]
        beside = title_width + theme.px(16) + wide <= across.width
        high = theme.px(42)
        words_box = pygame.Rect(across.left, across.top, across.width, 0)
        if beside:
            words_box.width -= wide + theme.px(16)
        with painter.within(words_box.inflate(0, 10**4)):
            if title_width <= words_box.width:
                bottom = painter.text(title, words_box.topleft, Type.LABEL, bold=True).bottom
            else:  # a long title on a narrow window wraps rather than shrinks
                bottom = words_box.top + painter.paragraph(title, words_box, Type.LABEL)
        said = f"{self.outcome()} \u00b7 {self.verdict()}"
        room = words_box.right - title_width - theme.px(16) - words_box.left
        fits = theme.font(Type.SMALL).size(said)[0] <= room
        top = across.top if beside else bottom + theme.px(8)
        button_row(painter, buttons, pygame.Rect(across.right - wide, top, wide, high))
        self.focus.draw(painter)
        painter.bounds = None
        if bottom - words_box.top <= high and fits:
            spot = (words_box.left + title_width + theme.px(16), bottom - theme.px(4))
            painter.text(said, spot, Type.SMALL, palette.focus, anchor="bottomleft")
            return max(bottom, top + high)
        area = pygame.Rect(across.left, max(bottom, top + high) + theme.px(2), across.width, 0)
        return area.top + painter.paragraph(said, area, Type.SMALL, palette.focus)

    def verdict(self) -> str:
        """Tang's verdict on the game in a few words."""
        tang = self.result.verdict
        if tang.deterrence_case:
            return "a deterrence case"
        return "a true security dilemma" if tang.security_dilemma else "no security dilemma"

    def _hint(self, painter: Painter, across: pygame.Rect) -> int:
        """The keys in the bottom-right corner if they fit on one line; the top of the line.

        On a narrower window they end the turn's page instead, leaving the charts room.
        """
        theme = painter.theme
        font = theme.font(Type.SMALL)
        self.keys_apart = font.size(KEYS)[0] > across.width
        if self.keys_apart:
            return painter.height
        spot = (across.right, painter.height - theme.px(4))
        return painter.text(KEYS, spot, Type.SMALL, theme.palette.dim, anchor="bottomright").top

    def _x(self, turn: float) -> int:
        """The middle of ``turn``'s cell on the timeline (1-based; fractions allowed)."""
        cell = self.timeline.width / max(self.count, 1)
        return self.timeline.left + round(cell * (turn - 0.5))

    def _timeline(self, painter: Painter, across: pygame.Rect, lanes: bool) -> int:
        """One cell per turn, the chosen one lit, numbers below; its bottom.

        With ``lanes``, each episode is marked above the turns it spans.
        """
        theme = painter.theme
        palette = theme.palette
        pad = theme.px(12)
        lane = theme.px(12)
        lanes_top = across.top + theme.px(6)
        track_top = lanes_top + (LANES * lane + theme.px(2) if lanes else 0)
        numbers = track_top + theme.px(12) + theme.px(2)
        box = pygame.Rect(across.left, across.top, across.width, 0)
        box.height = numbers + theme.font(Type.SMALL, True).get_height() + theme.px(4) - box.top
        painter.panel(box)
        self.timeline = pygame.Rect(box.left + pad, box.top, box.width - 2 * pad, box.height)
        cell = self.timeline.width / self.count
        gap = 1 if cell > 4 else 0
        for turn in range(1, self.count + 1):
            left = self.timeline.left + round(cell * (turn - 1))
            right = self.timeline.left + round(cell * turn)
            rect = pygame.Rect(left, track_top, max(1, right - left - gap), theme.px(12))
            color = palette.focus if turn == self.turn else palette.track
            pygame.draw.rect(painter.surface, color, rect)
        if lanes:
            self._episode_lanes(painter, lanes_top, lane)
        with painter.within(box):
            self._turn_numbers(painter, numbers)
        return box.bottom

    def _episode_lanes(self, painter: Painter, top: int, lane: int) -> None:
        """Each episode as a mark at its first turn and a line through its last."""
        ends = [0] * LANES
        radius = max(3, round(lane * 0.42))
        for episode in self.analysis.episodes:
            row = next((i for i, end in enumerate(ends) if end < episode.first_turn), LANES - 1)
            ends[row] = max(ends[row], episode.last_turn)
            y = top + row * lane + lane // 2
            color = self._episode_color(painter, episode)
            first, last = self._x(episode.first_turn), self._x(episode.last_turn)
            if last > first:
                pygame.draw.line(painter.surface, color, (first, y), (last, y), 2)
            draw_mark(painter, MARKS[episode.kind].shape, (first, y), radius, color)

    def _episode_color(self, painter: Painter, episode: Episode) -> Color:
        return (
            painter.theme.palette.focus if episode.side is None else self.looks[episode.side].color
        )

    def _turn_numbers(self, painter: Painter, y: int) -> None:
        """Turn numbers under the timeline, spaced to stay apart; the chosen one in bold."""
        theme = painter.theme
        palette = theme.palette
        cell = self.timeline.width / self.count
        font = theme.font(Type.SMALL, True)
        apart = font.size(str(self.count))[0] + theme.px(10)
        every = next((s for s in charts.TURN_STEPS if s * cell >= apart), charts.TURN_STEPS[-1])
        chosen = self._x(self.turn)
        half = apart // 2  # a number at an end stays over the strip, inside its card

        def spot(turn: int) -> tuple[int, int]:
            x = min(max(self._x(turn), self.timeline.left + half), self.timeline.right - half)
            return x, y

        shown = [1] if every > 1 and self._x(every) - self._x(1) >= apart else []
        for turn in [*shown, *range(every, self.count + 1, every)]:
            if abs(self._x(turn) - chosen) >= apart:
                painter.text(str(turn), spot(turn), Type.SMALL, palette.dim, anchor="midtop")
        focus = palette.focus
        painter.text(str(self.turn), spot(self.turn), Type.SMALL, focus, True, "midtop")

    def _legend_pieces(self, painter: Painter) -> list[tuple[str, str | None, int]]:
        """The marks used in this game, each with its word, then what the colours say.

        Each piece is its words, its mark (None: words only) and its width.
        """
        font = painter.theme.font(Type.SMALL)
        kinds = [k for k in EPISODE_KINDS if any(e.kind == k for e in self.analysis.episodes)]
        pieces: list[tuple[str, str | None]] = [(MARKS[k].label, MARKS[k].shape) for k in kinds]
        if not kinds:
            pieces.append(("Nothing the analysis flags in this game.", None))
        pieces.append(("Colour: the nation concerned (amber: both)", None))
        mark = painter.theme.px(16)
        return [
            (text, shape, (mark if shape else 0) + font.size(text)[0]) for text, shape in pieces
        ]

    def _legend_rows(self, painter: Painter, width: int) -> list[list[int]]:
        """How the legend's pieces fall into lines ``width`` wide."""
        widths = [piece[2] for piece in self._legend_pieces(painter)]
        return in_rows(widths, width, painter.theme.px(24))

    def _legend_row(
        self, painter: Painter, row: list[int], at: tuple[int, int], y: int = 0
    ) -> None:
        """One line of the legend of the timeline's marks, from ``at``."""
        theme = painter.theme
        line = theme.font(Type.SMALL).get_linesize()
        pieces = self._legend_pieces(painter)
        x, middle = at[0], at[1] + line // 2
        for index in row:
            words, shape, wide = pieces[index]
            left = x
            if shape is not None:
                spot = (x + theme.px(6), middle)
                draw_mark(painter, shape, spot, theme.px(6), theme.palette.text)
                left += theme.px(16)
            painter.text(words, (left, middle), Type.SMALL, theme.palette.dim, anchor="midleft")
            x += wide + theme.px(24)

    def _tabs(self, painter: Painter, across: pygame.Rect) -> int:
        """The turn's tab and the charts' tabs, flowing onto a second line if need be."""
        theme = painter.theme
        palette = theme.palette
        font = theme.font(Type.BODY, True)
        height = font.get_height() + theme.px(8)
        names = (TURN_TAB, *CHARTS)
        widths = [font.size(name)[0] + theme.px(24) for name in names]
        rows = in_rows(widths, across.width, theme.px(6))
        tabs: list[pygame.Rect] = []
        for number, row in enumerate(rows):
            x, y = across.left, across.top + number * (height + theme.px(6))
            for index in row:
                tab = pygame.Rect(x, y, widths[index], height)
                chosen = (index - 1 if index else None) == self.chart
                edge = palette.focus if chosen else palette.panel_edge
                painter.panel(tab, edge=edge, width=2 if chosen else 1)
                color = palette.text if chosen else palette.dim
                with painter.within(tab):
                    painter.text(
                        names[index], tab.center, Type.BODY, color, bold=chosen, anchor="center"
                    )
                tabs.append(tab)
                x = tab.right + theme.px(6)
        self.turn_tab, *self.tabs = tabs
        return tabs[-1].bottom

    def _scrolled(
        self,
        painter: Painter,
        content: Callable[[pygame.Rect, pygame.Rect], int],
    ) -> None:
        """A page drawn by ``content``, scrolled by :attr:`offset`; a thumb if it is longer.

        ``content`` gets where the page starts and the part of it in view (empty: only
        measure), and returns the page's height.
        """
        page = self.page
        gutter = painter.theme.px(14)
        tall = content(pygame.Rect(page.left, page.top, page.width, 0), pygame.Rect(0, 0, 0, 0))
        if tall > page.height:
            page = pygame.Rect(page.left, page.top, page.width - gutter, page.height)
            tall = content(pygame.Rect(page.left, page.top, page.width, 0), pygame.Rect(0, 0, 0, 0))
        self.farthest = max(0, tall - page.height)
        self.offset = min(self.offset, self.farthest)
        start = pygame.Rect(page.left, page.top - self.offset, page.width, 0)
        content(start, page)
        painter.bounds = None
        if tall > page.height:
            bar = pygame.Rect(page.left, page.top, page.width + gutter, page.height)
            scroll_bar(painter, bar, self.offset, page.height, tall)

    def _turn_page(self, painter: Painter) -> None:
        """The three columns, then the turn's episodes, scrolled as one page."""
        self._scrolled(painter, lambda start, window: self._turn(painter, start, window))

    def _turn(self, painter: Painter, start: pygame.Rect, window: pygame.Rect) -> int:
        """The three columns, then the turn's episodes, from ``start``; their height."""
        theme = painter.theme
        gap = theme.px(10)
        beside = start.width >= theme.px(BESIDE)  # room for the episodes as a fourth card
        if beside:
            side, middle = round(start.width * 0.215), round(start.width * 0.285)
        else:
            side = round((start.width - 2 * gap) * 0.31)
            middle = start.width - 2 * (side + gap)
        lefts = [start.left, start.left + side + gap, start.left + 2 * gap + side + middle]
        widths = [side, middle, side]
        views = {
            index: view_rows(
                painter,
                self.looks[who],
                self.looks[who.other],
                self.views[self.turn - 1][who],
                self.beliefs[who][self.turn - 1],
                self.hindsight(who, self.turn),
                deciding=True,
                observer=False,  # the Belief tab charts it turn by turn
            )
            for index, who in ((0, Side.RED), (2, Side.BLUE))
        }
        heading = f"Turn {self.turn} of {self.count}: the truth"
        footer = self.ending() if self.turn == self.count else ""
        views[1] = truth_rows(painter, self.looks, self.truth(self.turn), heading, footer)
        columns = {
            index: whole(painter, rows, widths[index] - 2 * theme.px(PAD))
            for index, rows in views.items()
        }
        tall = max(rows_height(painter, rows, widths[i]) for i, rows in columns.items())
        if window.height:
            for index, rows in sorted(columns.items()):
                box = pygame.Rect(lefts[index], start.top, widths[index], tall)
                if box.colliderect(window):
                    edge = painter.theme.palette.focus if index == 1 else None
                    draw_rows(painter, box, rows, edge, window)
        if beside:
            left = lefts[2] + side + gap
            episodes = pygame.Rect(left, start.top, start.right - left, tall)
            return max(tall, self._episodes(painter, episodes, window))
        episodes = pygame.Rect(start.left, start.top + tall + gap, start.width, 0)
        return tall + gap + self._episodes(painter, episodes, window)

    def _episodes(self, painter: Painter, start: pygame.Rect, window: pygame.Rect) -> int:
        """What the analysis found in the chosen turn, a sentence each; the card's height."""
        theme = painter.theme
        palette = theme.palette
        width = start.width - 2 * theme.px(CARD_PAD)
        bold = theme.font(Type.BODY, True).get_height()
        pieces = [
            Piece(
                bold,
                lambda at, y: painter.text(
                    f"Turn {self.turn}: worth discussing", at, Type.BODY, palette.focus, True
                ),
            )
        ]
        for episode in self.episodes_at(self.turn):
            pieces.append(Piece(bold, self._episode(painter, episode), 10))
            pieces += lines_of(painter, episode.sentence, width, gap=2)
        if len(pieces) == 1:
            nothing = "Nothing the analysis flags in this turn."
            pieces += lines_of(painter, nothing, width, color=palette.dim)
        later = [e.first_turn for e in self.analysis.episodes if e.first_turn > self.turn]
        hint = f"N: next episode (turn {min(later)})" if later else "No episode after this turn"
        pieces += lines_of(painter, hint, width, color=palette.dim, gap=10)
        if self.legend_apart:
            line = theme.font(Type.SMALL).get_linesize()
            for number, row in enumerate(self._legend_rows(painter, width)):
                legend = functools.partial(self._legend_row, painter, row)
                pieces.append(Piece(line, legend, 0 if number else 12))
        if self.keys_apart:
            pieces += lines_of(painter, KEYS, width, color=palette.dim, gap=12)
        return draw_pieces(painter, start, pieces, window)

    def _episode(
        self, painter: Painter, episode: Episode
    ) -> Callable[[tuple[int, int], int], None]:
        """Draws one episode's mark and name at a corner (its sentence follows in lines)."""
        theme = painter.theme
        mark = MARKS[episode.kind]
        line = theme.font(Type.BODY, True).get_height()
        color = self._episode_color(painter, episode)
        label = mark.label
        if episode.side is not None:
            label += f" \u00b7 {self.looks[episode.side].name}"

        def draw(at: tuple[int, int], y: int) -> None:
            left = at[0]
            center = (left + theme.px(7), y + line // 2)
            draw_mark(painter, mark.shape, center, theme.px(7), color)
            painter.text(label, (left + theme.px(22), y), Type.BODY, bold=True)

        return draw

    def _chart(self, painter: Painter, box: pygame.Rect, name: str) -> None:
        """The chosen chart of the whole game, as large as the page."""
        caption, series, bands, top = self._series(painter, name)
        charts.chart(painter, box, series, bands, turns=self.count, top=top, caption=caption)
        inner = charts.plot_area(painter, box, caption=caption)
        self._chosen_turn(painter, inner)
        if name == "Tension":
            charts.guide(painter, inner, self.threshold(self.turn), top or 1.0)

    def _series(
        self, painter: Painter, name: str
    ) -> tuple[
        str,
        list[tuple[Sequence[float], Color, str, int]],
        list[tuple[Sequence[float], Sequence[float], Color, int]],
        float | None,
    ]:
        """The caption, lines, shaded ranges and top of one chart."""
        turns = self.replay.records
        series: list[tuple[Sequence[float], Color, str, int]] = []
        bands: list[tuple[Sequence[float], Sequence[float], Color, int]] = []
        if name == "Tension":
            start = self.replay.level.scenario.start_tension
            tension = [start, *(t.tension for t in turns)]
            series.append((tension, painter.theme.palette.tension, "square", 0))
            return (
                "Tension after each turn (squares); dashed: the crisis line",
                series,
                bands,
                max(1.0, *tension),
            )
        for side in SIDES:
            look = self.looks[side]
            if name == "Arsenals":
                truth = [self.totals(t)[side] for t in range(self.count + 1)]
                seen = [views[side.other].intel for views in self.views]
                series.append((truth, look.color, look.emblem, 0))
                series.append(([i.total for i in seen], look.color, "diamond", 0))
                bands.append(([i.low for i in seen], [i.high for i in seen], look.color, 0))
            elif name == "Security":
                real = [100 * t.side(side).real_security for t in turns]
                felt = [100 * t.side(side).felt_security for t in turns]
                series.append((real, look.color, look.emblem, 1))
                series.append((felt, look.color, "diamond", 1))
            else:
                series.append(([100 * b for b in self.beliefs[side]], look.color, look.emblem, 0))
        captions = {
            "Arsenals": "True forces (emblems); the other's estimates (diamonds), range shaded",
            "Security": "Real security (emblems) and felt security (diamonds), in %",
            "Belief": "Each nation's careful-observer belief that the other means harm, in %",
        }
        return captions[name], series, bands, None if name == "Arsenals" else 100.0

    def _chosen_turn(self, painter: Painter, inner: pygame.Rect) -> None:
        """Outline the chosen turn on the chart: from before it (t − 1) to after it (t)."""

        def x(turn: int) -> int:
            return inner.left + round(inner.width * turn / max(self.count, 1))

        band = pygame.Rect(x(self.turn - 1), inner.top, max(2, x(self.turn) - x(self.turn - 1)), 0)
        band.height = inner.height
        shade = pygame.Surface(band.size, pygame.SRCALPHA)
        shade.fill((*painter.theme.palette.focus, 50))
        painter.surface.blit(shade, band)
        pygame.draw.line(
            painter.surface, painter.theme.palette.focus, band.topright, band.bottomright, 2
        )

    def _verdict(self, painter: Painter, start: pygame.Rect, window: pygame.Rect) -> int:
        """Tang's conditions, yes or no, the verdict in words, and who played; its height."""
        theme = painter.theme
        palette = theme.palette
        width = start.width - 2 * theme.px(CARD_PAD)
        tang = self.result.verdict
        conditions: list[tuple[str, bool]] = [
            ("Anarchy", tang.anarchy),
            ("No malign intent", tang.no_malign_intent),
            ("Power accumulated", tang.accumulation),
            ("Each armed in answer", tang.reciprocal),
        ]
        if not tang.applies:  # a matrix game: the sentence below says why
            conditions = []
        said = [f"{label}: {'yes' if holds else 'no'}" for label, holds in conditions]
        bold = theme.font(Type.BODY, True)
        widths = [theme.px(22) + bold.size(words)[0] for words in said]
        rows = in_rows(widths, width, theme.px(24))
        line = bold.get_linesize()

        def marks(row: list[int]) -> Callable[[tuple[int, int], int], None]:
            def draw(at: tuple[int, int], y: int) -> None:
                x = at[0]
                for index in row:
                    holds = conditions[index][1]
                    color = palette.good if holds else palette.warning
                    middle = (x + theme.px(7), y + line // 2)
                    draw_mark(painter, "circle" if holds else "cross", middle, theme.px(7), color)
                    painter.text(said[index], (x + theme.px(22), y), Type.BODY, bold=True)
                    x += widths[index] + theme.px(24)

            return draw

        tag = self.replay.classroom
        named = [  # a class game names its pair; only a computer player is named apart
            f"{self.looks[side].name}: {player(spec)}"
            for side, spec in self.replay.controllers.items()
            if tag is None or spec != "human"
        ]
        if tag is not None:
            named.insert(0, f"Played by {tag.pair} ({tag.session})")
        players = " \u00b7 ".join(
            [*named, f"seed {self.replay.seed}", f"saved {local_date(self.replay.saved_at)}"]
        )
        outcome = self.outcome()
        pieces = [
            Piece(
                theme.font(Type.LABEL, True).get_height(),
                lambda at, y: painter.text(outcome, at, Type.LABEL, palette.focus, True),
            ),
        ]
        pieces += [Piece(line, marks(row), 0 if number else 10) for number, row in enumerate(rows)]
        pieces += lines_of(painter, self.analysis.verdict, width, Type.BODY, gap=12)
        pieces += lines_of(painter, players, width, color=palette.dim, gap=12)
        return draw_pieces(painter, start, pieces, window)


CARD_PAD = 14
"""Design pixels between a card of the page and its contents."""


@dataclass(frozen=True)
class Piece:
    """One part of a card on a scrolled page: how tall it is and how to draw it.

    ``draw`` gets the top-left corner and the top; ``gap`` is design pixels above it.
    """

    height: int
    draw: Callable[[tuple[int, int], int], object]
    gap: float = 0


def draw_pieces(
    painter: Painter, start: pygame.Rect, pieces: list[Piece], window: pygame.Rect
) -> int:
    """A card of ``pieces`` from ``start``'s top, those wholly in ``window`` drawn; its height.

    The card is at least as tall as ``start``; an empty ``window`` only measures it.
    """
    theme = painter.theme
    pad = theme.px(CARD_PAD)
    tall = 2 * pad + sum(piece.height + theme.px(piece.gap) for piece in pieces)
    tall = max(tall, start.height)
    card = pygame.Rect(start.left, start.top, start.width, tall)
    if not window.height or not card.colliderect(window):
        return tall
    inner = painter.card(card.clip(window), pad=CARD_PAD)
    y = card.top + pad
    for piece in pieces:
        y += theme.px(piece.gap)
        if inner.contains(pygame.Rect(inner.left, y, inner.width, piece.height)):
            piece.draw((inner.left, y), y)
        y += piece.height
    return tall


def lines_of(
    painter: Painter,
    value: str,
    width: int,
    size: float = Type.SMALL,
    color: Color | None = None,
    gap: float = 0,
) -> list[Piece]:
    """``value`` wrapped to ``width``, a piece a line, so a page can scroll through it."""
    line = painter.theme.font(size).get_linesize()

    def drawer(words: str) -> Callable[[tuple[int, int], int], object]:
        return lambda at, y: painter.text(words, at, size, color)

    return [
        Piece(line, drawer(words), gap if index == 0 else 0)
        for index, words in enumerate(painter.lines(value, width, size))
    ]


def in_rows(widths: Sequence[int], room: int, gap: int) -> list[list[int]]:
    """Pieces ``widths`` wide, left to right in rows no wider than ``room``: each row's indices.

    A piece wider than ``room`` has a row of its own.
    """
    rows: list[list[int]] = []
    used = 0
    for index, width in enumerate(widths):
        if rows and used + gap + width <= room:
            rows[-1].append(index)
            used += gap + width
        else:
            rows.append([index])
            used = width
    return rows


def whole(painter: Painter, rows: list[Row], width: int) -> list[Row]:
    """The rows with every bold line too wide for ``width`` wrapped instead of cut short."""
    theme = painter.theme

    def fits(row: Line) -> bool:
        room = width - (theme.px(26) if row.emblem else 0)
        return theme.font(row.size, True).size(row.text)[0] <= room

    return [
        replace(row, bold=False) if isinstance(row, Line) and row.bold and not fits(row) else row
        for row in rows
    ]
