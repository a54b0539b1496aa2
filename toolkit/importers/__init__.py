"""Importers of public corpora, one module per corpus, registered by name."""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import orjson

from toolkit import __version__
from toolkit.importers.reading import read_bytes, unreadable
from toolkit.problems import Problem, problem
from toolkit.registry import OutletRegistry
from toolkit.store import Summary, write_items


@dataclass(frozen=True)
class Corpus:
    """Where an imported record came from: the corpus, its version and license, and whether its text may be shared."""

    name: str
    version: str
    license: str
    url: str
    redistributable: bool
    rights_note: str

    def source(self, original_id: str) -> dict[str, Any]:
        """The `source` of an article of this corpus."""
        return {
            "format": "corpus",
            "corpus": {"name": self.name, "version": self.version, "license": self.license, "url": self.url},
            "original_id": original_id,
        }

    def rights(self) -> dict[str, Any]:
        """The `rights` of an article of this corpus."""
        return {"redistributable": self.redistributable, "note": self.rights_note}

    def provenance(self, note: str | None = None, method: str = "import") -> dict[str, Any]:
        """The provenance of a record made by importing this corpus."""
        made = {"method": method, "tool": "parallax import", "tool_version": __version__}
        return made | ({"note": note} if note else {})


@dataclass
class Context:
    """What an importer may use: the outlet registry (to resolve and to extend)."""

    registry: OutletRegistry


Item = tuple[str, dict[str, Any]] | Problem  # (group, record) to write, or a problem met on the way
Importer = Callable[[Path, Context], Iterator[Item]]
IMPORTERS: dict[str, Importer] = {}


def register(name: str) -> Callable[[Importer], Importer]:
    """Register an importer under a corpus name."""

    def decorate(function: Importer) -> Importer:
        IMPORTERS[name] = function
        return function

    return decorate


def importers() -> dict[str, Importer]:
    """Every registered importer by corpus name (the modules of this package, loaded on first use)."""
    for module in pkgutil.iter_modules(__path__):
        importlib.import_module(f"{__name__}.{module.name}")
    return dict(sorted(IMPORTERS.items()))


def read_json(file: Path) -> dict[str, Any] | Problem:
    """The JSON object of a corpus file, or the problem of reading it."""
    try:
        data = orjson.loads(read_bytes(file))
    except (OSError, orjson.JSONDecodeError) as error:
        return unreadable(error, file)
    return data if isinstance(data, dict) else problem("import.unreadable", "not a JSON object", file=str(file))


def run_import(corpus: str, path: Path, out: Path, registry: OutletRegistry) -> Summary:
    """Import one corpus folder into a data folder."""
    summary = Summary()
    if not path.is_dir():
        summary.problems.append(problem("import.layout", "not a folder", file=str(path)))
        return summary
    return write_items(importers()[corpus](path, Context(registry)), out, summary)
