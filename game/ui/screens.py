"""The screens of a match: briefing, hand-off curtain, turn report, decision, debrief.

A private screen (report, decision) is built from one side's observation and the level's
public look only; it never reads the match. The debrief shows the truth to everyone.
"""

from __future__ import annotations

from collections.abc import Callable

import pygame

from game.ai.beliefs import belief_from
from game.rules import vocabulary as words
from game.rules.engine import preview_orders
from game.rules.model import (
    Mode,
    NationType,
    Observation,
    Orders,
    Posture,
    Side,
    Signal,
)
from game.rules.tang import explain
from game.session.briefing import briefing, rules_in_short
from game.session.results import game_results, score_breakdown
from game.ui import charts
from game.ui.dialog import Dialog
from game.ui.layout import button_row, design_rect, key_hint, moves_on, prompt
from game.ui.painter import Painter
from game.ui.roles import DebriefHost, MatchHost, SeatHost
from game.ui.scroll import Block, ScrollCard
from game.ui.theme import Color, Palette, Type
from game.ui.widgets import Button, Choice, Focus, Widget

CURTAIN_GUARD_MS = 500
"""How long the hand-off curtain ignores every key after it appears."""


def seen_words(view: Observation, posture: Posture) -> str:
    """What this side saw the other do last turn, with the kind where it could be seen."""
    intel = view.intel
    kind = None if intel.seen_kind is None else view.scenario.weapon_names[intel.seen_kind]
    return words.seen_words(posture, kind, intel.seen_threat)


class Briefing:
    """The level's story, what to learn, and who plays whom.

    A long briefing keeps its size: the story and the goals are two cards that scroll a
    paragraph at a time (the mouse wheel over one, or ↑ / ↓ and Page Up / Page Down for
    the one Tab has picked), so nothing is cut and "Press Enter to begin" stays clear.
    """

    def __init__(self, flow: MatchHost, done: Callable[[], None]) -> None:
        self.flow = flow
        self.done = done
        self.story = ScrollCard()
        self.goals = ScrollCard()
        self.keys_scroll = self.story
        """The card ↑ / ↓ scroll (Tab picks the other)."""

    def _story_blocks(self) -> list[Block]:
        """The situation, each nation's part under its name, and who plays."""
        blocks = []
        for passage in briefing(self.flow.level.model, self.flow.controllers):
            if passage.heading:
                blocks.append(Block(passage.heading, Type.BODY, bold=True, gap=14))
            paragraphs = [part.strip() for part in passage.text.split("\n\n") if part.strip()]
            for index, part in enumerate(paragraphs):
                gap = 14 if index == 0 and not passage.heading else 8
                blocks.append(Block(part, Type.BODY, gap=gap))
        return blocks

    def _goal_blocks(self, palette: Palette) -> list[Block]:
        """Every learning goal, then the rules in a few sentences."""
        model = self.flow.level.model
        return [
            Block("You will learn", Type.LABEL, palette.focus, bold=True, gap=0),
            *(Block(f"\u2022 {goal}", Type.SMALL, gap=6) for goal in model.level.learning_goals),
            Block("The rules in short", Type.SMALL, palette.focus, bold=True, gap=16),
            Block(rules_in_short(model), Type.SMALL, palette.dim, gap=4),
        ]

    def handle(self, event: pygame.event.Event) -> None:
        """Enter, Space or a click outside the cards starts the game; the cards scroll."""
        if self.flow.intercept(event):
            return
        if self.story.wheel(event) or self.goals.wheel(event):
            return
        if event.type == pygame.KEYDOWN and event.key == pygame.K_TAB:
            self.keys_scroll = self.goals if self.keys_scroll is self.story else self.story
            return
        if self.keys_scroll.consume(event):
            return
        if event.type == pygame.MOUSEBUTTONDOWN and event.button == 1:
            for card in (self.story, self.goals):
                if card.rect.collidepoint(event.pos):
                    self.keys_scroll = card
                    return
        if moves_on(event):
            self.done()

    def draw(self, painter: Painter) -> None:
        """Title and summary, the story and goals cards, the two nations, the prompt."""
        painter.fill()
        theme = painter.theme
        px = theme.px
        meta = self.flow.level.model.level
        top = design_rect(painter, 60, 24, 1160, 0)
        y = painter.text(meta.title, top.topleft, Type.TITLE, bold=True).bottom
        summary = pygame.Rect(top.left, y + px(4), top.width, 0)
        y = summary.top + painter.paragraph(meta.summary, summary, Type.BODY, theme.palette.dim)
        row_bottom = design_rect(painter, 0, 676).top
        row_top = row_bottom - theme.font(Type.LABEL, True).get_height()
        cards = pygame.Rect(top.left, y + px(10), top.width, row_top - px(14) - y - px(10))
        split = cards.left + round(cards.width * 0.62)
        self.story.rect = pygame.Rect(cards.left, cards.top, split - cards.left, cards.height)
        self.goals.rect = pygame.Rect(split + px(20), cards.top, 0, cards.height)
        self.goals.rect.width = cards.right - self.goals.rect.left
        self.story.blocks = self._story_blocks()  # the same blocks: a scroll stays where it is
        self.goals.blocks = self._goal_blocks(theme.palette)
        for card in (self.story, self.goals):
            card.draw(painter, card is self.keys_scroll and card.hidden)
        if self.story.hidden or self.goals.hidden:
            key_hint(painter, "Wheel or Up/Down: scroll \u00b7 Tab: the other card")
        x = cards.left
        for index, side in enumerate((Side.RED, Side.BLUE)):
            look = self.flow.looks[side]
            who = "you" if side in self.flow.humans else "computer"
            if self.flow.hot_seat:
                who = "player " + str(index + 1)
            middle = (row_top + row_bottom) // 2
            painter.emblem(look.emblem, (x + px(14), middle), px(14), look.color)
            name = f"{look.name} ({who})"
            drawn = painter.text(
                name, (x + px(40), middle), Type.LABEL, look.color, True, "midleft"
            )
            x = drawn.right + px(40)
        prompt(painter, "Press Enter to begin")


