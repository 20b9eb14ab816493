"""Spiral analysis of a replay: the moments a class should look at, and Tang's verdict.

A replay holds both private views beside the truth. This module reads them back and
picks out the *episodes* a teacher wants to point at: both sides arming in answer to each
other, a side's spies getting the other wrong (answered by arming or not), a reassurance
heard as a threat, an order carried out by accident, treaties made and broken, costly
signals that moved the other side's belief, and crises. Each episode comes with one plain
sentence that names the nations, so the replay viewer and the printed story
(``game.replay.story``) say the same.

Episodes teach rather than flood: consecutive armings are one run, the armings inside a
run that only followed an over-estimate are counted in the run's sentence, and a side's
consecutive over-estimates answered by arming are one episode. A report of an arming that
never happened is always an episode of its own, whether or not it was answered.

Every detector reads only the replay (its turn records and the views re-played from its
seed); nothing is random, so the same replay always gives the same analysis.
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from game.ai.beliefs import belief_path
from game.levels.compile import nation_look
from game.replay.format import Replay
from game.replay.record import SIDES, TurnRecord
from game.rules.engine import TREATY_SLACK
from game.rules.model import Mode, Outcome, Posture, Side, Signal
from game.rules.scoring import SPIRAL_RUN
from game.rules.tang import explain
from game.rules.vocabulary import SAID, SEEN

EPISODE_KINDS = (
    "mutual_arming",
    "perception_error",
    "misread_signal",
    "execution_accident",
    "treaty_made",
    "treaty_broken",
    "costly_signal",
    "crisis",
)

RANGE_WIDTH = 2.0
"""Screens show an estimate as ± this many times its uncertainty."""
MIN_OVERESTIMATE = 0.5
"""Units: an over-estimate smaller than this is not worth a teacher's time."""
NOTABLE_DROP = 0.05
"""How far (in probability) a costly signal must lower the other's belief to count."""

_COSTLY = (Signal.INVITE_INSPECTION, Signal.UNILATERAL_CUT)


@dataclass(frozen=True)
class Episode:
    """One moment of a game worth discussing, with a sentence a teacher can read aloud."""

    kind: str
    """One of :data:`EPISODE_KINDS`."""
    first_turn: int
    """1-based, inclusive."""
    last_turn: int
    """1-based, inclusive."""
    side: Side | None
    """The nation it is about, or ``None`` when it is about both."""
    sentence: str


@dataclass(frozen=True)
class Analysis:
    """What a class should take from one replay: its episodes, beliefs and Tang's verdict."""

    episodes: list[Episode]
    """Sorted by first turn."""
    verdict: str
    """Tang's verdict in plain words, with the reason."""
    security_dilemma: bool
    beliefs: dict[Side, list[float]]
    """Per turn, the belief a careful observer in each side's place would have held, when
    deciding, that the *other* side is expansionist (``game.ai.beliefs``)."""


@dataclass(frozen=True)
class _Game:
    """A replay prepared for the detectors: names, its turns, totals before each turn."""

    replay: Replay
    names: dict[Side, str]
    turns: list[TurnRecord]
    beliefs: dict[Side, list[float]]

    def before(self, turn: int) -> dict[Side, float]:
        """Each side's true total when turn ``turn`` (1-based) was decided."""
        if turn == 1:
            start = self.replay.level.scenario.start_arsenal
            return {side: float(start[int(side)].sum()) for side in SIDES}
        return self.turns[turn - 2].totals()

    def record(self, turn: int) -> TurnRecord:
        """The record of turn ``turn`` (1-based)."""
        return self.turns[turn - 1]


def analyse(replay: Replay) -> Analysis:
    """Find the episodes of a replay and judge it by Tang's three conditions.

    Fast enough to run whenever a replay is opened (a 200-turn game takes a few
    milliseconds): beliefs are accumulated turn by turn instead of recomputed per turn.
    """
    names = {side: nation_look(replay.level.model, side.key)[0] for side in SIDES}
    game = _Game(replay, names, replay.records, belief_paths(replay))
    runs = _arming_runs(game)
    found = _misperceptions(game)
    absorbed = [m for m in found if m.phantom is None and any(r.holds(m.first) for r in runs)]
    episodes = [
        *_arms_races(game, runs, absorbed),
        *_perception_errors(game, [m for m in found if m not in absorbed]),
        *_misread_signals(game),
        *_execution_accidents(game),
        *_treaty_changes(game),
        *_costly_signals(game),
        *_crises(game),
    ]
    episodes.sort(
        key=lambda e: (e.first_turn, EPISODE_KINDS.index(e.kind), -1 if e.side is None else e.side)
    )
    verdict, dilemma = _verdict(game)
    return Analysis(episodes, verdict, dilemma, game.beliefs)


