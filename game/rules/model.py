"""The game's vocabulary: sides, orders, the compiled scenario, and what each side may know.

Everything here is plain data. The engine (``engine.py``) turns orders into new state, the
level loader (``game.levels``) compiles a level file into a :class:`Scenario`, and strategies
and screens read :class:`Observation` objects only, never the true state.
"""

from __future__ import annotations

import enum
import math
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field, fields, replace
from typing import Any, TypeVar

import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int8]
BoolArray = npt.NDArray[np.bool_]
IndexArray = npt.NDArray[np.intp]


class Keyed(enum.IntEnum):
    """An integer code for arrays with a snake_case key for files, JSON and the command line."""

    def __init__(self, *args: object) -> None:
        self._key = self.name.lower()  # made once: event logs read it for every value

    @property
    def key(self) -> str:
        """The name used in level files, JSON output and on the command line."""
        return self._key

    @classmethod
    def from_key(cls, key: str) -> Any:
        """Parse a key such as ``"arm"``; raise ``ValueError`` listing the valid keys."""
        try:
            return cls[key.upper()]
        except KeyError:
            valid = ", ".join(member.key for member in cls)
            raise ValueError(f"unknown {cls.__name__.lower()} {key!r} (valid: {valid})") from None


class Side(Keyed):
    """The two nations. Red moves in slot 0 of every array, Blue in slot 1."""

    RED = 0
    BLUE = 1

    @property
    def other(self) -> Side:
        """The opponent."""
        return Side(1 - self.value)


class Posture(Keyed):
    """What a nation does with its arsenal this turn. In matrix mode disarm = cooperate."""

    DISARM = 0
    HOLD = 1
    ARM = 2


class Signal(Keyed):
    """A message sent with the orders. The last three are costly or binding, so they prove more."""

    NONE = 0
    REASSURE = 1
    WARN = 2
    PROPOSE_CAP = 3
    INVITE_INSPECTION = 4
    UNILATERAL_CUT = 5


class SignalKind(Keyed):
    """What sending a signal costs the sender, and so how much it can prove (Kydd 2005)."""

    SILENCE = 0
    CHEAP = 1
    """Free words: sent as easily by either type, and open to mishearing."""
    BINDING = 2
    """Free to send, but binding once the other side sends it too."""
    COSTLY = 3
    """It costs something and exposes the truth: an expansionist would rather not."""


@dataclass(frozen=True)
class SignalRule:
    """Everything the rules say about one signal, in one place.

    Intelligence, scoring, the engine, the beliefs model, the replay analysis and the level
    format all read this table (:data:`SIGNAL_RULES`), so a new signal means a row here,
    its own rule where it has one, and its documentation.
    """

    kind: SignalKind
    order: str
    """The signal as an order, on the decision screen: "Warn: “do not push us”"."""
    heard: str
    """The signal as received: "you heard …"."""
    said: str
    """The signal as something sent, in a sentence: "Blueland sent a warning"."""
    misheard_as: Signal | None = None
    """Cheap talk can be heard as this other signal (``intel.signal_misread``)."""
    shows_posture: bool = False
    """The sender's posture is seen exactly this turn (the signal verifies it)."""
    carried_out: bool = False
    """A public ceremony: the posture is always carried out as ordered."""
    needs_posture: Posture | None = None
    """The posture it must come with, if any."""
    cost: str | None = None
    """The :class:`RulesParams` field of its price in money, if it has one."""
    tension: str | None = None
    """The :class:`RulesParams` field of the tension change per signal sent, if any."""
    tension_sign: int = 0
    """+1 if sending it raises tension, −1 if it lowers it."""
    sent_by: tuple[float, float] = (0.0, 0.0)
    """How often a security seeker and an expansionist send it per turn, in the Bayesian
    model of ``game.ai.beliefs`` (cheap talk equally; costly signals mostly seekers)."""


SIGNAL_RULES: dict[Signal, SignalRule] = {
    Signal.NONE: SignalRule(SignalKind.SILENCE, "Say nothing", "nothing", "nothing"),
    Signal.REASSURE: SignalRule(
        SignalKind.CHEAP,
        "Reassure: \u201cwe mean no harm\u201d",
        "\u201cwe mean no harm\u201d",
        "reassurance",
        misheard_as=Signal.WARN,
        tension="tension_reassure",
        tension_sign=-1,
        sent_by=(0.3, 0.3),
    ),
    Signal.WARN: SignalRule(
        SignalKind.CHEAP,
        "Warn: \u201cdo not push us\u201d",
        "\u201cdo not push us\u201d",
        "a warning",
        misheard_as=Signal.REASSURE,
        tension="tension_warn",
        tension_sign=1,
        sent_by=(0.2, 0.2),
    ),
    Signal.PROPOSE_CAP: SignalRule(
        SignalKind.BINDING,
        "Propose a treaty freezing arms",
        "a proposal to freeze arms",
        "a treaty proposal",
        sent_by=(0.1, 0.05),
    ),
    Signal.INVITE_INSPECTION: SignalRule(
        SignalKind.COSTLY,
        "Invite inspectors (costly)",
        "an invitation to inspect them",
        "an invitation to inspect",
        shows_posture=True,
        cost="inspection_cost",
        sent_by=(0.05, 0.005),
    ),
    Signal.UNILATERAL_CUT: SignalRule(
        SignalKind.COSTLY,
        "Verified public cut (costly)",
        "a verified public cut",
        "a verified cut",
        shows_posture=True,
        carried_out=True,
        needs_posture=Posture.DISARM,
        cost="unilateral_cut_cost",
        sent_by=(0.05, 0.005),
    ),
}
"""The description of every signal (see :class:`SignalRule`)."""
assert set(SIGNAL_RULES) == set(Signal), "every signal needs its row"


