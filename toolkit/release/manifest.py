"""What a release holds and how it changed: a record index, a changelog against the previous release, a SHA-256 manifest."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

import orjson

from toolkit.records import dumps

INDEX = "records.tsv"
MANIFEST = "MANIFEST.sha256"
CHANGELOG = "CHANGELOG.md"
LISTED = 50  # ids listed per kind of change in the changelog; all of them are in the index
WRITTEN = 100_000  # index lines joined in memory at a time


HEAD = ("type", "id", "schema_version")

#: The record index: per config, the SHA-256 of each record's canonical line by id.
Index = dict[str, dict[str, str]]


def canonical(record: dict[str, Any]) -> bytes:
    """The record's canonical line, the bytes of `toolkit.records.dumps`, in one serialization."""
    rest = dict(record)
    head = {k: rest.pop(k) for k in HEAD if k in rest}
    if not head or not rest:
        return dumps(record)
    return orjson.dumps(head)[:-1] + b"," + orjson.dumps(rest, option=orjson.OPT_SORT_KEYS)[1:] + b"\n"


def record_digest(record: dict[str, Any]) -> str:
    """SHA-256 of the record's canonical line."""
    return hashlib.sha256(canonical(record)).hexdigest()


def record_index(records: dict[str, list[dict[str, Any]]]) -> Index:
    """The index of records by config: the SHA-256 of each record's canonical line, by id."""
    return {config: {r["id"]: record_digest(r) for r in rows} for config, rows in records.items()}


def read_index(folder: Path) -> Index | None:
    """The record index of a release folder, or None when it has none (a first release)."""
    path = folder / INDEX
    if not path.is_file():
        return None
    index: Index = {}
    with open(path, encoding="utf-8") as handle:
        next(handle, None)  # the header
        for line in handle:
            if line.strip():
                config, rid, digest = line.rstrip("\n").split("\t")
                index.setdefault(config, {})[rid] = digest
    return index


def write_index(folder: Path, index: Index) -> None:
    """Write the record index (a TSV with a header line), sorted by config and id."""
    with open(folder / INDEX, "w", encoding="utf-8", newline="\n") as handle:
        handle.write("config\tid\tsha256\n")
        for config in sorted(index):
            digests, ids = index[config], sorted(index[config])
            for first in range(0, len(ids), WRITTEN):
                handle.write("".join([f"{config}\t{rid}\t{digests[rid]}\n" for rid in ids[first : first + WRITTEN]]))


def changes(previous: Index | None, index: Index) -> dict[str, dict[str, list[str]]]:
    """Ids added, removed and changed per config since the previous index (everything added when there is none)."""
    before = previous or {}
    found: dict[str, dict[str, list[str]]] = {}
    for config in sorted(index.keys() | before.keys()):
        now, then = index.get(config, {}), before.get(config, {})
        found[config] = {
            "added": sorted(rid for rid in now if rid not in then),
            "removed": sorted(rid for rid in then if rid not in now),
            "changed": sorted(rid for rid, digest in now.items() if rid in then and then[rid] != digest),
        }
    return found


def render_changelog(version: str, found: dict[str, dict[str, list[str]]], first: bool) -> str:
    """CHANGELOG.md: counts per config and kind of change, and the first ids of each."""
    lines = [f"# Changes in {version}", "", "First release: every record is new." if first else "Against the previous release in this folder.", ""]
    lines += ["| config | added | removed | changed |", "|---|---:|---:|---:|"]
    lines += [f"| {config} | {len(k['added'])} | {len(k['removed'])} | {len(k['changed'])} |" for config, k in found.items()]
    for config, kinds in found.items():
        for kind, ids in kinds.items():
            if ids and not first:
                shown = ", ".join(f"`{i}`" for i in ids[:LISTED])
                more = f" and {len(ids) - LISTED} more (see {INDEX})" if len(ids) > LISTED else ""
                lines += ["", f"{config}, {kind}: {shown}{more}"]
    return "\n".join(lines) + "\n"


def write_manifest(folder: Path) -> None:
    """MANIFEST.sha256: the SHA-256 of every other file of the release, in `sha256sum -c` form, sorted by path."""
    entries = []
    for path in sorted(p for p in folder.rglob("*") if p.is_file() and p.name != MANIFEST):
        with open(path, "rb") as handle:
            digest = hashlib.file_digest(handle, "sha256").hexdigest()
        entries.append(f"{digest}  {path.relative_to(folder).as_posix()}")
    (folder / MANIFEST).write_text("\n".join(entries) + "\n", encoding="utf-8")
