"""What each task of a run leaves behind, and how a finished task's folder is put in place in one step.

A convert task writes the records of each of its parts into `WORK/shards/NNNNN.partial/` (NNNNN the part's number
in the plan), validates that folder on its own, writes `summary.json` beside the records, and only then renames the
folder to `WORK/shards/NNNNN/`. A task killed on the way
leaves a `.partial` folder the next run removes; a task run again replaces its folder whole, so that no record is ever
written twice.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Any

import orjson

from toolkit.problems import Problem
from toolkit.store import Summary

SUMMARY = "summary.json"


def shard_folder(work: Path, part: int) -> Path:
    """The folder of the records of one part of the inputs."""
    return work / "shards" / f"{part:05d}"


def fresh(folder: Path) -> Path:
    """An empty `.partial` folder beside `folder` (what a killed run left there removed)."""
    partial = folder.with_name(folder.name + ".partial")
    shutil.rmtree(partial, ignore_errors=True)
    partial.mkdir(parents=True)
    return partial


def put_in_place(partial: Path, folder: Path) -> None:
    """Replace `folder` by `partial`: a reader finds the old folder or the new one, never a mix."""
    old = folder.with_name(folder.name + ".old")
    shutil.rmtree(old, ignore_errors=True)
    if folder.exists():
        os.replace(folder, old)
    os.replace(partial, folder)
    shutil.rmtree(old, ignore_errors=True)


def write_json(path: Path, value: Any) -> None:
    """Write JSON in one step (a temporary file renamed over the target)."""
    temporary = path.with_name(f".{path.name}.tmp")
    temporary.write_bytes(orjson.dumps(value, option=orjson.OPT_INDENT_2 | orjson.OPT_SORT_KEYS))
    os.replace(temporary, path)


def read_json(path: Path) -> Any:
    """JSON written by `write_json`."""
    return orjson.loads(path.read_bytes())


def summary_to_json(summary: Summary) -> dict[str, Any]:
    """A Summary as JSON, every count and problem kept, to be added up across tasks."""
    seen = summary.unresolved
    return {
        "written": dict(summary.written),
        "files": summary.files,
        "problems": [p.to_dict() for p in summary.problems],
        "invalid": summary.invalid,
        "present": summary.present,
        "registry_added": dict(summary.registry_added),
        "unresolved": {
            "articles": seen.articles,
            "claims": seen.claims,
            "outlets": dict(seen.outlets),
            "no_outlet": seen.no_outlet,
            "undated": seen.undated,
            "speakers": dict(seen.speakers),
        },
    }


def to_problem(found: dict[str, Any]) -> Problem:
    """A problem read back from its `to_dict`."""
    return Problem(
        str(found["code"]),
        str(found["message"]),
        found.get("file"),
        found.get("line"),
        found.get("column"),
        str(found.get("pointer") or ""),
        str(found["severity"]),
    )


def add_summary(total: Summary, found: dict[str, Any]) -> None:
    """Add a task's summary (`summary_to_json`) into a running total."""
    total.written.update(found["written"])
    for name, count in found["files"].items():
        total.files[name] = total.files.get(name, 0) + count
    total.problems.extend(to_problem(p) for p in found["problems"])
    total.invalid += found["invalid"]
    total.present += found["present"]
    total.registry_added.update(found["registry_added"])
    seen, more = total.unresolved, found["unresolved"]
    seen.articles += more["articles"]
    seen.claims += more["claims"]
    seen.outlets.update(more["outlets"])
    seen.no_outlet += more["no_outlet"]
    seen.undated += more["undated"]
    seen.speakers.update(more["speakers"])


__all__ = [
    "SUMMARY",
    "add_summary",
    "fresh",
    "put_in_place",
    "read_json",
    "shard_folder",
    "summary_to_json",
    "to_problem",
    "write_json",
]
