"""The level file format: a strict pydantic v2 schema, the one place files are trusted.

Strict means no silent coercion: ``turns = "30"`` is an error, not 30. Unknown keys are
errors too (``extra="forbid"``), so a typo never silently does nothing. Every field is
documented in ``docs/levels.md``; ``security-dilemma level-schema`` prints the JSON Schema.

Every value is bounded: each number has a finite range the rules can compute with (``inf``
and ``nan`` are refused everywhere), each text and list a maximum length, so that no valid
level can make the engine produce an infinite or undefined number.

No ``from __future__ import annotations`` here: pydantic would then evaluate every field's
annotation from its text when the module is imported, and the window imports it at start-up.
"""

from collections.abc import Callable, Iterable
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, WithJsonSchema

from game.rules.model import Keyed, Mode, NationType, Outcome, Posture, Signal


def _keys(members: Iterable[Keyed]) -> list[str]:
    return [member.key for member in members]


def key_check(members: Iterable[Keyed]) -> Callable[[str], str]:
    """A validator accepting exactly the keys of some enum members ("arm", "hold"...).

    The schema reads the keys from the game's own enums, so a new signal or outcome never
    needs a second list here.
    """
    keys = _keys(members)

    def check(value: str) -> str:
        if value not in keys:
            listed = ", ".join(repr(key) for key in keys[:-1])
            raise ValueError(f"input should be {listed} or {keys[-1]!r}")
        return value

    return check


def key_schema(members: Iterable[Keyed]) -> WithJsonSchema:
    """The JSON Schema of such a field: a string from the list."""
    return WithJsonSchema({"type": "string", "enum": _keys(members)})


PostureKey = Annotated[str, AfterValidator(key_check(Posture)), key_schema(Posture)]
SignalKey = Annotated[str, AfterValidator(key_check(Signal)), key_schema(Signal)]
OUTCOMES = tuple(outcome for outcome in Outcome if outcome is not Outcome.ONGOING)
OutcomeKey = Annotated[str, AfterValidator(key_check(OUTCOMES)), key_schema(OUTCOMES)]
ModeKey = Annotated[str, AfterValidator(key_check(Mode)), key_schema(Mode)]
TypeKey = Annotated[str, AfterValidator(key_check(NationType)), key_schema(NationType)]
Emblem = Literal["triangle", "circle", "square", "diamond", "star", "hexagon"]

IDENTIFIER_PATTERN = r"^[a-z0-9][a-z0-9_-]*$"
COLOR_PATTERN = r"^#[0-9A-Fa-f]{6}$"
MAX_TEXT = 1000
"""A goal, question, news line or other short text."""
MAX_BRIEFING = 20_000
"""A briefing (the longest built-in one has about 1,100 characters)."""
MAX_ITEMS = 30
"""Goals, questions, postures, signals: entries in one list."""
MAX_EVENTS = 200
MAX_KINDS = 8
"""Weapon kinds of a level (and entries of a nation's arsenal and technology)."""
MAX_PARAMS = 20
"""Parameters of one controller, or changes of one event."""

Identifier = Annotated[str, Field(pattern=IDENTIFIER_PATTERN, max_length=40)]
Probability = Annotated[float, Field(ge=0.0, le=1.0)]
Text = Annotated[str, Field(min_length=1, max_length=MAX_TEXT)]
Briefing = Annotated[str, Field(min_length=1, max_length=MAX_BRIEFING)]
TensionStep = Annotated[float, Field(ge=0.0, le=1.0)]
"""A change of tension (0 calm … 1): a step of 1 goes from calm to the top at once."""


MIN_INCOME = 0.001
"""Costs are divided by income: a smaller one would let a score grow without bound."""


def _at_least(minimum: float) -> Callable[[float], float]:
    """A validator refusing numbers below ``minimum`` (after ``gt=0`` has said its word)."""

    def check(value: float) -> float:
        if value < minimum:
            raise ValueError(f"input should be at least {minimum:g}")
        return value

    return check


class Strict(BaseModel):
    """Base of every table: strict types, no unknown keys."""

    model_config = ConfigDict(
        extra="forbid", strict=True, frozen=True, allow_inf_nan=False, defer_build=True
    )


