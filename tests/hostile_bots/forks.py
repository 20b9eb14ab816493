"""Starts fifty processes that outlive the game."""

import subprocess

from game.rules.model import Orders


class Forks:
    def decide(self, observation, rng):
        for _ in range(50):
            subprocess.Popen(["sleep", "600"])
        return Orders()
