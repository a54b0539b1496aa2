"""Validate JSON Lines records: schemas, then checks across records, streaming, on all cores."""

from __future__ import annotations

import multiprocessing
import os
from collections import Counter
from typing import Callable, Iterable, Iterator

from toolkit.problems import Report, problem
from toolkit.schemas import SchemaSet
from toolkit.validate.discover import discover, is_early
from toolkit.validate.resolve import Resolver, ledger_duplicates, registry_duplicates
from toolkit.validate.scan import DEFAULT_MAX_LINE, Chunk, Found, Scanner
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
        self.registry: list = []
        self.pending: list = []
        self.unchecked: Counter[str] = Counter()
        self.records_per_file: Counter[str] = Counter()

    def merge(self, result: tuple[str, Found], index: Index, report: Report) -> None:
        path, found = result
        report.extend(found.problems)
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
    """Split files into chunks of about CHUNK_BYTES that start at line starts, numbering their lines."""
    for number, path in enumerate(files):
        try:
            with open(path, "rb") as handle:
                start, line = 0, 1
                block = handle.read(CHUNK_BYTES)
                if not block:
                    report.add(problem("file.empty", "file holds no records", file=path))
                    continue
                while block:
                    cut = block.rfind(b"\n") + 1
                    if cut == 0:
                        more = handle.read(CHUNK_BYTES)
                        if more:
                            block += more
                            continue
                        cut = len(block)
                    yield Chunk(number, path, start, start + cut, line)
                    line += block.count(b"\n", 0, cut)
                    start += cut
                    block = block[cut:] + handle.read(CHUNK_BYTES)
        except OSError as error:
            report.add(problem("io.unreadable", f"cannot read: {error.strerror or error}", file=path))


def _run(scanner: Scanner, chunks: list[Chunk], jobs: int | None, progress: Progress | None) -> Iterator[tuple[str, Found]]:
    global _scanner
    jobs = jobs or os.cpu_count() or 1
    size = sum(c.end - c.start for c in chunks)
    if jobs == 1 or size <= INLINE_BYTES or len(chunks) == 1:
        for chunk in chunks:
            yield chunk.path, scanner.scan(chunk)
            if progress:
                progress(chunk.end - chunk.start)
        return
    _scanner = scanner
    with multiprocessing.get_context("fork").Pool(min(jobs, len(chunks))) as pool:
        for chunk, found in zip(chunks, pool.imap(_scan, chunks)):
            yield chunk.path, found
            if progress:
                progress(chunk.end - chunk.start)
    _scanner = None


def _scan(chunk: Chunk) -> Found:
    assert _scanner is not None
    return _scanner.scan(chunk)


def _finish(scanner: Scanner, state: _Merged, paths: list[str], report: Report) -> None:
    report.extend(registry_duplicates(state.registry, paths))
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
