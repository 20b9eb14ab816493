"""Tang's three conditions for a true security dilemma, judged on a whole finished game.

Shiping Tang (2009) asks for anarchy, no malign intentions on either side, and some
accumulation of power. The game always has anarchy (no authority above the two nations)
and knows both hidden types. Power counts as accumulated when a side ends the game with
clearly more *offensive* power than it started with (``scoring.accumulated``: shields and
forts threaten no one and count for nothing). And because a dilemma is an interaction, not
one nation arming alone, both sides must have built threatening weapons in answer to a
threatening build they saw (or thought they saw). ``docs/rules.md`` gives the exact test.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from game.rules.engine import GameState
from game.rules.model import BoolArray, FloatArray, Mode, NationType, Posture, RulesParams
from game.rules.scoring import accumulated, offensive_power
from game.rules.vocabulary import TYPE_NAME, VERDICT, number


@dataclass(frozen=True)
class TangVerdict:
    """Tang's conditions for one finished game, checked against the truth."""

    applies: bool
    """False in payoff-matrix games: they have payoffs but no power that could accumulate."""
    no_malign_intent: bool
    """Neither side was secretly expansionist."""
    accumulated: tuple[bool, bool]
    """Per side: it ended with clearly more offensive power than it started with."""
    answered: tuple[bool, bool]
    """Per side: it made a threatening build in answer to one it had seen from the other."""
    anarchy: bool = True
    """Always true in this game: no authority stands above the two nations."""

    @property
    def accumulation(self) -> bool:
        """Some accumulation of power: at least one side's offensive power grew."""
        return any(self.accumulated)

    @property
    def reciprocal(self) -> bool:
        """Both sides armed in answer to each other: an interaction, not a one-sided build-up."""
        return all(self.answered)

    @property
    def security_dilemma(self) -> bool:
        """All of Tang's conditions hold, between two sides that answered each other."""
        return (
            self.applies
            and self.anarchy
            and self.no_malign_intent
            and self.accumulation
            and self.reciprocal
        )

    @property
    def deterrence_case(self) -> bool:
        """One side really was expansionist: the problem was aggression, not misperception."""
        return self.applies and not self.no_malign_intent


def answered_threats(state: GameState) -> BoolArray:
    """``[game, side]``: the side armed in answer to a threat it saw, at least once.

    That is a threatening build, as ordered and carried out, on a turn when its last report
    showed the other making one.
    """
    history = state.history
    build = history.threatening[1:] & (history.ordered[1:] == Posture.ARM)
    return np.asarray((build & history.seen_threat[:-1]).any(axis=0))


def played(state: GameState) -> np.ndarray:
    """Turns played in each game so far (the war turn counts)."""
    return np.where(state.over, state.end_turn, state.turn).astype(np.intp)


def final_rules(state: GameState, game: int) -> RulesParams:
    """The rules of a game's last turn, by which its start and end are weighed."""
    return state.scenario.params_at(max(int(played(state)[game]) - 1, 0))


def grown(state: GameState) -> BoolArray:
    """``[game, side]``: which sides accumulated offensive power by the end of their game.

    Start and end are weighed with the rules of each game's last turn, so a new technology
    announced by an event is not itself an accumulation; only building is.
    """
    scenario = state.scenario
    last = np.maximum(played(state) - 1, 0)
    result = np.zeros((state.games, 2), dtype=np.bool_)
    starts = [phase.turn for phase in scenario.phases]
    phase_of = np.searchsorted(starts, last, side="right") - 1
    for index, phase in enumerate(scenario.phases):
        games = np.flatnonzero(phase_of == index)
        if len(games):
            result[games] = accumulated(
                state.start_arsenal[games],
                state.arsenal[games],
                phase.params,
                scenario.default_amount,
            )
    return result


def tang_verdicts(state: GameState) -> list[TangVerdict]:
    """Tang's verdict on every game of a batch (finished games; a running one so far)."""
    applies = state.scenario.mode is Mode.FULL
    peaceful = ~(state.types == NationType.EXPANSIONIST).any(axis=1)
    grew, answered = grown(state), answered_threats(state)
    return [
        TangVerdict(
            applies=applies,
            no_malign_intent=bool(peaceful[game]),
            accumulated=(bool(grew[game, 0]), bool(grew[game, 1])),
            answered=(bool(answered[game, 0]), bool(answered[game, 1])),
        )
        for game in range(state.games)
    ]


