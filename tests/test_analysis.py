"""Spiral analysis of replays: each episode is found exactly where the rules say it happened.

Small scripted games (two humans giving fixed orders) on a test level with every kind of
noise switched off unless a test switches one on, so the right answer is known: from the
orders, or from the documented rules applied to the recorded random draws.
"""

from __future__ import annotations

import json
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from game.ai.beliefs import belief_from
from game.ai.registry import make_strategy
from game.levels import LoadedLevel, load_builtin, load_level_text
from game.replay import Replay, read_replay, replay_document, write_replay
from game.replay.analysis import EPISODE_KINDS, SPIRAL_RUN, Analysis, Episode, analyse, units
from game.replay.format import parse_replay
from game.replay.story import story_markdown
from game.rules.model import Orders, Posture, Side, Signal
from game.rules.scoring import arming_runs
from game.session.match import Match

RED, BLUE = Side.RED, Side.BLUE
HOLD = Orders()
ARM = Orders(Posture.ARM, 1.0)
DISARM = Orders(Posture.DISARM, 1.0)
PROPOSE = Orders(signal=Signal.PROPOSE_CAP)
REASSURE = Orders(signal=Signal.REASSURE)

LEVEL = """
[level]
id = "analysis-test"
title = "Two Valleys"
summary = "A small level for testing the replay analysis."
briefing = "Northland and Southland watch each other across two valleys."
discussion_questions = [
    "When did the first misunderstanding happen?",
    "Was this game a security dilemma by Tang's conditions?",
]

[rules]
turns = 10
signals = ["none", "reassure", "warn", "propose_cap", "invite_inspection", "unilateral_cut"]
strike = true

[nations.red]
name = "Northland"
type = "security_seeker"
arsenal = { arms = 4 }

[nations.blue]
name = "Southland"
type = "security_seeker"
arsenal = { arms = 4 }

[conflict]
war_rate = 0.0
"""
NORTH, SOUTH = "Northland", "Southland"


def as_replay(level: LoadedLevel, match: Match) -> Replay:
    """The replay a player would save, read back and verified like a file."""
    controllers = {side: "human" if match.is_human(side) else "ai" for side in (RED, BLUE)}
    result = match.result_summary() if match.finished else None
    document = replay_document(level, controllers, match.event_log(), result)
    return parse_replay(json.dumps(document).encode(), "test.json")


def scripted(
    moves: list[tuple[Orders, Orders]], *overrides: str, seed: int = 1, turns: int | None = None
) -> tuple[Replay, Match]:
    """Play fixed orders for both sides on the test level (stops early at a war)."""
    level = load_level_text(
        LEVEL, "two-valleys.toml", [f"rules.turns={turns or len(moves)}", *overrides]
    )
    match = Match(level.scenario, seed)
    for red, blue in moves:
        if match.finished:
            break
        assert match.submit(RED, red) == [] and match.submit(BLUE, blue) == []
        match.resolve()
    return as_replay(level, match), match


AN_ARMS_RACE = re.compile(r"an arms race(\. Over-estimates .*)?\.$")
"""How a run that holds an arms race, as the scores count it, ends its sentence."""


def found(analysis: Analysis, kind: str) -> list[Episode]:
    return [episode for episode in analysis.episodes if episode.kind == kind]


def spans(episodes: list[Episode]) -> list[tuple[int, int, Side | None]]:
    return [(e.first_turn, e.last_turn, e.side) for e in episodes]


# -- mutual arming -----------------------------------------------------------------------------


