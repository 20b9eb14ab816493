"""Opens files to read the saved game (the seed, both types, the other side's orders)."""

from game.rules.model import Orders


class ReadsSavedGame:
    def decide(self, observation, rng):
        with open("/proc/self/environ") as secrets:
            secrets.read()
        return Orders()
