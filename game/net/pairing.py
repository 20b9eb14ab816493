"""Who plays whom in a round: in join order, at random, or as the teacher says.

A new round pairs the students who are free again, and each looks first for a partner it
has not met yet, so a class that plays several rounds meets different partners. A
student left over when the class is odd is paired with the computer (``None``).
"""

from __future__ import annotations

import enum
from collections.abc import Collection, Sequence

import numpy as np

Pair = tuple[str, str | None]
"""Two seats, or one seat and the computer (``None``); the first plays Redland."""


class Pairing(enum.Enum):
    """How the host pairs a round."""

    JOIN = "join"
    RANDOM = "random"
    HAND = "hand"


def met_key(a: str, b: str) -> frozenset[str]:
    """The key under which two seats are remembered as having played each other."""
    return frozenset((a, b))


def pair_round(
    seats: Sequence[str],
    met: Collection[frozenset[str]],
    how: Pairing,
    rng: np.random.Generator,
) -> list[Pair]:
    """Pairs of ``seats`` (given in join order): new partners first, an odd one out last.

    ``RANDOM`` shuffles with ``rng`` (the session's own stream) before pairing; ``HAND``
    pairs are given by the teacher instead (see :func:`hand_pairs`).
    """
    order = list(seats)
    if how is Pairing.RANDOM:
        order = [order[i] for i in rng.permutation(len(order))]
    pairs: list[Pair] = []
    free = order
    while len(free) >= 2:
        first, rest = free[0], free[1:]
        partner = next((s for s in rest if met_key(first, s) not in met), rest[0])
        pairs.append((first, partner))
        free = [s for s in rest if s != partner]
    pairs += [(seat, None) for seat in free]
    return pairs


def hand_pairs(wanted: Sequence[Pair], free: Collection[str]) -> list[Pair]:
    """The teacher's pairs, checked: every seat free and in at most one pair.

    Raises ``ValueError`` with one line naming the first problem.
    """
    used: set[str] = set()
    for pair in wanted:
        for seat in pair:
            if seat is None:
                continue
            if seat not in free:
                raise ValueError(f"{seat} is not waiting in the lobby")
            if seat in used:
                raise ValueError(f"{seat} is in two pairs")
            used.add(seat)
        if pair[0] == pair[1]:
            raise ValueError("a student cannot play against themselves")
    return list(wanted)
