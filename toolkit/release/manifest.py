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


HEAD = ("type", "id", "schema_version")


def canonical(record: dict[str, Any]) -> bytes:
    """The record's canonical line, the bytes of `toolkit.records.dumps`, in one serialization."""
    head = {k: record[k] for k in HEAD if k in record}
    rest = {k: v for k, v in record.items() if k not in head}
    if not head or not rest:
        return dumps(record)
    return orjson.dumps(head)[:-1] + b"," + orjson.dumps(rest, option=orjson.OPT_SORT_KEYS)[1:] + b"\n"


def record_digest(record: dict[str, Any]) -> str:
    """SHA-256 of the record's canonical line."""
    return hashlib.sha256(canonical(record)).hexdigest()


def record_index(records: dict[str, list[dict[str, Any]]]) -> list[tuple[str, str, str]]:
    """(config, id, SHA-256 of the record's canonical line) of every record, sorted."""
    return sorted((config, r["id"], record_digest(r)) for config, rows in records.items() for r in rows)


def read_index(folder: Path) -> dict[tuple[str, str], str] | None:
    """The record index of a release folder, or None when it has none (a first release)."""
    path = folder / INDEX
    if not path.is_file():
        return None
    rows = (line.split("\t") for line in path.read_text(encoding="utf-8").splitlines()[1:] if line)
    return {(config, rid): digest for config, rid, digest in rows}


def write_index(folder: Path, index: list[tuple[str, str, str]]) -> None:
    """Write the record index (a TSV with a header line)."""
    lines = ["config\tid\tsha256", *("\t".join(row) for row in index)]
    (folder / INDEX).write_text("\n".join(lines) + "\n", encoding="utf-8")


def changes(previous: dict[tuple[str, str], str] | None, index: list[tuple[str, str, str]]) -> dict[str, dict[str, list[str]]]:
    """Ids added, removed and changed per config since the previous index (everything added when there is none)."""
    current = {(config, rid): digest for config, rid, digest in index}
    before = previous or {}
    found: dict[str, dict[str, list[str]]] = {}
    for config in sorted({c for c, _ in current} | {c for c, _ in before}):
        found[config] = {
            "added": sorted(rid for c, rid in current if c == config and (c, rid) not in before),
            "removed": sorted(rid for c, rid in before if c == config and (c, rid) not in current),
            "changed": sorted(rid for c, rid in current if c == config and (c, rid) in before and before[(c, rid)] != current[(c, rid)]),
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
        entries.append(f"{hashlib.sha256(path.read_bytes()).hexdigest()}  {path.relative_to(folder).as_posix()}")
    (folder / MANIFEST).write_text("\n".join(entries) + "\n", encoding="utf-8")
