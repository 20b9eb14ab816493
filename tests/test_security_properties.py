"""Properties of security, felt security and war (docs/rules.md, step 7), and what stays hidden.

The formulas are tested through the real functions of ``game.rules.scoring`` over random
power, arsenals, per-nation technologies and parameters; the leak tests play real games
built from inline level files and compare what Red observes when only something hidden
from Red differs.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp
from levelgen import order_plans

from game.levels import load_level_text
from game.rules import scoring
from game.rules.engine import resolve_turn, start_games
from game.rules.intel import Reports
from game.rules.model import (
    NationType,
    Orders,
    OrdersBatch,
    Posture,
    RulesParams,
    Scenario,
    Side,
)
from game.rules.noise import Noise, game_seeds

GAMES = 4
"""Games per example: every array property is checked on a small batch at once."""
SLACK = 1e-12
"""Rounding allowed where a property is exact in real numbers."""

# -- level text ------------------------------------------------------------------------------


def _value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return f'"{value}"'
    if isinstance(value, list):
        return "[" + ", ".join(_value(item) for item in value) + "]"
    if isinstance(value, dict):
        return "{ " + ", ".join(f"{key} = {_value(item)}" for key, item in value.items()) + " }"
    return repr(float(value)) if isinstance(value, float) else str(value)


def toml_text(data: dict[str, Any], prefix: str = "") -> str:
    """TOML for nested tables of scalars; a dict under the key ``arsenal`` stays inline."""
    scalars = {
        key: value for key, value in data.items() if not isinstance(value, dict) or key == "arsenal"
    }
    tables = {key: value for key, value in data.items() if key not in scalars}
    lines = [f"[{prefix}]"] if prefix and scalars else []
    lines += [f"{key} = {_value(value)}" for key, value in scalars.items()]
    for key, value in tables.items():
        lines.append(toml_text(value, f"{prefix}.{key}" if prefix else key))
    return "\n".join(lines)


def scenario_from(data: dict[str, Any]) -> Scenario:
    """Compile a level given as nested tables, through the real level loader."""
    header = {"id": "props", "title": "Properties", "summary": "s", "briefing": "b"}
    return load_level_text(toml_text({"level": header, **data}), "props.toml").scenario


@lru_cache(maxsize=4)
def base_params(kinds: int) -> RulesParams:
    """The rules of a plain level with ``kinds`` weapon kinds, to vary with ``with_values``."""
    weapons = {f"k{k}": {"name": f"K{k}"} for k in range(kinds)}
    return scenario_from({"weapons": weapons}).params_at(0)


# -- strategies ------------------------------------------------------------------------------

amounts = st.one_of(st.just(0.0), st.floats(0.0, 50.0))
"""Weapon units or power points: often exactly zero, where the old bugs lived."""
weights = st.one_of(st.just(0.0), st.floats(0.0, 5.0))
home = st.floats(0.05, 10.0)
deterrence = st.one_of(st.just(0.0), st.just(1.0), st.floats(0.0, 1.0))


def grid(*shape: int, elements: st.SearchStrategy[float] = amounts) -> st.SearchStrategy[Any]:
    return hnp.arrays(np.float64, shape, elements=elements)


@st.composite
def rules(draw: st.DrawFn, kinds: int | None = None, **fixed: Any) -> RulesParams:
    """Random rules: each nation its own weapon table and home defense."""
    kinds = kinds or draw(st.integers(1, 3))
    values = {
        "offense": draw(grid(2, kinds, elements=weights)),
        "defense": draw(grid(2, kinds, elements=weights)),
        "home_defense": draw(grid(2, elements=home)),
        "offense_defense_balance": draw(st.floats(0.2, 3.0)),
        "deterrence": draw(deterrence),
        "distinguishable": draw(st.booleans()),
    }
    return base_params(kinds).with_values(**(values | fixed))


def make_report(total: np.ndarray, uncertainty: np.ndarray, by_kind: np.ndarray) -> Reports:
    """A report with these estimates; the seen posture and the rest play no part in security."""
    shape = total.shape
    return Reports(
        total=total,
        uncertainty=uncertainty,
        by_kind=by_kind,
        seen_posture=np.full(shape, Posture.HOLD, dtype=np.int8),
        seen_kind=np.full(shape, -1, dtype=np.int8),
        seen_threat=np.zeros(shape, dtype=np.bool_),
        seen_signal=np.zeros(shape, dtype=np.int8),
        inspected=np.zeros(shape, dtype=np.bool_),
        verified_cut=np.full(shape, np.nan),
    )


@st.composite
def worlds(draw: st.DrawFn, **fixed: Any) -> tuple[RulesParams, np.ndarray, Reports]:
    """Rules, true arsenals ``[game, side, kind]`` and each side's report on the other."""
    params = draw(rules(**fixed))
    kinds = params.offense.shape[1]
    arsenal = draw(grid(GAMES, 2, kinds))
    by_kind = draw(grid(GAMES, 2, kinds))
    total = by_kind.sum(axis=2) if params.distinguishable else draw(grid(GAMES, 2))
    uncertainty = draw(grid(GAMES, 2, elements=st.one_of(st.just(0.0), st.floats(0.0, 10.0))))
    return params, arsenal, make_report(total, uncertainty, by_kind)


