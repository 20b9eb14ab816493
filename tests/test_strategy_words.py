"""Opponents described in plain words: the catalog, `strategies`, the set-up screen, the docs."""

from __future__ import annotations

import re

import pygame
import pytest
from paths import ROOT
from ui_driver import drawn, focus_on, key

from game.ai.classic import TitForTat
from game.ai.registry import CATALOG, StrategyInfo
from game.cli import main
from game.ui.menu import Menu
from game.ui.setup import PlayMode

FORMULA = re.compile(r"[=*^<>]|\bNone\b|\bdt\b|\b[a-z] [-+] ")
"""What a formula or a raw value looks like: signs, ``None``, ``dt``, ``a - b``."""


def test_every_description_and_parameter_is_a_plain_sentence():
    for name, info in CATALOG.items():
        assert info.description[0].isupper() and info.description.endswith("."), name
        assert not FORMULA.search(info.description), (name, info.description)
        assert set(info.parameter_help) == set(info.parameters()), name
        for parameter, words in info.parameter_help.items():
            assert not FORMULA.search(words), (name, parameter, words)
            default = info.parameters()[parameter]
            if default is None:  # chosen by the level: the words say how
                assert "(default: " in words, (name, parameter)
            elif isinstance(default, str):
                assert f"(default {default})" in words, (name, parameter)
            else:
                assert f"(default {default:g}" in words, (name, parameter)


def strategy_lines(out: str) -> list[str]:
    return [line for line in out.splitlines() if line and not line.startswith(" ")]


def test_strategies_lines_up_its_columns_for_any_name_length(capsys, monkeypatch):
    long_name = "a-very-long-strategy-name-indeed"
    extra = StrategyInfo(long_name, TitForTat, "Copies you.", ("nice",), 2)
    monkeypatch.setitem(CATALOG, long_name, extra)
    assert main(["strategies"]) == 0
    out = capsys.readouterr().out
    rows = strategy_lines(out)[:-2]  # the last two lines explain the columns
    header, *entries = rows
    assert header.split() == ["Strategy", "Difficulty", "Tags"]
    column = header.index("Difficulty")
    assert column > len(long_name)
    assert [row.split()[0] for row in entries] == list(CATALOG)
    for row in entries:
        info = CATALOG[row.split()[0]]
        assert row[column - 2 : column] == "  " and row[column] == str(info.difficulty), row
        assert row[header.index("Tags") :] == ", ".join(info.tags)


def test_strategies_tells_every_parameter_in_words_and_never_a_raw_default(capsys):
    assert main(["strategies"]) == 0
    out = capsys.readouterr().out
    flat = " ".join(out.split())
    assert "None" not in out and "dt*" not in out and "p =" not in out
    for info in CATALOG.values():
        assert info.description in flat
        for parameter, words in info.parameter_help.items():
            assert f"- {parameter}: {words}" in flat


@pytest.mark.parametrize("size", [(1280, 720), (1920, 1080)])
def test_the_set_up_screen_shows_every_opponents_description_whole(size):
    from game.ui.app import App

    app = App(size)
    try:
        Menu(app).setup(PlayMode.VERSUS)
        setup = app.scene
        blue = list(setup.players.values())[1]
        focus_on(app, blue)
        while blue.value != "human":  # the first choice, then every one in turn
            key(app, pygame.K_LEFT)
        described = set()
        for _ in range(len(CATALOG) + 3):
            name = str(blue.value).partition(":")[0]
            if name in CATALOG:
                shown = " ".join(drawn(app))  # a description may wrap onto a second line
                assert CATALOG[name].description in shown, name  # whole, not cut short
                described.add(name)
            key(app, pygame.K_RIGHT)
        assert described == set(CATALOG)
    finally:
        pygame.quit()


def test_the_strategy_page_gives_each_description_and_explains_each_parameter():
    page = (ROOT / "docs" / "strategies.md").read_text(encoding="utf-8")
    sections = re.split(r"^### ", page, flags=re.MULTILINE)
    for info in CATALOG.values():
        row = f"| `{info.name}` | {info.difficulty} | {', '.join(info.tags)} | {info.description} |"
        assert row in page
        section = next(s for s in sections if s.startswith(f"`{info.name}`"))
        for parameter in info.parameters():
            assert f"`{parameter}" in section, (info.name, parameter)
