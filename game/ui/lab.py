"""The lab: change one thing and see, across a thousand games at once, what it does.

One game shows one story; the lab shows the pattern. A teacher picks a level and two
strategies, moves a slider (perception noise, execution noise, the offense–defense
balance, distinguishability, the price of a costly signal, game length) and the class
sees how the same 1,000 seeded games now end: the outcomes, mean arsenals with a band,
felt against real security, and how many games were true security dilemmas. The sweep
map shows one metric over a grid of one or two sliders, with the current setting marked.

Every computation runs in a worker process (:mod:`game.session.worker`), so the window
only draws and its frames never wait for the games: the previous result stays on screen,
dimmed, under a card with the progress, and a newer change cancels the older computation
in the worker (its games stop at their next turn). A sweep plays its grid one setting
after another, so its progress moves from the first second, with an estimate of the time
left; Cancel (or Esc) stops it. An example game is prepared by a second worker, so it
never waits for a sweep. Leaving the lab stops both processes. The results' pieces are
drawn once and then copied while they stay (:mod:`game.ui.lab_snapshots`), and a result
that arrives is drawn off the screen a piece a frame before it is shown whole, so no
frame draws every chart at once.

Keys: Tab/Up/Down move between controls, Left/Right change the focused one, Home/End a
slider's ends, Enter a slider's level value, V results or sweep map, E an example game,
Page Up/Down scroll the view where it is longer than the window, Esc cancels a sweep
being played, else goes back (as Backspace does). The mouse clicks every control, drags a
slider's handle, and its wheel scrolls a column.
"""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Callable, Hashable, Sequence
from typing import Any

import pygame

from game.ai.registry import CATALOG
from game.levels import LevelError, LoadedLevel
from game.replay import Replay
from game.rules import vocabulary as words
from game.rules.model import Side
from game.rules.noise import game_seeds
from game.session.lab import (
    KNOBS,
    METRICS,
    OUTCOMES,
    Axis,
    Knob,
    PointResult,
    SweepResult,
    with_settings,
)
from game.session.lab_work import (
    EXAMPLE_POOL,
    SEED,
    Refused,
    example_replay,
    play_point,
    play_sweep,
    setting_text,
)
from game.session.worker import Job, Work, WorkerLostError
from game.ui import charts
from game.ui.app import App
from game.ui.export import field_title
from game.ui.jobs import open_worker, time_left
from game.ui.lab_snapshots import Snapshots
from game.ui.layout import button_row, goes_back
from game.ui.painter import Painter
from game.ui.scroll import Place, ScrollStack, Section
from game.ui.theme import Look, Type, nation_looks
from game.ui.widgets import Button, Choice, Focus, Slider, Tabs, Widget

SIDES = (Side.RED, Side.BLUE)
GAMES = 1000
"""Games per setting: enough that a change of a few percent is the setting, not luck."""
SWEEP_GAMES = 200
"""Games per cell of a sweep map: a grid has up to 144 cells, so fewer games each."""
CACHED = 64
"""Results kept, so that a class can flip between settings without waiting."""
MARGIN = 28
"""Design pixels between the window's edges and the lab's contents."""
TWO_COLUMNS = 1000
"""The least width, in design pixels at the chosen interface size, for the controls to
stand beside the view; a narrower window (a larger interface size) puts them above it."""
WIDE_CONTROLS = 1240
"""From this width (design pixels) the controls' column has its full width."""
NOTICE_PAD = 16
MAP_LEAST = 200
"""The sweep map's least height in design pixels: below it, it goes to the next page."""
VIEW_GAP = 6
"""Design pixels between the pieces of the view (the sweep map needs every row it can get)."""
LEGEND_WIDTH = 266
"""Design pixels of the nations' legend in the security chart's caption row."""
OUTCOME_BAR = 80
"""The shortest bar of an outcome's share worth reading, in design pixels."""
SECURITY_TITLE = "Security in %: real (solid) and felt (dashed)"
WORKER_MODULES = ("game.session.lab_work",)
"""What the lab's worker processes import as they start, before their first games."""
STRATEGIES = tuple(spec for info in CATALOG.values() if (spec := info.quick_spec()))
"""The lab's players: every catalog strategy, a long-running one at its quickest (the
expert at difficulty 1 plays a thousand games in seconds; at its hardest, minutes)."""
Shown = tuple[Any, PointResult | SweepResult]
"""A result and what it depends on (the key of :meth:`Lab._key`)."""
DEFAULTS = {Side.RED: "bayesian", Side.BLUE: "tit-for-tat"}
VIEWS = ("Results", "Sweep map")
METRIC_WORDS = {
    "war_rate": ("War", "of all games"),
    "spiral_rate": ("Arms-race spirals", "races, crisis wars"),
    "dilemma_share": ("True dilemmas", "by Tang's test"),
    "mean_welfare": ("Mean score", "per side per game"),
}
"""Each metric's name and what it counts, for the cards and the sweep map."""
METRIC_TABS = ("War", "Spirals", "Dilemmas", "Score")
"""The metrics' names on the sweep map's tabs, short enough for a quarter of its width."""


def percent(share: float, digits: int = 1) -> str:
    """A share of games as the screen writes it: ``0.0215`` → ``"2.1%"``."""
    return f"{share * 100:.{digits}f}%"


def metric_text(metric: str, value: float, digits: int = 1) -> str:
    """A metric as the screen writes it: a share in percent, the score as a number."""
    if metric == "mean_welfare":
        return f"{value:.{digits}f}"
    return percent(value, digits)


