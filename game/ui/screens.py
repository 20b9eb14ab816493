"""The screens of a match: briefing, hand-off curtain, turn report, decision, debrief.

A private screen (report, decision) is built from one side's observation and the level's
public look only; it never reads the match. The debrief shows the truth to everyone.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

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
from game.ui.layout import continues, design_rect, moves_on, prompt
from game.ui.painter import Painter
from game.ui.widgets import Button, Choice, Focus

if TYPE_CHECKING:
    from game.ui.flow import MatchFlow


def seen_words(view: Observation, posture: Posture) -> str:
    """What this side saw the other do last turn, with the kind where it could be seen."""
    intel = view.intel
    kind = None if intel.seen_kind is None else view.scenario.weapon_names[intel.seen_kind]
    return words.seen_words(posture, kind, intel.seen_threat)


class Briefing:
    """The level's story, what to learn, and who plays whom."""

    def __init__(self, flow: MatchFlow, done: Callable[[], None]) -> None:
        self.flow = flow
        self.done = done

    def handle(self, event: pygame.event.Event) -> None:
        """Enter, Space or a click starts the game."""
        if self.flow.intercept(event, self):
            return
        if moves_on(event):
            self.done()

    def draw(self, painter: Painter) -> None:
        """Title, briefing text, learning goals, the two nations."""
        painter.fill()
        palette = painter.theme.palette
        meta = self.flow.level.model.level
        painter.text(meta.title, design_rect(painter, 60, 40).topleft, 40, bold=True)
        painter.text(meta.summary, design_rect(painter, 60, 100).topleft, 20, palette.dim)
        passages = briefing(self.flow.level.model, self.flow.controllers)
        text = "\n\n".join(
            f"{passage.heading}: {passage.text}" if passage.heading else passage.text
            for passage in passages
        )
        painter.paragraph(text, design_rect(painter, 60, 150, 720, 420), 20)
        goals = design_rect(painter, 840, 150, 380, 420)
        painter.panel(goals.inflate(painter.theme.px(24), painter.theme.px(24)))
        painter.text("You will learn", goals.topleft, 22, palette.focus, bold=True)
        y = goals.top + painter.theme.px(40)
        for goal in meta.learning_goals:
            box = pygame.Rect(goals.left, y, goals.width, 0)
            y += painter.paragraph(f"\u2022 {goal}", box, 18)
        y += painter.theme.px(8)
        painter.text("The rules in short", (goals.left, y), 18, palette.focus, bold=True)
        y += painter.theme.px(30)
        box = pygame.Rect(goals.left, y, goals.width, max(0, goals.bottom - y))
        painter.paragraph(rules_in_short(self.flow.level.model), box, 16, palette.dim)
        for index, side in enumerate((Side.RED, Side.BLUE)):
            look = self.flow.looks[side]
            who = "you" if side in self.flow.humans else "computer"
            if self.flow.hot_seat:
                who = "player " + str(index + 1)
            x = design_rect(painter, 60 + index * 360, 620, 0, 0)
            painter.emblem(look.emblem, (x.left + 14, x.top + 14), painter.theme.px(14), look.color)
            painter.text(f"{look.name} ({who})", (x.left + 40, x.top), 24, look.color, bold=True)
        prompt(painter, "Press Enter to begin")


class Curtain:
    """The hand-off: nothing private is drawn until the right player presses Space."""

    def __init__(self, flow: MatchFlow, side: Side, done: Callable[[], None]) -> None:
        self.flow = flow
        self.side = side
        self.done = done

    def handle(self, event: pygame.event.Event) -> None:
        """Space (or Enter) when the right player sits at the keyboard."""
        if self.flow.intercept(event, self):
            return
        if continues(event):
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
            48,
            look.color,
            bold=True,
            anchor="center",
        )
        painter.text(
            f"{other.name}, look away",
            (center_x, painter.height * 0.56),
            30,
            palette.text,
            anchor="center",
        )
        painter.text(
            "Press Space when ready",
            (center_x, painter.height * 0.68),
            24,
            palette.focus,
            anchor="center",
        )


