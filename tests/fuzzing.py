"""Shared strategies and checks of the fuzz suite (``tests/test_fuzz_*.py``).

Every loader of the game (level files, ``--set``, replays, saved games, settings, class
results) is fed structured mutations of real files (deep nesting, huge numbers, inf and
NaN, long strings, truncation, binary, BOM and CRLF, extra and missing fields) and random
bytes. Each case must end in the loader's own error (or, through the command line, exit
status 2 with one line per problem), never a traceback, within :data:`CASE_SECONDS`, and
leave the file it read unchanged.

The budget is modest for CI: :func:`budget` scales each test's example count by
``SECURITY_DILEMMA_FUZZ_SCALE`` (1 by default; ``bench/fuzz.py`` runs 10). Examples are
derandomized, so every run tries the same cases and CI never flakes. With
``SECURITY_DILEMMA_FUZZ_REPORT=FILE`` the cases tried, accepted and the slowest case per
loader are written to ``FILE`` (JSON) when the process ends. With
``SECURITY_DILEMMA_FUZZ_COLLECT=1`` (as ``bench/fuzz.py`` runs) a failing case does not
stop its test: it is counted, and its message kept as a finding in the report.
"""

from __future__ import annotations

import atexit
import gzip
import hashlib
import json
import os
import re
import time
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, Phase, settings
from hypothesis import strategies as st

SCALE = float(os.environ.get("SECURITY_DILEMMA_FUZZ_SCALE", "1"))
"""How many times the CI budget to run (``bench/fuzz.py`` sets 10)."""
CASE_SECONDS = 2.0
"""No case may take longer (the loaders aim at a second; CI machines are busy)."""
REPORT = os.environ.get("SECURITY_DILEMMA_FUZZ_REPORT")
COLLECT = os.environ.get("SECURITY_DILEMMA_FUZZ_COLLECT") == "1"

CASES: Counter[str] = Counter()
ACCEPTED: Counter[str] = Counter()
FAILED: Counter[str] = Counter()
FINDINGS: dict[str, Counter[str]] = {}
SLOWEST: dict[str, float] = {}


def budget(examples: int) -> int:
    """The example count of a test: its CI budget times :data:`SCALE`."""
    return max(1, round(examples * SCALE))


def fuzz(examples: int) -> settings:
    """Hypothesis settings of a fuzz test: deterministic, no deadline, scaled budget."""
    return settings(
        max_examples=budget(examples),
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=list(HealthCheck),
        phases=[Phase.explicit, Phase.generate],  # no shrinking: huge cases shrink slowly
        print_blob=False,
    )


FIRST_EXAMPLE: dict[str, str] = {}


def _finding(error: BaseException) -> str:
    """One line per kind of finding: the exception and its message, generalised.

    Numbers become ``N`` and temporary folders are dropped, so that the same bug found
    many times is counted once (the first example is the one shown).
    """
    text = " ".join(str(error).split())
    text = re.sub(r"\S*(?:tmp|pytest-of-)\S*?/(?=[^/\s]*(?:\s|:|$))", "", text)
    kind = f"{type(error).__name__}: {re.sub(r'[0-9]+', 'N', text)[:120]}"
    FIRST_EXAMPLE.setdefault(kind, f"{type(error).__name__}: {text[:200]}")
    return kind


@contextmanager
def case(loader: str) -> Iterator[None]:
    """One case of ``loader``: counted and timed; too slow a case fails the test.

    Every check of a case belongs inside this block. In collect mode a failure is
    recorded (see :data:`COLLECT`) instead of raised.
    """
    CASES[loader] += 1
    start = time.perf_counter()
    failure: BaseException | None = None
    try:
        yield
    except Exception as error:
        if not COLLECT:
            raise
        failure = error
    elapsed = time.perf_counter() - start
    SLOWEST[loader] = max(SLOWEST.get(loader, 0.0), elapsed)
    if failure is None and elapsed > CASE_SECONDS:
        failure = AssertionError(f"a case took more than {CASE_SECONDS:g} s")
        if not COLLECT:
            raise failure
    if failure is not None:
        FAILED[loader] += 1
        FINDINGS.setdefault(loader, Counter())[_finding(failure)] += 1


