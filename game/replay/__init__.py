"""Replays: the event-log file format, loading, verification by re-simulation, analysis."""

from game.replay.format import (
    ClassroomTag,
    Replay,
    ReplayError,
    ReplaySummary,
    game_from_batch,
    parse_replay,
    peek_replay,
    read_replay,
    replay_document,
    resimulate,
    write_replay,
)

__all__ = [
    "ClassroomTag",
    "Replay",
    "ReplayError",
    "ReplaySummary",
    "game_from_batch",
    "parse_replay",
    "peek_replay",
    "read_replay",
    "replay_document",
    "resimulate",
    "write_replay",
]
