"""Hot-seat secrecy: no screen shown to one player draws anything private to the other.

Whole hot-seat games are played through the real window with real key presses. On every
screen of a game (briefing, curtains, reports, decisions with and without the belief
meter, the pause menu over each of them) the painter's :class:`Recorder` notes everything
drawn as values: texts and the numbers in them, meters, estimate bars, chart series,
emblems and marks. Two independent checks then run on that screen:

* **Values**: no number shown may match a number private to the other side (its true
  arsenal by kind and in total, now and after each past turn, its treasury, its felt
  security, its intelligence on us, its orders of this turn, what it spent) or hidden
  from both (real security, scores, the world's random draws), unless the viewer could
  know that number anyway: a number explained by the viewer's own observation (its own
  arsenal, its estimate and range, tension, turn numbers, its chart, the public level) is
  never called a leak. Numbers are matched as shown: ``7.3`` stands for 7.25 to 7.35,
  ``43%`` for 0.425 to 0.435; a bar or a chart point is exact. A bar drawn to the scale of
  an estimate bar or chart on the same screen is read on that scale. The words of the
  other side's hidden type may not appear either.
* **Counterfactual**: the same screen is drawn again in a world where every secret of
  the other side (and everything hidden from both) is different: arsenals, treasury,
  hidden type, the orders it gave this turn, what it saw and heard, its felt security,
  every random draw. What is drawn, and every pixel, must stay the same. This catches
  leaks that show no number at all (an emblem, a colour) and drawing that bypasses the
  painter.

Curtains, the briefing and the pause menu are seen by whoever sits at the keyboard, so
they are checked against both sides' secrets. The debrief shows the truth by design and
is not checked. Planted leaks prove that each check fails when it should.
"""

from __future__ import annotations

import bisect
import contextlib
import dataclasses
import enum
import itertools
import math
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pygame
import pytest
from ui_driver import key, lift_curtain

from game.ai.beliefs import belief_from
from game.levels import LoadedLevel, load_builtin
from game.rules import vocabulary as words
from game.rules.engine import preview_orders
from game.rules.model import NationType, Orders, Posture, Side, Signal
from game.rules.noise import Noise
from game.session.match import Match
from game.ui.app import App
from game.ui.charts import MOST_TICKS, value_ticks
from game.ui.flow import MatchFlow
from game.ui.painter import NUMBER, Drawn, Recorder, Shown
from game.ui.pause import Pause
from game.ui.screens import Briefing, Curtain, Debrief, Decision, Report, _chart_series

SIDES = (Side.RED, Side.BLUE)
EXACT = 1e-6
"""Relative tolerance for values drawn as lengths or points."""
NOBODY = "hidden from both"


# -- who owns which value ------------------------------------------------------------------


@dataclass(frozen=True)
class Secret:
    """A number (or words) that one side, or nobody, may see."""

    owner: str
    """``Redland``, ``Blueland`` or :data:`NOBODY`."""
    name: str
    value: float = math.nan
    phrase: str = ""

    @property
    def title(self) -> str:
        """``Blueland's true arsenal``; ``Redland's random draw 3.2 (hidden from both)``."""
        if self.owner == NOBODY:
            return f"{self.name} ({NOBODY})"
        return f"{self.owner}'s {self.name}"


def _per_turn(name: str, values: np.ndarray) -> list[tuple[str, float]]:
    return [(f"{name} after turn {turn + 1}", float(v)) for turn, v in enumerate(values)]