class Meta(Strict):
    """``[level]``: what the level is called and what it teaches."""

    id: Identifier = Field(description="Short unique name, used on the command line.")
    title: Annotated[str, Field(min_length=1, max_length=60)]
    summary: Annotated[str, Field(min_length=1, max_length=200)] = Field(
        description="One sentence shown in level lists."
    )
    briefing: Briefing = Field(description="The story and situation, shown before the game.")
    learning_goals: Annotated[list[Text], Field(max_length=MAX_ITEMS)] = Field(default_factory=list)
    discussion_questions: Annotated[list[Text], Field(max_length=MAX_ITEMS)] = Field(
        default_factory=list,
        description="Questions for the debrief, for any game that has no list of its own below.",
    )
    discussion: dict[OutcomeKey, Annotated[list[Text], Field(max_length=MAX_ITEMS)]] = Field(
        default_factory=dict,
        description="Questions for a game that ended a given way, e.g. stable_peace = [...].",
    )
    difficulty: Literal["beginner", "intermediate", "advanced"] = "beginner"

    def questions_for(self, outcome: str) -> list[str]:
        """The discussion questions that fit a game that ended with ``outcome`` (a key).

        The level's own list for that ending, or else its default list.
        """
        return list(self.discussion.get(outcome, self.discussion_questions))


class Rules(Strict):
    """``[rules]``: the shape of the game and which orders are allowed."""

    mode: ModeKey = Field(
        default="full", description="'matrix' scores each turn by the [matrix] payoffs."
    )
    turns: Annotated[int, Field(ge=1, le=1000)] = Field(default=30, title="Turns per game")
    postures: Annotated[list[PostureKey], Field(min_length=1, max_length=MAX_ITEMS)] = Field(
        default_factory=lambda: list[PostureKey](["arm", "hold", "disarm"])
    )
    signals: Annotated[list[SignalKey], Field(min_length=1, max_length=MAX_ITEMS)] = Field(
        default_factory=lambda: list[SignalKey](["none", "reassure", "warn"])
    )
    strike: bool = Field(default=False, description="May a side launch a surprise attack?")
    max_change: Annotated[float, Field(gt=0.0, le=1e6)] = Field(
        default=3.0, description="Most weapon units a side may build or destroy per turn."
    )
    default_amount: Annotated[float, Field(gt=0.0, le=1e6)] = Field(
        default=1.0, description="Units moved by a simple 'arm' or 'disarm' and by accidents."
    )
    offense_defense_balance: Annotated[float, Field(gt=0.0, le=10.0)] = Field(
        default=1.0,
        title="Offense\u2013defense balance",
        description="Above 1 offense has the advantage, below 1 defense has.",
    )
    distinguishable: bool = Field(
        default=True,
        title="Weapon kinds can be told apart",
        description="Can intelligence tell weapon kinds apart?",
    )
    deterrence: Probability = Field(
        default=0.5,
        description="How much a sure second strike makes a nation safe: 0 counts defense only.",
    )
    bot_time_limit: Annotated[float, Field(gt=0.0, le=60.0)] = Field(
        default=1.0, description="Seconds a student's bot may take for one decision."
    )


Weight = Annotated[float, Field(ge=0.0, le=1000.0)]
Money = Annotated[float, Field(ge=0.0, le=1e6)]


class Weapon(Strict):
    """``[weapons.ID]``: one kind of weapon, as every nation has it unless it says otherwise."""

    name: Annotated[str, Field(min_length=1, max_length=40)]
    offense: Weight = 1.0
    defense: Weight = 1.0
    build_cost: Money = 1.0
    upkeep: Money = 0.1


class WeaponTechnology(Strict):
    """``[nations.S.weapons.ID]``: this nation's own version of a weapon kind."""

    offense: Weight | None = None
    defense: Weight | None = None
    build_cost: Money | None = None
    upkeep: Money | None = None


def controller_from_text(value: Any) -> Any:
    """Allow ``controller = "tit-for-tat"`` as a short form of the table."""
    return {"strategy": value} if isinstance(value, str) else value


