"""Spiral analysis of a replay: the moments a class should look at, and Tang's verdict.

A replay holds both private views beside the truth. This module reads them back and
picks out the *episodes* a teacher wants to point at: runs of mutual arming, a side
arming after its spies got the other wrong, a reassurance heard as a threat, an order
carried out by accident, treaties made and broken, costly signals that moved the other
side's belief, and crises. Each episode comes with one plain sentence that names the
nations, so the replay viewer and the printed story (``game.replay.story``) say the same.

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
    episodes = [
        *_mutual_arming(game),
        *_perception_errors(game),
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


def _mutual_arming(game: _Game) -> Iterator[Episode]:
    """The arms race itself: runs of turns in which both sides made threatening builds.

    Each maximal run of at least :data:`SPIRAL_RUN` turns in which both sides' forces
    *really* armed (as carried out, not as ordered) with weapons the other side saw as a
    threat is one episode (``scoring.spirals`` counts the same runs).
    """
    both = [all(t.side(s).executed.threatening for s in SIDES) for t in game.turns]
    red, blue = game.names[Side.RED], game.names[Side.BLUE]
    for first, last in _runs(both):
        if last - first + 1 < SPIRAL_RUN:
            continue
        start, end = game.before(first), game.record(last).totals()
        growth = (
            f"{red} from {units(start[Side.RED])} to {_of_units(end[Side.RED])}, "
            f"{blue} from {units(start[Side.BLUE])} to {units(end[Side.BLUE])}"
        )
        yield Episode(
            "mutual_arming",
            first,
            last,
            None,
            f"{_when(first, last)}: {red} and {blue} both armed {last - first + 1} turns "
            f"running ({growth}): an arms race.",
        )


def _runs(flags: Sequence[bool]) -> Iterator[tuple[int, int]]:
    """The 1-based (first, last) turns of each maximal run of true flags."""
    first = None
    for number, flag in enumerate([*flags, False], start=1):
        if flag and first is None:
            first = number
        elif not flag and first is not None:
            yield first, number - 1
            first = None


def _perception_errors(game: _Game) -> Iterator[Episode]:
    """A side ordered *arm* on turn t after its intelligence had got the other side wrong.

    Wrong means either its spies reported the other armed on turn t − 1 when in truth it
    had not, or the estimate it decided from exceeded the other's true total by more than
    the reported range (:data:`RANGE_WIDTH` × uncertainty) and by at least
    :data:`MIN_OVERESTIMATE` units. Both need perception noise (arsenal noise, misreading,
    fear): with none, intelligence is exact and this never fires. The episode covers turns
    t − 1 and t when the posture was misread, else only t.
    """
    for number, view in enumerate(game.replay.views, start=1):
        truth = game.before(number)
        for side in SIDES:
            if game.record(number).side(side).orders.posture is not Posture.ARM:
                continue
            other = side.other
            name, them = game.names[side], game.names[other]
            reasons = []
            first = number
            intel = view[side].intel
            if number > 1 and intel.seen_posture is Posture.ARM:
                done = game.record(number - 1).side(other).executed.posture
                if done is not Posture.ARM:
                    reasons.append(
                        f"reported that {them} armed on turn {number - 1} "
                        f"when it had in fact {SEEN[done]}"
                    )
                    first = number - 1
            excess = intel.total - truth[other]
            if excess > max(RANGE_WIDTH * intel.uncertainty, MIN_OVERESTIMATE):
                fear = game.replay.level.scenario.params_at(number - 1).fear[int(side)]
                reasons.append(
                    f"put {them}'s forces at {_of_units(intel.total)} when it had "
                    f"{units(truth[other])}" + (" (fear inflates its reports)" if fear else "")
                )
            if reasons:
                answer = f"{name} armed in answer" + (
                    f" on turn {number}" if first < number else ""
                )
                yield Episode(
                    "perception_error",
                    first,
                    number,
                    side,
                    f"{_when(first, number)}: {name}'s spies {' and '.join(reasons)}, "
                    f"and {answer}.",
                )


def _misread_signals(game: _Game) -> Iterator[Episode]:
    """A side heard a different signal from the one the other side sent on turn t.

    Only cheap talk can be misheard (reassurance and warning swap), and either way it
    matters: reassurance heard as a threat feeds a spiral, a warning heard as reassurance
    hides a danger. The episode runs on to turn t + 1 when the listener then ordered *arm*.
    """
    for number, turn in enumerate(game.turns, start=1):
        for side in SIDES:
            speaker = side.other
            sent, heard = turn.side(speaker).executed.signal, turn.side(side).seen.signal
            if sent is heard:
                continue
            name = game.names[side]
            armed = number < len(game.turns) and (
                game.record(number + 1).side(side).orders.posture is Posture.ARM
            )
            last = number + 1 if armed else number
            sentence = (
                f"{_when(number, last)}: {game.names[speaker]} sent {SAID[sent]}, "
                f"but {name} heard {SAID[heard]}"
                + (f", and {name} armed on turn {last}." if armed else ".")
            )
            yield Episode("misread_signal", number, last, side, sentence)


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
