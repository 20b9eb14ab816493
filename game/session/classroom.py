"""Class sessions: every game a class plays is added to the session's results, for the teacher.

A teacher starts a named session; pairs of students then play hot-seat games one after
another, on one computer or on several. Each computer appends one JSON line per finished
game to its own results file, ``<data folder>/classes/<session>/<computer>.jsonl``, so
files from several computers can be copied into one folder without clashing.
:func:`load_results` merges every results file under a folder (a damaged file or line is
named, ``file:line: problem``, and the rest is still merged), :func:`summarize_class`
counts outcomes, spirals and true security dilemmas per pair, and :func:`write_report`
writes the CSV tables and a printable Markdown page. ``docs/classroom.md`` describes the
file format and the report.
"""

from __future__ import annotations

import contextlib
import csv
import io
import json
import re
import secrets
import socket
import sys
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated, Literal, TextIO

import numpy as np
from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, ValidationError, field_validator

from game import __version__
from game.levels import LoadedLevel
from game.levels.compile import nation_look
from game.levels.loader import dotted, show_value
from game.levels.schema import MAX_ITEMS, MAX_TEXT
from game.replay.format import MAX_CLASS_NAME, MAX_CONTROLLER_CHARS, ClassroomTag
from game.rules.model import Mode, Outcome, Side
from game.rules.scoring import spirals
from game.rules.vocabulary import DILEMMA_MEANING, SPIRAL_MEANING
from game.session.match import Match
from game.storage import (
    FileTooLargeError,
    data_dir,
    json_depth,
    one_line,
    read_limited,
    write_atomically,
)

FORMAT = "security-dilemma-class-results"
SESSION_FORMAT = "security-dilemma-class-session"
VERSION = 1
SESSION_FILE = "session.json"
RESULTS_SUFFIX = ".jsonl"
MAX_PROBLEMS_PER_FILE = 5
"""A file that is wrong throughout is named this many times, then summed up in one line."""
MAX_PROBLEMS = 50
"""Problems listed for one merge, over all files; the rest are counted in one line."""
MAX_NAME = MAX_CLASS_NAME
MAX_FILE_BYTES = 2 * 1024 * 1024
"""The largest results file read (a game's line is about 1.5 KB: over a thousand games)."""
MAX_LINE_BYTES = 64 * 1024
"""The longest line read (a line with 30 long discussion questions has about 32 KB)."""
MAX_DEPTH = 8
"""How deeply a line's arrays and objects may nest (a results line has 3 levels)."""
MAX_FILES = 5000
"""Results files merged at most (a term of lessons on thirty computers is about 1,200)."""
MAX_LINE_TEXT = 200
"""The longest session or pair name in a results line (the game writes at most 60)."""
_LINE = re.compile(rb"\S[^\n]*")
OUTCOMES = tuple(outcome for outcome in Outcome if outcome is not Outcome.ONGOING)
CHARTS = {
    "class-outcomes.png": "How each pair's games ended",
    "class-security.png": "Real and felt security of each pair",
}
"""The report's chart files (drawn by the window's painter) and what each shows."""
EXIT_NOTHING = 2


# -- the results file -----------------------------------------------------------------------


class _Line(BaseModel):
    """Strict, immutable, bounded, and tolerant of fields added by a later version.

    Every text has a maximum length and every number a finite range, so that a
    hand-edited or hostile line can neither stall the report nor break its tables.
    """

    model_config = ConfigDict(strict=True, extra="ignore", frozen=True, allow_inf_nan=False)


Name = Annotated[str, Field(min_length=1, max_length=MAX_LINE_TEXT)]
Short = Annotated[str, Field(max_length=100)]


class PerSide(_Line):
    """One text per nation (``red``, ``blue``): a controller, a nation's name or type."""

    red: Annotated[str, Field(max_length=MAX_CONTROLLER_CHARS)]
    blue: Annotated[str, Field(max_length=MAX_CONTROLLER_CHARS)]


class SecurityPerSide(_Line):
    """One side's mean security over the game, 0 to 1 (``None`` on matrix levels)."""

    red: float | None = Field(ge=0, le=1)
    blue: float | None = Field(ge=0, le=1)


class ScorePerSide(_Line):
    """Each nation's final score."""

    red: float
    blue: float


