"""A replay told as a one-page Markdown handout for a class.

The page says who played, how it ended, Tang's verdict, what each side did and believed
turn by turn beside the truth, the episodes worth discussing (from
:mod:`game.replay.analysis`) and the level's discussion questions. It is plain Markdown
so a teacher can print it, paste it into a course page or convert it with any tool.
"""

from __future__ import annotations

from game.levels.compile import nation_look
from game.replay.analysis import Analysis, units
from game.replay.format import Replay
from game.replay.record import SIDES, SideTurn
from game.rules.model import NationType, Outcome, Posture, Side, Signal

_TYPES = {NationType.SECURITY_SEEKER: "a security seeker", NationType.EXPANSIONIST: "expansionist"}


def story_markdown(replay: Replay, analysis: Analysis) -> str:
    """The handout for one replay: a short page that prints well and reads aloud well."""
    level = replay.level
    meta = level.model.level
    names = {side: nation_look(level.model, side.key)[0] for side in SIDES}
    red, blue = names[Side.RED], names[Side.BLUE]
    state = replay.state
    played = len(replay.records)
    lines = [
        f"# {_line(meta.title)}: the story of one game",
        "",
        f"**Players:** {_player(replay, names, Side.RED)}; {_player(replay, names, Side.BLUE)}.",
        "",
        f"**Seed:** {replay.seed} · **Turns played:** {played} of {level.scenario.turns}",
        "",
    ]
    if replay.finished:
        outcome = Outcome(int(state.outcome[0])).key.replace("_", " ")
        score = state.score[0]
        lines.append(
            f"**Outcome:** {outcome}. **Final scores:** {red} {score[0]:.1f}, "
            f"{blue} {score[1]:.1f}."
        )
    else:
        lines.append("**Outcome:** not finished (the game was saved part-way).")
    lines += ["", "## Verdict", "", analysis.verdict, "", "## Turn by turn", ""]
    lines += _table(replay, names)
    lines += ["", "## What to look at", ""]
    if analysis.episodes:
        lines += [f"- {episode.sentence}" for episode in analysis.episodes]
    else:
        lines.append("Nothing stood out: no misreading, accident, arms race, treaty or crisis.")
    if meta.discussion_questions:
        lines += ["", "## For discussion", ""]
        lines += [
            f"{number}. {_line(question)}"
            for number, question in enumerate(meta.discussion_questions, start=1)
        ]
    return "\n".join(lines) + "\n"


def _line(text: str) -> str:
    """Text on one line (level texts may wrap)."""
    return " ".join(text.split())


def _cell(text: str) -> str:
    """Text safe inside a Markdown table cell."""
    return _line(text).replace("|", "\\|")


def _player(replay: Replay, names: dict[Side, str], side: Side) -> str:
    controller = replay.controllers[side]
    who = "played by a person" if controller == "human" else f"played by the computer: {controller}"
    kind = _TYPES[NationType(int(replay.state.types[0, int(side)]))]
    return f"{names[side]} ({who}; secretly {kind})"


def _table(replay: Replay, names: dict[Side, str]) -> list[str]:
    """One row per turn: moves as carried out, each side's estimate beside the truth."""
    red, blue = (_cell(names[side]) for side in SIDES)
    scenario = replay.level.scenario
    start = scenario.start_arsenal.sum(axis=1)
    rows = [
        f"| Turn | {red} did | {blue} did | {red} thought {blue} had | "
        f"{blue} thought {red} had | Tension |",
        "|---:|---|---|---|---|---:|",
    ]
    truth = {side: float(start[int(side)]) for side in SIDES}
    for number, (record, view) in enumerate(zip(replay.records, replay.views, strict=True), 1):
        moves = [_move(record.side(side)) for side in SIDES]
        beliefs = [
            f"{units(view[side].intel.total)} (true {units(truth[side.other])})" for side in SIDES
        ]
        tension = record.tension
        crisis = tension >= scenario.params_at(number - 1).crisis_threshold
        rows.append(
            f"| {number} | {' | '.join(moves)} | {' | '.join(beliefs)} | "
            f"{tension:.2f}{' crisis' if crisis else ''} |"
        )
        truth = record.totals()
    return rows


def _move(own: SideTurn) -> str:
    """What a side really did: ``arm 2, warn``, with the order if it went astray."""
    executed, ordered = own.executed, own.orders.posture
    posture = executed.posture
    text = posture.key
    if posture is not Posture.HOLD:
        text += f" {units(executed.amount)}"
    if ordered is not posture:
        text += f" (ordered {ordered.key})"
    signal = executed.signal
    if signal is not Signal.NONE:
        text += ", " + signal.key.replace("_", " ")
    if executed.strike:
        text += ", strike"
    return text
