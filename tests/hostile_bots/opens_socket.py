"""Opens a network connection."""

import socket

from game.rules.model import Orders


class OpensSocket:
    def decide(self, observation, rng):
        socket.create_connection(("127.0.0.1", 9))
        return Orders()
