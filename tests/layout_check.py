"""What a screen's layout must satisfy, read from everything its painter drew.

Every line of text lies inside the window and inside the bounds it was drawn within (its
card), no two lines overlap, and two cards either stand apart or one holds the other.
"""

from __future__ import annotations

import itertools

import pygame

from game.ui.painter import Recorder

SLACK = 2
"""Pixels of overlap forgiven (antialiased edges, a rounded border)."""


def _shrunk(rect: pygame.Rect) -> pygame.Rect:
    return rect.inflate(-2 * SLACK, -2 * SLACK)


def layout_problems(recorder: Recorder, window: pygame.Rect) -> list[str]:
    """Each way the drawn screen breaks its layout, in words (empty: the layout holds).

    Only what is drawn after the last veil (a question asked over the screen) is seen.
    """
    problems = []
    texts = [item for item in recorder.drawn if item.kind == "text"]
    veils = [index for index, item in enumerate(recorder.drawn) if item.kind == "shade"]
    seen_from = veils[-1] if veils else 0
    hidden = sum(1 for item in recorder.drawn[:seen_from] if item.kind == "text")
    placed = [
        (item.label, rect, bounds)
        for item, (rect, bounds) in list(zip(texts, recorder.places, strict=True))[hidden:]
        if item.label.strip()
    ]
    for label, rect, bounds in placed:
        if not window.contains(_shrunk(rect)):
            problems.append(f"{label!r} {tuple(rect)} leaves the window")
        elif not bounds.contains(_shrunk(rect)):
            problems.append(f"{label!r} {tuple(rect)} leaves its card {tuple(bounds)}")
    for (one, first, _), (other, second, _) in itertools.combinations(placed, 2):
        if _shrunk(first).colliderect(_shrunk(second)):
            problems.append(f"{one!r} {tuple(first)} overlaps {other!r} {tuple(second)}")
    panels = [
        pygame.Rect(item.at[:4]) for item in recorder.drawn[seen_from:] if item.kind == "panel"
    ]
    for first, second in itertools.combinations(panels, 2):
        apart = not _shrunk(first).colliderect(_shrunk(second))
        nested = first.contains(_shrunk(second)) or second.contains(_shrunk(first))
        if not apart and not nested:
            problems.append(f"cards {tuple(first)} and {tuple(second)} overlap")
    return problems


def smallest_text(recorder: Recorder) -> tuple[float, str]:
    """The smallest design size any text was drawn at, and that text."""
    sizes = [(item.at[2], item.label) for item in recorder.drawn if item.kind == "text"]
    return min(sizes, default=(float("inf"), ""))
