"""Read a source file the way Python would, without ever executing it.

Line numbers must agree with what editors, analyzers and reviewers see, so
lines are split on ``\\r\\n``, ``\\r`` and ``\\n`` only (``str.splitlines``
would also split on form feeds and other separators Python does not count).
"""
from __future__ import annotations

import hashlib
import io
import os
import re
import stat
import tokenize
from dataclasses import dataclass, field
from functools import cached_property

from ..model import InputError

_NEWLINE = re.compile(r"\r\n|\r|\n")
# about 250,000 lines: a source beyond it is refused (exit 2) rather than read for a minute and a GB;
# one under --source-root is reported missing with that reason
MAX_SOURCE_BYTES = 4 * 1024 * 1024
MAX_SOURCE_LINES = 200_000  # each line costs tokens and tables: a million short lines took 30 s and 1.6 GB


@dataclass
class SourceFile:
    """One source file's content; ``path`` is how the report names it."""
    path: str
    data: bytes
    revision: str | None = None
    encoding: str = "utf-8"
    decode_errors: bool = False
    text: str = field(init=False)

    def __post_init__(self) -> None:
        self.text, self.encoding, self.decode_errors = _decode(self.data)

    @cached_property
    def lines(self) -> list[str]:
        parts = _NEWLINE.split(self.text)
        if parts and parts[-1] == "":
            parts.pop()
        return parts

    @property
    def line_count(self) -> int:
        return len(self.lines)

    @cached_property
    def sha256(self) -> str:
        return hashlib.sha256(self.data).hexdigest()

    @property
    def is_python(self) -> bool:
        return self.path.endswith((".py", ".pyi", ".pyw")) or self.text.startswith("#!") and "python" in self.lines[0]

    def line(self, number: int) -> str:
        return self.lines[number - 1] if 1 <= number <= len(self.lines) else ""


def _decode(data: bytes) -> tuple[str, str, bool]:
    """Decode as Python would (PEP 263 cookie, BOM), never failing.

    A stray non-UTF-8 byte in a comment must not stop the check: such bytes
    are replaced, and the report's line numbers are unaffected.
    """
    try:
        encoding, _ = tokenize.detect_encoding(io.BytesIO(data).readline)
    except SyntaxError:
        encoding = "utf-8"
    try:
        text = data.decode(encoding)
        errors = False
    except (UnicodeDecodeError, LookupError):
        text = data.decode("utf-8", errors="replace")
        errors = True
    if text.startswith("\ufeff"):
        text = text[1:]
    return text, encoding, errors


def load_source(path: str, display: str | None = None, revision: str | None = None) -> SourceFile:
    """Read ``path``; refuse what cannot be a source file with an ``InputError``."""
    data = read_text_file(path, "source", max_lines=MAX_SOURCE_LINES)
    return SourceFile(path=display or path, data=data, revision=revision)


def source_from_text(text: str | bytes, path: str = "<source>", revision: str | None = None) -> SourceFile:
    data = text.encode("utf-8") if isinstance(text, str) else text
    return SourceFile(path=path, data=data, revision=revision)


def read_text_file(path: str, what: str, limit: int = MAX_SOURCE_BYTES, max_lines: int | None = None) -> bytes:
    """``read_input_file`` that also refuses binary content (a NUL byte near the start) and,
    with ``max_lines``, a text of more lines than that."""
    data = read_input_file(path, what, limit)
    if b"\x00" in data[:8192]:
        raise InputError(f"{path}: {what} is a binary file, not text")
    if max_lines is not None:
        lines = data.count(b"\n") + data.count(b"\r") - data.count(b"\r\n") + 1
        if lines > max_lines:
            raise InputError(f"{path}: {what} file has too many lines ({lines}, limit {max_lines})")
    return data


def read_input_file(path: str, what: str, limit: int = MAX_SOURCE_BYTES) -> bytes:
    """Read a user-named regular file, turning every OS-level problem into one clear line.

    A FIFO, a device or a socket is refused before it is opened: reading one
    would block for ever (a FIFO with no writer) or never end (``/dev/zero``).
    The file is opened non-blocking and checked again through its descriptor,
    so a path swapped for a FIFO between the two checks cannot hang us either.
    """
    try:
        refuse_special(path, what, os.stat(path).st_mode)
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
        with open(fd, "rb", closefd=True) as fh:
            info = os.fstat(fh.fileno())
            refuse_special(path, what, info.st_mode)
            if info.st_size > limit:
                raise InputError(f"{path}: {what} file is too large ({info.st_size} bytes, limit {limit})")
            data = fh.read(limit + 1)  # the size may grow while we read: never read without bound
        if len(data) > limit:
            raise InputError(f"{path}: {what} file is too large (more than {limit} bytes)")
        return data
    except (FileNotFoundError, NotADirectoryError):
        raise InputError(f"{path}: {what} file does not exist") from None
    except PermissionError:
        raise InputError(f"{path}: {what} file is not readable (permission denied)") from None
    except OSError as exc:
        raise InputError(f"{path}: cannot read {what} file: {exc.strerror or exc}") from None


def require_regular_file(path: str, what: str) -> None:
    """Raise ``InputError`` unless ``path`` names an existing regular file (for files others open)."""
    try:
        refuse_special(path, what, os.stat(path).st_mode)
    except (FileNotFoundError, NotADirectoryError):
        raise InputError(f"{path}: {what} file does not exist") from None
    except OSError as exc:
        raise InputError(f"{path}: cannot read {what} file: {exc.strerror or exc}") from None


_SPECIAL = ((stat.S_ISFIFO, "a named pipe (FIFO)"), (stat.S_ISCHR, "a character device"),
            (stat.S_ISBLK, "a block device"), (stat.S_ISSOCK, "a socket"))


def refuse_special(path: str, what: str, mode: int) -> None:
    """Raise ``InputError`` unless ``mode`` is a regular file's: only regular files are read."""
    if stat.S_ISREG(mode):
        return
    if stat.S_ISDIR(mode):
        raise InputError(f"{path}: {what} is a directory, not a file")
    raise InputError(f"{path}: {what} is {file_kind(mode)}, not a regular file")


def file_kind(mode: int) -> str:
    """What a path that is not a folder is, in words ("a named pipe (FIFO)")."""
    if stat.S_ISREG(mode):
        return "a regular file"
    return next((name for test, name in _SPECIAL if test(mode)), "a special file")