class LevelInfo(_Line):
    """The level a game was played on, with the questions a class should discuss after it."""

    id: Annotated[str, Field(max_length=40)]
    title: Annotated[str, Field(max_length=60)]
    mode: Literal["full", "matrix"]
    discussion_questions: Annotated[
        tuple[Annotated[str, Field(max_length=MAX_TEXT)], ...], Field(max_length=MAX_ITEMS)
    ]


class GameRecord(_Line):
    """One finished game of a class session: one line of a results file."""

    format: Literal["security-dilemma-class-results"]
    version: int = Field(ge=1, le=VERSION)
    game_version: Annotated[str, Field(max_length=40)]
    session: Name
    pair: Name
    machine: Short
    finished_at: AwareDatetime
    level: LevelInfo
    seed: int = Field(ge=0, lt=2**63)
    controllers: PerSide
    nations: PerSide
    types: PerSide
    outcome: str
    winner: Literal["red", "blue"] | None
    turns: int = Field(ge=1, le=1000)
    score: ScorePerSide
    spiral: bool
    security_dilemma: bool
    deterrence_case: bool
    real_security: SecurityPerSide
    felt_security: SecurityPerSide
    replay: Annotated[str, Field(max_length=4096)] | None

    @field_validator("outcome")
    @classmethod
    def _known_outcome(cls, value: str) -> str:
        if value not in {outcome.key for outcome in OUTCOMES}:
            valid = ", ".join(outcome.key for outcome in OUTCOMES)
            raise ValueError(f"unknown outcome (valid: {valid})")
        return value

    @property
    def war(self) -> bool:
        """The game ended in fighting."""
        return Outcome[self.outcome.upper()].is_war

    @property
    def mean_real(self) -> float | None:
        """Real security averaged over both sides (None on matrix levels)."""
        return _mean([self.real_security.red, self.real_security.blue])

    @property
    def mean_felt(self) -> float | None:
        """Felt security averaged over both sides (None on matrix levels)."""
        return _mean([self.felt_security.red, self.felt_security.blue])


class _SessionFile(_Line):
    format: Literal["security-dilemma-class-session"]
    name: str = Field(min_length=1, max_length=MAX_NAME)
    started_at: AwareDatetime


MAX_SESSION_BYTES = 4096
"""A session marker is one short JSON object; a larger file is not ours."""


def _read_session(folder: Path) -> _SessionFile:
    """The session marker of ``folder``, read with a size limit (OSError, ValidationError)."""
    return _SessionFile.model_validate_json(read_limited(folder / SESSION_FILE, MAX_SESSION_BYTES))


# -- sessions -------------------------------------------------------------------------------


@dataclass(frozen=True)
class ClassSession:
    """A named class session on this computer: its folder and this computer's results file."""

    name: str
    folder: Path
    machine: str

    @property
    def results_file(self) -> Path:
        """Where this computer appends the session's games."""
        return self.folder / f"{self.machine}{RESULTS_SUFFIX}"


def classes_dir() -> Path:
    """The folder of every class session on this computer."""
    return data_dir() / "classes"


def clean_name(text: str) -> str:
    """A typed session or pair name on one line, trimmed to :data:`MAX_NAME` characters."""
    return " ".join(text.split())[:MAX_NAME].strip()


def slug(name: str) -> str:
    """A session's folder name: ``"Period 3, 4 March"`` -> ``period-3-4-march``."""
    text = re.sub(r"[^a-z0-9]+", "-", name.casefold()).strip("-")
    return text[:MAX_NAME].strip("-") or "class"


def machine_name() -> str:
    """The results-file name of this computer: its host name and an id in the data folder.

    The id keeps files apart when classroom computers share a host name (cloned images);
    the host name tells the teacher which computer a file came from.
    """
    id_file = classes_dir() / "machine-id.txt"
    try:
        machine_id = read_limited(id_file, 64).decode("ascii").strip()
    except (OSError, UnicodeDecodeError):
        machine_id = ""
    if not re.fullmatch(r"[0-9a-f]{6}", machine_id):
        machine_id = secrets.token_hex(3)
        with contextlib.suppress(OSError):  # a read-only folder: saving a game will say so
            write_atomically(id_file, machine_id + "\n")
    return f"{slug(socket.gethostname())[:30]}-{machine_id}"


