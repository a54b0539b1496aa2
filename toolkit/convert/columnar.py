"""Articles from Parquet files: one article a row, its columns read as a crawler's JSON fields are (toolkit.convert.feed)."""

from __future__ import annotations

import io
from collections.abc import Iterator
from datetime import date, datetime
from typing import Any

from toolkit.convert import Item, Options, Raw, register
from toolkit.convert.feed import record
from toolkit.problems import problem


@register("parquet")
def read_parquet(raw: Raw, decoded: str, options: Options) -> Iterator[Item]:
    """Each row of a Parquet file (or of the row groups `raw.rows` names) as an article; rows are numbered from 1 across
    the whole file, so that an article is named the same whether its file is read whole or in parts."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    try:
        table = pq.ParquetFile(io.BytesIO(raw.data))
    except (pa.ArrowException, OSError, ValueError) as error:
        yield problem("convert.format", f"not a Parquet file: {error}", file=raw.path)
        return
    start, end = raw.rows or (0, table.num_row_groups)
    number = 1 + sum(table.metadata.row_group(g).num_rows for g in range(start))
    if table.metadata.num_rows == 0:
        yield problem("convert.empty", "the Parquet file has no rows", file=raw.path)
        return
    for group in range(start, end):
        try:
            rows = table.read_row_group(group).to_pylist()
        except (pa.ArrowException, OSError, ValueError) as error:
            yield problem("convert.format", f"row group {group} cannot be read: {error}", file=raw.path)
            number += table.metadata.row_group(group).num_rows
            continue
        for row in rows:
            yield from record({key: _plain(value) for key, value in row.items()}, raw, number, options, "parquet")
            number += 1


def _plain(value: Any) -> Any:
    """A column's value as JSON would hold it: dates and times as ISO 8601 text."""
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, list):
        return [_plain(item) for item in value]
    return value