def test_consecutive_arming_of_both_sides_is_one_run_with_its_arms_race_named():
    moves = [(HOLD, HOLD), *[(ARM, ARM)] * 3, (ARM, HOLD), *[(ARM, ARM)] * 2, (HOLD, HOLD)]
    replay, _ = scripted(moves)
    episodes = found(analyse(replay), "mutual_arming")
    assert SPIRAL_RUN == 3
    # turns 2-7 are one run of answers; only turns 2-4 are an arms race as the scores count it
    assert spans(episodes) == [(2, 7, None)]
    assert episodes[0].sentence == (
        "Turns 2–7: Northland and Southland armed in answer to each other, Northland on all "
        "of the 6 turns (from 4 to 10 units), Southland on 5 (from 4 to 9); both at once on "
        "turns 2–4: an arms race."
    )


def test_both_arming_every_turn_of_a_run_is_told_in_one_sentence():
    replay, _ = scripted([(HOLD, HOLD), *[(ARM, ARM)] * 3, (HOLD, HOLD)])
    [episode] = found(analyse(replay), "mutual_arming")
    assert episode.sentence == (
        "Turns 2–4: Northland and Southland both armed on all 3 turns, each in answer to the "
        "other (Northland from 4 to 7 units, Southland from 4 to 7): an arms race."
    )


def test_arming_in_turn_is_a_run_of_answers_but_no_arms_race():
    # the echo of tit-for-tat: one arms, the other answers next turn, and so on
    moves = [(ARM, HOLD), (HOLD, ARM), (ARM, HOLD), (HOLD, ARM), (HOLD, HOLD), (ARM, HOLD)]
    replay, _ = scripted(moves)
    [episode] = found(analyse(replay), "mutual_arming")
    assert spans([episode]) == [(1, 4, None)]  # turn 6 answers nobody: no run
    assert episode.sentence == (
        "Turns 1–4: Northland and Southland armed in answer to each other, Northland on 2 of "
        "the 4 turns (from 4 to 6 units), Southland on 2 (from 4 to 6)."
    )


def test_a_single_answer_is_no_run_and_a_quiet_turn_ends_one():
    moves = [(ARM, HOLD), (HOLD, ARM), (HOLD, HOLD), *[(ARM, ARM)] * 3, (HOLD, HOLD)]
    replay, _ = scripted(moves)
    assert spans(found(analyse(replay), "mutual_arming")) == [(4, 6, None)]


def test_armings_after_over_estimates_inside_a_run_are_counted_not_listed():
    # both fear the other (counts inflated by half) and both arm every turn, as in 1909
    moves = [(ARM, ARM)] * 6
    replay, _ = scripted(moves, "nations.red.fear=0.5", "nations.blue.fear=0.5")
    analysis = analyse(replay)
    [run] = found(analysis, "mutual_arming")
    assert spans([run]) == [(1, 6, None)]
    assert run.sentence.endswith(
        ": an arms race. Over-estimates by their spies came before 5 of Northland's and 5 of "
        "Southland's armings (fear inflates their reports)."
    )
    # what is left on its own: the first turn's over-estimates, which began the run
    assert spans(found(analysis, "perception_error")) == [(1, 1, RED), (1, 1, BLUE)]
    assert len(analysis.episodes) == 3  # before: one episode per side and turn, and the race


def test_arming_that_was_ordered_but_not_carried_out_is_no_arms_race():
    # every order goes astray: both order arm, neither force actually arms
    replay, _ = scripted([(ARM, ARM)] * 5, "execution.error=1.0")
    analysis = analyse(replay)
    assert found(analysis, "mutual_arming") == []
    assert len(found(analysis, "execution_accident")) == 10


# -- perception errors -------------------------------------------------------------------------


