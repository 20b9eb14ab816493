"""Plain data between the game and a student's bot: JSON messages, never pickles.

The game sends a bot its scenario once and then, each turn, its observation; the bot
sends back its answer. Everything is encoded as JSON-ready dicts of numbers, strings and
lists, so nothing the bot's process sends can run code in the game, and the game checks
every answer before it turns it into :class:`~game.rules.model.Orders`.
"""

from __future__ import annotations

import json
import math
import struct
from collections.abc import Mapping
from dataclasses import fields
from typing import IO, Any

import numpy as np

from game.rules.model import (
    IntelReport,
    Keyed,
    Memory,
    Mode,
    NationType,
    Observation,
    Orders,
    Phase,
    Posture,
    RulesParams,
    Scenario,
    Side,
    Signal,
    shown_number,
)

MAX_ANSWER_BYTES = 64 * 1024
"""The largest message the game reads from a bot: an answer is a few hundred bytes."""
MAX_MESSAGE_BYTES = 64 * 1024 * 1024
"""The largest message a bot's process reads from the game (a 1,000-turn history)."""
SHOWN_LENGTH = 80
"""Characters of a wrong value that a refusal quotes."""


class WireError(ValueError):
    """A message that is not what the protocol allows."""


# -- framing --------------------------------------------------------------------------------


def write_message(stream: IO[bytes], message: Mapping[str, Any]) -> None:
    """Send one message: a 4-byte length, then UTF-8 JSON (non-finite numbers refused)."""
    data = json.dumps(message, allow_nan=False, separators=(",", ":")).encode("utf-8")
    stream.write(struct.pack(">I", len(data)) + data)
    stream.flush()


def read_message(stream: IO[bytes], limit: int) -> dict[str, Any] | None:
    """Receive one message, or None at the end of the stream; refuse one over ``limit``."""
    header = _read_exactly(stream, 4)
    if header is None:
        return None
    (size,) = struct.unpack(">I", header)
    if size > limit:
        raise WireError(f"a message of {size} bytes is over the limit of {limit}")
    data = _read_exactly(stream, size)
    if data is None:
        return None
    try:
        message = json.loads(data.decode("utf-8"), parse_constant=_no_constant)
    except (UnicodeDecodeError, ValueError, RecursionError) as error:
        raise WireError(f"not a valid message: {error}") from None
    if not isinstance(message, dict):
        raise WireError("a message must be a JSON object")
    return message


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not allowed")


def _read_exactly(stream: IO[bytes], size: int) -> bytes | None:
    chunks = []
    while size:
        chunk = stream.read(size)
        if not chunk:
            return None
        chunks.append(chunk)
        size -= len(chunk)
    return b"".join(chunks)


# -- the game's side: scenario and observation out -------------------------------------------


def _plain(value: Any) -> Any:
    if isinstance(value, np.ndarray):
        return value.tolist()
    if isinstance(value, Keyed):
        return value.key
    if isinstance(value, tuple | list | frozenset):
        return [_plain(item) for item in value]
    return value


def scenario_to_data(scenario: Scenario) -> dict[str, Any]:
    """A scenario as plain data (its rules are public: the level file)."""
    data = {item.name: _plain(getattr(scenario, item.name)) for item in fields(scenario)}
    data["phases"] = [
        {
            "turn": phase.turn,
            "news": list(phase.news),
            "params": {
                item.name: _plain(getattr(phase.params, item.name)) for item in fields(phase.params)
            },
        }
        for phase in scenario.phases
    ]
    return data


