"""AI opponents: one protocol, ``decide(observation, rng) -> orders``, and a strategy catalog."""