def signals_where(test: Callable[[SignalRule], bool]) -> tuple[Signal, ...]:
    """The signals whose rule passes ``test``, e.g. the costly ones."""
    return tuple(signal for signal, rule in SIGNAL_RULES.items() if test(rule))


class NationType(Keyed):
    """A nation's hidden aim, known only to itself until the debrief."""

    SECURITY_SEEKER = 0
    EXPANSIONIST = 1


class Mode(Keyed):
    """Full rules (arsenals, intelligence, tension, war) or a 2×2 payoff matrix per turn."""

    FULL = 0
    MATRIX = 1


class Outcome(Keyed):
    """How a game ended. ``ONGOING`` only while it is being played."""

    ONGOING = 0
    STABLE_PEACE = 1
    ARMS_CONTROL = 2
    ARMED_PEACE = 3
    SPIRAL_TO_WAR = 4
    AGGRESSION_WON = 5
    AGGRESSION_LOST = 6

    @property
    def is_war(self) -> bool:
        """True for the three outcomes in which the game ended in fighting."""
        return self in (Outcome.SPIRAL_TO_WAR, Outcome.AGGRESSION_WON, Outcome.AGGRESSION_LOST)


_POSTURES = tuple(Posture)
_SIGNALS = tuple(Signal)
_NATION_TYPES = tuple(NationType)
"""Members by code: indexing a tuple is quicker than calling the enum."""

_ARM_CODE, _HOLD_CODE = int(Posture.ARM), int(Posture.HOLD)
"""Plain codes for array arithmetic (numpy reads an enum member slowly)."""

NO_POSTURE_SEEN = -1
"""Array code for "nothing observed yet" (before the first turn)."""
NO_WINNER = -1
"""Array code for "nobody won" (no war, or a war between two empty arsenals)."""
NO_KIND = -1
"""Array code for "no weapon kind seen" (kinds cannot be told apart, or nothing was moved)."""


def any_set(mask: npt.NDArray[Any]) -> bool:
    """Whether any entry of ``mask`` is set, or nonzero (``mask.any()``, with less overhead).

    The engine asks this several times a turn, and for a batch of one game the call's
    overhead, not the work, is the cost (the single-game issue).
    """
    return bool(np.count_nonzero(mask))


def all_set(mask: npt.NDArray[Any]) -> bool:
    """Whether every entry of ``mask`` is set (``mask.all()``, quicker; see :func:`any_set`)."""
    return bool(np.count_nonzero(mask) == mask.size)


def filled(shape: tuple[int, ...], value: float, dtype: npt.DTypeLike = np.float64) -> Any:
    """A new array of ``shape`` holding ``value`` everywhere (``np.full``, with less overhead).

    The engine makes several such arrays every turn (see :func:`any_set` on why it counts).
    """
    result = np.empty(shape, dtype=dtype)
    result.fill(value)
    return result


def threat_move(posture: npt.ArrayLike, threat: npt.ArrayLike) -> IntArray:
    """The seen posture as it bears on the observer: a visibly defensive build counts as a hold.

    Works on codes and arrays of codes; "nothing seen yet" stays as it is (Jervis 1978: where
    defensive weapons can be told apart, building them threatens no one).
    """
    posture = np.asarray(posture)
    # an arming (True) that does not threaten (False): True > False, in one pass
    harmless = (posture == _ARM_CODE) > np.asarray(threat, dtype=np.bool_)
    result: IntArray = np.where(harmless, _HOLD_CODE, posture).astype(np.int8, copy=False)
    return result


_Made = TypeVar("_Made")


def _made(cls: type[_Made], values: dict[str, Any]) -> _Made:
    """An instance of the frozen dataclass ``cls`` with ``values``, one for every field.

    Its ``__init__`` sets each field through ``object.__setattr__``, which costs more than
    computing them: each turn of a game played alone makes two of each of observation
    batches, observations, memories and batches of orders, and that was a good part of
    the turn's cost. Only for values made here, complete, never for input.
    """
    made = object.__new__(cls)
    made.__dict__.update(values)
    return made


def _frozen(array: npt.ArrayLike, dtype: Any = np.float64) -> Any:
    """A read-only copy of ``array``, so no strategy can change the rules it is given.

    The copy is returned as a view of a read-only base: numpy refuses to make such a view
    writeable again, whereas an array that owns its memory could simply be unlocked.
    """
    base = np.array(array, dtype=dtype)
    base.flags.writeable = False
    return base.view()


