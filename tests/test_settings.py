"""Settings: the file survives anything, the screen applies and saves at once, sound never fails."""

from __future__ import annotations

import json

import numpy as np
import pygame
import pytest
from hypothesis import given
from hypothesis import strategies as st
from layout_check import smallest_text
from ui_driver import key

from game.ui.app import App
from game.ui.painter import Recorder as Drawing
from game.ui.settings import SCALES, Settings, load_settings, save_settings, settings_path
from game.ui.settings_screen import SettingsScreen
from game.ui.sound import CUES, Sounds, waveform
from game.ui.theme import CLASSIC, COLOUR_BLIND_SAFE, Type


def write(data: bytes) -> bytes:
    path = settings_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return data


# --- the file -------------------------------------------------------------------------


def test_settings_survive_a_save_and_a_load():
    chosen = Settings(fullscreen=True, ui_scale=1.25, colour_blind_safe=False, sound=False)
    path = save_settings(chosen)
    assert path == settings_path()
    assert load_settings() == (chosen, None)
    assert json.loads(path.read_text())["version"] == 1


def test_a_first_start_has_defaults_and_writes_nothing():
    assert load_settings() == (Settings(), None)
    assert not settings_path().exists()


def test_only_offered_sizes_are_settings():
    with pytest.raises(ValueError, match="ui_scale"):
        Settings(ui_scale=1.1)


def test_a_file_from_a_newer_version_still_loads_what_it_can():
    write(b'{"version": 7, "ui_scale": 1.5, "sound": false, "high_contrast": true}')
    assert load_settings() == (Settings(ui_scale=1.5, sound=False), None)


@pytest.mark.parametrize(("earlier", "now"), [(0.8, 1.0), (0.9, 1.0), (1.1, 1.0), (1.25, 1.25)])
def test_a_size_earlier_versions_offered_opens_as_the_nearest_size_offered_now(earlier, now):
    write(json.dumps({"version": 1, "ui_scale": earlier}).encode())
    assert load_settings() == (Settings(ui_scale=now), None)


GOOD = json.dumps({"version": 1, "fullscreen": True, "ui_scale": 1.5}).encode()


@pytest.mark.parametrize(
    ("data", "explanation"),
    [
        (b'{"fullscreen": tru', "not valid JSON at line 1"),
        (GOOD[: len(GOOD) // 2], "not valid JSON"),
        (b"", "not valid JSON at line 1, column 1"),
        (b'{"fullscreen": "yes"}', '"fullscreen" should be true or false, not "yes"'),
        (b'{"sound": 1}', '"sound" should be true or false, not 1'),
        (b'{"ui_scale": "150%"}', '"ui_scale" should be a number, not "150%"'),
        (b'{"ui_scale": true}', '"ui_scale" should be a number'),
        (b'{"ui_scale": 3.0}', '"ui_scale" should be one of 1.0, 1.25, 1.5, 1.75'),
        (b'{"ui_scale": NaN}', '"ui_scale" should be one of'),
        (b'{"version": "1"}', '"version" should be a whole number'),
        (b'{"sound": 0, "fullscreen": 1}', "(and 1 more problem)"),
        (b'{"sound": {"on": true}}', '"sound" should be true or false, not an object'),
        (b"null", "expected a JSON object {...}, found null"),
        (b'[{"sound": false}]', "expected a JSON object {...}, found a list"),
        (b'\xff\xfe{"sound": false}', "not UTF-8 text"),
        (b"[" * 50_000, "nesting is too large"),
        (b" " * 70_000, "over 64 KB, too large to be a settings file"),
    ],
    ids=[
        "corrupt",
        "truncated",
        "empty",
        "text-for-bool",
        "number-for-bool",
        "text-for-size",
        "bool-for-size",
        "size-out-of-range",
        "size-not-a-number",
        "text-for-version",
        "two-problems",
        "object-for-bool",
        "null",
        "not-an-object",
        "not-utf8",
        "too-deep",
        "too-large",
    ],
)
def test_an_unusable_file_gives_defaults_a_clear_line_and_stays_untouched(data, explanation):
    write(data)
    settings, message = load_settings()
    assert settings == Settings()
    assert message is not None
    assert str(settings_path()) in message and explanation in message
    assert "\n" not in message and "Traceback" not in message
    assert settings_path().read_bytes() == data


def test_a_settings_file_saved_by_notepad_with_a_bom_loads():
    write(b'\xef\xbb\xbf{"ui_scale": 1.25}')
    assert load_settings() == (Settings(ui_scale=1.25), None)


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=8),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner),
    max_leaves=12,
)
FIELDS = st.sampled_from(["version", "fullscreen", "ui_scale", "colour_blind_safe", "sound"])


@given(
    st.one_of(
        st.binary(max_size=200),
        JSON_VALUES.map(lambda value: json.dumps(value).encode()),
        st.dictionaries(FIELDS, JSON_VALUES | st.sampled_from(SCALES)).map(
            lambda value: json.dumps(value).encode()
        ),
    )
)
def test_the_loader_never_raises_and_only_explains(data):
    write(data)
    settings, message = load_settings()
    assert isinstance(settings, Settings)
    if message is not None:
        assert settings == Settings()
        assert message.startswith(f"Could not use the settings in {settings_path()}: ")
        assert len(message.splitlines()) == 1
    assert settings_path().read_bytes() == data


