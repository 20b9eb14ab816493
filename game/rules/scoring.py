"""Security, cost, war and outcome: the formulas of ``docs/rules.md``, vectorised over games.

Arrays are ``[game, side]``. Real security uses true arsenals; felt security uses what the
side believes, and the gap between the two is one of the game's lessons.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

import numpy as np

from game.rules.model import (
    NO_WINNER,
    SIGNAL_RULES,
    BoolArray,
    FloatArray,
    IndexArray,
    IntArray,
    NationType,
    Outcome,
    RulesParams,
    Signal,
    any_set,
)

if TYPE_CHECKING:
    from game.rules.intel import Reports

DILEMMA_SLACK = 1e-9

Derived = TypeVar("Derived")


def per_rules(compute: Callable[[RulesParams], Derived]) -> Callable[[RulesParams], Derived]:
    """Compute a table of the rules once per :class:`RulesParams` and keep it on them.

    The rules are frozen, so a table made from them never goes stale; the engine reads
    several of them every turn (as ``functools.cached_property`` would, on the instance).
    The tables are read-only arrays: a strategy given one cannot change the rules.
    """
    name = f"_per_rules_{compute.__name__}"

    @functools.wraps(compute)
    def cached(params: RulesParams) -> Derived:
        try:
            value: Derived = params.__dict__[name]
        except KeyError:
            value = params.__dict__[name] = compute(params)
            if isinstance(value, np.ndarray):
                value.flags.writeable = False
        return value

    return cached


QUADRATURE = (np.array([-np.sqrt(3.0), 0.0, np.sqrt(3.0)]), np.array([1.0, 4.0, 1.0]))
"""Three-point Gauss–Hermite rule for averaging over a normal error: the estimate itself
weighs 2/3, and the estimate ± √3 standard deviations 1/6 each (exact for the mean of any
polynomial up to degree 5, and few enough points to follow by hand)."""
assert QUADRATURE[1][0] == QUADRATURE[1][2] == 1.0, "the average is written for outer weights 1"
QUADRATURE_WEIGHT = float(QUADRATURE[1].sum())
"""The sum of the rule's weights, that a weighted sum is divided by."""


def power(arsenal: FloatArray, params: RulesParams) -> tuple[FloatArray, FloatArray]:
    """Offense (scaled by the offense–defense balance) and defense of each side, ``[game, side]``.

    Each side's weapons count with its own technology; defense includes the home defense a
    nation has without any weapons.
    """
    shape = arsenal.shape
    offense = summed(arsenal * repeated(params, "offense", params.offense, shape))
    defense = summed(arsenal * repeated(params, "defense", params.defense, shape))
    home = repeated(params, "home_defense", params.home_defense, shape[:-1])
    return params.offense_defense_balance * offense, home + defense


REPEAT_FROM = 32
"""Batches of at least this many games repeat per-side tables (see :func:`repeated`)."""
REPEATS_KEPT = 32
"""Arrays :func:`repeated` keeps per rules (a batch uses a few shapes; a search, more)."""


def repeated(params: RulesParams, name: str, values: FloatArray, shape: tuple[int, ...]) -> Any:
    """``values`` (a per-side table of the rules, always the same for ``name``) to ``shape``.

    numpy runs an operation between two arrays of one shape as one long loop, but one
    against a table it must broadcast as a short loop per game, many times slower for a
    large batch; so each table is made out once per shape and kept on the rules, read-only.
    A small batch broadcasts the table itself, as quickly and to the same numbers.
    """
    if not shape or shape[0] < REPEAT_FROM:
        return values
    kept: dict[tuple[str, tuple[int, ...]], FloatArray] = params.__dict__.setdefault(
        "_repeated", {}
    )
    try:
        return kept[name, shape]
    except KeyError:
        if len(kept) >= REPEATS_KEPT:
            kept.clear()
        array = np.empty(shape, dtype=values.dtype)
        array[...] = values
        array.flags.writeable = False
        kept[name, shape] = array
        return array


