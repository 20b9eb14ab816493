"""Opening a level file: typed paths of every kind, the built-in browser, recent files.

Each test drives "Open a level file" from the set-up screen with posted events.
"""

from __future__ import annotations

import json
from pathlib import Path

import pygame
from ui_driver import click, drawn, focus_on, key, type_text, wait, wheel

from game.levels import load_builtin
from game.ui.app import App
from game.ui.menu import Menu
from game.ui.settings import MAX_RECENT, load_settings, settings_path
from game.ui.setup import OpenLevel, PlayMode, Setup

LEVEL = load_builtin("stag-hunt").text


def write_level(path: Path, text: str = LEVEL) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def open_dialog(app: App, menu: Menu | None = None) -> OpenLevel:
    """From the set-up screen, "Open a level file…" with the keyboard."""
    (menu or Menu(app)).setup(PlayMode.VERSUS)
    focus_on(app, app.scene.open_button)
    key(app, pygame.K_RETURN)
    assert isinstance(app.scene, OpenLevel)
    return app.scene


def type_path(app: App, text: str) -> None:
    type_text(app, text)
    key(app, pygame.K_RETURN)


def opened(app: App) -> str:
    """The file of the level now selected on the set-up screen."""
    assert isinstance(app.scene, Setup), getattr(app.scene, "problems", None)
    return app.scene.level.origin


def test_a_typed_absolute_path_opens(app, tmp_path):
    path = write_level(tmp_path / "mine.toml")
    open_dialog(app)
    type_path(app, str(path))
    assert opened(app) == str(path)


def test_a_typed_relative_path_is_read_from_the_folder_shown(app, tmp_path, monkeypatch):
    path = write_level(tmp_path / "class" / "week 1.toml")
    monkeypatch.chdir(tmp_path)
    dialog = open_dialog(app)
    assert dialog.folder == tmp_path and f"Folder: {tmp_path}" in drawn(app)
    type_path(app, "class/week 1.toml")
    assert opened(app) == str(path)


def test_a_path_from_the_home_folder_opens(app, tmp_path, monkeypatch):
    monkeypatch.setenv("HOME", str(tmp_path))
    path = write_level(tmp_path / "Documents" / "level.toml")
    open_dialog(app)
    type_path(app, "~/Documents/level.toml")
    assert opened(app) == str(path)


def test_a_typed_folder_is_browsed_and_a_missing_file_says_so(app, tmp_path):
    write_level(tmp_path / "levels" / "a.toml")
    dialog = open_dialog(app)
    type_path(app, str(tmp_path / "levels"))
    assert dialog.folder == tmp_path / "levels" and dialog.path.text == ""
    type_path(app, "nothing.toml")
    assert dialog.problems == [
        f"{tmp_path / 'levels' / 'nothing.toml'}: cannot read the file: No such file or directory"
    ]
    assert "This level cannot be used: 1 problem" in drawn(app)


def test_the_browser_shows_folders_and_levels_and_opens_one_by_keyboard(app, tmp_path, monkeypatch):
    level = write_level(tmp_path / "week 1" / "arms race.toml")
    (tmp_path / "week 1" / "notes.txt").write_text("not a level")
    (tmp_path / ".git").mkdir()
    write_level(tmp_path / "Beta.toml")
    write_level(tmp_path / "alpha.toml")
    monkeypatch.chdir(tmp_path)
    dialog = open_dialog(app)
    browser = dialog.browser
    assert [entry.name for entry in browser.entries] == ["..", "week 1", "alpha.toml", "Beta.toml"]
    focus_on(app, browser)
    key(app, pygame.K_DOWN)
    key(app, pygame.K_RETURN)  # into "week 1"
    assert dialog.folder == tmp_path / "week 1"
    assert [entry.name for entry in browser.entries] == ["..", "arms race.toml"]
    assert "arms race.toml" in drawn(app) and "notes.txt" not in drawn(app)
    key(app, pygame.K_BACKSPACE)  # up again, "week 1" still chosen
    assert dialog.folder == tmp_path and browser.selected.name == "week 1"
    key(app, pygame.K_RETURN)
    key(app, pygame.K_DOWN)
    assert dialog.path.text == str(level)  # a chosen file is also put in the path field
    key(app, pygame.K_RETURN)
    assert opened(app) == str(level)


