"""Saving a game in progress and resuming it exactly; damaged files are refused, untouched."""

from __future__ import annotations

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from game.ai.registry import make_strategy
from game.levels import load_builtin
from game.rules.model import Orders, Posture, Side, Signal
from game.session.match import Match
from game.session.saves import SaveError, load_saved_game, save_game

HOT_SEAT = {Side.RED: "human", Side.BLUE: "human"}
VERSUS = {Side.RED: "human", Side.BLUE: "bayesian"}


def played(controllers, turns=3, level_id="fog-of-war", seed=21):
    level = load_builtin(level_id, ["rules.turns=8"])
    ai = {s: None if c == "human" else make_strategy(c) for s, c in controllers.items()}
    match = Match(level.scenario, seed, ai[Side.RED], ai[Side.BLUE])
    moves = [Orders(Posture.ARM, 1.0), Orders(Posture.HOLD, signal=Signal.REASSURE)]
    for turn in range(turns):
        for side in match.waiting_for():
            assert match.submit(side, moves[(turn + int(side)) % 2]) == []
        match.resolve()
    return level, match


@pytest.mark.parametrize("controllers", [HOT_SEAT, VERSUS])
def test_a_resumed_game_is_the_game_that_was_saved(tmp_path, controllers):
    level, original = played(controllers)
    path = tmp_path / "game.json"
    save_game(path, level, controllers, original)
    saved = load_saved_game(path)
    assert saved.turns_played == 3 and saved.controllers == controllers
    resumed = saved.resume()
    assert resumed.turn == 3
    assert resumed.event_log()["turns"] == original.event_log()["turns"]
    # and both go on identically
    for match in (original, resumed):
        for side in match.waiting_for():
            match.submit(side, Orders(Posture.DISARM, 1.0))
        match.resolve()
    assert resumed.event_log() == original.event_log()


def test_the_level_travels_inside_the_save(tmp_path):
    source = tmp_path / "mine.toml"
    source.write_text(load_builtin("tutorial").text, encoding="utf-8")
    from game.levels import load_level_file

    level = load_level_file(source)
    match = Match(level.scenario, 3)
    match.submit(Side.RED, Orders())
    match.submit(Side.BLUE, Orders())
    match.resolve()
    path = tmp_path / "game.json"
    save_game(path, level, HOT_SEAT, match)
    source.unlink()  # the file is gone; the saved game still opens
    assert load_saved_game(path).resume().turn == 1


def damaged_versions(text: str) -> dict[str, str]:
    document = json.loads(text)
    newer = dict(document, version=99)
    older = dict(document, version=1)
    tampered = json.loads(text)
    tampered["level"]["text"] += "\n# edited by hand\n"
    wrong_type = json.loads(text)
    wrong_type["turns"][0]["red"]["orders"]["amount"] = "lots"
    unknown_strategy = json.loads(text)
    unknown_strategy["controllers"]["blue"] = "bayesain"
    return {
        "truncated": text[: len(text) // 2],
        "not json": "hello",
        "foreign": json.dumps({"format": "something-else"}),
        "newer": json.dumps(newer),
        "older": json.dumps(older),
        "tampered level": json.dumps(tampered),
        "wrong type": json.dumps(wrong_type),
        "unknown strategy": json.dumps(unknown_strategy),
    }


def test_damaged_saves_are_refused_with_one_line_and_left_untouched(tmp_path):
    level, match = played(VERSUS)
    good = tmp_path / "good.json"
    save_game(good, level, VERSUS, match)
    expected = {
        "truncated": "damaged or truncated",
        "not json": "damaged or truncated",
        "foreign": "not a Security Dilemma replay",
        "newer": "newer version",
        "older": (
            "bad.json: made by an earlier version of the game whose rules differ; "
            "it cannot be re-played (replay format 1, this game reads 2)"
        ),
        "tampered level": "changed after the game",
        "wrong type": "turns.0.red.orders.amount",
        "unknown strategy": "did you mean 'bayesian'",
    }
    for name, text in damaged_versions(good.read_text(encoding="utf-8")).items():
        path = tmp_path / "bad.json"
        path.write_text(text, encoding="utf-8")
        with pytest.raises(SaveError) as error:
            load_saved_game(path)
        message = str(error.value)
        assert expected[name] in message and "\n" not in message, name
        assert message.startswith("bad.json: ")
        assert path.read_text(encoding="utf-8") == text


def test_a_missing_file_is_a_clear_error(tmp_path):
    with pytest.raises(SaveError, match="cannot be read"):
        load_saved_game(tmp_path / "nothing.json")


@given(st.binary(max_size=300))
def test_random_bytes_only_ever_give_a_save_error(data):
    import tempfile
    from pathlib import Path

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "fuzz.json"
        path.write_bytes(data)
        with pytest.raises(SaveError):
            load_saved_game(path)
        assert path.read_bytes() == data


_, MATCH = played(VERSUS, turns=2)
LEVEL = load_builtin("fog-of-war", ["rules.turns=8"])


@given(st.data())
def test_truncations_and_changed_values_only_ever_give_a_save_error(tmp_path_factory, data):
    folder = tmp_path_factory.mktemp("fuzz")
    path = folder / "game.json"
    save_game(path, LEVEL, VERSUS, MATCH)
    document = json.loads(path.read_text(encoding="utf-8"))
    where = data.draw(st.sampled_from(["seed", "turns", "controllers", "version", "level"]))
    document[where] = data.draw(
        st.one_of(
            st.integers(min_value=-(2**70), max_value=2**70),
            st.floats(),
            st.text(max_size=5),
            st.none(),
            st.lists(st.integers(), max_size=3),
        )
    )
    text = json.dumps(document)
    cut = data.draw(st.integers(min_value=0, max_value=len(text)))
    path.write_text(text[:cut] if data.draw(st.booleans()) else text, encoding="utf-8")
    before = path.read_bytes()
    try:
        load_saved_game(path).resume()
    except SaveError as error:
        assert "\n" not in str(error)
    assert path.read_bytes() == before