def start_session(name: str, machine: str | None = None) -> ClassSession:
    """Start (or continue) the session called ``name``; games are recorded from now on.

    The same name typed on several computers gives the same folder name, so their files
    sit side by side once copied together. ``machine`` names this computer's results file
    (by default :func:`machine_name`).
    """
    name = clean_name(name)
    if not name:
        raise ValueError("a class session needs a name")
    folder = classes_dir() / slug(name)
    marker = folder / SESSION_FILE
    if not marker.exists():
        document = {
            "format": SESSION_FORMAT,
            "name": name,
            "started_at": datetime.now(UTC).isoformat(timespec="seconds"),
        }
        write_atomically(marker, json.dumps(document, ensure_ascii=False, indent=2) + "\n")
    return ClassSession(_session_name(folder) or name, folder, machine or machine_name())


def class_tag(session: ClassSession, pair: str) -> ClassroomTag | None:
    """What a game's replay and save record of its session and pair (None if unnameable)."""
    names = clean_name(session.name), clean_name(pair)
    return ClassroomTag(*names) if all(names) else None


def rejoin_session(tag: ClassroomTag) -> ClassSession:
    """The session a saved class game belongs to, on this computer, to add it to when it ends.

    The session's folder comes from its name, as when it was started; a folder removed in
    the meantime is made again. Raises ``OSError`` if it cannot be.
    """
    return start_session(tag.session)


def list_sessions() -> list[ClassSession]:
    """The sessions on this computer, the most recently started first."""
    root = classes_dir()
    if not root.is_dir():
        return []
    machine = machine_name()
    found: list[tuple[str, ClassSession]] = []
    for folder in sorted(path for path in root.iterdir() if path.is_dir()):
        started = ""
        try:
            marker = _read_session(folder)
        except (OSError, ValidationError):
            name = folder.name
        else:
            name, started = marker.name, marker.started_at.isoformat()
        found.append((started, ClassSession(name, folder, machine)))
    found.sort(key=lambda item: item[0], reverse=True)
    return [session for _, session in found]


def _session_name(folder: Path) -> str | None:
    try:
        return _read_session(folder).name
    except (OSError, ValidationError):
        return None


# -- recording a game -----------------------------------------------------------------------


def game_record(
    session: ClassSession,
    pair: str,
    level: LoadedLevel,
    controllers: dict[Side, str],
    match: Match,
    replay_path: Path | None,
) -> GameRecord:
    """The results line of a finished game, from the match's own result and history."""
    if not match.finished:
        raise ValueError("only a finished game can be recorded")
    pair = clean_name(pair)
    if not pair:
        raise ValueError("the pair who played needs a name")
    result = match.result()
    state = match.state
    played = result.turns
    history = state.history
    matrix = level.scenario.mode is Mode.MATRIX

    def security(values: np.ndarray) -> dict[str, float | None]:
        return {
            side.key: None if matrix else round(float(np.nanmean(values[:played, 0, side])), 6)
            for side in (Side.RED, Side.BLUE)
        }

    meta = level.model.level
    document = {
        "format": FORMAT,
        "version": VERSION,
        "game_version": __version__,
        "session": session.name,
        "pair": pair,
        "machine": session.machine,
        "finished_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "level": {
            "id": meta.id,
            "title": meta.title,
            "mode": level.model.rules.mode,
            "discussion_questions": [_one_line(q) for q in meta.questions_for(result.outcome.key)],
        },
        "seed": match.seed,
        "controllers": {side.key: controllers[side] for side in (Side.RED, Side.BLUE)},
        "nations": {
            side.key: nation_look(level.model, side.key)[0] for side in (Side.RED, Side.BLUE)
        },
        "types": {"red": result.types[0].key, "blue": result.types[1].key},
        "outcome": result.outcome.key,
        "winner": None if result.winner is None else result.winner.key,
        "turns": played,
        "score": {"red": result.score[0], "blue": result.score[1]},
        "spiral": bool(spirals(history.threatening[:played], state.outcome)[0]),
        "security_dilemma": result.verdict.security_dilemma,
        "deterrence_case": result.verdict.deterrence_case,
        "real_security": security(history.real_security),
        "felt_security": security(history.felt_security),
        "replay": None if replay_path is None else str(replay_path),
    }
    return GameRecord.model_validate_json(json.dumps(document))