def test_a_misread_posture_answered_by_arming_is_a_perception_error():
    # Southland holds throughout; Northland arms every turn. Northland's spies misread a
    # hold when its `misread` draw is below 0.3, and see "arm" when `misread_choice`
    # picks the second of (disarm, arm): so the answer follows from the draws alone.
    moves = [(ARM, HOLD)] * 12
    replay, _ = scripted(moves, "intel.posture_misread=0.3", seed=4)
    expected = [
        (number, number + 1, RED)
        for number, turn in enumerate(replay.turns[:-1], start=1)
        if turn["red"]["draws"]["misread"] < 0.3 and turn["red"]["draws"]["misread_choice"] >= 0.5
    ]
    episodes = found(analyse(replay), "perception_error")
    assert expected and spans(episodes) == expected
    first = episodes[0].first_turn
    assert episodes[0].sentence == (
        f"Turns {first}–{first + 1}: Northland's spies reported that Southland armed on turn "
        f"{first} when it had in fact held, and Northland armed in answer on turn {first + 1}."
    )
    # the same game seen clearly has no perception error at all
    clear, _ = scripted(moves, "intel.posture_misread=0.0", seed=4)
    assert found(analyse(clear), "perception_error") == []


def test_an_inflated_estimate_before_arming_is_a_perception_error():
    # Northland's fear inflates every count by half; Southland really arms every turn, so
    # only the count is wrong (no hold to mistake for an arming). Northland arms once.
    moves = [(ARM, ARM), *[(HOLD, ARM)] * 5]
    replay, _ = scripted(moves, "nations.red.fear=0.5")
    episodes = found(analyse(replay), "perception_error")
    assert spans(episodes) == [(1, 1, RED)]
    assert episodes[0].sentence == (
        "Turn 1: Northland's spies put Southland's forces at 6 units when it had 4 "
        "(fear inflates its reports), and Northland armed in answer."
    )


def test_consecutive_armings_after_over_estimates_alone_are_one_episode():
    # Southland holds, Northland fears and arms every turn: every count is inflated, and
    # fear now and then shows Southland's hold as an arming (a phantom, told on its own)
    moves = [(ARM, HOLD)] * 10
    replay, _ = scripted(moves, "nations.red.fear=0.5", seed=3)
    phantoms = [r.turn + 1 for r in replay.records[:-1] if r.red.seen.posture is Posture.ARM]
    alone = [turn for turn in range(1, 11) if turn not in phantoms]
    expected = []
    for turn in alone:
        if expected and expected[-1][1] == turn - 1:
            expected[-1] = (expected[-1][0], turn)
        else:
            expected.append((turn, turn))
    episodes = found(analyse(replay), "perception_error")
    merged = [
        e for e in episodes if "never happened" not in e.sentence and "reported" not in e.sentence
    ]
    assert phantoms and any(last > first for first, last in expected)
    assert [(e.first_turn, e.last_turn) for e in merged] == expected
    longest = next(e for e in merged if e.last_turn > e.first_turn)
    assert longest.sentence == (
        f"Turns {longest.first_turn}–{longest.last_turn}: Northland's spies over-estimated "
        "Southland's forces before every one of these decisions (by up to 2 units; fear "
        "inflates its reports), and Northland armed in answer each time."
    )


def test_an_arming_seen_that_never_happened_is_marked_even_when_nobody_answers_it():
    # both hold throughout: nobody arms, yet Southland's spies report arming that never was
    moves = [(HOLD, HOLD)] * 12
    replay, _ = scripted(moves, "intel.posture_misread=0.3", seed=4)
    phantoms = [r.turn for r in replay.records if r.blue.seen.posture is Posture.ARM]
    assert len(phantoms) >= 2
    [episode] = [e for e in found(analyse(replay), "perception_error") if e.side is BLUE]
    listed = ", ".join(map(str, phantoms[:-1])) + f" and {phantoms[-1]}"
    assert spans([episode]) == [(phantoms[0], phantoms[-1], BLUE)]
    assert episode.sentence == (
        f"Turns {phantoms[0]}–{phantoms[-1]}: Southland's spies reported {len(phantoms)} "
        f"armings by Northland that never happened (turns {listed}), and Southland did not "
        "arm in answer" + (" (the last came as the game ended)." if phantoms[-1] == 12 else ".")
    )


