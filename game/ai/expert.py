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

The rule is written once, for a batch of games: the imagined worlds of every game are
played forward together in one engine batch, which is what lets the lab run a thousand
games of it. A single game is a batch of one.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import ClassVar

import numpy as np

from game.ai.beliefs import posterior
from game.ai.catalog import register
from game.ai.classic import AlwaysArm, TitForTat
from game.ai.composite import TrueToType
from game.ai.expansionist import Expansionist
from game.ai.protocol import GeneratorSource, Outlook, Rule, moved_kinds
from game.rules.engine import GameState, hypothetical_games, resolve_turn
from game.rules.model import (
    NO_POSTURE_SEEN,
    BoolArray,
    FloatArray,
    IndexArray,
    IntArray,
    Mode,
    NationType,
    ObservationBatch,
    OrdersBatch,
    Posture,
    Side,
    Signal,
)
from game.rules.noise import SHARED_DRAWS, SIDE_DRAWS, Noise

SAMPLES = (4, 8, 16, 32, 64)
PREVENTIVE_BELIEF = 0.9
"""How sure a security seeker must be that the other side is expansionist before it even
considers striking first: a preventive war, to stop an attack it expects, never for gain."""
HORIZONS = (2, 4, 6, 9, 12)
SEARCH_CELLS = 1_000_000
"""Imagined games × turns searched in one engine batch: the engine records every turn of
the level, so this bounds the memory of a search, as the runner bounds its batches."""


class _NoGenerators:
    """The generator source of the imagined opponents, which draw nothing."""

    def __init__(self, games: int) -> None:
        self._games = games

    def __getitem__(self, game: int) -> np.random.Generator:
        raise RuntimeError("the expert's imagined players must not draw random numbers")

    def __len__(self) -> int:
        return self._games

    def uniforms(self, turn: int, games: IndexArray | None = None) -> FloatArray:
        raise RuntimeError("the expert's imagined players must not draw random numbers")


@dataclass(frozen=True)
class Menu:
    """The moves worth considering in every game of a batch.

    The level fixes a short list of move slots; each game offers the slots its belief and
    what it saw allow. Arrays are ``[game, slot]``, except the slots' shared words.
    """

    posture: IntArray
    """``[slot]``"""
    amount: FloatArray
    """``[slot]``"""
    signal: IntArray
    """``[slot]``"""
    strike: BoolArray
    """``[slot]``"""
    kind: IntArray
    """``[game, slot]``: the weapon kind each move would build or cut."""
    offered: BoolArray
    """``[game, slot]``"""

    @classmethod
    def of(cls, observations: ObservationBatch, belief: FloatArray) -> Menu:
        """The moves worth considering, given each game's belief that the other is expansionist.

        A security seeker is *nice*: it considers arming only once it has seen the other make a
        threatening build, or believes it more likely expansionist than not (the deterrence
        model), and a first strike only as a preventive war, when it is at least
        :data:`PREVENTIVE_BELIEF` sure of that. An expansionist considers everything.
        """
        scenario = observations.scenario
        games = observations.games
        seeker = observations.own_type == NationType.SECURITY_SEEKER
        provoked = observations.seen_move == Posture.ARM
        may_arm = ~seeker | provoked | (belief >= 0.5)
        may_strike = scenario.strike_allowed & (~seeker | (belief >= PREVENTIVE_BELIEF))
        outlook = Outlook.of_batch(observations)
        kinds = {
            posture: moved_kinds(outlook, np.full(games, posture, dtype=np.int8))
            for posture in scenario.postures
        }
        everywhere = np.ones(games, dtype=np.bool_)
        slots: list[tuple[Posture, float, Signal, bool, BoolArray]] = []

        def add(
            posture: Posture,
            amount: float,
            signal: Signal,
            offered: BoolArray,
            strike: bool = False,
        ) -> None:
            if posture not in scenario.postures:
                return
            if scenario.mode is Mode.MATRIX or posture is Posture.HOLD:
                amount = 0.0 if posture is Posture.HOLD else scenario.default_amount
            signal = signal if signal in scenario.signals else Signal.NONE
            slots.append((posture, amount, signal, strike, offered))

        step, most = scenario.default_amount, scenario.max_change
        add(Posture.DISARM, step, Signal.REASSURE, everywhere)
        if Signal.INVITE_INSPECTION in scenario.signals:
            add(Posture.DISARM, step, Signal.INVITE_INSPECTION, everywhere)
        add(Posture.HOLD, 0.0, Signal.REASSURE, everywhere)
        add(Posture.ARM, step, Signal.NONE, may_arm)
        if scenario.mode is Mode.FULL and most > step:
            add(Posture.ARM, most, Signal.WARN, may_arm)
        add(Posture.ARM, most, Signal.NONE, may_strike, strike=True)
        postures, amounts, signals, strikes, offered = zip(*slots, strict=True)
        return cls(
            posture=np.array(postures, dtype=np.int8),
            amount=np.array(amounts, dtype=np.float64),
            signal=np.array(signals, dtype=np.int8),
            strike=np.array(strikes, dtype=np.bool_),
            kind=np.stack([kinds[posture] for posture in postures], axis=1),
            offered=np.stack(offered, axis=1),
        )

    @property
    def count(self) -> IndexArray:
        """``[game]``: how many moves each game considers."""
        counted: IndexArray = self.offered.sum(axis=1)
        return counted

    def slot_of(self, game: IndexArray, choice: IndexArray) -> IndexArray:
        """The slot of each game's ``choice``-th offered move (counting in slot order)."""
        rank = np.cumsum(self.offered[game], axis=1) - 1
        slot: IndexArray = np.argmax(self.offered[game] & (rank == choice[:, None]), axis=1)
        return slot

    def orders(self, slot: IndexArray) -> OrdersBatch:
        """Each game's move in its given slot."""
        games = np.arange(len(slot))
        return OrdersBatch(
            posture=self.posture[slot],
            amount=self.amount[slot],
            kind=self.kind[games, slot],
            signal=self.signal[slot],
            strike=self.strike[slot],
        )

    def moves(self, game: IndexArray, repeat: int) -> OrdersBatch:
        """The offered moves of the given games, each ``repeat`` times over.

        Game after game, and within a game in slot order.
        """
        rows, slots = (np.repeat(axis, repeat) for axis in np.nonzero(self.offered[game]))
        return OrdersBatch(
            posture=self.posture[slots],
            amount=self.amount[slots],
            kind=self.kind[game[rows], slots],
            signal=self.signal[slots],
            strike=self.strike[slots],
        )


