"""The How to play guide, driven by real pygame events: pages, keys, mouse, and fit."""

from __future__ import annotations

import itertools

import pygame
import pytest
from layout_check import layout_problems, smallest_text
from ui_driver import click, drawn, key

from game.ai.beliefs import UNINFORMED_PRIOR, Behaviour
from game.rules.model import Outcome, Signal
from game.rules.vocabulary import OUTCOME
from game.ui.app import App
from game.ui.guide import PAGES, TANG, HowToPlay, belief_after
from game.ui.painter import Painter, Recorder
from game.ui.settings import Settings
from game.ui.theme import Type

LAST = len(PAGES) - 1


class Leave:
    """Stands in for the menu: counts how often the guide asked to go back."""

    def __init__(self) -> None:
        self.calls = 0

    def __call__(self) -> None:
        self.calls += 1


def open_guide(app: App) -> tuple[HowToPlay, Leave]:
    leave = Leave()
    guide = HowToPlay(app, leave)
    app.show(guide)
    app.frame()
    return guide, leave


def test_the_keyboard_alone_reaches_every_page_and_leaves(app):
    guide, leave = open_guide(app)
    for number, page in enumerate(PAGES, 1):
        strings = drawn(app)
        assert page.title in strings
        assert f"Page {number} of {len(PAGES)}" in strings
        key(app, pygame.K_RIGHT)
    assert guide.page == LAST  # the last page is the end, not a wrap-around
    key(app, pygame.K_PAGEUP, 2)
    assert guide.page == LAST - 2
    key(app, pygame.K_PAGEDOWN)
    assert guide.page == LAST - 1
    key(app, pygame.K_LEFT, len(PAGES))
    assert guide.page == 0
    assert leave.calls == 0
    key(app, pygame.K_ESCAPE)
    assert leave.calls == 1
    key(app, pygame.K_BACKSPACE)
    assert leave.calls == 2


def test_enter_reads_the_guide_to_the_end_and_then_returns_to_the_menu(app):
    guide, leave = open_guide(app)
    assert guide.focus.current is guide.next
    key(app, pygame.K_RETURN, LAST)
    assert guide.page == LAST and not guide.next.enabled
    assert guide.focus.current is guide.back  # the amber ring moved to what still leads on
    assert leave.calls == 0
    key(app, pygame.K_SPACE)
    assert leave.calls == 1


def test_tab_moves_the_focus_and_a_disabled_button_does_nothing(app):
    guide, _ = open_guide(app)
    key(app, pygame.K_TAB, mod=pygame.KMOD_SHIFT)
    assert guide.focus.current is guide.previous and not guide.previous.enabled
    key(app, pygame.K_RETURN)
    assert guide.page == 0
    key(app, pygame.K_DOWN)  # ↓ moves the focus like Tab: back to Next
    key(app, pygame.K_RETURN, 2)
    assert guide.page == 2
    key(app, pygame.K_UP)
    key(app, pygame.K_RETURN)
    assert guide.page == 1 and guide.focus.current is guide.previous
    key(app, pygame.K_RETURN)
    assert guide.page == 0 and guide.focus.current is guide.next  # Previous ran out


