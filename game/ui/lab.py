"""The lab: change one thing and see, across a thousand games at once, what it does.

One game shows one story; the lab shows the pattern. A teacher picks a level and two
strategies, moves a slider (perception noise, execution noise, the offense–defense
balance, distinguishability, the price of a costly signal, game length) and the class
sees how the same 1,000 seeded games now end: the outcomes, mean arsenals with a band,
felt against real security, and how many games were true security dilemmas. The sweep
map shows one metric over a grid of one or two sliders, with the current setting marked.

Every computation runs on a background thread, so the window stays responsive: the
previous result stays on screen, dimmed, under a progress bar, and a newer change stops
an older computation (its result, if it still arrives, is thrown away).

Keys: Tab/Up/Down move between controls, Left/Right change the focused one, Home/End a
slider's ends, Enter a slider's level value, V results or sweep map, E an example game,
Esc or Backspace back. The mouse clicks every control and drags a slider's handle.
"""

from __future__ import annotations

import itertools
import json
import math
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

import pygame

from game.ai.registry import CATALOG, factory_from_spec, strategy_from_spec
from game.levels import LevelError, LoadedLevel
from game.replay import Replay, parse_replay, replay_document
from game.rules import vocabulary as words
from game.rules.model import Outcome, Side
from game.rules.noise import game_seeds
from game.session.lab import (
    KNOBS,
    METRICS,
    OUTCOMES,
    Axis,
    Knob,
    PointResult,
    SweepResult,
    run_point,
    run_sweep,
    setting,
    with_settings,
)
from game.session.match import Match
from game.session.results import game_results
from game.session.runner import run_games
from game.ui.app import App
from game.ui.layout import DESIGN_HEIGHT, DESIGN_WIDTH, design_rect, goes_back
from game.ui.painter import Painter
from game.ui.theme import Color, Look, nation_looks
from game.ui.widgets import Button, Choice, Focus

SIDES = (Side.RED, Side.BLUE)
GAMES = 1000
"""Games per setting: enough that a change of a few percent is the setting, not luck."""
SWEEP_GAMES = 200
"""Games per cell of a sweep map: a grid has up to 144 cells, so fewer games each."""
SEED = 1
"""Every setting plays the same seeds, so a difference comes from the setting alone."""
EXAMPLE_POOL = 100
"""How many of the point's first games the example is picked from."""
CACHED = 64
"""Results kept, so that a class can flip between settings without waiting."""
STRATEGIES = tuple(name for name in CATALOG if name != "expert")
"""The lab's players: every catalog strategy but the expert, which plans each move ahead
(about 0.3 s a game: a thousand games would take minutes, not a second)."""
DEFAULTS = {Side.RED: "bayesian", Side.BLUE: "tit-for-tat"}
VIEWS = ("Results", "Sweep map")
METRIC_WORDS = {
    "war_rate": ("War", "of games ended in war"),
    "spiral_rate": ("Arms-race spirals", "races and crisis wars"),
    "dilemma_share": ("True security dilemmas", "by Tang's conditions"),
    "mean_welfare": ("Mean score", "per nation and game"),
}
"""Each metric's name and what it counts, for the cards and the sweep map."""
HEAT = ((68, 1, 84), (59, 82, 139), (33, 145, 140), (94, 201, 98), (253, 231, 37))
"""Viridis, a colour scale that stays readable for colour-blind viewers and in grey."""

T = TypeVar("T")


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


def example_replay(level: LoadedLevel, red: str, blue: str, seeds: Sequence[int]) -> Replay:
    """One game of this setting as a replay: the first that spiralled into war, if any.

    The first :data:`EXAMPLE_POOL` games of the point are played as a batch to find it;
    the chosen seed is then played alone through a :class:`Match`, as in the game.
    """
    pool = list(seeds[:EXAMPLE_POOL])
    run = run_games(level.scenario, factory_from_spec(red), factory_from_spec(blue), pool)
    spiralled = [
        result.seed
        for result in game_results(run.state, pool)
        if result.outcome is Outcome.SPIRAL_TO_WAR
    ]
    seed = spiralled[0] if spiralled else pool[0]
    match = Match(level.scenario, seed, strategy_from_spec(red), strategy_from_spec(blue))
    match.play_out()
    document = replay_document(level, {Side.RED: red, Side.BLUE: blue}, match.event_log())
    return parse_replay(json.dumps(document).encode("utf-8"), f"lab example (seed {seed})")