def summed(values: FloatArray) -> FloatArray:
    """The sum over the last axis: ``np.add.reduce(values, axis=-1)``, the same numbers.

    numpy sums a short axis from 0, in order (so ``-0.0`` alone sums to ``0.0``); an axis
    one or two long (a single weapon kind, the two sides) is added out that way, which is
    much quicker than a reduction over many short rows.
    """
    length = values.shape[-1]
    if length == 1:
        alone: FloatArray = 0.0 + values[..., 0]
        return alone
    if length == 2:
        pair: FloatArray = (0.0 + values[..., 0]) + values[..., 1]
        return pair
    result: FloatArray = np.add.reduce(values, axis=-1)
    return result


def _clip01(values: FloatArray) -> FloatArray:
    """``np.clip(values, 0, 1)``, as two ufuncs (the same numbers, a fraction of the time)."""
    result: FloatArray = np.minimum(np.maximum(values, 0.0), 1.0)
    return result


def _share(numerator: FloatArray, other: FloatArray, empty: float) -> FloatArray:
    """``numerator / (numerator + other)``, or ``empty`` where both are zero."""
    total = numerator + other
    return _divided(numerator, total, empty)


def _divided(numerator: FloatArray, denominator: FloatArray, empty: float) -> FloatArray:
    """``numerator / denominator`` where the denominator is positive, else ``empty``.

    Only the positive denominators are divided by, so no warning needs silencing. Most
    calls have no other (a home defense keeps the rules' denominators positive), and then
    one plain division does.
    """
    positive = denominator > 0
    if np.count_nonzero(positive) == positive.size:
        quotient: FloatArray = numerator / denominator
        return quotient
    same = numerator.shape == denominator.shape  # most calls: skip working out the shape
    shape = denominator.shape if same else np.broadcast(numerator, denominator).shape
    result: FloatArray = np.empty(shape)
    result.fill(empty)
    np.divide(numerator, denominator, out=result, where=positive)
    return result


def security(
    own_offense: FloatArray,
    own_defense: FloatArray,
    other_offense: FloatArray,
    other_defense: FloatArray,
    deterrence: float,
) -> FloatArray:
    """A nation's security from both sides' power: denial and deterrence together.

    Denial is the share of the other's strike its defense would stop, D / (D + O_other).
    Its offense that would survive that strike, O · denial, is its second strike;
    retaliation is the share of that second strike the other's defense cannot stop. A
    nation is unsafe only when a strike would get through *and* it could not make the
    striker pay: security = 1 − (1 − denial)(1 − deterrence · retaliation).
    """
    denial = _share(own_defense, other_offense, 1.0)
    retaliation = _share(own_offense * denial, other_defense, 0.0)
    result: FloatArray = 1.0 - (1.0 - denial) * (1.0 - deterrence * retaliation)
    return result


def real_security(offense: FloatArray, defense: FloatArray, params: RulesParams) -> FloatArray:
    """Each side's security from the true balance of power, in [0, 1]."""
    return security(offense, defense, offense[:, ::-1], defense[:, ::-1], params.deterrence)


@per_rules
def alarm(params: RulesParams) -> FloatArray:
    """``(2, K)``: how threatening one unit of each side's weapon kinds looks, from 0 to 1.

    If weapon kinds can be told apart, a kind at least as good at attacking as at defending
    looks fully threatening (1) and a mostly defensive one in proportion, offense / defense
    (a purely defensive weapon alarms no one). If they cannot, every unit might be the most
    offensive kind, and every unit looks threatening (Jervis 1978).
    """
    if not params.distinguishable:
        return np.ones(params.offense.shape)
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        ratio = np.where(params.defense > 0, params.offense / params.defense, 1.0)
    result: FloatArray = np.where(params.offense > 0, np.minimum(ratio, 1.0), 0.0)
    return result


@per_rules
def alarms_fully(params: RulesParams) -> bool:
    """Every weapon of both sides looks fully threatening: :func:`alarm` is 1 everywhere."""
    return bool(np.count_nonzero(alarm(params) != 1.0) == 0)


