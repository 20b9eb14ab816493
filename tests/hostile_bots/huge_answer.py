"""Answers with a megabyte of text in place of a posture."""

from game.rules.model import Orders


class HugeAnswer:
    def decide(self, observation, rng):
        return Orders(posture="arm" * 400_000)
