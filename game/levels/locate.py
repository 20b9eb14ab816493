"""Find the line of every key and array item in a TOML document, and how deeply it nests.

``tomllib`` parses values but forgets where they were, and a teacher fixing a level needs
``file:line``. :func:`key_lines` reads a document that ``tomllib`` already accepted and
records the line on which each dotted path starts; it does not interpret values. It jumps
from token to token with regular expressions and ``str.find`` (a megabyte in well under a
second) and never recurses deeper than :data:`MAX_SCAN_DEPTH`.

:func:`nesting_line` runs *before* ``tomllib``, on any text: it finds the line where arrays
and inline tables first nest deeper than a limit, so that a hostile file is refused
before a recursive parser sees it.
"""

from __future__ import annotations

import re

Path = tuple[str, ...]

MAX_RECORDED_PARTS = 64
"""Paths are recorded up to this many parts (a longer dotted key is refused anyway)."""
MAX_RECORDED_ITEMS = 1000
"""Array items are recorded up to this many (lists of levels are much shorter)."""
MAX_SCAN_DEPTH = 64
"""Deeper arrays and inline tables are skipped, not descended into."""

_BLANK = re.compile(r"[ \t\r]*(?:#[^\n]*)?")
_BLANK_LINES = re.compile(r"(?:[ \t\r\n]+|#[^\n]*)*")
_GAP = re.compile(r"(?:[ \t\r\n,]+|#[^\n]*)*")
"""Between array items or inline-table entries: blanks, comments and the commas."""
_SIMPLE_KEY = re.compile(r"[ \t]*([A-Za-z0-9_-]+)[ \t]*(?=[=\]])")
_BARE = re.compile(r"[A-Za-z0-9_-]*")
_SCALAR = re.compile(r"[^,\]}#\n]*")
_BASIC = re.compile(r'(?:[^"\\\n]+|\\.)*')
_LITERAL = re.compile(r"[^'\n]*")
_ESCAPE = re.compile(r"\\(?:u([0-9A-Fa-f]{4})|U([0-9A-Fa-f]{8})|(.))", re.DOTALL)
_ESCAPES = {'"': '"', "\\": "\\", "n": "\n", "t": "\t", "r": "\r", "b": "\b", "f": "\f"}
_TOKEN = re.compile(r"[\"'#\[\]{}]")


def _unescape(match: re.Match[str]) -> str:
    code = match.group(1) or match.group(2)
    if code is not None:
        number = int(code, 16)
        return chr(number) if number < 0x110000 else ""
    char = match.group(3)
    return _ESCAPES.get(char, char)


def _string_end(text: str, pos: int) -> int:
    """Where the string starting at ``pos`` ends (just after its closing quote)."""
    for quote in ('"""', "'''"):
        if text.startswith(quote, pos):
            search = pos + 3
            while True:
                end = text.find(quote, search)
                if end < 0:
                    return len(text)
                if quote == '"""':
                    slashes = end
                    while slashes > search and text[slashes - 1] == "\\":
                        slashes -= 1
                    if (end - slashes) % 2:  # an escaped quote: not the end
                        search = end + 1
                        continue
                close = end + 3
                extra = 0  # up to two more quotes belong to the string
                while extra < 2 and text.startswith(quote[0], close):
                    close += 1
                    extra += 1
                return close
    if text.startswith('"', pos):
        match = _BASIC.match(text, pos + 1)
        end = match.end() if match else pos + 1
        return end + 1 if text.startswith('"', end) else end
    match = _LITERAL.match(text, pos + 1)
    end = match.end() if match else pos + 1
    return end + 1 if text.startswith("'", end) else end


