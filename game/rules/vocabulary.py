"""The game's words for its codes: one place for the screens, the command line and the reports.

Every name a player reads for an outcome, a posture, a signal, a type or a verdict comes
from here, so the window, ``simulate`` and the class report never disagree.
"""

from __future__ import annotations

from game.rules.model import NationType, Outcome, Posture, Signal
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
SIGNAL = {
    Signal.NONE: "Say nothing",
    Signal.REASSURE: "Reassure: \u201cwe mean no harm\u201d",
    Signal.WARN: "Warn: \u201cdo not push us\u201d",
    Signal.PROPOSE_CAP: "Propose a treaty freezing arms",
    Signal.INVITE_INSPECTION: "Invite inspectors (costly)",
    Signal.UNILATERAL_CUT: "Verified public cut (costly)",
}
"""A signal as an order: the choices on the decision screen."""
HEARD = {
    Signal.NONE: "nothing",
    Signal.REASSURE: "\u201cwe mean no harm\u201d",
    Signal.WARN: "\u201cdo not push us\u201d",
    Signal.PROPOSE_CAP: "a proposal to freeze arms",
    Signal.INVITE_INSPECTION: "an invitation to inspect them",
    Signal.UNILATERAL_CUT: "a verified public cut",
}
"""A signal as received: "you heard ..."."""
SAID = {
    Signal.NONE: "nothing",
    Signal.REASSURE: "reassurance",
    Signal.WARN: "a warning",
    Signal.PROPOSE_CAP: "a treaty proposal",
    Signal.INVITE_INSPECTION: "an invitation to inspect",
    Signal.UNILATERAL_CUT: "a verified cut",
}
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
SPIRAL_MEANING = (
    f"both sides making threatening builds {SPIRAL_RUN} turns running, "
    "or a crisis that turned into war"
)
"""What counts as an arms-race spiral (``scoring.spirals``), for legends and reports."""
DILEMMA_MEANING = (
    "Tang: anarchy, no malign intent, power accumulated, each side arming in answer to the other"
)
"""What counts as a true security dilemma (``game.rules.tang``), for legends and reports."""


def outcome_name(outcome: Outcome) -> str:
    """An outcome's name inside a sentence or a table: "spiral to war"."""
    return OUTCOME[outcome].lower()


def number(value: float) -> str:
    """A count of weapons or money, without needless decimals."""
    return f"{value:.0f}" if abs(value - round(value)) < 0.05 else f"{value:.1f}"
