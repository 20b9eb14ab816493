"""Randomness: one seed per game, independent streams spawned from it, drawn up front.

A game's seed feeds a ``numpy.random.SeedSequence``; its spawned children are independent
streams: the world (every chance event of the rules), each side's AI, and cosmetics. The
world stream is drawn in full when a game starts, one row per turn, so a game gives the same
result whether it is played alone or in a batch of thousands, and a replay can store exactly
which draws were used. Nothing here touches numpy's global random state.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

import numpy as np

from game.rules.model import FloatArray, Side


class Stream(enum.IntEnum):
    """Spawn keys of the independent streams of one game."""

    WORLD = 0
    RED_AI = 1
    BLUE_AI = 2
    COSMETIC = 3

    @classmethod
    def ai(cls, side: Side) -> Stream:
        """The stream of the AI playing ``side``."""
        return cls.RED_AI if side is Side.RED else cls.BLUE_AI


class Draw(enum.IntEnum):
    """Uniform draws per side and turn (row 0 is the set-up, row t+1 is turn t)."""

    EXECUTION = 0
    """Is this side's order carried out differently?"""
    EXECUTION_CHOICE = 1
    """Which other posture is carried out instead."""
    MISREAD = 2
    """Does this side misread the other's posture?"""
    MISREAD_CHOICE = 3
    """Which posture it thinks it saw instead."""
    FEAR = 4
    """Does fear make this side see arming where there was none?"""
    SIGNAL = 5
    """Does this side mishear the other's words?"""
    DETECT = 6
    """Does this side detect the other's treaty violation?"""
    LUCK = 7
    """This side's fortune of war."""
    TYPE = 8
    """Set-up only: is this side secretly expansionist?"""


SIDE_DRAWS = len(Draw)
SHARED_DRAWS = 1
"""One shared uniform per turn: does the crisis turn into war?"""


def stream_generator(seed: int, stream: Stream) -> np.random.Generator:
    """The generator of one stream of one game: ``SeedSequence(seed).spawn(4)[stream]``."""
    return np.random.Generator(np.random.PCG64(np.random.SeedSequence(seed, spawn_key=(stream,))))


def fresh_seed() -> int:
    """A new game's seed, from the operating system's entropy.

    63 bits, kept in saves and replays so that the game can be played again exactly.
    """
    entropy = np.random.SeedSequence().entropy
    assert isinstance(entropy, int)  # a fresh SeedSequence always draws one integer
    return entropy % 2**63


def game_seeds(root_seed: int, games: int) -> list[int]:
    """Independent 63-bit seeds for a run of many games, reproducible from one root seed."""
    words = np.random.SeedSequence(root_seed).generate_state(games, np.uint64)
    return [int(word >> np.uint64(1)) for word in words]


@dataclass(frozen=True)
class Noise:
    """Every world draw of a batch of games, indexed ``[row, game, ...]`` (row-major per turn).

    ``uniform[row, g, side, draw]`` with draws named by :class:`Draw`; ``shared[row, g]``;
    ``normal[row, g, observer, k]`` for the observer's error on each weapon kind ``k`` and,
    in the last slot, on the total.
    """

    uniform: FloatArray
    shared: FloatArray
    normal: FloatArray

    @classmethod
    def draw(cls, seeds: list[int], turns: int, kinds: int) -> Noise:
        """Draw the world stream of each game: ``turns + 1`` rows (set-up, then each turn)."""
        rows = turns + 1
        games = len(seeds)
        uniform_width = 2 * SIDE_DRAWS + SHARED_DRAWS
        normal_width = 2 * (kinds + 1)
        uniform = np.empty((rows, games, uniform_width))
        normal = np.empty((rows, games, normal_width))
        for index, seed in enumerate(seeds):
            generator = stream_generator(seed, Stream.WORLD)
            uniform[:, index] = generator.random((rows, uniform_width))
            normal[:, index] = generator.standard_normal((rows, normal_width))
        return cls(
            uniform=uniform[..., : 2 * SIDE_DRAWS].reshape(rows, games, 2, SIDE_DRAWS),
            shared=uniform[..., 2 * SIDE_DRAWS],
            normal=normal.reshape(rows, games, 2, kinds + 1),
        )

    def mirrored(self) -> Noise:
        """The same draws with the two sides' slots swapped (for symmetry checks)."""
        return Noise(self.uniform[:, :, ::-1], self.shared, self.normal[:, :, ::-1])

    def game(self, index: int) -> Noise:
        """The draws of one game, as a batch of one."""
        return Noise(
            self.uniform[:, index : index + 1],
            self.shared[:, index : index + 1],
            self.normal[:, index : index + 1],
        )