@per_rules
def threat_rank(params: RulesParams) -> IndexArray:
    """``(2, K)``: each side's kinds ranked from least (0) to most threatening.

    By alarm first, then by offense weight: a fully threatening kind outranks a mostly
    defensive one, however strong.
    """
    rank: IndexArray = np.empty(params.offense.shape, dtype=np.intp)
    for side in range(2):
        order = np.lexsort((params.offense[side], alarm(params)[side]))
        rank[side, order] = np.arange(len(order))
    return rank


@per_rules
def most_alarming(params: RulesParams) -> IndexArray:
    """``(2,)``: each side's most threatening kind (the last of :func:`threat_rank`)."""
    result: IndexArray = np.argmax(threat_rank(params), axis=-1)
    return result


@per_rules
def threatening(params: RulesParams) -> BoolArray:
    """``(2, K)``: the kinds whose building the other side sees as a threat (alarm 1)."""
    result: BoolArray = alarm(params) >= 1.0
    return result


def perceived_units(
    by_kind: FloatArray | None,
    total: FloatArray,
    offense: FloatArray,
    defense: FloatArray,
    params: RulesParams,
    spread: FloatArray | float = 0.0,
) -> tuple[FloatArray, FloatArray]:
    """Offense and defense that one unit of the other side's weapons has, as an observer sees it.

    ``offense`` and ``defense`` are the other side's weapon values (its own technology,
    broadcastable against ``by_kind``). Where kinds can be told apart (``by_kind`` given),
    the estimated mix of kinds decides, blended with an even mix in proportion to the
    report's ``spread`` (its uncertainty: a kind barely seen barely counts, and the mix
    never jumps when an estimate leaves zero); where they cannot
    (``by_kind`` is ``None``), a prudent side assumes every unit is the most offensive and
    the most defensive kind the other has.
    """
    if by_kind is not None:
        kinds = by_kind.shape[-1]
        doubt = np.asarray(spread, dtype=np.float64)[..., None]
        count = np.add.reduce(by_kind, axis=-1, keepdims=True) + doubt
        weighted = by_kind + doubt / kinds
        mix = _divided(weighted, count, 1.0 / kinds)
        unit_offense, unit_defense = summed(mix * offense), summed(mix * defense)
    else:
        unit_offense = np.broadcast_to(offense.max(axis=-1), total.shape)
        unit_defense = np.broadcast_to(defense.max(axis=-1), total.shape)
    return params.offense_defense_balance * unit_offense, unit_defense


def felt_security(arsenal: FloatArray, report: Reports, params: RulesParams) -> FloatArray:
    """Security as each side sees it: the same formula on its intelligence's picture.

    The other side's forces are taken as the estimate, and averaged over the range the
    side is told (the estimated total ± its uncertainty, as a normal error, with the mix
    of kinds kept), so felt security changes smoothly as the estimate moves.
    """
    own_offense, own_defense = power(arsenal, params)
    seen_offense, seen_defense = _forces_seen(report, params)
    felt = security(own_offense, own_defense, seen_offense, seen_defense, params.deterrence)
    return _averaged(felt)


def real_and_felt_security(
    offense: FloatArray, defense: FloatArray, report: Reports, params: RulesParams
) -> tuple[FloatArray, FloatArray]:
    """:func:`real_security` and :func:`felt_security` at once, from both sides' power.

    The true balance is put beside the three points felt security averages over, so the
    security formula runs once a turn for both (the same numbers as the two apart).
    """
    seen_offense, seen_defense = _forces_seen(report, params)
    other_offense = np.concatenate((offense[None, :, ::-1], seen_offense))
    other_defense = np.concatenate((defense[None, :, ::-1], seen_defense))
    both = security(offense, defense, other_offense, other_defense, params.deterrence)
    return both[0], _averaged(both[1:])


