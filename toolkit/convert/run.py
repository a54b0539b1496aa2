"""Convert input files and folders into validated article records in a data folder."""

from __future__ import annotations

import functools
import os
import re
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

from toolkit.convert import Item, Options, Raw, read
from toolkit.pipeline import Outcome, failed, with_outcomes
from toolkit.problems import Problem, problem
from toolkit.store import Summary, write_items

Progress = Callable[[int], None]
_SAFE = re.compile(r"[^A-Za-z0-9._-]+")


def inputs(paths: Iterable[str]) -> Iterator[tuple[str, str] | Problem]:
    """(group, file) for every input file: a folder's files recursively (dot-files and .meta.json sidecars left out)."""
    for path in paths:
        group = _SAFE.sub("-", Path(path).stem if os.path.isfile(path) else Path(path).resolve().name).strip("-.") or "converted"
        if os.path.isdir(path):
            for root, dirs, files in os.walk(path):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for name in sorted(files):
                    if not name.startswith(".") and not name.endswith(".meta.json"):
                        yield group, os.path.join(root, name)
        elif os.path.exists(path):
            yield group, path
        else:
            yield problem("io.not-found", "no such file or directory", file=path)


def _records(
    paths: Iterable[str], kind: str, options: Options, progress: Progress | None, jobs: int, parser: str | None
) -> Iterator[tuple[str, dict[str, Any]] | Problem]:
    """The items of the inputs and, when actors are given, after each article the claims found in it (`jobs` processes
    extracting, with the `parser` pipeline)."""
    articles = _articles(paths, kind, options, progress)
    if options.actors is None:
        yield from (item for item, _path in articles)
        return
    from toolkit.extract import extract

    run = extract if parser is None else functools.partial(extract, parser=parser)
    for (item, path), outcome in with_outcomes(articles, _carried, run, options.actors, jobs):
        yield item
        if outcome is not None and not isinstance(item, Problem):
            yield from _claims(item[1], item[0], outcome, options.actors, path)


def _articles(paths: Iterable[str], kind: str, options: Options, progress: Progress | None) -> Iterator[tuple[tuple[str, dict[str, Any]] | Problem, str]]:
    """Each item read from the inputs (an article or a problem), with the path it comes from."""
    seen: dict[tuple[Any, str], str] = {}
    for entry in inputs(paths):
        if isinstance(entry, Problem):
            yield entry, entry.file or ""
            continue
        group, path = entry
        try:
            raw = Raw(path, Path(path).read_bytes())
        except OSError as error:
            yield problem("io.unreadable", f"cannot read: {error.strerror or error}", file=path), path
            continue
        for item in read(raw, kind, options):
            for unique in _unique(item, group, path, seen):
                yield unique, path
        if progress:
            progress(len(raw.data))


def _carried(element: tuple[tuple[str, dict[str, Any]] | Problem, str]) -> dict[str, Any] | None:
    """The article an item read carries (none for a problem)."""
    item = element[0]
    return None if isinstance(item, Problem) else item[1]


def _unique(item: Item, group: str, path: str, seen: dict[tuple[Any, str], str]) -> Iterator[tuple[str, dict[str, Any]] | Problem]:
    if isinstance(item, Problem):
        yield item
        return
    key = (item["outlet_id"], item["text_sha256"])
    if key in seen:
        yield problem("convert.duplicate", f"same text as {item['id']} (from {seen[key]}); skipped", file=path)
        return
    seen[key] = path
    yield group, item


def _claims(
    article: dict[str, Any], group: str, outcome: Outcome, actors: dict[str, dict[str, Any]], path: str
) -> Iterator[tuple[str, dict[str, Any]] | Problem]:
    """The claims the extractor found in an article (`outcome`), and the registry actors they point to; its failure as a problem."""
    found, error = outcome
    if error is not None:
        yield failed(article, error, path)
    for claim in found:
        actor = actors.get(claim["speaker"].get("actor_id") or "") if claim.get("type") == "claim" else None
        if actor is not None:
            yield "registry", actor
        yield group, claim


def convert(
    paths: Iterable[str], out: Path, kind: str, options: Options, progress: Progress | None = None, jobs: int | None = 1, parser: str | None = None
) -> Summary:
    """Convert every input into article records (and, with actors given, the claims found in them), validated, into a data folder.

    `jobs` worker processes extract the claims (None: one per core; the output is the same for any number), parsing
    with the spaCy pipeline `parser` (None: the extractor's own, `toolkit.extract.syntax.PARSER`).
    """
    return write_items(_records(paths, kind, options, progress, jobs or os.cpu_count() or 1, parser), out, Summary())
