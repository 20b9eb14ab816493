"""Fuzzing class results files: mutations of real results lines, and random bytes.

``load_results`` names each line it cannot use (``file:line: problem``, one line each, a
bounded number of them) and merges the rest; the class report is then written from what
was merged. Never a traceback, within a bounded time, and the results file is not changed.
"""

from __future__ import annotations

import io
import json
import tempfile
from pathlib import Path

from fuzzing import (
    accepted,
    byte_mutations,
    case,
    digest,
    fuzz,
    json_mutations,
    run_quietly,
    short_level,
)
from hypothesis import given
from hypothesis import strategies as st

from game.session.classroom import (
    class_report,
    game_record,
    games_csv,
    load_results,
    report_csv,
    report_markdown,
    report_table,
    start_session,
    summarize_class,
)


def real_lines() -> list[dict]:
    """Results lines of finished games, a full-rules level and a matrix level."""
    from game.ai.registry import make_strategy
    from game.rules.model import Side
    from game.session.match import Match

    session = start_session("Period 3", machine="lab-pc-1-3f9a2c")
    lines = []
    for level_id, seed in (("fog-of-war", 3), ("stag-hunt", 4)):
        level = short_level(level_id)
        match = Match(level.scenario, seed, make_strategy("grim"), make_strategy("random"))
        match.play_out()
        controllers = {Side.RED: "grim", Side.BLUE: "random"}
        record = game_record(session, "Ana & Ben", level, controllers, match, None)
        lines.append(json.loads(record.model_dump_json()))
    return lines


LINES = real_lines()


@st.composite
def results_files(draw: st.DrawFn) -> bytes:
    """A results file of a few real lines, one of them (or the file) changed."""
    good = [json.dumps(line).encode() for line in LINES]
    kind = draw(st.sampled_from(["line", "line", "line", "bytes", "random"]))
    if kind == "random":
        return draw(st.binary(max_size=3000))
    if kind == "bytes":
        return draw(byte_mutations(b"\n".join(good) + b"\n"))
    changed = draw(json_mutations(LINES[draw(st.integers(0, len(LINES) - 1))]))
    position = draw(st.integers(0, len(good)))
    return b"\n".join([*good[:position], changed, *good[position:]]) + b"\n"


def no_charts(summary, folder):
    return []


@fuzz(500)
@given(data=results_files())
def test_damaged_results_lines_are_named_and_the_rest_is_reported(data):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "lab-pc-1.jsonl"
        path.write_bytes(data)
        before = digest(path)
        with case("classroom"):
            outcome = run_quietly(lambda: load_results(Path(folder)))
            assert isinstance(outcome, tuple), repr(outcome)
            records, problems = outcome
            assert len(problems) <= 60
            for problem in problems:
                assert len(problem.splitlines()) == 1, problem
                assert problem.startswith(f"{path}:"), problem
                rest = problem[len(str(path)) + 1 :]
                whole_file = ("more problems", "too large to be a results file", "cannot be read")
                assert rest.split(":")[0].isdigit() or any(w in rest for w in whole_file), problem
            if records:
                summary = summarize_class(records)
                for write in (report_csv, games_csv, report_table):
                    assert isinstance(write(summary), str)
                assert isinstance(report_markdown(summary, []), str)
                accepted("classroom")
            out, err = io.StringIO(), io.StringIO()
            status = run_quietly(
                lambda: class_report(Path(folder), Path(folder) / "report", no_charts, out, err)
            )
            assert status in (0, 2), repr(status)
            assert "Traceback" not in err.getvalue()
            assert digest(path) == before
