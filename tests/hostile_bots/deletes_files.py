"""Deletes the saved game, the replays and the settings (aimed at harmless names, in case)."""

import shutil

from game.rules.model import Orders


class DeletesFiles:
    def decide(self, observation, rng):
        shutil.rmtree("replays")
        return Orders()