def private_to(match: Match, side: Side, owner: str) -> list[Secret]:
    """What only ``side`` may know now: its own truth, its intelligence, its orders.

    Its observation minus the public part of it (turn, tension, crisis, treaty, news, the
    level), and the truth about it that no observation holds.
    """
    state, s, turn = match.state, int(side), match.turn
    view = match.observation(side)
    names = match.scenario.weapon_names
    history = state.history
    found: list[tuple[str, float]] = []
    for name, count in zip(names, state.arsenal[0, s], strict=True):
        found.append((f"true {name}", float(count)))
    found.append(("true arsenal in total", float(state.arsenal[0, s].sum())))
    found += _per_turn("true arsenal", history.arsenal[:turn, 0, s].sum(axis=1))
    if match.scenario.kinds > 1:
        for k, name in enumerate(names):
            found += _per_turn(f"true {name}", history.arsenal[:turn, 0, s, k])
    found.append(("treasury", view.treasury))
    found += _per_turn("treasury", history.treasury[:turn, 0, s])
    found.append(("felt security", view.felt_security))
    found += _per_turn("felt security", history.felt_security[:turn, 0, s])
    intel = view.intel
    found += [
        ("estimate of the other", intel.total),
        ("low end of its estimate", intel.low),
        ("high end of its estimate", intel.high),
        ("uncertainty of its estimate", intel.uncertainty),
    ]
    found += [
        (f"estimate of the other's {n}", v) for n, v in zip(names, intel.by_kind, strict=True)
    ]
    if intel.verified_cut is not None:
        found.append(("cut it saw verified", intel.verified_cut))
    found += _per_turn("estimate of the other", history.estimate[:turn, 0, s])
    found += _per_turn("amount carried out", history.amount[:turn, 0, s])
    found += _per_turn("amount ordered", history.requested[:turn, 0, s])
    found += _per_turn("cost", history.cost[:turn, 0, s])
    pending = match._pending.get(side)
    if pending is not None:
        found.append(("amount ordered this turn", pending.amount))
    secrets = [Secret(owner, name, value) for name, value in found if math.isfinite(value)]
    kind = NationType(int(state.types[0, s]))
    secrets.append(Secret(owner, "hidden type", phrase=words.TYPE[kind]))
    return secrets


def hidden_from_both(match: Match, looks: dict[Side, str]) -> list[Secret]:
    """What no player may see before the debrief: real security, scores, the dice."""
    state, turn = match.state, match.turn
    found: list[tuple[str, str, float]] = []
    for side in SIDES:
        s, name = int(side), looks[side]
        found += [
            (name, label, value)
            for label, value in _per_turn("real security", state.history.real_security[:turn, 0, s])
            + _per_turn("turn score", state.history.turn_score[:turn, 0, s])
        ]
        found.append((name, "score", float(state.score[0, s])))
        # the world's draws that concern this side, up to the turn about to be resolved
        rows = slice(0, turn + 2)
        for row, draws in enumerate(state.noise.uniform[rows, 0, s]):
            found += [(name, f"random draw {row}.{i}", float(v)) for i, v in enumerate(draws)]
        for row, draws in enumerate(state.noise.normal[rows, 0, s]):
            found += [(name, f"perception error {row}.{i}", float(v)) for i, v in enumerate(draws)]
    for row, value in enumerate(state.noise.shared[: turn + 2, 0]):
        found.append(("the world", f"war draw {row}", float(value)))
    return [Secret(NOBODY, f"{owner}'s {label}", value) for owner, label, value in found]


# -- what a viewer may legitimately see ------------------------------------------------------


def numbers_in(value: object, found: list[float], depth: int = 0) -> list[float]:
    """Every number inside ``value``: dataclass fields, sequences, arrays, numbers in text."""
    if depth > 12 or value is None:
        return found
    if isinstance(value, bool | enum.Enum):
        return found
    if isinstance(value, int | float | np.integer | np.floating):
        found.append(float(value))
    elif isinstance(value, str):
        found += [float(m.group(1)) / (100 if m.group(2) else 1) for m in NUMBER.finditer(value)]
    elif isinstance(value, np.ndarray):
        found += [float(v) for v in value.ravel() if value.dtype.kind in "fiu"]
    elif dataclasses.is_dataclass(value):
        for item in dataclasses.fields(value):
            numbers_in(getattr(value, item.name), found, depth + 1)
    elif isinstance(value, dict):
        for item in value.values():
            numbers_in(item, found, depth + 1)
    elif isinstance(value, list | tuple | frozenset | set):
        for item in value:
            numbers_in(item, found, depth + 1)
    return found


def public_level_numbers(level: LoadedLevel) -> list[float]:
    """Numbers of the public level: its rules, texts and news (start arsenals apart)."""
    scenario = dataclasses.replace(
        level.scenario,
        start_arsenal=np.zeros_like(level.scenario.start_arsenal),
        start_treasury=np.zeros_like(level.scenario.start_treasury),
    )
    found = numbers_in(scenario, [])
    model = level.model.model_dump()
    for nation in model.get("nations", {}).values():
        nation.pop("arsenal", None)
        nation.pop("treasury", None)
    return numbers_in(model, found)


