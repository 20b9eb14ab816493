"""Recurses without end."""

from game.rules.model import Orders


class Recurses:
    def deeper(self, depth):
        return self.deeper(depth + 1)

    def decide(self, observation, rng):
        self.deeper(0)
        return Orders()
