"""Reads the game's command line, where the seed would be."""

import sys

from game.rules.model import Orders


class ReadsCommandLine:
    def decide(self, observation, rng):
        return Orders(amount=float(len(sys.argv)))
