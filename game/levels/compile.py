"""Turn a validated level into the engine's :class:`~game.rules.model.Scenario`."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from game.levels.schema import Level, Nation
from game.rules.model import Mode, Phase, Posture, RulesParams, Scenario, Signal

SIDE_DEFAULTS = {
    "red": ("Redland", "#D55E00", "triangle"),
    "blue": ("Blueland", "#0072B2", "circle"),
}
"""Name, colour and emblem of each side when a level does not set them (Okabe–Ito palette)."""


def nation_look(level: Level, side: str) -> tuple[str, str, str]:
    """Name, colour and emblem of a side, with the defaults filled in."""
    nation: Nation = getattr(level.nations, side)
    name, color, emblem = SIDE_DEFAULTS[side]
    return nation.name or name, nation.color or color, nation.emblem or emblem


WEAPON_FIELDS = ("offense", "defense", "build_cost", "upkeep")
"""The weapon values a nation may have in its own version (``[nations.S.weapons.ID]``)."""


def weapon_table(level: Level, field: str) -> np.ndarray:
    """``(2, K)``: one weapon value for each nation and kind, its own version where it has one."""
    rows = []
    for nation in (level.nations.red, level.nations.blue):
        row = []
        for kind, weapon in level.weapons.items():
            own = nation.weapons.get(kind)
            value = None if own is None else getattr(own, field)
            row.append(getattr(weapon, field) if value is None else value)
        rows.append(row)
    return np.array(rows, dtype=np.float64)


def rules_params(level: Level) -> RulesParams:
    """The numbers the engine reads each turn."""
    nations = (level.nations.red, level.nations.blue)
    matrix = level.matrix
    payoff = (
        [[matrix.reward, matrix.sucker], [matrix.temptation, matrix.punishment]]
        if matrix is not None
        else [[0.0, 0.0], [0.0, 0.0]]
    )
    tension, scoring = level.tension, level.scoring
    return RulesParams(
        **{field: weapon_table(level, field) for field in WEAPON_FIELDS},
        offense_defense_balance=level.rules.offense_defense_balance,
        distinguishable=level.rules.distinguishable,
        deterrence=level.rules.deterrence,
        income=np.array([n.income for n in nations], dtype=np.float64),
        fear=np.array([n.fear for n in nations], dtype=np.float64),
        domestic_pressure=np.array([n.domestic_pressure for n in nations], dtype=np.float64),
        home_defense=np.array([n.home_defense for n in nations], dtype=np.float64),
        arsenal_noise=level.intel.arsenal_noise,
        posture_misread=level.intel.posture_misread,
        signal_misread=level.intel.signal_misread,
        inspection_factor=level.intel.inspection_factor,
        execution_error=level.execution.error,
        tension_decay=tension.decay,
        tension_arm=tension.arm,
        tension_disarm=tension.disarm,
        tension_warn=tension.warn,
        tension_reassure=tension.reassure,
        tension_treaty=tension.treaty,
        tension_violation=tension.violation,
        crisis_threshold=level.conflict.crisis_threshold,
        war_rate=level.conflict.war_rate,
        treaty_detection=level.treaty.detection,
        inspection_cost=level.costs.inspection,
        unilateral_cut_cost=level.costs.unilateral_cut,
        weight_security=scoring.security,
        weight_cost=scoring.cost,
        weight_advantage=scoring.advantage,
        peace_bonus=scoring.peace_bonus,
        war_damage=scoring.war_damage,
        victory=scoring.victory,
        defeat=scoring.defeat,
        buildup_tolerance=scoring.buildup_tolerance,
        payoff=np.array(payoff, dtype=np.float64),
    )


def _expansionist_probability(nation: Nation) -> float:
    if nation.expansionist_probability is not None:
        return nation.expansionist_probability
    return 1.0 if nation.type == "expansionist" else 0.0


def compile_scenario(
    level: Level, event_phases: Sequence[tuple[int, Level, tuple[str, ...]]] = ()
) -> Scenario:
    """Compile a level and its scripted events (0-based turn, changed level, news lines)."""
    nations = (level.nations.red, level.nations.blue)
    kinds = list(level.weapons)
    start_arsenal = np.array(
        [[nation.arsenal.get(kind, 0.0) for kind in kinds] for nation in nations]
    )
    phases: list[Phase] = [Phase(turn=0, params=rules_params(level))]
    for turn, changed, news in event_phases:
        phase = Phase(turn=turn, params=rules_params(changed), news=news)
        if turn == 0:
            phases[0] = phase
        else:
            phases.append(phase)
    return Scenario(
        mode=Mode.from_key(level.rules.mode),
        turns=level.rules.turns,
        weapon_ids=tuple(kinds),
        weapon_names=tuple(weapon.name for weapon in level.weapons.values()),
        postures=frozenset(Posture.from_key(key) for key in level.rules.postures),
        signals=frozenset(Signal.from_key(key) for key in level.rules.signals),
        strike_allowed=level.rules.strike,
        max_change=level.rules.max_change,
        default_amount=level.rules.default_amount,
        bot_time_limit=level.rules.bot_time_limit,
        start_arsenal=start_arsenal,
        start_treasury=np.array([nation.treasury for nation in nations]),
        expansionist_probability=np.array([_expansionist_probability(n) for n in nations]),
        start_tension=level.tension.initial,
        phases=tuple(phases),
    )
