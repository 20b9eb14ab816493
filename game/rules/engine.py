"""Resolve turns for a batch of games at once; an interactive game is a batch of one.

State arrays have a leading games axis, then a side axis (Red = 0, Blue = 1), then weapon
kinds. :func:`start_games` draws the hidden set-up and the first intelligence reports;
:func:`resolve_turn` applies one turn of secret orders in the order documented in
``docs/rules.md`` (execution, arsenals and money, treaties, intelligence, tension, conflict,
scoring). The engine never reads orders it was not given and never decides for anyone.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from game.rules import intel, scoring
from game.rules.model import (
    NO_KIND,
    NO_POSTURE_SEEN,
    NO_WINNER,
    SIGNAL_RULES,
    BoolArray,
    FloatArray,
    IntArray,
    Mode,
    Observation,
    ObservationBatch,
    Orders,
    OrdersBatch,
    Outcome,
    PastTurns,
    Posture,
    RulesParams,
    Scenario,
    Side,
    Signal,
    all_set,
    any_set,
)
from game.rules.noise import Draw, Noise

TREATY_SLACK = 1e-9
"""Arsenal above a treaty cap by less than this is rounding, not a violation."""
SIDE_ROWS = np.arange(2)
"""Row index of each side, to pick one value per side from a ``(2, K)`` weapon table."""
CARRIED_OUT = np.array([SIGNAL_RULES[signal].carried_out for signal in Signal])
"""By signal code: a public ceremony, whose posture is always carried out as ordered."""
_ARM, _HOLD, _DISARM = int(Posture.ARM), int(Posture.HOLD), int(Posture.DISARM)
_INSPECTION, _PROPOSE_CAP = int(Signal.INVITE_INSPECTION), int(Signal.PROPOSE_CAP)
_EXECUTION, _EXECUTION_CHOICE = int(Draw.EXECUTION), int(Draw.EXECUTION_CHOICE)
_DETECT, _LUCK = int(Draw.DETECT), int(Draw.LUCK)
"""Plain codes for the arrays of every turn (reading an enum member is slow)."""


@dataclass
class History:
    """Per-turn records of a batch, ``[turn, game, side]`` unless noted.

    Turn-major, so that recording a turn writes contiguous memory.

    Strategies see their own columns through observations; replays and the debrief read all.
    Entries of turns after a game ended hold ``-1`` (codes), ``False`` or ``nan`` (numbers).
    """

    ordered: IntArray
    requested: FloatArray
    """Amount ordered (what the player typed), before execution noise and limits."""
    executed: IntArray
    amount: FloatArray
    """Units actually built (arm) or destroyed (disarm); 0 when holding."""
    kind: IntArray
    signal: IntArray
    strike: BoolArray
    threatening: BoolArray
    """``[t, g, side]``: a build carried out that the other side sees as a threat."""
    seen_posture: IntArray
    """``[t, g, observer]``: the posture the observer thought the other carried out."""
    seen_kind: IntArray
    """``[t, g, observer]``: the weapon kind it saw moved, or ``NO_KIND``."""
    seen_threat: BoolArray
    """``[t, g, observer]``: it saw the other make a threatening build."""
    seen_signal: IntArray
    estimate: FloatArray
    """``[t, g, observer]``: the observer's estimate of the other's total after the turn."""
    arsenal: FloatArray
    """``[t, g, side, kind]``: true arsenal after the turn."""
    treasury: FloatArray
    tension: FloatArray
    """``[t, g]``: tension after the turn."""
    treaty: BoolArray
    """``[t, g]``: a treaty in force after the turn."""
    real_security: FloatArray
    felt_security: FloatArray
    cost: FloatArray
    turn_score: FloatArray

    @classmethod
    def empty(cls, games: int, turns: int, kinds: int) -> History:
        """Uninitialised records for ``turns`` turns; :func:`resolve_turn` fills them."""

        def codes() -> IntArray:
            return np.empty((turns, games, 2), dtype=np.int8)

        def numbers(*shape: int) -> FloatArray:
            return np.empty((turns, games, *shape))

        return cls(
            ordered=codes(),
            requested=numbers(2),
            executed=codes(),
            amount=numbers(2),
            kind=codes(),
            signal=codes(),
            strike=np.empty((turns, games, 2), dtype=np.bool_),
            threatening=np.empty((turns, games, 2), dtype=np.bool_),
            seen_posture=codes(),
            seen_kind=codes(),
            seen_threat=np.empty((turns, games, 2), dtype=np.bool_),
            seen_signal=codes(),
            estimate=numbers(2),
            arsenal=numbers(2, kinds),
            treasury=numbers(2),
            tension=numbers(),
            treaty=np.empty((turns, games), dtype=np.bool_),
            real_security=numbers(2),
            felt_security=numbers(2),
            cost=numbers(2),
            turn_score=numbers(2),
        )

    def close_from(self, turn: int) -> None:
        """Mark the turns from ``turn`` on as never played (every game has ended)."""
        for value in vars(self).values():
            if value.dtype == np.bool_:
                value[turn:] = False
            elif value.dtype == np.int8:
                value[turn:] = NO_POSTURE_SEEN
            else:
                value[turn:] = np.nan


@dataclass
class GameState:
    """The true state of a batch of games. Only the engine, replays and the debrief read it."""

    scenario: Scenario
    noise: Noise
    turn: int
    arsenal: FloatArray
    treasury: FloatArray
    types: IntArray
    tension: FloatArray
    crisis: BoolArray
    treaty_active: BoolArray
    treaty_cap: FloatArray
    over: BoolArray
    outcome: IntArray
    winner: IntArray
    end_turn: IntArray
    """Number of turns played (the war turn counts)."""
    score: FloatArray
    start_arsenal: FloatArray
    """``[game, side, kind]``: each side's weapons at the start (accumulation is judged
    against it)."""
    report: intel.Reports
    felt_security: FloatArray
    history: History

    @property
    def games(self) -> int:
        """Number of games in the batch."""
        return len(self.over)

    @property
    def finished(self) -> bool:
        """True once every game in the batch has ended."""
        return all_set(self.over)

    def observe(self, side: Side) -> ObservationBatch:
        """What ``side`` knows now, in every game of the batch."""
        own, other = int(side), 1 - int(side)
        turn = self.turn
        report = self.report
        history = self.history
        params = self.scenario.params_at(min(turn, self.scenario.turns - 1))
        return ObservationBatch(
            side=side,
            turn=turn,
            scenario=self.scenario,
            active=~self.over,
            own_type=self.types[:, own],
            arsenal=self.arsenal[:, own],
            treasury=self.treasury[:, own],
            estimate=report.total[:, own],
            uncertainty=report.uncertainty[:, own],
            estimate_by_kind=report.by_kind[:, own] if params.distinguishable else None,
            seen_posture=report.seen_posture[:, own],
            seen_kind=report.seen_kind[:, own],
            seen_threat=report.seen_threat[:, own],
            seen_signal=report.seen_signal[:, own],
            inspected=report.inspected[:, own],
            verified_cut=report.verified_cut[:, own],
            tension=self.tension,
            crisis=self.crisis,
            treaty_active=self.treaty_active,
            treaty_cap=self.treaty_cap[:, [own, other]],
            felt_security=self.felt_security[:, own],
            past=PastTurns(
                ordered=history.ordered[:turn, :, own].T,
                executed=history.executed[:turn, :, own].T,
                amount=history.amount[:turn, :, own].T,
                signal=history.signal[:turn, :, own].T,
                seen_posture=history.seen_posture[:turn, :, own].T,
                seen_kind=history.seen_kind[:turn, :, own].T,
                seen_threat=history.seen_threat[:turn, :, own].T,
                seen_signal=history.seen_signal[:turn, :, own].T,
                estimate=history.estimate[:turn, :, own].T,
                tension=history.tension[:turn].T,
            ),
        )


def start_games(scenario: Scenario, noise: Noise) -> GameState:
    """Set up a batch: draw hidden types and the first intelligence reports (noise row 0)."""
    games = noise.shared.shape[1]
    params = scenario.params_at(0)
    setup = noise.uniform[0]
    types = (setup[:, :, Draw.TYPE] < scenario.expansionist_probability).astype(np.int8)
    arsenal = np.broadcast_to(scenario.start_arsenal, (games, 2, scenario.kinds)).copy()
    report = intel.first_reports(arsenal, params, noise.normal[0])
    treasury = np.broadcast_to(scenario.start_treasury, (games, 2)).copy()
    tension = np.full(games, scenario.start_tension)
    history = History.empty(games, scenario.turns, scenario.kinds)
    return _running(scenario, noise, 0, arsenal, treasury, types, tension, report, history)


def _running(
    scenario: Scenario,
    noise: Noise,
    turn: int,
    arsenal: FloatArray,
    treasury: FloatArray,
    types: IntArray,
    tension: FloatArray,
    report: intel.Reports,
    history: History,
) -> GameState:
    """A batch of games in progress at ``turn``: no treaty, no outcome, no score yet."""
    games = len(tension)
    params = scenario.params_at(turn)
    return GameState(
        scenario=scenario,
        noise=noise,
        turn=turn,
        arsenal=arsenal,
        treasury=treasury,
        types=types,
        tension=tension,
        crisis=tension >= params.crisis_threshold,
        treaty_active=np.zeros(games, dtype=np.bool_),
        treaty_cap=np.zeros((games, 2)),
        over=np.zeros(games, dtype=np.bool_),
        outcome=np.full(games, Outcome.ONGOING, dtype=np.int8),
        winner=np.full(games, NO_WINNER, dtype=np.int8),
        end_turn=np.zeros(games, dtype=np.int16),
        score=np.zeros((games, 2)),
        start_arsenal=arsenal.copy(),
        report=report,
        felt_security=scoring.felt_security(arsenal, report, params),
        history=history,
    )


def hypothetical_games(
    scenario: Scenario,
    noise: Noise,
    turn: int,
    arsenal: FloatArray,
    treasury: FloatArray,
    types: IntArray,
    tension: FloatArray,
    seen_posture: IntArray,
) -> GameState:
    """A batch of imagined games that start at ``turn`` from the given state.

    Planning AIs use it as their forward model: the same rules, played from states they
    sampled from their own beliefs (never from the true state). Each side's report starts
    exact, with ``seen_posture`` ``[game, observer]`` as the last posture it saw; turns
    before ``turn`` are recorded as never played.
    """
    games = len(tension)
    history = History.empty(games, scenario.turns, scenario.kinds)
    history.close_from(0)
    other = arsenal[:, ::-1]
    report = intel.Reports(
        total=other.sum(axis=2),
        uncertainty=np.zeros((games, 2)),
        by_kind=other.copy(),
        seen_posture=seen_posture.astype(np.int8),
        seen_kind=np.full((games, 2), NO_KIND, dtype=np.int8),
        seen_threat=seen_posture == Posture.ARM,
        seen_signal=np.full((games, 2), Signal.NONE, dtype=np.int8),
        inspected=np.zeros((games, 2), dtype=np.bool_),
        verified_cut=np.full((games, 2), np.nan),
    )
    return _running(
        scenario,
        noise,
        turn,
        arsenal.copy(),
        treasury.copy(),
        types.astype(np.int8),
        tension.copy(),
        report,
        history,
    )


def _carry_out(
    ordered: IntArray, signal: IntArray, scenario: Scenario, params: RulesParams, draws: FloatArray
) -> IntArray:
    """Execution noise: with probability ``execution_error`` another allowed posture happens.

    A signal that is a public ceremony (a unilateral cut) is carried out as ordered.
    """
    accident = draws[..., _EXECUTION] < params.execution_error
    if not any_set(accident):  # most turns: every order is carried out as given
        return ordered
    accident &= ~CARRIED_OUT[signal]
    swapped = intel.swapped_where(accident, ordered, scenario, draws[..., _EXECUTION_CHOICE])
    executed: IntArray = swapped.astype(np.int8)
    return executed


Moves = tuple[FloatArray, FloatArray, FloatArray, FloatArray, FloatArray]


def _moves(
    scenario: Scenario,
    params: RulesParams,
    ordered: IntArray,
    executed: IntArray,
    given: FloatArray,
    kind: IntArray,
    signal: IntArray,
    before: FloatArray,
    treasury: FloatArray,
) -> Moves:
    """Step 2: units built and cut, the arsenal after, money spent and the cost score."""
    full = scenario.mode is Mode.FULL
    requested = np.minimum(
        np.maximum(np.where(np.isfinite(given), given, 0.0), 0.0), scenario.max_change
    )
    moving = (ordered != _HOLD) & (requested > 0) & full
    amount = np.where(moving, requested, scenario.default_amount)
    chosen = np.arange(scenario.kinds) == kind[..., None]  # (G, 2, K) one-hot
    price = params.build_cost[SIDE_ROWS, kind]  # each side pays its own price
    budget = np.maximum(treasury + params.income, 0.0)
    affordable = np.full(price.shape, np.inf)  # a free weapon: as many as asked
    with np.errstate(over="ignore"):  # a price near 0: as many as asked, too
        np.divide(budget, price, out=affordable, where=price > 0)
    build = np.where(executed == _ARM, np.minimum(amount, affordable), 0.0)
    stock = before[np.arange(len(kind))[:, None], SIDE_ROWS, kind]  # each side's chosen kind
    cut = np.where(executed == _DISARM, np.minimum(amount, stock), 0.0)
    arsenal = np.maximum(before + chosen * (build - cut)[..., None], 0.0)
    spending, cost = scoring.turn_cost(build, cut, price, arsenal, signal, params)
    return build, cut, arsenal, spending, cost


@dataclass(frozen=True)
class Preview:
    """What one side's orders would do if carried out as given (no noise): for screens."""

    built: float
    cut: float
    arsenal_after: tuple[float, ...]
    spending: float
    cost_score: float
    treasury_after: float


