"""Run the claim extractor over the articles of data folders, writing a data folder of its own."""

from __future__ import annotations

import multiprocessing
import os
import signal
import sys
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from itertools import chain, islice
from multiprocessing.pool import IMapIterator
from pathlib import Path
from typing import Any

from toolkit.problems import Problem, problem
from toolkit.records import read_records
from toolkit.store import Summary, write_items

# An extractor takes an article record and the known actors by id, and gives claim records (and actor records it proposes).
Extractor = Callable[[dict[str, Any], dict[str, dict[str, Any]]], list[dict[str, Any]]]
Item = tuple[str, dict[str, Any]] | Problem
Entry = tuple[Path, dict[str, Any]]
# What the extractor gave for one article: its records, or none and why it failed.
Outcome = tuple[list[dict[str, Any]], str | None]

WINDOW = 256  # records read ahead at a time; two windows are in flight, so memory stays bounded on any number of articles
FEW = 16  # with fewer articles than this, starting worker processes costs more than it saves
CHUNK = 4  # articles sent to a worker at a time

_worker: tuple[Extractor, dict[str, dict[str, Any]]] | None = None


def attempt(extract: Extractor, article: dict[str, Any], actors: dict[str, dict[str, Any]]) -> Outcome:
    """The extractor's records for an article, or no records and the error that stopped it."""
    try:
        return extract(article, actors), None
    except Exception as error:  # one article's failure is reported as its problem; the others are still extracted
        return [], f"{type(error).__name__}: {error}"


def failed(article: dict[str, Any], error: str, path: str) -> Problem:
    """The problem of an article the extractor failed on (`attempt`'s error)."""
    return problem("extract.failed", f"article {article.get('id')}: the extractor failed ({error}); no claims from it", file=path)


def _start(extract: Extractor, actors: dict[str, dict[str, Any]]) -> None:
    global _worker
    _worker = (extract, actors)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C stops the parent, which ends the pool; workers stay quiet


def _work(article: dict[str, Any]) -> Outcome:
    assert _worker is not None
    return attempt(_worker[0], article, _worker[1])


def _windows(entries: Iterator[Entry]) -> Iterator[list[Entry]]:
    while window := list(islice(entries, WINDOW)):
        yield window


def _texted(window: list[Entry]) -> list[dict[str, Any]]:
    """The articles of a window that have a text to extract from, in order."""
    return [record for _, record in window if record.get("type") == "article" and "text" in record]


def _window_items(window: list[Entry], outcomes: Iterator[Outcome]) -> Iterator[Item]:
    """The items of a window of records, given the extractor's outcomes for its texted articles in order."""
    for path, record in window:
        kind = record.get("type")
        if kind in ("outlet", "actor"):
            yield "registry", record
        elif kind == "article":
            yield path.stem, record
            if "text" not in record:
                yield problem("import.skipped", f"article {record.get('id')} has no text (a text-less release): nothing to extract", file=str(path))
                continue
            found, error = next(outcomes)
            if error is not None:
                yield failed(record, error, str(path))
            for claim in found:
                yield path.stem, claim


def _sequential(windows: Iterable[list[Entry]], extract: Extractor, actors: dict[str, dict[str, Any]]) -> Iterator[Item]:
    for window in windows:
        yield from _window_items(window, (attempt(extract, article, actors) for article in _texted(window)))


def _parallel(windows: Iterable[list[Entry]], extract: Extractor, actors: dict[str, dict[str, Any]], jobs: int) -> Iterator[Item]:
    """The items of the sequential run, in its order, with the extractor run by `jobs` worker processes."""
    # fork shares the loaded modules with the workers; elsewhere (macOS, Windows) fork is unsafe or missing
    context = multiprocessing.get_context("fork" if sys.platform == "linux" else "spawn")
    with context.Pool(jobs, initializer=_start, initargs=(extract, actors)) as pool:
        ahead: deque[tuple[list[Entry], IMapIterator[Outcome]]] = deque()
        for window in windows:
            # the next window is queued before this one is written, so the workers never wait at a window's end
            ahead.append((window, pool.imap(_work, _texted(window), chunksize=CHUNK)))
            if len(ahead) > 1:
                yield from _window_items(*ahead.popleft())
        while ahead:
            yield from _window_items(*ahead.popleft())


def _items(sources: list[Path], extract: Extractor, actors: dict[str, dict[str, Any]], jobs: int) -> Iterator[Item]:
    windows = _windows(read_records(sources))
    first = next(windows, [])
    if jobs == 1 or (len(first) < WINDOW and len(_texted(first)) < FEW):
        return _sequential(chain([first], windows), extract, actors)
    return _parallel(chain([first], windows), extract, actors, jobs)


def extract_folder(sources: Iterable[Path], out: Path, extract: Extractor, actors: dict[str, dict[str, Any]] | None = None, jobs: int | None = 1) -> Summary:
    """Extract the claims of every article under the sources into `out`, with the articles and registries they point to.

    `jobs` worker processes run the extractor (None: one per core); the output is the same for any number.
    """
    sources = list(sources)
    known = dict(actors or {})
    known.update({r["id"]: r for _, r in read_records(sources) if r.get("type") == "actor"})
    return write_items(_items(sources, extract, known, jobs or os.cpu_count() or 1), out, Summary())