def test_a_single_unanswered_phantom_arming_says_what_was_really_done():
    # the first game (by seed) whose first phantom is not followed by another, cut after it
    for seed in range(1, 50):
        replay, _ = scripted([(HOLD, HOLD)] * 12, "intel.posture_misread=0.3", seed=seed)
        seen = [r.red.seen.posture is Posture.ARM for r in replay.records]
        if True in seen[:-1] and not seen[seen.index(True) + 1]:
            break
    first = seen.index(True) + 1
    short, _ = scripted([(HOLD, HOLD)] * (first + 1), "intel.posture_misread=0.3", seed=seed)
    [episode] = [e for e in found(analyse(short), "perception_error") if e.side is RED]
    assert spans([episode]) == [(first, first, RED)]
    assert episode.sentence == (
        f"Turn {first}: Northland's spies reported that Southland armed on turn {first} "
        "when it had in fact held, but Northland did not arm in answer."
    )


def test_an_over_estimate_inside_the_reported_range_is_not_an_error():
    # noisy counts, but Southland holds and Northland arms: with a huge reported
    # uncertainty no count is ever outside its own range
    replay, _ = scripted([(ARM, HOLD)] * 8, "intel.arsenal_noise=50")
    assert found(analyse(replay), "perception_error") == []


# -- misread signals ---------------------------------------------------------------------------


def test_reassurance_heard_as_a_warning_is_a_misread_signal():
    moves = [(HOLD, REASSURE), (HOLD, REASSURE), (ARM, REASSURE), (HOLD, HOLD)]
    replay, _ = scripted(moves, "intel.signal_misread=1.0")
    episodes = found(analyse(replay), "misread_signal")
    # the second reassurance is followed by Northland arming: that episode runs on to it;
    # the two misreadings Northland did not answer are one episode
    assert spans(episodes) == [(1, 3, RED), (2, 3, RED)]
    assert episodes[0].sentence == (
        "Turns 1–3: Northland heard a warning 2 times where Southland had sent reassurance "
        "(turns 1 and 3), and did not arm in answer."
    )
    assert episodes[1].sentence == (
        "Turns 2–3: Southland sent reassurance, but Northland heard a warning, and Northland "
        "armed on turn 3."
    )


def test_a_warning_heard_as_reassurance_is_also_a_misread_signal():
    replay, _ = scripted([(Orders(signal=Signal.WARN), HOLD)], "intel.signal_misread=1.0")
    (episode,) = found(analyse(replay), "misread_signal")
    assert episode.side is BLUE
    assert episode.sentence == "Turn 1: Northland sent a warning, but Southland heard reassurance."


# -- execution accidents -----------------------------------------------------------------------


def test_an_order_carried_out_differently_is_an_execution_accident():
    replay, _ = scripted([(HOLD, HOLD)] * 12, "execution.error=0.3", seed=2)
    expected = [
        (number, number, side)
        for number, turn in enumerate(replay.turns, start=1)
        for side in (RED, BLUE)
        if turn[side.key]["draws"]["execution"] < 0.3
    ]
    episodes = found(analyse(replay), "execution_accident")
    assert expected and spans(episodes) == expected
    first = episodes[0]
    done = replay.turns[first.first_turn - 1][first.side.key]["executed"]["posture"]
    name = NORTH if first.side is RED else SOUTH
    past = {"arm": "armed", "disarm": "disarmed"}[done]
    assert first.sentence == (
        f"Turn {first.first_turn}: {name} ordered its forces to hold, but they {past}: "
        "an accident, not a decision."
    )


# -- treaties ----------------------------------------------------------------------------------