class Controller(Strict):
    """Who plays a side by default: ``"human"`` or a strategy with parameters."""

    strategy: Annotated[str, Field(min_length=1, max_length=100)]
    params: Annotated[
        dict[
            Annotated[str, Field(max_length=40)],
            float | bool | Annotated[str, Field(max_length=200)],
        ],
        Field(max_length=MAX_PARAMS),
    ] = Field(default_factory=dict)


class Nation(Strict):
    """``[nations.red]`` and ``[nations.blue]``: one nation's set-up."""

    name: Annotated[str, Field(min_length=1, max_length=24)] | None = None
    color: Annotated[str, Field(pattern=COLOR_PATTERN)] | None = None
    emblem: Emblem | None = None
    briefing: Briefing | None = Field(
        default=None,
        description="What this nation's leaders are told, written to its player; in "
        "hot-seat games both nations' parts are shown.",
    )
    type: TypeKey | None = Field(
        default=None, description="Fixed hidden type; omit to use expansionist_probability."
    )
    expansionist_probability: Probability | None = None
    arsenal: Annotated[
        dict[Identifier, Annotated[float, Field(ge=0.0, le=1e6)]], Field(max_length=MAX_KINDS)
    ] = Field(
        default_factory=dict, description="Starting weapons by kind id; missing kinds start at 0."
    )
    treasury: Annotated[float, Field(ge=-1e9, le=1e9)] = 20.0
    income: Annotated[
        float,
        Field(gt=0.0, le=1e9, json_schema_extra={"minimum": MIN_INCOME}),
        AfterValidator(_at_least(MIN_INCOME)),
    ] = Field(default=10.0, description="Money per turn; the unit of the cost score.")
    home_defense: Annotated[float, Field(gt=0.0, le=1000.0)] = Field(
        default=1.0,
        description="Defense without any weapons: territory, distance, people (defense points).",
    )
    weapons: Annotated[dict[Identifier, WeaponTechnology], Field(max_length=MAX_KINDS)] = Field(
        default_factory=dict,
        description="This nation's own technology: weapon values that differ from [weapons].",
    )
    fear: Probability = Field(
        default=0.0, description="Perception bias: over-estimates threats by this fraction."
    )
    domestic_pressure: Money = Field(
        default=0.0, description="Political cost, per unit disarmed, in money units."
    )
    controller: Annotated[Controller, BeforeValidator(controller_from_text)] = Field(
        default_factory=lambda: Controller(strategy="human")
    )


class Nations(Strict):
    """``[nations]``: Red and Blue."""

    red: Nation = Field(default_factory=Nation)
    blue: Nation = Field(default_factory=Nation)


class Intel(Strict):
    """``[intel]``: perception noise, each side's own intelligence failing in its own way."""

    arsenal_noise: Annotated[float, Field(ge=0.0, le=1e6)] = Field(
        default=0.0,
        title="Spread of arsenal estimates",
        description="Standard deviation of arsenal estimates, in weapon units.",
    )
    posture_misread: Probability = Field(default=0.0, title="Chance a posture is misread")
    signal_misread: Probability = Field(default=0.0, title="Chance a signal is misread")
    inspection_factor: Probability = Field(
        default=0.1, description="Multiplies the noise on a side that invited inspectors."
    )


class Execution(Strict):
    """``[execution]``: execution noise, orders carried out differently (seen truly)."""

    error: Probability = Field(default=0.0, title="Chance an order is carried out differently")


class Tension(Strict):
    """``[tension]``: the public crisis meter, from 0 (calm) to 1."""

    initial: Probability = 0.1
    decay: Probability = 0.1
    arm: TensionStep = 0.1
    disarm: TensionStep = 0.05
    warn: TensionStep = 0.05
    reassure: TensionStep = 0.02
    treaty: TensionStep = 0.2
    violation: TensionStep = 0.3


class Conflict(Strict):
    """``[conflict]``: when a crisis can become a war."""

    crisis_threshold: Annotated[float, Field(ge=0.0, lt=1.0)] = Field(
        default=0.7, title="Tension at which a crisis can break out"
    )
    war_rate: Probability = Field(default=0.3, title="Chance a crisis becomes a war")


class Treaty(Strict):
    """``[treaty]``: arms control."""

    detection: Probability = Field(
        default=0.5, description="Chance per turn that the other side detects a violation."
    )