def record_game(
    session: ClassSession,
    pair: str,
    level: LoadedLevel,
    controllers: dict[Side, str],
    match: Match,
    replay_path: Path | None,
) -> GameRecord:
    """Add a finished game to the session's results on this computer (written atomically).

    The file is rewritten whole with the new line at the end, so a crash leaves either
    the old file or the new one, never half a line. Raises ``OSError`` if it cannot be
    written (the caller shows why).
    """
    record = game_record(session, pair, level, controllers, match, replay_path)
    path = session.results_file
    try:  # a results file past the merge limit would not be read back: refuse to grow it
        existing = read_limited(path, MAX_FILE_BYTES - MAX_LINE_BYTES)
    except FileNotFoundError:
        existing = b""
    if existing and not existing.endswith(b"\n"):
        existing += b"\n"
    line = record.model_dump_json().encode("utf-8") + b"\n"
    write_atomically(path, existing + line)
    return record


# -- merging results files ------------------------------------------------------------------


def results_files(folder: Path) -> list[Path]:
    """Every results file (``*.jsonl``) in ``folder`` and its subfolders, in path order."""
    if folder.is_file():
        return [folder]
    return sorted(path for path in folder.rglob(f"*{RESULTS_SUFFIX}") if path.is_file())


def load_results(folder: Path) -> tuple[list[GameRecord], list[str]]:
    """Merge every results file under ``folder``: the games, and one line per problem.

    A problem is ``file:line: what is wrong``; the line (or, for a file that is not a
    results file at all, the file) is left out and everything else is still merged. The
    same game found twice (a file copied twice) is counted once. Games come in the order
    they finished.
    """
    if not folder.exists():
        return [], [f"{folder}: no such file or folder"]
    records: list[tuple[GameRecord, int]] = []
    problems = _Problems()
    seen: dict[str, str] = {}
    files = results_files(folder)
    if len(files) > MAX_FILES:
        problems.add(f"{folder}: more than {MAX_FILES:,} results files; only the first merged")
        files = files[:MAX_FILES]
    for path in files:
        file_problems = _Problems(MAX_PROBLEMS_PER_FILE)
        for number, record in _read_file(path, file_problems):
            where = f"{path}:{number}"
            key = record.model_dump_json()
            if key in seen:
                file_problems.add(f"{where}: the same game as {seen[key]}; counted once")
                continue
            seen[key] = where
            records.append((record, len(records)))
        for problem in file_problems.listed:
            problems.add(problem)
        if file_problems.more:
            problems.add(f"{path}: {file_problems.more} more problems not listed")
    records.sort(key=lambda item: (item[0].finished_at, item[1]))
    listed = problems.listed
    if problems.more:
        listed.append(f"{folder}: {problems.more} more problems not listed")
    return [record for record, _ in records], listed


class _Problems:
    """Problem lines kept up to a limit; the rest only counted."""

    def __init__(self, limit: int = MAX_PROBLEMS) -> None:
        self.limit = limit
        self.listed: list[str] = []
        self.more = 0

    def add(self, problem: str) -> None:
        if len(self.listed) < self.limit:
            self.listed.append(one_line(problem))
        else:
            self.more += 1


def _read_file(path: Path, problems: _Problems) -> Iterable[tuple[int, GameRecord]]:
    """The valid lines of one results file with their numbers; problems are added."""
    try:
        data = read_limited(path, MAX_FILE_BYTES)
    except FileTooLargeError:
        limit = MAX_FILE_BYTES // (1024 * 1024)
        problems.add(f"{path}: over {limit} MB, too large to be a results file; file skipped")
        return
    except OSError as error:
        problems.add(f"{path}: cannot be read ({error.strerror or error})")
        return
    first = True
    line, counted = 1, 0
    for match in _LINE.finditer(data):  # lines with something on them, quickly
        start = data.rfind(b"\n", 0, match.start()) + 1
        line += data.count(b"\n", counted, start)
        counted = start
        raw = data[start : match.end()]
        where = f"{path}:{line}"
        document = _line_document(raw, where, problems)
        if document is None:
            continue
        if not isinstance(document, dict) or document.get("format") != FORMAT:
            if first:
                problems.add(
                    f'{where}: not a class results file (no "format": "{FORMAT}"); file skipped'
                )
                return
            problems.add(f"{where}: not a class results line")
            continue
        first = False
        version = document.get("version")
        if isinstance(version, int) and not isinstance(version, bool) and version > VERSION:
            shown = version if version < 10**6 else "unknown"
            problems.add(
                f"{where}: written by a newer version of the game "
                f"(results version {shown}; this one reads up to {VERSION})"
            )
            continue
        try:  # JSON mode: strict, yet dates come as text and lists stand for tuples
            yield line, GameRecord.model_validate_json(raw)
        except ValidationError as error:
            problems.add(f"{where}: {_validation_message(error)}")


