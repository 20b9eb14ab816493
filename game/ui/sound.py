"""Short, quiet sound cues, synthesised with numpy when the window opens (no sound files).

A cue confirms what the eyes may have missed in a busy classroom: focus moved, orders
were sent, a turn was resolved, a crisis broke out. Sound is optional: with sound off,
or on a machine without an audio device, every cue is a silent no-op.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from typing import Literal

import numpy as np
import pygame

Cue = Literal["select", "confirm", "turn", "alarm"]
CUES: tuple[Cue, ...] = ("select", "confirm", "turn", "alarm")

_FADE = 0.012
"""Seconds of raised-cosine fade at both ends of a note, so no cue starts or ends in a click."""


@dataclass(frozen=True)
class _Note:
    """One tone of a cue: when it starts, its pitch, how long it rings and how it fades."""

    start: float
    pitch: float
    length: float
    decay: float  # seconds for the level to fall to 1/e
    partials: tuple[tuple[int, float], ...] = ((1, 1.0),)


_CUES: dict[Cue, tuple[float, tuple[_Note, ...]]] = {
    # a soft, short tick when focus moves
    "select": (0.10, (_Note(0.0, 1046.5, 0.06, 0.018),)),
    # a rising fourth: "sent"
    "confirm": (
        0.20,
        (
            _Note(0.0, 659.3, 0.20, 0.10, ((1, 1.0), (2, 0.2))),
            _Note(0.09, 880.0, 0.32, 0.14, ((1, 1.0), (2, 0.2))),
        ),
    ),
    # a gentle bell chord: the turn is over
    "turn": (
        0.20,
        (
            _Note(0.0, 392.0, 0.75, 0.28, ((1, 1.0), (2, 0.3), (3, 0.1))),
            _Note(0.0, 587.3, 0.75, 0.24, ((1, 0.7), (2, 0.2))),
        ),
    ),
    # three alternating pulses: a crisis, or war
    "alarm": (
        0.25,
        tuple(
            _Note(0.2 * index, 740.0 if index % 2 == 0 else 554.4, 0.17, 0.5, ((1, 1.0), (3, 0.2)))
            for index in range(3)
        ),
    ),
}


def waveform(cue: Cue, rate: int) -> np.ndarray:
    """The cue as mono float samples in [-1, 1] at ``rate`` Hz, peaking at its quiet volume."""
    volume, notes = _CUES[cue]
    total = max(note.start + note.length for note in notes)
    samples = np.zeros(round(total * rate) + 1)
    for note in notes:
        count = round(note.length * rate)
        t = np.arange(count) / rate
        tone = sum(
            weight * np.sin(2 * np.pi * note.pitch * harmonic * t)
            for harmonic, weight in note.partials
        )
        fade = min(round(_FADE * rate), count // 2)
        ramp = 0.5 - 0.5 * np.cos(np.linspace(0.0, np.pi, fade))
        envelope = np.exp(-t / note.decay)
        envelope[:fade] *= ramp
        envelope[count - fade :] *= ramp[::-1]
        first = round(note.start * rate)
        samples[first : first + count] += tone * envelope
    loudest = float(np.abs(samples).max())
    return samples * (volume / loudest)


def _encode(samples: np.ndarray, size: int, channels: int) -> np.ndarray:
    """Samples in the mixer's own format (size as from ``pygame.mixer.get_init``)."""
    bits = abs(size)
    if bits == 32:  # pygame's only 32-bit format is float
        data = samples.astype(np.float32)
    else:
        peak = 2 ** (bits - 1) - 1
        signed = np.round(samples * peak)
        kind = f"int{bits}" if size < 0 else f"uint{bits}"
        data = (signed if size < 0 else signed + peak + 1).astype(kind)
    if channels == 1:
        return data
    frames: np.ndarray = np.repeat(data[:, np.newaxis], channels, axis=1)
    return np.ascontiguousarray(frames)


def _build() -> tuple[dict[Cue, pygame.mixer.Sound], tuple[int, int, int] | None]:
    """Every cue as a mixer Sound, and the mixer format they were made for; none without audio."""
    try:
        if pygame.mixer.get_init() is None:
            pygame.mixer.init()
        mixer = pygame.mixer.get_init()
        if mixer is None:
            return {}, None
        rate, size, channels = mixer
        sounds = {
            cue: pygame.sndarray.make_sound(_encode(waveform(cue, rate), size, channels))
            for cue in CUES
        }
    except (pygame.error, ValueError, TypeError):
        return {}, None
    return sounds, mixer


class Sounds:
    """The game's sound cues; :meth:`play` never fails and is silent when sound is off."""

    def __init__(self, enabled: bool = True) -> None:
        self.enabled = enabled
        self._sounds, self._format = _build()

    @property
    def available(self) -> bool:
        """Whether this machine can play the cues at all (it has a working audio device)."""
        return bool(self._sounds)

    def play(self, cue: Cue) -> None:
        """Start ``cue`` (see :data:`CUES`) if sound is on; a misspelt cue is a ValueError."""
        if cue not in CUES:
            raise ValueError(f"unknown sound cue {cue!r}; expected one of {CUES}")
        sound = self._sounds.get(cue)
        # a Sound played after its mixer has closed crashes the interpreter, so check first
        if self.enabled and sound is not None and pygame.mixer.get_init() == self._format:
            with contextlib.suppress(pygame.error):
                sound.play()