@dataclass(frozen=True)
class RulesParams:
    """Every number the engine reads while resolving a turn.

    Scripted events may change any of these mid-game, so the engine looks them up per turn
    (:meth:`Scenario.params_at`). Weapon arrays have shape ``(2, K)``: each nation has its
    own technology, Red's row first. Other per-side arrays have shape ``(2,)``. Units and
    ranges are documented in ``docs/rules.md``.
    """

    offense: FloatArray
    defense: FloatArray
    build_cost: FloatArray
    upkeep: FloatArray
    offense_defense_balance: float
    distinguishable: bool
    deterrence: float
    """Weight of deterrence (the threat of striking back) in security, 0 to 1."""
    income: FloatArray
    fear: FloatArray
    domestic_pressure: FloatArray
    home_defense: FloatArray
    """Defense a nation has without any weapons: its territory, distance and people."""
    arsenal_noise: float
    posture_misread: float
    signal_misread: float
    inspection_factor: float
    execution_error: float
    tension_decay: float
    tension_arm: float
    tension_disarm: float
    tension_warn: float
    tension_reassure: float
    tension_treaty: float
    tension_violation: float
    crisis_threshold: float
    war_rate: float
    treaty_detection: float
    inspection_cost: float
    unilateral_cut_cost: float
    weight_security: float
    weight_cost: float
    weight_advantage: float
    peace_bonus: float
    war_damage: float
    victory: float
    defeat: float
    buildup_tolerance: float
    payoff: FloatArray
    """Matrix mode: ``payoff[own_arms, other_arms]``, i.e. ``[[R, S], [T, P]]``."""

    def __post_init__(self) -> None:
        for item in fields(self):
            value = getattr(self, item.name)
            if isinstance(value, np.ndarray) and (value.flags.writeable or value.base is None):
                object.__setattr__(self, item.name, _frozen(value))

    def __getstate__(self) -> dict[str, Any]:
        """Pickle the rules without the per-shape arrays kept for speed (rebuilt on use)."""
        return {name: value for name, value in self.__dict__.items() if name != "_repeated"}

    def with_values(self, **changes: Any) -> RulesParams:
        """A copy with some parameters changed (used by scripted events)."""
        return replace(self, **changes)

    def mirrored(self) -> RulesParams:
        """The same rules with Red's and Blue's rows swapped."""
        return replace(self, **{name: getattr(self, name)[::-1] for name in PER_SIDE_PARAMS})


PER_SIDE_PARAMS = (
    "offense",
    "defense",
    "build_cost",
    "upkeep",
    "income",
    "fear",
    "domestic_pressure",
    "home_defense",
)
"""Parameters with one row per nation (Red first)."""


@dataclass(frozen=True)
class Phase:
    """Rules in force from ``turn`` (0-based) on, announced to both sides with ``news``."""

    turn: int
    params: RulesParams
    news: tuple[str, ...] = ()


@dataclass(frozen=True)
class Scenario:
    """A level compiled for the engine: the fixed set-up plus the rules of each phase."""

    mode: Mode
    turns: int
    weapon_ids: tuple[str, ...]
    weapon_names: tuple[str, ...]
    postures: frozenset[Posture]
    signals: frozenset[Signal]
    strike_allowed: bool
    max_change: float
    default_amount: float
    bot_time_limit: float
    """Seconds a student's bot may take for one decision."""
    start_arsenal: FloatArray
    """Shape ``(2, K)``: each side's weapons at the start."""
    start_treasury: FloatArray
    expansionist_probability: FloatArray
    """Shape ``(2,)``: chance each side is secretly expansionist (0 or 1 for a fixed type)."""
    start_tension: float
    phases: tuple[Phase, ...] = field(default=())

    def __post_init__(self) -> None:
        for name in ("start_arsenal", "start_treasury", "expansionist_probability"):
            object.__setattr__(self, name, _frozen(getattr(self, name)))
        if not self.phases or self.phases[0].turn != 0:
            raise ValueError("a scenario needs rules in force from turn 0")
        turns = [phase.turn for phase in self.phases]
        if turns != sorted(set(turns)):
            raise ValueError("scenario phases must start on distinct, increasing turns")

    @property
    def kinds(self) -> int:
        """Number of weapon kinds."""
        return len(self.weapon_ids)

    def params_at(self, turn: int) -> RulesParams:
        """The rules in force while resolving ``turn`` (0-based)."""
        current = self.phases[0].params
        for phase in self.phases:
            if phase.turn > turn:
                break
            current = phase.params
        return current

    def news_at(self, turn: int) -> tuple[str, ...]:
        """News lines announced at the start of ``turn`` (0-based)."""
        for phase in self.phases:
            if phase.turn == turn:
                return phase.news
        return ()

    def mirrored(self) -> Scenario:
        """The same scenario with Red and Blue swapped (for symmetry checks)."""
        phases = tuple(replace(phase, params=phase.params.mirrored()) for phase in self.phases)
        return replace(
            self,
            start_arsenal=self.start_arsenal[::-1],
            start_treasury=self.start_treasury[::-1],
            expansionist_probability=self.expansionist_probability[::-1],
            phases=phases,
        )