def _line_document(raw: bytes, where: str, problems: _Problems) -> object | None:
    """The JSON value of one line, or None with the problem added."""
    if len(raw) > MAX_LINE_BYTES:
        problems.add(f"{where}: longer than {MAX_LINE_BYTES // 1024} KB, not a results line")
        return None
    if json_depth(raw) > MAX_DEPTH:
        problems.add(f"{where}: nested more than {MAX_DEPTH} levels deep, not a results line")
        return None
    try:
        return json.loads(raw.decode("utf-8"), parse_constant=_no_constant)  # type: ignore[no-any-return]
    except UnicodeDecodeError:
        problems.add(f"{where}: not UTF-8 text")
    except json.JSONDecodeError as error:
        problems.add(
            f"{where}: not valid JSON, the line may be cut short "
            f"({error.msg.lower().removesuffix(' at')} at column {error.colno})"
        )
    except _ConstantError as error:
        problems.add(f"{where}: {error} is not a number a results line may hold")
    except (ValueError, RecursionError):
        problems.add(f"{where}: a number has thousands of digits, not a results line")
    return None


class _ConstantError(ValueError):
    """``NaN`` or ``Infinity`` in a line."""


def _no_constant(name: str) -> float:
    """``NaN`` and ``Infinity`` are not JSON, and no results field may hold them."""
    raise _ConstantError(name)


def _validation_message(error: ValidationError) -> str:
    """The first pydantic errors of one line, joined: ``field: problem (got value)``."""
    parts = []
    problems = error.errors(include_url=False)
    for item in problems[:3]:
        message = str(item["msg"])
        message = message[0].lower() + message[1:]
        message = message.removeprefix("value error, ")
        if item["type"] == "missing":
            parts.append(f"{dotted(item['loc'])}: required field is missing")
        else:
            parts.append(f"{dotted(item['loc'])}: {message} (got {show_value(item['input'])})")
    if len(problems) > 3:
        parts.append(f"and {len(problems) - 3} more")
    return "; ".join(parts)


# -- the summary ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Tally:
    """Counts and means over a group of games: one pair's, or the whole class's."""

    name: str
    games: tuple[GameRecord, ...]

    @property
    def count(self) -> int:
        """Games played."""
        return len(self.games)

    @property
    def outcomes(self) -> dict[str, int]:
        """Games per outcome key, every outcome listed (zeros too) in the rules' order."""
        return {
            outcome.key: sum(game.outcome == outcome.key for game in self.games)
            for outcome in OUTCOMES
        }

    @property
    def wars(self) -> int:
        """Games that ended in fighting."""
        return sum(game.war for game in self.games)

    @property
    def spirals(self) -> int:
        """Games with an arms-race spiral (both sides arming several turns running)."""
        return sum(game.spiral for game in self.games)

    @property
    def dilemmas(self) -> int:
        """True security dilemmas by Tang's three conditions."""
        return sum(game.security_dilemma for game in self.games)

    @property
    def deterrence(self) -> int:
        """Deterrence cases: one side really was expansionist."""
        return sum(game.deterrence_case for game in self.games)

    @property
    def real_security(self) -> float | None:
        """Mean real security of both sides over the games (full-rules levels only)."""
        return _mean([game.mean_real for game in self.games])

    @property
    def felt_security(self) -> float | None:
        """Mean felt security of both sides over the games (full-rules levels only)."""
        return _mean([game.mean_felt for game in self.games])

    @property
    def levels(self) -> list[str]:
        """Titles of the levels played, each once, in the order first played."""
        return list(dict.fromkeys(game.level.title for game in self.games))


@dataclass(frozen=True)
class LevelQuestions:
    """A level played in the session and the questions it asks the class."""

    title: str
    questions: tuple[str, ...]