def known_to(
    flow: MatchFlow, viewer: Side | None, scene: object, level_numbers: list[float]
) -> list[float]:
    """Numbers the viewer could know (``None``: whoever sits at the keyboard).

    Everything in its own observation and what the screens compute from it (its range,
    its chart and the ticks of its scale, the belief meter and its odds, the cost of the
    orders on screen, tension's change), the public level, turn numbers and counts. The
    start arsenals and treasuries are public while the game has not begun.
    """
    match = flow.match
    scenario = match.scenario
    known = [*level_numbers, *range(scenario.turns + 2)]
    if match.turn == 0:
        known += numbers_in((scenario.start_arsenal, scenario.start_treasury), [])
        known += [float(total) for total in scenario.start_arsenal.sum(axis=1)]
    if viewer is None:
        return known
    view = match.observation(viewer)
    known += numbers_in(dataclasses.replace(view, scenario=None), [])
    known += [scenario.start_arsenal[int(viewer)].sum(), scenario.start_treasury[int(viewer)]]
    known += numbers_in(scenario.start_arsenal[int(viewer)], [])
    known += [view.intel.low, view.intel.high, view.total_arsenal]
    series = _chart_series(view)
    known += [value for line in series for value in line]
    top = max([value for line in series for value in line] + [1.0])  # the chart's scale
    known += [tick for most in range(1, MOST_TICKS + 1) for tick in value_ticks(top, most)]
    known += [max([view.intel.high, view.total_arsenal, 1.0]) * 1.1]  # the estimate's scale
    tensions = [scenario.start_tension, *(memory.tension for memory in view.history)]
    known += [after - before for before, after in itertools.pairwise(tensions)]
    known.append(belief_from(view))
    known += numbers_in(words.chances(belief_from(view)), [])  # the belief as odds, "1 in 4"
    if isinstance(scene, Decision):
        known += [amount for _, amount in scene.amount.options]
        known += numbers_in(preview_orders(view, scene.orders()), [])
    return known


# -- the checks --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Finding:
    """Something private seen on a screen where it does not belong."""

    screen: str
    check: str
    """``value`` or ``counterfactual``."""
    what: str

    def __str__(self) -> str:
        return f"{self.screen}: [{self.check}] {self.what}"


class LeakError(AssertionError):
    """A hot-seat screen showed something private to the other player."""

    def __init__(self, findings: list[Finding]) -> None:
        self.findings = findings
        shown = "\n  ".join(str(finding) for finding in findings[:12])
        more = f"\n  … and {len(findings) - 12} more" if len(findings) > 12 else ""
        super().__init__(f"{len(findings)} secret(s) shown:\n  {shown}{more}")


class Sorted:
    """Absolute values kept sorted, to find those near a number quickly."""

    def __init__(self, values: list[float], items: list[Any] | None = None) -> None:
        pairs = sorted(
            (abs(v), i) for i, v in enumerate(values) if v is not None and math.isfinite(v)
        )
        self.keys = [key for key, _ in pairs]
        self.items = [None if items is None else items[i] for _, i in pairs]

    def near(self, value: float, tolerance: float) -> list[Any]:
        start = bisect.bisect_left(self.keys, abs(value) - tolerance)
        stop = bisect.bisect_right(self.keys, abs(value) + tolerance)
        return self.items[start:stop]

    def any_near(self, value: float, tolerance: float) -> bool:
        start = bisect.bisect_left(self.keys, abs(value) - tolerance)
        return start < len(self.keys) and self.keys[start] <= abs(value) + tolerance


def _describe(drawn: Drawn) -> str:
    if drawn.kind == "text":
        return f"text {drawn.label!r}"
    values = ", ".join(f"{v:.4g}" for v in drawn.values[:6])
    return f"{drawn.kind} {drawn.label} ({values}{', …' if len(drawn.values) > 6 else ''})"


def value_findings(
    screen: str, drawn: list[Drawn], secrets: list[Secret], known: list[float]
) -> list[Finding]:
    """Numbers (and words) on screen that only a secret explains."""
    recording = Recorder(list(drawn))
    public = Sorted(known)
    numeric = [secret for secret in secrets if math.isfinite(secret.value)]
    private = Sorted([secret.value for secret in numeric], numeric)
    findings = []

    def report(shown: Shown, secret: Secret, how: str = "") -> None:
        findings.append(
            Finding(
                screen,
                "value",
                f"{_describe(shown.drawn)} shows {secret.title} ({secret.value:.4g}){how}",
            )
        )

    for shown in recording.numbers():
        if public.any_near(shown.value, shown.tolerance):
            continue  # the viewer knows a number that looks like this
        for secret in private.near(shown.value, shown.tolerance):
            report(shown, secret)
    # a bar drawn to the scale of an estimate bar or a chart on the same screen
    scales = recording.scales()
    for bar in recording.of_kind("meter", "mark"):
        share = bar.values[0]
        if public.any_near(share, EXACT):
            continue
        for scale in scales:
            value = share * scale
            tolerance = EXACT * max(1.0, abs(value))
            if public.any_near(value, tolerance):
                continue
            for secret in private.near(value, tolerance):
                shown = Shown(share, EXACT, bar)
                report(shown, secret, f" as {share:.3f} of a scale of {scale:.4g}")
    texts = recording.texts()
    for secret in secrets:
        if secret.phrase:
            for text in texts:
                if secret.phrase in text:
                    findings.append(Finding(screen, "value", f"text {text!r} shows {secret.title}"))
    return findings


