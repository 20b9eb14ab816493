"""An expansionist: it wants advantage, not security, and hides it as long as it can.

It talks peace, builds quietly where the other side's intelligence is too noisy to notice,
keeps pace when the other arms, and strikes when its estimated chance of winning is good
enough (on levels that allow strikes). On matrix levels it exploits restraint and makes
amends only after being punished. This is Jervis's deterrence model: conceding to it only
invites the next demand.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import ClassVar

import numpy as np

from game.ai.catalog import register
from game.ai.protocol import GeneratorSource, Outlook, Rule, batch_orders, nearest_allowed
from game.rules.model import (
    NO_POSTURE_SEEN,
    Mode,
    ObservationBatch,
    OrdersBatch,
    Posture,
    Signal,
)
from game.rules.scoring import perceived_units


@register
class Expansionist(Rule):
    """Seeks advantage: quiet build-up, peaceful words, a strike when the odds are good.

    ``nerve`` is the estimated chance of winning at which it strikes.
    """

    name = "expansionist"
    description = (
        "Talks peace, builds where you cannot see it, and strikes when it thinks it would win."
    )
    tags = ("nasty", "deceptive", "aggressive")
    difficulty = 3
    parameter_help: ClassVar[Mapping[str, str]] = {
        "nerve": "how sure of winning it must be before it strikes, from 0 to 1 "
        "(default 0.65: about two chances in three)"
    }

    def __init__(self, nerve: float = 0.65) -> None:
        if not 0.0 <= nerve <= 1.0:
            raise ValueError(f"nerve must be between 0 and 1 (got {nerve})")
        self.nerve = nerve

    def decide_batch(self, observations: ObservationBatch, rngs: GeneratorSource) -> OrdersBatch:
        """The same rule in every game, from each side's observation only."""
        outlook = Outlook.of_batch(observations)
        seen = observations.seen_move
        scenario, arsenal = outlook.scenario, outlook.arsenal
        games = len(outlook.estimate)
        seen_arm = seen == Posture.ARM
        if scenario.mode is Mode.MATRIX:
            seen_restraint = (seen != Posture.ARM) & (seen != NO_POSTURE_SEEN)
            wanted = np.where(seen_restraint, Posture.ARM, Posture.DISARM).astype(np.int8)
            return batch_orders(outlook, wanted)
        params = outlook.params
        side, other = int(outlook.side), 1 - int(outlook.side)
        hidden = params.arsenal_noise  # how much a build can hide in the other's estimate
        quiet = hidden >= 0.5 * scenario.default_amount
        posture = np.where(quiet | seen_arm, Posture.ARM, Posture.HOLD)
        amount = np.where(
            seen_arm,
            scenario.max_change,
            min(max(hidden, scenario.default_amount), scenario.max_change),
        )
        posture = nearest_allowed(scenario)[posture]
        offense = params.offense_defense_balance * (arsenal * params.offense[side]).sum(axis=1)
        _, unit_defense = perceived_units(
            outlook.by_kind, outlook.estimate, params.offense[other], params.defense[other], params
        )
        defense = params.home_defense[other] + unit_defense * outlook.estimate
        with np.errstate(divide="ignore", invalid="ignore"):
            odds = np.where(offense + defense > 0, offense / (offense + defense), 0.0)
        strike = np.full(games, scenario.strike_allowed) & (odds >= self.nerve)
        signal = np.full(games, Signal.NONE, dtype=np.int8)
        if Signal.REASSURE in scenario.signals:
            signal[:] = Signal.REASSURE
        best_kind = int(np.argmax(params.offense[side]))
        return OrdersBatch(
            posture=posture,
            amount=np.where(posture == Posture.HOLD, 0.0, amount),
            kind=np.full(games, best_kind, dtype=np.int8),
            signal=signal,
            strike=strike,
        )