def preview_orders(observation: Observation, orders: Orders) -> Preview:
    """The engine's own step 2 applied to one side's orders, from that side's observation."""
    scenario = observation.scenario
    side = int(observation.side)
    params = scenario.params_at(observation.turn)
    arsenal = np.zeros((1, 2, scenario.kinds))
    arsenal[0, side] = observation.arsenal
    treasury = np.zeros((1, 2))
    treasury[0, side] = observation.treasury
    own = OrdersBatch.from_orders([orders])
    hold = OrdersBatch.repeat(Orders(), 1)
    red, blue = (own, hold) if side == 0 else (hold, own)
    ordered = np.stack([red.posture, blue.posture], axis=1)
    build, cut, after, spending, cost = _moves(
        scenario,
        params,
        ordered,
        ordered,
        np.stack([red.amount, blue.amount], axis=1),
        np.clip(np.stack([red.kind, blue.kind], axis=1), 0, scenario.kinds - 1),
        np.stack([red.signal, blue.signal], axis=1),
        arsenal,
        treasury,
    )
    return Preview(
        built=float(build[0, side]),
        cut=float(cut[0, side]),
        arsenal_after=tuple(float(x) for x in after[0, side]),
        spending=float(spending[0, side]),
        cost_score=float(cost[0, side]),
        treasury_after=float(observation.treasury + params.income[side] - spending[0, side]),
    )