@dataclass(frozen=True)
class Orders:
    """One side's secret orders for one turn.

    ``amount`` is in weapon units (0 < amount ≤ the level's ``max_change`` when arming or
    disarming, ignored when holding and in matrix mode); ``kind`` indexes the level's weapon
    kinds. ``strike`` is only accepted on levels that allow it.
    """

    posture: Posture = Posture.HOLD
    amount: float = 0.0
    kind: int = 0
    signal: Signal = Signal.NONE
    strike: bool = False

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form, with enum keys rather than codes."""
        return {
            "posture": self.posture.key,
            "amount": self.amount,
            "kind": self.kind,
            "signal": self.signal.key,
            "strike": self.strike,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Orders:
        """Inverse of :meth:`to_dict`."""
        return cls(
            posture=Posture.from_key(data["posture"]),
            amount=float(data["amount"]),
            kind=int(data["kind"]),
            signal=Signal.from_key(data["signal"]),
            strike=bool(data["strike"]),
        )


HOLD_ORDERS = Orders()
"""What a side does when it gives no valid orders: hold, say nothing."""


def _field_type_problems(orders: Orders) -> list[str]:
    """Fields of the wrong type (a bot may write ``posture="arm"`` or ``amount=None``)."""
    expected: list[tuple[str, type | tuple[type, ...], str]] = [
        ("posture", Posture, "a Posture, e.g. Posture.ARM"),
        ("amount", (int, float, np.integer, np.floating), "a number"),
        ("kind", (int, np.integer), "a whole number"),
        ("signal", Signal, "a Signal, e.g. Signal.REASSURE"),
        ("strike", (bool, np.bool_), "True or False"),
    ]
    problems = []
    for name, kinds, wanted in expected:
        value = getattr(orders, name)
        boolean = isinstance(value, bool | np.bool_)
        if not isinstance(value, kinds) or (boolean and name != "strike"):
            problems.append(f"{name} must be {wanted} (got {value!r})")
    return problems


def shown_number(value: Any) -> str:
    """A number for a message, without spelling out a huge integer's thousands of digits."""
    if isinstance(value, int | np.integer) and abs(int(value)).bit_length() > 64:
        digits = int(abs(int(value)).bit_length() * math.log10(2)) + 1
        return f"an integer of about {digits} digits"
    return repr(value)


def order_problems(orders: Orders, scenario: Scenario) -> list[str]:
    """Why these orders are not allowed on this level; an empty list means they are fine.

    Screens show these messages before a player confirms, and the session substitutes
    :data:`HOLD_ORDERS` for an AI's invalid orders rather than crashing.
    """
    problems: list[str] = []
    if not isinstance(orders, Orders):
        return [f"orders must be an Orders object, got {type(orders).__name__}"]
    typed = _field_type_problems(orders)
    if typed:
        return typed
    if orders.posture not in scenario.postures:
        allowed = ", ".join(p.key for p in sorted(scenario.postures))
        problems.append(f"posture {orders.posture.key!r} is not allowed here (allowed: {allowed})")
    moving = orders.posture in (Posture.ARM, Posture.DISARM)
    if scenario.mode is Mode.FULL and moving:
        try:
            amount = float(orders.amount)
        except OverflowError:  # an integer too large for a float is out of range too
            amount = math.inf
        if not math.isfinite(amount) or not 0 < amount <= scenario.max_change:
            shown = f"{amount!r}" if math.isfinite(amount) else shown_number(orders.amount)
            problems.append(
                f"amount must be more than 0 and at most {scenario.max_change:g} (got {shown})"
            )
    if not 0 <= orders.kind < scenario.kinds:
        problems.append(f"weapon kind must be 0..{scenario.kinds - 1} (got {orders.kind})")
    if orders.signal not in scenario.signals:
        signals = ", ".join(s.key for s in sorted(scenario.signals))
        problems.append(f"signal {orders.signal.key!r} is not allowed here (allowed: {signals})")
    needed = SIGNAL_RULES[orders.signal].needs_posture
    if needed is not None and orders.posture is not needed:
        problems.append(f"signal {orders.signal.key!r} must come with a {needed.key!r} order")
    if orders.strike and not scenario.strike_allowed:
        problems.append("this level does not allow strikes")
    return problems


@dataclass(frozen=True)
class IntelReport:
    """What one side's intelligence says about the other at decision time.

    Estimates are per weapon kind only when the level makes weapons distinguishable; otherwise
    ``by_kind`` is empty and only the total is known. ``uncertainty`` is the standard deviation
    the analysts believe their estimate has (they cannot know their own bias).
    """

    total: float
    uncertainty: float
    by_kind: tuple[float, ...]
    seen_posture: Posture | None
    """What the other side seemed to do last turn (None before the first turn)."""
    seen_kind: int | None
    """The weapon kind it seemed to move, where kinds can be told apart (else None)."""
    seen_threat: bool
    """It seemed to build weapons that can attack (every build, where kinds look alike)."""
    seen_signal: Signal
    """The signal received last turn, as it was understood."""
    inspected: bool
    """True when the other side accepted inspectors last turn, so the report is near exact."""
    verified_cut: float | None
    """Units the other side was seen to destroy in a verified unilateral cut last turn."""

    @property
    def seen_move(self) -> Posture | None:
        """The seen posture as it bears on this side: a visibly defensive build is a hold."""
        if self.seen_posture is Posture.ARM and not self.seen_threat:
            return Posture.HOLD
        return self.seen_posture

    @property
    def low(self) -> float:
        """Lower end of the 95% range (never below zero)."""
        return max(0.0, self.total - 2 * self.uncertainty)

    @property
    def high(self) -> float:
        """Upper end of the 95% range."""
        return self.total + 2 * self.uncertainty


