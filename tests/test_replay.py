"""Replay files: every game round-trips exactly; damaged or altered files are refused, untouched."""

from __future__ import annotations

import gzip
import hashlib
import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from game.ai.registry import make_strategy
from game.levels import builtin_ids, load_builtin
from game.replay import ReplayError, parse_replay, read_replay, replay_document, write_replay
from game.replay.format import VERSION
from game.replay.record import Executed, Seen, SideTurn, TurnRecord
from game.rules.model import Orders, Posture, Side, Signal
from game.session.match import Match

PAIRS = [
    ("tit-for-tat", "tit-for-tat"),
    ("bayesian", "expansionist"),
    ("random", "pavlov"),
    ("fearful", "grim"),
]


def finished_game(level, red: str, blue: str, seed: int) -> tuple[Match, dict]:
    match = Match(level.scenario, seed, make_strategy(red), make_strategy(blue))
    match.play_out()
    controllers = {Side.RED: red, Side.BLUE: blue}
    return match, replay_document(level, controllers, match.event_log())


def short_version(level_id: str):
    """The level cut to 8 turns, or as short as its scripted events allow."""
    level = load_builtin(level_id)
    last_event = max((event.turn for event in level.model.events), default=0)
    return load_builtin(level_id, [f"rules.turns={max(8, last_event)}"])


def test_a_thousand_games_across_every_level_round_trip_exactly(tmp_path):
    games = 0
    for level_id in builtin_ids():
        level = short_version(level_id)
        for red, blue in PAIRS:
            for seed in range(18):
                match, document = finished_game(level, red, blue, seed * 7919 + games)
                path = tmp_path / f"{games}.json{'.gz' if games % 2 else ''}"
                write_replay(path, document)
                replay = read_replay(path)
                assert replay.turns == json.loads(json.dumps(match.turn_log))
                assert replay.records == [TurnRecord.from_dict(t) for t in match.turn_log]
                assert replay.orders == [record.orders for record in replay.records]
                assert replay.log["types"] == document["types"]
                assert replay.finished and replay.log["result"] == document["result"]
                assert replay.controllers == {Side.RED: red, Side.BLUE: blue}
                path.unlink()
                games += 1
    assert games >= 1000


@pytest.fixture(scope="module")
def saved(tmp_path_factory) -> tuple[Path, dict]:
    level = load_builtin("fog-of-war", ["rules.turns=12"])
    _, document = finished_game(level, "tit-for-tat", "bayesian", 3)
    path = tmp_path_factory.mktemp("replays") / "game.json"
    write_replay(path, document)
    return path, document


def test_a_compressed_replay_is_the_same_game(saved, tmp_path):
    _, document = saved
    path = tmp_path / "game.json.gz"
    write_replay(path, document)
    assert gzip.decompress(path.read_bytes())  # really gzip, readable elsewhere
    assert read_replay(path).turns == document["turns"]


def altered(document: dict, change) -> bytes:
    copy = json.loads(json.dumps(document))
    change(copy)
    return json.dumps(copy).encode()


def set_path(document: dict, path: list, value) -> None:
    for key in path[:-1]:
        document = document[key]
    document[path[-1]] = value


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: set_path(d, ["turns", 4, "red", "arsenal", 0], 99.0), "turn 5 differs"),
        (lambda d: set_path(d, ["turns", 2, "tension"], 0.5), "turn 3 differs"),
        (
            lambda d: set_path(d, ["turns", 6, "blue", "orders", "posture"], "arm"),
            "turn 7 differs",
        ),
        (lambda d: set_path(d, ["seed"], 4), "does not match"),
        (lambda d: set_path(d, ["types", "red"], "expansionist"), "set-up (types)"),
        (lambda d: set_path(d, ["version"], VERSION + 1), "newer version"),
        (lambda d: set_path(d, ["version"], 0), "unknown format version 0"),
        (lambda d: set_path(d, ["format"], "something-else"), "not a Security Dilemma replay"),
        (lambda d: d["level"].update(text=d["level"]["text"] + "\n#"), "level inside was changed"),
        (lambda d: set_path(d, ["turns", 0, "red", "orders", "amount"], "x"), "damaged at turns.0"),
        (lambda d: d["turns"].append(d["turns"][-1]), "after the end of the game"),
        (  # the first thing wrong is named, though the file also goes on after the end
            lambda d: (
                set_path(d, ["turns", 2, "tension"], 0.5),
                d["turns"].append(d["turns"][-1]),
            ),
            "turn 3 differs",
        ),
    ],
)
def test_altered_replays_are_refused_naming_what_differs(saved, tmp_path, change, message):
    _, document = saved
    path = tmp_path / "altered.json"
    data = altered(document, change)
    path.write_bytes(data)
    with pytest.raises(ReplayError) as error:
        read_replay(path)
    assert message in str(error.value) and "\n" not in str(error.value)
    assert str(error.value).startswith("altered.json: ")
    assert path.read_bytes() == data


