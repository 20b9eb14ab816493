"""Start-up: CPU seconds of whole processes, from the interpreter's start to their end.

Run: ``python bench/startup.py`` from the repository (``--before DIR`` adds a column for
another checkout, e.g. a worktree of main). Each figure is the best of ``--runs`` child
processes (user + system CPU seconds), after one warm-up run that compiles the bytecode,
against the targets of the start-up issue:

* ``security-dilemma --help``: under 0.25 s;
* ``security-dilemma levels``: under 0.4 s;
* the title screen, window open and its first frame drawn (SDL's dummy video driver, a
  fresh config folder): under 0.5 s;
* importing ``game.cli``, for reference (what every command paid before it did any work);
* a tournament of two strategies, one game a pairing of two turns, on a built-in level
  with two ``--set`` changes: nearly all start-up. Once the first time its level is seen
  (checked by the schema: a fresh cache folder each run), once run again (the level kept
  compiled in the cache folder, ``game.session.level_cache``). Our own start-up is the
  second less a Python that imports numpy and nothing else, shown last: the least any
  process of the game can cost (target of the start-up issue: under 0.06 s).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

from sides import Figure, add_options, child_cpu, report, tree_env

TITLE = """
from game.ui import play
from game.ui.menu import Menu


def show_title(app, problem):  # as open_title does (before play.show_title existed)
    menu = Menu(app)
    menu.warning = problem
    menu.title()


def first_frame(app, problem):
    getattr(play, "show_title", show_title)(app, problem)
    app.frame()
    app.quit()


play.run_window(first_frame)
"""

TOURNAMENT = [
    *("-m", "game", "tournament", "--level", "prisoners-dilemma"),
    *("--strategies", "tit-for-tat,grim", "--repetitions", "1", "--turns", "2"),
    *("--set", "execution.error=0.05", "--seed", "1", "--quiet"),
]
FIRST, AGAIN, FLOOR = "tournament, level new", "tournament, run again", "Python importing numpy"
FIGURES = (
    Figure("--help", "s", 0.25),
    Figure("levels", "s", 0.4),
    Figure("title screen", "s", 0.5),
    Figure("import game.cli", "s"),
    Figure(FIRST, "s"),
    Figure(AGAIN, "s"),
    Figure(FLOOR, "s"),
)
COMMANDS = {
    "--help": ["-m", "game", "--help"],
    "levels": ["-m", "game", "levels"],
    "title screen": ["-c", TITLE],
    "import game.cli": ["-c", "import game.cli"],
    AGAIN: TOURNAMENT,
    FLOOR: ["-c", "import numpy"],
}


def measure(tree: Path, runs: int) -> dict[str, float]:
    """Best CPU seconds of each command on the checkout in ``tree``."""
    with tempfile.TemporaryDirectory() as config:
        folders = {
            "SECURITY_DILEMMA_DATA_DIR": str(Path(config, "data")),
            "SECURITY_DILEMMA_CACHE_DIR": str(Path(config, "cache")),
        }
        env = tree_env(tree) | {"XDG_CONFIG_HOME": config, "XDG_DATA_HOME": config} | folders
        figures = {}
        for name, argv in COMMANDS.items():
            command = [sys.executable, *argv]
            child_cpu(command, env, tree)  # warm-up: bytecode compiled and cached
            figures[name] = min(child_cpu(command, env, tree) for _ in range(runs))
        command = [sys.executable, *TOURNAMENT]
        empty = [{"SECURITY_DILEMMA_CACHE_DIR": tempfile.mkdtemp(dir=config)} for _ in range(runs)]
        figures[FIRST] = min(child_cpu(command, env | cache, tree) for cache in empty)
    return figures


def main() -> None:
    """Measure and print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    add_options(parser)
    args = parser.parse_args()
    title = f"CPU seconds of the whole process, best of {args.runs} runs"
    argv = ["--runs", str(args.runs)]
    report(FIGURES, lambda: measure(args.tree, args.runs), args, __file__, argv, title)


if __name__ == "__main__":
    main()