@dataclass(frozen=True)
class Memory:
    """One past turn as this side lived it: its own moves and what it saw of the other."""

    ordered: Posture
    executed: Posture
    amount: float
    signal_sent: Signal
    seen_posture: Posture
    seen_kind: int
    """The kind seen moved, or :data:`NO_KIND`."""
    seen_threat: bool
    seen_signal: Signal
    estimate: float
    tension: float

    @property
    def seen_move(self) -> Posture:
        """The seen posture as it bears on this side: a visibly defensive build is a hold."""
        return Posture(int(threat_move(self.seen_posture, self.seen_threat)))


@dataclass(frozen=True)
class Observation:
    """Everything one side may know when it decides: its own truth and its view of the other.

    Built by the engine for strategies and screens; it never contains the other side's true
    arsenal, type, orders, or the signals the other side received.
    """

    side: Side
    turn: int
    """0-based index of the turn being decided."""
    turns: int
    own_type: NationType
    arsenal: tuple[float, ...]
    treasury: float
    intel: IntelReport
    tension: float
    crisis: bool
    treaty_active: bool
    treaty_cap: tuple[float, float] | None
    """(own cap, other's cap) in total units while a treaty is in force."""
    felt_security: float
    news: tuple[str, ...]
    history: tuple[Memory, ...]
    scenario: Scenario
    """The level's public rules, including its noise model (for Bayesian reasoning)."""
    past: PastTurns | None = field(default=None, compare=False, repr=False)
    """``history`` again as arrays ``[1, turn]`` (copies of this side's own records), when
    the game's host kept them: a batch rule deciding for this one game reads them instead
    of rebuilding them from ``history``, which grows every turn. ``None`` otherwise."""

    @property
    def rules(self) -> RulesParams:
        """Rules in force this turn."""
        return self.scenario.params_at(self.turn)

    @property
    def total_arsenal(self) -> float:
        """Own weapons of all kinds."""
        return float(sum(self.arsenal))

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form for event logs and replays (the scenario is stored once elsewhere)."""
        intel = self.intel
        return {
            "side": self.side.key,
            "turn": self.turn,
            "own_type": self.own_type.key,
            "arsenal": list(self.arsenal),
            "treasury": self.treasury,
            "intel": {
                "total": intel.total,
                "uncertainty": intel.uncertainty,
                "by_kind": list(intel.by_kind),
                "seen_posture": None if intel.seen_posture is None else intel.seen_posture.key,
                "seen_kind": intel.seen_kind,
                "seen_threat": intel.seen_threat,
                "seen_signal": intel.seen_signal.key,
                "inspected": intel.inspected,
                "verified_cut": intel.verified_cut,
            },
            "tension": self.tension,
            "crisis": self.crisis,
            "treaty_active": self.treaty_active,
            "treaty_cap": None if self.treaty_cap is None else list(self.treaty_cap),
            "felt_security": self.felt_security,
            "news": list(self.news),
        }


@dataclass(frozen=True)
class OrdersBatch:
    """One side's orders in many games at once: arrays with one entry per game."""

    posture: IntArray
    amount: FloatArray
    kind: IntArray
    signal: IntArray
    strike: BoolArray

    @classmethod
    def repeat(cls, orders: Orders, games: int) -> OrdersBatch:
        """The same orders in every game."""
        return cls(
            posture=np.full(games, orders.posture, dtype=np.int8),
            amount=np.full(games, orders.amount, dtype=np.float64),
            kind=np.full(games, orders.kind, dtype=np.int8),
            signal=np.full(games, orders.signal, dtype=np.int8),
            strike=np.full(games, orders.strike, dtype=np.bool_),
        )

    @classmethod
    def from_orders(cls, orders: list[Orders]) -> OrdersBatch:
        """Stack per-game orders (codes as plain ints: numpy reads an enum member slowly)."""
        columns = {
            "posture": np.array([int(o.posture) for o in orders], dtype=np.int8),
            "amount": np.array([o.amount for o in orders], dtype=np.float64),
            "kind": np.array([o.kind for o in orders], dtype=np.int8),
            "signal": np.array([int(o.signal) for o in orders], dtype=np.int8),
            "strike": np.array([o.strike for o in orders], dtype=np.bool_),
        }
        return _made(cls, columns)

    @classmethod
    def gather(cls, parts: list[tuple[IndexArray, OrdersBatch]], games: int) -> OrdersBatch:
        """Combine the orders decided for disjoint groups of games (``(indices, orders)``)."""
        result = cls.repeat(Orders(), games)
        for index, orders in parts:
            for name in _ORDER_FIELDS:
                getattr(result, name)[index] = getattr(orders, name)
        return result

    @classmethod
    def joined(cls, parts: list[OrdersBatch], order: IndexArray | None = None) -> OrdersBatch:
        """The orders of consecutive groups of games, end to end.

        With ``order``, game ``order[i]`` of the batch gets the ``i``-th joined row: groups
        that were laid side by side are put back in the batch's order.
        """
        columns = []
        for name in _ORDER_FIELDS:
            column = np.concatenate([getattr(part, name) for part in parts])
            if order is not None:
                ordered = np.empty_like(column)
                ordered[order] = column
                column = ordered
            columns.append(column)
        return cls(*columns)

    def game(self, index: int) -> Orders:
        """The orders of one game."""
        return Orders(
            posture=Posture(int(self.posture[index])),
            amount=float(self.amount[index]),
            kind=int(self.kind[index]),
            signal=Signal(int(self.signal[index])),
            strike=bool(self.strike[index]),
        )


