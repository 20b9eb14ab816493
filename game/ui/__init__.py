"""The game window (pygame-ce). The only package that imports pygame."""

import os

# pygame greets on import; players and teachers at a terminal do not need the banner.
os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")
