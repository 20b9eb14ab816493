"""The game's words for its codes: one place for the screens, the command line and the reports.

Every name a player reads for an outcome, a posture, a signal, a type or a verdict comes
from here, so the window, ``simulate`` and the class report never disagree.
"""

from __future__ import annotations

from game.rules.model import SIGNAL_RULES, NationType, Outcome, Posture
from game.rules.scoring import SPIRAL_RUN

POSTURE = {
    Posture.ARM: "Arm",
    Posture.HOLD: "Hold",
    Posture.DISARM: "Disarm",
}
MATRIX_POSTURE = {Posture.ARM: "Arm (defect)", Posture.DISARM: "Disarm (cooperate)"}
SEEN = {
    Posture.ARM: "armed",
    Posture.HOLD: "held",
    Posture.DISARM: "disarmed",
}
"""A posture as something done: "Blueland seemed to have armed"."""
SIGNAL = {signal: rule.order for signal, rule in SIGNAL_RULES.items()}
"""A signal as an order: the choices on the decision screen."""
HEARD = {signal: rule.heard for signal, rule in SIGNAL_RULES.items()}
"""A signal as received: "you heard ..."."""
SAID = {signal: rule.said for signal, rule in SIGNAL_RULES.items()}
"""A signal as something sent, in a sentence: "Blueland sent a warning"."""
TYPE = {
    NationType.SECURITY_SEEKER: "seeks only security",
    NationType.EXPANSIONIST: "secretly wants to expand",
}
TYPE_NAME = {
    NationType.SECURITY_SEEKER: "security seeker",
    NationType.EXPANSIONIST: "expansionist",
}
OUTCOME = {
    Outcome.STABLE_PEACE: "Stable peace",
    Outcome.ARMS_CONTROL: "Arms control",
    Outcome.ARMED_PEACE: "Armed peace",
    Outcome.SPIRAL_TO_WAR: "Spiral to war",
    Outcome.AGGRESSION_WON: "Aggression won",
    Outcome.AGGRESSION_LOST: "Aggression lost",
    Outcome.ONGOING: "Still going",
}
"""Outcome names, capitalised as headings; :func:`outcome_name` gives them in a sentence."""
VERDICT = {
    "dilemma": "A true security dilemma",
    "deterrence": "A deterrence case",
    "none": "Not a security dilemma",
    "not_applicable": "Tang's test does not apply",
}
"""The four verdicts of Tang's test (``game.rules.tang``), as headings."""
STRIKE_WARNING = (
    "A first strike starts a war this turn, and a war ends the game. Your offense meets "
    "their defense, which you only know from your analysts' estimate, and whatever of "
    "theirs survives strikes back. Both nations are harmed; a nation that only seeks "
    "security gains nothing from winning. There is no taking it back."
)
"""What a surprise strike means, asked before one is ordered (rules.md, step 6)."""
SPIRAL_MEANING = (
    f"both sides making threatening builds {SPIRAL_RUN} turns running, "
    "or a crisis that turned into war"
)
"""What counts as an arms-race spiral (``scoring.spirals``), for legends and reports."""
DILEMMA_MEANING = (
    "Tang: anarchy, no malign intent, power accumulated, each side arming in answer to the other"
)
"""What counts as a true security dilemma (``game.rules.tang``), for legends and reports."""


def seen_words(posture: Posture, kind_name: str | None, threat: bool) -> str:
    """What a side saw the other do, with the weapon kind where it could be seen.

    "armed"; "built Fortress brigades, which threaten no one"; "built Missiles";
    "cut Armoured brigades". It follows "seemed to have".
    """
    if kind_name is None or posture is Posture.HOLD:
        return SEEN[posture]
    if posture is Posture.ARM:
        return f"built {kind_name}" + ("" if threat else ", which threaten no one")
    return f"cut {kind_name}"


def outcome_name(outcome: Outcome) -> str:
    """An outcome's name inside a sentence or a table: "spiral to war"."""
    return OUTCOME[outcome].lower()


def number(value: float) -> str:
    """A count of weapons or money, without needless decimals."""
    return f"{value:.0f}" if abs(value - round(value)) < 0.05 else f"{value:.1f}"


def span(low: float, high: float) -> str:
    """A range of counts, "8 to 12"; one number where both ends read the same (no fog)."""
    shown = number(low), number(high)
    return shown[0] if shown[0] == shown[1] else f"{shown[0]} to {shown[1]}"


def units(weapon_names: tuple[str, ...]) -> str:
    """What a total counts: the level's one weapon ("Border brigades"), or all its kinds."""
    return weapon_names[0] if len(weapon_names) == 1 else "weapons of all kinds"


FRIENDLY_WHOLES = (2, 3, 4, 5, 10, 6, 8, 7, 9)
"""Denominators for odds, the most familiar first: "3 in 10" before "2 in 7"."""


def chances(probability: float) -> str:
    """A probability as people say it: "1 in 4", "3 in 5", "19 in 20".

    The simplest fraction within 2 points, so a class hears odds rather than a percentage
    with false precision; the tails as "1 in N" and "N − 1 in N".
    """
    if probability < 0.01:
        return "less than 1 in 100"
    if probability > 0.99:
        return "more than 99 in 100"
    if probability <= 0.15:
        return f"1 in {round(1 / probability)}"
    if probability >= 0.85:
        whole = round(1 / (1 - probability))
        return f"{whole - 1} in {whole}"
    fractions = [(round(probability * whole), whole) for whole in FRIENDLY_WHOLES]
    for part, whole in fractions:
        if abs(part / whole - probability) <= 0.02:
            return f"{part} in {whole}"
    part, whole = min(fractions, key=lambda pair: abs(pair[0] / pair[1] - probability))
    return f"{part} in {whole}"


def observer_words(probability: float, other: str) -> str:
    """The careful observer's belief (``game.ai.beliefs``) in plain words.

    It avoids the words of :data:`TYPE`, which name a nation's real type and are shown only
    to that nation (and in the debrief).
    """
    return (
        "A careful observer of what you have seen would think there is a "
        f"{chances(probability)} chance that {other} secretly aims to expand."
    )