@dataclass(frozen=True)
class ClassSummary:
    """What a class played: per pair, in total, and what to discuss afterwards."""

    sessions: tuple[str, ...]
    pairs: tuple[Tally, ...]
    total: Tally
    levels: tuple[LevelQuestions, ...]

    @property
    def title(self) -> str:
        """The session's name (or the names of the merged sessions)."""
        return ", ".join(self.sessions) if self.sessions else "Class session"

    @property
    def dates(self) -> str:
        """The days the games were played, ``2025-03-04`` or ``2025-03-04 to 2025-03-05``."""
        if not self.total.games:
            return "no games yet"
        first = self.total.games[0].finished_at.date().isoformat()
        last = self.total.games[-1].finished_at.date().isoformat()
        return first if first == last else f"{first} to {last}"


def pair_key(name: str) -> str:
    """Pair names typed differently on two computers ("ana & ben", "Ana  & Ben") match."""
    return " ".join(name.casefold().split())


def summarize_class(records: Sequence[GameRecord], sessions: Sequence[str] = ()) -> ClassSummary:
    """Per pair (in the order they first played): outcomes, spirals, dilemmas, security.

    ``sessions`` names the session(s) even before any game was played in them.
    """
    ordered = sorted(records, key=lambda record: record.finished_at)
    groups: dict[str, list[GameRecord]] = {}
    names: dict[str, str] = {}
    for record in ordered:
        key = pair_key(record.pair)
        names.setdefault(key, record.pair)
        groups.setdefault(key, []).append(record)
    pairs = tuple(Tally(names[key], tuple(games)) for key, games in groups.items())
    session_names: dict[str, str] = {}
    for name in [*sessions, *(record.session for record in ordered)]:
        session_names.setdefault(slug(name), name)
    levels: dict[tuple[str, str], list[str]] = {}
    asked: set[str] = set()
    for record in ordered:
        questions = levels.setdefault((record.level.id, record.level.title), [])
        for question in record.level.discussion_questions:
            if question not in asked:
                asked.add(question)
                questions.append(question)
    return ClassSummary(
        sessions=tuple(session_names.values()),
        pairs=pairs,
        total=Tally("All pairs", tuple(ordered)),
        levels=tuple(
            LevelQuestions(title, tuple(questions))
            for (_, title), questions in levels.items()
            if questions
        ),
    )


# -- the report -----------------------------------------------------------------------------

PAIR_COLUMNS = (
    "pair",
    "games",
    *(outcome.key for outcome in OUTCOMES),
    "wars",
    "spirals",
    "security_dilemmas",
    "deterrence_cases",
    "mean_real_security",
    "mean_felt_security",
    "levels",
)
GAME_COLUMNS = (
    "session",
    "pair",
    "finished_at",
    "level_id",
    "level_title",
    "seed",
    "red_player",
    "blue_player",
    "outcome",
    "turns",
    "red_score",
    "blue_score",
    "spiral",
    "security_dilemma",
    "deterrence_case",
    "red_real_security",
    "red_felt_security",
    "blue_real_security",
    "blue_felt_security",
    "machine",
    "replay",
)


def report_csv(summary: ClassSummary) -> str:
    """One row per pair and a last row for the whole class, for a spreadsheet."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(PAIR_COLUMNS)
    for tally in (*summary.pairs, summary.total):
        writer.writerow(
            [
                _cell_text(tally.name),
                tally.count,
                *tally.outcomes.values(),
                tally.wars,
                tally.spirals,
                tally.dilemmas,
                tally.deterrence,
                _number(tally.real_security),
                _number(tally.felt_security),
                _cell_text("; ".join(tally.levels)),
            ]
        )
    return out.getvalue()


def games_csv(summary: ClassSummary) -> str:
    """One row per game, in the order they finished, with both sides' numbers."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(GAME_COLUMNS)
    for game in summary.total.games:
        writer.writerow(
            [
                _cell_text(game.session),
                _cell_text(game.pair),
                game.finished_at.isoformat(),
                game.level.id,
                _cell_text(game.level.title),
                game.seed,
                game.controllers.red,
                game.controllers.blue,
                game.outcome,
                game.turns,
                round(game.score.red, 3),
                round(game.score.blue, 3),
                int(game.spiral),
                int(game.security_dilemma),
                int(game.deterrence_case),
                _number(game.real_security.red),
                _number(game.felt_security.red),
                _number(game.real_security.blue),
                _number(game.felt_security.blue),
                game.machine,
                game.replay or "",
            ]
        )
    return out.getvalue()