# -- beliefs -----------------------------------------------------------------------------------


def belief_paths(replay: Replay) -> dict[Side, list[float]]:
    """Each side's belief that the other is expansionist at every decision of the replay.

    The same numbers as ``game.ai.beliefs.belief_from`` on each of ``replay.views``, from
    one pass over the last view's history.
    """
    if not replay.views:
        return {side: [] for side in SIDES}
    last = replay.views[-1]
    return {side: belief_path(last[side]) for side in SIDES}


# -- detectors ---------------------------------------------------------------------------------


def _when(first: int, last: int) -> str:
    """``Turn 4`` or ``Turns 4–6``: how a sentence starts."""
    return f"Turn {first}" if first == last else f"Turns {first}–{last}"


def units(value: float) -> str:
    """A number of weapon units as people say it (4, 4.5), for sentences and tables."""
    return f"{value:.0f}" if abs(value - round(value)) < 0.05 else f"{value:.1f}"


def _of_units(value: float) -> str:
    """``1 unit``, ``4 units``."""
    number = units(value)
    return f"{number} unit" if number == "1" else f"{number} units"


@dataclass(frozen=True)
class _Misperception:
    """What a side's intelligence got wrong before one of its decisions, and its answer."""

    side: Side
    decided: int | None
    """The 1-based turn decided after the report (None: the game ended first)."""
    phantom: tuple[int, Posture] | None
    """The turn reported as an arming that never happened, and what was really done."""
    estimate: tuple[float, float] | None
    """The over-estimate decided from, and the truth: (reported total, true total)."""
    fear: bool
    """The side's fear inflates its reports."""
    answered: bool
    """It ordered *arm* at ``decided``."""

    @property
    def first(self) -> int:
        """The first turn the episode is about: the misread turn, else the decision."""
        if self.phantom is not None:
            return self.phantom[0]
        assert self.decided is not None  # an over-estimate is measured at a decision
        return self.decided


def _misperceptions(game: _Game) -> list[_Misperception]:
    """Every report that got the other side wrong, each side, each decision.

    Wrong means either the spies reported the other armed on turn t − 1 when in truth it
    had not (a *phantom* arming), or the estimate decided from on turn t exceeded the
    other's true total by more than the reported range (:data:`RANGE_WIDTH` × uncertainty)
    and by at least :data:`MIN_OVERESTIMATE` units. Both need perception noise (arsenal
    noise, misreading, fear): with none, intelligence is exact and nothing is found. A
    phantom arming in the last turn's report has no decision after it.
    """
    found = []
    played = len(game.turns)
    for side in SIDES:
        other = side.other
        for number in range(1, played + 2):
            phantom = None
            if number > 1:
                seen = game.record(number - 1).side(side).seen.posture
                done = game.record(number - 1).side(other).executed.posture
                if seen is Posture.ARM and done is not Posture.ARM:
                    phantom = (number - 1, done)
            if number > played:
                if phantom is not None:
                    found.append(_Misperception(side, None, phantom, None, False, False))
                continue
            intel = game.replay.views[number - 1][side].intel
            truth = game.before(number)[other]
            estimate = None
            if intel.total - truth > max(RANGE_WIDTH * intel.uncertainty, MIN_OVERESTIMATE):
                estimate = (intel.total, truth)
            if phantom is None and estimate is None:
                continue
            fear = bool(game.replay.level.scenario.params_at(number - 1).fear[int(side)])
            answered = game.record(number).side(side).orders.posture is Posture.ARM
            if answered or phantom is not None:
                found.append(_Misperception(side, number, phantom, estimate, fear, answered))
    return found


