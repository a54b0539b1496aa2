"""Comparison tables over a release or a data folder, computed with polars.

    >>> from toolkit.tables import open_records, coverage
    >>> coverage(open_records("release"), by=("leaning", "month"))

Each table is a function of the records and a grouping (event, outlet, leaning, month) that returns a
`polars.DataFrame`; `TABLES` names them for `parallax tables`.
"""

from toolkit.tables.comparison import (
    TABLES,
    Table,
    coverage,
    event_index,
    fidelity,
    headline_rows,
    headlines,
    labeling,
    matrix,
    omissions,
    prominence,
    source_types,
    sources,
    verbs,
)
from toolkit.tables.frames import KEYS, leanings, side
from toolkit.tables.source import Records, TablesError, from_records, open_records

__all__ = [
    "KEYS",
    "TABLES",
    "Records",
    "Table",
    "TablesError",
    "coverage",
    "event_index",
    "fidelity",
    "from_records",
    "headline_rows",
    "headlines",
    "labeling",
    "leanings",
    "matrix",
    "omissions",
    "open_records",
    "prominence",
    "side",
    "source_types",
    "sources",
    "verbs",
]