def scenario_from_data(data: Mapping[str, Any]) -> Scenario:
    """The inverse of :func:`scenario_to_data` (in the bot's process)."""
    phases = tuple(
        Phase(
            turn=int(phase["turn"]),
            params=RulesParams(**_params(phase["params"])),
            news=tuple(phase["news"]),
        )
        for phase in data["phases"]
    )
    return Scenario(
        mode=Mode.from_key(data["mode"]),
        turns=int(data["turns"]),
        weapon_ids=tuple(data["weapon_ids"]),
        weapon_names=tuple(data["weapon_names"]),
        postures=frozenset(Posture.from_key(key) for key in data["postures"]),
        signals=frozenset(Signal.from_key(key) for key in data["signals"]),
        strike_allowed=bool(data["strike_allowed"]),
        max_change=float(data["max_change"]),
        default_amount=float(data["default_amount"]),
        bot_time_limit=float(data["bot_time_limit"]),
        start_arsenal=np.array(data["start_arsenal"], dtype=np.float64),
        start_treasury=np.array(data["start_treasury"], dtype=np.float64),
        expansionist_probability=np.array(data["expansionist_probability"], dtype=np.float64),
        start_tension=float(data["start_tension"]),
        phases=phases,
    )


def _params(data: Mapping[str, Any]) -> dict[str, Any]:
    """Rules parameters back as the engine keeps them: arrays where they were lists."""
    return {
        key: np.array(value, dtype=np.float64) if isinstance(value, list) else value
        for key, value in data.items()
    }


def observation_to_data(observation: Observation) -> dict[str, Any]:
    """What one side knows, as plain data (its scenario travels once, separately)."""
    data = observation.to_dict()
    data["turns"] = observation.turns
    data["history"] = [
        {item.name: _plain(getattr(memory, item.name)) for item in fields(memory)}
        for memory in observation.history
    ]
    return data


def observation_from_data(data: Mapping[str, Any], scenario: Scenario) -> Observation:
    """The inverse of :func:`observation_to_data` (in the bot's process)."""
    intel = data["intel"]
    seen = intel["seen_posture"]
    cap = data["treaty_cap"]
    return Observation(
        side=Side.from_key(data["side"]),
        turn=int(data["turn"]),
        turns=int(data["turns"]),
        own_type=NationType.from_key(data["own_type"]),
        arsenal=tuple(float(x) for x in data["arsenal"]),
        treasury=float(data["treasury"]),
        intel=IntelReport(
            total=float(intel["total"]),
            uncertainty=float(intel["uncertainty"]),
            by_kind=tuple(float(x) for x in intel["by_kind"]),
            seen_posture=None if seen is None else Posture.from_key(seen),
            seen_kind=intel["seen_kind"],
            seen_threat=bool(intel["seen_threat"]),
            seen_signal=Signal.from_key(intel["seen_signal"]),
            inspected=bool(intel["inspected"]),
            verified_cut=intel["verified_cut"],
        ),
        tension=float(data["tension"]),
        crisis=bool(data["crisis"]),
        treaty_active=bool(data["treaty_active"]),
        treaty_cap=None if cap is None else (float(cap[0]), float(cap[1])),
        felt_security=float(data["felt_security"]),
        news=tuple(data["news"]),
        history=tuple(
            Memory(
                ordered=Posture.from_key(m["ordered"]),
                executed=Posture.from_key(m["executed"]),
                amount=float(m["amount"]),
                signal_sent=Signal.from_key(m["signal_sent"]),
                seen_posture=Posture.from_key(m["seen_posture"]),
                seen_kind=int(m["seen_kind"]),
                seen_threat=bool(m["seen_threat"]),
                seen_signal=Signal.from_key(m["seen_signal"]),
                estimate=float(m["estimate"]),
                tension=float(m["tension"]),
            )
            for m in data["history"]
        ),
        scenario=scenario,
    )


def generator_state(rng: np.random.Generator) -> dict[str, Any]:
    """A generator's state as plain data, so the bot's copy draws exactly the same numbers."""
    return dict(rng.bit_generator.state)


def generator_from_state(state: Mapping[str, Any]) -> np.random.Generator:
    """A generator in the given state (a PCG64, the game's only kind)."""
    bit_generator = np.random.PCG64()
    bit_generator.state = dict(state)  # type: ignore[assignment]
    return np.random.Generator(bit_generator)