class Report:
    """What this side saw happen last turn: its own view only."""

    def __init__(
        self, flow: MatchFlow, side: Side, observation: Observation, done: Callable[[], None]
    ) -> None:
        self.flow = flow
        self.side = side
        self.view = observation
        self.done = done

    def handle(self, event: pygame.event.Event) -> None:
        """Enter, Space or a click moves on to the decision."""
        if self.flow.intercept(event, self):
            return
        if moves_on(event):
            self.done()

    def lines(self) -> list[str]:
        """The report, sentence by sentence, from this side's observation."""
        view = self.view
        last = view.history[-1]
        other = self.flow.looks[self.side.other].name
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
        lines.append(
            f"Your analysts now count {words.number(intel.low)} to {words.number(intel.high)} "
            f"{other} weapons (best guess {words.number(intel.total)})."
        )
        if intel.inspected:
            lines.append(f"Your inspectors visited {other}: this count is close to exact.")
        if intel.verified_cut is not None:
            lines.append(f"You watched {other} destroy {words.number(intel.verified_cut)} weapons.")
        before = view.history[-2].tension if len(view.history) > 1 else view.scenario.start_tension
        change = f" ({view.tension - before:+.2f})"
        lines.append(f"Tension is now {view.tension:.2f}{change}.")
        if view.crisis:
            lines.append("This is a crisis: a war could break out.")
        if view.treaty_active:
            lines.append("A treaty freezes both arsenals.")
        lines += [f"News: {line}" for line in view.news]
        return lines

    def draw(self, painter: Painter) -> None:
        """A card of sentences and a prompt."""
        painter.fill()
        look = self.flow.looks[self.side]
        painter.emblem(
            look.emblem, design_rect(painter, 80, 62).topleft, painter.theme.px(16), look.color
        )
        painter.text(
            f"{look.name}: what you saw in turn {self.view.turn}",
            design_rect(painter, 110, 45).topleft,
            32,
            look.color,
            bold=True,
        )
        card = design_rect(painter, 60, 110, 1160, 520)
        painter.card(card)
        y = card.top + painter.theme.px(20)
        for line in self.lines():
            box = pygame.Rect(
                card.left + painter.theme.px(24), y, card.width - painter.theme.px(48), card.height
            )
            y += painter.paragraph(line, box, 22)
        prompt(painter, "Press Enter to decide")


