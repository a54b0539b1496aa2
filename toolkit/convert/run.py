"""Read input files and folders as article records (the convert stage; toolkit.flows writes them, with their claims)."""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

from toolkit.convert import Item, Options, Raw, read
from toolkit.problems import Problem, problem
from toolkit.reading import Codes, Refused, read_bytes

Progress = Callable[[int], None]
INPUT_LIMIT = 1 << 30  # the largest input file read (a crawl's JSON Lines may hold many articles): docs/front-matter.md#limits
INPUT = Codes("io.not-a-file", "convert.too-large", "an input file")
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


def articles(paths: Iterable[str], kind: str, options: Options, progress: Progress | None = None) -> Iterator[tuple[tuple[str, dict[str, Any]] | Problem, str]]:
    """Each item read from the inputs (a (group, article) to write, or a problem), with the path it comes from."""
    seen: dict[tuple[Any, str], str] = {}
    for entry in inputs(paths):
        if isinstance(entry, Problem):
            yield entry, entry.file or ""
            continue
        group, path = entry

        def load(path: str = path) -> Raw:
            raw = Raw(path, read_bytes(Path(path), INPUT_LIMIT, INPUT))
            if progress:
                progress(len(raw.data))  # bytes read
            return raw

        for unique in read_one(group, path, load, kind, options, seen):
            yield unique, path


def read_one(
    group: str, path: str, load: Callable[[], Raw], kind: str, options: Options, seen: dict[tuple[Any, str], str]
) -> Iterator[tuple[str, dict[str, Any]] | Problem]:
    """The items of one input (or of a part of one: `load` reads its bytes): its articles, each (group, article), the
    problem that stopped it from being read, or each problem met in it; an article whose outlet and text are in `seen`
    is skipped (`convert.duplicate`)."""
    try:
        raw = load()
    except Refused as refused:
        yield problem(refused.code, f"cannot read: {refused}", file=path)
        return
    except OSError as error:
        yield problem("io.unreadable", f"cannot read: {error.strerror or error}", file=path)
        return
    for item in _guarded(read(raw, kind, options), path):
        yield from _unique(item, group, path, seen)


def _guarded(items: Iterator[Item], path: str) -> Iterator[Item]:
    """The items of one input; a reader failing in a way no check foresaw ends that input, as its problem, not the run."""
    try:
        yield from items
    except Exception as error:  # noqa: BLE001 - one input's failure is its problem; the batch goes on
        yield problem("convert.failed", f"the reader failed on this input ({type(error).__name__}: {error}); skipped", file=path)


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
