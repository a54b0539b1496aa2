"""Comparison tables: how each outlet reported the events it covers, as polars frames.

Every table takes the records (`open_records`) and `by`: one or more of event, outlet, leaning, month (KEYS), and
returns a `polars.DataFrame` sorted by its keys. Grouped by leaning, a table has one row per rater, scale and value
(an outlet rated by two raters counts under each; raters are never merged); outlets a rater did not rate are not in
its rows. The measures come from the comparison and alignment records (docs/measures.md).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

import polars as pl

from toolkit.tables.frames import as_keys, events, grouped, leanings, measure_rows, outlets, reports
from toolkit.tables.source import Records

Keys = str | tuple[str, ...] | list[str] | None


@dataclass(frozen=True)
class Table:
    """A table by name: its function and the grouping it takes when none is given."""

    compute: Callable[[Records, Keys], pl.DataFrame]
    by: tuple[str, ...]


TABLES: dict[str, Table] = {}


#: A table function: records and a grouping in, a frame out.
Compute = TypeVar("Compute", bound=Callable[[Records, Keys], pl.DataFrame])


def register(name: str, by: tuple[str, ...]) -> Callable[[Compute], Compute]:
    """Register a table function under a name, with its default grouping; the function is returned as it is (its defaults kept)."""

    def add(function: Compute) -> Compute:
        TABLES[name] = Table(function, by)
        return function

    return add


def _ratio(numerator: str, denominator: str) -> pl.Expr:
    return pl.when(pl.col(denominator) > 0).then((pl.col(numerator) / pl.col(denominator)).round(4)).otherwise(None)


@register("coverage", ("outlet",))
def coverage(records: Records, by: Keys = "outlet") -> pl.DataFrame:
    """Events, articles and shared propositions covered: `reported` of `in_event` propositions two outlets carry."""
    rows = reports(records).select(
        "event_id",
        "outlet_id",
        "month",
        pl.col("article_ids").list.len().alias("articles"),
        pl.col("measures").struct.field("coverage").struct.field("in_event").alias("in_event"),
        pl.col("measures").struct.field("coverage").struct.field("reported").alias("reported"),
    )
    aggs = [
        pl.col("event_id").n_unique().alias("events"),
        pl.col("articles").sum(),
        pl.col("in_event").sum(),
        pl.col("reported").sum(),
    ]
    return grouped(records, rows, as_keys(by), (), aggs).with_columns(_ratio("reported", "in_event").alias("ratio")).collect()


def alignment_rows(records: Records) -> pl.LazyFrame:
    """One row per alignment: alignment_id, event_id, speaker_actor_id, proposition, members, omitted_by, month."""
    return (
        records.lazy("alignments")
        .select(pl.col("id").alias("alignment_id"), "event_id", "speaker_actor_id", "proposition", "members", "omitted_by")
        .join(events(records).select("event_id", "month"), on="event_id", how="left")
    )


@register("omissions", ("outlet",))
def omissions(records: Records, by: Keys = "outlet") -> pl.DataFrame:
    """Propositions an outlet leaves out that others carry (an alignment's `omitted_by`): how many, in how many events."""
    rows = alignment_rows(records).explode("omitted_by").drop_nulls("omitted_by").rename({"omitted_by": "outlet_id"})
    aggs = [pl.len().alias("omitted"), pl.col("event_id").n_unique().alias("events")]
    return grouped(records, rows, as_keys(by), (), aggs).collect()


def matrix(records: Records) -> pl.DataFrame:
    """The proposition x outlet matrix: one row per claim rendering a proposition (its relation), one per outlet omitting it.

    Columns: alignment_id, event_id, speaker_actor_id, proposition, outlet_id, relation (same, truncated, extended,
    paraphrase, contradicts, reframed, or `omitted`), claim_id and similarity (null where omitted), and
    kind (the rendering claim's kind).
    """
    base = alignment_rows(records)
    kinds = records.lazy("claims").select(pl.col("id").alias("claim_id"), "kind")
    members = (
        base.select("alignment_id", "event_id", "speaker_actor_id", "proposition", "members")
        .explode("members")
        .drop_nulls("members")
        .unnest("members")
        .join(kinds, on="claim_id", how="left")
    )
    omitted = (
        base.select("alignment_id", "event_id", "speaker_actor_id", "proposition", "omitted_by")
        .explode("omitted_by")
        .drop_nulls("omitted_by")
        .select(
            "alignment_id",
            "event_id",
            "speaker_actor_id",
            "proposition",
            pl.lit(None, pl.String).alias("claim_id"),
            pl.col("omitted_by").alias("outlet_id"),
            pl.lit("omitted").alias("relation"),
            pl.lit(None, pl.Float64).alias("similarity"),
            pl.lit(None, pl.String).alias("kind"),
        )
    )
    columns = ["alignment_id", "event_id", "speaker_actor_id", "proposition", "outlet_id", "relation", "claim_id", "similarity", "kind"]
    both = pl.concat([members.select(columns), omitted.select(columns)], how="vertical")
    return both.sort("event_id", "alignment_id", "outlet_id", "claim_id", nulls_last=True).collect()


def _actors(records: Records) -> pl.LazyFrame:
    return records.lazy("actors").select(pl.col("id").alias("actor_id"), pl.col("name").alias("actor_name"), pl.col("source_type").alias("actor_source_type"))


@register("sources", ("outlet",))
def sources(records: Records, by: Keys = "outlet") -> pl.DataFrame:
    """Source selection: who each outlet quotes (actor), in how many claims, how many quoted directly."""
    rows = measure_rows(records, "source_selection")
    aggs = [pl.col("claims").sum(), pl.col("direct").sum(), pl.col("indirect").sum(), pl.col("event_id").n_unique().alias("events")]
    table = grouped(records, rows, as_keys(by), ("actor_id",), aggs).join(_actors(records), on="actor_id", how="left", maintain_order="left")
    keys = [c for c in table.collect_schema().names() if c not in {"claims", "direct", "indirect", "events", "actor_id", "actor_name", "actor_source_type"}]
    order = [*keys, "actor_id", "actor_name", "actor_source_type", "claims", "direct", "indirect", "events"]
    return table.select(order).sort([*keys, "claims", "actor_id"], descending=[False] * len(keys) + [True, False], nulls_last=True).collect()


@register("source_types", ("outlet",))
def source_types(records: Records, by: Keys = "outlet") -> pl.DataFrame:
    """Source types per outlet: official, expert, citizen, organization, media, document, anonymous, unknown."""
    rows = measure_rows(records, "source_types")
    aggs = [pl.col("claims").sum(), pl.col("direct").sum(), pl.col("indirect").sum(), pl.col("event_id").n_unique().alias("events")]
    return grouped(records, rows, as_keys(by), ("source_type",), aggs).collect()


@register("verbs", ("outlet",))
def verbs(records: Records, by: Keys = "outlet") -> pl.DataFrame:
    """Attribution verbs: claims per verb class and cue lemma (said, claimed, admitted) of each outlet."""
    rows = measure_rows(records, "verb_classes")
    return grouped(records, rows, as_keys(by), ("verb_class", "lemma"), [pl.len().alias("claims")]).collect()


@register("labeling", ("outlet",))
def labeling(records: Records, by: Keys = "outlet") -> pl.DataFrame:
    """Labeling: the terms each outlet uses for each actor, and in whose voice (outlet or speaker)."""
    rows = measure_rows(records, "labeling")
    aggs = [pl.col("count").sum(), pl.col("event_id").n_unique().alias("events")]
    table = grouped(records, rows, as_keys(by), ("actor_id", "term", "voice"), aggs)
    named = table.join(_actors(records).select("actor_id", "actor_name"), on="actor_id", how="left", maintain_order="left")
    keys = [c for c in named.collect_schema().names() if c not in {"actor_id", "actor_name", "term", "voice", "count", "events"}]
    return named.select(*keys, "actor_id", "actor_name", "term", "voice", "count", "events").collect()


@register("fidelity", ("outlet",))
def fidelity(records: Records, by: Keys = "outlet") -> pl.DataFrame:
    """Quote fidelity: claims per relation to the fullest rendering, their mean similarity and marked cuts."""
    rows = measure_rows(records, "quote_fidelity")
    aggs = [pl.len().alias("claims"), pl.col("similarity").mean().round(4).alias("mean_similarity"), pl.col("ellipsis").sum().alias("ellipses")]
    return grouped(records, rows, as_keys(by), ("relation",), aggs).collect()


@register("prominence", ("outlet",))
def prominence(records: Records, by: Keys = "outlet") -> pl.DataFrame:
    """Prominence: claims placed in the headline, the lede and the body, and their mean paragraph."""
    rows = measure_rows(records, "prominence")
    aggs = [pl.len().alias("claims"), pl.col("paragraph").mean().round(2).alias("mean_paragraph")]
    return grouped(records, rows, as_keys(by), ("field",), aggs).collect()


@register("headlines", ("outlet",))
def headlines(records: Records, by: Keys = "outlet") -> pl.DataFrame:
    """Headline and body: articles, claims in their headlines, and how many of those the body carries too.

    A headline claim is carried by the body when a body claim of the same article belongs to its proposition.
    """
    rows = headline_rows(records)
    aggs = [
        pl.len().alias("articles"),
        pl.col("headline_claims").sum(),
        pl.col("carried_in_body").sum(),
        pl.col("event_id").n_unique().alias("events"),
    ]
    return grouped(records, rows, as_keys(by), (), aggs).with_columns(_ratio("carried_in_body", "headline_claims").alias("carried_ratio")).collect()


def headline_rows(records: Records) -> pl.LazyFrame:
    """One row per article of an event: event_id, outlet_id, article_id, headline, headline_claims, carried_in_body."""
    placed = (
        records.lazy("alignments")
        .select(pl.col("id").alias("alignment_id"), "members")
        .explode("members")
        .drop_nulls("members")
        .select("alignment_id", pl.col("members").struct.field("claim_id").alias("claim_id"))
        .join(
            records.lazy("claims").select(pl.col("id").alias("claim_id"), "article_id", pl.col("position").struct.field("field").alias("field")), on="claim_id"
        )
    )
    body = placed.filter(pl.col("field") != "headline").select("alignment_id", "article_id").unique().with_columns(pl.lit(1).alias("in_body"))
    per_article = (
        placed.filter(pl.col("field") == "headline")
        .join(body, on=["alignment_id", "article_id"], how="left")
        .group_by("article_id")
        .agg(pl.len().alias("headline_claims"), pl.col("in_body").fill_null(0).sum().alias("carried_in_body"))
    )
    members = records.lazy("events").select(pl.col("id").alias("event_id"), pl.col("article_ids").alias("article_id")).explode("article_id")
    return (
        records.lazy("articles")
        .select(pl.col("id").alias("article_id"), "outlet_id", "headline")
        .join(members, on="article_id", how="inner")
        .join(events(records).select("event_id", "month"), on="event_id", how="left")
        .join(per_article, on="article_id", how="left")
        .with_columns(pl.col("headline_claims").fill_null(0), pl.col("carried_in_body").fill_null(0))
    )


#: The type of the events table's `leanings`: per rater and side, how many of the event's outlets it rates so.
LEANINGS = pl.List(pl.Struct({"rater": pl.String, "side": pl.String, "outlets": pl.get_index_type()}))


@register("events", ())
def event_index(records: Records, by: Keys = None) -> pl.DataFrame:
    """One row per event: title, window, articles, outlets, propositions (shared by two outlets or more) and blindspots.

    `blindspots` lists, per rater, a side (left, right) that no outlet of the event is rated with while the opposite
    side holds at least half of the event's rated outlets, among at least 3 rated outlets ("rater: left").
    """
    if as_keys(by):
        raise ValueError("the events table has one row per event; it takes no grouping")
    per_event = records.lazy("events").select(pl.col("id").alias("event_id"), pl.col("article_ids").list.len().alias("articles"))
    outlet_of = reports(records).select("event_id", "outlet_id", pl.col("measures").struct.field("coverage").struct.field("in_event").alias("in_event"))
    shared = outlet_of.group_by("event_id").agg(pl.col("in_event").max().alias("shared_propositions"))
    propositions = records.lazy("alignments").group_by("event_id").agg(pl.len().alias("propositions"))
    return (
        events(records)
        .join(per_event, on="event_id", how="left")
        .join(_outlet_lists(records, outlet_of), on="event_id", how="left")
        .join(shared, on="event_id", how="left")
        .join(propositions, on="event_id", how="left")
        .join(_leaning_summary(records, outlet_of), on="event_id", how="left")
        .with_columns(
            pl.col("propositions").fill_null(0),
            pl.col("shared_propositions").fill_null(0),
            *(pl.col(c).fill_null(pl.lit([], dtype=pl.List(pl.String))) for c in ("outlet_ids", "outlet_names", "blindspots")),
            pl.col("leanings").fill_null(pl.lit([], dtype=LEANINGS)),
        )
        .sort("start", "event_id", nulls_last=True)
        .collect()
    )


def _outlet_lists(records: Records, outlet_of: pl.LazyFrame) -> pl.LazyFrame:
    """event_id, outlet_ids (sorted), outlet_names (in the same order; the id where an outlet has no record)."""
    known = outlet_of.drop_nulls("outlet_id").join(outlets(records), on="outlet_id", how="left").sort("outlet_id")
    return known.group_by("event_id").agg(
        pl.col("outlet_id").alias("outlet_ids"),
        pl.col("outlet_name").fill_null(pl.col("outlet_id")).alias("outlet_names"),
    )


def _leaning_summary(records: Records, outlet_of: pl.LazyFrame) -> pl.LazyFrame:
    """event_id, leanings (rater, side, outlets), blindspots ("rater: side")."""
    counts = (
        outlet_of.drop_nulls("outlet_id")
        .select("event_id", "outlet_id")
        .unique()
        .join(leanings(records), on="outlet_id", how="inner")
        .group_by("event_id", "rater", "side")
        .agg(pl.len().alias("outlets"))
    )
    wide = counts.group_by("event_id", "rater").agg(
        pl.col("outlets").sum().alias("rated"),
        pl.col("outlets").filter(pl.col("side") == "left").sum().alias("left"),
        pl.col("outlets").filter(pl.col("side") == "right").sum().alias("right"),
    )
    flags = wide.with_columns(
        pl.when((pl.col("rated") >= 3) & (pl.col("left") == 0) & (pl.col("right") * 2 >= pl.col("rated")))
        .then(pl.col("rater") + ": left")
        .when((pl.col("rated") >= 3) & (pl.col("right") == 0) & (pl.col("left") * 2 >= pl.col("rated")))
        .then(pl.col("rater") + ": right")
        .otherwise(None)
        .alias("blindspot")
    )
    summary = counts.sort("rater", "side").group_by("event_id").agg(pl.struct("rater", "side", "outlets").alias("leanings"))
    spots = flags.group_by("event_id").agg(pl.col("blindspot").drop_nulls().sort().alias("blindspots"))
    return summary.join(spots, on="event_id", how="left")
