"""The ``security-dilemma`` command: simulate, tournament, validate, levels, strategies, schema.

Bad input never ends in a traceback: every refusal is a :class:`game.errors.GameError`,
printed in one place (:func:`main`) as its lines, level problems one per line as
``file:line: path: message``, and the command exits with status 2. Each command imports
what it needs when it runs, so that ``--help`` answers at once.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from game import __version__
from game.errors import GameError

if TYPE_CHECKING:  # each command imports what it needs when it runs: a quick --help
    from game.levels import LoadedLevel
    from game.levels.schema import Controller
    from game.replay import Replay
    from game.rules.engine import GameState
    from game.session.classroom import ClassSummary
    from game.session.results import GameResult
    from game.session.runner import Fouls, StrategyFactory

EXIT_INVALID = 2


class UsageError(GameError):
    """Bad command-line input; the message is shown as ``error: ...`` with exit status 2."""


def _load(args: argparse.Namespace, kept: bool = False) -> LoadedLevel:
    """The level of ``--level``, ``--set`` and ``--turns``, checked (every problem refused).

    ``kept``: from the cache of compiled levels if it passed before, for the commands that
    only play its scenario (the others need the file's model, which is validated anyway).
    """
    from game.ai.registry import controller_problem

    overrides: list[str] = list(args.set or [])
    if getattr(args, "turns", None) is not None:
        overrides.append(f"rules.turns={args.turns}")
    if kept:
        from game.session.level_cache import load_level_cached

        return load_level_cached(args.level, overrides, controller_problem)
    from game.levels import load_level

    return load_level(args.level, overrides, controller_problem)


def _seed(args: argparse.Namespace) -> int:
    """The seed given with ``--seed``, or a fresh one (printed, so the run can be repeated)."""
    from game.rules.noise import fresh_seed

    given: int | None = args.seed
    return fresh_seed() if given is None else given


class ProgressBar:
    """Progress on stderr: a live bar on a terminal, a few plain lines in a log."""

    def __init__(self, label: str, total: int, stream: TextIO | None = None) -> None:
        self.label = label
        self.total = total
        self.stream = stream or sys.stderr
        self.live = self.stream.isatty()
        self.last_reported = 0

    def update(self, done: float) -> None:
        """Report ``done`` units of ``total`` (fractions allowed)."""
        share = min(max(done / self.total, 0.0), 1.0) if self.total else 1.0
        percent = int(share * 100)
        if percent == 100 and self.last_reported == 100:
            return  # already finished
        if self.live:
            filled = int(share * 30)
            bar = "#" * filled + "-" * (30 - filled)
            self.stream.write(f"\r{self.label} [{bar}] {percent:3d}%  {int(done)}/{self.total}")
            if share >= 1.0:
                self.stream.write("\n")
            self.stream.flush()
        elif percent // 25 > self.last_reported // 25:
            self.stream.write(f"{self.label}: {percent}% ({int(done)}/{self.total})\n")
            self.stream.flush()
        self.last_reported = percent


def _reporter(bar: ProgressBar) -> Callable[[float], None]:
    """A progress callback (a share of the work done) that moves ``bar``."""
    return lambda share: bar.update(share * bar.total)


def _strategy_factory(spec: str, side: str) -> StrategyFactory:
    from game.ai.registry import HUMAN, factory_from_spec

    if spec.strip() == HUMAN:
        raise UsageError(f"--{side} human: this command plays AI against AI (pick a strategy)")
    return factory_from_spec(spec)


def simulate_results(
    loaded: LoadedLevel,
    red: str,
    blue: str,
    games: int,
    seed: int,
    progress: bool,
    replays: Path | None = None,
) -> tuple[list[GameResult], tuple[Fouls, Fouls]]:
    """Play ``games`` headless games; their results and each side's refused decisions.

    With ``replays``, every game is also written there as a replay file.
    """
    from game.rules.noise import game_seeds
    from game.session.results import game_results
    from game.session.runner import Fouls, run_in_chunks

    red_factory = _strategy_factory(red, "red")
    blue_factory = _strategy_factory(blue, "blue")
    seeds = game_seeds(seed, games)
    bar = ProgressBar("Simulating", games) if progress else None
    results: list[GameResult] = []
    fouls = (Fouls(), Fouls())
    report = None if bar is None else _reporter(bar)
    for start, run in run_in_chunks(loaded.scenario, red_factory, blue_factory, seeds, report):
        chunk = game_results(run.state, seeds[start : start + run.state.games])
        results += chunk
        if replays is not None:
            _save_replays(loaded, (red, blue), run.state, chunk, replays, start)
        for total, part in zip(fouls, run.fouls, strict=True):
            total.merge(part, offset=start)
    return results, fouls


def _save_replays(
    loaded: LoadedLevel,
    specs: tuple[str, str],
    state: GameState,
    results: list[GameResult],
    folder: Path,
    first: int,
) -> None:
    """One replay file per game of a finished batch, named by its number and seed."""
    from game.replay import game_from_batch, replay_document, write_replay
    from game.rules.model import Side

    controllers = dict(zip((Side.RED, Side.BLUE), specs, strict=True))
    for game, result in enumerate(results):
        log = game_from_batch(loaded, state, game, result.seed)
        document = replay_document(loaded, controllers, log, result.summary())
        write_replay(folder / f"{loaded.id}-{first + game + 1:05d}.json.gz", document)


def _report_fouls(names: tuple[str, str], fouls: tuple[Fouls, Fouls]) -> None:
    """After the games: which decisions were refused and replaced by hold, and why."""
    for name, side_fouls in zip(names, fouls, strict=True):
        if not side_fouls.count:
            continue
        print(
            f"{name}: {side_fouls.count} decision(s) refused and replaced by 'hold, no signal':",
            file=sys.stderr,
        )
        for message in side_fouls.messages:
            print(f"  {message}", file=sys.stderr)
        if side_fouls.count > len(side_fouls.messages):
            print(f"  ... and {side_fouls.count - len(side_fouls.messages)} more", file=sys.stderr)


def _print_summary(
    loaded: LoadedLevel, red: str, blue: str, seed: int, summary: dict[str, Any]
) -> None:
    from game.rules.model import Outcome
    from game.rules.vocabulary import outcome_name

    print(f"Level: {loaded.id} ({loaded.title})")
    print(f"Red: {red}    Blue: {blue}    Games: {summary['games']}    Seed: {seed}")
    print()
    print(f"{'Outcome':<18}{'Games':>8}{'Share':>9}")
    games = max(summary["games"], 1)
    for key, count in summary["outcomes"].items():
        label = outcome_name(Outcome.from_key(key))
        print(f"{label:<18}{count:>8}{count / games:>9.1%}")
    print()
    print(f"War rate:                     {summary['war_rate']:.1%}")
    scores = summary["mean_score"]
    print(f"Mean score:                   Red {scores['red']:.2f}    Blue {scores['blue']:.2f}")
    print(f"Mean length:                  {summary['mean_turns']:.1f} turns")
    print(f"True security dilemmas (Tang): {summary['security_dilemma_rate']:.1%}")


def cmd_simulate(args: argparse.Namespace) -> int:
    """Play AI-vs-AI games headless and summarise them."""
    if args.games < 1:
        raise UsageError("--games must be at least 1")
    from game.session.results import summarize

    loaded = _load(args, kept=True)
    seed = _seed(args)
    show_progress = not args.quiet and args.games >= 100
    replays = None
    if args.save_replays is not None:
        replays = Path(args.save_replays)
        try:
            replays.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise UsageError(f"--save-replays {replays}: {error.strerror or error}") from None
    results, fouls = simulate_results(
        loaded, args.red, args.blue, args.games, seed, show_progress, replays
    )
    if replays is not None:
        print(f"{len(results)} replays written to {replays}", file=sys.stderr)
    summary = summarize(results)
    if args.json:
        document = {
            "level": loaded.id,
            "red": args.red,
            "blue": args.blue,
            "seed": seed,
            "games": [result.to_dict() for result in results],
            "summary": summary,
            "fouls": {
                side: {"count": side_fouls.count, "messages": side_fouls.messages}
                for side, side_fouls in zip(("red", "blue"), fouls, strict=True)
            },
        }
        import json

        json.dump(document, sys.stdout, indent=None, separators=(",", ":"))
        sys.stdout.write("\n")
    else:
        _print_summary(loaded, args.red, args.blue, seed, summary)
    _report_fouls((f"Red ({args.red})", f"Blue ({args.blue})"), fouls)
    return 0


def _controller(spec: str | None, level_default: Controller) -> str:
    """``human`` or a strategy spec, from the command line or the level's default (checked)."""
    from game.ai.bot_spec import is_bot
    from game.ai.registry import HUMAN, spec_text, strategy_from_spec

    if spec is None:
        spec = spec_text(level_default.strategy, level_default.params)
    spec = spec.strip()
    if spec != HUMAN and not is_bot(spec):  # a bot's file is checked when its process starts
        strategy_from_spec(spec)
    return spec


def cmd_play(args: argparse.Namespace) -> int:
    """Open the game window on one match (the level's default players unless given)."""
    from game.rules.model import Side

    loaded = _load(args)
    nations = loaded.model.nations
    controllers = {
        Side.RED: _controller(args.red, nations.red.controller),
        Side.BLUE: _controller(args.blue, nations.blue.controller),
    }
    seed = _seed(args)
    from game.ui.play import play  # only the window needs pygame

    play(loaded, controllers, seed)
    return 0


def cmd_tournament(args: argparse.Namespace) -> int:
    """A round robin of strategies, self-play included, with a ranked table."""
    from game.session.tournament import (
        default_builder,
        run_tournament,
        slow_entrants,
        split_entrants,
    )

    entrants = split_entrants(args.strategies)
    if len(entrants) < 1:
        raise UsageError("--strategies needs at least one strategy, e.g. tit-for-tat,grim")
    if args.repetitions < 1:
        raise UsageError("--repetitions must be at least 1")
    if args.processes < 1:
        raise UsageError("--processes must be at least 1")
    for spec in entrants:
        _strategy_factory(spec, "strategies")
    for name in slow_entrants(entrants):
        print(f"note: {name} thinks long about every move: this may take minutes", file=sys.stderr)
    loaded = _load(args, kept=True)
    seed = _seed(args)
    total = len(entrants) ** 2 * args.repetitions
    bar = None if args.quiet else ProgressBar("Tournament", total)
    result = run_tournament(
        loaded.scenario,
        entrants,
        default_builder,
        args.repetitions,
        seed,
        args.processes,
        None if bar is None else _reporter(bar),
    )
    standings = result.standings()
    print(f"Level: {loaded.id} ({loaded.title})")
    print(
        f"{len(entrants)} strategies, every pairing on both sides and self-play, "
        f"{args.repetitions} repetitions: {total} games. Seed: {seed}"
    )
    print()
    width = max(len(row.strategy) for row in standings) + 2
    print(
        f"{'Rank':<6}{'Strategy':<{width}}{'Games':>7}{'Score/turn':>12}"
        f"{'Disarm':>9}{'War':>8}{'Spiral':>9}"
    )
    for row in standings:
        print(
            f"{row.rank:<6}{row.strategy:<{width}}{row.games:>7}{row.score_per_turn:>12.3f}"
            f"{row.disarm_rate:>9.1%}{row.war_rate:>8.1%}{row.spiral_rate:>9.1%}"
        )
    fouls = [row for row in standings if row.fouls]
    for row in fouls:
        print(f"note: {row.strategy} gave invalid orders {row.fouls} times (held instead)")
    if args.csv:
        _write_csv(Path(args.csv), [vars(row) for row in standings])
        pairs = Path(args.csv).with_name(Path(args.csv).stem + "-pairings.csv")
        _write_csv(pairs, result.pairings())
        print(f"\nwrote {args.csv} and {pairs}")
    return 0


def _write_csv(path: Path, rows: list[dict[str, Any]], lineterminator: str = "\r\n") -> None:
    """Write rows atomically, so an interrupted run never leaves half a file."""
    import csv
    import io

    from game.storage import write_atomically

    text = io.StringIO()
    writer = csv.DictWriter(text, fieldnames=list(rows[0]), lineterminator=lineterminator)
    writer.writeheader()
    writer.writerows(rows)
    write_atomically(path, text.getvalue())


def cmd_validate(args: argparse.Namespace) -> int:
    """Check level files and report every problem."""
    from game.ai.registry import controller_problem
    from game.levels import LevelError, load_level

    status = 0
    for path in args.files:
        try:
            loaded = load_level(Path(path), args.set or [], controller_problem)
        except LevelError as error:
            _show(error)
            status = EXIT_INVALID
        else:
            print(f"{path}: ok ({loaded.id}: {loaded.title})")
    return status


def cmd_levels(args: argparse.Namespace) -> int:
    """List the built-in levels."""
    from game.levels import builtin_levels

    levels = builtin_levels()
    width = max(len(level.id) for level in levels)
    for level in levels:
        print(f"{level.id:<{width}}  {level.title} [{level.difficulty}, {level.mode}]")
        print(f"{'':<{width}}  {level.summary}")
    return 0


def cmd_level_schema(args: argparse.Namespace) -> int:
    """Print (or write) the JSON Schema of level files."""
    import json

    from game.levels import level_schema
    from game.storage import write_atomically

    text = json.dumps(level_schema(), indent=2) + "\n"
    if args.output:
        write_atomically(Path(args.output), text)
        print(f"wrote {args.output}", file=sys.stderr)
    else:
        sys.stdout.write(text)
    return 0


TEXT_WIDTH = 88
"""Characters per line of the strategy catalog's descriptions."""


def cmd_strategies(args: argparse.Namespace) -> int:
    """List the strategy catalog: names, difficulty and tags in columns, then plain words."""
    import textwrap

    from game.ai.registry import CATALOG

    width = max(len(name) for name in CATALOG) + 2
    print(f"{'Strategy':<{width}}{'Difficulty':<12}Tags")
    for info in CATALOG.values():
        print(f"{info.name:<{width}}{info.difficulty:<12}{', '.join(info.tags)}")
        print(
            textwrap.fill(
                info.description, TEXT_WIDTH, initial_indent="    ", subsequent_indent="    "
            )
        )
        for name, words in info.parameter_help.items():
            print(
                textwrap.fill(
                    f"{name}: {words}",
                    TEXT_WIDTH,
                    initial_indent="    - ",
                    subsequent_indent="      ",
                )
            )
    print()
    print("Difficulty runs from 1 (easy to beat) to 5 (hardest). Give parameters as")
    print("name:key=value, for example random:p=0.3 or richardson:k=0.6,g=2.")
    return 0


def _add_level_options(
    parser: argparse.ArgumentParser, turns: bool = True, required: bool = True
) -> None:
    parser.add_argument(
        "--level",
        required=required,
        default=None if required else "tutorial",
        help="built-in level id (see 'levels') or path to a .toml file",
    )
    parser.add_argument(
        "--set",
        action="append",
        metavar="DOTTED.PATH=VALUE",
        help="override a level parameter for this run (repeatable), e.g. intel.arsenal_noise=2",
    )
    if turns:
        parser.add_argument(
            "--turns", type=int, help="number of turns (same as --set rules.turns=T)"
        )


def cmd_replay(args: argparse.Namespace) -> int:
    """Check a replay, export it for a class, or watch it in the window."""
    from game.replay import read_replay

    path = Path(args.file)
    replay = read_replay(path)
    if args.verify:
        result = replay.log.get("result")
        ending = result["outcome"].replace("_", " ") if result else "unfinished"
        print(f"{path}: verified, {len(replay.turns)} turns re-played exactly ({ending})")
        return 0
    if args.export is not None:
        folder = Path(args.export)
        try:
            written = export_replay(replay, folder)
        except OSError as error:
            raise UsageError(f"--export {folder}: {error.strerror or error}") from None
        for file in written:
            print(file)
        return 0
    from game.ui.play import view_replay  # only the window needs pygame

    view_replay(replay)
    return 0


def export_replay(replay: Replay, folder: Path) -> list[Path]:
    """The CSV of every turn, the story in Markdown and the charts as PNG, in ``folder``."""
    from game.replay.analysis import analyse
    from game.replay.export import turns_csv
    from game.replay.story import story_markdown
    from game.storage import write_atomically
    from game.ui.export import save_charts  # drawn with the game's painter (pygame)

    folder.mkdir(parents=True, exist_ok=True)
    analysis = analyse(replay)
    table = folder / "turns.csv"
    write_atomically(table, turns_csv(replay))
    story = folder / "story.md"
    write_atomically(story, story_markdown(replay, analysis))
    return [table, story, *save_charts(replay, analysis.beliefs, folder)]


def cmd_sweep(args: argparse.Namespace) -> int:
    """Vary one or two level parameters over a grid; write a CSV and a chart."""
    from game.session.lab import Axis, run_sweep

    if args.games < 1:
        raise UsageError("--games must be at least 1")
    if not 1 <= len(args.vary) <= 2:
        raise UsageError("give --vary once or twice")
    try:
        axes = [Axis.parse(text) for text in args.vary]
    except ValueError as error:
        raise UsageError(str(error)) from None
    loaded = _load(args)
    for spec, side in ((args.red, "red"), (args.blue, "blue")):
        _strategy_factory(spec, side)  # checked before any game is played
    out = Path(args.out)
    points = 1
    for axis in axes:
        points *= len(axis.values)
    bar = None if args.quiet else ProgressBar(f"Sweeping {points} points", points)
    report = None if bar is None else _reporter(bar)
    result = run_sweep(
        loaded, args.red, args.blue, axes, args.games, args.seed, args.processes, report
    )
    try:
        out.mkdir(parents=True, exist_ok=True)
        table = out / "sweep.csv"
        _write_csv(table, result.rows(), lineterminator="\n")
    except OSError as error:
        raise UsageError(f"--out {out}: {error.strerror or error}") from None
    from game.ui.export import save_sweep_chart  # drawn with the game's painter (pygame)

    title = f"{loaded.title}: {args.red} vs {args.blue}, {args.games} games a point"
    chart = save_sweep_chart(result, args.metric, title, out / "sweep.png")
    grid = result.grid(args.metric)
    print(f"{args.metric} from {grid.min():.3g} to {grid.max():.3g} over {points} points")
    print(table)
    print(chart)
    return 0


def cmd_host(args: argparse.Namespace) -> int:
    """Host a class game on the local network until the teacher ends it."""
    from game.net.console import run_host_console
    from game.net.setup import HostSetupError, make_host

    def save_class_charts(summary: ClassSummary, folder: Path) -> list[Path]:
        from game.ui.classroom import save_class_charts as draw  # charts need pygame, at the end

        return draw(summary, folder)

    try:
        host = make_host(
            level=args.level,
            overrides=list(args.set or []),
            pairing=args.pairing,
            ai=args.ai,
            turn_seconds=args.turn_seconds,
            bind=args.bind,
            port=args.port,
            resume=args.resume,
            name=args.name,
            draw_charts=save_class_charts,
        )
    except HostSetupError as error:
        print(f"error: {error}", file=sys.stderr)
        return EXIT_INVALID
    if not host.start():
        print(f"error: {host.error}", file=sys.stderr)
        return EXIT_INVALID
    try:
        run_host_console(host, sys.stdin, sys.stdout)
    except KeyboardInterrupt:
        host.stop()
        print("\nstopped; 'security-dilemma host --resume' carries on", file=sys.stderr)
        return 130
    return 0


def cmd_join(args: argparse.Namespace) -> int:
    """Join a class game: the window's join screen, filled in (or a seat in the terminal)."""
    from game.net.client import JoinError
    from game.net.console import play_in_terminal

    if not args.terminal:
        from game.ui.play import join_class_game  # only the window needs pygame

        join_class_game(args.address, args.code, args.name or "")
        return 0
    try:
        name = args.name or "Student"
        return play_in_terminal(args.address, args.code, name, sys.stdin, sys.stdout)
    except JoinError as error:
        print(f"error: {error}", file=sys.stderr)
        return EXIT_INVALID


def cmd_class_report(args: argparse.Namespace) -> int:
    """Merge classroom results files into a report: a table, CSV, Markdown and charts."""
    from game.session.classroom import class_report
    from game.ui.classroom import save_class_charts  # the charts are drawn with pygame

    out = Path(args.out) if args.out is not None else None
    return class_report(Path(args.dir), out, save_class_charts)


class _Metrics:
    """The names ``sweep --metric`` accepts, read from the lab only when a sweep asks."""

    def _names(self) -> tuple[str, ...]:
        from game.session.lab import METRICS

        return METRICS

    def __contains__(self, name: object) -> bool:
        return name in self._names()

    def __iter__(self) -> Iterator[str]:
        return iter(self._names())


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of every sub-command."""
    parser = argparse.ArgumentParser(
        prog="security-dilemma",
        description=(
            "Security Dilemma: two nations, secret orders, noisy intelligence. "
            "Without a command, opens the game window on the title screen. "
            "See README.md for how to play."
        ),
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    simulate = commands.add_parser("simulate", help="play AI-vs-AI games without a window")
    _add_level_options(simulate)
    simulate.add_argument("--red", required=True, help="Red's strategy, e.g. tit-for-tat")
    simulate.add_argument("--blue", required=True, help="Blue's strategy")
    simulate.add_argument("--games", type=int, default=100, help="number of games (default 100)")
    simulate.add_argument("--seed", type=int, help="root seed (printed if not given)")
    simulate.add_argument("--json", action="store_true", help="print one JSON document")
    simulate.add_argument("--quiet", action="store_true", help="no progress bar")
    simulate.add_argument(
        "--save-replays", metavar="DIR", help="also write one replay file per game to DIR"
    )
    simulate.set_defaults(handler=cmd_simulate)

    play_match = commands.add_parser("play", help="open the game window on one match")
    _add_level_options(play_match, required=False)
    play_match.add_argument("--red", help="human or a strategy (default: the level's)")
    play_match.add_argument("--blue", help="human or a strategy (default: the level's)")
    play_match.add_argument("--seed", type=int, help="seed of the game (random if not given)")
    play_match.set_defaults(handler=cmd_play)

    tournament = commands.add_parser(
        "tournament", help="round robin of strategies with a ranked table"
    )
    _add_level_options(tournament)
    tournament.add_argument(
        "--strategies",
        required=True,
        help="comma-separated strategies, e.g. tit-for-tat,grim,random:p=0.3",
    )
    tournament.add_argument("--repetitions", type=int, default=10, help="games per pairing")
    tournament.add_argument("--seed", type=int, help="root seed (printed if not given)")
    tournament.add_argument("--processes", type=int, default=1, help="worker processes")
    tournament.add_argument("--csv", help="write the ranking (and FILE-pairings.csv) here")
    tournament.add_argument("--quiet", action="store_true", help="no progress bar")
    tournament.set_defaults(handler=cmd_tournament)

    validate = commands.add_parser("validate", help="check level files, listing every problem")
    validate.add_argument("files", nargs="+", metavar="FILE")
    validate.add_argument("--set", action="append", metavar="DOTTED.PATH=VALUE")
    validate.set_defaults(handler=cmd_validate)

    sweep = commands.add_parser(
        "sweep", help="vary one or two level parameters and chart how the games change"
    )
    _add_level_options(sweep, required=True)
    sweep.add_argument("--red", required=True, help="Red's strategy")
    sweep.add_argument("--blue", required=True, help="Blue's strategy")
    sweep.add_argument(
        "--vary",
        action="append",
        required=True,
        metavar="DOTTED.PATH=START:STOP:STEPS",
        help="a level parameter and its grid, e.g. intel.posture_misread=0:0.3:7 (once or twice)",
    )
    sweep.add_argument("--games", type=int, default=1000, help="games per point (default 1000)")
    sweep.add_argument("--seed", type=int, default=1, help="the same seeds at every point")
    sweep.add_argument(
        "--metric",
        choices=_Metrics(),
        default="war_rate",
        metavar="METRIC",
        help="what the chart shows: %(choices)s (default %(default)s; the CSV has every one)",
    )
    sweep.add_argument("--processes", type=int, default=1, help="worker processes")
    sweep.add_argument("--out", required=True, metavar="DIR", help="folder for sweep.csv and .png")
    sweep.add_argument("--quiet", action="store_true", help="no progress bar")
    sweep.set_defaults(handler=cmd_sweep)

    replay = commands.add_parser(
        "replay", help="watch a replay in the window, check it, or export it for a class"
    )
    replay.add_argument("file", help="a replay file (.json or .json.gz)")
    replay.add_argument(
        "--verify", action="store_true", help="only check that the file re-plays exactly"
    )
    replay.add_argument(
        "--export", metavar="DIR", help="write turns.csv, story.md and PNG charts to DIR"
    )
    replay.set_defaults(handler=cmd_replay)

    class_report_command = commands.add_parser(
        "class-report", help="merge a class's results files into a report for the teacher"
    )
    class_report_command.add_argument(
        "dir", metavar="DIR", help="folder of results files (*.jsonl), subfolders included"
    )
    class_report_command.add_argument(
        "--out", metavar="OUT", help="write the report here (default: DIR itself)"
    )
    class_report_command.set_defaults(handler=cmd_class_report)

    host = commands.add_parser("host", help="host a class game on the local network")
    _add_level_options(host, turns=False, required=False)
    host.add_argument("--pairing", choices=("join", "random", "hand"), default="join")
    host.add_argument("--ai", default="tit-for-tat", help="the computer an odd student plays")
    host.add_argument("--turn-seconds", type=float, help="a turn clock (default: none)")
    host.add_argument("--bind", help="the address to listen on (default: this computer's LAN)")
    host.add_argument("--port", type=int, default=8765, help="the port (default 8765)")
    host.add_argument("--name", help="the session's name (default: the date and time)")
    host.add_argument(
        "--resume", action="store_true", help="carry on the last session after a crash"
    )
    host.set_defaults(handler=cmd_host)

    join = commands.add_parser("join", help="join a class game (opens the window)")
    join.add_argument("address", help="the host's address, e.g. 192.168.1.20:8765")
    join.add_argument("code", help="the join code on the teacher's screen")
    join.add_argument("--name", help="your name")
    join.add_argument(
        "--terminal", action="store_true", help="play in the terminal instead of the window"
    )
    join.set_defaults(handler=cmd_join)

    levels = commands.add_parser("levels", help="list the built-in levels")
    levels.set_defaults(handler=cmd_levels)

    schema = commands.add_parser("level-schema", help="print the JSON Schema of level files")
    schema.add_argument("--output", "-o", help="write to this file instead of stdout")
    schema.set_defaults(handler=cmd_level_schema)

    strategies = commands.add_parser("strategies", help="list the AI strategies")
    strategies.set_defaults(handler=cmd_strategies)
    return parser


def _show(error: GameError) -> None:
    """A refused input's lines on stderr: ``file:line: ...`` for levels, ``error: ...`` else."""
    for line in error.lines():
        print(line, file=sys.stderr)


ONE_BLAS_THREAD = ("OPENBLAS_NUM_THREADS", "1")
"""The game's arrays are small: numpy's linear algebra library starting a thread per core
when numpy is imported costs more CPU than it could ever save (a user's setting wins)."""


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of ``security-dilemma`` and ``python -m game``."""
    os.environ.setdefault(*ONE_BLAS_THREAD)  # before any command imports numpy
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        from game.ui.play import open_title  # only the window needs pygame

        open_title()
        return 0
    handler: Callable[[argparse.Namespace], int] = args.handler
    try:
        status = handler(args)
    except GameError as error:  # a level, strategy, bot, replay or command line refused
        _show(error)
        return EXIT_INVALID
    except KeyboardInterrupt:
        print("\ninterrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:  # e.g. piped into `head`: the reader has all it wanted
        sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - silence the interpreter's final flush
        return 0
    return status
