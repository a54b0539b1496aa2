"""Alignment for a release: which articles of a data folder no event holds, and what an aligner gives the build.

The release stage does not align: toolkit.flows passes it an `Aligner`, which aligns a copy of what the data lacks.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass
from pathlib import Path
from typing import Any


@dataclass
class Alignment:
    """The files and folders a release is built from, and what aligning made (None when the data was aligned already)."""

    sources: list[Path]
    summary: Any = None
    unaligned: int = 0


class Coverage:
    """The articles seen and the articles some event holds, as records go by: how many no event holds, without a pass of its own."""

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


# What aligns a data folder for a release (toolkit.flows gives one): given the folder and how many of its articles no
# event holds, it yields the files and folders to build the release from, with what aligning made.
Aligner = Callable[[Path, int], AbstractContextManager[Alignment]]
