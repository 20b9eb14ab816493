"""Results of finished games: per game, and summarised over many for tables and JSON."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from game.rules.engine import GameState
from game.rules.model import (
    NO_WINNER,
    Mode,
    NationType,
    Outcome,
    Posture,
    Side,
    Signal,
)
from game.rules.scoring import power, war_harm, war_points
from game.rules.tang import TangVerdict, tang_verdicts


@dataclass(frozen=True)
class GameResult:
    """How one game ended, with the moves as carried out (not as ordered)."""

    seed: int
    turns: int
    outcome: Outcome
    winner: Side | None
    types: tuple[NationType, NationType]
    score: tuple[float, float]
    verdict: TangVerdict
    history: tuple[tuple[dict[str, Any], dict[str, Any]], ...]
    struck: tuple[bool, bool] = (False, False)
    """Which sides launched a surprise attack (on the war's turn)."""

    @property
    def first_striker(self) -> Side | None:
        """The side that struck alone, starting the war, or None."""
        if self.struck[0] != self.struck[1]:
            return Side.RED if self.struck[0] else Side.BLUE
        return None

    @property
    def preventive_war(self) -> bool:
        """A security seeker struck first: a war to stop a danger it feared, not to conquer."""
        striker = self.first_striker
        return striker is not None and self.types[int(striker)] is NationType.SECURITY_SEEKER

    def to_dict(self) -> dict[str, Any]:
        """The JSON form documented for ``simulate --json``."""
        return {
            "seed": self.seed,
            "turns": self.turns,
            "outcome": self.outcome.key,
            "winner": None if self.winner is None else self.winner.key,
            "types": {"red": self.types[0].key, "blue": self.types[1].key},
            "score": {"red": self.score[0], "blue": self.score[1]},
            "security_dilemma": self.verdict.security_dilemma,
            "history": [{"red": red, "blue": blue} for red, blue in self.history],
        }

    def summary(self) -> dict[str, Any]:
        """:meth:`to_dict` without the per-turn history (a replay holds the turns itself)."""
        summary = self.to_dict()
        del summary["history"]
        return summary


def game_results(state: GameState, seeds: Sequence[int]) -> list[GameResult]:
    """Extract every game of a finished batch."""
    history = state.history
    verdicts = tang_verdicts(state)
    results = []
    for game, seed in enumerate(seeds):
        played = int(state.end_turn[game])
        moves = tuple(
            tuple(
                {
                    "posture": Posture(int(history.executed[t, game, side])).key,
                    "amount": round(float(history.amount[t, game, side]), 9),
                    "signal": Signal(int(history.signal[t, game, side])).key,
                }
                for side in (0, 1)
            )
            for t in range(played)
        )
        winner = int(state.winner[game])
        results.append(
            GameResult(
                seed=int(seed),
                turns=played,
                outcome=Outcome(int(state.outcome[game])),
                winner=None if winner == NO_WINNER else Side(winner),
                types=(
                    NationType(int(state.types[game, 0])),
                    NationType(int(state.types[game, 1])),
                ),
                score=(float(state.score[game, 0]), float(state.score[game, 1])),
                verdict=verdicts[game],
                history=moves,  # type: ignore[arg-type]
                struck=(
                    bool(history.strike[:played, game, 0].any()),
                    bool(history.strike[:played, game, 1].any()),
                ),
            )
        )
    return results


def summarize(results: Sequence[GameResult]) -> dict[str, Any]:
    """Outcome counts, war rate, mean scores and the share of true security dilemmas."""
    count = len(results)
    outcomes = Counter(result.outcome for result in results)
    scores = np.array([result.score for result in results]) if results else np.zeros((0, 2))
    turns = np.array([result.turns for result in results]) if results else np.zeros(0)

    def mean(values: np.ndarray) -> float:
        return float(values.mean()) if len(values) else 0.0

    return {
        "games": count,
        "outcomes": {o.key: outcomes.get(o, 0) for o in Outcome if o is not Outcome.ONGOING},
        "war_rate": sum(outcomes[o] for o in Outcome if o.is_war) / count if count else 0.0,
        "mean_score": {"red": mean(scores[:, 0]), "blue": mean(scores[:, 1])},
        "mean_turns": mean(turns),
        "security_dilemma_rate": (
            sum(result.verdict.security_dilemma for result in results) / count if count else 0.0
        ),
    }


@dataclass(frozen=True)
class ScoreBreakdown:
    """Where one side's final score came from (full-rules levels; matrix levels: payoffs)."""

    security: float
    cost: float
    advantage: float
    end: float
    total: float


def score_breakdown(state: GameState, game: int, side: int) -> ScoreBreakdown:
    """Split a finished game's score into security, cost, advantage and end points."""
    scenario = state.scenario
    total = float(state.score[game, side])
    if scenario.mode is Mode.MATRIX:
        return ScoreBreakdown(0.0, 0.0, 0.0, 0.0, total)
    played = int(state.end_turn[game])
    history = state.history
    security = cost = 0.0
    for turn in range(played):
        params = scenario.params_at(turn)
        security += params.weight_security * float(history.real_security[turn, game, side])
        cost -= params.weight_cost * float(history.cost[turn, game, side])
    last = max(played - 1, 0)
    final = scenario.params_at(last)
    outcome = Outcome(int(state.outcome[game]))
    if outcome.is_war:
        one = slice(game, game + 1)
        offense, defense = power(history.arsenal[last, one], final)
        harm = war_harm(offense, defense, history.strike[last, one])
        points = war_points(np.array([True]), state.winner[one], harm, state.types[one], final)
        end = float(points[0, side])
    else:
        end = final.peace_bonus if state.types[game, side] == NationType.SECURITY_SEEKER else 0.0
    return ScoreBreakdown(security, cost, total - security - cost - end, end, total)
