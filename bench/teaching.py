"""The lessons, measured: does the game teach what the theory says.

Run: ``python bench/teaching.py`` (after ``pip install .``); ``--quick`` for a smaller run.
Prints, as tables:

1. Jervis's four worlds × four security-seeking pairs: spiral and war rates, with their
   standard errors, over seeded games (1,000 per cell by default).
2. The missile shield: Redland's real security before and after Blueland's shield matures
   on turn 8, for Redland holding, building missiles, building multiple-warhead missiles
   (MIRVs) and building its own shield; and which kinds the computer players build.
3. Deterrence: each AI's first-strike rate as a security seeker (Redland) against
   tit-for-tat, bayesian and always-disarm, with its mean score beside a peaceful
   tit-for-tat's in its place.
4. Does war pay? On every full-rules level (strikes allowed for the test), a scripted
   turn-1 striker's mean score against a peaceful player's, and the mean of the striker's
   won wars against the mean of peaceful games.
5. Tang's verdict on constructed games: the cases that used to be mislabelled, and a true
   security dilemma.
6. Kydd's best response on the three matrix levels against the closed forms.
"""

from __future__ import annotations

import os

for variable in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(variable, "1")

import argparse  # noqa: E402
from collections.abc import Callable, Sequence  # noqa: E402
from dataclasses import dataclass  # noqa: E402

import numpy as np  # noqa: E402

from game.ai.beliefs import cooperates, stage_payoffs, trust_threshold  # noqa: E402
from game.ai.protocol import Strategy  # noqa: E402
from game.ai.registry import CATALOG, make_strategy  # noqa: E402
from game.levels import builtin_ids, load_builtin  # noqa: E402
from game.rules.model import (  # noqa: E402
    Observation,
    Orders,
    Outcome,
    Posture,
    Scenario,
    Side,
)
from game.rules.noise import game_seeds  # noqa: E402
from game.rules.scoring import spirals  # noqa: E402
from game.rules.tang import explain, tang_verdicts  # noqa: E402
from game.session.match import Match  # noqa: E402
from game.session.runner import run_games  # noqa: E402

WORLDS = {
    "I": "doubly-dangerous",
    "II": "dilemma-but-compatible",
    "III": "warning-offense",
    "IV": "doubly-stable",
}
SEEKING_PAIRS = ("tit-for-tat", "generous-tit-for-tat", "bayesian", "fearful")


def factory(spec: str, **params: object) -> Callable[[], Strategy]:
    """A factory of fresh strategies, bound now (not to a loop variable)."""
    return lambda: make_strategy(spec, params)


def rate(flags: np.ndarray) -> str:
    """A share with its standard error, e.g. ``0.266 ± 0.014``."""
    p = float(np.mean(flags))
    return f"{p:.3f} ± {np.sqrt(p * (1 - p) / len(flags)):.3f}"


def table(header: Sequence[str], rows: Sequence[Sequence[object]]) -> None:
    """Print a Markdown table."""
    print("| " + " | ".join(header) + " |")
    print("|" + "|".join("---" for _ in header) + "|")
    for row in rows:
        print("| " + " | ".join(str(cell) for cell in row) + " |")
    print()


# -- 1. the four worlds --------------------------------------------------------------------