def test_a_treaty_is_made_by_two_proposals_and_broken_by_a_caught_violation():
    big_arm = Orders(Posture.ARM, 2.0)
    moves = [(HOLD, HOLD), (PROPOSE, PROPOSE), (HOLD, HOLD), (big_arm, HOLD), (HOLD, HOLD)]
    replay, _ = scripted(moves, "treaty.detection=1.0")
    analysis = analyse(replay)
    assert spans(found(analysis, "treaty_made")) == [(2, 2, None)]
    assert found(analysis, "treaty_made")[0].sentence == (
        "Turn 2: Northland and Southland both proposed a cap and signed a treaty freezing "
        "their forces (Northland at 4 units, Southland at 4)."
    )
    (broken,) = found(analysis, "treaty_broken")
    assert (broken.first_turn, broken.side) == (4, RED)
    assert broken.sentence == (
        "Turn 4: Northland went above its treaty cap (Northland 6 units against 4); "
        "Southland caught it, and the treaty collapsed."
    )


def test_an_undetected_violation_breaks_no_treaty():
    moves = [(PROPOSE, PROPOSE), (ARM, HOLD), (HOLD, HOLD)]
    replay, _ = scripted(moves, "treaty.detection=0.0")
    analysis = analyse(replay)
    assert len(found(analysis, "treaty_made")) == 1 and found(analysis, "treaty_broken") == []


# -- costly signals ----------------------------------------------------------------------------


def test_a_costly_signal_counts_when_it_lowers_the_other_sides_suspicion():
    cut = Orders(Posture.DISARM, 1.0, signal=Signal.UNILATERAL_CUT)
    inspect = Orders(signal=Signal.INVITE_INSPECTION)
    moves = [(HOLD, HOLD), (cut, HOLD), (REASSURE, HOLD), (inspect, HOLD), (HOLD, HOLD)]
    replay, _ = scripted(moves)
    analysis = analyse(replay)
    suspicion = analysis.beliefs[BLUE]
    (episode,) = found(analysis, "costly_signal")
    assert (episode.first_turn, episode.side) == (2, RED)
    assert suspicion[2] < suspicion[1] - 0.05
    assert episode.sentence == (
        "Turn 2: Northland made a public, verified cut of 1 unit; a careful observer in "
        f"Southland's place would now put the chance that Northland is expansionist at "
        f"{suspicion[2]:.0%}, down from {suspicion[1]:.0%}."
    )
    # the inspection on turn 4 came when Southland had little suspicion left to lose, and
    # cheap talk (turn 3) is never a costly signal
    assert suspicion[3] - suspicion[4] < 0.05


# -- crises and war ----------------------------------------------------------------------------

CRISIS = ("tension.initial=0.5", "tension.decay=0.2", "tension.arm=1.0")
BIG_ARM = Orders(Posture.ARM, 3.0)


def test_a_crisis_is_each_stretch_of_turns_above_the_crisis_line():
    # turn 2 drives tension to 1; it then decays by a fifth a turn: 0.8, 0.64, 0.51
    moves = [(HOLD, HOLD), (BIG_ARM, BIG_ARM), *[(HOLD, HOLD)] * 4]
    replay, _ = scripted(moves, *CRISIS, "conflict.crisis_threshold=0.6")
    (episode,) = found(analyse(replay), "crisis")
    assert spans([episode]) == [(2, 4, None)]
    assert episode.sentence == (
        "Turns 2–4: tension stood at or above the crisis line (0.60) for 3 turns, peaking at 1.00."
    )


def test_a_crisis_that_turns_into_war_says_so():
    # with tension 1 and equal forces the chance of war is war_rate · 1 · 2 · 1/2 = 1
    moves = [(HOLD, HOLD), (BIG_ARM, BIG_ARM), (HOLD, HOLD)]
    replay, match = scripted(moves, *CRISIS, "conflict.war_rate=1.0")
    assert replay.finished and len(replay.turns) == 2
    (episode,) = found(analyse(replay), "crisis")
    winner = match.result().winner
    assert episode.sentence == (
        "Turn 2: tension stood at or above the crisis line (0.70) for 1 turn, peaking at "
        f"1.00, and on turn 2 the crisis turned into war: {NORTH if winner is RED else SOUTH} won."
    )