def with_mix(by_kind: np.ndarray, total: np.ndarray) -> np.ndarray:
    """Estimates per kind adding up to ``total`` in the mix of ``by_kind`` (none if empty)."""
    count = by_kind.sum(axis=-1, keepdims=True)
    with np.errstate(divide="ignore", invalid="ignore"):
        mix = np.where(count > 0, by_kind / count, 0.0)
    result: np.ndarray = mix * total[..., None]
    return result


def scaled(report: Reports, total: np.ndarray) -> Reports:
    """The same report with a new total, the estimated mix of kinds kept."""
    return make_report(total, report.uncertainty, with_mix(report.by_kind, total))


def assert_share(values: np.ndarray) -> None:
    """Securities and harms are shares: finite and within [0, 1]."""
    assert np.all(np.isfinite(values)), values
    assert np.all((values >= 0.0) & (values <= 1.0)), values


def powers(n: int = GAMES) -> st.SearchStrategy[Any]:
    """Own offense, own defense (home defense > 0 included), other's offense and defense."""
    return st.tuples(
        grid(n),
        grid(n, elements=st.floats(0.05, 60.0)),
        grid(n),
        grid(n, elements=st.floats(0.05, 60.0)),
    )


# -- 1-4, 7: the security formula ------------------------------------------------------------


@settings(max_examples=100, deadline=None)
@given(powers(), grid(GAMES), deterrence)
def test_more_own_defense_or_offense_never_lowers_security(power, extra, delta):
    own_o, own_d, other_o, other_d = power
    before = scoring.security(own_o, own_d, other_o, other_d, delta)
    stronger_wall = scoring.security(own_o, own_d + extra, other_o, other_d, delta)
    stronger_reply = scoring.security(own_o + extra, own_d, other_o, other_d, delta)
    for value in (before, stronger_wall, stronger_reply):
        assert_share(value)
    assert np.all(stronger_wall >= before - SLACK)
    assert np.all(stronger_reply >= before - SLACK)


@settings(max_examples=100, deadline=None)
@given(powers(), grid(GAMES), deterrence)
def test_more_of_the_others_offense_never_raises_security(power, extra, delta):
    own_o, own_d, other_o, other_d = power
    before = scoring.security(own_o, own_d, other_o, other_d, delta)
    after = scoring.security(own_o, own_d, other_o + extra, other_d, delta)
    assert_share(after)
    assert np.all(after <= before + SLACK)


@settings(max_examples=100, deadline=None)
@given(powers(), grid(GAMES), st.floats(0.0, 1.0))
def test_the_others_defense_matters_only_through_deterrence(power, extra, delta):
    own_o, own_d, other_o, other_d = power
    before = scoring.security(own_o, own_d, other_o, other_d, delta)
    after = scoring.security(own_o, own_d, other_o, other_d + extra, delta)
    assert_share(after)
    assert np.all(after <= before + SLACK), "a better shield over there never makes us safer"
    # with deterrence not counted, only denial counts: their shield changes nothing at all
    plain = scoring.security(own_o, own_d, other_o, other_d, 0.0)
    shielded = scoring.security(own_o, own_d, other_o, other_d + extra, 0.0)
    assert np.array_equal(plain, shielded)