# --- the window and the screen --------------------------------------------------------


def open_settings(app: App) -> tuple[SettingsScreen, list[str]]:
    backs: list[str] = []
    screen = SettingsScreen(app, lambda: backs.append("back"))
    app.show(screen)
    app.frame()
    return screen, backs


def shows(app: App, color: tuple[int, int, int]) -> bool:
    """Whether any pixel of the window has exactly ``color``."""
    pixels = pygame.surfarray.array3d(app.screen)
    return bool(np.all(pixels == np.array(color), axis=-1).any())


def saved() -> dict:
    return json.loads(settings_path().read_text())


def test_the_keyboard_makes_the_interface_bigger_and_it_is_saved(app):
    open_settings(app)
    assert app.theme.scale == 1.0
    key(app, pygame.K_DOWN)  # to "Interface size"
    key(app, pygame.K_RIGHT)
    assert app.theme.scale == 1.25
    assert app.settings.ui_scale == 1.25 and saved()["ui_scale"] == 1.25
    key(app, pygame.K_RIGHT, 10)  # the last size is the end: no wrap-around
    assert app.theme.scale == 1.75 and saved()["ui_scale"] == 1.75
    assert load_settings() == (app.settings, None)


@pytest.mark.parametrize("size", [(1280, 720), (1024, 600), (1920, 600), (1024, 1080)])
def test_at_the_largest_size_every_setting_is_reached_so_the_size_can_be_changed_back(app, size):
    write(b"{broken")  # the tallest layout: with the problem explained on top
    screen, _ = open_settings(app)
    pygame.event.post(pygame.event.Event(pygame.VIDEORESIZE, w=size[0], h=size[1]))
    key(app, pygame.K_DOWN)
    key(app, pygame.K_RIGHT, 5)  # 175%, the largest
    window = app.screen.get_rect()
    assert app.theme.scale == pytest.approx(min(size[0] / 1280, size[1] / 720) * 1.75)
    recorder = Drawing()
    app.painter.recorder = recorder
    app.frame()
    app.painter.recorder = None
    assert smallest_text(recorder)[0] >= Type.SMALL  # drawn at the size chosen, not shrunk
    assert window.contains(screen.choices["ui_scale"].rect)  # the row just changed shows
    for _ in screen.focus.widgets:  # Tab reaches every control, each scrolled into view
        key(app, pygame.K_TAB)
        assert screen.focus.current is not None and window.contains(screen.focus.current.rect)
    assert screen.focus.current is screen.choices["ui_scale"]
    key(app, pygame.K_LEFT, 5)
    assert app.settings.ui_scale == 1.0


def test_classic_colours_replace_the_colour_blind_safe_ones_on_screen_and_on_disk(app):
    open_settings(app)
    assert app.theme.palette == COLOUR_BLIND_SAFE and shows(app, COLOUR_BLIND_SAFE.good)
    key(app, pygame.K_DOWN, 2)  # to "Colour-blind-safe colours"
    key(app, pygame.K_RIGHT)  # On -> Off
    assert app.theme.palette == CLASSIC
    assert shows(app, CLASSIC.good) and not shows(app, COLOUR_BLIND_SAFE.good)
    assert saved()["colour_blind_safe"] is False
    key(app, pygame.K_RETURN)  # Enter never changes a choice
    assert app.theme.palette == CLASSIC and saved()["colour_blind_safe"] is False
    key(app, pygame.K_UP)
    key(app, pygame.K_LEFT)  # back on the choice: Off -> On
    assert app.theme.palette == COLOUR_BLIND_SAFE and saved()["colour_blind_safe"] is True


def test_the_palettes_differ_where_meaning_is_carried():
    for field in ("good", "tension", "focus", "warning"):
        assert getattr(CLASSIC, field) != getattr(COLOUR_BLIND_SAFE, field)
    assert CLASSIC.background == COLOUR_BLIND_SAFE.background  # same room, other accents


def test_escape_backspace_and_the_back_button_all_go_back(app):
    screen, backs = open_settings(app)
    key(app, pygame.K_ESCAPE)
    key(app, pygame.K_BACKSPACE)
    key(app, pygame.K_UP)  # from the first row up to the last: Back
    assert screen.focus.current is screen.back
    key(app, pygame.K_RETURN)
    assert backs == ["back", "back", "back"]
    assert not settings_path().exists()  # looking is not changing


def test_the_mouse_turns_sound_off(app):
    screen, _ = open_settings(app)
    rect = screen.choices["sound"].rect
    pygame.event.post(
        pygame.event.Event(pygame.MOUSEBUTTONDOWN, button=1, pos=(rect.right - 5, rect.centery))
    )
    app.frame()
    assert app.settings.sound is False and app.sounds.enabled is False
    assert saved()["sound"] is False


