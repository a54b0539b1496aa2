"""What the report's pages show, read once from the records with polars and grouped by the page that shows it."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import orjson
import polars as pl

from toolkit.tables import Records, event_index, labeling, leanings, source_types, sources, verbs
from toolkit.tables.comparison import coverage
from toolkit.tables.frames import measure_rows

Row = dict[str, Any]


def dicts(frame: pl.DataFrame) -> list[Row]:
    """The rows of a frame as dicts, read a column at a time (faster than row by row)."""
    names = frame.columns
    return [dict(zip(names, values, strict=True)) for values in zip(*(frame.get_column(n).to_list() for n in names), strict=True)]


def encoded(*columns: str) -> pl.Expr:
    """List columns as one JSON object per row: polars writes it at once, and a page decodes only what it shows."""
    return pl.struct(*columns).struct.json_encode()


def grouped_rows(frame: pl.DataFrame, key: str) -> dict[Any, list[Row]]:
    """The rows of a frame as dicts, grouped by one column (rows keep their order inside each group)."""
    return by_key(dicts(frame.sort(key, maintain_order=True, nulls_last=True)), key)


class Sliced:
    """A frame sorted by a key, read as dicts a run of keys at a time, so that only a part of it is ever held as Python."""

    def __init__(self, frame: pl.DataFrame, key: str) -> None:
        self.frame = frame.sort(key, maintain_order=True, nulls_last=True)
        counts = self.frame.group_by(key, maintain_order=True).len()
        starts, offset = {}, 0
        for value, length in counts.iter_rows():
            starts[value] = (offset, length)
            offset += length
        self.key, self.starts = key, starts

    def rows(self, keys: list[Any]) -> dict[Any, list[Row]]:
        """The rows of the given keys (taken in the frame's order), as dicts grouped by key."""
        present = [k for k in keys if k in self.starts]
        if not present:
            return {}
        first, (last, length) = self.starts[present[0]][0], self.starts[present[-1]]
        wanted = set(present)
        chunk = dicts(self.frame.slice(first, last + length - first))
        return {value: rows for value, rows in by_key(chunk, self.key).items() if value in wanted}


@dataclass
class EventRecords:
    """One event's records as its page shows them."""

    articles: list[Row]
    claims: dict[str, list[Row]]  # by article
    alignments: list[Row]
    labeling: list[Row]  # by outlet: outlet_id, labeling


@dataclass
class ReportData:
    """The records as the pages read them: small things as dicts, the large ones as frames read an event at a time."""

    events: list[Row]
    outlets: dict[str, Row]
    actors: dict[str, str]
    has_text: bool
    article_count: int = 0
    articles: Sliced | None = None  # by event
    claims: Sliced | None = None  # by event
    alignments: Sliced | None = None  # by event
    labeling: Sliced | None = None  # by event
    tables: dict[str, pl.DataFrame] = field(default_factory=dict)
    labels: dict[tuple[Any, ...], str] = field(default_factory=dict)  # outlets' and actors' labels as made, by place

    def event_records(self, event_ids: list[str]) -> dict[str, EventRecords]:
        """The records of a run of events (in id order), each event's page's worth."""
        assert self.articles and self.claims and self.alignments and self.labeling
        articles, claims = self.articles.rows(event_ids), self.claims.rows(event_ids)
        alignments, labeling = self.alignments.rows(event_ids), self.labeling.rows(event_ids)
        for row in (r for found in (*alignments.values(), *labeling.values()) for r in found):
            row |= orjson.loads(row.pop("encoded"))
        found = {}
        for event_id in event_ids:
            by_article: dict[str, list[Row]] = {a["article_id"]: [] for a in articles.get(event_id, [])}
            for claim in claims.get(event_id, []):
                by_article.setdefault(claim["article_id"], []).append(claim)
            found[event_id] = EventRecords(articles.get(event_id, []), by_article, alignments.get(event_id, []), labeling.get(event_id, []))
        return found


def read(records: Records) -> ReportData:
    """Everything the report shows, from a release or a data folder."""
    records.keep()  # the comparisons and each measure's rows read once: many tables read them
    events = event_index(records)
    members = records.lazy("events").select(pl.col("id").alias("event_id"), pl.col("article_ids").alias("article_id")).explode("article_id")
    articles = _articles(records, members)
    has_text = bool(articles.get_column("text").is_not_null().any()) if len(articles) else False
    data = ReportData(events.to_dicts(), _outlets(records), _actor_names(records), has_text)
    data.article_count = records.lazy("articles").select(pl.len()).collect().item()
    data.articles = Sliced(articles, "event_id")
    data.claims = Sliced(_claims(records, members), "event_id")
    compared = articles.group_by("event_id").agg(pl.col("outlet_id").n_unique().alias("outlets")).filter(pl.col("outlets") >= 2).lazy()
    data.alignments = Sliced(
        records.lazy("alignments")
        .join(compared.select("event_id"), on="event_id", how="semi")  # one outlet's propositions are held against no other
        .select(pl.col("id").alias("alignment_id"), "event_id", "speaker_actor_id", "proposition", encoded("members", "omitted_by").alias("encoded"))
        .collect(),
        "event_id",
    )
    data.labeling = Sliced(_labeling(records), "event_id")
    data.tables = {
        "coverage_by_outlet": coverage(records, "outlet"),
        "coverage_by_leaning_month": coverage(records, ("leaning", "month")),
        "verbs": verbs(records, "outlet"),
        "source_types": source_types(records, "outlet"),
        "sources": sources(records, "outlet"),
        "labeling": labeling(records, "outlet"),
        "actor_claims": _actor_claims(data.claims.frame, articles),
    }
    return data


#: Actors an event page's labeling table shows: those the event's outlets name most.
LABELED_ACTORS = 40


def _labeling(records: Records) -> pl.DataFrame:
    """event_id, outlet_id, labeling: the terms for the LABELED_ACTORS actors each event's outlets name most."""
    rows = measure_rows(records, "labeling").select("event_id", "outlet_id", "actor_id", "term", "voice", "count")
    totals = rows.group_by("event_id", "actor_id").agg(pl.col("count").sum().alias("total"))
    ranked = totals.sort(["event_id", "total", "actor_id"], descending=[False, True, False]).with_columns(pl.int_range(pl.len()).over("event_id").alias("rank"))
    top = ranked.filter(pl.col("rank") < LABELED_ACTORS)
    kept = rows.join(top.select("event_id", "actor_id"), on=["event_id", "actor_id"], how="semi")
    return (
        kept.group_by("event_id", "outlet_id", maintain_order=True)
        .agg(pl.struct("actor_id", "term", "voice", "count").alias("labeling"))
        .select("event_id", "outlet_id", encoded("labeling").alias("encoded"))
        .sort("event_id", "outlet_id", nulls_last=True)
        .collect()
    )


def _actor_claims(claims: pl.DataFrame, articles: pl.DataFrame) -> pl.DataFrame:
    """Each actor's claims as actor pages list them (the outlet's own voice left out), with the article's headline."""
    return (
        claims.filter(pl.col("actor_id").is_not_null() & (pl.col("kind") != "fact"))
        .select("actor_id", "event_id", "article_id", "outlet_id", "kind", "cue", pl.col("content").str.slice(0, 300).alias("content"))
        .join(articles.select("article_id", "headline").unique("article_id"), on="article_id", how="left")
        .sort("actor_id", "event_id", "article_id", maintain_order=True)
    )


def _outlets(records: Records) -> dict[str, Row]:
    named = records.lazy("outlets").select(pl.col("id").alias("outlet_id"), pl.col("name"), "domains", "country").collect()
    rated = grouped_rows(leanings(records).collect(), "outlet_id")
    return {row["outlet_id"]: row | {"leanings": rated.get(row["outlet_id"], [])} for row in named.to_dicts()}


def _actor_names(records: Records) -> dict[str, str]:
    frame = records.lazy("actors").select("id", "name").collect()
    return dict(zip(frame.get_column("id").to_list(), frame.get_column("name").to_list(), strict=True))


def _articles(records: Records, members: pl.LazyFrame) -> pl.DataFrame:
    return (
        records.lazy("articles")
        .select(pl.col("id").alias("article_id"), "outlet_id", "headline", "url", "published", "text", "paragraphs")
        .join(members, on="article_id", how="inner")
        .sort("event_id", "outlet_id", "article_id", nulls_last=True)
        .collect()
    )


def _claims(records: Records, members: pl.LazyFrame) -> pl.DataFrame:
    """The claims of the events' articles, in reading order: `offsets` as text, `spans` as JSON (see `spans_of`)."""

    def spans(column: pl.Expr) -> pl.Expr:
        fields = (pl.element().struct.field(name) for name in ("field", "start", "end"))
        return column.struct.field("spans").list.eval(pl.struct(*fields))

    content = pl.col("content")
    offsets = content.struct.field("spans").list.eval(
        pl.format("{} {}–{}", pl.element().struct.field("field"), pl.element().struct.field("start"), pl.element().struct.field("end"))
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
            content.struct.field("text").alias("content"),
            pl.col("cue").struct.field("text").alias("cue"),
            pl.col("cue").struct.field("lemma").alias("lemma"),
            pl.col("position").struct.field("field").alias("field"),
            offsets.list.join(", ").alias("offsets"),
            pl.struct(spans(content).alias("content"), spans(pl.col("cue")).alias("cue"), spans(pl.col("speaker").struct.field("mention")).alias("speaker"))
            .struct.json_encode()
            .alias("spans"),
        )
        .join(members, on="article_id", how="inner")
        .sort("event_id", "article_id", "claim_id")
        .collect()
    )


def spans_of(claim: Row) -> dict[str, list[Row]]:
    """A claim's content, cue and speaker spans (each a list of field, start, end), decoded once."""
    if "_spans" not in claim:
        claim["_spans"] = orjson.loads(claim["spans"]) if claim.get("spans") else {}
    found: dict[str, list[Row]] = claim["_spans"]
    return found


def by_key(rows: Iterable[Row], key: str) -> dict[Any, list[Row]]:
    """Rows grouped by the value of one of their keys, in the order given."""
    found: dict[Any, list[Row]] = defaultdict(list)
    for row in rows:
        found[row[key]].append(row)
    return dict(found)
