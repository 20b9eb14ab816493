"""Find the line of every key and array item in a TOML document.

``tomllib`` parses values but forgets where they were, and a teacher fixing a level needs
``file:line``. This scanner reads a document that ``tomllib`` already accepted and records
the line on which each dotted path starts; it does not interpret values.
"""

from __future__ import annotations

Path = tuple[str, ...]

_BARE = set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-")
_ESCAPES = {'"': '"', "\\": "\\", "n": "\n", "t": "\t", "r": "\r", "b": "\b", "f": "\f"}


class _Scanner:
    def __init__(self, text: str) -> None:
        self.text = text
        self.pos = 0
        self.line = 1
        self.lines: dict[Path, int] = {}
        self.table_counts: dict[Path, int] = {}

    # -- low level -------------------------------------------------------------------------
    def peek(self, offset: int = 0) -> str:
        index = self.pos + offset
        return self.text[index] if index < len(self.text) else ""

    def startswith(self, token: str) -> bool:
        return self.text.startswith(token, self.pos)

    def advance(self, count: int = 1) -> None:
        for _ in range(count):
            if self.pos < len(self.text):
                if self.text[self.pos] == "\n":
                    self.line += 1
                self.pos += 1

    def skip_blank(self, newlines: bool) -> None:
        """Skip spaces, tabs and comments, and newlines too when ``newlines``."""
        while self.pos < len(self.text):
            char = self.peek()
            if char in " \t\r" or (newlines and char == "\n"):
                self.advance()
            elif char == "#":
                while self.pos < len(self.text) and self.peek() != "\n":
                    self.advance()
            else:
                return

    def record(self, path: Path, line: int) -> None:
        self.lines.setdefault(path, line)

    # -- keys and strings ------------------------------------------------------------------
    def string(self) -> str:
        """Read a (possibly multi-line) string and return its content."""
        for quote in ('"""', "'''"):
            if self.startswith(quote):
                self.advance(3)
                start = self.pos
                while self.pos < len(self.text) and not self.startswith(quote):
                    self.advance(2 if quote == '"""' and self.peek() == "\\" else 1)
                content = self.text[start : self.pos]
                self.advance(3)
                while self.peek() == quote[0]:  # up to two quotes may close the string
                    self.advance()
                return content
        quote = self.peek()
        self.advance()
        chars: list[str] = []
        while self.pos < len(self.text) and self.peek() not in (quote, "\n"):
            if quote == '"' and self.peek() == "\\":
                self.advance()
                chars.append(_ESCAPES.get(self.peek(), self.peek()))
            else:
                chars.append(self.peek())
            self.advance()
        self.advance()
        return "".join(chars)

    def key(self) -> Path:
        parts: list[str] = []
        while True:
            self.skip_blank(newlines=False)
            if self.peek() in ('"', "'"):
                parts.append(self.string())
            else:
                start = self.pos
                while self.peek() in _BARE and self.peek():
                    self.advance()
                parts.append(self.text[start : self.pos])
            self.skip_blank(newlines=False)
            if self.peek() != ".":
                return tuple(parts)
            self.advance()

    # -- values ----------------------------------------------------------------------------
    def value(self, path: Path) -> None:
        self.skip_blank(newlines=False)
        char = self.peek()
        if char in ('"', "'"):
            self.string()
        elif char == "[":
            self.array(path)
        elif char == "{":
            self.inline_table(path)
        else:
            while self.pos < len(self.text) and self.peek() not in ",]}#\n":
                self.advance()

    def array(self, path: Path) -> None:
        self.advance()  # [
        index = 0
        while self.pos < len(self.text):
            self.skip_blank(newlines=True)
            if self.peek() == "]":
                self.advance()
                return
            if self.peek() == ",":
                self.advance()
                continue
            item = (*path, str(index))
            self.record(item, self.line)
            self.value(item)
            index += 1

    def inline_table(self, path: Path) -> None:
        self.advance()  # {
        while self.pos < len(self.text):
            self.skip_blank(newlines=True)
            if self.peek() == "}":
                self.advance()
                return
            if self.peek() == ",":
                self.advance()
                continue
            self.keyval(path)

    def keyval(self, table: Path) -> None:
        line = self.line
        path = (*table, *self.key())
        for depth in range(len(table) + 1, len(path) + 1):
            self.record(path[:depth], line)
        self.skip_blank(newlines=False)
        if self.peek() == "=":
            self.advance()
        self.value(path)

    # -- document --------------------------------------------------------------------------
    def document(self) -> dict[Path, int]:
        table: Path = ()
        while self.pos < len(self.text):
            self.skip_blank(newlines=True)
            if self.pos >= len(self.text):
                break
            line = self.line
            if self.startswith("[["):
                self.advance(2)
                header = self.key()
                self.advance(2)
                index = self.table_counts.get(header, 0)
                self.table_counts[header] = index + 1
                self.record(header, line)
                table = (*header, str(index))
                self.record(table, line)
            elif self.peek() == "[":
                self.advance()
                table = self.key()
                self.advance()
                for depth in range(1, len(table) + 1):
                    self.record(table[:depth], line)
            else:
                self.keyval(table)
            self.skip_to_line_end()
        return self.lines

    def skip_to_line_end(self) -> None:
        self.skip_blank(newlines=False)
        while self.pos < len(self.text) and self.peek() != "\n":
            self.advance()


def key_lines(text: str) -> dict[Path, int]:
    """Map each dotted path (list indices as strings) to the line where it is written."""
    return _Scanner(text).document()


def line_of(lines: dict[Path, int], path: Path) -> int | None:
    """The line of ``path``, or of its nearest written ancestor (for a missing key)."""
    for depth in range(len(path), 0, -1):
        line = lines.get(path[:depth])
        if line is not None:
            return line
    return None
