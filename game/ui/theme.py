"""The situation-room look: colour-blind-safe colours, big type, and a scale for projectors.

Redland is vermillion and Blueland blue (Okabe–Ito), tension is amber, and every nation
also has an emblem shape, so colour is never the only cue. Sizes are given for a
1280×720 window and multiplied by the scale, which follows the window's size and the
player's "interface size" setting. Players who prefer traditional red and green can
switch to the :data:`CLASSIC` palette; shapes and labels keep meaning clear in both.
"""

from __future__ import annotations

import importlib.resources
from dataclasses import dataclass, field
from functools import lru_cache

import pygame

from game.levels.compile import nation_look
from game.levels.schema import Level
from game.resources import data_dir
from game.rules.model import Side

Color = tuple[int, int, int]

BASE_SIZE = (1280, 720)
"""The layout's reference size: everything is designed at this size and scaled."""


class Type:
    """The one type scale, in design pixels at 1280×720 and 100%: every text uses one.

    Nothing is smaller than :attr:`SMALL` (18 px), so hints, footers and chart axes stay
    readable from the back of a classroom on a projector.
    """

    SMALL = 18
    """Hints, details, chart axes, footers."""
    BODY = 20
    """Running text and values."""
    LABEL = 24
    """Buttons, card titles, names."""
    HEADING = 32
    """A screen's title."""
    TITLE = 44
    """A level's name on its briefing, the curtain's hand-off."""
    DISPLAY = 64
    """The game's name on the title screen."""


def hex_color(text: str) -> Color:
    """``"#D55E00"`` → ``(213, 94, 0)``."""
    value = text.lstrip("#")
    return (int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16))


@dataclass(frozen=True)
class Palette:
    """Colours of the interface (Okabe–Ito for meaning, slate for the room)."""

    background: Color = (27, 33, 41)
    panel: Color = (43, 52, 64)
    panel_edge: Color = (74, 87, 102)
    track: Color = (20, 25, 31)
    text: Color = (232, 236, 239)
    dim: Color = (150, 160, 170)
    focus: Color = (230, 159, 0)  # amber: the one accent
    tension: Color = (230, 159, 0)
    good: Color = (0, 158, 115)  # bluish green, always with a label or a shape
    warning: Color = (240, 228, 66)

    @staticmethod
    def for_settings(colour_blind_safe: bool) -> Palette:
        """The palette the player chose: Okabe–Ito (the default) or the classic one."""
        return COLOUR_BLIND_SAFE if colour_blind_safe else CLASSIC


COLOUR_BLIND_SAFE = Palette()
"""Okabe–Ito: every colour stays distinct under the common kinds of colour blindness."""

CLASSIC = Palette(
    focus=(255, 214, 10),  # bright gold
    tension=(229, 57, 53),  # red for danger
    good=(67, 190, 90),  # green for safety
    warning=(255, 145, 0),  # orange
)
"""Traditional red-for-danger, green-for-good colours, for those who prefer them.

Red and green are hard to tell apart for many people, so every screen also marks meaning
with emblem shapes and labels; nothing depends on these colours alone.
"""


@dataclass(frozen=True)
class Look:
    """A nation as players see it: public name, colour and emblem."""

    name: str
    color: Color
    emblem: str


def nation_looks(level: Level) -> dict[Side, Look]:
    """Each nation's name, colour and emblem, as the level sets them (or the defaults)."""
    looks = {}
    for side in (Side.RED, Side.BLUE):
        name, color, emblem = nation_look(level, side.key)
        looks[side] = Look(name, hex_color(color), emblem)
    return looks


def reset_fonts() -> None:
    """Forget loaded fonts (they die with ``pygame.quit``)."""
    _font.cache_clear()
    _fallback.cache_clear()
    _covered.cache_clear()


def ensure_fonts() -> None:
    """Make text drawable without a window (PNG export), even after a window was closed."""
    if not pygame.font.get_init():
        pygame.font.init()
        reset_fonts()  # fonts loaded before an earlier pygame.quit() cannot draw any more


@lru_cache(maxsize=64)
def _font(bold: bool, size: int) -> pygame.font.Font:
    """Noto Sans, shipped in ``assets/fonts`` with its licence (SIL OFL 1.1)."""
    name = "NotoSans-Bold.ttf" if bold else "NotoSans-Regular.ttf"
    resource = data_dir("assets") / "fonts" / name
    with importlib.resources.as_file(resource) as path:
        return pygame.font.Font(str(path), size)


FALLBACK_FONTS = (
    "notosanscjksc",
    "notosanscjk",
    "notosanscjkjp",
    "sourcehansans",
    "droidsansfallback",
    "wenquanyizenhei",
    "microsoftyahei",
    "msgothic",
    "applesdgothicneo",
    "hiraginosans",
    "arialunicodems",
    "notosansarabic",
    "dejavusans",
)
"""System fonts tried, in order, for letters Noto Sans lacks (Chinese, Japanese, Korean…)."""


@lru_cache(maxsize=1)
def _fallback_file() -> str | None:
    """The first installed fallback font, looked up once; None if there is none."""
    for name in FALLBACK_FONTS:
        found = pygame.font.match_font(name)
        if found:
            return str(found)
    return None


@lru_cache(maxsize=64)
def _fallback(bold: bool, size: int) -> pygame.font.Font | None:
    path = _fallback_file()
    if path is None:
        return None
    font = pygame.font.Font(path, size)
    font.bold = bold
    return font


@lru_cache(maxsize=4096)
def _covered(text: str) -> bool:
    """Whether Noto Sans has every letter of ``text`` (names may be in any script)."""
    return all(metric is not None for metric in _font(False, 20).metrics(text))


@dataclass
class Theme:
    """Colours, fonts and the current scale."""

    palette: Palette = field(default_factory=Palette)
    scale: float = 1.0

    def px(self, value: float) -> int:
        """A length of the 1280×720 design at the current scale."""
        return max(1, round(value * self.scale))

    def font(self, size: float, bold: bool = False, text: str = "") -> pygame.font.Font:
        """Noto Sans at a design size in pixels.

        For a ``text`` with letters Noto Sans lacks, the first system font that has them,
        so a student's name in any script shows.
        """
        pixels = max(8, round(size * self.scale))
        if text and not _covered(text):
            fallback = _fallback(bold, pixels)
            if fallback is not None:
                return fallback
        return _font(bold, pixels)

    def fit(self, window: tuple[int, int], ui_scale: float) -> None:
        """Scale the layout to the window, times the player's "interface size" setting."""
        width, height = window
        self.scale = min(width / BASE_SIZE[0], height / BASE_SIZE[1]) * ui_scale