class Costs(Strict):
    """``[costs]``: the price of costly signals, in money units."""

    inspection: Annotated[float, Field(ge=0.0, le=1e6)] = Field(
        default=2.0, title="Price of inviting inspectors"
    )
    unilateral_cut: Annotated[float, Field(ge=0.0, le=1e6)] = Field(
        default=1.0, title="Price of a public cut"
    )


class Scoring(Strict):
    """``[scoring]``: weights of the score (full mode)."""

    security: Annotated[float, Field(ge=0.0, le=1000.0)] = 1.0
    cost: Annotated[float, Field(ge=0.0, le=1000.0)] = 1.0
    advantage: Annotated[float, Field(ge=0.0, le=1000.0)] = 1.0
    peace_bonus: Annotated[float, Field(ge=-1e6, le=1e6)] = 5.0
    war_damage: Annotated[float, Field(ge=-1e6, le=0.0)] = Field(
        default=-10.0, description="Loss for each side in a war, per share of it destroyed."
    )
    victory: Annotated[float, Field(ge=0.0, le=1e6)] = Field(
        default=10.0, description="Gain of an expansionist that wins a war."
    )
    defeat: Annotated[float, Field(ge=-1e6, le=0.0)] = Field(
        default=-10.0, description="Loss of the side that loses a war."
    )
    buildup_tolerance: Annotated[float, Field(ge=0.0, le=100.0)] = 0.25


class Matrix(Strict):
    """``[matrix]``: the payoff table of matrix mode, from the row player's view."""

    reward: Annotated[float, Field(ge=-1e6, le=1e6)] = Field(description="Both disarm (R).")
    sucker: Annotated[float, Field(ge=-1e6, le=1e6)] = Field(description="I disarm, they arm (S).")
    temptation: Annotated[float, Field(ge=-1e6, le=1e6)] = Field(
        description="I arm, they disarm (T)."
    )
    punishment: Annotated[float, Field(ge=-1e6, le=1e6)] = Field(description="Both arm (P).")


class Event(Strict):
    """``[[events]]``: at the start of turn N, announce news and change parameters."""

    turn: Annotated[int, Field(ge=1, le=1000)] = Field(description="1-based turn number.")
    news: Text
    set: Annotated[
        dict[Annotated[str, Field(min_length=1, max_length=200)], float | bool],
        Field(max_length=MAX_PARAMS),
    ] = Field(
        default_factory=dict,
        description='Parameters to change, as dotted paths: {"intel.arsenal_noise" = 2.0}.',
    )


def _default_weapons() -> dict[str, Weapon]:
    return {"arms": Weapon(name="Arms")}


class Level(Strict):
    """A whole level file."""

    level: Meta
    rules: Rules = Field(default_factory=Rules)
    weapons: Annotated[dict[Identifier, Weapon], Field(min_length=1, max_length=MAX_KINDS)] = Field(
        default_factory=_default_weapons
    )
    nations: Nations = Field(default_factory=Nations)
    intel: Intel = Field(default_factory=Intel)
    execution: Execution = Field(default_factory=Execution)
    tension: Tension = Field(default_factory=Tension)
    conflict: Conflict = Field(default_factory=Conflict)
    treaty: Treaty = Field(default_factory=Treaty)
    costs: Costs = Field(default_factory=Costs)
    scoring: Scoring = Field(default_factory=Scoring)
    matrix: Matrix | None = None
    events: Annotated[list[Event], Field(max_length=MAX_EVENTS)] = Field(default_factory=list)


STATIC_PATHS = (
    "level",
    "rules.mode",
    "rules.turns",
    "rules.postures",
    "rules.signals",
    "rules.strike",
    "rules.max_change",
    "rules.default_amount",
    "rules.bot_time_limit",
    "weapons.*.name",
    "nations.*.name",
    "nations.*.color",
    "nations.*.emblem",
    "nations.*.type",
    "nations.*.expansionist_probability",
    "nations.*.arsenal",
    "nations.*.treasury",
    "nations.*.controller",
    "tension.initial",
    "events",
)
"""Paths that fix the set-up or the shape of the game; scripted events may not change them."""