@dataclass(frozen=True)
class _Run:
    """Consecutive turns in which the two sides armed in answer to each other."""

    first: int
    last: int
    armed: dict[Side, list[int]]
    """The turns of the run in which each side really made threatening builds."""

    def holds(self, turn: int) -> bool:
        """``turn`` is inside the run but not its first turn (whose arming started it)."""
        return self.first < turn <= self.last


def _arming_runs(game: _Game) -> list[_Run]:
    """Maximal runs of turns in which both sides' forces armed, each answering the other.

    Turns t − 1 and t belong to one run when a side really made threatening builds in each
    of them and both sides did so in the two turns together: one arms, the other answers
    the next turn (or at once), and so on. Ordered armings that were not carried out do
    not count, nor do visibly defensive builds.
    """
    armed = [{s for s in SIDES if t.side(s).executed.threatening} for t in game.turns]
    linked = [
        bool(armed[t - 1] and armed[t] and armed[t - 1] | armed[t] == set(SIDES))
        for t in range(1, len(armed))
    ]
    runs = []
    for first, last in _runs(linked):  # link t joins turns t and t + 1 (1-based)
        if last + 1 - first + 1 < SPIRAL_RUN:
            continue  # a single answer is told by the misperception that caused it
        turns = range(first, last + 2)
        runs.append(
            _Run(first, last + 1, {s: [t for t in turns if s in armed[t - 1]] for s in SIDES})
        )
    return runs


def _arms_races(game: _Game, runs: list[_Run], absorbed: list[_Misperception]) -> Iterator[Episode]:
    """One episode per run of arming in answer to each other.

    The sentence says how far each side's forces grew, whether the run holds an arms race
    as the scores count it (:data:`SPIRAL_RUN` turns in a row of both arming:
    ``scoring.spirals``), and before how many of each side's armings in it the spies had
    over-estimated the other (those armings are not listed one by one).
    """
    red, blue = game.names[Side.RED], game.names[Side.BLUE]
    for run in runs:
        length = run.last - run.first + 1
        start, end = game.before(run.first), game.record(run.last).totals()
        grew = {side: f"from {units(start[side])} to {units(end[side])}" for side in SIDES}
        grew[Side.RED] += " units"
        both = [all(t in run.armed[s] for s in SIDES) for t in range(run.first, run.last + 1)]
        together = [
            (run.first + first - 1, run.first + last - 1)
            for first, last in _runs(both)
            if last - first + 1 >= SPIRAL_RUN
        ]
        if all(both):
            sentence = (
                f"{red} and {blue} both armed on all {length} turns, each in answer to the "
                f"other ({red} {grew[Side.RED]}, {blue} {grew[Side.BLUE]})"
            )
        else:
            counts = {s: len(run.armed[s]) for s in SIDES}
            sentence = (
                f"{red} and {blue} armed in answer to each other, {red} on "
                f"{'all' if counts[Side.RED] == length else counts[Side.RED]} of the {length} "
                f"turns ({grew[Side.RED]}), {blue} on "
                f"{'all' if counts[Side.BLUE] == length else counts[Side.BLUE]} "
                f"({grew[Side.BLUE]})"
            )
        if together and not all(both):
            spans = ", ".join(_span(first, last) for first, last in together)
            sentence += f"; both at once on {spans}: an arms race"
        elif together:
            sentence += ": an arms race"
        sentence += _fed_by_overestimates(game, run, absorbed)
        yield Episode(
            "mutual_arming", run.first, run.last, None, f"{_when(run.first, run.last)}: {sentence}."
        )


def _fed_by_overestimates(game: _Game, run: _Run, absorbed: list[_Misperception]) -> str:
    """``. Over-estimates by their spies came before 10 of Britain's...``, or ``""``."""
    inside = {
        side: [m for m in absorbed if m.side is side and run.holds(m.first)] for side in SIDES
    }
    sides = [side for side in SIDES if inside[side]]
    if not sides:
        return ""
    counts = " and ".join(f"{len(inside[side])} of {game.names[side]}'s" for side in sides)
    whose = "its" if len(sides) == 1 else "their"
    fear = any(m.fear for side in sides for m in inside[side])
    return f". Over-estimates by {whose} spies came before {counts} armings" + (
        f" (fear inflates {whose} reports)" if fear else ""
    )