@settings(max_examples=60, deadline=None)
@given(grid(GAMES, elements=st.floats(0.05, 60.0)), grid(GAMES), deterrence)
def test_security_is_complete_when_neither_side_has_offense(defenses, other_d, delta):
    no_offense = np.zeros(GAMES)
    result = scoring.security(no_offense, defenses, no_offense, 0.05 + other_d, delta)
    assert np.all(result == 1.0)


@settings(max_examples=50, deadline=None)
@given(worlds())
def test_no_offense_anywhere_means_security_real_and_felt(world):
    params, arsenal, report = world
    harmless = params.with_values(offense=np.zeros_like(params.offense))
    offense, defense = scoring.power(arsenal, harmless)
    assert np.all(offense == 0.0)
    assert np.all(scoring.real_security(offense, defense, harmless) == 1.0)
    # weapons that cannot attack are felt as such, however many the estimate says there are
    # (up to the rounding of the three weights 1/6, 4/6, 1/6, which sum to 1 − 1.1e-16)
    felt = scoring.felt_security(arsenal, report, harmless)
    np.testing.assert_allclose(felt, 1.0, rtol=0, atol=SLACK)
    # and with both arsenals empty, nobody is threatened whatever the technology
    empty = np.zeros_like(arsenal)
    assert np.all(scoring.real_security(*scoring.power(empty, params), params) == 1.0)


# -- 1-3 through power: arsenals and per-nation technology -----------------------------------


@settings(max_examples=50, deadline=None)
@given(worlds())
def test_power_counts_each_nations_own_technology(world):
    params, arsenal, _ = world
    offense, defense = scoring.power(arsenal, params)
    for side in (0, 1):
        own = arsenal[:, side]
        expected_o = params.offense_defense_balance * (own * params.offense[side]).sum(axis=1)
        expected_d = params.home_defense[side] + (own * params.defense[side]).sum(axis=1)
        np.testing.assert_allclose(offense[:, side], expected_o, rtol=1e-12, atol=1e-12)
        np.testing.assert_allclose(defense[:, side], expected_d, rtol=1e-12, atol=1e-12)
    assert np.all(defense >= params.home_defense)


@settings(max_examples=60, deadline=None)
@given(worlds(), st.data())
def test_more_weapons_raise_own_real_security_and_never_the_others(world, data):
    params, arsenal, _ = world
    kinds = arsenal.shape[2]
    side = data.draw(st.sampled_from([0, 1]))
    added = np.zeros_like(arsenal)
    added[:, side] = data.draw(grid(GAMES, kinds))
    before = scoring.real_security(*scoring.power(arsenal, params), params)
    after = scoring.real_security(*scoring.power(arsenal + added, params), params)
    assert_share(after)
    assert np.all(after[:, side] >= before[:, side] - SLACK), "own weapons never hurt"
    assert np.all(after[:, 1 - side] <= before[:, 1 - side] + SLACK), "the other's never help"


@settings(max_examples=60, deadline=None)
@given(worlds(), st.data())
def test_a_shield_over_there_lowers_security_only_through_deterrence(world, data):
    """Better defensive technology over there never raises our security, real or felt.

    And when deterrence does not count, it changes nothing for us at all.
    """
    params, arsenal, report = world
    kinds = arsenal.shape[2]
    side = data.draw(st.sampled_from([0, 1]))  # whose technology improves
    defense = params.defense.copy()
    defense[side] += data.draw(grid(kinds, elements=weights))
    home_defense = params.home_defense.copy()
    home_defense[side] += data.draw(st.floats(0.0, 5.0))
    for delta in (params.deterrence, 0.0):
        old = params.with_values(deterrence=delta)
        new = old.with_values(defense=defense, home_defense=home_defense)
        other = 1 - side
        real_old = scoring.real_security(*scoring.power(arsenal, old), old)[:, other]
        real_new = scoring.real_security(*scoring.power(arsenal, new), new)[:, other]
        felt_old = scoring.felt_security(arsenal, report, old)[:, other]
        felt_new = scoring.felt_security(arsenal, report, new)[:, other]
        assert_share(real_new)
        assert_share(felt_new)
        assert np.all(real_new <= real_old + SLACK)
        assert np.all(felt_new <= felt_old + SLACK)
        if delta == 0.0:
            np.testing.assert_allclose(real_new, real_old, rtol=0, atol=SLACK)
            np.testing.assert_allclose(felt_new, felt_old, rtol=0, atol=SLACK)


