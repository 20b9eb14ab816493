"""Uses str.format to reach attributes that names starting with _ would hide."""

from game.rules.model import Orders


class FormatsItsWayOut:
    def decide(self, observation, rng):
        "{0.scenario}".format(observation)
        return Orders()
