"""Perception: how each side's intelligence sees the other, kept apart from execution noise.

Reports are indexed ``[game, observer]``: slot 0 is what Red believes about Blue. Noise here
changes only what the observer believes; what really happened is in the engine's state.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from game.rules.model import (
    NO_KIND,
    NO_POSTURE_SEEN,
    SIGNAL_RULES,
    BoolArray,
    FloatArray,
    IntArray,
    Mode,
    Posture,
    RulesParams,
    Scenario,
    Signal,
    any_set,
    filled,
)
from game.rules.noise import Draw
from game.rules.scoring import most_alarming, per_rules, summed, threatening


@dataclass(frozen=True)
class Reports:
    """Each observer's latest report on the other side (see ``model.IntelReport``)."""

    total: FloatArray
    uncertainty: FloatArray
    by_kind: FloatArray
    seen_posture: IntArray
    seen_kind: IntArray
    seen_threat: BoolArray
    seen_signal: IntArray
    inspected: BoolArray
    verified_cut: FloatArray


@lru_cache(maxsize=16)
def _alternatives(postures: frozenset[Posture]) -> tuple[int, np.ndarray]:
    """For each posture code, the other allowed postures in a fixed order."""
    allowed = sorted(postures)
    width = max(len(allowed) - 1, 1)
    table = np.empty((len(Posture), width), dtype=np.int8)
    for posture in Posture:
        others = [p for p in allowed if p != posture] or allowed
        table[posture] = others[:width]
    return width, table


def swap_posture(posture: IntArray, scenario: Scenario, draw: FloatArray) -> IntArray:
    """A different allowed posture, chosen uniformly by ``draw`` in [0, 1)."""
    if len(scenario.postures) < 2:
        return posture
    width, table = _alternatives(scenario.postures)
    choice = np.minimum((draw * width).astype(np.intp), width - 1)
    result: IntArray = table[posture.astype(np.intp), choice]
    return result


def swapped_where(
    mask: BoolArray, posture: IntArray, scenario: Scenario, draw: FloatArray
) -> IntArray:
    """``posture``, with a different allowed one (:func:`swap_posture`) where ``mask`` is set.

    Most turns nothing is swapped, and then no other posture is drawn up at all.
    """
    if not any_set(mask):
        return posture
    result: IntArray = np.where(mask, swap_posture(posture, scenario, draw), posture)
    return result


def _estimates(
    arsenal: FloatArray,
    bias: FloatArray,
    sigma: FloatArray,
    normals: FloatArray,
    params: RulesParams,
) -> tuple[FloatArray, FloatArray, FloatArray]:
    """Noisy, possibly biased estimates of the other's weapons: per kind, total, uncertainty.

    Where kinds can be told apart, the total is the sum of the per-kind estimates (so the
    report adds up) and its uncertainty is σ·√K; otherwise it is one estimate with σ.
    """
    other = arsenal[:, ::-1]
    kinds = arsenal.shape[2]
    by_kind = np.maximum(bias[..., None] * other + sigma[..., None] * normals[..., :kinds], 0.0)
    if params.distinguishable:
        return by_kind, summed(by_kind), sigma * math.sqrt(kinds)
    total = np.maximum(bias * summed(other) + sigma * normals[..., kinds], 0.0)
    return by_kind, total, sigma


def first_reports(arsenal: FloatArray, params: RulesParams, normals: FloatArray) -> Reports:
    """The reports each side holds before the first turn: estimates only, nothing seen yet."""
    games = arsenal.shape[0]
    sigma = np.full((games, 2), params.arsenal_noise)
    bias = np.broadcast_to(1.0 + params.fear, (games, 2))
    by_kind, total, uncertainty = _estimates(arsenal, bias, sigma, normals, params)
    return Reports(
        total=total,
        uncertainty=uncertainty,
        by_kind=by_kind,
        seen_posture=np.full((games, 2), NO_POSTURE_SEEN, dtype=np.int8),
        seen_kind=np.full((games, 2), NO_KIND, dtype=np.int8),
        seen_threat=np.zeros((games, 2), dtype=np.bool_),
        seen_signal=np.full((games, 2), Signal.NONE, dtype=np.int8),
        inspected=np.zeros((games, 2), dtype=np.bool_),
        verified_cut=np.full((games, 2), np.nan),
    )


def seen_kinds(
    seen: IntArray,
    done: IntArray,
    moved: IntArray,
    scenario: Scenario,
    params: RulesParams,
) -> tuple[IntArray, BoolArray]:
    """Which weapon kind each observer saw the other move, and whether the move threatens.

    Where kinds can be told apart, a move seen as it was shows its kind; an arming that was
    not there (a misreading, or fear) is imagined as the other's most alarming kind, and
    any other misread move shows no kind (nothing of the real order leaks through). A
    seen build threatens when its kind does (:func:`threatening`), or
    always where kinds look alike and in matrix games; nothing else threatens.
    """
    arming = seen == _ARM
    if scenario.mode is Mode.MATRIX or not params.distinguishable:
        return filled(seen.shape, NO_KIND, np.int8), arming
    alarming = threatening(params)
    if scenario.kinds == 1:  # one kind of weapon: there is nothing to tell apart
        return filled(seen.shape, NO_KIND, np.int8), arming & _threatens_alone(params)
    worst = most_alarming(params)[::-1]  # the other's most alarming kind
    true = (seen == done) & (seen != _HOLD)
    kind = np.where(true, moved, np.where(arming, worst, NO_KIND)).astype(np.int8)
    threat = arming & alarming[_OTHER, np.maximum(kind, 0)]
    return kind, threat