class Curtain:
    """The hand-off: nothing private is drawn until the right player presses Space.

    Only Space lifts it, and only a press made at least :data:`CURTAIN_GUARD_MS` after the
    curtain appeared: a second Enter after confirming orders, a key bounced or held from
    the screen before, never shows the next player's secrets to the one who just played.
    """

    def __init__(self, flow: MatchHost, side: Side, done: Callable[[], None]) -> None:
        self.flow = flow
        self.side = side
        self.done = done
        self.appeared = 0
        self.space_held = False

    def entered(self, now: int) -> None:
        """Start the guard; a Space still held from the screen before must be let go first."""
        self.appeared = now
        self.space_held = bool(pygame.key.get_pressed()[pygame.K_SPACE])

    @property
    def ready(self) -> bool:
        """Whether a press of Space would lift the curtain now."""
        guarded = self.flow.app.now() - self.appeared < CURTAIN_GUARD_MS
        return not guarded and not self.space_held

    def handle(self, event: pygame.event.Event) -> None:
        """Space, after the guard, when the right player sits at the keyboard."""
        if self.flow.intercept(event):
            return
        if event.type == pygame.KEYUP and event.key == pygame.K_SPACE:
            self.space_held = False
        elif event.type == pygame.KEYDOWN and event.key == pygame.K_SPACE and self.ready:
            self.done()

    def draw(self, painter: Painter) -> None:
        """The names of who takes over and who looks away; nothing else."""
        painter.fill()
        palette = painter.theme.palette
        look = self.flow.looks[self.side]
        other = self.flow.looks[self.side.other]
        center_x = painter.width / 2
        painter.emblem(
            look.emblem, (center_x, painter.height * 0.3), painter.theme.px(40), look.color
        )
        painter.text(
            f"Pass to {look.name}",
            (center_x, painter.height * 0.45),
            Type.TITLE,
            look.color,
            bold=True,
            anchor="center",
        )
        painter.text(
            f"{other.name}, look away",
            (center_x, painter.height * 0.56),
            Type.HEADING,
            palette.text,
            anchor="center",
        )
        painter.text(
            f"{look.name}: press Space when ready" if self.ready else "\u2026",
            (center_x, painter.height * 0.68),
            Type.LABEL,
            palette.focus if self.ready else palette.dim,
            anchor="center",
        )


