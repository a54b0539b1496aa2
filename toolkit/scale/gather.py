"""The step across shards: the shards of the parts gathered into the data folder, checked as one.

Each part's articles and claims go into the data folder's layout, named by their input and the part
(`articles/<input>-NNNNN.jsonl`); an article that an earlier part already holds (the same outlet and text, read from
another part of the inputs) is left out with its claims and reported as `convert.duplicate`, as `convert` reports it;
the outlets and actors of every part are merged into the folder's `outlets.jsonl` and `actors.jsonl`. Then the checks
that no single task can make: no id is held by two parts (`run.duplicate-id`) and every outlet and actor a part's
records point to is in the gathered registries (`run.unresolved-reference`). Last, the dataset pass over the actors
(toolkit.actors.dataset), as `convert` runs it. Gathering again gives the same folder.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from collections import defaultdict
from pathlib import Path
from typing import Any

import numpy as np
import orjson

from toolkit.problems import problem
from toolkit.records import record_files
from toolkit.scale.run import Run
from toolkit.scale.shards import SUMMARY, add_summary, read_json, shard_folder, summary_to_json, to_problem, write_json
from toolkit.store import SINGLE_FILES, Store, Summary

GATHERED = "gathered.json"


def gather(run: Run) -> dict[str, Any]:
    """Gather every part's shard into the run's data folder; what was written and every problem, as JSON
    (also kept in WORK/gathered.json)."""
    from toolkit.flows import resolve_actors

    work, out = run.work_path, run.out_path
    plan = read_json(work / "plan.json")
    total = Summary()
    total.problems.extend(to_problem(p) for p in plan["problems"])
    first: dict[tuple[Any, Any], tuple[str, str]] = {}
    dropped: dict[int, set[str]] = defaultdict(set)
    errors_in_shards = 0
    parts = len(plan["parts"])
    for part in range(parts):
        found = read_json(shard_folder(work, part) / SUMMARY)
        add_summary(total, found["summary"])
        errors_in_shards += found["validation"]["errors"]
        total.problems.extend(to_problem(p) for p in found["validation"]["problems"])
        for outlet, sha, rid, path in found["articles"]:
            earlier = first.setdefault((outlet, sha), (rid, path))
            if earlier != (rid, path):
                dropped[part].add(rid)
                total.problems.append(problem("convert.duplicate", f"same text as {earlier[0]} (from {earlier[1]}); skipped", file=path))
    total.files = {}
    written = _place(work, out, parts, dropped, total)
    records = _registry_records(work, parts)
    held = _registries(out, records, total, run)
    total.problems.extend(_duplicate_ids(written))
    total.problems.extend(_unresolved(out, records, held))
    resolve_actors(run.session(), out, total)
    result = {"summary": summary_to_json(total), "files": sorted(str(p.relative_to(out)) for p in written), "shard_errors": errors_in_shards}
    write_json(work / GATHERED, result)
    return result


def _place(work: Path, out: Path, parts: int, dropped: dict[int, set[str]], total: Any) -> list[Path]:
    """Copy each part's articles and claims into `out` under names of their own, without the articles `dropped`."""
    placed = []
    for part in range(parts):
        folder = shard_folder(work, part)
        for path in record_files([folder]):
            relative = path.relative_to(folder)
            if str(relative) in SINGLE_FILES.values():
                continue
            target = out / relative.parent / f"{path.stem}-{part:05d}{path.suffix}"
            target.parent.mkdir(parents=True, exist_ok=True)
            gone = dropped.get(part)
            with tempfile.NamedTemporaryFile(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp", delete=False) as handle:
                kept = 0
                with open(path, "rb") as source:
                    for line in source:
                        if gone:
                            record = orjson.loads(line)
                            if record.get("id") in gone or record.get("article_id") in gone:
                                total.written[record.get("type")] -= 1
                                continue
                        handle.write(line)
                        kept += 1
            total.files[str(target.relative_to(out))] = kept
            os.chmod(handle.name, 0o644)
            os.replace(handle.name, target)
            placed.append(target)
    return placed


def _registry_records(work: Path, parts: int) -> list[tuple[int, Path, dict[str, Any]]]:
    """(part, file, record) of every outlet and actor the parts' shards hold, in part order."""
    found: list[tuple[int, Path, dict[str, Any]]] = []
    for part in range(parts):
        for name in SINGLE_FILES.values():
            path = shard_folder(work, part) / name
            if path.is_file():
                found.extend((part, path, orjson.loads(line)) for line in path.read_bytes().splitlines() if line.strip())
    return found


def _registries(out: Path, records: list[tuple[int, Path, dict[str, Any]]], total: Summary, run: Run) -> dict[str, set[str]]:
    """Merge the parts' outlets and actors into `out`'s registry files; the ids they then hold, by kind. The summary
    counts each outlet and actor once, however many parts held it."""
    store, known = Store(out), run.registries()
    for kind in SINGLE_FILES:
        ids = {str(record.get("id")) for _part, _path, record in records if record.get("type") == kind}
        if ids:
            total.written[kind] = len(ids)
            total.registry_added[kind] = sum(1 for rid in ids if known.record(kind, rid) is not None)
    for _part, _path, record in records:
        store.add(record, "registry")
    total.files.update(store.write())
    held: dict[str, set[str]] = {}
    for kind, name in SINGLE_FILES.items():
        path = out / name
        held[kind] = {str(orjson.loads(line).get("id")) for line in path.read_bytes().splitlines() if line.strip()} if path.is_file() else set()
    return held


def _hashed(rid: bytes) -> int:
    """An id as a 64-bit hash."""
    return int.from_bytes(hashlib.blake2b(rid, digest_size=8).digest(), "little")


def _ids(path: Path) -> Any:
    """The ids of a record file's lines, as 64-bit hashes."""
    found = []
    with open(path, "rb") as handle:
        for line in handle:
            at = line.find(b'"id":"')
            end = line.find(b'"', at + 6)
            found.append(_hashed(line[at + 6 : end]))
    return np.array(found, dtype=np.uint64)


def _duplicate_ids(written: list[Path]) -> list[Any]:
    """`run.duplicate-id` for every id held by more than one of the gathered files (ids compared by hash, then read)."""
    if not written:
        return []
    hashed = [_ids(path) for path in written]
    every = np.concatenate(hashed)
    values, counts = np.unique(every, return_counts=True)
    repeated = set(values[counts > 1].tolist())
    if not repeated:
        return []
    where: dict[str, list[str]] = defaultdict(list)
    for path, ids in zip(written, hashed, strict=True):
        if repeated & set(ids.tolist()):
            for line in path.read_bytes().splitlines():
                rid = str(orjson.loads(line).get("id"))
                if _hashed(rid.encode()) in repeated:
                    where[rid].append(str(path))
    return [
        problem("run.duplicate-id", f"id {rid} is held by {len(files)} files of the run: {', '.join(files)}", file=files[0])
        for rid, files in sorted(where.items())
        if len(files) > 1
    ]


def _unresolved(out: Path, records: list[tuple[int, Path, dict[str, Any]]], held: dict[str, set[str]]) -> list[Any]:
    """`run.unresolved-reference` for an outlet or actor a part's records point to that the gathered registries lack."""
    from toolkit.references import registry_references

    found = []
    for part, path, record in records:
        for kind, rid in [(record.get("type"), record.get("id")), *registry_references(record)]:
            if kind in held and rid not in held[kind]:
                message = f"{kind} {rid!r}, which part {part} points to, is not in {out / SINGLE_FILES[kind]}"
                found.append(problem("run.unresolved-reference", message, file=str(path)))
    return found


__all__ = ["GATHERED", "gather"]
