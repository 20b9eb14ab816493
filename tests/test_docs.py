"""The documentation's examples work and its field reference covers the whole schema."""

from __future__ import annotations

import json
import re
from pathlib import Path

from pydantic import BaseModel

from game.ai.registry import make_strategy
from game.levels import load_level, load_level_text
from game.levels.schema import Event, Level, Matrix, Nation, Weapon
from game.rules.model import Side
from game.session.match import Match

ROOT = Path(__file__).resolve().parent.parent


def code_blocks(path: Path, language: str) -> list[str]:
    text = path.read_text(encoding="utf-8")
    return re.findall(rf"```{language}\n(.*?)```", text, flags=re.DOTALL)


def schema_fields(model: type[BaseModel]) -> set[str]:
    names = set()
    for name, field in model.model_fields.items():
        names.add(name)
        annotation = field.annotation
        for candidate in (*getattr(annotation, "__args__", ()), annotation):
            if isinstance(candidate, type) and issubclass(candidate, BaseModel):
                names |= schema_fields(candidate)
    return names


def test_levels_md_documents_every_field_of_the_schema():
    page = (ROOT / "docs" / "levels.md").read_text(encoding="utf-8")
    fields = schema_fields(Level) | set(Weapon.model_fields) | set(Nation.model_fields)
    fields |= set(Matrix.model_fields) | set(Event.model_fields)

    def documented(name: str) -> bool:
        return any(form in page for form in (f"`{name}`", f"[{name}", f".{name}]"))

    missing = sorted(name for name in fields if not documented(name))
    assert not missing


def test_the_annotated_example_of_levels_md_is_a_valid_level():
    blocks = [b for b in code_blocks(ROOT / "docs" / "levels.md", "toml") if "[level]" in b]
    assert blocks
    for block in blocks:
        loaded = load_level_text(block, "docs/levels.md")
        assert loaded.scenario.turns > 0


def test_the_readme_level_example_is_valid():
    (block,) = [b for b in code_blocks(ROOT / "README.md", "toml") if "[level]" in b]
    assert load_level_text(block, "README.md").id == "my-level"


def test_the_readme_bot_plays_a_whole_game_without_fouls():
    (block,) = [b for b in code_blocks(ROOT / "README.md", "python") if "def decide" in b]
    namespace: dict = {}
    exec(block, namespace)
    bot = namespace["CautiousMirror"]()
    scenario = load_level("tutorial").scenario
    match = Match(scenario, 1, bot, make_strategy("always-disarm"))
    match.play_out()
    assert match.fouls[Side.RED].count == 0
    postures = {turn["red"]["orders"]["posture"] for turn in match.turn_log}
    assert postures == {"hold", "disarm"}


def test_the_belief_example_of_strategies_md_prints_what_the_page_says(capsys):
    page = (ROOT / "docs" / "strategies.md").read_text(encoding="utf-8")
    block = next(
        b for b in code_blocks(ROOT / "docs" / "strategies.md", "python") if "posterior(" in b
    )
    exec(block, {})
    printed = capsys.readouterr().out.split()
    for value in ("0.47435897", "0.33560946", "0.22042527"):
        assert f"[{value}]" in printed and value[:6] in page


def test_every_example_bot_in_bots_md_plays_without_a_foul(tmp_path, capsys):
    from game.cli import main

    blocks = [b for b in code_blocks(ROOT / "docs" / "bots.md", "python") if "def decide" in b]
    assert len(blocks) >= 3
    for index, block in enumerate(blocks):
        path = tmp_path / f"example_{index}.py"
        path.write_text(block, encoding="utf-8")
        args = [
            "simulate",
            "--level",
            "costly-signals",
            "--red",
            f"bot:{path}",
            "--blue",
            "tit-for-tat",
            "--games",
            "2",
            "--seed",
            "1",
            "--turns",
            "4",
            "--json",
        ]
        assert main(args) == 0, block
        fouls = json.loads(capsys.readouterr().out)["fouls"]["red"]
        assert fouls["count"] == 0, (block, fouls)