def test_a_replay_of_format_1_is_refused_in_one_line_untouched(saved, tmp_path):
    _, document = saved
    path = tmp_path / "old.json.gz"
    write_replay(path, {**document, "version": 1})
    before = path.read_bytes()
    with pytest.raises(ReplayError) as error:
        read_replay(path)
    assert str(error.value) == (
        "old.json.gz: made by an earlier version of the game whose rules differ; "
        "it cannot be re-played (replay format 1, this game reads 2)"
    )
    assert path.read_bytes() == before


def test_turn_records_are_parsed_once_into_typed_records(saved):
    path, document = saved
    replay = read_replay(path)
    turns = zip(replay.records, document["turns"], strict=True)
    for number, (record, raw) in enumerate(turns, start=1):
        assert isinstance(record, TurnRecord) and record.turn == number
        assert record.tension == raw["tension"] and record.news == tuple(raw["news"])
        assert record.war_draw == raw["war_draw"]
        assert (record.treaty, record.over) == (raw["treaty"], raw["over"])
        for side in (Side.RED, Side.BLUE):
            own, data = record.side(side), raw[side.key]
            assert own is (record.red if side is Side.RED else record.blue)
            assert isinstance(own, SideTurn) and own.orders == Orders.from_dict(data["orders"])
            assert own.executed == Executed(
                posture=Posture.from_key(data["executed"]["posture"]),
                amount=data["executed"]["amount"],
                kind=data["executed"]["kind"],
                signal=Signal.from_key(data["executed"]["signal"]),
                strike=data["executed"]["strike"],
                threatening=data["executed"]["threatening"],
            )
            seen = data["seen"]
            assert own.seen == Seen(
                posture=None if seen["posture"] is None else Posture.from_key(seen["posture"]),
                kind=seen["kind"],
                threat=seen["threat"],
                signal=Signal.from_key(seen["signal"]),
                estimate=seen["estimate"],
            )
            assert own.arsenal == tuple(data["arsenal"]) and own.total == sum(data["arsenal"])
            assert own.draws == data["draws"] and own.normals == tuple(data["normals"])
            assert own.observation == data["observation"]
            assert (own.treasury, own.real_security, own.felt_security) == (
                data["treasury"],
                data["real_security"],
                data["felt_security"],
            )
            assert (own.cost, own.score) == (data["cost"], data["score"])
        assert record.totals() == {s: record.side(s).total for s in (Side.RED, Side.BLUE)}
    assert replay.orders == [record.orders for record in replay.records]


def test_a_truncated_replay_is_refused_untouched(saved, tmp_path):
    source, _ = saved
    for name, data in (
        ("cut.json", source.read_bytes()[:-200]),
        ("cut.json.gz", gzip.compress(source.read_bytes())[:-30]),
        ("empty.json", b""),
    ):
        path = tmp_path / name
        path.write_bytes(data)
        with pytest.raises(ReplayError, match="damaged"):
            read_replay(path)
        assert path.read_bytes() == data


@given(st.binary(max_size=400))
def test_random_bytes_only_give_a_replay_error(data):
    with pytest.raises(ReplayError):
        parse_replay(data, "fuzz.json")


GAME = finished_game(load_builtin("tutorial", ["rules.turns=4"]), "grim", "random", 1)[1]


@given(st.data())
def test_wrong_types_and_huge_numbers_only_give_a_replay_error(data):
    document = json.loads(json.dumps(GAME))
    target = document
    path = []
    while isinstance(target, dict | list) and target and data.draw(st.booleans()):
        keys = list(target) if isinstance(target, dict) else list(range(len(target)))
        key = data.draw(st.sampled_from(keys))
        path.append(key)
        target = target[key]
    value = data.draw(
        st.one_of(
            st.none(),
            st.booleans(),
            st.integers(min_value=-(2**80), max_value=2**80),
            st.floats(allow_nan=False),
            st.text(max_size=6),
            st.lists(st.integers(), max_size=2),
        )
    )
    if path:
        set_path(document, path, value)
    else:
        document = value
    raw = json.dumps(document).encode()
    cut = data.draw(st.integers(min_value=0, max_value=len(raw)))
    try:
        parse_replay(raw[:cut] if data.draw(st.booleans()) else raw, "fuzz.json")
    except ReplayError as error:
        assert "\n" not in str(error)