def accepted(loader: str) -> None:
    """Count a case that the loader accepted (and whose use was then checked too)."""
    ACCEPTED[loader] += 1


def _write_report() -> None:
    if REPORT and CASES:
        document = {
            loader: {
                "cases": count,
                "accepted": ACCEPTED[loader],
                "failed": FAILED[loader],
                "slowest": round(SLOWEST.get(loader, 0.0), 3),
                "findings": {
                    FIRST_EXAMPLE[kind]: count
                    for kind, count in FINDINGS.get(loader, Counter()).most_common()
                },
            }
            for loader, count in sorted(CASES.items())
        }
        Path(REPORT).write_text(json.dumps(document, indent=2) + "\n", encoding="utf-8")


atexit.register(_write_report)


def digest(path: Path) -> str:
    """The SHA-256 of a file, to show that a loader left it unchanged."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


# -- hostile values ------------------------------------------------------------------------

DEPTHS = st.sampled_from([2, 20, 33, 100, 400, 1000, 5000, 100_000])
DIGITS = st.sampled_from([20, 400, 4300, 4301, 5000, 20_000])
LENGTHS = st.sampled_from([0, 1, 61, 201, 1001, 20_001, 100_000, 1_100_000])


@st.composite
def toml_values(draw: st.DrawFn) -> str:
    """A TOML value written as text: hostile or merely of the wrong type."""
    kind = draw(
        st.sampled_from(
            ["nest", "table", "digits", "float", "string", "type", "list", "date", "garbage"]
        )
    )
    if kind == "nest":
        depth = draw(DEPTHS)
        return "[" * depth + "]" * depth
    if kind == "table":
        depth = draw(DEPTHS.filter(lambda d: d <= 5000))
        return "{a = " * depth + "1" + " }" * depth
    if kind == "digits":
        return draw(st.sampled_from(["", "-", "+"])) + "9" * draw(DIGITS)
    if kind == "float":
        return draw(
            st.sampled_from(
                [
                    "inf",
                    "-inf",
                    "+inf",
                    "nan",
                    "-nan",
                    "+nan",
                    "1e999",
                    "-1e999",
                    "1e308",
                    "5e-324",
                    "-0.0",
                    "1.7976931348623157e308",
                    "0.0",
                    "1e-300",
                ]
            )
        )
    if kind == "string":
        return '"' + "x" * draw(LENGTHS) + '"'
    if kind == "list":
        count = draw(st.sampled_from([0, 2, 31, 201, 10_000, 100_000]))
        item = draw(st.sampled_from(['"arm"', "1", "1.0", "{ }", '"x"']))
        return "[" + ", ".join([item] * count) + "]"
    if kind == "date":
        return draw(st.sampled_from(["1979-05-27", "1979-05-27T07:32:00Z", "07:32:00"]))
    if kind == "garbage":
        return draw(st.text(max_size=20))
    return draw(
        st.sampled_from(["true", "false", '"text"', "[1, 2]", "{ a = 1 }", '""', "0", "-1"])
    )


@st.composite
def json_values(draw: st.DrawFn) -> str:
    """A JSON value written as text: hostile, not JSON at all, or of the wrong type."""
    kind = draw(st.sampled_from(["nest", "object", "digits", "float", "string", "type", "list"]))
    if kind == "nest":
        depth = draw(DEPTHS)
        return "[" * depth + "]" * depth
    if kind == "object":
        depth = draw(DEPTHS)
        return '{"a":' * depth + "1" + "}" * depth
    if kind == "digits":
        return draw(st.sampled_from(["", "-"])) + "9" * draw(DIGITS)
    if kind == "float":
        return draw(
            st.sampled_from(
                [
                    "NaN",
                    "Infinity",
                    "-Infinity",
                    "1e999",
                    "-1e999",
                    "1e308",
                    "5e-324",
                    "-0.0",
                    "0.5",
                    "1.0",
                ]
            )
        )
    if kind == "string":
        length = draw(LENGTHS)
        char = draw(st.sampled_from(["x", "\\n", "\\u0000", "é", "\\ud800"]))
        return '"' + char * length + '"'
    if kind == "list":
        count = draw(st.sampled_from([0, 3, 65, 101, 1001, 200_000]))
        item = draw(st.sampled_from(['"a"', "1", "0.5", "{}", '"human"']))
        return "[" + ",".join([item] * count) + "]"
    return draw(
        st.sampled_from(
            [
                "true",
                "false",
                "null",
                '""',
                "[]",
                "{}",
                "0",
                "-1",
                "1",
                "2",
                '"human"',
                '"bot:x.py"',
                '"tit-for-tat"',
                '"2025-03-04T10:15:02+00:00"',
                '"red"',
            ]
        )
    )


# -- mutations of bytes --------------------------------------------------------------------


@st.composite
def byte_mutations(draw: st.DrawFn, base: bytes) -> bytes:
    """Truncation, binary, BOM, CRLF, deletion, duplication, or random bytes instead."""
    kind = draw(
        st.sampled_from(
            [
                "truncate",
                "insert",
                "flip",
                "bom",
                "crlf",
                "cr",
                "delete",
                "duplicate",
                "random",
                "nul",
                "append",
                "huge",
            ]
        )
    )
    at = draw(st.integers(0, len(base)))
    if kind == "truncate":
        return base[:at]
    if kind == "insert":
        return base[:at] + draw(st.binary(min_size=1, max_size=16)) + base[at:]
    if kind == "flip":
        return base[:at] + bytes([draw(st.integers(0, 255))]) + base[at + 1 :]
    if kind == "bom":
        return b"\xef\xbb\xbf" + base
    if kind == "crlf":
        return base.replace(b"\n", b"\r\n")
    if kind == "cr":
        return base.replace(b"\n", b"\r")
    if kind == "delete":
        end = draw(st.integers(at, len(base)))
        return base[:at] + base[end:]
    if kind == "duplicate":
        end = draw(st.integers(at, min(len(base), at + 2000)))
        return base[:end] + base[at:end] * draw(st.integers(1, 3)) + base[end:]
    if kind == "random":
        return draw(st.binary(max_size=2000))
    if kind == "nul":
        return base[:at] + b"\x00" + base[at:]
    if kind == "append":
        return base + draw(st.sampled_from([b"\n", b"garbage", b"\x00" * 8, b"{}", b"\xff"]))
    return base + b" " * draw(st.sampled_from([1_000, 2_100_000, 17_000_000]))


# -- mutations of JSON documents -----------------------------------------------------------

SENTINEL = "\x00fuzz\x00"


@st.composite
def json_mutations(draw: st.DrawFn, document: Any, compact: bool = True) -> bytes:
    """A JSON document with one place changed: a hostile value, an extra or missing key.

    The place is found by a random walk from the top, so that every field of the top
    levels is reached often, and the fields deep inside turns now and then.
    """
    path: list[Any] = []
    node = document
    while isinstance(node, dict | list) and node and draw(st.integers(0, 3)) > 0:
        key = draw(st.sampled_from(list(node) if isinstance(node, dict) else range(len(node))))
        path.append(key)
        node = node[key]
    copy = json.loads(json.dumps(document))
    parent: Any = None
    node: Any = copy
    for key in path:
        parent, node = node, node[key]
    operation = draw(st.sampled_from(["replace", "replace", "replace", "extra", "delete"]))
    raw: str = draw(json_values())
    if operation == "extra" and isinstance(node, dict):
        node[draw(st.sampled_from(["extra", "x" * 300, "", "result", "version"]))] = SENTINEL
    elif operation == "delete" and parent is not None:
        if isinstance(parent, dict):
            del parent[path[-1]]
        else:
            parent.pop(path[-1])
    elif parent is None:
        copy = SENTINEL
    else:
        parent[path[-1]] = SENTINEL
    separators = (",", ":") if compact else (", ", ": ")
    text = json.dumps(copy, separators=separators, ensure_ascii=False, indent=None)
    return text.replace(json.dumps(SENTINEL), raw, 1).encode("utf-8", "surrogatepass")


def gzip_variants(data: bytes, how: str) -> bytes:
    """The data gzip-compressed, maybe followed by a second member or trailing garbage."""
    packed = gzip.compress(data, mtime=0)
    if how == "second-member":
        return packed + gzip.compress(b"{}", mtime=0)
    if how == "trailing":
        return packed + b"garbage"
    if how == "cut":
        return packed[: len(packed) // 2]
    return packed


# -- checking output -----------------------------------------------------------------------

NO_LINE_MESSAGES = (
    "too large to be a level",
    "cannot read the file",
    "more problem",
)
"""Level problems that concern the whole file, which has no line to point at."""


def check_level_lines(lines: list[str], origin: str, overrides: bool = False) -> None:
    """Each line is one problem, ``file:line: ...`` (or ``--set ...``), never a traceback."""
    assert lines, "a refusal must say why"
    for line in lines:
        assert "Traceback" not in line and "Error:" not in line.split(": ")[0], line
        if line.startswith("--set"):
            assert overrides, line
            continue
        assert line.startswith(f"{origin}"), line
        rest = line[len(origin) :]
        if not any(message in rest for message in NO_LINE_MESSAGES):
            assert rest[:1] == ":" and rest[1:].split(":")[0].isdigit(), f"no line: {line}"


def run_quietly(action: Callable[[], Any]) -> Any:
    """Run ``action``; what it raises is returned, so that a test can say what it expected."""
    try:
        return action()
    except BaseException as error:  # reported by the caller's assertion
        return error


# -- real files to mutate ------------------------------------------------------------------


def short_level(level_id: str, turns: int = 6) -> Any:
    """A built-in level cut to ``turns`` turns, or as short as its scripted events allow."""
    from game.levels import load_builtin

    level = load_builtin(level_id)
    last_event = max((event.turn for event in level.model.events), default=0)
    return load_builtin(level_id, [f"rules.turns={max(turns, last_event)}"])


def sample_replays() -> list[dict[str, Any]]:
    """Replay documents of short finished games: full and matrix rules, events, noise."""
    from game.ai.registry import make_strategy
    from game.replay import replay_document
    from game.rules.model import Side
    from game.session.match import Match

    documents = []
    for level_id, red, blue, seed in (
        ("tutorial", "tit-for-tat", "random", 1),
        ("fog-of-war", "bayesian", "grim", 2),
        ("prisoners-dilemma", "pavlov", "random", 3),
        ("europe-1909", "fearful", "expansionist", 4),
    ):
        level = short_level(level_id)
        match = Match(level.scenario, seed, make_strategy(red), make_strategy(blue))
        match.play_out()
        controllers = {Side.RED: red, Side.BLUE: blue}
        documents.append(replay_document(level, controllers, match.event_log()))
    documents[0]["classroom"] = {"session": "Period 3", "pair": "Ana & Ben"}
    return json.loads(json.dumps(documents))


def sample_saves() -> list[dict[str, Any]]:
    """Saved games in progress: a person against the computer, and two people."""
    from game.ai.registry import make_strategy
    from game.replay import replay_document
    from game.rules.model import Orders, Posture, Side, Signal
    from game.session.match import Match

    documents = []
    for level_id, blue, turns in (("fog-of-war", "bayesian", 3), ("tutorial", "human", 2)):
        level = short_level(level_id, turns=8)
        match = Match(level.scenario, 21, None, None if blue == "human" else make_strategy(blue))
        moves = [Orders(Posture.ARM, 1.0), Orders(Posture.HOLD, signal=Signal.REASSURE)]
        for turn in range(turns):
            for side in match.waiting_for():
                match.submit(side, moves[(turn + int(side)) % 2])
            match.resolve()
        controllers = {Side.RED: "human", Side.BLUE: blue}
        documents.append(replay_document(level, controllers, match.event_log()))
    documents[-1]["classroom"] = {"session": "Period 3", "pair": "Ana & Ben"}  # a class game
    return json.loads(json.dumps(documents))


INFORMATIONAL = ("game_version", "saved_at", "controllers", "classroom")
"""Replay fields checked for form only (docs/replays.md); ``level.origin`` too."""


def same_game(a: dict[str, Any], b: dict[str, Any]) -> bool:
    """Two replay documents that hold the same game (informational fields aside)."""

    def facts(document: dict[str, Any]) -> str:
        kept = {key: value for key, value in document.items() if key not in INFORMATIONAL}
        if isinstance(kept.get("level"), dict):
            kept["level"] = {k: v for k, v in kept["level"].items() if k != "origin"}
        return json.dumps(kept, sort_keys=True)

    return facts(a) == facts(b)
