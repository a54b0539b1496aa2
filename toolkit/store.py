"""Write records into a folder laid out like data/, adding to what is there without clobbering it."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import orjson

from toolkit.records import dumps, write_lines

SINGLE_FILES = {"outlet": "outlets.jsonl", "actor": "actors.jsonl"}
FOLDERS = {"article": "articles", "claim": "claims", "event": "events", "alignment": "alignments", "comparison": "comparisons"}


def target(kind: str, group: str) -> str:
    """The file, relative to the folder, that a record of a kind and group goes to."""
    return SINGLE_FILES.get(kind) or f"{FOLDERS[kind]}/{group}.jsonl"


@dataclass
class Store:
    """Records waiting to be written, by target file; the first record of an id wins."""

    root: Path
    pending: dict[str, dict[str, dict[str, Any]]] = field(default_factory=lambda: defaultdict(dict))

    def add(self, record: dict[str, Any], group: str) -> bool:
        """Queue a record; False when a record of the same id is already queued for that file."""
        records = self.pending[target(record["type"], group)]
        if record["id"] in records:
            return False
        records[record["id"]] = record
        return True

    def write(self) -> dict[str, int]:
        """Write every queued file: records already in it are kept as they are, new ids added in id order.

        Returns how many records each file gained. Each file is replaced atomically.
        """
        gained = {}
        for relative, records in sorted(self.pending.items()):
            path = self.root / relative
            existing = _read(path)
            known = {_id_of(line) for line in existing}
            new = [dumps(records[i]) for i in sorted(records) if i not in known]
            if new or not path.exists():
                write_lines(path, existing + new)
            gained[relative] = len(new)
        self.pending.clear()
        return gained


def _read(path: Path) -> list[bytes]:
    """The lines already in a file, byte for byte (each ending in LF), blank lines dropped."""
    if not path.exists():
        return []
    with open(path, "rb") as handle:
        return [line if line.endswith(b"\n") else line + b"\n" for line in handle if line.strip()]


def _id_of(line: bytes) -> Any:
    try:
        record = orjson.loads(line)
    except orjson.JSONDecodeError:
        return None
    return record.get("id") if isinstance(record, dict) else None