RICH = finished_game(load_builtin("fog-of-war", ["rules.turns=6"]), "bayesian", "grim", 2)[1]


def another_value(draw, value):
    """A JSON value other than ``value``, or the same number of another JSON type.

    ``1`` for ``1.0``, ``1`` or ``1.0`` for ``true``, another text, one item more or less.
    """
    if isinstance(value, bool):
        options = [not value, int(value), float(value), None]
    elif isinstance(value, int | float):
        same = [float(value)] if isinstance(value, int) else []
        if isinstance(value, float) and value.is_integer():
            same = [int(value)]
        options = [*same, value + 1, -value - 0.5, str(value), None]
    elif isinstance(value, str):
        options = [value + "x", value.upper() if value != value.upper() else "", None]
    elif value is None:
        options = [0, 0.0, False, "", []]
    elif isinstance(value, list):
        options = [value[:-1] if value else [0.0], [*value, 0.0], None]
    else:
        options = [{**value, "extra": 1}, None]
    return draw(st.sampled_from(options))


@settings(max_examples=150, deadline=None, derandomize=True)
@given(st.data())
def test_any_changed_value_of_a_turn_is_refused_naming_the_turn(data):
    """Any value changed, of another JSON type, missing or extra: the turn is named.

    Anywhere in a turn but its orders, which are checked on their own first.
    """
    document = json.loads(json.dumps(RICH))
    number = data.draw(st.integers(1, len(document["turns"])))
    node, path = document["turns"][number - 1], []
    while True:
        keys = list(node) if isinstance(node, dict) else list(range(len(node)))
        keys = [key for key in keys if key != "orders"]
        key = data.draw(st.sampled_from(keys))
        side = not path and key in ("red", "blue")  # the part of the turn with the orders
        path.append(key)
        leaf = not isinstance(node[key], dict | list) or not node[key]
        if not side and (leaf or data.draw(st.booleans())):
            break
        node = node[key]
    if data.draw(st.booleans()) and isinstance(node, dict):
        del node[key]
    else:
        node[key] = another_value(data.draw, node[key])
    with pytest.raises(ReplayError, match=f"turn {number} differs"):
        parse_replay(json.dumps(document).encode(), "changed.json")


def test_a_replay_laid_out_again_with_its_fields_reordered_still_verifies():
    """A text editor or another JSON tool may indent a file and sort its fields."""
    raw = json.dumps(RICH, indent=2, sort_keys=True).encode()
    assert parse_replay(raw, "sorted.json").turns == RICH["turns"]


def test_a_replay_list_reads_title_outcome_and_nation_names_without_replaying(tmp_path):
    from game.replay import peek_replay

    level = load_builtin("europe-1909")
    match, document = finished_game(level, "tit-for-tat", "grim", 5)
    path = tmp_path / "1909.json.gz"
    write_replay(path, document)
    summary = peek_replay(path)
    assert summary.level_title == level.model.level.title
    assert summary.nations == {"red": "Britain", "blue": "Germany"}
    assert summary.outcome == match.result().outcome.key and summary.turns == match.turn
    assert summary.controllers == {"red": "tit-for-tat", "blue": "grim"}


def test_a_built_in_level_changed_inside_a_replay_is_read_from_the_replay(tmp_path):
    """A replay naming a built-in level, with other text, holds that text: not the built-in."""
    level = load_builtin("fog-of-war", ["rules.turns=6"])
    _, document = finished_game(level, "tit-for-tat", "grim", 4)
    text = level.text + "\n# the teacher's note\n"
    document["level"].update(text=text, sha256=hashlib.sha256(text.encode()).hexdigest())
    replay = parse_replay(json.dumps(document).encode(), "noted.json")
    assert replay.level.text == text and replay.level.origin == level.origin
    assert replay.level.overrides == ("rules.turns=6",)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: d["turns"][3]["blue"].pop("orders"), "damaged at turns.3.blue.orders: field"),
        (lambda d: set_path(d, ["turns", 5, "red"], []), "damaged at turns.5.red: input should"),
        (
            lambda d: set_path(d, ["turns", 2, "red", "orders", "strike"], 1),
            "turns.2.red.orders.strike",
        ),
        (
            lambda d: set_path(d, ["turns", 1, "red", "orders", "kind"], 0.0),
            "turns.1.red.orders.kind",
        ),
    ],
)
def test_orders_that_cannot_be_read_are_refused_naming_where(saved, change, message):
    """Orders are checked once per distinct order, yet the first damaged one is named."""
    _, document = saved
    with pytest.raises(ReplayError) as error:
        parse_replay(altered(document, change), "orders.json")
    assert message in str(error.value) and "\n" not in str(error.value)