def test_the_mouse_browses_with_double_clicks_and_the_wheel_scrolls(app, tmp_path, monkeypatch):
    for n in range(30):
        write_level(tmp_path / "many" / f"level {n:02}.toml")
    monkeypatch.chdir(tmp_path)
    dialog = open_dialog(app)
    browser = dialog.browser
    wait(app, 0)  # the window's clock now moves only when the test says
    row = browser.rect.top + browser.row_height * 3 // 2  # the second row: "many"
    click(app, (browser.rect.centerx, row))
    assert browser.selected.name == "many" and dialog.folder == tmp_path
    click(app, (browser.rect.centerx, row))  # the same row again at once: a double-click
    assert dialog.folder == tmp_path / "many"
    assert "level 29.toml" not in drawn(app)
    wheel(app, browser.rect, 30)
    assert "level 29.toml" in drawn(app) and browser.selected.name == ".."
    wheel(app, browser.rect, -30)
    assert "level 29.toml" not in drawn(app)
    row = browser.rect.top + browser.row_height * 5 // 2
    click(app, (browser.rect.centerx, row))
    wait(app, 1000)  # too slow for a double-click: only chosen
    click(app, (browser.rect.centerx, row))
    assert isinstance(app.scene, OpenLevel) and browser.selected.name == "level 01.toml"
    click(app, dialog.open_button.rect)
    assert opened(app) == str(tmp_path / "many" / "level 01.toml")


def test_the_way_up_is_a_row_too(app, tmp_path, monkeypatch):
    monkeypatch.chdir(write_level(tmp_path / "inner" / "x.toml").parent)
    dialog = open_dialog(app)
    focus_on(app, dialog.browser)
    assert dialog.browser.selected.name == ".."
    key(app, pygame.K_RETURN)
    assert dialog.folder == tmp_path


def test_an_invalid_file_chosen_in_the_browser_lists_its_problems(app, tmp_path, monkeypatch):
    write_level(tmp_path / "broken.toml", LEVEL.replace("[rules]", "[rules]\nturns = 0\n[x]"))
    monkeypatch.chdir(tmp_path)
    dialog = open_dialog(app)
    focus_on(app, dialog.browser)
    key(app, pygame.K_DOWN)
    key(app, pygame.K_RETURN)
    assert app.scene is dialog and dialog.problems
    assert all(problem.startswith(f"{tmp_path / 'broken.toml'}:") for problem in dialog.problems)


def test_opened_files_are_listed_as_recent_the_next_time_and_kept(app, tmp_path):
    first = write_level(tmp_path / "first.toml")
    second = write_level(tmp_path / "sub" / "second.toml")
    menu = Menu(app)
    for path in (first, second):
        open_dialog(app, menu)
        type_path(app, str(path))
        assert opened(app) == str(path)
    dialog = open_dialog(app, menu)
    assert [entry.path for entry in dialog.recent.entries] == [second, first]  # newest first
    shown = drawn(app)
    assert "second.toml" in shown and any(text.endswith("/sub") for text in shown)
    assert load_settings()[0].recent_levels == (str(second), str(first))  # in the file
    first.unlink()  # a file that has gone is still listed, marked, until opened again
    dialog = open_dialog(app, menu)
    assert [entry.kind for entry in dialog.recent.entries] == ["level", "missing"]
    assert any(text.startswith("no longer there \u00b7 ") for text in drawn(app))
    focus_on(app, dialog.recent)
    key(app, pygame.K_RETURN)
    assert opened(app) == str(second)


def test_the_recent_list_is_bounded(app, tmp_path):
    menu = Menu(app)
    for n in range(MAX_RECENT + 2):
        open_dialog(app, menu)
        type_path(app, str(write_level(tmp_path / f"{n}.toml")))
    recent = load_settings()[0].recent_levels
    assert len(recent) == MAX_RECENT and recent[0] == str(tmp_path / f"{MAX_RECENT + 1}.toml")


def test_an_unreadable_settings_file_is_not_replaced_by_opening_a_level(app, tmp_path):
    path = settings_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text('{"sound": "yes"}', encoding="utf-8")
    open_dialog(app)
    type_path(app, str(write_level(tmp_path / "a.toml")))
    assert opened(app) == str(tmp_path / "a.toml")
    assert path.read_text(encoding="utf-8") == '{"sound": "yes"}'


def test_hostile_recent_lists_are_refused_in_one_line():
    path = settings_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    for recent, problem in [
        (["a.toml"] * (MAX_RECENT + 1), f'"recent_levels" should have at most {MAX_RECENT}'),
        (["x" * 5000], '"recent_levels.0" should have at most 1024 characters, not 5000'),
        (["a\nb.toml"], '"recent_levels.0" should be a file path on one line'),
        ([7], '"recent_levels.0" should be text, not 7'),
    ]:
        path.write_text(json.dumps({"recent_levels": recent}), encoding="utf-8")
        settings, message = load_settings()
        assert settings.recent_levels == () and message is not None
        assert problem in message and len(message.splitlines()) == 1


def test_paths_the_system_refuses_are_problems_not_crashes(app, tmp_path):
    long_name = str(tmp_path / ("x" * 300 + ".toml"))
    app.settings = app.settings.with_recent_level(long_name)
    dialog = open_dialog(app)
    assert [entry.kind for entry in dialog.recent.entries] == ["missing"]
    for typed in (long_name, "~nosuchuser-here/level.toml"):
        key(app, pygame.K_a, mod=pygame.KMOD_CTRL)
        type_path(app, typed)
        assert app.scene is dialog and len(dialog.problems) == 1
        assert "cannot read the file" in dialog.problems[0]
