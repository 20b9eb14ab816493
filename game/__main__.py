"""Allow ``python -m game`` as an alias of the ``security-dilemma`` command."""

from game.cli import main

raise SystemExit(main())
