"""Malformed level files: every problem at once, located, readable; the file untouched."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from game.ai.registry import controller_problem
from game.cli import main
from game.levels import LevelError, load_level_file, load_level_text

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "levels"

EXPECTED = {
    "syntax-error.toml": [
        "6: TOML syntax error: Illegal character '\\n'",
    ],
    "wrong-types.toml": [
        '8: rules.turns: input should be a valid integer (got "30")',
        "9: rules.strike: input should be a valid boolean (got 1)",
        '10: rules.max_change: input should be a valid number (got "3.5")',
        "13: nations.red.fear: input should be a valid number (got true)",
    ],
    "unknown-fields.toml": [
        "8: intel.arsenal_nosie: unknown field; did you mean 'arsenal_noise'? (got 2.0)",
        "11: nations.blue.colour: unknown field; did you mean 'color'? (got \"#0072B2\")",
        "14: scoring.peace: unknown field; did you mean 'peace_bonus'? (got 3)",
    ],
    "out-of-range.toml": [
        "2: level.id: use lowercase letters, digits, '-' and '_' (not first)"
        ' (got "Out Of Range")',
        "8: intel.posture_misread: input should be less than or equal to 1 (got 1.5)",
        "9: intel.arsenal_noise: input should be greater than or equal to 0 (got -1.0)",
        "12: nations.red.income: input should be greater than 0 (got 0)",
        "15: conflict.crisis_threshold: input should be less than 1 (got 1.0)",
    ],
    "cross-field.toml": [
        "8: rules.mode: matrix mode needs a [matrix] table with the four payoffs",
        '10: rules.postures: matrix mode allows exactly ["disarm", "arm"] (cooperate, defect) '
        '(got ["arm", "hold", "disarm"])',
        "12: rules.default_amount: must not exceed rules.max_change = 2 (got 3.0)",
        '13: rules.signals: must include "none" (got ["reassure"])',
        "19: nations.red.arsenal.ships: unknown weapon kind 'ships' (known: tanks)",
        "21: nations.red.expansionist_probability: set either type or expansionist_probability,"
        " not both",
        "22: nations.red.controller: unknown strategy 'tit-for-tet'; did you mean 'tit-for-tat'?"
        " (see: security-dilemma strategies)",
        "25: events.0.turn: the level has only 10 turns (got 12)",
    ],
    "bad-events.toml": [
        '13: events.0.set."nations.red.arsenal.arms": fixed at the start; an event cannot'
        " change it",
        '18: events.1.set."intel.arsenal_noise": input should be greater than or equal to 0'
        " (got -2.0)",
        '18: events.1.set."intel.no_such_thing": unknown field (known: arsenal_noise,'
        " posture_misread, signal_misread, inspection_factor) (got 1.0)",
    ],
}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_each_malformed_file_reports_every_problem_with_its_line(name):
    path = FIXTURES / name
    with pytest.raises(LevelError) as caught:
        load_level_file(path, check_controller=controller_problem)
    assert [str(problem) for problem in caught.value.problems] == [
        f"{path}:{line}" for line in EXPECTED[name]
    ]


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_validate_prints_the_problems_exits_2_and_leaves_the_file_alone(name, capsys):
    path = FIXTURES / name
    before = hashlib.sha256(path.read_bytes()).hexdigest()
    assert main(["validate", str(path)]) == 2
    err = capsys.readouterr().err
    assert "Traceback" not in err
    assert err.splitlines() == [f"{path}:{line}" for line in EXPECTED[name]]
    assert hashlib.sha256(path.read_bytes()).hexdigest() == before


def test_validate_accepts_good_files_and_fails_if_any_is_bad(capsys, tmp_path):
    good = Path(__file__).resolve().parent.parent / "docs" / "examples" / "worked-turn.toml"
    assert main(["validate", str(good)]) == 0
    assert "ok" in capsys.readouterr().out
    assert main(["validate", str(good), str(FIXTURES / "wrong-types.toml")]) == 2


def test_missing_and_unreadable_files_are_reported_plainly(tmp_path, capsys):
    assert main(["validate", str(tmp_path / "nope.toml")]) == 2
    assert capsys.readouterr().err.strip() == (
        f"{tmp_path / 'nope.toml'}: cannot read the file: No such file or directory"
    )
    binary = tmp_path / "binary.toml"
    binary.write_bytes(b"\xff\xfe\x00level")
    assert main(["validate", str(binary)]) == 2
    assert "not a UTF-8 text file" in capsys.readouterr().err


def test_overrides_are_validated_like_the_file_and_named_in_messages():
    text = (FIXTURES.parent.parent.parent / "docs" / "examples" / "worked-turn.toml").read_text()
    with pytest.raises(LevelError) as caught:
        load_level_text(
            text,
            "worked.toml",
            ["intel.arsenal_noise=lots", "rules.turnz=3", "nations.red.fear=2", "oops"],
        )
    assert [str(p) for p in caught.value.problems] == [
        "--set intel.arsenal_noise=lots: intel.arsenal_noise: input should be a valid number"
        ' (got "lots")',
        "--set rules.turnz=3: rules.turnz: unknown field; did you mean 'turns'? (got 3)",
        "--set nations.red.fear=2: nations.red.fear: input should be less than or equal to 1"
        " (got 2)",
        "--set oops: expected DOTTED.PATH=VALUE, for example intel.arsenal_noise=2.5",
    ]
    loaded = load_level_text(text, "worked.toml", ["intel.arsenal_noise=2.5", "rules.turns=9"])
    assert loaded.scenario.turns == 9
    assert loaded.scenario.params_at(0).arsenal_noise == 2.5


VALID = """
[level]
id = "fuzz"
title = "Fuzz"
summary = "s"
briefing = "b"
[rules]
turns = 5
[nations.red]
arsenal = { arms = 3 }
"""


@settings(max_examples=300)
@given(st.data())
def test_mangled_level_text_only_ever_gives_level_errors(data):
    """Truncations, insertions and random bytes: a clean error or a valid level, nothing else."""
    choice = data.draw(st.sampled_from(["truncate", "insert", "random"]))
    if choice == "truncate":
        text = VALID[: data.draw(st.integers(0, len(VALID)))]
    elif choice == "insert":
        at = data.draw(st.integers(0, len(VALID)))
        text = VALID[:at] + data.draw(st.text(max_size=12)) + VALID[at:]
    else:
        text = data.draw(st.text(max_size=200))
    try:
        load_level_text(text, "fuzz.toml")
    except LevelError as error:
        assert error.problems
        for problem in error.problems:
            assert str(problem).startswith("fuzz.toml")


@settings(max_examples=200)
@given(
    st.sampled_from(
        [
            "rules.turns",
            "intel.arsenal_noise",
            "nations.red.fear",
            "rules.postures",
            "weapons.arms.offense",
            "level.title",
            "events",
            "rules",
            "nations.red.arsenal.arms",
        ]
    ),
    st.one_of(
        st.integers(-(10**30), 10**30),
        st.floats(allow_nan=True),
        st.booleans(),
        st.text(max_size=10),
        st.lists(st.integers(), max_size=3),
    ),
)
def test_any_value_at_any_path_is_a_clean_error_or_a_valid_level(path, value):
    override = f"{path}={value!r}".replace("'", '"')
    try:
        load_level_text(VALID, "fuzz.toml", [override])
    except LevelError as error:
        assert all(str(p) for p in error.problems)