def _span(first: int, last: int) -> str:
    """``turn 4`` or ``turns 4–6`` inside a sentence."""
    return f"turn {first}" if first == last else f"turns {first}–{last}"


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def _runs(flags: Sequence[bool]) -> Iterator[tuple[int, int]]:
    """The 1-based (first, last) turns of each maximal run of true flags."""
    first = None
    for number, flag in enumerate([*flags, False], start=1):
        if flag and first is None:
            first = number
        elif not flag and first is not None:
            yield first, number - 1
            first = None


def _perception_errors(game: _Game, found: list[_Misperception]) -> Iterator[Episode]:
    """A side's spies got the other side wrong: answered by arming, or a phantom arming.

    A phantom arming (reported, never done) that the side answered by arming is an episode
    of its own; the unanswered phantoms of a side are one episode, from the first to the
    last. Consecutive decisions of a side that armed after an over-estimate alone are one
    episode.
    """
    for item in found:
        if item.phantom is not None and item.answered:
            name, them = game.names[item.side], game.names[item.side.other]
            turn, done = item.phantom
            reasons = [_phantom(them, turn, done)]
            if item.estimate is not None:
                reasons.append(_overestimate(them, item.estimate, item.fear))
            yield Episode(
                "perception_error",
                turn,
                item.decided or turn,
                item.side,
                f"{_when(turn, item.decided or turn)}: {name}'s spies {' and '.join(reasons)}, "
                f"and {name} armed in answer on turn {item.decided}.",
            )
    for side in SIDES:
        ignored = [m for m in found if m.side is side and m.phantom and not m.answered]
        if ignored:
            yield _ignored_phantoms(game, side, ignored)
        alone = [m for m in found if m.side is side and m.phantom is None]
        decided = {m.decided for m in alone}
        flags = [turn in decided for turn in range(1, len(game.turns) + 1)]
        for first, last in _runs(flags):
            items = [m for m in alone if first <= m.first <= last]
            yield _overestimates(game, side, first, last, items)


def _phantom(them: str, turn: int, done: Posture) -> str:
    return f"reported that {them} armed on turn {turn} when it had in fact {SEEN[done]}"


def _ignored_phantoms(game: _Game, side: Side, items: list[_Misperception]) -> Episode:
    """Armings reported by a side's spies that never happened, and that it did not answer."""
    name, them = game.names[side], game.names[side.other]
    turns = [m.phantom[0] for m in items if m.phantom]
    first, last = turns[0], turns[-1]
    ended = items[-1].decided is None
    if len(items) == 1:
        assert items[0].phantom is not None
        done = items[0].phantom[1]
        answer = "as the game ended" if ended else f"but {name} did not arm in answer"
        text = f"{name}'s spies {_phantom(them, first, done)}, {answer}"
    else:
        listed = ", ".join(map(str, turns[:-1])) + f" and {turns[-1]}"
        text = (
            f"{name}'s spies reported {len(turns)} armings by {them} that never happened "
            f"(turns {listed}), and {name} did not arm in answer"
            + (" (the last came as the game ended)" if ended else "")
        )
    return Episode("perception_error", first, last, side, f"{_when(first, last)}: {text}.")


def _overestimate(them: str, estimate: tuple[float, float], fear: bool) -> str:
    reported, truth = estimate
    return f"put {them}'s forces at {_of_units(reported)} when it had {units(truth)}" + (
        " (fear inflates its reports)" if fear else ""
    )


def _overestimates(
    game: _Game, side: Side, first: int, last: int, items: list[_Misperception]
) -> Episode:
    """Consecutive armings of one side, each after its spies had over-estimated the other."""
    name, them = game.names[side], game.names[side.other]
    if first == last:
        item = items[0]
        assert item.estimate is not None
        text = f"{name}'s spies {_overestimate(them, item.estimate, item.fear)}"
        text += f", and {name} armed in answer"
    else:
        most = max(
            reported - truth for reported, truth in (m.estimate for m in items if m.estimate)
        )
        fear = "; fear inflates its reports" if any(m.fear for m in items) else ""
        text = (
            f"{name}'s spies over-estimated {them}'s forces before every one of these "
            f"decisions (by up to {_of_units(most)}{fear}), and {name} armed in answer each time"
        )
    return Episode("perception_error", first, last, side, f"{_when(first, last)}: {text}.")