@register
class Expert(Rule):
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
    quickest: ClassVar[Mapping[str, int | float | str]] = {"difficulty": 1}

    def __init__(self, difficulty: int = 5) -> None:
        if difficulty not in range(1, 6):
            raise ValueError(f"difficulty must be 1 to 5 (got {difficulty})")
        self.samples = SAMPLES[difficulty - 1]
        self.horizon = HORIZONS[difficulty - 1]
        self.continuation = TitForTat()

    def decide_batch(self, observations: ObservationBatch, rngs: GeneratorSource) -> OrdersBatch:
        """Search in every running game that has a choice, and play its best move.

        A game draws from its own generator only when it has more than one move to weigh,
        so that it gets the same orders in any batch.
        """
        belief = posterior(
            observations.scenario,
            observations.side,
            observations.executed_history,
            observations.seen_move_history,
            observations.seen_signal_history,
        )
        moves = Menu.of(observations, belief)
        choice = np.zeros(observations.games, dtype=np.intp)
        searched = np.flatnonzero(observations.active & (moves.count > 1))
        room = max(1, SEARCH_CELLS // observations.scenario.turns)
        start = 0
        while start < len(searched):  # as many games at once as their imagined games fit
            imagined = np.cumsum(moves.count[searched[start:]] * self.samples)
            stop = start + max(1, int(np.searchsorted(imagined, room, side="right")))
            part = searched[start:stop]
            choice[part] = self._search(observations, belief, moves, part, rngs)
            start = stop
        slot = np.argmax(moves.offered, axis=1)
        slot[searched] = moves.slot_of(searched, choice[searched])
        return moves.orders(slot)

    def _search(
        self,
        observations: ObservationBatch,
        belief: FloatArray,
        moves: Menu,
        searched: IndexArray,
        rngs: GeneratorSource,
    ) -> IndexArray:
        """For each searched game, which of its offered moves has the best mean imagined score.

        Imagined game ``i · worlds + w`` of a game plays its ``i``-th move in world ``w``;
        the games' imagined games follow one another in one batch.
        """
        scenario = observations.scenario
        side = observations.side
        own, other = int(side), 1 - int(side)
        worlds, kinds, turn = self.samples, scenario.kinds, observations.turn
        params = scenario.params_at(turn)
        horizon = min(self.horizon, scenario.turns - turn)
        count = moves.count[searched]
        sizes = count * worlds
        starts = np.concatenate([[0], np.cumsum(sizes)[:-1]])
        games = int(sizes.sum())

        # Imagined worlds: the other's type and true arsenal, drawn from what each game knows.
        by_kind = observations.estimate_by_kind
        error_shape = (worlds, kinds) if by_kind is not None else (worlds,)
        expansionist = np.empty((len(searched), worlds), dtype=np.bool_)
        errors = np.empty((len(searched), *error_shape))
        rows = turn + 1 + horizon
        uniform = np.empty((rows, games, 2, SIDE_DRAWS))
        shared = np.empty((rows, games))
        normal = np.empty((rows, games, 2, kinds + 1))
        ahead = slice(turn + 1, rows)
        for position, game in enumerate(searched.tolist()):
            rng = rngs[game]
            block = slice(int(starts[position]), int(starts[position] + sizes[position]))
            size = int(sizes[position])
            expansionist[position] = rng.random(worlds) < belief[game]
            errors[position] = rng.standard_normal(error_shape)
            uniform[ahead, block] = rng.random((horizon, size, 2, SIDE_DRAWS))
            shared[ahead, block] = rng.random((horizon, size, SHARED_DRAWS))[..., 0]
            normal[ahead, block] = rng.standard_normal((horizon, size, 2, kinds + 1))

        bias = 1.0 + float(params.fear[own])  # a rational planner corrects its own fear
        uncertainty = observations.uncertainty[searched]
        if by_kind is not None:
            guess = by_kind[searched] / bias
            their = guess[:, None, :] + uncertainty[:, None, None] * errors
        else:
            mix = observations.arsenal[searched] + 1e-9
            total = observations.estimate[searched, None] / bias + uncertainty[:, None] * errors
            their = total[:, :, None] * (mix / mix.sum(axis=1, keepdims=True))[:, None, :]
        their = np.maximum(their, 0.0)

        # Lay the imagined games out: game, then move, then world.
        real = np.repeat(searched, sizes)
        owner = np.repeat(np.arange(len(searched)), sizes)
        world = np.arange(games) % worlds
        arsenal = np.empty((games, 2, kinds))
        arsenal[:, own] = observations.arsenal[real]
        arsenal[:, other] = their[owner, world]
        types = np.empty((games, 2), dtype=np.int8)
        types[:, own] = observations.own_type[real]
        types[:, other] = expansionist[owner, world]
        seen = np.empty((games, 2), dtype=np.int8)
        seen[:, own] = observations.seen_posture[real]
        seen[:, other] = observations.executed_history[real, -1] if turn else NO_POSTURE_SEEN
        treasury = np.repeat(observations.treasury[real, None], 2, axis=1)
        state = hypothetical_games(
            scenario,
            Noise(uniform, shared, normal),
            turn,
            arsenal,
            treasury,
            types,
            observations.tension[real],
            seen,
        )
        value = self._rollout(state, side, moves.moves(searched, worlds), horizon)

        mean = value.reshape(-1, worlds).mean(axis=1)
        table = np.full((len(searched), int(count.max())), -np.inf)
        table[np.repeat(np.arange(len(searched)), count), _ranks(count)] = mean
        best: IndexArray = np.argmax(table, axis=1)
        return best

    def _rollout(
        self, state: GameState, side: Side, first: OrdersBatch, horizon: int
    ) -> FloatArray:
        """Play the imagined games forward and value each one for ``side``.

        An imagined seeker reciprocates; an imagined expansionist exploits (in matrix mode
        simply by defecting every turn). The value is the rollout's score plus the rest of
        the game: the rollout's mean turn score for every remaining turn (a mean, not the
        last turn, so that alternating patterns are valued fairly), and a security seeker's
        peace bonus, unless the imagined game is already over.
        """
        scenario = state.scenario
        own = int(side)
        params = scenario.params_at(state.turn)
        exploiter = Expansionist() if scenario.mode is Mode.FULL else AlwaysArm()
        opponent = TrueToType(TitForTat(), exploiter)
        source = _NoGenerators(state.games)
        scored = np.zeros(state.games)
        played = np.zeros(state.games)
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
            turn_score = state.history.turn_score[state.turn - 1, :, own]
            counted = ~np.isnan(turn_score)
            scored += np.where(counted, turn_score, 0.0)
            played += counted
        remaining = scenario.turns - state.turn
        if remaining <= 0:
            future = np.zeros(state.games)
        else:
            # every game played the rollout's first turn, so none has played nothing
            bonus = np.where(
                (scenario.mode is Mode.FULL) & (state.types[:, own] == 0), params.peace_bonus, 0.0
            )
            future = np.where(state.over, 0.0, remaining * (scored / played) + bonus)
        value: FloatArray = state.score[:, own] + future
        return value


def _ranks(count: IndexArray) -> IndexArray:
    """``0, 1, …, c − 1`` for each ``c`` in ``count``, one after the other."""
    starts = np.repeat(np.cumsum(count) - count, count)
    ranks: IndexArray = np.arange(int(count.sum())) - starts
    return ranks
