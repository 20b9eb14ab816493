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
from game.ui.layout import button_row, design_rect, moves_on, prompt, rows_of
from game.ui.painter import Painter
from game.ui.roles import DebriefHost, MatchHost, SeatHost
from game.ui.scroll import Block, ScrollCard, ScrollPage, ScrollStack, Section, block_height
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

    A long briefing keeps its size: the story and the goals are two cards as tall as
    their words, and the whole screen scrolls smoothly (the mouse wheel, ↑ / ↓ and Page
    Up / Page Down), so nothing is cut and "Press Enter to begin" stays clear of them.
    """

    def __init__(self, flow: MatchHost, done: Callable[[], None]) -> None:
        self.flow = flow
        self.done = done
        self.story = ScrollCard()
        self.goals = ScrollCard()
        self.page = ScrollPage()

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
        """Enter, Space or a click starts the game; the wheel and the keys scroll."""
        if self.flow.intercept(event):
            return
        if self.page.consume(event, arrows=True):
            return
        if moves_on(event):
            self.done()

    def draw(self, painter: Painter) -> None:
        """Title and summary, the story and goals cards, the two nations, the prompt.

        The goals go beside the story when the window has room at the size chosen, else
        under it.
        """
        painter.fill()
        theme = painter.theme
        px = theme.px
        meta = self.flow.level.model.level
        footer = theme.font(Type.BODY).get_linesize() + px(20)
        view = pygame.Rect(0, 0, painter.width, painter.height - footer)
        with self.page.scrolling(painter, view) as page_top:
            top = design_rect(painter, 60, 24, 1160, 0)
            top.top += page_top
            y = painter.text(meta.title, top.topleft, Type.TITLE, bold=True).bottom
            summary = pygame.Rect(top.left, y + px(4), top.width, 0)
            y = summary.top + painter.paragraph(meta.summary, summary, Type.BODY, theme.palette.dim)
            self.story.blocks = self._story_blocks()
            self.goals.blocks = self._goal_blocks(theme.palette)
            cards = pygame.Rect(top.left, y + px(10), top.width, 0)
            if top.width / theme.scale >= BRIEFING_COLUMNS:
                split = cards.left + round(cards.width * 0.62)
                self.story.rect = pygame.Rect(cards.left, cards.top, split - cards.left, 0)
                self.goals.rect = pygame.Rect(split + px(20), cards.top, 0, 0)
                self.goals.rect.width = cards.right - self.goals.rect.left
                height = max(
                    card.needs(painter, card.rect.width) for card in (self.story, self.goals)
                )
                self.story.rect.height = self.goals.rect.height = height
            else:
                self.story.rect = pygame.Rect(cards.left, cards.top, cards.width, 0)
                self.story.rect.height = self.story.needs(painter, cards.width)
                self.goals.rect = pygame.Rect(cards.left, self.story.rect.bottom + px(14), 0, 0)
                self.goals.rect.width = cards.width
                self.goals.rect.height = self.goals.needs(painter, cards.width)
            for card in (self.story, self.goals):
                card.draw(painter, False)
            y = self._draw_players(painter, cards.left, self.goals.rect.bottom + px(14))
            self.page.reach(y + px(8))
        bottom = painter.height - px(10)
        corner = (design_rect(painter, 1220, 0).left, bottom)
        painter.text(
            "Press Enter to begin", corner, Type.BODY, theme.palette.focus, anchor="bottomright"
        )
        if self.page.hidden:
            where = (design_rect(painter, 60, 0).left, bottom)
            hint = "Wheel or Up/Down: scroll"
            painter.text(hint, where, Type.SMALL, theme.palette.dim, anchor="bottomleft")

    def _draw_players(self, painter: Painter, left: int, top: int) -> int:
        """Each nation with who plays it, in a row (or one under the other); the bottom."""
        theme = painter.theme
        px = theme.px
        font = theme.font(Type.LABEL, True)
        right = design_rect(painter, 1220, 0).left
        x, y = left, top
        for index, side in enumerate((Side.RED, Side.BLUE)):
            look = self.flow.looks[side]
            who = "you" if side in self.flow.humans else "computer"
            if self.flow.hot_seat:
                who = "player " + str(index + 1)
            name = f"{look.name} ({who})"
            if x > left and x + px(40) + font.size(name)[0] > right:
                x, y = left, y + font.get_linesize() + px(8)
            middle = y + font.get_linesize() // 2
            painter.emblem(look.emblem, (x + px(14), middle), px(14), look.color)
            drawn = painter.text(
                name, (x + px(40), middle), Type.LABEL, look.color, True, "midleft"
            )
            x = drawn.right + px(40)
        return y + font.get_linesize()


BRIEFING_COLUMNS = 900
"""Design pixels of width the briefing needs for the goals beside the story."""


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
        """The names of who takes over and who looks away; nothing else.

        The emblem and the three lines are one block centred in the window, each line as
        tall as its type, so they never run into each other at any interface size.
        """
        painter.fill()
        theme = painter.theme
        palette = theme.palette
        look = self.flow.looks[self.side]
        other = self.flow.looks[self.side.other]
        radius = theme.px(40)
        lines: list[tuple[str, float, Color, bool]] = [
            (f"Pass to {look.name}", Type.TITLE, look.color, True),
            (f"{other.name}, look away", Type.HEADING, palette.text, False),
            (
                f"{look.name}: press Space when ready" if self.ready else "\u2026",
                Type.LABEL,
                palette.focus if self.ready else palette.dim,
                False,
            ),
        ]
        gap = theme.px(20)
        heights = [theme.font(size, bold).get_height() for _, size, _, bold in lines]
        block = 2 * radius + gap + sum(heights) + gap * len(lines)
        center_x = painter.width / 2
        y = max(0, (painter.height - block) // 2)
        painter.emblem(look.emblem, (center_x, y + radius), radius, look.color)
        y += 2 * radius + gap
        for (text, size, color, bold), height in zip(lines, heights, strict=True):
            painter.text(text, (center_x, y), size, color, bold, anchor="midtop")
            y += height + gap


class Report:
    """What this side saw happen last turn: its own view only."""

    def __init__(
        self, flow: SeatHost, side: Side, observation: Observation, done: Callable[[], None]
    ) -> None:
        self.flow = flow
        self.side = side
        self.view = observation
        self.done = done
        self.card = ScrollCard(pad=18)
        """The report's sentences; they scroll (wheel, Up / Down) if the card cannot hold them."""

    def handle(self, event: pygame.event.Event) -> None:
        """Enter, Space or a click moves on to the decision; a long report scrolls."""
        if self.flow.intercept(event):
            return
        if self.card.wheel(event) or (self.card.hidden and self.card.consume(event)):
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
        """A crisis banner if there is one, a card of sentences and a prompt.

        Each part starts below the one above it, as tall as its type needs at the chosen
        interface size; sentences the card cannot hold scroll.
        """
        painter.fill()
        theme = painter.theme
        px = theme.px
        look = self.flow.looks[self.side]
        box = design_rect(painter, 60, 0, 1160, 0)
        radius = px(16)
        title = f"{look.name}: what you saw in turn {self.view.turn}"
        with painter.within(pygame.Rect(box.left, 0, box.width, painter.height)):
            at = (box.left + 2 * radius + px(14), px(24))
            heading = painter.text(title, at, Type.HEADING, look.color, bold=True)
        painter.emblem(look.emblem, (box.left + radius, heading.centery), radius, look.color)
        top = heading.bottom + px(12)
        if _in_crisis(self.view):
            banner = pygame.Rect(box.left, top, box.width, 0)
            rules = self.view.rules
            top = crisis_banner(painter, banner, rules.crisis_threshold, self.view.tension) + px(16)
        bottom = design_rect(painter, 0, 680).top - theme.font(Type.BODY).get_height() - px(8)
        self.card.rect = pygame.Rect(box.left, top, box.width, bottom - top)
        self.card.blocks = [Block(line, Type.BODY, gap=0) for line in self.lines()]
        self.card.draw(painter, False)
        more = self.card.hidden
        prompt(
            painter,
            "Wheel or Up/Down: more \u00b7 Enter: decide" if more else "Press Enter to decide",
        )


