"""Run the claim extractor over a stream of articles, in worker processes when the stream is long enough."""

from __future__ import annotations

import multiprocessing
import signal
import sys
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from itertools import chain, islice
from multiprocessing.pool import IMapIterator
from typing import Any, TypeVar

from toolkit.problems import Problem, problem

# An extractor takes an article record and the known actors by id, and gives claim records (and actor records it proposes).
Extractor = Callable[[dict[str, Any], dict[str, dict[str, Any]]], list[dict[str, Any]]]
#: The claim extractors by name: the rules with the neural tagger, the rules with the two CRF taggers, the rules alone.
EXTRACTORS = ("neural", "fast", "rules")
DEFAULT_EXTRACTOR = "neural"
Item = tuple[str, dict[str, Any]] | Problem
# What the extractor gave for one article: its records, or none and why it failed.
Outcome = tuple[list[dict[str, Any]], str | None]
S = TypeVar("S")  # an element of a stream that may carry an article

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


def _windows(elements: Iterator[S]) -> Iterator[list[S]]:
    while window := list(islice(elements, WINDOW)):
        yield window


def with_outcomes(
    stream: Iterable[S], carried: Callable[[S], dict[str, Any] | None], extract: Extractor, actors: dict[str, dict[str, Any]], jobs: int
) -> Iterator[tuple[S, Outcome | None]]:
    """Each element of a stream, in order, with the extractor's outcome for the article it carries (`carried`; None
    for an element that carries none). `jobs` worker processes run the extractor when the stream holds enough articles."""
    windows = _windows(iter(stream))
    first = next(windows, [])
    if jobs == 1 or (len(first) < WINDOW and sum(carried(element) is not None for element in first) < FEW):
        return _sequential(chain([first], windows), carried, extract, actors)
    return _parallel(chain([first], windows), carried, extract, actors, jobs)


def _sequential(
    windows: Iterable[list[S]], carried: Callable[[S], dict[str, Any] | None], extract: Extractor, actors: dict[str, dict[str, Any]]
) -> Iterator[tuple[S, Outcome | None]]:
    for window in windows:
        for element in window:
            article = carried(element)
            yield element, None if article is None else attempt(extract, article, actors)


def _parallel(
    windows: Iterable[list[S]], carried: Callable[[S], dict[str, Any] | None], extract: Extractor, actors: dict[str, dict[str, Any]], jobs: int
) -> Iterator[tuple[S, Outcome | None]]:
    """The sequential run's pairs, in its order, with the extractor run by `jobs` worker processes."""
    # fork shares the loaded modules with the workers; elsewhere (macOS, Windows) fork is unsafe or missing
    context = multiprocessing.get_context("fork" if sys.platform == "linux" else "spawn")
    with context.Pool(jobs, initializer=_start, initargs=(extract, actors)) as pool:
        ahead: deque[tuple[list[S], IMapIterator[Outcome]]] = deque()
        for window in windows:
            articles = [article for article in map(carried, window) if article is not None]
            # the next window is queued before this one is written, so the workers never wait at a window's end
            ahead.append((window, pool.imap(_work, articles, chunksize=CHUNK)))
            if len(ahead) > 1:
                yield from _paired(*ahead.popleft(), carried)
        while ahead:
            yield from _paired(*ahead.popleft(), carried)


def _paired(window: list[S], outcomes: Iterator[Outcome], carried: Callable[[S], dict[str, Any] | None]) -> Iterator[tuple[S, Outcome | None]]:
    for element in window:
        yield element, None if carried(element) is None else next(outcomes)
