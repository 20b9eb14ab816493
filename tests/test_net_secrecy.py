"""Server-authoritative secrecy: nothing private to the other side ever reaches a client.

Whole networked games are played on several levels (full rules with fog, several weapon
kinds, costly signals, and a 2x2 matrix game), and every message each client receives is
recorded. Until the game is over:

* each turn's view is exactly that side's own observation, as the replay (re-played
  independently from the seed) says that side saw it;
* no number in any message equals a number private to the other side (its true arsenal
  by kind and in total after every turn, its treasury, felt security, its estimate of us,
  the amounts it ordered and carried out, its costs) or hidden from both (real security,
  scores, every random draw of the world), unless the viewer could know that number anyway
  (its own view of this and every earlier turn, the public level, turn numbers);
* the words of the other side's hidden type appear nowhere when they differ from ours.

A planted leak (the other side's view sent instead) proves the check finds what it should.
"""

from __future__ import annotations

import bisect
import contextlib
import math
import re
from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np
import pytest
from net_driver import Student, join, play_out, start_host

from game.levels import load_builtin
from game.net.protocol import GameOver, Lobby, ObservationWire, Turn
from game.replay import Replay
from game.rules.model import NationType, Side
from game.session.match import Match

NUMBER = re.compile(r"(?<![\w.])-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?")
TOLERANCE = 1e-9
LEVELS = [
    ("fog-of-war", 10),
    ("missile-shield", 14),
    ("costly-signals", 10),
    ("chicken", 10),
]


@dataclass(frozen=True)
class Secret:
    """A number the viewer may not know."""

    name: str
    value: float


def leaves(value: object) -> Iterator[object]:
    """Every number, text, truth value and null inside a message's JSON."""
    if isinstance(value, dict):
        for item in value.values():
            yield from leaves(item)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from leaves(item)
    else:
        yield value


def numbers(value: object) -> list[float]:
    """Every number inside a message's JSON, numbers written in its texts included."""
    found: list[float] = []
    for leaf in leaves(value):
        if isinstance(leaf, int | float) and not isinstance(leaf, bool):
            found.append(float(leaf))
        elif isinstance(leaf, str):
            found += [float(m.group(0)) for m in NUMBER.finditer(leaf)]
    return found


def texts(value: object) -> list[str]:
    """Every string inside a message's JSON."""
    return [leaf for leaf in leaves(value) if isinstance(leaf, str)]


class Near:
    """Sorted values, to ask whether one lies near a number."""

    def __init__(self, values: list[float]) -> None:
        self.keys = sorted(v for v in values if math.isfinite(v))

    def has(self, value: float) -> bool:
        tolerance = TOLERANCE * max(1.0, abs(value))
        start = bisect.bisect_left(self.keys, value - tolerance)
        return start < len(self.keys) and self.keys[start] <= value + tolerance


def secrets_of(match, other: Side, turn: int) -> list[Secret]:
    """What only ``other`` (or nobody) knows when turn ``turn`` (0-based) is being decided."""
    state, o = match.state, int(other)
    history = state.history
    found: list[tuple[str, np.ndarray]] = [
        ("true arsenal by kind", history.arsenal[:turn, 0, o]),
        ("true arsenal", history.arsenal[:turn, 0, o].sum(axis=-1)),
        ("treasury", history.treasury[:turn, 0, o]),
        ("felt security", history.felt_security[:turn, 0, o]),
        ("estimate of us", history.estimate[:turn, 0, o]),
        ("amount ordered", history.requested[:turn, 0, o]),
        ("amount carried out", history.amount[:turn, 0, o]),
        ("cost", history.cost[:turn, 0, o]),
        ("real security (hidden from both)", history.real_security[:turn, 0]),
        ("turn score (hidden from both)", history.turn_score[:turn, 0]),
        ("random draw", state.noise.uniform[: turn + 2, 0, o]),
        ("perception error", state.noise.normal[: turn + 2, 0, o]),
        ("war draw (hidden from both)", state.noise.shared[: turn + 2, 0]),
    ]
    return [
        Secret(name, float(value))
        for name, values in found
        for value in np.asarray(values, dtype=float).ravel()
    ]