# -- the bot's answer: plain data in, checked orders out -----------------------------------


ORDER_FIELDS = tuple(item.name for item in fields(Orders))
_ENUMS: dict[str, type[Keyed]] = {"posture": Posture, "signal": Signal}


def answer_to_data(answer: Any) -> dict[str, Any]:
    """Whatever a bot returned, as plain data the game can check (in the bot's process).

    An :class:`Orders` object becomes its fields, each tagged with its type; anything the
    game could not use is described by a short ``repr`` for the refusal message.
    """
    if not isinstance(answer, Orders):
        return {"not_orders": type(answer).__name__[:SHOWN_LENGTH]}
    return {name: _tagged(getattr(answer, name)) for name in ORDER_FIELDS}


def _tagged(value: Any) -> dict[str, Any]:
    if isinstance(value, Keyed):
        return {type(value).__name__: value.key}
    if isinstance(value, bool | np.bool_):
        return {"bool": bool(value)}
    if isinstance(value, int | np.integer) and -(2**53) <= int(value) <= 2**53:
        return {"int": int(value)}
    if isinstance(value, float | np.floating) and math.isfinite(float(value)):
        return {"float": float(value)}
    return {"repr": _short(value)}


def _short(value: Any) -> str:
    try:
        text = shown_number(value)
    except Exception:
        text = f"<{type(value).__name__}>"
    return text if len(text) <= SHOWN_LENGTH else text[: SHOWN_LENGTH - 3] + "..."


class Shown:
    """A value a bot returned that the game will not use, kept only to be named in a refusal."""

    def __init__(self, text: str) -> None:
        self.text = text

    def __repr__(self) -> str:
        return self.text


def answer_from_data(data: Any) -> Orders | Shown:
    """The bot's answer as the game will judge it (in the game's process).

    Returns :class:`Orders` built from plain values only (wrong ones kept as
    :class:`Shown`, so that ``order_problems`` names them), or a :class:`Shown` for an
    answer that was not an ``Orders`` object at all. Raises :class:`WireError` for a
    message that breaks the protocol.
    """
    if not isinstance(data, dict):
        raise WireError("an answer must be a JSON object")
    if set(data) == {"not_orders"}:
        name = str(data["not_orders"])[:SHOWN_LENGTH]
        refused: Shown = type(name, (Shown,), {})(f"a {name}")  # named as the bot's answer
        return refused
    if set(data) != set(ORDER_FIELDS):
        raise WireError(f"an answer has exactly the fields {', '.join(ORDER_FIELDS)}")
    values = {name: _untagged(name, data[name]) for name in ORDER_FIELDS}
    return Orders(**values)


def _untagged(name: str, tagged: Any) -> Any:
    if not isinstance(tagged, dict) or len(tagged) != 1:
        raise WireError(f"{name}: not a tagged value")
    ((tag, value),) = tagged.items()
    enum = _ENUMS.get(name)
    if enum is not None and tag == enum.__name__ and isinstance(value, str):
        try:
            return enum.from_key(value)
        except ValueError:
            raise WireError(f"{name}: unknown {enum.__name__} {value[:SHOWN_LENGTH]!r}") from None
    if tag in ("Posture", "Signal", "Side", "NationType", "Mode") and isinstance(value, str):
        return Shown(f"{tag}.{value.upper()[:SHOWN_LENGTH]}")
    if tag == "bool" and isinstance(value, bool):
        return value
    if tag == "int" and isinstance(value, int) and not isinstance(value, bool):
        return value
    if tag == "float" and isinstance(value, float | int) and not isinstance(value, bool):
        return float(value)
    if tag == "repr" and isinstance(value, str):
        return Shown(value[:SHOWN_LENGTH])
    raise WireError(f"{name}: a value the protocol does not know")