def test_a_surprise_attack_is_a_crisis_of_its_own():
    replay, match = scripted([(HOLD, HOLD), (Orders(strike=True), HOLD), (HOLD, HOLD)])
    result = match.result()
    (episode,) = found(analyse(replay), "crisis")
    assert (episode.first_turn, episode.side) == (2, RED)
    outcome = "Northland won" if result.winner is RED else "Southland won"
    assert episode.sentence == (
        f"Turn 2: Northland launched a surprise attack on Southland, and the war ended the "
        f"game: {outcome}."
    )


# -- Tang's verdict ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("moves", "overrides", "dilemma", "words"),
    [
        ([(ARM, ARM)] * 4, (), True, "A true security dilemma by Tang's three conditions"),
        ([(HOLD, HOLD)] * 4, (), False, "no power accumulated (neither ended with clearly more"),
        (
            [(ARM, HOLD)] * 4,
            (),
            False,
            "but neither side armed in answer to a threat it saw, so this was a one-sided",
        ),
        (
            [(ARM, ARM)] * 4,
            ("nations.blue.type=expansionist",),
            False,
            "A deterrence case, not a security dilemma: Southland was secretly expansionist",
        ),
        (
            [(HOLD, HOLD)] * 4,
            ("nations.blue.type=expansionist", "nations.red.type=expansionist"),
            False,
            "both Northland and Southland were secretly expansionist",
        ),
    ],
)
def test_the_verdict_follows_tangs_three_conditions(moves, overrides, dilemma, words):
    replay, match = scripted(moves, *overrides)
    analysis = analyse(replay)
    assert analysis.security_dilemma is dilemma
    assert analysis.security_dilemma == match.result().verdict.security_dilemma
    assert words in analysis.verdict


def test_a_true_dilemma_names_who_built_up_and_by_how_much():
    replay, _ = scripted([(ARM, ARM), (ARM, ARM), (ARM, HOLD)])
    assert analyse(replay).verdict.endswith(
        "each armed in answer to the other, and still power accumulated (Northland's "
        "offensive power rose from 4 to 7 and Southland's offensive power rose from 4 to 6)."
    )
    once, _ = scripted([(ARM, ARM), (ARM, HOLD), (ARM, HOLD)])
    assert "but Southland never armed in answer" in analyse(once).verdict


def test_a_strike_by_a_security_seeker_is_named_a_preventive_war():
    replay, _ = scripted([(HOLD, HOLD), (Orders(strike=True), HOLD)])
    assert analyse(replay).verdict.endswith(
        " Northland, a security seeker, struck first on turn 2: a preventive war, started out "
        "of fear of what the other might do, not for gain."
    )
    replay, _ = scripted([(HOLD, Orders(strike=True))], "nations.blue.type=expansionist")
    assert analyse(replay).verdict.endswith(
        " Southland, an expansionist, struck first on turn 1: aggression."
    )


def test_a_game_saved_part_way_is_judged_so_far():
    replay, _ = scripted([(ARM, ARM)] * 2, turns=10)
    analysis = analyse(replay)
    assert not replay.finished
    assert analysis.verdict.startswith("So far (the game was saved after turn 2): ")
    empty, _ = scripted([], turns=10)
    nothing = analyse(empty)
    assert nothing.episodes == [] and nothing.beliefs == {RED: [], BLUE: []}


# -- beliefs -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("level_id", "red", "blue"),
    [
        ("costly-signals", "bayesian", "expert"),
        ("europe-1909", "fearful", "tit-for-tat"),  # scripted events change the rules
        ("missile-shield", "richardson", "bayesian"),
    ],
)
def test_beliefs_are_a_careful_observers_at_every_decision(level_id, red, blue):
    level = load_builtin(level_id, ["rules.turns=25"])
    match = Match(level.scenario, 5, make_strategy(red), make_strategy(blue))
    match.play_out()
    replay = as_replay(level, match)
    beliefs = analyse(replay).beliefs
    for side in (RED, BLUE):
        expected = [belief_from(view[side]) for view in replay.views]
        assert beliefs[side] == pytest.approx(expected, rel=1e-9, abs=1e-12)


