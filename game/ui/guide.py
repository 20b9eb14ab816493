"""How to play: a few short pages, each with a small diagram, for a class on a projector.

The pages explain a turn, the security dilemma and Tang's test for it, Jervis's four
worlds, cheap talk against costly signals, the keys, how a game is scored, and the words
the screens use (the careful observer, ranges, the crisis line, income). Every
diagram is drawn with the :class:`~game.ui.painter.Painter` inside the box it is given,
so the pages scale from 1024×600 to 1920×1080 like every other screen.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pygame

from game.ai.beliefs import UNINFORMED_PRIOR, Behaviour
from game.levels.compile import SIDE_DEFAULTS
from game.rules import vocabulary as words
from game.rules.model import Outcome, Signal
from game.ui.app import App
from game.ui.layout import design_rect, goes_back
from game.ui.painter import Painter, Point
from game.ui.scroll import ScrollPage
from game.ui.theme import Color, Type, hex_color
from game.ui.widgets import Button, Focus

DIAGRAM_SIZE = (524, 452)
"""The box every diagram is drawn in, in design pixels at the player's interface size."""
MIN_TEXT_WIDTH = 380
"""Design pixels the page's text needs beside the diagram; with less, it goes above it."""


@dataclass(frozen=True)
class Nation:
    """A nation as the diagrams draw it: the built-in default name, colour and emblem."""

    name: str
    color: Color
    emblem: str


def _nation(side: str) -> Nation:
    name, color, emblem = SIDE_DEFAULTS[side]
    return Nation(name, hex_color(color), emblem)


RED = _nation("red")
BLUE = _nation("blue")
TANG = ("anarchy", "no harm meant", "power piles up")
"""Shiping Tang's three conditions for a true security dilemma, in a few words each."""


@dataclass(frozen=True)
class Page:
    """One page of the guide: a title, a few short paragraphs and a diagram."""

    title: str
    text: str
    diagram: Callable[[Painter, pygame.Rect], None]