class _Scanner:
    def __init__(self, text: str) -> None:
        self.text = text
        self.pos = 0
        self.lines: dict[Path, int] = {}
        self.table_counts: dict[Path, int] = {}
        self._counted = 0  # newlines are counted up to here...
        self._line = 1  # ...which is on this line

    # -- low level -------------------------------------------------------------------------
    @property
    def line(self) -> int:
        """The line of the current position (counted forwards, once)."""
        if self.pos > self._counted:
            self._line += self.text.count("\n", self._counted, self.pos)
            self._counted = self.pos
        elif self.pos < self._counted:
            self._line = self.text.count("\n", 0, self.pos) + 1
            self._counted = self.pos
        return self._line

    def peek(self) -> str:
        return self.text[self.pos] if self.pos < len(self.text) else ""

    def skip_blank(self, newlines: bool) -> None:
        """Skip spaces, tabs and comments, and newlines too when ``newlines``."""
        pattern = _BLANK_LINES if newlines else _BLANK
        match = pattern.match(self.text, self.pos)
        if match:
            self.pos = match.end()

    def record(self, path: Path, line: int) -> None:
        self.lines.setdefault(path, line)

    # -- keys and strings ------------------------------------------------------------------
    def string(self) -> str:
        """Read a string and return its content (escapes decoded in basic strings)."""
        start = self.pos
        end = _string_end(self.text, start)
        self.pos = end
        raw = self.text[start:end]
        if raw.startswith(('"""', "'''")):
            return raw[3:-3]
        content = raw[1:-1] if len(raw) >= 2 and raw[-1] == raw[0] else raw[1:]
        return _ESCAPE.sub(_unescape, content) if raw.startswith('"') else content

    def key(self) -> Path:
        simple = _SIMPLE_KEY.match(self.text, self.pos)
        if simple:  # the usual case: one bare key, then "=" or "]"
            self.pos = simple.end()
            return (simple.group(1),)
        parts: list[str] = []
        while True:
            self.skip_blank(newlines=False)
            if self.peek() in ('"', "'") and self.peek():
                parts.append(self.string())
            else:
                match = _BARE.match(self.text, self.pos)
                end = match.end() if match else self.pos
                parts.append(self.text[self.pos : end])
                self.pos = end
            self.skip_blank(newlines=False)
            if self.peek() != ".":
                return tuple(parts)
            self.pos += 1

    # -- values ----------------------------------------------------------------------------
    def value(self, path: Path, depth: int) -> None:
        self.skip_blank(newlines=False)
        char = self.peek()
        if char in ('"', "'") and char:
            self.string()
        elif char in ("[", "{") and char:
            if depth >= MAX_SCAN_DEPTH:
                self.skip_nested()
            elif char == "[":
                self.array(path, depth + 1)
            else:
                self.inline_table(path, depth + 1)
        else:
            match = _SCALAR.match(self.text, self.pos)
            self.pos = match.end() if match else self.pos

    def skip_nested(self, level: int = 0) -> None:
        """Skip a whole array or inline table (or the rest of one) without descending."""
        text = self.text
        while self.pos < len(text):
            match = _TOKEN.search(text, self.pos)
            if match is None:
                self.pos = len(text)
                return
            token, self.pos = match.group(), match.start()
            if token in "\"'":
                self.pos = _string_end(text, self.pos)
                continue
            if token == "#":
                end = text.find("\n", self.pos)
                self.pos = len(text) if end < 0 else end
                continue
            self.pos += 1
            level += 1 if token in "[{" else -1
            if level <= 0:
                return

    def array(self, path: Path, depth: int) -> None:
        text, size = self.text, len(self.text)
        self.pos += 1  # [
        index = 0
        while self.pos < size:
            self.pos = _GAP.match(text, self.pos).end()  # type: ignore[union-attr]
            if self.pos >= size:
                return
            if text[self.pos] == "]":
                self.pos += 1
                return
            if index >= MAX_RECORDED_ITEMS:  # the rest is found at the array's own line
                self.skip_nested(level=1)
                return
            item = (*path, str(index))
            if len(item) <= MAX_RECORDED_PARTS:
                self.record(item, self.line)
            before = self.pos
            self.value(item, depth)
            if self.pos == before:  # not TOML: never loop on the spot
                self.pos += 1
            index += 1

    def inline_table(self, path: Path, depth: int) -> None:
        text, size = self.text, len(self.text)
        self.pos += 1  # {
        while self.pos < size:
            self.pos = _GAP.match(text, self.pos).end()  # type: ignore[union-attr]
            if self.pos >= size:
                return
            if text[self.pos] == "}":
                self.pos += 1
                return
            before = self.pos
            self.keyval(path, depth)
            if self.pos == before:
                self.pos += 1

    def keyval(self, table: Path, depth: int = 0) -> None:
        line = self.line
        path = (*table, *self.key())
        for size in range(len(table) + 1, min(len(path), MAX_RECORDED_PARTS) + 1):
            self.record(path[:size], line)
        self.skip_blank(newlines=False)
        if self.peek() == "=":
            self.pos += 1
        self.value(path, depth)

    # -- document --------------------------------------------------------------------------
    def document(self) -> dict[Path, int]:
        table: Path = ()
        text = self.text
        while self.pos < len(text):
            self.skip_blank(newlines=True)
            if self.pos >= len(text):
                break
            line = self.line
            if text.startswith("[[", self.pos):
                self.pos += 2
                header = self.key()[:MAX_RECORDED_PARTS]
                self.pos += 2
                index = self.table_counts.get(header, 0)
                self.table_counts[header] = index + 1
                self.record(header, line)
                table = (*header, str(index))
                self.record(table, line)
            elif self.peek() == "[":
                self.pos += 1
                table = self.key()[:MAX_RECORDED_PARTS]
                self.pos += 1
                for size in range(1, len(table) + 1):
                    self.record(table[:size], line)
            else:
                self.keyval(table)
            self.skip_to_line_end()
        return self.lines

    def skip_to_line_end(self) -> None:
        self.skip_blank(newlines=False)
        end = self.text.find("\n", self.pos)
        self.pos = len(self.text) if end < 0 else end