def _misread_signals(game: _Game) -> Iterator[Episode]:
    """A side heard a different signal from the one the other side sent on turn t.

    Only cheap talk can be misheard (reassurance and warning swap), and either way it
    matters: reassurance heard as a threat feeds a spiral, a warning heard as reassurance
    hides a danger. A misreading the listener answered by ordering *arm* on turn t + 1 is
    an episode of its own, running to t + 1; the unanswered ones of the same listener and
    the same mix-up are one episode, from the first to the last.
    """
    unanswered: dict[tuple[Side, Signal, Signal], list[int]] = {}
    for number, turn in enumerate(game.turns, start=1):
        for side in SIDES:
            speaker = side.other
            sent, heard = turn.side(speaker).executed.signal, turn.side(side).seen.signal
            if sent is heard:
                continue
            armed = number < len(game.turns) and (
                game.record(number + 1).side(side).orders.posture is Posture.ARM
            )
            if not armed:
                unanswered.setdefault((side, sent, heard), []).append(number)
                continue
            name = game.names[side]
            sentence = (
                f"{_when(number, number + 1)}: {game.names[speaker]} sent {SAID[sent]}, "
                f"but {name} heard {SAID[heard]}, and {name} armed on turn {number + 1}."
            )
            yield Episode("misread_signal", number, number + 1, side, sentence)
    for (side, sent, heard), turns in unanswered.items():
        name, them = game.names[side], game.names[side.other]
        first, last = turns[0], turns[-1]
        if len(turns) == 1:
            sentence = f"{them} sent {SAID[sent]}, but {name} heard {SAID[heard]}."
        else:
            listed = ", ".join(map(str, turns[:-1])) + f" and {turns[-1]}"
            sentence = (
                f"{name} heard {SAID[heard]} {len(turns)} times where {them} had sent "
                f"{SAID[sent]} (turns {listed}), and did not arm in answer."
            )
        yield Episode("misread_signal", first, last, side, f"{_when(first, last)}: {sentence}")


def _execution_accidents(game: _Game) -> Iterator[Episode]:
    """A side's posture was carried out differently from its order (execution noise)."""
    for number, turn in enumerate(game.turns, start=1):
        for side in SIDES:
            own = turn.side(side)
            ordered, done = own.orders.posture, own.executed.posture
            if ordered is not done:
                yield Episode(
                    "execution_accident",
                    number,
                    number,
                    side,
                    f"Turn {number}: {game.names[side]} ordered its forces to {ordered.key}, "
                    f"but they {SEEN[done]}: an accident, not a decision.",
                )


def _treaty_changes(game: _Game) -> Iterator[Episode]:
    """A treaty came into force (both proposed a cap) or ended (a violation was caught).

    The violator is the side whose total after the turn exceeded the cap it had agreed to.
    """
    red, blue = game.names[Side.RED], game.names[Side.BLUE]
    before = bool(game.replay.views and game.replay.views[0][Side.RED].treaty_active)
    for number, turn in enumerate(game.turns, start=1):
        if turn.treaty and not before:
            caps = f"{red} at {_of_units(turn.red.total)}, "
            caps += f"{blue} at {units(turn.blue.total)}"
            yield Episode(
                "treaty_made",
                number,
                number,
                None,
                f"Turn {number}: {red} and {blue} both proposed a cap and signed a treaty "
                f"freezing their forces ({caps}).",
            )
        elif before and not turn.treaty:
            yield _broken(game, number, turn)
        before = turn.treaty


def _broken(game: _Game, number: int, turn: TurnRecord) -> Episode:
    view = game.replay.views[number - 1]
    caps = {side: (view[side].treaty_cap or (math.inf, math.inf))[0] for side in SIDES}
    total = turn.totals()
    cheats = [s for s in SIDES if total[s] > caps[s] + TREATY_SLACK]
    over = ", ".join(
        f"{game.names[s]} {_of_units(total[s])} against {units(caps[s])}" for s in cheats
    )
    if len(cheats) == 1:
        cheat = cheats[0]
        text = (
            f"{game.names[cheat]} went above its treaty cap ({over}); "
            f"{game.names[cheat.other]} caught it, and the treaty collapsed."
        )
    else:
        text = f"both nations went above their treaty caps ({over}); the treaty collapsed."
    side = cheats[0] if len(cheats) == 1 else None
    return Episode("treaty_broken", number, number, side, f"Turn {number}: {text}")


