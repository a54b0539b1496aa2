"""The frames every comparison table starts from: events, outlets, leanings, and one row per compared report.

A comparison record is one outlet's report of one event; its measures are lists, which the tables explode into one
row per item. Each such row keeps the keys a table can be grouped by: the event, the outlet, the month of the event
(the first day of its window, `YYYY-MM`) and, once joined, each leaning an outlet is rated with.
"""

from __future__ import annotations

import re

import polars as pl

from toolkit.tables.source import Records

#: What a table can be grouped by.
KEYS = ("event", "outlet", "leaning", "month")

#: The columns each key stands for in a grouped table.
KEY_COLUMNS: dict[str, tuple[str, ...]] = {
    "event": ("event_id", "event_title"),
    "outlet": ("outlet_id", "outlet_name"),
    "leaning": ("rater", "scale", "leaning", "side"),
    "month": ("month",),
}

_NAMES = {"outlet_name", "event_title"}
_LEFT = re.compile(r"\bleft\b")
_RIGHT = re.compile(r"\bright\b")
_CENTER = re.compile(r"\b(center|centre|least biased|neutral)\b")


def side(value: str | None) -> str | None:
    """The side of the political spectrum a rating's value names (left, center, right), or None for other scales."""
    if not value:
        return None
    text = value.lower().replace("-", " ").replace("_", " ")
    left, right = bool(_LEFT.search(text)), bool(_RIGHT.search(text))
    if left != right:
        return "left" if left else "right"
    return "center" if _CENTER.search(text) else None


def outlets(records: Records) -> pl.LazyFrame:
    """outlet_id, outlet_name of every outlet record."""
    return records.lazy("outlets").select(pl.col("id").alias("outlet_id"), pl.col("name").alias("outlet_name"))


def leanings(records: Records) -> pl.LazyFrame:
    """outlet_id, rater, scale, leaning (the rater's value), side: each rater's latest leaning of each rated outlet.

    Ratings on scales that are not left-right (factuality, reliability) are left out; raters are never merged.
    """
    ratings = (
        records.lazy("outlets")
        .select(pl.col("id").alias("outlet_id"), "ratings")
        .explode("ratings")
        .drop_nulls("ratings")
        .unnest("ratings")
        .select("outlet_id", "rater", "scale", pl.col("value").alias("leaning"), "rated_at")
        .with_columns(pl.col("leaning").map_elements(side, return_dtype=pl.String).alias("side"))
        .drop_nulls("side")
    )
    return (
        ratings.sort("outlet_id", "rater", "scale", "rated_at", nulls_last=False)
        .group_by("outlet_id", "rater", "scale", maintain_order=True)
        .agg(pl.col("leaning").last(), pl.col("side").last())
        .select("outlet_id", "rater", "scale", "leaning", "side")
    )


def events(records: Records) -> pl.LazyFrame:
    """event_id, event_title, start, end, month of every event."""
    return records.lazy("events").select(
        pl.col("id").alias("event_id"),
        pl.col("title").alias("event_title"),
        pl.col("window").struct.field("start").alias("start"),
        pl.col("window").struct.field("end").alias("end"),
        pl.col("window").struct.field("start").str.slice(0, 7).alias("month"),
    )


def reports(records: Records) -> pl.LazyFrame:
    """One row per comparison (an outlet's report of an event): event_id, outlet_id, article_ids, measures, month."""
    return (
        records.lazy("comparisons")
        .select(pl.col("id").alias("comparison_id"), "event_id", "outlet_id", "article_ids", "measures")
        .join(events(records).select("event_id", "month"), on="event_id", how="left")
    )


def measure_rows(records: Records, measure: str) -> pl.LazyFrame:
    """One row per item of a list measure of the comparisons, its fields as columns, with event_id, outlet_id, month."""
    rows = reports(records).select("event_id", "outlet_id", "month", pl.col("measures").struct.field(measure).alias("item")).explode("item").drop_nulls("item")
    return records.kept(f"measure {measure}", rows.unnest("item"))


def grouped(records: Records, rows: pl.LazyFrame, by: tuple[str, ...], extra: tuple[str, ...], aggs: list[pl.Expr]) -> pl.LazyFrame:
    """Rows grouped by the keys `by` (KEYS) and the columns `extra`, aggregated by `aggs`, the keys named and sorted."""
    unknown = [key for key in by if key not in KEYS]
    if unknown:
        raise ValueError(f"cannot group by {', '.join(unknown)}; by one or more of: {', '.join(KEYS)}")
    if "leaning" in by:
        rows = rows.join(leanings(records), on="outlet_id", how="inner")
    columns = [c for key in by for c in KEY_COLUMNS[key]] + list(extra)
    ids = [c for c in columns if c not in _NAMES]  # names are joined to the groups, not to every row
    if not ids:
        return rows.select(aggs)
    table = rows.group_by(ids).agg(aggs)
    if "outlet" in by:
        table = table.join(outlets(records), on="outlet_id", how="left")
    if "event" in by:
        table = table.join(events(records).select("event_id", "event_title"), on="event_id", how="left")
    measured = [c for c in table.collect_schema().names() if c not in columns]
    return table.select(*columns, *measured).sort(columns, nulls_last=True)


def as_keys(by: str | tuple[str, ...] | list[str] | None) -> tuple[str, ...]:
    """`by` as a tuple of keys: one key, several, or none."""
    if by is None:
        return ()
    return (by,) if isinstance(by, str) else tuple(by)