def _pair(red: np.ndarray, blue: np.ndarray) -> np.ndarray:
    """``[game, side]`` from each side's ``[game]`` values (as ``np.stack(axis=1)``, quicker)."""
    return np.array((red, blue)).T


def resolve_turn(state: GameState, red: OrdersBatch, blue: OrdersBatch) -> None:
    """Apply one turn of simultaneous orders to every game still running (in place).

    Orders are assumed valid (see :func:`game.rules.model.order_problems`); amounts and kinds
    are clipped defensively so a bad caller cannot make an arsenal negative.
    """
    scenario = state.scenario
    turn = state.turn
    if turn >= scenario.turns:
        raise ValueError(f"the game is over: all {scenario.turns} turns have been played")
    params = scenario.params_at(turn)
    kinds = scenario.kinds
    active = ~state.over
    draws = state.noise.uniform[turn + 1]
    normals = state.noise.normal[turn + 1]
    war_draw = state.noise.shared[turn + 1]
    full = scenario.mode is Mode.FULL

    ordered = _pair(red.posture, blue.posture).astype(np.int8)
    signal = _pair(red.signal, blue.signal).astype(np.int8)
    kind = np.minimum(np.maximum(_pair(red.kind, blue.kind), 0), kinds - 1).astype(np.int8)
    given = _pair(red.amount, blue.amount)
    strike = _pair(red.strike, blue.strike) & scenario.strike_allowed & full
    strike &= active[:, None]

    # 1. Execution.
    executed = _carry_out(ordered, signal, scenario, params, draws)
    moves = _moves(
        scenario, params, ordered, executed, given, kind, signal, state.arsenal, state.treasury
    )
    build, cut, arsenal, spending, cost = moves
    treasury = state.treasury + params.income - spending
    totals = np.add.reduce(arsenal, axis=2)

    # 3. Treaties: violations of a cap in force may be detected; a mutual proposal makes one.
    inspected = signal == _INSPECTION
    violating = state.treaty_active[:, None] & (totals > state.treaty_cap + TREATY_SLACK)
    chance = np.where(inspected, 1.0, params.treaty_detection)
    detected = violating & (draws[:, ::-1, _DETECT] < chance)
    proposed = (signal == _PROPOSE_CAP).all(axis=1)
    formed = ~state.treaty_active & proposed
    treaty_active = (state.treaty_active & ~detected.any(axis=1)) | formed
    treaty_cap = np.where(formed[:, None], totals, state.treaty_cap)

    # 4. Intelligence: each side's new report on the other.
    report = intel.next_reports(
        arsenal, executed, kind, signal, cut, scenario, params, draws, normals
    )

    # 5. Tension: what the world sees being built, weighted by how threatening it looks.
    threat = scoring.alarm(params)[SIDE_ROWS, kind]
    threatening = (build > 0) & scoring.threatening(params)[SIDE_ROWS, kind]
    if not full:
        threatening = executed == _ARM
    change = params.tension_arm * np.add.reduce(build * threat, axis=1)
    change -= params.tension_disarm * np.add.reduce(cut * threat, axis=1)
    change = change / scenario.max_change
    for sent, per_signal in scoring.signal_tension(params):
        change += per_signal * np.add.reduce(signal == sent, axis=1)
    change -= params.tension_treaty * formed
    change += params.tension_violation * np.add.reduce(detected, axis=1)
    tension = np.minimum(
        np.maximum(state.tension * (1.0 - params.tension_decay) + change, 0.0), 1.0
    )
    crisis = tension >= params.crisis_threshold

    # 6. Conflict: a strike, or a crisis that escalates.
    offense, defense = scoring.power(arsenal, params)
    war_chance = scoring.war_chance(offense, defense, tension, params) if full else 0.0
    crisis_war = active & (war_draw < war_chance)
    war = crisis_war | np.logical_or.reduce(strike, axis=1)
    any_war = any_set(war)
    if any_war:
        luck = -np.log1p(-draws[..., _LUCK])
        winner, outcome = scoring.war_result(offense, defense, strike, luck)
    else:  # no war in any game: nobody wins or loses, and no outcome is read below
        winner = outcome = np.full(len(war), NO_WINNER, dtype=np.int8)

    # 7. Scoring.
    real = scoring.real_security(offense, defense, params)
    felt = scoring.felt_security(arsenal, report, params)
    if full:
        advantage = scoring.advantage(offense, defense) * state.types
        turn_score = (
            params.weight_security * real
            - params.weight_cost * cost
            + params.weight_advantage * advantage
        )
        if any_war:  # else the war points are 0 for everyone
            harm = scoring.war_harm(offense, defense, strike)
            turn_score += scoring.war_points(war, winner, harm, state.types, params)
    else:
        arms = (executed == _ARM).astype(np.intp)
        turn_score = params.payoff[arms, arms[:, ::-1]]

    last_turn = turn == scenario.turns - 1
    peaceful_end = active & ~war & last_turn
    if last_turn:
        grown = scoring.accumulated(state.start_arsenal, arsenal, params, scenario.default_amount)
        peace = scoring.peace_outcome(treaty_active, grown)
        outcome = np.where(war, outcome, peace).astype(np.int8)
        if full:
            turn_score += np.where(
                peaceful_end[:, None] & (state.types == 0), params.peace_bonus, 0.0
            )

    # Commit for running games only (finished games keep their final state).
    all_active = all_set(active)
    if all_active:

        def keep(new: np.ndarray, old: np.ndarray | float) -> np.ndarray:
            return new

    else:

        def keep(new: np.ndarray, old: np.ndarray | float) -> np.ndarray:
            mask = active.reshape(active.shape + (1,) * (np.ndim(new) - 1))
            result: np.ndarray = np.where(mask, new, old)
            return result

    history = state.history
    history.ordered[turn] = keep(ordered, NO_POSTURE_SEEN)
    history.requested[turn] = keep(given, np.nan)
    history.executed[turn] = keep(executed, NO_POSTURE_SEEN)
    history.amount[turn] = keep(build + cut, np.nan)
    history.kind[turn] = keep(kind, NO_POSTURE_SEEN)
    history.signal[turn] = keep(signal, NO_POSTURE_SEEN)
    history.strike[turn] = strike
    history.threatening[turn] = active[:, None] & threatening
    history.seen_posture[turn] = keep(report.seen_posture, NO_POSTURE_SEEN)
    history.seen_kind[turn] = keep(report.seen_kind, NO_KIND)
    history.seen_threat[turn] = active[:, None] & report.seen_threat
    history.seen_signal[turn] = keep(report.seen_signal, NO_POSTURE_SEEN)
    history.estimate[turn] = keep(report.total, np.nan)
    history.arsenal[turn] = keep(arsenal, np.nan)
    history.treasury[turn] = keep(treasury, np.nan)
    history.tension[turn] = keep(tension, np.nan)
    history.treaty[turn] = active & treaty_active
    history.real_security[turn] = keep(real, np.nan)
    history.felt_security[turn] = keep(felt, np.nan)
    history.cost[turn] = keep(cost, np.nan)
    history.turn_score[turn] = keep(turn_score, np.nan)

    state.arsenal = keep(arsenal, state.arsenal)
    state.treasury = keep(treasury, state.treasury)
    state.tension = keep(tension, state.tension)
    state.crisis = keep(crisis, state.crisis)
    state.treaty_active = keep(treaty_active, state.treaty_active)
    state.treaty_cap = keep(treaty_cap, state.treaty_cap)
    state.report = report if all_active else intel.select(active, report, state.report)
    state.felt_security = keep(felt, state.felt_security)
    state.score = state.score + keep(turn_score, 0.0)
    ending = active & (war | last_turn)
    if any_set(ending):  # most turns, no game ends
        state.outcome = np.where(ending, outcome, state.outcome).astype(np.int8)
        state.winner = np.where(active & war, winner, state.winner).astype(np.int8)
        state.end_turn = np.where(ending, turn + 1, state.end_turn).astype(np.int16)
        state.over = state.over | ending
        if all_set(state.over):
            history.close_from(turn + 1)
    state.turn = turn + 1