def offense_growth(state: GameState, game: int) -> tuple[FloatArray, FloatArray]:
    """Each side's offensive power at the start and at the end of one game (same rules)."""
    params = final_rules(state, game)
    start = offensive_power(state.start_arsenal[game : game + 1], params)[0]
    end = offensive_power(state.arsenal[game : game + 1], params)[0]
    return start, end


def explain(state: GameState, game: int, names: Sequence[str]) -> tuple[str, str]:
    """Tang's verdict on one game, as a key of ``vocabulary.VERDICT`` and a sentence.

    The sentence names the nations, says which condition decided, and names a war: who
    struck first and on which turn, and a preventive war for what it is.
    """
    verdict = tang_verdicts(state)[game]
    types = [NationType(int(t)) for t in state.types[game]]
    if not verdict.applies:
        return "not_applicable", _matrix_story(state, game, names)
    start, end = offense_growth(state, game)
    grew = [side for side in (0, 1) if verdict.accumulated[side]]
    growth = " and ".join(
        f"{names[side]}'s offensive power rose from {number(start[side])} to {number(end[side])}"
        for side in grew
    )
    if verdict.deterrence_case:
        bad = [names[side] for side in (0, 1) if types[side] is NationType.EXPANSIONIST]
        who = f"{bad[0]} was" if len(bad) == 1 else f"both {bad[0]} and {bad[1]} were"
        key, text = (
            "deterrence",
            (
                f"{VERDICT['deterrence']}, not a security dilemma: {who} secretly expansionist, so "
                "the danger was real aggression, not a peaceful neighbour misread."
            ),
        )
    elif verdict.security_dilemma:
        key, text = (
            "dilemma",
            (
                f"{VERDICT['dilemma']} by Tang's three conditions: no authority stood above "
                "the two nations, neither wanted more than security, each armed in answer to "
                f"the other, and still power accumulated ({growth})."
            ),
        )
    elif verdict.accumulation:
        idle = [names[side] for side in (0, 1) if not verdict.answered[side]]
        who = f"{idle[0]} never" if len(idle) == 1 else "neither side"
        key, text = (
            "none",
            (
                f"{VERDICT['none']}: {growth}, but {who} armed in answer to a threat it saw, "
                "so this was a one-sided build-up, not a dilemma between two."
            ),
        )
    else:
        key, text = (
            "none",
            (
                f"{VERDICT['none']}: neither nation meant harm, and no power accumulated (neither "
                "ended with clearly more offensive power than it started with)."
            ),
        )
    return key, text + _strike_story(state, game, names, types)


def _strike_story(
    state: GameState, game: int, names: Sequence[str], types: Sequence[NationType]
) -> str:
    """`` Redland struck first on turn 3: ...``, or nothing when nobody struck."""
    turns = int(played(state)[game])
    struck = state.history.strike[:turns, game]
    if not struck.any():
        return ""
    turn = int(np.flatnonzero(struck.any(axis=1))[0])
    strikers = [side for side in (0, 1) if struck[turn, side]]
    when = f"on turn {turn + 1}"
    if len(strikers) == 2:
        return f" Both nations struck at each other at once, {when}."
    side = strikers[0]
    if types[side] is NationType.SECURITY_SEEKER:
        return (
            f" {names[side]}, a {TYPE_NAME[types[side]]}, struck first {when}: a preventive "
            "war, started out of fear of what the other might do, not for gain."
        )
    return f" {names[side]}, an {TYPE_NAME[types[side]]}, struck first {when}: aggression."


def _matrix_story(state: GameState, game: int, names: Sequence[str]) -> str:
    """What a payoff-matrix game was instead: mutual arming, or one side exploiting the other."""
    turns = int(played(state)[game])
    arms = state.history.executed[:turns, game] == Posture.ARM
    both = int(arms.all(axis=1).sum())
    text = (
        f"{VERDICT['not_applicable']} to a payoff-matrix game: it has payoffs but no power that "
        f"could accumulate. Both sides armed together on {both} of {turns} turns"
    )
    for side in (0, 1):
        alone = int((arms[:, side] & ~arms[:, 1 - side]).sum())
        if alone:
            text += f"; {names[side]} armed while {names[1 - side]} held back on {alone}"
    return text + "."
