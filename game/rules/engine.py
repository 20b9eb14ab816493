"""Resolve turns for a batch of games at once; an interactive game is a batch of one.

State arrays have a leading games axis, then a side axis (Red = 0, Blue = 1), then weapon
kinds. :func:`start_games` draws the hidden set-up and the first intelligence reports;
:func:`resolve_turn` applies one turn of secret orders in the order documented in
``docs/rules.md`` (execution, arsenals and money, treaties, intelligence, tension, conflict,
scoring). The engine never reads orders it was not given and never decides for anyone.
"""

from __future__ import annotations

from contextlib import nullcontext
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from game.rules import intel, scoring
from game.rules.model import (
    NO_KIND,
    NO_POSTURE_SEEN,
    NO_WINNER,
    SIGNAL_RULES,
    BoolArray,
    FloatArray,
    IndexArray,
    IntArray,
    Memory,
    Mode,
    Observation,
    ObservationBatch,
    Orders,
    OrdersBatch,
    Outcome,
    PastSoFar,
    Posture,
    RulesParams,
    Scenario,
    Side,
    Signal,
    all_set,
    any_set,
    filled,
    one_observation,
)
from game.rules.noise import Draw, Noise
from game.rules.scoring import per_rules

MIN_SAFE_PRICE = 1e-200
"""A price from which a budget divided by it is finite (budgets stay far below 1e100)."""
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
        own = int(side)
        turn = self.turn
        report = self.report
        history = self.history
        params = self.scenario.params_at(min(turn, self.scenario.turns - 1))
        return ObservationBatch.made(
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
            treaty_cap=(self.treaty_cap if own == 0 else self.treaty_cap[:, ::-1]).copy(),
            felt_security=self.felt_security[:, own],
            past=PastSoFar(
                (
                    history.ordered,
                    history.executed,
                    history.amount,
                    history.signal,
                    history.seen_posture,
                    history.seen_kind,
                    history.seen_threat,
                    history.seen_signal,
                    history.estimate,
                    history.tension,
                ),
                own,
                turn,
            ),
        )

    def observation(self, side: Side, game: int, history: tuple[Memory, ...]) -> Observation:
        """What ``side`` knows now in one game, its past given as the caller kept it.

        ``observe(side).game(game, history)`` read straight from the state's arrays: a
        replay re-played turn by turn asks this twice a turn, and would make a batch of
        every game's observations only to read one.
        """
        own, other = int(side), 1 - int(side)
        turn = self.turn
        report = self.report
        params = self.scenario.params_at(min(turn, self.scenario.turns - 1))
        at = (game, own)
        return one_observation(
            side,
            turn,
            self.scenario,
            self.types.item(at),
            self.arsenal[at].tolist(),
            self.treasury.item(at),
            (
                report.total.item(at),
                report.uncertainty.item(at),
                report.by_kind[at].tolist() if params.distinguishable else (),
                report.seen_posture.item(at),
                report.seen_kind.item(at),
                report.seen_threat.item(at),
                report.seen_signal.item(at),
                report.inspected.item(at),
                report.verified_cut.item(at),
            ),
            self.tension.item(game),
            self.crisis.item(game),
            (
                (self.treaty_cap.item(at), self.treaty_cap.item(game, other))
                if self.treaty_active.item(game)
                else None
            ),
            self.felt_security.item(at),
            history,
            None,
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
    if not params.execution_error:  # no accidents in these rules: skip the draws
        return ordered
    accident = draws[..., _EXECUTION] < params.execution_error
    if not any_set(accident):  # most turns: every order is carried out as given
        return ordered
    accident &= ~CARRIED_OUT[signal]
    swapped = intel.swapped_where(accident, ordered, scenario, draws[..., _EXECUTION_CHOICE])
    executed: IntArray = swapped.astype(np.int8, copy=False)
    return executed


Moves = tuple[FloatArray, FloatArray, FloatArray, FloatArray, FloatArray]


@lru_cache(maxsize=8)
def _counting(length: int) -> IndexArray:
    """``[0, 1, ..., length - 1]``, made once: a turn uses it to index games and kinds."""
    values = np.arange(length)
    values.flags.writeable = False
    return values


@per_rules
def _always_priced(params: RulesParams) -> bool:
    """Every weapon costs enough that a budget divided by its price cannot overflow.

    Budgets stay far below 1e100 (treasuries and incomes are bounded by the level schema),
    so a price of at least :data:`MIN_SAFE_PRICE` gives a finite quotient; only a free
    weapon or one priced almost nothing needs the careful division.
    """
    return bool(np.all(params.build_cost >= MIN_SAFE_PRICE))


@per_rules
def _all_free(params: RulesParams) -> bool:
    """Every weapon costs nothing (as in the matrix games): as many as asked, always."""
    return not np.count_nonzero(params.build_cost)


@per_rules
def _nearly_free(params: RulesParams) -> bool:
    """Some weapon has a price above 0 but so small that a budget divided by it may overflow."""
    prices = params.build_cost
    return bool(np.count_nonzero((prices > 0) & (prices < MIN_SAFE_PRICE)))


def _chosen(params: RulesParams, name: str, table: np.ndarray, kind: IntArray) -> np.ndarray:
    """``[game, side]``: each side's entry of a ``(2, K)`` weapon table for the kind it chose.

    With one kind there is no choice: the table's column, repeated for every game.
    """
    if table.shape[1] == 1:
        return scoring.repeated(params, name, table[:, 0], kind.shape)  # type: ignore[no-any-return]
    return table[SIDE_ROWS, kind]


def _chosen_stock(arsenal: FloatArray, kind: IntArray) -> FloatArray:
    """``[game, side]``: how many weapons of its chosen kind each side has."""
    if arsenal.shape[2] == 1:
        stock: FloatArray = arsenal[..., 0]
    else:
        stock = arsenal[_counting(len(kind))[:, None], SIDE_ROWS, kind]
    return stock


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
    if scenario.mode is Mode.FULL:
        requested = np.minimum(
            np.maximum(np.where(np.isfinite(given), given, 0.0), 0.0), scenario.max_change
        )
        moving = (ordered != _HOLD) & (requested > 0)
        amount: FloatArray | float = np.where(moving, requested, scenario.default_amount)
    else:  # matrix games: every move is the standard amount
        amount = scenario.default_amount
    price = _chosen(params, "build_cost", params.build_cost, kind)  # each side pays its own
    income = scoring.repeated(params, "income", params.income, kind.shape)
    budget = np.maximum(treasury + income, 0.0)
    if _always_priced(params):
        affordable = budget / price
    else:
        affordable = filled(budget.shape, np.inf)  # a free weapon: as many as asked
        if not _all_free(params):
            with np.errstate(over="ignore") if _nearly_free(params) else nullcontext():
                np.divide(budget, price, out=affordable, where=price > 0)  # near 0: as many
    build = np.where(executed == _ARM, np.minimum(amount, affordable), 0.0)
    stock = _chosen_stock(before, kind)
    cut = np.where(executed == _DISARM, np.minimum(amount, stock), 0.0)
    change = (build - cut)[..., None]
    if scenario.kinds > 1:  # one kind: every move is of it (a product by 1)
        change = (_counting(scenario.kinds) == kind[..., None]) * change  # one-hot
    arsenal = np.maximum(before + change, 0.0)
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


def _codes(red: OrdersBatch, blue: OrdersBatch, kinds: int) -> tuple[IntArray, IntArray, IntArray]:
    """Both sides' ordered postures, signals and weapon kinds as ``[game, side]`` codes.

    One array holds all three, so that the kinds are clipped to the level's and the codes
    made ``int8`` in one go rather than once per field.
    """
    codes = np.array((red.posture, blue.posture, red.signal, blue.signal, red.kind, blue.kind))
    kind = codes[4:]
    if kinds == 1:
        kind.fill(0)
    else:
        np.minimum(np.maximum(kind, 0, out=kind), kinds - 1, out=kind)
    ordered, signal, chosen = codes.astype(np.int8, copy=False).reshape(3, 2, -1).transpose(0, 2, 1)
    return ordered, signal, chosen


def _treaties(
    state: GameState,
    signal: IntArray,
    totals: FloatArray,
    params: RulesParams,
    draws: FloatArray,
    spoken: bool,
) -> tuple[BoolArray, FloatArray, BoolArray | None, IntArray | int]:
    """Step 3: treaties in force after the turn, their caps, those formed, violations caught.

    Violations of a cap in force may be detected (always by an invited inspector); a
    proposal made by both sides makes a treaty capping each at its arsenal now. ``formed``
    is ``None`` when no treaty was formed anywhere, ``spoken`` whether any signal was sent.
    """
    kept = state.treaty_active
    violations: IntArray | int = 0  # no treaty in force anywhere: nothing to violate
    if any_set(kept):
        inspected = signal == _INSPECTION
        violating = kept[:, None] & (totals > state.treaty_cap + TREATY_SLACK)
        chance = np.where(inspected, 1.0, params.treaty_detection)
        detected = violating & (draws[:, ::-1, _DETECT] < chance)
        kept = kept & ~np.logical_or.reduce(detected, axis=1)
        violations = np.add.reduce(detected, axis=1)
    if not spoken:  # nobody proposed anything
        return kept, state.treaty_cap, None, violations
    proposing = signal == _PROPOSE_CAP
    proposed = proposing[:, 0] & proposing[:, 1]
    formed = ~state.treaty_active & proposed
    if not any_set(formed):  # most turns: the caps stay as they are
        return kept, state.treaty_cap, None, violations
    return kept | formed, np.where(formed[:, None], totals, state.treaty_cap), formed, violations


def _tension(
    state: GameState,
    params: RulesParams,
    build: FloatArray,
    cut: FloatArray,
    kind: IntArray,
    signal: IntArray,
    spoken: bool,
    formed: BoolArray | None,
    violations: IntArray | int,
) -> FloatArray:
    """Step 5: tension after the turn, decayed towards calm.

    What the world sees built and cut counts as much as it looks threatening; words,
    treaties formed and violations caught move it too. A term of signals or treaties that
    is zero everywhere is added as a number: the same sum as adding its array of zeros.
    """
    if not scoring.alarms_fully(params):  # else each unit counts fully (a product by 1)
        threat = _chosen(params, "alarm", scoring.alarm(params), kind)
        build, cut = build * threat, cut * threat
    change = params.tension_arm * scoring.summed(build)
    change -= params.tension_disarm * scoring.summed(cut)
    change = change / state.scenario.max_change
    if spoken:  # each signal's term, in code order, looked up by the pair of signals sent
        terms = scoring.words_tension(params)[signal[:, 0], signal[:, 1]]
        for index in range(terms.shape[1]):
            change += terms[:, index]
    else:  # nobody said anything: each term is a zero of its change's sign
        for _, per_signal in scoring.signal_tension(params):
            change += per_signal * 0
    change -= params.tension_treaty * (0 if formed is None else formed)
    change += params.tension_violation * violations
    tension: FloatArray = np.minimum(
        np.maximum(state.tension * (1.0 - params.tension_decay) + change, 0.0), 1.0
    )
    return tension


def _kept(new: np.ndarray, old: np.ndarray | float) -> np.ndarray:
    """The new value of every game (every game is running)."""
    return new


def _running_only(new: np.ndarray) -> np.ndarray:
    """A flag of every game as it is (every game is running)."""
    return new


def _spread(active: BoolArray, shape: tuple[int, ...]) -> tuple[BoolArray, ...]:
    """``active`` as a mask of each shape a turn records, ``[game]`` to ``shape``.

    ``np.where`` is quicker with a mask of the array's own shape than with one it must
    broadcast.
    """
    masks = [active]
    for size in range(2, len(shape) + 1):
        mask = np.empty(shape[:size], dtype=np.bool_)
        mask[...] = masks[-1][..., None]
        masks.append(mask)
    return tuple(masks)


def resolve_turn(state: GameState, red: OrdersBatch, blue: OrdersBatch) -> None:
    """Apply one turn of simultaneous orders to every game still running (in place).

    Orders are assumed valid (see :func:`game.rules.model.order_problems`); amounts and kinds
    are clipped defensively so a bad caller cannot make an arsenal negative. Every game of
    the batch is computed; the games that had already ended keep their state. Shortcuts
    taken when nothing happens anywhere (no accident, treaty, crisis or war) give the same
    numbers as the full formulas.
    """
    scenario = state.scenario
    turn = state.turn
    if turn >= scenario.turns:
        raise ValueError(f"the game is over: all {scenario.turns} turns have been played")
    params = scenario.params_at(turn)
    all_active = not any_set(state.over)
    active = ~state.over
    draws = state.noise.uniform[turn + 1]
    full = scenario.mode is Mode.FULL

    ordered, signal, kind = _codes(red, blue, scenario.kinds)
    given = _pair(red.amount, blue.amount)
    if full and scenario.strike_allowed:
        strike = _pair(red.strike, blue.strike) & active[:, None]
    else:
        strike = filled(ordered.shape, False, np.bool_)

    # 1. Execution.
    executed = _carry_out(ordered, signal, scenario, params, draws)
    moves = _moves(
        scenario, params, ordered, executed, given, kind, signal, state.arsenal, state.treasury
    )
    build, cut, arsenal, spending, cost = moves
    treasury = state.treasury + scoring.repeated(params, "income", params.income, kind.shape)
    treasury -= spending
    totals = scoring.summed(arsenal)

    # 3. Treaties.
    spoken = any_set(signal)  # most turns in most games: nobody says anything
    treaty_active, treaty_cap, formed, violations = _treaties(
        state, signal, totals, params, draws, spoken
    )

    # 4. Intelligence: each side's new report on the other.
    normals = state.noise.normal[turn + 1]
    report = intel.next_reports(
        arsenal, executed, kind, signal, cut, scenario, params, draws, normals, spoken
    )

    # 5. Tension.
    tension = _tension(state, params, build, cut, kind, signal, spoken, formed, violations)
    crisis = tension >= params.crisis_threshold
    if full:
        alarming = _chosen(params, "threatening", scoring.threatening(params), kind)
        threatening = (build > 0) & alarming
    else:
        threatening = executed == _ARM

    # 6. Conflict: a strike, or a crisis that escalates.
    offense, defense = scoring.power(arsenal, params)
    advantage = scoring.advantage(offense, defense) if full else None
    war = strike[:, 0] | strike[:, 1] if full and scenario.strike_allowed else None
    if advantage is not None and any_set(crisis):  # no crisis: no crisis war
        war_chance = scoring.war_chance(advantage, tension, params)
        crisis_war = active & (state.noise.shared[turn + 1] < war_chance)
        war = crisis_war if war is None else war | crisis_war
    if war is not None and not any_set(war):
        war = None  # no war in any game: nobody wins or loses, and no game ends in one
    winner = outcome = None
    if war is not None:
        luck = -np.log1p(-draws[..., _LUCK])
        winner, outcome = scoring.war_result(offense, defense, strike, luck)

    # 7. Scoring.
    real, felt = scoring.real_and_felt_security(offense, defense, report, params)
    if advantage is not None:
        turn_score = (
            params.weight_security * real
            - params.weight_cost * cost
            + params.weight_advantage * (advantage * state.types)
        )
        if war is not None and winner is not None:  # else the war points are 0 for everyone
            harm = scoring.war_harm(offense, defense, strike)
            turn_score += scoring.war_points(war, winner, harm, state.types, params)
    else:
        arms = (executed == _ARM).astype(np.intp)
        turn_score = params.payoff[arms, arms[:, ::-1]]

    last_turn = turn == scenario.turns - 1
    if last_turn:
        grown = scoring.accumulated(state.start_arsenal, arsenal, params, scenario.default_amount)
        peace = scoring.peace_outcome(treaty_active, grown)
        if war is not None and outcome is not None:
            peace = np.where(war, outcome, peace).astype(np.int8)
        outcome = peace
        if full:
            peaceful_end = active if war is None else active & ~war
            turn_score += np.where(
                peaceful_end[:, None] & (state.types == 0), params.peace_bonus, 0.0
            )

    # Commit for running games only (finished games keep their final state).
    keep, running = _kept, _running_only
    if not all_active:
        masks = _spread(active, arsenal.shape)

        def keep(new: np.ndarray, old: np.ndarray | float) -> np.ndarray:
            result: np.ndarray = np.where(masks[new.ndim - 1], new, old)
            return result

        def running(new: np.ndarray) -> np.ndarray:
            result: np.ndarray = masks[new.ndim - 1] & new
            return result

    history = state.history
    history.ordered[turn] = keep(ordered, NO_POSTURE_SEEN)
    history.requested[turn] = keep(given, np.nan)
    history.executed[turn] = keep(executed, NO_POSTURE_SEEN)
    if all_active:  # the amount moved, written in place
        np.add(build, cut, out=history.amount[turn])
    else:
        history.amount[turn] = keep(build + cut, np.nan)
    history.kind[turn] = keep(kind, NO_POSTURE_SEEN)
    history.signal[turn] = keep(signal, NO_POSTURE_SEEN)
    history.strike[turn] = strike
    history.threatening[turn] = running(threatening)
    history.seen_posture[turn] = keep(report.seen_posture, NO_POSTURE_SEEN)
    history.seen_kind[turn] = keep(report.seen_kind, NO_KIND)
    history.seen_threat[turn] = running(report.seen_threat)
    history.seen_signal[turn] = keep(report.seen_signal, NO_POSTURE_SEEN)
    history.estimate[turn] = keep(report.total, np.nan)
    history.arsenal[turn] = keep(arsenal, np.nan)
    history.treasury[turn] = keep(treasury, np.nan)
    history.tension[turn] = keep(tension, np.nan)
    history.treaty[turn] = running(treaty_active)
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
    if not all_active:
        pairs = zip(vars(report).values(), vars(state.report).values(), strict=True)
        report = intel.Reports(*(keep(new, old) for new, old in pairs))
    state.report = report
    state.felt_security = keep(felt, state.felt_security)
    state.score = state.score + keep(turn_score, 0.0)
    if war is not None or last_turn:  # else no game ends this turn
        ending = active if war is None else active & (war | last_turn)
        if outcome is not None and any_set(ending):
            state.outcome = np.where(ending, outcome, state.outcome).astype(np.int8)
            if war is not None and winner is not None:
                state.winner = np.where(active & war, winner, state.winner).astype(np.int8)
            state.end_turn = np.where(ending, turn + 1, state.end_turn).astype(np.int16)
            state.over = state.over | ending
            if all_set(state.over):
                history.close_from(turn + 1)
    state.turn = turn + 1