# -- invariants over many games ----------------------------------------------------------------

STRATEGIES = ["tit-for-tat", "always-arm", "fearful", "bayesian", "grim", "random"]
NO_PERCEPTION_NOISE = (
    "intel.arsenal_noise=0",
    "intel.posture_misread=0",
    "intel.signal_misread=0",
    "nations.red.fear=0",
    "nations.blue.fear=0",
)


@settings(max_examples=30)
@given(
    level_id=st.sampled_from(["fog-of-war", "doubly-dangerous", "costly-signals", "deterrence"]),
    red=st.sampled_from(STRATEGIES),
    blue=st.sampled_from(STRATEGIES),
    seed=st.integers(0, 2**32),
    perception=st.booleans(),
    execution=st.booleans(),
)
def test_episodes_lie_within_the_game_in_order_and_only_where_their_noise_is(
    level_id, red, blue, seed, perception, execution
):
    overrides = ["rules.turns=15", f"execution.error={0.2 if execution else 0.0}"]
    if not perception:
        overrides += NO_PERCEPTION_NOISE
    level = load_builtin(level_id, overrides)
    match = Match(level.scenario, seed, make_strategy(red), make_strategy(blue))
    match.play_out()
    replay = as_replay(level, match)
    analysis = analyse(replay)
    played = len(replay.turns)
    kinds = {episode.kind for episode in analysis.episodes}

    assert kinds <= set(EPISODE_KINDS)
    firsts = [episode.first_turn for episode in analysis.episodes]
    assert firsts == sorted(firsts)
    for episode in analysis.episodes:
        assert 1 <= episode.first_turn <= episode.last_turn <= played
        start = episode.sentence.split(":")[0]
        assert start in (
            f"Turn {episode.first_turn}",
            f"Turns {episode.first_turn}–{episode.last_turn}",
        )
    if not perception:
        assert not kinds & {"perception_error", "misread_signal"}
    if not execution:
        assert "execution_accident" not in kinds
    spiral = arming_runs(match.state.history.threatening)[0]
    races = [e for e in analysis.episodes if e.kind == "mutual_arming"]
    assert bool(spiral) == any(AN_ARMS_RACE.search(e.sentence) for e in races)
    assert all(e.last_turn - e.first_turn + 1 >= SPIRAL_RUN for e in races)
    assert analysis.security_dilemma == match.result().verdict.security_dilemma
    assert [len(analysis.beliefs[side]) for side in (RED, BLUE)] == [played, played]
    assert analyse(replay) == analysis  # deterministic


# -- the story handout -------------------------------------------------------------------------


def table_rows(text: str) -> list[list[str]]:
    """The cells of each Markdown table line (escaped pipes stay inside their cell)."""
    rows = []
    for line in text.splitlines():
        if line.startswith("|"):
            assert line.endswith("|"), line
            rows.append([cell.strip() for cell in re.split(r"(?<!\\)\|", line[1:-1])])
    return rows