_ORDER_FIELDS = ("posture", "amount", "kind", "signal", "strike")
"""The :class:`OrdersBatch` arrays, in order."""


def _memory(
    ordered: int,
    executed: int,
    amount: float,
    sent: int,
    seen: int,
    seen_kind: int,
    seen_threat: bool,
    heard: int,
    estimate: float,
    tension: float,
) -> Memory:
    values = {
        "ordered": _POSTURES[ordered],
        "executed": _POSTURES[executed],
        "amount": amount,
        "signal_sent": _SIGNALS[sent],
        "seen_posture": _POSTURES[seen],
        "seen_kind": seen_kind,
        "seen_threat": bool(seen_threat),
        "seen_signal": _SIGNALS[heard],
        "estimate": estimate,
        "tension": tension,
    }
    return _made(Memory, values)


def one_observation(
    side: Side,
    turn: int,
    scenario: Scenario,
    own_type: int,
    arsenal: list[float],
    treasury: float,
    report: tuple[float, float, list[float] | tuple[()], int, int, bool, int, bool, float],
    tension: float,
    crisis: bool,
    treaty_cap: tuple[float, float] | None,
    felt_security: float,
    history: tuple[Memory, ...],
    past: PastTurns | None,
) -> Observation:
    """One game's :class:`Observation` from plain values read out of the engine's arrays.

    The one place array codes become the observation's enums and ``None``s, for a batch's
    game (:meth:`ObservationBatch.game`) and for a state's game read directly (a replay).
    ``report`` holds the intelligence report's fields in :class:`IntelReport` order, as
    codes; ``treaty_cap`` is None when no treaty is in force.
    """
    total, uncertainty, by_kind, seen, seen_kind, threat, heard, inspected, cut = report
    intel = {
        "total": total,
        "uncertainty": uncertainty,
        "by_kind": tuple(by_kind),
        "seen_posture": None if seen == NO_POSTURE_SEEN else _POSTURES[seen],
        "seen_kind": None if seen_kind == NO_KIND else seen_kind,
        "seen_threat": threat,
        "seen_signal": _SIGNALS[heard],
        "inspected": inspected,
        "verified_cut": None if math.isnan(cut) else cut,
    }
    observation = {
        "side": side,
        "turn": turn,
        "turns": scenario.turns,
        "own_type": _NATION_TYPES[own_type],
        "arsenal": tuple(arsenal),
        "treasury": treasury,
        "intel": _made(IntelReport, intel),
        "tension": tension,
        "crisis": crisis,
        "treaty_active": treaty_cap is not None,
        "treaty_cap": treaty_cap,
        "felt_security": felt_security,
        "news": scenario.news_at(turn),
        "history": history,
        "scenario": scenario,
        "past": past,
    }
    return _made(Observation, observation)


_MEMORY_RECORDS = (
    "ordered",
    "executed",
    "amount",
    "signal",
    "seen_posture",
    "seen_kind",
    "seen_threat",
    "seen_signal",
    "estimate",
    "tension",
)
"""The :class:`PastTurns` records that make a :class:`Memory`, in its order."""


@dataclass(frozen=True)
class PastTurns:
    """One side's record of past turns, ``[game, turn]``, shared by a batch and its subsets.

    A subset keeps the full arrays and only remembers which rows are its games, so that
    splitting a batch by strategy does not copy a growing history every turn.
    """

    ordered: IntArray
    executed: IntArray
    amount: FloatArray
    signal: IntArray
    seen_posture: IntArray
    seen_kind: IntArray
    seen_threat: BoolArray
    seen_signal: IntArray
    estimate: FloatArray
    tension: FloatArray
    rows: IndexArray | None = None

    def column(self, name: str) -> Any:
        """The record ``name`` for this batch's games."""
        value = getattr(self, name)
        return value if self.rows is None else value[self.rows]

    def row(self, game: int) -> list[list[Any]]:
        """All records of one game, as plain lists (for building an :class:`Observation`)."""
        index = game if self.rows is None else int(self.rows[game])
        return [getattr(self, name)[index].tolist() for name in _MEMORY_RECORDS]

    def memory(self, game: int, turn: int) -> Memory:
        """One game's record of one past turn (0-based)."""
        index = game if self.rows is None else int(self.rows[game])
        return _memory(*[getattr(self, name).item(index, turn) for name in _MEMORY_RECORDS])

    def subset(self, index: IndexArray | slice) -> PastTurns:
        """The records of some of this batch's games (a slice of a full batch: views)."""
        records = {name: getattr(self, name) for name in _PAST_RECORDS}
        if self.rows is not None:
            return PastTurns(**records, rows=self.rows[index])
        if isinstance(index, slice):
            return PastTurns(**{name: record[index] for name, record in records.items()})
        return PastTurns(**records, rows=index)

    def alone(self, game: int) -> PastTurns:
        """The records of one game as a batch of one: read-only copies, no view into the batch."""
        index = game if self.rows is None else int(self.rows[game])
        copies = {}
        for name in _MEMORY_RECORDS:
            records = getattr(self, name)
            copies[name] = _frozen(records[index : index + 1], records.dtype)
        return PastTurns(**copies)


