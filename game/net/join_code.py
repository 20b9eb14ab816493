"""Join codes a class can read off a projector, and the secret tokens that hold a seat.

A join code is short and typed by hand, so its alphabet leaves out the characters that
look alike (0/O/Q/D, 1/I/L/7, 2/Z, 5/S, 8/B, U/V, and G beside 6): 19 remain; 6 of them
give 47 million codes, and the host limits how often one address may guess. Seat tokens
are never typed: 32 random bytes, of which the host keeps only a hash.
"""

from __future__ import annotations

import hashlib
import secrets

ALPHABET = "ACEFHJKMNPRTWXY3469"
"""Characters a code is drawn from: none of them can be read as another."""
CODE_LENGTH = 6


def new_code() -> str:
    """A fresh join code, drawn with the operating system's secure random source."""
    return "".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH))


def normalise_code(typed: str) -> str:
    """A code as typed (any case, spaces or dashes between groups) in its canonical form."""
    return "".join(ch for ch in typed.upper() if not ch.isspace() and ch != "-")


def code_problem(code: str) -> str | None:
    """Why ``code`` (canonical form) cannot be a join code, or None."""
    if len(code) != CODE_LENGTH or any(ch not in ALPHABET for ch in code):
        return f"a join code is {CODE_LENGTH} characters from {ALPHABET}"
    return None


def shown_code(code: str) -> str:
    """The code as the projector shows it, in two groups of three: ``KMN-4XR``."""
    half = len(code) // 2
    return f"{code[:half]}-{code[half:]}"


def new_token() -> str:
    """A seat token: what a client keeps to rejoin its seat (43 URL-safe characters)."""
    return secrets.token_urlsafe(32)


def token_digest(token: str) -> str:
    """What the host stores of a token: a stolen database cannot be used to take seats."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def same_secret(a: str, b: str) -> bool:
    """Compare two digests in constant time."""
    return secrets.compare_digest(a.encode("ascii", "replace"), b.encode("ascii", "replace"))
