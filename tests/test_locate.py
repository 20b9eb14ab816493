"""The TOML line locator that puts `file:line` in front of every level error."""

from __future__ import annotations

import json
import tomllib

from hypothesis import given, settings
from hypothesis import strategies as st

from game.levels.locate import key_lines, line_of

DOCUMENT = '''# comment [not.a.table]
title = "x = 1"   # a comment with = and [brackets]
briefing = """
line one
[fake.table]
fake = 1
"""
literal = \'\'\'C:\\path\\no "escapes" \'\'\'

[rules]
turns = 30
postures = [
  "arm",   # first
  "hold",
]
"quoted.key" = 1
a.b.c = 2

[nations.red]
arsenal = { tanks = 3, ships = { big = 1 } }

[[events]]
turn = 2

[[events]]
turn = 3
set = { "intel.noise" = 1.0 }
'''


def test_every_key_array_item_and_table_is_found_on_its_line():
    tomllib.loads(DOCUMENT)  # the scanner only ever sees valid TOML
    lines = key_lines(DOCUMENT)
    assert lines[("title",)] == 2
    assert lines[("briefing",)] == 3
    assert ("fake",) not in lines and ("fake", "table") not in lines
    assert lines[("literal",)] == 8
    assert lines[("rules",)] == 10
    assert lines[("rules", "turns")] == 11
    assert lines[("rules", "postures")] == 12
    assert lines[("rules", "postures", "0")] == 13
    assert lines[("rules", "postures", "1")] == 14
    assert lines[("rules", "quoted.key")] == 16
    assert lines[("rules", "a", "b", "c")] == 17
    assert lines[("nations", "red", "arsenal", "ships", "big")] == 20
    assert lines[("events", "0", "turn")] == 23
    assert lines[("events", "1")] == 25
    assert lines[("events", "1", "set", "intel.noise")] == 27


def test_a_missing_key_points_at_its_nearest_ancestor():
    lines = key_lines(DOCUMENT)
    assert line_of(lines, ("rules", "max_change")) == 10
    assert line_of(lines, ("events", "1", "news")) == 25
    assert line_of(lines, ("level", "id")) is None


keys = st.from_regex(r"[a-z][a-z0-9_]{0,6}", fullmatch=True)
scalars = st.one_of(
    st.integers(-1000, 1000),
    st.booleans(),
    st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), max_size=8),
)


def render(value, multiline):
    if isinstance(value, list):
        items = [render(v, False) for v in value]
        if not items:
            return "[]"
        return "[\n  " + ",\n  ".join(items) + ",\n]" if multiline else "[" + ", ".join(items) + "]"
    if isinstance(value, dict):
        return "{ " + ", ".join(f"{k} = {render(v, False)}" for k, v in value.items()) + " }"
    return (
        json.dumps(value, ensure_ascii=False) if not isinstance(value, bool) else str(value).lower()
    )


@settings(max_examples=150)
@given(
    st.dictionaries(
        keys,
        st.dictionaries(
            keys,
            st.one_of(
                scalars, st.lists(scalars, max_size=3), st.dictionaries(keys, scalars, max_size=2)
            ),
            max_size=4,
        ),
        min_size=1,
        max_size=4,
    ),
    st.booleans(),
)
def test_generated_documents_locate_each_key_on_the_line_that_writes_it(tables, multiline):
    out = []
    for table, entries in tables.items():
        out.append(f"[{table}]")
        out += [f"{key} = {render(value, multiline)}" for key, value in entries.items()]
    text = "\n".join(out) + "\n"
    assert tomllib.loads(text) == tables
    lines = key_lines(text)
    source = text.splitlines()
    for table, entries in tables.items():
        assert source[lines[(table,)] - 1] == f"[{table}]"
        for key in entries:
            assert source[lines[(table, key)] - 1].startswith(f"{key} = ")