def _forces_seen(report: Reports, params: RulesParams) -> tuple[FloatArray, FloatArray]:
    """``[point, game, side]``: the other's offense and defense, as each side pictures them.

    At the points felt security averages over (:data:`QUADRATURE`). The points come first,
    so that every operation runs over whole ``[game, side]`` arrays.
    """
    if params.distinguishable and report.by_kind.shape[-1] > 1:
        unit_offense, unit_defense = perceived_units(
            report.by_kind,
            report.total,
            params.offense[::-1],
            params.defense[::-1],
            params,
            report.uncertainty,
        )
    else:  # the same in every game, worked out once for the rules: where kinds look alike
        # the prudent guess, and where there is one kind the whole estimated mix is that kind
        shape = report.total.shape
        units = _strongest_units(params)
        unit_offense = repeated(params, "unit_offense", units[0], shape)
        unit_defense = repeated(params, "unit_defense", units[1], shape)
    points = QUADRATURE[0].reshape((len(QUADRATURE[0]),) + (1,) * report.total.ndim)
    spread = report.uncertainty * points
    totals = np.maximum(report.total + spread, 0.0)
    offense = unit_offense * totals
    home = repeated(params, "other_home_defense", params.home_defense[::-1], report.total.shape)
    defense = home + unit_defense * totals
    return offense, defense


@per_rules
def _strongest_units(params: RulesParams) -> tuple[FloatArray, FloatArray]:
    """``(2,)``: :func:`perceived_units` where kinds look alike or there is only one.

    With one kind, the estimated mix (``weighted / count``, the same number twice) is
    exactly 1, which is the same as taking that kind's values.
    """
    unit_offense, unit_defense = perceived_units(
        None, np.zeros(2), params.offense[::-1], params.defense[::-1], params
    )
    return unit_offense, unit_defense


def _averaged(felt: FloatArray) -> FloatArray:
    """The quadrature average of security at its points (the first axis), kept within [0, 1].

    The weighted sum is written out in order, first point first: the numbers of a dot
    product (a product by the weight 1 is the value itself), without one small matrix
    product per game and side.
    """
    total = felt[0] + felt[1] * QUADRATURE[1][1] + felt[2]  # outer weights: 1
    result: FloatArray = _clip01(total / QUADRATURE_WEIGHT)
    return result


def security_as_seen(
    side: int,
    arsenal: FloatArray,
    total: FloatArray,
    by_kind: FloatArray | None,
    params: RulesParams,
) -> FloatArray:
    """One side's security at the point estimate of the other: for weighing a move.

    ``arsenal`` is ``[game, kind]`` (the side's own, perhaps as it would be after a move),
    ``total`` and ``by_kind`` its intelligence estimate of the other (``by_kind`` only where
    kinds can be told apart).
    """
    other = 1 - side
    balance = params.offense_defense_balance
    own_offense = balance * (arsenal * params.offense[side]).sum(axis=-1)
    own_defense = params.home_defense[side] + (arsenal * params.defense[side]).sum(axis=-1)
    unit_offense, unit_defense = perceived_units(
        by_kind, total, params.offense[other], params.defense[other], params
    )
    return security(
        own_offense,
        own_defense,
        unit_offense * total,
        params.home_defense[other] + unit_defense * total,
        params.deterrence,
    )


def advantage(offense: FloatArray, defense: FloatArray) -> FloatArray:
    """Own offense against the other's defense: what an expansionist wants to grow."""
    return _share(offense, defense[:, ::-1], 0.0)


def turn_cost(
    build: FloatArray,
    cut: FloatArray,
    price: FloatArray,
    arsenal: FloatArray,
    signal: IntArray,
    params: RulesParams,
) -> tuple[FloatArray, FloatArray]:
    """Money spent this turn and the cost score, ``[game, side]``.

    Spending is building, upkeep on the arsenal after the moves, and costly signals; the
    cost score adds the political price of cutting and divides by income.
    """
    signal_cost = signal_prices(params)[signal]
    upkeep = summed(arsenal * repeated(params, "upkeep", params.upkeep, arsenal.shape))
    spending: FloatArray = build * price + upkeep + signal_cost
    pressure = repeated(params, "domestic_pressure", params.domestic_pressure, cut.shape)
    income = repeated(params, "income", params.income, cut.shape)
    cost: FloatArray = (spending + pressure * cut) / income
    return spending, cost


@per_rules
def signal_prices(params: RulesParams) -> FloatArray:
    """The price in money of sending each signal (by code): 0 unless it is costly."""
    rules = [SIGNAL_RULES[signal] for signal in Signal]
    return np.array([0.0 if rule.cost is None else getattr(params, rule.cost) for rule in rules])


