"""Text fields edit like text fields everywhere: a caret, selections, the clipboard, IMEs.

Every test types into a real screen's field with posted events, as a player does.
"""

from __future__ import annotations

import pygame
import pytest
from ui_driver import drawn, focus_on, key, mouse, type_text, wait

from game.session.classroom import MAX_NAME
from game.ui.app import App
from game.ui.menu import Menu
from game.ui.setup import SEED_DIGITS, OpenLevel, PlayMode
from game.ui.text_field import TextField
from game.ui.theme import Type

CTRL = pygame.KMOD_CTRL
SHIFT = pygame.KMOD_SHIFT


def path_field(app: App) -> TextField:
    """The path field of "Open a level file", focused and empty."""
    menu = Menu(app)
    menu.setup(PlayMode.VERSUS)
    focus_on(app, app.scene.open_button)
    key(app, pygame.K_RETURN)
    assert isinstance(app.scene, OpenLevel)
    assert app.scene.focus.current is app.scene.path and app.scene.path.text == ""
    return app.scene.path


def x_after(app: App, field: TextField, text: str) -> int:
    """Where on screen the boundary after ``text`` (the start of the field's text) lies."""
    return field.rect.left + app.theme.px(12) + app.theme.font(Type.BODY).size(text)[0]


def test_the_caret_moves_and_edits_happen_where_it_is(app):
    field = path_field(app)
    type_text(app, "abcd")
    key(app, pygame.K_LEFT, times=2)
    type_text(app, "X")
    assert field.text == "abXcd"
    key(app, pygame.K_HOME)
    type_text(app, "<")
    key(app, pygame.K_END)
    type_text(app, ">")
    assert field.text == "<abXcd>"
    key(app, pygame.K_RIGHT, times=3)  # at the end: the caret stays, and so does the focus
    key(app, pygame.K_LEFT, times=20)
    assert field.caret == 0 and app.scene.focus.current is field
    key(app, pygame.K_DELETE)
    key(app, pygame.K_END)
    key(app, pygame.K_BACKSPACE)
    assert field.text == "abXcd"
    key(app, pygame.K_LEFT, times=2)
    key(app, pygame.K_BACKSPACE)
    assert field.text == "abcd" and field.caret == 2
    key(app, pygame.K_TAB)  # Tab still moves on
    assert app.scene.focus.current is not field


def test_ctrl_arrows_and_ctrl_backspace_work_a_word_at_a_time(app):
    field = path_field(app)
    type_text(app, "levels/arms race.toml")
    key(app, pygame.K_LEFT, mod=CTRL)
    key(app, pygame.K_LEFT, mod=CTRL)
    assert field.text[field.caret :] == "race.toml"
    key(app, pygame.K_BACKSPACE, mod=CTRL)
    assert field.text == "levels/race.toml"


def test_shift_selects_and_typing_replaces_the_selection(app):
    field = path_field(app)
    type_text(app, "hello world")
    key(app, pygame.K_LEFT, times=5, mod=SHIFT)
    assert field.selected == "world"
    type_text(app, "there")
    assert field.text == "hello there" and field.selected == ""
    key(app, pygame.K_HOME, mod=SHIFT)
    assert field.selected == "hello there"
    key(app, pygame.K_RIGHT)  # an arrow without Shift ends the selection at its edge
    assert field.selected == "" and field.caret == len("hello there")
    key(app, pygame.K_LEFT, times=5, mod=SHIFT)
    key(app, pygame.K_BACKSPACE)
    assert field.text == "hello "


def test_a_click_places_the_caret_a_drag_selects_and_a_double_click_takes_a_word(app):
    field = path_field(app)
    type_text(app, "hello world")
    y = field.rect.centery
    wait(app, 0)  # the window's clock stands still unless the test moves it
    mouse(app, pygame.MOUSEBUTTONDOWN, (x_after(app, field, "hel"), y), button=1)
    mouse(app, pygame.MOUSEBUTTONUP, (x_after(app, field, "hel"), y), button=1)
    assert field.caret == 3 and field.selected == ""
    wait(app, 1000)  # a second press much later is a new click, not a double-click
    mouse(app, pygame.MOUSEBUTTONDOWN, (x_after(app, field, ""), y), button=1)
    mouse(app, pygame.MOUSEMOTION, (x_after(app, field, "hello"), y), rel=(1, 0), buttons=(1, 0, 0))
    mouse(app, pygame.MOUSEBUTTONUP, (x_after(app, field, "hello"), y), button=1)
    assert field.selected == "hello"
    mouse(app, pygame.MOUSEMOTION, (x_after(app, field, "hello wor"), y), rel=(1, 0))
    assert field.selected == "hello"  # moving without the button held selects nothing
    wait(app, 1000)
    for _ in range(2):
        mouse(app, pygame.MOUSEBUTTONDOWN, (x_after(app, field, "hello wo"), y), button=1)
        mouse(app, pygame.MOUSEBUTTONUP, (x_after(app, field, "hello wo"), y), button=1)
    assert field.selected == "world"