class Decision:
    """The secret orders of one side, with everything it knows, and what they would cost."""

    def __init__(self, flow: MatchFlow, side: Side, observation: Observation) -> None:
        self.flow = flow
        self.side = side
        self.view = observation
        self.problems: list[str] = []
        self.show_belief = False
        scenario = observation.scenario
        matrix = scenario.mode is Mode.MATRIX
        labels = words.MATRIX_POSTURE if matrix else words.POSTURE
        postures = [
            p for p in (Posture.DISARM, Posture.HOLD, Posture.ARM) if p in scenario.postures
        ]
        self.posture = Choice("Posture", [(labels[p], p) for p in postures])
        self.posture.select(Posture.HOLD if Posture.HOLD in postures else postures[0])
        steps = _amount_steps(scenario.default_amount, scenario.max_change)
        self.amount = Choice("Amount", [(words.number(a), a) for a in steps])
        self.amount.select(scenario.default_amount)
        self.kind = Choice(
            "Weapon", list(zip(scenario.weapon_names, range(scenario.kinds), strict=True))
        )
        signals = [s for s in Signal if s in scenario.signals]
        self.signal = Choice("Signal", [(words.SIGNAL[s], s) for s in signals])
        self.strike = Choice("Strike", [("No strike", False), ("STRIKE FIRST", True)])
        self.confirm = Button("Confirm secret orders", self.submit)
        widgets: list[Button | Choice] = [self.posture]
        if not matrix:
            widgets.append(self.amount)
        if scenario.kinds > 1:
            widgets.append(self.kind)
        if len(signals) > 1:
            widgets.append(self.signal)
        if scenario.strike_allowed:
            widgets.append(self.strike)
        widgets.append(self.confirm)
        self.focus = Focus(widgets)

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
        """Hand the orders to the match; problems stay on screen."""
        self.problems = self.flow.submit(self.side, self.orders())

    def handle(self, event: pygame.event.Event) -> None:
        """Keys move between and change the choices; B shows the belief meter."""
        if self.flow.intercept(event, self):
            return
        if event.type == pygame.KEYDOWN and event.key == pygame.K_b:
            self.show_belief = not self.show_belief
            return
        self.focus.handle(event)

    def draw(self, painter: Painter) -> None:
        """Own nation, intelligence, tension, chart, orders."""
        painter.fill()
        theme = painter.theme
        palette = theme.palette
        view = self.view
        look = self.flow.looks[self.side]
        other = self.flow.looks[self.side.other]
        scenario = view.scenario

        painter.emblem(look.emblem, design_rect(painter, 46, 42).topleft, theme.px(16), look.color)
        painter.text(
            f"{look.name}", design_rect(painter, 72, 22).topleft, 32, look.color, bold=True
        )
        painter.text(
            f"Turn {view.turn + 1} of {view.turns}",
            design_rect(painter, 72, 62).topleft,
            18,
            palette.dim,
        )
        tension = design_rect(painter, 860, 40, 380, 18)
        painter.text(
            f"Tension {view.tension:.2f}" + ("  CRISIS" if view.crisis else ""),
            (tension.left, tension.top - theme.px(26)),
            18,
            palette.tension,
            bold=True,
        )
        painter.meter(tension, view.tension, palette.tension, marker=view.rules.crisis_threshold)

        own = design_rect(painter, 30, 100, 400, 270)
        painter.card(own)
        pad = theme.px(16)
        x, y = own.left + pad, own.top + pad
        painter.text("Your nation", (x, y), 22, palette.focus, bold=True)
        y += theme.px(36)
        for name, count in zip(scenario.weapon_names, view.arsenal, strict=True):
            painter.text(f"{name}: {words.number(count)}", (x, y), 22)
            y += theme.px(30)
        painter.text(f"Treasury: {words.number(view.treasury)}", (x, y), 22)
        y += theme.px(30)
        painter.text(f"Government: {words.TYPE[view.own_type]}", (x, y), 18, palette.dim)
        y += theme.px(34)
        painter.text(f"Felt security {view.felt_security:.0%}", (x, y), 18)
        painter.meter(
            pygame.Rect(x, y + theme.px(26), own.width - 2 * pad, theme.px(12)),
            view.felt_security,
            palette.good,
        )

        intel = design_rect(painter, 450, 100, 390, 270)
        painter.card(intel)
        x, y = intel.left + pad, intel.top + pad
        report = view.intel
        painter.text(f"Intelligence on {other.name}", (x, y), 22, palette.focus, bold=True)
        y += theme.px(36)
        painter.text(
            f"{words.number(report.low)} to {words.number(report.high)} weapons "
            f"(best guess {words.number(report.total)})",
            (x, y),
            20,
        )
        y += theme.px(30)
        top = max(report.high, view.total_arsenal, 1.0) * 1.1
        painter.estimate_bar(
            pygame.Rect(x, y, intel.width - 2 * pad, theme.px(14)),
            report.low,
            report.total,
            report.high,
            top,
            other.color,
        )
        y += theme.px(28)
        if report.by_kind:
            kinds = ", ".join(
                f"{n} ~{words.number(v)}"
                for n, v in zip(scenario.weapon_names, report.by_kind, strict=True)
            )
            painter.text(kinds, (x, y), 16, palette.dim)
            y += theme.px(24)
        seen = (
            "Nothing seen yet"
            if report.seen_posture is None
            else f"Last turn they seemed to have {seen_words(view, report.seen_posture)}"
        )
        painter.text(seen, (x, y), 18)
        y += theme.px(26)
        painter.text(f"You heard: {words.HEARD[report.seen_signal]}", (x, y), 18)
        y += theme.px(26)
        if self.show_belief:
            belief = belief_from(view)
            painter.text(
                f"Careful observer: {belief:.0%} likely expansionist",
                (x, y),
                16,
                palette.dim,
            )
            painter.meter(
                pygame.Rect(x, y + theme.px(22), intel.width - 2 * pad, theme.px(10)),
                belief,
                palette.warning,
            )
        else:
            painter.text("Press B for a careful observer's belief", (x, y), 16, palette.dim)

        chart = design_rect(painter, 30, 390, 810, 300)
        painter.bounds = chart.inflate(-2 * pad, 0)
        own_line, their_line, low, high = _chart_series(view)
        if own_line:
            charts.chart(
                painter,
                chart,
                [
                    (own_line, look.color, look.emblem, 0),
                    (their_line, other.color, other.emblem, 1),
                ],
                bands=[(low, high, other.color, 1)],
                turns=view.turns,
            )
            painter.text(
                f"You ({look.emblem}) and {other.name} as you see it ({other.emblem}; shaded:"
                " the likely range)",
                (chart.left + pad, chart.top + theme.px(6)),
                16,
                palette.dim,
            )
        else:
            painter.panel(chart)
            painter.text(
                "The chart of both arsenals fills in as turns pass.",
                chart.center,
                18,
                palette.dim,
                anchor="center",
            )

        orders = design_rect(painter, 860, 100, 380, 590)
        painter.card(orders)
        x = orders.left + pad
        painter.text("Your secret orders", (x, orders.top + pad), 22, palette.focus, bold=True)
        y = orders.top + theme.px(56)
        for widget in self.focus.widgets:
            widget.rect = pygame.Rect(x, y, orders.width - 2 * pad, theme.px(48))
            y += theme.px(58)
        self.focus.draw(painter)
        preview = preview_orders(view, self.orders())
        y += theme.px(6)
        painter.text(
            f"Spend {words.number(preview.spending)} this turn "
            f"(treasury after: {words.number(preview.treasury_after)})",
            (x, y),
            16,
            palette.dim,
        )
        for problem in self.problems:
            y += theme.px(22)
            painter.text(problem, (x, y), 16, palette.warning)
        painter.text(
            "Tab or Up/Down: move   Left/Right: change   Enter: press",
            (orders.centerx, orders.bottom - pad),
            14,
            palette.dim,
            anchor="midbottom",
        )


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

    def __init__(self, flow: MatchFlow) -> None:
        self.flow = flow
        match = flow.match
        self.result = game_results(match.state, [match.seed])[0]
        self.focus = Focus(
            [
                Button("Watch the replay", lambda: flow.watch_replay(self)),
                Button("Play again", flow.restart),
                Button(flow.leave_label, flow.on_leave),
            ]
        )

    def handle(self, event: pygame.event.Event) -> None:
        """Buttons: watch the replay, play again, or leave."""
        if self.flow.intercept(event, self):
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
        painter.text(
            words.OUTCOME[self.result.outcome],
            design_rect(painter, 40, 20).topleft,
            40,
            palette.focus,
            bold=True,
        )
        painter.paragraph(self.verdict(), design_rect(painter, 40, 80, 800, 60), 20)
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
        charts.chart(painter, chart, series, turns=state.scenario.turns)
        pad = theme.px(14)
        painter.text(
            "True arsenals (shapes) and as the other side saw them (diamonds)",
            (chart.left + pad, chart.top + theme.px(6)),
            16,
            palette.dim,
        )

        scores = design_rect(painter, 840, 20, 400, 460)
        painter.card(scores, pad=14)
        x, y = scores.left + pad, scores.top + pad
        for side in (Side.RED, Side.BLUE):
            look = looks[side]
            kind = NationType(int(state.types[0, int(side)]))
            painter.emblem(
                look.emblem, (x + theme.px(10), y + theme.px(14)), theme.px(10), look.color
            )
            painter.text(
                f"{look.name} {words.TYPE[kind]}", (x + theme.px(28), y), 20, look.color, bold=True
            )
            y += theme.px(30)
            parts = score_breakdown(state, 0, int(side))
            if state.scenario.mode is Mode.MATRIX:
                painter.text(f"Score {parts.total:.1f}", (x, y), 18)
                y += theme.px(26)
            else:
                rows = [("security", parts.security), ("cost", parts.cost)]
                if kind is NationType.EXPANSIONIST:
                    rows.append(("advantage", parts.advantage))
                rows.append(("war or peace", parts.end))
                for label, value in rows:
                    shown = 0.0 if abs(value) < 0.05 else value
                    painter.text(f"{label}: {shown:+.1f}", (x, y), 16, palette.dim)
                    y += theme.px(22)
                painter.text(f"Score {parts.total:.1f}", (x, y), 20, bold=True)
                y += theme.px(30)
            fear = state.scenario.params_at(0).fear[int(side)]
            if fear > 0:
                painter.text(f"Its analysts were fearful (+{fear:.0%})", (x, y), 16, palette.dim)
                y += theme.px(24)
            y += theme.px(10)

        questions = design_rect(painter, 40, 500, 1200, 150)
        painter.bounds = None
        painter.text("For discussion", questions.topleft, 20, palette.focus, bold=True)
        y = questions.top + theme.px(30)
        for question in self.flow.level.model.level.questions_for(self.result.outcome.key)[:3]:
            box = pygame.Rect(questions.left, y, questions.width, questions.height)
            y += painter.paragraph(f"\u2022 {question}", box, 17)
        for index, widget in enumerate(self.focus.widgets):
            widget.rect = design_rect(painter, 640 + index * 205, 650, 190, 50)
        self.focus.draw(painter)
        saved = design_rect(painter, 40, 668, 580, 30)
        if self.flow.save_problem:
            painter.text(self.flow.save_problem, saved.topleft, 15, palette.warning)
        elif self.flow.replay_path is not None:
            where = painter.clip(f"Replay saved: {self.flow.replay_path}", 15, saved.width, "ends")
            painter.text(where, saved.topleft, 15, palette.dim)