# -- 1, 2, 5: felt security ------------------------------------------------------------------


@settings(max_examples=60, deadline=None)
@given(worlds(), st.data())
def test_own_weapons_never_lower_felt_security(world, data):
    params, arsenal, report = world
    kinds = arsenal.shape[2]
    added = data.draw(grid(GAMES, 2, kinds))
    before = scoring.felt_security(arsenal, report, params)
    after = scoring.felt_security(arsenal + added, report, params)
    assert_share(before)
    assert_share(after)
    assert np.all(after >= before - SLACK)


@settings(max_examples=60, deadline=None)
@given(worlds(), grid(GAMES, 2))
def test_a_higher_estimate_never_raises_felt_security(world, extra):
    params, arsenal, report = world
    before = scoring.felt_security(arsenal, report, params)
    after = scoring.felt_security(arsenal, scaled(report, report.total + extra), params)
    assert_share(after)
    assert np.all(after <= before + SLACK)


def lipschitz(params: RulesParams) -> np.ndarray:
    """``(2,)``: a bound on how fast each observer's felt security moves per unit of estimate.

    With D_i ≥ h_i, |∂s/∂O_j| ≤ 1 / (D_i + O_j) ≤ 1 / h_i and |∂s/∂D_j| ≤ δ / (4 D_j) ≤
    δ / (4 h_j) (by (X + D)² ≥ 4 X D). One estimated unit of j adds at most β max_k o_jk to
    O_j and max_k d_jk to D_j, and averaging and clipping never steepen a function.
    """
    own_home, other_home = params.home_defense, params.home_defense[::-1]
    unit_offense = params.offense_defense_balance * params.offense[::-1].max(axis=1)
    unit_defense = params.defense[::-1].max(axis=1)
    result: np.ndarray = unit_offense / own_home + params.deterrence * unit_defense / (
        4 * other_home
    )
    return result


@settings(max_examples=100, deadline=None)
@given(worlds(), grid(GAMES, 2, elements=st.floats(0.0, 2.0)))
def test_felt_security_moves_at_most_in_proportion_to_the_estimate(world, step):
    params, arsenal, report = world
    before = scoring.felt_security(arsenal, report, params)
    after = scoring.felt_security(arsenal, scaled(report, report.total + step), params)
    bound = lipschitz(params) * step
    assert np.all(np.abs(after - before) <= bound + SLACK), (before, after, bound)


@settings(max_examples=100, deadline=None)
@given(
    worlds(),
    st.booleans(),
    grid(GAMES, 2, elements=st.floats(0.0, 1e-6)),
)
def test_a_tiny_change_in_the_estimate_never_makes_felt_security_jump(world, empty, step):
    """Felt security moves by at most 1e-3 when the estimate moves by up to 1e-6.

    Including the old bug's case: both arsenals empty, the estimate going from 0 to a tiny
    positive number (an even mix of kinds either way, as nothing is seen of any kind).
    """
    params, arsenal, report = world
    if empty:
        arsenal = np.zeros_like(arsenal)
        report = make_report(np.zeros_like(report.total), report.uncertainty, report.by_kind * 0)
        kinds = arsenal.shape[2]
        tiny = make_report(step, report.uncertainty, np.repeat(step[..., None] / kinds, kinds, 2))
    else:
        tiny = scaled(report, report.total + step)
    before = scoring.felt_security(arsenal, report, params)
    after = scoring.felt_security(arsenal, tiny, params)
    assert np.all(np.abs(after - before) <= 1e-3), (before, after)