_PAST_RECORDS = tuple(item.name for item in fields(PastTurns) if item.name != "rows")
"""The :class:`PastTurns` arrays, in order."""


class PastSoFar(PastTurns):
    """One side's records of the turns played so far, each cut from the game's when read.

    The engine keeps its records turn-major, ``[turn, game, side]`` (tension, which both
    sides see, ``[turn, game]``). A side's observations are made every turn, but most
    readers take one turn of them (:meth:`memory`, as a replay does) or none, so a record
    is not cut until it is read, and then as the same view a cut made at once would be.
    """

    _records: tuple[np.ndarray, ...]
    _side: int
    _turn: int

    def __init__(self, records: tuple[np.ndarray, ...], side: int, turn: int) -> None:
        """``records`` in :class:`Memory` order (see ``_MEMORY_RECORDS``)."""
        self.__dict__.update(_records=records, _side=side, _turn=turn)

    def __getattr__(self, name: str) -> Any:
        """Cut a record on its first reading (later readings find it in the instance)."""
        position = _RECORD_POSITION.get(name)
        if position is None or "_records" not in self.__dict__:
            raise AttributeError(name)
        record = self._records[position]
        turns = slice(None, self._turn)
        value = record[turns].T if record.ndim == 2 else record[turns, :, self._side].T
        self.__dict__[name] = value
        return value

    def memory(self, game: int, turn: int) -> Memory:
        """One game's record of one past turn, read from the game's records (nothing cut)."""
        at = (turn, game, self._side)
        ordered, done, amount, sent, seen, kind, threat, heard, estimate, tension = self._records
        return _memory(
            ordered.item(at),
            done.item(at),
            amount.item(at),
            sent.item(at),
            seen.item(at),
            kind.item(at),
            threat.item(at),
            heard.item(at),
            estimate.item(at),
            tension.item(turn, game),  # both sides see the same tension
        )


_RECORD_POSITION = {name: position for position, name in enumerate(_MEMORY_RECORDS)}
"""Where each record is in the tuple a :class:`PastSoFar` is given."""


