"""The words the screens use for the game's codes: one place, plain language."""

from __future__ import annotations

from game.rules.model import NationType, Outcome, Posture, Signal

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
SIGNAL = {
    Signal.NONE: "Say nothing",
    Signal.REASSURE: "Reassure: \u201cwe mean no harm\u201d",
    Signal.WARN: "Warn: \u201cdo not push us\u201d",
    Signal.PROPOSE_CAP: "Propose a treaty freezing arms",
    Signal.INVITE_INSPECTION: "Invite inspectors (costly)",
    Signal.UNILATERAL_CUT: "Verified public cut (costly)",
}
HEARD = {
    Signal.NONE: "nothing",
    Signal.REASSURE: "\u201cwe mean no harm\u201d",
    Signal.WARN: "\u201cdo not push us\u201d",
    Signal.PROPOSE_CAP: "a proposal to freeze arms",
    Signal.INVITE_INSPECTION: "an invitation to inspect them",
    Signal.UNILATERAL_CUT: "a verified public cut",
}
TYPE = {
    NationType.SECURITY_SEEKER: "seeks only security",
    NationType.EXPANSIONIST: "secretly wants to expand",
}
OUTCOME = {
    Outcome.STABLE_PEACE: "Stable peace",
    Outcome.ARMS_CONTROL: "Arms control",
    Outcome.ARMED_PEACE: "Armed peace",
    Outcome.SPIRAL_TO_WAR: "Spiral to war",
    Outcome.AGGRESSION_WON: "Aggression won",
    Outcome.AGGRESSION_LOST: "Aggression failed",
    Outcome.ONGOING: "Still going",
}


def number(value: float) -> str:
    """A count of weapons or money, without needless decimals."""
    return f"{value:.0f}" if abs(value - round(value)) < 0.05 else f"{value:.1f}"
