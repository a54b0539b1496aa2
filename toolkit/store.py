"""Write records into a folder laid out like data/, adding to what is there without clobbering it."""

from __future__ import annotations

from collections import Counter, OrderedDict, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import orjson

from toolkit.problems import Problem, problem
from toolkit.records import dumps, write_lines
from toolkit.validate.record import record_problems

SINGLE_FILES = {"outlet": "outlets.jsonl", "actor": "actors.jsonl"}
FOLDERS = {"article": "articles", "claim": "claims", "event": "events", "alignment": "alignments", "comparison": "comparisons"}


def target(kind: str, group: str) -> str:
    """The file, relative to the folder, that a record of a kind and group goes to."""
    return SINGLE_FILES.get(kind) or f"{FOLDERS[kind]}/{group}.jsonl"


@dataclass
class Store:
    """Records waiting to be written, by target file; the first record of an id wins.

    Outlets and actors wait as records (a later one of the same id merges into them); the rest wait as their
    serialized lines, which take far less memory than the records.
    """

    root: Path
    pending: dict[str, dict[str, Any]] = field(default_factory=lambda: defaultdict(dict))

    def add(self, record: dict[str, Any], group: str) -> bool:
        """Queue a record; False when a record of the same id is already queued (an outlet or actor is merged into it)."""
        registry = record["type"] in SINGLE_FILES
        records = self.pending[target(record["type"], group)]
        queued = records.get(record["id"])
        if queued is not None:
            if registry:
                records[record["id"]] = merge_registry(queued, record)
            return False
        records[record["id"]] = record if registry else dumps(record)
        return True

    def write(self) -> dict[str, int]:
        """Write every queued file: records already in it are kept, new ids added in id order.

        An outlet or actor already there gains the aliases, domains and ratings a new record of its id brings
        (ratings side by side, never merged across raters). Returns how many records each file gained or changed.
        Each file is replaced atomically.
        """
        gained = {}
        for relative, records in sorted(self.pending.items()):
            path = self.root / relative
            existing = _read(path)
            lines, changed = self._updated(existing, records) if relative in SINGLE_FILES.values() else (existing, 0)
            known = {_id_of(line) for line in existing}
            new = [_line(records[i]) for i in sorted(records) if i not in known]
            if new or changed or not path.exists():
                write_lines(path, lines + new)
            gained[relative] = len(new) + changed
        self.pending.clear()
        return gained

    @staticmethod
    def _updated(existing: list[bytes], records: dict[str, dict[str, Any]]) -> tuple[list[bytes], int]:
        """Existing registry lines, each merged with the queued record of its id; and how many changed."""
        lines, changed = [], 0
        for line in existing:
            rid = _id_of(line)
            if rid in records:
                merged = merge_registry(orjson.loads(line), records[rid])
                if dumps(merged) != dumps(orjson.loads(line)):
                    line, changed = dumps(merged), changed + 1
            lines.append(line)
        return lines, changed


def merge_registry(old: dict[str, Any], new: dict[str, Any]) -> dict[str, Any]:
    """An outlet or actor with what a newer record of it adds: missing fields, aliases, domains, languages, ratings."""
    merged = dict(old) | {k: v for k, v in new.items() if k not in old}
    for key in ("aliases", "domains", "languages", "ratings", "roles"):
        if key in new:
            have = list(old.get(key, []))
            merged[key] = have + [item for item in new[key] if item not in have]
    return merged


def _line(queued: Any) -> bytes:
    return queued if isinstance(queued, bytes) else dumps(queued)


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


@dataclass
class Summary:
    """What an import or a conversion did: records written by type and file, and every problem."""

    written: Counter[str] = field(default_factory=Counter)
    files: dict[str, int] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    invalid: int = 0


class _Texts(OrderedDict[str, dict[str, str]]):
    """Texts of the latest articles, for checking the spans of their claims before they are written."""

    def keep(self, record: dict[str, Any]) -> None:
        if "text" in record:
            self[record["id"]] = {"headline": record["headline"], "body": record["text"]}
            if len(self) > 4096:
                self.popitem(last=False)


def invalid(record: dict[str, Any], errors: list[tuple[str, str, str]], where: str = "") -> Problem:
    """The `write.invalid` problem of a record that fails validation, with its first three errors."""
    detail = "; ".join(f"{code} {pointer}: {message}" for code, pointer, message in errors[:3])
    return problem("write.invalid", f"{record.get('type')} {record.get('id')}{where}: {detail}")


def write_items(items: Iterable[tuple[str, dict[str, Any]] | Problem], out: Path, summary: Summary) -> Summary:
    """Validate each record, queue the valid ones, report the rest; then write the folder."""
    store, texts = Store(out), _Texts()
    for item in items:
        if isinstance(item, Problem):
            summary.problems.append(item)
            continue
        group, record = item
        errors = record_problems(record, texts.get(record.get("article_id", "")) if record.get("type") == "claim" else None)
        if errors:
            summary.invalid += 1
            summary.problems.append(invalid(record, errors, f" (for {group})"))
            continue
        if record["type"] == "article":
            texts.keep(record)
        if store.add(record, group):
            summary.written[record["type"]] += 1
    summary.files = store.write()
    return summary