def _in_crisis(view: Observation) -> bool:
    """A crisis that can turn into war (matrix games keep a tension but have no war)."""
    return view.crisis and view.scenario.mode is Mode.FULL


def _exact(view: Observation) -> bool:
    """The range reads as one number: this level's spies see exactly."""
    return words.span(view.intel.low, view.intel.high) == words.number(view.intel.low)


def crisis_banner(painter: Painter, box: pygame.Rect, threshold: float, tension: float) -> int:
    """The crisis across the screen: a warning sign, the word, and what it means.

    Shape and words carry the warning, not colour alone. The banner is at least as tall
    as ``box`` and as tall as its words need; returns its bottom.
    """
    theme = painter.theme
    palette = theme.palette
    radius = theme.px(22)
    x = box.left + theme.px(20) + 2 * radius + theme.px(18)
    x += theme.font(Type.LABEL, True).size("CRISIS")[0] + theme.px(18)
    room = box.right - theme.px(16) - x
    text = (
        f"Tension {tension:.2f} is past the crisis line ({threshold:.2f}): "
        "war can break out this turn."
    )
    line = theme.font(Type.BODY).get_linesize()
    height = painter.paragraph_height(text, room, Type.BODY) - line // 2  # without its last gap
    tall = max(box.height, theme.px(80), height + theme.px(28))
    box = pygame.Rect(box.left, box.top, box.width, tall)
    painter.panel(box, palette.warning, width=3)
    painter.box(box.inflate(-theme.px(8), -theme.px(8)), palette.track, theme.px(8))
    sign = (box.left + theme.px(20) + radius, box.centery)
    warning_sign(painter, sign, radius)
    word = sign[0] + radius + theme.px(18)
    painter.text("CRISIS", (word, box.centery), Type.LABEL, palette.warning, True, "midleft")
    painter.paragraph(text, pygame.Rect(x, box.centery - height // 2, room, 0), Type.BODY)
    return box.bottom


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
        self.posture = Choice("Posture", [], on_change=lambda _: self.arrange(), wrap=True)
        self.kind = Choice(
            "Weapon",
            list(zip(scenario.weapon_names, range(scenario.kinds), strict=True)),
            on_change=lambda _: self.offer_postures(),
            wrap=True,
        )
        self.offer_postures(Posture.HOLD)
        steps = _amount_steps(scenario.default_amount, scenario.max_change)
        self.amount = Choice("Amount", [(words.number(a), a) for a in steps])
        self.amount.select(scenario.default_amount)
        signals = [s for s in Signal if s in scenario.signals]
        self.signal = Choice("Signal", [(words.SIGNAL[s], s) for s in signals], wrap=True)
        self.strike = Choice("First strike", [("no", False), ("STRIKE", True)])
        self.confirm = Button("Confirm orders", self.submit)
        self.focus = Focus(self.widgets())
        self.knows = ScrollStack()
        """What this side knows, as a column of cards where the window is too small for a grid."""
        self.steps = ScrollStack(gap=5)
        """The orders' controls and notes, scrolled where the column is too short for them."""

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
        if self.knows.page(event) or self.knows.wheel(event) or self.steps.wheel(event):
            return
        self.focus.handle(event)

    def draw(self, painter: Painter) -> None:
        """Header (a banner in a crisis), then what this side knows beside its orders.

        What it knows (nation, spies, belief or payoffs, chart) is two rows of two cards, or
        one column of cards where two do not fit side by side at the chosen interface size;
        what the window cannot hold scrolls (the wheel over it, Page Up / Page Down). The
        orders keep their own column, which scrolls to the focused control when it cannot
        show them all, so the orders and Confirm are always in reach of Tab and the mouse.
        """
        painter.fill()
        theme = painter.theme
        px = theme.px
        margin, gutter = px(30), px(20)
        body_top = self._header(painter) + px(12)
        body_bottom = self._hint(painter, scrolls=True)[1].top - px(8)  # room for the longest
        total = painter.width - 2 * margin
        orders_width = min(px(380), max(px(300), round(total * 0.31)))
        orders = pygame.Rect(painter.width - margin - orders_width, body_top, orders_width, 0)
        orders.height = body_bottom - body_top
        knows = pygame.Rect(margin, body_top, orders.left - gutter - margin, orders.height)
        probe = Painter(pygame.Surface((1, 1)), theme)  # measures the cards, draws nothing
        self.knows.rect = knows
        self.knows.lay_out(painter, lambda width: self._cards(painter, probe, width))
        self._orders(painter, orders)
        self._key_hint(painter)
        if self.asking is not None:
            self.asking.draw(painter)

    def _hint(self, painter: Painter, scrolls: bool) -> tuple[str, pygame.Rect]:
        """The keys, in plain words where they fit on one line, and the room they take."""
        theme = painter.theme
        hints = [
            "Tab, Up/Down: move \u00b7 Left/Right: change \u00b7 Enter: press"
            + ("" if self.matrix else " \u00b7 B: careful observer")
            + (" \u00b7 wheel, PgUp/PgDn: scroll" if scrolls else ""),
            "Tab: move \u00b7 Left/Right: change \u00b7 Enter: press"
            + ("" if self.matrix else " \u00b7 B: observer")
            + (" \u00b7 PgUp/PgDn: scroll" if scrolls else ""),
        ]
        margin = theme.px(30)
        room = pygame.Rect(margin, 0, painter.width - 2 * margin, 0)
        small = theme.font(Type.SMALL)
        hint = ([hint for hint in hints if small.size(hint)[0] <= room.width] or hints)[0]
        room.height = painter.paragraph_height(hint, room.width, Type.SMALL)
        room.bottom = painter.height - theme.px(4)
        return hint, room

    def _key_hint(self, painter: Painter) -> None:
        """The keys at the bottom right (wrapped where the window is narrow)."""
        theme = painter.theme
        hint, room = self._hint(painter, self.knows.hidden or self.steps.hidden)
        painter.bounds = None
        if theme.font(Type.SMALL).size(hint)[0] <= room.width:
            painter.text(hint, room.topright, Type.SMALL, theme.palette.dim, anchor="topright")
        else:
            painter.paragraph(hint, room, Type.SMALL, theme.palette.dim)

    def _chart_height(self, painter: Painter, box: pygame.Rect) -> int:
        """The least height the chart and its caption need at the width of ``box``."""
        theme = painter.theme
        if not self.view.history:  # only the words saying it will fill in, in a card
            width = box.width - 2 * theme.px(16)
            return _measure(painter, self._caption(), width, Type.SMALL) + 2 * theme.px(16)
        return theme.px(140) + _measure(painter, self._caption(), box.width, Type.SMALL)

    def _cards(self, painter: Painter, probe: Painter, width: int) -> list[Section]:
        """What this side knows, ``width`` wide: two rows of two cards, or one column.

        Where two cards fit side by side, the nation stands beside the spies and the belief
        (or the payoffs) beside the chart, each row as tall as its longer card and the
        last row filling what the window has left; else every card is a row of its own.
        """
        theme = painter.theme
        pad, gap, gutter = theme.px(16), theme.px(self.knows.gap), theme.px(20)
        second = self._payoffs if self.matrix else self._observer
        room = self.knows.rect.height

        def cards(
            *parts: tuple[Callable[[Painter, pygame.Rect], object], int],
        ) -> Callable[[pygame.Rect], None]:
            """Draws the cards side by side across a row, each ``width`` wide."""

            def draw(box: pygame.Rect) -> None:
                left = box.left
                for part, wide in parts:
                    part(painter, pygame.Rect(left, box.top, wide, box.height))
                    left += wide + gutter

            return draw

        def needs(draw: Callable[[Painter, pygame.Rect], int], wide: int) -> int:
            return draw(probe, pygame.Rect(0, 0, wide, 0)) + pad

        def chart(on: Painter, box: pygame.Rect) -> None:
            self._chart(on, box)

        if width >= 2 * theme.px(300) + gutter:
            own = (width - gutter) * 400 // 790
            intel = width - gutter - own
            left = (width - gutter) * (510 if self.matrix else 400) // 790
            right = width - gutter - left
            top = max(needs(self._own, own), needs(self._intel, intel))
            low = max(needs(second, left), self._chart_height(painter, pygame.Rect(0, 0, right, 0)))
            designed = theme.px(160 if self.matrix else 285)  # the look at 100%, if it fits
            if max(top, designed) + gap + low <= room:
                top = max(top, designed)
            low = max(low, room - top - gap)
            return [
                Section(top, cards((self._own, own), (self._intel, intel))),
                Section(low, cards((second, left), (chart, right))),
            ]
        sections = [
            Section(needs(draw, width), cards((draw, width)))
            for draw in (self._own, self._intel, second)
        ]
        tall = self._chart_height(painter, pygame.Rect(0, 0, width, 0))
        if self.view.history:  # a chart worth its room, as far as the column allows
            tall = max(tall, min(room, theme.px(300)))
        return [*sections, Section(tall, cards((chart, width)))]

    def _header(self, painter: Painter) -> int:
        """The nation and the turn; tension against its crisis line, a banner in a crisis.

        Its parts (name and turn, the crisis words, tension) stand in one row where they
        fit and wrap to further rows where they do not. Returns the header's bottom.
        """
        theme = painter.theme
        px = theme.px
        palette = theme.palette
        view = self.view
        look = self.flow.looks[self.side]
        crisis = _in_crisis(view)
        margin, gap = px(30), px(24)
        right = painter.width - margin
        heading, small = theme.font(Type.HEADING, True), theme.font(Type.SMALL)
        turn_text = f"Turn {view.turn + 1} of {view.turns}"
        threshold = view.rules.crisis_threshold
        label_text = f"Tension {view.tension:.2f}, crisis line {threshold:.2f}"
        warning_words = "War can break out this turn."
        radius = px(22)
        word = theme.font(Type.LABEL, True)
        parts = [
            (
                "name",
                2 * gap + heading.size(look.name)[0] + px(14) + small.size(turn_text)[0],
                heading.get_height(),
            )
        ]
        if crisis:
            words_width = max(word.size("CRISIS")[0], small.size(warning_words)[0])
            height = max(2 * radius, word.get_height() + small.get_height())
            parts.append(("crisis", 2 * radius + px(16) + words_width, height))
        if not self.matrix:
            label_width = theme.font(Type.SMALL, True).size(label_text)[0]
            height = theme.font(Type.SMALL, True).get_height() + px(8) + px(18)
            parts.append(("tension", max(px(380), label_width), height))
        widths = [width for _, width, _ in parts]
        rows = [[parts[i] for i in row] for row in rows_of(widths, right - margin, gap)]
        inline = False  # tension on a row of its own: its words beside the bar, not above it
        if not self.matrix and len(rows[-1]) == 1 and rows[-1][0][0] == "tension":
            label_width = theme.font(Type.SMALL, True).size(label_text)[0]
            inline = label_width + gap + px(120) <= right - margin
            if inline:
                height = max(theme.font(Type.SMALL, True).get_height(), px(18))
                rows[-1] = [("tension", right - margin, height)]
        top = px(8) + (px(8) if crisis else 0)
        bottom = top + sum(max(h for _, _, h in row) for row in rows) + px(8) * (len(rows) - 1)
        if crisis:
            banner = pygame.Rect(px(14), px(8), painter.width - 2 * px(14), 0)
            banner.height = bottom + px(8) - banner.top
            painter.panel(banner, palette.warning, width=3)
            painter.box(banner.inflate(-px(8), -px(8)), palette.track, px(8))
        y = top
        for row in rows:
            middle = y + max(h for _, _, h in row) // 2
            x = margin
            for kind, width, height in row:
                if kind == "name":
                    name = painter.text(
                        look.name, (x + 2 * gap, middle), Type.HEADING, look.color, True, "midleft"
                    )
                    painter.emblem(look.emblem, (name.left - gap, middle), px(16), look.color)
                    at = (name.right + px(14), name.bottom - px(6))
                    painter.text(turn_text, at, Type.SMALL, palette.dim, anchor="bottomleft")
                elif kind == "crisis":
                    warning_sign(painter, (x + radius, middle), radius)
                    left = x + 2 * radius + px(16)
                    at = (left, middle - (word.get_height() + small.get_height()) // 2)
                    said = painter.text("CRISIS", at, Type.LABEL, palette.warning, bold=True)
                    painter.text(warning_words, (left, said.bottom), Type.SMALL)
                else:
                    bar = pygame.Rect(right - width, middle + height // 2 - px(18), width, px(18))
                    at = (bar.left, bar.top - px(8))
                    if inline:
                        at = (x, middle + theme.font(Type.SMALL, True).get_height() // 2)
                    color = palette.warning if crisis else palette.tension
                    label = painter.text(label_text, at, Type.SMALL, color, True, "bottomleft")
                    if inline:
                        bar.left = label.right + gap
                        bar.width = right - bar.left - px(4)
                        bar.centery = middle
                    tension_meter(painter, bar, view.tension, threshold)
                x += width + gap
            y = middle + max(h for _, _, h in row) // 2 + px(8)
        return bottom + (px(8) if crisis else 0)

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

    def _payoffs(self, painter: Painter, card: pygame.Rect) -> int:
        """A matrix game's table: both sides' points for each pair of moves, this row ringed.

        Returns where its content ends.
        """
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
        return y

    def _caption(self) -> str:
        """What the chart shows, in words (before the first turn: that it will fill in)."""
        view = self.view
        look = self.flow.looks[self.side]
        other = self.flow.looks[self.side.other]
        counted = words.units(view.scenario.weapon_names)
        if not view.history:
            return f"A chart of both sides' {counted} fills in as turns pass."
        shading = "" if _exact(view) else ", likely range shaded"
        caption = f"{counted}: you ({look.emblem}), {other.name} as seen ({other.emblem}){shading}"
        return caption[0].upper() + caption[1:]

    def _chart(self, painter: Painter, box: pygame.Rect) -> None:
        """Both arsenals over the turns, as this side sees them, with a caption under it."""
        theme = painter.theme
        palette = theme.palette
        view = self.view
        look = self.flow.looks[self.side]
        other = self.flow.looks[self.side.other]
        own_line, their_line, low, high = _chart_series(view)
        painter.bounds = None
        caption = self._caption()
        if not own_line:
            inner = painter.card(box)
            _write(painter, caption, inner.left, inner.top, inner.width, Type.SMALL, palette.dim)
            return
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
        """The choices, what they would do to arsenal and treasury, and any problem.

        A column too short for them all scrolls, a control or a note at a time, and always
        to the control Tab has just focused.
        """
        theme = painter.theme
        inner, top = _titled_card(painter, card, "Your secret orders")
        for widget in self.focus.widgets:
            widget.rect = pygame.Rect(0, 0, 0, 0)  # out of reach until it is drawn
        self.steps.rect = pygame.Rect(inner.left, top + theme.px(10), inner.width, 0)
        self.steps.rect.height = inner.bottom - self.steps.rect.top
        painter.bounds = inner
        rows = self._order_rows(painter, inner.width, pinned=False)
        gap = theme.px(self.steps.gap)
        pinned = sum(row.height + gap for row in rows) - gap > self.steps.rect.height
        if pinned:  # Confirm at the card's foot, always in view; the rest scrolls above it
            self.confirm.rect = pygame.Rect(inner.left, 0, inner.width, theme.px(46))
            self.confirm.rect.bottom = inner.bottom
            self.steps.rect.height = self.confirm.rect.top - theme.px(8) - self.steps.rect.top
        current = self.focus.current
        self.steps.lay_out(painter, lambda width: self._order_rows(painter, width, pinned), current)
        if pinned:
            self.confirm.draw(painter, current is self.confirm)
        painter.bounds = None

    def _order_rows(self, painter: Painter, width: int, pinned: bool) -> list[Section]:
        """Each control (Confirm too, unless ``pinned``), then each note and problem."""
        theme = painter.theme
        palette = theme.palette
        rows = []
        for widget in self.focus.widgets:
            if pinned and widget is self.confirm:
                continue
            tall = widget.height(painter, width) if isinstance(widget, Choice) else theme.px(46)

            def place(box: pygame.Rect, widget: Widget = widget) -> None:
                widget.rect = box
                widget.draw(painter, widget is self.focus.current)

            rows.append(Section(tall, place, (widget,)))
        notes = [(note, palette.dim) for note in ([] if self.matrix else self._preview())]
        if not self.disarmable():
            name = self.view.scenario.weapon_names[int(self.kind.value)]
            notes.append((f"Nothing to disarm: you have no {name}.", palette.dim))
        notes += [(problem, palette.warning) for problem in self.problems]
        for note, color in notes:

            def write(box: pygame.Rect, note: str = note, color: Color = color) -> None:
                _write(painter, note, box.left, box.top, box.width, Type.SMALL, color)

            height = _measure(painter, note, width, Type.SMALL) - theme.px(6)
            rows.append(Section(height, write))
        return rows

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
        self.page = ScrollStack()
        """The debrief as one column, where the window is too small for it side by side."""

    def handle(self, event: pygame.event.Event) -> None:
        """Buttons: watch the replay, play again, or leave; the page scrolls where it must."""
        if self.flow.intercept(event):
            return
        if self.page.hidden and (self.page.page(event) or self.page.wheel(event)):
            return
        self.focus.handle(event)

    def verdict(self) -> str:
        """Tang's verdict in one or two sentences, with the reason and who struck when."""
        names = [self.flow.looks[side].name for side in (Side.RED, Side.BLUE)]
        return explain(self.flow.match.state, 0, names)[1]

    def draw(self, painter: Painter) -> None:
        """Outcome, verdict, truth chart, scores, discussion questions, the way on.

        Where the window holds them at the chosen interface size, the verdict and chart sit
        beside the scores; where it does not, they are sections of one column that scrolls
        (the wheel, Page Up / Page Down), and the buttons stay at the bottom.
        """
        painter.fill()
        theme = painter.theme
        px = theme.px
        probe = Painter(pygame.Surface((1, 1)), theme)  # measures, draws nothing
        scores = design_rect(painter, 840, 20, 400, 460)
        verdict = design_rect(painter, 40, 16, 780, 0)
        row = design_rect(painter, 640, 650, 600, 50)
        chart_top = max(design_rect(painter, 0, 150).top, self._verdict(probe, verdict))
        wide = (
            self._scores(probe, scores, 1) <= scores.bottom
            and design_rect(painter, 0, 480).top - chart_top >= px(170)
            and self._buttons_fit(painter, row.width)
        )
        if wide:
            self._verdict(painter, verdict)
            chart = pygame.Rect(verdict.left, chart_top, verdict.width, 0)
            chart.height = design_rect(painter, 0, 480).top - chart.top
            self._truth_chart(painter, chart)
            self._scores(painter, scores, 1)
            self.questions.rect = design_rect(painter, 40, 490, 1200, 0)
            self.questions.rect.height = design_rect(painter, 0, 640).top - self.questions.rect.top
            button_row(painter, self.buttons, row)
            self.focus.draw(painter)
            self._saved(painter, design_rect(painter, 40, 660, 580, 30))
            return
        margin = px(24)
        width = painter.width - 2 * margin
        row = pygame.Rect(margin, 0, width, px(50))
        row.bottom = painter.height - px(10)
        saved = pygame.Rect(margin, 0, width, theme.font(Type.SMALL).get_linesize())
        saved.bottom = row.top - px(6)
        self.page.rect = pygame.Rect(margin, px(16), width, saved.top - px(10) - px(16))
        self.page.draw(painter, self._sections(painter, probe), self.focus.current)
        painter.bounds = None
        button_row(painter, self.buttons, row)
        for button in self.buttons:
            button.draw(painter, button is self.focus.current)
        if self.page.hidden:  # the way to the rest, on the right of the saved line
            more = "PgUp/PgDn, wheel: more"
            drawn = painter.text(
                more, saved.topright, Type.SMALL, theme.palette.focus, False, "topright"
            )
            saved.width = drawn.left - px(16) - saved.left
        self._saved(painter, saved)

    def _buttons_fit(self, painter: Painter, width: int) -> bool:
        """Whether the three buttons' labels fit side by side in ``width``."""
        theme = painter.theme
        font = theme.font(Type.LABEL)
        needs = sum(font.size(button.label)[0] + theme.px(28) for button in self.buttons)
        return needs + theme.px(10) * (len(self.buttons) - 1) <= width

    def _sections(self, painter: Painter, probe: Painter) -> list[Section]:
        """The debrief as a column: verdict, scores, chart, questions (the page scrolls)."""
        theme = painter.theme
        width = self.page.width(painter)
        columns = 2 if width >= 2 * theme.px(280) else 1
        sized = pygame.Rect(0, 0, width, 0)
        chart = max(theme.px(220), self.page.rect.height // 2)
        questions = self.questions
        blocks = sum(
            block_height(painter, block, width - 2 * theme.px(questions.pad)) + theme.px(block.gap)
            for block in questions.blocks
        )
        asked = min(self.page.rect.height, blocks + 2 * theme.px(questions.pad))

        def place_questions(box: pygame.Rect) -> None:
            questions.rect = box
            questions.draw(painter, questions is self.focus.current)

        def verdict(box: pygame.Rect) -> None:
            self._verdict(painter, box)

        def scores(sides: tuple[Side, ...]) -> Section:
            """A card of these nations' scores, side by side."""

            def draw(box: pygame.Rect) -> None:
                self._scores(painter, box, len(sides), sides)

            return Section(self._scores(probe, sized, len(sides), sides), draw)

        both = (Side.RED, Side.BLUE)
        said = Section(self._verdict(probe, sized), verdict)
        together = scores(both)
        gap = theme.px(self.page.gap)
        if columns > 1 and said.height + gap + together.height <= self.page.rect.height:
            cards = [together]
        else:  # a shorter card for each nation, so one fits under the verdict
            cards = [scores((side,)) for side in both]
        return [
            said,
            *cards,
            Section(chart, lambda box: self._truth_chart(painter, box)),
            Section(asked, place_questions, (questions,)),
        ]

    def _verdict(self, painter: Painter, box: pygame.Rect) -> int:
        """The outcome in large type and Tang's verdict under it; where they end."""
        palette = painter.theme.palette
        title = painter.text(
            words.OUTCOME[self.result.outcome], box.topleft, Type.TITLE, palette.focus, bold=True
        )
        bottom = _write(painter, self.verdict(), box.left, title.bottom, box.width)
        note = self.flow.debrief_note
        if note:
            bottom = _write(painter, note, box.left, bottom, box.width, color=palette.warning)
        return bottom

    def _truth_chart(self, painter: Painter, box: pygame.Rect) -> None:
        """True arsenals and as the other side saw them, captioned in its top row.

        A caption too long for that row goes above the chart, which gives it the room.
        """
        theme = painter.theme
        state = self.flow.match.state
        played = self.result.turns
        history = state.history
        series = []
        for side in (Side.RED, Side.BLUE):
            look = self.flow.looks[side]
            start = float(state.scenario.start_arsenal[int(side)].sum())
            truth = [start, *history.arsenal[:played, 0, int(side)].sum(axis=1).tolist()]
            seen_by_other = history.estimate[:played, 0, int(side.other)].tolist()
            series.append((truth, look.color, look.emblem, 0))
            series.append((seen_by_other, look.color, "diamond", 1))
        caption = "True arsenals (shapes) and as the other side saw them (diamonds)"
        pad = theme.px(14)
        one_line = theme.font(Type.SMALL).size(caption)[0] <= box.width - 2 * pad
        chart = box.copy()
        if not one_line:
            chart.top += _measure(painter, caption, box.width, Type.SMALL)
            chart.height = box.bottom - chart.top
        painter.bounds = None
        charts.chart(painter, chart, series, turns=state.scenario.turns)
        at = (box.left + pad, box.top + theme.px(6)) if one_line else box.topleft
        with painter.within(box):
            _write(painter, caption, *at, box.right - at[0], Type.SMALL, theme.palette.dim)

    def _scores(
        self,
        painter: Painter,
        box: pygame.Rect,
        columns: int,
        sides: tuple[Side, ...] = (Side.RED, Side.BLUE),
    ) -> int:
        """The nations' types and scores, part by part, in ``columns``; the card's bottom.

        One nation alone in a wide card puts its score's parts beside its name (shorter).
        """
        theme = painter.theme
        pad, gap = theme.px(14), theme.px(20)
        width = (box.width - 2 * pad - gap * (columns - 1)) // columns
        beside = len(sides) == 1 and width >= 2 * theme.px(240) + gap

        def lay_out(on: Painter) -> int:
            """The nations from the card's top (side by side, or one under the other)."""
            top = y = box.top + pad
            ends = []
            for index, side in enumerate(sides):
                left = box.left + pad + (index * (width + gap) if columns > 1 else 0)
                at = top if columns > 1 else y
                y = self._nation_score(on, side, left, at, width, beside)
                ends.append(y)
            return max(ends) - theme.px(12) + pad

        bottom = lay_out(Painter(pygame.Surface((1, 1)), theme))
        card = pygame.Rect(box.left, box.top, box.width, max(box.height, bottom - box.top))
        painter.card(card, pad=14)
        lay_out(painter)
        painter.bounds = None
        return bottom

    def _nation_score(
        self, painter: Painter, side: Side, x: int, y: int, width: int, beside: bool = False
    ) -> int:
        """One nation's name, type, score parts, total and fear from (x, y); where it ends.

        With ``beside`` the parts stand in a column of their own right of the name.
        """
        theme = painter.theme
        palette = theme.palette
        state = self.flow.match.state
        look = self.flow.looks[side]
        kind = NationType(int(state.types[0, int(side)]))
        name = painter.text(look.name, (x + theme.px(28), y), Type.BODY, look.color, True)
        painter.emblem(look.emblem, (x + theme.px(10), name.centery), theme.px(10), look.color)
        half = (width - theme.px(20)) // 2 if beside else width
        y = _write(painter, words.TYPE[kind], x, name.bottom, half, Type.SMALL)
        left_bottom = y
        if beside:
            x, y = x + half + theme.px(20), name.top
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
            y = _write(painter, fearful, x, y, half, Type.SMALL, palette.dim)
        return max(y, left_bottom) + theme.px(12)

    def _saved(self, painter: Painter, line: pygame.Rect) -> None:
        """Where the replay was saved, or why it could not be."""
        palette = painter.theme.palette
        painter.bounds = None
        if self.flow.save_problem:
            painter.text(self.flow.save_problem, line.topleft, Type.SMALL, palette.warning)
        elif self.flow.replay_path is not None:
            kept = f"Replay saved: {self.flow.replay_path}"
            where = painter.clip(kept, Type.SMALL, line.width, "ends")
            painter.text(where, line.topleft, Type.SMALL, palette.dim)
