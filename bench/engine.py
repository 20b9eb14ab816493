"""Engine speed: one interactive turn at a time, and a batch of 10,000 games.

Run: ``python bench/engine.py`` (after ``pip install .``; ``--before DIR`` adds a column
for another checkout). Prints CPU time, the best of ``--repeats`` runs, against the
targets of the foundation and single-game issues:

* one interactive turn (resolution, both observations, the turn's log record and two
  baseline strategies, as the game window plays it through a ``Match``), for the full
  rules (fog-of-war, 50 turns) and for the 200-round prisoner's dilemma: 99th percentile
  under 1 ms;
* 10,000 games × 50 turns of full rules within 1 s on one core;
* for reference, without a target of its own, the engine alone (``resolve_turn``,
  replaying the orders of a finished batch): a 200-turn game of full rules (fog-of-war, as
  a replay is verified: its share of the replay's 50 ms) and the tournament's batch (640
  prisoner's dilemma games of the eight classic strategies, execution noise 0.05: its share
  of ``bench/vs_axelrod.py``);
* both sides' views of a turn of that 200-turn game alone, as a replay makes them (each
  side's observations, its observation of the game, and its record of the last turn).
"""

from __future__ import annotations

import os

# One core: keep any BLAS thread pool out of the measurement.
for variable in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(variable, "1")

import argparse  # noqa: E402
import statistics  # noqa: E402
import time  # noqa: E402

from ai import CLASSIC_EIGHT  # noqa: E402
from sides import Figure, add_options, report  # noqa: E402

from game.ai.registry import make_strategy  # noqa: E402
from game.levels import load_level  # noqa: E402
from game.rules.engine import GameState, resolve_turn, start_games  # noqa: E402
from game.rules.model import OrdersBatch, Scenario, Side  # noqa: E402
from game.rules.noise import Noise, game_seeds  # noqa: E402
from game.session.match import Match  # noqa: E402
from game.session.runner import run_games  # noqa: E402

INTERACTIVE_TARGET_MS = 1.0
BATCH_TARGET_S = 1.0
RED, BLUE = "tit-for-tat", "always-arm"
FIGURES = (
    Figure("full: turn median", "ms"),
    Figure("full: turn p99", "ms", INTERACTIVE_TARGET_MS),
    Figure("matrix: turn median", "ms"),
    Figure("matrix: turn p99", "ms", INTERACTIVE_TARGET_MS),
    Figure("full: 10,000 games x 50 turns", "s", BATCH_TARGET_S),
    Figure("engine alone: 1 game, per turn", "ms"),
    Figure("engine alone: 640 games, per turn", "ms"),
    Figure("views alone: 1 game, per turn", "ms"),
)


def interactive(level_id: str, turns: int, games: int) -> list[float]:
    """CPU milliseconds per turn of single games played through a Match, as the window does.

    Thread CPU time, so that another process taking the core does not count.
    """
    scenario = load_level(level_id, [f"rules.turns={turns}"]).scenario
    times = []
    for seed in range(games):
        match = Match(scenario, seed, make_strategy(RED), make_strategy(BLUE))
        while not match.finished:
            start = time.thread_time()
            match.resolve()
            times.append((time.thread_time() - start) * 1000)
    return sorted(times)


def batch(level_id: str, turns: int, games: int, repeats: int) -> float:
    """Best CPU time (s) of playing ``games`` games of ``turns`` turns in one batch."""
    scenario = load_level(level_id, [f"rules.turns={turns}"]).scenario
    seeds = game_seeds(2026, games)
    best = float("inf")
    for _ in range(repeats):
        start = time.process_time()
        run_games(scenario, lambda: make_strategy(RED), lambda: make_strategy(BLUE), seeds)
        best = min(best, time.process_time() - start)
    return best


def recorded_orders(state: GameState) -> list[tuple[OrdersBatch, OrdersBatch]]:
    """Each turn's orders of a finished batch, Red's and Blue's, read back from its history."""
    history = state.history

    def given(turn: int, side: int) -> OrdersBatch:
        return OrdersBatch(
            posture=history.ordered[turn, :, side],
            amount=history.requested[turn, :, side],
            kind=history.kind[turn, :, side],
            signal=history.signal[turn, :, side],
            strike=history.strike[turn, :, side],
        )

    return [(given(turn, 0), given(turn, 1)) for turn in range(state.turn)]