def test_felt_security_does_not_jump_when_one_kind_appears_from_nothing():
    """Nothing estimated, then 1e-9 units of one kind: felt security must barely move.

    Tanks (o 1, d 0.3) and forts (o 0, d 1), σ = 1, both arsenals empty. Felt security goes
    It once went 0.908 (nothing seen: an even mix) → 1.0 (1e-9 forts) or 0.882 (1e-9 tanks).
    """
    params = base_params(2).with_values(
        offense=np.array([[1.0, 0.0], [1.0, 0.0]]),
        defense=np.array([[0.3, 1.0], [0.3, 1.0]]),
        distinguishable=True,
    )
    arsenal = np.zeros((1, 2, 2))
    uncertainty = np.full((1, 2), np.sqrt(2.0))

    def felt(by_kind: list[float]) -> float:
        estimate = np.array([[by_kind, [0.0, 0.0]]])
        report = make_report(estimate.sum(axis=2), uncertainty, estimate)
        return float(scoring.felt_security(arsenal, report, params)[0, 0])

    nothing = felt([0.0, 0.0])
    assert abs(felt([0.0, 1e-9]) - nothing) <= 1e-3
    assert abs(felt([1e-9, 0.0]) - nothing) <= 1e-3


@settings(max_examples=60, deadline=None)
@given(worlds(), st.data())
def test_security_as_seen_is_felt_security_at_the_point_estimate(world, data):
    params, arsenal, report = world
    kinds = arsenal.shape[2]
    side = data.draw(st.sampled_from([0, 1]))
    by_kind = report.by_kind[:, side] if params.distinguishable else None
    total = report.total[:, side]
    seen = scoring.security_as_seen(side, arsenal[:, side], total, by_kind, params)
    assert_share(seen)
    exact = make_report(report.total, np.zeros_like(report.uncertainty), report.by_kind)
    felt = scoring.felt_security(arsenal, exact, params)[:, side]
    np.testing.assert_allclose(seen, felt, rtol=0, atol=1e-12)
    # weighing a build: more own weapons never look worse, more of theirs never better
    more = arsenal[:, side] + data.draw(grid(GAMES, kinds))
    assert np.all(scoring.security_as_seen(side, more, total, by_kind, params) >= seen - SLACK)
    bigger = total + data.draw(grid(GAMES))
    mix = None if by_kind is None else with_mix(by_kind, bigger)
    worse = scoring.security_as_seen(side, arsenal[:, side], bigger, mix, params)
    assert_share(worse)
    assert np.all(worse <= seen + SLACK)


# -- 6: war ----------------------------------------------------------------------------------


@st.composite
def wars(draw: st.DrawFn) -> dict[str, Any]:
    """A batch of war situations: true power, who struck, who won, both sides' types."""
    params = draw(rules())
    kinds = params.offense.shape[1]
    offense, defense = scoring.power(draw(grid(GAMES, 2, kinds)), params)
    return {
        "offense": offense,
        "defense": defense,
        "strike": draw(hnp.arrays(np.bool_, (GAMES, 2))),
        "war": draw(hnp.arrays(np.bool_, GAMES)),
        "winner": draw(hnp.arrays(np.int8, GAMES, elements=st.sampled_from([-1, 0, 1]))),
        "types": draw(hnp.arrays(np.int8, (GAMES, 2), elements=st.sampled_from([0, 1]))),
        "params": params.with_values(
            war_damage=draw(st.floats(-50.0, 0.0)),
            defeat=draw(st.floats(-50.0, 0.0)),
            victory=draw(st.floats(-50.0, 50.0)),
        ),
    }


@settings(max_examples=100, deadline=None)
@given(wars())
def test_war_harm_is_a_share_of_each_side(case):
    harm = scoring.war_harm(case["offense"], case["defense"], case["strike"])
    assert harm.shape == (GAMES, 2)
    assert_share(harm)


@settings(max_examples=100, deadline=None)
@given(wars())
def test_a_war_never_pays_a_security_seeker(case):
    """With the usual signs (war damage and defeat ≤ 0), whatever happens, win or lose."""
    harm = scoring.war_harm(case["offense"], case["defense"], case["strike"])
    seekers = np.full((GAMES, 2), NationType.SECURITY_SEEKER, dtype=np.int8)
    points = scoring.war_points(case["war"], case["winner"], harm, seekers, case["params"])
    assert np.all(points <= 0.0), points
    assert np.all(points[~case["war"]] == 0.0), "no war, no war points"


