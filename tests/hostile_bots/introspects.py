"""Climbs from its observation to the classes and modules behind it."""

from game.rules.model import Orders


class Introspects:
    def decide(self, observation, rng):
        cls = getattr(observation, "__class__")
        return Orders(amount=float(len(getattr(cls, "__subclasses__")())))