class _StoppedError(Exception):
    """Raised inside a computation that a newer change has replaced."""


class Job(Generic[T]):
    """A computation on a background thread, with its progress, that can be told to stop.

    The thread is a daemon, so closing the window never waits for a sweep to finish.
    """

    def __init__(self, key: Any, work: Callable[[Callable[[float], None]], T]) -> None:
        self.key = key
        self.progress = 0.0
        self.result: T | None = None
        self.error: Exception | None = None
        self.done = threading.Event()
        self._stop = threading.Event()
        threading.Thread(target=self._run, args=(work,), daemon=True).start()

    def stop(self) -> None:
        """Ask the computation to end at its next progress report."""
        self._stop.set()

    def _report(self, fraction: float) -> None:
        if self._stop.is_set():
            raise _StoppedError
        self.progress = fraction

    def _run(self, work: Callable[[Callable[[float], None]], T]) -> None:
        try:
            self.result = work(self._report)
        except _StoppedError:
            pass
        except Exception as error:  # handed to the window's thread, which decides
            self.error = error
        finally:
            self.done.set()


@dataclass
class Slider:
    """A knob on a track: Left/Right a step, Home/End the ends, a click or drag anywhere.

    Enter puts it back at the level's own value, which is also ticked on the track.
    """

    knob: Knob
    home: float
    on_change: Callable[[], None]
    rect: pygame.Rect = field(default_factory=lambda: pygame.Rect(0, 0, 0, 0))
    values: list[float] = field(init=False)
    index: int = field(init=False)

    def __post_init__(self) -> None:
        self.values = sorted({*self.knob.values, self.home})
        self.index = self.values.index(self.home)

    @property
    def value(self) -> float:
        """The chosen value."""
        return self.values[self.index]

    def choose(self, index: int) -> None:
        """Move the handle to ``index`` (clamped); a real move re-runs the games."""
        index = min(max(index, 0), len(self.values) - 1)
        if index != self.index:
            self.index = index
            self.on_change()

    def nudge(self, step: int) -> None:
        """One value left or right."""
        self.choose(self.index + step)

    def consume(self, event: pygame.event.Event) -> bool:
        """Home and End jump to the ends."""
        if event.type == pygame.KEYDOWN and event.key in (pygame.K_HOME, pygame.K_END):
            self.choose(0 if event.key == pygame.K_HOME else len(self.values) - 1)
            return True
        return False

    def press(self) -> None:
        """Back to the level's own value."""
        self.choose(self.values.index(self.home))

    def click(self, position: tuple[int, int]) -> None:
        """The value nearest to where the track was clicked (or dragged to)."""
        track = self.track
        share = (position[0] - track.left) / max(track.width, 1)
        self.choose(round(share * (len(self.values) - 1)))

    @property
    def track(self) -> pygame.Rect:
        """The line the handle slides along."""
        pad = round(self.rect.height * 0.22)
        return pygame.Rect(
            self.rect.left + pad,
            self.rect.bottom - round(self.rect.height * 0.17),
            self.rect.width - 2 * pad,
            1,
        )

    def _x(self, index: int) -> int:
        track = self.track
        return track.left + round(track.width * index / max(len(self.values) - 1, 1))

    def draw(self, painter: Painter, focused: bool) -> None:
        """Label and value, the reason it matters, and the track with its handle."""
        theme = painter.theme
        palette = theme.palette
        painter.panel(
            self.rect, palette.focus if focused else palette.panel_edge, 3 if focused else 1
        )
        track = self.track
        top = self.rect.top + theme.px(5)
        with painter.within(pygame.Rect(track.left, self.rect.top, track.width, self.rect.height)):
            value = painter.text(
                knob_text(self.knob, self.value),
                (track.right, top),
                18,
                palette.focus if focused else palette.text,
                bold=True,
                anchor="topright",
            )
            with painter.within(pygame.Rect(track.left, top, value.left - track.left - 8, 1)):
                painter.text(self.knob.label, (track.left, top), 17, bold=focused)
            painter.text(self.knob.why, (track.left, top + theme.px(21)), 13, palette.dim)
        y = track.top
        thick = max(4, theme.px(5))
        pygame.draw.line(painter.surface, palette.track, (track.left, y), (track.right, y), thick)
        pygame.draw.line(
            painter.surface, palette.dim, (track.left, y), (self._x(self.index), y), thick
        )
        tick = theme.px(4)
        for index, option in enumerate(self.values):
            long = option == self.home
            x = self._x(index)
            color = palette.text if long else palette.panel_edge
            pygame.draw.line(
                painter.surface, color, (x, y - tick), (x, y + tick * (2 if long else 1)), 2
            )
        handle = (self._x(self.index), y)
        pygame.draw.circle(
            painter.surface, palette.focus if focused else palette.text, handle, theme.px(7)
        )
        pygame.draw.circle(painter.surface, palette.panel, handle, theme.px(3))