@settings(max_examples=100, deadline=None)
@given(wars())
def test_only_an_expansionist_winner_counts_its_victory(case):
    params = case["params"]
    harm = scoring.war_harm(case["offense"], case["defense"], case["strike"])
    args = (case["war"], case["winner"], harm)
    types = case["types"]
    points = scoring.war_points(*args, types, params)
    seekers = scoring.war_points(*args, np.zeros_like(types), params)
    won = case["war"][:, None] & (case["winner"][:, None] == np.arange(2))
    conquest = won & (types == NationType.EXPANSIONIST)
    expected = seekers + np.where(conquest, params.victory, 0.0)
    np.testing.assert_allclose(points, expected, rtol=1e-12, atol=1e-9)
    # the damage and the defeat are the same whoever the loser secretly was
    lost = case["war"][:, None] & (case["winner"][:, None] == 1 - np.arange(2))
    np.testing.assert_array_equal(points[~conquest], seekers[~conquest])
    assert np.all(seekers[lost] <= params.defeat + 1e-9 * abs(params.defeat))


# -- 8: what Red observes never depends on what is hidden from it ----------------------------

POSTURES = ["arm", "hold", "disarm"]


@st.composite
def levels(draw: st.DrawFn, **fixed: Any) -> dict[str, Any]:
    """A random full-mode level as nested tables (per-nation technology, noise, fear)."""
    kinds = fixed.pop("kinds", None) or draw(st.integers(1, 3))
    ids = [f"k{k}" for k in range(kinds)]
    # no subnormal weights: scoring.alarm warns of overflow dividing by them (see the report)
    level_weights = st.one_of(st.just(0.0), st.floats(0.0, 5.0, allow_subnormal=False))
    weapon = {"offense": level_weights, "defense": level_weights}

    def nation() -> dict[str, Any]:
        return {
            "arsenal": {kind: draw(st.floats(0.0, 10.0)) for kind in ids},
            "fear": draw(st.floats(0.0, 0.5)),
            "home_defense": draw(home),
            "expansionist_probability": draw(st.floats(0.0, 1.0)),
            "weapons": {kind: {key: draw(s) for key, s in weapon.items()} for kind in ids[:1]},
        }

    data: dict[str, Any] = {
        "rules": {
            "turns": draw(st.integers(1, 6)),
            "postures": POSTURES,
            "signals": ["none", "reassure", "warn", "invite_inspection", "unilateral_cut"],
            "strike": draw(st.booleans()),
            "distinguishable": draw(st.booleans()),
            "offense_defense_balance": draw(st.floats(0.2, 3.0)),
            "deterrence": draw(st.floats(0.0, 1.0)),
        },
        "weapons": {
            kind: {"name": kind.upper(), **{key: draw(s) for key, s in weapon.items()}}
            for kind in ids
        },
        "nations": {"red": nation(), "blue": nation()},
        "intel": {
            "arsenal_noise": draw(st.floats(0.0, 3.0)),
            "posture_misread": draw(st.floats(0.0, 0.5)),
            "signal_misread": draw(st.floats(0.0, 0.5)),
        },
        "execution": {"error": draw(st.floats(0.0, 0.3))},
        "tension": {"initial": draw(st.floats(0.0, 1.0))},
        "conflict": {"crisis_threshold": draw(st.floats(0.0, 0.9)), "war_rate": 1.0},
    }
    for path, value in fixed.items():
        table, key = path.split(".")
        data[table][key] = value
    return data


def with_blue(data: dict[str, Any], **changes: Any) -> Scenario:
    """The level with some of Blue's set-up changed."""
    blue = {**data["nations"]["blue"], **changes}
    return scenario_from({**data, "nations": {**data["nations"], "blue": blue}})


def red_views(scenario: Scenario, seeds: list[int], plan: list[Any]) -> list[list[Any]]:
    """Per game, what Red knew before each turn and at the end: observation and history."""
    state = start_games(scenario, Noise.draw(seeds, scenario.turns, scenario.kinds))
    views: list[list[Any]] = [[] for _ in seeds]

    def look(final: bool = False) -> None:
        batch = state.observe(Side.RED)
        for game in range(len(seeds)):
            if final or not state.over[game]:  # at the end: the last report and full history
                observation = batch.game(game)
                views[game].append((observation.to_dict(), observation.history))

    for red, blue in plan:
        look()
        resolve_turn(state, red, blue)
    look(final=True)
    return views


