"""Students' bots: loaded from a file, isolated in their own process, never able to crash a game."""

from __future__ import annotations

import json

import pytest
from paths import ROOT

from game.ai.bots import BotError, BotHost, parse_bot_spec
from game.ai.registry import factory_from_spec
from game.cli import main
from game.levels import load_builtin
from game.rules.model import Orders, Side
from game.session.match import Match

BOTS = ROOT / "tests" / "fixtures" / "bots"
TEMPLATE = ROOT / "docs" / "examples" / "template_bot.py"


def simulate(capsys, red, *extra):
    status = main(
        [
            "simulate",
            "--level",
            "fog-of-war",
            "--red",
            red,
            "--blue",
            "tit-for-tat",
            "--games",
            "2",
            "--seed",
            "1",
            "--json",
            "--turns",
            "6",
            *extra,
        ]
    )
    captured = capsys.readouterr()
    return status, captured


def test_the_template_bot_plays_whole_games_without_fouls(capsys):
    status, captured = simulate(capsys, f"bot:{TEMPLATE}")
    assert status == 0
    document = json.loads(captured.out)
    assert document["fouls"]["red"]["count"] == 0
    assert all(game["turns"] == 6 for game in document["games"])


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("syntax_error.py", "syntax_error.py:5: SyntaxError: expected ':'"),
        (
            "import_error.py",
            "import_error.py:3: ImportError: a bot may import only dataclasses, game.ai.beliefs, "
            "game.ai.protocol, game.rules.model, game.rules.scoring, math, numpy, statistics "
            "(not 'no_such_module_for_a_bot')",
        ),
        (
            "two_classes.py",
            "expected one class with a decide(observation, rng) method, found"
            " First, Second; name one with bot:FILE.py:ClassName",
        ),
        ("missing.py", "missing.py: cannot read the bot"),
    ],
)
def test_a_bot_that_does_not_load_is_reported_before_the_game_with_file_and_line(
    capsys, name, message
):
    status, captured = simulate(capsys, f"bot:{BOTS / name}")
    assert status == 2
    assert captured.out == ""
    assert captured.err.startswith("error: ") and message in captured.err
    assert "Traceback" not in captured.err


def test_naming_the_class_picks_one_of_several(capsys):
    status, _ = simulate(capsys, f"bot:{BOTS / 'two_classes.py'}:Second")
    assert status == 0


def test_a_crash_or_a_wrong_answer_holds_for_that_turn_and_is_reported_after(capsys):
    status, captured = simulate(capsys, f"bot:{BOTS / 'crashes.py'}")
    assert status == 0
    document = json.loads(captured.out)
    fouls = document["fouls"]["red"]
    assert fouls["count"] == 2  # turn 3 of each of the two games
    assert "turn 3: raised BotError:" in fouls["messages"][0]
    assert "crashes.py:7: ZeroDivisionError: division by zero" in fouls["messages"][0]
    history = document["games"][0]["history"]
    assert history[2]["red"]["posture"] == "hold" and history[3]["red"]["posture"] == "disarm"
    assert "2 decision(s) refused" in captured.err

    status, captured = simulate(capsys, f"bot:{BOTS / 'wrong_answer.py'}")
    document = json.loads(captured.out)
    assert document["fouls"]["red"]["count"] == 12
    assert document["fouls"]["red"]["messages"][0].endswith(
        "orders must be an Orders object, got str"
    )


def test_a_slow_decision_holds_and_the_bot_is_restarted(capsys):
    status, captured = simulate(
        capsys, f"bot:{BOTS / 'slow.py'}", "--set", "rules.bot_time_limit=0.5"
    )
    assert status == 0
    fouls = json.loads(captured.out)["fouls"]["red"]
    assert fouls["count"] == 2
    assert "took longer than 0.5 s; the bot was restarted" in fouls["messages"][0]


def test_a_bot_cannot_change_the_rules_it_is_given():
    scenario = load_builtin("fog-of-war", ["rules.turns=3"]).scenario
    match = Match(scenario, 1, factory_from_spec(f"bot:{BOTS / 'meddler.py'}")(), None)
    for _ in range(3):
        match.submit(Side.BLUE, Orders())
        match.resolve()
    assert scenario.max_change == 3.0
    fouls = match.fouls[Side.RED]
    assert fouls.count == 3
    assert "meddler.py:8: TypeError: a bot may change only its own objects" in fouls.messages[0]


def test_a_bot_using_its_generator_is_reproducible(capsys):
    first = simulate(capsys, f"bot:{BOTS / 'gambler.py'}")[1].out
    second = simulate(capsys, f"bot:{BOTS / 'gambler.py'}")[1].out
    assert json.loads(first)["games"] == json.loads(second)["games"]
    postures = {t["red"]["posture"] for g in json.loads(first)["games"] for t in g["history"]}
    assert postures == {"arm", "disarm"}


def test_bots_can_enter_tournaments_across_processes(capsys):
    args = [
        "tournament",
        "--level",
        "prisoners-dilemma",
        "--turns",
        "10",
        "--repetitions",
        "2",
        "--seed",
        "5",
        "--strategies",
        f"bot:{TEMPLATE},tit-for-tat",
        "--quiet",
    ]
    assert main([*args, "--processes", "1"]) == 0
    one = capsys.readouterr().out
    assert main([*args, "--processes", "2"]) == 0
    assert capsys.readouterr().out == one
    assert "template_bot.py" in one


def test_bot_specs_accept_windows_drive_letters():
    spec = parse_bot_spec(r"bot:C:\bots\mine.py:Clever")
    assert spec.class_name == "Clever" and str(spec.path).endswith("mine.py")
    assert parse_bot_spec("bot:mine.py").class_name is None
    with pytest.raises(BotError, match=r"bot:PATH\.py"):
        parse_bot_spec("bot:mine")


def test_a_host_stops_its_process_when_closed():
    host = BotHost(parse_bot_spec(f"bot:{TEMPLATE}"))
    process = host._process
    assert process.poll() is None
    host.close()
    assert process.poll() is not None


def test_orders_with_fields_of_the_wrong_type_are_refused_not_fatal(capsys):
    status, captured = simulate(capsys, f"bot:{BOTS / 'bad_fields.py'}")
    assert status == 0
    fouls = json.loads(captured.out)["fouls"]["red"]
    assert fouls["count"] == 12
    assert fouls["messages"][0].endswith(
        "posture must be a Posture, e.g. Posture.ARM (got 'arm');"
        " amount must be a number (got None)"
    )


def test_a_bots_prints_go_nowhere_and_never_spoil_the_output(capfd):
    status = main(
        [
            "simulate",
            "--level",
            "fog-of-war",
            "--red",
            f"bot:{BOTS / 'chatty.py'}",
            "--blue",
            "tit-for-tat",
            "--games",
            "1",
            "--seed",
            "1",
            "--json",
            "--turns",
            "3",
        ]
    )
    assert status == 0
    captured = capfd.readouterr()
    assert json.loads(captured.out)["fouls"]["red"]["count"] == 0
    assert "thinking" not in captured.out + captured.err