def plural(count: int, noun: str) -> str:
    """``1 game``, ``2 games``."""
    return f"{count} {noun}{'s' * (count != 1)}"


def outcome_words(key: str) -> str:
    """An outcome key in words: ``spiral_to_war`` -> ``spiral to war``."""
    return key.replace("_", " ")


def security_gap(real: float | None, felt: float | None) -> str:
    """How felt security compared with real security, in words ("" without figures)."""
    if real is None or felt is None:
        return ""
    if felt - real < -0.02:
        return "felt less safe than they were"
    if felt - real > 0.02:
        return "felt safer than they were"
    return "felt about as safe as they were"


def security_words(real: float | None, felt: float | None) -> str:
    """The gap between real and felt security in one sentence: the lesson in numbers."""
    if real is None or felt is None:
        return "No security figures: matrix levels score moves, not arsenals."
    return f"They {security_gap(real, felt)} (felt {felt:.2f}, real {real:.2f})."


def report_markdown(summary: ClassSummary, chart_paths: Sequence[Path]) -> str:
    """A printable page: totals, a table of the pairs, each pair's games, charts, questions.

    ``chart_paths`` are relative to the page (the charts are written beside it).
    """
    total = summary.total
    lines = [
        f"# Class report: {_line(summary.title)}",
        "",
        f"**Games played:** {summary.dates} · **{plural(total.count, 'game')}** by "
        f"**{plural(len(summary.pairs), 'pair')}**",
        "",
        f"- Spirals ({SPIRAL_MEANING}): **{total.spirals}** of {total.count} games",
        f"- True security dilemmas ({DILEMMA_MEANING}): **{total.dilemmas}**",
        f"- Deterrence cases (one side really was expansionist): **{total.deterrence}**",
        f"- Games that ended in war: **{total.wars}**",
        f"- Security: {security_words(total.real_security, total.felt_security)}",
        "",
        "## Pairs",
        "",
        "| Pair | Games | Outcomes | Spirals | Security dilemmas | Real security | Felt security |",
        "|---|---:|---|---:|---:|---:|---:|",
    ]
    for tally in (*summary.pairs, total):
        name = _cell(tally.name) if tally is not total else "**All pairs**"
        lines.append(
            f"| {name} | {tally.count} | {_outcome_list(tally)} | {tally.spirals} | "
            f"{tally.dilemmas} | {_number(tally.real_security) or '-'} | "
            f"{_number(tally.felt_security) or '-'} |"
        )
    if chart_paths:
        lines += ["", "## Charts", ""]
        for path in chart_paths:
            alt = CHARTS.get(path.name, path.stem.replace("-", " "))
            lines += [f"![{alt}]({path.as_posix()})", ""]
        lines.pop()
    lines += ["", "## Each pair's games"]
    for tally in summary.pairs:
        lines += [
            "",
            f"### {_line(tally.name)}",
            "",
            "| # | Level | Outcome | Turns | Spiral | Security dilemma | Real | Felt | Scores |",
            "|---:|---|---|---:|---|---|---:|---:|---|",
        ]
        for number, game in enumerate(tally.games, start=1):
            lines.append(
                f"| {number} | {_cell(game.level.title)}{_opponents(game)} | "
                f"{outcome_words(game.outcome)} | {game.turns} | {_yes(game.spiral)} | "
                f"{_yes(game.security_dilemma)}{' (deterrence case)' * game.deterrence_case} | "
                f"{_number(game.mean_real) or '-'} | {_number(game.mean_felt) or '-'} | "
                f"{_cell(game.nations.red)} {game.score.red:.1f}, "
                f"{_cell(game.nations.blue)} {game.score.blue:.1f} |"
            )
    if summary.levels:
        lines += ["", "## For discussion"]
        for level in summary.levels:
            lines += ["", f"**{_line(level.title)}**", ""]
            lines += [
                f"{number}. {_line(question)}"
                for number, question in enumerate(level.questions, start=1)
            ]
    return "\n".join(lines) + "\n"


