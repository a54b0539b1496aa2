"""Validate JSON Lines records: schemas, then checks across records, streaming, on all cores."""

from __future__ import annotations

import gc
import multiprocessing
import os
import sys
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from toolkit.problems import Report, problem
from toolkit.schemas import SchemaSet
from toolkit.validate.discover import discover, is_early
from toolkit.validate.resolve import Resolver, actor_links, ledger_duplicates, registry_duplicates
from toolkit.validate.scan import DEFAULT_MAX_LINE, Chunk, Found, Pending, Scanner
from toolkit.validate.state import Index, Ledger

CHUNK_BYTES = 8 * 1024 * 1024
INLINE_BYTES = 4 * 1024 * 1024
Progress = Callable[[int], None]
_scanner: Scanner | None = None  # set before the worker pool forks, inherited by the workers


def validate(paths: Iterable[str], jobs: int | None = None, max_line: int = DEFAULT_MAX_LINE, progress: Progress | None = None) -> Report:
    """Check every record under the given paths; return a report of every problem found."""
    found = discover(list(paths))
    report = Report(files=len(found.files))
    report.extend(found.problems)
    chunks = list(_plan(found.files, report))
    scanner = Scanner(found.files, Index(), SchemaSet(), max_line)
    state = _Merged()
    early = [c for c in chunks if is_early(c.path)]
    late = [c for c in chunks if not is_early(c.path)]
    for stage in (early, late):
        for result in _run(scanner, stage, jobs, progress):
            state.merge(result, scanner.index, report)
    _finish(scanner, state, found.files, report)
    scanner.close()
    return report


class _Merged:
    """Everything the chunks returned that the checks across records need."""

    def __init__(self) -> None:
        self.ledgers: dict[str, Ledger] = {}
        self.registry: list[tuple[str, str, int, int, dict[str, Any]]] = []
        self.pending: list[Pending] = []
        self.unchecked: Counter[str] = Counter()
        self.records_per_file: Counter[str] = Counter()
        self.lines_before: Counter[str] = Counter()
        self.crlf: set[str] = set()

    def merge(self, result: tuple[Chunk, Found], index: Index, report: Report) -> None:
        chunk, found = result
        path = chunk.path
        found.shift(self.lines_before[path])
        self.lines_before[path] += found.total_lines
        for p in found.problems:
            if p.code == "file.crlf":
                if path in self.crlf:
                    continue
                self.crlf.add(path)
            report.add(p)
        report.records.update(found.counts)
        self.records_per_file[path] += found.lines
        for kind, ledger in found.ledgers.items():
            self.ledgers.setdefault(kind, Ledger()).extend(ledger)
        self.registry.extend(found.registry)
        for kind, rid, file, line, _keys in found.registry:
            table = index.outlets if kind == "outlet" else index.actors
            table.setdefault(rid, (file, line))
        for rid, ref in found.articles:
            index.articles.setdefault(rid, ref)
        for rid, file, line in found.events:
            index.events.setdefault(rid, (file, line))
        self.pending.extend(found.pending)
        self.unchecked.update(found.unchecked)


def _plan(files: list[str], report: Report) -> Iterator[Chunk]:
    """Split files into chunks of about CHUNK_BYTES that start at line starts."""
    for number, path in enumerate(files):
        try:
            with open(path, "rb") as handle:
                size = os.fstat(handle.fileno()).st_size
                if size == 0:
                    if handle.read(1):  # a size the system does not know (/proc, pipes): one chunk to the end
                        yield Chunk(number, path, 0, sys.maxsize)
                    else:
                        report.add(problem("file.empty", "file holds no records", file=path))
                    continue
                start = 0
                while start < size:
                    handle.seek(min(start + CHUNK_BYTES, size))
                    if start + CHUNK_BYTES < size:
                        handle.readline()
                    end = max(handle.tell(), start + 1) if start + CHUNK_BYTES < size else size
                    yield Chunk(number, path, start, end)
                    start = end
        except OSError as error:
            report.add(problem("io.unreadable", f"cannot read: {error.strerror or error}", file=path))


def _run(scanner: Scanner, chunks: list[Chunk], jobs: int | None, progress: Progress | None) -> Iterator[tuple[Chunk, Found]]:
    global _scanner
    jobs = jobs or os.cpu_count() or 1
    size = sum(c.end - c.start for c in chunks)
    if jobs == 1 or size <= INLINE_BYTES or len(chunks) == 1:
        for chunk in chunks:
            yield chunk, scanner.scan(chunk)
            if progress:
                progress(chunk.end - chunk.start)
        return
    _scanner = scanner
    gc.freeze()  # what the workers inherit stays out of their collector's way
    try:
        with multiprocessing.get_context("fork").Pool(min(jobs, len(chunks))) as pool:
            for chunk, found in zip(chunks, pool.imap(_scan, chunks), strict=True):
                yield chunk, found
                if progress:
                    progress(chunk.end - chunk.start)
    finally:
        _scanner = None
        gc.unfreeze()


def _scan(chunk: Chunk) -> Found:
    assert _scanner is not None
    return _scanner.scan(chunk)


def _finish(scanner: Scanner, state: _Merged, paths: list[str], report: Report) -> None:
    report.extend(registry_duplicates(state.registry, paths))
    report.extend(actor_links(state.registry, paths))
    for kind, ledger in sorted(state.ledgers.items()):
        report.extend(ledger_duplicates(kind, ledger, paths))
    resolver = Resolver(scanner.index, state.ledgers, scanner, paths)
    report.extend(resolver.resolve(state.pending))
    unchecked = state.unchecked + resolver.unchecked
    for article_id, count in sorted(unchecked.items()):
        ref = scanner.index.articles[article_id]
        report.add(problem("span.unchecked", f"article {article_id!r} has no text: {count} spans not checked", file=paths[ref.file], line=ref.line))
    flagged = {p.file for p in report.problems if p.code in ("file.empty", "io.unreadable")}
    for path in paths:
        if state.records_per_file[path] == 0 and path not in flagged:
            report.add(problem("file.empty", "file holds no records", file=path))