def _shift(codes: np.ndarray, count: int) -> np.ndarray:
    """Another valid code where there is one (-1, "nothing", stays)."""
    return np.where(codes >= 0, (codes.astype(np.int64) + 1) % max(count, 1), codes).astype(
        codes.dtype
    )


PER_SIDE_HISTORY = {
    "ordered": 3,
    "executed": 3,
    "kind": None,
    "signal": len(Signal),
    "seen_posture": 3,
    "seen_kind": None,
    "seen_signal": len(Signal),
}


def _changed(array: np.ndarray, side: int, how: Callable[[np.ndarray], np.ndarray], axis: int):
    """A copy of ``array`` with ``side``'s slot (on ``axis``) changed by ``how``."""
    result = array.copy()
    index = (slice(None),) * axis + (side,)
    result[index] = how(array[index])
    return result


def _change_secrets(match: Match, side: Side) -> None:
    """Give ``side`` other truths, other intelligence, other orders for this turn."""
    state, history, kinds, s = match.state, match.state.history, match.scenario.kinds, int(side)
    state.arsenal = _changed(state.arsenal, s, lambda a: a * 1.37 + 1.19, 1)
    state.treasury = _changed(state.treasury, s, lambda a: a + 7.7, 1)
    state.types = _changed(state.types, s, lambda a: 1 - a, 1)
    state.felt_security = _changed(state.felt_security, s, lambda a: (a + 0.37) % 1, 1)
    report = state.report
    state.report = dataclasses.replace(
        report,
        total=_changed(report.total, s, lambda a: a + 3.1, 1),
        uncertainty=_changed(report.uncertainty, s, lambda a: a * 1.3 + 0.2, 1),
        by_kind=_changed(report.by_kind, s, lambda a: a + 1.1, 1),
        seen_posture=_changed(report.seen_posture, s, lambda a: _shift(a, 3), 1),
        seen_kind=_changed(report.seen_kind, s, lambda a: _shift(a, kinds), 1),
        seen_threat=_changed(report.seen_threat, s, lambda a: ~a, 1),
        seen_signal=_changed(report.seen_signal, s, lambda a: _shift(a, len(Signal)), 1),
        inspected=_changed(report.inspected, s, lambda a: ~a, 1),
        verified_cut=_changed(
            report.verified_cut, s, lambda a: np.where(np.isnan(a), 0.5, np.nan), 1
        ),
    )
    for name, count in PER_SIDE_HISTORY.items():
        limit = kinds if count is None else count
        value = getattr(history, name)
        setattr(history, name, _changed(value, s, lambda a, n=limit: _shift(a, n), 2))
    for name in ("strike", "threatening", "seen_threat"):
        setattr(history, name, _changed(getattr(history, name), s, lambda a: ~a, 2))
    for name in ("requested", "amount", "estimate", "treasury", "felt_security", "cost"):
        setattr(history, name, _changed(getattr(history, name), s, lambda a: a * 1.3 + 0.7, 2))
    history.arsenal = _changed(history.arsenal, s, lambda a: a * 1.37 + 1.19, 2)
    if side in match._pending:
        given = match._pending[side]
        match._pending[side] = Orders(
            posture=Posture((given.posture + 1) % 3),
            amount=given.amount + 1.5,
            kind=(given.kind + 1) % kinds,
            signal=Signal((given.signal + 1) % len(Signal)),
            strike=not given.strike,
        )


def _change_hidden(match: Match) -> None:
    """Other real security, other scores and other dice, for both sides."""
    state = match.state
    history = state.history
    history.real_security = history.real_security * 0.6 + 0.3
    history.turn_score = history.turn_score * 1.3 + 2.1
    state.score = state.score * 1.3 + 5.5
    noise = state.noise
    state.noise = Noise(1 - noise.uniform, 1 - noise.shared, -noise.normal)


