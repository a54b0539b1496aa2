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
from toolkit.references import registry_references
from toolkit.registry import Registries
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
class Unresolved:
    """What a run wrote but could not resolve: articles without an outlet or a date, speakers without an actor."""

    articles: int = 0
    claims: int = 0
    outlets: Counter[str] = field(default_factory=Counter)  # names of outlets not in the registry, by articles
    no_outlet: int = 0  # articles whose input names no outlet at all
    undated: int = 0
    speakers: Counter[str] = field(default_factory=Counter)  # mentions of speakers no actor stands for, by claims

    def observe(self, record: dict[str, Any]) -> None:
        """Count what a record written leaves unresolved."""
        kind = record.get("type")
        if kind == "article":
            self.articles += 1
            if record.get("outlet_id") is None:
                if record.get("outlet_name"):
                    self.outlets[str(record["outlet_name"])] += 1
                else:
                    self.no_outlet += 1
            if record.get("published") is None:
                self.undated += 1
        elif kind == "claim":
            self.claims += 1
            speaker = record.get("speaker") or {}
            if speaker.get("actor_id") is None:
                self.speakers[str((speaker.get("mention") or {}).get("text") or "(no mention)")] += 1

    def to_dict(self) -> dict[str, Any]:
        """The counts, for a JSON summary."""
        return {
            "articles_without_outlet": sum(self.outlets.values()) + self.no_outlet,
            "unknown_outlets": dict(self.outlets.most_common()),
            "articles_without_date": self.undated,
            "claims_without_actor": sum(self.speakers.values()),
            "unresolved_speakers": dict(self.speakers.most_common(20)),
        }


@dataclass
class Summary:
    """What an import or a conversion did: records written by type and file, what stayed unresolved, and every problem."""

    written: Counter[str] = field(default_factory=Counter)
    files: dict[str, int] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    invalid: int = 0
    unresolved: Unresolved = field(default_factory=Unresolved)
    registry_added: Counter[str] = field(default_factory=Counter)  # outlets and actors copied in from the registries


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


def write_items(items: Iterable[tuple[str, dict[str, Any]] | Problem], out: Path, summary: Summary, registries: Registries | None = None) -> Summary:
    """Validate each record, queue the valid ones, report the rest; then write the folder.

    With `registries`, the outlets and actors the records point to that the folder does not hold are copied in from
    them, so that the folder validates on its own.
    """
    store, texts = Store(out), _Texts()
    referenced: set[tuple[str, str]] = set()
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
            summary.unresolved.observe(record)
            referenced.update(registry_references(record))
    if registries is not None:
        complete(store, referenced, registries, summary)
    summary.files = store.write()
    return summary


def present_ids(folder: Path, kind: str) -> set[str]:
    """The ids of the outlets or actors a folder's registry file holds."""
    return {rid for line in _read(folder / SINGLE_FILES[kind]) if isinstance(rid := _id_of(line), str)}


def complete(store: Store, referenced: set[tuple[str, str]], registries: Registries, summary: Summary) -> None:
    """Queue the registry records of the outlets and actors referenced that neither the folder nor the queue holds."""
    held = {kind: present_ids(store.root, kind) | set(store.pending.get(SINGLE_FILES[kind], {})) for kind in SINGLE_FILES}
    for kind, rid in sorted(referenced):
        if rid in held[kind]:
            continue
        record = registries.record(kind, rid)
        if record is None:
            summary.problems.append(problem("write.unknown-reference", f"no {kind} {rid!r} in the registries ({registries.describe()})", pointer=""))
            continue
        store.add(record, "registry")
        held[kind].add(rid)
        summary.registry_added[kind] += 1
        summary.written[kind] += 1