class Report:
    """What this side saw happen last turn: its own view only."""

    def __init__(
        self, flow: SeatHost, side: Side, observation: Observation, done: Callable[[], None]
    ) -> None:
        self.flow = flow
        self.side = side
        self.view = observation
        self.done = done

    def handle(self, event: pygame.event.Event) -> None:
        """Enter, Space or a click moves on to the decision."""
        if self.flow.intercept(event):
            return
        if moves_on(event):
            self.done()

    def lines(self) -> list[str]:
        """The report, sentence by sentence, from this side's observation."""
        view = self.view
        last = view.history[-1]
        other = self.flow.looks[self.side.other].name
        counted = words.units(view.scenario.weapon_names)
        lines = []
        moved = f" {words.number(last.amount)}" if last.executed is not Posture.HOLD else ""
        lines.append(
            f"You ordered: {words.POSTURE[last.ordered].lower()}. "
            f"Your signal: {words.SIGNAL[last.signal_sent].lower()}."
        )
        if last.executed is not last.ordered:
            lines.append(
                f"Your orders were carried out differently: {words.POSTURE[last.executed].lower()}"
                f"{moved}."
            )
        else:
            lines.append(f"Carried out: {words.POSTURE[last.executed].lower()}{moved}.")
        lines.append(f"{other} seemed to have {seen_words(view, last.seen_posture)}.")
        lines.append(f"You heard from {other}: {words.HEARD[last.seen_signal]}.")
        intel = view.intel
        guess = "" if _exact(view) else f" (best guess {words.number(intel.total)})"
        lines.append(
            f"Your analysts now count {words.span(intel.low, intel.high)} {counted} "
            f"in {other}{guess}."
        )
        if intel.inspected:
            lines.append(f"Your inspectors visited {other}: this count is close to exact.")
        if intel.verified_cut is not None:
            lines.append(
                f"You watched {other} destroy {words.number(intel.verified_cut)} of its {counted}."
            )
        before = view.history[-2].tension if len(view.history) > 1 else view.scenario.start_tension
        if view.scenario.mode is Mode.FULL:
            lines.append(f"Tension is now {view.tension:.2f} ({view.tension - before:+.2f}).")
        if view.treaty_active:
            lines.append("A treaty freezes both arsenals.")
        lines += [f"News: {line}" for line in view.news]
        return lines

    def draw(self, painter: Painter) -> None:
        """A crisis banner if there is one, a card of sentences and a prompt."""
        painter.fill()
        theme = painter.theme
        look = self.flow.looks[self.side]
        painter.emblem(look.emblem, design_rect(painter, 80, 52).topleft, theme.px(16), look.color)
        painter.text(
            f"{look.name}: what you saw in turn {self.view.turn}",
            design_rect(painter, 110, 30).topleft,
            Type.HEADING,
            look.color,
            bold=True,
        )
        top = 90
        if _in_crisis(self.view):
            banner = design_rect(painter, 60, 90, 1160, 80)
            crisis_banner(painter, banner, self.view.rules.crisis_threshold, self.view.tension)
            top = 186
        card = design_rect(painter, 60, top, 1160, 636 - top)
        inner = painter.card(card, pad=24)
        y = inner.top
        for line in self.lines():
            y += painter.paragraph(line, pygame.Rect(inner.left, y, inner.width, 0), Type.BODY)
        prompt(painter, "Press Enter to decide")


def _in_crisis(view: Observation) -> bool:
    """A crisis that can turn into war (matrix games keep a tension but have no war)."""
    return view.crisis and view.scenario.mode is Mode.FULL


def _exact(view: Observation) -> bool:
    """The range reads as one number: this level's spies see exactly."""
    return words.span(view.intel.low, view.intel.high) == words.number(view.intel.low)


