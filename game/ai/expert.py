"""The expert: plans ahead by imagining the worlds it might be in (Monte-Carlo search).

Each turn it draws many hypotheses consistent with its own observation, its beliefs about
the other side (:mod:`game.ai.beliefs`) and the level's noise model: is the other side an
expansionist? how many weapons does it really have? It then plays every candidate move a
few turns forward in each imagined world, with the game's real rules, and picks the move
with the best average score. This is search over determinised beliefs (as in
information-set Monte-Carlo tree search, kept to one level of choice plus rollouts).
The imagined other side plays tit-for-tat if it is a security seeker; if it is not, it
plays :class:`~game.ai.expansionist.Expansionist` (on matrix levels: it simply defects).
The expert itself continues with tit-for-tat after its first move. ``difficulty`` (1–5)
sets how many worlds it imagines and how far ahead it looks.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import ClassVar

import numpy as np

from game.ai.beliefs import belief_from
from game.ai.catalog import register
from game.ai.classic import AlwaysArm, TitForTat
from game.ai.composite import TrueToType
from game.ai.expansionist import Expansionist
from game.ai.protocol import Described, Outlook, moved_kinds
from game.rules.engine import GameState, hypothetical_games, resolve_turn
from game.rules.model import (
    NO_POSTURE_SEEN,
    FloatArray,
    IndexArray,
    Mode,
    NationType,
    Observation,
    Orders,
    OrdersBatch,
    Posture,
    RulesParams,
    Side,
    Signal,
)
from game.rules.noise import SHARED_DRAWS, SIDE_DRAWS, Noise

SAMPLES = (4, 8, 16, 32, 64)
PREVENTIVE_BELIEF = 0.9
"""How sure a security seeker must be that the other side is expansionist before it even
considers striking first: a preventive war, to stop an attack it expects, never for gain."""
HORIZONS = (2, 4, 6, 9, 12)


class _SameGenerator:
    """A generator source for the imagined opponents (they draw nothing)."""

    def __init__(self, rng: np.random.Generator, games: int) -> None:
        self._rng = rng
        self._games = games

    def __getitem__(self, game: int) -> np.random.Generator:
        return self._rng

    def __len__(self) -> int:
        return self._games

    def uniforms(self, turn: int, games: IndexArray | None = None) -> FloatArray:
        result: FloatArray = self._rng.random(self._games if games is None else len(games))
        return result


@register
class Expert(Described):
    """Imagines the worlds it might be in and plays each move forward before choosing."""

    name = "expert"
    description = (
        "Imagines the situations it might be in and plays each move ahead before choosing."
    )
    tags = ("nice", "retaliating", "planning", "signalling")
    difficulty = 5
    parameter_help: ClassVar[Mapping[str, str]] = {
        "difficulty": "how hard it thinks, from 1 (a few quick guesses, two turns "
        "ahead) to 5 (many imagined situations, twelve turns ahead) (default 5)"
    }
    long_running = True

    def __init__(self, difficulty: int = 5) -> None:
        if difficulty not in range(1, 6):
            raise ValueError(f"difficulty must be 1 to 5 (got {difficulty})")
        self.samples = SAMPLES[difficulty - 1]
        self.horizon = HORIZONS[difficulty - 1]
        self.continuation = TitForTat()

    def candidates(self, observation: Observation, belief: float) -> list[Orders]:
        """The moves worth considering this turn, given the belief that the other is expansionist.

        A security seeker is *nice*: it considers arming only once it has seen the other
        make a threatening build, or believes it more likely expansionist than not (the
        deterrence model), and a first strike only as a preventive war, when it is at least
        :data:`PREVENTIVE_BELIEF` sure of that. An expansionist considers everything.
        """
        scenario = observation.scenario
        seeker = observation.own_type is NationType.SECURITY_SEEKER
        provoked = observation.intel.seen_move is Posture.ARM
        may_arm = not seeker or provoked or belief >= 0.5
        may_strike = scenario.strike_allowed and (not seeker or belief >= PREVENTIVE_BELIEF)
        outlook = Outlook.of(observation)
        moves: list[Orders] = []

        def add(posture: Posture, amount: float, signal: Signal, strike: bool = False) -> None:
            if posture not in scenario.postures:
                return
            kind = int(moved_kinds(outlook, np.array([posture]))[0])
            if scenario.mode is Mode.MATRIX or posture is Posture.HOLD:
                amount = 0.0 if posture is Posture.HOLD else scenario.default_amount
            signal = signal if signal in scenario.signals else Signal.NONE
            moves.append(Orders(posture, amount, kind, signal, strike))

        step, most = scenario.default_amount, scenario.max_change
        add(Posture.DISARM, step, Signal.REASSURE)
        if Signal.INVITE_INSPECTION in scenario.signals:
            add(Posture.DISARM, step, Signal.INVITE_INSPECTION)
        add(Posture.HOLD, 0.0, Signal.REASSURE)
        if may_arm:
            add(Posture.ARM, step, Signal.NONE)
            if scenario.mode is Mode.FULL and most > step:
                add(Posture.ARM, most, Signal.WARN)
        if may_strike:
            add(Posture.ARM, most, Signal.NONE, strike=True)
        return moves

    def decide(self, observation: Observation, rng: np.random.Generator) -> Orders:
        """Search, and return the move with the best mean imagined score."""
        scenario = observation.scenario
        side = observation.side
        own, other = int(side), 1 - int(side)
        belief = belief_from(observation)
        moves = self.candidates(observation, belief)
        if len(moves) == 1:
            return moves[0]
        history = observation.history
        count, worlds = len(moves), self.samples
        games = count * worlds
        params = observation.rules
        kinds = scenario.kinds
        intel = observation.intel

        # Imagined worlds: the other's type and true arsenal, drawn from what we know.
        expansionist = rng.random(worlds) < belief
        bias = 1.0 + float(params.fear[own])  # a rational planner corrects its own fear
        if intel.by_kind:
            guess = np.array(intel.by_kind) / bias
            their = guess + intel.uncertainty * rng.standard_normal((worlds, kinds))
        else:
            mix = np.array(observation.arsenal) + 1e-9
            total = intel.total / bias + intel.uncertainty * rng.standard_normal(worlds)
            their = total[:, None] * (mix / mix.sum())
        their = np.maximum(their, 0.0)

        arsenal = np.empty((games, 2, kinds))
        arsenal[:, own] = observation.arsenal
        arsenal[:, other] = np.tile(their, (count, 1))
        types = np.empty((games, 2), dtype=np.int8)
        types[:, own] = observation.own_type
        types[:, other] = np.tile(expansionist, count)
        seen = np.empty((games, 2), dtype=np.int8)
        seen[:, own] = NO_POSTURE_SEEN if intel.seen_posture is None else intel.seen_posture
        seen[:, other] = history[-1].executed if history else NO_POSTURE_SEEN
        treasury = np.full((games, 2), observation.treasury)

        turn = observation.turn
        horizon = min(self.horizon, scenario.turns - turn)
        rows = scenario.turns + 1
        uniform = np.zeros((rows, games, 2, SIDE_DRAWS))
        shared = np.zeros((rows, games))
        normal = np.zeros((rows, games, 2, kinds + 1))
        ahead = slice(turn + 1, turn + 1 + horizon)
        uniform[ahead] = rng.random((horizon, games, 2, SIDE_DRAWS))
        shared[ahead] = rng.random((horizon, games, SHARED_DRAWS))[..., 0]
        normal[ahead] = rng.standard_normal((horizon, games, 2, kinds + 1))
        state = hypothetical_games(
            scenario,
            Noise(uniform, shared, normal),
            turn,
            arsenal,
            treasury,
            types,
            np.full(games, observation.tension),
            seen,
        )

        # an imagined seeker reciprocates; an imagined expansionist exploits (in matrix mode
        # simply by defecting every turn)
        exploiter = Expansionist() if scenario.mode is Mode.FULL else AlwaysArm()
        opponent = TrueToType(TitForTat(), exploiter)
        first = OrdersBatch.from_orders([move for move in moves for _ in range(worlds)])
        source = _SameGenerator(rng, games)
        for step in range(horizon):
            if state.finished:
                break
            mine = (
                first if step == 0 else self.continuation.decide_batch(state.observe(side), source)
            )
            theirs = opponent.decide_batch(state.observe(side.other), source)
            if side is Side.RED:
                resolve_turn(state, mine, theirs)
            else:
                resolve_turn(state, theirs, mine)
        value = state.score[:, own] + self._future(state, own, turn, params)
        return moves[int(np.argmax(value.reshape(count, worlds).mean(axis=1)))]

    @staticmethod
    def _future(state: GameState, own: int, start: int, params: RulesParams) -> FloatArray:
        """What the rest of the game is worth after the rollout.

        The rollout's mean turn score for every remaining turn (a mean, not the last turn,
        so that alternating patterns are valued fairly), and a security seeker's peace
        bonus, unless the game is already over.
        """
        scenario = state.scenario
        remaining = scenario.turns - state.turn
        if remaining <= 0:
            return np.zeros(state.games)
        # every game played the rollout's first turn, so no column is empty
        mean = np.nanmean(state.history.turn_score[start : state.turn, :, own], axis=0)
        bonus = (
            params.peace_bonus if scenario.mode is Mode.FULL and not state.types[0, own] else 0.0
        )
        future: FloatArray = np.where(state.over, 0.0, remaining * mean + bonus)
        return future
