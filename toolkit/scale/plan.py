"""The plan of a run: its inputs cut into parts of about equal size, and the parts dealt out to tasks in input order.

A part is a whole input file, a run of whole lines of a large JSON Lines file, or a run of row groups of a large Parquet
file. Each part knows where it starts in its file (its first line, its first row group) and the SHA-256 of the whole
file, so that its articles are numbered and named as `parallax convert` names them reading the file whole. Tasks take
consecutive parts, so that task order is input order: where two inputs hold the same article, the earlier task's is
kept, as `convert` keeps the first.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from toolkit.convert import SUFFIXES
from toolkit.convert.run import INPUT, INPUT_LIMIT, inputs
from toolkit.problems import Problem
from toolkit.reading import Refused, regular

PART_BYTES = 8 << 20  # the size of a part: ~1,200 news articles, a few minutes of extraction on one core
_BOMS = (b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")  # a file that starts with one is read whole, never cut


@dataclass(frozen=True)
class Part:
    """One unit of work: a group (the file it writes, as convert names it), a file, and which of its bytes or rows."""

    group: str
    path: str
    size: int  # bytes this part stands for (of its file), to deal parts out by size
    start: int = 0  # byte offset of a JSON Lines part
    end: int = -1  # its end (exclusive); -1: to the end of the file
    first_line: int = 1
    rows: tuple[int, int] | None = None  # row groups [start, end) of a Parquet part
    file_sha256: str | None = None  # of the whole file, set on the parts of a file cut in parts
    more: tuple[tuple[str, str], ...] = ()  # (group, path) of further whole files read after the first, small files bundled

    def to_dict(self) -> dict[str, Any]:
        """The part as JSON-ready values."""
        return asdict(self)

    @classmethod
    def from_dict(cls, found: dict[str, Any]) -> Part:
        """A part read back from `to_dict`."""
        rows = found.get("rows")
        more = tuple((str(group), str(path)) for group, path in found.get("more", ()))
        return cls(**(found | {"rows": tuple(rows) if rows else None, "more": more}))

    def files(self) -> list[Part]:
        """The part as one part a file: itself, or each of the whole files it bundles."""
        if not self.more:
            return [self]
        return [Part(self.group, self.path, 0), *(Part(group, path, 0) for group, path in self.more)]


def parts(paths: list[str], part_bytes: int = PART_BYTES) -> tuple[list[Part], list[Problem]]:
    """The parts of the inputs, in input order, and the problems of inputs that cannot be read at all."""
    found: list[Part] = []
    problems: list[Problem] = []
    bundle: list[tuple[str, str, int]] = []  # small whole files, in input order, read as one part

    def flush() -> None:
        if bundle:
            (group, path, _), rest = bundle[0], bundle[1:]
            found.append(Part(group, path, sum(size for *_, size in bundle), more=tuple((g, p) for g, p, _ in rest)))
            bundle.clear()

    for entry in inputs(paths):
        if isinstance(entry, Problem):
            problems.append(entry)
            continue
        group, path = entry
        try:
            size = regular(Path(path), None, INPUT).stat().st_size
        except (Refused, OSError):
            size = 0  # the task reading it reports why it cannot, as convert does
        kind = SUFFIXES.get(Path(path).suffix.lower())
        if size > part_bytes and kind in ("jsonl", "parquet"):
            flush()
            found.extend(_lines(group, path, size, part_bytes) if kind == "jsonl" else _row_groups(group, path, size, part_bytes))
            continue
        bundle.append((group, path, size))
        if sum(size for *_, size in bundle) >= part_bytes:
            flush()
    flush()
    return found, problems


def _lines(group: str, path: str, size: int, part_bytes: int) -> list[Part]:
    """A JSON Lines file cut at line ends into parts of about `part_bytes`; read once, for its lines and its hash."""
    with open(path, "rb") as handle:
        if handle.read(3).startswith(_BOMS):
            return [Part(group, path, size)]
        handle.seek(0)
        digest, cuts, start, first, at = hashlib.sha256(), [], 0, 1, 0
        for number, line in enumerate(handle, 1):
            digest.update(line)
            at += len(line)
            if at - start >= part_bytes:
                cuts.append((start, at, first))
                start, first = at, number + 1
        if at > start:
            cuts.append((start, at, first))
    sha = digest.hexdigest()
    return [Part(group, path, end - begin, begin, end, line, None, sha) for begin, end, line in cuts]


def _row_groups(group: str, path: str, size: int, part_bytes: int) -> list[Part]:
    """A Parquet file cut between row groups into parts of about `part_bytes` of the file."""
    import pyarrow.parquet as pq

    try:
        meta = pq.ParquetFile(path).metadata
    except Exception:  # noqa: BLE001 - the task reading it says what is wrong with it (convert.format)
        return [Part(group, path, size)]
    groups = meta.num_row_groups
    if groups < 2:
        return [Part(group, path, size)]
    weights = [sum(meta.row_group(g).column(c).total_compressed_size for c in range(meta.num_columns)) for g in range(groups)]
    sha = _sha256(path)
    made, start, held = [], 0, 0
    for g, weight in enumerate(weights):
        held += weight
        if held >= part_bytes or g == groups - 1:
            made.append(Part(group, path, held, rows=(start, g + 1), file_sha256=sha))
            start, held = g + 1, 0
    return made


def _sha256(path: str) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while block := handle.read(1 << 22):
            digest.update(block)
    return digest.hexdigest()


def deal(found: list[Part], tasks: int) -> list[list[int]]:
    """The parts each of `tasks` tasks takes: consecutive runs of about equal size, in input order."""
    total = sum(max(part.size, 1) for part in found)
    dealt: list[list[int]] = [[] for _ in range(tasks)]
    held = 0
    for index, part in enumerate(found):
        middle = held + max(part.size, 1) / 2
        dealt[min(tasks - 1, int(middle * tasks / total))].append(index)
        held += max(part.size, 1)
    return dealt


def read_part(part: Part) -> bytes:
    """The bytes of a part (a JSON Lines part's lines; the whole file otherwise), within convert's input limit."""
    if part.end < 0:
        from toolkit.reading import read_bytes

        return read_bytes(Path(part.path), INPUT_LIMIT, INPUT)
    if part.end - part.start > INPUT_LIMIT:
        raise Refused(INPUT.too_large, f"a part of {part.end - part.start:,} bytes, more than {INPUT_LIMIT:,}")
    with open(part.path, "rb") as handle:
        handle.seek(part.start)
        return handle.read(part.end - part.start)


def fingerprint(path: str) -> tuple[int, int]:
    """(size, modification time in ns) of an input, to tell whether it changed since the plan was made."""
    info = os.stat(path)
    return info.st_size, info.st_mtime_ns


__all__ = ["PART_BYTES", "Part", "deal", "fingerprint", "parts", "read_part"]