class HowToPlay:
    """The "How to play" scene: pages turned with ←/→, PageUp/PageDown or the buttons."""

    def __init__(self, app: App, on_back: Callable[[], None]) -> None:
        self.app = app
        self.on_back = on_back
        self.page = 0
        self.previous = Button("Previous", lambda: self.turn(-1))
        self.next = Button("Next", lambda: self.turn(1))
        self.back = Button("Back to menu", on_back)
        self.focus = Focus([self.previous, self.next, self.back], index=1)
        self.page_view = ScrollPage()
        self._enable()

    def turn(self, step: int) -> None:
        """Go ``step`` pages on (negative: back), stopping at the first and the last page.

        When the focused button runs out of pages, the focus moves to the one that still
        leads somewhere, so pressing Enter again and again reads the guide to the end and
        then returns to the menu.
        """
        self.page = min(max(self.page + step, 0), len(PAGES) - 1)
        self.page_view.offset = 0
        self._enable()
        current = self.focus.current
        if isinstance(current, Button) and not current.enabled:
            target = self.back if current is self.next else self.next
            self.focus.index = self.focus.widgets.index(target)

    def _enable(self) -> None:
        self.previous.enabled = self.page > 0
        self.next.enabled = self.page < len(PAGES) - 1

    def handle(self, event: pygame.event.Event) -> None:
        """Esc/Backspace leave; ←/→ and PageUp/PageDown turn pages; the rest goes to Focus.

        ↑/↓ and the wheel scroll a page taller than the window.
        """
        if goes_back(event):
            self.on_back()
        elif event.type == pygame.KEYDOWN and event.key in (pygame.K_LEFT, pygame.K_PAGEUP):
            self.turn(-1)
        elif event.type == pygame.KEYDOWN and event.key in (pygame.K_RIGHT, pygame.K_PAGEDOWN):
            self.turn(1)
        elif not self.page_view.consume(event, arrows=True):
            self.page_view.handle(event, self.focus)

    def draw(self, painter: Painter) -> None:
        """Header, the page's text on the left, its diagram on the right, buttons below.

        Text and diagram keep the player's interface size: the diagram is drawn in a box of
        its design size at that scale, beside the text when the window has room and under
        it when not, and a page taller than the window scrolls.
        """
        painter.fill()
        theme = painter.theme
        palette = theme.palette
        page = PAGES[self.page]
        window = painter.surface.get_rect()
        with self.page_view.scrolling(painter, window) as top:
            corner = design_rect(painter, 60, 26, 1160)
            corner.top += top
            kicker = painter.text("HOW TO PLAY", corner.topleft, Type.SMALL, palette.focus, True)
            painter.text(
                f"Page {self.page + 1} of {len(PAGES)}",
                corner.topright,
                Type.SMALL,
                palette.dim,
                anchor="topright",
            )
            title = painter.text(page.title, kicker.bottomleft, Type.HEADING, bold=True)
            y = max(top + design_rect(painter, 0, 124).top, title.bottom + theme.px(12))
            panel = pygame.Rect(
                0, y, theme.px(DIAGRAM_SIZE[0] + 36), theme.px(DIAGRAM_SIZE[1] + 32)
            )
            beside = corner.width - panel.width - theme.px(40) >= theme.px(MIN_TEXT_WIDTH)
            if beside:
                panel.right = corner.right
                text_box = pygame.Rect(corner.left, y, panel.left - theme.px(40) - corner.left, 0)
                text_bottom = y + painter.paragraph(page.text, text_box, Type.LABEL)
            else:
                text_box = pygame.Rect(corner.left, y, corner.width, 0)
                text_bottom = y + painter.paragraph(page.text, text_box, Type.LABEL)
                panel.centerx, panel.top = corner.centerx, text_bottom + theme.px(20)
            panel.width = min(panel.width, corner.width)
            painter.panel(panel)
            inner = panel.inflate(-theme.px(36), -theme.px(32))
            page.diagram(painter, inner)
            end = max(text_bottom, panel.bottom) + theme.px(24)
            self._place_buttons(painter, max(end, top + design_rect(painter, 0, 636).top))
            self.focus.draw(painter)
            self.page_view.reach(self._draw_dots_and_hint(painter) + theme.px(16))

    def _draw_dots_and_hint(self, painter: Painter) -> int:
        """A dot per page between the buttons, and the keys; returns the bottom drawn."""
        theme = painter.theme
        palette = theme.palette
        left, right = self.next.rect.right, self.back.rect.left
        room = right - left - 2 * theme.px(12)
        middle = (left + right) / 2
        step = theme.px(22)
        if step * len(PAGES) < room:
            y = self.previous.rect.top + theme.px(12)
            for index in range(len(PAGES)):
                center = (middle + (index - (len(PAGES) - 1) / 2) * step, y)
                if index == self.page:
                    pygame.draw.circle(painter.surface, palette.focus, center, theme.px(7))
                else:
                    pygame.draw.circle(painter.surface, palette.dim, center, theme.px(5), 1)
        hint = "Left/Right: turn pages    Esc: back"
        font = theme.font(Type.SMALL)
        if font.size(hint)[0] < room:
            y = self.previous.rect.bottom - theme.px(12)
            painter.text(hint, (middle, y), Type.SMALL, palette.dim, anchor="center")
            return self.back.rect.bottom
        where = (self.back.rect.right, self.back.rect.bottom + theme.px(8))
        return painter.text(hint, where, Type.SMALL, palette.dim, anchor="topright").bottom

    def _place_buttons(self, painter: Painter, top: int) -> None:
        """The buttons in a row from ``top``, each wide enough for its label at any size."""
        theme = painter.theme
        font = theme.font(Type.LABEL)

        def fitted(left: float, width: float, button: Button) -> pygame.Rect:
            rect = design_rect(painter, left, 0, width, 54)
            rect.width = max(rect.width, font.size(button.label)[0] + theme.px(32))
            rect.height = max(rect.height, font.get_height() + theme.px(12))
            rect.top = top
            return rect

        self.previous.rect = fitted(60, 180, self.previous)
        self.next.rect = fitted(0, 180, self.next)
        self.next.rect.left = self.previous.rect.right + theme.px(16)
        self.back.rect = fitted(0, 200, self.back)
        self.back.rect.right = design_rect(painter, 1220, 0).left


# Drawing helpers shared by the diagrams. Positions inside a diagram are fractions of its box.


def _part(box: pygame.Rect, fx: float, fy: float, fw: float, fh: float) -> pygame.Rect:
    """The part of ``box`` at fractions (fx, fy) of it, with fractional width and height."""
    return pygame.Rect(
        round(box.left + box.width * fx),
        round(box.top + box.height * fy),
        round(box.width * fw),
        round(box.height * fh),
    )


