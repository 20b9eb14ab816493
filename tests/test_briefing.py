"""Words that fit the game: who really plays, questions that fit the ending, one vocabulary."""

from __future__ import annotations

import pytest

from game.ai.registry import CATALOG
from game.levels import builtin_ids, load_builtin, load_level_text
from game.levels.compile import nation_look
from game.rules import vocabulary
from game.rules.model import Outcome, Side
from game.session.briefing import briefing, describe_controller, players

RED, BLUE = Side.RED, Side.BLUE


def text_of(level_id: str, red: str, blue: str) -> str:
    return "\n\n".join(
        p.text for p in briefing(load_builtin(level_id).model, {RED: red, BLUE: blue})
    )


@pytest.mark.parametrize("level_id", builtin_ids())
def test_the_briefing_names_the_opponent_actually_chosen(level_id):
    model = load_builtin(level_id).model
    red, blue = (nation_look(model, side)[0] for side in ("red", "blue"))
    for name in ("tit-for-tat", "expert", "bayesian"):
        text = text_of(level_id, "human", name)
        assert f"{blue} is played by the computer: {name}: {CATALOG[name].description}" in text
        assert f"You lead {red}." in text
    # everything else is the same whoever plays Blueland: the level never describes it
    first = text_of(level_id, "human", "tit-for-tat").rsplit("\n\n", 1)[0]
    assert first == text_of(level_id, "human", "expert").rsplit("\n\n", 1)[0]


@pytest.mark.parametrize("level_id", builtin_ids())
def test_hot_seat_players_both_read_their_own_nations_part(level_id):
    model = load_builtin(level_id).model
    passages = briefing(model, {RED: "human", BLUE: "human"})
    headings = [p.heading for p in passages if p.heading]
    parts = [side for side in (RED, BLUE) if getattr(model.nations, side.key).briefing]
    assert len(headings) == len(parts)
    assert "both played by people at this keyboard" in passages[-1].text
    assert "You lead" not in passages[-1].text


def test_a_vs_computer_game_shows_only_the_players_own_part():
    model = load_builtin("deterrence").model
    passages = briefing(model, {RED: "human", BLUE: "expert"})
    assert model.nations.red.briefing.strip() in [p.text for p in passages]
    assert model.nations.blue.briefing.strip() not in [p.text for p in passages]


def test_a_students_bot_and_parameters_are_named_too():
    assert describe_controller("bot:my_bot.py") == "a student's bot (my_bot.py)"
    assert describe_controller("random:p=0.3").startswith("random:p=0.3: ")
    model = load_builtin("tutorial").model
    assert players(model, {RED: "bayesian", BLUE: "grim"}).startswith(
        "Redland is played by the computer: bayesian: "
    )


def test_the_debrief_asks_what_fits_how_the_game_ended():
    meta = load_builtin("fog-of-war").model.level
    peace = " ".join(meta.questions_for(Outcome.STABLE_PEACE.key))
    assert "blame for the build-up" not in peace
    assert meta.questions_for(Outcome.ARMS_CONTROL.key) == meta.discussion_questions  # default
    level = load_level_text(
        '[level]\nid = "q"\ntitle = "Q"\nsummary = "s"\nbriefing = "b"\n'
        'discussion_questions = ["Default?"]\n'
        '[level.discussion]\nspiral_to_war = ["Who struck?"]\n',
        "q.toml",
    ).model.level
    assert level.questions_for("spiral_to_war") == ["Who struck?"]
    assert level.questions_for("stable_peace") == ["Default?"]


def test_a_question_list_for_an_outcome_that_does_not_exist_is_refused():
    from game.levels import LevelError

    text = '[level]\nid = "q"\ntitle = "Q"\nsummary = "s"\nbriefing = "b"\n'
    text += '[level.discussion]\nvictory_parade = ["?"]\n'
    with pytest.raises(LevelError, match=r"level\.discussion\.victory_parade"):
        load_level_text(text, "q.toml")


def test_every_outcome_posture_signal_and_verdict_has_its_words():
    assert set(vocabulary.OUTCOME) == set(Outcome)
    assert vocabulary.outcome_name(Outcome.AGGRESSION_LOST) == "aggression lost"
    for table in (vocabulary.SIGNAL, vocabulary.HEARD, vocabulary.SAID):
        assert all(table.values())
    assert set(vocabulary.VERDICT) == {"dilemma", "deterrence", "none", "not_applicable"}