def section_worlds(games: int) -> None:
    print(f"## 1. Jervis's four worlds ({games} seeded games per cell, same seeds everywhere)\n")
    rows = []
    measured: dict[tuple[str, str], tuple[float, float]] = {}
    seeds = game_seeds(1978, games)
    for name in SEEKING_PAIRS:
        for world, level_id in WORLDS.items():
            scenario = load_builtin(level_id).scenario
            run = run_games(scenario, factory(name), factory(name), seeds)
            state = run.state
            war = np.isin(
                state.outcome,
                [Outcome.SPIRAL_TO_WAR, Outcome.AGGRESSION_WON, Outcome.AGGRESSION_LOST],
            )
            spiral = spirals(state.history.threatening, state.outcome).astype(bool)
            built = state.history.amount * (state.history.executed == Posture.ARM)
            offensive = np.nansum(built * state.history.threatening)
            total = np.nansum(built)
            share = offensive / total if total else 0.0
            rows.append((name, world, rate(spiral), rate(war), f"{share:.2f}"))
            measured[name, world] = (float(np.mean(spiral)), float(np.mean(war)))
    table(
        ("pair (both sides)", "world", "spiral rate", "war rate", "threatening share of builds"),
        rows,
    )
    print("Jervis's ranking, per pair: spirals no rarer in world I than anywhere and no")
    print("commoner in world IV; wars commonest in world I; world IV below world II by more")
    print("than three standard errors.\n")
    checks = []
    for name in SEEKING_PAIRS:
        spiral = [measured[name, world][0] for world in WORLDS]
        war = [measured[name, world][1] for world in WORLDS]
        error = np.sqrt(spiral[1] * (1 - spiral[1]) / games)
        checks.append(
            (
                name,
                "yes" if spiral[0] >= max(spiral[1:]) and spiral[3] <= min(spiral) else "no",
                "yes" if war[0] > max(war[1:]) and war[3] <= min(war) else "no",
                "yes" if spiral[1] - spiral[3] > 3 * error else "no",
            )
        )
    header = ("pair", "spirals worst in I, rarest in IV", "wars worst in I", "IV clearly below II")
    table(header, checks)


# -- 2. the missile shield ---------------------------------------------------------------------


def scripted_match(
    scenario: Scenario,
    seed: int,
    red: Callable[[Observation], Orders],
    blue: Callable[[Observation], Orders],
) -> Match:
    """A game in which both sides follow scripts written over their own observations."""
    match = Match(scenario, seed)
    while not match.finished:
        for side, script in ((Side.RED, red), (Side.BLUE, blue)):
            problems = match.submit(side, script(match.observation(side)))
            if problems:
                raise ValueError(f"{side.key}: {problems}")
        match.resolve()
    return match


def section_shield() -> None:
    print("## 2. The missile shield: Redland's real security as Blueland's shield matures\n")
    level = load_builtin("missile-shield")
    scenario = level.scenario
    kinds = {kind: index for index, kind in enumerate(scenario.weapon_ids)}
    rows = []
    held = 0.0
    plans = {
        "holds": None,
        "builds missiles": "missiles",
        "builds MIRVs": "mirv",
        "builds its own shield": "shield",
    }
    for label, kind in plans.items():

        def red(view: Observation, kind: str | None = kind) -> Orders:
            if kind is None or view.turn < 7:
                return Orders(Posture.HOLD)
            return Orders(Posture.ARM, scenario.max_change, kinds[kind])

        match = scripted_match(scenario, 1, red, lambda view: Orders(Posture.HOLD))
        security = match.state.history.real_security[:, 0, 0]
        spent = 0.0
        for turn in range(7, 12):
            spent += float(match.state.history.cost[turn, 0, 0])
        held = security[11] if kind is None else held
        rows.append(
            (
                label,
                f"{security[6]:.3f}",
                f"{security[7]:.3f}",
                f"{security[9]:.3f}",
                f"{security[11]:.3f}",
                f"{spent:.2f}",
                "-" if kind is None else f"{(security[11] - held) / spent:.3f}",
            )
        )
    table(
        (
            "Redland (from turn 8)",
            "after turn 7",
            "after turn 8",
            "after turn 10",
            "after turn 12",
            "cost, turns 8–12",
            "security gained per cost",
        ),
        rows,
    )
    print("What the computer players build on `missile-shield` (both sides the same AI, ")
    print("100 games), from turn 8 on, as a share of units built:\n")
    seeds = game_seeds(8, 100)
    rows = []
    for name in ("tit-for-tat", "bayesian", "richardson", "fearful", "expert:difficulty=2"):
        spec, params = _spec(name)
        run = run_games(scenario, factory(spec, **params), factory(spec, **params), seeds)
        history = run.state.history
        built = np.nan_to_num(history.amount * (history.executed == Posture.ARM))[7:]
        by_kind = []
        for side in (0, 1):
            shares = []
            side_total = built[:, :, side].sum()
            for index in range(scenario.kinds):
                mask = history.kind[7:, :, side] == index
                amount = (built[:, :, side] * mask).sum()
                shares.append(f"{amount / side_total:.2f}" if side_total else "-")
            by_kind.append(" / ".join(shares))
        rows.append((name, by_kind[0], by_kind[1]))
    table(("AI", "Redland: " + " / ".join(scenario.weapon_ids), "Blueland"), rows)