def key_lines(text: str) -> dict[Path, int]:
    """Map each dotted path (list indices as strings) to the line where it is written."""
    return _Scanner(text).document()


def line_of(lines: dict[Path, int], path: Path) -> int | None:
    """The line of ``path``, or of its nearest written ancestor (for a missing key)."""
    for depth in range(min(len(path), MAX_RECORDED_PARTS), 0, -1):
        line = lines.get(path[:depth])
        if line is not None:
            return line
    return None


def line_at(text: str, offset: int) -> int:
    """The 1-based line of a character offset."""
    return text.count("\n", 0, max(offset, 0)) + 1


def last_line(text: str) -> int:
    """The number of the document's last line (where "at end of document" points)."""
    return max(1, text.count("\n") + (0 if text.endswith("\n") else 1))


def _skipped(text: str, pos: int, token: str) -> int:
    """Where a string or comment starting at ``pos`` ends."""
    if token == "#":
        end = text.find("\n", pos)
        return len(text) if end < 0 else end
    return _string_end(text, pos)


def nesting_line(text: str, limit: int) -> int | None:
    """The line where arrays and inline tables first nest deeper than ``limit``, or None.

    Strings and comments are skipped as TOML writes them; table headers count as one
    level while they are open. Works on any text, valid TOML or not.
    """
    level = 0
    pos = 0
    while True:
        match = _TOKEN.search(text, pos)
        if match is None:
            return None
        token, pos = match.group(), match.start()
        if token in "\"'#":
            pos = _skipped(text, pos, token)
        else:
            pos += 1
            level = max(level + (1 if token in "[{" else -1), 0)
            if level > limit:
                return line_at(text, pos - 1)


_PART = r"""(?:[A-Za-z0-9_-]++|"[^"\n]*+"|'[^'\n]*+')"""


def dotted_line(text: str, limit: int) -> int | None:
    """The line of the first dotted key of more than ``limit`` parts, or None.

    ``tomllib`` takes time quadratic in the parts of a dotted key (a key of 20,000 parts
    takes seconds), so such keys are found first, in linear time: a regular expression
    finds long dotted chains (possessive, so it never backtracks), and a chain counts
    only if it does not start inside a string or a comment.
    """
    chain = re.compile(
        rf"(?<![A-Za-z0-9_.-])(?<!\.[ \t]){_PART}(?:[ \t]*+\.[ \t]*+{_PART}){{{limit},}}+"
    )
    found = [match.start() for match in chain.finditer(text)]
    if not found:
        return None
    pos = 0
    for start in found:  # skip the strings and comments before each chain
        while pos <= start:
            match = _TOKEN.search(text, pos)
            if match is None or match.start() > start:
                return line_at(text, start)
            token = match.group()
            if match.start() == start:  # a quoted first part: the chain is a key
                return line_at(text, start)
            if token in "\"'#":
                end = _skipped(text, match.start(), token)
                if match.start() < start < end:
                    pos = end
                    break  # this chain is inside a string or comment
                pos = end
            else:
                pos = match.start() + 1
        else:
            return line_at(text, start)
    return None
