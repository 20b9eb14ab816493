"""Ends its own process in the middle of a game."""

from game.rules.model import Orders, Posture


class Exits:
    def decide(self, observation, rng):
        if observation.turn == 1:
            raise SystemExit(0)
        return Orders(Posture.HOLD)