@contextlib.contextmanager
def other_world(match: Match, owners: tuple[Side, ...]) -> Iterator[None]:
    """The same game where every secret of ``owners``, and of nobody, is different.

    Public things (turn, tension, crisis, treaty, the level) stay. All is put back after.
    """
    state, history = match.state, match.state.history
    saved_state, saved_history = dict(vars(state)), dict(vars(history))
    saved_pending, saved_views = dict(match._pending), dict(match._views)
    try:
        with np.errstate(invalid="ignore", over="ignore"):  # unplayed turns hold junk
            for side in owners:
                _change_secrets(match, side)
            _change_hidden(match)
        # The match keeps each side's view of the turn, made when it began: make it again.
        match._views.update({side: match.state.observe(side).game(0) for side in SIDES})
        yield
    finally:
        match._views.clear()
        match._views.update(saved_views)
        for name, value in saved_state.items():
            setattr(state, name, value)
        for name, value in saved_history.items():
            setattr(history, name, value)
        match._pending.clear()
        match._pending.update(saved_pending)


def _drawing(app: App) -> tuple[list[Drawn], bytes]:
    """One frame of the current screen: what was drawn and its pixels."""
    recorder = Recorder()
    app.painter.recorder = recorder
    try:
        app.frame()
    finally:
        app.painter.recorder = None
    return recorder.drawn, pygame.image.tobytes(app.screen, "RGB")


def _observed(match: Match, side: Side) -> tuple[object, ...]:
    view = match.observation(side)
    return (view.to_dict(), view.history)


def counterfactual_findings(
    screen: str,
    app: App,
    match: Match,
    owners: tuple[Side, ...],
    looks: dict[Side, str],
    drawing: tuple[list[Drawn], bytes],
) -> list[Finding]:
    """What changes on this screen when only the owners' secrets change."""
    drawn, pixels = drawing
    again, same_pixels = _drawing(app)
    assert (again, same_pixels) == (drawn, pixels), f"{screen} is not drawn the same twice"
    seen = {side: _observed(match, side) for side in SIDES}
    with other_world(match, owners):
        for side in SIDES:  # the other world differs exactly in what the owners know
            assert (_observed(match, side) != seen[side]) == (side in owners), side
        other, other_pixels = _drawing(app)
    whose = " and ".join(looks[side] for side in owners)
    if other != drawn:
        gone = [item for item in drawn if item not in other][:3]
        new = [item for item in other if item not in drawn][:3]
        changes = "; ".join(
            [f"{_describe(item)} at {item.at} only in the real world" for item in gone]
            + [f"{_describe(item)} at {item.at} only in the other world" for item in new]
        )
        what = f"what is drawn depends on {whose}'s secrets: {changes or 'order changed'}"
        return [Finding(screen, "counterfactual", what)]
    if other_pixels != pixels:
        what = f"pixels depend on {whose}'s secrets, drawn around the painter"
        return [Finding(screen, "counterfactual", what)]
    return []


# -- playing whole games -----------------------------------------------------------------------


@dataclass(frozen=True)
class Game:
    """A hot-seat game to check, with orders chosen so that secrets are told apart."""

    level: str
    overrides: tuple[str, ...]
    plan: tuple[dict[Side, Orders], ...]
    """Each turn's orders (cycled), as the players choose them with the keys."""
    types: dict[Side, NationType] = field(default_factory=dict)
    """Hidden types the seed must give (the first seed from 1 up that does is used)."""


@dataclass
class Checked:
    """What a game's checks found, and how hard they looked."""

    findings: list[Finding] = field(default_factory=list)
    screens: list[str] = field(default_factory=list)
    told_apart: list[bool] = field(default_factory=list)
    """Per private screen after the first turn: was the other side's true arsenal unlike
    any number the viewer knows (so that showing it would be caught)?"""
    own_shown: list[bool] = field(default_factory=list)
    """Per decision screen: did the viewer's own exact arsenal show among the recorded
    numbers (so that the recording sees what this screen shows)?"""


def choose(app: App, decision: Decision, widget, value) -> None:
    """Tab to ``widget`` and press ← / → until it shows ``value``, as a player would."""
    if widget not in decision.focus.widgets:
        return
    while decision.focus.current is not widget:
        key(app, pygame.K_TAB)
    target = [option for _, option in widget.options].index(value)
    while widget.index != target:
        key(app, pygame.K_RIGHT if widget.index < target else pygame.K_LEFT)