def test_a_click_on_an_unfocused_field_focuses_it_at_the_clicked_place(app):
    field = path_field(app)
    type_text(app, "abcdef")
    key(app, pygame.K_TAB)
    assert app.scene.focus.current is not field
    mouse(app, pygame.MOUSEBUTTONDOWN, (x_after(app, field, "ab"), field.rect.centery), button=1)
    assert app.scene.focus.current is field and field.caret == 2


@pytest.mark.parametrize("system_clipboard", [True, False])
def test_select_all_copy_cut_and_paste(app, monkeypatch, system_clipboard):
    if not system_clipboard:  # no clipboard (headless, some Linux desktops): the game's own

        def missing(*args: object) -> None:
            raise pygame.error("no clipboard")

        monkeypatch.setattr(pygame.scrap, "get_text", missing)
        monkeypatch.setattr(pygame.scrap, "put_text", missing)
    field = path_field(app)
    type_text(app, "level")
    key(app, pygame.K_a, mod=CTRL)
    assert field.selected == "level"
    key(app, pygame.K_c, mod=CTRL)
    key(app, pygame.K_END)
    key(app, pygame.K_v, mod=CTRL)
    assert field.text == "levellevel"
    key(app, pygame.K_a, mod=CTRL)
    key(app, pygame.K_x, mod=CTRL)
    assert field.text == ""
    key(app, pygame.K_v, mod=CTRL)
    assert field.text == "levellevel"
    if system_clipboard:
        assert pygame.scrap.get_text() == "levellevel"


def test_pasted_lines_become_one_line(app):
    field = path_field(app)
    pygame.scrap.put_text("  /tmp/my\nlevel.toml\r\n")
    key(app, pygame.K_v, mod=CTRL)
    assert field.text == "/tmp/my level.toml"


def test_an_input_method_composes_at_the_caret_and_commits_on_text_input(app, monkeypatch):
    placed: list[pygame.Rect] = []
    monkeypatch.setattr(pygame.key, "set_text_input_rect", lambda rect: placed.append(rect))
    field = path_field(app)
    type_text(app, "Li ")
    caret_x = x_after(app, field, "Li ")
    assert placed and abs(placed[-1].left - caret_x) <= 2  # the candidates appear at the caret
    pygame.event.post(pygame.event.Event(pygame.TEXTEDITING, text="li", start=2, length=0))
    app.frame()
    assert field.text == "Li " and field.composition == "li"
    assert "Li li" in drawn(app)  # shown at the caret, not yet typed
    key(app, pygame.K_RETURN)  # Enter belongs to the input method while it composes
    assert isinstance(app.scene, OpenLevel) and app.scene.problems == []
    pygame.event.post(pygame.event.Event(pygame.TEXTEDITING, text="李雷", start=2, length=0))
    pygame.event.post(pygame.event.Event(pygame.TEXTINPUT, text="李雷"))
    app.frame()
    assert field.text == "Li 李雷" and field.composition == ""
    assert "Li 李雷" in drawn(app)


def test_names_in_any_language_are_typed_and_shown(app):
    Menu(app).title()
    while app.scene.focus.current.label != "Classroom session":
        key(app, pygame.K_DOWN)
    key(app, pygame.K_RETURN)
    pair = app.scene.pair
    focus_on(app, pair)
    type_text(app, "Zoë, 李雷 & Ünal")
    assert pair.text == "Zoë, 李雷 & Ünal"
    assert "Zoë, 李雷 & Ünal" in drawn(app)
    type_text(app, "x" * (MAX_NAME + 10))
    assert len(pair.text) == MAX_NAME


def test_the_seed_takes_no_more_digits_than_a_seed_has(app):
    Menu(app).setup(PlayMode.VERSUS)
    seed = app.scene.seed
    focus_on(app, seed)
    type_text(app, "1" * 30)
    assert seed.text == "1" * SEED_DIGITS
    key(app, pygame.K_HOME)
    pygame.scrap.put_text("999")
    key(app, pygame.K_v, mod=CTRL)  # a paste stops at the limit too
    assert seed.text == "1" * SEED_DIGITS


def test_long_text_scrolls_to_keep_the_caret_in_view(app):
    field = path_field(app)
    words = " ".join(f"folder{n}" for n in range(40))
    type_text(app, words)
    shown = next(text for text in drawn(app) if text.endswith("folder39"))
    assert len(shown) < len(words)  # only the end, where the caret is, is in view
    assert app.theme.font(Type.BODY).size(shown)[0] <= field.rect.width
    key(app, pygame.K_HOME)
    assert any(text.startswith("folder0 folder1") for text in drawn(app))