def _spec(text: str) -> tuple[str, dict[str, object]]:
    name, _, rest = text.partition(":")
    params: dict[str, object] = {}
    if rest:
        key, _, value = rest.partition("=")
        params[key] = int(value)
    return name, params


# -- 3. deterrence ---------------------------------------------------------------------------


def section_deterrence(games: int, expert_games: int) -> None:
    print("## 3. Deterrence: first strikes by a security-seeking Redland on `deterrence`\n")
    scenario = load_builtin("deterrence").scenario
    opponents = ("tit-for-tat", "bayesian", "always-disarm")
    rows = []
    names = [name for name in CATALOG if name != "true-to-type"]
    for name in names:
        count = expert_games if name == "expert" else games
        seeds = game_seeds(10, count)
        cells = [name]
        for opponent in opponents:
            run = run_games(scenario, factory(name), factory(opponent), seeds)
            strikes = run.state.history.strike[:, :, 0].any(axis=0)
            peaceful = run_games(
                scenario,
                factory("tit-for-tat"),
                factory(opponent),
                seeds,
            )
            cells.append(
                f"{np.mean(strikes):.2f} · {np.mean(run.state.score[:, 0]):.1f} "
                f"(TFT {np.mean(peaceful.state.score[:, 0]):.1f})"
            )
        rows.append(cells)
    print("Each cell: first-strike rate · Redland's mean score (a peaceful tit-for-tat's in its")
    print(f"place). {games} games per cell, {expert_games} for expert.\n")
    table(("Redland", *[f"against {o}" for o in opponents]), rows)


# -- 4. does war pay? --------------------------------------------------------------------------


def section_war_pays(games: int) -> None:
    print("## 4. Does war pay a security seeker? (strikes allowed on every level for the test)\n")
    rows = []
    seeds = game_seeds(4, games)
    for level_id in builtin_ids():
        level = load_builtin(level_id)
        if level.model.rules.mode != "full":
            continue
        overrides = ["rules.strike=true"]
        red_nation = level.model.nations.red
        if red_nation.expansionist_probability is not None:
            overrides.append("nations.red.expansionist_probability=0.0")
        else:
            overrides.append('nations.red.type="security_seeker"')
        scenario = load_builtin(level_id, overrides).scenario
        blue = level.model.nations.blue.controller
        if blue.strategy == "human":
            opponent = factory("tit-for-tat")
        else:
            opponent = factory(blue.strategy, **blue.params)
        striker = run_games(scenario, _Striker, opponent, seeds)
        peaceful = run_games(scenario, _Holder, opponent, seeds)
        won = striker.state.outcome == Outcome.AGGRESSION_WON
        peace = ~np.isin(
            peaceful.state.outcome,
            [Outcome.SPIRAL_TO_WAR, Outcome.AGGRESSION_WON, Outcome.AGGRESSION_LOST],
        )
        rows.append(
            (
                level_id,
                f"{np.mean(striker.state.score[:, 0]):.1f}",
                f"{np.mean(peaceful.state.score[:, 0]):.1f}",
                f"{np.mean(striker.state.score[won, 0]):.1f}" if won.any() else "-",
                f"{np.mean(peaceful.state.score[peace, 0]):.1f}" if peace.any() else "-",
                f"{np.mean(won):.2f}",
            )
        )
    print(f"Redland, a security seeker, against the level's own Blueland; {games} games each.\n")
    table(
        (
            "level",
            "turn-1 striker",
            "peaceful (holds)",
            "striker's won wars",
            "peaceful games that stayed at peace",
            "striker won",
        ),
        rows,
    )


class _Striker:
    def decide(self, observation: Observation, rng: np.random.Generator) -> Orders:
        return Orders(Posture.HOLD, strike=observation.turn == 0)


class _Holder:
    def decide(self, observation: Observation, rng: np.random.Generator) -> Orders:
        return Orders(Posture.HOLD)


# -- 5. Tang's verdict -------------------------------------------------------------------------


@dataclass(frozen=True)
class Case:
    label: str
    level: str
    overrides: tuple[str, ...]
    red: Callable[[Observation], Orders]
    blue: Callable[[Observation], Orders]