def give_orders(app: App, decision: Decision, orders: Orders) -> None:
    choose(app, decision, decision.posture, orders.posture)
    if orders.posture is not Posture.HOLD:
        choose(app, decision, decision.amount, orders.amount)
    choose(app, decision, decision.kind, orders.kind)
    choose(app, decision, decision.signal, orders.signal)


def seed_for(level: LoadedLevel, types: dict[Side, NationType]) -> int:
    for seed in range(1, 200):
        state = Match(level.scenario, seed).state
        if all(int(state.types[0, int(side)]) == kind for side, kind in types.items()):
            return seed
    raise AssertionError(f"no seed gives {types}")


def play_and_check(app: App, game: Game) -> Checked:
    """Play ``game`` hot-seat to the debrief, checking every screen on the way."""
    level = load_builtin(game.level, list(game.overrides))
    seed = seed_for(level, game.types)
    flow = MatchFlow(app, level, seed, {Side.RED: "human", Side.BLUE: "human"})
    match = flow.match
    names = {side: flow.looks[side].name for side in SIDES}
    level_numbers = public_level_numbers(level)
    checked = Checked()

    def check(viewer: Side | None, label: str) -> None:
        scene = app.scene
        turn = f"turn {match.turn + 1}"
        screen = f"{label} ({'everyone' if viewer is None else names[viewer]}, {turn})"
        checked.screens.append(screen)
        owners = SIDES if viewer is None else (viewer.other,)
        secrets = hidden_from_both(match, names)
        for side in owners:
            secrets += private_to(match, side, names[side])
        if viewer is not None:  # the viewer's own hidden type is its own
            mine = words.TYPE[NationType(int(match.state.types[0, int(viewer)]))]
            secrets = [secret for secret in secrets if secret.phrase != mine]
        drawing = _drawing(app)
        known = known_to(flow, viewer, scene, level_numbers)
        checked.findings += value_findings(screen, drawing[0], secrets, known)
        checked.findings += counterfactual_findings(screen, app, match, owners, names, drawing)
        if viewer is not None and match.turn > 0:
            truth = float(match.state.arsenal[0, int(viewer.other)].sum())
            checked.told_apart.append(not Sorted(known).any_near(truth, 0.051))
        if isinstance(scene, Decision):
            shown = Sorted([number.value for number in Recorder(drawing[0]).numbers()])
            own = match.state.arsenal[0, int(scene.side)]
            checked.own_shown.append(all(shown.any_near(count, 0.05) for count in own))

    def check_with_pause(viewer: Side | None, label: str) -> None:
        check(viewer, label)
        scene = app.scene
        key(app, pygame.K_ESCAPE)
        assert isinstance(app.scene, Pause)
        check(None, f"pause menu over {label}")
        key(app, pygame.K_ESCAPE)
        assert app.scene is scene

    flow.start()
    app.frame()
    assert isinstance(app.scene, Briefing)
    check_with_pause(None, "briefing")
    key(app, pygame.K_RETURN)
    viewer: Side | None = None
    while not isinstance(app.scene, Debrief):
        scene = app.scene
        if isinstance(scene, Curtain):
            check_with_pause(None, f"curtain for {names[scene.side]}")
            lift_curtain(app)
            viewer = scene.side  # from now on, this player sits at the keyboard
            continue
        assert viewer is not None and scene.side is viewer, "a private screen without a curtain"
        name = type(scene).__name__.lower()
        if isinstance(scene, Report):
            check_with_pause(viewer, name)
            key(app, pygame.K_RETURN)
            continue
        assert isinstance(scene, Decision)
        check_with_pause(viewer, name)
        give_orders(app, scene, game.plan[match.turn % len(game.plan)][viewer])
        key(app, pygame.K_b)  # the careful observer's belief
        check(viewer, f"{name} with orders and belief")
        while scene.focus.current is not scene.confirm:
            key(app, pygame.K_TAB)
        key(app, pygame.K_RETURN)
        assert not scene.problems, scene.problems
    assert match.finished
    return checked


def check_game(app: App, game: Game) -> Checked:
    """Play and check ``game``; raise :class:`LeakError` listing whatever was found."""
    checked = play_and_check(app, game)
    if checked.findings:
        raise LeakError(checked.findings)
    return checked


