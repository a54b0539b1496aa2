"""Articles from raw inputs (text, Markdown, HTML pages, crawler JSON), one reader per format, registered by name."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from toolkit.problems import Problem, problem
from toolkit.registry import OutletRegistry

SUFFIXES = {
    ".txt": "text",
    ".text": "text",
    ".md": "markdown",
    ".markdown": "markdown",
    ".html": "html",
    ".htm": "html",
    ".json": "json",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".parquet": "parquet",
    ".warc": "warc",
    ".gz": "warc",  # a crawl's .warc.gz; a .gz that is not a WARC file is that file's coded problem
}
# Formats read as bytes, not text: their readers decode what they hold themselves.
BINARY = ("parquet", "warc")


@dataclass(frozen=True)
class Options:
    """How to convert: the outlet registry, a fixed outlet, and a field map for JSON."""

    registry: OutletRegistry
    outlet: str | None = None
    fields: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Raw:
    """One input file, or a part of one: its path as given, its bytes and the SHA-256 of the whole file.

    A part (toolkit.scale.plan: a run of lines of a JSON Lines file, or of row groups of a Parquet file) says where it
    starts, so that its articles are numbered, and named, as the whole file's are.
    """

    path: str
    data: bytes
    first_line: int = 1  # the number, in the whole file, of the part's first line
    rows: tuple[int, int] | None = None  # a Parquet file's row groups [start, end) to read; None for all
    file_sha256: str | None = None  # of the whole file, when the bytes are a part of it

    @property
    def sha256(self) -> str:
        """SHA-256 of the whole file."""
        return self.file_sha256 or hashlib.sha256(self.data).hexdigest()


Item = dict[str, Any] | Problem  # an article record, or a problem met on the way
Reader = Callable[[Raw, str, Options], Iterator[Item]]
READERS: dict[str, Reader] = {}


def register(name: str) -> Callable[[Reader], Reader]:
    """Register a reader of a format."""

    def decorate(function: Reader) -> Reader:
        READERS[name] = function
        return function

    return decorate


def sniff(raw: Raw) -> str | None:
    """The format of an input: by its suffix; a file without one by its first characters; None otherwise."""
    suffix = Path(raw.path).suffix.lower()
    if raw.data.startswith(b"PAR1"):
        return "parquet"
    if suffix == ".gz" and not raw.path.lower().endswith(".warc.gz"):
        return "warc" if _gzipped_warc(raw.data) else None
    if suffix in SUFFIXES:
        return SUFFIXES[suffix]
    if raw.data.startswith(b"WARC/"):
        return "warc"
    if suffix:
        return None
    head = raw.data.lstrip()[:200].lower()
    if head.startswith((b"<!doctype html", b"<html")) or b"<body" in head:
        return "html"
    if head.startswith(b"{") and b"\n{" in raw.data.strip():
        return "jsonl"
    if head.startswith((b"{", b"[")):
        return "json"
    return "text"


def _gzipped_warc(data: bytes) -> bool:
    """Whether gzip bytes start with a WARC record."""
    import zlib

    try:
        return zlib.decompressobj(wbits=31).decompress(data[:4096], 16).startswith(b"WARC/")
    except zlib.error:
        return False


def read(raw: Raw, kind: str, options: Options) -> Iterator[Item]:
    """The articles of one input in a given format ('auto' to sniff it)."""
    from toolkit.convert import columnar, feed, html, text, warc  # noqa: F401  (registers the readers)
    from toolkit.convert.decode import decode

    if kind == "auto":
        kind = sniff(raw) or ""
    if kind not in READERS:
        yield problem("convert.format", f"cannot tell the format of {Path(raw.path).name!r}; use --input-format {'|'.join(sorted(READERS))}", file=raw.path)
        return
    if kind in BINARY:
        yield from READERS[kind](raw, "", options)
        return
    decoded, found = decode(raw)
    yield from found
    if decoded is not None:
        yield from READERS[kind](raw, decoded, options)