QUIET = ("intel.arsenal_noise=0", "intel.posture_misread=0", "intel.signal_misread=0")


def _arm(kind: int = 0, amount: float = 1.0) -> Callable[[Observation], Orders]:
    return lambda view: Orders(Posture.ARM, amount, kind)


def _hold(view: Observation) -> Orders:
    return Orders(Posture.HOLD)


def _disarm(view: Observation) -> Orders:
    return Orders(Posture.DISARM, 1.0)


def _peak_then_back(view: Observation) -> Orders:
    return (
        Orders(Posture.ARM, 1.0)
        if view.turn < 3
        else Orders(Posture.DISARM, 1.0)
        if view.turn < 6
        else Orders(Posture.HOLD)
    )


def _once(view: Observation) -> Orders:
    return Orders(Posture.ARM, 1.0) if view.turn == 0 else Orders(Posture.HOLD)


def _matrix(posture: Posture) -> Callable[[Observation], Orders]:
    return lambda view: Orders(posture, 1.0)


def section_tang() -> None:
    print("## 5. Tang's verdict on constructed games (noise switched off)\n")
    cases = [
        Case("peak, then back to the start", "fog-of-war", QUIET, _peak_then_back, _peak_then_back),
        Case("one-sided build-up against always-disarm", "fog-of-war", QUIET, _arm(), _disarm),
        Case(
            "exploitation in the prisoner's dilemma",
            "prisoners-dilemma",
            (),
            _matrix(Posture.DISARM),
            _matrix(Posture.ARM),
        ),
        Case("both build shield batteries", "missile-shield", QUIET, _arm(1), _arm(1)),
        Case("one build of one unit over a start of two", "fog-of-war", QUIET, _once, _hold),
        Case(
            "one build over a start of zero",
            "fog-of-war",
            (*QUIET, "nations.red.arsenal.army=0", "nations.blue.arsenal.army=0"),
            _once,
            _hold,
        ),
        Case("both arm in answer to each other", "fog-of-war", QUIET, _arm(), _arm()),
    ]
    rows = []
    for case in cases:
        scenario = load_builtin(case.level, list(case.overrides)).scenario
        match = scripted_match(scenario, 1, case.red, case.blue)
        verdict = tang_verdicts(match.state)[0]
        key, text = explain(match.state, 0, ["Redland", "Blueland"])
        outcome = Outcome(int(match.state.outcome[0])).key
        rows.append(
            (
                case.label,
                case.level,
                outcome,
                "yes" if verdict.security_dilemma else "no",
                key,
                text[:110] + ("…" if len(text) > 110 else ""),
            )
        )
    table(("game", "level", "outcome", "true dilemma", "verdict", "sentence"), rows)


# -- 6. Kydd ---------------------------------------------------------------------------------


def section_kydd() -> None:
    print("## 6. Kydd's best response on the matrix levels\n")
    rows = []
    trust = np.linspace(0.0, 1.0, 11)
    for level_id in ("prisoners-dilemma", "stag-hunt", "chicken"):
        scenario = load_builtin(level_id).scenario
        payoffs = stage_payoffs(scenario)
        assert payoffs is not None
        threshold, side = trust_threshold(scenario)
        chosen = cooperates(trust, scenario)
        pattern = "".join("C" if c else "D" for c in chosen)
        rows.append(
            (
                level_id,
                "R S T P = " + " ".join(f"{p:g}" for p in payoffs),
                f"{threshold:.3f} ({side})",
                pattern,
            )
        )
    table(("level", "payoffs", "threshold", "restraint at trust 0, 0.1, …, 1"), rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer games per figure")
    parser.add_argument("--only", type=int, nargs="*", help="sections to run (1-6)")
    args = parser.parse_args()
    games = 200 if args.quick else 1000
    wanted = set(args.only or range(1, 7))
    if 1 in wanted:
        section_worlds(games)
    if 2 in wanted:
        section_shield()
    if 3 in wanted:
        section_deterrence(50 if args.quick else 200, 10 if args.quick else 40)
    if 4 in wanted:
        section_war_pays(100 if args.quick else 400)
    if 5 in wanted:
        section_tang()
    if 6 in wanted:
        section_kydd()


if __name__ == "__main__":
    main()