def arm(amount: float, signal: Signal = Signal.NONE, kind: int = 0) -> Orders:
    return Orders(Posture.ARM, amount, kind, signal)


def disarm(amount: float, signal: Signal = Signal.NONE, kind: int = 0) -> Orders:
    return Orders(Posture.DISARM, amount, kind, signal)


def hold(signal: Signal = Signal.NONE) -> Orders:
    return Orders(Posture.HOLD, 0.0, 0, signal)


R, B = Side.RED, Side.BLUE

GAMES = {
    "fog-of-war": Game(
        "fog-of-war",
        (
            "rules.turns=5",
            "nations.red.arsenal.army=3.6",
            "nations.blue.arsenal.army=7.3",
            "nations.red.treasury=21.7",
            "nations.blue.treasury=26.4",
            "intel.arsenal_noise=2.0",
        ),
        (
            {R: arm(1, Signal.REASSURE), B: arm(2, Signal.WARN)},
            {R: hold(Signal.WARN), B: disarm(1)},
            {R: disarm(1), B: hold(Signal.REASSURE)},
        ),
    ),
    "costly-signals": Game(
        "costly-signals",
        (
            "rules.turns=5",
            "nations.red.arsenal.army=8.6",
            "nations.blue.arsenal.army=6.3",
            "nations.red.treasury=21.7",
            "nations.blue.treasury=26.4",
        ),
        (
            {R: hold(Signal.INVITE_INSPECTION), B: arm(1, Signal.PROPOSE_CAP)},
            {R: disarm(1, Signal.UNILATERAL_CUT), B: hold(Signal.WARN)},
            {R: arm(2, Signal.REASSURE), B: disarm(1, Signal.INVITE_INSPECTION)},
        ),
        {Side.RED: NationType.EXPANSIONIST},
    ),
    "missile-shield": Game(
        "missile-shield",
        (
            "rules.turns=5",
            "events.0.turn=2",  # Blueland's shield works from turn 3, MIRVs cheapen on 4
            "events.1.turn=3",
            "nations.red.arsenal.missiles=11.6",
            "nations.blue.arsenal.missiles=12.3",
            "nations.blue.arsenal.shield=2.4",
            "nations.red.treasury=21.7",
            "nations.blue.treasury=26.4",
        ),
        (
            {R: arm(1, Signal.WARN, kind=2), B: arm(1, Signal.REASSURE, kind=1)},
            {R: arm(2, kind=0), B: hold(Signal.INVITE_INSPECTION)},
            {R: disarm(1, Signal.PROPOSE_CAP, kind=0), B: arm(1, kind=2)},
        ),
    ),
    "deterrence": Game(
        "deterrence",
        (
            "rules.turns=5",
            "nations.red.arsenal.army=10.6",
            "nations.blue.arsenal.army=9.3",
            "nations.red.treasury=21.7",
            "nations.blue.treasury=26.4",
        ),
        (
            {R: arm(1, Signal.WARN), B: arm(2, Signal.REASSURE)},
            {R: hold(Signal.PROPOSE_CAP), B: hold(Signal.WARN)},
            {R: disarm(1, Signal.REASSURE), B: arm(1)},
        ),
        {Side.BLUE: NationType.EXPANSIONIST},
    ),
}


@pytest.mark.parametrize("name", list(GAMES))
def test_no_hot_seat_screen_shows_the_other_players_secrets(app, name):
    checked = check_game(app, GAMES[name])
    kinds = {screen.split(" (")[0] for screen in checked.screens}
    assert {"briefing", "curtain for Redland", "curtain for Blueland"} <= kinds
    assert {"report", "decision", "decision with orders and belief"} <= kinds
    assert {"pause menu over curtain for Blueland", "pause menu over report"} <= kinds
    for nation in ("Redland", "Blueland"):
        assert any(screen.startswith(f"decision ({nation},") for screen in checked.screens)
    # the checks had something to catch: the recording saw each player's own arsenal on
    # its decision screens, and the other side's true arsenal was unlike every number the
    # viewer could know on most private screens after the first turn
    assert checked.own_shown and all(checked.own_shown)
    assert sum(checked.told_apart) >= 0.8 * len(checked.told_apart), checked.told_apart


# -- planted leaks: each check fails when it should --------------------------------------------

LEAK_GAME = Game(
    "fog-of-war",
    (
        "rules.turns=3",
        'nations.blue.type="expansionist"',
        "nations.red.arsenal.army=3.6",
        "nations.blue.arsenal.army=7.3",
        "intel.arsenal_noise=2.0",
    ),
    ({R: arm(1, Signal.REASSURE), B: hold()}, {R: hold(), B: hold(Signal.WARN)}),
)


