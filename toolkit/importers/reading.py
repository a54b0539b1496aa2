"""The one way importers read corpus files: toolkit.reading with the importers' limits and problem codes.

A corpus folder is input the toolkit does not control: a file may be a symlink to `/dev/zero`, a FIFO, or an
archive whose small compressed size hides a huge member. Every read stops at a limit, whatever a file's size or an
archive header says, and a refusal is an `OSError` carrying its problem code, so each reader's `except OSError`
reports it and the import goes on with the rest of the corpus.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import IO

from toolkit import reading
from toolkit.problems import Problem, problem

FILE_LIMIT = 512 * 2**20  # the largest corpus file read whole; the largest real one (article-bias-prediction's index.tsv) is 11 MB
MEMBER_LIMIT = 64 * 2**20  # the largest archive member read; an article JSON of article-bias-prediction is under 1 MB
CORPUS = reading.Codes("import.not-a-file", "import.too-large", "a corpus file")
Refused = reading.Refused


def regular(path: Path, limit: int | None = FILE_LIMIT) -> Path:
    """The file a path names (symlinks resolved), when it is a regular file of at most `limit` bytes; else `Refused`."""
    return reading.regular(path, limit, CORPUS)


def read_limited(handle: IO[bytes], limit: int, what: str = "a corpus file") -> bytes:
    """The bytes of an open stream, read in chunks; `Refused` as soon as it holds more than `limit` bytes."""
    return reading.read_limited(handle, limit, CORPUS, what)


def read_bytes(path: Path, limit: int | None = None) -> bytes:
    """The bytes of a regular corpus file of at most `limit` bytes (FILE_LIMIT by default; checked before and while reading); `Refused` otherwise."""
    return reading.read_bytes(path, FILE_LIMIT if limit is None else limit, CORPUS)


def read_text(path: Path, limit: int | None = None) -> str:
    """The UTF-8 text of a corpus file read as `read_bytes` does (`UnicodeDecodeError` when it is not UTF-8)."""
    return read_bytes(path, limit).decode("utf-8")


def open_text(path: Path, limit: int | None = None) -> io.StringIO:
    """A corpus file's text as a stream for the csv module (newlines kept as they are)."""
    return io.StringIO(read_text(path, limit), newline="")


def unreadable(error: Exception, file: Path | str, tail: str = "", **where: object) -> Problem:
    """The problem of a file that could not be read: its refusal code, else `import.unreadable`."""
    code = error.code if isinstance(error, Refused) else "import.unreadable"
    return problem(code, f"cannot read: {error}{tail}", file=str(file), **where)