def test_the_mouse_turns_pages_and_leaves(app):
    guide, leave = open_guide(app)
    click(app, guide.next.rect.center)
    click(app, guide.next.rect.center)
    assert guide.page == 2
    click(app, guide.previous.rect.center)
    assert guide.page == 1
    click(app, (app.screen.get_width() // 2, 5))  # nothing there
    assert guide.page == 1 and leave.calls == 0
    click(app, guide.back.rect.center)
    assert leave.calls == 1


def test_every_diagram_draws_the_idea_of_its_page(app):
    expected = [
        ["Decide in secret", "Reveal together", "Spy on them", "Score the turn"],
        ["Redland", "Blueland", "Each build-up answers the other\u2019s."],
        ["Redland arms", "Spiral", "Deterrence", *TANG],
        ["Doubly dangerous", "A dilemma, but both can be safe", "Warning given", "Doubly stable"],
        ["After \u201cwe mean no harm\u201d", "After an invitation to inspect"],
        ["Tab", "Shift+Tab", "Enter", "Space", "Esc", "Pass to Blueland"],
        [OUTCOME[outcome] for outcome in Outcome if outcome is not Outcome.ONGOING],
        ["At the start", "They armed while you held back", "Bayes\u2019 rule"],
    ]
    assert len(expected) == len(PAGES)
    guide, _ = open_guide(app)
    for page, labels in enumerate(expected):
        guide.page = page
        text = " ".join(drawn(app))  # wrapped lines join up again
        for label in labels:
            assert label in text, (PAGES[page].title, label)


def test_a_costly_signal_moves_the_belief_and_cheap_talk_does_not(app):
    behaviour = Behaviour()
    assert belief_after(0.25, 0.3, 0.3) == pytest.approx(0.25)
    assert belief_after(0.5, 0.05, 0.005) == pytest.approx(1 / 11)
    cheap = belief_after(0.5, *behaviour.sent(Signal.REASSURE))
    costly = belief_after(0.5, *behaviour.sent(Signal.INVITE_INSPECTION))
    assert cheap == pytest.approx(0.5) and costly < 0.2
    guide, _ = open_guide(app)
    guide.page = [page.title for page in PAGES].index("Words are cheap")
    strings = drawn(app)
    assert strings.count("50%") == 2  # before, and after "we mean no harm"
    assert f"{costly:.0%}" in strings


def text_rects(app: App, monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, pygame.Rect]]:
    """Collect every string drawn on the window with its rectangle, from now on."""
    found: list[tuple[str, pygame.Rect]] = []
    original = Painter.text

    def text(self: Painter, value: str, *args: object, **kwargs: object) -> pygame.Rect:
        rect = original(self, value, *args, **kwargs)
        if self.surface is app.screen:  # not the guide's measuring on a scratch surface
            found.append((value, rect))
        return rect

    monkeypatch.setattr(Painter, "text", text)
    return found


def assert_every_page_fits(app: App, guide: HowToPlay, found: list) -> None:
    screen = app.screen.get_rect()
    buttons = [guide.previous, guide.next, guide.back]
    for page in range(len(PAGES)):
        guide.page = page
        found.clear()
        app.frame()
        title = PAGES[page].title
        assert found, title
        for value, rect in found:
            assert screen.contains(rect), (title, value, rect)
        for (one, first), (other, second) in itertools.combinations(found, 2):
            assert not first.colliderect(second), (title, one, other)
        labels = {button.label for button in buttons}
        top = min(button.rect.top for button in buttons)
        for value, rect in found:
            if value not in labels and not value.startswith("Left/Right"):
                assert rect.bottom <= top, (title, value)  # nothing runs into the buttons
        for button in buttons:
            assert screen.contains(button.rect)
        for first, second in itertools.combinations(buttons, 2):
            assert not first.rect.colliderect(second.rect)


@pytest.mark.parametrize("size", [(1024, 600), (1280, 720), (1920, 1080)])
def test_every_page_fits_the_window_without_overlapping_text(size, monkeypatch):
    window = App(size)
    try:
        guide, _ = open_guide(window)
        assert_every_page_fits(window, guide, text_rects(window, monkeypatch))
    finally:
        pygame.quit()


def test_the_largest_interface_size_keeps_its_text_size_and_scrolls_to_every_word():
    window = App((1024, 600), Settings(ui_scale=1.75))
    screen = window.screen.get_rect()
    try:
        guide, _ = open_guide(window)
        for page in range(len(PAGES)):
            assert guide.page == page
            seen: set[str] = set()
            for _ in range(30):  # Down scrolls the page a step at a time
                recorder = Recorder()
                window.painter.recorder = recorder
                window.frame()
                window.painter.recorder = None
                assert not layout_problems(recorder, screen), PAGES[page].title
                assert smallest_text(recorder)[0] >= Type.SMALL  # diagrams' labels too
                seen |= set(" ".join(recorder.texts()).split())
                key(window, pygame.K_DOWN)
            assert guide.page_view.hidden  # too tall for the window: it scrolled
            assert set(PAGES[page].text.split()) <= seen, PAGES[page].title
            key(window, pygame.K_RIGHT)
    finally:
        pygame.quit()


def test_the_glossary_explains_the_careful_observer_with_the_games_own_numbers(app):
    behaviour = Behaviour()
    armed = belief_after(UNINFORMED_PRIOR, behaviour.seeker_arm, behaviour.expansionist_arm)
    inspected = belief_after(armed, *behaviour.sent(Signal.INVITE_INSPECTION))
    # arming unprovoked is evidence of ambition; a costly signal is evidence the other way
    assert armed > UNINFORMED_PRIOR > inspected
    guide, _ = open_guide(app)
    key(app, pygame.K_RIGHT, len(PAGES))  # to the last page
    assert PAGES[guide.page].title == "Words the game uses"
    text = " ".join(drawn(app))
    assert "Careful observer:" in text and "Bayes\u2019" in text and "Press B" in text
    assert f"{armed:.0%}" in text and f"{inspected:.0%}" in text