def _arrow(painter: Painter, start: Point, end: Point, color: Color) -> None:
    """A straight arrow with a solid head at ``end``."""
    width = max(2, painter.theme.px(3))
    head = painter.theme.px(12)
    dx, dy = end[0] - start[0], end[1] - start[1]
    length = max((dx * dx + dy * dy) ** 0.5, 1.0)
    ux, uy = dx / length, dy / length
    base = (end[0] - ux * head, end[1] - uy * head)
    pygame.draw.line(painter.surface, color, start, base, width)
    side = head * 0.6
    pygame.draw.polygon(
        painter.surface,
        color,
        [
            end,
            (base[0] - uy * side, base[1] + ux * side),
            (base[0] + uy * side, base[1] - ux * side),
        ],
    )


def _card(painter: Painter, rect: pygame.Rect, edge: Color | None = None) -> None:
    """A darker card inside a diagram panel."""
    radius = painter.theme.px(8)
    pygame.draw.rect(painter.surface, painter.theme.palette.background, rect, border_radius=radius)
    pygame.draw.rect(
        painter.surface,
        edge or painter.theme.palette.panel_edge,
        rect,
        width=max(1, painter.theme.px(2)),
        border_radius=radius,
    )


def _badge(painter: Painter, center: Point, number: int) -> None:
    """A numbered amber disc for the steps of a sequence."""
    palette = painter.theme.palette
    pygame.draw.circle(painter.surface, palette.focus, center, painter.theme.px(13))
    painter.text(str(number), center, Type.SMALL, palette.background, bold=True, anchor="center")


def _labelled_emblem(
    painter: Painter,
    nation: Nation,
    position: Point,
    size: float = Type.SMALL,
    label: str | None = None,
    centered: bool = False,
) -> pygame.Rect:
    """An emblem and a name (or ``label``) from ``position``: the left end, or the centre.

    Colour is never the only cue: the shape and the words say which nation it is.
    """
    theme = painter.theme
    radius = theme.px(size * 0.45)
    text = label or nation.name
    x, y = position
    if centered:
        x -= (2 * radius + theme.px(8) + theme.font(size, True).size(text)[0]) / 2
    painter.emblem(nation.emblem, (x + radius, y), radius, nation.color)
    return painter.text(text, (x + 2 * radius + theme.px(8), y), size, bold=True, anchor="midleft")


def _meter_row(
    painter: Painter,
    box: pygame.Rect,
    label: str,
    share: float,
    color: Color,
    marker: float | None = None,
) -> None:
    """A label with its percentage above a bar filled to ``share``."""
    theme = painter.theme
    painter.text(label, box.topleft, Type.SMALL)
    painter.text(f"{share:.0%}", box.topright, Type.SMALL, bold=True, anchor="topright")
    bar = pygame.Rect(box.left, box.top + theme.px(30), box.width, theme.px(18))
    painter.meter(bar, share, color, marker)


# The diagrams, one per page.


