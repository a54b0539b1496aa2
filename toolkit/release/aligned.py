"""Alignment for a release: a data folder with articles in no event is aligned before it is released.

The data folder is never written to. What `parallax align` would write goes to a temporary folder that the release
is built from along with the data; the data's own `parallax-align.jsonl` files (an earlier, now stale, run) are left
out of the sources then, and the records others put in them are carried over.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import orjson

from toolkit.align.run import GROUP, OUTPUTS, Summary, align, load, write
from toolkit.release.parquet import record_files
from toolkit.store import FOLDERS


@dataclass
class Alignment:
    """The files and folders a release is built from, and what aligning made (None when the data was aligned already)."""

    sources: list[Path]
    summary: Summary | None = None
    unaligned: int = 0


def unaligned(folder: Path) -> int:
    """How many articles of a data folder no event holds (events of any origin count).

    Only lines that name an article or an event are parsed: the claims, most of a dataset, are skipped unread.
    """
    held: set[str] = set()
    articles: set[str] = set()
    for path in record_files([folder]):
        with open(path, "rb") as handle:
            for line in handle:
                if b'"article"' not in line and b'"event"' not in line:
                    continue
                try:
                    record = orjson.loads(line)
                except orjson.JSONDecodeError:
                    continue
                if not isinstance(record, dict):
                    continue
                if record.get("type") == "event":
                    held.update(str(a) for a in record.get("article_ids") or ())
                elif record.get("type") == "article":
                    articles.add(str(record.get("id")))
    return len(articles - held)


class Coverage:
    """The articles seen and the articles some event holds, as records go by: what `unaligned` counts, without a pass of its own."""

    def __init__(self) -> None:
        self.articles: set[str] = set()
        self.held: set[str] = set()

    def add(self, config: str, record: dict[str, Any]) -> None:
        """Note one record of a config."""
        if config == "events":
            self.held.update(str(a) for a in record.get("article_ids") or ())
        elif config == "articles":
            self.articles.add(str(record.get("id")))

    @property
    def unaligned(self) -> int:
        """How many articles seen no event holds."""
        return len(self.articles - self.held)


@contextmanager
def aligned_sources(folder: Path, enabled: bool = True, missing: int | None = None) -> Iterator[Alignment]:
    """The data folder, or, when some article is in no event, its files with a temporary folder of what align makes of it.

    `missing`, the articles of the folder in no event when the caller has counted them, saves a pass over the folder.
    """
    if not enabled:
        missing = 0
    elif missing is None:
        missing = unaligned(folder)
    if not missing:
        yield Alignment([folder])
        return
    own = {folder / FOLDERS[kind] / f"{GROUP}.jsonl" for kind in OUTPUTS}
    with tempfile.TemporaryDirectory(prefix=".parallax-align-") as temporary:
        out = Path(temporary)
        for path in own:
            if path.is_file():
                (out / path.parent.name).mkdir(exist_ok=True)
                shutil.copyfile(path, out / path.parent.name / path.name)
        summary = write(align(load([folder])), out)
        yield Alignment([p for p in record_files([folder]) if p not in own] + [out], summary, missing)
