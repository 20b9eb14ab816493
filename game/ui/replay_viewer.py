"""Replaying a game for a class: each turn, both private views beside the truth.

After a game the class can see, turn by turn, what Redland knew when it decided, what was
really so, and what Blueland knew, with hindsight marking where a view was wrong. The
timeline shows the episodes the analysis found (arms races, misperceptions, misheard
words, accidents, treaties, costly signals, crises); the charts show the whole game with
the chosen turn marked; the header gives the outcome and Tang's verdict.

Keys: Space or P play or pause (one turn a second), Left/Right one turn, Page Up/Page Down
five turns, Home/End the first or last turn, N or ] the next episode, B or [ the previous
one, C the next chart, Esc or Backspace back. A click or a drag on the timeline picks a
turn; a click on a chart's tab shows that chart.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
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
    SIDES,
    Hindsight,
    Truth,
    draw_rows,
    rows_height,
    truth_rows,
    view_rows,
)
from game.ui.layout import DESIGN_HEIGHT, DESIGN_WIDTH, button_row, design_rect, goes_back
from game.ui.painter import Painter
from game.ui.theme import Color, nation_looks
from game.ui.widgets import Button, Focus

PLAY_INTERVAL_MS = 1000
"""Playing shows one turn a second: slow enough to read, fast enough to see a spiral grow."""
PAGE = 5
"""Turns that Page Up and Page Down jump."""
LANES = 3
"""Rows of episode marks above the timeline; more overlapping episodes share the last row."""
MOST_ENLARGED = 1.1
"""How far beyond the window's own scale the interface size may enlarge this dense screen."""
CHARTS = ("Arsenals", "Tension", "Security", "Belief", "Verdict")


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
        self.chart = 0
        self.dragging = False
        self.timeline = pygame.Rect(0, 0, 0, 0)
        self.tabs: list[pygame.Rect] = []
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

    def update(self, now_ms: int) -> None:
        """While playing, the next turn every :data:`PLAY_INTERVAL_MS`."""
        if not self.playing:
            return
        if self.last_step_at is None:
            self.last_step_at = now_ms
        elif now_ms - self.last_step_at >= PLAY_INTERVAL_MS:
            self.last_step_at = now_ms
            self.select(self.turn + 1)
            self.app.sounds.play("alarm" if self.alarming(self.turn) else "turn")
            if self.turn >= self.count:
                self.pause()

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
            for index, tab in enumerate(self.tabs):
                if tab.collidepoint(event.pos):
                    self.chart = index
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
            self.chart = (self.chart + 1) % len(CHARTS)
        else:
            return False
        return True

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
        """Header, timeline, three columns, the chosen chart and the turn's episodes.

        Rows are stacked in interface units from the top, so a larger interface size never
        makes them overlap: the charts and episodes at the bottom take what room is left.
        This screen holds the most of any, so the interface size is capped at
        :data:`MOST_ENLARGED` times what fits the window, to leave the charts some room.
        """
        theme = painter.theme
        chosen = theme.scale
        fits = min(painter.width / DESIGN_WIDTH, painter.height / DESIGN_HEIGHT)
        theme.scale = min(chosen, fits * MOST_ENLARGED)
        try:
            self._draw(painter)
        finally:
            theme.scale = chosen

    def _draw(self, painter: Painter) -> None:
        painter.fill()
        theme = painter.theme
        palette = theme.palette
        meta = self.replay.level.model.level

        def row(left: float, width: float, top: int, height: int) -> pygame.Rect:
            across = design_rect(painter, left, 0, width, 0)
            return pygame.Rect(across.left, top, across.width, height)

        header = row(30, 730, theme.px(12), theme.px(34))
        with painter.within(header):
            title = painter.text(f"Replay: {meta.title}", header.topleft, 24, bold=True)
        tang = self.result.verdict
        verdict = "a true security dilemma" if tang.security_dilemma else "no security dilemma"
        if tang.deterrence_case:
            verdict = "a deterrence case"
        subtitle = pygame.Rect(title.right, header.top, header.right - title.right, header.height)
        said = f"{self.outcome()} \u00b7 {verdict}"
        room = subtitle.width - theme.px(16)
        if theme.font(17).size(said)[0] > room:
            said = self.outcome()  # the verdict stays a tab away (Verdict)
        with painter.within(subtitle):
            painter.text(
                said,
                (title.right + theme.px(16), title.centery + theme.px(2)),
                17,
                palette.focus,
                anchor="midleft",
            )
        buttons = [w for w in self.focus.widgets if isinstance(w, Button)]
        button_row(painter, buttons, row(776, 474, theme.px(8), theme.px(42)))
        self.focus.draw(painter)
        painter.bounds = None
        if not self.count:
            painter.paragraph(
                "No turn was played in this game, so there is nothing to replay yet.",
                row(30, 1220, theme.px(120), 0),
                22,
            )
            self._hint(painter)
            return
        y = theme.px(56)
        self._timeline(painter, row(30, 1220, y, theme.px(84)))
        y += theme.px(86)
        self._legend(painter, row(30, 1220, y, theme.px(22)))
        y += theme.px(26)
        views = [
            view_rows(
                painter,
                self.looks[side],
                self.looks[side.other],
                self.views[self.turn - 1][side],
                self.beliefs[side][self.turn - 1],
                self.hindsight(side, self.turn),
                deciding=True,
                observer=False,  # the Belief tab charts it turn by turn
            )
            for side in SIDES
        ]
        heading = f"Turn {self.turn} of {self.count}: the truth"
        footer = self.ending() if self.turn == self.count else ""
        truth = truth_rows(painter, self.looks, self.truth(self.turn), heading, footer)
        sides = [row(30 + index * 840, 380, y, 0) for index in range(len(SIDES))]
        middle = row(420, 440, y, 0)
        tall = max(
            *(
                rows_height(painter, rows, box.width)
                for rows, box in zip(views, sides, strict=True)
            ),
            rows_height(painter, truth, middle.width),
        )  # the three columns as tall as the fullest, the charts below take the rest
        for rows, box in zip(views, sides, strict=True):
            box.height = tall
            draw_rows(painter, box, rows)
        middle.height = tall
        draw_rows(painter, middle, truth, palette.focus)
        painter.bounds = None
        y += tall + theme.px(8)
        height = painter.height - theme.px(26) - y
        self._charts(painter, row(30, 670, y, height))
        self._episodes(painter, row(712, 538, y, height))
        self._hint(painter)

    def _hint(self, painter: Painter) -> None:
        painter.bounds = None
        painter.text(
            "Space: play \u00b7 Left/Right: turn \u00b7 Home/End \u00b7 N/B: next/previous "
            "episode \u00b7 C: chart \u00b7 Esc: back",
            (design_rect(painter, 1250, 0).left, painter.height - painter.theme.px(6)),
            14,
            painter.theme.palette.dim,
            anchor="bottomright",
        )

    def _x(self, turn: float) -> int:
        """The middle of ``turn``'s cell on the timeline (1-based; fractions allowed)."""
        cell = self.timeline.width / max(self.count, 1)
        return self.timeline.left + round(cell * (turn - 0.5))

    def _timeline(self, painter: Painter, box: pygame.Rect) -> None:
        """One cell per turn, the chosen one lit, episodes marked above, numbers below."""
        theme = painter.theme
        palette = theme.palette
        painter.panel(box)
        pad = theme.px(12)
        lane = theme.px(14)
        track_top = box.top + theme.px(8) + LANES * lane
        self.timeline = pygame.Rect(box.left + pad, box.top, box.width - 2 * pad, box.height)
        cell = self.timeline.width / self.count
        gap = 1 if cell > 4 else 0
        for turn in range(1, self.count + 1):
            left = self.timeline.left + round(cell * (turn - 1))
            right = self.timeline.left + round(cell * turn)
            rect = pygame.Rect(left, track_top, max(1, right - left - gap), theme.px(12))
            color = palette.focus if turn == self.turn else palette.track
            pygame.draw.rect(painter.surface, color, rect)
        self._episode_lanes(painter, box.top + theme.px(8), lane)
        self._turn_numbers(painter, track_top + theme.px(14))

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
        every = next(s for s in (1, 2, 5, 10, 20, 50, 100, 200, 500) if s * cell >= theme.px(30))
        chosen = self._x(self.turn)
        for turn in range(every, self.count + 1, every):
            if abs(self._x(turn) - chosen) >= theme.px(30):
                painter.text(str(turn), (self._x(turn), y), 13, palette.dim, anchor="midtop")
        if abs(self._x(1) - chosen) >= theme.px(30) and every > 1:
            painter.text("1", (self._x(1), y), 13, palette.dim, anchor="midtop")
        painter.text(str(self.turn), (chosen, y), 15, palette.focus, bold=True, anchor="midtop")

    def _legend(self, painter: Painter, box: pygame.Rect) -> None:
        """The marks used in this game, each with its word."""
        theme = painter.theme
        palette = theme.palette
        kinds = [k for k in EPISODE_KINDS if any(e.kind == k for e in self.analysis.episodes)]
        if not kinds:
            painter.text("Nothing the analysis flags in this game.", box.topleft, 14, palette.dim)
            return
        x = box.left + theme.px(6)
        y = box.centery
        for kind in kinds:
            draw_mark(painter, MARKS[kind].shape, (x, y), theme.px(6), palette.text)
            rect = painter.text(
                MARKS[kind].label, (x + theme.px(10), y), 14, palette.dim, anchor="midleft"
            )
            x = rect.right + theme.px(20)
        room = pygame.Rect(x, box.top, box.right - x, box.height)
        with painter.within(room):
            painter.text(
                "Colour: the nation concerned (amber: both) \u00b7 click or drag to pick a turn",
                (box.right, y),
                14,
                palette.dim,
                anchor="midright",
            )

    def _charts(self, painter: Painter, box: pygame.Rect) -> None:
        """Tabs, then the chosen chart of the whole game (or the verdict)."""
        theme = painter.theme
        palette = theme.palette
        self.tabs = []
        x = box.left
        height = theme.px(28)
        for index, name in enumerate(CHARTS):
            width = theme.font(15, bold=True).size(name)[0] + theme.px(24)
            tab = pygame.Rect(x, box.top, width, height)
            chosen = index == self.chart
            painter.panel(tab, edge=palette.focus if chosen else palette.panel_edge)
            painter.text(
                name,
                tab.center,
                15,
                palette.text if chosen else palette.dim,
                bold=chosen,
                anchor="center",
            )
            self.tabs.append(tab)
            x = tab.right + theme.px(6)
        painter.text(
            "C: next", (x + theme.px(6), box.top + height // 2), 13, palette.dim, anchor="midleft"
        )
        area = pygame.Rect(box.left, box.top + height + theme.px(4), box.width, 0)
        area.height = box.bottom - area.top
        name = CHARTS[self.chart]
        if name == "Verdict":
            self._verdict(painter, area)
            return
        caption, series, bands, top = self._series(painter, name)
        charts.chart(painter, area, series, bands, turns=self.count, top=top)
        self._chosen_turn(painter, area)
        if name == "Tension":
            self._crisis_line(painter, area, top)
        with painter.within(area.inflate(-theme.px(28), 0)):
            painter.text(
                caption, (area.left + theme.px(14), area.top + theme.px(6)), 15, palette.dim
            )

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
            "Arsenals": "True forces (emblems) and the other side's estimates "
            "(diamonds, shaded: range)",
            "Security": "Real security (emblems) and felt security (diamonds), in %",
            "Belief": "Each nation's careful-observer belief that the other means harm, in %",
        }
        return captions[name], series, bands, None if name == "Arsenals" else 100.0

    def _chosen_turn(self, painter: Painter, area: pygame.Rect) -> None:
        """Outline the chosen turn on the chart: from before it (t − 1) to after it (t)."""
        inner = charts.plot_area(painter, area)

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

    def _crisis_line(self, painter: Painter, area: pygame.Rect, top: float | None) -> None:
        """A dashed line across the tension chart at the crisis threshold."""
        inner = charts.plot_area(painter, area)
        charts.guide(painter, inner, self.threshold(self.turn), top or 1.0)

    def _verdict(self, painter: Painter, area: pygame.Rect) -> None:
        """Tang's conditions, yes or no, the verdict in words, and who played."""
        theme = painter.theme
        palette = theme.palette
        inner = painter.card(area, pad=14)
        y = inner.top
        painter.text(self.outcome(), (inner.left, y), 20, palette.focus, bold=True)
        y += theme.px(32)
        tang = self.result.verdict
        conditions: tuple[tuple[str, bool], ...] = (
            ("Anarchy", tang.anarchy),
            ("No malign intent", tang.no_malign_intent),
            ("Power accumulated", tang.accumulation),
            ("Each armed in answer", tang.reciprocal),
        )
        if not tang.applies:  # a matrix game: the sentence below says why
            conditions = ()
        x = inner.left
        font = theme.font(17, True)
        for label, holds in conditions:
            text = f"{label}: {'yes' if holds else 'no'}"
            if x > inner.left and x + theme.px(20) + font.size(text)[0] > inner.right:
                x, y = inner.left, y + theme.px(28)  # the next condition on a new line
            color = palette.good if holds else palette.warning
            shape = "circle" if holds else "cross"
            draw_mark(painter, shape, (x + theme.px(7), y + theme.px(11)), theme.px(7), color)
            rect = painter.text(text, (x + theme.px(20), y), 17, bold=True)
            x = rect.right + theme.px(26)
        y += theme.px(32)
        rest = pygame.Rect(inner.left, y, inner.width, inner.bottom - y - theme.px(24))
        painter.paragraph(self.analysis.verdict, rest, 16)
        tag = self.replay.classroom
        named = [  # a class game names its pair; only a computer player is named apart
            f"{self.looks[side].name}: {player(spec)}"
            for side, spec in self.replay.controllers.items()
            if tag is None or spec != "human"
        ]
        if tag is not None:
            named.insert(0, f"Played by {tag.pair} ({tag.session})")
        players = " \u00b7 ".join(named)
        painter.text(
            f"{players} \u00b7 seed {self.replay.seed} \u00b7 saved "
            f"{local_date(self.replay.saved_at)}",
            (inner.left, inner.bottom),
            14,
            palette.dim,
            anchor="bottomleft",
        )

    def _episodes(self, painter: Painter, box: pygame.Rect) -> None:
        """What the analysis found in the chosen turn, a sentence each, as many as fit."""
        theme = painter.theme
        palette = theme.palette
        inner = painter.card(box, pad=14)
        found = self.episodes_at(self.turn)
        painter.text(
            f"Turn {self.turn}: worth discussing", inner.topleft, 18, palette.focus, bold=True
        )
        y = inner.top + theme.px(30)
        bottom = inner.bottom - theme.px(24)
        shown = 0
        for episode in found:
            height = theme.px(24) + text_height(painter, episode.sentence, inner.width, 15)
            if y + height > bottom:
                break
            mark = MARKS[episode.kind]
            center = (inner.left + theme.px(7), y + theme.px(11))
            draw_mark(
                painter, mark.shape, center, theme.px(7), self._episode_color(painter, episode)
            )
            label = mark.label
            if episode.side is not None:
                label += f" \u00b7 {self.looks[episode.side].name}"
            painter.text(label, (inner.left + theme.px(22), y), 16, bold=True)
            painter.paragraph(
                episode.sentence, pygame.Rect(inner.left, y + theme.px(24), inner.width, 0), 15
            )
            y += height + theme.px(8)
            shown += 1
        if not found:
            painter.text(
                "Nothing the analysis flags in this turn.", (inner.left, y), 15, palette.dim
            )
        later = [e.first_turn for e in self.analysis.episodes if e.first_turn > self.turn]
        hint = f"N: next episode (turn {min(later)})" if later else "No episode after this turn"
        if shown < len(found):
            hint = f"{len(found) - shown} more in this turn (see the timeline) \u00b7 " + hint
        painter.text(hint, (inner.left, inner.bottom), 14, palette.dim, anchor="bottomleft")


def text_height(painter: Painter, value: str, width: int, size: float) -> int:
    """The height :meth:`Painter.paragraph` gives one paragraph, to know if it will fit."""
    font = painter.theme.font(size)
    lines, line = 1, ""
    for word in value.split():
        trial = f"{line} {word}".strip()
        if font.size(trial)[0] <= width or not line:
            line = trial
        else:
            lines, line = lines + 1, word
    return lines * font.get_linesize()
