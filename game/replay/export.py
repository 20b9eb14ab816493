"""A replay as a table: one CSV row per turn, for a spreadsheet or a class handout."""

from __future__ import annotations

import csv
import io

from game.replay.format import Replay
from game.replay.record import SIDES

SIDE_COLUMNS = (
    "ordered",
    "executed",
    "amount",
    "signal_sent",
    "saw_other",
    "heard",
    "estimate_of_other",
    "true_arsenal",
    "treasury",
    "real_security",
    "felt_security",
    "cost",
    "score",
)
"""Per-side columns, prefixed by the nation's key (``red_``, ``blue_``)."""


def turns_csv(replay: Replay) -> str:
    """Every turn of the game: both sides' orders, what they saw and the truth; then tension."""
    header = ["turn"]
    header += [f"{side.key}_{column}" for side in SIDES for column in SIDE_COLUMNS]
    header += ["tension", "treaty", "news"]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    for record in replay.records:
        row: list[object] = [record.turn]
        for side in SIDES:
            own = record.side(side)
            executed, seen = own.executed, own.seen
            row += [
                own.orders.posture.key,
                executed.posture.key,
                round(executed.amount, 3),
                executed.signal.key,
                "" if seen.posture is None else seen.posture.key,
                seen.signal.key,
                round(seen.estimate, 3),
                round(own.total, 3),
                round(own.treasury, 3),
                round(own.real_security, 4),
                round(own.felt_security, 4),
                round(own.cost, 3),
                round(own.score, 3),
            ]
        row += [round(record.tension, 4), int(record.treaty), " | ".join(record.news)]
        writer.writerow(row)
    return out.getvalue()