def next_reports(
    arsenal: FloatArray,
    executed: IntArray,
    kind: IntArray,
    signal: IntArray,
    cut: FloatArray,
    scenario: Scenario,
    params: RulesParams,
    draws: FloatArray,
    normals: FloatArray,
    spoken: bool = True,
) -> Reports:
    """Reports after a turn: arsenal estimates, the other's posture and words as perceived.

    ``draws`` and ``normals`` are indexed by observer. Inspection removes the observer's
    bias and shrinks its noise; signals that verify a posture show it exactly, and only
    cheap talk can be misheard (``SIGNAL_RULES``). ``kind`` is the weapon kind each side moved;
    ``spoken`` false says that no signal was sent in any game (nothing to inspect or hear).
    """
    sent = signal[:, ::-1]
    done = executed[:, ::-1]
    inspected = sent == _INSPECTION if spoken else filled(sent.shape, False, np.bool_)
    if spoken and any_set(inspected):
        sigma = np.where(
            inspected, params.arsenal_noise * params.inspection_factor, params.arsenal_noise
        )
        bias = np.where(inspected, 1.0, 1.0 + params.fear)
    else:  # most turns: nobody is inspected, and every report has its usual noise and bias
        sigma = filled(inspected.shape, params.arsenal_noise)
        bias = _bias(params)
    by_kind, total, uncertainty = _estimates(arsenal, bias, sigma, normals, params)

    seen = done
    if params.posture_misread:
        misread = draws[..., _MISREAD] < params.posture_misread
        seen = swapped_where(misread, done, scenario, draws[..., _MISREAD_CHOICE])
    if Posture.ARM in scenario.postures and _fearful(params):
        feared = (seen != _ARM) & (draws[..., _FEAR] < params.fear)
        seen = np.where(feared, _ARM, seen)
    heard = sent
    verified_cut = filled(sent.shape, np.nan)
    if spoken:  # else no posture is shown, no word misheard, no cut verified
        shown = _SHOWS_POSTURE[sent]
        if any_set(shown):  # a verified cut shows the posture too
            seen = np.where(shown, done, seen)
            verified = sent == _UNILATERAL_CUT
            if any_set(verified):
                verified_cut = np.where(verified, cut[:, ::-1], np.nan)
        if params.signal_misread:
            misheard_as = _MISHEARD_AS[sent]
            misheard = (misheard_as >= 0) & (draws[..., _SIGNAL] < params.signal_misread)
            heard = np.where(misheard, misheard_as, sent).astype(np.int8, copy=False)
    seen = seen.astype(np.int8, copy=False)
    seen_kind, seen_threat = seen_kinds(seen, done, kind[:, ::-1], scenario, params)

    return Reports(
        total=total,
        uncertainty=uncertainty,
        by_kind=by_kind,
        seen_posture=seen,
        seen_kind=seen_kind,
        seen_threat=seen_threat,
        seen_signal=heard,
        inspected=inspected,
        verified_cut=verified_cut,
    )


@per_rules
def _threatens_alone(params: RulesParams) -> BoolArray:
    """``(2,)``: by observer, whether the other's only weapon kind threatens when built."""
    result: BoolArray = threatening(params)[_OTHER, 0]
    return result


@per_rules
def _bias(params: RulesParams) -> FloatArray:
    """``(2,)``: each observer's bias without inspection: fear makes the other look bigger."""
    result: FloatArray = 1.0 + params.fear
    return result


@per_rules
def _fearful(params: RulesParams) -> bool:
    """Whether fear can make either side see arming that was not there."""
    return bool(np.count_nonzero(params.fear > 0))


_MISHEARD_AS = np.array(
    [-1 if rule.misheard_as is None else rule.misheard_as for rule in SIGNAL_RULES.values()],
    dtype=np.int8,
)
"""For each signal code, what it can be misheard as (−1: never misheard)."""
_SHOWS_POSTURE = np.array([SIGNAL_RULES[signal].shows_posture for signal in Signal])
"""For each signal code, whether it shows the sender's posture exactly (it verifies it)."""
assert _SHOWS_POSTURE[Signal.UNILATERAL_CUT], "a verified cut is looked for only where shown"
_OTHER = np.array([1, 0])
"""For each observer's slot, the side it observes."""
_ARM, _HOLD = int(Posture.ARM), int(Posture.HOLD)
_INSPECTION, _UNILATERAL_CUT = int(Signal.INVITE_INSPECTION), int(Signal.UNILATERAL_CUT)
_MISREAD, _MISREAD_CHOICE = int(Draw.MISREAD), int(Draw.MISREAD_CHOICE)
_FEAR, _SIGNAL = int(Draw.FEAR), int(Draw.SIGNAL)
"""Plain codes for the arrays of every turn (reading an enum member is slow)."""