def _truth(decision: Decision, side: Side) -> float:
    return float(decision.flow.match.state.arsenal[0, int(side)].sum())


def bar_of_their_true_arsenal(decision: Decision, painter) -> None:
    """A bar under the estimate, as long as the other side's true arsenal."""
    view = decision.view
    top = max(view.intel.high, view.total_arsenal, 1.0) * 1.1  # the estimate bar's scale
    bar = pygame.Rect(470, 238, 350, 6)
    painter.meter(bar, _truth(decision, decision.side.other) / top, painter.theme.palette.dim)


def emblem_if_they_are_expansionist(decision: Decision, painter) -> None:
    """A small star in a corner when the other side is secretly expansionist."""
    if decision.flow.match.state.types[0, int(decision.side.other)] == NationType.EXPANSIONIST:
        painter.emblem("star", (1250, 20), 6, painter.theme.palette.dim)


def text_of_their_real_arsenal(decision: Decision, painter) -> None:
    other = decision.side.other
    hostile = bool(decision.flow.match.state.types[0, int(other)])
    text = f"their real arsenal: {_truth(decision, other):.2f}, hostile={hostile}"
    painter.text(text, (470, 330), 12, painter.theme.palette.dim)


def reds_exact_arsenal_on_blues_screen(decision: Decision, painter) -> None:
    if decision.side is Side.BLUE:
        painter.text(f"Redland: {words.number(_truth(decision, Side.RED))}", (470, 330), 12)


def bar_drawn_around_the_painter(decision: Decision, painter) -> None:
    """A bar drawn straight on the surface: no number, no recorded value, only pixels."""
    width = round(20 * _truth(decision, decision.side.other))
    pygame.draw.rect(painter.surface, painter.theme.palette.dim, (470, 238, width, 4))


PLANTED = {
    "a bar as long as the other side's true arsenal": (
        bar_of_their_true_arsenal,
        {"value": "meter", "counterfactual": "meter"},
    ),
    "an emblem shown when the other side is expansionist": (
        emblem_if_they_are_expansionist,
        {"counterfactual": "emblem star"},
    ),
    "the text 'their real arsenal: 7.30, hostile=True'": (
        text_of_their_real_arsenal,
        {"value": "their real arsenal", "counterfactual": "their real arsenal"},
    ),
    "Redland's exact arsenal on Blueland's screen": (
        reds_exact_arsenal_on_blues_screen,
        {"value": "'Redland: ", "counterfactual": "'Redland: "},
    ),
    "a bar drawn around the painter": (
        bar_drawn_around_the_painter,
        {"counterfactual": "drawn around the painter"},
    ),
}


@pytest.mark.parametrize("name", list(PLANTED))
def test_a_planted_leak_is_caught(app, monkeypatch, name):
    leak, expected = PLANTED[name]
    honest = Decision.draw

    def leaky(self, painter):
        honest(self, painter)
        leak(self, painter)

    monkeypatch.setattr(Decision, "draw", leaky)
    with pytest.raises(LeakError) as error:
        check_game(app, LEAK_GAME)
    findings = error.value.findings
    for check, words_in_finding in expected.items():
        caught = [f for f in findings if f.check == check and words_in_finding in f.what]
        assert caught, f"the {check} check missed {name}: {findings}"
    assert all(finding.screen.startswith("decision") for finding in findings)
    if name == "Redland's exact arsenal on Blueland's screen":
        assert all("(Blueland," in finding.screen for finding in findings)


def test_a_screen_built_from_the_wrong_observation_is_caught(app, monkeypatch):
    """Blueland's decision screen given Redland's observation: only the value check sees it.

    Nothing is read from the match while drawing, so the counterfactual world changes
    nothing; but Redland's own arsenal and treasury now show on Blueland's screen.
    """
    built = Decision.__init__

    def mixed_up(self, flow, side, observation):
        built(
            self, flow, side, flow.match.observation(Side.RED) if side is Side.BLUE else observation
        )

    monkeypatch.setattr(Decision, "__init__", mixed_up)
    with pytest.raises(LeakError) as error:
        check_game(app, LEAK_GAME)
    findings = error.value.findings
    assert any("Redland's true Border brigades" in f.what for f in findings), findings
    assert all(f.check == "value" and "(Blueland," in f.screen for f in findings)
