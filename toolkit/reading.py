"""Reading input files the toolkit does not control: regular files only, never more than a limit, read in chunks.

A file given to convert or found in a corpus folder may be a symlink to `/dev/zero`, a FIFO, or an archive whose
small compressed size hides a huge member. Every read stops at a limit, whatever a file's size or an archive header
says, and a refusal is an `OSError` carrying its problem code, so a reader's `except OSError` reports it and the
run goes on with the rest.
"""

from __future__ import annotations

import stat
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from toolkit.errors import ParallaxError

CHUNK = 2**20


@dataclass(frozen=True)
class Codes:
    """The problem codes of a refusal, and what the file is called in its message."""

    not_a_file: str
    too_large: str
    what: str


class Refused(ParallaxError, OSError):
    """A file or archive member that is not read: not a regular file, or larger than its limit."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code


def regular(path: Path, limit: int | None, codes: Codes) -> Path:
    """The file a path names (symlinks resolved), when it is a regular file of at most `limit` bytes; else `Refused`."""
    try:
        resolved = path.resolve(strict=True)
    except RuntimeError as error:  # a symlink loop, before Python 3.13 (an OSError after)
        raise Refused(codes.not_a_file, f"not a regular file: {error}") from error
    found = resolved.stat()
    if not stat.S_ISREG(found.st_mode):
        via = f" (a symlink to {resolved})" if resolved != path.absolute() else ""
        raise Refused(codes.not_a_file, f"not a regular file{via}: a device, FIFO, socket or folder is not read")
    if limit is not None and found.st_size > limit:
        raise Refused(codes.too_large, f"{found.st_size:,} bytes, over the limit of {limit:,} bytes for {codes.what}")
    return resolved


def read_limited(handle: IO[bytes], limit: int, codes: Codes, what: str | None = None) -> bytes:
    """The bytes of an open stream, read in chunks; `Refused` as soon as it holds more than `limit` bytes."""
    chunks, size = [], 0
    while chunk := handle.read(min(CHUNK, limit + 1 - size)):
        chunks.append(chunk)
        size += len(chunk)
        if size > limit:
            raise Refused(codes.too_large, f"more than the limit of {limit:,} bytes for {what or codes.what}; not read")
    return b"".join(chunks)


def read_bytes(path: Path, limit: int, codes: Codes) -> bytes:
    """The bytes of a regular file of at most `limit` bytes (checked before and while reading); `Refused` otherwise."""
    with open(regular(path, limit, codes), "rb") as handle:
        return read_limited(handle, limit, codes)
