"""Where the tests find the repository's files."""

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORKED = ROOT / "docs" / "examples" / "worked-turn.toml"
"""The level of the worked turn in docs/rules.md, a small full-rules level with noise."""