@per_rules
def signal_tension(params: RulesParams) -> tuple[tuple[int, float], ...]:
    """``(code, change)`` of each signal that moves tension, per signal sent, in code order."""
    return tuple(
        (int(signal), rule.tension_sign * getattr(params, rule.tension))
        for signal, rule in SIGNAL_RULES.items()
        if rule.tension is not None
    )


@per_rules
def words_tension(params: RulesParams) -> FloatArray:
    """``[red's signal, blue's signal, term]``: each :func:`signal_tension` term of a turn.

    A term is the signal's change times how many of the two sides sent it, the product the
    turn would make (a signal neither sent gives a zero of its change's sign); a turn looks
    its pair of signals up instead of counting each signal.
    """
    terms = signal_tension(params)
    table = np.empty((len(Signal), len(Signal), len(terms)))
    for red in Signal:
        for blue in Signal:
            for index, (sent, change) in enumerate(terms):
                count = np.int64((red == sent) + (blue == sent))
                table[red, blue, index] = change * count
    return table


def war_chance(advantage: FloatArray, tension: FloatArray, params: RulesParams) -> FloatArray:
    """Chance that a crisis turns into war this turn, from each side's :func:`advantage`.

    It grows with tension above the crisis threshold and with the best first-strike prospect,
    so it is zero when nobody has any offense.
    """
    span = 1.0 - params.crisis_threshold
    crisis = _clip01((tension - params.crisis_threshold) / span)
    if not any_set(crisis):  # no crisis anywhere, no chance of war whatever the balance
        return np.zeros(crisis.shape)
    first_strike = np.maximum.reduce(advantage, axis=1)
    result: FloatArray = _clip01(params.war_rate * crisis * 2.0 * first_strike)
    return result


def war_result(
    offense: FloatArray, defense: FloatArray, strike: BoolArray, luck: FloatArray
) -> tuple[IntArray, IntArray]:
    """Winner and outcome of a war, from each side's exponential luck draw.

    A lone striker wins with probability O / (O + D_defender); otherwise (a crisis war or two
    strikes at once) side i wins with probability W_i / (W_red + W_blue), W = O + D.
    """
    red_attack_wins = luck[:, 0] * defense[:, 1] < luck[:, 1] * offense[:, 0]
    blue_attack_wins = luck[:, 1] * defense[:, 0] < luck[:, 0] * offense[:, 1]
    strength = offense + defense
    red_wins = luck[:, 0] * strength[:, 1] < luck[:, 1] * strength[:, 0]
    blue_wins = luck[:, 1] * strength[:, 0] < luck[:, 0] * strength[:, 1]

    lone = strike.sum(axis=1) == 1
    red_strikes = strike[:, 0]
    attacker_wins = np.where(red_strikes, red_attack_wins, blue_attack_wins)
    attacker = np.where(red_strikes, 0, 1)
    lone_winner = np.where(attacker_wins, attacker, 1 - attacker)
    spiral_winner = np.where(red_wins, 0, np.where(blue_wins, 1, NO_WINNER))
    winner = np.where(lone, lone_winner, spiral_winner).astype(np.int8)
    outcome = np.where(
        lone,
        np.where(attacker_wins, Outcome.AGGRESSION_WON, Outcome.AGGRESSION_LOST),
        Outcome.SPIRAL_TO_WAR,
    ).astype(np.int8)
    return winner, outcome


def war_harm(offense: FloatArray, defense: FloatArray, strike: BoolArray) -> FloatArray:
    """The share of each side that a war destroys, from 0 to 1 (``[game, side]``).

    A side is hit by the other's offense, less what its defense stops: 1 − denial. A lone
    striker is hit instead by the victim's reply: the victim's offense that survived the
    first strike, less what the striker's defense stops. That reply is what deterrence
    threatens.
    """
    denial = _share(defense, offense[:, ::-1], 1.0)
    reply = _share(offense * denial, defense[:, ::-1], 0.0)  # i's second strike reaching j
    lone_striker = strike & (strike.sum(axis=1) == 1)[:, None]
    harm: FloatArray = np.where(lone_striker, reply[:, ::-1], 1.0 - denial)
    return harm


