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
never waits for a sweep. Leaving the lab stops both processes.

Keys: Tab/Up/Down move between controls, Left/Right change the focused one, Home/End a
slider's ends, Enter a slider's level value, V results or sweep map, E an example game,
Esc cancels a sweep being played, else goes back (as Backspace does). The mouse clicks
every control and drags a slider's handle.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
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
from game.session.worker import Job, Work
from game.ui import charts
from game.ui.app import App
from game.ui.jobs import open_worker, time_left
from game.ui.layout import DESIGN_HEIGHT, DESIGN_WIDTH, button_row, design_rect, goes_back
from game.ui.painter import Painter
from game.ui.theme import Look, Type, nation_looks
from game.ui.widgets import Button, Choice, Focus, Slider, Tabs

SIDES = (Side.RED, Side.BLUE)
GAMES = 1000
"""Games per setting: enough that a change of a few percent is the setting, not luck."""
SWEEP_GAMES = 200
"""Games per cell of a sweep map: a grid has up to 144 cells, so fewer games each."""
CACHED = 64
WORKER_MODULES = ("game.session.lab_work",)
"""What the lab's worker processes import as they start, before their first games."""
"""Results kept, so that a class can flip between settings without waiting."""
STRATEGIES = tuple(name for name in CATALOG if name != "expert")
"""The lab's players: every catalog strategy but the expert, which plans each move ahead
(about 0.3 s a game: a thousand games would take minutes, not a second)."""
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
        self.example: Job[Replay] | None = None
        self.stopped: tuple[Any, float] | None = None
        """The sweep that was cancelled, and the share of it that had been played."""
        self.now = app.now()
        self.dragging: Slider | None = None
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
            self.job = None
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
        self.job = None
        self.stopped = (job.key, job.progress)
        self._build_focus()

    def update(self, now_ms: int) -> None:
        """Take a finished result; a result for an older setting never gets here."""
        self.now = now_ms
        self.worker.poll()
        self.examples.poll()
        job = self.job
        if job is not None and job.finished:
            self.job = None
            self._build_focus()
            if job.error is not None:
                raise job.error
            if isinstance(job.result, Refused):
                self.problem = job.result.problem
            elif job.result is not None:
                self.cache[job.key] = job.result
                while len(self.cache) > CACHED:
                    del self.cache[next(iter(self.cache))]
                self._show(job.key, job.result)
                if isinstance(job.result, SweepResult):  # a long wait is over
                    self.app.sounds.play("confirm")
        example = self.example
        if example is not None and example.finished:
            self.example = None
            self.example_button.label = "Open an example game"
            if example.error is not None:
                raise example.error
            if example.result is not None:
                self.on_replay(example.result)

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
        self.job = self.example = None
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
        """Controls on the left, the view on the right, the keys at the bottom.

        The screen is dense, so the interface size never enlarges it beyond what fits the
        window (the design grid keeps it readable on a projector as it is).
        """
        theme = painter.theme
        chosen = theme.scale
        theme.scale = min(chosen, painter.width / DESIGN_WIDTH, painter.height / DESIGN_HEIGHT)
        try:
            self._draw(painter)
        finally:
            theme.scale = chosen

    def _draw(self, painter: Painter) -> None:
        painter.fill()
        theme = painter.theme
        palette = theme.palette
        px = theme.px
        painter.text("Lab", design_rect(painter, 40, 14).topleft, Type.HEADING, bold=True)
        painter.text(
            "One game shows one story; the lab shows the pattern.",
            design_rect(painter, 120, 30).topleft,
            Type.SMALL,
            palette.dim,
        )
        self.view.rect = design_rect(painter, 900, 18, 340, 46)
        self.level_choice.rect = design_rect(painter, 40, 80, 400, 46)
        for index, side in enumerate(SIDES):
            choice = self.players[side]
            choice.rect = design_rect(painter, 62, 134 + index * 50, 378, 42)
            look = self.looks[side]
            center = (design_rect(painter, 47, 0).left, choice.rect.centery)
            painter.emblem(look.emblem, center, px(9), look.color)
        for index, slider in enumerate(self.sliders):
            slider.rect = design_rect(painter, 40, 236 + index * 58, 400, 54)
        self._why(painter, design_rect(painter, 40, 586, 400, 54))
        buttons = [self.example_button, self.back_button]
        button_row(painter, buttons, design_rect(painter, 40, 646, 400, 48))
        sweep = self.sweep_view
        if sweep:
            axes = design_rect(painter, 470, 80, 770, 46)
            half = (axes.width - px(10)) // 2
            tall = max(choice.height(painter, half) for choice in (self.across, self.down))
            self.across.rect = pygame.Rect(axes.left, axes.top, half, tall)
            self.down.rect = pygame.Rect(axes.right - half, axes.top, half, tall)
            tabs_top = self.across.rect.bottom + px(8)
            self.metric.rect = pygame.Rect(axes.left, tabs_top, axes.width, px(42))
            area = design_rect(painter, 470, 0, 770, 694)
            area.height = area.bottom - (self.metric.rect.bottom + px(10))
            area.top = self.metric.rect.bottom + px(10)
        else:
            area = design_rect(painter, 470, 80, 770, 614)
        shown = self.sweep if sweep else self.point
        current = shown is not None and shown[0] == self._key(sweep) and not self.problem
        status = pygame.Rect(area.left, area.top, area.width, px(32))
        self._status(painter, status, sweep, current)
        body = pygame.Rect(area.left, status.bottom, area.width, area.bottom - status.bottom)
        if sweep and self.sweep is not None:
            self._draw_sweep(painter, body, self.sweep[1])
        elif not sweep and self.point is not None:
            self._draw_results(painter, body, self.point[1])
        if shown is not None and not current:
            veil = pygame.Surface(body.size, pygame.SRCALPHA)
            veil.fill((*palette.background, 170))
            painter.surface.blit(veil, body.topleft)
        stopped = sweep and self.stopped is not None and self.job is None and not self.problem
        if self.problem or self.job is not None or stopped:
            self._notice(painter, body, sweep)
        painter.bounds = None  # the cards' text bounds end with them
        self.focus.draw(painter)
        cancel = sweep and self.job is not None
        painter.text(
            "Tab/Up/Down: move \u00b7 Left/Right: change \u00b7 Enter: level's value "
            "\u00b7 V: view \u00b7 E: example game \u00b7 "
            + ("Esc: cancel" if cancel else "Esc: back"),
            design_rect(painter, 1240, 716).topleft,
            Type.SMALL,
            palette.dim,
            anchor="bottomright",
        )

    def _why(self, painter: Painter, box: pygame.Rect) -> None:
        """What the focused slider changes, in a sentence (or how the sliders work)."""
        current = self.focus.current
        if isinstance(current, Slider) and current in self.sliders:
            knob = KNOBS[self.sliders.index(current)]
            text = f"{knob.label}: {knob.why}"
        else:
            text = "Each slider changes one rule of the level; Enter puts it back."
        painter.paragraph(text, box, Type.SMALL, painter.theme.palette.dim)

    def _status(self, painter: Painter, box: pygame.Rect, sweep: bool, current: bool) -> None:
        """Which games the view shows: level, players, how many games, the same seeds."""
        red, blue = self.controllers().values()
        games = f"{self.sweep_games:,} games per setting" if sweep else f"{self.games:,} games"
        line = (
            f"{self.level.model.level.title} \u00b7 {red} against {blue} \u00b7 {games}, "
            "the same seeds everywhere"
        )
        palette = painter.theme.palette
        painter.text(
            painter.clip(line, Type.SMALL, box.width),
            box.topleft,
            Type.SMALL,
            palette.text if current else palette.dim,
        )

    def _notice(self, painter: Painter, body: pygame.Rect, sweep: bool) -> None:
        """A card over the body: why this setting cannot be played, or how far the games are."""
        theme = painter.theme
        palette = theme.palette
        px = theme.px
        width = min(body.width - px(60), px(640))
        box = pygame.Rect(0, 0, width, px(150))
        box.center = (body.centerx, body.top + min(body.height // 2, px(260)))
        if self.problem:
            inner = painter.card(box, palette.warning)
            painter.text(
                "This setting cannot be played", inner.topleft, Type.BODY, palette.warning, True
            )
            painter.paragraph(
                self.problem,
                pygame.Rect(inner.left, inner.top + px(34), inner.width, px(52)),
                Type.SMALL,
            )
            painter.text(
                "Move a slider back, or pick another level.",
                inner.bottomleft,
                Type.SMALL,
                palette.dim,
                anchor="bottomleft",
            )
            return
        button = pygame.Rect(0, 0, px(250), px(44))
        if self.job is None:  # a sweep that was cancelled
            assert self.stopped is not None
            inner = painter.card(box, palette.panel_edge)
            painter.text("The sweep was stopped", inner.topleft, Type.BODY, bold=True)
            painter.text(
                f"{percent(self.stopped[1], 0)} of its games had been played.",
                (inner.left, inner.top + px(34)),
                Type.SMALL,
                palette.dim,
            )
            self.cancel_button.label = "Play the sweep again"
            button.bottomright = inner.bottomright
            self.cancel_button.rect = button
            return
        job = self.job
        if sweep:
            axes = self.axes()
            cells = len(axes[0].values) * (len(axes[1].values) if len(axes) > 1 else 1)
            doing = f"Playing {cells} settings \u00d7 {self.sweep_games:,} games\u2026"
        else:
            doing = f"Playing {self.games:,} games at this setting\u2026"
        inner = painter.card(box, palette.focus)
        painter.text(doing, inner.topleft, Type.BODY, bold=True)
        bar_y = inner.top + px(48)
        figure = painter.text(
            percent(job.progress, 0),
            (inner.right, bar_y),
            Type.BODY,
            palette.focus,
            True,
            "midright",
        )
        bar = pygame.Rect(inner.left, bar_y - px(8), figure.left - px(14) - inner.left, px(16))
        painter.meter(bar, job.progress, palette.focus)
        played = f"{job.done:,.0f} of {job.total:,.0f} games" if job.total else "Starting\u2026"
        detail = f"{played} \u00b7 {time_left(job.left_ms(self.now))}" if sweep else played
        painter.text(detail, inner.bottomleft, Type.SMALL, palette.dim, anchor="bottomleft")
        if sweep:
            self.cancel_button.label = "Cancel (Esc)"
            button.bottomright = inner.bottomright
            self.cancel_button.rect = button

    def _draw_results(self, painter: Painter, body: pygame.Rect, result: PointResult) -> None:
        """The big numbers, how the games ended, arsenals, and felt against real security."""
        px = painter.theme.px
        looks = self.looks
        gap = px(12)
        width = (body.width - 3 * gap) // 4
        tall = _number_card_height(painter)
        for index, metric in enumerate(METRICS):
            card = pygame.Rect(body.left + index * (width + gap), body.top, width, tall)
            _number_card(painter, card, metric, result.metric(metric))
        half = (body.width - gap) // 2
        middle = pygame.Rect(body.left, body.top + tall + gap, half, px(224))
        _outcomes(painter, middle, result)
        weapons = middle.move(half + gap, 0)
        charts.chart(
            painter,
            weapons,
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
        _title(painter, weapons, "Weapons (mean, middle 80%)")
        bottom = pygame.Rect(body.left, middle.bottom + gap, body.width, 0)
        bottom.height = body.bottom - bottom.top
        charts.chart(
            painter,
            bottom,
            [
                line
                for side, look in looks.items()
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
            ],
            top=100.0,
        )
        _title(painter, bottom, "Security in %: real (solid) and felt (dashed)")
        entries = [charts.Entry(look.name, look.color, look.emblem) for look in looks.values()]
        room = pygame.Rect(bottom.right - px(280), bottom.top + px(8), px(266), 0)
        charts.legend(painter, room, entries)

    def _draw_sweep(self, painter: Painter, body: pygame.Rect, sweep: SweepResult) -> None:
        """The chosen metric over the grid, each cell with its value, the setting outlined."""
        knobs = {knob.path: knob for knob in KNOBS}
        sliders = dict(zip(KNOBS, self.sliders, strict=True))
        marked = [_nearest(axis.values, sliders[knobs[axis.path]].value) for axis in sweep.axes]
        grid_axes = [
            charts.GridAxis(
                knobs[axis.path].label,
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


def _outcomes(painter: Painter, box: pygame.Rect, result: PointResult) -> None:
    """A labelled bar per outcome, the wars in the tension colour."""
    palette = painter.theme.palette
    px = painter.theme.px
    inner = painter.card(box, pad=14)
    painter.text("How the games ended", inner.topleft, Type.BODY, bold=True)
    step = (inner.height - px(30)) / len(OUTCOMES)
    font = painter.theme.font(Type.SMALL)
    label_width = max(font.size(words.OUTCOME[outcome])[0] for outcome in OUTCOMES) + px(12)
    number_width = font.size("100.0%")[0] + px(10)
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