def test_the_story_handout_tells_a_real_game(tmp_path):
    level = load_builtin("fog-of-war", ["rules.turns=30"])
    match = Match(level.scenario, 3, make_strategy("fearful"), make_strategy("tit-for-tat"))
    match.play_out()
    document = replay_document(
        level, {RED: "fearful", BLUE: "tit-for-tat"}, match.event_log(), match.result_summary()
    )
    path = tmp_path / "game.json.gz"
    write_replay(path, document)
    replay = read_replay(path)
    analysis = analyse(replay)
    story = story_markdown(replay, analysis)

    assert story.startswith("# Fog of War: the story of one game\n")
    assert "Redland (played by the computer: fearful; secretly a security seeker)" in story
    assert "Blueland (played by the computer: tit-for-tat; secretly a security seeker)" in story
    assert f"**Seed:** 3 · **Turns played:** {len(replay.turns)} of 30" in story
    result = match.result()
    outcome = result.outcome.key.replace("_", " ")
    assert (
        f"**Outcome:** {outcome}. **Final scores:** Redland {result.score[0]:.1f}, "
        f"Blueland {result.score[1]:.1f}." in story
    )
    assert analysis.verdict in story
    assert analysis.episodes  # a noisy game has something to discuss
    for episode in analysis.episodes:
        assert f"\n- {episode.sentence}\n" in story
    for number, question in enumerate(level.model.level.discussion_questions, start=1):
        assert f"\n{number}. {' '.join(question.split())}" in story

    start = level.scenario.start_arsenal.sum(axis=1)
    truths = [{RED: units(start[0]), BLUE: units(start[1])}] + [
        {side: units(sum(record[side.key]["arsenal"])) for side in (RED, BLUE)}
        for record in replay.turns
    ]
    header, rule, *rows = table_rows(story)
    assert len(rows) == len(replay.turns)
    assert all(len(row) == len(header) == len(rule) == 6 for row in rows)
    assert set(rule) <= {"---", "---:"}
    for number, (row, record) in enumerate(zip(rows, replay.turns, strict=True), start=1):
        assert row[0] == str(number)
        assert row[5].startswith(f"{record['tension']:.2f}")
        for cell, side in ((row[1], "red"), (row[2], "blue")):
            assert cell.startswith(record[side]["executed"]["posture"])
        for cell, side in ((row[3], RED), (row[4], BLUE)):
            truth = truths[number - 1][side.other]
            assert cell == f"{units(replay.views[number - 1][side].intel.total)} (true {truth})"


def test_the_story_table_shows_each_estimate_beside_the_truth_and_any_accident():
    replay, _ = scripted(
        [(ARM, HOLD), (HOLD, REASSURE)], "nations.red.fear=0.5", "execution.error=0.0"
    )
    story = story_markdown(replay, analyse(replay))
    _, _, first, second = table_rows(story)
    assert first == ["1", "arm 1", "hold", "6 (true 4)", "4 (true 4)", "0.12"]
    assert second == ["2", "hold", "hold, reassure", "6 (true 4)", "5 (true 5)", "0.09"]


def test_the_story_survives_awkward_names_and_unfinished_games():
    text = LEVEL.replace('name = "Northland"', 'name = "North|land"')
    level = load_level_text(text, "awkward.toml")
    match = Match(level.scenario, 1)
    match.submit(RED, ARM)
    match.submit(BLUE, HOLD)
    match.resolve()
    replay = as_replay(level, match)
    story = story_markdown(replay, analyse(replay))
    header, _, row = table_rows(story)
    assert len(header) == len(row) == 6 and header[1] == "North\\|land did"
    assert "**Outcome:** not finished" in story
    assert "## For discussion\n\n1. When did the first misunderstanding happen?" in story


def test_matrix_games_have_no_crises_because_they_have_no_war():
    from game.ai.registry import make_strategy
    from game.levels import load_builtin
    from game.replay import parse_replay, replay_document
    from game.session.match import Match

    level = load_builtin("chicken", ["rules.turns=30"])
    match = Match(level.scenario, 2, make_strategy("always-arm"), make_strategy("always-arm"))
    match.play_out()
    assert max(record["tension"] for record in match.turn_log) >= 0.6  # tension still rises
    document = replay_document(
        level, {Side.RED: "always-arm", Side.BLUE: "always-arm"}, match.event_log()
    )
    replay = parse_replay(json.dumps(document).encode(), "chicken.json")
    kinds = {episode.kind for episode in analyse(replay).episodes}
    assert "crisis" not in kinds and "mutual_arming" in kinds