@settings(max_examples=25, deadline=None)
@given(levels(), st.integers(0, 2**32), st.data())
def test_red_observes_nothing_of_blues_hidden_type(data, root, draws):
    """Same level, seed and orders; Blue secretly a security seeker or an expansionist."""
    seeds = game_seeds(root, 2)
    seeker = with_blue(data, expansionist_probability=0.0)
    expansionist = with_blue(data, expansionist_probability=1.0)
    plan = draws.draw(order_plans(seeker, len(seeds)))
    assert red_views(seeker, seeds, plan) == red_views(expansionist, seeds, plan)


def worst_kinds(params: RulesParams, side: int) -> set[int]:
    """The most threatening of a side's kinds: threatening (o ≥ d, o > 0), most offense."""
    offense, defense = params.offense[side], params.defense[side]
    threat = (offense >= defense) & (offense > 0)
    if not threat.any():
        return set(range(len(offense)))
    best = offense[threat].max()
    return {int(k) for k in np.flatnonzero(threat & (offense == best))}


SEEDS = game_seeds(1978, 16)
IMAGINED = {
    "kinds": 3,
    "rules.distinguishable": True,
    "intel.posture_misread": 1.0,  # every posture misread
    "execution.error": 0.0,  # so what Blue ordered is what it did
}


@settings(max_examples=25, deadline=None)
@given(
    levels(**IMAGINED),
    st.sampled_from([Posture.HOLD, Posture.DISARM]),
    st.permutations(range(3)),
    st.floats(0.1, 1.0),
)
def test_an_imagined_arming_shows_the_worst_kind_not_the_real_one(data, posture, kinds, amount):
    """An arming that Red only imagines shows Blue's worst kind, not the kind Blue moved.

    Every posture is misread; whichever kind Blue really cut (or named in a hold), Red's
    seen kind and seen threat are the same.
    """
    scenario = scenario_from(data)
    params = scenario.params_at(0)
    reports = []
    for kind in kinds[:2]:
        state = start_games(scenario, Noise.draw(SEEDS, scenario.turns, scenario.kinds))
        moved = amount * scenario.max_change if posture is Posture.DISARM else 0.0
        blue = Orders(posture, moved, kind=kind)
        resolve_turn(
            state,
            OrdersBatch.repeat(Orders(), len(SEEDS)),
            OrdersBatch.repeat(blue, len(SEEDS)),
        )
        reports.append(state.report)
    first, second = reports
    red = 0
    np.testing.assert_array_equal(first.seen_posture[:, red], second.seen_posture[:, red])
    imagined = first.seen_posture[:, red] == Posture.ARM
    worst = worst_kinds(params, 1)
    any_threat = bool(scoring.threatening(params)[1].any())
    for report in reports:
        assert all(int(k) in worst for k in report.seen_kind[imagined, red])
        assert np.all(report.seen_threat[imagined, red] == any_threat)
    np.testing.assert_array_equal(first.seen_kind[:, red], second.seen_kind[:, red])
    np.testing.assert_array_equal(first.seen_threat[:, red], second.seen_threat[:, red])


HOLD_LEAK_LEVEL = {
    "rules": {"distinguishable": True},
    "weapons": {
        "tanks": {"name": "Tanks", "offense": 1.0, "defense": 0.3},
        "forts": {"name": "Forts", "offense": 0.0, "defense": 1.0},
    },
    "intel": {"posture_misread": 1.0},
}


def test_the_kind_named_in_a_hold_order_is_invisible():
    """Blue holds, naming tanks or forts: nothing happens, so Red's view must be the same.

    Every posture is misread: a hold seen as a disarm must not show the kind it named.
    """
    scenario = scenario_from(HOLD_LEAK_LEVEL)
    views = []
    for kind in (0, 1):
        state = start_games(scenario, Noise.draw(SEEDS, scenario.turns, scenario.kinds))
        resolve_turn(
            state,
            OrdersBatch.repeat(Orders(), len(SEEDS)),
            OrdersBatch.repeat(Orders(Posture.HOLD, kind=kind), len(SEEDS)),
        )
        batch = state.observe(Side.RED)
        views.append([batch.game(g).to_dict() for g in range(len(SEEDS))])
    assert views[0] == views[1]