def known_to(replay, viewer: Side, turn: int, level_text: str) -> Near:
    """Numbers the viewer may know at ``turn``: its own views so far, the level, counts."""
    known: list[float] = numbers(level_text)
    known += [float(n) for n in range(replay.level.scenario.turns + 2)]
    scenario = replay.level.scenario
    known += [float(v) for v in np.ravel(scenario.start_arsenal[int(viewer)])]
    known += [float(scenario.start_arsenal[int(viewer)].sum())]
    known += [float(v) for v in np.ravel(scenario.start_treasury)]
    for views in replay.views[: turn + 1]:
        known += numbers(ObservationWire.of(views[viewer]).model_dump(mode="json"))
    return Near(known)


def leaks(messages: list[dict], match, replay, viewer: Side, level_text: str) -> list[str]:
    """Every secret of the other side found in the messages one viewer got before the end."""
    other = viewer.other
    found = []
    other_type = NationType(int(match.state.types[0, int(other)])).key
    own_type = NationType(int(match.state.types[0, int(viewer)])).key
    for message in messages:
        turn = message["observation"]["turn"] if message["type"] == "turn" else 0
        private = secrets_of(match, other, turn)
        index = Near([secret.value for secret in private])
        known = known_to(replay, viewer, turn, level_text)
        body = {k: v for k, v in message.items() if k != "level"}
        for value in numbers(body):
            if index.has(value) and not known.has(value):
                names = [s.name for s in private if Near([s.value]).has(value)]
                found.append(f"{message['type']} turn {turn + 1}: {value!r} is {names[0]}")
        if other_type != own_type and any(other_type in text for text in texts(body)):
            found.append(f"{message['type']}: the other side's type {other_type!r}")
    return found


@contextlib.contextmanager
def played(level, tmp_path) -> Iterator[tuple[list[Student], Match, Replay]]:
    """A whole class game of ``level``: Ana and Ben (random moves), the match and its replay."""
    host = start_host(level, seed=11)
    ana, ben = join(host, "Ana", tmp_path), join(host, "Ben", tmp_path)
    ben.rng = np.random.default_rng(2)
    try:
        for student in (ana, ben):
            student.wait(lambda e: isinstance(e, Lobby))
        host.start_round()
        play_out([ana, ben])
        match = host.host.room.games[1].match
        replay = ana.of_type(GameOver)[-1].parsed_replay()
        yield [ana, ben], match, replay
    finally:
        ana.client.close()
        ben.client.close()
        host.stop()


@pytest.mark.parametrize(("level_id", "turns"), LEVELS)
def test_no_client_receives_anything_private_to_the_other_side(level_id, turns, tmp_path):
    level = load_builtin(level_id, [f"rules.turns={turns}"])
    with played(level, tmp_path) as (students, match, replay):
        assert match.finished and len(replay.records) == match.turn
        for student in students:
            viewer = student.game.my_side
            before_end = []
            for event in student.received:
                if isinstance(event, GameOver):
                    break
                if hasattr(event, "model_dump"):
                    before_end.append(event.model_dump(mode="json"))
            turns_seen = [e for e in student.received if isinstance(e, Turn)]
            assert len(turns_seen) == match.turn  # one view per turn, none skipped
            for sent in turns_seen:
                assert sent.observation == ObservationWire.of(replay.views[sent.turn][viewer])
            assert leaks(before_end, match, replay, viewer, level.text) == []


def test_the_check_finds_the_other_sides_view_planted_in_a_message(tmp_path):
    level = load_builtin("fog-of-war", ["rules.turns=8"])
    with played(level, tmp_path) as (_, match, replay):
        planted = [
            Turn(game=1, observation=ObservationWire.of(replay.views[t][Side.BLUE])).model_dump(
                mode="json"
            )
            for t in range(1, match.turn)
        ]
        found = leaks(planted, match, replay, Side.RED, level.text)
        assert found, "the other side's own view went unnoticed"
        assert any("treasury" in line or "felt security" in line for line in found), found
