"""Turn the paths given on the command line into JSON Lines files to check, in a useful order."""

from __future__ import annotations

import errno
import os
import stat
from dataclasses import dataclass, field
from pathlib import Path

from toolkit.problems import Problem, problem
from toolkit.records import holds_records, is_hidden

# Records others point to come first, so that references and spans resolve while streaming.
ORDER = ("outlet", "actor", "article", "event", "claim", "alignment", "comparison")


@dataclass
class Discovered:
    """Files to check (display paths), and problems met on the way."""

    files: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def rank(path: str) -> tuple[int, str]:
    """Sort key: registries, then articles and events, then the rest; by path within a rank."""
    parts = Path(path.lower()).parts[-2:]
    for position, word in enumerate(ORDER):
        if any(word in part for part in parts):
            return position, path
    return len(ORDER), path


def is_early(path: str) -> bool:
    """Whether a file probably holds records that others point to (outlets, actors, articles, events)."""
    return rank(path)[0] < ORDER.index("claim")


def discover(paths: list[str]) -> Discovered:
    """Expand directories (recursively, skipping dot-files), keeping each file once."""
    found = Discovered()
    seen_files: set[tuple[int, int]] = set()
    for path in paths:
        _visit(path, explicit=True, found=found, seen_dirs=set(), seen_files=seen_files)
    found.files.sort(key=rank)
    return found


def _visit(path: str, explicit: bool, found: Discovered, seen_dirs: set[tuple[int, int]], seen_files: set[tuple[int, int]]) -> None:
    try:
        info = os.stat(path)
    except OSError as error:
        found.problems.append(_io_problem(path, error))
        return
    key = (info.st_dev, info.st_ino)
    if stat.S_ISDIR(info.st_mode):
        if key in seen_dirs:
            found.problems.append(problem("io.symlink-loop", "symbolic link loop: this directory contains itself; not followed", file=path))
            return
        _walk(path, found, seen_dirs | {key}, seen_files)
    elif not stat.S_ISREG(info.st_mode):
        if key not in seen_files:
            seen_files.add(key)
            found.problems.append(problem("io.not-a-file", "not a regular file or directory; skipped", file=path))
    elif not explicit and not holds_records(os.path.basename(path)):
        found.problems.append(problem("file.unknown", "not a JSON Lines file (.jsonl, .ndjson); skipped", file=path))
    elif key not in seen_files:
        seen_files.add(key)
        found.files.append(path)


def _walk(path: str, found: Discovered, seen_dirs: set[tuple[int, int]], seen_files: set[tuple[int, int]]) -> None:
    try:
        names = sorted(entry.name for entry in os.scandir(path))
    except OSError as error:
        found.problems.append(_io_problem(path, error))
        return
    for name in names:
        if not is_hidden(name):
            _visit(os.path.join(path, name), explicit=False, found=found, seen_dirs=seen_dirs, seen_files=seen_files)


def _io_problem(path: str, error: OSError) -> Problem:
    if error.errno == errno.ELOOP:
        return problem("io.symlink-loop", "symbolic link loop; not followed", file=path)
    if error.errno == errno.ENOENT:
        broken = os.path.islink(path)
        return problem("io.not-found", "broken symbolic link" if broken else "no such file or directory", file=path)
    return problem("io.unreadable", f"cannot read: {error.strerror or error}", file=path)
