"""What the report's pages show, read once from the records with polars and grouped by the page that shows it."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from itertools import groupby
from typing import Any

import polars as pl

from toolkit.tables import Records, event_index, labeling, leanings, source_types, sources, verbs
from toolkit.tables.comparison import coverage

Row = dict[str, Any]


def grouped_rows(frame: pl.DataFrame, key: str) -> dict[Any, list[Row]]:
    """The rows of a frame as dicts, grouped by one column (rows keep their order inside each group)."""
    if frame.is_empty():
        return {}
    rows = frame.sort(key, maintain_order=True, nulls_last=True).to_dicts()
    return {value: list(items) for value, items in groupby(rows, key=lambda row: row[key])}


@dataclass
class ReportData:
    """The records as the pages read them."""

    events: list[Row]
    outlets: dict[str, Row]
    actors: dict[str, str]
    has_text: bool
    article_count: int = 0
    articles: dict[str, list[Row]] = field(default_factory=dict)  # by event
    claims: dict[str, list[Row]] = field(default_factory=dict)  # by article
    alignments: dict[str, list[Row]] = field(default_factory=dict)  # by event
    comparisons: dict[str, list[Row]] = field(default_factory=dict)  # by event
    tables: dict[str, pl.DataFrame] = field(default_factory=dict)


def read(records: Records) -> ReportData:
    """Everything the report shows, from a release or a data folder."""
    events = event_index(records)
    articles = _articles(records)
    has_text = bool(articles.get_column("text").is_not_null().any()) if len(articles) else False
    data = ReportData(events.to_dicts(), _outlets(records), _actor_names(records), has_text)
    data.article_count = records.lazy("articles").select(pl.len()).collect().item()
    data.articles = grouped_rows(articles, "event_id")
    data.claims = grouped_rows(_claims(records), "article_id")
    data.alignments = grouped_rows(
        records.lazy("alignments").select(pl.col("id").alias("alignment_id"), "event_id", "speaker_actor_id", "proposition", "members", "omitted_by").collect(),
        "event_id",
    )
    data.comparisons = grouped_rows(
        records.lazy("comparisons")
        .select(
            "event_id",
            "outlet_id",
            pl.col("measures").struct.field("labeling").alias("labeling"),
            pl.col("measures").struct.field("quote_fidelity").alias("quote_fidelity"),
            pl.col("measures").struct.field("coverage").alias("coverage"),
        )
        .collect(),
        "event_id",
    )
    data.tables = {
        "coverage_by_outlet": coverage(records, "outlet"),
        "coverage_by_leaning_month": coverage(records, ("leaning", "month")),
        "verbs": verbs(records, "outlet"),
        "source_types": source_types(records, "outlet"),
        "sources": sources(records, "outlet"),
        "labeling": labeling(records, "outlet"),
    }
    return data


def _outlets(records: Records) -> dict[str, Row]:
    named = records.lazy("outlets").select(pl.col("id").alias("outlet_id"), pl.col("name"), "domains", "country").collect()
    rated = grouped_rows(leanings(records).collect(), "outlet_id")
    return {row["outlet_id"]: row | {"leanings": rated.get(row["outlet_id"], [])} for row in named.to_dicts()}


def _actor_names(records: Records) -> dict[str, str]:
    frame = records.lazy("actors").select("id", "name").collect()
    return dict(zip(frame.get_column("id").to_list(), frame.get_column("name").to_list(), strict=True))


def _articles(records: Records) -> pl.DataFrame:
    members = records.lazy("events").select(pl.col("id").alias("event_id"), pl.col("article_ids").alias("article_id")).explode("article_id")
    return (
        records.lazy("articles")
        .select(pl.col("id").alias("article_id"), "outlet_id", "outlet_name", "headline", "url", "published", "byline", "text", "paragraphs")
        .join(members, on="article_id", how="inner")
        .sort("event_id", "outlet_id", "article_id", nulls_last=True)
        .collect()
    )


def _claims(records: Records) -> pl.DataFrame:
    def spans(column: str) -> pl.Expr:
        return (
            pl.col(column)
            .struct.field("spans")
            .list.eval(pl.struct(pl.element().struct.field("field"), pl.element().struct.field("start"), pl.element().struct.field("end")))
        )

    return (
        records.lazy("claims")
        .select(
            pl.col("id").alias("claim_id"),
            "article_id",
            "outlet_id",
            "kind",
            pl.col("speaker").struct.field("actor_id").alias("actor_id"),
            pl.col("speaker").struct.field("mention").struct.field("text").alias("mention"),
            pl.col("speaker")
            .struct.field("mention")
            .struct.field("spans")
            .list.eval(pl.struct(pl.element().struct.field("field"), pl.element().struct.field("start"), pl.element().struct.field("end")))
            .alias("mention_spans"),
            pl.col("content").struct.field("text").alias("content"),
            spans("content").alias("content_spans"),
            pl.col("cue").struct.field("text").alias("cue"),
            pl.col("cue").struct.field("lemma").alias("lemma"),
            pl.col("cue").struct.field("verb_class").alias("verb_class"),
            spans("cue").alias("cue_spans"),
            pl.col("position").struct.field("field").alias("field"),
            pl.col("position").struct.field("paragraph").alias("paragraph"),
        )
        .sort("article_id", "claim_id")
        .collect()
    )


def by_key(rows: Iterable[Row], key: str) -> dict[Any, list[Row]]:
    """Rows grouped by the value of one of their keys, in the order given."""
    found: dict[Any, list[Row]] = defaultdict(list)
    for row in rows:
        found[row[key]].append(row)
    return dict(found)