def crisis_banner(painter: Painter, box: pygame.Rect, threshold: float, tension: float) -> None:
    """The crisis across the screen: a warning sign, the word, and what it means.

    Shape and words carry the warning, not colour alone.
    """
    theme = painter.theme
    palette = theme.palette
    painter.panel(box, palette.warning, width=3)
    painter.box(box.inflate(-theme.px(8), -theme.px(8)), palette.track, theme.px(8))
    radius = theme.px(22)
    sign = (box.left + theme.px(20) + radius, box.centery)
    warning_sign(painter, sign, radius)
    x = sign[0] + radius + theme.px(18)
    painter.text("CRISIS", (x, box.centery), Type.LABEL, palette.warning, True, "midleft")
    x += theme.font(Type.LABEL, True).size("CRISIS")[0] + theme.px(18)
    room = box.right - theme.px(16) - x
    text = (
        f"Tension {tension:.2f} is past the crisis line ({threshold:.2f}): "
        "war can break out this turn."
    )
    height = _measure(painter, text, room, Type.BODY)
    painter.paragraph(text, pygame.Rect(x, box.centery - height // 2, room, 0), Type.BODY)


def warning_sign(painter: Painter, center: tuple[int, int], radius: int) -> None:
    """A warning triangle with an exclamation mark: the crisis as a shape."""
    palette = painter.theme.palette
    painter.emblem("triangle", center, radius, palette.warning)
    below = (center[0], center[1] + radius // 6)
    painter.text("!", below, Type.LABEL, palette.track, bold=True, anchor="center")


def tension_meter(painter: Painter, bar: pygame.Rect, tension: float, threshold: float) -> None:
    """Tension against its crisis line; in a crisis the bar is striped and outlined too."""
    theme = painter.theme
    palette = theme.palette
    crisis = tension >= threshold
    if crisis:
        painter.panel(bar.inflate(theme.px(8), theme.px(8)), palette.warning, width=2)
    painter.meter(bar, tension, palette.tension, marker=threshold)
    if crisis:  # hatching: the filled part turns into stripes
        filled = bar.left + round(bar.width * min(tension, 1.0))
        step, width = theme.px(12), theme.px(5)
        for x in range(bar.left + step // 2, filled - width, step):
            painter.box(pygame.Rect(x, bar.top, width, bar.height), palette.track)


def _measure(painter: Painter, text: str, width: int, size: float) -> int:
    """Height :func:`_write` gives ``text`` wrapped to ``width``, measured without drawing."""
    gap = painter.theme.font(size).get_linesize() // 2  # as in _write
    return painter.paragraph_height(text, width, size) - gap + painter.theme.px(6)


def _titled_card(painter: Painter, card: pygame.Rect, title: str) -> tuple[pygame.Rect, int]:
    """A card with its amber title; its inner area and where its content starts."""
    inner = painter.card(card)
    palette = painter.theme.palette
    drawn = painter.text(title, inner.topleft, Type.LABEL, palette.focus, bold=True)
    return inner, drawn.bottom


def _write(
    painter: Painter,
    text: str,
    left: int,
    top: int,
    width: int,
    size: float = Type.BODY,
    color: Color | None = None,
) -> int:
    """Wrapped text from (left, top); the y below it, a small gap included."""
    height = painter.paragraph(text, pygame.Rect(left, top, width, 0), size, color)
    gap = painter.theme.font(size).get_linesize() // 2  # the paragraph's own trailing gap
    return top + height - gap + painter.theme.px(6)


class Decision:
    """The secret orders of one side, with everything it knows, and what they would cost."""

    def __init__(self, flow: SeatHost, side: Side, observation: Observation) -> None:
        self.flow = flow
        self.side = side
        self.view = observation
        self.problems: list[str] = []
        self.show_belief = False
        self.asking: Dialog | None = None
        """The question over the screen before a first strike, while it is asked."""
        scenario = observation.scenario
        self.matrix = scenario.mode is Mode.MATRIX
        self.posture = Choice("Posture", [], on_change=lambda _: self.arrange())
        self.kind = Choice(
            "Weapon",
            list(zip(scenario.weapon_names, range(scenario.kinds), strict=True)),
            on_change=lambda _: self.offer_postures(),
        )
        self.offer_postures(Posture.HOLD)
        steps = _amount_steps(scenario.default_amount, scenario.max_change)
        self.amount = Choice("Amount", [(words.number(a), a) for a in steps])
        self.amount.select(scenario.default_amount)
        signals = [s for s in Signal if s in scenario.signals]
        self.signal = Choice("Signal", [(words.SIGNAL[s], s) for s in signals])
        self.strike = Choice("First strike", [("no", False), ("STRIKE", True)])
        self.confirm = Button("Confirm orders", self.submit)
        self.focus = Focus(self.widgets())

    def widgets(self) -> list[Widget]:
        """The choices that mean something now: no amount while holding (nor in a matrix game)."""
        scenario = self.view.scenario
        widgets: list[Widget] = [self.kind] if scenario.kinds > 1 else []
        widgets.append(self.posture)
        if not self.matrix and self.posture.value is not Posture.HOLD:
            widgets.append(self.amount)
        if len(scenario.signals) > 1:
            widgets.append(self.signal)
        if scenario.strike_allowed:
            widgets.append(self.strike)
        widgets.append(self.confirm)
        return widgets

    def arrange(self) -> None:
        """Show or hide the amount, keeping the focus ring on the same widget."""
        if not hasattr(self, "focus"):
            return  # still being built
        current = self.focus.current
        self.focus.widgets = self.widgets()
        self.focus.index = self.focus.widgets.index(current) if current in self.focus.widgets else 0

    def disarmable(self) -> bool:
        """Whether there is anything of the chosen kind to cut (a matrix game always can)."""
        return self.matrix or self.view.arsenal[int(self.kind.value)] > 1e-9

    def offer_postures(self, keep: Posture | None = None) -> None:
        """The level's postures, without Disarm while there is nothing of this kind to cut."""
        wanted = self.posture.value if keep is None else keep
        allowed = [
            p
            for p in (Posture.DISARM, Posture.HOLD, Posture.ARM)
            if p in self.view.scenario.postures
        ]
        offered = [p for p in allowed if p is not Posture.DISARM or self.disarmable()] or allowed
        labels = words.MATRIX_POSTURE if self.matrix else words.POSTURE
        self.posture.options = [(labels[p], p) for p in offered]
        self.posture.index = 0
        fallback = Posture.HOLD if Posture.HOLD in offered else offered[0]
        self.posture.select(wanted if wanted in offered else fallback)
        self.arrange()

    def orders(self) -> Orders:
        """The orders as currently chosen."""
        posture = self.posture.value
        moving = posture is not Posture.HOLD
        return Orders(
            posture=posture,
            amount=float(self.amount.value) if moving else 0.0,
            kind=int(self.kind.value),
            signal=self.signal.value,
            strike=bool(self.strike.value),
        )

    def submit(self) -> None:
        """Hand the orders to the match (after asking, for a strike); problems stay on screen."""
        if self.orders().strike and self.view.scenario.strike_allowed:
            self.asking = Dialog(
                "Strike first?",
                words.STRIKE_WARNING,
                ("No, keep the peace", self.keep_the_peace),
                ("Yes, strike first", self.send),
            )
            return
        self.send()

    def send(self) -> None:
        """The orders as chosen go to the match."""
        self.asking = None
        self.problems = self.flow.submit(self.side, self.orders())

    def keep_the_peace(self) -> None:
        """The strike is called off: back to the orders, with the strike set to none."""
        self.asking = None
        self.strike.select(False)

    def handle(self, event: pygame.event.Event) -> None:
        """Keys move between and change the choices; B shows the careful observer's belief."""
        if self.asking is not None:
            self.asking.handle(event)
            return
        if self.flow.intercept(event):
            return
        if event.type == pygame.KEYDOWN and event.key == pygame.K_b and not self.matrix:
            self.show_belief = not self.show_belief
            return
        self.focus.handle(event)

    def draw(self, painter: Painter) -> None:
        """Header (a banner in a crisis), nation, spies, belief or payoffs, chart, orders."""
        painter.fill()
        theme = painter.theme
        self._header(painter)
        own = design_rect(painter, 30, 100, 400, 160 if self.matrix else 285)
        intel = design_rect(painter, 450, 100, 390, own.height)
        probe = Painter(pygame.Surface((1, 1)), theme)  # measures the cards, draws nothing
        needed = max(self._own(probe, own), self._intel(probe, intel)) + theme.px(16) - own.top
        own.height = intel.height = max(own.height, needed)  # long words get the room they need
        self._own(painter, own)
        self._intel(painter, intel)
        lower = pygame.Rect(own.left, own.bottom + theme.px(12), intel.right - own.left, 0)
        lower.height = design_rect(painter, 0, 676).top - lower.top
        split = design_rect(painter, 560 if self.matrix else 450, 0).left
        left = pygame.Rect(lower.left, lower.top, split - theme.px(20) - lower.left, lower.height)
        chart = pygame.Rect(split, lower.top, lower.right - split, lower.height)
        if self.matrix:
            self._payoffs(painter, left)
        elif self._observer(probe, left) > left.bottom - theme.px(16):
            self._observer(painter, lower)  # too little room for both: the belief comes first
            chart.width = 0
        else:
            self._observer(painter, left)
        if chart.width:
            self._chart(painter, chart)
        self._orders(painter, design_rect(painter, 860, 100, 380, 576))
        painter.bounds = None
        hint = "Tab, Up/Down: move \u00b7 Left/Right: change \u00b7 Enter: press"
        if not self.matrix:
            hint += " \u00b7 B: careful observer"
        corner = design_rect(painter, 1240, 716).topleft
        painter.text(hint, corner, Type.SMALL, theme.palette.dim, anchor="bottomright")
        if self.asking is not None:
            self.asking.draw(painter)

    def _header(self, painter: Painter) -> None:
        """The nation and the turn; tension against its crisis line, a banner in a crisis."""
        theme = painter.theme
        palette = theme.palette
        view = self.view
        look = self.flow.looks[self.side]
        crisis = _in_crisis(view)
        if crisis:
            banner = design_rect(painter, 14, 8, 1252, 84)
            painter.panel(banner, palette.warning, width=3)
            painter.box(banner.inflate(-theme.px(8), -theme.px(8)), palette.track, theme.px(8))
        middle = design_rect(painter, 0, 50).top
        name = painter.text(
            look.name,
            (design_rect(painter, 72, 0).left, middle),
            Type.HEADING,
            look.color,
            bold=True,
            anchor="midleft",
        )
        painter.emblem(look.emblem, (name.left - theme.px(24), middle), theme.px(16), look.color)
        turn = painter.text(
            f"Turn {view.turn + 1} of {view.turns}",
            (name.right + theme.px(14), name.bottom - theme.px(6)),
            Type.SMALL,
            palette.dim,
            anchor="bottomleft",
        )
        if self.matrix:
            return
        threshold = view.rules.crisis_threshold
        bar = design_rect(painter, 860, 58, 380, 18)
        label = painter.text(
            f"Tension {view.tension:.2f}, crisis line {threshold:.2f}",
            (bar.left, bar.top - theme.px(8)),
            Type.SMALL,
            palette.warning if crisis else palette.tension,
            bold=True,
            anchor="bottomleft",
        )
        tension_meter(painter, bar, view.tension, threshold)
        if crisis:
            radius = theme.px(22)
            left = max(design_rect(painter, 330, 0).left, turn.right + theme.px(24))
            warning_sign(painter, (left + radius, middle), radius)
            x = left + 2 * radius + theme.px(16)
            word = painter.text("CRISIS", (x, label.top), Type.LABEL, palette.warning, bold=True)
            painter.text("War can break out this turn.", (x, word.bottom), Type.SMALL)

    def _own(self, painter: Painter, card: pygame.Rect) -> int:
        """Own truth: weapons, money and where it comes from, government, felt security.

        Returns where its content ends (the cards of this row grow to fit the longest).
        """
        theme = painter.theme
        palette = theme.palette
        view = self.view
        names = view.scenario.weapon_names
        inner, top = _titled_card(painter, card, "Your nation")
        x, width = inner.left, inner.width
        y = top + theme.px(6)
        counts = [f"{n}: {words.number(c)}" for n, c in zip(names, view.arsenal, strict=True)]
        y = _write(painter, ", ".join(counts), x, y, width)
        if not self.matrix:
            income = words.number(float(view.rules.income[int(self.side)]))
            money = words.number(view.treasury)
            y = _write(
                painter, f"Treasury: {money} (+{income} a turn from your economy)", x, y, width
            )
        y = _write(painter, f"Government: {words.TYPE[view.own_type]}", x, y, width, Type.SMALL)
        if self.matrix:
            return y
        felt = painter.text(f"Felt security {view.felt_security:.0%}", (x, y), Type.SMALL)
        left = felt.right + theme.px(12)
        bar = pygame.Rect(left, felt.centery - theme.px(6), inner.right - left, theme.px(12))
        painter.meter(bar, view.felt_security, palette.good)
        return felt.bottom

    def _intel(self, painter: Painter, card: pygame.Rect) -> int:
        """What this side's spies say of the other: a range (one number without fog).

        Returns where its content ends.
        """
        theme = painter.theme
        view = self.view
        scenario = view.scenario
        other = self.flow.looks[self.side.other]
        report = view.intel
        heading = f"What {other.name} did" if self.matrix else f"Spies on {other.name}"
        inner, top = _titled_card(painter, card, heading)
        x, width = inner.left, inner.width
        y = top + theme.px(6)
        if not self.matrix:
            counted = words.units(scenario.weapon_names)
            guess = "" if _exact(view) else f" (best guess {words.number(report.total)})"
            count = f"They count {words.span(report.low, report.high)} {counted}{guess}"
            if report.by_kind and scenario.kinds > 1:
                count += ": " + ", ".join(
                    f"{n} ~{words.number(v)}"
                    for n, v in zip(scenario.weapon_names, report.by_kind, strict=True)
                )
            y = _write(painter, count + ".", x, y, width)
            scale = max(report.high, view.total_arsenal, 1.0) * 1.1
            bar = pygame.Rect(x, y, width, theme.px(14))
            painter.estimate_bar(bar, report.low, report.total, report.high, scale, other.color)
            y = bar.bottom + theme.px(12)
        seen = (
            "Nothing seen yet."
            if report.seen_posture is None
            else f"Last turn they seemed to have {seen_words(view, report.seen_posture)}."
        )
        if len(scenario.signals) > 1:
            seen += f" You heard: {words.HEARD[report.seen_signal]}."
        return _write(painter, seen, x, y, width, Type.SMALL)

    def _observer(self, painter: Painter, card: pygame.Rect) -> int:
        """The careful observer's belief, in words, once the player asks for it (B).

        Returns where its content ends, so that a card too short for it can be noticed.
        """
        theme = painter.theme
        palette = theme.palette
        inner, top = _titled_card(painter, card, "A careful observer")
        x, width = inner.left, inner.width
        y = top + theme.px(6)
        other = self.flow.looks[self.side.other].name
        if not self.show_belief:
            hidden = f"Press B: what would a careful observer think of {other}?"
            return _write(painter, hidden, x, y, width, Type.SMALL, palette.dim)
        belief = belief_from(self.view)
        y = _write(painter, words.observer_words(belief, other), x, y, width, Type.SMALL)
        bar = pygame.Rect(x, y, width, theme.px(12))
        painter.meter(bar, belief, palette.warning)
        return bar.bottom

    def _payoffs(self, painter: Painter, card: pygame.Rect) -> None:
        """A matrix game's table: both sides' points for each pair of moves, this row ringed."""
        theme = painter.theme
        palette = theme.palette
        inner = painter.card(card)
        look = self.flow.looks[self.side]
        payoff = self.view.rules.payoff
        moves = [p for p in (Posture.DISARM, Posture.ARM) if p in self.view.scenario.postures]
        title = painter.text("Points each turn", inner.topleft, Type.SMALL, palette.focus, True)
        labels = round(inner.width * 0.34)
        cell = (inner.width - labels) // len(moves)
        gap = theme.px(8)
        y = title.bottom + theme.px(4)
        header = y
        for column, theirs in enumerate(moves):
            left = inner.left + labels + column * cell + gap
            heading = f"They: {words.MATRIX_POSTURE[theirs]}"
            y = max(y, _write(painter, heading, left, header, cell - gap, Type.SMALL))
        two_lines = 2 * theme.font(Type.SMALL).get_linesize()
        for mine in moves:
            label = f"You: {words.MATRIX_POSTURE[mine]}"
            height = max(two_lines, _measure(painter, label, labels - gap, Type.SMALL)) + gap
            row = pygame.Rect(inner.left, y, inner.width, height)
            if mine is self.posture.value:  # the move chosen now
                painter.panel(row.inflate(gap, 0), palette.focus, width=2)
            _write(painter, label, row.left + gap, row.top + gap // 2, labels - gap, Type.SMALL)
            for column, theirs in enumerate(moves):
                left = inner.left + labels + column * cell + gap
                own = payoff[int(mine is Posture.ARM), int(theirs is Posture.ARM)]
                their = payoff[int(theirs is Posture.ARM), int(mine is Posture.ARM)]
                you = painter.text(
                    f"you {words.number(own)}",
                    (left, row.top + gap // 2),
                    Type.SMALL,
                    look.color,
                    bold=True,
                )
                painter.text(f"they {words.number(their)}", (left, you.bottom), Type.SMALL)
            y = row.bottom + gap // 2

    def _chart(self, painter: Painter, box: pygame.Rect) -> None:
        """Both arsenals over the turns, as this side sees them, with a caption under it."""
        theme = painter.theme
        palette = theme.palette
        view = self.view
        look = self.flow.looks[self.side]
        other = self.flow.looks[self.side.other]
        counted = words.units(view.scenario.weapon_names)
        own_line, their_line, low, high = _chart_series(view)
        painter.bounds = None
        if not own_line:
            inner = painter.card(box)
            text = f"A chart of both sides' {counted} fills in as turns pass."
            _write(painter, text, inner.left, inner.top, inner.width, Type.SMALL, palette.dim)
            return
        shading = "" if _exact(view) else ", likely range shaded"
        caption = f"{counted}: you ({look.emblem}), {other.name} as seen ({other.emblem}){shading}"
        caption = caption[0].upper() + caption[1:]
        height = _measure(painter, caption, box.width, Type.SMALL)
        chart = pygame.Rect(box.left, box.top, box.width, box.height - height)
        charts.chart(
            painter,
            chart,
            [(own_line, look.color, look.emblem, 0), (their_line, other.color, other.emblem, 1)],
            bands=[] if _exact(view) else [(low, high, other.color, 1)],
            turns=view.turns,
        )
        painter.bounds = box
        below = chart.bottom + theme.px(4)
        _write(painter, caption, box.left, below, box.width, Type.SMALL, palette.dim)

    def _orders(self, painter: Painter, card: pygame.Rect) -> None:
        """The choices, what they would do to arsenal and treasury, and any problem."""
        theme = painter.theme
        palette = theme.palette
        view = self.view
        inner, top = _titled_card(painter, card, "Your secret orders")
        x, width = inner.left, inner.width
        y = top + theme.px(10)
        for widget in self.focus.widgets:
            tall = widget.height(painter, width) if isinstance(widget, Choice) else theme.px(46)
            widget.rect = pygame.Rect(x, y, width, tall)
            y += tall + theme.px(5)
        self.focus.draw(painter)
        painter.bounds = inner
        notes = [] if self.matrix else self._preview()
        if not self.disarmable():
            name = view.scenario.weapon_names[int(self.kind.value)]
            notes.append(f"Nothing to disarm: you have no {name}.")
        for note in notes:
            y = _write(painter, note, x, y, width, Type.SMALL, palette.dim)
        for problem in self.problems:
            y = _write(painter, problem, x, y, width, Type.SMALL, palette.warning)

    def _preview(self) -> list[str]:
        """What the orders would do if carried out as given, in the level's units and money."""
        view = self.view
        orders = self.orders()
        preview = preview_orders(view, orders)
        name = view.scenario.weapon_names[orders.kind]
        after = words.number(preview.arsenal_after[orders.kind])
        if preview.built > 0:
            change = f"You build {words.number(preview.built)}: {after} {name}."
        elif preview.cut > 0:
            change = f"You cut {words.number(preview.cut)}: {after} {name} left."
        elif view.scenario.kinds == 1:
            change = f"Your {name} stay at {after}."
        else:
            change = "Your weapons stay as they are."
        money = (
            f"Costs {words.number(preview.spending)}; treasury next turn "
            f"{words.number(preview.treasury_after)}."
        )
        return [change, money]


def _amount_steps(default: float, most: float) -> list[float]:
    """Amounts offered: multiples of the default amount up to the level's limit."""
    steps = []
    value = default
    while value <= most + 1e-9:
        steps.append(round(value, 6))
        value += default
    if abs(steps[-1] - most) > 1e-9:
        steps.append(most)
    return steps


def _chart_series(view: Observation) -> tuple[list[float], list[float], list[float], list[float]]:
    """Own total after each past turn, and the other's estimated total with its range."""
    if not view.history:
        return [], [], [], []
    own = [view.total_arsenal]
    for memory in reversed(view.history):
        change = memory.amount if memory.executed is Posture.ARM else -memory.amount
        own.append(own[-1] - (change if memory.executed is not Posture.HOLD else 0.0))
    own.reverse()  # from the start (turn 0) to now
    theirs = [memory.estimate for memory in view.history]
    sigma = view.intel.uncertainty
    return own, theirs, [max(0.0, t - 2 * sigma) for t in theirs], [t + 2 * sigma for t in theirs]


class Debrief:
    """The truth revealed: types, true and perceived arsenals, scores, Tang's verdict."""

    def __init__(self, flow: DebriefHost) -> None:
        self.flow = flow
        match = flow.match
        self.result = game_results(match.state, [match.seed])[0]
        self.buttons = [
            Button("Watch the replay", flow.watch_replay),
            Button("Play again", flow.restart),
            Button(flow.leave_label, flow.on_leave),
        ]
        questions = flow.level.model.level.questions_for(self.result.outcome.key)
        self.questions = ScrollCard(pad=12)
        """Every discussion question that fits the outcome; the card scrolls when they are
        more than it holds (wheel, or Tab to it and ↑ / ↓)."""
        self.questions.show(
            [Block("For discussion", Type.BODY, flow.app.theme.palette.focus, bold=True)]
            + [Block(f"\u2022 {question}", Type.SMALL) for question in questions]
        )
        self.focus = Focus([*self.buttons, self.questions])

    def handle(self, event: pygame.event.Event) -> None:
        """Buttons: watch the replay, play again, or leave."""
        if self.flow.intercept(event):
            return
        self.focus.handle(event)

    def verdict(self) -> str:
        """Tang's verdict in one or two sentences, with the reason and who struck when."""
        names = [self.flow.looks[side].name for side in (Side.RED, Side.BLUE)]
        return explain(self.flow.match.state, 0, names)[1]

    def draw(self, painter: Painter) -> None:
        """Outcome, verdict, truth chart, scores, discussion questions."""
        painter.fill()
        theme = painter.theme
        palette = theme.palette
        state = self.flow.match.state
        looks = self.flow.looks
        title = painter.text(
            words.OUTCOME[self.result.outcome],
            design_rect(painter, 40, 16).topleft,
            Type.TITLE,
            palette.focus,
            bold=True,
        )
        verdict = design_rect(painter, 40, 0, 780, 0)
        below = _write(painter, self.verdict(), verdict.left, title.bottom, verdict.width)
        played = self.result.turns
        history = state.history
        series = []
        for side in (Side.RED, Side.BLUE):
            look = looks[side]
            start = float(state.scenario.start_arsenal[int(side)].sum())
            truth = [start, *history.arsenal[:played, 0, int(side)].sum(axis=1).tolist()]
            seen_by_other = history.estimate[:played, 0, int(side.other)].tolist()
            series.append((truth, look.color, look.emblem, 0))
            series.append((seen_by_other, look.color, "diamond", 1))
        chart = design_rect(painter, 40, 150, 780, 330)
        chart.top = max(chart.top, below)  # a long verdict pushes the chart down
        chart.height = design_rect(painter, 0, 480).top - chart.top
        charts.chart(painter, chart, series, turns=state.scenario.turns)
        pad = theme.px(14)
        painter.text(
            "True arsenals (shapes) and as the other side saw them (diamonds)",
            (chart.left + pad, chart.top + theme.px(6)),
            Type.SMALL,
            palette.dim,
        )

        scores = design_rect(painter, 840, 20, 400, 460)
        inner = painter.card(scores, pad=14)
        x, y = inner.left, inner.top
        for side in (Side.RED, Side.BLUE):
            look = looks[side]
            kind = NationType(int(state.types[0, int(side)]))
            name = painter.text(look.name, (x + theme.px(28), y), Type.BODY, look.color, True)
            painter.emblem(look.emblem, (x + theme.px(10), name.centery), theme.px(10), look.color)
            y = _write(painter, words.TYPE[kind], x, name.bottom, inner.width, Type.SMALL)
            parts = score_breakdown(state, 0, int(side))
            rows = (
                []
                if state.scenario.mode is Mode.MATRIX
                else [
                    ("security", parts.security),
                    ("cost", parts.cost),
                    *([("advantage", parts.advantage)] if kind is NationType.EXPANSIONIST else []),
                    ("war or peace", parts.end),
                ]
            )
            for label, value in rows:
                shown = 0.0 if abs(value) < 0.05 else value
                y = painter.text(f"{label}: {shown:+.1f}", (x, y), Type.SMALL, palette.dim).bottom
            y = painter.text(f"Score {parts.total:.1f}", (x, y), Type.BODY, bold=True).bottom
            fear = state.scenario.params_at(0).fear[int(side)]
            if fear > 0:
                fearful = f"Its analysts were fearful (+{fear:.0%})"
                y = _write(painter, fearful, x, y, inner.width, Type.SMALL, palette.dim)
            y += theme.px(12)

        painter.bounds = None
        self.questions.rect = design_rect(painter, 40, 490, 1200, 0)
        self.questions.rect.height = design_rect(painter, 0, 640).top - self.questions.rect.top
        button_row(painter, self.buttons, design_rect(painter, 640, 650, 600, 50))
        self.focus.draw(painter)
        saved = design_rect(painter, 40, 660, 580, 30)
        if self.flow.save_problem:
            painter.text(self.flow.save_problem, saved.topleft, Type.SMALL, palette.warning)
        elif self.flow.replay_path is not None:
            kept = f"Replay saved: {self.flow.replay_path}"
            where = painter.clip(kept, Type.SMALL, saved.width, "ends")
            painter.text(where, saved.topleft, Type.SMALL, palette.dim)