def test_fullscreen_is_saved_and_turning_it_off_restores_the_window(app):
    open_settings(app)
    key(app, pygame.K_RIGHT)  # Fullscreen: Off -> On
    assert app.settings.fullscreen is True and saved()["fullscreen"] is True
    key(app, pygame.K_LEFT)
    assert app.settings.fullscreen is False and saved()["fullscreen"] is False
    assert app.screen.get_size() == (1280, 720)
    assert app.theme.scale == 1.0


def test_an_unreadable_file_is_explained_and_kept_until_a_setting_changes(app):
    broken = write(b'{"ui_scale": 9}')
    problem = load_settings()[1]
    assert problem is not None
    app.painter.record = []
    open_settings(app)
    assert problem in " ".join(app.painter.record)
    assert settings_path().read_bytes() == broken
    key(app, pygame.K_DOWN, 3)  # to "Sound"
    key(app, pygame.K_RIGHT)
    assert load_settings() == (Settings(sound=False), None)
    app.painter.record = []
    app.frame()
    assert problem not in " ".join(app.painter.record)
    assert f"Saved to {settings_path()}, replacing the unreadable file" in app.painter.record


def test_a_folder_that_cannot_be_written_is_reported_and_the_change_still_applies(
    app, tmp_path, monkeypatch
):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("")
    monkeypatch.setenv("SECURITY_DILEMMA_CONFIG_DIR", str(blocker))
    open_settings(app)
    key(app, pygame.K_DOWN)
    key(app, pygame.K_RIGHT)
    assert app.theme.scale == 1.25
    app.painter.record = []
    app.frame()
    assert any(text.startswith("Could not save to") for text in app.painter.record)


def test_the_window_starts_with_the_players_settings_and_keeps_them_when_resized():
    window = App((1280, 720), Settings(ui_scale=1.25, colour_blind_safe=False, sound=False))
    try:
        assert window.theme.scale == 1.25 and window.theme.palette == CLASSIC
        assert window.sounds.enabled is False
        pygame.event.post(pygame.event.Event(pygame.VIDEORESIZE, w=1920, h=1080))
        window.frame()
        assert window.theme.scale == pytest.approx(1.5 * 1.25)
    finally:
        pygame.quit()


def test_moving_the_focus_ticks_and_sound_off_silences_it(app, monkeypatch):
    open_settings(app)
    played: list[str] = []
    monkeypatch.setattr(app.sounds, "_sounds", {cue: Recorder(cue, played) for cue in CUES})
    key(app, pygame.K_DOWN)
    assert played == ["select"]
    key(app, pygame.K_DOWN, 2)  # to "Sound"
    played.clear()
    key(app, pygame.K_RIGHT)  # sound off: the change itself is silent
    key(app, pygame.K_UP)
    assert played == []


class Recorder:
    """Stands in for a mixer Sound and notes when it is played."""

    def __init__(self, cue: str, played: list[str]) -> None:
        self.cue = cue
        self.played = played

    def play(self) -> None:
        self.played.append(self.cue)


# --- sound ----------------------------------------------------------------------------


@pytest.mark.parametrize("cue", CUES)
def test_cues_are_short_quiet_and_start_and_end_in_silence(cue):
    samples = waveform(cue, 44100)
    assert len(samples) < 44100  # under a second
    assert 0.05 <= np.abs(samples).max() <= 0.25
    assert abs(samples[0]) < 1e-3 and abs(samples[-1]) < 1e-3  # no click
    assert np.abs(np.diff(samples)).max() < 0.06  # no jumps inside either


@pytest.mark.parametrize(("size", "channels"), [(-16, 2), (16, 1), (8, 2), (-8, 1), (32, 2)])
def test_sounds_are_built_in_whatever_format_the_mixer_opened(size, channels):
    pygame.mixer.quit()
    pygame.mixer.init(44100, size, channels)
    try:
        sounds = Sounds()
        assert sounds.available
        assert {cue: sounds._sounds[cue].get_length() for cue in CUES} == pytest.approx(
            {cue: len(waveform(cue, 44100)) / 44100 for cue in CUES}, abs=1e-3
        )
        for cue in CUES:
            sounds.play(cue)
    finally:
        pygame.mixer.quit()


def test_play_never_fails_with_sound_off_or_without_a_mixer():
    pygame.init()
    try:
        on, off = Sounds(enabled=True), Sounds(enabled=False)
        assert on.available  # the dummy audio driver is a working device
        for cue in CUES:
            on.play(cue)
            off.play(cue)
        pygame.mixer.quit()  # the device goes away under a running game
        for cue in CUES:
            on.play(cue)
        with pytest.raises(ValueError, match="unknown sound cue"):
            off.play("beep")  # type: ignore[arg-type]
    finally:
        pygame.quit()


def test_no_audio_device_means_silence_not_an_error(monkeypatch):
    def no_device(*args: object) -> None:
        raise pygame.error("No available audio device")

    pygame.mixer.quit()
    monkeypatch.setattr(pygame.mixer, "init", no_device)
    sounds = Sounds()
    assert not sounds.available
    for cue in CUES:
        sounds.play(cue)
