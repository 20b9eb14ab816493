"""Orders an amount too large for any number the rules use."""

from game.rules.model import Orders, Posture


class HugeAmount:
    def decide(self, observation, rng):
        return Orders(Posture.ARM, amount=10**400)