def _turn_loop(painter: Painter, box: pygame.Rect) -> None:
    """Four steps in a loop: decide in secret, reveal together, spy, score."""
    theme = painter.theme
    palette = theme.palette
    painter.text(
        "Every turn, round and round", box.midtop, Type.SMALL, palette.dim, anchor="midtop"
    )
    area = pygame.Rect(box.left, box.top + theme.px(36), box.width, box.height - theme.px(36))
    gap = theme.px(54)
    width = (area.width - gap) // 2
    height = (area.height - gap) // 2
    cards = [
        pygame.Rect(area.left, area.top, width, height),
        pygame.Rect(area.right - width, area.top, width, height),
        pygame.Rect(area.right - width, area.bottom - height, width, height),
        pygame.Rect(area.left, area.bottom - height, width, height),
    ]
    steps = [
        ("Decide in secret", "arm, hold or disarm, plus a signal"),
        ("Reveal together", "both orders happen at once"),
        ("Spy on them", "8 to 14 weapons: a range"),
        ("Score the turn", "security, cost and tension"),
    ]
    pad = theme.px(12)
    for number, (card, (title, detail)) in enumerate(zip(cards, steps, strict=True), 1):
        _card(painter, card)
        top = card.top + pad + theme.px(13)
        _badge(painter, (card.left + pad + theme.px(13), top), number)
        painter.text(
            title, (card.left + pad + theme.px(34), top), Type.SMALL, bold=True, anchor="midleft"
        )
        inner = pygame.Rect(card.left + pad, card.top + theme.px(48), card.width - 2 * pad, 0)
        painter.paragraph(detail, inner, Type.SMALL, palette.dim)
    low = [card.bottom - theme.px(28) for card in cards]
    first, second, spy, score = cards
    for index, nation in enumerate((RED, BLUE)):
        x = first.left + pad + theme.px(12) + index * theme.px(64)
        painter.emblem(nation.emblem, (x, low[0]), theme.px(11), nation.color)
        painter.text("?", (x + theme.px(18), low[0]), Type.LABEL, bold=True, anchor="midleft")
    middle = second.centerx
    painter.emblem(RED.emblem, (middle - theme.px(60), low[1]), theme.px(11), RED.color)
    painter.emblem(BLUE.emblem, (middle + theme.px(60), low[1]), theme.px(11), BLUE.color)
    _arrow(painter, (middle - theme.px(42), low[1]), (middle - theme.px(8), low[1]), palette.dim)
    _arrow(painter, (middle + theme.px(42), low[1]), (middle + theme.px(8), low[1]), palette.dim)
    bar = pygame.Rect(spy.left + pad, low[2] - theme.px(7), spy.width - 2 * pad, theme.px(14))
    painter.estimate_bar(bar, 8, 11, 14, 20, BLUE.color)
    meter = pygame.Rect(score.left + pad, low[3] - theme.px(6), score.width - 2 * pad, theme.px(12))
    painter.meter(meter, 0.55, palette.tension, marker=0.8)
    color = palette.focus
    nudge = theme.px(6)
    _arrow(
        painter, (first.right + nudge, first.centery), (second.left - nudge, first.centery), color
    )
    _arrow(painter, (second.centerx, second.bottom + nudge), (spy.centerx, spy.top - nudge), color)
    _arrow(painter, (spy.left - nudge, spy.centery), (score.right + nudge, spy.centery), color)
    _arrow(
        painter, (score.centerx, score.top - nudge), (first.centerx, first.bottom + nudge), color
    )


def _spiral(painter: Painter, box: pygame.Rect) -> None:
    """Two arsenals climbing in turn: each build-up answers the other's."""
    theme = painter.theme
    palette = theme.palette
    legend_y = box.top + theme.px(12)
    right = _labelled_emblem(painter, RED, (box.left, legend_y), Type.SMALL)
    _labelled_emblem(painter, BLUE, (right.right + theme.px(28), legend_y), Type.SMALL)
    plot = pygame.Rect(
        box.left + theme.px(10),
        box.top + theme.px(74),
        box.width - theme.px(24),
        box.height - theme.px(74 + 96),
    )
    red = [10, 13, 13, 17, 17, 22, 22, 28]
    blue = [10, 10, 14, 14, 19, 19, 25, 25]
    peak = 30

    def point(index: int, value: float) -> Point:
        return (
            plot.left + plot.width * index / (len(red) - 1),
            plot.bottom - plot.height * value / peak,
        )

    edge = palette.panel_edge
    pygame.draw.line(painter.surface, edge, plot.bottomleft, plot.bottomright, 2)
    pygame.draw.line(painter.surface, edge, plot.bottomleft, plot.topleft, 2)
    painter.text(
        "weapons", (plot.left, plot.top - theme.px(6)), Type.SMALL, palette.dim, anchor="bottomleft"
    )
    painter.text(
        "turns", (plot.right, plot.bottom + theme.px(6)), Type.SMALL, palette.dim, anchor="topright"
    )
    for values, nation in ((blue, BLUE), (red, RED)):
        points = [point(i, v) for i, v in enumerate(values)]
        pygame.draw.lines(painter.surface, nation.color, False, points, max(2, theme.px(4)))
        for p in points:
            painter.emblem(nation.emblem, p, theme.px(8), nation.color)
    painter.text(
        "Each build-up answers the other\u2019s.",
        (box.centerx, box.bottom - theme.px(40)),
        Type.BODY,
        palette.focus,
        bold=True,
        anchor="center",
    )
    painter.text(
        "Both end up less safe than when they started.",
        (box.centerx, box.bottom - theme.px(10)),
        Type.SMALL,
        palette.dim,
        anchor="center",
    )