@dataclass
class Tabs:
    """Two or more views side by side; Left/Right or a click picks one."""

    options: Sequence[str]
    on_change: Callable[[int], None]
    index: int = 0
    rect: pygame.Rect = field(default_factory=lambda: pygame.Rect(0, 0, 0, 0))

    def choose(self, index: int) -> None:
        """Show view ``index``."""
        if index != self.index:
            self.index = index
            self.on_change(index)

    def nudge(self, step: int) -> None:
        """The view to the left or right."""
        self.choose(min(max(self.index + step, 0), len(self.options) - 1))

    def consume(self, event: pygame.event.Event) -> bool:
        """Tabs take no keys of their own."""
        return False

    def press(self) -> None:
        """Enter shows the next view."""
        self.choose((self.index + 1) % len(self.options))

    def click(self, position: tuple[int, int]) -> None:
        """The clicked tab."""
        width = self.rect.width / len(self.options)
        self.choose(min(int((position[0] - self.rect.left) // width), len(self.options) - 1))

    def draw(self, painter: Painter, focused: bool) -> None:
        """Each tab a segment; the shown one filled."""
        palette = painter.theme.palette
        width = self.rect.width // len(self.options)
        for index, label in enumerate(self.options):
            box = pygame.Rect(
                self.rect.left + index * width, self.rect.top, width, self.rect.height
            )
            shown = index == self.index
            painter.panel(box, palette.focus if focused and shown else palette.panel_edge)
            if shown:
                inner = box.inflate(-painter.theme.px(6), -painter.theme.px(6))
                pygame.draw.rect(painter.surface, palette.panel_edge, inner, border_radius=6)
            with painter.within(box.inflate(-painter.theme.px(8), 0)):
                painter.text(
                    label,
                    box.center,
                    19,
                    palette.text if shown else palette.dim,
                    bold=shown,
                    anchor="center",
                )


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
        self.job: Job[Any] | None = None
        self.example: Job[Replay] | None = None
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
        self.metric = Tabs([METRIC_WORDS[name][0] for name in METRICS], lambda _: None)
        self.example_button = Button("Open an example game", self.open_example)
        self.back_button = Button("Back", self.leave)
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
            setting(slider.knob.path, slider.value)
            for slider in self.sliders
            if slider.value != slider.home and slider.knob.path not in skip
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
        self.sliders = [Slider(knob, level_value(level, knob.path), self.refresh) for knob in KNOBS]
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
        self._build_focus()
        self.refresh()

    def _build_focus(self) -> None:
        """The focus ring of the view shown, keeping the focused control where it can."""
        current = self.focus.current
        sweep = [self.across, self.down, self.metric] if self.sweep_view else []
        widgets = [
            self.view,
            self.level_choice,
            *self.players.values(),
            *self.sliders,
            *sweep,
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
        """Start computing what the view shows, unless it is already on screen."""
        sweep = self.sweep_view
        key = self._key(sweep)
        if self.job is not None and self.job.key == key:
            return
        if self.job is not None:
            self.job.stop()
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
        red, blue = self.controllers().values()
        if sweep:
            axes, games = self.axes(), self.sweep_games
            self.job = Job(
                key, lambda report: run_sweep(level, red, blue, axes, games, SEED, 1, report)
            )
        else:
            games = self.games
            self.job = Job(key, lambda report: run_point(level, red, blue, games, SEED, report))

    def update(self, now_ms: int) -> None:
        """Take a finished result; a result for an older setting never gets here."""
        job = self.job
        if job is not None and job.done.is_set():
            self.job = None
            if isinstance(job.error, LevelError):
                self.problem = str(job.error.problems[0])
            elif job.error is not None:
                raise job.error
            elif job.result is not None:
                self.cache[job.key] = job.result
                while len(self.cache) > CACHED:
                    del self.cache[next(iter(self.cache))]
                self._show(job.key, job.result)
                if isinstance(job.result, SweepResult):  # a long wait is over
                    self.app.sounds.play("confirm")
        example = self.example
        if example is not None and example.done.is_set():
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
        self.example = Job(None, lambda _: example_replay(level, red, blue, seeds))

    def leave(self) -> None:
        """Stop any computation and go back."""
        if self.job is not None:
            self.job.stop()
            self.job = None
        self.on_back()

    def handle(self, event: pygame.event.Event) -> None:
        """Keys and clicks; a drag moves a slider's handle."""
        if goes_back(event):
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
        painter.text("Lab", design_rect(painter, 40, 16).topleft, 36, bold=True)
        painter.text(
            "One game shows one story; the lab shows the pattern.",
            design_rect(painter, 132, 34).topleft,
            17,
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
            slider.rect = design_rect(painter, 40, 238 + index * 67, 400, 64)
        self.example_button.rect = design_rect(painter, 40, 646, 268, 48)
        self.back_button.rect = design_rect(painter, 320, 646, 120, 48)
        sweep = self.sweep_view
        if sweep:
            self.across.rect = design_rect(painter, 470, 80, 380, 46)
            self.down.rect = design_rect(painter, 860, 80, 380, 46)
            self.metric.rect = design_rect(painter, 470, 134, 770, 42)
            area = design_rect(painter, 470, 186, 770, 508)
        else:
            area = design_rect(painter, 470, 80, 770, 614)
        shown = self.sweep if sweep else self.point
        current = shown is not None and shown[0] == self._key(sweep) and not self.problem
        status = pygame.Rect(area.left, area.top, area.width, px(30))
        self._status(painter, status, sweep, current)
        body = pygame.Rect(area.left, status.bottom, area.width, area.bottom - status.bottom)
        if sweep and self.sweep is not None:
            self._draw_sweep(painter, body, self.sweep[1])
        elif not sweep and self.point is not None:
            self._draw_results(painter, body, self.point[1])
        if shown is not None and not current:
            veil = pygame.Surface(body.size, pygame.SRCALPHA)
            veil.fill((*palette.background, 160))
            painter.surface.blit(veil, body.topleft)
        if self.problem or self.job is not None:
            self._notice(painter, body, sweep)
        self.focus.draw(painter)
        painter.text(
            "Tab/Up/Down: move \u00b7 Left/Right: change \u00b7 Enter: level's value "
            "\u00b7 V: results or sweep map \u00b7 E: example game \u00b7 Esc: back",
            design_rect(painter, 1240, 714).topleft,
            13,
            palette.dim,
            anchor="bottomright",
        )

    def _status(self, painter: Painter, box: pygame.Rect, sweep: bool, current: bool) -> None:
        """Which games the view shows: level, players, how many games, the same seeds."""
        looks = self.looks
        red, blue = self.controllers().values()
        games = f"{self.sweep_games:,} games per cell" if sweep else f"{self.games:,} games"
        with painter.within(box):
            painter.text(
                f"{self.level.model.level.title}: {looks[Side.RED].name} plays {red}, "
                f"{looks[Side.BLUE].name} plays {blue} \u00b7 {games}, the same seeds "
                "at every setting",
                box.topleft,
                16,
                painter.theme.palette.text if current else painter.theme.palette.dim,
            )

    def _notice(self, painter: Painter, body: pygame.Rect, sweep: bool) -> None:
        """A card over the body: why this setting cannot be played, or how far the games are."""
        theme = painter.theme
        palette = theme.palette
        px = theme.px
        width = min(body.width - px(60), px(620))
        box = pygame.Rect(0, 0, width, px(112))
        box.center = (body.centerx, body.top + min(body.height // 2, px(260)))
        if self.problem:
            inner = painter.card(box, palette.warning)
            painter.text(
                "This setting cannot be played", inner.topleft, 20, palette.warning, bold=True
            )
            painter.text(
                painter.clip(self.problem, 15, inner.width, keep="ends"),
                (inner.left, inner.top + px(36)),
                15,
            )
            painter.text(
                "Move a slider back, or pick another level.",
                (inner.left, inner.bottom),
                14,
                palette.dim,
                anchor="bottomleft",
            )
            return
        assert self.job is not None
        if sweep:
            axes = self.axes()
            cells = len(axes[0].values) * (len(axes[1].values) if len(axes) > 1 else 1)
            doing = f"Playing {cells} settings \u00d7 {self.sweep_games:,} games\u2026"
        else:
            doing = f"Playing {self.games:,} games at this setting\u2026"
        share = self.job.progress
        inner = painter.card(box, palette.focus)
        painter.text(doing, inner.topleft, 20, bold=True)
        figure = painter.text(
            percent(share, 0), inner.bottomright, 20, palette.focus, True, "bottomright"
        )
        bar = pygame.Rect(inner.left, figure.centery - px(8), 0, px(16))
        bar.width = figure.left - px(14) - inner.left
        painter.meter(bar, share, palette.focus)

    def _draw_results(self, painter: Painter, body: pygame.Rect, result: PointResult) -> None:
        """The big numbers, how the games ended, arsenals, and felt against real security."""
        px = painter.theme.px
        looks = self.looks
        gap = px(12)
        width = (body.width - 3 * gap) // 4
        for index, metric in enumerate(METRICS):
            card = pygame.Rect(body.left + index * (width + gap), body.top, width, px(100))
            _number_card(painter, card, metric, result.metric(metric))
        half = (body.width - gap) // 2
        middle = pygame.Rect(body.left, body.top + px(100) + gap, half, px(226))
        _outcomes(painter, middle, result)
        top = max(float(result.arsenal_high.max()), 1.0)
        plot(
            painter,
            middle.move(half + gap, 0),
            "Weapons (mean)",
            [Line(result.arsenal_mean[:, side], looks[side]) for side in SIDES],
            [
                (result.arsenal_low[:, side], result.arsenal_high[:, side], looks[side])
                for side in SIDES
            ],
            first=0,
            top=(top, words.number(top)),
            note="band: the middle 80% of games",
        )
        bottom = pygame.Rect(body.left, middle.bottom + gap, body.width, 0)
        bottom.height = body.bottom - bottom.top
        plot(
            painter,
            bottom,
            "Security: real (solid line) and felt (dashed line)",
            [
                line
                for side in SIDES
                for line in (
                    Line(result.real_security[:, side], looks[side]),
                    Line(result.felt_security[:, side], looks[side], dashed=True),
                )
            ],
            [],
            first=1,
            top=(1.0, "1 safe"),
            note="felt below real: fear \u00b7 felt above real: false confidence",
        )

    def _draw_sweep(self, painter: Painter, body: pygame.Rect, sweep: SweepResult) -> None:
        """The chosen metric over the grid, each cell with its value, the setting outlined."""
        knobs = {knob.path: knob for knob in KNOBS}
        marked = [
            _nearest(axis.values, self._slider(knobs[axis.path]).value) for axis in sweep.axes
        ]
        heatmap(
            painter,
            body,
            sweep,
            METRICS[self.metric.index],
            marked,
        )

    def _slider(self, knob: Knob) -> Slider:
        """The slider of a knob."""
        return next(slider for slider in self.sliders if slider.knob is knob)


@dataclass(frozen=True)
class Line:
    """One line of a chart: values per turn (nan where no game runs) and whose they are."""

    values: Sequence[float]
    look: Look
    dashed: bool = False


def plot(
    painter: Painter,
    box: pygame.Rect,
    title: str,
    lines: Sequence[Line],
    bands: Sequence[tuple[Sequence[float], Sequence[float], Look]],
    first: int,
    top: tuple[float, str],
    note: str,
) -> None:
    """A chart per turn: see-through bands, solid or dashed lines, emblems along each line.

    ``top`` is the highest value and how to write it; ``first`` the turn of the first value.
    The nations' emblems and names stand in the title row, so colour is never the only cue.
    """
    theme = painter.theme
    palette = theme.palette
    px = theme.px
    painter.panel(box)
    legend = _legend(painter, box, [line.look for line in lines])
    with painter.within(pygame.Rect(box.left, box.top, legend - box.left - px(12), box.height)):
        painter.text(title, (box.left + px(14), box.top + px(10)), 17, bold=True)
    area = pygame.Rect(box.left + px(52), box.top + px(46), 0, 0)
    area.width = box.right - px(18) - area.left
    area.height = box.bottom - px(28) - area.top
    count = max([len(line.values) for line in lines] + [2])
    peak = top[0] or 1.0

    def point(index: int, value: float) -> tuple[int, int]:
        x = area.left + round(area.width * index / (count - 1))
        return x, area.bottom - round(area.height * min(max(value / peak, 0.0), 1.0))

    for y, label in ((area.top, top[1]), (area.bottom, "0")):
        pygame.draw.line(painter.surface, palette.panel_edge, (area.left, y), (area.right, y))
        painter.text(label, (area.left - px(8), y), 12, palette.dim, anchor="midright")
    below = area.bottom + px(4)
    painter.text(f"turn {first}", (area.left, below), 12, palette.dim)
    painter.text(f"{first + count - 1}", (area.right, below), 12, palette.dim, anchor="topright")
    painter.text(note, (area.centerx, below), 12, palette.dim, anchor="midtop")
    shade = pygame.Surface(box.size, pygame.SRCALPHA)
    for low, high, look in bands:
        outline = [point(i, float(v)) for i, v in enumerate(high)]
        outline += [point(i, float(v)) for i, v in reversed(list(enumerate(low)))]
        if len(outline) >= 4:
            moved = [(x - box.left, y - box.top) for x, y in outline]
            pygame.draw.polygon(shade, (*look.color, 60), moved)
    painter.surface.blit(shade, box.topleft)
    width = max(2, px(3))
    for line in lines:
        points = [point(i, float(v)) for i, v in enumerate(line.values) if not math.isnan(v)]
        if len(points) < 2:
            continue
        if line.dashed:
            _dashed(painter.surface, line.look.color, points, width, px(9))
        else:
            pygame.draw.lines(painter.surface, line.look.color, False, points, width)
        step = max(1, math.ceil(len(points) / 8))
        for spot in [*points[::step][:-1], points[-1]]:
            painter.emblem(line.look.emblem, spot, px(6), line.look.color)


def _legend(painter: Painter, box: pygame.Rect, looks: Sequence[Look]) -> int:
    """Each nation's emblem and name at the right of a chart's title row; its left edge."""
    px = painter.theme.px
    x = box.right - px(14)
    for look in reversed(list(dict.fromkeys(looks))):
        label = painter.text(
            look.name, (x, box.top + px(12)), 14, look.color, bold=True, anchor="topright"
        )
        painter.emblem(look.emblem, (label.left - px(10), label.centery), px(6), look.color)
        x = label.left - px(28)
    return x


def _number_card(painter: Painter, box: pygame.Rect, metric: str, value: float) -> None:
    """One metric as a big number with what it counts."""
    palette = painter.theme.palette
    name, meaning = METRIC_WORDS[metric]
    inner = painter.card(box, pad=10)
    painter.text(name, inner.topleft, 15, palette.dim, bold=True)
    middle = (inner.left, inner.top + painter.theme.px(40))
    painter.text(metric_text(metric, value), middle, 36, bold=True, anchor="midleft")
    painter.text(meaning, inner.bottomleft, 13, palette.dim, anchor="bottomleft")


def _outcomes(painter: Painter, box: pygame.Rect, result: PointResult) -> None:
    """A labelled bar per outcome, the wars in the tension colour."""
    palette = painter.theme.palette
    px = painter.theme.px
    inner = painter.card(box, pad=14)
    painter.text("How the games ended", inner.topleft, 17, bold=True)
    step = (inner.height - px(30)) / len(OUTCOMES)
    label_width = round(inner.width * 0.38)
    number_width = px(62)
    for index, outcome in enumerate(OUTCOMES):
        y = round(inner.top + px(30) + step * (index + 0.5))
        share = result.outcome_shares[outcome.key]
        with painter.within(pygame.Rect(inner.left, 0, label_width - px(8), 1)):
            painter.text(words.OUTCOME[outcome], (inner.left, y), 15, anchor="midleft")
        bar = pygame.Rect(inner.left + label_width, y - px(7), 0, px(14))
        bar.width = inner.width - label_width - number_width
        painter.meter(bar, share, palette.tension if outcome.is_war else palette.good)
        painter.text(percent(share), (inner.right, y), 15, bold=share > 0, anchor="midright")


def heatmap(
    painter: Painter, body: pygame.Rect, sweep: SweepResult, metric: str, marked: Sequence[int]
) -> None:
    """A metric over a sweep's grid: each cell coloured and written, one cell outlined.

    ``marked`` is the column (and row) of the sliders' setting. Colours run over viridis
    from the grid's lowest to its highest value; the scale shows both numbers.
    """
    theme = painter.theme
    palette = theme.palette
    px = theme.px
    painter.panel(body)
    knobs = {knob.path: knob for knob in KNOBS}
    across = knobs[sweep.axes[0].path]
    down = knobs[sweep.axes[1].path] if len(sweep.axes) > 1 else None
    grid = sweep.grid(metric)
    low, high = float(grid.min()), float(grid.max())
    bar = pygame.Rect(body.right - px(80) - px(160), body.top + px(18), px(160), px(14))
    for x in range(bar.width):
        shade = _heat(x / max(bar.width - 1, 1))
        pygame.draw.line(
            painter.surface, shade, (bar.left + x, bar.top), (bar.left + x, bar.bottom)
        )
    small = (13, palette.dim)
    painter.text(
        metric_text(metric, low), (bar.left - px(8), bar.centery), *small, anchor="midright"
    )
    painter.text(
        metric_text(metric, high), (bar.right + px(8), bar.centery), *small, anchor="midleft"
    )
    with painter.within(pygame.Rect(body.left, body.top, bar.left - px(70) - body.left, 1)):
        painter.text(
            f"{METRIC_WORDS[metric][0]} at each setting",
            (body.left + px(16), body.top + px(12)),
            19,
            bold=True,
        )
    painter.text(
        "Amber outline: the sliders' setting",
        (body.right - px(16), body.top + px(44)),
        13,
        palette.dim,
        anchor="topright",
    )
    if down is not None:
        painter.text(f"Down: {down.label}", (body.left + px(16), body.top + px(44)), 14, bold=True)
    left = body.left + px(76 if down else 20)
    area = pygame.Rect(left, body.top + px(72), body.right - px(16) - left, 0)
    area.height = body.bottom - px(54) - area.top
    rows, columns = grid.shape
    width = area.width // columns
    height = area.height if rows == 1 else min(area.height // rows, px(110))
    size = max(10, min(18, width / theme.scale / 4.2, height / theme.scale / 1.7))
    base = min(low, 0.0)

    def cell(row: int, column: int) -> pygame.Rect:
        """A grid cell, or for one row a bar as tall as its value (room left for the number)."""
        if rows > 1:
            return pygame.Rect(area.left + column * width, area.top + row * height, width, height)
        value = float(grid[0, column])
        tall = round((height - px(30)) * (value - base) / ((high - base) or 1.0))
        return pygame.Rect(area.left + column * width, area.bottom - tall, width, max(tall, px(4)))

    for row in range(rows):
        for column in range(columns):
            value = float(grid[row, column])
            color = _heat(0.5 if high == low else (value - low) / (high - low))
            box = cell(row, column)
            pygame.draw.rect(painter.surface, color, box.inflate(-2, -2))
            text = metric_text(metric, value, 0)
            with painter.within(box.inflate(-4, 0)):
                if rows == 1:
                    spot = (box.centerx, box.top - px(4))
                    painter.text(text, spot, size, palette.text, anchor="midbottom")
                else:
                    ink = (20, 20, 20) if sum(color) > 400 else (245, 245, 245)
                    painter.text(text, box.center, size, ink, anchor="center")
    outline = cell(marked[1] if len(marked) > 1 else 0, marked[0])
    pygame.draw.rect(painter.surface, palette.focus, outline.inflate(4, 4), px(4))
    bottom = area.top + rows * height
    label = min(15, max(10, width / theme.scale / 3.6))
    for column, value in enumerate(sweep.axes[0].values):
        center = (area.left + round((column + 0.5) * width), bottom + px(6))
        with painter.within(pygame.Rect(center[0] - width // 2, 0, width, 1)):
            painter.text(knob_text(across, value), center, label, palette.dim, anchor="midtop")
    painter.text(
        f"Across: {across.label}", (area.centerx, bottom + px(28)), 15, bold=True, anchor="midtop"
    )
    if down is not None:
        for row, value in enumerate(sweep.axes[1].values):
            center = (area.left - px(10), area.top + round((row + 0.5) * height))
            size = min(15, height / theme.scale / 1.6)
            painter.text(knob_text(down, value), center, size, palette.dim, anchor="midright")


def _nearest(values: Sequence[float], value: float) -> int:
    """Index of the grid value closest to ``value``."""
    return min(range(len(values)), key=lambda index: abs(values[index] - value))


def _heat(share: float) -> Color:
    """The colour of a share (0–1) on the viridis scale."""
    share = min(max(share, 0.0), 1.0) * (len(HEAT) - 1)
    index = min(int(share), len(HEAT) - 2)
    part = share - index
    low, high = HEAT[index], HEAT[index + 1]
    return (
        round(low[0] + (high[0] - low[0]) * part),
        round(low[1] + (high[1] - low[1]) * part),
        round(low[2] + (high[2] - low[2]) * part),
    )


def _dashed(
    surface: pygame.Surface, color: Color, points: Sequence[tuple[int, int]], width: int, dash: int
) -> None:
    """A polyline in dashes of ``dash`` pixels, so it reads apart from a solid one."""
    marks = [(float(points[0][0]), float(points[0][1]))]
    carried = 0.0  # how far the last mark lies behind the start of the segment
    for (x1, y1), (x2, y2) in itertools.pairwise(points):
        length = math.hypot(x2 - x1, y2 - y1)
        position = dash - carried
        while position <= length:
            share = position / length
            marks.append((x1 + (x2 - x1) * share, y1 + (y2 - y1) * share))
            position += dash
        carried = length - (position - dash)
    for start, end in zip(marks[::2], marks[1::2], strict=False):
        pygame.draw.line(surface, color, start, end, width)