def write_report(
    summary: ClassSummary,
    folder: Path,
    draw_charts: Callable[[ClassSummary, Path], list[Path]],
) -> list[Path]:
    """Write the tables, the charts (drawn by ``draw_charts``) and the page into ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    pairs = folder / "class-report.csv"
    write_atomically(pairs, report_csv(summary))
    games = folder / "class-games.csv"
    write_atomically(games, games_csv(summary))
    charts = draw_charts(summary, folder)
    page = folder / "class-report.md"
    relative = [chart.relative_to(folder) for chart in charts]
    write_atomically(page, report_markdown(summary, relative))
    return [page, pairs, games, *charts]


def report_table(summary: ClassSummary) -> str:
    """The short table the ``class-report`` command prints."""
    total = summary.total
    lines = [
        f"Class report: {summary.title}",
        f"{plural(total.count, 'game')} by {plural(len(summary.pairs), 'pair')}, {summary.dates}",
        "",
        f"{'Pair':<24}{'Games':>6}{'Peace':>7}{'War':>5}{'Spirals':>9}{'Dilemmas':>10}"
        f"{'Real':>7}{'Felt':>7}",
    ]
    for tally in (*summary.pairs, total):
        name = tally.name if len(tally.name) <= 23 else tally.name[:22] + "\u2026"
        lines.append(
            f"{name:<24}{tally.count:>6}{tally.count - tally.wars:>7}{tally.wars:>5}"
            f"{tally.spirals:>9}{tally.dilemmas:>10}"
            f"{_number(tally.real_security, 2) or '-':>7}"
            f"{_number(tally.felt_security, 2) or '-':>7}"
        )
    return "\n".join(lines)


def class_report(
    folder: Path,
    out: Path | None,
    draw_charts: Callable[[ClassSummary, Path], list[Path]],
    stdout: TextIO | None = None,
    stderr: TextIO | None = None,
) -> int:
    """``security-dilemma class-report DIR``: merge, print a table, write the report.

    Problems go to ``stderr``, one line each. Exit status 0 if any game was merged, 2 if
    nothing usable was found or the report could not be written.
    """
    stdout = stdout or sys.stdout
    stderr = stderr or sys.stderr
    records, problems = load_results(folder)
    for problem in problems:
        print(problem, file=stderr)
    if not records:
        if folder.exists():
            print(f"error: {folder}: no usable class results (*{RESULTS_SUFFIX})", file=stderr)
        return EXIT_NOTHING
    summary = summarize_class(records)
    target = out if out is not None else (folder.parent if folder.is_file() else folder)
    try:
        written = write_report(summary, target, draw_charts)
    except OSError as error:
        print(f"error: {target}: {error.strerror or error}", file=stderr)
        return EXIT_NOTHING
    print(report_table(summary), file=stdout)
    print(file=stdout)
    for path in written:
        print(f"wrote {path}", file=stdout)
    return 0


# -- small helpers --------------------------------------------------------------------------


def _mean(values: Iterable[float | None]) -> float | None:
    known = [value for value in values if value is not None]
    return sum(known) / len(known) if known else None


def _number(value: float | None, digits: int = 3) -> str:
    return "" if value is None else f"{value:.{digits}f}"


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _line(text: str) -> str:
    """Text on one line, safe in a Markdown heading or paragraph."""
    return _one_line(text).replace("<", "&lt;")


def _cell(text: str) -> str:
    """Text safe inside a Markdown table cell."""
    return _line(text).replace("|", "\\|")


def _cell_text(text: str) -> str:
    """Typed text safe in a spreadsheet: a leading = + - @ is not read as a formula."""
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text


def _yes(value: bool) -> str:
    return "yes" if value else "no"


def _outcome_list(tally: Tally) -> str:
    return ", ".join(
        f"{count} {outcome_words(key)}" for key, count in tally.outcomes.items() if count
    )


def _opponents(game: GameRecord) -> str:
    """`` (Blueland: tit-for-tat)`` when the computer played a side, else nothing."""
    players = [
        f"{_cell(nation)}: {_cell(spec)}"
        for nation, spec in (
            (game.nations.red, game.controllers.red),
            (game.nations.blue, game.controllers.blue),
        )
        if spec != "human"
    ]
    return f" ({'; '.join(players)})" if players else ""