def war_points(
    war: BoolArray,
    winner: IntArray,
    harm: FloatArray,
    types: IntArray,
    params: RulesParams,
) -> FloatArray:
    """End points of a war: damage to both, and victory or defeat.

    Each side loses ``war_damage`` in proportion to the harm it suffers. Only an
    expansionist gains ``victory`` by winning: a security seeker wanted safety, not
    conquest, so a won war is worth nothing more to it. The loser adds ``defeat``.
    """
    sides = np.arange(2)
    decided = war & (winner != NO_WINNER)
    won = decided[:, None] & (winner[:, None] == sides)
    lost = decided[:, None] & (winner[:, None] != sides)
    conquest = won & (types == NationType.EXPANSIONIST)
    points: FloatArray = (
        war[:, None] * params.war_damage * harm + conquest * params.victory + lost * params.defeat
    )
    return points


def offensive_power(arsenal: FloatArray, params: RulesParams) -> FloatArray:
    """``[game, side]``: offense alone, the power that can threaten the other side."""
    return power(arsenal, params)[0]


def buildup_threshold(
    start_offense: FloatArray, params: RulesParams, default_amount: float
) -> FloatArray:
    """How much offensive power a side must add before its build-up is an accumulation.

    More than ``buildup_tolerance`` times the larger of the two starting offensive powers,
    and more than one ordinary build of a standard weapon (``default_amount`` units of
    offense 1), so that one build over a small or empty start is a move, not an
    accumulation.
    """
    scale = start_offense.max(axis=-1, keepdims=True)
    floor = params.offense_defense_balance * default_amount
    result: FloatArray = np.maximum(params.buildup_tolerance * scale, floor)
    return np.broadcast_to(result, start_offense.shape)


def accumulated(
    start: FloatArray, end: FloatArray, params: RulesParams, default_amount: float
) -> BoolArray:
    """``[game, side]``: which sides ended with clearly more offensive power than at the start.

    Clearly means by more than :func:`buildup_threshold`; both arsenals are weighed with the
    same rules.
    """
    start_offense = offensive_power(start, params)
    growth = offensive_power(end, params) - start_offense
    threshold = buildup_threshold(start_offense, params, default_amount)
    result: BoolArray = growth > threshold + DILEMMA_SLACK
    return result


def peace_outcome(treaty_active: BoolArray, grown: BoolArray) -> IntArray:
    """How a game without war ended: a treaty in force, no build-up, or an armed peace."""
    result: IntArray = np.where(
        treaty_active,
        Outcome.ARMS_CONTROL,
        np.where(grown.any(axis=-1), Outcome.ARMED_PEACE, Outcome.STABLE_PEACE),
    ).astype(np.int8)
    return result


SPIRAL_RUN = 3
"""Turns in a row of both sides making threatening builds that make an arms-race spiral."""


def arming_runs(threatening_builds: BoolArray) -> BoolArray:
    """For each game, whether both sides made threatening builds ``SPIRAL_RUN`` turns running.

    ``threatening_builds`` is the history array ``[turn, game, side]`` of
    ``History.threatening``: builds carried out that the other side saw as a threat.
    """
    both: BoolArray = np.asarray(threatening_builds.all(axis=2))
    run = np.zeros(both.shape[1], dtype=np.int64)
    found = np.zeros(both.shape[1], dtype=np.bool_)
    for turn in both:
        run = (run + 1) * turn
        found |= run >= SPIRAL_RUN
    return found


def spirals(threatening_builds: BoolArray, outcome: IntArray) -> IntArray:
    """For each game, 1 if it had an arms-race spiral, else 0.

    A spiral is a run of mutual threatening builds (:func:`arming_runs`; visibly defensive
    builds are no arms race), or a crisis that escalated into war (the outcome *spiral to
    war*), which ends a race before it can run its course.
    """
    war = np.asarray(outcome) == Outcome.SPIRAL_TO_WAR
    result: IntArray = (arming_runs(threatening_builds) | war).astype(np.int8)
    return result
