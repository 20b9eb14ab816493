"""The game window (pygame-ce). The only package that imports pygame."""
