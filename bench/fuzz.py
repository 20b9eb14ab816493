"""Fuzz every loader at ten times the CI budget; print, per loader, the cases and findings.

Run: ``python bench/fuzz.py`` (after ``pip install -e ".[test]"``). It runs the fuzz suite
(``tests/test_fuzz_*.py``, strategies in ``tests/fuzzing.py``) with
``SECURITY_DILEMMA_FUZZ_SCALE=10``, in collect mode: a failing case is counted and its
message kept, and the run goes on. Then it prints a table (loader, cases tried, accepted,
failed, slowest case) and each distinct finding with how often it was seen. The exit
status is 0 when nothing was found, 1 otherwise.

Options: ``--scale N`` for another multiple of the CI budget, ``--strict`` to run exactly
as CI does (the first failure of a test stops it and is shown by pytest), ``-k EXPR`` to
pick tests as pytest does, ``--root DIR`` to fuzz another copy of the game (for example a
pristine checkout, to compare findings before and after a change).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
import xml.etree.ElementTree as ElementTree
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ORDER = ["levels", "--set", "replays", "saves", "settings", "classroom"]


def run(root: Path, scale: float, strict: bool, select: str | None) -> int:
    """Run the suite; print the table and the findings; return the exit status."""
    tests = sorted(str(path) for path in (root / "tests").glob("test_fuzz_*.py"))
    if not tests:
        print(f"no fuzz tests in {root / 'tests'}", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory() as folder:
        report = Path(folder) / "report.json"
        junit = Path(folder) / "junit.xml"
        env = {
            **os.environ,
            "SECURITY_DILEMMA_FUZZ_SCALE": str(scale),
            "SECURITY_DILEMMA_FUZZ_REPORT": str(report),
            "SECURITY_DILEMMA_FUZZ_COLLECT": "0" if strict else "1",
            "PYTHONPATH": os.pathsep.join([str(root), os.environ.get("PYTHONPATH", "")]),
        }
        command = [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:cacheprovider",
            "-W",
            "ignore::hypothesis.errors.HypothesisWarning",
            f"--junitxml={junit}",
            *(["-k", select] if select else []),
            *tests,
        ]
        print(f"Fuzzing {root} at {scale:g}x the CI budget ({len(tests)} files)...", flush=True)
        start = time.perf_counter()
        result = subprocess.run(command, cwd=root, env=env, capture_output=True, text=True)
        elapsed = time.perf_counter() - start
        loaders = json.loads(report.read_text(encoding="utf-8")) if report.exists() else {}
        failures = _failed_tests(junit)
    print(f"done in {elapsed:.0f} s\n")
    print(f"{'Loader':<11}{'Cases':>8}{'Accepted':>10}{'Failed':>8}{'Slowest':>10}")
    names = [n for n in ORDER if n in loaders] + sorted(set(loaders) - set(ORDER))
    for name in names:
        row = loaders[name]
        print(
            f"{name:<11}{row['cases']:>8}{row['accepted']:>10}{row['failed']:>8}"
            f"{row['slowest']:>9.2f}s"
        )
    total = sum(row["failed"] for row in loaders.values())
    for name in names:
        findings = loaders[name].get("findings", {})
        if findings:
            print(f"\nFindings, {name}:")
            for message, count in findings.items():
                print(f"  {count:>5} x {message}")
    if failures:
        print("\nTests that failed outside a counted case (see pytest's output below):")
        for name in failures:
            print(f"  {name}")
        print("\n" + "\n".join(result.stdout.splitlines()[-60:]))
    if not total and not failures and result.returncode == 0:
        print("\nNo findings.")
        return 0
    if result.returncode not in (0, 1):
        print("\n" + result.stdout[-4000:] + result.stderr[-4000:])
    return 1


def _failed_tests(junit: Path) -> list[str]:
    """The tests that pytest counted as failed or in error."""
    if not junit.exists():
        return []
    failed = []
    for test in ElementTree.parse(junit).getroot().iter("testcase"):
        if test.find("failure") is not None or test.find("error") is not None:
            failed.append(f"{test.get('classname')}::{test.get('name')}")
    return failed


def main() -> None:
    """Parse the options and run."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=10.0, help="times the CI budget")
    parser.add_argument("--strict", action="store_true", help="stop each test at its first failure")
    parser.add_argument("-k", dest="select", help="only tests matching this pytest expression")
    parser.add_argument("--root", type=Path, default=ROOT, help="the copy of the game to fuzz")
    args = parser.parse_args()
    sys.exit(run(args.root.resolve(), args.scale, args.strict, args.select))


if __name__ == "__main__":
    main()
