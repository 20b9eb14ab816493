"""Where the built-in levels and assets are, and how any file the game is given is read.

In a wheel, the repository's top-level ``levels/`` and ``assets/`` folders are packaged as
``game._levels`` and ``game._assets`` (see ``pyproject.toml``). In an editable install the
package is imported from the checkout, where those folders sit beside it. Either way the
location comes from the package, never from the current directory.

Files from outside (a level, a replay, settings, class results) are read with
:func:`read_limited`: regular files only, never beyond a limit. It lives here, at the
bottom of the layers, so that every layer may use it (``game.storage`` re-exports it).
"""

from __future__ import annotations

import errno
import importlib.resources
import os
import stat
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Literal


def data_dir(name: Literal["levels", "assets"]) -> Traversable:
    """The folder of built-in levels or of assets."""
    try:
        return importlib.resources.files(f"game._{name}")
    except ModuleNotFoundError:
        package = Path(str(importlib.resources.files("game")))
        return package.parent / name


class NotRegularFileError(OSError):
    """A folder, a device or a pipe where a file was expected (it is not read at all)."""


class FileTooLargeError(OSError):
    """A file larger than the reader's limit (it is not read beyond the limit)."""


def read_limited(path: Path | str, limit: int) -> bytes:
    """The bytes of the regular file ``path``, refusing anything else or anything larger.

    Raises :class:`NotRegularFileError` for a folder, device, socket or pipe (opened
    without blocking and never read), :class:`FileTooLargeError` for a file of more than
    ``limit`` bytes (at most ``limit + 1`` bytes are read), and ``OSError`` if the file
    cannot be opened. ``strerror`` of each says why in a few words.
    """
    flags = os.O_RDONLY | getattr(os, "O_BINARY", 0) | getattr(os, "O_NONBLOCK", 0)
    try:
        handle = os.open(path, flags)
    except IsADirectoryError:
        raise NotRegularFileError(errno.EISDIR, "it is a folder, not a file", str(path)) from None
    try:
        info = os.fstat(handle)
        if stat.S_ISDIR(info.st_mode):
            raise NotRegularFileError(errno.EISDIR, "it is a folder, not a file", str(path))
        if not stat.S_ISREG(info.st_mode):
            reason = "not a regular file (a device, pipe or socket)"
            raise NotRegularFileError(errno.EINVAL, reason, str(path))
        if info.st_size > limit:
            raise FileTooLargeError(errno.EFBIG, f"larger than {limit:,} bytes", str(path))
        chunks: list[bytes] = []
        size = 0
        while size <= limit:
            chunk = os.read(handle, min(limit + 1 - size, 1 << 20))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
        if size > limit:  # the file grew while it was read
            raise FileTooLargeError(errno.EFBIG, f"larger than {limit:,} bytes", str(path))
        return b"".join(chunks)
    finally:
        os.close(handle)


_BREAKS = {
    code: f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"
    for code in (*range(0x20), 0x7F, *range(0x80, 0xA0), 0x2028, 0x2029)
    if code != 0x09
}


def one_line(text: str) -> str:
    r"""``text`` with control characters and line separators escaped (``\x0b``...).

    Messages about hostile input quote it; this keeps each message on one line, whatever
    :meth:`str.splitlines` counts as a line break. Lone surrogates (the undecodable bytes
    of a file name or a command-line argument) are escaped too, so the result is always
    valid UTF-8 text.
    """
    text = text.translate(_BREAKS)
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        text = text.encode("utf-8", "backslashreplace").decode("utf-8")
    return text


def undecodable_at(raw: bytes, error: UnicodeDecodeError) -> tuple[int, int]:
    """The line and column (1-based, in characters) of the byte that is not UTF-8.

    ``error`` comes from ``raw.decode("utf-8-sig")``, so a byte-order mark that was dropped
    is counted back in.
    """
    bom = 3 if raw.startswith(b"\xef\xbb\xbf") else 0
    start = error.start + bom
    line = raw.count(b"\n", 0, start) + 1
    line_start = max(raw.rfind(b"\n", 0, start) + 1, bom)
    return line, len(raw[line_start:start].decode("utf-8", "replace")) + 1