def _costly_signals(game: _Game) -> Iterator[Episode]:
    """A costly signal that worked: it lowered the other side's suspicion.

    A side sent a costly signal (inspection, verified cut), and by the other side's next
    decision the belief that the sender is expansionist had fallen by at least
    :data:`NOTABLE_DROP`. A signal on the last turn has no next decision and is not judged.
    """
    for number, turn in enumerate(game.turns, start=1):
        for side in SIDES:
            done = turn.side(side).executed
            signal = done.signal
            belief = game.beliefs[side.other]
            if signal not in _COSTLY or number >= len(belief):
                continue
            was, now = belief[number - 1], belief[number]
            if was - now < NOTABLE_DROP:
                continue
            name, them = game.names[side], game.names[side.other]
            act = (
                f"{name} let {them}'s inspectors in"
                if signal is Signal.INVITE_INSPECTION
                else f"{name} made a public, verified cut of {_of_units(done.amount)}"
            )
            yield Episode(
                "costly_signal",
                number,
                number,
                side,
                f"Turn {number}: {act}; a careful observer in {them}'s place would now put the "
                f"chance that {name} is expansionist at {now:.0%}, down from {was:.0%}.",
            )


def _crises(game: _Game) -> Iterator[Episode]:
    """Crises, and the war if one ended the game.

    Each maximal stretch of turns that ended with tension at or above the crisis threshold
    is one episode; a crisis that escalated into war says so in its sentence, and a
    surprise attack is an episode of its own. Matrix games have no war, so no crises.
    """
    scenario = game.replay.level.scenario
    if scenario.mode is Mode.MATRIX:
        return
    hot = [
        t.tension >= scenario.params_at(index).crisis_threshold
        for index, t in enumerate(game.turns)
    ]
    state = game.replay.state
    outcome = Outcome(int(state.outcome[0]))
    war_turn = int(state.end_turn[0]) if outcome.is_war else 0
    strikers = [s for s in SIDES if war_turn and game.record(war_turn).side(s).executed.strike]
    for first, last in _runs(hot):
        peak = max(t.tension for t in game.turns[first - 1 : last])
        threshold = scenario.params_at(first - 1).crisis_threshold
        sentence = (
            f"{_when(first, last)}: tension stood at or above the crisis line "
            f"({threshold:.2f}) for {last - first + 1} turn{'s' if last > first else ''}, "
            f"peaking at {peak:.2f}"
        )
        if war_turn == last and not strikers:
            sentence += f", and on turn {last} the crisis turned into war: {_winner(game)}"
        yield Episode("crisis", first, last, None, sentence + ".")
    if strikers:
        names = [game.names[s] for s in strikers]
        if len(strikers) == 1:
            act = f"{names[0]} launched a surprise attack on {game.names[strikers[0].other]}"
        else:
            act = f"{names[0]} and {names[1]} struck at each other at once"
        side = strikers[0] if len(strikers) == 1 else None
        sentence = f"Turn {war_turn}: {act}, and the war ended the game: {_winner(game)}."
        yield Episode("crisis", war_turn, war_turn, side, sentence)


def _winner(game: _Game) -> str:
    winner = int(game.replay.state.winner[0])
    return f"{game.names[Side(winner)]} won" if winner in (0, 1) else "neither side won"


# -- Tang's verdict ----------------------------------------------------------------------------


def _verdict(game: _Game) -> tuple[str, bool]:
    """Tang's verdict in words (``game.rules.tang.explain``), so far if the game is unfinished."""
    replay = game.replay
    key, text = explain(replay.state, 0, [game.names[side] for side in SIDES])
    if not replay.finished:
        text = f"So far (the game was saved after turn {len(game.turns)}): {text}"
    return text, key == "dilemma"