def engine_alone(scenario: Scenario, red: list[str], blue: list[str], repeats: int) -> float:
    """Best CPU milliseconds per turn of ``resolve_turn`` alone, replaying a played batch.

    One game per pairing ``red[i]`` against ``blue[i]``; the batch is played once with its
    strategies, then its orders are resolved again with no strategy, view or record.
    """
    seeds = game_seeds(2026, len(red))
    factories = {name: (lambda name=name: make_strategy(name)) for name in {*red, *blue}}
    played = run_games(scenario, [factories[n] for n in red], [factories[n] for n in blue], seeds)
    orders = recorded_orders(played.state)
    noise = Noise.draw(seeds, scenario.turns, scenario.kinds)
    best = float("inf")
    for _ in range(repeats):
        state = start_games(scenario, noise)
        start = time.process_time()
        for red_orders, blue_orders in orders:
            resolve_turn(state, red_orders, blue_orders)
        best = min(best, time.process_time() - start)
    return best * 1000 / len(orders)


def views_alone(scenario: Scenario, repeats: int) -> float:
    """Best CPU milliseconds per turn of both sides' views, on a played game's records.

    The game is played once; then, for each turn, each side's observations are made as at
    that turn (its records up to it), with its observation and its record of the turn
    before, as a replay verifying the game makes them.
    """
    match = Match(scenario, 2026, make_strategy("tit-for-tat"), make_strategy("bayesian"))
    match.play_out()
    state, played = match.state, match.turn
    best = float("inf")
    for _ in range(repeats):
        start = time.process_time()
        for turn in range(1, played + 1):
            state.turn = turn
            for side in Side:
                batch = state.observe(side)
                batch.game(0, ())
                batch.memory(0, turn - 1)
        best = min(best, time.process_time() - start)
    return best * 1000 / played


def measure(args: argparse.Namespace) -> dict[str, float]:
    """Every figure: the median and 99th percentile of the best run, and the batch."""
    figures = {}
    for label, level_id, turns, games in (
        ("full", args.full, 50, 20),
        ("matrix", args.matrix, 200, 5),
    ):
        runs = [interactive(level_id, turns, games) for _ in range(args.repeats)]
        p99s = [times[int(0.99 * (len(times) - 1))] for times in runs]
        figures[f"{label}: turn median"] = min(statistics.median(times) for times in runs)
        figures[f"{label}: turn p99"] = min(p99s)
    seconds = batch(args.full, args.turns, args.games, args.repeats)
    figures["full: 10,000 games x 50 turns"] = seconds * 10_000 * 50 / (args.games * args.turns)
    one_game = load_level(args.full, ["rules.turns=200"]).scenario
    figures["engine alone: 1 game, per turn"] = engine_alone(
        one_game, ["tit-for-tat"], ["bayesian"], 5 * args.repeats
    )
    tournament = load_level(args.matrix, ["execution.error=0.05"]).scenario
    pairings = [(red, blue) for red in CLASSIC_EIGHT for blue in CLASSIC_EIGHT] * 10
    figures["engine alone: 640 games, per turn"] = engine_alone(
        tournament, [red for red, _ in pairings], [blue for _, blue in pairings], args.repeats
    )
    figures["views alone: 1 game, per turn"] = views_alone(one_game, 5 * args.repeats)
    return figures


def main() -> None:
    """Measure and print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--full", default="fog-of-war", help="full-rules level id")
    parser.add_argument("--matrix", default="prisoners-dilemma", help="matrix level id")
    parser.add_argument("--games", type=int, default=10_000)
    parser.add_argument("--turns", type=int, default=50)
    parser.add_argument("--repeats", type=int, default=3)
    add_options(parser)
    args = parser.parse_args()
    argv = ["--full", args.full, "--matrix", args.matrix, "--games", str(args.games)]
    argv += ["--turns", str(args.turns), "--repeats", str(args.repeats)]
    title = f"{RED} vs {BLUE}, one core, CPU time, best of {args.repeats} runs"
    report(FIGURES, lambda: measure(args), args, __file__, argv, title)


if __name__ == "__main__":
    main()
