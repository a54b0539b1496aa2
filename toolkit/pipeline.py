"""Run the claim extractor over the articles of data folders, writing a data folder of its own."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

from toolkit.problems import Problem, problem
from toolkit.records import read_records
from toolkit.store import Summary, write_items

# An extractor takes an article record and the known actors by id, and gives claim records (and actor records it proposes).
Extractor = Callable[[dict[str, Any], dict[str, dict[str, Any]]], list[dict[str, Any]]]


def _items(sources: Iterable[Path], extract: Extractor, actors: dict[str, dict[str, Any]]) -> Iterator[tuple[str, dict[str, Any]] | Problem]:
    for path, record in read_records(sources):
        kind = record.get("type")
        if kind in ("outlet", "actor"):
            yield "registry", record
        elif kind == "article":
            group = path.stem
            yield group, record
            if "text" not in record:
                yield problem("import.skipped", f"article {record.get('id')} has no text (a text-less release): nothing to extract", file=str(path))
                continue
            for found in extract(record, actors):
                yield group, found


def extract_folder(sources: Iterable[Path], out: Path, extract: Extractor, actors: dict[str, dict[str, Any]] | None = None) -> Summary:
    """Extract the claims of every article under the sources into `out`, with the articles and registries they point to."""
    sources = list(sources)
    known = dict(actors or {})
    known.update({r["id"]: r for _, r in read_records(sources) if r.get("type") == "actor"})
    return write_items(_items(sources, extract, known), out, Summary())
