"""Write the Parquet files of located records a row group at a time, Arrow reading and writing beside the file reads.

The lines of a config are read from their files in id order, in pieces of about READ bytes. Arrow's JSON reader
(`jsonrows`) turns each piece into rows in a second thread while this one reads the next piece; the records a transform
replaces are put in from Python, and a full row group is written by that second thread. Where Arrow cannot read a piece
as Python converts it, the piece is converted in Python, so the bytes are always those `write_release` writes for the
same records.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import Any

import orjson
import pyarrow as pa
import pyarrow.parquet as pq

from toolkit.release.features import arrow_schema
from toolkit.release.jsonrows import read_rows
from toolkit.release.parquet import CONFIGS, SHARD, WRITE_OPTIONS, Located, Transform, read_lines, table

READ = 1 << 25  # bytes of lines Arrow reads at a time: a row group is read in pieces, with less memory than at once
TYPES = {config: record_type for record_type, config in CONFIGS.items()}


def write_located(located: Located, folder: Path, transform: Transform) -> dict[str, int]:
    """Write the Parquet file of each config of the located records, rows in id order, and return rows per config.

    A row holds what `transform` makes of its record; `transform` must be the one `locate` was given.
    """
    counts: dict[str, int] = {}
    with system_allocator():
        for config in located.configs():
            path = folder / "data" / config / SHARD
            path.parent.mkdir(parents=True, exist_ok=True)
            counts[config] = write_config(located, config, path, transform)
    return counts


@contextlib.contextmanager
def system_allocator() -> Iterator[None]:
    """Arrow allocating with the system's allocator while row groups are read and written."""
    # Arrow's default allocator hands freed memory back to the system at once, and the next piece of about the same
    # size faults it in again page by page: the system allocator keeps it, for about a third less system time.
    previous = pa.default_memory_pool()
    pa.set_memory_pool(pa.system_memory_pool())
    try:
        yield
    finally:
        pa.set_memory_pool(previous)


def write_config(located: Located, config: str, path: Path, transform: Transform) -> int:
    """Write the Parquet file of one config; the number of rows."""
    options = {k: v for k, v in WRITE_OPTIONS.items() if k != "row_group_size"}
    replaced = located.replaced.get(config, set())
    # the writer is used by the Arrow thread only, and closed once that thread has ended every task
    with pq.ParquetWriter(path, arrow_schema(TYPES[config]), **options) as writer, ThreadPoolExecutor(1) as arrow:
        groups = Groups(writer, arrow, len(located.places[config]))
        ahead: tuple[Future[pa.Table | None], list[str], list[bytes]] | None = None
        for ids, lines in read_lines(located, config, groups.size, READ):
            reading = arrow.submit(read_rows, TYPES[config], lines)  # read while the next lines are read from the files
            if ahead is not None:
                groups.add(piece(config, transform, replaced, *ahead))
            ahead = (reading, ids, lines)
        if ahead is not None:
            groups.add(piece(config, transform, replaced, *ahead))
        groups.wait()
    return groups.rows


def piece(config: str, transform: Transform, replaced: set[str], reading: Future[pa.Table | None], ids: list[str], lines: list[bytes]) -> pa.Table:
    """The rows of a piece of lines, once Arrow has read them, with the records `transform` replaces put in."""
    changed = {number: transform(config, orjson.loads(lines[number])) for number, rid in enumerate(ids) if rid in replaced} if replaced else {}
    return rows_of(TYPES[config], lines, reading.result(), changed)


def rows_of(record_type: str, lines: list[bytes], fast: pa.Table | None, changed: dict[int, dict[str, Any]]) -> pa.Table:
    """The rows of the lines: Arrow's with the `changed` records (by line number) put in, or, where Arrow could not read them, all converted in Python."""
    if fast is None:
        return table(record_type, [changed[number] if number in changed else orjson.loads(line) for number, line in enumerate(lines)])
    if not changed:
        return fast
    patch = table(record_type, list(changed.values()))
    if len(changed) == len(lines):
        return patch
    order = list(range(len(lines)))
    for place, number in enumerate(changed):
        order[number] = len(lines) + place
    return pa.concat_tables([fast, patch]).take(order).combine_chunks()


class Groups:
    """The row groups of one Parquet file: pieces of rows gathered in order, each full group written by the Arrow thread."""

    def __init__(self, writer: pq.ParquetWriter, arrow: ThreadPoolExecutor, total: int) -> None:
        self.writer, self.arrow, self.total = writer, arrow, total
        self.size = int(WRITE_OPTIONS["row_group_size"])
        self.pieces: list[pa.Table] = []
        self.rows = 0
        self.written: Future[None] | None = None

    def add(self, rows: pa.Table) -> None:
        """Add the next rows, and write the group they complete (one chunk per column, as `write_release` writes)."""
        self.pieces.append(rows)
        self.rows += rows.num_rows
        if self.rows % self.size == 0 or self.rows == self.total:
            self.wait()
            group, self.pieces = pa.concat_tables(self.pieces).combine_chunks(), []
            self.written = self.arrow.submit(self.writer.write_table, group, row_group_size=self.size)

    def wait(self) -> None:
        """Return once the group last given is written; raise what stopped it."""
        if self.written is not None:
            self.written.result()