def knob_text(knob: Knob, value: float) -> str:
    """A slider's value in words: yes/no, a whole number, a percentage or a number."""
    if knob.integer and (knob.low, knob.high) == (0, 1):
        return "Yes" if value >= 0.5 else "No"
    if knob.integer:
        return f"{round(value)}"
    if knob.high <= 1:
        return f"{value * 100:.0f}%"
    return f"{value:g}"


def level_value(level: LoadedLevel, path: str) -> float:
    """The level's own value at a dotted path (true/false as 1/0)."""
    node: Any = level.model
    for part in path.split("."):
        node = getattr(node, part)
    return float(node)


class Lab:
    """Sliders on the left; on the right what 1,000 games at that setting did, or a sweep map.

    ``levels`` are the menu's levels (built-in and opened files); ``on_back`` leaves the
    lab; ``on_replay`` receives an example game at the current setting (show it in the
    replay viewer and come back here). ``games`` and ``sweep_games`` are the games per
    setting and per sweep cell (tests use few).
    """

    def __init__(
        self,
        app: App,
        levels: list[LoadedLevel],
        on_back: Callable[[], None],
        on_replay: Callable[[Replay], None],
        games: int = GAMES,
        sweep_games: int = SWEEP_GAMES,
    ) -> None:
        self.app = app
        self.levels = levels
        self.on_back = on_back
        self.on_replay = on_replay
        self.games = games
        self.sweep_games = sweep_games
        self.problem = ""
        """The first reason the current setting cannot be played (a level error)."""
        self.point: tuple[Any, PointResult] | None = None
        self.sweep: tuple[Any, SweepResult] | None = None
        self.cache: dict[Any, PointResult | SweepResult] = {}
        """Recent results by what they depend on: going back to a setting shows it at once."""
        self.worker = open_worker(WORKER_MODULES)
        """The process that plays the view's games: the window only draws."""
        self.examples = open_worker(WORKER_MODULES)
        """The process that prepares example games, so that one never waits for a sweep."""
        self.job: Job[PointResult | SweepResult | Refused] | None = None
        self.arrived: Shown | None = None
        """The job's result, while its pieces are drawn off the screen (:meth:`_drawn_ahead`)."""
        self.example: Job[Replay] | None = None
        self.stopped: tuple[Any, float] | None = None
        """The sweep that was cancelled, and the share of it that had been played."""
        self.now = app.now()
        self.dragging: Slider | None = None
        self.columns: list[ScrollStack] = []
        """The controls' column and the view's, or one column of both (a narrow window)."""
        self.snapshots = Snapshots()
        """The results' pieces as last drawn: copied while the games of a newer setting play."""
        self.heights: dict[tuple[str, int, float], int] = {}
        """Heights of the wrapped sentences, by text, width and scale (:meth:`_height`)."""
        self.view = Tabs(VIEWS, self._view_changed)
        self.level_choice = Choice(
            "Level",
            [(level.model.level.title, index) for index, level in enumerate(levels)],
            on_change=lambda _: self._level_changed(),
        )
        strategies = [(name, name) for name in STRATEGIES]
        self.players = {
            side: Choice(side.key, strategies, on_change=lambda _: self.refresh()) for side in SIDES
        }
        for side, choice in self.players.items():
            choice.select(DEFAULTS[side])
        self.sliders: list[Slider] = []
        knobs = [(knob.label, knob) for knob in KNOBS]
        self.across = Choice("Across", knobs, 0, lambda _: self._axes_changed())
        self.down = Choice("Down", [], 0, lambda _: self.refresh())
        self.metric = Tabs(METRIC_TABS, lambda _: None)
        self.example_button = Button("Open an example game", self.open_example)
        self.back_button = Button("Back", self.leave)
        self.cancel_button = Button("Cancel (Esc)", self.cancel)
        self.focus = Focus()
        self.swept: Knob = self.across.value
        """The knob across, as it was before the last change (for the swap)."""
        self._axes_changed(refresh=False)
        self.down.select(KNOBS[2])  # perception noise across, offense–defense balance down
        self._level_changed()

    # -- what is chosen ------------------------------------------------------------------
    @property
    def level(self) -> LoadedLevel:
        """The chosen level as its file has it."""
        return self.levels[int(self.level_choice.value)]

    @property
    def looks(self) -> dict[Side, Look]:
        """The chosen level's nations: names, colours and emblems."""
        return nation_looks(self.level.model)

    def controllers(self) -> dict[Side, str]:
        """The strategy of each side."""
        return {side: str(choice.value) for side, choice in self.players.items()}

    def settings(self, skip: Sequence[str] = ()) -> list[str]:
        """``--set`` overrides for every slider moved away from the level's own value."""
        return [
            setting_text(knob.path, slider.value)
            for knob, slider in zip(KNOBS, self.sliders, strict=True)
            if slider.value != slider.home and knob.path not in skip
        ]

    def axes(self) -> list[Axis]:
        """The sweep's axes: the across knob, and the down knob if one is chosen."""
        knobs = [self.across.value] + ([self.down.value] if self.down.value else [])
        return [Axis(knob.path, knob.values) for knob in knobs]

    def _key(self, sweep: bool) -> tuple[Any, ...]:
        """What a result depends on: a cached result with this key is current."""
        red, blue = self.controllers().values()
        common = (self.level_choice.index, red, blue)
        if sweep:
            paths = tuple(axis.path for axis in self.axes())
            return (*common, tuple(self.settings(skip=paths)), paths)
        return (*common, tuple(self.settings()))

    # -- changes ---------------------------------------------------------------------------
    def _level_changed(self) -> None:
        """A new level: its nations' names, and sliders at its own values."""
        level = self.level
        for side, choice in self.players.items():
            choice.label = self.looks[side].name
        self.sliders = [
            Slider(
                knob.label,
                knob.values,
                level_value(level, knob.path),
                self.refresh,
                functools.partial(knob_text, knob),
            )
            for knob in KNOBS
        ]
        self._build_focus()
        self.refresh()

    def _axes_changed(self, refresh: bool = True) -> None:
        """The down axis offers every knob but the one across (or none: one row).

        Moving the across axis onto the down axis's knob swaps the two.
        """
        chosen = self.down.value if self.down.options else None
        if chosen is self.across.value:
            chosen = self.swept
        self.swept = self.across.value
        self.down.options = [("None: one row", None)] + [
            (knob.label, knob) for knob in KNOBS if knob is not self.across.value
        ]
        self.down.index = 0
        self.down.select(chosen)
        if refresh:
            self.refresh()

    def _view_changed(self, index: int) -> None:
        self.refresh()

    def _build_focus(self) -> None:
        """The focus ring of the view shown, keeping the focused control where it can."""
        current = self.focus.current
        sweep = [self.across, self.down, self.metric] if self.sweep_view else []
        cancel = [self.cancel_button] if self.sweep_view and (self.job or self.stopped) else []
        widgets = [
            self.view,
            self.level_choice,
            *self.players.values(),
            *self.sliders,
            *sweep,
            *cancel,
            self.example_button,
            self.back_button,
        ]
        self.focus.widgets = widgets  # type: ignore[assignment]
        self.focus.index = widgets.index(current) if current in widgets else 4

    @property
    def busy(self) -> bool:
        """True while games are being played for the view (or for an example game)."""
        return self.job is not None or self.example is not None

    @property
    def sweep_view(self) -> bool:
        """True while the sweep map is shown."""
        return self.view.index == 1

    def refresh(self) -> None:
        """Start computing what the view shows, unless it is on screen or was cancelled."""
        self._start()
        self._build_focus()

    def _start(self) -> None:
        sweep = self.sweep_view
        key = self._key(sweep)
        if self.job is not None and self.job.key == key:
            return
        if self.job is not None:
            self.worker.cancel(self.job)
            self.job = self.arrived = None
        try:
            level = with_settings(
                self.level, self.settings(skip=key[-1]) if sweep else self.settings()
            )
        except LevelError as error:
            self.problem = str(error.problems[0])
            return
        self.problem = ""
        if key in self.cache:
            self._show(key, self.cache[key])
            return
        if sweep and self.stopped is not None and self.stopped[0] == key:
            return  # cancelled: played again only when asked
        self.stopped = None
        red, blue = self.controllers().values()
        work: Work
        if sweep:
            work = functools.partial(play_sweep, level, red, blue, self.axes(), self.sweep_games)
        else:
            work = functools.partial(play_point, level, red, blue, self.games)
        self.job = self.worker.submit(key, work, self.app.now())

    def cancel(self) -> None:
        """Stop the sweep being played (the map shows what it showed before), or play it again."""
        job = self.job
        if job is None:
            self.stopped = None
            self.refresh()
            return
        self.worker.cancel(job)
        self.job = self.arrived = None
        self.stopped = (job.key, job.progress)
        self._build_focus()

    def update(self, now_ms: int) -> bool:
        """Take a finished result; True while work runs or has just ended (progress shows).

        A result for an older setting never gets here.
        """
        self.now = now_ms
        busy = self.job is not None or self.example is not None
        self.worker.poll()
        self.examples.poll()
        job = self.job
        if job is not None and job.finished and self.arrived is None:
            self._take(job)
        example = self.example
        if example is not None and example.finished:
            self.example = None
            self.example_button.label = "Open an example game"
            if example.error is not None:
                raise example.error
            if example.result is not None:
                self.on_replay(example.result)
        return busy

    def _take(self, job: Job[PointResult | SweepResult | Refused]) -> None:
        """A finished job's result: kept, and drawn ahead before it is shown; or its problem."""
        if job.error is None and isinstance(job.result, PointResult | SweepResult):
            self.cache[job.key] = job.result
            while len(self.cache) > CACHED:
                del self.cache[next(iter(self.cache))]
            self.arrived = (job.key, job.result)
            return
        self.job = None
        self._build_focus()
        if isinstance(job.error, WorkerLostError):  # the next change starts a new worker
            self.problem = f"The games could not be played: {job.error}; a change plays them again."
        elif job.error is not None:
            raise job.error
        elif isinstance(job.result, Refused):
            self.problem = job.result.problem

    def _show(self, key: Any, result: PointResult | SweepResult) -> None:
        """Put a result on screen (in its own view)."""
        if isinstance(result, SweepResult):
            self.sweep = (key, result)
        else:
            self.point = (key, result)

    def open_example(self) -> None:
        """Play one game of the current setting and show it in the replay viewer."""
        if self.example is not None or self.problem:
            return
        level = with_settings(self.level, self.settings())
        red, blue = self.controllers().values()
        seeds = game_seeds(SEED, min(self.games, EXAMPLE_POOL))
        self.example_button.label = "Preparing the example game\u2026"
        work = functools.partial(example_replay, level, red, blue, seeds)
        self.example = self.examples.submit(None, work, self.app.now())

    def leave(self) -> None:
        """Stop the worker processes and go back."""
        self.worker.close()
        self.examples.close()
        self.job = self.example = self.arrived = None
        self.snapshots.clear()
        self.on_back()

    def handle(self, event: pygame.event.Event) -> None:
        """Keys and clicks; a drag moves a slider's handle."""
        if goes_back(event):
            if self.sweep_view and self.job is not None:
                self.cancel()
            else:
                self.leave()
            return
        if event.type == pygame.KEYDOWN and event.key == pygame.K_v:
            self.view.press()
            return
        if event.type == pygame.KEYDOWN and event.key == pygame.K_e:
            self.open_example()
            return
        if self.columns and self.columns[-1].page(event):  # the view's column (or the only one)
            return
        if event.type == pygame.MOUSEWHEEL and any(c.wheel(event) for c in self.columns):
            return
        if event.type == pygame.MOUSEBUTTONUP and event.button == 1:
            self.dragging = None
        elif event.type == pygame.MOUSEMOTION and self.dragging is not None:
            self.dragging.click(event.pos)
            return
        self.focus.handle(event)
        if event.type == pygame.MOUSEBUTTONDOWN and event.button == 1:
            current = self.focus.current
            if isinstance(current, Slider) and current.rect.collidepoint(event.pos):
                self.dragging = current

    # -- drawing ---------------------------------------------------------------------------
    def draw(self, painter: Painter) -> None:
        """The header, the controls and the view, and the keys at the bottom.

        Everything is drawn at the interface size the player chose. Where the window is
        wide enough the controls stand left of the view, else above it; a column with
        more than its room scrolls a whole piece at a time (:class:`~game.ui.scroll.ScrollStack`).
        """
        self.snapshots.begin()
        if self.arrived is not None and self._drawn_ahead(painter, self.arrived):
            self._swap(self.arrived)
        painter.fill()
        theme = painter.theme
        px = theme.px
        for widget in self.focus.widgets:
            widget.rect = pygame.Rect(0, 0, 0, 0)  # shown only where a piece places it
        shown = self.sweep if self.sweep_view else self.point
        margin = px(MARGIN)
        top = self._header(painter, margin) + px(10)
        bottom = self._keys(painter, margin) - px(8)
        body = pygame.Rect(margin, top, painter.width - 2 * margin, bottom - top)
        focused = self.focus.current
        notice = self._notice_due()
        if painter.width / theme.scale >= TWO_COLUMNS:
            wide = painter.width / theme.scale >= WIDE_CONTROLS
            left = pygame.Rect(body.left, body.top, px(440 if wide else 360), body.height)
            right = pygame.Rect(left.right + px(30), body.top, 0, body.height)
            right.width = body.right - right.left
            self.columns = self._columns((left, 4), (right, VIEW_GAP))
            self.columns[0].lay_out(painter, lambda w: self._control_pieces(painter, w), focused)
            self.columns[1].lay_out(
                painter, lambda w: self._view_pieces(painter, w, right.height, shown), focused
            )
            if notice:
                width = min(right.width - px(40), px(640))
                box = pygame.Rect(0, 0, width, self._notice_height(painter, width))
                box.center = (right.centerx, right.top + min(right.height // 2, px(300)))
                self._notice(painter, box)
        else:

            def pieces(width: int) -> list[Section]:
                view = self._view_pieces(painter, width, body.height, shown)
                if notice:
                    height = self._notice_height(painter, width)
                    view.insert(1, Section(height, functools.partial(self._notice, painter)))
                return self._control_pieces(painter, width) + view

            self.columns = self._columns((body, 8))
            self.columns[0].lay_out(painter, pieces, focused)
        painter.bounds = None  # the cards' text bounds end with them
        for index, widget in enumerate(self.focus.widgets):
            if widget.rect.width:
                self._draw_control(painter, widget, index == self.focus.index)

    def _draw_control(self, painter: Painter, widget: Widget, focused: bool) -> None:
        """A control, copied while it looks as it did (in most frames every control does)."""

        def place(rect: pygame.Rect) -> None:
            widget.draw(painter, focused)

        assert isinstance(widget, Button | Choice | Slider | Tabs)  # the lab's kinds of control
        shows = ("control", widget.look(), focused)
        self.snapshots.draw(painter, widget.rect, None, shows, place, veiled=False)

    def _drawn_ahead(self, painter: Painter, arrived: Shown) -> bool:
        """Draw the next piece of ``arrived`` off the screen, where the view will show it.

        True once every piece is drawn: the view can then show them all in one frame, as
        cheap as the frames before, instead of drawing every chart in the frame the games
        end. The view lays out as in the latest frame, without the progress card.
        """
        if not self.columns:
            return True
        column = dataclasses.replace(self.columns[-1])  # where it is scrolled stays as it is
        room = column.rect.height
        wide = len(self.columns) > 1

        def pieces(width: int) -> list[Section]:
            view = self._view_pieces(painter, width, room, arrived)
            return view if wide else self._control_pieces(painter, width) + view

        lay_out = functools.partial(column.lay_out, painter, pieces, self.focus.current)
        return self.snapshots.ahead(painter, lay_out)

    def _swap(self, arrived: Shown) -> None:
        """Show the result that arrived: its games are over."""
        self.arrived = self.job = None
        self._build_focus()
        self._show(*arrived)
        if isinstance(arrived[1], SweepResult):  # a long wait is over
            self.app.sounds.play("confirm")

    def _columns(self, *places: tuple[pygame.Rect, float]) -> list[ScrollStack]:
        """The columns of this frame at ``places`` (each a rectangle and its gap, design pixels).

        The columns the latest frame had keep where they were scrolled to.
        """
        kept = self.columns[: len(places)]
        columns = kept + [ScrollStack() for _ in places[len(kept) :]]
        for column, (rect, gap) in zip(columns, places, strict=True):
            column.rect, column.gap = rect, gap
        return columns

    def _header(self, painter: Painter, margin: int) -> int:
        """The screen's name, what the lab is for, and the view tabs; returns its bottom."""
        theme = painter.theme
        palette = theme.palette
        px = theme.px
        title = painter.text("Lab", (margin, px(12)), Type.HEADING, bold=True)
        words = "One game shows one story; the lab shows the pattern."
        tabs = pygame.Rect(0, px(16), px(340), px(46))
        tabs.right = painter.width - margin
        self.view.rect = tabs
        beside = title.right + px(20)
        if beside + theme.font(Type.SMALL).size(words)[0] + px(20) <= tabs.left:
            spot = (beside, title.bottom - px(8))
            painter.text(words, spot, Type.SMALL, palette.dim, anchor="bottomleft")
            return max(title.bottom, tabs.bottom)
        below = pygame.Rect(margin, max(title.bottom, tabs.bottom) + px(4), tabs.right - margin, 0)
        return below.top + painter.paragraph(words, below, Type.SMALL, palette.dim)

    def _height(self, painter: Painter, text: str, width: int) -> int:
        """How tall ``text`` is wrapped to ``width`` in small type, remembered.

        Every frame asks it of the same few sentences, and wrapping measures each word.
        """
        key = (text, width, painter.theme.scale)
        if key not in self.heights:
            if len(self.heights) > CACHED:
                self.heights.clear()
            self.heights[key] = painter.paragraph_height(text, width, Type.SMALL)
        return self.heights[key]

    def _keys(self, painter: Painter, margin: int) -> int:
        """The keys in a dim line at the bottom (wrapped if the window is narrow); its top."""
        theme = painter.theme
        cancel = self.sweep_view and self.job is not None
        keys = (
            "Tab/Up/Down: move \u00b7 Left/Right: change \u00b7 Enter: level's value "
            "\u00b7 V: view \u00b7 E: example game \u00b7 Page Up/Down: scroll \u00b7 "
            + ("Esc: cancel" if cancel else "Esc: back")
        )
        width = painter.width - 2 * margin
        bottom = painter.height - theme.px(6)
        if theme.font(Type.SMALL).size(keys)[0] <= width:
            spot = (painter.width - margin, bottom)
            return painter.text(keys, spot, Type.SMALL, theme.palette.dim, anchor="bottomright").top
        height = self._height(painter, keys, width)
        box = pygame.Rect(margin, bottom - height, width, height)
        painter.paragraph(keys, box, Type.SMALL, theme.palette.dim)
        return box.top

    def _control_pieces(self, painter: Painter, width: int) -> list[Section]:
        """The level, the two players, the sliders, what the focused one does, the buttons."""
        px = painter.theme.px
        pieces = [self._widget_piece(self.level_choice, self.level_choice.height(painter, width))]
        indent = px(24)
        for side in SIDES:
            choice = self.players[side]
            look = self.looks[side]

            def player(rect: pygame.Rect, choice: Choice = choice, look: Look = look) -> None:
                choice.rect = pygame.Rect(rect.left + indent, rect.top, rect.width - indent, 0)
                choice.rect.height = rect.height
                painter.emblem(look.emblem, (rect.left + px(8), rect.centery), px(9), look.color)

            pieces.append(Section(choice.height(painter, width - indent), player, holds=(choice,)))
        pieces += [self._widget_piece(slider, px(50)) for slider in self.sliders]
        texts = [self._why_text(knob) for knob in (*KNOBS, None)]
        tall = max(self._height(painter, text, width) for text in texts)
        pieces.append(Section(tall, functools.partial(self._why, painter)))
        buttons = [self.example_button, self.back_button]
        font = painter.theme.font(Type.LABEL)
        needs = sum(font.size(button.label)[0] + px(28) for button in buttons) + px(10)
        if needs <= width:
            row = functools.partial(button_row, painter, buttons)
            pieces.append(Section(px(48), row, holds=tuple(buttons)))
        else:
            pieces += [self._widget_piece(button, px(48)) for button in buttons]
        return pieces

    @staticmethod
    def _widget_piece(widget: Widget, height: int) -> Section:
        """A piece that is one control."""

        def place(rect: pygame.Rect) -> None:
            widget.rect = rect

        return Section(height, place, holds=(widget,))

    def _view_pieces(
        self, painter: Painter, width: int, room: int, shown: Shown | None
    ) -> list[Section]:
        """The view's pieces: which games it shows, then ``shown``: results or a sweep map."""
        current = shown is not None and shown[0] == self._key(self.sweep_view)
        current = current and not self.problem
        line = self._status_text()
        status = Section(
            self._height(painter, line, width),
            functools.partial(self._status, painter, line, current),
        )
        if self.sweep_view:
            return self._sweep_pieces(painter, width, room, status, shown, current)
        pieces = [status]
        if shown is not None:
            assert isinstance(shown[1], PointResult)
            pieces += self._result_pieces(painter, width, room, shown[1], current)
        return pieces

    def _shaded(
        self, painter: Painter, place: Place, data: object, shows: Hashable, current: bool
    ) -> Place:
        """``place`` drawing ``data`` (and ``shows``), veiled when it is of an older setting.

        It is drawn once and then copied (:class:`~game.ui.lab_snapshots.Snapshots`).
        """
        looks = tuple(self.looks.values())

        def shaded(rect: pygame.Rect) -> None:
            self.snapshots.draw(painter, rect, data, (shows, looks), place, not current)

        return shaded

    def _result_pieces(
        self, painter: Painter, width: int, room: int, result: PointResult, current: bool
    ) -> list[Section]:
        """The big numbers, how the games ended, arsenals, and felt against real security."""
        px = painter.theme.px
        gap = px(10)
        need = _number_card_width(painter, result)
        per_row = next((n for n in (4, 2) if n * need + (n - 1) * gap <= width), 1)
        pieces = []
        for first in range(0, len(METRICS), per_row):
            metrics = METRICS[first : first + per_row]

            def cards(rect: pygame.Rect, metrics: Sequence[str] = metrics) -> None:
                each = (rect.width - (per_row - 1) * gap) // per_row
                for index, metric in enumerate(metrics):
                    card = pygame.Rect(rect.left + index * (each + gap), rect.top, each, 0)
                    card.height = rect.height
                    _number_card(painter, card, metric, result.metric(metric))

            place = self._shaded(painter, cards, result, ("cards", metrics, per_row), current)
            pieces.append(Section(_number_card_height(painter), place))
        outcomes = functools.partial(_outcomes, painter, result=result)
        weapons = functools.partial(self._weapons, painter, result)
        middle = min(px(190), room)
        if 2 * _outcomes_width(painter) + gap <= width:

            def both(rect: pygame.Rect) -> None:
                half = (rect.width - gap) // 2
                outcomes(pygame.Rect(rect.left, rect.top, half, rect.height))
                weapons(pygame.Rect(rect.right - half, rect.top, half, rect.height))

            place = self._shaded(painter, both, result, "both", current)
            pieces.append(Section(middle, place, grow=1))
        else:
            place = self._shaded(painter, outcomes, result, "outcomes", current)
            pieces.append(Section(middle, place))
            place = self._shaded(painter, weapons, result, "weapons", current)
            pieces.append(Section(min(px(220), room), place))
        title_room = painter.theme.font(Type.BODY, bold=True).size(SECURITY_TITLE)[0] + px(40)
        legend_inside = title_room + px(LEGEND_WIDTH) <= width
        security = functools.partial(self._security, painter, result, legend_inside)
        place = self._shaded(painter, security, result, ("security", legend_inside), current)
        pieces.append(Section(min(px(180), room), place, grow=2))
        if not legend_inside:
            height = painter.theme.font(Type.SMALL).get_linesize() + px(6)
            legend = functools.partial(self._legend, painter)
            pieces.append(Section(height, self._shaded(painter, legend, None, "legend", current)))
        return pieces

    def _weapons(self, painter: Painter, result: PointResult, box: pygame.Rect) -> None:
        """Mean arsenals of both sides over the turns, with the middle 80% as a band."""
        looks = self.looks
        charts.chart(
            painter,
            box,
            [
                charts.Series(result.arsenal_mean[:, side].tolist(), looks[side].color, look.emblem)
                for side, look in looks.items()
            ],
            [
                charts.Band(
                    result.arsenal_low[:, side].tolist(),
                    result.arsenal_high[:, side].tolist(),
                    looks[side].color,
                )
                for side in SIDES
            ],
        )
        _title(painter, box, "Weapons (mean, middle 80%)")

    def _security(
        self, painter: Painter, result: PointResult, legend: bool, box: pygame.Rect
    ) -> None:
        """Real (solid) and felt (dashed) security of both sides over the turns."""
        lines = [
            line
            for side, look in self.looks.items()
            for line in (
                charts.Series(
                    (100 * result.real_security[:, side]).tolist(), look.color, look.emblem, 1
                ),
                charts.Series(
                    (100 * result.felt_security[:, side]).tolist(),
                    look.color,
                    look.emblem,
                    1,
                    dashed=True,
                ),
            )
        ]
        charts.chart(painter, box, lines, top=100.0)
        _title(painter, box, SECURITY_TITLE)
        if legend:
            px = painter.theme.px
            width = px(LEGEND_WIDTH)
            self._legend(
                painter, pygame.Rect(box.right - width - px(14), box.top + px(8), width, 0)
            )

    def _legend(self, painter: Painter, box: pygame.Rect) -> None:
        """Which colour and shape is which nation."""
        entries = [charts.Entry(look.name, look.color, look.emblem) for look in self.looks.values()]
        charts.legend(painter, box, entries)

    def _sweep_pieces(
        self,
        painter: Painter,
        width: int,
        room: int,
        status: Section,
        shown: Shown | None,
        current: bool,
    ) -> list[Section]:
        """The two axes, the metric tabs, which games, and the map."""
        px = painter.theme.px
        gap = px(10)
        half = (width - gap) // 2
        axes = (self.across, self.down)
        pieces = []
        if all(_choice_fits(painter, choice, half) for choice in axes):
            tall = max(choice.height(painter, half) for choice in axes)

            def pair(rect: pygame.Rect) -> None:
                self.across.rect = pygame.Rect(rect.left, rect.top, half, rect.height)
                self.down.rect = pygame.Rect(rect.right - half, rect.top, half, rect.height)

            pieces.append(Section(tall, pair, holds=axes))
        else:
            pieces += [self._widget_piece(choice, choice.height(painter, width)) for choice in axes]
        pieces += [self._widget_piece(self.metric, px(38)), status]
        if shown is not None:
            sweep = shown[1]
            assert isinstance(sweep, SweepResult)
            draw = functools.partial(self._draw_sweep, painter, sweep)
            shows = ("sweep", self.metric.index, self._marked(sweep))
            place = self._shaded(painter, draw, sweep, shows, current)
            above = sum(piece.height + px(VIEW_GAP) for piece in pieces)
            tall = min(max(px(MAP_LEAST), room - above), room)  # on the first page if it can
            pieces.append(Section(tall, place, grow=1))
        return pieces

    def _why_text(self, knob: Knob | None) -> str:
        """What a slider changes, in a sentence (or, for none, how the sliders work)."""
        if knob is None:
            return "Each slider changes one rule of the level; Enter puts it back."
        return f"{knob.label}: {knob.why}"

    def _why(self, painter: Painter, box: pygame.Rect) -> None:
        """What the focused slider changes (or how the sliders work)."""
        current = self.focus.current
        knob = None
        if isinstance(current, Slider) and current in self.sliders:
            knob = KNOBS[self.sliders.index(current)]
        painter.paragraph(self._why_text(knob), box, Type.SMALL, painter.theme.palette.dim)

    def _status_text(self) -> str:
        """Which games the view shows: level, players, how many games, the same seeds."""
        red, blue = self.controllers().values()
        sweep = self.sweep_view
        games = f"{self.sweep_games:,} games per setting" if sweep else f"{self.games:,} games"
        return (
            f"{self.level.model.level.title} \u00b7 {red} against {blue} \u00b7 {games}, "
            "the same seeds everywhere"
        )

    def _status(self, painter: Painter, line: str, current: bool, box: pygame.Rect) -> None:
        palette = painter.theme.palette
        painter.paragraph(line, box, Type.SMALL, palette.text if current else palette.dim)

    def _notice_due(self) -> bool:
        """Whether a card tells why the setting cannot be played, or how far the games are."""
        stopped = self.sweep_view and self.stopped is not None and self.job is None
        return bool(self.problem) or self.job is not None or stopped

    def _notice_lines(self) -> tuple[str, str, str]:
        """The notice's heading, its paragraph and its last line, and its edge colour."""
        if self.problem:
            last = "Move a slider back, or pick another level."
            return "This setting cannot be played", self.problem, last
        if self.job is None:  # a sweep that was cancelled
            assert self.stopped is not None
            played = f"{percent(self.stopped[1], 0)} of its games had been played."
            return "The sweep was stopped", "", played
        job = self.job
        if self.sweep_view:
            axes = self.axes()
            cells = len(axes[0].values) * (len(axes[1].values) if len(axes) > 1 else 1)
            doing = f"Playing {cells} settings \u00d7 {self.sweep_games:,} games\u2026"
        else:
            doing = f"Playing {self.games:,} games at this setting\u2026"
        played = f"{job.done:,.0f} of {job.total:,.0f} games" if job.total else "Starting\u2026"
        if self.sweep_view:
            played = f"{played} \u00b7 {time_left(job.left_ms(self.now))}"
        return doing, "", played

    def _notice_height(self, painter: Painter, width: int) -> int:
        """How tall the notice card is at ``width``."""
        theme = painter.theme
        px = theme.px
        inner = width - 2 * px(NOTICE_PAD)
        _, paragraph, _ = self._notice_lines()
        height = theme.font(Type.BODY, bold=True).get_linesize() + px(8)
        if paragraph:
            height += self._height(painter, paragraph, inner) + px(6)
        if self.job is not None and not self.problem:
            height += theme.font(Type.BODY, bold=True).get_linesize() + px(8)  # the bar
        height += theme.font(Type.SMALL).get_linesize()
        if self.sweep_view and not self.problem:
            height += px(10) + px(44)  # the cancel button
        return height + 2 * px(NOTICE_PAD)

    def _notice(self, painter: Painter, box: pygame.Rect) -> None:
        """A card: why this setting cannot be played, or how far the games are."""
        theme = painter.theme
        palette = theme.palette
        px = theme.px
        heading, paragraph, last = self._notice_lines()
        edge = palette.warning if self.problem else palette.focus if self.job else None
        inner = painter.card(box, edge, pad=NOTICE_PAD)
        color = palette.warning if self.problem else None
        y = painter.text(heading, inner.topleft, Type.BODY, color, bold=True).bottom + px(8)
        if paragraph:
            area = pygame.Rect(inner.left, y, inner.width, 0)
            y += painter.paragraph(paragraph, area, Type.SMALL) + px(6)
        job = self.job
        if job is not None and not self.problem:
            middle = y + theme.font(Type.BODY, bold=True).get_linesize() // 2
            figure = painter.text(
                percent(job.progress, 0),
                (inner.right, middle),
                Type.BODY,
                palette.focus,
                True,
                "midright",
            )
            bar = pygame.Rect(inner.left, middle - px(8), figure.left - px(14) - inner.left, px(16))
            painter.meter(bar, job.progress, palette.focus)
            y = figure.bottom + px(8)
        y = painter.text(last, (inner.left, y), Type.SMALL, palette.dim).bottom
        if self.sweep_view and not self.problem:
            self.cancel_button.label = "Cancel (Esc)" if job is not None else "Play the sweep again"
            font = theme.font(Type.LABEL)
            button = pygame.Rect(0, y + px(10), font.size(self.cancel_button.label)[0] + px(40), 0)
            button.height = px(44)
            button.right = inner.right
            self.cancel_button.rect = button

    def _marked(self, sweep: SweepResult) -> tuple[int, ...]:
        """The sweep's cell (a column, and a row if it has two axes) nearest the sliders."""
        values = {knob.path: slider.value for knob, slider in zip(KNOBS, self.sliders, strict=True)}
        return tuple(_nearest(axis.values, values[axis.path]) for axis in sweep.axes)

    def _draw_sweep(self, painter: Painter, sweep: SweepResult, body: pygame.Rect) -> None:
        """The chosen metric over the grid, each cell with its value, the setting outlined."""
        knobs = {knob.path: knob for knob in KNOBS}
        marked = self._marked(sweep)
        grid_axes = [
            charts.GridAxis(
                field_title(axis.path),
                [knob_text(knobs[axis.path], value) for value in axis.values],
            )
            for axis in sweep.axes
        ]
        metric = METRICS[self.metric.index]
        charts.heatmap(
            painter,
            body,
            sweep.grid(metric).tolist(),
            grid_axes[0],
            grid_axes[1] if len(grid_axes) > 1 else None,
            functools.partial(metric_text, metric, digits=0),
            f"{METRIC_WORDS[metric][0]} at each setting",
            (marked[0], marked[1] if len(marked) > 1 else 0),
            "Amber outline: the sliders' setting",
        )


def _title(painter: Painter, box: pygame.Rect, title: str) -> None:
    """A chart's title in its caption row."""
    px = painter.theme.px
    with painter.within(box):
        painter.text(
            painter.clip(title, Type.BODY, box.width - px(28)),
            (box.left + px(14), box.top + px(10)),
            Type.BODY,
            bold=True,
        )


NUMBER_PAD = 10
"""Design pixels around a number card's three lines."""


def _number_card_width(painter: Painter, result: PointResult) -> int:
    """The narrowest number card that holds every metric's name, meaning and number."""
    theme = painter.theme
    small = theme.font(Type.SMALL)
    words = [small.size(text)[0] for pair in METRIC_WORDS.values() for text in pair]
    big = theme.font(Type.TITLE, bold=True)
    numbers = [big.size(metric_text(metric, result.metric(metric)))[0] for metric in METRICS]
    return max(*words, *numbers) + 2 * theme.px(NUMBER_PAD)


def _number_card_height(painter: Painter) -> int:
    """A number card's height: its name and meaning, the big number between them."""
    theme = painter.theme
    lines = 2 * theme.font(Type.SMALL).get_height() + theme.font(Type.TITLE, bold=True).get_height()
    return lines + 2 * theme.px(NUMBER_PAD)


def _number_card(painter: Painter, box: pygame.Rect, metric: str, value: float) -> None:
    """One metric as a big number with what it counts."""
    palette = painter.theme.palette
    name, meaning = METRIC_WORDS[metric]
    inner = painter.card(box, pad=NUMBER_PAD)
    top = painter.text(
        painter.clip(name, Type.SMALL, inner.width), inner.topleft, Type.SMALL, palette.dim
    ).bottom
    number = painter.text(metric_text(metric, value), (inner.left, top), Type.TITLE, bold=True)
    meaning = painter.clip(meaning, Type.SMALL, inner.width)
    painter.text(meaning, (inner.left, number.bottom), Type.SMALL, palette.dim)


def _outcome_columns(painter: Painter) -> tuple[int, int]:
    """The widths of the outcomes' names and of their shares."""
    px = painter.theme.px
    font = painter.theme.font(Type.SMALL)
    label_width = max(font.size(words.OUTCOME[outcome])[0] for outcome in OUTCOMES) + px(12)
    return label_width, font.size("100.0%")[0] + px(10)


def _outcomes_width(painter: Painter) -> int:
    """The narrowest outcomes card: the names, a bar worth reading, the shares."""
    px = painter.theme.px
    label_width, number_width = _outcome_columns(painter)
    return label_width + px(OUTCOME_BAR) + number_width + 2 * px(14)


def _choice_fits(painter: Painter, choice: Choice, width: int) -> bool:
    """Whether every option of ``choice`` shows whole at ``width`` (under its label, if need be)."""
    return choice.widest(painter) + 2 * painter.theme.px(14) <= width


def _outcomes(painter: Painter, box: pygame.Rect, result: PointResult) -> None:
    """A labelled bar per outcome, the wars in the tension colour."""
    palette = painter.theme.palette
    px = painter.theme.px
    inner = painter.card(box, pad=14)
    painter.text("How the games ended", inner.topleft, Type.BODY, bold=True)
    step = (inner.height - px(30)) / len(OUTCOMES)
    label_width, number_width = _outcome_columns(painter)
    for index, outcome in enumerate(OUTCOMES):
        y = round(inner.top + px(30) + step * (index + 0.5))
        share = result.outcome_shares[outcome.key]
        label = painter.clip(words.OUTCOME[outcome], Type.SMALL, label_width - px(8))
        painter.text(label, (inner.left, y), Type.SMALL, anchor="midleft")
        bar = pygame.Rect(inner.left + label_width, y - px(7), 0, px(14))
        bar.width = inner.width - label_width - number_width
        painter.meter(bar, share, palette.tension if outcome.is_war else palette.good)
        painter.text(
            percent(share), (inner.right, y), Type.SMALL, bold=share > 0, anchor="midright"
        )


def _nearest(values: Sequence[float], value: float) -> int:
    """Index of the grid value closest to ``value``."""
    return min(range(len(values)), key=lambda index: abs(values[index] - value))
