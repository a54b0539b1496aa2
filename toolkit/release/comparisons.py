"""The card's Comparisons section: how each outlet reported the events a release compares, from `toolkit.tables`.

The functions `parallax tables` runs (coverage, source_types, verbs, grouped by outlet) fill three Markdown tables
with one row per outlet, the outlets with most compared articles first: at most MAX_OUTLETS, the card says how many
more there are. Rows and columns are sorted, so the same records give the same text.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

import polars as pl

from toolkit.release.markdown import Markdown, code, escape, table
from toolkit.tables import Records, coverage, source_types, verbs

#: The configs the section reads.
COMPARED_CONFIGS = ("outlets", "events", "comparisons")
MAX_OUTLETS = 20
NONE = table([], [])
LEMMAS_SHOWN = 3
NOTHING = "This release compares no event across outlets (it has no `comparisons` records), so there is nothing to show here."

#: An outlet as the tables key it: (outlet_id, outlet_name); an id of None is the articles of no known outlet.
Outlet = tuple[str | None, str | None]


def comparison_values(records: Records) -> dict[str, str]:
    """The card's placeholders of the section: comparisons_summary and its three tables."""
    covered = coverage(records, "outlet").sort(["articles", "outlet_id"], descending=[True, False], nulls_last=True)
    if covered.is_empty():
        return {"comparisons_summary": NOTHING, "coverage_table": NONE, "source_types_table": NONE, "verbs_table": NONE}
    shown: list[Outlet] = list(zip(covered["outlet_id"].to_list(), covered["outlet_name"].to_list(), strict=True))[:MAX_OUTLETS]
    return {
        "comparisons_summary": summary(len(shown), len(covered)),
        "coverage_table": coverage_table(covered.head(MAX_OUTLETS)),
        "source_types_table": source_types_table(source_types(records, "outlet"), shown),
        "verbs_table": verbs_table(verbs(records, "outlet"), shown),
    }


def summary(shown: int, outlets: int) -> str:
    """What the tables show, and how many outlets they leave out."""
    text = (
        "How each outlet reported the events this release compares across outlets (the `comparisons` config), as "
        "`parallax tables <this folder> NAME` computes them (NAME: coverage, source_types, verbs; grouped by outlet "
        "here, by event, leaning or month there). Outlets with most compared articles first."
    )
    if outlets > shown:
        text += f" The first {shown} of {outlets} outlets are shown; {outlets - shown} more are not."
    return text


def outlet_label(outlet: Outlet) -> Markdown:
    """An outlet as a table cell: its name and id, or the articles of no known outlet."""
    outlet_id, name = outlet
    if outlet_id is None:
        return Markdown("(no known outlet)")
    return Markdown(f"{escape(name or outlet_id)} ({code(outlet_id)})")


def coverage_table(covered: pl.DataFrame) -> str:
    """Events, compared articles, and the shared propositions each outlet reports, of those in its events."""
    rows: list[list[Any]] = []
    for row in covered.iter_rows(named=True):
        ratio = "-" if row["ratio"] is None else f"{row['ratio']:.1%}"
        rows.append([outlet_label((row["outlet_id"], row["outlet_name"])), row["events"], row["articles"], f"{row['reported']} / {row['in_event']}", ratio])
    return table(["outlet", "events", "articles", "reported / in_event", "ratio"], rows)


def counts_by_outlet(frame: pl.DataFrame, column: str, measure: str) -> dict[Outlet, Counter[str]]:
    """The sum of `measure` per outlet and value of `column` of a table grouped by outlet."""
    found: dict[Outlet, Counter[str]] = {}
    for row in frame.iter_rows(named=True):
        found.setdefault((row["outlet_id"], row["outlet_name"]), Counter())[str(row[column])] += int(row[measure])
    return found


def columns(counts: dict[Outlet, Counter[str]], shown: list[Outlet]) -> tuple[list[str], list[Outlet]]:
    """The values counted, most claims over all outlets first, and the shown outlets that have counts."""
    totals: Counter[str] = Counter()
    for counted in counts.values():
        totals.update(counted)
    return [value for value, _ in sorted(totals.items(), key=lambda item: (-item[1], item[0]))], [o for o in shown if o in counts]


def source_types_table(found: pl.DataFrame, shown: list[Outlet]) -> str:
    """Claims per source type of each shown outlet (the quoted, directly or not; the outlet's own voice is no source)."""
    counts = counts_by_outlet(found, "source_type", "claims")
    values, outlets = columns(counts, shown)
    return table(["outlet", *map(escape, values)], [[outlet_label(o), *(counts[o][v] for v in values)] for o in outlets])


def verbs_table(found: pl.DataFrame, shown: list[Outlet]) -> str:
    """Claims per attribution-verb class of each shown outlet, and its most used verbs."""
    classes = counts_by_outlet(found, "verb_class", "claims")
    lemmas = counts_by_outlet(found.with_columns(pl.col("lemma").fill_null("(no lemma)")), "lemma", "claims")
    values, outlets = columns(classes, shown)
    rows = [[outlet_label(o), *(classes[o][v] for v in values), most_used(lemmas[o])] for o in outlets]
    return table(["outlet", *map(escape, values), "most used verbs"], rows)


def most_used(lemmas: Counter[str]) -> str:
    """The LEMMAS_SHOWN verbs used most, with their claims: 'say (2), vow (1)'."""
    return ", ".join(f"{lemma} ({n})" for lemma, n in sorted(lemmas.items(), key=lambda item: (-item[1], item[0]))[:LEMMAS_SHOWN])
