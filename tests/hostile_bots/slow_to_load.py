"""Never finishes loading."""

from game.rules.model import Orders

spin = 0
while True:
    spin += 1


class SlowToLoad:
    def decide(self, observation, rng):
        return Orders()
