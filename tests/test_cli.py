"""The security-dilemma command as teachers use it: simulate, levels, schema, strategies."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from paths import WORKED

from game.cli import main
from game.levels import builtin_ids


def run_json(capsys, *args):
    assert main(["simulate", *args, "--json"]) == 0
    return json.loads(capsys.readouterr().out)


def test_simulate_json_has_the_documented_shape(capsys):
    doc = run_json(
        capsys,
        "--level",
        "tutorial",
        "--red",
        "tit-for-tat",
        "--blue",
        "always-arm",
        "--games",
        "3",
        "--seed",
        "7",
    )
    assert doc["level"] == "tutorial" and doc["red"] == "tit-for-tat"
    assert doc["blue"] == "always-arm" and len(doc["games"]) == 3
    for game in doc["games"]:
        assert set(game) >= {"seed", "turns", "outcome", "score", "history"}
        assert set(game["score"]) == {"red", "blue"}
        assert len(game["history"]) == game["turns"]
        for turn in game["history"]:
            assert set(turn) == {"red", "blue"}
            assert set(turn["red"]) == {"posture", "amount", "signal"}
    first = doc["games"][0]["history"]
    # tit-for-tat opens by disarming, then answers always-arm's arming
    assert [t["red"]["posture"] for t in first[:3]] == ["disarm", "arm", "arm"]
    assert all(t["blue"]["posture"] == "arm" for t in first)
    assert doc["summary"]["games"] == 3
    assert sum(doc["summary"]["outcomes"].values()) == 3


def test_history_holds_postures_as_carried_out_not_as_ordered(capsys):
    doc = run_json(
        capsys,
        "--level",
        str(WORKED),
        "--red",
        "always-arm",
        "--blue",
        "always-arm",
        "--games",
        "40",
        "--seed",
        "1",
        "--set",
        "execution.error=0.5",
        "--turns",
        "5",
    )
    postures = {t["red"]["posture"] for g in doc["games"] for t in g["history"]}
    assert postures == {"arm", "hold", "disarm"}


def test_same_seed_same_games_and_the_first_games_do_not_depend_on_how_many(capsys):
    args = ["--level", str(WORKED), "--red", "tit-for-tat", "--blue", "always-arm", "--seed", "5"]
    few = run_json(capsys, *args, "--games", "2")
    many = run_json(capsys, *args, "--games", "6")
    assert many["games"][:2] == few["games"]
    assert run_json(capsys, *args, "--games", "2") == few


def test_set_changes_a_parameter_for_one_run(capsys):
    args = ["--level", "tutorial", "--red", "always-arm", "--blue", "always-arm", "--games", "1"]
    assert run_json(capsys, *args, "--seed", "1")["games"][0]["turns"] == 12
    longer = run_json(capsys, *args, "--seed", "1", "--set", "rules.turns=20")
    assert longer["games"][0]["turns"] == 20
    assert run_json(capsys, *args, "--seed", "1", "--turns", "4")["games"][0]["turns"] == 4


def test_summary_table_and_progress_on_stderr(capsys):
    assert (
        main(
            [
                "simulate",
                "--level",
                "tutorial",
                "--red",
                "tit-for-tat",
                "--blue",
                "tit-for-tat",
                "--games",
                "200",
                "--seed",
                "2",
            ]
        )
        == 0
    )
    captured = capsys.readouterr()
    assert "Outcome" in captured.out and "War rate" in captured.out
    assert "stable peace" in captured.out
    assert "Simulating: 100% (200/200)" in captured.err


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["--red", "tit-fo-tat", "--blue", "always-arm"],
            "error: unknown strategy 'tit-fo-tat'; did you mean 'tit-for-tat'?",
        ),
        (
            ["--red", "human", "--blue", "always-arm"],
            "error: --red human: this command plays AI against AI",
        ),
        (
            ["--red", "tit-for-tat:x=1", "--blue", "always-arm"],
            "error: tit-for-tat does not take x (it takes no parameters)",
        ),
        (
            ["--red", "always-arm", "--blue", "always-arm", "--set", "rules.turns=zero"],
            '--set rules.turns=zero: rules.turns: input should be a valid integer (got "zero")',
        ),
        (
            ["--red", "always-arm", "--blue", "always-arm", "--games", "0"],
            "error: --games must be at least 1",
        ),
        (
            ["--red", "richardson:g=abc", "--blue", "always-arm"],
            'error: richardson: g must be a number (got "abc")',
        ),
        (
            ["--red", "random:p=nan", "--blue", "always-arm"],
            "error: random: p must be a finite number (got nan)",
        ),
        (
            ["--red", "random:p=" + "[" * 500, "--blue", "always-arm"],
            "error: a strategy spec may have at most 300 characters",
        ),
        (
            ["--red", "random:p=" + "9" * 200, "--blue", "always-arm"],
            "error: a parameter value may have at most 60 characters",
        ),
    ],
)
def test_bad_input_is_a_clear_message_and_exit_status_2(capsys, args, message):
    assert main(["simulate", "--level", "tutorial", *args]) == 2
    err = capsys.readouterr().err
    assert err.startswith(message)
    assert "Traceback" not in err


def test_unknown_level_suggests_the_closest(capsys):
    assert (
        main(["simulate", "--level", "tutorail", "--red", "always-arm", "--blue", "always-arm"])
        == 2
    )
    assert "did you mean 'tutorial'?" in capsys.readouterr().err


@pytest.mark.parametrize(
    "command",
    [
        ["simulate", "--red", "always-arm", "--blue", "always-arm"],
        ["play"],
        ["tournament", "--strategies", "grim"],
        ["sweep", "--red", "grim", "--blue", "grim", "--vary", "rules.turns=5:10:2", "--out", "x"],
    ],
)
@pytest.mark.parametrize(
    ("typed", "hint"),
    [
        ("fog", "did you mean 'fog-of-war'?"),
        ("Europe", "did you mean 'europe-1909'?"),
        ("shield", "did you mean 'missile-shield'?"),
        ("doubly", "did you mean 'doubly-dangerous' or 'doubly-stable'?"),
    ],
)
def test_a_level_id_typed_in_part_suggests_the_ids_it_starts_or_is_part_of(
    capsys, tmp_path, monkeypatch, command, typed, hint
):
    monkeypatch.chdir(tmp_path)
    assert main([*command, "--level", typed]) == 2
    err = capsys.readouterr().err
    expected = f"{typed}: no built-in level with this id; {hint} (see: security-dilemma levels)"
    assert err == expected + "\n"
    assert not (tmp_path / "x").exists()  # refused before anything was written


def test_levels_lists_every_builtin_with_its_title(capsys):
    assert main(["levels"]) == 0
    out = capsys.readouterr().out
    for level_id in builtin_ids():
        assert level_id in out


def test_level_schema_is_a_json_schema_of_the_level_format(capsys, tmp_path):
    assert main(["level-schema"]) == 0
    schema = json.loads(capsys.readouterr().out)
    assert {"level", "rules", "nations", "intel", "events"} <= set(schema["properties"])
    assert schema["required"] == ["level"]
    target = tmp_path / "level.schema.json"
    assert main(["level-schema", "--output", str(target)]) == 0
    assert json.loads(target.read_text()) == schema


def test_strategies_lists_the_catalog(capsys):
    assert main(["strategies"]) == 0
    out = capsys.readouterr().out
    for name in ("always-arm", "always-disarm", "tit-for-tat"):
        assert name in out


def test_python_dash_m_game_is_the_same_command():
    result = subprocess.run(
        [sys.executable, "-m", "game", "levels"], capture_output=True, text=True, check=True
    )
    assert "tutorial" in result.stdout
    help_text = subprocess.run(
        [sys.executable, "-m", "game", "--help"], capture_output=True, text=True, check=True
    ).stdout
    for command in ("simulate", "validate", "levels", "level-schema", "strategies"):
        assert command in help_text


def modules_after(*args: str) -> set[str]:
    """The modules a fresh interpreter has imported once ``security-dilemma ARGS`` is done."""
    code = (
        "import contextlib, io, json, sys\n"
        "from game.cli import main\n"
        "with contextlib.suppress(SystemExit), contextlib.redirect_stdout(io.StringIO()):\n"
        f"    main({list(args)!r})\n"
        "loaded = sorted(sys.modules)\n"
        "schema = sys.modules.get('game.levels.schema')\n"
        "models = () if schema is None else (schema.Level, schema.Meta)\n"
        "built = ['built:' + m.__name__ for m in models if m.__pydantic_complete__]\n"
        "print(json.dumps(loaded + built))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    return set(json.loads(result.stdout))


def test_help_imports_nothing_a_command_would_need():
    loaded = modules_after("--help")
    heavy = {"numpy", "pydantic", "game.levels", "game.session.lab", "game.ai.registry"}
    assert not loaded & heavy


def test_listing_levels_checks_their_headings_without_building_the_whole_schema():
    loaded = modules_after("levels")
    assert "built:Meta" in loaded and "built:Level" not in loaded
    assert not loaded & {"game.session.lab", "game.ai.registry", "game.replay"}


def test_a_tournament_run_again_needs_neither_the_schema_nor_the_bot_machinery():
    tournament = ["tournament", "--level", "prisoners-dilemma", "--strategies", "grim,pavlov"]
    command = [*tournament, "--repetitions", "1", "--set", "rules.turns=3", "--quiet"]
    first = modules_after(*command)
    again = modules_after(*command)
    assert "pydantic" in first  # the level was validated the first time...
    assert not again & {"pydantic", "game.levels.schema", "tomllib"}  # ...and kept compiled
    assert not (first | again) & {"game.ai.bots", "subprocess", "game.session.lab"}


def test_sweep_metrics_are_offered_and_checked_when_a_sweep_is_asked_for(capsys):
    from game.session.lab import METRICS

    with pytest.raises(SystemExit):
        main(["sweep", "--help"])
    shown = " ".join(capsys.readouterr().out.split())
    assert ", ".join(METRICS) in shown
    sweep = ["sweep", "--level", "tutorial", "--red", "grim", "--blue", "grim", "--out", "x"]
    with pytest.raises(SystemExit) as exit_status:
        main([*sweep, "--vary", "execution.error=0:0.1:2", "--metric", "wins"])
    assert exit_status.value.code == 2
    assert "invalid choice: 'wins'" in capsys.readouterr().err


@pytest.mark.parametrize(
    "error",
    [
        "game.levels.LevelError",
        "game.ai.registry.StrategyError",
        "game.ai.bots.BotError",
        "game.replay.ReplayError",
        "game.cli.UsageError",
    ],
)
def test_every_refusal_is_a_game_error_the_command_line_shows_in_one_place(error):
    import importlib

    from game.errors import GameError

    module, name = error.rsplit(".", 1)
    assert issubclass(getattr(importlib.import_module(module), name), GameError)


def test_no_command_opens_the_window_on_the_title_screen(monkeypatch):
    from game.ui.app import App
    from game.ui.menu import Title

    shown = []

    def one_frame(app):
        app.frame()
        shown.append(type(app.scene))

    monkeypatch.setattr(App, "run", one_frame)
    assert main([]) == 0
    assert shown == [Title]


def test_simulate_saves_one_replay_per_game_identical_to_the_game_played_alone(tmp_path, capsys):
    from game.ai.registry import make_strategy
    from game.levels import load_builtin
    from game.replay import read_replay
    from game.rules.noise import game_seeds
    from game.session.match import Match

    folder = tmp_path / "replays"
    args = ["simulate", "--level", "fog-of-war", "--red", "tit-for-tat", "--blue", "bayesian"]
    assert main([*args, "--games", "6", "--seed", "4", "--save-replays", str(folder)]) == 0
    files = sorted(folder.iterdir())
    assert [file.name for file in files] == [f"fog-of-war-0000{n}.json.gz" for n in range(1, 7)]
    level = load_builtin("fog-of-war")
    for file, seed in zip(files, game_seeds(4, 6), strict=True):
        replay = read_replay(file)  # verifies by re-playing it
        alone = Match(level.scenario, seed, make_strategy("tit-for-tat"), make_strategy("bayesian"))
        alone.play_out()
        assert replay.seed == seed and replay.turns == json.loads(json.dumps(alone.turn_log))
        assert replay.log["result"]["outcome"] == alone.result().outcome.key
    assert "6 replays written to" in capsys.readouterr().err


def test_replay_verify_and_export(tmp_path, capsys):
    folder = tmp_path / "replays"
    args = ["simulate", "--level", "fog-of-war", "--red", "tit-for-tat", "--blue", "tit-for-tat"]
    main([*args, "--games", "1", "--seed", "1", "--save-replays", str(folder)])
    (replay,) = folder.iterdir()
    capsys.readouterr()
    assert main(["replay", str(replay), "--verify"]) == 0
    assert "verified" in capsys.readouterr().out
    assert main(["replay", str(replay), "--export", str(tmp_path / "out")]) == 0
    written = capsys.readouterr().out.split()
    names = sorted(Path(path).name for path in written)
    assert names == sorted(
        ["turns.csv", "story.md", "arsenals.png", "tension.png", "security.png", "beliefs.png"]
    )
    rows = (tmp_path / "out" / "turns.csv").read_text(encoding="utf-8").splitlines()
    from game.replay import read_replay

    assert len(rows) == 1 + len(read_replay(replay).turns)
    assert (tmp_path / "out" / "arsenals.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert "## Verdict" in (tmp_path / "out" / "story.md").read_text(encoding="utf-8")


def test_a_damaged_replay_is_one_line_and_exit_2(tmp_path, capsys):
    path = tmp_path / "broken.json"
    path.write_text('{"format": "security-dilemma-replay", "version": 1', encoding="utf-8")
    assert main(["replay", str(path), "--verify"]) == 2
    err = capsys.readouterr().err
    assert err == "error: broken.json: damaged or truncated (not complete JSON)\n"


def test_replay_without_options_opens_the_viewer(tmp_path, monkeypatch):
    from game.replay import read_replay
    from game.ui.app import App
    from game.ui.replay_viewer import ReplayViewer

    folder = tmp_path / "replays"
    args = ["simulate", "--level", "tutorial", "--red", "grim", "--blue", "random"]
    main([*args, "--games", "1", "--seed", "2", "--save-replays", str(folder)])
    (replay,) = folder.iterdir()
    shown = []

    def one_frame(app):
        app.frame()
        shown.append(app.scene)

    monkeypatch.setattr(App, "run", one_frame)
    assert main(["replay", str(replay)]) == 0
    (viewer,) = shown
    assert isinstance(viewer, ReplayViewer)
    assert viewer.replay.turns == read_replay(replay).turns