@dataclass(frozen=True)
class ObservationBatch:
    """One side's observations in many games at once, for strategies that decide in bulk.

    Arrays have one row per game; ``*_history`` arrays have one column per past turn. Like
    :class:`Observation` it holds nothing private to the other side. ``estimate_by_kind`` is
    ``None`` when the level makes weapon kinds indistinguishable.
    """

    side: Side
    turn: int
    scenario: Scenario
    active: BoolArray
    own_type: IntArray
    arsenal: FloatArray
    treasury: FloatArray
    estimate: FloatArray
    uncertainty: FloatArray
    estimate_by_kind: FloatArray | None
    seen_posture: IntArray
    seen_kind: IntArray
    seen_threat: BoolArray
    seen_signal: IntArray
    inspected: BoolArray
    verified_cut: FloatArray
    tension: FloatArray
    crisis: BoolArray
    treaty_active: BoolArray
    treaty_cap: FloatArray
    felt_security: FloatArray
    past: PastTurns

    @classmethod
    def made(cls, **values: Any) -> ObservationBatch:
        """A batch of the given fields, all of them (see :func:`_made`)."""
        return _made(cls, values)

    @property
    def games(self) -> int:
        """Number of games in the batch."""
        return len(self.active)

    @property
    def ordered_history(self) -> IntArray:
        """``[game, turn]``: postures this side ordered."""
        result: IntArray = self.record("ordered")
        return result

    @property
    def executed_history(self) -> IntArray:
        """``[game, turn]``: postures this side carried out (its own truth)."""
        result: IntArray = self.record("executed")
        return result

    @property
    def amount_history(self) -> FloatArray:
        """``[game, turn]``: units this side built or destroyed."""
        result: FloatArray = self.record("amount")
        return result

    @property
    def signal_history(self) -> IntArray:
        """``[game, turn]``: signals this side sent."""
        result: IntArray = self.record("signal")
        return result

    @property
    def seen_posture_history(self) -> IntArray:
        """``[game, turn]``: postures this side saw the other carry out."""
        result: IntArray = self.record("seen_posture")
        return result

    @property
    def seen_move(self) -> IntArray:
        """Per game, the last seen posture as it bears on this side (see :func:`threat_move`)."""
        result: IntArray = self.shared("seen_move", _seen_moves)
        return result

    @property
    def seen_move_history(self) -> IntArray:
        """``[game, turn]``: the seen postures as they bear on this side."""
        result: IntArray = threat_move(self.record("seen_posture"), self.record("seen_threat"))
        return result

    @property
    def seen_signal_history(self) -> IntArray:
        """``[game, turn]``: signals this side heard."""
        result: IntArray = self.record("seen_signal")
        return result

    @property
    def estimate_history(self) -> FloatArray:
        """``[game, turn]``: this side's estimate of the other's total after each turn."""
        result: FloatArray = self.record("estimate")
        return result

    @property
    def tension_history(self) -> FloatArray:
        """``[game, turn]``: public tension after each turn."""
        result: FloatArray = self.record("tension")
        return result

    def record(self, name: str) -> Any:
        """``[game, turn]``: one of the :class:`PastTurns` records of this batch's games."""
        return self.past.column(name)

    def memory(self, index: int, turn: int) -> Memory:
        """One game's record of one past turn (0-based), as in its observation's history."""
        return self.past.memory(index, turn)

    def shared(self, key: Hashable, compute: Callable[[ObservationBatch], Any]) -> Any:
        """``compute(self)``, a value with one row per game, computed once for the batch.

        The groups of games cut from the batch (:meth:`subset`) read their rows of that one
        value, so what several strategies derive from a turn's observations is derived once,
        not once per strategy. The value is read-only: no strategy can spoil another's.
        """
        computed = self.__dict__.setdefault("_computed", {})  # beside the fields, not one
        if key not in computed:
            value = compute(self)
            if isinstance(value, np.ndarray):
                value.flags.writeable = False
            computed[key] = value
        return computed[key]

    def subset(self, index: IndexArray | slice) -> ObservationBatch:
        """The observations of some games only (for batches that mix strategies).

        Nothing is cut until it is read (see :class:`ObservationView`).
        """
        return ObservationView(self, index)

    def game(
        self, index: int, history: tuple[Memory, ...] | None = None, with_past: bool = False
    ) -> Observation:
        """The observation of a single game, as a human player or a simple bot sees it.

        A caller that follows a game turn by turn (a replay) may pass the ``history`` it
        has kept with :meth:`memory`, rather than have it rebuilt from every past turn.
        ``with_past`` also gives it the history as arrays (``Observation.past``), for a
        match whose strategies decide by batch rules.
        """
        if history is None:
            rows = zip(*self.past.row(index), strict=True)
            history = tuple(_memory(*row) for row in rows if row[0] != NO_POSTURE_SEEN)
        treaty_active = self.treaty_active.item(index)
        return one_observation(
            self.side,
            self.turn,
            self.scenario,
            self.own_type.item(index),
            self.arsenal[index].tolist(),
            self.treasury.item(index),
            (
                self.estimate.item(index),
                self.uncertainty.item(index),
                () if self.estimate_by_kind is None else self.estimate_by_kind[index].tolist(),
                self.seen_posture.item(index),
                self.seen_kind.item(index),
                self.seen_threat.item(index),
                self.seen_signal.item(index),
                self.inspected.item(index),
                self.verified_cut.item(index),
            ),
            self.tension.item(index),
            self.crisis.item(index),
            (
                (self.treaty_cap.item(index, 0), self.treaty_cap.item(index, 1))
                if treaty_active
                else None
            ),
            self.felt_security.item(index),
            history,
            self.past.alone(index) if with_past else None,
        )


def _seen_moves(observations: ObservationBatch) -> IntArray:
    return threat_move(observations.seen_posture, observations.seen_threat)


class ObservationView(ObservationBatch):
    """Some games of a batch, each field cut from the batch the first time it is read.

    A batch that mixes strategies hands each its own games; a strategy reads a few fields,
    so the others are never cut, and a slice of games is cut without a copy. Values derived
    for the whole batch (:meth:`shared`) are cut the same way.
    """

    _whole: ObservationBatch
    _index: IndexArray | slice

    def __init__(self, whole: ObservationBatch, index: IndexArray | slice) -> None:
        self.__dict__.update(
            side=whole.side, turn=whole.turn, scenario=whole.scenario, _whole=whole, _index=index
        )

    def __getattr__(self, name: str) -> Any:
        """Cut a field on its first reading (later readings find it in the instance)."""
        if name not in _CUT_FIELDS:
            raise AttributeError(name)
        whole = self._whole
        value = getattr(whole, name)
        if value is not None:
            value = value.subset(self._index) if name == "past" else value[self._index]
        self.__dict__[name] = value
        return value

    @property
    def games(self) -> int:
        """Number of games in the view (nothing is cut to count them)."""
        index = self._index
        return len(range(self._whole.games)[index]) if isinstance(index, slice) else len(index)

    def record(self, name: str) -> Any:
        """These games' rows of one of the batch's records (no other record is cut)."""
        return self._whole.record(name)[self._index]

    def shared(self, key: Hashable, compute: Callable[[ObservationBatch], Any]) -> Any:
        """These games' rows of the whole batch's value (see :meth:`ObservationBatch.shared`)."""
        return self._whole.shared(key, compute)[self._index]


_CUT_FIELDS = frozenset(
    item.name for item in fields(ObservationBatch) if item.name not in ("side", "turn", "scenario")
)
"""The :class:`ObservationBatch` fields a view cuts: those with one row per game."""
