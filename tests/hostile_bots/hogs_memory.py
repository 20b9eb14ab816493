"""Allocates gigabytes."""

from game.rules.model import Orders


class HogsMemory:
    def decide(self, observation, rng):
        hoard = [0] * (10**9)
        return Orders(amount=float(len(hoard)))