def _spiral_or_deterrence(painter: Painter, box: pygame.Rect) -> None:
    """The same move, two meanings: which one depends on the other side's hidden goal."""
    theme = painter.theme
    palette = theme.palette
    move = _part(box, 0.2, 0.0, 0.6, 0.14)
    _card(painter, move, palette.focus)
    _labelled_emblem(painter, RED, move.center, Type.BODY, "Redland arms", centered=True)
    question = _part(box, 0.2, 0.25, 0.6, 0.12)
    _card(painter, question)
    _labelled_emblem(
        painter, BLUE, question.center, Type.SMALL, "Blueland\u2019s hidden goal?", True
    )
    _arrow(painter, move.midbottom, (question.centerx, question.top - theme.px(2)), palette.focus)
    outcomes = [
        (
            _part(box, 0.0, 0.48, 0.47, 0.52),
            "If it only wants safety",
            "Spiral",
            "A race nobody wanted.",
            palette.warning,
            True,
        ),
        (
            _part(box, 0.53, 0.48, 0.47, 0.52),
            "If it wants to expand",
            "Deterrence",
            "Standing firm is right.",
            palette.good,
            False,
        ),
    ]
    pad = theme.px(12)
    for card, goal, verdict, meaning, color, harmless in outcomes:
        _arrow(painter, question.midbottom, (card.centerx, card.top - theme.px(2)), color)
        _card(painter, card, color)
        x = card.left + pad
        painter.text(goal, (x, card.top + pad), Type.SMALL, palette.dim)
        painter.text(verdict, (x, card.top + theme.px(38)), Type.LABEL, color, bold=True)
        painter.text(meaning, (x, card.top + theme.px(78)), Type.SMALL)
        y = card.top + theme.px(124)
        for condition, holds in zip(TANG, (True, harmless, True), strict=True):
            _check(painter, (x + theme.px(8), y), holds)
            painter.text(condition, (x + theme.px(24), y), Type.SMALL, anchor="midleft")
            y += theme.px(26)


def _check(painter: Painter, center: Point, holds: bool) -> None:
    """A drawn tick (the condition holds) or cross (it does not): a shape, not only a colour."""
    theme = painter.theme
    x, y = center
    r = theme.px(7)
    width = max(2, theme.px(3))
    if holds:
        points = [(x - r, y), (x - r * 0.3, y + r * 0.7), (x + r, y - r * 0.8)]
        pygame.draw.lines(painter.surface, theme.palette.good, False, points, width)
    else:
        color = theme.palette.tension
        pygame.draw.line(painter.surface, color, (x - r, y - r), (x + r, y + r), width)
        pygame.draw.line(painter.surface, color, (x - r, y + r), (x + r, y - r), width)


