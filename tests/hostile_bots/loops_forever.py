"""Never answers."""

from game.rules.model import Orders


class LoopsForever:
    def decide(self, observation, rng):
        spin = 0
        while True:
            spin += 1
        return Orders()