def _four_worlds(painter: Painter, box: pygame.Rect) -> None:
    """Jervis's 2×2: offense or defense advantage, weapons told apart or not."""
    theme = painter.theme
    palette = theme.palette
    label_width = theme.px(124)
    header = theme.px(44)
    gap = theme.px(10)
    width = (box.width - label_width - gap) // 2
    height = (box.height - header - gap) // 2
    columns = ("Attack is easier", "Defence is easier")
    for index, label in enumerate(columns):
        x = box.left + label_width + index * (width + gap) + width // 2
        painter.text(label, (x, box.top + header // 2), Type.SMALL, bold=True, anchor="center")
    rows = (("Weapons", "look alike"), ("Weapons", "look different"))
    for index, lines in enumerate(rows):
        middle = box.top + header + index * (height + gap) + height // 2
        for offset, line in zip((-1, 1), lines, strict=True):
            y = middle + offset * theme.px(13)
            painter.text(line, (box.left, y), Type.SMALL, bold=True, anchor="midleft")
    worlds = [
        ("Doubly dangerous", "Arming looks like attack, and attack pays.", palette.tension),
        ("A dilemma, but both can be safe", "Strong defences threaten nobody.", palette.warning),
        ("Warning given", "Attack weapons show, so a threat is seen in time.", palette.warning),
        ("Doubly stable", "Little to fear and little to hide.", palette.good),
    ]
    pad = theme.px(12)
    for index, (name, meaning, color) in enumerate(worlds):
        column, row = index % 2, index // 2
        cell = pygame.Rect(
            box.left + label_width + column * (width + gap),
            box.top + header + row * (height + gap),
            width,
            height,
        )
        _card(painter, cell, color)
        inner = cell.inflate(-2 * pad, -2 * pad)
        used = painter.paragraph(name, inner, Type.BODY, color)
        painter.paragraph(
            meaning, pygame.Rect(inner.left, inner.top + used, inner.width, 0), Type.SMALL
        )


def belief_after(prior: float, seeker_rate: float, expansionist_rate: float) -> float:
    """Bayes' rule: P(expansionist) after a signal each type sends at the given rate."""
    odds = prior / (1 - prior) * expansionist_rate / seeker_rate
    return odds / (1 + odds)


def _signals(painter: Painter, box: pygame.Rect) -> None:
    """How far one cheap and one costly signal move a careful observer's belief."""
    theme = painter.theme
    palette = theme.palette
    behaviour = Behaviour()
    prior = 0.5
    rows = [
        ("Before any signal", prior, "what Blueland fears at first"),
        (
            "After \u201cwe mean no harm\u201d",
            belief_after(prior, *behaviour.sent(Signal.REASSURE)),
            "no change: anyone can say it",
        ),
        (
            "After an invitation to inspect",
            belief_after(prior, *behaviour.sent(Signal.INVITE_INSPECTION)),
            "a big drop: an aggressor would rarely pay that price",
        ),
    ]
    _labelled_emblem(
        painter, BLUE, (box.left, box.top + theme.px(12)), Type.SMALL, "Blueland asks:"
    )
    question = pygame.Rect(box.left, box.top + theme.px(34), box.width, 0)
    top = question.top + painter.paragraph(
        "How likely is it that Redland wants to expand?", question, Type.BODY
    )
    note = box.bottom - theme.px(24)
    step = (note - top) // len(rows)
    for index, (label, share, meaning) in enumerate(rows):
        row = pygame.Rect(box.left, top + index * step + theme.px(4), box.width, step)
        _meter_row(painter, row, label, share, RED.color, prior if index else None)
        painter.text(meaning, (row.left, row.top + theme.px(56)), Type.SMALL, palette.dim)
    painter.text(
        "A careful observer, using Bayes\u2019 rule and this game\u2019s model",
        (box.left, box.bottom),
        Type.SMALL,
        palette.dim,
        anchor="bottomleft",
    )


def _careful_observer(painter: Painter, box: pygame.Rect) -> None:
    """Bayes' rule, turn by turn: the belief after an unprovoked build, then a costly signal.

    The numbers come from the game's own behaviour model, as on the decision screen.
    """
    theme = painter.theme
    palette = theme.palette
    behaviour = Behaviour()
    armed = belief_after(UNINFORMED_PRIOR, behaviour.seeker_arm, behaviour.expansionist_arm)
    inspected = belief_after(armed, *behaviour.sent(Signal.INVITE_INSPECTION))
    rows = [
        ("At the start", UNINFORMED_PRIOR, "the odds the level gives"),
        ("They armed while you held back", armed, "a seeker rarely arms unprovoked"),
        ("Then they invited your inspectors", inspected, "an aggressor rarely pays that"),
    ]
    _labelled_emblem(painter, RED, (box.left, box.top + theme.px(12)), Type.BODY, "Redland asks:")
    question = pygame.Rect(box.left, box.top + theme.px(36), box.width, 0)
    top = question.top + painter.paragraph(
        "Does Blueland secretly aim to expand?", question, Type.BODY
    )
    note = box.bottom - theme.px(28)
    step = (note - top) // len(rows)
    for index, (label, share, meaning) in enumerate(rows):
        row = pygame.Rect(box.left, top + index * step + theme.px(4), box.width, step)
        _meter_row(painter, row, label, share, BLUE.color)
        painter.text(meaning, (row.left, row.top + theme.px(56)), Type.SMALL, palette.dim)
    painter.text(
        "Each step: Bayes\u2019 rule on what was seen",
        (box.left, box.bottom),
        Type.SMALL,
        palette.dim,
        anchor="bottomleft",
    )


def _key(painter: Painter, position: Point, label: str = "", arrow: str = "") -> int:
    """A keycap at ``position`` (left, centre y) showing ``label`` or an arrow; its right edge."""
    theme = painter.theme
    palette = theme.palette
    font = theme.font(Type.SMALL, True)
    width = max(theme.px(42), font.size(label)[0] + theme.px(22))
    cap = pygame.Rect(0, 0, width, theme.px(40))
    cap.midleft = (round(position[0]), round(position[1]))
    radius = theme.px(6)
    pygame.draw.rect(painter.surface, palette.track, cap.move(0, theme.px(3)), border_radius=radius)
    pygame.draw.rect(painter.surface, palette.panel_edge, cap, border_radius=radius)
    if label:
        painter.text(label, cap.center, Type.SMALL, bold=True, anchor="center")
    else:
        x, y = cap.center
        r = theme.px(9)
        shapes: dict[str, list[tuple[float, float]]] = {
            "left": [(x - r, y), (x + r * 0.7, y - r), (x + r * 0.7, y + r)],
            "right": [(x + r, y), (x - r * 0.7, y - r), (x - r * 0.7, y + r)],
            "up": [(x, y - r), (x - r, y + r * 0.7), (x + r, y + r * 0.7)],
            "down": [(x, y + r), (x - r, y - r * 0.7), (x + r, y - r * 0.7)],
        }
        pygame.draw.polygon(painter.surface, palette.text, shapes[arrow])
    return cap.right


def _keys(painter: Painter, box: pygame.Rect) -> None:
    """The keyboard map, and the hot-seat curtain."""
    theme = painter.theme
    palette = theme.palette
    rows: list[tuple[list[tuple[str, str]], str]] = [
        ([("Tab", ""), ("", "down")], "next button"),
        ([("Shift+Tab", ""), ("", "up")], "previous button"),
        ([("", "left"), ("", "right")], "change a choice"),
        ([("Enter", ""), ("Space", "")], "press"),
        ([("Esc", "")], "pause in a match, back in menus"),
    ]
    step = theme.px(54)
    y = box.top + theme.px(22)
    for caps, meaning in rows:
        x = box.left
        for label, arrow in caps:
            x = _key(painter, (x, y), label, arrow) + theme.px(10)
        painter.text(meaning, (box.left + theme.px(220), y), Type.BODY, anchor="midleft")
        y += step
    curtain = pygame.Rect(box.left, y, box.width, box.bottom - y)
    _card(painter, curtain, BLUE.color)
    painter.text(
        "Hot-seat: between players",
        (curtain.centerx, curtain.top + theme.px(20)),
        Type.SMALL,
        palette.dim,
        anchor="center",
    )
    middle = curtain.top + theme.px(22) + (curtain.height - theme.px(22)) // 2
    _labelled_emblem(
        painter,
        BLUE,
        (curtain.centerx, middle - theme.px(16)),
        Type.LABEL,
        "Pass to Blueland",
        True,
    )
    painter.text(
        "Redland, look away \u2014 press Space",
        (curtain.centerx, middle + theme.px(24)),
        Type.SMALL,
        palette.focus,
        anchor="center",
    )


def _chip(painter: Painter, position: Point, label: str, color: Color) -> pygame.Rect:
    """A small outlined label at ``position`` (left, centre y)."""
    theme = painter.theme
    width = theme.font(Type.SMALL, True).size(label)[0] + theme.px(20)
    chip = pygame.Rect(0, 0, width, theme.px(34))
    chip.midleft = (round(position[0]), round(position[1]))
    _card(painter, chip, color)
    painter.text(label, chip.center, Type.SMALL, bold=True, anchor="center")
    return chip


def _scoring(painter: Painter, box: pygame.Rect) -> None:
    """The score's parts, the possible outcomes, and the felt-versus-real gap of the debrief."""
    theme = painter.theme
    palette = theme.palette
    painter.text("Each turn", box.topleft, Type.SMALL, palette.dim)
    y = box.top + theme.px(46)
    chip = _chip(painter, (box.left, y), "real security", palette.good)
    painter.text("\u2013", (chip.right + theme.px(16), y), Type.LABEL, bold=True, anchor="center")
    _chip(painter, (chip.right + theme.px(32), y), "cost", palette.tension)
    y = box.top + round(box.height * 0.24)
    painter.text("At the end, one outcome", (box.left, y), Type.SMALL, palette.dim)
    outcomes = [
        (Outcome.STABLE_PEACE, palette.good),
        (Outcome.ARMS_CONTROL, palette.good),
        (Outcome.ARMED_PEACE, palette.warning),
        (Outcome.SPIRAL_TO_WAR, palette.tension),
        (Outcome.AGGRESSION_WON, palette.tension),
        (Outcome.AGGRESSION_LOST, palette.tension),
    ]
    x, y = box.left, y + theme.px(46)
    font = theme.font(Type.SMALL, True)
    for outcome, color in outcomes:
        label = words.OUTCOME[outcome]
        if x + font.size(label)[0] + theme.px(20) > box.right:
            x, y = box.left, y + theme.px(44)
        x = _chip(painter, (x, y), label, color).right + theme.px(10)
    y = box.top + round(box.height * 0.57)
    painter.text("The debrief reveals the truth", (box.left, y), Type.SMALL, palette.dim)
    felt = pygame.Rect(box.left, y + theme.px(32), box.width, theme.px(60))
    _meter_row(painter, felt, "Security you felt (from your spies)", 0.38, palette.warning)
    real = felt.move(0, theme.px(64))
    _meter_row(painter, real, "Real security (true arsenals)", 0.71, palette.good)
    painter.text(
        "The gap is fear: the spies saw more weapons than there were.",
        (box.left, box.bottom),
        Type.SMALL,
        palette.dim,
        anchor="bottomleft",
    )


PAGES: tuple[Page, ...] = (
    Page(
        "A turn, step by step",
        "You lead one of two neighbouring nations. Every turn both leaders decide at the same "
        "moment, in secret: arm, hold or disarm, and by how much. In some levels you also pick "
        "which kind of weapon. You may add a signal too: a reassurance, a warning or an offer."
        "\n\n"
        "You never see the other side directly. Your spies send an estimate, drawn as a range, "
        "and it can be wrong."
        "\n\n"
        "Then the rules score each side for security and cost, and raise or lower the tension. "
        "Too much tension can start a war.",
        _turn_loop,
    ),
    Page(
        "When safety makes you less safe",
        "No world police protects the two nations, so each must look after itself."
        "\n\n"
        "Redland builds weapons to feel safe. Blueland sees a threat and builds as well. "
        "Redland sees that and adds more."
        "\n\n"
        "Neither side wanted a fight, yet every step made the other feel less secure. This "
        "is the security dilemma: two nations that only want safety can be pulled into an "
        "arms race, and even into a war nobody chose.",
        _spiral,
    ),
    Page(
        "Spiral or deterrence?",
        "Shiping Tang calls it a true security dilemma only when all three hold:"
        "\n\n"
        "\u2022 Anarchy: nobody above the nations keeps them safe."
        "\n\n"
        "\u2022 Neither side means the other any harm."
        "\n\n"
        "\u2022 Power piles up, as each side arms in answer to the other."
        "\n\n"
        "But intentions are hidden. Arming against a nation that secretly wants to expand is "
        "deterrence, and it is right. The same arming against a peaceful nation starts a "
        "spiral. Only the debrief tells you which it was.",
        _spiral_or_deterrence,
    ),
    Page(
        "Four worlds",
        "Robert Jervis asked two questions about weapons."
        "\n\n"
        "Is attacking easier than defending? If defence is easier, arming to feel safe "
        "threatens the neighbour less."
        "\n\n"
        "Can you tell attack weapons from defence weapons? If you can, spies report what was "
        "built: a build-up of attack weapons is a clear warning, and a defensive build-up "
        "scares no one. If you cannot, every build looks like a threat."
        "\n\n"
        "Each level sets both switches. Together they make four worlds.",
        _four_worlds,
    ),
    Page(
        "Words are cheap",
        "Saying \u201cwe mean no harm\u201d costs nothing, so a nation that secretly wants "
        "to expand can say it just as easily. A careful listener learns almost nothing."
        "\n\n"
        "A costly signal is different: inviting the other side\u2019s inspectors in, or "
        "destroying weapons in public where they can check. A nation planning an attack "
        "would rarely pay that price, so such a signal really changes minds.",
        _signals,
    ),
    Page(
        "Keys",
        "Everything works with the keyboard alone. The amber ring shows which button is "
        "in focus. The mouse works too."
        "\n\n"
        "Two players on one computer? Before every secret screen a curtain names who takes "
        "over. The other player looks away, and nothing private appears until Space is "
        "pressed.",
        _keys,
    ),
    Page(
        "Scoring and the truth",
        "There is no simple win. Each turn you earn points for real security: how well your "
        "defence would stop the other side\u2019s true strength, and how hard you could still "
        "strike back if you were hit first. You lose points for what you spend."
        "\n\n"
        "At the end, peace earns peaceful nations a bonus. A war harms both sides, and only a "
        "secretly expansionist leader gains by winning one; it also scores for gaining an edge."
        "\n\n"
        "The debrief then reveals both hidden goals and the real arsenals beside what each "
        "side believed.",
        _scoring,
    ),
    Page(
        "Words the game uses",
        "Careful observer: an imaginary analyst who never panics. It starts from the odds "
        "that the other side wants to expand, and after every turn updates them with Bayes\u2019 "
        "rule: is what you saw and heard likelier from an expansionist or from a nation that "
        "only wants to be safe? It knows how often spies misread. Press B when you decide."
        "\n\n"
        "Range: your spies\u2019 count, low to high; one number when nothing is hidden."
        "\n\n"
        "Crisis line: past it, war can break out. Income: money your economy adds each turn.",
        _careful_observer,
    ),
)
"""The guide, in reading order."""
